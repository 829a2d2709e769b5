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

export interface Layout {
  nodes: Map<string, PlacedNode>;
  groups: PlacedGroup[];
  width: number;
  height: number;
}

/** Pixels per character of the labels' font (13 px): an estimate, so that no text is measured one by one. */
export const CHAR_WIDTH = 7.4;
export const NODE_HEIGHT = 44;
const MIN_WIDTH = 110;
export const MAX_CHARS = 30;
const GAP_X = 70;
const GAP_Y = 22;

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
  for (const { from, to } of edges) {
    neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), from]);
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

/** Layers in columns (`LR`) or rows (`TB`). */
export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly { from: string; to: string }[], direction: 'LR' | 'TB'): Layout {
  const placed = new Map(nodes.map((n) => [n.id, sized(n)]));
  const layer = layers(nodes.map((n) => n.id), edges);
  const byLayer: string[][] = [];
  for (const node of nodes) (byLayer[layer.get(node.id)!] ??= []).push(node.id);
  const layersList = byLayer.filter((l) => l !== undefined);
  ordered(layersList, edges);
  let offset = 0;
  let breadth = 0;
  for (const ids of layersList) {
    const items = ids.map((id) => placed.get(id)!);
    const depth = direction === 'LR' ? Math.max(...items.map((n) => n.width)) : NODE_HEIGHT;
    let along = 0;
    for (const node of items) {
      if (direction === 'LR') {
        node.x = offset + (depth - node.width) / 2;
        node.y = along;
        along += node.height + GAP_Y;
      } else {
        node.x = along;
        node.y = offset;
        along += node.width + GAP_Y;
      }
    }
    breadth = Math.max(breadth, along - GAP_Y);
    offset += depth + (direction === 'LR' ? GAP_X : GAP_X * 0.8);
  }
  const length = Math.max(0, offset - (direction === 'LR' ? GAP_X : GAP_X * 0.8));
  return { nodes: placed, groups: [], width: direction === 'LR' ? length : breadth, height: direction === 'LR' ? breadth : length };
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
  return { nodes: placed, groups: boxes, width, height: y + rowHeight };
}
