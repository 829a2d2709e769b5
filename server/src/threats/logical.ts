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
 * The Compose project each project stands in for (issue #95): projects some of whose services fold into one component are
 * copies of one stack — redash's `.ci/compose.ci.yaml` (its `postgres` and `redis` folded into `compose.yaml`'s), paperless'
 * seven alternative install files (docker/compose/docker-compose.*.yml, each folding into several others) — so a call between
 * two of its components stays inside the stack as it stays in each file. Every project of such a group stands for the one
 * holding the most of its main nodes (ties: the first by id). Keys and values are place node ids (`compose:.ci` →
 * `compose:.`); a project folding into no other stands for itself (absent).
 */
function copiedProjects(map: MapFacts, rename: (id: string) => string): Map<string, string> {
  const group = new Map<string, string>();
  const rootOf = (place: string): string => {
    let at = place;
    // Bounded: each step moves to a place met before, never back.
    for (let steps = 0; steps <= group.size && group.has(at) && group.get(at) !== at; steps++) at = group.get(at)!;
    return at;
  };
  const mains = new Map<string, number>();
  for (const n of map.nodes) {
    const place = n.parent;
    if (!place?.startsWith('compose:')) continue;
    if (!group.has(place)) group.set(place, place);
    const main = rename(n.id);
    if (main === n.id) {
      mains.set(place, (mains.get(place) ?? 0) + 1);
      continue;
    }
    const other = map.node(main)?.parent;
    if (!other?.startsWith('compose:') || other === place) continue;
    if (!group.has(other)) group.set(other, other);
    const [a, b] = [rootOf(place), rootOf(other)];
    if (a !== b) group.set(a < b ? b : a, a < b ? a : b);
  }
  const members = new Map<string, string[]>();
  for (const place of group.keys()) {
    const root = rootOf(place);
    const list = members.get(root);
    if (list) list.push(place);
    else members.set(root, [place]);
  }
  const out = new Map<string, string>();
  for (const list of members.values()) {
    if (list.length < 2) continue;
    const [first] = [...list].sort((a, b) => (mains.get(b) ?? 0) - (mains.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
    for (const place of list) if (place !== first) out.set(place, first);
  }
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
