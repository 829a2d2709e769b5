import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { grafanaFeature } from '../../../src/grafana/feature';
import { composeFace } from '../../../src/compose/api';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { serveMetricLabels, serveMetricTypes } from '../../../src/prometheus/serveMetrics';
import { ServeMetrics } from '../../../src/serve/metrics';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { repoRoot } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';

const monitoring = path.join(repoRoot, 'examples', 'portfolio', 'monitoring');
const exampleFiles = ['prometheus.yml', 'alerts.yml', 'grafana/provisioning/datasources/prometheus.yml', 'grafana/provisioning/dashboards/dashboards.yml', 'grafana/dashboards/serving.json', 'slo/stock-predictor.rules.yml', 'grafana/dashboards/slo-stock-predictor.json'];

/** The example's monitoring files, optionally edited, diagnosed with the Prometheus and Grafana features: `file:line code message`. */
function checkExample(edit: (name: string, text: string) => string = (_, text) => text): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const name of exampleFiles) index.update(`file:///portfolio/monitoring/${name}`, edit(name, readFileSync(path.join(monitoring, name), 'utf8')));
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return exampleFiles.flatMap((name) =>
    diagnoseFile(index.get(`file:///portfolio/monitoring/${name}`)!, [prometheusFeature({ compose: composeFace }), grafanaFeature], context).map((d) => `${name}:${d.range.start.line + 1} ${String(d.code)} ${d.message as string}`),
  );
}

describe("archipel serve's metrics in rules and dashboards", () => {
  it('the list Archipel checks against is what archipel serve registers (rename both together)', async () => {
    const registered = (await new ServeMetrics().registry.getMetricsAsJSON()).map((m) => [m.name, String(m.type)]);
    assert.deepEqual(registered, [...serveMetricTypes]);
  });

  it("the labels Archipel holds SLO matchers to are the ones archipel serve's own metrics register (#94)", () => {
    const registry = new ServeMetrics().registry;
    for (const name of ['archipel_serve_http_requests_total', 'archipel_serve_predictions_total', 'archipel_serve_model_info', 'archipel_serve_model_reloads_total', 'archipel_serve_model_load_seconds']) {
      // prom-client keeps a metric's label names on the metric (not in its typings).
      const registered = (registry.getSingleMetric(name) as unknown as { labelNames: string[] }).labelNames;
      assert.deepEqual([name, serveMetricLabels(name)], [name, registered]);
    }
    const latency = (registry.getSingleMetric('archipel_serve_http_request_duration_seconds') as unknown as { labelNames: string[] }).labelNames;
    assert.deepEqual(serveMetricLabels('archipel_serve_http_request_duration_seconds_count'), latency);
    assert.deepEqual(serveMetricLabels('archipel_serve_http_request_duration_seconds_bucket'), [...latency, 'le']);
    assert.equal(serveMetricLabels('archipel_serve_process_cpu_seconds_total'), undefined);
  });

  it('the example (examples/portfolio/monitoring) is clean', () => {
    assert.deepEqual(checkExample(), []);
  });

  it('renaming a metric flags the alert and the dashboard panel that use it', () => {
    const renamed = checkExample((_, text) => text.replaceAll('archipel_serve_predictions_total', 'archipel_serve_prediction_total'));
    assert.deepEqual(
      renamed.filter((line) => line.includes('prom-unknown-metric')).map((line) => line.split(' ')[0]),
      ['alerts.yml:10', 'alerts.yml:10', 'alerts.yml:42', 'alerts.yml:42', 'grafana/dashboards/serving.json:177'],
    );
    assert.ok(renamed[0]?.endsWith('archipel serve exposes no metric archipel_serve_prediction_total; did you mean archipel_serve_predictions_total?'), renamed[0]);
  });

  it('rate over a gauge of the service, and completion of its metrics', () => {
    const ws = new MonitoringWorkspace({ 'r.yml': 'groups:\n- name: g\n  rules:\n  - record: x:load:rate5m\n    expr: rate(archipel_serve_model_load_seconds[5m])\n' });
    assert.deepEqual(ws.shown('r.yml'), ['5: prom-rate-non-counter: archipel_serve_model_load_seconds: rate() expects a counter, but archipel_serve_model_load_seconds is a gauge']);
    const labels = ws.completion('a.yml', 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: archipel_serve_|\n').map((c) => c.label);
    assert.ok(labels.includes('archipel_serve_http_request_duration_seconds'));
  });
});
