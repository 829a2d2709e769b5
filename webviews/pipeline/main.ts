// The pipeline panel: the DAG of one dvc.yaml drawn by the generated-diagram renderer, live. Each
// stage shows its state (up to date, stale and why, running with its time ticking, failed with the
// last lines of its log, frozen); the host sends the server's DAG and status as the file changes,
// and the events of runs as they stream. A click on a stage opens its log or its definition.
import '../shared/base.css';
import '../diagram/diagram.css';
import './pipeline.css';
import type { PipelineDag, PipelineEvent, PipelineStatus, StageState, StageStatus } from '../../server/src/protocol/pipeline';
import { drawGraph } from '../diagram/graph';
import { loadLayout } from '../diagram/graphLayout';
import { dropStyles, type Rendered } from '../diagram/render';
import { h, replaceChildren, root } from '../shared/dom';
import { connect } from '../shared/page';
import { enterClicks } from '../shared/problemList';
import { onThemeChange, themeKind } from '../shared/theme';
import { dagGraph, duration, elapsed, nodeId, STAGE_STATES, STATE_LABELS, stateClass } from './dag';
import { PipelineState, PipelineToPage, type PipelineToHost } from './messages';
import { renderOutputs } from './outputs';
import { ReadableZoom } from './readableZoom';

/** Lines of a stage's output the page keeps (the terminal has them all). */
const LOG_LINES = 200;
/** Lines shown under a failed stage. */
const TAIL_LINES = 20;

interface StageView {
  index: number;
  status: StageStatus;
  /** Recent output lines (this session's runs), and the partial line still coming. */
  log: string[];
  partial: string;
}

let uri: string | undefined;
let fileName = '';
let dag: PipelineDag | undefined;
let shape = '';
const stages = new Map<string, StageView>();
const logs = new Set<string>();
let selected: string | undefined;
let shown: Rendered | undefined;
let queue: Promise<void> = Promise.resolve();

const page = connect<typeof PipelineToPage, PipelineToHost, typeof PipelineState>({ toPage: PipelineToPage, state: PipelineState }, (message) => {
  switch (message.type) {
    case 'pipeline':
      uri = message.uri;
      fileName = message.fileName;
      page.setState({ uri });
      for (const stage of message.logs) logs.add(stage);
      receivePipeline(message.dag, message.status, message.error);
      return;
    case 'status':
      applyStatus(message.status);
      report('status');
      return;
    case 'event':
      applyEvent(message.event);
      return;
    case 'outputs':
      renderOutputs(outputs, message.metrics, message.plots, message.error);
      page.post({ type: 'rendered', summary: { cause: 'outputs', metrics: message.metrics.length, plots: message.plots.length, charts: outputs.querySelectorAll('.uplot').length } });
      return;
  }
});

// Layout: toolbar, error, the DAG's viewport, the selected stage's details, then
// the metrics and plots.
const title = h('span', { class: 'title' });
const counts = h('span', { class: 'status muted', attrs: { id: 'counts' } });
const errorBox = h('div', { class: 'message error', attrs: { id: 'error', hidden: true, role: 'alert' } });
const canvas = h('div', { class: 'stage' });
const viewport = h('div', { class: 'viewport', attrs: { id: 'viewport', tabindex: 0, 'aria-label': 'Pipeline DAG: wheel to zoom, drag to pan, click a stage to open it' } }, canvas);
const zoom = new ReadableZoom(viewport, canvas);
const details = h('section', { class: 'details', attrs: { id: 'details', 'aria-live': 'polite' } });
const outputs = h('div', { class: 'outputs', attrs: { id: 'outputs' } });
const button = (id: string, label: string, tip: string, action: () => void, secondary = true) =>
  h('button', { class: secondary ? 'secondary' : undefined, attrs: { id, title: tip }, on: { click: action } }, label);
const legend = h(
  'p',
  { class: 'legend muted' },
  ...STAGE_STATES.map((state) => h('span', { class: ['legend-item', stateClass(state)] }, h('span', { class: 'swatch' }), STATE_LABELS[state])),
);

replaceChildren(
  root(),
  h(
    'div',
    { class: 'toolbar' },
    title,
    counts,
    h('span', { class: 'spacer' }),
    button('run-pipeline', 'Run Pipeline', 'Run every stale stage (Archipel: Run Pipeline)', () => page.post({ type: 'run' }), false),
    button('zoom-out', '−', 'Zoom out (−)', () => zoom.zoomBy(0.8)),
    button('zoom-in', '+', 'Zoom in (+)', () => zoom.zoomBy(1.25)),
    button('fit', 'Fit', 'Fit the pipeline in the panel (0)', () => zoom.fit()),
  ),
  errorBox,
  legend,
  h('div', { class: 'split' }, viewport, details),
  outputs,
);

function receivePipeline(next: PipelineDag | null, status: PipelineStatus | null, error: string | undefined): void {
  title.textContent = fileName;
  errorBox.textContent = error ?? '';
  errorBox.hidden = !error;
  if (!next) {
    // The last good drawing stays, dimmed, while the file cannot be read.
    viewport.classList.add('stale');
    report('pipeline');
    return;
  }
  viewport.classList.remove('stale');
  dag = next;
  const previous = new Map(stages);
  stages.clear();
  next.nodes.forEach((node, index) => {
    const kept = previous.get(node.stage);
    const initial: StageStatus = kept?.status ?? { stage: node.stage, state: node.frozen ? 'frozen' : 'never-run', reasons: [] };
    stages.set(node.stage, { index, status: initial, log: kept?.log ?? [], partial: kept?.partial ?? '' });
  });
  if (status) for (const s of status.stages) setStatus(s, false);
  if (selected && !stages.has(selected)) selected = undefined;
  // As the file is typed the DAG is asked again: it is laid out again only when its shape changed.
  const nextShape = JSON.stringify([next.nodes.map((n) => n.stage), next.edges.map((e) => [e.from, e.to])]);
  if (nextShape !== shape || !shown) {
    shape = nextShape;
    queue = queue.then(draw).catch((e: unknown) => page.reportError(e));
  } else {
    refreshNodes();
    renderDetails();
    report('pipeline');
  }
}

async function draw(): Promise<void> {
  if (!dag) return;
  const rendered = await drawGraph(
    dagGraph(dag, (stage) => stages.get(stage)?.status.state ?? 'never-run'),
    themeKind(),
  );
  if (shown) dropStyles(shown.id);
  shown = rendered;
  canvas.replaceChildren(rendered.svg);
  wireNodes(rendered.svg);
  refreshNodes();
  if (!zoom.moved) zoom.fit();
  renderDetails();
  report('pipeline');
}

function nodeElement(view: StageView): SVGGElement | null {
  return shown?.svg.querySelector<SVGGElement>(`g.node[data-id="${nodeId(view.index)}"]`) ?? null;
}

function wireNodes(svg: SVGSVGElement): void {
  for (const [name, view] of stages) {
    const element = svg.querySelector<SVGGElement>(`g.node[data-id="${nodeId(view.index)}"]`);
    if (!element) continue;
    element.classList.add('linked', 'clickable');
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.dataset.stage = name;
    element.append(document.createElementNS('http://www.w3.org/2000/svg', 'title'));
    element.addEventListener('click', () => {
      if (zoom.panning) return;
      select(name);
      open(name, hasLog(name) ? 'log' : 'definition');
    });
  }
}

/** A terminal of this window's run, or the lines the runner kept of a failed run (they outlive a reload). */
const hasLog = (stage: string) => logs.has(stage) || (stages.get(stage)?.status.logTail?.length ?? 0) > 0;

function open(stage: string, what: 'log' | 'definition'): void {
  page.post({ type: 'open', stage, what });
}

function select(stage: string): void {
  selected = stage;
  for (const element of shown?.svg.querySelectorAll('g.node.selected') ?? []) element.classList.remove('selected');
  const view = stages.get(stage);
  if (view) nodeElement(view)?.classList.add('selected');
  renderDetails();
}

/** The status line of a stage on its node. */
function statusLine(status: StageStatus): string {
  if (status.state === 'running') return `running ${elapsed(Date.now() - Date.parse(status.startedAt ?? new Date().toISOString()))}`;
  if (status.state === 'stale' && status.reasons.length > 0) return `stale (${status.reasons.length} reason${status.reasons.length > 1 ? 's' : ''})`;
  return STATE_LABELS[status.state];
}

/** Each node's class, status line and tooltip from its stage's status. */
function refreshNodes(): void {
  for (const [name, view] of stages) {
    const element = nodeElement(view);
    if (!element) continue;
    for (const state of STAGE_STATES) element.classList.toggle(`c-${stateClass(state)}`, state === view.status.state);
    element.classList.toggle('selected', name === selected);
    const spans = element.querySelectorAll('text tspan');
    if (spans[1]) spans[1].textContent = statusLine(view.status);
    const tip = element.querySelector('title');
    if (tip) tip.textContent = [name, STATE_LABELS[view.status.state], ...view.status.reasons].join('\n');
  }
  const tally = new Map<StageState, number>();
  for (const view of stages.values()) tally.set(view.status.state, (tally.get(view.status.state) ?? 0) + 1);
  counts.textContent = [`${stages.size} stage${stages.size === 1 ? '' : 's'}`, ...STAGE_STATES.filter((s) => tally.get(s)).map((s) => `${tally.get(s)} ${STATE_LABELS[s]}`)].join(' · ');
}

function setStatus(status: StageStatus, redraw = true): void {
  const view = stages.get(status.stage);
  if (!view) return;
  // A status computed before a live stage-start must not stop the clock of a stage still running.
  if (view.status.state === 'running' && status.state !== 'running' && status.startedAt === undefined && runningLive.has(status.stage)) return;
  view.status = status;
  if (redraw) {
    refreshNodes();
    if (selected === status.stage) renderDetails();
  }
}

function applyStatus(status: PipelineStatus): void {
  for (const s of status.stages) setStatus(s, false);
  refreshNodes();
  renderDetails();
}

/** Stages a run has started and not yet ended (by its events). */
const runningLive = new Set<string>();

function applyEvent(event: PipelineEvent): void {
  const view = event.stage !== undefined ? stages.get(event.stage) : undefined;
  if (event.kind === 'run-start') {
    for (const stage of event.plan ?? []) logs.add(stage);
    return;
  }
  if (event.kind === 'run-end') {
    runningLive.clear();
    report('run-end');
    return;
  }
  if (!view || event.stage === undefined) return;
  const stage = event.stage;
  logs.add(stage);
  if (event.kind === 'stage-output') {
    appendLog(view, event.text ?? '');
    if (selected === stage) renderDetails();
    return;
  }
  if (event.kind === 'stage-start') {
    runningLive.add(stage);
    view.log = [];
    view.partial = '';
    view.status = { stage, state: 'running', reasons: [], lastRun: view.status.lastRun, startedAt: new Date().toISOString() };
  } else if (event.kind === 'stage-end' && event.result) {
    runningLive.delete(stage);
    const result = event.result;
    const finishedAt = new Date().toISOString();
    const lastRun = result.durationMs !== undefined ? { ok: result.outcome === 'ran' || result.outcome === 'skipped', durationMs: result.durationMs, finishedAt } : view.status.lastRun;
    if (view.partial) {
      view.log.push(view.partial);
      view.partial = '';
    }
    if (result.outcome === 'ran' || result.outcome === 'skipped') view.status = { stage, state: 'up-to-date', reasons: [], lastRun };
    else if (result.outcome === 'failed') view.status = { stage, state: 'failed', reasons: result.reason ? [result.reason] : [], lastRun, logTail: view.log.slice(-TAIL_LINES) };
    else view.status = { stage, state: 'stale', reasons: [result.reason ?? (result.outcome === 'cancelled' ? 'cancelled' : 'not run: a stage it depends on failed')], lastRun };
  }
  refreshNodes();
  if (selected === stage) renderDetails();
  report(event.kind, stage);
}

function appendLog(view: StageView, text: string): void {
  const parts = (view.partial + text).split(/\r?\n/);
  view.partial = parts.pop() ?? '';
  view.log.push(...parts);
  if (view.log.length > LOG_LINES) view.log.splice(0, view.log.length - LOG_LINES);
}

function renderDetails(): void {
  const view = selected ? stages.get(selected) : undefined;
  if (!selected || !view) {
    // Nothing selected: what needs attention, and why (a click selects the stage).
    const attention = [...stages.values()].filter((v) => v.status.state === 'stale' || v.status.state === 'failed' || v.status.state === 'running');
    replaceChildren(
      details,
      h('p', { class: 'muted' }, stages.size ? 'Click a stage to see why it is stale, its last run and its log.' : 'No stages.'),
      attention.length
        ? h(
            'ul',
            { class: 'overview' },
            ...attention.map((v) =>
              h(
                'li',
                { class: 'clickable', attrs: { tabindex: 0 }, dataset: { stage: v.status.stage }, on: { click: () => select(v.status.stage) } },
                h('span', { class: ['state-badge', stateClass(v.status.state)] }, STATE_LABELS[v.status.state]),
                ' ',
                h('strong', undefined, v.status.stage),
                v.status.reasons.length ? `: ${v.status.reasons.join('; ')}` : '',
              ),
            ),
          )
        : null,
    );
    return;
  }
  const stage = selected;
  const node = dag?.nodes[view.index];
  const status = view.status;
  const tail = status.state === 'failed' ? (status.logTail?.length ? status.logTail : view.log.slice(-TAIL_LINES)) : status.state === 'running' ? view.log.slice(-TAIL_LINES) : [];
  replaceChildren(
    details,
    h('h2', { class: 'stage-name' }, stage),
    node?.desc ? h('p', { class: 'muted' }, node.desc) : null,
    h('p', undefined, h('span', { class: ['state-badge', stateClass(status.state)] }, statusLine(status))),
    status.reasons.length ? h('ul', { class: 'reasons' }, ...status.reasons.map((r) => h('li', undefined, r))) : null,
    status.lastRun
      ? h('p', { class: 'muted last-run' }, `Last run: ${status.lastRun.ok ? 'succeeded' : 'failed'} in ${duration(status.lastRun.durationMs)}, ${new Date(status.lastRun.finishedAt).toLocaleString()}`)
      : null,
    tail.length ? h('pre', { class: 'log-tail' }, tail.join('\n')) : null,
    h(
      'div',
      { class: 'actions' },
      button('open-log', 'Open Log', 'Show the log of the last run of this stage (its terminal, or the lines kept after a failure)', () => open(stage, 'log')),
      button('open-definition', 'Go to Definition', 'Open the stage in the pipeline file', () => open(stage, 'definition')),
      button('run-stage', 'Run', 'Run this stage', () => page.post({ type: 'run', stage }), false),
      button('run-downstream', 'Run Downstream', 'Run this stage and every stage that depends on it', () => page.post({ type: 'run', stage, downstream: true }), false),
    ),
  );
  const openLog = details.querySelector<HTMLButtonElement>('#open-log');
  if (openLog) openLog.disabled = !hasLog(stage);
}

/** What the page shows, for the host's tests: the number of stages in each state. */
function report(cause: string, stage?: string): void {
  const summary: Record<string, string | number | boolean | null> = { cause, stage: stage ?? null, stages: stages.size, edges: dag?.edges.length ?? 0, error: !errorBox.hidden };
  for (const state of STAGE_STATES) summary[state] = [...stages.values()].filter((v) => v.status.state === state).length;
  page.post({ type: 'rendered', summary });
}

// The running stages' clocks tick.
setInterval(() => {
  let running = false;
  for (const view of stages.values()) {
    if (view.status.state !== 'running') continue;
    running = true;
    const spans = nodeElement(view)?.querySelectorAll('text tspan');
    if (spans?.[1]) spans[1].textContent = statusLine(view.status);
  }
  if (running && selected && stages.get(selected)?.status.state === 'running') {
    const badge = details.querySelector('.state-badge');
    if (badge) badge.textContent = statusLine(stages.get(selected)!.status);
  }
}, 1000);

onThemeChange(() => {
  shape = '';
  if (dag) queue = queue.then(draw).catch((e: unknown) => page.reportError(e));
});
// The viewport changes size with the window and the details beside it: the DAG is fitted again.
new ResizeObserver(() => {
  if (!zoom.moved) zoom.fit();
}).observe(viewport);
enterClicks();
renderDetails();
page.post({ type: 'ready' });
void loadLayout().catch((error: unknown) => page.reportError(error));
