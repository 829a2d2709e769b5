/**
 * One logical component, its instances listed (issue #78): the map has a node per way of deploying a
 * program (a Compose service, a workload of plain manifests, of an overlay, of a variant folder); the
 * security model is derived on the logical graph the system map folds them into (system/components.ts,
 * handed in by the descriptor), so a call resolved to a development copy of a backend and a database
 * link starting from the base copy are one path, and a risk is raised once per component and rule with
 * every instance's lines. Pure: the map and the fold in, the folded map out (kept per map).
 */
import type { EntryPoint, SystemEdge, SystemNode, SystemSource } from '../features/system/contributor';
import type { MapFacts } from './scan';

/** The folded map, and the map's own entry of each folded entry (the entry roles are the map's). */
export interface LogicalMap extends MapFacts {
  original: (entry: EntryPoint) => EntryPoint;
}

/**
 * The Compose project each project stands in for (issue #95, redash): a project whose folded services all fold into
 * one other project's (`.ci/compose.ci.yaml`'s `postgres` and `redis` into `compose.yaml`'s) is a copy of that one, and
 * what it alone runs (its `redash`) sits in that project's network, where its calls to the folded stores stay as they
 * stay in its own project. Keys and values are place node ids (`compose:.ci` → `compose:.`); a project whose services
 * fold into several projects, or into none, stands for itself (absent).
 */
function copiedProjects(map: MapFacts, rename: (id: string) => string): Map<string, string> {
  const into = new Map<string, Set<string>>();
  for (const n of map.nodes) {
    const place = n.parent;
    if (!place?.startsWith('compose:')) continue;
    const main = rename(n.id);
    let targets = into.get(place);
    if (!targets) into.set(place, (targets = new Set()));
    targets.add(main === n.id ? place : (map.node(main)?.parent ?? ''));
  }
  const out = new Map<string, string>();
  for (const [place, targets] of into) {
    const others = [...targets].filter((t) => t !== place);
    if (others.length === 1 && others[0].startsWith('compose:')) out.set(place, others[0]);
  }
  // A project another copies is never itself a copy (two projects each folding into the other stand for themselves).
  const copies = new Set(out.keys());
  for (const [place, target] of [...out]) if (copies.has(target)) out.delete(place);
  return out;
}

const folded = new WeakMap<MapFacts, LogicalMap>();

const placeOf = (s: SystemSource) => `${s.uri}:${s.range.start.line}`;

/** Sources of both, each line once, the first's first. */
function merged(a: readonly SystemSource[], b: readonly SystemSource[]): SystemSource[] {
  const seen = new Set(a.map(placeOf));
  const out = [...a];
  for (const s of b) {
    if (seen.has(placeOf(s))) continue;
    seen.add(placeOf(s));
    out.push(s);
  }
  return out;
}

/** The map with each component's instances folded into its main node (`logicalOf`: the main node's id of a component node). */
export function logicalMap(map: MapFacts, logicalOf: ((id: string) => string | undefined) | undefined): LogicalMap {
  const known = folded.get(map);
  if (known) return known;
  if (!logicalOf) {
    const same: LogicalMap = { nodes: map.nodes, edges: map.edges, entries: map.entries, node: map.node, original: (e) => e, projectOf: (place) => place };
    folded.set(map, same);
    return same;
  }
  const rename = (id: string) => logicalOf(id) ?? id;
  // A component's main node with every instance's lines (its main deployment's first): each instance's block is read.
  const instances = new Map<string, SystemSource[]>();
  for (const n of map.nodes) {
    const main = rename(n.id);
    if (main !== n.id) instances.set(main, merged(instances.get(main) ?? [], n.sources));
  }
  const nodes: SystemNode[] = map.nodes.filter((n) => rename(n.id) === n.id).map((n) => (instances.has(n.id) ? { ...n, sources: merged(n.sources, instances.get(n.id)!) } : n));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: SystemEdge[] = [];
  const edgeAt = new Map<string, number>();
  for (const edge of map.edges) {
    const from = rename(edge.from);
    const to = rename(edge.to);
    if (from === to && edge.from !== edge.to) continue;
    const key = `${from}\n${to}\n${edge.kind}`;
    const at = edgeAt.get(key);
    if (at === undefined) {
      edgeAt.set(key, edges.length);
      edges.push(from === edge.from && to === edge.to ? edge : { ...edge, from, to });
    } else edges[at] = { ...edges[at], sources: merged(edges[at].sources, edge.sources) };
  }
  const originals = new Map<EntryPoint, EntryPoint>();
  const entries = map.entries.map((entry) => {
    const to = rename(entry.to);
    if (to === entry.to) return entry;
    const renamed = { ...entry, to };
    originals.set(renamed, entry);
    return renamed;
  });
  const copied = copiedProjects(map, rename);
  const logical: LogicalMap = { nodes, edges, entries, node: (id) => byId.get(rename(id)), original: (e) => originals.get(e) ?? e, projectOf: (place) => copied.get(place) ?? place };
  folded.set(map, logical);
  return logical;
}
