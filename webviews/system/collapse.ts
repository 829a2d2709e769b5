/**
 * Readable before complete: past a number of boxes a panel cannot show at a readable size, the map is
 * drawn by its groups — namespaces, then families (the deployment view: its environments) — each one
 * box saying how many elements it holds, opened by a click (or all at once, a variant's deployment aside). Edges between groups are
 * merged, keeping every line that makes them.
 */
import type { LayoutGroup, LayoutNode } from '../../server/src/drawing/mapLayout';
import { groupLabel, nodeLines } from '../../server/src/drawing/mapView';
import type { SystemMap } from './messages';

type MapNode = SystemMap['nodes'][number];
type MapEdge = SystemMap['edges'][number];

export interface CollapsedNode extends LayoutNode {
  kind: string;
  /** A closed group standing for its members. */
  collapsed: boolean;
}

export interface Collapsed {
  nodes: CollapsedNode[];
  edges: MapEdge[];
  /** Closed groups: id → label and members. */
  groups: Map<string, { label: string; members: string[] }>;
  /** The deployment view's open groups (the Security view's boundaries, nested), drawn as boxes. */
  layoutGroups: LayoutGroup[];
  label: (id: string) => string;
}

/** Past this many boxes, groups are closed (a 640 px panel shows about 40 readable boxes; scrolling shows more). */
export const READABLE_BOXES = 60;

/** The group a node is closed into: its deployment group, its namespace, its family. */
function keyOf(map: SystemMap, node: MapNode): { id: string; label: string } {
  if (map.view === 'deployment' && node.group) return { id: `group:${node.group}`, label: groupLabel(map.groups, node.group) };
  if (node.namespace) return { id: `group:ns:${node.namespace}`, label: `namespace ${node.namespace}` };
  return { id: `group:family:${node.family}`, label: node.family };
}

export function collapse(map: SystemMap, nodes: readonly MapNode[], edges: readonly MapEdge[], options: { expanded: ReadonlySet<string>; expandAll: boolean; room: { width: number; height: number } }): Collapsed {
  // Opening all groups leaves a variant's deployment closed (issue #79: test kustomizations beside the real one), each opened by a click.
  const variants = new Set(map.view === 'deployment' ? map.groups.filter((g) => g.variant).map((g) => g.id) : []);
  const closing = nodes.length > READABLE_BOXES && (!options.expandAll || variants.size > 0);
  const members = new Map<string, { label: string; members: string[] }>();
  if (closing) for (const node of nodes) {
    if (options.expandAll && !(node.group && variants.has(node.group))) continue;
    const key = keyOf(map, node);
    const entry = members.get(key.id) ?? { label: key.label, members: [] };
    entry.members.push(node.id);
    members.set(key.id, entry);
  }
  const closed = new Map([...members].filter(([id, g]) => g.members.length > 1 && !options.expanded.has(id)));
  const representative = new Map<string, string>();
  for (const [id, group] of closed) for (const member of group.members) representative.set(member, id);
  const out: CollapsedNode[] = [];
  // A closed variant says its own name (its cluster is the boxes' around it): `tests/spanner-with-all-components (kustomize, variant)`.
  const own = new Map(map.groups.filter((g) => variants.has(g.id)).map((g) => [`group:${g.id}`, g.name]));
  for (const [id, group] of closed) out.push({ id, kind: 'group', lines: [own.get(id) ?? group.label, `${group.members.length} elements`], collapsed: true });
  const linesOf = apartLines(map, nodes);
  for (const node of nodes) {
    if (representative.has(node.id)) continue;
    const group = map.view === 'deployment' && node.group ? node.group : undefined;
    out.push({ id: node.id, kind: node.kind, lines: linesOf(node), collapsed: false, ...(group ? { group } : {}) });
  }
  const merged = new Map<string, MapEdge>();
  for (const edge of edges) {
    const from = representative.get(edge.from) ?? edge.from;
    const to = representative.get(edge.to) ?? edge.to;
    if (from === to) continue;
    const key = `${from}\0${to}\0${edge.kind}`;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...edge, from, to, sources: [...edge.sources] });
    else {
      existing.sources.push(...edge.sources);
      if (existing.label !== edge.label) existing.label = 'several';
    }
  }
  const used = new Set(out.map((n) => n.group).filter((g): g is string => g !== undefined));
  const layoutGroups = map.groups.filter((g) => used.has(g.id)).map((g) => ({ id: g.id, label: groupLabel(map.groups, g.id) }));
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  return { nodes: out, edges: [...merged.values()], groups: closed, layoutGroups, label: (id) => closed.get(id)?.label ?? names.get(id) ?? id };
}

/**
 * A box's lines, told apart from the boxes of the same name (prod's and staging's `stock-predictor`): under its name,
 * where it is — its namespace, else its group — before its technology. The deployment view draws each box inside its
 * deployment's own box already: its lines stay as they are (wider boxes would push a large map out of view).
 */
function apartLines(map: SystemMap, nodes: readonly MapNode[]): (node: MapNode) => string[] {
  const count = new Map<string, number>();
  if (map.view !== 'deployment') for (const node of nodes) count.set(node.name, (count.get(node.name) ?? 0) + 1);
  return (node) => {
    if ((count.get(node.name) ?? 0) < 2) return nodeLines(node);
    const where = node.namespace ? `namespace ${node.namespace}` : node.group ? groupLabel(map.groups, node.group) : undefined;
    return where ? [node.name, node.technology ? `${where} · ${node.technology}` : where] : nodeLines(node);
  };
}
