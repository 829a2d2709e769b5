import assert from 'node:assert/strict';
import { goFloatF, goFloatG, parsePromDuration, promDuration } from '../../../src/slo/goFormat';
import { generateSloRules, readSloSpec } from '../../../src/slo/api';

describe('SLO generator: numbers and durations printed as Go and Prometheus print them', () => {
  it("%g of a float64: shortest digits, exponent below 1e-4 and from 1e6 (Go's fmt)", () => {
    const cases: [number, string][] = [
      [0.9990000000000001, '0.9990000000000001'],
      [(100 - 99.9) / 100, '0.0009999999999999432'],
      [14.4, '14.4'],
      [6, '6'],
      [30, '30'],
      [0.0001, '0.0001'],
      [0.00001234, '1.234e-05'],
      [1e-5, '1e-05'],
      [100000, '100000'],
      [1234567, '1.234567e+06'],
      [1e21, '1e+21'],
      [1e-100, '1e-100'],
      [-0.5, '-0.5'],
      [0, '0'],
    ];
    assert.deepEqual(
      cases.map(([x]) => goFloatG(x)),
      cases.map(([, text]) => text),
    );
  });

  it("strconv.FormatFloat(x, 'f', -1, 64): never an exponent", () => {
    assert.deepEqual([99.9, 99.999, 95, 1e-7, 1234567].map(goFloatF), ['99.9', '99.999', '95', '0.0000001', '1234567']);
  });

  it("Prometheus' Duration.String(): years and weeks only when exact", () => {
    const h = 3600_000;
    assert.deepEqual([5 * 60_000, h, 36 * h, 28 * 24 * h, 30 * 24 * h, 90 * 24 * h, 365 * 24 * h, 1500, 0].map(promDuration), ['5m', '1h', '1d12h', '4w', '30d', '90d', '1y', '1s500ms', '0s']);
    assert.deepEqual(['5m', '1d12h', '4w', '1h30m', 'x', '5', ''].map(parsePromDuration), [300_000, 129_600_000, 2_419_200_000, 5_400_000, undefined, undefined, undefined]);
  });
});

describe('SLO specs: what is refused, with where', () => {
  it('each problem at the path of its value', () => {
    const read = readSloSpec({
      version: 'prometheus/v1',
      labels: { tier: 2, team: ['a'] },
      slos: [
        { name: 'bad name!', objective: 100.5, sli: { events: { error_query: 'x' } }, alerting: {} },
        { name: 'same', objective: 99, sli: { events: { error_query: 'x[{{.window}}]', total_query: 'x[{{.window}}]' } }, alerting: { name: 'A' } },
        { name: 'p', objective: 99, sli: { plugin: { id: 'sloth-common/availability' } }, alerting: { page_alert: { disable: true }, ticket_alert: { disable: true } } },
      ],
    });
    assert.deepEqual(
      read.errors.map((e) => `${e.path.join('.')}: ${e.message}`),
      [
        'service: service is required',
        'labels.team: value of "team" must be a string',
        'slos.0.name: name "bad name!" must match ^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$',
        'slos.0.objective: objective must be a number greater than 0 and at most 100',
        'slos.0.sli.events.total_query: total_query is required',
        'slos.0.sli.events.error_query: the query must contain the {{.window}} variable (each window replaces it)',
        'slos.0.alerting.name: alerting.name is required unless both the page and the ticket alert are disabled',
        'slos.1.sli.events: error_query and total_query must differ: the ratio would always be 1',
        'slos.2.name: name "p" must match ^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$',
        'slos.2.sli.plugin: SLI plugins are not supported: their queries come from plugin code',
      ],
    );
    assert.equal(read.group, undefined);
  });

  it("a plugin chain is read only when its rules are Sloth's default ones (the core generators, validators beside)", () => {
    const slo = { name: 'aa', objective: 99, sli: { raw: { error_ratio_query: 'x[{{.window}}]' } }, alerting: { name: 'A' } };
    const core = ['sloth.dev/core/sli_rules/v1', 'sloth.dev/core/metadata_rules/v1', 'sloth.dev/core/alert_rules/v1'].map((id) => ({ id }));
    const chain = (plugins: unknown) => readSloSpec({ version: 'prometheus/v1', service: 'svc', slo_plugins: plugins, slos: [slo] }).errors.map((e) => e.path.join('.'));
    assert.deepEqual(chain({ overridePrevious: true, chain: [{ id: 'sloth.dev/contrib/validate_victoria_metrics/v1' }, ...core] }), []);
    assert.deepEqual(chain({ overridePrevious: true, chain: core.slice(0, 2) }), ['slo_plugins']);
    assert.deepEqual(chain({ chain: core }), ['slo_plugins']);
    assert.deepEqual(chain({ overridePrevious: true, chain: [...core, { id: 'sloth.dev/contrib/info_labels/v1' }] }), ['slo_plugins']);
  });

  it('the CRD reads camelCase keys; a query template other than {{.window}} is refused; a file with no spec gives nothing', () => {
    const crd = [
      'apiVersion: sloth.slok.dev/v1',
      'kind: PrometheusServiceLevel',
      'metadata: {name: svc}',
      'spec:',
      '  service: svc',
      '  slos:',
      '    - name: aa',
      '      objective: 99',
      '      sli: {raw: {errorRatioQuery: "rate(x[{{.window}}]) / {{.other}}"}}',
      '      alerting: {pageAlert: {disable: true}, ticketAlert: {disable: true}}',
    ].join('\n');
    const result = generateSloRules(crd);
    assert.deepEqual(result.errors, [{ document: 0, line: 8, path: ['spec', 'slos', 0, 'sli', 'raw', 'errorRatioQuery'], message: 'only {{.window}} may be templated in a query' }]);
    assert.equal(result.text, '');
    assert.deepEqual(generateSloRules('groups: []\n'), { documents: [], errors: [], text: '' });
  });

  it('a 28-day period: its windows, its burn factors (floats as Go computes them: 5 × 672 / 100 / 6) and the period SLI named 4w, as Sloth names it', () => {
    const spec = 'version: prometheus/v1\nservice: svc\nslos:\n  - name: aa\n    objective: 99\n    sli: {raw: {error_ratio_query: "x[{{.window}}]"}}\n    alerting: {name: A}\n';
    const result = generateSloRules(spec, { period: 28 * 24 * 3600_000 });
    const [sli, meta, alerts] = result.documents[0].groups;
    assert.deepEqual(
      sli.rules.map((r) => r.record),
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '4w'].map((w) => `slo:sli_error:ratio_rate${w}`),
    );
    assert.equal(meta.rules[2].expr, 'vector(28)');
    assert.match(alerts.rules[0].expr, /> \(13\.44 \* 0\.01\)\) without/);
    assert.match(alerts.rules[0].expr, /> \(5\.6000000000000005 \* 0\.01\)\) without/);
  });
});
