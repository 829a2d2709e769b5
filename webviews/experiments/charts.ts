/**
 * The Experiments panel's plots, drawn by uPlot (canvas only, no eval: the strict CSP holds): a
 * metric against step for any number of rows (one series per row), a param against a metric (one
 * point per row), and parallel coordinates (one line per row across the params and metrics, each
 * axis scaled to its own range). Labels reach uPlot through textContent and the canvas.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { axes, colourOf, type Palette } from '../shared/chartTheme';

function widthOf(container: HTMLElement): number {
  const width = container.getBoundingClientRect().width || 560;
  return Math.max(260, Math.min(720, Math.floor(width)));
}

const fmt = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : String(Number(v.toPrecision(6))));

/** A metric against step: one series per row, aligned on the union of their steps. */
export function stepChart(container: HTMLElement, p: Palette, metric: string, series: { label: string; steps: number[]; values: (number | null)[] }[]): uPlot {
  const steps = [...new Set(series.flatMap((s) => s.steps))].sort((a, b) => a - b);
  const index = new Map(steps.map((s, i) => [s, i]));
  const data: uPlot.AlignedData = [steps, ...series.map((s) => {
    const column: (number | null)[] = new Array<number | null>(steps.length).fill(null);
    s.steps.forEach((step, i) => (column[index.get(step)!] = s.values[i]));
    return column;
  })];
  return new uPlot(
    {
      width: widthOf(container),
      height: 220,
      title: metric,
      scales: { x: { time: false } },
      axes: axes(p, { label: 'step' }, { label: metric.split(':').pop() }),
      series: [{ label: 'step' }, ...series.map((s, k) => ({ label: s.label, stroke: colourOf(p, k), width: p.width, spanGaps: true, value: (_u: uPlot, v: number | null) => fmt(v) }))],
      cursor: { drag: { x: true, y: false } },
    },
    data,
    container,
  );
}

/** A param against a metric: one point per row (rows without both values are left out). */
export function scatterChart(container: HTMLElement, p: Palette, xLabel: string, yLabel: string, points: { x: number; y: number }[]): uPlot {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  return new uPlot(
    {
      width: widthOf(container),
      height: 240,
      scales: { x: { time: false } },
      axes: axes(p, { label: xLabel }, { label: yLabel }),
      series: [{ label: xLabel, value: (_u, v) => fmt(v) }, { label: yLabel, stroke: colourOf(p, 0), width: 0, paths: () => null, points: { show: true, size: 8, stroke: colourOf(p, 0), fill: colourOf(p, 0) }, value: (_u, v) => fmt(v) }],
      cursor: { drag: { x: false, y: false } },
    },
    [sorted.map((q) => q.x), sorted.map((q) => q.y)],
    container,
  );
}

/**
 * Parallel coordinates: the x axis is the list of columns, each row a line through its values,
 * each column scaled to [0, 1] over its own range (the tick labels name the columns).
 */
export function parallelChart(container: HTMLElement, p: Palette, columns: string[], rows: { label: string; values: (number | null)[] }[]): uPlot {
  const ranges = columns.map((_, i) => {
    const vs = rows.map((r) => r.values[i]).filter((v): v is number => v !== null && Number.isFinite(v));
    const min = Math.min(...vs);
    const max = Math.max(...vs);
    return { min, max };
  });
  const scaled = rows.map((r) => r.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : ranges[i].max === ranges[i].min ? 0.5 : (v - ranges[i].min) / (ranges[i].max - ranges[i].min))));
  container.dataset.columns = columns.join('\n');
  return new uPlot(
    {
      width: widthOf(container),
      height: 260,
      scales: { x: { time: false, range: [-0.1, columns.length - 0.9] }, y: { range: [-0.05, 1.05] } },
      axes: axes(
        p,
        { splits: () => columns.map((_, i) => i), values: (_u, ticks) => ticks.map((t) => (columns[t]?.split(':').pop() ?? '')), rotate: columns.length > 4 ? -20 : 0, size: 60 },
        { splits: () => [0, 0.5, 1], values: (_u, ticks) => ticks.map((t) => (t === 0 ? 'min' : t === 1 ? 'max' : '')) },
      ),
      series: [{ label: 'column', value: (_u, v) => (v == null ? '' : (columns[v] ?? '')) }, ...rows.map((r, k) => ({ label: r.label, stroke: colourOf(p, k), width: p.width, spanGaps: false, value: (_u: uPlot, _v: number | null, _s: number, i: number | null) => (i == null ? '—' : fmt(r.values[i])) }))],
      cursor: { drag: { x: false, y: false } },
    },
    [columns.map((_, i) => i), ...scaled],
    container,
  );
}
