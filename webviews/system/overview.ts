/**
 * What the view does not show: the number of boxes out of view (a sign over the drawing), shades on
 * the sides where the drawing goes on, and an overview of the whole map (its boxes, the part in view
 * framed) whose click brings the view there. Shown only while part of the map is out of view.
 */
import type { Arranged } from '../../server/src/drawing/mapArrange';
import { h, s } from '../shared/dom';

/** The view: its zoom and pan, in the drawing's units, and the room it is shown in. */
export interface ViewBox {
  scale: number;
  tx: number;
  ty: number;
  width: number;
  height: number;
}

/** The overview's largest side, in pixels. */
const OVERVIEW = 160;

/** The part of the layout in view. */
export function seen(view: ViewBox): { x0: number; y0: number; x1: number; y1: number } {
  return { x0: -view.tx / view.scale, y0: -view.ty / view.scale, x1: (view.width - view.tx) / view.scale, y1: (view.height - view.ty) / view.scale };
}

/** The boxes not wholly in view, and the sides past which the drawing goes on. */
export function outOfView(layout: Arranged, view: ViewBox): { boxes: number; sides: ('left' | 'right' | 'top' | 'bottom')[] } {
  const area = seen(view);
  const slack = 0.5 / view.scale;
  let boxes = 0;
  for (const n of layout.nodes.values()) if (n.x < area.x0 - slack || n.y < area.y0 - slack || n.x + n.width > area.x1 + slack || n.y + n.height > area.y1 + slack) boxes++;
  const sides: ('left' | 'right' | 'top' | 'bottom')[] = [];
  if (area.x0 > slack) sides.push('left');
  if (area.x1 < layout.width - slack) sides.push('right');
  if (area.y0 > slack) sides.push('top');
  if (area.y1 < layout.height - slack) sides.push('bottom');
  return { boxes, sides };
}

/**
 * The sign and the overview for the view (hidden when everything is in view); `go` brings the view's
 * centre to a point of the layout.
 */
export function overview(layout: Arranged, view: ViewBox, go: (x: number, y: number) => void): { sign: HTMLElement; map: SVGSVGElement; shades: HTMLElement[] } {
  const out = outOfView(layout, view);
  const total = layout.nodes.size;
  const hidden = out.boxes === 0;
  const sign = h('div', { class: 'offview', attrs: { id: 'offview', role: 'status', hidden } }, hidden ? '' : `${out.boxes} of ${total} boxes out of view: drag to pan, or click the overview`);
  const k = OVERVIEW / Math.max(layout.width, layout.height, 1);
  const width = Math.max(20, Math.ceil(layout.width * k));
  const height = Math.max(20, Math.ceil(layout.height * k));
  const map = s('svg', { attrs: { id: 'overview', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Overview of the whole map', hidden } });
  if (!hidden) {
    for (const n of layout.nodes.values()) map.append(s('rect', { class: 'box', dataset: { node: n.id }, attrs: { x: (n.x * k).toFixed(1), y: (n.y * k).toFixed(1), width: Math.max(1, n.width * k).toFixed(1), height: Math.max(1, n.height * k).toFixed(1) } }));
    const area = seen(view);
    const x0 = Math.max(0, area.x0 * k);
    const y0 = Math.max(0, area.y0 * k);
    map.append(s('rect', { class: 'frame', attrs: { x: x0.toFixed(1), y: y0.toFixed(1), width: Math.max(2, Math.min(width, area.x1 * k) - x0).toFixed(1), height: Math.max(2, Math.min(height, area.y1 * k) - y0).toFixed(1) } }));
    map.addEventListener('pointerdown', (event) => event.stopPropagation());
    map.addEventListener('click', (event) => {
      event.stopPropagation();
      const rect = map.getBoundingClientRect();
      go((event.clientX - rect.left) / k, (event.clientY - rect.top) / k);
    });
  }
  return { sign, map, shades: out.sides.map((side) => h('div', { class: `shade shade-${side}`, attrs: { 'aria-hidden': 'true' } })) };
}
