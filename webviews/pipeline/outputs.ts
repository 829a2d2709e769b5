/**
 * The pipeline's metrics and plots under its DAG: each metrics file a table across the last runs
 * (a change from the run before marked ▲/▼), each plots file a uPlot line chart (canvas only,
 * styles through the CSSOM: the strict CSP holds; the prediction dashboard draws with it too).
 * Colours come from the theme's `--vscode-charts-*` variables; file names and keys are text nodes.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsTable, PlotSeries } from '../../server/src/protocol/pipelineOutputs';
import { h, replaceChildren } from '../shared/dom';
import { cssVariable, themeKind } from '../shared/theme';

const charts: uPlot[] = [];
/** Rows a metrics table shows before "Show more". */
const SHOWN_ROWS = 20;

function chartColours(): string[] {
  return ['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map((name, i) => cssVariable(`--vscode-charts-${name}`, ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'][i]));
}

function runLabel(at: string, latest: boolean): string {
  const date = new Date(at);
  const text = Number.isNaN(date.getTime()) ? at : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return latest ? `${text} (latest)` : text;
}

function formatValue(value: number | string | null): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

type Row = MetricsTable['rows'][number];
type Value = Row['values'][number];

/** A list the server flattened (`features.3.score`): its prefix, the item's index and field (none for a list of values). */
const LIST_KEY = /^(.+?)\.(\d+)(?:\.(.+))?$/;

/** Values a drift report writes, in the words the dashboards use: the statistic's name, a verdict. */
function display(field: string | undefined, value: Value): string {
  if (field === 'method' && typeof value === 'string') return ({ ks: 'KS p', wasserstein: 'Wasserstein', psi: 'PSI' } as Record<string, string>)[value] ?? value;
  if (value === 'true' || value === 'false') return value === 'true' ? 'yes' : 'no';
  return formatValue(value);
}

function valueCell(row: Row, i: number, last: number, field?: string): HTMLElement {
  const value = row.values[i];
  const before = i > 0 ? row.values[i - 1] : null;
  const delta = typeof value === 'number' && typeof before === 'number' && value !== before ? (value > before ? 'up' : 'down') : undefined;
  return h('td', { class: ['value', i === last && 'latest', delta && `delta-${delta}`] }, display(field, value), delta ? h('span', { class: 'delta', attrs: { 'aria-label': delta === 'up' ? 'higher than the run before' : 'lower than the run before' } }, delta === 'up' ? ' ▲' : ' ▼') : null);
}

/** "Show N more" under a table whose rows past the first SHOWN_ROWS are hidden. */
function moreButton(scroller: HTMLElement, hidden: number, noun: string): HTMLElement | null {
  if (hidden <= 0) return null;
  const button = h('button', { class: 'secondary show-all', on: { click: () => { scroller.classList.add('expanded'); button.remove(); } } }, `Show ${hidden} more ${noun}${hidden > 1 ? 's' : ''}`);
  return button;
}

/**
 * A list of records (`features: [{feature, method, score, …}]`, as a drift report writes) as one table:
 * a row per item, a column per field, the latest run's values (▲/▼ against the run before); not one
 * flattened row per field of every item.
 */
function listTable(prefix: string, items: Map<number, Map<string, Row>>, last: number, classNames?: readonly string[]): HTMLElement {
  const fields: string[] = [];
  for (const item of items.values()) for (const field of item.keys()) if (!fields.includes(field)) fields.push(field);
  const indices = [...items.keys()].sort((a, b) => a - b);
  // A list of lists (`confusion: [[…], […]]`) is a matrix: its rows and columns are the classes
  // the file names in `labels` (as the prediction report writes them), else their indices.
  if (fields.every((f) => /^\d+$/.test(f))) return matrixTable(prefix, items, indices, fields.sort((a, b) => Number(a) - Number(b)), last, classNames);
  const scroller = h(
    'div',
    { class: 'grid-scroll' },
    h(
      'table',
      { class: 'metrics list', dataset: { list: prefix } },
      h('thead', undefined, h('tr', undefined, ...fields.map((f) => h('th', { attrs: { scope: 'col' } }, f)))),
      h(
        'tbody',
        undefined,
        ...indices.map((index, n) => {
          const item = items.get(index)!;
          return h('tr', { class: n >= SHOWN_ROWS ? 'extra' : undefined, dataset: { index: String(index) } }, ...fields.map((f) => {
            const row = item.get(f);
            return row ? valueCell(row, last, last, f) : h('td', { class: 'value' }, '—');
          }));
        }),
      ),
    ),
  );
  return h('div', { class: 'metrics-list' }, h('h4', undefined, `${prefix} (${indices.length} × ${fields.length})`), scroller, moreButton(scroller, indices.length - SHOWN_ROWS, 'row'));
}

function matrixTable(prefix: string, items: Map<number, Map<string, Row>>, indices: number[], columns: string[], last: number, classNames?: readonly string[]): HTMLElement {
  const named = classNames !== undefined && classNames.length === Math.max(indices.length, columns.length);
  const name = (i: number) => (named ? classNames[i] : String(i));
  const confusion = /confusion/i.test(prefix);
  return h(
    'div',
    { class: 'metrics-list' },
    h('h4', undefined, `${prefix} (${indices.length} × ${columns.length})`),
    h(
      'div',
      { class: 'grid-scroll' },
      h(
        'table',
        { class: 'metrics list matrix', dataset: { list: prefix } },
        confusion && named ? h('caption', { class: 'muted' }, 'Rows: true class · columns: predicted class') : null,
        h('thead', undefined, h('tr', undefined, h('th', { class: 'corner' }), ...columns.map((c) => h('th', { attrs: { scope: 'col' } }, name(Number(c)))))),
        h('tbody', undefined, ...indices.map((index) => h('tr', { dataset: { index: String(index) } }, h('th', { attrs: { scope: 'row' } }, name(index)), ...columns.map((c) => {
          const row = items.get(index)?.get(c);
          return row ? valueCell(row, last, last) : h('td', { class: 'value' }, '—');
        })))),
      ),
    ),
  );
}

function metricsSection(table: MetricsTable): HTMLElement {
  const heading = h('h3', undefined, table.file);
  if (table.rows.length === 0) return h('div', { class: 'metrics-file', dataset: { file: table.file } }, heading, h('p', { class: 'muted' }, table.error ?? 'No values.'));
  const last = table.runs.length - 1;
  // Lists of records get a table each; lists of values one row (joined); the rest one row per key.
  const records = new Map<string, Map<number, Map<string, Row>>>();
  const values = new Map<string, Row[]>();
  const scalars: Row[] = [];
  for (const row of table.rows) {
    const m = LIST_KEY.exec(row.key);
    if (!m) scalars.push(row);
    else if (m[3] === undefined) values.set(m[1], [...(values.get(m[1]) ?? []), row]);
    else {
      const items = records.get(m[1]) ?? new Map<number, Map<string, Row>>();
      const item = items.get(Number(m[2])) ?? new Map<string, Row>();
      item.set(m[3], row);
      items.set(Number(m[2]), item);
      records.set(m[1], items);
    }
  }
  for (const [prefix, rows] of values) {
    const joined = table.runs.map((_r, i) => {
      const present = rows.map((r) => r.values[i]).filter((v): v is number | string => v !== null);
      return present.length ? present.map((v) => formatValue(v)).join(', ') : null;
    });
    scalars.push({ key: prefix, values: joined });
  }
  // The class names of a classifier's report (`labels: [down, up]`), as of the latest run.
  const labelRows = values.get('labels') ?? values.get('classes');
  const classNames = labelRows?.map((r) => r.values[last]).every((v) => v !== null) ? labelRows.map((r) => String(r.values[last])) : undefined;
  const hidden = scalars.length - SHOWN_ROWS;
  const grid = h(
    'div',
    { class: 'grid-scroll' },
    h(
      'table',
      { class: 'metrics' },
      h('thead', undefined, h('tr', undefined, h('th', { attrs: { scope: 'col' } }, 'Metric'), ...table.runs.map((at, i) => h('th', { attrs: { scope: 'col' }, class: i === last ? 'latest' : undefined }, runLabel(at, i === last))))),
      h(
        'tbody',
        undefined,
        ...scalars.map((row, index) =>
          h('tr', { class: index >= SHOWN_ROWS ? 'extra' : undefined, dataset: { key: row.key } }, h('th', { attrs: { scope: 'row' } }, row.key), ...row.values.map((_v, i) => valueCell(row, i, last))),
        ),
      ),
    ),
  );
  return h(
    'div',
    { class: 'metrics-file', dataset: { file: table.file } },
    heading,
    table.error ? h('p', { class: 'message error' }, table.error) : null,
    scalars.length ? grid : null,
    scalars.length ? moreButton(grid, hidden, 'key') : null,
    ...[...records].map(([prefix, items]) => listTable(prefix, items, last, classNames)),
  );
}

function plotSection(plot: PlotSeries, width: number): HTMLElement {
  const container = h('div', { class: 'chart' });
  const section = h('div', { class: 'plot-file', dataset: { file: plot.file } }, h('h3', undefined, plot.file), container);
  if (plot.error || plot.series.length === 0) {
    container.replaceWith(h('p', { class: 'muted' }, plot.error ?? 'No numeric column.'));
    return section;
  }
  const colours = chartColours();
  const muted = cssVariable('--vscode-descriptionForeground', cssVariable('--vscode-foreground', '#999999'));
  const highContrast = themeKind().startsWith('high-contrast');
  const grid = highContrast ? cssVariable('--vscode-contrastBorder', '#6fc3df') : 'rgba(128, 128, 128, 0.25)';
  const font = `11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  const axis = { stroke: muted, font, labelFont: font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  charts.push(
    new uPlot(
      {
        width,
        height: 220,
        scales: { x: { time: false } },
        axes: [{ ...axis, label: plot.x }, axis],
        series: [{ label: plot.x }, ...plot.series.map((s, i) => ({ label: s.name, stroke: colours[i % colours.length], width: highContrast ? 2.5 : 1.5, spanGaps: true }))],
        cursor: { drag: { x: true, y: false } },
      },
      [plot.xs, ...plot.series.map((s) => s.values)],
      container,
    ),
  );
  return section;
}

/** Draws the outputs in `into` (charts as wide as it is). */
export function renderOutputs(into: HTMLElement, metrics: readonly MetricsTable[], plots: readonly PlotSeries[], error?: string): void {
  while (charts.length > 0) charts.pop()!.destroy();
  if (metrics.length === 0 && plots.length === 0 && !error) {
    replaceChildren(into);
    return;
  }
  const width = Math.max(260, Math.min(720, Math.floor(into.getBoundingClientRect().width || 600)));
  replaceChildren(
    into,
    error ? h('p', { class: 'message error' }, error) : null,
    metrics.length ? h('section', { attrs: { id: 'metrics' } }, h('h2', undefined, 'Metrics'), ...metrics.map(metricsSection)) : null,
    plots.length ? h('section', { attrs: { id: 'plots' } }, h('h2', undefined, 'Plots'), ...plots.map((p) => plotSection(p, width))) : null,
  );
}
