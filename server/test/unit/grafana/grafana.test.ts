import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { grafanaFeature } from '../../../src/grafana/feature';
import type { DatasourceFlavour } from '../../../src/grafana/settings';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { covered } from '../../workspace';

const base = { ...defaultSettings, validation: { ...defaultSettings.validation, maxFileSizeKb: 2048 } };

function shown(files: Record<string, string>, target: string, flavours: Record<string, DatasourceFlavour> = {}): string[] {
  const settings = { ...base, grafana: { ...base.grafana, datasources: flavours } };
  const index = new WorkspaceIndex(indexOptions(settings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///work/${name}`, text);
  const text = files[target];
  return diagnoseFile(index.get(`file:///work/${target}`)!, [grafanaFeature], { index, settings, isCancelled: () => false }).map(
    (d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(text, d)}: ${d.message as string}`,
  );
}

const dashboard = (targets: string, extra = '') => `{
  "title": "API",
  "schemaVersion": 39,
  "templating": { "list": [ { "name": "job", "type": "query" }, { "name": "ds", "type": "datasource" } ] },
  "panels": [
    { "id": 1, "type": "timeseries", "datasource": { "type": "prometheus", "uid": "\${ds}" },
      "targets": [ ${targets} ] },
    { "id": 2, "type": "row", "panels": [ { "id": ${extra || '3'}, "type": "stat", "targets": [] } ] }
  ]
}
`;

describe('Grafana dashboards and provisioning', () => {
  it("an escaped dollar in a query's regex (\\\\$SYS: monitoring-mixins' ibm-mq, a literal $SYS) is no variable; an unescaped one still is (#94)", () => {
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "count(ibmmq_topic_subscriber_count{topic!~\\"SYSTEM.*|\\\\\\\\$SYS.*|\\"})" }') }, 'dashboards/api.json'), []);
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "count(ibmmq_topic_subscriber_count{topic!~\\"SYSTEM.*|$SYS.*|\\"})" }') }, 'dashboards/api.json'), ['7: grafana-undefined-variable: $SYS: variable SYS is not defined by the dashboard (templating or __inputs)']);
  });

  it("a mixin's dashboard source (no templating: grafana/loki's dashboard-loki-logs.json, which loki-logs.libsonnet imports) is not judged as a finished dashboard; its LogQL is not PromQL (#94)", () => {
    const text = readFileSync(path.join(fixturesDir, 'oss', 'loki', 'production', 'loki-mixin', 'dashboards', 'dashboard-loki-logs.json'), 'utf8');
    assert.deepEqual(shown({ 'dashboards/dashboard-loki-logs.json': text }, 'dashboards/dashboard-loki-logs.json').filter((line) => !line.includes('grafana-rate-interval')), [
      "26: grafana-undefined-variable: \"panels\": a dashboard source without templating (the input of a jsonnet program, a mixin's JSON): the program defines its variables; they are not checked here",
    ]);
    // Its LogQL queries (lines 806, 871, on $loki_datasource, which the program defines) are not PromQL errors.
  });

  it('checks the PromQL of every target, exactly placed, with variables replaced', () => {
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "sum(rate(http_requests_total{job=\\"$job\\"}[$__rate_interval])) by (status)" }') }, 'dashboards/api.json'), []);
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "sum(rate(http_requests_total[5m]) by (status)" }') }, 'dashboards/api.json'), [
      '7: grafana-promql: by: could not parse expression: unexpected <by>',
      '7: grafana-rate-interval: rate(http_requests_total[5m]: rate() over [5m]: use [$__rate_interval], never shorter than four scrape intervals',
    ]);
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "rate(x{job=\\"$job\\"})" }') }, 'dashboards/api.json'), [], 'types are not checked with variables');
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "rate(x)" }') }, 'dashboards/api.json'), ['7: grafana-promql: x: could not parse expression: expected type range vector in call to function "rate", got instant vector']);
    // rate() over a gauge archipel serve declares, as in a rule file.
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "rate(archipel_serve_model_load_seconds[5m])" }') }, 'dashboards/api.json'), [
      '7: prom-rate-non-counter: archipel_serve_model_load_seconds: rate() expects a counter, but archipel_serve_model_load_seconds is a gauge',
      '7: grafana-rate-interval: rate(archipel_serve_model_load_seconds[5m]: rate() over [5m]: use [$__rate_interval], never shorter than four scrape intervals',
    ]);
  });

  it('variables used and not defined; built-ins and __inputs are defined', () => {
    assert.deepEqual(shown({ 'd.json': dashboard('{ "expr": "up{job=\\"$job\\", pod=\\"${pod}\\", x=\\"$__interval\\"}" }') }, 'd.json'), [
      '7: grafana-undefined-variable: ${pod}: variable pod is not defined by the dashboard (templating or __inputs)',
    ]);
  });

  it('panel ids unique, nested rows included', () => {
    assert.deepEqual(shown({ 'd.json': dashboard('', '1') }, 'd.json'), ['8: grafana-panel-id: 1: panel id 1 is used by another panel of the dashboard']);
  });

  it('datasource references resolve to a variable, an input or a provisioned datasource', () => {
    const provisioning = 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    uid: prom\n    type: prometheus\n    url: http://prometheus:9090\n';
    const text = dashboard('{ "expr": "up", "datasource": { "type": "prometheus", "uid": "promx" } }, { "expr": "up", "datasource": { "type": "prometheus", "uid": "prom" } }, { "expr": "up", "datasource": "${DS_NOPE}" }');
    assert.deepEqual(shown({ 'provisioning/datasources/ds.yml': provisioning, 'd.json': text }, 'd.json'), [
      '7: grafana-datasource: "promx": datasource promx is not provisioned in the workspace (known: Prometheus, prom)',
      '7: grafana-datasource: "${DS_NOPE}": datasource ${DS_NOPE} names no variable or input of the dashboard',
    ]);
  });

  it('reads v2 dashboards (dashboard.grafana.app)', () => {
    const v2 = 'apiVersion: dashboard.grafana.app/v2beta1\nkind: Dashboard\nmetadata:\n  name: api\nspec:\n  variables:\n    - kind: QueryVariable\n      spec:\n        name: job\n  elements:\n    panel-1:\n      kind: Panel\n      spec:\n        id: 1\n        title: Requests\n        data:\n          kind: QueryGroup\n          spec:\n            queries:\n              - kind: PanelQuery\n                spec:\n                  query:\n                    kind: DataQuery\n                    group: prometheus\n                    spec:\n                      expr: rate(x{job="$job", a="$nope"}[$__rate_interval]) +\n';
    assert.deepEqual(shown({ 'dashboards/api.yaml': v2 }, 'dashboards/api.yaml'), [
      '26: grafana-undefined-variable: $nope: variable nope is not defined by the dashboard (templating or __inputs)',
      '26: grafana-promql: rate(x{job="$job", a="$nope"}[$__rate_interval]) +: could not parse expression: unexpected end of input',
    ]);
  });

  it('provisioning: datasources and dashboard providers', () => {
    const datasources = 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    isDefault: true\n  - name: Prometheus\n    type: prometheus\n  - name: Loki\n    isDefault: true\n';
    assert.deepEqual(shown({ 'ds.yml': datasources }, 'ds.yml'), [
      '6: grafana-provisioning: Prometheus: datasource name Prometheus is provisioned twice',
      '8: grafana-provisioning: Loki: datasource Loki has no type (prometheus, loki, …)',
      '9: grafana-provisioning: isDefault: Only one datasource per organization can be marked as default',
    ]);
    const providers = 'apiVersion: 1\nproviders:\n  - name: default\n    type: file\n    options:\n      path: /var/lib/grafana/dashboards\n  - name: other\n    type: file\n';
    assert.deepEqual(shown({ 'dashboards.yml': providers }, 'dashboards.yml'), ['7: grafana-provisioning: name: dashboard provider other has no options.path']);
  });

  // The queries below are the corpus's own (monitoring-mixins' and Percona's dashboards, SOURCES.md).
  const withVariables = (variables: string, panelDatasource: string, targets: string) => `{
  "schemaVersion": 39,
  "templating": { "list": [ { "name": "job", "type": "query" }, ${variables} ] },
  "panels": [ { "id": 1, "type": "timeseries", "datasource": ${panelDatasource}, "targets": [ ${targets} ] } ]
}
`;
  const prometheusVariable = '{ "name": "datasource", "type": "datasource", "query": "prometheus" }';
  const lokiVariable = '{ "name": "loki_datasource", "type": "datasource", "query": "loki" }';
  // nginx-logs.json (nginx mixin): LogQL, its panels' datasource a variable of Loki datasources.
  const logql = '"expr": "sum by (status) (count_over_time({job=~\\"$job\\"} | json |  __error__=\\"\\" [$__interval]))"';

  it('a negative offset reads a duration: offset -$__interval (mssql mixin)', () => {
    const expr = '{ "expr": "increase(mssql_kill_connection_errors_total{job=~\\"integrations/mssql\\",job=~\\"$job\\"}[$__interval:] offset -$__interval)" }';
    assert.deepEqual(shown({ 'd.json': withVariables(prometheusVariable, '"$datasource"', expr) }, 'd.json'), []);
  });

  it('$1 in label_replace is the regular expression\'s group, not a variable', () => {
    const expr = '{ "expr": "label_replace(up{job=\\"$job\\"}, \\"node\\", \\"$1\\", \\"instance\\", \\"(.*):.*\\")" }, { "expr": "label_replace(up, \\"node\\", \\"${1}\\", \\"instance\\", \\"(.*):.*\\") + $2" }';
    assert.deepEqual(shown({ 'd.json': withVariables(prometheusVariable, '"$datasource"', expr) }, 'd.json'), [
      "4: grafana-promql: $: could not parse expression: unexpected character: '$'",
    ]);
  });

  it('LogQL is not PromQL: a Loki datasource through a variable (uid and query: loki), a typed reference or a name', () => {
    const throughVariable = withVariables(`${prometheusVariable}, ${lokiVariable}`, '{ "uid": "$loki_datasource" }', `{ ${logql}, "datasource": { "uid": "$loki_datasource" } }`);
    assert.deepEqual(shown({ 'd.json': throughVariable }, 'd.json'), []);
    // The panel says Loki; the query names the variable only (nginx-logs.json).
    assert.deepEqual(shown({ 'd.json': withVariables(lokiVariable, '{ "type": "loki", "uid": "$loki_datasource" }', `{ ${logql}, "datasource": { "uid": "$loki_datasource" } }`) }, 'd.json'), []);
    assert.deepEqual(shown({ 'd.json': withVariables(prometheusVariable, '"Loki"', `{ ${logql} }`) }, 'd.json'), []);
    assert.deepEqual(shown({ 'd.json': withVariables(prometheusVariable, '"$datasource"', `{ ${logql} }`) }, 'd.json'), [
      `4: grafana-promql: "sum by (status) (count_over_time({job=~\\"$job\\"} | json |  __error__=\\"\\" [$__interval]))": could not parse expression: unexpected character: '|'`,
    ], 'the same query on a Prometheus datasource is PromQL');
    // Variables are still checked in LogQL.
    assert.deepEqual(shown({ 'd.json': withVariables(lokiVariable, '"$loki_datasource"', '{ "expr": "{job=~\\"$jobs\\"} |= \\"error\\"" }') }, 'd.json'), [
      '4: grafana-undefined-variable: $jobs: variable jobs is not defined by the dashboard (templating or __inputs)',
    ]);
  });

  it('a datasource\'s flavour declared in archipel.grafana.datasources: MetricsQL (Percona PMM\'s "Metrics", VictoriaMetrics) is not PromQL', () => {
    // Percona's Home_Dashboard.json: topk_max is MetricsQL.
    const metricsql = '{ "expr": "topk_max(10, avg by (node_name) (rate(node_cpu_seconds_total{mode=\\"idle\\"}[$__rate_interval])))", "datasource": "Metrics" }';
    const text = withVariables(prometheusVariable, '"Metrics"', metricsql);
    assert.deepEqual(shown({ 'd.json': text }, 'd.json'), ['4: grafana-promql: "topk_max(10, avg by (node_name) (rate(node_cpu_seconds_total{mode=\\"idle\\"}[$__rate_interval])))": could not parse expression: unknown function with name "topk_max"']);
    assert.deepEqual(shown({ 'd.json': text }, 'd.json', { Metrics: 'metricsql' }), []);
    // `default`: panels naming no datasource (databases_overview.json); a variable as written (`$ds`).
    const bare = '{ "schemaVersion": 39, "panels": [ { "id": 1, "targets": [ { "expr": "bottomk(3,range_last(mysql_global_status_uptime[30s]))" } ] } ] }';
    assert.equal(shown({ 'd.json': bare }, 'd.json').length, 1);
    assert.deepEqual(shown({ 'd.json': bare }, 'd.json', { default: 'metricsql' }), []);
    const throughVariable = withVariables('{ "name": "ds", "type": "datasource", "query": "prometheus" }', '{ "type": "prometheus", "uid": "$ds" }', '{ "expr": "buckets_limit(12, prometheus_buckets(sum(rate(vm_promscrape_scrape_duration_seconds_bucket[5m])) by(vmrange)))" }');
    assert.deepEqual(shown({ 'd.json': throughVariable }, 'd.json', { $ds: 'metricsql' }), []);
    // A provisioned Loki datasource named otherwise is Loki too.
    const provisioning = 'apiVersion: 1\ndatasources:\n  - name: Logs\n    type: loki\n    url: http://loki:3100\n';
    assert.deepEqual(shown({ 'provisioning/datasources/ds.yml': provisioning, 'd.json': withVariables(prometheusVariable, '"Logs"', `{ ${logql} }`) }, 'd.json'), []);
  });

  it('real dashboards (monitoring-mixins, Percona, rfmoz, dotdc: SOURCES.md) have no false error or warning; the true ones listed', function () {
    this.timeout(600_000);
    const root = path.join(fixturesDir, 'oss', 'grafana');
    // Percona's PMM serves VictoriaMetrics as its Prometheus-typed "Metrics" datasource (and as the
    // default one, and through its $ds variable): MetricsQL, declared as a PMM user declares it.
    const percona: Record<string, DatasourceFlavour> = { Metrics: 'metricsql', default: 'metricsql', $ds: 'metricsql' };
    const problems: string[] = [];
    let count = 0;
    for (const [folder, flavours] of [['monitoring-mixins', {}], ['percona', percona], ['rfmoz', {}], ['dotdc', {}]] as const) {
      const settings = { ...base, grafana: { ...base.grafana, datasources: flavours } };
      const index = new WorkspaceIndex(indexOptions(settings));
      const names = readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json') && name !== 'mixins.json').sort();
      for (const name of names) {
        const uri = `file:///work/dashboards/${folder}/${name.split(path.sep).join('/')}`;
        const file = index.update(uri, readFileSync(path.join(root, folder, name), 'utf8'));
        count++;
        for (const d of diagnoseFile(file, [grafanaFeature], { index, settings, isCancelled: () => false })) {
          if (d.code !== 'grafana-rate-interval') problems.push(`${folder}/${name.split(path.sep).join('/')}:${d.range.start.line + 1}: ${String(d.code)}: ${covered(file.text, d)}`);
        }
      }
    }
    assert.equal(count, 416); // 322 + 80 + 6 + 8 dashboards
    // Each one true (docs of the judgement in SOURCES.md): a jsonnet placeholder left in a rendered
    // query, variables no templating defines (Grafana leaves them as written: the query matches
    // nothing), panels copied with their ids.
    assert.deepEqual([...new Set(problems)], [
      'monitoring-mixins/ceph/multi-cluster-overview.json:1183: grafana-undefined-variable: ${Cluster}',
      'monitoring-mixins/ceph/radosgw-sync-overview.json:518: grafana-promql: "rate(ceph_rgw_sync_delta_sync_delta{%(matchers)s}[$__rate_interval])"',
      'monitoring-mixins/loki/loki-operational.json:4820: grafana-panel-id: 78',
      'monitoring-mixins/loki/loki-operational.json:4841: grafana-panel-id: 79',
      'monitoring-mixins/loki/loki-operational.json:4944: grafana-panel-id: 80',
      'monitoring-mixins/nginx/nginx-logs.json:1570: grafana-undefined-variable: $host',
      'monitoring-mixins/nodejs/nodejs-overview.json:199: grafana-undefined-variable: $hostname',
      'percona/Experimental/PMM_Health.json:6049: grafana-undefined-variable: $peaks',
      'percona/Experimental/PXC_Galera_Cluster_Summary_Experimental.json:1598: grafana-undefined-variable: $service_name',
      'percona/Experimental/PXC_Galera_Cluster_Summary_Experimental.json:4369: grafana-undefined-variable: $service_name',
      'percona/MySQL/HAProxy_Instance_Summary.json:7592: grafana-undefined-variable: $proxysql',
      'percona/MySQL/HAProxy_Instance_Summary.json:7606: grafana-undefined-variable: $proxysql',
      'percona/MySQL/HAProxy_Instance_Summary.json:7617: grafana-undefined-variable: $proxysql',
      'percona/MySQL/HAProxy_Instance_Summary.json:7625: grafana-undefined-variable: $proxysql',
      'percona/MySQL/HAProxy_Instance_Summary.json:7633: grafana-undefined-variable: $proxysql',
      'percona/OS/Network_Details.json:1721: grafana-undefined-variable: $node',
    ]);
  });
});
