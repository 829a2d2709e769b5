/**
 * The System Map's layout, pure and linear: layers by the longest path from the sources (cycles broken
 * where they close), ordered by the barycentre of their neighbours, in columns (wide panels) or rows
 * (narrow ones); the deployment view's groups as boxes of their nodes. Text is never shrunk: a label
 * longer than a box is cut with an ellipsis (its full name is in its tooltip and the details), and a
 * graph too large to read whole is collapsed into its groups first (collapse.ts).
 */

export interface LayoutNode {
  id: string;
  /** Lines of text: the name, then the technology. */
  lines: string[];
  group?: string;
}

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

export interface PlacedGroup {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
  /** Its label when it is drawn (the layout makes room for it). */
  label?: string;
}

export interface Point {
  x: number;
  y: number;
}

/** An edge's way: points joined by curves leaving and reaching each point along `axis` (a straight line where two points face each other). */
export interface Route {
  points: Point[];
  axis: 'x' | 'y';
}

export interface Layout {
  nodes: Map<string, PlacedNode>;
  groups: PlacedGroup[];
  width: number;
  height: number;
  /** Each edge's way, by its index (undefined: an end is missing; the grouped layout's edges go straight). */
  routes: (Route | undefined)[];
}

/** Pixels per character of the labels' font (13 px): an estimate, so that no text is measured one by one. */
export const CHAR_WIDTH = 7.4;
export const NODE_HEIGHT = 44;
const MIN_WIDTH = 110;
export const MAX_CHARS = 30;
const GAP_X = 70;
const GAP_Y = 22;

/** An edge label's font (12.5 px: 10 px at the smallest zoom) per character, and its box's height: estimates on the wide side, so that a label's box holds its text. */
const LABEL_CHAR_WIDTH = 7.2;
const LABEL_HEIGHT = 17;
export const LABEL_MAX_CHARS = 28;

/** The box an edge's label takes (its text cut to LABEL_MAX_CHARS), padded. */
export function labelSize(label: string): { width: number; height: number } {
  return { width: Math.ceil(Math.min(label.length, LABEL_MAX_CHARS) * LABEL_CHAR_WIDTH) + 10, height: LABEL_HEIGHT };
}

/** A label cut to what a box shows. */
export function fitted(text: string, max = MAX_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sized(node: LayoutNode): PlacedNode {
  const lines = node.lines.map((line) => fitted(line));
  const width = Math.max(MIN_WIDTH, Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH) + 24);
  return { id: node.id, x: 0, y: 0, width, height: NODE_HEIGHT, lines };
}

/** Each node's layer: the longest path from a node with no incoming edge; an edge closing a cycle is ignored. */
export function layers(ids: readonly string[], edges: readonly { from: string; to: string }[]): Map<string, number> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const out: number[][] = ids.map(() => []);
  const indegree = ids.map(() => 0);
  for (const { from, to } of edges) {
    const a = index.get(from);
    const b = index.get(to);
    if (a === undefined || b === undefined || a === b) continue;
    out[a].push(b);
    indegree[b]++;
  }
  const layer = ids.map(() => 0);
  const done = ids.map(() => false);
  const queue: number[] = [];
  for (let i = 0; i < ids.length; i++) if (indegree[i] === 0) queue.push(i);
  let processed = 0;
  for (;;) {
    while (queue.length > 0) {
      const node = queue.pop()!;
      done[node] = true;
      processed++;
      for (const next of out[node]) {
        if (done[next]) continue;
        layer[next] = Math.max(layer[next], layer[node] + 1);
        if (--indegree[next] === 0) queue.push(next);
      }
    }
    if (processed === ids.length) break;
    // A cycle: start again from its first node not placed, as if its incoming edges were not there.
    const next = done.findIndex((d, i) => !d && indegree[i] > 0);
    indegree[next] = 0;
    queue.push(next);
  }
  return new Map(ids.map((id, i) => [id, layer[i]]));
}

/** Orders each layer by the mean position of the nodes it connects to in the layer before (two sweeps). */
function ordered(byLayer: string[][], edges: readonly { from: string; to: string }[]): void {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const { from, to } of edges) {
    link(from, to);
    link(to, from);
  }
  for (let sweep = 0; sweep < 2; sweep++) {
    const position = new Map<string, number>();
    byLayer.forEach((layer) => layer.forEach((id, i) => position.set(id, i)));
    for (const layer of sweep === 0 ? byLayer.slice(1) : [...byLayer].reverse().slice(1)) {
      const score = new Map(layer.map((id, i) => {
        const near = (neighbours.get(id) ?? []).map((n) => position.get(n)).filter((p): p is number => p !== undefined);
        return [id, near.length > 0 ? near.reduce((a, b) => a + b, 0) / near.length : i];
      }));
      layer.sort((a, b) => score.get(a)! - score.get(b)!);
      layer.forEach((id, i) => position.set(id, i));
    }
  }
}

/** An edge's chain of slots: its ends, and the slot it takes in each layer it crosses (undefined: drawn straight, not routed). */
interface Chain {
  from: string;
  to: string;
  /** Ids of the slots between its ends, one per layer crossed, in the order the edge goes through them. */
  via: string[];
  /** Both ends in one layer: the edge goes out into the gap after it and back. */
  loop: boolean;
}

/**
 * Each edge's chain through the layers between its ends (a slot per layer: the layers' ordering
 * keeps boxes out of its way), while the slots made stay within a budget linear in the graph's size
 * (edges past it are drawn straight between their ends).
 */
function chains(edges: readonly LayoutEdge[], layer: ReadonlyMap<string, number>, byLayer: string[][]): (Chain | undefined)[] {
  let budget = 4 * (layer.size + edges.length) + 200;
  return edges.map((edge, i) => {
    const a = layer.get(edge.from);
    const b = layer.get(edge.to);
    if (a === undefined || b === undefined || edge.from === edge.to) return undefined;
    const span = Math.abs(b - a) - 1;
    if (span > budget) return { from: edge.from, to: edge.to, via: [], loop: false };
    const step = Math.sign(b - a);
    const via: string[] = [];
    for (let l = a + step; l !== b && span > 0; l += step) {
      const slot = `\0${i}:${l}`;
      byLayer[l].push(slot);
      via.push(slot);
    }
    budget -= via.length;
    return { from: edge.from, to: edge.to, via, loop: a === b };
  });
}

/** The breadth of the slot an edge takes in a layer it crosses, and the gaps around it. */
const SLOT = 12;
const SLOT_GAP = 10;

/** Layers in columns (`LR`) or rows (`TB`); each edge routed through the layers it crosses, its label given room between two of them. */
export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], direction: 'LR' | 'TB'): Layout {
  const placed = new Map(nodes.map((n) => [n.id, sized(n)]));
  const raw = layers(nodes.map((n) => n.id), edges);
  const rawLayers: string[][] = [];
  for (const node of nodes) (rawLayers[raw.get(node.id)!] ??= []).push(node.id);
  const byLayer = rawLayers.filter((l) => l !== undefined);
  const layer = new Map<string, number>();
  byLayer.forEach((ids, l) => ids.forEach((id) => layer.set(id, l)));
  const routed = chains(edges, layer, byLayer);
  const links = routed.flatMap((c) => (c && !c.loop ? [c.from, ...c.via, c.to].slice(1).map((to, k, rest) => ({ from: k === 0 ? c.from : rest[k - 1], to })) : []));
  ordered(byLayer, links);
  const lr = direction === 'LR';
  // The gap after each layer: in columns, wide enough for the widest label of an edge crossing it; in
  // rows, high enough to stack the labels of the edges whose middle is in it.
  const gaps = byLayer.map(() => (lr ? GAP_X : GAP_X * 0.8));
  // Rows: the labels' widths laid side by side over the drawing's breadth (two and a half times, as they do not pack tight).
  const stacked = byLayer.map(() => ({ labels: 0, width: 0 }));
  edges.forEach((edge, i) => {
    const chain = routed[i];
    if (!chain || !edge.label) return;
    const [a, b] = [layer.get(chain.from)!, layer.get(chain.to)!].sort((p, q) => p - q);
    if (lr) for (let l = a; l < b || (a === b && l === a); l++) gaps[l] = Math.max(gaps[l], labelSize(edge.label).width + 24);
    else {
      const band = stacked[a + Math.max(0, Math.floor((b - a - 1) / 2))];
      band.labels++;
      band.width += labelSize(edge.label).width + 8;
    }
  });
  if (!lr) {
    const across = byLayer.reduce((widest, ids) => Math.max(widest, ids.reduce((sum, id) => sum + (placed.get(id)?.width ?? SLOT) + GAP_Y, 0)), 1);
    stacked.forEach((band, l) => (gaps[l] = Math.max(gaps[l], 20 + Math.min(band.labels, Math.ceil((band.width * 2.5) / across)) * (LABEL_HEIGHT + 4))));
  }
  const slots = new Map<string, { cross: number; start: number; depth: number }>();
  let offset = 0;
  let breadth = 0;
  byLayer.forEach((ids, l) => {
    const items = ids.map((id) => placed.get(id));
    const depth = lr ? Math.max(...items.map((n) => n?.width ?? 0)) : NODE_HEIGHT;
    let along = 0;
    ids.forEach((id, k) => {
      if (k > 0) along += items[k] && items[k - 1] ? GAP_Y : SLOT_GAP;
      const node = items[k];
      if (!node) {
        slots.set(id, { cross: along + SLOT / 2, start: offset, depth });
        along += SLOT;
      } else if (lr) {
        node.x = offset + (depth - node.width) / 2;
        node.y = along;
        along += node.height;
      } else {
        node.x = along;
        node.y = offset;
        along += node.width;
      }
    });
    breadth = Math.max(breadth, along);
    offset += depth + gaps[l];
  });
  const length = Math.max(0, offset - gaps[byLayer.length - 1]);
  const routes = routesOf(routed, placed, slots, layer, lr, gaps);
  // An edge between two boxes of the last layer goes out past it.
  let outer = 0;
  for (const route of routes) for (const p of route?.points ?? []) outer = Math.max(outer, lr ? p.x : p.y);
  return { nodes: placed, groups: [], width: lr ? Math.max(length, outer) : breadth, height: lr ? breadth : Math.max(length, outer), routes };
}

/** The points of each routed edge, its ends spread along the sides of its boxes (ordered by where the edge goes, so that they do not cross there). */
function routesOf(
  routed: readonly (Chain | undefined)[],
  placed: ReadonlyMap<string, PlacedNode>,
  slots: ReadonlyMap<string, { cross: number; start: number; depth: number }>,
  layer: ReadonlyMap<string, number>,
  lr: boolean,
  gaps: readonly number[],
): (Route | undefined)[] {
  const cross = (n: PlacedNode) => (lr ? n.y + n.height / 2 : n.x + n.width / 2);
  const point = (along: number, across: number): Point => (lr ? { x: along, y: across } : { x: across, y: along });
  const near = (n: PlacedNode) => (lr ? n.x : n.y);
  const far = (n: PlacedNode) => (lr ? n.x + n.width : n.y + n.height);
  // The ends on each side of each box, with where the edge goes next; then their places along the side.
  const ends = new Map<string, { set: (across: number) => void; toward: number }[]>();
  const routes = routed.map((chain): Route | undefined => {
    if (!chain) return undefined;
    const a = placed.get(chain.from)!;
    const b = placed.get(chain.to)!;
    const forward = layer.get(chain.to)! > layer.get(chain.from)! || chain.loop;
    const inner: Point[] = chain.via.flatMap((id) => {
      const slot = slots.get(id)!;
      const [enter, leave] = forward ? [slot.start, slot.start + slot.depth] : [slot.start + slot.depth, slot.start];
      return [point(enter, slot.cross), point(leave, slot.cross)];
    });
    if (chain.loop) inner.push(point(far(a) + gaps[layer.get(chain.from)!] / 2, (cross(a) + cross(b)) / 2));
    const start = point(forward ? far(a) : near(a), cross(a));
    const end = point(forward && !chain.loop ? near(b) : far(b), cross(b));
    const points = [start, ...inner, end];
    const across = (p: Point) => (lr ? p.y : p.x);
    const side = (id: string, atFar: boolean, p: Point, toward: Point) => {
      const key = `${id}\0${atFar ? 'far' : 'near'}`;
      const list = ends.get(key) ?? [];
      list.push({ toward: across(toward), set: (v) => (lr ? (p.y = v) : (p.x = v)) });
      ends.set(key, list);
    };
    side(chain.from, forward, start, points[1]);
    side(chain.to, !forward || chain.loop, end, points[points.length - 2]);
    return { points, axis: lr ? 'x' : 'y' };
  });
  for (const [key, list] of ends) {
    const n = placed.get(key.slice(0, key.lastIndexOf('\0')))!;
    const [from, size] = lr ? [n.y, n.height] : [n.x, n.width];
    list.sort((p, q) => p.toward - q.toward);
    list.forEach((end, k) => end.set(from + (size * (k + 1)) / (list.length + 1)));
  }
  return routes;
}

/** Groups as boxes of their nodes (a grid each), the boxes flowed in rows no wider than `maxWidth`; nodes without a group after them. */
export function groupedLayout(nodes: readonly LayoutNode[], groups: readonly { id: string; label: string }[], maxWidth: number): Layout {
  const placed = new Map(nodes.map((n) => [n.id, sized(n)]));
  const members = new Map<string, PlacedNode[]>();
  const loose: PlacedNode[] = [];
  const known = new Set(groups.map((g) => g.id));
  for (const node of nodes) {
    if (node.group && known.has(node.group)) members.set(node.group, [...(members.get(node.group) ?? []), placed.get(node.id)!]);
    else loose.push(placed.get(node.id)!);
  }
  const boxes: PlacedGroup[] = [];
  const PAD = 16;
  const HEAD = 26;
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  const place = (items: PlacedNode[], group?: { id: string; label: string }) => {
    if (items.length === 0) return;
    const cell = Math.max(...items.map((n) => n.width));
    const fit = Math.max(1, Math.floor((maxWidth - 2 * PAD + GAP_Y) / (cell + GAP_Y)));
    const columns = Math.min(fit, Math.max(1, Math.ceil(Math.sqrt(items.length * 2))));
    const rows = Math.ceil(items.length / columns);
    const boxWidth = columns * (cell + GAP_Y) - GAP_Y + 2 * PAD;
    const boxHeight = rows * (NODE_HEIGHT + GAP_Y) - GAP_Y + 2 * PAD + (group ? HEAD : 0);
    if (x > 0 && x + boxWidth > maxWidth) {
      x = 0;
      y += rowHeight + GAP_X / 2;
      rowHeight = 0;
    }
    items.forEach((node, i) => {
      node.x = x + PAD + (i % columns) * (cell + GAP_Y) + (cell - node.width) / 2;
      node.y = y + PAD + (group ? HEAD : 0) + Math.floor(i / columns) * (NODE_HEIGHT + GAP_Y);
    });
    if (group) boxes.push({ id: group.id, label: group.label, x, y, width: boxWidth, height: boxHeight });
    x += boxWidth + GAP_X / 2;
    width = Math.max(width, x - GAP_X / 2);
    rowHeight = Math.max(rowHeight, boxHeight);
  };
  for (const group of groups) place(members.get(group.id) ?? [], group);
  place(loose);
  return { nodes: placed, groups: boxes, width, height: y + rowHeight, routes: [] };
}
