/**
 * The System Map's layers (mapLayout.ts lays them out): which layer each box is in — the longest path
 * from the sources, or the first layer with room under a bound —, their order — barycentre sweeps,
 * keeping the order that crosses the fewest links between adjacent layers (counted by merge sort) —
 * and positions along a layer as near as the order allows to where each box is wanted. Pure.
 */

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

/**
 * Layers no broader than `bound` (pixels along a layer, each node counting `breadth(id)`): nodes in
 * the order of their longest-path layer, each in the first layer after all its predecessors' that
 * has room (an empty layer always has).
 */
export function boundedLayers(ids: readonly string[], edges: readonly { from: string; to: string }[], raw: ReadonlyMap<string, number>, breadth: (id: string) => number, bound: number): Map<string, number> {
  const preds = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (from === to || (raw.get(from) ?? 0) >= (raw.get(to) ?? 0)) continue;
    const list = preds.get(to);
    if (list) list.push(from);
    else preds.set(to, [from]);
  }
  const order = ids.map((id, i) => ({ id, i })).sort((a, b) => raw.get(a.id)! - raw.get(b.id)! || a.i - b.i);
  const used: number[] = [];
  const layer = new Map<string, number>();
  for (const { id } of order) {
    let l = 0;
    for (const p of preds.get(id) ?? []) l = Math.max(l, layer.get(p)! + 1);
    const size = breadth(id);
    while ((used[l] ?? 0) > 0 && used[l] + size > bound) l++;
    used[l] = (used[l] ?? 0) + size;
    layer.set(id, l);
  }
  return layer;
}

/** Links between adjacent layers, by their ends' ids. */
export type Link = { from: string; to: string };

/** Crossings between the links of two adjacent layers: inversions of the second ends once sorted by the first (merge sort). */
function crossingsBetween(pairs: [number, number][]): number {
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const seq = pairs.map((p) => p[1]);
  let count = 0;
  const buffer = new Array<number>(seq.length);
  for (let width = 1; width < seq.length; width *= 2) {
    for (let lo = 0; lo < seq.length - width; lo += 2 * width) {
      const mid = lo + width;
      const hi = Math.min(lo + 2 * width, seq.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (seq[j] < seq[i]) {
          count += mid - i;
          buffer[k++] = seq[j++];
        } else buffer[k++] = seq[i++];
      }
      while (i < mid) buffer[k++] = seq[i++];
      while (j < hi) buffer[k++] = seq[j++];
      for (let m = lo; m < hi; m++) seq[m] = buffer[m];
    }
  }
  return count;
}

/** The links between each pair of adjacent layers (by the upper layer's index), each as its upper and lower end. */
function linksBetween(byLayer: readonly string[][], links: readonly Link[], layerOf: ReadonlyMap<string, number>): [string, string][][] {
  const between: [string, string][][] = byLayer.map(() => []);
  for (const { from, to } of links) {
    const a = layerOf.get(from)!;
    const b = layerOf.get(to)!;
    if (Math.abs(a - b) === 1) between[Math.min(a, b)].push(a < b ? [from, to] : [to, from]);
  }
  return between;
}

/** Every crossing of links between adjacent layers, at the positions given. */
function crossings(between: readonly [string, string][][], position: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const pairs of between) if (pairs.length > 1) total += crossingsBetween(pairs.map(([u, l]) => [position.get(u)!, position.get(l)!]));
  return total;
}

/** The most sweeps tried, and how many without a better order end them. */
const SWEEPS = 12;
const PATIENCE = 3;

/**
 * Orders each layer by the mean position of its neighbours in the layer before it (sweeping down),
 * then after it (sweeping up), keeping the order with the fewest crossings seen; returns their number.
 */
export function ordered(byLayer: string[][], links: readonly Link[], layerOf: ReadonlyMap<string, number>): number {
  const between = linksBetween(byLayer, links, layerOf);
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, a: string, b: string) => {
    const list = map.get(a);
    if (list) list.push(b);
    else map.set(a, [b]);
  };
  for (const pairs of between) {
    for (const [upper, lower] of pairs) {
      add(down, upper, lower);
      add(up, lower, upper);
    }
  }
  const position = new Map<string, number>();
  byLayer.forEach((ids) => ids.forEach((id, i) => position.set(id, i)));
  let best = { order: byLayer.map((l) => [...l]), crossings: crossings(between, position) };
  let stale = 0;
  for (let sweep = 0; sweep < SWEEPS && best.crossings > 0 && stale < PATIENCE; sweep++) {
    const downward = sweep % 2 === 0;
    const neighbours = downward ? up : down;
    const sequence = downward ? byLayer.slice(1) : [...byLayer].reverse().slice(1);
    for (const layer of sequence) {
      const score = new Map(layer.map((id, i) => {
        const near = neighbours.get(id);
        if (!near) return [id, i];
        let sum = 0;
        for (const n of near) sum += position.get(n)!;
        return [id, sum / near.length];
      }));
      layer.sort((a, b) => score.get(a)! - score.get(b)!);
      layer.forEach((id, i) => position.set(id, i));
    }
    const count = crossings(between, position);
    if (count < best.crossings) {
      best = { order: byLayer.map((l) => [...l]), crossings: count };
      stale = 0;
    } else stale++;
  }
  best.order.forEach((ids, l) => (byLayer[l] = ids));
  return best.crossings;
}

/**
 * Positions along a layer as near `wanted` as the order and the gaps allow (the least squares:
 * pool-adjacent-violators on the positions less their smallest offsets).
 */
export function nearest(wanted: readonly number[], sizes: readonly number[], gaps: readonly number[]): number[] {
  const offset: number[] = [];
  let sum = 0;
  for (let i = 0; i < wanted.length; i++) {
    if (i > 0) sum += sizes[i - 1] / 2 + gaps[i] + sizes[i] / 2;
    offset.push(sum);
  }
  const blocks: { value: number; weight: number; count: number }[] = [];
  for (let i = 0; i < wanted.length; i++) {
    blocks.push({ value: wanted[i] - offset[i], weight: 1, count: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].value > blocks[blocks.length - 1].value) {
      const b = blocks.pop()!;
      const a = blocks[blocks.length - 1];
      a.value = (a.value * a.weight + b.value * b.weight) / (a.weight + b.weight);
      a.weight += b.weight;
      a.count += b.count;
    }
  }
  const out: number[] = [];
  for (const block of blocks) for (let k = 0; k < block.count; k++) out.push(block.value + offset[out.length]);
  return out;
}
