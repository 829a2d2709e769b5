/**
 * The metrics `archipel serve` exposes on /metrics (server/src/serve/metrics.ts: prom-client's process
 * and Node.js metrics under the archipel_serve_ prefix, then the service's own), with their types.
 * A unit test (prometheus-serve-metrics.test.ts) compares this list with what the service registers,
 * so that renaming a metric there fails until it is renamed here too.
 */
export const serveMetricTypes: ReadonlyMap<string, string> = new Map([
  ['archipel_serve_process_cpu_user_seconds_total', 'counter'],
  ['archipel_serve_process_cpu_system_seconds_total', 'counter'],
  ['archipel_serve_process_cpu_seconds_total', 'counter'],
  ['archipel_serve_process_start_time_seconds', 'gauge'],
  ['archipel_serve_process_resident_memory_bytes', 'gauge'],
  ['archipel_serve_process_virtual_memory_bytes', 'gauge'],
  ['archipel_serve_process_heap_bytes', 'gauge'],
  ['archipel_serve_process_open_fds', 'gauge'],
  ['archipel_serve_process_max_fds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_seconds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_min_seconds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_max_seconds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_mean_seconds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_stddev_seconds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_p50_seconds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_p90_seconds', 'gauge'],
  ['archipel_serve_nodejs_eventloop_lag_p99_seconds', 'gauge'],
  ['archipel_serve_nodejs_active_resources', 'gauge'],
  ['archipel_serve_nodejs_active_resources_total', 'gauge'],
  ['archipel_serve_nodejs_active_handles', 'gauge'],
  ['archipel_serve_nodejs_active_handles_total', 'gauge'],
  ['archipel_serve_nodejs_active_requests', 'gauge'],
  ['archipel_serve_nodejs_active_requests_total', 'gauge'],
  ['archipel_serve_nodejs_heap_size_total_bytes', 'gauge'],
  ['archipel_serve_nodejs_heap_size_used_bytes', 'gauge'],
  ['archipel_serve_nodejs_external_memory_bytes', 'gauge'],
  ['archipel_serve_nodejs_heap_space_size_total_bytes', 'gauge'],
  ['archipel_serve_nodejs_heap_space_size_used_bytes', 'gauge'],
  ['archipel_serve_nodejs_heap_space_size_available_bytes', 'gauge'],
  ['archipel_serve_nodejs_version_info', 'gauge'],
  ['archipel_serve_nodejs_gc_duration_seconds', 'histogram'],
  ['archipel_serve_http_requests_total', 'counter'],
  ['archipel_serve_http_request_duration_seconds', 'histogram'],
  ['archipel_serve_predictions_total', 'counter'],
  ['archipel_serve_inference_batch_rows', 'histogram'],
  ['archipel_serve_model_load_seconds', 'gauge'],
  ['archipel_serve_model_info', 'gauge'],
  ['archipel_serve_model_reloads_total', 'counter'],
]);

/**
 * The label names of the service's own metrics (serve/metrics.ts's labelNames; prometheus-serve-metrics.test.ts holds
 * them to what it registers): what a matcher on another label can never select. The process and Node.js metrics are
 * left out (prom-client's own: their labels are not listed here, so nothing is said of them).
 */
const serveOwnLabels: ReadonlyMap<string, readonly string[]> = new Map([
  ['archipel_serve_http_requests_total', ['method', 'route', 'status']],
  ['archipel_serve_http_request_duration_seconds', ['method', 'route']],
  ['archipel_serve_predictions_total', ['class']],
  ['archipel_serve_inference_batch_rows', []],
  ['archipel_serve_model_load_seconds', []],
  ['archipel_serve_model_info', ['version', 'sha256', 'name']],
  ['archipel_serve_model_reloads_total', ['outcome']],
]);

/** The labels the service gives a series of its own metrics (a histogram's _bucket adds `le`), or undefined when not known. */
export function serveMetricLabels(name: string): readonly string[] | undefined {
  if (!name.startsWith(serveMetricPrefix)) return undefined;
  const own = serveOwnLabels.get(name);
  if (own) return serveMetricTypes.get(name) === 'histogram' ? undefined : own;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const labels = base !== name && serveMetricTypes.get(base) === 'histogram' ? serveOwnLabels.get(base) : undefined;
  return labels && name.endsWith('_bucket') ? [...labels, 'le'] : labels;
}

/** The prefix of every metric of archipel serve: names under it that the service does not expose are typos or renamed metrics. */
export const serveMetricPrefix = 'archipel_serve_';

/** Whether the service exposes `name`, a histogram's series (_bucket, _sum, _count) included. */
export function servesMetric(name: string): boolean {
  if (serveMetricTypes.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && serveMetricTypes.get(base) === 'histogram';
}

/** The type of a series of the service (a histogram's _bucket/_sum/_count series are counters). */
export function serveMetricType(name: string): string | undefined {
  // Every reference of every rule asks: most are not the service's.
  if (!name.startsWith(serveMetricPrefix)) return undefined;
  return serveMetricTypes.get(name) ?? (servesMetric(name) ? 'counter' : undefined);
}
