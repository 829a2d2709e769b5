import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sloOwn } from '../../../src/slo/files';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';
import { diagnose, fixturesDir, type TextDiagnostic } from '../../helpers';
import { covered } from '../../workspace';

const examples = path.join(fixturesDir, 'oss', 'sloth', 'examples');

/** `line code: covered text: message` of the SLO family's diagnostics (and Kubernetes's, to show there is none false). */
function slo(text: string): string[] {
  return diagnose(text, {}, 'file:///work/slos/api.yml')
    .filter((d: TextDiagnostic) => String(d.code).startsWith('slo-') || String(d.code) === 'k8s-unknown-kind')
    .map((d) => `${d.range.start.line} ${String(d.code)}: ${covered(text, d)}: ${d.message}`);
}

const spec = `version: prometheus/v1
service: myservice
slos:
  - name: requests-availability
    objective: 100.5
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[5m]))
    alerting:
      name: MyServiceHighErrorRate
      page_alrt:
        disable: true
      ticket_alert:
        disabled: true
`;

describe('SLO specs checked (slo-spec, slo-unknown-field)', () => {
  it("Sloth's own examples (every prometheus/v1, PrometheusServiceLevel and OpenSLO v1alpha file) have no finding", () => {
    const files = readdirSync(examples).filter((name) => name.endsWith('.yml'));
    assert.equal(files.length, 12);
    for (const name of files) assert.deepEqual([name, slo(readFileSync(path.join(examples, name), 'utf8'))], [name, []]);
  });

  it("the generator's errors on their key's line, unknown fields with the closest field", () => {
    assert.deepEqual(slo(spec), [
      '4 slo-spec: objective: slos.0.objective: objective must be a number greater than 0 and at most 100',
      '8 slo-spec: total_query: slos.0.sli.events.total_query: the query must contain the {{.window}} variable (each window replaces it)',
      '11 slo-unknown-field: page_alrt: Unknown field "page_alrt". Did you mean "page_alert"?',
      '14 slo-unknown-field: disabled: Unknown field "disabled". Did you mean "disable"?',
    ]);
  });

  it("Sloth's AlertWindows specs: its examples clean, a planted one's problems on their keys (slo-window)", () => {
    for (const name of ['7d.yaml', 'custom-30d.yaml']) assert.deepEqual([name, slo(readFileSync(path.join(examples, 'windows', name), 'utf8'))], [name, []]);
    const planted = readFileSync(path.join(examples, 'windows', '7d.yaml'), 'utf8').replace('sloPeriod: 7d', 'sloPeriod: 1d').replace('errorBudgetPercent: 8', 'errorBudgetPercent: 0').replace('shortWindow: 30m', 'shortWindow: 30 minutes');
    assert.deepEqual(slo(planted), [
      '6 slo-window: errorBudgetPercent: spec.page.quick.errorBudgetPercent: errorBudgetPercent must be a number greater than 0 and at most 100',
      '11 slo-window: shortWindow: spec.page.slow.shortWindow: a duration is required (5m, 1h, 30d), at most 106751d (the longest Prometheus reads)',
      '3 slo-window: sloPeriod: spec.sloPeriod: the SLO period must differ from every alert window',
    ]);
  });

  it('a PrometheusServiceLevel: camelCase fields, its own unknown fields, no unknown-kind error from Kubernetes', () => {
    const text = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: api
spec:
  service: api
  slos:
    - name: availability
      objective: 99.9
      sli:
        raw:
          error_ratio_query: sum(rate(errors[{{.window}}]))
      alerting:
        pageAlert:
          disable: true
        ticketAlert:
          disable: true
`;
    assert.deepEqual(slo(text), [
      '10 slo-spec: raw: spec.slos.0.sli.raw.errorRatioQuery: errorRatioQuery is required',
      '11 slo-unknown-field: error_ratio_query: Unknown field "error_ratio_query". Did you mean "errorRatioQuery"?',
    ]);
  });

  it("Sloth's PrometheusServiceLevel example: Kubernetes's only word is that it has no schema for the custom resource (information)", () => {
    const text = readFileSync(path.join(examples, 'k8s-getting-started.yml'), 'utf8');
    assert.deepEqual(
      diagnose(text, {}, 'file:///work/slos/api.yml').map((d) => `${d.range.start.line} ${String(d.code)} ${String(d.severity)}: ${d.message}`),
      ['6 k8s-no-schema 3: No schema for sloth.slok.dev/v1/PrometheusServiceLevel: this custom resource is not validated.'],
    );
  });

  it('the quick fix replaces the unknown field by the closest one', () => {
    const found = diagnose(spec, {}, 'file:///work/slos/api.yml').find((d) => d.code === 'slo-unknown-field');
    assert.deepEqual(found?.data, { replacement: 'page_alert' });
  });

  it('its selector takes YAML naming a Sloth spec or OpenSLO, nothing else', () => {
    const take = (file: string, text: string) => sloOwn.test?.(file, () => text);
    assert.deepEqual(
      [take('a.yml', 'version: prometheus/v1'), take('a.yaml', 'kind: PrometheusServiceLevel'), take('a.yaml', 'apiVersion: openslo/v1'), take('a.yaml', 'kind: Deployment'), take('a.json', 'version: prometheus/v1')],
      [true, true, true, false, false],
    );
  });
});

describe('archipel check on an SLO spec', () => {
  it('reports the spec errors and unknown fields as FILE:LINE, exit 1', async () => {
    const tree = makeTree({ 'slos/api.yml': spec });
    try {
      const run = await runCli(['check', 'slos/api.yml'], tree.root);
      assert.equal(run.code, 1);
      assert.deepEqual(run.out.split('\n').filter((line) => line.includes('slo-')), [
        'slos/api.yml:5:5: error: slos.0.objective: objective must be a number greater than 0 and at most 100 [slo-spec]',
        'slos/api.yml:9:9: error: slos.0.sli.events.total_query: the query must contain the {{.window}} variable (each window replaces it) [slo-spec]',
        'slos/api.yml:12:7: error: Unknown field "page_alrt". Did you mean "page_alert"? [slo-unknown-field]',
        'slos/api.yml:15:9: error: Unknown field "disabled". Did you mean "disable"? [slo-unknown-field]',
      ]);
    } finally {
      tree.remove();
    }
  });
});
