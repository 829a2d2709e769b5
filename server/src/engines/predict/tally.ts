/**
 * What a prediction run keeps of its rows for the answer, in memory that does not hold the rows:
 * class counts, the metrics' streamed state (confusion counts, the log-loss sum as NumPy makes it, and the
 * scores an exact ROC AUC needs: 4 bytes a labelled row for a binary model, in memory up to the
 * stream's budget and past it in sorted runs in a temporary file beside the output: spill.ts), a series thinned to a
 * fixed number of points for the dashboard, the probability histogram, and — only when drift is
 * asked for — a fixed-size uniform sample of the feature rows.
 */
import type { PredictMetrics, PredictSeries } from '../../protocol/predict';
import { Reservoir } from '../../predict/drift';
import { MetricsStream } from '../../predict/metrics';
import { FileRunStore } from './spill';

/** Rows of each side drift compares at most (a uniform sample beyond): 22 features × 8 bytes × 50,000 = 8.8 MB. */
export const DRIFT_SAMPLE = 50_000;

/** Points kept for the dashboard's charts: every `step`-th row, `step` doubling as rows come. */
const MAX_POINTS = 2000;
const HISTOGRAM_BINS = 20;
/** Points of the ROC curve sent (the AUC is computed on every row). */
const MAX_ROC_POINTS = 1000;

export class Tally {
  readonly classes: Record<string, number>;
  private readonly scored: MetricsStream;
  private readonly histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  private readonly series: PredictSeries;
  private seen = 0;
  /** A sample of the feature rows, when drift is asked for. */
  readonly sample?: Reservoir;

  /**
   * `order[k]`: where model feature k is in a row's features (drift samples in model order);
   * `spill.output`: the predictions' path, beside which the scores past `spill.budget` (default
   * SPILL_BUDGET) go; without `spill` every score is kept in memory.
   */
  constructor(
    private readonly labels: readonly string[], private readonly order: readonly number[], keepColumns: boolean, private readonly ohlcv: boolean,
    spill?: { output: string; budget?: number },
  ) {
    this.classes = Object.fromEntries(labels.map((l) => [l, 0]));
    this.series = { date: [], prediction: [], probabilities: labels.map(() => []), step: 1, ...(ohlcv ? { close: [], yTrue: [] } : {}) };
    // onnxruntime's probabilities are float32: kept as such, exactly.
    this.scored = new MetricsStream(labels, { single: true, ...(spill ? { spill: { store: () => FileRunStore.beside(spill.output), budget: spill.budget } } : {}) });
    if (keepColumns) this.sample = new Reservoir(order.length, DRIFT_SAMPLE);
  }

  /**
   * One predicted row (its key columns, its close, its features as read when drift keeps a sample): `p` its probabilities (classifier) or its value (regressor), `decision` the
   * class index (-1 for a regressor), `target` the true class index or NaN.
   */
  add(date: string, ticker: string, close: number, features: ArrayLike<number> | undefined, p: ArrayLike<number>, decision: number, target: number, label: string): void {
    if (features) this.sample?.offer(features, this.order);
    if (decision >= 0) {
      this.classes[label]++;
      if (!Number.isNaN(target)) this.scored.add(target, decision, p);
      // Binary: the positive class's probability; multiclass: the chosen class's.
      const shown = p.length === 2 ? p[1] : p[decision];
      this.histogram[Math.min(Math.floor(shown * HISTOGRAM_BINS), HISTOGRAM_BINS - 1)]++;
    }
    if (this.seen++ % this.series.step !== 0) return;
    const s = this.series;
    s.date.push(date);
    s.prediction.push(label);
    for (let k = 0; k < s.probabilities.length; k++) s.probabilities[k].push(p[k]);
    if (this.ohlcv) { s.close!.push(close); s.yTrue!.push(target); }
    // Tickers from the first row that has one (earlier points without: ''), aligned with the dates.
    if (ticker || s.ticker) (s.ticker ??= new Array<string>(s.date.length - 1).fill('')).push(ticker ?? '');
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

  /** Metrics on the rows whose target is known (undefined when none is, or for a regressor); the scores' file is removed after. */
  metrics(): PredictMetrics | undefined {
    try {
      return this.scored.result({ rocPoints: MAX_ROC_POINTS });
    } finally {
      this.scored.dispose();
    }
  }

  /** Gives up what the run kept on disk (the scores' file): when it fails. Idempotent. */
  dispose(): void {
    this.scored.dispose();
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
