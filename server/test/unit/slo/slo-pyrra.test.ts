import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePromQL } from '../../../src/promql/parse';
import { generateSloRules } from '../../../src/slo/api';
import type { PyrraMatcher, PyrraObjective } from '../../../src/slo/pyrraModel';
import { pyrraBurnrateGroup, pyrraIncreaseGroup, type PyrraRuleGroup } from '../../../src/slo/pyrraRules';
import { diagnose, fixturesDir } from '../../helpers';
import { covered } from '../../workspace';

/**
 * Pyrra's own expectations (pyrra-dev/pyrra slo/rules_test.go, TestObjective_Burnrates and TestObjective_IncreaseRules,
 * extracted to rules_test.expected.json, see its SOURCES.md) against the rules generated from the same objectives, here
 * transcribed from slo/promql_test.go (the Go test builds them in code, without a YAML reading).
 */
const pyrra = path.join(fixturesDir, 'oss', 'pyrra');

interface ExpectedCase {
  test: 'TestObjective_Burnrates' | 'TestObjective_IncreaseRules';
  name: string;
  objective: string;
  options: string;
  group: PyrraRuleGroup;
}

const DAY = 86_400_000;
const eq = (name: string, value: string): PyrraMatcher => ({ name, type: '=', value });
const re = (name: string, value: string): PyrraMatcher => ({ name, type: '=~', value });
const alerting = { disabled: false, burnrates: true, absent: true, severities: {} };
const base = { labels: {}, annotations: {}, performanceOverAccuracy: false, alerting };

function httpRatio(): PyrraObjective {
  return {
    ...base,
    name: 'monitoring-http-errors',
    target: 0.99,
    window: 28 * DAY,
    alerting: { ...alerting },
    indicator: {
      kind: 'ratio',
      errors: { name: 'http_requests_total', matchers: [eq('job', 'thanos-receive-default'), re('code', '5..'), eq('__name__', 'http_requests_total')] },
      total: { name: 'http_requests_total', matchers: [eq('job', 'thanos-receive-default'), eq('__name__', 'http_requests_total')] },
      grouping: [],
    },
  };
}
const grouped = (o: PyrraObjective, grouping: string[]): PyrraObjective => ({ ...o, indicator: { ...o.indicator, grouping } });
function withMatcher(o: PyrraObjective, m: PyrraMatcher): PyrraObjective {
  const i = o.indicator;
  if (i.kind === 'ratio') return { ...o, indicator: { ...i, errors: { ...i.errors, matchers: [...i.errors.matchers, m] }, total: { ...i.total, matchers: [...i.total.matchers, m] } } };
  if (i.kind === 'latency') return { ...o, indicator: { ...i, success: { ...i.success, matchers: [...i.success.matchers, m] }, total: { ...i.total, matchers: [...i.total.matchers, m] } } };
  if (i.kind === 'latencyNative') return { ...o, indicator: { ...i, total: { ...i.total, matchers: [...i.total.matchers, m] } } };
  return { ...o, indicator: { ...i, metric: { ...i.metric, matchers: [...i.metric.matchers, m] } } };
}
function grpcRatio(): PyrraObjective {
  const service = [eq('job', 'api'), eq('grpc_service', 'conprof.WritableProfileStore'), eq('grpc_method', 'Write')];
  return {
    ...base,
    name: 'monitoring-grpc-errors',
    target: 0.999,
    window: 28 * DAY,
    indicator: {
      kind: 'ratio',
      errors: { name: 'grpc_server_handled_total', matchers: [...service, re('grpc_code', 'Aborted|Unavailable|Internal|Unknown|Unimplemented|DataLoss'), eq('__name__', 'grpc_server_handled_total')] },
      total: { name: 'grpc_server_handled_total', matchers: [...service, eq('__name__', 'grpc_server_handled_total')] },
      grouping: [],
    },
  };
}
function httpLatency(): PyrraObjective {
  const job = eq('job', 'metrics-service-thanos-receive-default');
  return {
    ...base,
    name: 'monitoring-http-latency',
    target: 0.995,
    window: 28 * DAY,
    indicator: {
      kind: 'latency',
      success: { name: 'http_request_duration_seconds_bucket', matchers: [job, re('code', '2..'), eq('le', '1'), eq('__name__', 'http_request_duration_seconds_bucket')] },
      total: { name: 'http_request_duration_seconds_count', matchers: [job, re('code', '2..'), eq('__name__', 'http_request_duration_seconds_count')] },
      grouping: [],
    },
  };
}
function grpcLatency(): PyrraObjective {
  const service = [eq('job', 'api'), eq('grpc_service', 'conprof.WritableProfileStore'), eq('grpc_method', 'Write')];
  return {
    ...base,
    name: 'monitoring-grpc-latency',
    target: 0.995,
    window: 7 * DAY,
    indicator: {
      kind: 'latency',
      success: { name: 'grpc_server_handling_seconds_bucket', matchers: [...service, eq('le', '0.6'), eq('__name__', 'grpc_server_handling_seconds_bucket')] },
      total: { name: 'grpc_server_handling_seconds_count', matchers: [...service, eq('__name__', 'grpc_server_handling_seconds_count')] },
      grouping: [],
    },
  };
}
function operator(): PyrraObjective {
  return {
    ...base,
    name: 'monitoring-prometheus-operator-errors',
    target: 0.99,
    window: 14 * DAY,
    indicator: {
      kind: 'ratio',
      errors: { name: 'prometheus_operator_reconcile_errors_total', matchers: [eq('__name__', 'prometheus_operator_reconcile_errors_total')] },
      total: { name: 'prometheus_operator_reconcile_operations_total', matchers: [eq('__name__', 'prometheus_operator_reconcile_operations_total')] },
      grouping: [],
    },
  };
}
function apiServerRatio(): PyrraObjective {
  const write = [eq('job', 'apiserver'), re('verb', 'POST|PUT|PATCH|DELETE')];
  return {
    ...base,
    name: 'apiserver-write-response-errors',
    target: 0.99,
    window: 14 * DAY,
    alerting: { ...alerting, name: 'APIServerErrorBudgetBurn', absentName: 'APIServerMetricAbsent' },
    indicator: { kind: 'ratio', errors: { name: 'apiserver_request_total', matchers: [...write, re('code', '5..')] }, total: { name: 'apiserver_request_total', matchers: write }, grouping: [] },
  };
}
function apiServerLatency(): PyrraObjective {
  const read = [eq('job', 'apiserver'), re('verb', 'LIST|GET'), re('resource', 'resource|')];
  return {
    ...base,
    name: 'apiserver-read-resource-latency',
    target: 0.99,
    window: 14 * DAY,
    indicator: {
      kind: 'latency',
      grouping: ['resource', 'verb'],
      success: { name: 'apiserver_request_duration_seconds_bucket', matchers: [...read, eq('le', '0.1')] },
      total: { name: 'apiserver_request_duration_seconds_count', matchers: read },
    },
  };
}
function upTargets(): PyrraObjective {
  return { ...base, name: 'up-targets', target: 0.99, window: 28 * DAY, indicator: { kind: 'boolGauge', metric: { name: 'up', matchers: [] }, grouping: [] } };
}
const disabled = (o: PyrraObjective): PyrraObjective => ({ ...o, alerting: { ...o.alerting, disabled: true, burnrates: false, absent: false } });
const fast = (o: PyrraObjective): PyrraObjective => ({ ...o, performanceOverAccuracy: true });
const handler = re('handler', '/api.*');

function httpNativeLatency(): PyrraObjective {
  const o = httpLatency();
  const total = { name: 'http_request_duration_seconds', matchers: [eq('job', 'metrics-service-thanos-receive-default'), re('code', '2..'), eq('__name__', 'http_request_duration_seconds')] };
  return { ...o, indicator: { kind: 'latencyNative', latency: 1000, total, grouping: [] } };
}

/** promql_test.go's objectives by name. */
const objectives: Record<string, () => PyrraObjective> = {
  objectiveHTTPNativeLatency: httpNativeLatency,
  objectiveHTTPRatio: httpRatio,
  objectiveHTTPRatioGrouping: () => grouped(httpRatio(), ['job', 'handler']),
  objectiveHTTPRatioGroupingLessAccurate: () => fast(httpRatio()),
  objectiveHTTPRatioGroupingRegex: () => withMatcher(grouped(httpRatio(), ['job', 'handler']), handler),
  objectiveGRPCRatio: grpcRatio,
  objectiveGRPCRatioGrouping: () => grouped(grpcRatio(), ['job', 'handler']),
  objectiveGRPCRatioGroupingLessAccuracy: () => fast(grouped(grpcRatio(), ['job', 'handler'])),
  objectiveHTTPLatency: httpLatency,
  objectiveHTTPLatencyGrouping: () => grouped(httpLatency(), ['job', 'handler']),
  objectiveHTTPLatencyGroupingRegex: () => withMatcher(grouped(httpLatency(), ['job', 'handler']), handler),
  objectiveHTTPLatencyGroupingRegexLessAccuracy: () => fast(withMatcher(grouped(httpLatency(), ['job', 'handler']), handler)),
  objectiveGRPCLatency: grpcLatency,
  objectiveGRPCLatencyGrouping: () => grouped(grpcLatency(), ['job', 'handler']),
  objectiveOperator: operator,
  objectiveOperatorGrouping: () => grouped(operator(), ['namespace']),
  objectiveAPIServerRatio: apiServerRatio,
  objectiveAPIServerRatioGrouping: () => grouped(apiServerRatio(), ['verb']),
  objectiveAPIServerRatioAlertingDisabled: () => disabled(apiServerRatio()),
  objectiveAPIServerLatency: apiServerLatency,
  objectiveAPIServerLatencyAlertingDisabled: () => disabled(apiServerLatency()),
  objectiveAPIServerLatencyCustomAlertname: () => ({ ...apiServerLatency(), alerting: { ...alerting, name: 'APIServerLatencyErrorBudgetBurn' } }),
  objectiveUpTargets: upTargets,
  objectiveUpTargetsGroupingRegex: () => withMatcher(grouped(upTargets(), ['job', 'instance']), { name: 'instance', type: '!~', value: '(127.0.0.1|localhost).*' }),
  objectiveUpTargetsLessAccuracy: () => fast(upTargets()),
};

describe("Pyrra's rules (pyrra-dev/pyrra slo/rules_test.go)", () => {
  const cases = JSON.parse(readFileSync(path.join(pyrra, 'rules_test.expected.json'), 'utf8')) as ExpectedCase[];

  it('every case of its burn-rate and increase tests but the Prometheus 3 migration one (a flag, off by default) is generated identically', () => {
    const supported = cases.filter((c) => !c.options.includes('EnablePrometheus3Migration'));
    assert.equal(cases.length, 43);
    assert.equal(supported.length, 42);
    const differing: string[] = [];
    for (const c of supported) {
      const make = objectives[c.objective];
      assert.ok(make, `objective ${c.objective} transcribed`);
      const url = /ExternalURL: "([^"]*)"/.exec(c.options)?.[1];
      const group = c.test === 'TestObjective_Burnrates' ? pyrraBurnrateGroup(make(), { externalUrl: url }) : pyrraIncreaseGroup(make());
      try {
        assert.deepEqual(group, c.group);
      } catch (error) {
        differing.push(`${c.test} ${c.name}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(differing, []);
  });
});

describe("Pyrra's ServiceLevelObjective read, checked and generated", () => {
  it("the controller's own case (Test_makePrometheusRule \"http\") generates its PrometheusRule's groups identically, from the resource", () => {
    const expected = JSON.parse(readFileSync(path.join(pyrra, 'controller_test.expected.json'), 'utf8')) as { groups: unknown[] };
    const result = generateSloRules(readFileSync(path.join(pyrra, 'controller-http.yaml'), 'utf8'));
    assert.deepEqual(result.errors, []);
    const output = result.documents[0].output as { kind: string; metadata: unknown; spec: { groups: unknown[] } };
    assert.equal(output.kind, 'PrometheusRule');
    assert.deepEqual(output.metadata, { name: 'http', labels: { 'pyrra.dev/team': 'foo', team: 'bar' } });
    assert.deepEqual(output.spec.groups, expected.groups);
    assert.match(result.text, /^# Code generated by Archipel from a Sloth spec \(archipel\): the rules Pyrra generates\.$/m);
  });

  it('a native-histogram latency resource generates the burn rates and increases of Pyrra\'s "http-latency-native" case', () => {
    const text = [
      'apiVersion: pyrra.dev/v1alpha1',
      'kind: ServiceLevelObjective',
      'metadata:',
      '  name: monitoring-http-latency',
      'spec:',
      '  target: "99.5"',
      '  window: 4w',
      '  indicator:',
      '    latencyNative:',
      '      latency: 1s',
      '      total:',
      '        metric: http_request_duration_seconds{job="metrics-service-thanos-receive-default",code=~"2.."}',
      '',
    ].join('\n');
    const cases = JSON.parse(readFileSync(path.join(pyrra, 'rules_test.expected.json'), 'utf8')) as ExpectedCase[];
    const expected = (test: ExpectedCase['test']) => cases.find((c) => c.test === test && c.name === 'http-latency-native')?.group;
    const result = generateSloRules(text);
    assert.deepEqual(result.errors, []);
    const [increase, burnrates] = result.documents[0].groups as PyrraRuleGroup[];
    assert.deepEqual(increase, expected('TestObjective_IncreaseRules'));
    // (Pyrra's case links each alert to its external URL, which a resource does not give.)
    const linked = expected('TestObjective_Burnrates');
    assert.ok(linked);
    assert.deepEqual(burnrates, { ...linked, rules: linked.rules.map(({ annotations: _link, ...rule }) => rule) });
  });

  it("Pyrra's example SLOs are read clean (no finding) and every rule generated from them is PromQL", () => {
    const files = readdirSync(path.join(pyrra, 'examples')).filter((f) => f.endsWith('.yaml'));
    assert.equal(files.length, 16);
    const findings: string[] = [];
    let rules = 0;
    for (const file of files) {
      const text = readFileSync(path.join(pyrra, 'examples', file), 'utf8');
      // (but Kubernetes's information that it has no schema of the resource: the SLO family checks it against Pyrra's CRD)
      for (const d of diagnose(text, {}, `file:///work/slos/${file}`).filter((d) => d.code !== 'k8s-no-schema')) findings.push(`${file}:${d.range.start.line + 1} ${String(d.code)}: ${d.message}`);
      const result = generateSloRules(text);
      assert.deepEqual(result.errors, [], file);
      for (const group of result.documents.flatMap((d) => d.groups)) {
        for (const rule of group.rules) {
          rules++;
          assert.deepEqual(parsePromQL(rule.expr).problems, [], `${file} ${group.name}: ${rule.expr}`);
        }
      }
    }
    assert.deepEqual(findings, []);
    assert.ok(rules > 16 * 10, String(rules));
  });

  it('what Pyrra refuses is said on its line: the target, the window, a metric that is no selector, a latency without le, an unknown field', () => {
    const text = [
      'apiVersion: pyrra.dev/v1alpha1',
      'kind: ServiceLevelObjective',
      'metadata:',
      '  name: checkout',
      'spec:',
      '  target: 99.9',
      '  window: 4weeks',
      '  indicator:',
      '    latency:',
      '      success:',
      '        metric: http_request_duration_seconds_bucket{job="checkout"}',
      '      total:',
      '        metric: sum(rate(http_request_duration_seconds_count[5m]))',
      '  alerting:',
      '    burnRates: false',
      '',
    ].join('\n');
    const found = diagnose(text, {}, 'file:///work/slos/checkout.yaml')
      .filter((d) => String(d.code).startsWith('slo-'))
      .sort((a, b) => a.range.start.line - b.range.start.line)
      .map((d) => `${d.range.start.line + 1} ${String(d.code)}: ${covered(text, d)}: ${d.message}`);
    assert.deepEqual(found, [
      '6 slo-spec: target: spec.target: target must be a string (the resource\'s schema): "99.9"',
      '7 slo-spec: window: spec.window: window must be a Prometheus duration (28d, 2w), not "4weeks"',
      '11 slo-spec: metric: spec.indicator.latency.success.metric: latency success metric must contain a le label matcher (the bucket of the latency objective)',
      '13 slo-spec: metric: spec.indicator.latency.total.metric: latency total metric must be a PromQL vector selector with a metric name (name{label="value"}), not "sum(rate(http_request_duration_seconds_count[5m]))"',
      '15 slo-unknown-field: burnRates: Unknown field "burnRates". Did you mean "burnrates"?',
    ]);
    const generated = generateSloRules(text);
    assert.equal(generated.text, '');
    assert.deepEqual(generated.errors.map((e) => e.line + 1).sort((a, b) => a - b), [6, 7, 11, 13]);
  });
});
