import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { grafanaFeature } from '../../../src/grafana/feature';
import { composeFace } from '../../../src/compose/api';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { familyFiles } from '../../../src/families';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { repoRoot } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';

/** The Prometheus feature, with the Compose family's face a run with Compose files gives it (Family.faces). */
const prometheus = prometheusFeature({ compose: composeFace });

const portfolio = path.join(repoRoot, 'examples', 'portfolio');
const exampleFiles = [
  'docker-compose.yml',
  'monitoring/prometheus.yml',
  'monitoring/alerts.yml',
  'monitoring/slo/stock-predictor.rules.yml',
  'monitoring/grafana/provisioning/datasources/prometheus.yml',
  'monitoring/grafana/provisioning/dashboards/dashboards.yml',
  'monitoring/grafana/dashboards/serving.json',
  'monitoring/grafana/dashboards/slo-stock-predictor.json',
];

/** The example's Compose file and monitoring files (a copy in memory, optionally edited), diagnosed: `file:line code message`. */
function checkStack(edit: (name: string, text: string) => string = (_, text) => text, settings = defaultSettings): string[] {
  const index = new WorkspaceIndex(indexOptions(settings));
  for (const name of exampleFiles) index.update(`file:///portfolio/${name}`, edit(name, readFileSync(path.join(portfolio, name), 'utf8')));
  const context = { index, settings, isCancelled: () => false };
  return exampleFiles
    .filter((name) => name !== 'docker-compose.yml')
    .flatMap((name) => diagnoseFile(index.get(`file:///portfolio/${name}`)!, [prometheus, grafanaFeature], context).map((d) => `${name}:${d.range.start.line + 1} ${String(d.code)} ${d.message as string}`));
}

describe('Across the stack: Prometheus and Grafana targets against the Compose project', () => {
  it('the example with its docker-compose.yml is clean', () => {
    assert.deepEqual(checkStack(), []);
  });

  it("renaming the API's service in Compose flags the scrape target", () => {
    const renamed = checkStack((name, text) => (name === 'docker-compose.yml' ? text.replace(/^ {2}api:$/m, '  predictor:').replace('      api:\n        condition', '      predictor:\n        condition') : text));
    assert.deepEqual(renamed, ['monitoring/prometheus.yml:24 prom-target-service no service api in the Compose project (docker-compose.yml) answers "api:5000"']);
  });

  it("renaming Prometheus's service flags Grafana's datasource URL, with the closest name", () => {
    const renamed = checkStack((name, text) => (name === 'docker-compose.yml' ? text.replace(/^ {2}prometheus:$/m, '  prometheus2:').replace('      prometheus:\n        condition', '      prometheus2:\n        condition') : text));
    assert.deepEqual(renamed, ['monitoring/grafana/provisioning/datasources/prometheus.yml:8 grafana-datasource-url no service prometheus in the Compose project (docker-compose.yml) answers "prometheus:9090"; did you mean prometheus2?']);
  });

  it('a port the service does not declare, in a scrape target, an Alertmanager target and a datasource URL', () => {
    const moved = checkStack((name, text) => {
      if (name === 'monitoring/prometheus.yml') return text.replace('"api:5000"', '"api:8080"').replace('"alertmanager:9093"', '"alertmanager:9094"');
      if (name.endsWith('datasources/prometheus.yml')) return text.replace('http://prometheus:9090', 'http://prometheus:9091/');
      return text;
    });
    assert.deepEqual(moved, [
      'monitoring/prometheus.yml:24 prom-target-service Compose service api declares port(s) 5000, not 8080 ("api:8080")',
      'monitoring/prometheus.yml:18 prom-target-service Compose service alertmanager declares port(s) 9093, not 9094 ("alertmanager:9094")',
      'monitoring/grafana/provisioning/datasources/prometheus.yml:8 grafana-datasource-url Compose service prometheus declares port(s) 9090, not 9091 ("prometheus:9091")',
    ]);
  });

  it('the example with a renamed metric flags the alert and the dashboard panel', () => {
    const renamed = checkStack((_, text) => text.replaceAll('archipel_serve_http_requests_total', 'archipel_serve_http_request_total'));
    const flagged = renamed.filter((line) => line.includes('prom-unknown-metric'));
    assert.ok(flagged.some((line) => line.startsWith('monitoring/alerts.yml:')), renamed.join('\n'));
    assert.ok(flagged.some((line) => line.startsWith('monitoring/grafana/dashboards/serving.json:')), renamed.join('\n'));
    assert.equal(flagged.length, renamed.length, renamed.join('\n'));
  });

  it('names Compose answers: container_name, network aliases, links, expose and port ranges; localhost, IPs and dotted names are not read', () => {
    const ws = new MonitoringWorkspace({
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: app',
        '    container_name: app-main',
        '    expose: ["8000-8010"]',
        '    networks:',
        '      back:',
        '        aliases: [backend]',
        '  web:',
        '    image: web',
        '    links: ["app:legacy"]',
        '    ports:',
        '      - target: 80',
        '        published: 8080',
        '      - "127.0.0.1:9100:9100/tcp"',
        '  quiet:',
        '    image: quiet',
        'networks:',
        '  back: {}',
        '',
      ].join('\n'),
      'prometheus.yml': [
        'scrape_configs:',
        '  - job_name: a',
        '    static_configs:',
        '      - targets: ["app:8005", "app-main:8000", "backend:8010", "legacy:8001", "web:80", "web:9100", "quiet:1234", "localhost:9090", "10.0.0.1:80", "node.example.com:9100"]',
        '      - targets: ["app:9000", "web:8080", "postgres:5432"]',
        '',
      ].join('\n'),
    });
    assert.deepEqual(ws.shown('prometheus.yml'), [
      '5: prom-target-service: "app:9000": Compose service app declares port(s) 8000-8010, not 9000 ("app:9000")',
      '5: prom-target-service: "web:8080": Compose service web declares port(s) 80, 9100, not 8080 ("web:8080")',
      '5: prom-target-service: "postgres:5432": no service postgres in the Compose project (compose.yaml) answers "postgres:5432"',
    ]);
  });

  it('reads the Compose project of the nearest folder above, and the compose globs of the settings', () => {
    const config = 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ["api:5000"]\n';
    const nested = new MonitoringWorkspace({ 'docker-compose.yml': 'services:\n  web:\n    image: web\n', 'ops/monitoring/prometheus.yml': config });
    assert.deepEqual(nested.shown('ops/monitoring/prometheus.yml'), ['4: prom-target-service: "api:5000": no service api in the Compose project (docker-compose.yml) answers "api:5000"']);
    // A Compose file named otherwise is one by its content (issue #95: a service with an image or a build)...
    const byContent = new MonitoringWorkspace({ 'stack.yml': 'services:\n  web:\n    image: web\n', 'prometheus.yml': config });
    assert.deepEqual(byContent.shown('prometheus.yml'), ['4: prom-target-service: "api:5000": no service api in the Compose project (stack.yml) answers "api:5000"']);
    // ...else by the settings' globs only (an override's services, with neither).
    const override = 'services:\n  web:\n    ports:\n      - "8080:80"\n';
    const noCompose = new MonitoringWorkspace({ 'stack.yml': override, 'prometheus.yml': config });
    assert.deepEqual(noCompose.shown('prometheus.yml'), []);
    const settings = normalizeSettings({ compose: { files: ['stack.yml'] } });
    const index = new WorkspaceIndex(indexOptions(settings));
    index.update('file:///work/stack.yml', override);
    index.update('file:///work/prometheus.yml', config);
    const found = diagnoseFile(index.get('file:///work/prometheus.yml')!, [prometheus], { index, settings, isCancelled: () => false });
    assert.deepEqual(found.map((d) => d.message), ['no service api in the Compose project (stack.yml) answers "api:5000"']);
  });

  it("a datasource URL naming a Kubernetes Service's cluster name: the Service and one of its ports", () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///work/k8s/prometheus.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: prometheus\n  namespace: monitoring\nspec:\n  ports:\n    - port: 9090\n');
    const datasources = (url: string) => `apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: ${url}\n`;
    const messages = (url: string) => {
      index.update('file:///work/grafana/provisioning/datasources/ds.yml', datasources(url));
      return diagnoseFile(index.get('file:///work/grafana/provisioning/datasources/ds.yml')!, [grafanaFeature], { index, settings: defaultSettings, isCancelled: () => false }).map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.message as string}`);
    };
    assert.deepEqual(messages('http://prometheus.monitoring.svc.cluster.local:9090'), []);
    assert.deepEqual(messages('http://prometheus.monitoring.svc:9091/'), ['5 grafana-datasource-url Service prometheus.monitoring exposes port(s) 9090, not the port of "prometheus.monitoring.svc:9091"']);
    assert.deepEqual(messages('https://prometheus.default.svc'), ['5 grafana-datasource-url no Kubernetes Service prometheus.default in the workspace answers "prometheus.default.svc"']);
    assert.deepEqual(messages('http://${PROM_HOST}:9090'), []);
  });
});

describe('archipel.prometheus.files and archipel.grafana.files', () => {
  it('a Prometheus configuration without scrape_configs is read as one by its sections, or with `global:` alone in a file the globs name', () => {
    const text = 'global:\n  scrape_intervall: 1m\n';
    const check = (settings: typeof defaultSettings, main = text) => {
      const index = new WorkspaceIndex(indexOptions(settings));
      index.update('file:///w/ops/prom/main.yml', main);
      index.update('file:///w/ops/prom/rules/a.yml', 'groups: []\n');
      return diagnoseFile(index.get('file:///w/ops/prom/main.yml')!, [prometheus], { index, settings, isCancelled: () => false }).map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.message as string}`);
    };
    assert.deepEqual(check(defaultSettings), []);
    assert.deepEqual(check(normalizeSettings({ prometheus: { files: ['ops/prom/*.yml'] } })), ['2 prom-config field scrape_intervall not found in type config.plain; did you mean scrape_interval?']);
    // Recognised by content: every top-level key a section of prometheus.yml (config_with_rule_files.yml of promtool's tests).
    assert.deepEqual(check(defaultSettings, `${text}rule_files:\n  - rules/*.yml\n`), ['2 prom-config field scrape_intervall not found in type config.plain; did you mean scrape_interval?']);
    assert.deepEqual(normalizeSettings({ prometheus: { files: ['a/*.yml', 3, null] } }).prometheus.files, ['a/*.yml']);
  });

  it('a dashboard folder the globs name is selected without sniffing', () => {
    assert.equal(familyFiles(defaultSettings).match('/w/observability/boards/api.json'), 'sniff');
    assert.equal(familyFiles(normalizeSettings({ grafana: { files: ['observability/boards/*.json'] } })).match('/w/observability/boards/api.json'), 'yes');
  });
});
