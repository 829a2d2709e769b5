/**
 * The system as the SLO checks see it (issue #82): the components of the system map (handed in by the descriptor: the
 * map is the system family's), the names each goes by — its own, its pod label, the job and the `service`/`app` labels
 * its scrape targets get — what it exports (exporters.ts) and the labels of each scrape that reaches it (the
 * Prometheus family's face: a static target's job and labels; a ServiceMonitor's or an annotation's are unknown).
 */
import { componentKinds, type SystemEdge, type SystemNode } from '../features/system/contributor';
import type { PrometheusFace } from '../prometheus/api';
import type { WorkspaceIndex } from '../workspace/index';
import { exportsOf, type ExportTest } from './exporters';

/** What the checks read of the system map (system/model.ts's SystemModel has this shape). */
export interface MapFacts {
  readonly nodes: readonly SystemNode[];
  readonly edges: readonly SystemEdge[];
}

export interface SloComponent {
  name: string;
  technology?: string;
  /** The names it goes by beyond its own. */
  aliases: string[];
  /** What its /metrics holds; undefined when not known. */
  exports?: ExportTest;
  /** The labels each scrape reaching it gives its series; undefined for a scrape whose labels are not known. */
  scrapes: (Readonly<Record<string, string>> | undefined)[];
}

export interface SloSystem {
  components: SloComponent[];
  /** Whether anything scrapes anything: the workspace has monitoring, so a component nothing scrapes is not collected. */
  monitored: boolean;
  /** archipel serve's metrics: a name under its prefix that it does not export is a typo wherever it is (with the nearest it exports). */
  unknownServeMetric?: (metric: string) => { suggestion?: string } | undefined;
  /** The labels a metric's exporter gives its series (archipel serve's own metrics), when known. */
  metricLabels?: (metric: string) => readonly string[] | undefined;
  /** The labels the series of a metric the workspace's recording rules record have (all of them); undefined when no rule records it. */
  recordedLabels?: (metric: string) => readonly string[] | 'unknown' | undefined;
}

/** What the descriptor hands the SLO feature: the map of an index, the Prometheus family's face when the run has it. */
export interface SloSystemHost {
  mapOf: (index: WorkspaceIndex) => MapFacts;
  prometheus?: PrometheusFace;
  /** Loads what the map's contributors read with (Terraform's parser). */
  prepare?: (index: WorkspaceIndex) => Promise<void> | undefined;
}

const systems = new WeakMap<MapFacts, SloSystem>();

/** The SLO view of a map, made once per map (the map is made once per index generation). */
export function sloSystem(map: MapFacts, index: WorkspaceIndex, prometheus: PrometheusFace | undefined): SloSystem {
  const known = systems.get(map);
  if (known) return known;
  const nodes = new Map(map.nodes.map((node) => [node.id, node]));
  const into = (kind: string) => {
    const byTarget = new Map<string, SystemEdge[]>();
    for (const edge of map.edges) {
      if (edge.kind !== kind) continue;
      const list = byTarget.get(edge.to);
      if (list) list.push(edge);
      else byTarget.set(edge.to, [edge]);
    }
    return byTarget;
  };
  const scrapesInto = into('scrapes');
  const routesInto = into('routes');
  const serves = prometheus ? (metric: string) => prometheus.servesMetric(metric) : undefined;
  /** The labels a scrape gives the series of `target` (the node it reaches: the component, or a Service routing to it). */
  const labelsOf = (edge: SystemEdge, target: SystemNode | undefined): SloComponent['scrapes'] => {
    // prometheus-operator gives every target of a ServiceMonitor or a PodMonitor its namespace (its job depends on jobLabel).
    const technology = nodes.get(edge.from)?.technology;
    if (technology === 'ServiceMonitor' || technology === 'PodMonitor') return [target?.namespace ? { namespace: target.namespace } : undefined];
    return edge.sources.map((source) => {
      const file = prometheus ? index.get(source.uri) : undefined;
      const labels = file && prometheus ? prometheus.scrapeLabels(file).get(source.range.start.line) : undefined;
      return labels === 'relabelled' ? undefined : labels;
    });
  };
  const components: SloComponent[] = [];
  for (const node of map.nodes) {
    if (!componentKinds.has(node.kind)) continue;
    const scrapes: SloComponent['scrapes'] = [];
    const aliases = new Set<string>();
    if (node.identity?.label) aliases.add(node.identity.label);
    // Scraped itself, or through what routes to it (a Service a ServiceMonitor selects), as the system's checks read it.
    const reaching: { edge: SystemEdge; target: SystemNode | undefined }[] = (scrapesInto.get(node.id) ?? []).map((edge) => ({ edge, target: node }));
    for (const route of routesInto.get(node.id) ?? []) for (const edge of scrapesInto.get(route.from) ?? []) reaching.push({ edge, target: nodes.get(route.from) });
    for (const { edge, target } of reaching) {
      for (const labels of labelsOf(edge, target)) {
        scrapes.push(labels);
        if (labels) for (const key of ['job', 'service', 'app']) if (labels[key]) aliases.add(labels[key]);
      }
    }
    aliases.delete(node.name);
    const exports = exportsOf(node.technology, serves);
    components.push({ name: node.name, ...(node.technology ? { technology: node.technology } : {}), aliases: [...aliases], ...(exports ? { exports } : {}), scrapes });
  }
  // The recording rules of the workspace, read on the first SLO query of a recorded metric (once per map: per index generation).
  let recorded: Map<string, readonly string[] | 'unknown'> | undefined;
  const recordedOf = (face: PrometheusFace, metric: string): readonly string[] | 'unknown' | undefined => {
    if (!recorded) {
      recorded = new Map();
      for (const file of index.files()) {
        for (const [name, labels] of face.recordedLabels(file)) {
          const known = recorded.get(name);
          recorded.set(name, known === undefined ? labels : known === 'unknown' || labels === 'unknown' ? 'unknown' : [...new Set([...known, ...labels])]);
        }
      }
    }
    return recorded.get(metric);
  };
  const faces = prometheus
    ? { unknownServeMetric: (metric: string) => prometheus.unknownServeMetric(metric), metricLabels: (metric: string) => prometheus.serveMetricLabels(metric), recordedLabels: (metric: string) => recordedOf(prometheus, metric) }
    : {};
  const system: SloSystem = { components, monitored: scrapesInto.size > 0, ...faces };
  systems.set(map, system);
  return system;
}
