// The System Map panel: a view of the system map (context, containers, deployment, delivery) from the
// server, filtered by kind, namespace and family, searched, zoomed and panned; a click on a node or an
// edge shows where it is said ("why is this edge here": its lines), and each line opens its file there.
// Fit shows the whole map down to a readable zoom; past it the view pans, a sign says how many boxes
// are out of view and an overview shows the whole. A map too large to read whole is collapsed into its
// groups (namespaces, environments, families), which open on a click. The layout and the drawing are
// the CLI's own (server/src/drawing/); Export… asks the host for a file in the CLI's formats. The Security view
// (security.ts) draws the threats' model with the same drawing; Cost, SLO and Continuity views colour the map.
import '../shared/base.css';
import './system.css';
import { arrange, fitScale, READABLE_ZOOM, type Arranged } from '../../server/src/drawing/mapArrange';
import { drawMap } from '../../server/src/drawing/mapSvg';
import { LABELS_UP_TO } from '../../server/src/drawing/mapView';
import { h, replaceChildren, root, s } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { connect, initialData } from '../shared/page';
import { collapse, type Collapsed, type CollapsedNode } from './collapse';
import { domSink, measureInPage } from './measure';
import { setLanguage, tr } from './l10n';
import { overview } from './overview';
import { sourcesOf, SystemState, SystemToPage, type ChangeSide, type Comparison, type DiffSource, type PanelView, type CostView, type RiskChanges, type SecurityView, type SloView, type ContinuityView, type SystemMap, type SystemToHost } from './messages';
import { securityClasses, securityCollapsed, securityDetails, securityLegend } from './security';
import { sloViewBody } from './slo';
import { continuityPage } from './continuity';
import { costClasses, costHover, costMapRoom, costSummary, costViewBody, costWidths } from './cost';
import { comparedMap, comparisonClasses, comparisonHover, comparisonLegend, comparisonList, costChanges } from './compare';
import { riskChanges } from './changes';
import { exportMenu } from './exportMenu';
import { fileName, violationList } from './policy';

type View = PanelView;
type MapNode = SystemMap['nodes'][number];
type MapEdge = SystemMap['edges'][number];

/** The smallest zoom, where Fit stops and panning (and the overview) takes over. */
const MIN_SCALE = READABLE_ZOOM;
const MAX_SCALE = 2.5;

const views: { view: View; label: string }[] = [
  { view: 'containers', label: 'Containers' },
  { view: 'context', label: 'Context' },
  { view: 'deployment', label: 'Deployment' },
  { view: 'delivery', label: 'Delivery' },
  { view: 'security', label: 'Security' },
  { view: 'slo', label: 'SLOs' },
  { view: 'cost', label: 'Cost' },
  { view: 'continuity', label: 'Continuity' },
];

const state = {
  map: undefined as SystemMap | undefined,
  security: undefined as SecurityView | undefined,
  slo: undefined as SloView | undefined,
  cost: undefined as CostView | undefined,
  continuity: undefined as ContinuityView | undefined,
  /** "Compare with…": the differences drawn on the map (compare.ts). */
  diff: undefined as Comparison | undefined,
  /** The Security view's "Changes" while compared (changes.ts), or why they could not be had. */
  changes: undefined as RiskChanges | undefined,
  changesError: undefined as string | undefined,
  /** The Security view's chosen risk: its attack path is lit. */
  risk: undefined as string | undefined,
  lang: undefined as string | undefined,
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
  state.error = message.error;
  state.diff = undefined;
  state.changes = undefined;
  state.changesError = undefined;
  state.cost = undefined;
  if (message.type === 'continuity') Object.assign(state, { map: undefined, security: undefined, slo: undefined, continuity: message.continuity ?? undefined, view: 'continuity' });
  else if (message.type === 'cost') {
    // The containers view drawn with its boxes coloured by cost.
    state.map = message.map ?? undefined;
    state.security = undefined;
    state.slo = undefined;
    state.cost = message.cost ?? undefined;
    state.view = 'cost';
  } else if (message.type === 'compare') {
    state.security = undefined;
    state.slo = undefined;
    state.diff = message.diff ?? undefined;
    state.map = message.map && message.diff ? comparedMap(message.map, message.diff) : (message.map ?? undefined);
    if (message.map) state.view = message.map.view;
  } else if (message.type === 'slo') {
    state.map = undefined;
    state.security = undefined;
    state.slo = message.slo ?? undefined;
    state.view = 'slo';
  } else if (message.type === 'security') {
    state.map = undefined;
    state.slo = undefined;
    state.security = message.security ?? undefined;
    state.changes = message.changes;
    state.changesError = message.changesError;
    state.view = 'security';
    if (state.risk && !state.security?.risks.some((r) => r.id === state.risk)) state.risk = undefined;
  } else {
    state.security = undefined;
    state.slo = undefined;
    state.map = message.map ?? undefined;
    if (message.map) state.view = message.map.view;
  }
  state.selected = undefined;
  render(true);
});

// The host's data (the view it opens in, the editor's language), then what VS Code kept (a reload).
const hostData = initialData(SystemState);
const saved = page.state() ?? hostData;
if (saved) {
  state.view = saved.view;
  state.scope = saved.scope;
}
state.lang = hostData?.lang ?? saved?.lang;
setLanguage(state.lang);
const keep = (view: View) => page.setState({ view, ...(state.scope ? { scope: state.scope } : {}), ...(state.lang ? { lang: state.lang } : {}) });

const reveal = (uri: string, range: WireRange) => page.post({ type: 'reveal', uri, range });
/** A line of a comparison: the host opens it (the working tree's file, or the file at the base revision). */
const openChange = (side: ChangeSide, source: DiffSource) => page.post({ type: 'openChange', side, file: source.file, line: source.line });
const endCompare = () => page.post({ type: 'endCompare' });

/** What the filters let through, with edges between what is shown. */
function filtered(map: SystemMap): { nodes: MapNode[]; edges: MapEdge[] } {
  const nodes = map.nodes.filter((n) => !state.hiddenKinds.has(n.kind) && (!state.namespace || n.namespace === state.namespace) && (!state.family || n.family === state.family));
  const shown = new Set(nodes.map((n) => n.id));
  return { nodes, edges: map.edges.filter((e) => shown.has(e.from) && shown.has(e.to)) };
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
      // The workspace's policy violations on its lines (#96): how many, and each with its rule and where.
      ...violationList(node.violations, reveal),
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

/** After a pan or a zoom: the stage moved, what comes into view drawn (a large map), the sign and the overview again. */
function moved(): void {
  viewport?.querySelector('#stage')?.setAttribute('transform', transform());
  drawInView();
  showOverview();
}

/** Draws the stage again when the view has left the area drawn (after a pan or a zoom). */
function drawInView(): void {
  if (!drawn?.area || !viewport) return;
  const seen = areaInView(drawn.box, 0);
  const area = drawn.area;
  if (seen.x0 >= area.x0 && seen.y0 >= area.y0 && seen.x1 <= area.x1 && seen.y1 <= area.y1) return;
  drawn.area = areaInView(drawn.box, 0.5);
  viewport.querySelector('#stage')?.replaceWith(drawing(drawn.collapsed, drawn.layout, drawn.area));
}

/** The margin Fit leaves around the drawing. */
const FIT_MARGIN = 16;

/** The whole layout in view, centred, at the largest zoom up to MAX_FIT, never below MIN_SCALE (then from its top left). */
function fit(layout: Arranged, box: { width: number; height: number }): void {
  const room = { width: box.width - 2 * FIT_MARGIN, height: box.height - 2 * FIT_MARGIN };
  const scale = Math.max(MIN_SCALE, fitScale(layout, room));
  state.scale = scale;
  state.tx = Math.max(FIT_MARGIN, (box.width - layout.width * scale) / 2);
  state.ty = Math.max(FIT_MARGIN, Math.min((box.height - layout.height * scale) / 2, FIT_MARGIN * 2));
}

function zoom(factor: number): void {
  const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, state.scale * factor));
  // Around the view's centre.
  if (drawn) {
    const cx = drawn.box.width / 2;
    const cy = drawn.box.height / 2;
    state.tx = cx - ((cx - state.tx) * next) / state.scale;
    state.ty = cy - ((cy - state.ty) * next) / state.scale;
  }
  state.scale = next;
  moved();
}

/** Brings a point of the layout to the view's centre (the overview's click), the view kept over the map. */
function centreOn(x: number, y: number): void {
  if (!drawn) return;
  const keep = (offset: number, room: number, size: number) => (size * state.scale + 2 * FIT_MARGIN <= room ? offset : Math.min(FIT_MARGIN, Math.max(room - size * state.scale - FIT_MARGIN, offset)));
  state.tx = keep(drawn.box.width / 2 - x * state.scale, drawn.box.width, drawn.layout.width);
  state.ty = keep(drawn.box.height / 2 - y * state.scale, drawn.box.height, drawn.layout.height);
  moved();
}

/** The sign of what is out of view, the shades on the sides the drawing goes on past, the overview. */
function showOverview(): void {
  if (!drawn || !viewport) return;
  const canvas = viewport.parentElement;
  if (!canvas) return;
  const { sign, map, shades } = overview(drawn.layout, { scale: state.scale, tx: state.tx, ty: state.ty, width: drawn.box.width, height: drawn.box.height }, centreOn);
  for (const old of canvas.querySelectorAll('#offview, #overview, .shade')) old.remove();
  canvas.append(...shades, sign, map);
}

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
    // Compared: what changed in the box (its fields before → after), or that it is added or removed; in the Cost view,
    // its cost and the date of each price it was reckoned from.
    const more = id === undefined ? [] : [state.diff ? comparisonHover(state.diff, id) : undefined, state.view === 'cost' && state.cost ? costHover(state.cost, id) : undefined];
    element.append(s('title', {}, [text, ...more.filter((line) => line !== undefined && line !== '')].join('\n')));
  });
}

/** The drawing of the boxes and arrows in `area` (all of them when it is undefined): the CLI's drawing (mapSvg.ts), made of DOM elements. */
function drawing(collapsed: Collapsed, layout: Arranged, area: Area | undefined): SVGGElement {
  const query = state.search.trim().toLowerCase();
  const byId = new Map(collapsed.nodes.map((n) => [n.id, n]));
  const matches = (id: string) => collapsed.label(id).toLowerCase().includes(query) || (byId.get(id)?.lines.join(' ').toLowerCase().includes(query) ?? false);
  const stage = s('g', { attrs: { id: 'stage', transform: transform() } });
  const selected = state.selected;
  const security = state.view === 'security' && state.security ? securityClasses(state.security, state.security.risks.find((r) => r.id === state.risk)) : undefined;
  const nodes = collapsed.nodes.map((n) => ({ id: n.id, kind: n.kind, collapsed: n.collapsed, title: n.lines.join(', ') }));
  stage.append(
    ...drawMap(domSink, layout, nodes, collapsed.edges, {
      interactive: true,
      ...(selected && 'node' in selected ? { selectedNode: selected.node } : {}),
      ...(selected && 'edge' in selected ? { selectedEdge: selected.edge } : {}),
      ...(query ? { matches } : {}),
      ...(area ? { area } : {}),
      ...(security ? { classes: security } : state.view === 'cost' && state.cost ? { classes: costClasses(state.cost) } : state.diff ? { classes: comparisonClasses(state.diff, collapsed.edges) } : {}),
    }),
  );
  listen(stage, collapsed, byId);
  return stage;
}

/** The layout of the boxes, a way for each arrow and a free place for each label drawn, arranged to be drawn largest in the room; `widthOf`: each box's width factor (the Cost view's). */
function arranged(view: View, collapsed: Collapsed, box: { width: number; height: number }, widthOf?: (id: string) => number): Arranged {
  const labelled = collapsed.edges.length <= LABELS_UP_TO;
  const edges = collapsed.edges.map((e) => ({ from: e.from, to: e.to, ...(labelled && e.label ? { label: e.label } : {}) }));
  const room = { width: box.width - 2 * FIT_MARGIN, height: box.height - 2 * FIT_MARGIN };
  return arrange({ nodes: widthOf ? collapsed.nodes.map((n) => ({ ...n, widthFactor: widthOf(n.id) })) : collapsed.nodes, edges, groups: collapsed.layoutGroups, grouped: view === 'deployment' || view === 'security', downward: view === 'security' }, room, measureInPage);
}

/** Narrower than this, the details go below the drawing (system.css's `max-width: 899px`). */
const NARROW = 900;
/** The share of the window's height the details keep below the drawing when they must be seen (the Security view's risks, which step 8 of the walkthrough asks to click at half width). */
const DETAILS_SHARE = 0.4;

/**
 * The drawing's room: the panel less the page's padding, the details beside it when wide (280 px and a
 * 12 px gap) and the canvas's border. `detailsBelow`: when narrow, the drawing leaves DETAILS_SHARE of
 * the height to the details (scrolled in their own box, `--details-room`) instead of pushing them past
 * the window's bottom.
 */
function room(main: HTMLElement, above: (HTMLElement | undefined)[], detailsBelow = false): { width: number; height: number } {
  const style = getComputedStyle(document.body);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const narrow = window.innerWidth < NARROW;
  const width = window.innerWidth - (Number.isFinite(padding) ? padding : 32) - (narrow ? 0 : 292) - 2;
  // The drawing takes the window's height below what stands above it: the toolbar wraps on more lines
  // in a narrow panel (more namespaces, families and kinds), so its height is measured, not assumed —
  // otherwise the drawing's bottom, and the overview pinned there, would go past the window's.
  const body = h('div', { class: 'body' });
  replaceChildren(main, ...above, body);
  const bottom = parseFloat(style.paddingBottom);
  const top = body.getBoundingClientRect().top + window.scrollY;
  const available = Math.floor(window.innerHeight - top - (Number.isFinite(bottom) ? bottom : 16) - 2);
  const details = narrow && detailsBelow ? Math.max(160, Math.floor(available * DETAILS_SHARE)) : 0;
  if (details > 0) document.body.style.setProperty('--details-room', `${details}px`);
  else document.body.style.removeProperty('--details-room');
  const height = Math.max(240, available - (details > 0 ? details + 12 : 0));
  // The column beside the drawing (compared: the changes; the Security view: its Changes and risks) as tall as it, scrolled in its own box.
  document.body.style.setProperty('--canvas-height', `${height + 2}px`);
  return { width: Math.max(320, width), height };
}

let paintMs = 0;

/** The drawing's SVG, fitted when laid out again, panned and zoomed: the map's views and the Security view alike. */
function canvasOf(relayout: boolean, collapsed: Collapsed, layout: Arranged, box: { width: number; height: number }, label: string): SVGSVGElement {
  if (relayout || !drawn) fit(layout, box);
  const svg = s('svg', { attrs: { id: 'map', width: '100%', height: box.height, role: 'img', 'aria-label': label } });
  const area = collapsed.nodes.length > DRAW_ALL_UP_TO ? areaInView(box, 0.5) : undefined;
  drawn = { collapsed, layout, box, area };
  svg.append(drawing(collapsed, layout, area));
  svg.addEventListener('click', () => select(undefined));
  pan(svg);
  viewport = svg;
  return svg;
}

/** The Security view: the threats' model drawn as the map is (boundaries nested), its legend, and beside it the selection and the risks. */
function renderSecurity(relayout: boolean, started: number): void {
  const main = root();
  const view = state.security;
  const toolbar = h('div', { class: 'toolbar' }, ...toolbarItems(undefined));
  if (!view) {
    replaceChildren(main, toolbar, h('p', { class: state.error ? 'error' : 'muted' }, state.error ?? tr('Reading the security model…')));
    return;
  }
  const legend = securityLegend();
  const empty = view.nodes.length <= 1 ? h('p', { class: 'muted' }, tr('Nothing deployed here: no Compose service, Kubernetes workload or Terraform resource for a security model.')) : undefined;
  const box = room(main, [toolbar, legend, empty], true);
  const collapsed = securityCollapsed(view);
  const layoutStarted = performance.now();
  const layout = relayout || !drawn ? arranged('security', collapsed, box) : drawn.layout;
  const layoutMs = performance.now() - layoutStarted;
  const svg = canvasOf(relayout, collapsed, layout, box, `${view.system}: ${tr('Security')}`);
  const choose = (risk: string | undefined) => {
    state.risk = risk;
    render(false);
  };
  const aside = securityDetails({ view, selected: state.selected, risk: state.risk, choose, reveal });
  // The Changes first, beside the drawing (not after every risk card); the column scrolls in its own box, as tall as the drawing.
  aside.prepend(riskChanges(state.changes, state.changesError, openChange));
  aside.classList.add('beside');
  replaceChildren(main, toolbar, legend, empty, h('div', { class: 'body' }, h('div', { class: 'canvas' }, svg), aside));
  showOverview();
  paintMs = performance.now() - started;
  keep('security');
  const chosen = view.risks.find((r) => r.id === state.risk);
  page.post({
    type: 'rendered',
    summary: { view: 'security', nodes: collapsed.nodes.length, edges: collapsed.edges.length, drawn: main.querySelectorAll('#stage .node').length, groups: layout.groups.length, boundaries: view.boundaries.length, risks: view.risks.length, open: view.risks.filter((r) => r.open).length, risky: view.links.filter((l) => l.risky).length, raised: state.changes?.raised.length ?? 0, resolved: state.changes?.resolved.length ?? 0, lit: chosen ? main.querySelectorAll('#stage .on-path').length : 0, scale: Number(state.scale.toFixed(3)), layoutMs: Math.round(layoutMs), paintMs: Math.round(paintMs), serverMs: view.ms },
  });
}

/** The SLO view: the components with their objectives, those with none, the SLOs of no component (slo.ts). */
function renderSlo(): void {
  const main = root();
  const toolbar = h('div', { class: 'toolbar' }, ...toolbarItems(undefined));
  const view = state.slo;
  if (!view) {
    replaceChildren(main, toolbar, h('p', { class: state.error ? 'error' : 'muted' }, state.error ?? tr('Reading the service levels…')));
    return;
  }
  replaceChildren(main, toolbar, sloViewBody(view, reveal));
  keep('slo');
  const covered = view.components.filter((c) => c.objectives.length > 0).length;
  page.post({ type: 'rendered', summary: { view: 'slo', components: view.components.length, covered, uncovered: view.components.length - covered, unmatched: view.unmatched.length, rows: main.querySelectorAll('#slo-components tbody tr').length, serverMs: view.ms } });
}

/** The Cost view: the containers view, each box coloured by the band of its monthly cost and sized by it (costWidths), above the total, the legend, the table and the unpriced (cost.ts). */
function renderCost(relayout: boolean): void {
  const main = root();
  const toolbar = h('div', { class: 'toolbar' }, ...toolbarItems(undefined));
  const view = state.cost;
  const map = state.map?.nodes.length ? state.map : undefined;
  const box = view && map ? costMapRoom(room(main, [toolbar])) : undefined;
  const collapsed = map && box ? collapse(map, map.nodes, map.edges, { expanded: state.expanded, expandAll: state.expandAll, room: box }) : undefined;
  const canvas = map && box && collapsed ? h('div', { class: 'canvas cost-map' }, canvasOf(relayout, collapsed, relayout || !drawn ? arranged(map.view, collapsed, box, view ? costWidths(view) : undefined) : drawn.layout, box, `${map.system}: ${tr('Cost')}`)) : undefined;
  replaceChildren(main, toolbar, view ? canvas : undefined, view ? costViewBody(view, reveal) : h('p', { class: state.error ? 'error' : 'muted' }, state.error ?? tr('Pricing the system…')));
  if (!view) return;
  keep('cost');
  page.post({ type: 'rendered', summary: costSummary(view, main, map !== undefined) });
}

/** Draws the page; `relayout`: the map, the filters or the groups changed (the layout and the fit are made again). */
function render(relayout: boolean): void {
  const started = performance.now();
  if (state.view === 'slo') {
    renderSlo();
    return;
  }
  if (state.view === 'continuity') return continuityPage(root(), h('div', { class: 'toolbar' }, ...toolbarItems(undefined)), { view: state.continuity, error: state.error, reveal, rendered: (summary) => { keep('continuity'); page.post({ type: 'rendered', summary }); } });
  if (state.view === 'cost') {
    renderCost(relayout);
    return;
  }
  if (state.view === 'security') {
    renderSecurity(relayout, started);
    return;
  }
  const map = state.map;
  const main = root();
  const toolbar = h('div', { class: 'toolbar' }, ...toolbarItems(map));
  if (!map) {
    replaceChildren(main, toolbar, h('p', { class: state.error ? 'error' : 'muted' }, state.error ?? 'Reading the workspace…'));
    return;
  }
  const { nodes, edges } = filtered(map);
  const empty = nodes.length === 0 ? h('p', { class: 'muted' }, map.nodes.length === 0 ? 'Nothing here: no Compose service, Kubernetes workload, Dockerfile, pipeline or monitoring file in the workspace.' : 'The filters hide everything.') : undefined;
  const legend = state.diff ? comparisonLegend(state.diff) : undefined;
  const box = room(main, [toolbar, legend, empty], state.diff !== undefined);
  const collapsed = collapse(map, nodes, edges, { expanded: state.expanded, expandAll: state.expandAll, room: box });
  const layoutStarted = performance.now();
  const layout = relayout || !drawn ? arranged(map.view, collapsed, box) : drawn.layout;
  const layoutMs = performance.now() - layoutStarted;
  const svg = canvasOf(relayout, collapsed, layout, box, `${map.system}: ${map.view}`);
  // Compared: the list of the changes beside the drawing, above the selection's details, in a column as tall as the drawing (seen without scrolling the page).
  const aside = details(map, collapsed);
  if (state.diff) {
    aside.prepend(comparisonList(state.diff, openChange, endCompare));
    aside.classList.add('beside');
  }
  replaceChildren(main, toolbar, legend, empty, h('div', { class: 'body' }, h('div', { class: 'canvas' }, svg), aside), state.diff?.cost ? costChanges(state.diff.cost, openChange) : undefined);
  showOverview();
  paintMs = performance.now() - started;
  keep(state.view);
  // What a reader sees: the smallest label on screen, and how many boxes are out of view.
  const outside = Number(/^\d+/.exec(main.querySelector('#offview')?.textContent ?? '')?.[0] ?? 0);
  page.post({
    type: 'rendered',
    summary: { view: map.view, nodes: collapsed.nodes.length, edges: collapsed.edges.length, drawn: main.querySelectorAll('#stage .node').length, groups: layout.groups.length, collapsed: collapsed.groups.size, direction: layout.direction, scale: Number(state.scale.toFixed(3)), labelPx: Number((13 * state.scale).toFixed(1)), outside, differences: state.diff ? main.querySelectorAll('.diff-list li').length : null, layoutMs: Math.round(layoutMs), paintMs: Math.round(paintMs), serverMs: map.ms },
  });
}

function toolbarItems(map: SystemMap | undefined): (HTMLElement | string)[] {
  const viewSelect = h('select', { attrs: { id: 'view', 'aria-label': 'View' }, on: { change: (e) => askView((e.target as HTMLSelectElement).value as View) } }, ...views.map((v) => h('option', { attrs: { value: v.view, selected: v.view === state.view } }, v.view === 'security' || v.view === 'slo' || v.view === 'cost' || v.view === 'continuity' ? tr(v.label) : v.label)));
  if (state.view === 'security' && state.security) {
    return [
      viewSelect,
      h('button', { attrs: { id: 'zoom-out', title: 'Zoom out' }, on: { click: () => zoom(1 / 1.25) } }, '−'),
      h('button', { attrs: { id: 'zoom-in', title: 'Zoom in' }, on: { click: () => zoom(1.25) } }, '+'),
      h('button', { attrs: { id: 'fit', title: 'Fit' }, on: { click: () => render(true) } }, 'Fit'),
    ];
  }
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
    exportMenu((format) => {
      if (state.view !== 'security' && state.view !== 'slo' && state.view !== 'cost' && state.view !== 'continuity') page.post({ type: 'export', format, view: state.view });
    }),
    kindChips,
  ];
}

function askView(view: View): void {
  state.view = view;
  state.map = undefined;
  state.security = undefined;
  state.slo = undefined;
  state.cost = undefined;
  state.continuity = undefined;
  state.risk = undefined;
  state.expanded.clear();
  keep(view);
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
    moved();
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
