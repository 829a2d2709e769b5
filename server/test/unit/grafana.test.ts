import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { grafanaFeature } from '../../src/grafana/feature';
import { diagnoseFile, indexOptions } from '../../src/service';
import { defaultSettings } from '../../src/settings';
import { WorkspaceIndex } from '../../src/workspace/index';
import { fixturesDir } from '../helpers';
import { covered } from '../workspace';

const settings = { ...defaultSettings, validation: { ...defaultSettings.validation, maxFileSizeKb: 2048 } };

function shown(files: Record<string, string>, target: string): string[] {
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
  it('checks the PromQL of every target, exactly placed, with variables replaced', () => {
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "sum(rate(http_requests_total{job=\\"$job\\"}[$__rate_interval])) by (status)" }') }, 'dashboards/api.json'), []);
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "sum(rate(http_requests_total[5m]) by (status)" }') }, 'dashboards/api.json'), [
      '7: grafana-promql: by: could not parse expression: unexpected "by"',
      '7: grafana-rate-interval: rate(http_requests_total[5m]: rate() over [5m]: use [$__rate_interval], never shorter than four scrape intervals',
    ]);
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "rate(x{job=\\"$job\\"})" }') }, 'dashboards/api.json'), [], 'types are not checked with variables');
    assert.deepEqual(shown({ 'dashboards/api.json': dashboard('{ "expr": "rate(x)" }') }, 'dashboards/api.json'), ['7: grafana-promql: x: could not parse expression: expected type matrix in call to function "rate", got vector']);
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

  it('real dashboards (rfmoz/grafana-dashboards, dotdc/grafana-dashboards-kubernetes) have no false error or warning', () => {
    const root = path.join(fixturesDir, 'oss', 'grafana');
    const files: Record<string, string> = {};
    for (const folder of ['rfmoz', 'dotdc']) for (const name of readdirSync(path.join(root, folder))) files[`${folder}/${name}`] = readFileSync(path.join(root, folder, name), 'utf8');
    assert.equal(Object.keys(files).length, 14); // 6 + 8 dashboards
    const problems = Object.keys(files).flatMap((name) => shown(files, name).map((line) => `${name}:${line}`));
    assert.deepEqual(problems.filter((line) => !line.includes('grafana-rate-interval')), []);
  });
});
