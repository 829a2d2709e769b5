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
import { providerOfHost } from '../features/system/technology';
import { commonFolder, componentsOf, type Component } from './components';
import { deliveryRole, isTestKustomization, testKustomizationNodes } from './delivery';
import { decidedEntries } from './entries';
import { builtMonitors } from './monitors';
import type { SystemModel } from './model';

/** The system's name: the last folder all its elements are under (the repository), else `system`. */
export function systemName(model: SystemModel): string {
  let prefix: string | undefined;
  for (const node of model.nodes) {
    for (const { uri } of node.sources) {
      prefix ??= uri.slice(0, uri.lastIndexOf('/'));
      while (prefix && !uri.startsWith(`${prefix}/`)) prefix = prefix.slice(0, prefix.lastIndexOf('/'));
    }
  }
  if (prefix === undefined) return 'system';
  const name = decodeURIComponent(prefix.slice(prefix.lastIndexOf('/') + 1));
  return name && !name.endsWith(':') ? name : 'system';
}

export const systemViews = ['containers', 'context', 'deployment', 'delivery'] as const;

/** What the system map's drawer says of itself, listed by `archipel diagram` (drawer.ts's declaration and diagram.ts's renderers both). */
export const systemDrawerFacts = {
  kind: 'system',
  summary: 'the whole system from every family (views: containers, context, deployment, delivery)',
  views: systemViews,
} as const;
export type SystemView = (typeof systemViews)[number];

export function isSystemView(value: string): value is SystemView {
  return (systemViews as readonly string[]).includes(value);
}

/** A node of a view: what the panel receives (protocol/system.ts), and the model nodes it stands for. */
export interface ViewNode extends SystemMapNode {
  /** The model nodes it stands for (a logical component deployed twice stands for two). */
  members: string[];
  /** The deploy tool's kind of object (`Deployment`, `StatefulSet`): a property, not the technology. */
  resource?: string;
  /** How many deployments a component has (containers view). */
  instances?: number;
  /** The component an instance is of (deployment view). */
  component?: string;
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
  /** What the view leaves out and why (a summary past MAP_LIMIT): exporters write it as a comment. */
  note?: string;
}

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
      if (existing.protocol !== edge.protocol) delete existing.protocol;
      return;
    }
    this.map.set(key, { from, to, kind: edge.kind, label: edge.label, ...(edge.protocol ? { protocol: edge.protocol } : {}), sources: [...sources] });
  }
  /**
   * The edges, a possible call dropped where a certain one joins the same ends, and a start order (`depends-on`) where a
   * call joins them (issue #79: 57 of opentelemetry-demo's 67 ran beside one): one arrow, the call, whose lines say both.
   */
  list(): ViewEdge[] {
    const certain = new Map<string, ViewEdge>();
    for (const e of this.map.values()) if (e.kind === 'calls') certain.set(`${e.from}\0${e.to}`, e);
    const possible = new Map<string, ViewEdge>();
    for (const e of this.map.values()) if (e.kind === 'may-call' && !certain.has(`${e.from}\0${e.to}`)) possible.set(`${e.from}\0${e.to}`, e);
    return [...this.map.values()].filter((e) => {
      const ends = `${e.from}\0${e.to}`;
      if (e.kind === 'may-call') return !certain.has(ends);
      if (e.kind !== 'depends-on') return true;
      const call = certain.get(ends) ?? possible.get(ends);
      if (!call) return true;
      addSources(call.sources, e.sources);
      return false;
    });
  }
}

/** Whether a model node is CI/CD infrastructure (delivery.ts): drawn in the delivery view only. */
function isDelivery(node: SystemNode | undefined, root: string): boolean {
  return node !== undefined && deliveryRole(node, root) !== undefined;
}

function viewNode(node: SystemNode): ViewNode {
  return { id: node.id, kind: node.kind, name: node.name, ...(node.technology ? { technology: node.technology } : {}), family: node.family, ...(node.namespace ? { namespace: node.namespace } : {}), sources: [...node.sources], members: [node.id] };
}

/** A component as a view's node: its label, kind and runtime, every deployment's lines (the main one's first). */
function componentNode(component: Component, model: SystemModel): ViewNode {
  const main = model.node(component.id)!;
  const namespaces = new Set(component.members.map((m) => model.node(m)?.namespace));
  const namespace = namespaces.size === 1 ? [...namespaces][0] : undefined;
  return {
    id: component.id, kind: component.kind, name: component.name, ...(component.technology ? { technology: component.technology } : {}), family: main.family,
    ...(namespace ? { namespace } : {}), ...(component.resource ? { resource: component.resource } : {}), instances: component.members.length, sources: [...component.sources], members: [...component.members],
  };
}

/** What the model's edges leave from, by node. */
function outgoing(edges: readonly SystemEdge[]): Map<string, SystemEdge[]> {
  const out = new Map<string, SystemEdge[]>();
  for (const edge of edges) {
    const list = out.get(edge.from);
    if (list) list.push(edge);
    else out.set(edge.from, [edge]);
  }
  return out;
}

/** The components an endpoint leads to through `routes` edges (an Ingress → its Services → their workloads), with the edges' lines on the way. */
function routedTargets(endpoint: string, model: SystemModel, out: ReadonlyMap<string, readonly SystemEdge[]>): { target: string; sources: SystemSource[] }[] {
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
      if (next && (componentKinds.has(next.kind) || next.kind === 'external')) found.push({ target: edge.to, sources: path });
      else if (next?.kind === 'endpoint') queue.push({ id: edge.to, sources: path });
    }
  }
  return found;
}

const USERS = 'person:users';

/**
 * The users' ways in: each one meant for them a call; an exposure's or an operator's (entries.ts) `reaches`, dashed — not
 * their call, yet a way in that the diff and the threats list as `Users → cache :6379` (#98, #95).
 */
function userEdges(model: SystemModel, edges: EdgeSet, representative: (id: string) => string | undefined, roles: ReadonlySet<string>, instances = false): boolean {
  let any = false;
  for (const { entry, role, components, variant } of decidedEntries(model)) {
    if (!roles.has(role) || (variant && !roles.has('variant'))) continue;
    const kind = role === 'exposure' || role === 'operator' ? 'reaches' : 'calls';
    const label = entry.label ?? (entry.port ? `:${entry.port}` : entry.via);
    // Each deployment's own way in (the instance or the Service it names), or the components it leads to.
    const targets = instances || components.length === 0 ? [entry.to] : components.map((c) => c.id);
    for (const target of targets) {
      const rep = representative(target);
      if (!rep) continue;
      edges.add(USERS, rep, { kind, label, ...(entry.protocol ? { protocol: entry.protocol } : {}) }, [entry.source]);
      any = true;
    }
  }
  return any;
}

function usersNode(): ViewNode {
  return { id: USERS, kind: 'person', name: 'Users', family: 'system', sources: [], members: [USERS] };
}

function externalNode(node: SystemNode): ViewNode {
  const provider = node.external?.provider ?? (node.kind === 'external' ? providerOfHost(node.name) : undefined);
  return { ...viewNode(node), ...(provider ? { technology: node.technology ? `${provider}, ${node.technology}` : provider } : {}) };
}

/** The view's edge kinds between components. */
const containerEdgeKinds = new Set(['calls', 'may-call', 'depends-on', 'scrapes', 'alerts', 'queries']);

function containersView(model: SystemModel, system: string): SystemViewGraph {
  const out = outgoing(model.edges);
  const { list, root } = componentsOf(model);
  const representative = new Map<string, ViewNode>();
  const nodes: ViewNode[] = [];
  for (const component of list) {
    // What delivers the system (a state bucket, a build cache, a CI host) is the delivery view's.
    if (component.members.every((m) => isDelivery(model.node(m), root))) continue;
    const node = componentNode(component, model);
    nodes.push(node);
    for (const member of component.members) representative.set(member, node);
  }
  for (const node of model.nodes) if (node.kind === 'external') {
    const made = externalNode(node);
    representative.set(node.id, made);
    nodes.push(made);
  }
  // A monitoring configuration stands for the component mounting it (Prometheus's prometheus.yml).
  const mounters = new Map<string, string>();
  for (const edge of model.edges) if (edge.kind === 'reads' && representative.has(edge.from) && model.node(edge.to)?.kind === 'monitor' && !mounters.has(edge.to)) mounters.set(edge.to, edge.from);
  for (const [monitor, mounter] of mounters) representative.set(monitor, representative.get(mounter)!);
  // Else the component whose build holds it (`COPY prometheus.yml /etc/prometheus/` beside the Dockerfile: a program is its build, #95).
  for (const [monitor, node] of builtMonitors(model, representative, mounters)) representative.set(monitor, node);
  const edges = new EdgeSet();
  for (const edge of model.edges) {
    if (!containerEdgeKinds.has(edge.kind) || edge.from === USERS) continue;
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
  if (userEdges(model, edges, (id) => representative.get(id)?.id, new Set(['user', 'exposure', 'operator']))) nodes.unshift(usersNode());
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
  const { of, root, list } = componentsOf(model);
  const groups = new Map<string, ViewGroup>();
  const placeKinds = new Set(['environment', 'namespace', 'infrastructure']);
  for (const node of model.nodes) {
    if (!placeKinds.has(node.kind)) continue;
    groups.set(node.id, { id: node.id, name: node.kind === 'namespace' ? `namespace ${node.name}` : node.name, kind: node.kind, ...(node.technology ? { technology: node.technology } : {}), ...(node.parent ? { parent: node.parent } : {}), sources: [...node.sources] });
  }
  // Namespaces no cluster holds are drawn in one: the cluster the manifests are applied to.
  const looseNamespaces = [...groups.values()].filter((g) => g.kind === 'namespace' && !g.parent);
  const placed = model.nodes.filter((n) => componentKinds.has(n.kind) || (n.kind === 'endpoint' && n.id.startsWith('k8s:')));
  const needsCluster = looseNamespaces.length > 0 || placed.some((n) => n.id.startsWith('k8s:') && !n.parent);
  if (needsCluster) {
    groups.set('k8s:cluster', { id: 'k8s:cluster', name: 'Kubernetes cluster', kind: 'environment', technology: 'Kubernetes', sources: [] });
    for (const namespace of looseNamespaces) namespace.parent = 'k8s:cluster';
  }
  const tests = new Set<string>();
  const instanceGroups = clusterInstances(model, of, groups, needsCluster, tests);
  // A test kustomization's render is the delivery view's (what CI deploys to test), not a deployment of the system: its
  // workloads, and the objects of its render no workload places (an Istio Gateway), by their id's `@<kustomization folder>`.
  for (const id of tests) groups.delete(id);
  const testFolders = new Set<string>();
  if (tests.size > 0) for (const component of list) for (const instance of component.instances.values()) if (isTestKustomization(instance)) testFolders.add(instance.folder);
  const rendered = (id: string) => testFolders.size > 0 && id.includes('@') && testFolders.has(id.slice(id.lastIndexOf('@') + 1));
  const nodes: ViewNode[] = [];
  for (const node of model.nodes) {
    if ((!componentKinds.has(node.kind) && node.kind !== 'endpoint' && node.kind !== 'external') || isDelivery(node, root) || tests.has(instanceGroups.get(node.id) ?? '') || rendered(node.id)) continue;
    const group = node.parent && groups.has(node.parent) ? node.parent : node.id.startsWith('k8s:') && needsCluster ? (instanceGroups.get(node.id) ?? 'k8s:cluster') : undefined;
    const component = of.get(node.id);
    // An instance: its component's label and runtime, the deploy tool's object kept as its resource.
    const made = component ? { ...viewNode(node), name: component.name, kind: component.kind, ...(component.technology ? { technology: component.technology } : {}), ...(node.resource ? { resource: node.resource } : {}), component: component.id } : node.kind === 'external' ? externalNode(node) : viewNode(node);
    nodes.push({ ...made, ...(group ? { group } : {}) });
  }
  const shown = new Set(nodes.map((n) => n.id));
  const edges = new EdgeSet();
  for (const edge of model.edges) {
    if (!['routes', 'calls', 'may-call', 'depends-on'].includes(edge.kind) || edge.from === USERS || !shown.has(edge.from) || !shown.has(edge.to)) continue;
    edges.add(edge.from, edge.to, edge, edge.sources);
  }
  // Every deployment's ways in, a variant's and a store's published port too: this view draws each instance.
  if (userEdges(model, edges, (id) => (shown.has(id) ? id : undefined), new Set(['user', 'variant', 'exposure', 'operator']), true)) nodes.unshift(usersNode());
  const drawn = edges.list();
  const connected = new Set(drawn.flatMap((e) => [e.from, e.to]));
  return { view: 'deployment', system, nodes: nodes.filter((n) => (n.kind !== 'person' && n.kind !== 'external') || connected.has(n.id)), edges: drawn, groups: [...groups.values()] };
}

/**
 * The cluster's instances (issue #79): when the Kubernetes objects no namespace holds are deployed several ways (a release's
 * manifests, a kustomize base, its test kustomizations), each way is a group of its own in the cluster, named as its tool
 * names it (`tests/spanner-with-all-components (kustomize, variant)`), and a Service goes with the workloads it routes to.
 * One way only: the cluster holds them as before.
 */
function clusterInstances(model: SystemModel, of: ReadonlyMap<string, Component>, groups: Map<string, ViewGroup>, needsCluster: boolean, tests: Set<string>): Map<string, string> {
  const placed = new Map<string, string>();
  if (!needsCluster) return placed;
  const inCluster = (node: SystemNode) => node.id.startsWith('k8s:') && !(node.parent && groups.has(node.parent));
  const made = new Map<string, ViewGroup>();
  for (const node of model.nodes) {
    if (!componentKinds.has(node.kind) || !inCluster(node)) continue;
    const instance = of.get(node.id)?.instances.get(node.id);
    if (!instance?.name) continue;
    const id = `k8s:cluster#${instance.tool}:${instance.name}`;
    if (!made.has(id)) made.set(id, { id, name: `${instance.name} (${instance.tool}${instance.variant ? ', variant' : ''})`, kind: 'environment', parent: 'k8s:cluster', ...(instance.variant ? { variant: true } : {}), sources: [] });
    if (isTestKustomization(instance)) tests.add(id);
    placed.set(node.id, id);
  }
  if (made.size < 2) {
    tests.clear();
    return new Map();
  }
  for (const group of made.values()) groups.set(group.id, group);
  for (const edge of model.edges) {
    if (edge.kind !== 'routes' || placed.has(edge.from) || !placed.has(edge.to)) continue;
    const from = model.node(edge.from);
    if (from?.kind === 'endpoint' && inCluster(from)) placed.set(edge.from, placed.get(edge.to)!);
  }
  return placed;
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
  // A component deployed several ways is one node here too.
  const { of, root } = componentsOf(model);
  const folded = new Map<string, ViewNode>();
  const nodes: ViewNode[] = [];
  for (const node of model.nodes) {
    // CI/CD infrastructure is drawn here, connected or not, with its lines and what it is for the delivery.
    const role = componentKinds.has(node.kind) ? deliveryRole(node, root) : undefined;
    if (role) {
      nodes.push({ ...viewNode(node), technology: node.technology ? `${node.technology}, ${role}` : role });
      continue;
    }
    if (!used.has(node.id) || !(deliveryKinds.has(node.kind) || componentKinds.has(node.kind) || node.kind === 'monitor')) continue;
    const component = of.get(node.id);
    if (!component) {
      nodes.push(viewNode(node));
      continue;
    }
    if (!folded.has(component.id)) {
      const made = componentNode(component, model);
      folded.set(component.id, made);
      nodes.push(made);
    }
  }
  nodes.push(...testKustomizationNodes(model, of));
  const rep = (id: string) => (isDelivery(model.node(id), root) ? id : (of.get(id)?.id ?? id));
  const merged = new EdgeSet();
  for (const edge of edges.list()) merged.add(rep(edge.from), rep(edge.to), edge, edge.sources);
  const shown = new Set(nodes.map((n) => n.id));
  return { view: 'delivery', system, nodes, edges: merged.list().filter((e) => shown.has(e.from) && shown.has(e.to)), groups: [] };
}

/** The model limited to nodes said under the scopes (folder or file URIs), and the edges between them. */
export function scopedModel(model: SystemModel, scopes: readonly string[]): SystemModel {
  if (scopes.length === 0) return model;
  const key = scopes.join('\0');
  const known = scoped.get(model)?.get(key);
  if (known) return known;
  const made = scope(model, scopes);
  scoped.set(model, new Map([...(scoped.get(model) ?? []), [key, made]]));
  return made;
}

/** The scoped models of a model (the CLI asks the same scope for the emptiness, the note and the view). */
const scoped = new WeakMap<SystemModel, Map<string, SystemModel>>();

function scope(model: SystemModel, scopes: readonly string[]): SystemModel {
  const inside = (uri: string) => scopes.some((scope) => uri === scope || uri.startsWith(scope.endsWith('/') ? scope : `${scope}/`));
  // Everything said inside (the map of the repository's root): the model itself, not a copy of 200,000 nodes.
  if (model.nodes.every((n) => n.sources.every((s) => inside(s.uri)) && (n.sources.length > 0 || !n.id.startsWith('file:') || inside(n.id.slice(5)))) && model.entries.every((e) => inside(e.source.uri)) && model.unresolved.every((u) => inside(u.reference.source.uri))) return model;
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
    entries: model.entries.filter((e) => kept.has(e.to) && inside(e.source.uri)),
    node: (id) => (kept.has(id) ? model.node(id) : undefined),
  };
}

/** A view of the model; past MAP_LIMIT components or EDGE_LIMIT edges, its summary. */
export function systemView(model: SystemModel, view: SystemView, system: string): SystemViewGraph {
  // Past the limit in component nodes, the summary is made from the nodes themselves: folding 100,000 of them into components costs more than the index.
  let count = 0;
  for (const node of model.nodes) if (componentKinds.has(node.kind)) count++;
  if (count > MAP_LIMIT * 4) return folderSummary(model, view, system);
  if (view === 'context') return contextView(model, system);
  const components = componentsOf(model).list.length;
  if (components > MAP_LIMIT) return summaryView(containersView(model, system), model, view, `${components} components`);
  const graph = view === 'deployment' ? deploymentView(model, system) : view === 'delivery' ? deliveryView(model, system) : containersView(model, system);
  return graph.edges.length > EDGE_LIMIT ? summaryView(view === 'containers' ? graph : containersView(model, system), model, view, `${graph.edges.length} connections`) : graph;
}

/**
 * Past this many components (or this many connections) a view is a summary: a box per folder holding
 * components (at the deepest folder level that keeps the boxes within the limit), the connections
 * between folders counted. A diagram of thousands of boxes is not read, and its text and layout grow
 * with it (issue #67: 424 MB for a map of 10,000 services); the view of one folder draws its components.
 */
export const MAP_LIMIT = 300;
export const EDGE_LIMIT = 2000;

/**
 * The summary of a model of many components, from its nodes: a box per folder holding components
 * (the components counted by name, so that a program deployed twice in a folder counts once), the
 * calls, dependencies and routes between folders counted, the users' ways in to the folders they reach.
 * The context view is the system, the people and the systems outside, as ever.
 */
function folderSummary(model: SystemModel, view: SystemView, system: string): SystemViewGraph {
  const uris: string[] = [];
  for (const node of model.nodes) if (componentKinds.has(node.kind) && node.sources[0]) uris.push(node.sources[0].uri);
  const root = commonFolder(uris);
  const segments = (uri: string) => decodeURIComponent(uri.startsWith(`${root}/`) ? uri.slice(root.length + 1) : uri).split('/').slice(0, -1);
  const placeOf = new Map<string, string[]>();
  for (const node of model.nodes) if (componentKinds.has(node.kind) && node.sources[0] && !isDelivery(node, root)) placeOf.set(node.id, segments(node.sources[0].uri));
  let depth = 1;
  for (let d = 1; d <= 8; d++) {
    const groups = new Set<string>();
    for (const place of placeOf.values()) groups.add(place.slice(0, d).join('/') || '.');
    if (groups.size > MAP_LIMIT) break;
    depth = d;
    if ([...placeOf.values()].every((p) => p.length <= d)) break;
  }
  const boxes = new Map<string, { node: ViewNode; names: Set<string> }>();
  const groupOf = new Map<string, string>();
  for (const node of model.nodes) {
    const place = placeOf.get(node.id);
    if (!place) continue;
    const key = place.slice(0, depth).join('/') || '.';
    let box = boxes.get(key);
    if (!box) {
      box = { node: { id: `folder:${key}`, kind: 'folder', name: `${key}/`, family: 'system', sources: [], members: [] }, names: new Set() };
      boxes.set(key, box);
    }
    box.names.add(node.name);
    if (box.node.sources.length < 4 && node.sources[0]) box.node.sources.push(node.sources[0]);
    groupOf.set(node.id, box.node.id);
  }
  // Endpoints (Services, Ingresses) belong to the folder of what they route to.
  const routes = outgoing(model.edges.filter((e) => e.kind === 'routes'));
  const groupOfEnd = (id: string): string | undefined => groupOf.get(id) ?? routes.get(id)?.map((e) => groupOf.get(e.to)).find((g) => g !== undefined);
  const counts = new Map<string, ViewEdge & { count: number }>();
  const count = (from: string, to: string, kind: string, label: string, sources: readonly SystemSource[]) => {
    if (from === to) return;
    const key = `${from}\0${to}\0${kind}`;
    const known = counts.get(key);
    if (known) known.count++;
    else counts.set(key, { from, to, kind, label, sources: sources.slice(0, 1), count: 1 });
  };
  for (const edge of model.edges) {
    if (!containerEdgeKinds.has(edge.kind) || edge.from === USERS) continue;
    const from = groupOfEnd(edge.from);
    const to = groupOfEnd(edge.to) ?? (model.node(edge.to)?.kind === 'external' ? edge.to : undefined);
    if (from && to) count(from, to, edge.kind, edge.label, edge.sources);
  }
  let users = false;
  for (const entry of model.entries) {
    const to = groupOfEnd(entry.to);
    if (!to || entry.via === 'published-port' || entry.via === 'host-port') continue;
    users = true;
    count(USERS, to, 'calls', entry.label ?? entry.via, [entry.source]);
  }
  const nodes: ViewNode[] = [...(users ? [usersNode()] : []), ...[...boxes.values()].map(({ node, names }) => ({ ...node, technology: `${names.size} component${names.size === 1 ? '' : 's'}` }))];
  const shown = new Set(nodes.map((n) => n.id));
  for (const { to } of counts.values()) {
    const node = model.node(to);
    if (shown.has(to) || node?.kind !== 'external') continue;
    shown.add(to);
    nodes.push(externalNode(node));
  }
  // A start order beside a call between the same boxes is one arrow, the call, whose lines say both (as EdgeSet.list).
  const called = new Map<string, ViewEdge>();
  for (const edge of counts.values()) if (edge.kind === 'calls' || (edge.kind === 'may-call' && !called.has(`${edge.from}\0${edge.to}`))) called.set(`${edge.from}\0${edge.to}`, edge);
  const edges = [...counts.values()]
    .filter((edge) => {
      const call = edge.kind === 'depends-on' ? called.get(`${edge.from}\0${edge.to}`) : undefined;
      if (call) addSources(call.sources, edge.sources);
      return call === undefined;
    })
    .map(({ count: n, ...edge }) => (n > 1 ? { ...edge, label: `${n} × ${edge.kind}` } : edge));
  const total = [...boxes.values()].reduce((sum, box) => sum + box.names.size, 0);
  const note = `${total} components: past ${MAP_LIMIT} components or ${EDGE_LIMIT} connections the ${view} view is summarised, one box per folder (${depth} level${depth === 1 ? '' : 's'} deep), each deployment of a component in a folder counted once; the map of a folder draws its components.`;
  if (view === 'context') {
    const outside = nodes.filter((n) => n.kind === 'person' || n.kind === 'external');
    const inside = new Set([...boxes.values()].map((b) => b.node.id));
    const context = new EdgeSet();
    for (const edge of edges) context.add(inside.has(edge.from) ? 'system' : edge.from, inside.has(edge.to) ? 'system' : edge.to, edge, edge.sources);
    return { view, system, nodes: [{ id: 'system', kind: 'system', name: system, family: 'system', sources: [], members: [] }, ...outside], edges: context.list(), groups: [], note };
  }
  return { view, system, nodes, edges, groups: [], note };
}

/** The containers view folded by folder: what a summary shows. */
function summaryView(containers: SystemViewGraph, model: SystemModel, view: SystemView, size: string): SystemViewGraph {
  const { of, root } = componentsOf(model);
  const placeOf = new Map<string, string[]>();
  for (const node of containers.nodes) {
    const component = of.get(node.id);
    if (!component) continue;
    const instance = component.instances.get(component.members[0]);
    placeOf.set(node.id, (instance?.place || decodeURIComponent(instance?.folder.startsWith(root) ? instance.folder.slice(root.length + 1) : '') || '.').split('/'));
  }
  const deepest = Math.max(1, ...[...placeOf.values()].map((p) => p.length));
  let depth = 1;
  for (let d = 1; d <= deepest; d++) {
    if (new Set([...placeOf.values()].map((p) => p.slice(0, d).join('/'))).size > MAP_LIMIT) break;
    depth = d;
  }
  const groupOf = new Map<string, ViewNode>();
  const boxes = new Map<string, ViewNode>();
  for (const node of containers.nodes) {
    const place = placeOf.get(node.id);
    if (!place) {
      // People and outside systems stay themselves (few: the addresses outside; past the limit, one box).
      groupOf.set(node.id, node);
      continue;
    }
    const key = place.slice(0, depth).join('/');
    let box = boxes.get(key);
    if (!box) {
      box = { id: `folder:${key}`, kind: 'folder', name: `${key}/`, family: 'system', sources: [], members: [], instances: 0 };
      boxes.set(key, box);
    }
    box.members.push(...node.members);
    box.instances = (box.instances ?? 0) + 1;
    if (box.sources.length < 4 && node.sources[0]) box.sources.push(node.sources[0]);
    groupOf.set(node.id, box);
  }
  for (const box of boxes.values()) box.technology = `${box.instances} component${box.instances === 1 ? '' : 's'}`;
  const counts = new Map<string, { edge: ViewEdge; count: number }>();
  for (const edge of containers.edges) {
    const from = groupOf.get(edge.from);
    const to = groupOf.get(edge.to);
    if (!from || !to || from === to) continue;
    const key = `${from.id}\0${to.id}\0${edge.kind}`;
    const known = counts.get(key);
    if (known) {
      known.count++;
      if (known.edge.sources.length < 4) known.edge.sources.push(...edge.sources.slice(0, 1));
    } else counts.set(key, { edge: { from: from.id, to: to.id, kind: edge.kind, label: edge.label, sources: edge.sources.slice(0, 1) }, count: 1 });
  }
  const edges = [...counts.values()].map(({ edge, count }) => (count > 1 ? { ...edge, label: `${count} × ${edge.kind === 'calls' ? 'calls' : edge.kind}` } : edge));
  const kept = [...new Set(groupOf.values())];
  const note = `${size}: past ${MAP_LIMIT} components or ${EDGE_LIMIT} connections the ${view} view is summarised, one box per folder (${depth} level${depth === 1 ? '' : 's'} deep); the map of a folder draws its components.`;
  return { view, system: containers.system, nodes: kept, edges, groups: [], note };
}
