/**
 * Entry points and exposures (issue #64): a way in from outside (an Ingress, a load balancer, a
 * published port) is a call from `Users` only when it is meant to be reached — an Ingress or a
 * Gateway, a LoadBalancer or NodePort Service, a published port of a component nothing else of the
 * system fronts — and only in a main deployment (a variant folder's NodePort is that variant's). A
 * data store's or a broker's published port is an exposure the checks report, a monitoring UI's (its
 * technology says so, or a Grafana datasource queries it) or a fronted backend's an operator's way
 * in: neither is drawn as the users' call (each is drawn as `Users` reaching it, dashed: views.ts, issues #98 and #95). A port published on the loopback address only (`"127.0.0.1:6379:6379"`) is reachable
 * from the host alone: no one's way in, neither drawn nor reported.
 */
import { componentKinds, storeKinds, type EntryPoint, type SystemEdge } from '../features/system/contributor';
import { isLoopbackAddress } from '../features/system/addresses';
import { technologyCalled } from '../features/system/technology';
import { componentsOf, isVariantPlace, type Component } from './components';
import type { SystemModel } from './model';
import { appendTo } from './lists';

export type EntryRole =
  /** Drawn as `Users →`. */
  | 'user'
  /** A data store's or broker's port published to the host's network: a finding, drawn as `Users` reaching it (not calling it). */
  | 'exposure'
  /** A published port of a component another one fronts, or of a monitoring UI: an operator's way in, drawn reaching it (dashed). */
  | 'operator'
  /** Said in a variant deployment only (an overlay, `extras/`): not the system's way in. */
  | 'variant'
  /** A port published on the host's loopback address only (`127.0.0.1:6379:6379`): this machine's tools', not drawn, no finding. */
  | 'local';

export interface DecidedEntry {
  entry: EntryPoint;
  role: EntryRole;
  /** The components it leads to (through an Ingress's or a Service's routes). */
  components: Component[];
  /** An exposure said in a variant deployment: the checks report it, the views draw it where they draw the variants'. */
  variant?: true;
}

/** The runtime nodes an endpoint leads to through `routes` edges (an Ingress → its Services → their workloads). */
export function routedTo(start: string, model: SystemModel, out: ReadonlyMap<string, readonly SystemEdge[]>): string[] {
  const found: string[] = [];
  const queue = [start];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const id = queue.shift()!;
    const node = model.node(id);
    if (node && componentKinds.has(node.kind)) {
      found.push(id);
      continue;
    }
    for (const edge of out.get(id) ?? []) {
      if (edge.kind !== 'routes' || seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return found;
}

/** Whether a published port is bound to this machine's loopback address only (`"127.0.0.1:6379:6379"`, `host_ip: ::1`). */
export function loopbackBound(entry: EntryPoint): boolean {
  return entry.hostIp !== undefined && isLoopbackAddress(entry.hostIp);
}

const cache = new WeakMap<SystemModel, DecidedEntry[]>();

/** Each entry point of the model with its role (once per model). */
export function decidedEntries(model: SystemModel): DecidedEntry[] {
  const cached = cache.get(model);
  if (cached) return cached;
  const { of, root } = componentsOf(model);
  const out = new Map<string, SystemEdge[]>();
  for (const edge of model.edges) if (edge.kind === 'routes') appendTo(out, edge.from, edge);
  const reached = model.entries.map((entry) => ({ entry, components: [...new Set(routedTo(entry.to, model, out).map((id) => of.get(id)).filter((c) => c !== undefined))] }));
  // Components the users reach by a way meant for them, directly: what may front others.
  const meant = new Set<Component>();
  for (const { entry, components } of reached) if (entry.via !== 'published-port' && entry.via !== 'host-port') for (const c of components) meant.add(c);
  const callers = new Map<Component, Set<Component>>();
  for (const edge of model.edges) {
    if (edge.kind !== 'calls' && edge.kind !== 'may-call') continue;
    const from = of.get(edge.from);
    const to = of.get(edge.to);
    if (!from || !to || from === to) continue;
    const known = callers.get(to);
    if (known) known.add(from);
    else callers.set(to, new Set([from]));
  }
  // What a Grafana datasource queries is a monitoring backend, whatever its image says (`${PROMETHEUS_IMAGE}` unset).
  const queried = new Set<Component>();
  for (const edge of model.edges) {
    if (edge.kind !== 'queries') continue;
    for (const id of routedTo(edge.to, model, out)) {
      const component = of.get(id);
      if (component) queried.add(component);
    }
  }
  const published = new Set<Component>();
  for (const { entry, components } of reached) if ((entry.via === 'published-port' || entry.via === 'host-port') && !loopbackBound(entry)) for (const c of components) published.add(c);
  const decided = reached.map(({ entry, components }): DecidedEntry => {
    const place = decodeURIComponent(entry.source.uri.startsWith(`${root}/`) ? entry.source.uri.slice(root.length + 1) : entry.source.uri);
    const variant = isVariantPlace(place.slice(0, Math.max(0, place.lastIndexOf('/')))) || components.some((c) => c.instances.get(entry.to)?.variant === true);
    if (entry.via !== 'published-port' && entry.via !== 'host-port') return { entry, components, role: variant ? 'variant' : 'user' };
    if (loopbackBound(entry)) return { entry, components, role: 'local' };
    if (components.some((c) => storeKinds.has(c.kind) || c.kind === 'broker')) return { entry, components, role: 'exposure', ...(variant ? { variant: true as const } : {}) };
    if (variant) return { entry, components, role: 'variant' };
    const monitoring = components.some((c) => technologyCalled(c.technology)?.kind === 'monitoring' || queried.has(c));
    // Fronted: another component the users reach calls it (a proxy in front of a backend).
    const fronted = components.some((c) => [...(callers.get(c) ?? [])].some((caller) => meant.has(caller) || published.has(caller)));
    return { entry, components, role: monitoring || fronted ? 'operator' : 'user' };
  });
  cache.set(model, decided);
  return decided;
}
