/**
 * The ports products document, one table (issue #95): which of a product's ports are web ones (a WAF guards them), which
 * give only its metrics or its health (no user data, no login on them), which take raw TCP or UDP input (no web
 * application), and which products are log, trace or metrics sinks (buildTokens.ts: a client's token is never sent to
 * one). A component is its image's product, or, built from a Dockerfile, its base image's (docker-elk's Kibana, built
 * `FROM docker.elastic.co/kibana/kibana`). Pure: the map's nodes in.
 */
import type { SystemNode } from '../features/system/contributor';
import { technologyOfImage } from '../features/system/technology';
import { buildIdsOf } from './buildConsoles';

interface ProductPorts {
  /** The image repository's last part. */
  readonly image: RegExp;
  /** Its web ports (UI, HTTP APIs). */
  readonly web?: readonly number[];
  /** Ports giving only its metrics or health (a Prometheus exporter: every port). */
  readonly metrics?: readonly number[] | 'all';
  /** Ports taking raw TCP or UDP input (Logstash's Beats and TCP inputs): a protocol of their own, no web application. */
  readonly raw?: readonly number[];
  /** A log, trace or metrics sink the technology table does not know as monitoring (Seq, Zipkin, the Elastic stack). */
  readonly sink?: boolean;
}

/**
 * By image repository (its last part), one row per product: web ports (Zipkin's UI and API 9411, Jaeger's UI 16686 and its
 * collector's HTTP span intake 14268, MailDev 1080, MailHog and Mailpit 8025, Kibana 5601, Prometheus 9090, Alertmanager 9093,
 * Consul 8500, RabbitMQ's management UI 15672, MinIO's API and console 9000, 9001, the Elastic Agent's APM intake 8200 and
 * Fleet Server 8220); metrics and admin-health ports (Jaeger's admin ports: collector and all-in-one 14269, agent 14271,
 * query 16687; RabbitMQ's Prometheus plugin 15692; Logstash's monitoring API 9600; the OpenTelemetry collector's own metrics
 * 8888, health check 13133, pprof 1888 and zPages 55679; a Prometheus exporter's every port); raw
 * inputs (Logstash's Beats input 5044 and the TCP/UDP input 50000 its documentation and docker-elk configure).
 */
const PRODUCTS: readonly ProductPorts[] = [
  { image: /^zipkin(?:-slim)?$/, web: [9411], sink: true },
  { image: /^jaeger$/, web: [16686, 14268], sink: true },
  // jaegertracing/all-in-one (the repository's last part, as the technology table reads it).
  { image: /^(?:jaeger-)?all-in-one$/, web: [16686, 14268], metrics: [14269], sink: true },
  { image: /^jaeger-query$/, web: [16686], metrics: [16687], sink: true },
  { image: /^jaeger-collector$/, web: [14268], metrics: [14269], sink: true },
  { image: /^jaeger-agent$/, metrics: [14271], sink: true },
  { image: /^maildev$/, web: [1080] },
  { image: /^(?:mailhog|mailpit)$/, web: [8025] },
  { image: /^kibana$/, web: [5601], sink: true },
  { image: /^logstash$/, metrics: [9600], raw: [5044, 50000], sink: true },
  { image: /^elastic-agent(?:-complete)?$/, web: [8200, 8220] },
  { image: /^apm-server$/, web: [8200], sink: true },
  { image: /^fleet-server$/, web: [8220] },
  { image: /^prometheus$/, web: [9090], sink: true },
  { image: /^alertmanager$/, web: [9093] },
  { image: /^consul$/, web: [8500] },
  { image: /^rabbitmq$/, web: [15672], metrics: [15692] },
  { image: /^minio$/, web: [9000, 9001] },
  { image: /^seq(?:-input-[\w-]+)?$/, sink: true },
  { image: /^(?:fluent-bit|splunk|datadog|datadog-agent|otel|opentelemetry)$/, sink: true },
  // The OpenTelemetry collector's own telemetry 8888, health check 13133, pprof 1888 and zPages 55679 (its documented defaults).
  { image: /^(?:opentelemetry-collector|otelcol)(?:-[a-z0-9-]+)?$/, metrics: [8888, 13133, 1888, 55679], sink: true },
  { image: /[-_]exporter$/, metrics: 'all' },
];

/**
 * An image's repository's last part, lower case, its tag or digest left out even when a variable gives it
 * (`docker.elastic.co/kibana/kibana:${ELASTIC_VERSION:-9.5.1}` → `kibana`).
 */
function productName(image: string): string {
  const last = image.trim().slice(image.trim().lastIndexOf('/') + 1);
  return /^[^:@]*/.exec(last)![0].toLowerCase();
}

/** What the product reading needs: the map's build edges and nodes. */
export interface ProductHost {
  readonly edges: readonly { from: string; to: string; kind: string }[];
  readonly node: (id: string) => SystemNode | undefined;
}

/**
 * The build nodes that make what a component runs: those building its images, and its own build (its identity names the
 * Dockerfile's URI; the map's node for it is `file:<URI>`).
 */
export function buildNodesOf(node: SystemNode, map: ProductHost): SystemNode[] {
  const found: SystemNode[] = [];
  for (const id of buildIdsOf(node, map)) {
    const build = map.node(id) ?? (id === node.identity?.build ? map.node(`file:${id}`) : undefined);
    if (build && !found.includes(build)) found.push(build);
  }
  return found;
}

/**
 * The image repositories' last parts a component is (lower case): its image's, then the base image of each build that makes
 * what it runs (the build node's `from`, its final stage's first: the Dockerfile family reads it, a tag from a build
 * argument kept as written).
 */
export function productNamesOf(node: SystemNode | undefined, host: ProductHost): string[] {
  if (node === undefined) return [];
  const found: string[] = [];
  const add = (image: string | undefined) => {
    const name = image === undefined ? '' : productName(image);
    if (name !== '' && !found.includes(name)) found.push(name);
  };
  add(node.image);
  for (const build of buildNodesOf(node, host)) add(build.from?.[0]);
  return found;
}

/** A reading of products kept per map: each component's names read once. */
export function productReader(host: ProductHost): (node: SystemNode | undefined) => readonly string[] {
  const known = new Map<string, string[]>();
  return (node) => {
    if (node === undefined) return [];
    let names = known.get(node.id);
    if (!names) known.set(node.id, (names = productNamesOf(node, host)));
    return names;
  };
}

/** Whether a product of these names documents the port as one of its web, metrics or raw-input ports. */
export function productPort(names: readonly string[], port: number, what: 'web' | 'metrics' | 'raw'): boolean {
  return names.some((name) => PRODUCTS.some((p) => {
    const ports = p[what];
    return ports !== undefined && p.image.test(name) && (ports === 'all' || ports.includes(port));
  }));
}

/**
 * Whether a name or an image names a log, trace or metrics sink: the technology table's monitoring products (Prometheus,
 * Jaeger, the OpenTelemetry Collector…), its search stores (Elasticsearch, OpenSearch: a log store here), or a sink of the
 * table above (Seq, Zipkin, Kibana, Logstash). An image is read by its repository; a component's name as the repository it
 * would be (`seq`, `otel-collector`).
 */
export function namesSink(nameOrImage: string | undefined): boolean {
  if (nameOrImage === undefined || nameOrImage === '') return false;
  const kind = technologyOfImage(nameOrImage)?.kind;
  if (kind === 'monitoring' || kind === 'search') return true;
  const name = productName(nameOrImage);
  return PRODUCTS.some((p) => p.sink === true && p.image.test(name));
}
