// The Prediction dashboard: what one `archipel/predict` run measured (metrics, confusion matrix,
// ROC curve, probability histogram, the price series with predicted directions, drift per feature
// with both distributions, skipped rows). The host sends each run's result; the page keeps the last
// one in its state so a reload shows it without running the model again.
import '../shared/base.css';
import './predict.css';
import type uPlot from 'uplot';
import { h, replaceChildren, root } from '../shared/dom';
import { connect } from '../shared/page';
import { onThemeChange } from '../shared/theme';
import { colourOf, palette, type Palette } from '../shared/chartTheme';
import { histogramChart, priceChart, rocChart } from './charts';
import { PredictState, PredictToPage, type PredictToHost } from './messages';

type Result = PredictState['result'];

let current: Result | undefined;
let charts: uPlot[] = [];

const page = connect<typeof PredictToPage, PredictToHost, typeof PredictState>({ toPage: PredictToPage, state: PredictState }, (message) => {
  if (message.type === 'empty') {
    // The host has no run of its own (a new window): the one this panel kept, if any, stays.
    if (!current) renderEmpty();
    return;
  }
  current = message.result;
  page.setState({ result: message.result });
  render(message.result);
});

/** A number for a table: fixed digits, "—" when it is not a number (JSON's null for NaN). */
function fmt(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

function section(id: string, title: string, ...children: (Node | string | null | false)[]): HTMLElement {
  return h('section', { attrs: { id, 'aria-labelledby': `${id}-title` } }, h('h2', { attrs: { id: `${id}-title` } }, title), ...children);
}

function chartBox(kind: string): HTMLElement {
  return h('div', { class: ['chart', kind] });
}

function renderEmpty(): void {
  destroyCharts();
  replaceChildren(root(), h('h1', undefined, 'Prediction dashboard'), h('p', { class: 'message' }, 'No prediction yet: run Archipel: Predict on a CSV file (the explorer menu of a .csv, or the command palette with a CSV open).'));
  page.post({ type: 'rendered', summary: { empty: true } });
}

function destroyCharts(): void {
  for (const chart of charts) chart.destroy();
  charts = [];
}

function heading(result: Result): HTMLElement[] {
  const open = (label: string, file: string) => h('button', { class: 'secondary', title: file, on: { click: () => page.post({ type: 'open', path: file }) } }, label);
  const classes = Object.entries(result.classes).map(([name, n]) => `${name}: ${n}`).join(', ');
  return [
    h('h1', undefined, `Predictions: ${baseName(result.input)}`),
    h(
      'p',
      { class: 'muted', attrs: { id: 'facts' } },
      [`model ${baseName(result.model)}`, `${result.rows.read} rows read`, `${result.rows.predicted} predicted`, `${result.rows.skipped} skipped`, classes].filter(Boolean).join(' · '),
    ),
    h('div', { class: 'toolbar' }, open('Open Predictions', result.output), open('Open Input', result.input), h('span', { class: 'spacer' }), h('span', { class: 'muted timings' }, `read ${fmt(result.ms.read, 0)} ms · features ${fmt(result.ms.features, 0)} ms · inference ${fmt(result.ms.inference, 0)} ms · write ${fmt(result.ms.write, 0)} ms`)),
  ];
}

function metricsTable(metrics: NonNullable<Result['metrics']>): HTMLElement {
  const row = (label: string, m: { precision: number; recall: number; f1: number }, support: number | undefined, cls?: string) =>
    h('tr', { class: cls }, h('th', { attrs: { scope: 'row' } }, label), h('td', { class: 'num' }, fmt(m.precision)), h('td', { class: 'num' }, fmt(m.recall)), h('td', { class: 'num' }, fmt(m.f1)), h('td', { class: 'num' }, support === undefined ? '' : String(support)));
  const total = Object.values(metrics.perClass).reduce((a, c) => a + c.support, 0);
  return h(
    'div',
    { class: 'metrics' },
    h(
      'dl',
      { class: 'headline' },
      h('div', undefined, h('dt', undefined, 'Accuracy'), h('dd', { dataset: { metric: 'accuracy' } }, fmt(metrics.accuracy))),
      h('div', undefined, h('dt', undefined, 'ROC AUC'), h('dd', { dataset: { metric: 'rocAuc' } }, fmt(metrics.rocAuc))),
      h('div', undefined, h('dt', undefined, 'Log loss'), h('dd', { dataset: { metric: 'logLoss' } }, fmt(metrics.logLoss))),
    ),
    h(
      'table',
      { class: 'metrics-table' },
      h('thead', undefined, h('tr', undefined, h('th', { attrs: { scope: 'col' } }, 'Class'), ...['Precision', 'Recall', 'F1', 'Support'].map((c) => h('th', { class: 'num', attrs: { scope: 'col' } }, c)))),
      h('tbody', undefined, ...metrics.labels.map((label) => (metrics.perClass[label] ? row(label, metrics.perClass[label], metrics.perClass[label].support) : null)), row('Macro average', metrics.macro, total, 'macro')),
    ),
  );
}

/** Counts shaded in five steps of the row's share: the diagonal reads at a glance in every theme. */
function confusionTable(metrics: NonNullable<Result['metrics']>): HTMLElement {
  const { labels, confusion } = metrics;
  return h(
    'table',
    { class: 'confusion' },
    h('caption', { class: 'muted' }, 'Rows: true class · columns: predicted class'),
    h('thead', undefined, h('tr', undefined, h('th', { class: 'corner' }), ...labels.map((l) => h('th', { attrs: { scope: 'col' } }, l)))),
    h(
      'tbody',
      undefined,
      ...confusion.map((counts, i) => {
        const support = counts.reduce((a, b) => a + b, 0);
        return h(
          'tr',
          undefined,
          h('th', { attrs: { scope: 'row' } }, labels[i] ?? String(i)),
          ...counts.map((n, j) => {
            const share = support ? n / support : 0;
            return h('td', { class: ['num', 'cell', `shade-${Math.min(4, Math.floor(share * 5))}`, i === j && 'diagonal'], title: `${labels[i]} predicted as ${labels[j]}: ${n} (${fmt(share * 100, 1)}% of ${labels[i]})` }, String(n));
          }),
        );
      }),
    ),
  );
}

/** The statistic each test reports, as a reader names it, and the side of the threshold that means drift. */
const STATISTIC = { ks: { name: 'KS p', short: 'p', when: '≤' }, wasserstein: { name: 'Wasserstein', short: 'Wasserstein', when: '≥' }, psi: { name: 'PSI', short: 'PSI', when: '≥' } } as const;

/** A p-value or distance: three decimals, or the exponent when it is smaller (2.6e-12 is not 0.000). */
function score(value: number): string {
  return Number.isFinite(value) && value !== 0 && Math.abs(value) < 0.001 ? value.toExponential(1) : fmt(value, 3);
}

/**
 * One row per feature (its name, the verdict with the statistic named, the threshold), and under it
 * the reference and current distributions as a chart with its axes, the width of the table: the
 * whole section fits the panel VS Code gives it.
 */
function driftSection(drift: NonNullable<Result['drift']>, p: Palette, pending: (() => void)[]): HTMLElement {
  const rows = drift.features.flatMap((f) => {
    const statistic = STATISTIC[f.method];
    const verdict = `drift: ${f.drift ? 'yes' : 'no'}, ${statistic.name} = ${score(f.score)}`;
    const row = h(
      'tr',
      { class: ['feature-row', f.drift && 'drifted'], dataset: { feature: f.feature } },
      h('th', { attrs: { scope: 'row' } }, f.feature),
      h('td', { class: 'verdict' }, f.drift ? h('span', { class: 'badge drift-yes' }, verdict) : verdict),
      h('td', { class: 'num threshold', title: `drift when ${statistic.short} ${statistic.when} ${f.threshold}` }, `${statistic.when} ${fmt(f.threshold, 3)}`),
    );
    if (!f.histogram) return [row];
    const box = chartBox('distribution');
    const histogram = f.histogram;
    pending.push(() => charts.push(histogramChart({ container: box, height: 130 }, p, histogram.edges, [
      { label: 'Reference', counts: histogram.reference, colour: colourOf(p, 0) },
      { label: 'Current', counts: histogram.current, colour: colourOf(p, 1) },
    ], { small: true, xLabel: f.feature })));
    return [row, h('tr', { class: 'distribution-row', dataset: { feature: f.feature } }, h('td', { class: 'distribution', attrs: { colspan: '3' } }, box))];
  });
  return section(
    'drift',
    'Drift',
    h('p', { class: ['message', drift.datasetDrift && 'error'] }, `${drift.drifted} of ${drift.features.length} features drift (${fmt(drift.share * 100, 0)}%): ${drift.datasetDrift ? 'dataset drift' : 'no dataset drift'}.`),
    // The verdict's action: the pipeline's retrain stage queued as an experiment (its drift metrics recorded with it).
    drift.drifted > 0 ? h('p', undefined, h('button', { attrs: { id: 'retrain-experiment' }, title: 'Queue the retrain stage as an experiment, compared in the Experiments panel', on: { click: () => page.post({ type: 'retrain' }) } }, 'Retrain as an experiment')) : null,
    h('p', { class: 'legend muted' }, h('span', { class: 'swatch swatch-0' }), ' reference  ', h('span', { class: 'swatch swatch-1' }), ' current (rows per bin)'),
    h(
      'table',
      { class: 'drift-table' },
      h('thead', undefined, h('tr', undefined, ...['Feature', 'Test and verdict', 'Threshold'].map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
      h('tbody', undefined, ...rows),
    ),
  );
}

type Series = NonNullable<Result['series']>;
/** Price charts drawn at most: one per ticker. */
const MAX_TICKER_CHARTS = 8;

/** The close with each point's predicted class; one chart per ticker (their rows interleave by date). */
function priceSection(series: Series & { close: number[] }, classes: string[], p: Palette, pending: (() => void)[]): HTMLElement {
  const groups = new Map<string, number[]>();
  series.close.forEach((_c, i) => {
    const ticker = series.ticker?.[i] ?? '';
    const rows = groups.get(ticker);
    if (rows) rows.push(i);
    else groups.set(ticker, [i]);
  });
  const shown = [...groups.entries()].slice(0, MAX_TICKER_CHARTS);
  const parts = shown.map(([ticker, rows]) => {
    const box = chartBox('price');
    const pick = <T>(values: T[]) => rows.map((i) => values[i]);
    pending.push(() => charts.push(priceChart({ container: box, height: 260 }, p, pick(series.date), pick(series.close), pick(series.prediction), classes)));
    return h('div', { class: 'ticker', dataset: { ticker } }, ticker ? h('h3', undefined, ticker) : null, box);
  });
  const title = series.step > 1 ? `Close and predicted direction (every ${series.step}th row)` : 'Close and predicted direction';
  const more = groups.size - shown.length;
  return section('price', title, ...parts, more > 0 ? h('p', { class: 'muted' }, `and ${more} more tickers (the first ${shown.length} are drawn).`) : null);
}

function skippedSection(result: Result): HTMLElement | null {
  if (result.rows.skipped === 0) return null;
  const more = result.rows.skipped - result.skipped.length;
  return section(
    'skipped',
    `Skipped rows (${result.rows.skipped})`,
    h('ul', { class: 'skipped' }, ...result.skipped.map((s) => h('li', undefined, h('span', { class: 'line' }, `line ${s.line}`), ' ', s.reason))),
    more > 0 ? h('p', { class: 'muted' }, `and ${more} more (the first ${result.skipped.length} are listed).`) : null,
  );
}

function render(result: Result): void {
  destroyCharts();
  const p = palette();
  // Charts measure their container: they are drawn once the sections are in the document.
  const pending: (() => void)[] = [];
  const parts: HTMLElement[] = [];
  const metrics = result.metrics;
  if (metrics) {
    // The tables in one column, the charts beside it.
    parts.push(h('div', { class: 'tables' }, section('metrics', 'Metrics', metricsTable(metrics)), section('confusion-matrix', 'Confusion matrix', confusionTable(metrics))));
    if (metrics.roc) {
      const box = chartBox('roc');
      const roc = metrics.roc;
      parts.push(section('roc', `ROC curve (${metrics.labels[1] ?? 'positive class'})`, box));
      pending.push(() => charts.push(rocChart({ container: box, height: 300 }, p, roc, `ROC (AUC ${fmt(metrics.rocAuc)})`)));
    }
  } else {
    const regression = Object.keys(result.classes).length === 0;
    const why = regression ? 'No classification metrics: the model is a regressor.' : 'No metrics: the input has no known target (the ohlcv-22 recipe gives one; other inputs need their labels).';
    parts.push(section('metrics', 'Metrics', h('p', { class: 'message' }, why)));
  }
  const histogram = result.probabilityHistogram;
  if (histogram) {
    const box = chartBox('probabilities');
    const positive = metrics?.labels[1] ?? Object.keys(result.classes)[1];
    parts.push(section('probability-histogram', positive ? `Probability of ${positive}` : 'Predicted probability', box));
    pending.push(() => charts.push(histogramChart({ container: box, height: 220 }, p, histogram.edges, [{ label: 'Rows', counts: histogram.counts, colour: colourOf(p, 0) }])));
  }
  // The measures side by side when the panel is wide; the series and the drift table below, full width.
  const overview = h('div', { class: 'overview' }, ...parts);
  const below: (HTMLElement | null)[] = [];
  const series = result.series;
  if (series?.close && series.close.length > 0) below.push(priceSection(series as Series & { close: number[] }, metrics?.labels ?? Object.keys(result.classes), p, pending));
  if (result.drift) below.push(driftSection(result.drift, p, pending));
  below.push(skippedSection(result));
  replaceChildren(root(), ...heading(result), overview, ...below);
  for (const draw of pending) draw();
  page.post({
    type: 'rendered',
    summary: {
      metrics: metrics !== undefined,
      classes: metrics?.labels.length ?? Object.keys(result.classes).length,
      roc: metrics?.roc !== undefined,
      probabilityHistogram: histogram !== undefined,
      price: series?.close !== undefined,
      tickers: new Set(series?.ticker ?? []).size,
      driftFeatures: result.drift?.features.length ?? 0,
      drifted: result.drift?.drifted ?? 0,
      skipped: result.skipped.length,
      charts: charts.length,
      predicted: result.rows.predicted,
    },
  });
}

// Canvas charts take their colours when drawn: a theme switch or a new width draws them again.
onThemeChange(() => current && render(current));
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = window.innerWidth;
window.addEventListener('resize', () => {
  if (window.innerWidth === lastWidth) return;
  lastWidth = window.innerWidth;
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => current && render(current), 200);
});

const kept = page.state();
if (kept) {
  current = kept.result;
  render(kept.result);
}
page.post({ type: 'ready' });
