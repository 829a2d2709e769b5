/**
 * `GET /metrics` (issue #21): Prometheus text exposition through prom-client, on a registry of the
 * service's own (never the library's global one, so two services in one process do not mix):
 * requests by route and status, latency histograms, predictions per class, batch sizes, model load
 * time and version, and prom-client's process metrics.
 */
import type { TabularModel } from '../predict/api';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServiceEvents } from './service';

export class ServeMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route'>;
  private readonly predictions: Counter<'class'>;
  private readonly batchSize: Histogram;
  private readonly loadSeconds: Gauge;
  private readonly modelInfo: Gauge<'version' | 'sha256' | 'name'>;
  private readonly reloads: Counter<'outcome'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'archipel_serve_' });
    this.requests = new Counter({ name: 'archipel_serve_http_requests_total', help: 'HTTP requests by method, route and status code', labelNames: ['method', 'route', 'status'], registers });
    this.latency = new Histogram({
      name: 'archipel_serve_http_request_duration_seconds',
      help: 'HTTP request latency by method and route (seconds)',
      labelNames: ['method', 'route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.predictions = new Counter({ name: 'archipel_serve_predictions_total', help: 'Predictions by predicted class', labelNames: ['class'], registers });
    this.batchSize = new Histogram({ name: 'archipel_serve_inference_batch_rows', help: 'Rows per model inference (micro-batches and /predict/batch)', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 1000, 10000], registers });
    // Across the workers of `archipel serve --workers N` counters and histograms are summed; these two are not.
    this.loadSeconds = new Gauge({ name: 'archipel_serve_model_load_seconds', help: 'Time the serving model took to load and check (seconds)', registers, aggregator: 'max' });
    this.modelInfo = new Gauge({ name: 'archipel_serve_model_info', help: 'The serving model (value 1), by version, sha256 and file name', labelNames: ['version', 'sha256', 'name'], registers, aggregator: 'max' });
    this.reloads = new Counter({ name: 'archipel_serve_model_reloads_total', help: 'Model reloads by outcome (reloaded, refused)', labelNames: ['outcome'], registers });
  }

  /** The hooks the service calls. */
  events(): ServiceEvents {
    return {
      batch: (rows) => this.batchSize.observe(rows),
      predicted: (label, count) => this.predictions.inc({ class: label }, count),
      loaded: (model: TabularModel, seconds) => {
        this.loadSeconds.set(seconds);
        this.modelInfo.reset();
        this.modelInfo.set({ version: model.card.version ?? model.sha256.slice(0, 12), sha256: model.sha256, name: model.file.split(/[\\/]/).pop() ?? model.file }, 1);
      },
      reload: (outcome) => this.reloads.inc({ outcome }),
    };
  }

  /** One answered request. */
  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** In a cluster worker: answers the primary's requests for this worker's metrics (clusterText). */
  shareWithPrimary(): void {
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries(this.registry);
  }
}

/** In the cluster's primary: every worker's metrics, summed (a worker that does not answer within 5 s fails it). */
export function clusterMetrics(): () => Promise<string> {
  const aggregator = new AggregatorRegistry();
  return () => aggregator.clusterMetrics();
}
