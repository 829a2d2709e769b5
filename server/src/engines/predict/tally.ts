/**
 * What a prediction run keeps of its rows for the answer, in memory that grows by a few bytes a row
 * at most: class counts, the (target, decision, probabilities) triples metrics need, a series
 * thinned to a fixed number of points for the dashboard, the probability histogram, and — only
 * when drift is asked for — the feature columns.
 */
import type { PredictMetrics, PredictSeries } from '../../protocol/predict';
import { classificationMetrics } from '../../predict/metrics';

/** A typed array that grows by doubling. */
export class Growable<T extends Float32Array | Float64Array | Uint16Array> {
  private data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Points kept for the dashboard's charts: every `step`-th row, `step` doubling as rows come. */
const MAX_POINTS = 2000;
const HISTOGRAM_BINS = 20;
/** Points of the ROC curve sent (the AUC is computed on every row). */
const MAX_ROC_POINTS = 1000;

export class Tally {
  readonly classes: Record<string, number>;
  private readonly yTrue = new Growable((n) => new Uint16Array(n));
  private readonly yPred = new Growable((n) => new Uint16Array(n));
  private readonly proba = new Growable((n) => new Float32Array(n));
  private readonly histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  private readonly series: PredictSeries;
  private seen = 0;
  /** Feature columns, when drift is asked for. */
  readonly columns?: Growable<Float64Array>[];

  constructor(private readonly labels: readonly string[], features: number, keepColumns: boolean, private readonly ohlcv: boolean) {
    this.classes = Object.fromEntries(labels.map((l) => [l, 0]));
    this.series = { date: [], prediction: [], probabilities: labels.map(() => []), step: 1, ...(ohlcv ? { close: [], yTrue: [] } : {}) };
    if (keepColumns) this.columns = Array.from({ length: features }, () => new Growable((n) => new Float64Array(n)));
  }

  /**
   * One predicted row: `p` its probabilities (classifier) or its value (regressor), `decision` the
   * class index (-1 for a regressor), `target` the true class index or NaN.
   */
  add(row: { date: string; ticker: string; close: number; features: ArrayLike<number> }, p: ArrayLike<number>, decision: number, target: number, label: string): void {
    if (this.columns) for (let k = 0; k < this.columns.length; k++) this.columns[k].push(row.features[k]);
    if (decision >= 0) {
      this.classes[label]++;
      if (!Number.isNaN(target)) {
        this.yTrue.push(target);
        this.yPred.push(decision);
        for (let k = 0; k < p.length; k++) this.proba.push(p[k]);
      }
      // Binary: the positive class's probability; multiclass: the chosen class's.
      const shown = p.length === 2 ? p[1] : p[decision];
      this.histogram[Math.min(Math.floor(shown * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)]++;
    }
    if (this.seen++ % this.series.step !== 0) return;
    const s = this.series;
    s.date.push(row.date);
    s.prediction.push(label);
    for (let k = 0; k < s.probabilities.length; k++) s.probabilities[k].push(p[k]);
    if (this.ohlcv) { s.close!.push(row.close); s.yTrue!.push(target); }
    // Tickers from the first row that has one (earlier points without: ''), aligned with the dates.
    if (row.ticker || s.ticker) (s.ticker ??= new Array<string>(s.date.length - 1).fill('')).push(row.ticker ?? '');
    if (s.date.length >= 2 * MAX_POINTS) this.thin();
  }

  /** Keeps every other point, so that the series stays under 2 × MAX_POINTS. */
  private thin(): void {
    const s = this.series;
    const half = <T>(a: T[]) => a.filter((_, i) => i % 2 === 0);
    s.date = half(s.date);
    s.prediction = half(s.prediction);
    s.probabilities = s.probabilities.map(half);
    if (s.close) s.close = half(s.close);
    if (s.yTrue) s.yTrue = half(s.yTrue);
    if (s.ticker) s.ticker = half(s.ticker);
    s.step *= 2;
  }

  /** Metrics on the rows whose target is known (undefined when none is, or for a regressor). */
  metrics(): PredictMetrics | undefined {
    if (this.yTrue.length === 0 || this.labels.length === 0) return undefined;
    return classificationMetrics(this.yTrue.view(), this.yPred.view(), { data: this.proba.view(), width: this.labels.length }, [...this.labels], { rocPoints: MAX_ROC_POINTS });
  }

  seriesOut(): PredictSeries {
    // NaN (no target on a ticker's last row) does not survive JSON: -1 says unknown.
    return this.series.yTrue ? { ...this.series, yTrue: this.series.yTrue.map((y) => (Number.isNaN(y) ? -1 : y)) } : this.series;
  }

  probabilityHistogram(): { edges: number[]; counts: number[] } | undefined {
    if (this.labels.length === 0) return undefined;
    return { edges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => k / HISTOGRAM_BINS), counts: [...this.histogram] };
  }
}
