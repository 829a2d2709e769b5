/**
 * The System Map's drawing, written once for the page and the CLI: the same function makes the
 * page's SVG elements (a sink that creates DOM nodes) and the text of `archipel diagram system
 * --format svg` (a sink that writes escaped markup). Every workspace string reaches the drawing as
 * a text node or an attribute value through the sink: the string sink escapes both, the DOM sink
 * sets them as text and attributes (never as markup).
 *
 * How each kind of box and arrow looks is a table (BOX_STYLES, EDGE_STYLES): a new kind (a possible
 * call drawn dashed, a trust boundary) is a line there. The page colours the tones with the editor's
 * theme (webviews/system/system.css); a file colours them with EXPORT_TONES.
 */
import { FONTS, GROUP_HEAD, NODE_PADDING } from './mapLayout';
import { edgePath, routeBounds } from './mapRoutes';
import type { Arranged } from './mapArrange';
import { FONT_FAMILY } from './textWidth';

/** Attribute values (undefined: not set). */
export type Attributes = Record<string, string | number | undefined>;

/** What makes the elements: DOM nodes in the page, markup in the CLI. */
export interface SvgSink<E> {
  element(tag: string, attributes: Attributes, children?: readonly (E | string)[]): E;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A text without the characters XML 1.0 forbids (controls, lone surrogates): both sinks drop them, so that a file parses and the page shows the same. */
export function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what XML forbids.
  return text.replace(/[\0-\x08\v\f\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/** Text and attribute values escaped for XML (what XML forbids dropped). */
export function escapeXml(text: string): string {
  return xmlText(text).replace(/[&<>"']/g, (c) => escapes[c]);
}

/** Markup the string sink made (never a workspace string: those are children given as strings, and escaped). */
export interface Markup {
  readonly markup: string;
}

/** A sink writing SVG markup: every text and attribute value escaped. */
export const markupSink: SvgSink<Markup> = {
  element(tag, attributes, children = []) {
    let out = `<${tag}`;
    for (const [name, value] of Object.entries(attributes)) if (value !== undefined) out += ` ${name}="${escapeXml(String(value))}"`;
    if (children.length === 0) return { markup: `${out}/>` };
    return { markup: `${out}>${children.map((c) => (typeof c === 'string' ? escapeXml(c) : c.markup)).join('')}</${tag}>` };
  },
};

/** The colours a box's outline may take. */
export type Tone = 'blue' | 'purple' | 'grey' | 'green' | 'orange' | 'yellow' | 'red';

/** How a kind of box is drawn: its outline's tone and dashes, its corners. */
export interface BoxStyle {
  tone: Tone;
  dash?: string;
  radius?: number;
}

/** How a kind of arrow is drawn: its dashes. */
export interface EdgeStyle {
  dash?: string;
}

/** Boxes by kind (a kind not listed is a blue box: a service, a job). */
export const BOX_STYLES: Readonly<Record<string, BoxStyle>> = {
  person: { tone: 'grey', dash: '5 3', radius: 20 },
  external: { tone: 'grey', dash: '5 3' },
  datastore: { tone: 'purple' },
  broker: { tone: 'purple' },
  endpoint: { tone: 'green' },
  image: { tone: 'orange' },
  build: { tone: 'orange' },
  pipeline: { tone: 'orange' },
  stage: { tone: 'yellow' },
  data: { tone: 'yellow' },
  model: { tone: 'yellow' },
  monitor: { tone: 'red' },
};
const DEFAULT_BOX: BoxStyle = { tone: 'blue' };

/** Arrows by kind (a kind not listed is a solid line). */
export const EDGE_STYLES: Readonly<Record<string, EdgeStyle>> = {
  'depends-on': { dash: '5 4' },
  scrapes: { dash: '5 4' },
  reaches: { dash: '5 4' },
};

/** The tones on a white page (an exported file). */
export const EXPORT_TONES: Readonly<Record<Tone, string>> = {
  blue: '#1a73e8',
  purple: '#8e44ad',
  grey: '#757575',
  green: '#2e8b57',
  orange: '#d35400',
  yellow: '#b7950b',
  red: '#d32f2f',
};

/** A box to draw: its kind and whether it stands for a closed group. */
export interface DrawNode {
  id: string;
  kind: string;
  collapsed?: boolean;
  /** Its aria-label (the page): its name and technology. */
  title?: string;
}

/** An arrow to draw. */
export interface DrawEdge {
  from: string;
  to: string;
  kind: string;
}

/** The page's state of each element: selected, matched or dimmed by a search; `data-*` ids and focus for its clicks and keys. */
export interface DrawState {
  interactive?: boolean;
  selectedNode?: string;
  selectedEdge?: number;
  /** A search: whether each box matches (undefined: no search). */
  matches?: (id: string) => boolean;
  /** Only what meets this area is drawn (undefined: everything). */
  area?: { x0: number; y0: number; x1: number; y1: number };
  /** More classes for a box, an arrow (by index) or a group (the Security view: a store's classification, a risky link, an attack path). */
  classes?: { node?: (id: string) => string | undefined; edge?: (index: number) => string | undefined; group?: (id: string) => string | undefined };
}

const n = (v: number) => Number(v.toFixed(1));
const meets = (area: DrawState['area'], x0: number, y0: number, x1: number, y1: number) => !area || (x1 >= area.x0 && x0 <= area.x1 && y1 >= area.y0 && y0 <= area.y1);

/** The drawing's layers, in the order they are painted: groups, arrows, boxes, then the arrows' labels (above the boxes they were placed clear of). */
export function drawMap<E>(sink: SvgSink<E>, arranged: Arranged, nodes: readonly DrawNode[], edges: readonly DrawEdge[], state: DrawState = {}): E[] {
  const groups = arranged.groups.map((group) =>
    sink.element('g', { class: ['group', state.classes?.group?.(group.id)].filter(Boolean).join(' '), ...(state.interactive ? { 'data-group': group.id } : {}) }, [
      sink.element('rect', { x: n(group.x), y: n(group.y), width: n(group.width), height: n(group.height), rx: 6 }),
      sink.element('text', { x: n(group.x + 10), y: n(group.y + GROUP_HEAD - 8), 'font-weight': FONTS.group.bold ? 'bold' : undefined }, [group.label]),
    ]),
  );
  const arrows: E[] = [];
  const labels: E[] = [];
  edges.forEach((edge, i) => {
    const route = arranged.routes[i];
    if (!route) return;
    const bounds = routeBounds(route);
    if (!meets(state.area, bounds.x0, bounds.y0, bounds.x1, bounds.y1)) return;
    const { d, head } = edgePath(route);
    const extra = state.classes?.edge?.(i);
    const selected = `${state.selectedEdge === i ? ' selected' : ''}${extra ? ` ${extra}` : ''}`;
    const dash = EDGE_STYLES[edge.kind]?.dash;
    const data = state.interactive ? { 'data-edge': i } : {};
    arrows.push(
      sink.element('g', { class: `edge edge-${edge.kind}${selected}`, ...data }, [
        ...(state.interactive ? [sink.element('path', { class: 'hit', d })] : []),
        sink.element('path', { class: 'line', d, 'stroke-dasharray': dash }),
        sink.element('path', { class: 'head', d: head }),
      ]),
    );
    const label = arranged.labels[i];
    if (label) {
      labels.push(
        sink.element('g', { class: `label${selected}`, ...data }, [
          sink.element('rect', { x: n(label.x), y: n(label.y), width: n(label.width), height: n(label.height), rx: 3 }),
          sink.element('text', { x: n(label.x + label.width / 2), y: n(label.y + label.height - 4.5) }, [label.text]),
        ]),
      );
    }
  });
  const boxes: E[] = [];
  for (const node of nodes) {
    const placed = arranged.nodes.get(node.id);
    if (!placed || !meets(state.area, placed.x, placed.y, placed.x + placed.width, placed.y + placed.height)) continue;
    const style = BOX_STYLES[node.kind] ?? DEFAULT_BOX;
    const search = state.matches ? (state.matches(node.id) ? 'match' : 'dim') : undefined;
    const classes = ['node', `kind-${node.kind}`, `tone-${style.tone}`, node.collapsed && 'collapsed', state.selectedNode === node.id && 'selected', search, state.classes?.node?.(node.id)].filter(Boolean).join(' ');
    const lines = placed.lines.slice(0, 2).map((line, k) => sink.element('text', { class: k === 0 ? 'name' : 'technology', x: NODE_PADDING, y: k === 1 ? 35 : placed.lines.length === 1 ? 27 : 19 }, [line]));
    boxes.push(
      sink.element('g', { class: classes, transform: `translate(${n(placed.x)},${n(placed.y)})`, ...(state.interactive ? { 'data-node': node.id, tabindex: 0, role: 'button', 'aria-label': node.title } : {}) }, [
        sink.element('rect', { width: n(placed.width), height: n(placed.height), rx: style.radius ?? 4, 'stroke-dasharray': style.dash }),
        ...lines,
      ]),
    );
  }
  return [...groups, sink.element('g', { class: 'edges' }, arrows), ...boxes, sink.element('g', { class: 'labels' }, labels)];
}

/** The margin around an exported drawing. */
const MARGIN = 16;

/** The style of an exported drawing: black text on white, the tones of EXPORT_TONES. */
function exportStyle(): string {
  const tones = Object.entries(EXPORT_TONES).map(([tone, colour]) => `.tone-${tone} rect{stroke:${colour}}`).join('');
  return [
    `text{font-family:${FONT_FAMILY};font-size:${FONTS.name.size}px;fill:#1f1f1f}`,
    '.node rect{fill:#ffffff;stroke-width:1.5}',
    `.node text.technology{font-size:${FONTS.technology.size}px;fill:#616161}`,
    tones,
    '.node.collapsed rect{stroke-width:2.5;stroke-dasharray:8 3}',
    `.group rect{fill:none;stroke:#9e9e9e;stroke-dasharray:4 3}.group text{font-size:${FONTS.group.size}px}`,
    '.edge path.line{fill:none;stroke:#5f6368;stroke-width:1.3}.edge path.head{fill:#5f6368}',
    `.label rect{fill:#ffffff;fill-opacity:0.94;stroke:#bdbdbd;stroke-width:0.6}.label text{font-size:${FONTS.label.size}px;fill:#424242;text-anchor:middle}`,
  ].join('');
}

/** A whole SVG document of the drawing (an export): its size, a white background, its title, its style. */
export function mapDocument(arranged: Arranged, nodes: readonly DrawNode[], edges: readonly DrawEdge[], title: string): string {
  const width = Math.ceil(arranged.width + 2 * MARGIN);
  const height = Math.ceil(arranged.height + 2 * MARGIN);
  const s = markupSink;
  const svg = s.element('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title }, [
    s.element('title', {}, [title]),
    s.element('style', {}, [exportStyle()]),
    s.element('rect', { width, height, fill: '#ffffff' }),
    s.element('g', { transform: `translate(${MARGIN},${MARGIN})` }, drawMap(s, arranged, nodes, edges)),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.markup}\n`;
}
