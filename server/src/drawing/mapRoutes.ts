/**
 * The System Map's arrows and their labels, pure: an edge's path along its route (layout.ts) and its
 * arrowhead, the straight way between two boxes when it has no route (the grouped layout), and a
 * place for each label on its edge where no box and no other label is: labels are drawn above
 * the boxes, on a background, and never where a box would cover them.
 */
import { LABEL_MAX_CHARS, NODE_HEIGHT, fitted, labelSize, type Layout, type Point, type Route } from './mapLayout';
import type { Measure } from './textWidth';

type Box = { x: number; y: number; width: number; height: number };

/** Half the width of an arrowhead, and its length, in pixels. */
const HEAD = { half: 4.5, length: 9 };

/** The way between two boxes without a route: from the side of one facing the other to the side of the other. */
export function directRoute(a: Box, b: Box): Route {
  const ax = a.x + a.width / 2;
  const ay = a.y + a.height / 2;
  const bx = b.x + b.width / 2;
  const by = b.y + b.height / 2;
  const horizontal = Math.abs(bx - ax) > Math.abs(by - ay);
  const start = horizontal ? { x: ax + (Math.sign(bx - ax) * a.width) / 2, y: ay } : { x: ax, y: ay + (Math.sign(by - ay) * a.height) / 2 };
  const end = horizontal ? { x: bx - (Math.sign(bx - ax) * b.width) / 2, y: by } : { x: bx, y: by - (Math.sign(by - ay) * b.height) / 2 };
  return { points: [start, end], axis: horizontal ? 'x' : 'y' };
}

/** A way that comes down from `a` onto the top of `b` when `b` lies wholly below it (the Security view: from the Internet down into the system, over the boxes of `b`'s row), else the direct way. */
export function downwardRoute(a: Box, b: Box): Route {
  if (b.y < a.y + a.height + 8) return directRoute(a, b);
  return { points: [{ x: a.x + a.width / 2, y: a.y + a.height }, { x: b.x + b.width / 2, y: b.y }], axis: 'y' };
}

/** The control points of the curve from `p` to `q`: leaving and arriving along the axis, halfway between them. */
function controls(p: Point, q: Point, axis: Route['axis']): [Point, Point] {
  if (axis === 'x') {
    const mid = (p.x + q.x) / 2;
    return [{ x: mid, y: p.y }, { x: mid, y: q.y }];
  }
  const mid = (p.y + q.y) / 2;
  return [{ x: p.x, y: mid }, { x: q.x, y: mid }];
}

const n = (v: number) => v.toFixed(1);

/**
 * An edge's path and its arrowhead: a triangle along the last curve's tangent (along the axis, by
 * construction). A path of its own rather than an SVG marker: 500 markers cost the page more to lay
 * out and paint than the 500 curves they end (docs/performance-log.md).
 */
export function edgePath(route: Route): { d: string; head: string } {
  const { points, axis } = route;
  let d = `M${n(points[0].x)},${n(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const [c1, c2] = controls(points[i - 1], points[i], axis);
    d += points[i - 1].x === points[i].x || points[i - 1].y === points[i].y ? ` L${n(points[i].x)},${n(points[i].y)}` : ` C${n(c1.x)},${n(c1.y)} ${n(c2.x)},${n(c2.y)} ${n(points[i].x)},${n(points[i].y)}`;
  }
  const tip = points[points.length - 1];
  const last = points[points.length - 2];
  const dx = axis === 'x' ? Math.sign(tip.x - last.x) || 1 : 0;
  const dy = axis === 'y' ? Math.sign(tip.y - last.y) || 1 : 0;
  const baseX = tip.x - dx * HEAD.length;
  const baseY = tip.y - dy * HEAD.length;
  const head = `M${n(tip.x)},${n(tip.y)} L${n(baseX - dy * HEAD.half)},${n(baseY + dx * HEAD.half)} L${n(baseX + dy * HEAD.half)},${n(baseY - dx * HEAD.half)} z`;
  return { d, head };
}

/** The smallest box holding the route's points (the part of the layout the edge crosses). */
export function routeBounds(route: Route): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of route.points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x0, y0, x1, y1 };
}

/** A point of the curve from `p` to `q` at `t`. */
function at(p: Point, q: Point, axis: Route['axis'], t: number): Point {
  const [c1, c2] = controls(p, q, axis);
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const e = t * t * t;
  return { x: a * p.x + b * c1.x + c * c2.x + e * q.x, y: a * p.y + b * c1.y + c * c2.y + e * q.y };
}

export interface PlacedLabel extends Box {
  text: string;
}

/** Where on its curve a label is tried, nearest the edge's middle first. */
const STEPS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88];

/** Points along the route, the middle of the route first. */
function candidates(route: Route): Point[] {
  const segments = route.points.length - 1;
  const found: { p: Point; from: number }[] = [];
  for (let i = 0; i < segments; i++) {
    for (const t of STEPS) found.push({ p: at(route.points[i], route.points[i + 1], route.axis, t), from: Math.abs((i + t) / segments - 0.5) });
  }
  return found.sort((a, b) => a.from - b.from).map((c) => c.p);
}

const MARGIN = 2;
const hits = (a: Box, b: Box) => a.x < b.x + b.width + MARGIN && b.x < a.x + a.width + MARGIN && a.y < b.y + b.height + MARGIN && b.y < a.y + a.height + MARGIN;

/** How much of `a` the boxes in `list` cover. */
function covered(a: Box, list: readonly Box[]): number {
  let area = 0;
  for (const b of list) if (hits(a, b)) area += (Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) + MARGIN) * (Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) + MARGIN);
  return area;
}

/** Whether two boxes share any area (touching is not sharing). */
const intersect = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * A place for each label (by edge index; undefined: no label, no route, or no free place): on its
 * edge, the nearest point to its middle where it covers no box, no group's title, no arrowhead and no
 * label placed before it; else beside such a point, or further from it; else where it covers least. A
 * label whose best place still lies on a box or on another label is not drawn (its arrow's tooltip and
 * the details say it): labels never meet. Labels may go past the layout's edges: it grows to hold them.
 */
export function placeLabels(layout: Layout, routes: readonly (Route | undefined)[], labels: readonly (string | undefined)[], measure: Measure): (PlacedLabel | undefined)[] {
  // The boxes, the groups' titles and the arrowheads: what a label must leave uncovered.
  const heads = routes.flatMap((route) => {
    const tip = route?.points[route.points.length - 1];
    return tip ? [{ x: tip.x - HEAD.length, y: tip.y - HEAD.length, width: 2 * HEAD.length, height: 2 * HEAD.length }] : [];
  });
  const boxes: Box[] = [...layout.nodes.values(), ...layout.groups.map((g) => ({ x: g.x, y: g.y, width: g.width, height: 26 })), ...heads];
  const placed: Box[] = [];
  const result = labels.map((label, i) => {
    const route = routes[i];
    if (!label || !route) return undefined;
    const text = fitted(label, LABEL_MAX_CHARS);
    const size = labelSize(text, measure);
    const box = (p: Point, dx = 0, dy = 0): Box => ({ x: p.x - size.width / 2 + dx, y: p.y - size.height / 2 + dy, width: size.width, height: size.height });
    const points = candidates(route);
    // On the arrow, then beside it, then clear of the boxes it joins (in the gap above or below a row).
    const clear = NODE_HEIGHT / 2 + size.height / 2 + 5;
    const step = size.height + 3;
    const shifts = [[0, 0], [0, -step], [0, step], [-(size.width / 2 + 6), 0], [size.width / 2 + 6, 0], [0, -clear], [0, clear], [0, -2 * step], [0, 2 * step], [-(size.width + 8), 0], [size.width + 8, 0], [0, -3 * step], [0, 3 * step]];
    let best: { box: Box; cost: number } | undefined;
    for (const [dx, dy] of shifts) {
      for (const p of points) {
        const b = box(p, dx, dy);
        const cost = covered(b, boxes) * 10 + covered(b, placed);
        if (!best || cost < best.cost) best = { box: b, cost };
        if (cost === 0) break;
      }
      if (best?.cost === 0) break;
    }
    const chosen = best!.box;
    if (best!.cost > 0 && (placed.some((b) => intersect(chosen, b)) || [...layout.nodes.values()].some((b) => intersect(chosen, b)))) return undefined;
    placed.push(chosen);
    return { ...chosen, text };
  });
  fitLabels(layout, routes, result);
  return result;
}

/** The layout grown to hold its labels: moved right and down by what passes its top and left edges, widened by what passes the others. */
function fitLabels(layout: Layout, routes: readonly (Route | undefined)[], labels: readonly (PlacedLabel | undefined)[]): void {
  let dx = 0;
  let dy = 0;
  for (const label of labels) if (label) [dx, dy] = [Math.max(dx, -label.x), Math.max(dy, -label.y)];
  if (dx > 0 || dy > 0) {
    const moved = new Set<Point>();
    for (const item of [...layout.nodes.values(), ...layout.groups, ...labels]) {
      if (!item) continue;
      item.x += dx;
      item.y += dy;
    }
    // A point is moved once, even when two routes share it.
    for (const route of routes) {
      for (const p of route?.points ?? []) {
        if (moved.has(p)) continue;
        moved.add(p);
        p.x += dx;
        p.y += dy;
      }
    }
    layout.width += dx;
    layout.height += dy;
  }
  for (const label of labels) {
    if (!label) continue;
    layout.width = Math.max(layout.width, label.x + label.width);
    layout.height = Math.max(layout.height, label.y + label.height);
  }
}
