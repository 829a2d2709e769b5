import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateSloRules, readAlertWindowsText } from '../../../src/slo/api';
import { diagnoseWorkspace, fixturesDir } from '../../helpers';
import { covered } from '../../workspace';

/** Service levels at parity with Sloth (#94): what Sloth refuses is refused, what Prometheus cannot read is not written. */
const folder = path.join(fixturesDir, 'slo');
const spec = (slos: string) => `version: prometheus/v1\nservice: checkout\nslos:\n${slos}`;
const item = (name: string) => `  - name: ${name}\n    objective: 99.9\n    sli: {raw: {error_ratio_query: "x[{{.window}}]"}}\n    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}\n`;

describe('SLO generation at parity with Sloth', () => {
  it('two SLOs of one id are refused, as Sloth refuses them (validateSLOGroup), in a document or across the file', () => {
    const one = generateSloRules(spec(item('availability') + item('availability')));
    assert.equal(one.text, '');
    assert.deepEqual(one.errors.map((e) => `${e.line + 1}: ${e.path.join('.')}: ${e.message}`), ['8: slos.1.name: SLO ID "checkout-availability" is repeated']);
    const two = generateSloRules(`${spec(item('availability'))}---\n${spec(item('availability'))}`);
    assert.equal(two.text, '');
    assert.deepEqual(two.errors.map((e) => `${e.line + 1}: ${e.message}`), ['12: SLO ID "checkout-availability" is repeated: another document of the file has it']);
    assert.deepEqual(generateSloRules(spec(item('availability') + item('latency'))).errors, []);
  });

  it('a window longer than Prometheus reads (longWindow: 99999999999d) is refused on its line, not written for promtool to refuse', () => {
    const windows = readFileSync(path.join(fixturesDir, 'oss', 'sloth', 'examples', 'windows', 'custom-30d.yaml'), 'utf8');
    const huge = windows.replace(/longWindow: \S+/, 'longWindow: 99999999999d');
    assert.notEqual(huge, windows);
    const read = readAlertWindowsText(huge);
    assert.equal(read.windows, undefined);
    const line = huge.split('\n').findIndex((l) => l.includes('99999999999d'));
    assert.deepEqual(read.errors.map((e) => `${e.line}: ${e.path.join('.')}: ${e.message}`), [`${line}: spec.page.quick.longWindow: a duration is required (5m, 1h, 30d), at most 106751d (the longest Prometheus reads)`]);
    assert.deepEqual(readAlertWindowsText(windows).errors, []);
  });

  it('slo-service is said once on the service of a spec of several SLOs, not once per SLO', () => {
    const files: Record<string, string> = {
      'docker-compose.yml': readFileSync(path.join(folder, 'docker-compose.yml'), 'utf8'),
      'slos/two.yml': 'version: prometheus/v1\nservice: predicter\nslos:\n' + item('availability') + item('latency'),
    };
    const found = diagnoseWorkspace(files, 'slos/two.yml')
      .filter((d) => d.code === 'slo-service')
      .map((d) => `${d.range.start.line + 1}: ${covered(files['slos/two.yml'], d)}`);
    assert.deepEqual(found, ['2: predicter']);
  });

  it("OpenSLO v1's enumerations (budgetingMethod, op) and time slices checked on their values; OpenSLO's own examples stay clean", () => {
    const text = [
      'apiVersion: openslo/v1',
      'kind: SLO',
      'metadata: {name: search}',
      'spec:',
      '  service: search',
      '  budgetingMethod: TimeSlices',
      '  timeWindow: [{duration: 28d, isRolling: true}]',
      '  objectives:',
      '    - op: le',
      '      value: 1',
      '      target: 0.99',
      '      timeSliceWindow: 1 minute',
      '      timeSliceTarget: 1.5',
      '',
    ].join('\n');
    const found = diagnoseWorkspace({ 'slos/search.yaml': text }, 'slos/search.yaml')
      .filter((d) => d.code === 'slo-openslo')
      .map((d) => `${d.range.start.line + 1}: ${covered(text, d)}: ${d.message}`);
    assert.deepEqual(found, [
      '6: TimeSlices: budgetingMethod must be one of Occurrences, Timeslices, RatioTimeslices, not "TimeSlices"',
      '9: le: op must be one of lte, gte, lt, gt, not "le"',
      '12: 1 minute: timeSliceWindow must be a duration (1m, 5m) or a number of seconds, not "1 minute"',
      '13: 1.5: timeSliceTarget must be a ratio greater than 0 and at most 1, not 1.5',
    ]);
  });

  it("Sloth's OpenSLO v1alpha examples are read as specs: no finding; Sloth's refusals on their line", () => {
    const sloth = path.join(fixturesDir, 'oss', 'sloth', 'examples');
    for (const name of ['openslo-getting-started.yml', 'openslo-kubernetes-apiserver.yml']) {
      const text = readFileSync(path.join(sloth, name), 'utf8');
      assert.deepEqual(diagnoseWorkspace({ [name]: text }, name).filter((d) => String(d.code).startsWith('slo-')), [], name);
    }
    const text = readFileSync(path.join(sloth, 'openslo-getting-started.yml'), 'utf8').replace('unit: Day', 'unit: Week');
    assert.deepEqual(generateSloRules(text).errors.map((e) => `${e.line + 1}: ${e.message}`), ['28: invalid SLO time windows: only days based time windows are supported']);
  });

  it("a matcher on a label no series of the metric has (code=~\"5..\" on archipel serve's counter, labelled status) is a finding; unknown labels say nothing", () => {
    const files: Record<string, string> = {};
    for (const name of ['docker-compose.yml', 'Dockerfile', 'monitoring/prometheus.yml', 'slos/hardened.yml']) files[name] = readFileSync(path.join(folder, name), 'utf8');
    const matcher = (all: Record<string, string>) =>
      diagnoseWorkspace(all, 'slos/hardened.yml')
        .filter((d) => d.code === 'slo-matcher')
        .map((d) => `${d.range.start.line + 1}: ${covered(all['slos/hardened.yml'], d)}: ${d.message}`);
    assert.deepEqual(matcher(files), []);
    const wrong = { ...files, 'slos/hardened.yml': files['slos/hardened.yml'].replace('status=~"5.."', 'code=~"5.."') };
    assert.deepEqual(matcher(wrong), [
      '11: code=~"5..": code=~"5.." never matches: no series of archipel_serve_http_requests_total has the label code (its exporter gives method, route, status; the scrapes of "api" add none), so the query selects nothing.',
    ]);
    // OpenSLO's good query with code!~"5..": it filters nothing out, so good = total and the SLO is always met.
    const openslo = readFileSync(path.join(folder, 'slos', 'hardened.openslo.yaml'), 'utf8');
    const good = { ...files, 'slos/hardened.yml': openslo.replace('status!~"5.."', 'code!~"5.."') };
    assert.deepEqual(matcher(good), [
      '18: code!~"5..": code!~"5.." always matches: no series of archipel_serve_http_requests_total has the label code (its exporter gives method, route, status; the scrapes of "api" add none), so it filters nothing out.',
    ]);
    assert.deepEqual(matcher({ ...files, 'slos/hardened.yml': openslo }), []);
    // A scrape that sets the label, or whose labels a relabelling makes unknown: nothing said.
    const labelled = { ...wrong, 'monitoring/prometheus.yml': files['monitoring/prometheus.yml'].replace('service: predictor', 'service: predictor\n          code: "500"') };
    assert.deepEqual(matcher(labelled), []);
    const relabelled = { ...wrong, 'monitoring/prometheus.yml': files['monitoring/prometheus.yml'].replace('    static_configs:\n      - targets: ["api:5000"]', '    relabel_configs:\n      - target_label: team\n        replacement: ml\n    static_configs:\n      - targets: ["api:5000"]') };
    assert.deepEqual(matcher(relabelled), []);
  });

  it('a matcher on a label a recording rule does not keep (sum by (route, status): code=~"5..") is a finding; the recorded metric is no exporter\'s', () => {
    const files: Record<string, string> = {};
    for (const name of ['docker-compose.yml', 'Dockerfile', 'monitoring/prometheus.yml', 'slos/hardened.yml']) files[name] = readFileSync(path.join(folder, name), 'utf8');
    files['monitoring/rules.yml'] = 'groups:\n  - name: predictor\n    rules:\n      - record: predictor:requests:rate5m\n        expr: sum by (route, status) (rate(archipel_serve_http_requests_total{job="predictor"}[5m]))\n';
    const recorded = (status: string) =>
      files['slos/hardened.yml']
        .replace('sum(rate(archipel_serve_http_requests_total{job="predictor",route="/predict",status=~"5.."}[{{.window}}]))', `sum(avg_over_time(predictor:requests:rate5m{route="/predict",${status}}[{{.window}}]))`)
        .replace('sum(rate(archipel_serve_http_requests_total{job="predictor",route="/predict"}[{{.window}}]))', 'sum(avg_over_time(predictor:requests:rate5m{route="/predict"}[{{.window}}]))');
    const found = (spec: string) =>
      diagnoseWorkspace({ ...files, 'slos/hardened.yml': spec }, 'slos/hardened.yml')
        .filter((d) => d.code === 'slo-matcher' || d.code === 'slo-metric')
        .map((d) => `${d.range.start.line + 1} ${String(d.code)}: ${covered(spec, d)}: ${d.message}`);
    assert.notEqual(recorded('code=~"5.."'), files['slos/hardened.yml']);
    assert.deepEqual(found(recorded('code=~"5.."')), [
      '11 slo-matcher: code=~"5..": code=~"5.." never matches: the series of predictor:requests:rate5m have only the labels its recording rule keeps (route, status), so the query selects nothing.',
    ]);
    assert.deepEqual(found(recorded('status=~"5.."')), []);
    // A rule keeping any label (no aggregation): nothing can be told.
    files['monitoring/rules.yml'] = files['monitoring/rules.yml'].replace('sum by (route, status) (rate(archipel_serve_http_requests_total{job="predictor"}[5m]))', 'rate(archipel_serve_http_requests_total{job="predictor"}[5m])');
    assert.deepEqual(found(recorded('code=~"5.."')), []);
  });
});
