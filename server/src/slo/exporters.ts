/**
 * What a component exports on its /metrics, by what it runs (its technology, features/system/technology.ts): the
 * metric prefixes of the servers whose image is its own exporter, each from the product's documentation or its
 * /metrics page. A product missing here, or one that relays others' metrics (Pushgateway, the OpenTelemetry
 * Collector, a database whose exporter is a sidecar), is unknown: an SLO on it is not checked for its metrics.
 */

/** Go programs instrumented with client_golang expose these beside their own (client_golang's Go and process collectors). */
const GO = ['go_', 'process_', 'promhttp_'];

/** A product's own prefixes, and where they are documented. */
const table: ReadonlyMap<string, readonly string[]> = new Map([
  // https://prometheus.io/docs/prometheus/latest/ (a server's /metrics: prometheus_*, net_conntrack_*).
  ['Prometheus', ['prometheus_', 'net_conntrack_', ...GO]],
  // https://github.com/prometheus/alertmanager (alertmanager_*, net_conntrack_*).
  ['Alertmanager', ['alertmanager_', 'net_conntrack_', ...GO]],
  // https://grafana.com/docs/grafana/latest/setup-grafana/set-up-grafana-monitoring/ (grafana_*).
  ['Grafana', ['grafana_', ...GO]],
  // https://github.com/prometheus/node_exporter (node_*).
  ['node-exporter', ['node_', ...GO]],
  // https://github.com/prometheus/blackbox_exporter (probe_*, blackbox_*).
  ['blackbox-exporter', ['probe_', 'blackbox_', ...GO]],
  // https://github.com/google/cadvisor/blob/master/docs/storage/prometheus.md (container_*, machine_*, cadvisor_*).
  ['cAdvisor', ['container_', 'machine_', 'cadvisor_', ...GO]],
  // https://grafana.com/docs/loki/latest/operations/observability/ (loki_*).
  ['Loki', ['loki_', ...GO]],
  // https://grafana.com/docs/tempo/latest/operations/monitor/ (tempo_*, tempodb_*).
  ['Tempo', ['tempo_', 'tempodb_', ...GO]],
]);

/**
 * The series Prometheus adds to every target it scrapes (https://prometheus.io/docs/concepts/jobs_instances/):
 * exported, in the SLO's sense, by any scraped component.
 */
const SYNTHETIC = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added']);

/** What a component's /metrics holds: a test of a metric's name, or undefined when not known. */
export type ExportTest = (metric: string) => boolean;

/**
 * The test for a component running `technology`; `serve` is archipel serve's own list (the Prometheus family's face).
 * Undefined: what it exports is not known.
 */
export function exportsOf(technology: string | undefined, serve: ExportTest | undefined): ExportTest | undefined {
  if (technology === 'archipel serve' && serve) return (metric) => SYNTHETIC.has(metric) || serve(metric);
  const prefixes = technology === undefined ? undefined : table.get(technology);
  if (!prefixes) return undefined;
  return (metric) => SYNTHETIC.has(metric) || prefixes.some((prefix) => metric.startsWith(prefix));
}

