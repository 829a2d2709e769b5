/**
 * The system model seen four ways (C4's levels, and the path from data to monitoring):
 * - context: the system as one box, the people using it and the systems outside it talks to;
 * - containers (C4 level 2): what runs — one box per logical component (the same program deployed in
 *   several environments is one), the connections between them with Services and Ingresses folded
 *   into the calls they carry, and a monitoring configuration folded into the component mounting it;
 * - deployment: where each thing runs — Compose projects, Kubernetes namespaces (in their cluster),
 *   the infrastructure a family provisions — with the routes, calls and start order between them;
 * - delivery: data → pipeline stage → model → image → component → monitoring, with what builds,
 *   deploys and scrapes.
 * Pure: the model in, a graph of the view out; exporters (mermaid.ts, structurizr.ts, plantuml.ts)
 * and the panel draw it.
 */
import type { SystemEdge, SystemNode, SystemSource } from '../features/system/contributor';
import type { SystemMapEdge, SystemMapGroup, SystemMapNode } from '../protocol/system';
import { componentKinds } from '../features/system/contributor';
import type { SystemModel } from './model';

export const systemViews = ['containers', 'context', 'deployment', 'delivery'] as const;
export type SystemView = (typeof systemViews)[number];

export function isSystemView(value: string): value is SystemView {
  return (systemViews as readonly string[]).includes(value);
}

/** A node of a view: what the panel receives (protocol/system.ts), and the model nodes it stands for. */
export interface ViewNode extends SystemMapNode {
  /** The model nodes it stands for (a logical component deployed twice stands for two). */
  members: string[];
}

export type ViewGroup = SystemMapGroup;
export type ViewEdge = SystemMapEdge;

export interface SystemViewGraph {
  view: SystemView;
  /** The system's name (the repository's folder, a Compose project's name). */
  system: string;
  nodes: ViewNode[];
  edges: ViewEdge[];
  groups: ViewGroup[];
}

const runtimeKinds = new Set([...componentKinds, 'external', 'person']);

function addSources(into: SystemSource[], more: readonly SystemSource[]): void {
  for (const source of more) if (!into.some((s) => s.uri === source.uri && s.range.start.line === source.range.start.line)) into.push(source);
}

/** Edges of a view, merged by their ends and kind. */
class EdgeSet {
  private readonly map = new Map<string, ViewEdge>();
  add(from: string, to: string, edge: Pick<SystemEdge, 'kind' | 'label' | 'protocol'>, sources: readonly SystemSource[]): void {
    if (from === to) return;
    const key = `${from}\0${to}\0${edge.kind}`;
    const existing = this.map.get(key);
    if (existing) {
      addSources(existing.sources, sources);
      if (!existing.label.split(', ').includes(edge.label) && existing.label.length < 60) existing.label = `${existing.label}, ${edge.label}`;
      return;
    }
    this.map.set(key, { from, to, kind: edge.kind, label: edge.label, ...(edge.protocol ? { protocol: edge.protocol } : {}), sources: [...sources] });
  }
  list(): ViewEdge[] {
    return [...this.map.values()];
  }
}

function viewNode(node: SystemNode): ViewNode {
  return { id: node.id, kind: node.kind, name: node.name, ...(node.technology ? { technology: node.technology } : {}), family: node.family, ...(node.namespace ? { namespace: node.namespace } : {}), sources: [...node.sources], members: [node.id] };
}

/** What the model's edges leave from and reach, by node. */
function adjacency(edges: readonly SystemEdge[]): { out: Map<string, SystemEdge[]>; into: Map<string, SystemEdge[]> } {
  const out = new Map<string, SystemEdge[]>();
  const into = new Map<string, SystemEdge[]>();
  for (const edge of edges) {
    out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
    into.set(edge.to, [...(into.get(edge.to) ?? []), edge]);
  }
  return { out, into };
}

/** The runtime nodes an endpoint leads to through `routes` edges (an Ingress → its Services → their workloads), with the edges on the way. */
function routedTargets(endpoint: string, model: SystemModel, out: Map<string, SystemEdge[]>): { target: string; sources: SystemSource[] }[] {
  const found: { target: string; sources: SystemSource[] }[] = [];
  const queue: { id: string; sources: SystemSource[] }[] = [{ id: endpoint, sources: [] }];
  const seen = new Set([endpoint]);
  while (queue.length > 0) {
    const { id, sources } = queue.shift()!;
    for (const edge of out.get(id) ?? []) {
      if (edge.kind !== 'routes' || seen.has(edge.to)) continue;
      seen.add(edge.to);
      const next = model.node(edge.to);
      const path = [...sources, ...edge.sources];
      if (next && runtimeKinds.has(next.kind)) found.push({ target: edge.to, sources: path });
      else if (next?.kind === 'endpoint') queue.push({ id: edge.to, sources: path });
    }
  }
  return found;
}

function containersView(model: SystemModel, system: string): SystemViewGraph {
  const { out, into } = adjacency(model.edges);
  const representative = new Map<string, ViewNode>();
  const byKey = new Map<string, ViewNode>();
  for (const node of model.nodes) {
    if (!runtimeKinds.has(node.kind)) continue;
    // The same program in two environments (Compose and Kubernetes, two overlays): one component.
    const key = componentKinds.has(node.kind) ? `${node.kind}\0${node.name}\0${node.image ?? node.id}` : node.id;
    const existing = byKey.get(key);
    if (existing) {
      existing.members.push(node.id);
      addSources(existing.sources, node.sources);
      if (existing.namespace !== node.namespace) delete existing.namespace;
      representative.set(node.id, existing);
    } else {
      const made = viewNode(node);
      byKey.set(key, made);
      representative.set(node.id, made);
    }
  }
  // A monitoring configuration stands for the component mounting it (Prometheus's prometheus.yml).
  for (const node of model.nodes) {
    if (node.kind !== 'monitor') continue;
    const mounter = (into.get(node.id) ?? []).find((e) => e.kind === 'reads' && representative.has(e.from));
    if (mounter) representative.set(node.id, representative.get(mounter.from)!);
  }
  const edges = new EdgeSet();
  const kinds = new Set(['calls', 'depends-on', 'scrapes', 'alerts', 'queries']);
  for (const edge of model.edges) {
    if (!kinds.has(edge.kind)) continue;
    const from = representative.get(edge.from);
    if (!from) continue;
    const to = model.node(edge.to);
    if (to?.kind === 'endpoint') {
      for (const { target, sources } of routedTargets(edge.to, model, out)) {
        const rep = representative.get(target);
        if (rep) edges.add(from.id, rep.id, edge, [...edge.sources, ...sources]);
      }
    } else {
      const rep = representative.get(edge.to);
      if (rep) edges.add(from.id, rep.id, edge, edge.sources);
    }
  }
  const nodes = [...new Set(representative.values())].filter((n) => runtimeKinds.has(n.kind));
  const drawn = edges.list();
  // People and outside systems nothing connects to say nothing here.
  const connected = new Set(drawn.flatMap((e) => [e.from, e.to]));
  return { view: 'containers', system, nodes: nodes.filter((n) => componentKinds.has(n.kind) || connected.has(n.id)), edges: drawn, groups: [] };
}

function contextView(model: SystemModel, system: string): SystemViewGraph {
  const containers = containersView(model, system);
  const systemId = 'system';
  const inside = new Set(containers.nodes.filter((n) => componentKinds.has(n.kind)).map((n) => n.id));
  const sources: SystemSource[] = [];
  for (const node of containers.nodes) if (inside.has(node.id)) addSources(sources, node.sources.slice(0, 1));
  const outside = containers.nodes.filter((n) => !inside.has(n.id));
  const edges = new EdgeSet();
  for (const edge of containers.edges) {
    const from = inside.has(edge.from) ? systemId : edge.from;
    const to = inside.has(edge.to) ? systemId : edge.to;
    edges.add(from, to, edge, edge.sources);
  }
  const nodes: ViewNode[] = [{ id: systemId, kind: 'system', name: system, family: 'system', sources: sources.slice(0, 8), members: [...inside] }, ...outside];
  return { view: 'context', system, nodes, edges: edges.list(), groups: [] };
}

function deploymentView(model: SystemModel, system: string): SystemViewGraph {
  const groups = new Map<string, ViewGroup>();
  const placeKinds = new Set(['environment', 'namespace', 'infrastructure']);
  for (const node of model.nodes) {
    if (!placeKinds.has(node.kind)) continue;
    groups.set(node.id, { id: node.id, name: node.kind === 'namespace' ? `namespace ${node.name}` : node.name, kind: node.kind, ...(node.technology ? { technology: node.technology } : {}), ...(node.parent ? { parent: node.parent } : {}), sources: [...node.sources] });
  }
  // Namespaces no cluster holds are drawn in one: the cluster the manifests are applied to.
  const looseNamespaces = [...groups.values()].filter((g) => g.kind === 'namespace' && !g.parent);
  const placed = model.nodes.filter((n) => (componentKinds.has(n.kind) || n.kind === 'endpoint') && n.kind !== 'endpoint' || (n.kind === 'endpoint' && n.id.startsWith('k8s:')));
  const needsCluster = looseNamespaces.length > 0 || placed.some((n) => n.id.startsWith('k8s:') && !n.parent);
  if (needsCluster) {
    groups.set('k8s:cluster', { id: 'k8s:cluster', name: 'Kubernetes cluster', kind: 'environment', technology: 'Kubernetes', sources: [] });
    for (const namespace of looseNamespaces) namespace.parent = 'k8s:cluster';
  }
  const nodes: ViewNode[] = [];
  for (const node of model.nodes) {
    if (!componentKinds.has(node.kind) && node.kind !== 'endpoint' && node.kind !== 'person' && node.kind !== 'external') continue;
    const group = node.parent && groups.has(node.parent) ? node.parent : node.id.startsWith('k8s:') && needsCluster ? 'k8s:cluster' : undefined;
    nodes.push({ ...viewNode(node), ...(group ? { group } : {}) });
  }
  const shown = new Set(nodes.map((n) => n.id));
  const edges = new EdgeSet();
  for (const edge of model.edges) {
    if (!['routes', 'calls', 'depends-on'].includes(edge.kind) || !shown.has(edge.from) || !shown.has(edge.to)) continue;
    edges.add(edge.from, edge.to, edge, edge.sources);
  }
  const drawn = edges.list();
  const connected = new Set(drawn.flatMap((e) => [e.from, e.to]));
  return { view: 'deployment', system, nodes: nodes.filter((n) => (n.kind !== 'person' && n.kind !== 'external') || connected.has(n.id)), edges: drawn, groups: [...groups.values()] };
}

/** Edges read the other way in the delivery view, so that it flows from data to monitoring. */
const reversed: Record<string, string> = { runs: 'runs in', reads: 'read by', serves: 'served by', scrapes: 'scraped by' };

function deliveryView(model: SystemModel, system: string): SystemViewGraph {
  const deliveryKinds = new Set(['data', 'stage', 'model', 'build', 'image', 'pipeline']);
  const edgeKinds = new Set(['writes', 'reads', 'packages', 'builds', 'runs', 'deploys', 'serves', 'scrapes', 'alerts']);
  const edges = new EdgeSet();
  const used = new Set<string>();
  const builtHere = new Set(model.edges.filter((e) => e.kind === 'builds' || e.kind === 'packages').map((e) => e.to));
  for (const edge of model.edges) {
    if (!edgeKinds.has(edge.kind)) continue;
    const from = model.node(edge.from);
    const to = model.node(edge.to);
    if (!from || !to) continue;
    // Images nothing here builds (postgres, prom/prometheus) are not part of the delivery.
    if ((from.kind === 'image' && !builtHere.has(from.id)) || (to.kind === 'image' && !builtHere.has(to.id))) continue;
    if (edge.kind === 'reads' && !deliveryKinds.has(to.kind)) continue;
    const flip = edge.kind in reversed;
    const [a, b] = flip ? [edge.to, edge.from] : [edge.from, edge.to];
    edges.add(a, b, { kind: edge.kind, label: flip ? reversed[edge.kind] : edge.label }, edge.sources);
    used.add(a);
    used.add(b);
  }
  const nodes = model.nodes.filter((n) => used.has(n.id) && (deliveryKinds.has(n.kind) || componentKinds.has(n.kind) || n.kind === 'monitor')).map(viewNode);
  const shown = new Set(nodes.map((n) => n.id));
  return { view: 'delivery', system, nodes, edges: edges.list().filter((e) => shown.has(e.from) && shown.has(e.to)), groups: [] };
}

/** The model limited to nodes said under the scopes (folder or file URIs), and the edges between them. */
export function scopedModel(model: SystemModel, scopes: readonly string[]): SystemModel {
  if (scopes.length === 0) return model;
  const inside = (uri: string) => scopes.some((scope) => uri === scope || uri.startsWith(scope.endsWith('/') ? scope : `${scope}/`));
  // A node said nowhere (the users of published ports, a file no family read) is in scope by its file, or by what it connects to.
  const placed = (n: SystemNode) => (n.sources.length > 0 ? n.sources.some((s) => inside(s.uri)) : n.id.startsWith('file:') ? inside(n.id.slice(5)) : undefined);
  const kept = new Set(model.nodes.filter((n) => placed(n) === true).map((n) => n.id));
  for (const edge of model.edges) {
    if (kept.has(edge.from) && placed(model.node(edge.to)!) === undefined) kept.add(edge.to);
    if (kept.has(edge.to) && placed(model.node(edge.from)!) === undefined) kept.add(edge.from);
  }
  return {
    // A node said in and out of scope (an image run here and in another project) keeps its sources in scope.
    nodes: model.nodes.filter((n) => kept.has(n.id)).map((n) => (n.sources.every((s) => inside(s.uri)) ? n : { ...n, sources: n.sources.filter((s) => inside(s.uri)) })),
    edges: model.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
    unresolved: model.unresolved.filter((u) => inside(u.reference.source.uri)),
    node: (id) => (kept.has(id) ? model.node(id) : undefined),
  };
}

/** A view of the model. */
export function systemView(model: SystemModel, view: SystemView, system: string): SystemViewGraph {
  switch (view) {
    case 'context':
      return contextView(model, system);
    case 'deployment':
      return deploymentView(model, system);
    case 'delivery':
      return deliveryView(model, system);
    default:
      return containersView(model, system);
  }
}
