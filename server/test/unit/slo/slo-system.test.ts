import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { diagnoseWorkspace, fixturesDir } from '../../helpers';
import { covered } from '../../workspace';

const folder = path.join(fixturesDir, 'slo');

/** Every file of the fixture system (relative path → text). */
function system(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(folder, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(folder);
  return files;
}

/** `line code: covered text: message` of the SLO family's diagnostics of one file of the workspace. */
function slo(files: Record<string, string>, target: string): string[] {
  const text = files[target];
  return diagnoseWorkspace(files, target)
    .filter((d) => String(d.code).startsWith('slo-'))
    .map((d) => `${d.range.start.line} ${String(d.code)}: ${covered(text, d)}: ${d.message}`);
}

describe('SLOs held against the system (slo-service, slo-metric, slo-matcher, slo-ratio, slo-objective, slo-window, slo-no-alerting)', () => {
  it('the hardened SLOs, Sloth and OpenSLO, beside their system: no finding', () => {
    const files = system();
    assert.deepEqual(slo(files, 'slos/hardened.yml'), []);
    assert.deepEqual(slo(files, 'slos/hardened.openslo.yaml'), []);
  });

  it("planted defects in a Sloth spec, each on its line: unknown service, metric no one exports, impossible matcher, objective 100.5, unknown field", () => {
    assert.deepEqual(slo(system(), 'slos/planted.yml'), [
      '4 slo-spec: objective: slos.0.objective: objective must be a number greater than 0 and at most 100',
      '12 slo-unknown-field: labells: Unknown field "labells". Did you mean "labels"?',
      '7 slo-ratio: archipel_serve_http_requests_total: The error query selects archipel_serve_http_requests_total without route="/predict", which the total query selects by: it counts series the total does not, and the ratio can pass 1.',
      '1 slo-service: predicter: The service "predicter" is no component of the system map. Did you mean "predictor"?',
      '19 slo-objective: 100: An objective of 100 leaves no error budget: every error exhausts it, and the burn rates divide by zero. Expected less than 100 (99.9).',
      '18 slo-no-alerting: name: This SLO alerts no one: its page and ticket alerts are disabled, or it has no alert policy. Its error budget can run out unnoticed.',
      '22 slo-metric: archipel_serve_request_seconds_count: archipel serve exports no metric "archipel_serve_request_seconds_count" (its /metrics: the archipel_serve_ metrics).',
      '23 slo-metric: http_requests_total: "api" does not export http_requests_total: it runs archipel serve, whose /metrics has no such metric.',
      '23 slo-matcher: job="predicter": job="predicter" never matches the series of "api": its scrape configuration gives job "predictor".',
    ]);
  });

  it('planted defects in OpenSLO SLOs, each on its line: unknown service, a metric no one exports, target 100.5, a window, an unknown field', () => {
    assert.deepEqual(slo(system(), 'slos/planted.openslo.yaml'), [
      '28 slo-openslo: 100.5: targetPercent must be a number from 0 to less than 100, not 100.5',
      '16 slo-ratio: archipel_serve_http_requests_total: The good query selects archipel_serve_http_requests_total without route="/predict", which the total query selects by: it counts series the total does not, and the ratio can pass 1.',
      '23 slo-window: 28 days: A time window needs a duration shorthand (a positive number and m, h, d, w, M, Q or Y: 28d, 1M), not "28 days".',
      '3 slo-no-alerting: name: This SLO alerts no one: its page and ticket alerts are disabled, or it has no alert policy. Its error budget can run out unnoticed.',
      '5 slo-service: predictr: The service "predictr" is no component of the system map. Did you mean "predictor"?',
      '36 slo-unknown-field: descripton: Unknown field "descripton". Did you mean "description"?',
      '33 slo-no-alerting: name: This SLO alerts no one: its page and ticket alerts are disabled, or it has no alert policy. Its error budget can run out unnoticed.',
      '45 slo-metric: node_request_seconds_bucket: "api" does not export node_request_seconds_bucket: it runs archipel serve, whose /metrics has no such metric.',
    ]);
  });

  it('without a system beside them (the SLO files alone), the checks against the system say nothing; the others stay', () => {
    const files = system();
    const alone = { 'slos/planted.yml': files['slos/planted.yml'] };
    assert.deepEqual(
      slo(alone, 'slos/planted.yml').map((line) => line.split(':')[0]),
      ['4 slo-spec', '12 slo-unknown-field', '7 slo-ratio', '19 slo-objective'],
    );
  });

  it('a matcher is checked only against labels the scrape gives: a label the target may carry itself, or a relabelled job, can match', () => {
    const files = system();
    const relabelled = files['monitoring/prometheus.yml'].replace('    static_configs:\n      - targets: ["api:5000"]', '    relabel_configs:\n      - target_label: team\n        replacement: ml\n    static_configs:\n      - targets: ["api:5000"]');
    assert.notEqual(relabelled, files['monitoring/prometheus.yml']);
    // The service is named by the job's `service` label no more (relabelled: unknown), but the component is found by its name.
    const spec = files['slos/planted.yml'].replace('service: predictor', 'service: api').replace('{job="predicter"}', '{job="predicter",handler="/predict"}');
    assert.deepEqual(
      slo({ ...files, 'monitoring/prometheus.yml': relabelled, 'slos/planted.yml': spec }, 'slos/planted.yml').filter((line) => line.includes('slo-matcher') || line.includes('slo-service')),
      ['1 slo-service: predicter: The service "predicter" is no component of the system map; its components: api, grafana, prometheus.'],
    );
  });
  it('Kubernetes: a workload scraped through the Service a ServiceMonitor selects, its namespace the one label known', () => {
    const files = {
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: checkout}\n  template:\n    metadata:\n      labels: {app: checkout}\n    spec:\n      containers:\n        - name: checkout\n          image: ghcr.io/shop/checkout:1.0.0\n          ports: [{containerPort: 8080, name: http}]\n',
      'k8s/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: checkout\n  namespace: shop\n  labels: {app: checkout}\nspec:\n  selector: {app: checkout}\n  ports: [{name: http, port: 80, targetPort: http}]\n',
      'k8s/servicemonitor.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: checkout\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: checkout}\n  endpoints: [{port: http}]\n',
      'slos/checkout.yml': 'version: prometheus/v1\nservice: checkout\nslos:\n  - name: availability\n    objective: 99.9\n    sli:\n      events:\n        error_query: sum(rate(http_requests_total{namespace="prod",job="checkout",code=~"5.."}[{{.window}}]))\n        total_query: sum(rate(http_requests_total{namespace="prod",job="checkout"}[{{.window}}]))\n    alerting:\n      name: CheckoutAvailability\n',
    };
    assert.deepEqual(slo(files, 'slos/checkout.yml'), [
      '7 slo-matcher: namespace="prod": namespace="prod" never matches the series of "checkout": its scrape configuration gives namespace "shop".',
      '8 slo-matcher: namespace="prod": namespace="prod" never matches the series of "checkout": its scrape configuration gives namespace "shop".',
    ]);
    const fixed = { ...files, 'slos/checkout.yml': files['slos/checkout.yml'].replaceAll('namespace="prod"', 'namespace="shop"') };
    assert.deepEqual(slo(fixed, 'slos/checkout.yml'), []);
  });
  it("a misspelt metric of archipel serve: the nearest it exports, as a quick fix on the name", () => {
    const files = system();
    const typo = { ...files, 'slos/hardened.yml': files['slos/hardened.yml'].replace('error_query: sum(rate(archipel_serve_http_requests_total', 'error_query: sum(rate(archipel_serve_http_request_total') };
    const found = diagnoseWorkspace(typo, 'slos/hardened.yml').filter((d) => d.code === 'slo-metric');
    assert.deepEqual(
      found.map((d) => `${d.range.start.line} ${covered(typo['slos/hardened.yml'], d)}: ${d.message} ${JSON.stringify(d.data)}`),
      ['10 archipel_serve_http_request_total: archipel serve exports no metric "archipel_serve_http_request_total". Did you mean "archipel_serve_http_requests_total"? {"replacement":"archipel_serve_http_requests_total"}'],
    );
  });
  it('a metric relabelling that drops series keeps the labels known; one that rewrites them makes them unknown', () => {
    const files = system();
    const spec = files['slos/planted.yml'];
    const matchers = (config: string) => slo({ ...files, 'monitoring/prometheus.yml': files['monitoring/prometheus.yml'].replace('          service: predictor\n', `          service: predictor\n${config}`) }, 'slos/planted.yml').filter((line) => line.includes('slo-matcher')).length;
    assert.ok(spec.includes('job="predicter"'));
    assert.equal(matchers('    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: go_.*\n        action: drop\n'), 1);
    assert.equal(matchers('    metric_relabel_configs:\n      - target_label: job\n        replacement: predicter\n'), 0);
  });
});
