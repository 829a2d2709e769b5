/**
 * The dashboard's charts, drawn by uPlot: canvas only, no eval, styles set through the CSSOM, so
 * the page's strict CSP holds. Colours come from the theme's `--vscode-charts-*` variables, read
 * when a chart is drawn (the page redraws on a theme switch); labels reach uPlot's legend through
 * textContent and the axes through the canvas, so workspace strings are never parsed as HTML.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from '../shared/dom';
import { axes, colourOf, type Palette } from '../shared/chartTheme';

/** A colour with an alpha (fills under lines and bars), from any CSS colour the theme gives. */
function translucent(colour: string, alpha: number): string {
  return `color-mix(in srgb, ${colour} ${Math.round(alpha * 100)}%, transparent)`;
}

/** Canvas colours must be concrete: `color-mix()` is resolved by the browser through a probe element. */
function resolveColour(colour: string): string {
  const probe = h('span', { class: 'colour-probe' });
  document.body.append(probe);
  probe.style.color = colour;
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved || colour;
}

export interface ChartHost {
  /** The element the chart goes in (its width is the chart's). */
  container: HTMLElement;
  height: number;
}

/** Width for a chart in its container: the container's, bounded so that a chart stays readable. */
function widthOf(container: HTMLElement, max = 720): number {
  const width = container.getBoundingClientRect().width || container.parentElement?.getBoundingClientRect().width || 480;
  return Math.max(220, Math.min(max, Math.floor(width)));
}

function make(host: ChartHost, options: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData, maxWidth?: number): uPlot {
  return new uPlot({ ...options, width: widthOf(host.container, maxWidth), height: host.height }, data, host.container);
}


/** Quarter gridlines of a rate, labelled as they are: 0.25 and 0.75, never rounded to 0.3 and 0.8. */
const QUARTERS = [0, 0.25, 0.5, 0.75, 1];

/**
 * Tick labels as uPlot draws them, also written on the chart's element (`data-x-ticks`, `data-y-ticks`):
 * the canvas holds no text a test or a screen reader could read.
 */
function recordedTicks(container: HTMLElement, axis: 'x' | 'y', format: (v: number) => string) {
  return (_u: uPlot, values: number[]) => {
    const labels = values.map((v) => (Number.isFinite(v) ? format(v) : ''));
    container.dataset[axis === 'x' ? 'xTicks' : 'yTicks'] = labels.join(' ');
    return labels;
  };
}

/** The ROC curve of the positive class, with the chance diagonal. */
export function rocChart(host: ChartHost, p: Palette, roc: { fpr: number[]; tpr: number[] }, label: string): uPlot {
  const diagonal = roc.fpr.slice();
  const rate = (v: number) => String(Number(v.toFixed(2)));
  return make(
    host,
    {
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: axes(
        p,
        { label: 'False positive rate', splits: () => QUARTERS, values: recordedTicks(host.container, 'x', rate) },
        { label: 'True positive rate', splits: () => QUARTERS, values: recordedTicks(host.container, 'y', rate) },
      ),
      series: [
        { label: 'FPR', value: (_u, v) => (v == null ? '—' : v.toFixed(3)) },
        { label, stroke: colourOf(p, 0), width: p.width * 1.3, fill: resolveColour(translucent(colourOf(p, 0), 0.12)), value: (_u, v) => (v == null ? '—' : v.toFixed(3)) },
        { label: 'Chance', stroke: p.muted, width: 1, dash: [4, 4], points: { show: false } },
      ],
      // The title names the curve and its AUC; a legend would only repeat them.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    },
    [roc.fpr, roc.tpr, diagonal],
    480,
  );
}

/** Bins as bars at their centres; several series side by side (reference and current). */
export function histogramChart(
  host: ChartHost,
  p: Palette,
  edges: number[],
  series: { label: string; counts: number[]; colour: string }[],
  options: { compact?: boolean; small?: boolean; xLabel?: string } = {},
): uPlot {
  const centres = edges.slice(0, -1).map((e, i) => (e + edges[i + 1]) / 2);
  const n = series.length;
  const aligns: (-1 | 0 | 1)[] = n === 2 ? [-1, 1] : [0];
  const compact = options.compact ?? false;
  const digits = (() => {
    const span = Math.abs(edges[edges.length - 1] - edges[0]) || 1;
    return Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(span))));
  })();
  return make(
    host,
    {
      scales: { x: { time: false, range: [edges[0], edges[edges.length - 1]] } },
      // A small chart keeps its axes and values, with less room for labels (the section says what the y axis counts).
      axes: compact
        ? [{ show: false }, { show: false }]
        : options.small
          ? axes(p, { values: recordedTicks(host.container, 'x', (v) => v.toFixed(digits)), size: 28, label: options.xLabel, labelSize: 16, space: 60 }, { values: recordedTicks(host.container, 'y', String), size: 44, space: 30 })
          : axes(p, { values: recordedTicks(host.container, 'x', (v) => v.toFixed(digits)), label: options.xLabel }, { values: recordedTicks(host.container, 'y', String), label: 'Rows' }),
      legend: { show: !compact && !options.small && series.length > 1 },
      series: [
        { label: 'Bin', value: (_u, v) => (v == null ? '—' : v.toFixed(digits)) },
        ...series.map((s, k) => ({
          label: s.label,
          stroke: s.colour,
          fill: resolveColour(translucent(s.colour, 0.55)),
          width: compact ? 1 : p.width,
          paths: uPlot.paths.bars!({ align: aligns[k % aligns.length], size: [n === 2 ? 0.45 : 0.9, Infinity] }),
          points: { show: false },
        })),
      ],
      cursor: compact ? { show: false } : { drag: { x: false, y: false } },
      padding: compact ? [2, 2, 2, 2] : undefined,
    },
    [centres, ...series.map((s) => s.counts)],
    compact ? 220 : options.small ? 720 : 560,
  );
}

/** The close price over the rows, with each row's predicted class marked in its class colour. */
export function priceChart(host: ChartHost, p: Palette, dates: string[], close: number[], prediction: string[], classes: string[]): uPlot {
  const x = dates.map((_d, i) => i);
  const marks = classes.map((name) => prediction.map((pred, i) => (pred === name ? close[i] : null)));
  return make(
    host,
    {
      scales: { x: { time: false } },
      axes: axes(p, { values: (_u, ticks) => ticks.map((t) => dates[Math.round(t)] ?? ''), space: 90 }, { label: 'Close' }),
      series: [
        { label: 'Date', value: (_u, v) => (v == null ? '—' : (dates[Math.round(v)] ?? '')) },
        { label: 'Close', stroke: p.foreground, width: p.width, points: { show: false } },
        ...classes.map((name, k) => ({
          label: `Predicted ${name}`,
          stroke: colourOf(p, k),
          fill: colourOf(p, k),
          width: 0,
          paths: () => null,
          points: { show: true, size: 6, stroke: colourOf(p, k), fill: colourOf(p, k) },
        })),
      ],
      cursor: { drag: { x: true, y: false } },
    },
    [x, close, ...marks],
    1200,
  );
}
