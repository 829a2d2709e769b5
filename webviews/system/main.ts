// The System Map panel: a view of the system map (context, containers, deployment, delivery) from the
// server, filtered by kind, namespace and family, searched, zoomed and panned; a click on a node or an
// edge shows where it is said ("why is this edge here": its lines), and each line opens its file there.
// Labels are never shrunk below a readable size: a map too large to read whole is collapsed into its
// groups (namespaces, environments, families), which open on a click.
import '../shared/base.css';
import './system.css';
import { h, replaceChildren, root, s } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { connect } from '../shared/page';
import { collapse, type Collapsed, type CollapsedNode } from './collapse';
import { groupedLayout, layeredLayout, type Layout } from './layout';
import { directRoute, edgePath, placeLabels, routeBounds, type PlacedLabel } from './routes';
import { sourcesOf, SystemState, SystemToPage, type SystemMap, type SystemToHost } from './messages';

type View = SystemMap['view'];
type MapNode = SystemMap['nodes'][number];
type MapEdge = SystemMap['edges'][number];

/** The smallest zoom: labels of 13 px stay above 10 px on screen. */
const MIN_SCALE = 0.8;
const MAX_SCALE = 2.5;

const views: { view: View; label: string }[] = [
  { view: 'containers', label: 'Containers' },
  { view: 'context', label: 'Context' },
  { view: 'deployment', label: 'Deployment' },
  { view: 'delivery', label: 'Delivery' },
];

const state = {
  map: undefined as SystemMap | undefined,
  error: undefined as string | undefined,
  view: 'containers' as View,
  scope: undefined as string | undefined,
  hiddenKinds: new Set<string>(),
  namespace: '',
  family: '',
  search: '',
  expanded: new Set<string>(),
  expandAll: false,
  selected: undefined as { node: string } | { edge: number } | undefined,
  scale: 1,
  tx: 0,
  ty: 0,
};

const page = connect<typeof SystemToPage, SystemToHost, typeof SystemState>({ toPage: SystemToPage, state: SystemState }, (message) => {
  state.map = message.map ?? undefined;
  state.error = message.error;
  if (message.map) state.view = message.map.view;
  state.selected = undefined;
  render(true);
});

const saved = page.state();
if (saved) {
  state.view = saved.view;
  state.scope = saved.scope;
}

const reveal = (uri: string, range: WireRange) => page.post({ type: 'reveal', uri, range });

/** What the filters let through, with edges between what is shown. */
function filtered(map: SystemMap): { nodes: MapNode[]; edges: MapEdge[] } {
  const nodes = map.nodes.filter((n) => !state.hiddenKinds.has(n.kind) && (!state.namespace || n.namespace === state.namespace) && (!state.family || n.family === state.family));
  const shown = new Set(nodes.map((n) => n.id));
  return { nodes, edges: map.edges.filter((e) => shown.has(e.from) && shown.has(e.to)) };
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function sourceList(unchecked: readonly unknown[], empty: string): HTMLElement {
  const sources = sourcesOf(unchecked);
  if (sources.length === 0) return h('p', { class: 'muted' }, empty);
  return h(
    'ul',
    { class: 'sources' },
    ...sources.map((source) =>
      h('li', {}, h('button', { class: 'link', title: source.uri, on: { click: () => reveal(source.uri, source.range) } }, `${fileName(source.uri)}:${source.range.start.line + 1}`)),
    ),
  );
}

/** The details of the selection: what it is, and where it is said. */
function details(map: SystemMap, collapsed: Collapsed): HTMLElement {
  const selected = state.selected;
  if (!selected) return h('aside', { attrs: { id: 'details' } }, h('p', { class: 'muted' }, 'Click a box or an arrow: where it is said, and why an arrow is there.'));
  if ('node' in selected) {
    const node = map.nodes.find((n) => n.id === selected.node);
    const group = collapsed.groups.get(selected.node);
    if (group) return h('aside', { attrs: { id: 'details' } }, h('h2', {}, group.label), h('p', {}, `${group.members.length} elements, collapsed to stay readable.`), h('button', { on: { click: () => toggle(selected.node) } }, 'Open the group'));
    if (!node) return h('aside', { attrs: { id: 'details' } });
    return h(
      'aside',
      { attrs: { id: 'details' } },
      h('h2', {}, node.name),
      h('p', { class: 'muted' }, [node.kind, node.technology, node.namespace ? `namespace ${node.namespace}` : undefined, `from ${node.family}`].filter(Boolean).join(' · ')),
      h('h3', {}, 'Where it is said'),
      sourceList(node.sources, 'Nowhere in particular: it stands for what the arrows say.'),
    );
  }
  const edge = collapsed.edges[selected.edge];
  const from = collapsed.label(edge.from);
  const to = collapsed.label(edge.to);
  return h(
    'aside',
    { attrs: { id: 'details' } },
    h('h2', {}, `${from} → ${to}`),
    h('p', { class: 'muted' }, [edge.kind, edge.label, edge.protocol].filter(Boolean).join(' · ')),
    h('h3', {}, 'Why is this edge here'),
    sourceList(edge.sources, 'No line: drawn from the elements it joins.'),
  );
}

function toggle(group: string): void {
  if (state.expanded.has(group)) state.expanded.delete(group);
  else state.expanded.add(group);
  state.selected = undefined;
  render(true);
}

function select(selection: typeof state.selected): void {
  state.selected = selection;
  render(false);
}

/** The drawing's transform: pan then zoom. */
function transform(): string {
  return `translate(${state.tx.toFixed(1)},${state.ty.toFixed(1)}) scale(${state.scale.toFixed(3)})`;
}

let lastLayout: Arranged | undefined;
let viewport: SVGSVGElement | undefined;

/**
 * Past this many boxes, only those in view and a margin around it are drawn, and more as the view
 * pans or zooms to them: a browser lays out and paints every SVG text and path of a drawing, seen or
 * not, and 500 boxes with their arrows cost it several times what the ones on screen do.
 */
const DRAW_ALL_UP_TO = 150;

type Area = { x0: number; y0: number; x1: number; y1: number };

/** What is drawn: the drawing's elements, its layout, the panel's size, and the area drawn (undefined: all of it). */
let drawn: { collapsed: Collapsed; layout: Arranged; box: { width: number; height: number }; area: Area | undefined } | undefined;

/** The part of the layout the panel shows, widened by `margin` of its size on each side. */
function areaInView(box: { width: number; height: number }, margin: number): Area {
  const width = box.width / state.scale;
  const height = box.height / state.scale;
  const x0 = -state.tx / state.scale;
  const y0 = -state.ty / state.scale;
  return { x0: x0 - width * margin, y0: y0 - height * margin, x1: x0 + width * (1 + margin), y1: y0 + height * (1 + margin) };
}

const overlaps = (area: Area, x0: number, y0: number, x1: number, y1: number) => x1 >= area.x0 && x0 <= area.x1 && y1 >= area.y0 && y0 <= area.y1;

/** Draws the stage again when the view has left the area drawn (after a pan or a zoom). */
function drawInView(): void {
  if (!drawn?.area || !viewport) return;
  const seen = areaInView(drawn.box, 0);
  const area = drawn.area;
  if (seen.x0 >= area.x0 && seen.y0 >= area.y0 && seen.x1 <= area.x1 && seen.y1 <= area.y1) return;
  drawn.area = areaInView(drawn.box, 0.5);
  viewport.querySelector('#stage')?.replaceWith(drawing(drawn.collapsed, drawn.layout, drawn.area));
}

function fit(layout: Layout, box: { width: number; height: number }): void {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.min((box.width - 32) / Math.max(1, layout.width), (box.height - 32) / Math.max(1, layout.height), 1.2)));
  state.scale = scale;
  state.tx = Math.max(16, (box.width - layout.width * scale) / 2);
  state.ty = 16;
}

function zoom(factor: number): void {
  const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, state.scale * factor));
  state.scale = next;
  viewport?.querySelector('#stage')?.setAttribute('transform', transform());
  drawInView();
}

/**
 * A box and an arrow as cloned templates: one cloneNode and a few attributes each, rather than four
 * elements made and filled one by one (500 boxes and 499 arrows are drawn in one go).
 */
const templates = {
  node: [1, 2].map((lines) => s('g', { attrs: { tabindex: 0, role: 'button' } }, s('rect'), ...[s('text', { class: 'name', attrs: { x: 12, y: 19 } }), s('text', { class: 'technology', attrs: { x: 12, y: 35 } })].slice(0, lines))),
  edge: s('g', {}, s('path', { class: 'hit' }), s('path', { class: 'line' }), s('path', { class: 'head' })),
};

/** The drawing's clicks, keys and tooltips, listened to once on the stage (not on each box and arrow). */
function listen(stage: SVGGElement, collapsed: Collapsed, byId: ReadonlyMap<string, CollapsedNode>): void {
  const target = (event: Event) => (event.target as Element).closest<SVGGElement>('.node, .edge, .label') ?? undefined;
  const open = (id: string) => (byId.get(id)?.collapsed ? toggle(id) : select({ node: id }));
  stage.addEventListener('click', (event) => {
    const element = target(event);
    if (!element) return;
    event.stopPropagation();
    if (element.dataset.node !== undefined) open(element.dataset.node);
    else select({ edge: Number(element.dataset.edge) });
  });
  stage.addEventListener('keydown', (event) => {
    const id = target(event)?.dataset.node;
    if (event.key === 'Enter' && id !== undefined) open(id);
  });
  // A tooltip is made when the pointer first comes over its box or arrow: a thousand <title>s made
  // up front cost the page a sixth of its painting time and are read one at a time.
  stage.addEventListener('pointerover', (event) => {
    const element = target(event);
    if (!element || element.querySelector(':scope > title')) return;
    const id = element.dataset.node;
    const edge = id === undefined ? collapsed.edges[Number(element.dataset.edge)] : undefined;
    const text = id !== undefined ? (byId.get(id)?.lines.join('\n') ?? id) : edge ? `${collapsed.label(edge.from)} → ${collapsed.label(edge.to)}: ${edge.label}` : '';
    element.append(s('title', {}, text));
  });
}

/** An edge's label: its text on a background, which the arrows pass under. */
function labelOf(label: PlacedLabel, edge: number, selected: string): SVGGElement {
  const g = s('g', { class: `label${selected}` }, s('rect', { attrs: { x: label.x.toFixed(1), y: label.y.toFixed(1), width: label.width, height: label.height, rx: 3 } }), s('text', { attrs: { x: (label.x + label.width / 2).toFixed(1), y: (label.y + label.height - 4.5).toFixed(1) } }, label.text));
  g.dataset.edge = String(edge);
  return g;
}

/** The drawing of the boxes and arrows in `area` (all of them when it is undefined). */
function drawing(collapsed: Collapsed, layout: Arranged, area: Area | undefined): SVGGElement {
  const query = state.search.trim().toLowerCase();
  const byId = new Map(collapsed.nodes.map((n) => [n.id, n]));
  const matches = (id: string) => !query || collapsed.label(id).toLowerCase().includes(query) || (byId.get(id)?.lines.join(' ').toLowerCase().includes(query) ?? false);
  const stage = s('g', { attrs: { id: 'stage', transform: transform() } });
  for (const group of layout.groups) {
    stage.append(s('g', { class: 'group' }, s('rect', { attrs: { x: group.x, y: group.y, width: group.width, height: group.height, rx: 6 } }), s('text', { attrs: { x: group.x + 10, y: group.y + 18 } }, group.label)));
  }
  const edgeLayer = s('g', { class: 'edges' });
  const labelLayer = s('g', { class: 'labels' });
  const selectedEdge = state.selected && 'edge' in state.selected ? state.selected.edge : undefined;
  collapsed.edges.forEach((edge, i) => {
    const route = layout.routes[i];
    if (!route) return;
    const bounds = routeBounds(route);
    if (area && !overlaps(area, bounds.x0, bounds.y0, bounds.x1, bounds.y1)) return;
    const { d, head } = edgePath(route);
    const g = templates.edge.cloneNode(true) as SVGGElement;
    const selected = selectedEdge === i ? ' selected' : '';
    g.setAttribute('class', `edge edge-${edge.kind}${selected}`);
    g.dataset.edge = String(i);
    (g.childNodes[0] as SVGPathElement).setAttribute('d', d);
    (g.childNodes[1] as SVGPathElement).setAttribute('d', d);
    (g.childNodes[2] as SVGPathElement).setAttribute('d', head);
    edgeLayer.append(g);
    const label = layout.labels[i];
    if (label) labelLayer.append(labelOf(label, i, selected));
  });
  stage.append(edgeLayer);
  const selectedNode = state.selected && 'node' in state.selected ? state.selected.node : undefined;
  for (const node of collapsed.nodes) {
    const placed = layout.nodes.get(node.id);
    if (!placed || (area && !overlaps(area, placed.x, placed.y, placed.x + placed.width, placed.y + placed.height))) continue;
    const g = templates.node[Math.min(placed.lines.length, 2) - 1].cloneNode(true) as SVGGElement;
    g.setAttribute('class', ['node', `kind-${node.kind}`, node.collapsed && 'collapsed', selectedNode === node.id && 'selected', query && (matches(node.id) ? 'match' : 'dim')].filter(Boolean).join(' '));
    g.dataset.node = node.id;
    g.setAttribute('transform', `translate(${placed.x.toFixed(1)},${placed.y.toFixed(1)})`);
    g.setAttribute('aria-label', node.lines.join(', '));
    const rect = g.firstChild as SVGRectElement;
    rect.setAttribute('width', String(placed.width));
    rect.setAttribute('height', String(placed.height));
    rect.setAttribute('rx', node.kind === 'person' ? '20' : '4');
    placed.lines.slice(0, 2).forEach((line, i) => (g.childNodes[i + 1].textContent = line));
    stage.append(g);
  }
  // Labels above the boxes (where they were placed so that none covers them) and the arrows.
  stage.append(labelLayer);
  listen(stage, collapsed, byId);
  return stage;
}

/** Past this many arrows, they are drawn without their labels (which their tooltips and the details give). */
const LABELS_UP_TO = 150;

type Arranged = Layout & { labels: (PlacedLabel | undefined)[] };

/** The layout of the boxes, a way for each arrow (the layered layout routes them between the boxes), and a free place for each label drawn. */
function arranged(view: View, collapsed: Collapsed, box: { width: number; height: number }): Arranged {
  const labelled = collapsed.edges.length <= LABELS_UP_TO;
  const edges = collapsed.edges.map((e) => ({ from: e.from, to: e.to, ...(labelled && e.label ? { label: e.label } : {}) }));
  const layout = view === 'deployment' ? groupedLayout(collapsed.nodes, collapsed.layoutGroups, Math.max(box.width / MIN_SCALE - 40, 400)) : layeredLayout(collapsed.nodes, edges, box.width < 800 ? 'TB' : 'LR');
  const routes = collapsed.edges.map((e, i) => {
    if (layout.routes[i]) return layout.routes[i];
    const a = layout.nodes.get(e.from);
    const b = layout.nodes.get(e.to);
    return a && b && a !== b ? directRoute(a, b) : undefined;
  });
  layout.routes = routes;
  const labels = placeLabels(layout, routes, edges.map((e) => e.label));
  return { ...layout, labels };
}

/** The drawing's room: the panel less the page's padding, the details beside it when wide (280 px and a 12 px gap) and the canvas's border. */
function room(): { width: number; height: number } {
  const style = getComputedStyle(document.body);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const width = window.innerWidth - (Number.isFinite(padding) ? padding : 32) - (window.innerWidth >= 900 ? 292 : 0) - 2;
  return { width: Math.max(320, width), height: Math.max(240, window.innerHeight - 90) };
}

let paintMs = 0;

/** Draws the page; `relayout`: the map, the filters or the groups changed (the layout and the fit are made again). */
function render(relayout: boolean): void {
  const started = performance.now();
  const map = state.map;
  const main = root();
  const toolbar = h('div', { class: 'toolbar' }, ...toolbarItems(map));
  if (!map) {
    replaceChildren(main, toolbar, h('p', { class: state.error ? 'error' : 'muted' }, state.error ?? 'Reading the workspace…'));
    return;
  }
  const { nodes, edges } = filtered(map);
  const box = room();
  const collapsed = collapse(map, nodes, edges, { expanded: state.expanded, expandAll: state.expandAll, room: box });
  const layoutStarted = performance.now();
  const layout = arranged(map.view, collapsed, box);
  const layoutMs = performance.now() - layoutStarted;
  if (relayout || !lastLayout) fit(layout, box);
  lastLayout = layout;
  const svg = s('svg', { attrs: { id: 'map', width: '100%', height: box.height, role: 'img', 'aria-label': `${map.system}: ${map.view}` } });
  const area = collapsed.nodes.length > DRAW_ALL_UP_TO ? areaInView(box, 0.5) : undefined;
  drawn = { collapsed, layout, box, area };
  svg.append(drawing(collapsed, layout, area));
  svg.addEventListener('click', () => select(undefined));
  pan(svg);
  viewport = svg;
  const empty = nodes.length === 0 ? h('p', { class: 'muted' }, map.nodes.length === 0 ? 'Nothing here: no Compose service, Kubernetes workload, Dockerfile, pipeline or monitoring file in the workspace.' : 'The filters hide everything.') : undefined;
  replaceChildren(main, toolbar, empty, h('div', { class: 'body' }, h('div', { class: 'canvas' }, svg), details(map, collapsed)));
  paintMs = performance.now() - started;
  page.setState({ view: state.view, ...(state.scope ? { scope: state.scope } : {}) });
  // What a reader sees: the smallest label on screen.
  page.post({
    type: 'rendered',
    summary: { view: map.view, nodes: collapsed.nodes.length, edges: collapsed.edges.length, drawn: main.querySelectorAll('#stage .node').length, groups: layout.groups.length, collapsed: collapsed.groups.size, scale: Number(state.scale.toFixed(3)), labelPx: Number((13 * state.scale).toFixed(1)), layoutMs: Math.round(layoutMs), paintMs: Math.round(paintMs), serverMs: map.ms },
  });
}

function toolbarItems(map: SystemMap | undefined): (HTMLElement | string)[] {
  const viewSelect = h('select', { attrs: { id: 'view', 'aria-label': 'View' }, on: { change: (e) => askView((e.target as HTMLSelectElement).value as View) } }, ...views.map((v) => h('option', { attrs: { value: v.view, selected: v.view === state.view } }, v.label)));
  if (!map) return [viewSelect];
  const namespaces = [...new Set(map.nodes.map((n) => n.namespace).filter((n): n is string => n !== undefined))].sort();
  const familiesList = [...new Set(map.nodes.map((n) => n.family))].sort();
  const kinds = [...new Set(map.nodes.map((n) => n.kind))].sort();
  const namespaceSelect = h('select', { attrs: { id: 'namespace', 'aria-label': 'Namespace' }, on: { change: (e) => ((state.namespace = (e.target as HTMLSelectElement).value), render(true)) } }, h('option', { attrs: { value: '' } }, 'All namespaces'), ...namespaces.map((n) => h('option', { attrs: { value: n, selected: n === state.namespace } }, n)));
  const familySelect = h('select', { attrs: { id: 'family', 'aria-label': 'Family' }, on: { change: (e) => ((state.family = (e.target as HTMLSelectElement).value), render(true)) } }, h('option', { attrs: { value: '' } }, 'All families'), ...familiesList.map((f) => h('option', { attrs: { value: f, selected: f === state.family } }, f)));
  const kindChips = h(
    'span',
    { class: 'kinds', attrs: { id: 'kinds' } },
    ...kinds.map((kind) =>
      h('label', { class: 'kind' }, h('input', { attrs: { type: 'checkbox', checked: !state.hiddenKinds.has(kind), 'data-kind': kind }, on: { change: (e) => ((e.target as HTMLInputElement).checked ? state.hiddenKinds.delete(kind) : state.hiddenKinds.add(kind), render(true)) } }), kind),
    ),
  );
  const search = h('input', { attrs: { id: 'search', type: 'search', placeholder: 'Search', value: state.search, 'aria-label': 'Search' }, on: { input: (e) => ((state.search = (e.target as HTMLInputElement).value), render(false)) } });
  return [
    viewSelect,
    namespaces.length > 0 ? namespaceSelect : '',
    familySelect,
    search,
    h('button', { attrs: { id: 'zoom-out', title: 'Zoom out' }, on: { click: () => zoom(1 / 1.25) } }, '−'),
    h('button', { attrs: { id: 'zoom-in', title: 'Zoom in' }, on: { click: () => zoom(1.25) } }, '+'),
    h('button', { attrs: { id: 'fit', title: 'Fit' }, on: { click: () => render(true) } }, 'Fit'),
    h('button', { attrs: { id: 'expand' }, on: { click: () => ((state.expandAll = !state.expandAll), state.expanded.clear(), render(true)) } }, state.expandAll ? 'Collapse groups' : 'Open all groups'),
    kindChips,
  ];
}

function askView(view: View): void {
  state.view = view;
  state.map = undefined;
  state.expanded.clear();
  page.setState({ view, ...(state.scope ? { scope: state.scope } : {}) });
  page.post({ type: 'view', view });
  render(true);
}

/** Dragging the background pans; the wheel zooms. */
function pan(svg: SVGSVGElement): void {
  let from: { x: number; y: number; tx: number; ty: number } | undefined;
  svg.addEventListener('pointerdown', (event) => {
    if ((event.target as Element).closest('.node, .edge')) return;
    from = { x: event.clientX, y: event.clientY, tx: state.tx, ty: state.ty };
  });
  svg.addEventListener('pointermove', (event) => {
    if (!from) return;
    state.tx = from.tx + event.clientX - from.x;
    state.ty = from.ty + event.clientY - from.y;
    svg.querySelector('#stage')?.setAttribute('transform', transform());
    drawInView();
  });
  svg.addEventListener('pointerup', () => (from = undefined));
  svg.addEventListener('wheel', (event) => {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1);
  }, { passive: false });
}

let size = `${window.innerWidth}x${window.innerHeight}`;
window.addEventListener('resize', () => {
  // Drawn again only when the panel's size did change (a resize event may come without).
  const now = `${window.innerWidth}x${window.innerHeight}`;
  if (now === size) return;
  size = now;
  render(true);
});
render(true);
page.post({ type: 'ready' });
