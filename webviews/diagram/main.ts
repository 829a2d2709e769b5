// The diagram panel: Mermaid text from the host (a .mmd file, a ```mermaid block of a Markdown
// file, or a diagram the server generated from the workspace) drawn in the page, live as the text
// changes, in the colours of the current theme, with zoom and pan; a click on a generated node
// opens its file; the toolbar exports SVG and PNG (written by the host next to the source).
import '../shared/base.css';
import './diagram.css';
import { h, replaceChildren, root } from '../shared/dom';
import { connect, initialData } from '../shared/page';
import { onThemeChange, themeKind, type ThemeKind } from '../shared/theme';
import { DiagramPageData, DiagramState, DiagramToPage, type DiagramOrigin, type DiagramToHost, type ViewTransform } from './messages';
import { drawGraph } from './graph';
import { layoutLoadedAt, loadLayout } from './graphLayout';
import { describeFailure, drawingOf, dropStyles, mermaid, mermaidLoadedAt, renderDiagram, restoreDrawing, standaloneSvg, type Rendered } from './render';
import { uprightFlowchart } from './upright';
import { contentSize, READABLE_SCALE, ZoomPan } from './zoom';

type DiagramMessage = Extract<DiagramToPage, { type: 'diagram' }>;

let current: DiagramMessage | undefined;
let shown: Rendered | undefined;
let queue: Promise<void> = Promise.resolve();
let latest = 0;
/** The host keeps the drawing shown (the page sent it, or showed it from there). */
let hostKeeps = false;
const hostData = initialData(DiagramPageData);
const started = performance.now();
/** When the page said it listens (page clock). */
let readyAt = -1;

/** When the latest host message reached the page, before it was validated (page clock). */
let arrivedAt = -1;
window.addEventListener('message', () => (arrivedAt = performance.now()));

const page = connect<typeof DiagramToPage, DiagramToHost, typeof DiagramState>({ toPage: DiagramToPage, state: DiagramState }, (message) => {
  if (message.type === 'diagram') {
    current = message;
    schedule(performance.now());
  } else {
    void exportDiagram(message.format);
  }
});

/** The host keeps the drawing this panel showed last (re-opened, or shown again in the same run): it comes with the text. */
const waitForKept = hostData !== undefined && (hostData.kept || page.state()?.keptIn === hostData.session);
/** Whether Mermaid loads at once: not when a kept drawing comes first, nor for a generated diagram (drawn without Mermaid). */
const preloadMermaid = !waitForKept && !hostData?.generated;

// The layout: toolbar, notice, error, and the viewport the diagram is zoomed and panned in.
const title = h('span', { class: 'title' });
const status = h('span', { class: 'status muted', attrs: { id: 'status' } });
const notice = h('p', { class: 'notice muted', attrs: { id: 'notice', hidden: true } });
const errorBox = h('div', { class: 'message error', attrs: { id: 'error', hidden: true, role: 'alert' } });
const stage = h('div', { class: 'stage', attrs: { id: 'stage' } });
const viewport = h('div', { class: 'viewport', attrs: { id: 'viewport', tabindex: 0, 'aria-label': 'Diagram: wheel to zoom, drag to pan' } }, stage);
// A fit that keeps the labels legible shows part of a large diagram (zoom.ts READABLE_SCALE): the toolbar says so.
const fitNote = h('span', { class: 'fit-note muted', attrs: { id: 'fit-note', hidden: true, title: 'Fit keeps the text at 9 px or more: drag to see the rest, − zooms out further' } }, 'Part in view: drag to pan');
const zoom = new ZoomPan(viewport, stage, (view) => saveState(view), (whole) => {
  fitNote.hidden = whole;
});
const button = (id: string, label: string, tip: string, action: () => void, secondary = true) =>
  h('button', { class: secondary ? 'secondary' : undefined, attrs: { id, title: tip }, on: { click: action } }, label);

replaceChildren(
  root(),
  h(
    'div',
    { class: 'toolbar' },
    title,
    status,
    fitNote,
    h('span', { class: 'spacer' }),
    button('zoom-out', '−', 'Zoom out (−)', () => zoom.zoomBy(0.8)),
    button('zoom-in', '+', 'Zoom in (+)', () => zoom.zoomBy(1.25)),
    button('fit', 'Fit', 'Fit the diagram in the panel, its text kept legible (0)', () => zoom.fit()),
    button('actual', '1:1', 'Actual size (1)', () => zoom.actualSize()),
    button('export-svg', 'Export SVG', 'Write the diagram as an SVG file next to its source', () => void exportDiagram('svg'), false),
    button('export-png', 'Export PNG', 'Write the diagram as a PNG file next to its source', () => void exportDiagram('png'), false),
  ),
  notice,
  errorBox,
  viewport,
);

function saveState(view: ViewTransform | undefined): void {
  if (current) page.setState({ origin: current.origin, view: zoom.moved ? view : undefined, keptIn: hostKeeps ? hostData?.session : undefined });
}

function originLabel(origin: DiagramOrigin): string {
  return origin.kind === 'file' ? decodeURIComponent(origin.uri.slice(origin.uri.lastIndexOf('/') + 1)) : origin.diagram;
}

/** A generated diagram is drawn from its graph (graph.ts), any other by Mermaid. */
function render(message: DiagramMessage, kind: ThemeKind | 'export'): Promise<Rendered> {
  return message.graph ? drawGraph(message.graph, kind) : renderDiagram(message.mermaid, kind);
}

/** Renders the latest text once the previous render is done (Mermaid's configuration is global). */
function schedule(receivedAt: number): void {
  const ticket = ++latest;
  queue = queue.then(() => (ticket === latest ? draw(receivedAt) : undefined)).catch((error: unknown) => page.reportError(error));
}

async function draw(receivedAt: number): Promise<void> {
  const message = current!;
  title.textContent = message.title;
  notice.textContent = message.notice ?? '';
  notice.hidden = !message.notice;
  if (!message.mermaid.trim()) {
    clearDiagram();
    errorBox.hidden = true;
    status.textContent = '';
    page.post({ type: 'rendered', summary: { ok: true, nodes: 0, edges: 0, ms: Math.round(performance.now() - receivedAt), origin: originLabel(message.origin) } });
    return;
  }
  const theme = themeKind();
  let rendered: Rendered | undefined;
  const kept = message.cached?.find((d) => d.theme === theme);
  if (kept) {
    try {
      rendered = restoreDrawing(kept);
    } catch (error) {
      // Drawn again below.
      page.reportError(error);
    }
  }
  const fromCache = rendered !== undefined;
  hostKeeps = fromCache;
  try {
    rendered ??= await render(message, theme);
  } catch (error) {
    const failure = describeFailure(error);
    const line = failure.line !== undefined ? failure.line + (message.firstLine ?? 0) : undefined;
    errorBox.replaceChildren(h('strong', undefined, line !== undefined ? `Mermaid syntax error, line ${line}` : 'Mermaid cannot draw this'), h('pre', undefined, failure.message));
    errorBox.hidden = false;
    // The last good drawing stays, dimmed, while the text is being fixed.
    viewport.classList.add('stale');
    page.post({ type: 'rendered', summary: { ok: false, error: failure.message.slice(0, 500), line: line ?? null, ms: Math.round(performance.now() - receivedAt) } });
    return;
  }
  if (latest > 0 && current !== message) {
    // A kept drawing of the text shown has the id (and the stylesheet) of the drawing on screen.
    if (rendered.id !== shown?.id) dropStyles(rendered.id);
    return;
  }
  errorBox.hidden = true;
  viewport.classList.remove('stale');
  // A left-to-right flowchart in a narrow panel: drawn top to bottom when that makes it readable whole.
  writtenSize = undefined;
  const upright = message.graph ? await uprightGraphIfNarrow(message.graph, theme, rendered) : await uprightIfNarrow(message.mermaid, theme, rendered);
  if (latest > 0 && current !== message) {
    if (upright) dropStyles(upright.id);
    return;
  }
  turned = upright !== undefined;
  wideWhenDrawn = tooWide();
  if (upright) {
    if (rendered.id !== shown?.id) dropStyles(rendered.id);
    rendered = upright;
    notice.textContent = [
      message.notice,
      message.graph ? 'Drawn top to bottom to fit this narrow panel; widen the panel to see it left to right.' : 'Drawn top to bottom to fit this narrow panel (the file says left to right); widen the panel to see it as written. Export writes it as written.',
    ].filter(Boolean).join(' ');
    notice.hidden = false;
  }
  const first = !shown;
  clearDiagram(rendered.id);
  shown = rendered;
  const inserting = performance.now();
  stage.append(rendered.svg);
  wireNodes(rendered.svg, message);
  const saved = first ? page.state()?.view : undefined;
  if (saved) zoom.set(saved);
  else if (!zoom.moved) zoom.fit();
  // The page lays the drawing out once, here (fit reads its box): the cost of showing it.
  const insertMs = Math.round(performance.now() - inserting);
  saveState(zoom.current);
  const nodes = nodeElements(rendered.svg).length;
  const edges = rendered.svg.querySelectorAll('.edgePaths path, path.flowchart-link').length;
  const ms = Math.round(performance.now() - receivedAt);
  status.textContent = `${rendered.diagramType}${nodes ? ` · ${nodes} nodes` : ''} · ${ms} ms`;
  const size = contentSize(rendered.svg);
  page.post({
    type: 'rendered',
    summary: {
      ok: true,
      diagramType: rendered.diagramType,
      nodes,
      edges,
      clusters: rendered.svg.querySelectorAll('g.cluster').length,
      ms,
      cached: fromCache,
      mermaidPreloaded: preloadMermaid,
      sinceLoadMs: Math.round(performance.now() - started),
      // The page's clock (ms since it started loading): its script running, ready said, Mermaid or the
      // layout library loaded, the text received, the diagram drawn.
      scriptAt: Math.round(started),
      readyAt: Math.round(readyAt),
      mermaidAt: Math.round(mermaidLoadedAt() ?? -1),
      layoutAt: Math.round(layoutLoadedAt() ?? -1),
      arrivedAt: Math.round(arrivedAt),
      receivedAt: Math.round(receivedAt),
      ...Object.fromEntries(Object.entries(rendered.stages ?? {}).map(([k, v]) => [k, Math.round(v)])),
      insertMs,
      drawnAt: Math.round(performance.now()),
      width: Math.round(size.width),
      height: Math.round(size.height),
      origin: originLabel(message.origin),
    },
  });
  // The drawing goes to the host to keep, once it is on screen: showing this text again is immediate
  // (a drawing turned upright for a narrow panel is not the file's: it is not kept).
  if (!fromCache && !turned && message.textHash) {
    const textHash = message.textHash;
    const drawn = rendered;
    setTimeout(() => {
      if (shown !== drawn) return;
      page.post({ type: 'drawing', textHash, drawing: drawingOf(drawn, theme) });
      hostKeeps = true;
      saveState(zoom.current);
    });
  }
}

/** Whether the drawing shown was turned upright for a narrow panel (uprightIfNarrow). */
let turned = false;
/** The size of the flowchart shown as written, when it could be turned upright. */
let writtenSize: { width: number; height: number } | undefined;
/** tooWide() when the drawing shown was made: a resize that changes it draws again. */
let wideWhenDrawn = false;
/**
 * Whether the last drawing, as written, is too wide to read whole in this panel: the panel is about
 * as tall as wide or taller (a side panel; a landscape one keeps the file's direction, shown from
 * its first node at a readable scale) and Fit would draw its labels below READABLE_SCALE.
 */
const tooWide = () => {
  const rect = viewport.getBoundingClientRect();
  return writtenSize !== undefined && rect.width <= rect.height * 1.2 && wholeScale(writtenSize) < READABLE_SCALE;
};

/** The fitted scale of a drawing of `size` in the viewport as it is now. */
function wholeScale(size: { width: number; height: number }): number {
  const rect = viewport.getBoundingClientRect();
  if (size.width === 0 || size.height === 0 || rect.width === 0 || rect.height === 0) return 1;
  return Math.min(1, (rect.width - 32) / size.width, (rect.height - 32) / size.height);
}

/**
 * A flowchart written left to right (or right to left), too wide for the panel to show whole with
 * readable labels (Fit below READABLE_SCALE: Mermaid's 16 px labels under ~10 px), drawn again top
 * to bottom (bottom to top), kept when that fits larger; undefined otherwise.
 */
async function uprightIfNarrow(text: string, kind: ThemeKind, drawn: Rendered): Promise<Rendered | undefined> {
  const turnedText = uprightFlowchart(text);
  writtenSize = turnedText === undefined ? undefined : contentSize(drawn.svg);
  if (turnedText === undefined || writtenSize === undefined) return undefined;
  if (!tooWide()) return undefined;
  const asWritten = wholeScale(writtenSize);
  const upright = await renderDiagram(turnedText, kind);
  if (wholeScale(contentSize(upright.svg)) > asWritten * 1.2) return upright;
  dropStyles(upright.id);
  return undefined;
}

/**
 * A generated graph laid out left to right (a Compose stack) too wide for the panel to show whole
 * with readable labels: laid out again top to bottom, kept when that fits larger.
 */
async function uprightGraphIfNarrow(graph: NonNullable<DiagramMessage['graph']>, kind: ThemeKind, drawn: Rendered): Promise<Rendered | undefined> {
  writtenSize = graph.direction === 'LR' ? contentSize(drawn.svg) : undefined;
  if (writtenSize === undefined || !tooWide()) return undefined;
  const upright = await drawGraph({ ...graph, direction: 'TB' }, kind);
  if (wholeScale(contentSize(upright.svg)) > wholeScale(writtenSize) * 1.2) return upright;
  dropStyles(upright.id);
  return undefined;
}

/** Removes the drawing shown and its stylesheet, unless that stylesheet is also the next drawing's (`keep`). */
function clearDiagram(keep?: string): void {
  if (shown && shown.id !== keep) dropStyles(shown.id);
  shown = undefined;
  stage.replaceChildren();
}

function nodeElements(svg: SVGSVGElement): SVGGElement[] {
  return [...svg.querySelectorAll<SVGGElement>('g.node')];
}

/** The Mermaid id of a drawn node: `data-id`, else the `flowchart-<id>-<n>` element id. */
function nodeId(element: Element): string | undefined {
  const data = element.getAttribute('data-id');
  if (data) return data;
  const match = /flowchart-(.+)-\d+$/.exec(element.id);
  return match?.[1];
}

/** Generated diagrams: a click on a node opens the manifest or ADR it stands for. */
function wireNodes(svg: SVGSVGElement, message: DiagramMessage): void {
  if (message.sources.length === 0) return;
  const sources = new Map(message.sources.map((s) => [s.id, s]));
  for (const element of nodeElements(svg)) {
    const id = nodeId(element);
    const source = id !== undefined ? sources.get(id) : undefined;
    if (!source) continue;
    element.classList.add('linked');
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'link');
    element.dataset.source = id;
    const open = () => {
      if (!zoom.panning) page.post({ type: 'reveal', uri: source.uri, range: source.range });
    };
    element.addEventListener('click', open);
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') open();
    });
  }
}

/** Renders the diagram for a file (light theme, transparent background) and hands it to the host. */
function exportDiagram(format: 'svg' | 'png'): Promise<void> {
  // In turn with the drawings: Mermaid's configuration is global.
  queue = queue.then(() => exportNow(format)).catch((error: unknown) => page.reportError(error));
  return queue;
}

async function exportNow(format: 'svg' | 'png'): Promise<void> {
  const message = current;
  if (!message?.mermaid.trim()) {
    page.post({ type: 'exportFailed', message: 'There is no diagram to export.' });
    return;
  }
  let rendered: Rendered;
  try {
    rendered = await render(message, 'export');
  } catch (error) {
    page.post({ type: 'exportFailed', message: `The diagram cannot be exported: ${describeFailure(error).message}` });
    return;
  }
  try {
    const size = contentSize(rendered.svg);
    page.post({ type: 'export', format, svg: standaloneSvg(rendered), width: Math.ceil(size.width), height: Math.ceil(size.height) });
  } finally {
    dropStyles(rendered.id);
  }
}

onThemeChange(() => {
  if (current) schedule(performance.now());
});
window.addEventListener('resize', () => {
  // Wide again, a drawing turned upright goes back to the file's direction (and narrow, the other way).
  if (current && writtenSize && tooWide() !== wideWhenDrawn) schedule(performance.now());
  else if (!zoom.moved) zoom.refit();
});

page.post({ type: 'ready' });
readyAt = performance.now();
// Mermaid loads while the host prepares the first diagram, not after it arrives; unless the host
// keeps the drawing this panel showed last (shown again, re-opened): then the page shows that
// first, and loads Mermaid only when it has to draw (Mermaid's loading would hold the page ~0.3 s).
if (preloadMermaid) void mermaid().catch((error: unknown) => page.reportError(error));
if (hostData?.generated) void loadLayout().catch((error: unknown) => page.reportError(error));
