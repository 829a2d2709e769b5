// The Experiments panel: the workspace, baselines, their experiments and MLflow runs in one table
// (the rows `archipel exp show --format json` gives, computed by the server), with the params that
// differ (a switch shows all), metrics (last, min, max), status, duration and date; sort, filter,
// pin, select; plots of the selected rows (metric against step, param against metric, parallel
// coordinates) with uPlot; the queue's rows live as their metrics files are written; actions.
import '../shared/base.css';
import './experiments.css';
import type uPlot from 'uplot';
import { h, replaceChildren, root } from '../shared/dom';
import { connect, initialData } from '../shared/page';
import { onThemeChange } from '../shared/theme';
import { palette } from '../shared/chartTheme';
import { parallelChart, scatterChart, stepChart } from './charts';
import { cell, columnId, columnsOf, compare, duration, matches, sweepExample, text, type Column, type Scalar } from './cells';
import { setLanguage, tr } from './l10n';
import { ExperimentsState, ExperimentsToPage, type ExperimentsToHost, type History, type Row } from './messages';

/** Rows the table holds at once (those in view are drawn: see the virtual body below); more are a click away. */
const PAGE_ROWS = 1_000;

let tableRows: Row[] = [];
let liveRows: Row[] = [];
let root_ = '';
let mlflowStore: string | undefined;
let tableError: string | undefined;
/** What the folder lacks for experiments (Git, a repository, a first commit), as the server says (#52). */
let gitMissing: { missing: 'git' | 'repository' | 'commit'; message: string } | undefined;
const histories = new Map<string, History[]>();
let result: { message: string; failed?: boolean; diff?: { group: string; file: string; key: string; a?: Scalar; b?: Scalar; change?: number }[] } | undefined;
let shown = PAGE_ROWS;
let charts: uPlot[] = [];
let scatterParam: string | undefined;
let scatterMetric: string | undefined;

const page = connect<typeof ExperimentsToPage, ExperimentsToHost, typeof ExperimentsState>({ toPage: ExperimentsToPage, state: ExperimentsState }, (message) => {
  switch (message.type) {
    case 'table':
      tableRows = message.rows;
      root_ = message.root;
      mlflowStore = message.mlflowStore;
      tableError = message.error;
      gitMissing = message.git;
      // Rows the table now holds were committed: their live rows are gone.
      liveRows = liveRows.filter((r) => !tableRows.some((t) => t.kind === 'experiment' && t.name === r.name && t.baseline === r.baseline));
      requestHistories();
      break;
    case 'live':
      liveRows = message.rows;
      for (const row of liveRows) histories.delete(row.id);
      for (const history of message.histories) histories.set(history.row, [...(histories.get(history.row) ?? []), history]);
      break;
    case 'histories':
      for (const history of message.histories) if (!liveRows.some((r) => r.id === history.row)) histories.delete(history.row);
      for (const history of message.histories) histories.set(history.row, [...(histories.get(history.row) ?? []).filter((x) => x.metric !== history.metric), history]);
      break;
    case 'result':
      result = message;
      break;
    case 'select': {
      const wanted = new Set(message.rows);
      view.selected = allRows().filter((r) => wanted.has(r.id) || wanted.has(r.name)).map((r) => r.id);
      save();
      requestHistories();
      break;
    }
  }
  render();
});

const started = initialData(ExperimentsState);
const view: ExperimentsState = page.state() ?? started ?? { folder: '' };
// The language is the host's now (a restored state may hold an older one).
view.lang = started?.lang ?? view.lang;
setLanguage(view.lang);
const save = () => page.setState(view);
save();

/** The table's rows with the queue's live ones (queued, running) each under its baseline, after its experiments (#52); one whose baseline is not shown, after the workspace. */
function allRows(): Row[] {
  if (liveRows.length === 0) return tableRows;
  const groupOf = (row: Row) => (row.kind === 'baseline' ? row.id : row.kind === 'experiment' ? row.baseline : undefined);
  const shown = new Set(tableRows.filter((r) => r.kind === 'baseline').map((r) => r.id));
  const rows: Row[] = [];
  tableRows.forEach((row, i) => {
    rows.push(row);
    const group = groupOf(row);
    const next = tableRows[i + 1];
    if (group !== undefined && (next === undefined || groupOf(next) !== group)) rows.push(...liveRows.filter((live) => live.baseline === group));
  });
  rows.splice(tableRows.length > 0 ? 1 : 0, 0, ...liveRows.filter((live) => live.baseline === undefined || !shown.has(live.baseline)));
  return rows;
}

/**
 * The columns of allRows(), and the params that differ between them, computed again only when the
 * table or the live rows change (not on a sort, a filter, a click).
 */
let columnsMemo: { table: Row[]; live: Row[]; params: Column[]; metrics: Column[]; differing: Column[] } | undefined;
function allColumns(): NonNullable<typeof columnsMemo> {
  if (columnsMemo?.table !== tableRows || columnsMemo.live !== liveRows) {
    const rows = allRows();
    const params = columnsOf(rows, 'params');
    // A row without the param counts as different.
    const differing = rows.length < 2 ? params : params.filter((c) => rows.some((r) => cell(r, c) !== cell(rows[0], c)));
    columnsMemo = { table: tableRows, live: liveRows, params, metrics: columnsOf(rows, 'metrics'), differing };
  }
  return columnsMemo;
}

/** The params that differ between rows (a row without one counts as different), unless all are asked for; every metric. */
function visibleColumns(): Column[] {
  const columns = allColumns();
  return [...(view.allParams ? columns.params : columns.differing), ...columns.metrics];
}

/** A metric's history of a row: the one named after the key (`…:acc`). */
function historyOf(row: Row, key: string): History | undefined {
  return histories.get(row.id)?.find((x) => x.metric === `${'MLflow'}:${key}` || x.metric.endsWith(`:${key}`));
}

function metricValue(row: Row, column: Column): Scalar | undefined {
  const last = cell(row, column);
  if (column.group !== 'metrics' || !view.aggregate || view.aggregate === 'last') return last;
  const values = historyOf(row, column.key)?.values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!values?.length) return typeof last === 'number' ? last : undefined;
  return view.aggregate === 'min' ? Math.min(...values) : Math.max(...values);
}

/** Rows in the order shown: pinned first, the workspace first of the rest, then sorted by the chosen column (missing values last). */
function orderedRows(columns: readonly Column[]): Row[] {
  const pinned = new Set(view.pinned ?? []);
  let rows = allRows().filter((r) => pinned.has(r.id) || matches(r, view.filter ?? ''));
  const sortColumn = columns.find((c) => columnId(c) === view.sortBy);
  if (sortColumn) {
    const sign = view.sortDesc ? -1 : 1;
    rows = rows.map((row, index) => ({ row, index })).sort((x, y) => {
      if (x.row.kind === 'workspace' || y.row.kind === 'workspace') return x.row.kind === 'workspace' ? -1 : y.row.kind === 'workspace' ? 1 : 0;
      const a = metricValue(x.row, sortColumn);
      const b = metricValue(y.row, sortColumn);
      const missing = (a === undefined || a === null ? 1 : 0) - (b === undefined || b === null ? 1 : 0);
      return missing !== 0 ? missing : sign * compare(a, b) || x.index - y.index;
    }).map((x) => x.row);
  }
  return [...rows.filter((r) => pinned.has(r.id)), ...rows.filter((r) => !pinned.has(r.id))];
}

function toggle(list: 'pinned' | 'selected', id: string): void {
  const set = new Set(view[list] ?? []);
  if (set.has(id)) set.delete(id);
  else set.add(id);
  view[list] = [...set];
  save();
  if (list === 'selected') requestHistories();
  render();
}

/** Histories of the selected rows not asked for yet (the server reads them on demand). */
const asked = new Set<string>();
function requestHistories(): void {
  const missing = (view.selected ?? []).filter((id) => !asked.has(id) && allRows().some((r) => r.id === id));
  if (missing.length === 0) return;
  for (const id of missing) asked.add(id);
  page.post({ type: 'history', rows: missing.slice(0, 200) });
}

function selectedRows(): Row[] {
  const selected = new Set(view.selected ?? []);
  return allRows().filter((r) => selected.has(r.id));
}

function toolbar(): HTMLElement {
  const filter = h('input', { attrs: { type: 'search', placeholder: tr('Filter rows (name, param=value)'), 'aria-label': tr('Filter rows'), value: view.filter ?? '' }, class: 'filter' });
  filter.addEventListener('input', () => {
    view.filter = filter.value;
    save();
    render(true);
  });
  const all = h('input', { attrs: { type: 'checkbox', id: 'all-params', checked: view.allParams ?? false } });
  all.addEventListener('change', () => {
    view.allParams = all.checked;
    save();
    render();
  });
  const aggregate = h('select', { attrs: { 'aria-label': tr('Metric value'), id: 'aggregate' } }, ...['last', 'min', 'max'].map((a) => h('option', { attrs: { value: a, selected: (view.aggregate ?? 'last') === a } }, a)));
  aggregate.addEventListener('change', () => {
    view.aggregate = aggregate.value as 'last' | 'min' | 'max';
    save();
    render();
  });
  return h('div', { class: 'toolbar' }, filter, h('label', { attrs: { for: 'all-params' } }, all, tr(' All params')), h('label', undefined, tr('Metrics: '), aggregate));
}

/** What the folder lacks for experiments, and the offer to make it (not when Git itself is missing: that is the user's to install). */
function gitNotice(): HTMLElement | null {
  if (!gitMissing) return null;
  const init = gitMissing.missing === 'git' ? null : h('button', { attrs: { id: 'init-git' }, on: { click: () => page.post({ type: 'init' }) } }, tr('Initialise Git here'));
  return h('div', { class: 'git-missing', attrs: { id: 'git-missing', role: 'status' } }, h('p', undefined, gitMissing.message), init);
}

function actions(): HTMLElement {
  const selected = selectedRows();
  const experiments = selected.filter((r) => r.kind === 'experiment');
  const overrides = h('input', { attrs: { type: 'text', id: 'overrides', placeholder: sweepExample(tableRows[0] ?? liveRows[0], allColumns().params), 'aria-label': tr('Params to set (-S)') }, class: 'overrides' });
  // The selected row's params that differ, as a starting point to edit.
  if (selected.length === 1) {
    const differing = visibleColumns().filter((c) => c.group === 'params' && c.file !== 'MLflow');
    overrides.value = differing.map((c) => `${c.file}:${c.key}=${text(cell(selected[0], c))}`).join(' ');
  }
  const name = h('input', { attrs: { type: 'text', id: 'exp-name', placeholder: tr('name (optional)'), 'aria-label': tr('Experiment name') }, class: 'short' });
  const stages = h('input', { attrs: { type: 'text', id: 'exp-stages', placeholder: tr('stages (all)'), 'aria-label': tr('Stages to run') }, class: 'short' });
  const branch = h('input', { attrs: { type: 'text', id: 'branch-name', placeholder: tr('branch'), 'aria-label': tr('Branch name') }, class: 'short' });
  const send = (queue: boolean) => {
    const list = overrides.value.split(/\s+/).filter(Boolean);
    const targets = stages.value.split(/[\s,]+/).filter(Boolean);
    page.post({ type: 'run', queue, overrides: list, name: name.value.trim() || undefined, targets: targets.length ? targets : undefined });
  };
  // Without Git (or a repository, or a first commit) the actions that commit or read experiments are off, and say why (#52).
  const noGit = gitMissing?.message;
  const button = (label: string, id: string, enabled: boolean, click: () => void, needsGit = true) =>
    h('button', { attrs: { id, disabled: !enabled || (needsGit && noGit !== undefined) }, title: needsGit ? noGit : undefined, on: { click } }, label);
  return h(
    'div',
    { class: 'actions' },
    h('div', { class: 'row' }, overrides, name, stages, button(tr('Run'), 'run', true, () => send(false)), button(tr('Queue'), 'queue', true, () => send(true)), button(tr('Start queue'), 'start', true, () => page.post({ type: 'start', jobs: 1 }))),
    h(
      'div',
      { class: 'row' },
      button(tr('Apply'), 'apply', experiments.length === 1 && selected.length === 1, () => page.post({ type: 'apply', name: experiments[0].name })),
      branch,
      button(tr('Branch'), 'branch', experiments.length === 1 && selected.length === 1, () => branch.value.trim() && page.post({ type: 'branch', name: experiments[0].name, branch: branch.value.trim() })),
      button(tr('Remove'), 'remove', experiments.length > 0 && experiments.length === selected.length, () => page.post({ type: 'remove', names: experiments.map((e) => e.name) })),
      button(tr('Compare'), 'compare', selected.length === 2, () => page.post({ type: 'diff', names: [selected[0].id, selected[1].id] }), false),
    ),
  );
}

/**
 * The table's body is virtual: of the rows shown (up to `shown`), only those in the scrolled view and
 * a margin either side are in the DOM, between two spacer rows as tall as the rows left out (first
 * paint of 1,000 rows stays fast, memory is bounded by the view, not by the rows). Rows are one
 * height (cells do not wrap); the height is measured from the rows drawn.
 */
const WINDOW_MARGIN = 20;
/** Up to this many rows are all drawn (a small table is never virtual). */
const WINDOW_MIN = 60;
/** A row's height until measured: 24 px in VS Code's default 13 px font. */
let rowHeight = 24;
let scrollTop = 0;
let scrollLeft = 0;
interface TableView { rows: readonly Row[]; columns: readonly Column[]; byId: Map<string, Column>; body: HTMLTableSectionElement; wrap: HTMLElement; first: number; last: number }
let tableView: TableView | undefined;

function rowWindow(count: number, top: number, viewHeight: number): [number, number] {
  if (count <= WINDOW_MIN) return [0, count];
  const from = Math.min(Math.max(0, Math.floor(top / rowHeight) - WINDOW_MARGIN), count - WINDOW_MIN);
  const to = Math.min(count, Math.max(from + WINDOW_MIN, Math.ceil((top + viewHeight) / rowHeight) + WINDOW_MARGIN));
  return [from, to];
}

/** The words every row repeats, translated once per drawing of the body. */
interface RowWords { pinTitle: string; success: string; open: string[] }

/**
 * The columns before the params and metrics (#52): select, pin, the name and the status stay at the
 * left edge as the params and metrics scroll under them (position: sticky, their offsets measured:
 * pinColumns); then the duration, and the kind and date but in the compact mode of a narrow panel.
 */
const PINNED = 4;
const COMPACT_WIDTH = 800;
let compact = window.innerWidth < COMPACT_WIDTH;
const fixedCount = () => (compact ? 5 : 7);
const pinnedCell = (i: number) => (i < PINNED ? ['pinned-col', `pin-${i}`] : []);

function tableRow(row: Row, index: number, columns: readonly Column[], words: RowWords, pinned: ReadonlySet<string>, selected: ReadonlySet<string>): HTMLTableRowElement {
  const label = row.kind === 'experiment' || row.kind === 'running' || row.kind === 'queued' ? `├ ${row.name}` : row.name;
  const cells = columns.map((c, i) => {
    const value = c.group === 'metrics' ? metricValue(row, c) : cell(row, c);
    const openable = c.file !== 'MLflow' && value !== undefined;
    return h('td', { class: [typeof value === 'number' ? 'num' : undefined, openable ? 'openable' : undefined, c.group], dataset: { column: columnId(c) }, title: openable ? words.open[i] : undefined }, text(value));
  });
  return h(
    'tr',
    // Its place among all the rows (after the two header rows), for assistive technology: most rows are not in the DOM.
    { class: ['row', row.kind, selected.has(row.id) && 'selected', pinned.has(row.id) && 'pinned'], attrs: { 'aria-rowindex': index + 3 }, dataset: { id: row.id, kind: row.kind } },
    h('td', { class: pinnedCell(0) }, h('input', { attrs: { type: 'checkbox', 'aria-label': tr('Select {0}', row.name), checked: selected.has(row.id) } })),
    h('td', { class: pinnedCell(1) }, h('button', { class: ['pin', 'icon'], attrs: { 'aria-pressed': pinned.has(row.id) ? 'true' : 'false', 'aria-label': tr('Pin {0}', row.name) }, title: words.pinTitle }, pinned.has(row.id) ? '★' : '☆')),
    // The name is cut at the column's width (the whole of it, the commit and the note in its title).
    h('th', { class: ['name', ...pinnedCell(2)], attrs: { scope: 'row' }, title: `${row.name} — ${row.id}${row.experiment ? ` (${row.experiment})` : ''}${row.note ? `: ${row.note}` : ''}` }, h('span', { class: 'label' }, label, row.note ? h('span', { class: 'note' }, ` ${row.note}`) : null)),
    h('td', { class: ['status', row.status?.toLowerCase(), ...pinnedCell(3)] }, row.status ?? (row.kind === 'experiment' ? words.success : '')),
    h('td', { class: ['num', 'duration'] }, duration(row.duration)),
    compact ? null : h('td', { class: 'kind' }, row.kind),
    compact ? null : h('td', { class: 'created' }, row.timestamp?.slice(0, 16).replace('T', ' ') ?? ''),
    ...cells,
  );
}

function spacer(rows: number, span: number): HTMLTableRowElement {
  const filler = h('tr', { class: 'spacer', attrs: { 'aria-hidden': 'true' } }, h('td', { attrs: { colspan: span } }));
  // CSSOM, not a style attribute: the CSP refuses inline style markup, not script-set styles.
  filler.style.height = `${rows * rowHeight}px`;
  if (rows === 0) filler.hidden = true;
  return filler;
}

/** Draws the rows of the window [first, last) between their spacers. */
function fillBody(t: TableView, first: number, last: number): void {
  const pinned = new Set(view.pinned ?? []);
  const selected = new Set(view.selected ?? []);
  const span = fixedCount() + t.columns.length;
  const fragment = document.createDocumentFragment();
  fragment.append(spacer(first, span));
  const words: RowWords = { pinTitle: tr('Pin to the top'), success: tr('Success'), open: t.columns.map((c) => tr('{0}: {1} (open)', c.file, c.key)) };
  for (let i = first; i < last; i++) fragment.append(tableRow(t.rows[i], i, t.columns, words, pinned, selected));
  fragment.append(spacer(t.rows.length - last, span));
  t.body.replaceChildren(fragment);
  t.first = first;
  t.last = last;
  requestAnimationFrame(() => pinColumns(t));
}

/**
 * The left offset of each pinned column: the widths of those before it, as laid out (a name's
 * width varies with the rows drawn), set as CSS variables of the table (CSSOM: the CSP allows it).
 */
function pinColumns(t: TableView): void {
  const table = t.wrap.querySelector<HTMLTableElement>('table.experiments');
  const heads = table?.tHead?.rows[1]?.cells;
  // Scrolled sideways, the pinned cells are where their offsets put them: measured at the left edge only.
  if (!table || !heads || heads.length < PINNED || t.wrap.scrollLeft !== 0) return;
  const origin = heads[0].getBoundingClientRect().left;
  pinLefts = Array.from({ length: PINNED }, (_, i) => heads[i].getBoundingClientRect().left - origin);
  setPinLefts(table);
}

/** The offsets last measured (a table drawn again where it was scrolled keeps them). */
let pinLefts: number[] = [];
function setPinLefts(table: HTMLElement): void {
  pinLefts.forEach((left, i) => i > 0 && table.style.setProperty(`--pin-left-${i}`, `${left}px`));
}

/** The height of the rows drawn (they are one height: cells do not wrap), when two are laid out. */
function measuredRowHeight(t: TableView): number | undefined {
  const drawn = t.body.querySelectorAll<HTMLTableRowElement>('tr.row');
  if (drawn.length < 2) return undefined;
  const measured = (drawn[drawn.length - 1].offsetTop - drawn[0].offsetTop) / (drawn.length - 1);
  return measured > 0 ? measured : undefined;
}

/**
 * After the table's first frame is painted (layout is clean then: measuring costs nothing): the
 * spacers take the rows' measured height, so that the scroll bar maps onto the rows before the
 * first scroll. The rows drawn stay.
 */
function settleRowHeight(t: TableView): void {
  if (tableView !== t || !t.wrap.isConnected) return;
  const measured = measuredRowHeight(t);
  if (measured === undefined || Math.abs(measured - rowHeight) < 0.5) return;
  rowHeight = measured;
  const spacers = t.body.querySelectorAll<HTMLTableRowElement>('tr.spacer');
  spacers[0].style.height = `${t.first * rowHeight}px`;
  spacers[spacers.length - 1].style.height = `${(t.rows.length - t.last) * rowHeight}px`;
}

/** On scroll: the window again when the view nears its edge. */
function onTableScroll(): void {
  const t = tableView;
  if (!t || !t.wrap.isConnected) return;
  scrollTop = t.wrap.scrollTop;
  scrollLeft = t.wrap.scrollLeft;
  const head = t.body.offsetTop;
  const [first, last] = rowWindow(t.rows.length, Math.max(0, scrollTop - head), t.wrap.clientHeight);
  const needed = first < t.first || last > t.last || (first - t.first > WINDOW_MARGIN / 2) || (t.last - last > WINDOW_MARGIN / 2);
  if (needed && (first !== t.first || last !== t.last)) fillBody(t, first, last);
}

/** One listener per kind of event for the whole table (no listener per cell). */
function onTableEvent(event: Event): void {
  const t = tableView;
  const target = event.target;
  if (!t || !(target instanceof Element)) return;
  const id = target.closest<HTMLElement>('tr.row')?.dataset.id;
  if (event.type === 'change') {
    if (id !== undefined && target instanceof HTMLInputElement && target.type === 'checkbox') toggle('selected', id);
    return;
  }
  const sortable = target.closest<HTMLElement>('th.sortable');
  if (sortable?.dataset.column !== undefined) {
    const column = sortable.dataset.column;
    if (view.sortBy === column) view.sortDesc = !view.sortDesc;
    else { view.sortBy = column; view.sortDesc = false; }
    save();
    render();
    return;
  }
  if (target.closest('#more')) {
    shown += PAGE_ROWS;
    render();
    return;
  }
  if (id === undefined) return;
  if (target.closest('button.pin')) {
    toggle('pinned', id);
    return;
  }
  const openable = target.closest<HTMLElement>('td.openable');
  const column = openable?.dataset.column === undefined ? undefined : t.byId.get(openable.dataset.column);
  if (column) page.post({ type: 'locate', file: column.file, key: column.key });
}

function table(rows: readonly Row[], columns: readonly Column[]): HTMLElement {
  const sortHeader = (label: string, id: string, group: string) => {
    const active = view.sortBy === id;
    return h('th', { class: ['sortable', group], attrs: { 'aria-sort': active ? (view.sortDesc ? 'descending' : 'ascending') : undefined, scope: 'col' }, dataset: { column: id } }, label, active ? (view.sortDesc ? ' ▼' : ' ▲') : '');
  };
  const params = columns.filter((c) => c.group === 'params');
  const metrics = columns.filter((c) => c.group === 'metrics');
  const head = h(
    'thead',
    undefined,
    h('tr', undefined, h('th', { class: pinnedCell(0), attrs: { colspan: PINNED } }, ''), h('th', { attrs: { colspan: fixedCount() - PINNED } }, ''), params.length ? h('th', { class: 'group params', attrs: { colspan: params.length } }, tr('Params')) : null, metrics.length ? h('th', { class: 'group metrics', attrs: { colspan: metrics.length } }, tr('Metrics ({0})', view.aggregate ?? 'last')) : null),
    h(
      'tr',
      undefined,
      h('th', { class: pinnedCell(0), attrs: { scope: 'col', 'aria-label': tr('Select') } }, ''),
      h('th', { class: pinnedCell(1), attrs: { scope: 'col', 'aria-label': tr('Pin') } }, ''),
      h('th', { class: ['name', ...pinnedCell(2)], attrs: { scope: 'col' } }, tr('Experiment')),
      h('th', { class: pinnedCell(3), attrs: { scope: 'col' } }, tr('Status')),
      h('th', { class: 'duration', attrs: { scope: 'col' } }, tr('Duration')),
      compact ? null : h('th', { class: 'kind', attrs: { scope: 'col' } }, tr('Kind')),
      compact ? null : h('th', { class: 'created', attrs: { scope: 'col' } }, tr('Created')),
      ...columns.map((c) => sortHeader(`${c.file === 'params.yaml' || c.file === 'MLflow' ? '' : `${c.file}:`}${c.key}`, columnId(c), c.group)),
    ),
  );
  const body = h('tbody');
  const more = rows.length > shown ? h('button', { class: 'secondary', attrs: { id: 'more' } }, tr('Show {0} more of {1}', Math.min(PAGE_ROWS, rows.length - shown), rows.length - shown)) : null;
  const tableElement = h('table', { class: 'experiments', attrs: { 'aria-rowcount': Math.min(rows.length, shown) + 2 } }, head, body);
  setPinLefts(tableElement);
  const wrap = h('div', { class: 'table-wrap' }, tableElement, more);
  const t: TableView = { rows: rows.slice(0, shown), columns, byId: new Map(columns.map((c) => [columnId(c), c])), body, wrap, first: 0, last: 0 };
  tableView = t;
  // The window where the table was scrolled (the view's height is unknown before layout: a screenful).
  const [first, last] = rowWindow(t.rows.length, scrollTop, window.innerHeight);
  fillBody(t, first, last);
  wrap.addEventListener('click', onTableEvent);
  wrap.addEventListener('change', onTableEvent);
  wrap.addEventListener('scroll', () => requestAnimationFrame(onTableScroll), { passive: true });
  requestAnimationFrame(() => setTimeout(() => settleRowHeight(t)));
  return wrap;
}

function numeric(rows: readonly Row[], column: Column): boolean {
  return rows.some((r) => typeof metricValue(r, column) === 'number' || (typeof cell(r, column) === 'string' && cell(r, column) !== '' && Number.isFinite(Number(cell(r, column)))));
}

const asNumber = (v: Scalar | undefined): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

function plots(columns: readonly Column[]): HTMLElement {
  for (const chart of charts) chart.destroy();
  charts = [];
  const rows = selectedRows();
  const section = h('section', { attrs: { id: 'plots', 'aria-labelledby': 'plots-title' } }, h('h2', { attrs: { id: 'plots-title' } }, tr('Plots of {0} selected row(s)', rows.length)));
  if (rows.length === 0) {
    section.append(h('p', { class: 'message' }, tr('Select rows (the box at the start of a row) to plot their metrics.')));
    return section;
  }
  const p = palette();
  // Metric against step: one chart per metric the selected rows have a history of.
  const metrics = new Map<string, { label: string; steps: number[]; values: (number | null)[] }[]>();
  for (const row of rows) for (const history of histories.get(row.id) ?? []) {
    const key = history.metric.split(':').pop() ?? history.metric;
    metrics.set(key, [...(metrics.get(key) ?? []), { label: row.name, steps: history.steps, values: history.values }]);
  }
  const steps = h('div', { class: 'charts', attrs: { id: 'step-charts' } });
  section.append(h('h3', undefined, tr('Metrics against step')), steps);
  if (metrics.size === 0) steps.append(h('p', { class: 'message' }, tr('No step history for these rows (DVCLive step files or MLflow metric histories).')));
  const later: (() => void)[] = [];
  for (const [metric, series] of metrics) {
    const box = h('div', { class: 'chart step', dataset: { metric } });
    steps.append(box);
    later.push(() => charts.push(stepChart(box, p, metric, series)));
  }
  const numericColumns = columns.filter((c) => numeric(rows, c));
  const paramColumns = numericColumns.filter((c) => c.group === 'params');
  const metricColumns = numericColumns.filter((c) => c.group === 'metrics');
  if (paramColumns.length && metricColumns.length) {
    const pick = (columnsList: Column[], current: string | undefined, id: string, set: (v: string) => void) => {
      const select = h('select', { attrs: { id, 'aria-label': id } }, ...columnsList.map((c) => h('option', { attrs: { value: columnId(c), selected: columnId(c) === current } }, `${c.file}:${c.key}`)));
      select.addEventListener('change', () => { set(select.value); render(); });
      return select;
    };
    const param = paramColumns.find((c) => columnId(c) === scatterParam) ?? paramColumns[0];
    const metric = metricColumns.find((c) => columnId(c) === scatterMetric) ?? metricColumns[0];
    const box = h('div', { class: 'chart scatter', attrs: { id: 'scatter' } });
    section.append(h('h3', undefined, tr('Param against metric')), h('div', { class: 'toolbar' }, pick(paramColumns, columnId(param), 'scatter-param', (v) => (scatterParam = v)), ' → ', pick(metricColumns, columnId(metric), 'scatter-metric', (v) => (scatterMetric = v))), box);
    const points = rows.map((r) => ({ x: asNumber(cell(r, param)), y: asNumber(metricValue(r, metric)) })).filter((q): q is { x: number; y: number } => q.x !== null && q.y !== null);
    later.push(() => charts.push(scatterChart(box, p, param.key, metric.key, points)));
  }
  if (numericColumns.length >= 2) {
    const box = h('div', { class: 'chart parallel', attrs: { id: 'parallel' } });
    section.append(h('h3', undefined, tr('Parallel coordinates')), box);
    later.push(() => charts.push(parallelChart(box, p, numericColumns.map((c) => `${c.file}:${c.key}`), rows.map((r) => ({ label: r.name, values: numericColumns.map((c) => asNumber(c.group === 'metrics' ? metricValue(r, c) : cell(r, c))) })))));
  }
  queueMicrotask(() => later.forEach((draw) => draw()));
  return section;
}

function diffSection(): HTMLElement | null {
  if (!result) return null;
  const message = h('p', { class: ['result', result.failed && 'failed'], attrs: { id: 'result', role: 'status' } }, result.message);
  if (!result.diff) return message;
  const rows = result.diff.map((d) => h('tr', undefined, h('td', undefined, `${d.group}:${d.file}`), h('td', undefined, d.key), h('td', { class: 'num' }, text(d.a)), h('td', { class: 'num' }, text(d.b)), h('td', { class: 'num' }, d.change === undefined ? '' : text(d.change))));
  return h('div', undefined, message, h('table', { class: 'diff', attrs: { id: 'diff' } }, h('thead', undefined, h('tr', undefined, ...[tr('Path'), tr('Key'), 'A', 'B', tr('Change')].map((c) => h('th', { attrs: { scope: 'col' } }, c)))), h('tbody', undefined, ...rows)));
}

let rendering = false;
function render(keepFocus = false): void {
  if (rendering) return;
  rendering = true;
  const started = performance.now();
  try {
    const focused = keepFocus ? document.activeElement : null;
    document.body.classList.toggle('compact', compact);
    const columns = visibleColumns();
    const ordered = orderedRows(columns);
    const heading = h('h1', undefined, tr('Experiments: {0}', root_.split(/[\\/]/).pop() ?? ''));
    const source = h('p', { class: 'muted' }, `${tr('{0} experiment(s), {1} baseline(s), {2} MLflow run(s)', tableRows.filter((r) => r.kind === 'experiment').length, tableRows.filter((r) => r.kind === 'baseline').length, tableRows.filter((r) => r.kind === 'mlflow').length)}${mlflowStore ? tr(' from {0}', mlflowStore) : ''}${liveRows.length ? tr(', {0} in the queue', liveRows.length) : ''}`);
    const error = tableError ? h('p', { class: ['message', 'failed'] }, tableError) : null;
    const plotSection = plots(columns);
    const tableElement = table(ordered, columns);
    replaceChildren(root(), heading, source, error, gitNotice(), toolbar(), actions(), diffSection(), tableElement, plotSection);
    // The new table keeps the old one's scroll position (its window was drawn for it).
    if (scrollTop > 0) tableElement.scrollTop = scrollTop;
    if (scrollLeft > 0) tableElement.scrollLeft = scrollLeft;
    if (focused instanceof HTMLInputElement && focused.classList.contains('filter')) {
      const again = root().querySelector<HTMLInputElement>('input.filter');
      again?.focus();
      again?.setSelectionRange(again.value.length, again.value.length);
    }
    queueMicrotask(() => {
      page.post({
        type: 'rendered',
        summary: {
          rows: Math.min(ordered.length, shown),
          total: ordered.length,
          paramColumns: columns.filter((c) => c.group === 'params').length,
          metricColumns: columns.filter((c) => c.group === 'metrics').length,
          selected: (view.selected ?? []).length,
          experiments: tableRows.filter((r) => r.kind === 'experiment').length,
          mlflowRuns: tableRows.filter((r) => r.kind === 'mlflow').length,
          // The metrics the table shows for the experiments (up to 50), as text: what a test compares with the CLI.
          metricsShown: JSON.stringify(Object.fromEntries(ordered.filter((r) => r.kind === 'experiment').slice(0, 50).map((r) => [r.id, Object.fromEntries(columns.filter((c) => c.group === 'metrics').map((c) => [`${c.file}:${c.key}`, text(metricValue(r, c))]))]))),
          live: liveRows.length,
          compact,
          gitMissing: gitMissing?.missing ?? '',
          stepCharts: root().querySelectorAll('.chart.step').length,
          scatter: root().querySelector('#scatter') !== null,
          parallel: root().querySelector('#parallel') !== null,
          ms: Math.round(performance.now() - started),
        },
      });
    });
  } finally {
    rendering = false;
  }
}

onThemeChange(() => render());
// The compact mode follows the panel's width: drawn again when it crosses COMPACT_WIDTH.
window.addEventListener('resize', () => {
  if ((window.innerWidth < COMPACT_WIDTH) === compact) return;
  compact = !compact;
  // Other columns, other widths: measured again from the left edge.
  scrollLeft = 0;
  render();
});
replaceChildren(root(), h('p', { class: 'message' }, tr('Reading the experiments…')));
page.post({ type: 'ready' });
