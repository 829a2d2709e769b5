/**
 * The layout of a generated diagram (graph.ts draws it): dagre's layered layout, from the sizes of
 * the nodes and edge labels the page measured.
 *
 * A group no edge leaves (a namespace whose objects only point at each other, the usual case) is
 * laid out on its own, as Mermaid does with such subgraphs, and its box placed after the rest of
 * the graph: dagre's compound layout (border nodes, nested ordering) cost a third more on a
 * 200-node topology than the same nodes in separate graphs. Groups that edges leave stay compound
 * nodes of the rest of the graph.
 *
 * Nodes no edge touches and no group holds (ADRs that link to no other) would all share dagre's
 * first rank, one row as wide as the graph is long: they are laid out in a grid of their own,
 * after the rest, in their order.
 */
import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };

let dagre: Promise<typeof Dagre> | undefined;
let loadedAt: number | undefined;

/** dagre (its own small chunk, fetched from the webview folder): asked for as the page starts when it will draw a graph. */
export function loadLayout(): Promise<typeof Dagre> {
  dagre ??= import('@dagrejs/dagre').then((m) => {
    loadedAt = performance.now();
    return m;
  });
  return dagre;
}

/** When dagre finished loading, on the page's clock. */
export function layoutLoadedAt(): number | undefined {
  return loadedAt;
}

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** A box by its centre. */
export interface Placed extends Point, Size {}

export interface LayoutInput {
  direction: 'LR' | 'TB';
  nodes: { id: string; size: Size; group?: string }[];
  /** Edges between known nodes; `label` is the size of its label, when it has one. */
  edges: { from: string; to: string; label?: Size }[];
  /** Groups, with the room their label needs across the top of their box. */
  groups: { id: string; label: Size }[];
}

export interface GraphLayout {
  nodes: Map<string, Placed>;
  /** In the order of `LayoutInput.edges`: the polyline, and the centre of the label. */
  edges: { points: Point[]; label?: Point }[];
  /** Each group's box, its label's room included (top-left corner). */
  groups: Map<string, Point & Size>;
}

/** Loose nodes (no edge, no group) from which they are laid out in a grid instead of one row. */
const GRID_FROM = 3;

/** Nodes and edges beyond which the layout ranks by a tight tree (see `layoutGraph`). */
const TIGHT_TREE_ABOVE = 150;

type DagreGraph = InstanceType<(typeof Dagre)['Graph']>;
interface EdgeLabel {
  points: Point[];
  x?: number;
  y?: number;
}

/** Lays out `input` with dagre (loaded: `loadLayout`). */
export function layoutGraph({ Graph, layout }: typeof Dagre, input: LayoutInput): GraphLayout {
  // dagre's default ranker (network simplex) shortens edges at a cost that grows fast: three
  // quarters of a 200-node topology's warm layout (218 of ~290 ms). A tight tree gives generated
  // diagrams, whose edges are short chains, the same ranks (the same size, the same crossings);
  // small diagrams keep the network simplex, which is cheap for them.
  const ranker = input.nodes.length + input.edges.length > TIGHT_TREE_ABOVE ? 'tight-tree' : 'network-simplex';
  const known = new Set(input.groups.map((g) => g.id));
  const groupOf = new Map(input.nodes.filter((n) => n.group !== undefined && known.has(n.group)).map((n) => [n.id, n.group!]));
  const crossed = new Set<string>();
  for (const edge of input.edges) {
    const from = groupOf.get(edge.from);
    const to = groupOf.get(edge.to);
    if (from === to) continue;
    if (from !== undefined) crossed.add(from);
    if (to !== undefined) crossed.add(to);
  }
  const members = new Set(groupOf.values());
  const alone = new Set(input.groups.filter((g) => members.has(g.id) && !crossed.has(g.id)).map((g) => g.id));
  const compound = input.groups.filter((g) => !alone.has(g.id));
  const linked = new Set(input.edges.flatMap((e) => [e.from, e.to]));
  const unlinked = input.nodes.filter((n) => !linked.has(n.id) && !groupOf.has(n.id));
  const loose = new Set(unlinked.length >= GRID_FROM ? unlinked.map((n) => n.id) : []);

  const graph = (groups: boolean, labelRoom: boolean): DagreGraph => {
    const g = new Graph({ compound: groups, multigraph: true });
    g.setGraph({
      rankdir: input.direction,
      nodesep: 40,
      ranksep: 60,
      // Compound group boxes grow upwards by their label after the layout (dagre reserves no room
      // for it): left to right, groups stacked one above the other are apart by edgesep.
      edgesep: labelRoom ? 40 : 15,
      marginx: 12,
      marginy: 12,
      ranker,
    });
    g.setDefaultEdgeLabel(() => ({}));
    return g;
  };
  const edgeLabel = (label: Size | undefined) => (label ? { width: label.width, height: label.height, labelpos: 'c' as const } : {});
  const result: GraphLayout = { nodes: new Map(), edges: [], groups: new Map() };

  // Each group no edge leaves, on its own (ids are prefixed: groups and nodes share dagre's names).
  const inner = new Map<string, { g: DagreGraph; size: Size }>();
  for (const id of alone) {
    const g = graph(false, false);
    for (const node of input.nodes) if (groupOf.get(node.id) === id) g.setNode(`n:${node.id}`, { ...node.size });
    input.edges.forEach((edge, i) => {
      if (groupOf.get(edge.from) === id) g.setEdge(`n:${edge.from}`, `n:${edge.to}`, edgeLabel(edge.label), `e${i}`);
    });
    layout(g);
    const { width, height } = g.graph() as Size;
    inner.set(id, { g, size: { width, height } });
  }

  // The rest of the graph, the other groups as compound nodes.
  const top = graph(compound.length > 0, compound.length > 0 && input.direction === 'LR');
  const label = new Map(input.groups.map((g) => [g.id, g.label]));
  for (const group of compound) top.setNode(`g:${group.id}`, { width: 0, height: 0 });
  for (const node of input.nodes) {
    const group = groupOf.get(node.id);
    if ((group !== undefined && alone.has(group)) || loose.has(node.id)) continue;
    top.setNode(`n:${node.id}`, { ...node.size });
    if (group !== undefined) top.setParent(`n:${node.id}`, `g:${group}`);
  }
  input.edges.forEach((edge, i) => {
    const group = groupOf.get(edge.from);
    if (group === undefined || !alone.has(group)) top.setEdge(`n:${edge.from}`, `n:${edge.to}`, edgeLabel(edge.label), `e${i}`);
  });
  let used: Size = { width: 0, height: 0 };
  if (top.nodeCount() > 0) {
    layout(top);
    used = top.graph() as Size;
  }

  // The groups laid out alone follow it, in their order: below it left to right, beside it top to bottom.
  const across = input.direction === 'LR';
  const gap = 40;
  let cursor = across ? used.height : used.width;
  const offsets = new Map<string, Point>();
  for (const [id, { g, size }] of inner) {
    const room = label.get(id)!;
    const box = { x: across ? 12 : cursor + (cursor > 0 ? gap : 12), y: across ? cursor + (cursor > 0 ? gap : 12) : 12, width: Math.max(size.width, room.width), height: size.height + room.height };
    cursor = across ? box.y + box.height : box.x + box.width;
    result.groups.set(id, box);
    const offset = { x: box.x + (box.width - size.width) / 2, y: box.y + room.height };
    offsets.set(id, offset);
    for (const node of g.nodes()) {
      const placed = g.node(node) as Placed;
      result.nodes.set(node.slice(2), { width: placed.width, height: placed.height, x: placed.x + offset.x, y: placed.y + offset.y });
    }
  }
  if (loose.size > 0) {
    const grid = gridOf(input.nodes.filter((n) => loose.has(n.id)), { x: across ? 12 : cursor + (cursor > 0 ? gap : 0), y: across ? cursor + (cursor > 0 ? gap : 0) : 12 });
    for (const [id, placed] of grid) result.nodes.set(id, placed);
  }
  for (const group of compound) {
    const box = top.node(`g:${group.id}`) as Placed | undefined;
    if (!box || !Number.isFinite(box.x)) continue;
    const room = label.get(group.id)!;
    const width = Math.max(box.width, room.width);
    result.groups.set(group.id, { x: box.x - width / 2, y: box.y - box.height / 2 - room.height, width, height: box.height + room.height });
  }
  for (const node of input.nodes) {
    if (result.nodes.has(node.id)) continue;
    const placed = top.node(`n:${node.id}`) as Placed;
    result.nodes.set(node.id, { width: placed.width, height: placed.height, x: placed.x, y: placed.y });
  }
  result.edges = input.edges.map((edge, i) => {
    const group = groupOf.get(edge.from);
    const alongside = group !== undefined && alone.has(group);
    const laid = (alongside ? inner.get(group)!.g : top).edge({ v: `n:${edge.from}`, w: `n:${edge.to}`, name: `e${i}` }) as EdgeLabel;
    const offset = alongside ? offsets.get(group)! : { x: 0, y: 0 };
    const move = (p: Point) => ({ x: p.x + offset.x, y: p.y + offset.y });
    return { points: laid.points.map(move), label: laid.x !== undefined && laid.y !== undefined ? move({ x: laid.x, y: laid.y }) : undefined };
  });
  return result;
}

/**
 * Nodes in rows of about √n, in their order, each column as wide as its widest node, each row as
 * high as its highest; `origin` is the grid's top-left corner.
 */
function gridOf(nodes: { id: string; size: Size }[], origin: Point): Map<string, Placed> {
  const columns = Math.ceil(Math.sqrt(nodes.length));
  const widths: number[] = [];
  const heights: number[] = [];
  nodes.forEach((node, i) => {
    const column = i % columns;
    const row = Math.floor(i / columns);
    widths[column] = Math.max(widths[column] ?? 0, node.size.width);
    heights[row] = Math.max(heights[row] ?? 0, node.size.height);
  });
  const nodesep = 40;
  const ranksep = 60;
  const left = (column: number) => origin.x + widths.slice(0, column).reduce((sum, w) => sum + w + nodesep, 0);
  const top = (row: number) => origin.y + heights.slice(0, row).reduce((sum, h) => sum + h + ranksep, 0);
  const placed = new Map<string, Placed>();
  nodes.forEach((node, i) => {
    const column = i % columns;
    const row = Math.floor(i / columns);
    placed.set(node.id, { ...node.size, x: left(column) + widths[column] / 2, y: top(row) + heights[row] / 2 });
  });
  return placed;
}
