// The before/after blur panel: the original with its boxes (class and score; remove one, draw a
// missed one), the result next to it, counts per class, time per stage, thresholds to re-run the
// detection, and Apply. Everything shown is built with DOM APIs (textContent): no workspace string
// is ever parsed as HTML. Images arrive as base64 and are drawn on canvases (no image URL at all).
import '../shared/base.css';
import './style.css';
import { countByClass, parseBlurHostMessage, type BlurOriginal, type BlurPageMessage, type BlurPanelData, type BlurPanelState, type Box, type PanelRegion } from '../shared/blurMessages';
import { vscodeApi } from '../shared/vscode';

const vscode = vscodeApi<BlurPageMessage, BlurPanelState>();

let data: BlurPanelData | undefined;
let regions: PanelRegion[] = [];
let removed: Omit<PanelRegion, 'source'>[] = [];
let state: BlurPanelState | undefined = vscode.getState();
let drawing = false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { id?: string; className?: string; text?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.id) node.id = props.id;
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  node.append(...children);
  return node;
}

// Layout, built once.
const title = el('h1', { id: 'title', text: 'Blur preview' });
const counts = el('span', { id: 'counts' });
const stages = el('span', { id: 'stages', className: 'muted' });
const models = el('span', { id: 'models', className: 'muted' });
const notes = el('ul', { id: 'notes', className: 'muted' });
const thresholds = el('div', { id: 'thresholds' });
const rerun = el('button', { id: 'rerun', text: 'Re-run detection' });
const draw = el('button', { id: 'draw', text: 'Draw a box' });
const drawClass = el('select', { id: 'draw-class' });
const apply = el('button', { id: 'apply', text: 'Apply' });
const status = el('span', { id: 'status', className: 'muted' });
status.setAttribute('role', 'status');
draw.setAttribute('aria-pressed', 'false');
drawClass.setAttribute('aria-label', 'Class of a drawn box');

function pane(id: string, caption: string, editable: boolean): { figure: HTMLElement; canvas: HTMLCanvasElement; overlay: HTMLDivElement } {
  const canvas = el('canvas');
  const overlay = el('div', { className: 'overlay' });
  const stage = el('div', { className: 'stage' }, canvas, overlay);
  if (editable) stage.classList.add('editable');
  const figure = el('figure', { id, className: 'pane' }, el('figcaption', { text: caption }), stage);
  return { figure, canvas, overlay };
}
const before = pane('before', 'Original', true);
const after = pane('after', 'Result', false);
/** Why there is no result (the run failed): shown in place of the result, the original beside it. */
const afterError = el('p', { id: 'after-error', className: 'pane-error' });
afterError.setAttribute('role', 'alert');
afterError.hidden = true;
after.figure.append(afterError);

document.body.append(
  el('header', {}, title, el('p', {}, counts, document.createTextNode(' '), stages, document.createTextNode(' '), models), notes),
  el('section', { id: 'toolbar' }, thresholds, rerun, draw, drawClass, apply, status),
  el('main', { id: 'views' }, before.figure, after.figure),
);

function send(message: BlurPageMessage): void {
  vscode.postMessage(message);
}

function saveState(patch: Partial<BlurPanelState>): void {
  if (!data && !state) return;
  state = { ...(state ?? { uri: data!.uri }), ...patch };
  vscode.setState(state);
}

function setBusy(what: string | undefined): void {
  for (const button of [rerun, draw, apply]) button.disabled = what !== undefined;
  status.classList.remove('error');
  status.textContent = what ?? '';
}

async function paint(canvas: HTMLCanvasElement, base64: string, mime: string): Promise<void> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: mime }));
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
}

const percent = (value: number, total: number) => `${((value / total) * 100).toFixed(4)}%`;

function place(node: HTMLElement, box: Box): void {
  if (!data) return;
  node.style.left = percent(box[0], data.width);
  node.style.top = percent(box[1], data.height);
  node.style.width = percent(box[2] - box[0], data.width);
  node.style.height = percent(box[3] - box[1], data.height);
}

function removeRegion(index: number): void {
  const [region] = regions.splice(index, 1);
  if (!region) return;
  if (region.source === 'model') removed.push({ class: region.class, score: region.score, box: region.box });
  renderRegions();
  save();
}

function save(): void {
  setBusy('Saving the boxes…');
  send({ type: 'saveRegions', regions, removed });
}

function renderRegions(): void {
  before.overlay.replaceChildren();
  regions.forEach((region, index) => {
    const label = `${region.class} ${region.source === 'user' ? '(drawn)' : region.score.toFixed(2)}`;
    const node = el('div', { className: `region ${region.source}` }, el('span', { className: 'label', text: label }));
    node.dataset.class = region.class;
    node.dataset.index = String(index);
    node.tabIndex = 0;
    node.setAttribute('role', 'group');
    node.setAttribute('aria-label', label);
    const remove = el('button', { className: 'remove', text: '×' });
    remove.setAttribute('aria-label', `Remove ${label}`);
    remove.title = 'Remove this box (not a face or plate)';
    remove.addEventListener('click', (event) => {
      event.stopPropagation();
      removeRegion(index);
    });
    node.addEventListener('keydown', (event) => {
      if (event.key === 'Delete' || event.key === 'Backspace') removeRegion(index);
    });
    node.append(remove);
    place(node, region.box);
    before.overlay.append(node);
  });
  tuckLabels();
  const perClass = countByClass(regions);
  counts.textContent = perClass.length > 0 ? perClass.map(([c, n]) => `${c} ${n}`).join(', ') : 'no region';
}

function renderThresholds(): void {
  if (!data) return;
  const current = { ...data.thresholds, ...(state?.thresholds ?? {}) };
  const classes = new Set([...Object.keys(current), ...regions.map((r) => r.class)]);
  classes.delete('default');
  const keys = [...[...classes].sort(), 'default'];
  thresholds.replaceChildren();
  for (const key of keys) {
    const value = current[key] ?? current.default ?? 0.5;
    const input = el('input');
    input.type = 'range';
    input.min = '0';
    input.max = '1';
    input.step = '0.05';
    input.value = String(value);
    input.dataset.class = key;
    const shown = el('output', { text: value.toFixed(2) });
    input.addEventListener('input', () => {
      shown.textContent = Number(input.value).toFixed(2);
      saveState({ thresholds: readThresholds() });
    });
    thresholds.append(el('label', { text: key === 'default' ? 'other classes ' : `${key} ` }, input, shown));
  }
  drawClass.replaceChildren(...[...new Set(['face', 'plate', ...classes])].map((c) => el('option', { text: c })));
  drawClass.value = state?.drawClass ?? 'face';
}

function readThresholds(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const input of thresholds.querySelectorAll('input')) out[input.dataset.class!] = Number(input.value);
  return out;
}

async function load(next: BlurPanelData): Promise<void> {
  data = next;
  regions = next.regions.map((r) => ({ ...r, box: [...r.box] as Box }));
  removed = next.removed.map((r) => ({ ...r, box: [...r.box] as Box }));
  saveState({ uri: next.uri });
  title.textContent = next.name;
  document.title = next.name;
  const s = next.stages;
  stages.textContent = `decode ${Math.round(s.decode)} ms · detect ${Math.round(s.detect)} ms · render ${Math.round(s.render)} ms · encode ${Math.round(s.encode)} ms`;
  models.textContent = next.models.length > 0 ? `(${next.models.map((m) => `${m.file}: ${m.layout}`).join(', ')})` : '';
  notes.replaceChildren(...next.notes.map((n) => el('li', { text: n })));
  renderThresholds();
  renderRegions();
  afterError.hidden = true;
  await Promise.all([paint(before.canvas, next.preview.original, next.preview.mime), paint(after.canvas, next.preview.result, next.preview.mime)]);
  setBusy(undefined);
  document.body.dataset.loaded = 'true';
}

/** The run failed: the original as it is on disk, no boxes, and the error where the result would be. */
async function showFailure(message: string, original: BlurOriginal | undefined): Promise<void> {
  afterError.textContent = message;
  afterError.hidden = false;
  after.canvas.width = 0;
  after.canvas.height = 0;
  if (!original || data) return;
  before.overlay.replaceChildren();
  try {
    await paint(before.canvas, original.base64, original.mime);
  } catch {
    // Not decodable by the page: the error says enough.
  }
  document.body.dataset.loaded = 'error';
}

// Drawing a missed box on the original.
let start: { x: number; y: number } | undefined;
let ghost: HTMLDivElement | undefined;

function imagePoint(event: PointerEvent): { x: number; y: number } {
  const rect = before.overlay.getBoundingClientRect();
  const x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
  const y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
  return { x: (x / rect.width) * (data?.width ?? 1), y: (y / rect.height) * (data?.height ?? 1) };
}

function boxFrom(a: { x: number; y: number }, b: { x: number; y: number }): Box {
  return [Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y)];
}

before.overlay.addEventListener('pointerdown', (event) => {
  if (!drawing || !data || event.target !== before.overlay) return;
  start = imagePoint(event);
  ghost = el('div', { className: 'region drawing' });
  before.overlay.append(ghost);
  before.overlay.setPointerCapture(event.pointerId);
});
before.overlay.addEventListener('pointermove', (event) => {
  if (start && ghost) place(ghost, boxFrom(start, imagePoint(event)));
});
before.overlay.addEventListener('pointerup', (event) => {
  if (!start || !data) return;
  const box = boxFrom(start, imagePoint(event));
  start = undefined;
  ghost?.remove();
  ghost = undefined;
  // A click without a drag is not a box.
  if (box[2] - box[0] < 2 || box[3] - box[1] < 2) return;
  regions.push({ class: drawClass.value || 'face', score: 1, box: box.map((v) => Math.round(v * 10) / 10) as Box, source: 'user' });
  renderRegions();
  save();
});

/**
 * On crowds labels overlap and none can be read: the labels of the highest scores stay, each one
 * that would overlap a label already shown is tucked away (shown on hover or focus of its box).
 */
function tuckLabels(): void {
  const labels = [...before.overlay.querySelectorAll<HTMLElement>('.region .label')];
  for (const label of labels) label.classList.remove('tucked');
  const order = labels
    .map((label) => ({ label, region: regions[Number(label.parentElement!.dataset.index)] }))
    .sort((a, b) => (b.region?.score ?? 0) - (a.region?.score ?? 0));
  const shown: DOMRect[] = [];
  for (const { label } of order) {
    const rect = label.getBoundingClientRect();
    if (rect.width === 0) continue;
    const overlaps = shown.some((r) => rect.left < r.right && r.left < rect.right && rect.top < r.bottom && r.top < rect.bottom);
    if (overlaps) label.classList.add('tucked');
    else shown.push(rect);
  }
}
new ResizeObserver(() => tuckLabels()).observe(before.overlay);

draw.addEventListener('click', () => {
  drawing = !drawing;
  draw.setAttribute('aria-pressed', String(drawing));
  before.figure.classList.toggle('drawing', drawing);
});
drawClass.addEventListener('change', () => saveState({ drawClass: drawClass.value }));
rerun.addEventListener('click', () => {
  setBusy('Detecting…');
  send({ type: 'rerun', thresholds: readThresholds() });
});
apply.addEventListener('click', () => {
  setBusy('Blurring…');
  send({ type: 'apply' });
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseBlurHostMessage(event.data);
  if (!message) return;
  switch (message.type) {
    case 'load':
      void load(message.data);
      break;
    case 'busy':
      setBusy(message.what);
      break;
    case 'error':
      setBusy(undefined);
      status.classList.add('error');
      status.textContent = message.message;
      if (!data) void showFailure(message.message, message.original);
      break;
    case 'applied':
      setBusy(undefined);
      status.textContent = `Saved ${message.output}`;
      break;
  }
});

send({ type: 'ready' });
