/**
 * The System Map arranged for a room (the panel's drawing area, or the page an export aims at): the
 * layered layout in columns and in rows, each unbounded then with its layers held to narrower
 * breadths, and the deployment view's groups flowed to several widths; the arrangement drawn largest
 * in the room wins (fewer crossings between equals). Then each arrow's way and a free place for
 * each label. The page and the CLI's SVG arrange with this code.
 */
import { groupedLayout, layeredLayout, type Layout, type LayoutEdge, type LayoutGroup, type LayoutNode } from './mapLayout';
import { directRoute, downwardRoute, placeLabels, type PlacedLabel } from './mapRoutes';
import type { Measure } from './textWidth';

export interface Room {
  width: number;
  height: number;
}

export interface Arranged extends Layout {
  labels: (PlacedLabel | undefined)[];
  /** How it was laid out: in columns, in rows, or the groups' boxes. */
  direction: 'LR' | 'TB' | 'grouped';
}

/** What is arranged: the boxes, the arrows (with the labels to draw), and the groups drawn as boxes (the deployment view) when `grouped`. */
export interface ArrangeInput {
  nodes: readonly LayoutNode[];
  edges: readonly LayoutEdge[];
  /** Nested when they have a parent (the Security view's boundaries). */
  groups?: readonly LayoutGroup[];
  grouped?: boolean;
  /** Arrows to a box wholly below come down onto its top (the Security view), not along the side. */
  downward?: boolean;
}

/**
 * The smallest zoom at which a drawing stays readable, where a fit stops and panning (with the page's
 * overview) takes over: box names (13 px) and arrow labels (12.5 px) at 8 px or more on screen, a
 * box's technology (12 px) at 7.7 px.
 */
export const READABLE_ZOOM = 0.64;

/** The largest zoom a fit uses: a small map is not blown up past it. */
export const MAX_FIT = 1.2;
/** Past this many boxes, the two directions only (each candidate costs a layout). */
const CANDIDATES_UP_TO = 150;
/** The breadths tried, as parts of the unbounded layout's (fewer past SMALL boxes). */
const BREADTHS = [0.85, 0.7, 0.6, 0.5, 0.42, 0.35];
const SMALL = 60;
const FEWER_BREADTHS = [0.7, 0.5];

/** The zoom that shows the whole of `size` in `room`. */
export function fitScale(size: { width: number; height: number }, room: Room): number {
  return Math.min(MAX_FIT, room.width / Math.max(1, size.width), room.height / Math.max(1, size.height));
}

/** The candidates' layouts for a layered map. */
function layeredCandidates(input: ArrangeInput, measure: Measure): { layout: Layout & { crossings: number }; direction: 'LR' | 'TB' }[] {
  const out: { layout: Layout & { crossings: number }; direction: 'LR' | 'TB' }[] = [];
  for (const direction of ['LR', 'TB'] as const) {
    const whole = layeredLayout(input.nodes, input.edges, { direction }, measure);
    out.push({ layout: whole, direction });
    if (input.nodes.length > CANDIDATES_UP_TO) continue;
    const breadth = direction === 'LR' ? whole.height : whole.width;
    for (const part of input.nodes.length > SMALL ? FEWER_BREADTHS : BREADTHS) out.push({ layout: layeredLayout(input.nodes, input.edges, { direction, maxBreadth: breadth * part }, measure), direction });
  }
  return out;
}

/** The arrangement of the map drawn largest in `room`, with each arrow's way and each label's place. */
export function arrange(input: ArrangeInput, room: Room, measure: Measure): Arranged {
  let chosen: { layout: Layout; direction: Arranged['direction'] };
  if (input.grouped) {
    const widths = input.nodes.length > CANDIDATES_UP_TO ? [room.width] : [room.width, room.width * 1.5, room.width * 2, room.width * 3];
    const candidates = widths.map((w) => groupedLayout(input.nodes, input.groups ?? [], Math.max(w - 8, 400), measure));
    let best = candidates[0];
    for (const c of candidates) if (fitScale(c, room) > fitScale(best, room) * 1.001) best = c;
    chosen = { layout: best, direction: 'grouped' };
  } else {
    const candidates = layeredCandidates(input, measure);
    let best = candidates[0];
    for (const c of candidates) {
      const [a, b] = [fitScale(c.layout, room), fitScale(best.layout, room)];
      // Equal within 1 %: the fewer crossings.
      if (a > b * 1.01 || (a >= b / 1.01 && c.layout.crossings < best.layout.crossings)) best = c;
    }
    chosen = best;
  }
  const layout = chosen.layout;
  layout.routes = input.edges.map((e, i) => {
    if (layout.routes[i]) return layout.routes[i];
    const a = layout.nodes.get(e.from);
    const b = layout.nodes.get(e.to);
    return a && b && a !== b ? (input.downward ? downwardRoute(a, b) : directRoute(a, b)) : undefined;
  });
  const labels = placeLabels(layout, layout.routes, input.edges.map((e) => e.label), measure);
  return { nodes: layout.nodes, groups: layout.groups, width: layout.width, height: layout.height, routes: layout.routes, labels, direction: chosen.direction };
}
