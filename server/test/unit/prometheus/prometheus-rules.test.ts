import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { composeFace } from '../../../src/compose/api';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { isDirectlyRead, metricReferences } from '../../../src/promql/analysis';
import { parsePromQL } from '../../../src/promql/parse';
import { fixturesDir } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';

/** The Prometheus feature, with the Compose family's face a run with Compose files gives it (Family.faces). */
const prometheus = prometheusFeature({ compose: composeFace });

const rulefmt = path.join(fixturesDir, 'oss', 'prometheus', 'rulefmt');

function shown(text: string, name = 'alerts.rules.yml', others: Record<string, string> = {}): string[] {
  return new MonitoringWorkspace({ ...others, [name]: text }).shown(name);
}

describe('Prometheus rule files', () => {
  describe("Prometheus's model/rulefmt test files (Apache-2.0)", () => {
    // TestParseFileFailure: each file's first error, here with the line promtool gives.
    const cases: [string, string][] = [
      ['duplicate_grp.bad.yaml', '3: prom-rule-structure: yolo: groupname: "yolo" is repeated in the same file'],
      ['bad_expr.bad.yaml', '5: prom-promql: hi: could not parse expression: expected type range vector in call to function "rate", got instant vector'],
      ['record_and_alert.bad.yaml', "5: prom-rule-structure: alert: only one of 'record' and 'alert' must be set"],
      ['no_rec_alert.bad.yaml', "4: prom-rule-structure: expr: 1: one of 'record' or 'alert' must be set"],
      ['noexpr.bad.yaml', "4: prom-rule-structure: record: field 'expr' must be set in rule"],
      ['invalid_record_name.bad.yaml', '4: prom-name: strawberry{flavor="sweet"}: braces present in the recording rule name; should it be in expr?: strawberry{flavor="sweet"}'],
      ['bad_field.bad.yaml', '8: prom-rule-structure: annotation: field annotation not found in type rulefmt.Rule; did you mean annotations?'],
      ['invalid_label_name.bad.yaml', '7: prom-name: __name__: invalid label name: __name__'],
      ['record_and_for.bad.yaml', "6: prom-rule-structure: for: invalid field 'for' in recording rule"],
      ['record_and_keep_firing_for.bad.yaml', "6: prom-rule-structure: keep_firing_for: invalid field 'keep_firing_for' in recording rule"],
    ];
    for (const [file, expected] of cases) {
      it(file, () => {
        const found = shown(readFileSync(path.join(rulefmt, file), 'utf8'), file.replace('.bad.yaml', '.rules.yml'));
        assert.equal(found[0], expected, found.join('\n'));
      });
    }

    for (const file of ['test.yaml', 'test_aliases.yaml', 'utf-8_lname.good.yaml', 'utf-8_annotation.good.yaml', 'legacy_validation_annotation.good.yaml']) {
      it(`${file} has no error`, () => {
        const ws = new MonitoringWorkspace({ 'r.yml': readFileSync(path.join(rulefmt, file), 'utf8') });
        assert.deepEqual(ws.diagnose('r.yml').filter((d) => d.severity === 1), []);
      });
    }

    it('TestTemplateParsing: $label, $this_is_wrong and * in a template are errors; $labels is not', () => {
      const rule = (labels: string, annotations: string) => `groups:\n- name: example\n  rules:\n  - alert: InstanceDown\n    expr: up == 0\n    for: 5m\n    labels:\n${labels}\n    annotations:\n${annotations}\n`;
      assert.deepEqual(shown(rule('      severity: "page"', '      summary: "Instance {{ $labels.instance }} down"')), []);
      assert.deepEqual(shown(rule('      severity: "page"', '      summary: "Instance {{ $label.instance }} down"')), ['10: prom-template: $label: annotation "summary": template: undefined variable "$label"']);
      assert.deepEqual(shown(rule('      severity: "{{$this_is_wrong}}"', '      summary: ok')), ['8: prom-template: $this_is_wrong: label "severity": template: undefined variable "$this_is_wrong"']);
      // Go's parser: `*` is a character token no operand starts with (parse.go's command()).
      assert.deepEqual(shown(rule('      severity: page', '      description: "{{$labels.quantile * 100}}"')), ['10: prom-template: *: annotation "description": template: unexpected "*" in operand']);
    });

    it('TestUniqueErrorNodes: each broken expression is reported on its own rule', () => {
      const text = readFileSync(path.join(rulefmt, 'test.yaml'), 'utf8').replace(/expr: .*/g, (line, offset: number) => (offset < 200 ? 'expr: up ===== 0' : line));
      const found = shown(text).filter((line) => line.includes('prom-promql'));
      assert.ok(found.length >= 1 && found.every((line) => line.includes('could not parse expression')), found.join('\n'));
    });
  });

  it('reads PrometheusRule objects (monitoring.coreos.com/v1) and leaves other groups: files alone', () => {
    const object = 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: x\nspec:\n  groups:\n  - name: g\n    rules:\n    - alert: A\n      expr: rate(x)\n';
    assert.deepEqual(shown(object, 'k8s/rules.yaml'), ['10: prom-promql: x: could not parse expression: expected type range vector in call to function "rate", got instant vector']);
    // Grafana's alerting provisioning has groups too: not a Prometheus rule file.
    assert.deepEqual(shown('apiVersion: 1\ngroups:\n  - orgId: 1\n    name: g\n    folder: f\n    rules: []\n', 'provisioning/alerting/a.yml'), []);
  });

  it('places a PromQL error on its token inside a block scalar', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - record: job:x:sum\n    expr: |\n      sum by (job) (\n        rate(x_total[5m]) offset\n      )\n';
    assert.deepEqual(shown(text), ['8: prom-promql: ): could not parse expression: unexpected ")" in offset, expected number, duration, step(), or range()']);
  });

  describe('beyond promtool', () => {
    it('prom-template-label-dropped: $labels.x after sum by, on() and count_values', () => {
      const alert = (expr: string, summary: string) => `groups:\n- name: g\n  rules:\n  - alert: A\n    expr: ${expr}\n    for: 5m\n    annotations:\n      summary: "${summary}"\n`;
      assert.deepEqual(shown(alert('sum by (job) (rate(errors_total[5m])) > 1', '{{ $labels.instance }} on {{ $labels.job }}')), [
        '8: prom-template-label-dropped: instance: $labels.instance is always empty: the expression of alert A has no label instance (aggregated or matched away)',
      ]);
      assert.deepEqual(shown(alert('sum without (instance) (up) == 0', '{{ $labels.instance }}')).length, 1);
      assert.deepEqual(shown(alert('up == on(job) group_left(team) owners', '{{ $labels.instance }} {{ $labels.team }}')), []);
      assert.deepEqual(shown(alert('errors_total / on(job) requests_total > 0.1', '{{ $labels.instance }}')).length, 1);
      assert.deepEqual(shown(alert('absent(up{job=\'api\'})', '{{ $labels.job }} {{ $labels.instance }}')).map((l) => l.split(': ')[2]), ['instance']);
      assert.deepEqual(shown(alert('max(x) by (a) or max(y) by (b)', '{{ $labels.a }} {{ $labels.b }} {{ $labels.c }}')).map((l) => l.split(': ')[2]), ['c']);
      // An alias of $labels and index are read too.
      assert.deepEqual(shown(alert('sum(x) > 1', '{{ $l := $labels }}{{ $l.pod }} {{ index $labels \\"node\\" }}')).map((l) => /\$labels\.(\w+)/.exec(l)?.[1]), ['pod', 'node']);
    });

    it('alert templates as Go reads them: .Labels, the PromQL of query, $value in a label (pint alerts/template)', () => {
      const alert = (summary: string, labels = '      severity: page', expr = 'sum by (job) (up) == 0') => `groups:\n- name: g\n  rules:\n  - alert: A\n    expr: ${expr}\n    for: 5m\n    labels:\n${labels}\n    annotations:\n      summary: '${summary}'\n`;
      // .Labels.x is $labels.x, but not where range/with set the dot to something else.
      assert.deepEqual(shown(alert('{{ .Labels.job }} {{ .Labels.instance }}')), ['10: prom-template-label-dropped: instance: $labels.instance is always empty: the expression of alert A has no label instance (aggregated or matched away)']);
      assert.deepEqual(shown(alert('{{ with $labels }}{{ .Labels.instance }}{{ end }}')), []);
      // The query a template runs is PromQL: parsed, and the labels read on its results checked.
      assert.deepEqual(shown(alert('{{ query "up xxx" | first | value }}')), ['10: prom-template: "up xxx": annotation "summary": template: query "up xxx": could not parse expression: unexpected identifier "xxx"']);
      assert.deepEqual(shown(alert('{{ with printf "sum(up{job=\\"%s\\"}) by (" .Labels.job | query }}{{ . | first | value }}{{ end }}')).map((l) => l.split(': ').slice(0, 2).join(': ')), ['10: prom-template']);
      assert.deepEqual(shown(alert('{{ range query "sum by (job) (up)" }}{{ .Labels.job }} {{ .Labels.instance }}{{ end }}')), ['10: prom-template-label-dropped: instance: instance is always empty: the results of query "sum by (job) (up)" have no label instance (aggregated or matched away)']);
      assert.deepEqual(shown(alert('{{ (query "up" | first).Labels.instance }} {{ query "up" | first | value | humanize }}')), []);
      // $value in a label: a new alert at each value; in an annotation it is fine.
      assert.deepEqual(shown(alert('{{ $value | humanize }}', '      value: "{{ $value }}"')), ['8: prom-template-value-label: $value: label "value" reads the alert\'s value: each new value makes it a new alert (resolved and fired again); read $value in an annotation']);
      assert.deepEqual(shown(alert('{{ $value | first }}')), ['10: prom-template: $value | first: annotation "summary": template: error calling first: wrong type for value; expected template.queryResult; got float64']);
      // $value of a rate, unformatted, in an annotation: humanize it (an information, as pint's).
      const rate = (summary: string) => alert(summary, '      severity: page', 'rate(errors_total[5m]) > 0.1');
      assert.deepEqual(shown(rate('{{ $v := $value }}{{ $v }} errors/s')), ['10: prom-template-humanize: $value: annotation "summary" shows the value of rate(), a rate hard to read: pass it to humanize (or humanizePercentage, printf)']);
      assert.deepEqual(shown(rate('{{ $value | humanize }} errors/s, {{ printf "%.2f" $value }}')), []);
      assert.deepEqual(shown(alert('{{ $value }}', '      severity: page', 'count(rate(errors_total[5m]) > 0) > 1')), []);
      // A group's labels are the alert's.
      assert.deepEqual(shown(alert('{{ .Labels.team }}').replace('- name: g\n', '- name: g\n  labels:\n    team: db\n')), []);
    });

    it('prom-undefined-recording-rule: a level:metric:operation name no rule file records', () => {
      const rules = 'groups:\n- name: g\n  rules:\n  - record: job:http_requests:rate5m\n    expr: sum by (job) (rate(http_requests_total[5m]))\n';
      const alerts = 'groups:\n- name: a\n  rules:\n  - alert: High\n    expr: job:http_requests:rate5m > 10 and job:http_errors:rate5m > 1\n    for: 5m\n';
      assert.deepEqual(shown(alerts, 'alerts.yml', { 'recording.yml': rules }), ['5: prom-undefined-recording-rule: job:http_errors:rate5m: no rule of the workspace records job:http_errors:rate5m: the query returns nothing']);
    });

    it('prom-undefined-recording-rule: a recording rule whose key is spelled with escapes is known (the workspace is read by a test of its text first)', () => {
      const alerts = 'groups:\n- name: a\n  rules:\n  - alert: High\n    expr: job:http_errors:rate5m > 1\n    for: 5m\n';
      const spelled = 'groups:\n- name: g\n  rules:\n  - "\\x72ecord": job:http_errors:rate5m\n    expr: sum by (job) (rate(http_errors_total[5m]))\n';
      const joined = 'groups:\n- name: g\n  rules:\n  - ? "rec\\\n      ord"\n    : job:http_errors:rate5m\n    expr: sum by (job) (rate(http_errors_total[5m]))\n';
      const unknown = ['5: prom-undefined-recording-rule: job:http_errors:rate5m: no rule of the workspace records job:http_errors:rate5m: the query returns nothing'];
      assert.deepEqual(shown(alerts, 'alerts.yml', { 'other.yml': 'groups:\n- name: g\n  rules:\n  - alert: Other\n    expr: up == 0\n' }), unknown);
      assert.deepEqual(shown(alerts, 'alerts.yml', { 'recording.yml': spelled }), []);
      assert.deepEqual(shown(alerts, 'alerts.yml', { 'recording.yml': joined }), []);
      // The key as YAML may write it: quoted, spaced before its colon, in a flow mapping, explicit, or an alias of an anchored word.
      const expr = 'expr: sum by (job) (rate(http_errors_total[5m]))';
      for (const rule of [`'record' : job:http_errors:rate5m\n    ${expr}`, '{"record": "job:http_errors:rate5m", "expr": "sum(rate(http_errors_total[5m]))"}', `? record\n    : job:http_errors:rate5m\n    ${expr}`, '{ ? record : "job:http_errors:rate5m", expr: "sum(rate(http_errors_total[5m]))" }']) {
        assert.deepEqual(shown(alerts, 'alerts.yml', { 'recording.yml': `groups:\n- name: g\n  rules:\n  - ${rule}\n` }), [], rule);
      }
      const aliased = `groups:\n- name: &key record\n  rules:\n  - *key : job:http_errors:rate5m\n    ${expr}\n`;
      assert.deepEqual(shown(alerts, 'alerts.yml', { 'recording.yml': aliased }), []);
      // The words in a description are no key: such a file tells nothing (and is not read to ask).
      const described = 'groups:\n- name: g\n  rules:\n  - alert: Disk\n    expr: up == 0\n    annotations:\n      summary: global storage record alerting\n';
      assert.deepEqual(shown(alerts, 'alerts.yml', { 'other.yml': described }), unknown);
    });

    it('prom-undefined-recording-rule: names starting with a colon, recorded (kubernetes-mixin) or exported (TensorFlow Serving), are no error', () => {
      const rules = 'groups:\n- name: node.rules\n  rules:\n  - record: :node_memory_MemAvailable_bytes:sum\n    expr: sum(node_memory_MemAvailable_bytes) by (cluster)\n  - record: ":node_cpu:rate5m"\n    expr: sum(rate(node_cpu_seconds_total[5m]))\n';
      const alerts = 'groups:\n- name: a\n  rules:\n  - alert: LowMemory\n    expr: 1 - sum(:node_memory_MemAvailable_bytes:sum{cluster="c"}) / sum(node_memory_MemTotal_bytes) > 0.9 or :node_cpu:rate5m > 10\n    for: 5m\n  - alert: TensorFlowLatency\n    expr: increase(:tensorflow:serving:request_latency_sum[5m]) / increase(:tensorflow:serving:request_latency_count[5m]) > 1\n    for: 5m\n';
      assert.deepEqual(shown(alerts, 'alerts.yml', { 'recording.yml': rules }), []);
      // Recorded, a colon name is still a recording rule: rate() over it is reported.
      assert.deepEqual(shown(alerts.replace('or :node_cpu:rate5m', 'or rate(:node_cpu:rate5m[5m])'), 'alerts.yml', { 'recording.yml': rules }), ['5: prom-rate-non-counter: :node_cpu:rate5m: rate() expects a counter, but :node_cpu:rate5m is a recording rule']);
    });

    it("prom-counter-direct: pint's promql/counter cases (internal/checks/promql_counter_test.go, Apache-2.0)", () => {
      interface CounterCase { description: string; expr: string; metadata: Record<string, string[]> | null; problem: boolean }
      const cases = JSON.parse(readFileSync(path.join(fixturesDir, 'oss', 'pint', 'promql-counter-cases.json'), 'utf8')) as CounterCase[];
      assert.equal(cases.length, 24);
      // A metric is a counter when its every type is (pint's "mixed metadata" case); with no metadata
      // mocked, pint must not ask: the metric is taken as a counter, and the reading must still be safe.
      const isCounter = (c: CounterCase, name: string) => (c.metadata ? (c.metadata[name] ?? []).length > 0 && c.metadata[name].every((type) => type === 'counter') : true);
      const verdicts = cases.map((c) => {
        const expression = parsePromQL(c.expr);
        return expression.problems.length === 0 && metricReferences(expression).some((r) => isCounter(c, r.name) && isDirectlyRead(expression, r));
      });
      assert.deepEqual(cases.filter((c, i) => verdicts[i] !== c.problem).map((c) => c.description), []);
      // End to end, with the types the workspace declares: archipel serve's counters.
      const alert = 'groups:\n- name: g\n  rules:\n  - alert: Many\n    expr: archipel_serve_predictions_total > 1000 unless absent(archipel_serve_predictions_total)\n  - alert: Fast\n    expr: rate(archipel_serve_predictions_total[5m]) > 10\n';
      assert.deepEqual(shown(alert), ['5: prom-counter-direct: archipel_serve_predictions_total: archipel_serve_predictions_total is a counter: its value only grows until the process restarts; read it through rate(), irate() or increase()']);
      // A name ending in _total is no proof: exporters name gauges so (ceph_pg_total).
      assert.deepEqual(shown(alert.replace(/archipel_serve_predictions_total/g, 'ceph_pg_total')), []);
    });

    it('prom-rate-non-counter: rate over a recording rule', () => {
      const text = 'groups:\n- name: g\n  rules:\n  - record: job:x:sum\n    expr: sum by (job) (x_total)\n  - record: job:x:rate5m\n    expr: rate(job:x:sum[5m])\n';
      assert.deepEqual(shown(text), ['7: prom-rate-non-counter: job:x:sum: rate() expects a counter, but job:x:sum is a recording rule']);
    });

    it('prom-absent-without-for', () => {
      const text = 'groups:\n- name: g\n  rules:\n  - alert: Gone\n    expr: absent(up{job="api"})\n  - alert: GoneLong\n    expr: absent(up{job="api"})\n    for: 10m\n';
      assert.deepEqual(shown(text), ['4: prom-absent-without-for: alert: alert Gone fires on absent(…) without `for`: a restart or a missed scrape fires it; add `for: 5m` or more']);
    });

    it('prom-group-interval: a group evaluated more often than the workspace scrapes', () => {
      const config = 'global:\n  scrape_interval: 30s\nrule_files: [alerts.yml]\nscrape_configs:\n  - job_name: api\n    static_configs: [{targets: ["api:8000"]}]\n';
      const text = 'groups:\n- name: fast\n  interval: 10s\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n';
      assert.deepEqual(shown(text, 'alerts.yml', { 'prometheus.yml': config }), ['3: prom-group-interval: 10s: group fast is evaluated every 10s, more often than the scrape interval (30s): it evaluates the same samples again']);
    });

    it('prom-duplicate-rule: same name and labels (promtool warns)', () => {
      const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels: {severity: page}\n  - alert: A\n    expr: up == 0\n    labels: {severity: ticket}\n  - alert: A\n    expr: up < 1\n    labels: {severity: page}\n';
      assert.deepEqual(shown(text), ['10: prom-duplicate-rule: alert: duplicate rule: A has the same name and labels as rule 1 of group g']);
    });
  });

  it('promtool test rules files: fields, durations, series and expressions, alert names of the rule files under test', () => {
    const rules = 'groups:\n- name: g\n  rules:\n  - alert: InstanceDown\n    expr: up == 0\n    for: 5m\n';
    const tests = 'rule_files: [alerts.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n      - series: up{job="api"\n        values: 0x10\n    alert_rule_test:\n      - eval_time: 10m\n        alertname: InstanceDwn\n    promql_expr_test:\n      - expr: rate(up)\n        eval_tme: 5m\n';
    assert.deepEqual(shown(tests, 'alerts_test.yml', { 'alerts.yml': rules }), [
      // Prometheus's lexer reaches the end inside the braces: the error is at the end of the series (its line's end).
      '6: prom-promql: \n: could not parse expression: unexpected end of input inside braces',
      '10: prom-rule-test: InstanceDwn: no alert InstanceDwn in the rule files under test; did you mean InstanceDown?',
      '13: prom-rule-test: eval_tme: field eval_tme not found in type main.promqlTestCase; did you mean eval_time?',
      '12: prom-promql: up: could not parse expression: expected type range vector in call to function "rate", got instant vector',
    ]);
    assert.deepEqual(shown('rule_files: [missing.yml]\ntests: []\n', 'alerts_test.yml'), ['1: prom-rule-files: missing.yml: "missing.yml" matches no file of the workspace (relative to /work/)']);
  });

  describe('editing', () => {
    const rules = 'groups:\n- name: g\n  rules:\n  - record: job:req:rate5m\n    expr: sum by (job) (rate(req_total[5m]))\n';
    it('hovers a function with its signature and description', () => {
      const ws = new MonitoringWorkspace({});
      const hover = ws.hover('r.yml', 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: histogram_qu|antile(0.9, rate(x_bucket[5m])) > 1\n');
      assert.match((hover!.contents as MarkupContent).value, /histogram_quantile\(scalar, vector\) → vector[\s\S]*quantile/i);
      const aggregation = ws.hover('r.yml', 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: s|um(x) > 1\n');
      assert.match((aggregation!.contents as MarkupContent).value, /sum[\s\S]*aggregation/);
    });
    it('completes functions, aggregations and recording rules of the workspace', () => {
      const ws = new MonitoringWorkspace({ 'recording.yml': rules });
      const labels = ws.completion('alerts.yml', 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: ra|\n').map((c) => c.label);
      for (const expected of ['rate', 'irate', 'sum', 'job:req:rate5m']) assert.ok(labels.includes(expected), expected);
    });
    it('completes label names in selectors and groupings', () => {
      const ws = new MonitoringWorkspace({});
      const labels = ws.completion('a.yml', 'groups:\n- name: g\n  rules:\n  - record: a:b:c\n    expr: sum by (route) (rate(x_total{status="500"}[5m]))\n  - alert: A\n    expr: sum by (|) (x)\n').map((c) => c.label);
      assert.deepEqual(labels, ['__name__', 'instance', 'job', 'route', 'status']);
    });
    it('hovers and goes to the definition of a recording rule', () => {
      const ws = new MonitoringWorkspace({ 'recording.yml': rules });
      const hover = ws.hover('alerts.yml', 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: job:req:ra|te5m > 1\n');
      assert.match((hover!.contents as MarkupContent).value, /recording rule: `sum by \(job\) \(rate\(req_total\[5m\]\)\)`/);
      const offset = ws.index.get('file:///work/alerts.yml')!.text.indexOf('job:req') + 3;
      const locations = prometheus.definition!(ws.index.get('file:///work/alerts.yml')!, offset, ws.context);
      assert.deepEqual(locations.map((l) => `${l.uri}:${l.range.start.line}:${l.range.start.character}`), ['file:///work/recording.yml:3:12']);
    });
    it('lists groups and rules as symbols', () => {
      const ws = new MonitoringWorkspace({ 'r.yml': rules });
      const symbols = prometheus.documentSymbols!(ws.index.get('file:///work/r.yml')!, ws.context);
      assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [['g', ['job:req:rate5m']]]);
    });
  });
});
