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

function metricsSection(table: MetricsTable): HTMLElement {
  const heading = h('h3', undefined, table.file);
  if (table.rows.length === 0) return h('div', { class: 'metrics-file', dataset: { file: table.file } }, heading, h('p', { class: 'muted' }, table.error ?? 'No values.'));
  const last = table.runs.length - 1;
  const hidden = table.rows.length - SHOWN_ROWS;
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
        ...table.rows.map((row, index) =>
          h(
            'tr',
            { class: index >= SHOWN_ROWS ? 'extra' : undefined, dataset: { key: row.key } },
            h('th', { attrs: { scope: 'row' } }, row.key),
            ...row.values.map((value, i) => {
              const before = i > 0 ? row.values[i - 1] : null;
              const delta = typeof value === 'number' && typeof before === 'number' && value !== before ? (value > before ? 'up' : 'down') : undefined;
              return h('td', { class: ['value', i === last && 'latest', delta && `delta-${delta}`] }, formatValue(value), delta ? h('span', { class: 'delta', attrs: { 'aria-label': delta === 'up' ? 'higher than the run before' : 'lower than the run before' } }, delta === 'up' ? ' ▲' : ' ▼') : null);
            }),
          ),
        ),
      ),
    ),
  );
  // A long file (a list of per-feature results) shows its first rows; the rest on demand.
  const more =
    hidden > 0
      ? h('button', { class: 'secondary show-all', on: { click: () => { grid.classList.add('expanded'); more?.remove(); } } }, `Show ${hidden} more key${hidden > 1 ? 's' : ''}`)
      : null;
  return h('div', { class: 'metrics-file', dataset: { file: table.file } }, heading, table.error ? h('p', { class: 'message error' }, table.error) : null, grid, more);
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
