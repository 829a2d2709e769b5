/**
 * The System Map's layout, pure and about linear: layers by the longest path from the sources (cycles
 * broken where they close), no wider than a bound when one is given (a node goes down a layer when
 * its own is full), ordered to cross few edges (barycentre sweeps, the order with the fewest
 * crossings kept: mapLayers.ts), each box pulled towards its neighbours; in columns (`LR`) or rows (`TB`). The
 * deployment view's groups are boxes of their nodes. Boxes are sized from their measured text; a
 * label longer than a box allows is cut with an ellipsis (its full name is in its tooltip and the
 * details). The page and the CLI's SVG (mapSvg.ts) lay out with this code; each measures text its way.
 */
import { boundedLayers, layers, nearest, ordered, type Link } from './mapLayers';
import type { Measure, TextStyle } from './textWidth';

export interface LayoutNode {
  id: string;
  /** Lines of text: the name, then the technology. */
  lines: string[];
  group?: string;
  /** Its width as a multiple of what its text takes (the Cost view's boxes sized by cost: 1 to 2); 1 when absent. */
  widthFactor?: number;
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

/** The fonts of a drawing's texts: a box's name and technology, an arrow's label, a group's title (mapSvg.ts draws them so). */
export const FONTS = {
  name: { size: 13 },
  technology: { size: 12 },
  label: { size: 12.5 },
  group: { size: 13, bold: true },
} satisfies Record<string, TextStyle>;

export const NODE_HEIGHT = 44;
/** A box's padding on each side of its text. */
export const NODE_PADDING = 12;
const MIN_WIDTH = 100;
export const MAX_CHARS = 30;
const GAP_X = 60;
const GAP_Y = 22;

/** An edge label's height, and its padding on each side. */
export const LABEL_HEIGHT = 17;
const LABEL_PADDING = 5;
export const LABEL_MAX_CHARS = 28;

/** The box an edge's label takes (its text cut to LABEL_MAX_CHARS), padded. */
export function labelSize(label: string, measure: Measure): { width: number; height: number } {
  return { width: Math.ceil(measure(fitted(label, LABEL_MAX_CHARS), FONTS.label)) + 2 * LABEL_PADDING, height: LABEL_HEIGHT };
}

/** A label cut to what a box shows. */
export function fitted(text: string, max = MAX_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sized(node: LayoutNode, measure: Measure): PlacedNode {
  const lines = node.lines.map((line) => fitted(line));
  const widths = lines.map((line, i) => measure(line, i === 0 ? FONTS.name : FONTS.technology));
  const width = Math.ceil(Math.max(MIN_WIDTH, Math.ceil(Math.max(0, ...widths)) + 2 * NODE_PADDING) * (node.widthFactor ?? 1));
  return { id: node.id, x: 0, y: 0, width, height: NODE_HEIGHT, lines };
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
function chains(edges: readonly LayoutEdge[], layer: Map<string, number>, byLayer: string[][]): (Chain | undefined)[] {
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
      layer.set(slot, l);
      via.push(slot);
    }
    budget -= via.length;
    return { from: edge.from, to: edge.to, via, loop: a === b };
  });
}

/** The breadth of the slot an edge takes in a layer it crosses, and the gaps around it. */
const SLOT = 12;
const SLOT_GAP = 10;
/** Passes pulling each box towards its neighbours (down, up, down, up). */
const PULLS = 4;

export interface LayeredOptions {
  direction: 'LR' | 'TB';
  /** The layers' breadth, at most (pixels along a layer): a full layer sends its next node to the layer after. */
  maxBreadth?: number;
}

/** Layers in columns (`LR`) or rows (`TB`); each edge routed through the layers it crosses, its label given room between two of them. */
export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayeredOptions, measure: Measure): Layout & { crossings: number } {
  const lr = options.direction === 'LR';
  const placed = new Map(nodes.map((n) => [n.id, sized(n, measure)]));
  const breadthOf = (id: string) => (lr ? NODE_HEIGHT + GAP_Y : placed.get(id)!.width + GAP_Y);
  const ids = nodes.map((n) => n.id);
  const raw = layers(ids, edges);
  const assigned = options.maxBreadth !== undefined ? boundedLayers(ids, edges, raw, breadthOf, options.maxBreadth) : raw;
  const rawLayers: string[][] = [];
  for (const node of nodes) (rawLayers[assigned.get(node.id)!] ??= []).push(node.id);
  const byLayer = rawLayers.filter((l) => l !== undefined);
  const layer = new Map<string, number>();
  byLayer.forEach((list, l) => list.forEach((id) => layer.set(id, l)));
  const routed = chains(edges, layer, byLayer);
  const links: Link[] = routed.flatMap((c) => (c && !c.loop ? [c.from, ...c.via, c.to].slice(1).map((to, k, rest) => ({ from: k === 0 ? c.from : rest[k - 1], to })) : []));
  const crossingCount = ordered(byLayer, links, layer);
  // The gap after each layer: in columns, wide enough for the widest label of an edge crossing it; in
  // rows, high enough to stack the labels of the edges whose middle is in it.
  const gaps = byLayer.map(() => (lr ? GAP_X : GAP_X * 0.8));
  // Rows: the labels' widths laid side by side over the drawing's breadth (twice, as they do not pack tight).
  const stacked = byLayer.map(() => ({ labels: 0, width: 0 }));
  edges.forEach((edge, i) => {
    const chain = routed[i];
    if (!chain || !edge.label) return;
    const [a, b] = [layer.get(chain.from)!, layer.get(chain.to)!].sort((p, q) => p - q);
    const size = labelSize(edge.label, measure);
    if (lr) for (let l = a; l < b || (a === b && l === a); l++) gaps[l] = Math.max(gaps[l], size.width + 24);
    else {
      const band = stacked[a + Math.max(0, Math.floor((b - a - 1) / 2))];
      band.labels++;
      band.width += size.width + 8;
    }
  });
  const sizeOf = (id: string) => {
    const node = placed.get(id);
    return node ? (lr ? node.height : node.width) : SLOT;
  };
  const gapBefore = (list: readonly string[], k: number) => (k === 0 ? 0 : placed.has(list[k]) && placed.has(list[k - 1]) ? GAP_Y : SLOT_GAP);
  // Centres along each layer: packed first, then each box pulled towards its neighbours' centres.
  const centre = new Map<string, number>();
  for (const list of byLayer) {
    let along = 0;
    list.forEach((id, k) => {
      along += gapBefore(list, k);
      centre.set(id, along + sizeOf(id) / 2);
      along += sizeOf(id);
    });
  }
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const { from, to } of links) {
    link(from, to);
    link(to, from);
  }
  for (let pass = 0; pass < PULLS; pass++) {
    const sequence = pass % 2 === 0 ? byLayer : [...byLayer].reverse();
    for (const list of sequence) {
      const wanted = list.map((id) => {
        const near = (neighbours.get(id) ?? []).map((n) => centre.get(n)!);
        return near.length > 0 ? near.reduce((a, b) => a + b, 0) / near.length : centre.get(id)!;
      });
      nearest(wanted, list.map(sizeOf), list.map((_, k) => gapBefore(list, k))).forEach((c, k) => centre.set(list[k], c));
    }
  }
  let low = Infinity;
  let breadth = 0;
  for (const [id, c] of centre) low = Math.min(low, c - sizeOf(id) / 2);
  for (const [id, c] of centre) breadth = Math.max(breadth, c + sizeOf(id) / 2 - low);
  if (!lr) {
    stacked.forEach((band, l) => (gaps[l] = Math.max(gaps[l], 20 + Math.min(band.labels, Math.ceil((band.width * 2) / Math.max(1, breadth))) * (LABEL_HEIGHT + 4))));
  }
  const slots = new Map<string, { cross: number; start: number; depth: number }>();
  let offset = 0;
  byLayer.forEach((list, l) => {
    const items = list.map((id) => placed.get(id));
    const depth = lr ? Math.max(SLOT, ...items.map((n) => n?.width ?? 0)) : NODE_HEIGHT;
    list.forEach((id, k) => {
      const start = centre.get(id)! - sizeOf(id) / 2 - low;
      const node = items[k];
      if (!node) slots.set(id, { cross: start + SLOT / 2, start: offset, depth });
      else if (lr) {
        node.x = offset + (depth - node.width) / 2;
        node.y = start;
      } else {
        node.x = start;
        node.y = offset;
      }
    });
    offset += depth + gaps[l];
  });
  const length = Math.max(0, offset - gaps[byLayer.length - 1]);
  const routes = routesOf(routed, placed, slots, layer, lr, gaps);
  // An edge between two boxes of the last layer goes out past it.
  let outer = 0;
  for (const route of routes) for (const p of route?.points ?? []) outer = Math.max(outer, lr ? p.x : p.y);
  return { nodes: placed, groups: [], width: lr ? Math.max(length, outer) : breadth, height: lr ? breadth : Math.max(length, outer), routes, crossings: crossingCount };
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

/** A group's padding and the height of its title. */
const GROUP_PADDING = 16;
export const GROUP_HEAD = 26;
/** The gap between rows of boxes in a group: room for an arrow's label. */
const ROW_GAP = LABEL_HEIGHT + 12;

/** A group of the grouped layout: a box of its nodes, inside its `parent`'s box when it has one (the Security view's trust boundaries). */
export interface LayoutGroup {
  id: string;
  label: string;
  parent?: string;
  /** A top-level group on a row of its own, above the others (the Security view's Internet). */
  alone?: boolean;
}

/** Groups as boxes of their nodes (a grid each), the boxes flowed in rows no wider than `maxWidth`; nodes without a group after them. Groups with a parent: nested boxes (nestedLayout). */
export function groupedLayout(nodes: readonly LayoutNode[], groups: readonly LayoutGroup[], maxWidth: number, measure: Measure): Layout {
  if (groups.some((g) => g.parent !== undefined)) return nestedLayout(nodes, groups, maxWidth, measure);
  const placed = new Map(nodes.map((n) => [n.id, sized(n, measure)]));
  const members = new Map<string, PlacedNode[]>();
  const loose: PlacedNode[] = [];
  const known = new Set(groups.map((g) => g.id));
  for (const node of nodes) {
    if (node.group && known.has(node.group)) members.set(node.group, [...(members.get(node.group) ?? []), placed.get(node.id)!]);
    else loose.push(placed.get(node.id)!);
  }
  const boxes: PlacedGroup[] = [];
  const PAD = GROUP_PADDING;
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  const place = (items: PlacedNode[], group?: { id: string; label: string }) => {
    if (items.length === 0) return;
    const cell = Math.max(...items.map((n) => n.width));
    const title = group ? Math.ceil(measure(group.label, FONTS.group)) + 20 : 0;
    const fit = Math.max(1, Math.floor((maxWidth - 2 * PAD + GAP_X) / (cell + GAP_X)));
    const columns = Math.min(fit, Math.max(1, Math.ceil(Math.sqrt(items.length * 2))));
    const rows = Math.ceil(items.length / columns);
    const boxWidth = Math.max(title, columns * (cell + GAP_X) - GAP_X + 2 * PAD);
    const boxHeight = rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + 2 * PAD + (group ? GROUP_HEAD : 0);
    if (x > 0 && x + boxWidth > maxWidth) {
      x = 0;
      y += rowHeight + GAP_X / 2;
      rowHeight = 0;
    }
    items.forEach((node, i) => {
      node.x = x + PAD + (i % columns) * (cell + GAP_X) + (cell - node.width) / 2;
      node.y = y + PAD + (group ? GROUP_HEAD : 0) + Math.floor(i / columns) * (NODE_HEIGHT + ROW_GAP);
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

/** The deepest nesting drawn: a group deeper (or in a cycle of parents) is drawn at the top level. */
const MAX_NESTING = 16;

/**
 * Groups nested as their parents say: each group a box of its own nodes and of its child groups'
 * boxes, flowed in rows no wider than `maxWidth` less the padding of the boxes around it; the
 * top-level boxes, then the nodes without a group, flowed the same. Parents are listed before their
 * children (drawn below them).
 */
function nestedLayout(nodes: readonly LayoutNode[], groups: readonly LayoutGroup[], maxWidth: number, measure: Measure): Layout {
  const placed = new Map(nodes.map((n) => [n.id, sized(n, measure)]));
  const known = new Map(groups.map((g) => [g.id, g]));
  const childGroups = new Map<string | undefined, LayoutGroup[]>();
  const nodesIn = new Map<string | undefined, PlacedNode[]>();
  for (const group of groups) {
    const parent = group.parent !== undefined && group.parent !== group.id && known.has(group.parent) ? group.parent : undefined;
    childGroups.set(parent, [...(childGroups.get(parent) ?? []), group]);
  }
  for (const node of nodes) {
    const group = node.group !== undefined && known.has(node.group) ? node.group : undefined;
    nodesIn.set(group, [...(nodesIn.get(group) ?? []), placed.get(node.id)!]);
  }
  interface Block {
    width: number;
    height: number;
    place(x: number, y: number, boxes: PlacedGroup[]): void;
  }
  const drawn = new Set<string>();
  const PAD = GROUP_PADDING;
  const GAP = GAP_X / 2;
  const block = (group: LayoutGroup | undefined, depth: number): Block => {
    if (group) drawn.add(group.id);
    const inner = group ? [...(childGroups.get(group.id) ?? [])].filter((g) => !drawn.has(g.id) && depth < MAX_NESTING) : [];
    const items: Block[] = [
      ...(nodesIn.get(group?.id) ?? []).map((node): Block => ({ width: node.width, height: node.height, place: (x, y) => ((node.x = x), (node.y = y)) })),
      ...inner.map((g) => block(g, depth + 1)),
    ];
    const pad = group ? PAD : 0;
    const head = group ? GROUP_HEAD : 0;
    const room = Math.max(200, maxWidth - 2 * pad * (depth + 1));
    const offsets: { x: number; y: number }[] = [];
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let width = 0;
    for (const item of items) {
      if (x > 0 && x + item.width > room) {
        x = 0;
        y += rowHeight + ROW_GAP;
        rowHeight = 0;
      }
      offsets.push({ x, y });
      x += item.width + GAP;
      width = Math.max(width, x - GAP);
      rowHeight = Math.max(rowHeight, item.height);
    }
    const title = group ? Math.ceil(measure(group.label, FONTS.group)) + 20 : 0;
    const boxWidth = Math.max(title, width + 2 * pad, group ? MIN_WIDTH : 0);
    const boxHeight = (items.length > 0 ? y + rowHeight : 0) + 2 * pad + head;
    return {
      width: boxWidth,
      height: boxHeight,
      place: (bx, by, boxes) => {
        if (group) boxes.push({ id: group.id, label: group.label, x: bx, y: by, width: boxWidth, height: boxHeight });
        items.forEach((item, i) => item.place(bx + pad + offsets[i].x, by + pad + head + offsets[i].y, boxes));
      },
    };
  };
  const tops = [...(childGroups.get(undefined) ?? [])].sort((a, b) => Number(b.alone ?? false) - Number(a.alone ?? false));
  const roots = tops.map((g) => block(g, 0));
  // A group left out (a cycle of parents, or past MAX_NESTING): drawn at the top level.
  for (const group of groups) if (!drawn.has(group.id)) roots.push(block(group, 0));
  const loose = nodesIn.get(undefined) ?? [];
  const items: Block[] = [...roots, ...loose.map((node): Block => ({ width: node.width, height: node.height, place: (x, y) => ((node.x = x), (node.y = y)) }))];
  const boxes: PlacedGroup[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  const aloneCount = tops.filter((g) => g.alone).length;
  items.forEach((item, i) => {
    // After the groups that stand alone, a new row (and room for the arrows coming down from them).
    if (x > 0 && (x + item.width > maxWidth || i === aloneCount)) {
      x = 0;
      y += rowHeight + (i === aloneCount ? ROW_GAP * 2 : GAP);
      rowHeight = 0;
    }
    item.place(x, y, boxes);
    x += item.width + GAP;
    width = Math.max(width, x - GAP);
    rowHeight = Math.max(rowHeight, item.height);
  });
  return { nodes: placed, groups: boxes, width, height: y + rowHeight, routes: [] };
}
