import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { grafanaFeature } from '../../../src/grafana/feature';
import { composeFace } from '../../../src/compose/api';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { generateSloDashboard, generateSloRules } from '../../../src/slo/api';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const monitoring = path.join(repoRoot, 'examples', 'portfolio', 'monitoring');
const spec = readFileSync(path.join(monitoring, 'slo', 'stock-predictor.slo.yml'), 'utf8');
const sloth = path.join(fixturesDir, 'oss', 'sloth', 'examples');

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { refId: string; expr: string; legendFormat: string }[];
}

/** A dashboard's findings in Grafana's and Prometheus's checks, beside the example's provisioned datasource: `line code message`. */
function findings(text: string): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  index.update('file:///w/grafana/provisioning/datasources/prometheus.yml', readFileSync(path.join(monitoring, 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'));
  index.update('file:///w/grafana/dashboards/slo.json', text);
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return diagnoseFile(index.get('file:///w/grafana/dashboards/slo.json')!, [prometheusFeature({ compose: composeFace }), grafanaFeature], context).map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.message as string}`);
}

describe('archipel slo dashboard: the Grafana dashboard of a service on the rules Sloth generates', () => {
  it("the example's dashboard is the one generated from its spec, provisioned beside the serving dashboard, and clean", () => {
    const committed = readFileSync(path.join(monitoring, 'grafana', 'dashboards', 'slo-stock-predictor.json'), 'utf8');
    const generated = generateSloDashboard(spec, { source: '../../slo/stock-predictor.slo.yml' });
    assert.deepEqual(generated.errors, []);
    assert.equal(committed, generated.text);
    assert.deepEqual(findings(committed), []);
    // The checks do read it: a planted defect is found.
    assert.deepEqual(findings(committed.replace('ratio_rate1h{sloth_id=', 'ratio_rate1h{{sloth_id=')).slice(0, 1), ["203 grafana-promql could not parse expression: unexpected left brace '{'"]);
  });

  it('per SLO a row: the budget left, the SLI over the period, the burn rates, the SLI over every window, each on a record the rules hold', () => {
    const { dashboard } = generateSloDashboard(spec);
    const panels = (dashboard as { panels: Panel[] }).panels;
    assert.deepEqual(
      panels.map((p) => `${p.id} ${p.type} ${p.title}`),
      [
        '1 row predict-availability: 99.5% over 30d',
        '2 stat Error budget remaining',
        '3 stat SLI over 30d',
        '4 timeseries Burn rate',
        '5 timeseries SLI over the windows',
        '6 row predict-latency: 99% over 30d',
        '7 stat Error budget remaining',
        '8 stat SLI over 30d',
        '9 timeseries Burn rate',
        '10 timeseries SLI over the windows',
      ],
    );
    const id = '{sloth_id="stock-predictor-predict-availability"}';
    assert.deepEqual(
      panels.slice(1, 5).map((p) => p.targets!.map((t) => `${t.refId} ${t.legendFormat}: ${t.expr.replace(/\n/g, ' ')}`)),
      [
        [`A remaining: slo:period_error_budget_remaining:ratio${id}`],
        [`A SLI: 1 - slo:sli_error:ratio_rate30d${id}`],
        [
          `A current (5m): slo:current_burn_rate:ratio${id}`,
          `B 1h: slo:sli_error:ratio_rate1h${id} / on(sloth_id) group_left slo:error_budget:ratio${id}`,
          `C 6h: slo:sli_error:ratio_rate6h${id} / on(sloth_id) group_left slo:error_budget:ratio${id}`,
          `D 1d: slo:sli_error:ratio_rate1d${id} / on(sloth_id) group_left slo:error_budget:ratio${id}`,
          `E 3d: slo:sli_error:ratio_rate3d${id} / on(sloth_id) group_left slo:error_budget:ratio${id}`,
          `F period (30d): slo:period_burn_rate:ratio${id}`,
        ],
        [
          ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w, i) => `${String.fromCharCode(65 + i)} {{sloth_window}}: 1 - slo:sli_error:ratio_rate${w}${id}`),
          `I objective: slo:objective:ratio${id}`,
        ],
      ],
    );
    // Every metric a panel reads is a record of the generated rules, of an SLO the spec has.
    const records = new Set(generateSloRules(spec).documents.flatMap((d) => d.groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : [])))));
    const read = panels.flatMap((p) => (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/(slo:[a-z_:0-9]+)\{sloth_id="([^"]+)"\}/g)].map((m) => [m[1], m[2]])));
    assert.deepEqual(read.filter(([metric]) => !records.has(metric)), []);
    assert.deepEqual([...new Set(read.map(([, slo]) => slo))], ['stock-predictor-predict-availability', 'stock-predictor-predict-latency']);
    // The burn-rate thresholds are the page alert's quick factor and the ticket alert's slow one.
    const burn = panels[3] as unknown as { fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } } };
    assert.deepEqual(burn.fieldConfig.defaults.thresholds.steps.map((s) => s.value), [null, 1, 14.4]);
  });

  it("Sloth's examples of one service each get a dashboard the Grafana family finds clean; with 28 days, the period's SLI is ratio_rate4w", () => {
    for (const name of ['getting-started', 'home-wifi', 'raw-home-wifi', 'no-alerts', 'k8s-home-wifi', 'kubernetes-apiserver']) {
      const result = generateSloDashboard(readFileSync(path.join(sloth, `${name}.yml`), 'utf8'));
      assert.deepEqual([name, result.errors, findings(result.text)], [name, [], []]);
    }
    const four = generateSloDashboard(spec, { period: 28 * 24 * 3600_000 });
    assert.match(four.text, /"expr": "1 - slo:sli_error:ratio_rate4w\{sloth_id=\\"stock-predictor-predict-latency\\"\}"/);
  });

  it('a file of several services is refused at its first document (a dashboard is one service’s); a spec with errors makes none', () => {
    const multifile = generateSloDashboard(readFileSync(path.join(sloth, 'multifile.yml'), 'utf8'));
    assert.deepEqual([multifile.text, multifile.errors.map((e) => `${e.line + 1}: ${e.message}`)], ['', ["1: the SLOs of 2 services (myservice, myservice2): a dashboard is one service's, one spec file each"]]);
    const bad = generateSloDashboard('version: prometheus/v1\nservice: svc\nslos:\n  - name: aa\n    objective: 101\n    sli: {raw: {error_ratio_query: "x[{{.window}}]"}}\n    alerting: {name: A}\n');
    assert.deepEqual([bad.text, bad.errors.map((e) => `${e.line + 1}: ${e.path.join('.')}: ${e.message}`)], ['', ['5: slos.0.objective: objective must be a number greater than 0 and at most 100']]);
  });

  it('the command writes it to -o (the spec named from there) or prints it; --extra-label is refused', async () => {
    const tree = makeTree({ 'slo/api.yml': spec });
    try {
      const run = await runCli(['slo', 'dashboard', 'slo/api.yml', '-o', 'dashboards/slo.json'], tree.root);
      assert.deepEqual([run.code, run.out, run.err], [0, 'dashboards/slo.json: the dashboard of stock-predictor written\n', '']);
      assert.equal(readFileSync(path.join(tree.root, 'dashboards', 'slo.json'), 'utf8'), generateSloDashboard(spec, { source: '../slo/api.yml' }).text);
      const printed = await runCli(['slo', 'dashboard', 'slo/api.yml'], tree.root);
      assert.deepEqual([printed.code, printed.out], [0, generateSloDashboard(spec, { source: 'slo/api.yml' }).text]);
      const label = await runCli(['slo', 'dashboard', 'slo/api.yml', '-l', 'a=b'], tree.root);
      assert.deepEqual([label.code, label.err], [2, 'archipel: --extra-label is an option of slo generate (see archipel --help)\n']);
    } finally {
      tree.remove();
    }
  });
});
