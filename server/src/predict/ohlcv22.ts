/**
 * The `ohlcv-22` feature recipe (issue #17), pandas conventions; pure (no fs). Computed one row at a
 * time (`Ohlcv22Stream`), so that a file of any length is read in bounded memory: each feature keeps
 * only its window (at most 50 closes) or its exponential average. Computed per ticker by the caller.
 */

export const OHLCV22_FEATURES = [
  'SMA_5', 'SMA_10', 'SMA_20', 'SMA_50', 'EMA_5', 'EMA_10', 'EMA_20', 'RSI', 'MACD', 'MACD_Signal', 'MACD_Hist',
  'BB_Width', 'BB_Position', 'Volatility_10d', 'Volatility_20d', 'Return_1d', 'Return_5d', 'Return_10d',
  'Volume_Ratio', 'High_Low_Range', 'Close_Position', 'Gap',
] as const;

export interface OhlcvSeries { open: number[]; high: number[]; low: number[]; close: number[]; volume: number[] }

export interface FeatureTable {
  /** features[k][i]: feature k (OHLCV22_FEATURES order) at row i; NaN where undefined. */
  features: Float64Array[];
  /** target[i]: 1 when close[i+1] > close[i], 0 otherwise, NaN on the last row. */
  target: Float64Array;
  /** defined[i]: every feature is finite at row i (warm-up rows are not). */
  defined: boolean[];
}

/**
 * The last `size` values pushed. Each value is stored twice, `size` apart, so that the last n
 * values are always one contiguous run (no index wrapping in the per-row loops).
 */
class Window {
  private readonly values: Float64Array;
  private pos = 0;
  private count = 0;
  constructor(private readonly size: number) {
    this.values = new Float64Array(2 * size);
  }
  push(v: number): void {
    this.values[this.pos] = v;
    this.values[this.pos + this.size] = v;
    this.pos = this.pos + 1 === this.size ? 0 : this.pos + 1;
    this.count++;
  }
  /** pandas `rolling(n).mean()` at the last value: summed oldest first, as pandas' batch sum. */
  mean(n: number): number {
    if (this.count < n) return NaN;
    const v = this.values;
    let s = 0;
    for (let k = this.pos + this.size - n, end = this.pos + this.size; k < end; k++) s += v[k];
    return s / n;
  }
  /** pandas `rolling(n).std(ddof)` at the last value; `m`: this window's mean(n), when the caller has it. */
  std(n: number, ddof: 0 | 1, m = this.mean(n)): number {
    if (Number.isNaN(m)) return NaN;
    const v = this.values;
    let q = 0;
    for (let k = this.pos + this.size - n, end = this.pos + this.size; k < end; k++) q += (v[k] - m) * (v[k] - m);
    return Math.sqrt(q / (n - ddof));
  }
  /** The value pushed `back` pushes ago (0: the last one). */
  ago(back: number): number {
    return this.count <= back ? NaN : this.values[this.pos + this.size - 1 - back];
  }
}

/** pandas `ewm(alpha, adjust=False).mean()`: starts at the first non-NaN value; NaN inputs keep the previous mean. */
class Ewm {
  private y = NaN;
  constructor(private readonly alpha: number) {}
  push(v: number): number {
    if (Number.isNaN(this.y)) this.y = v;
    else if (!Number.isNaN(v)) this.y = (1 - this.alpha) * this.y + this.alpha * v;
    return this.y;
  }
}

const span = (n: number): number => 2 / (n + 1);

/** One ticker's 22 features, a row at a time (rows in date order). */
export class Ohlcv22Stream {
  private readonly close = new Window(51);
  private readonly volume = new Window(20);
  private readonly r1 = new Window(20);
  private readonly ema5 = new Ewm(span(5));
  private readonly ema10 = new Ewm(span(10));
  private readonly ema20 = new Ewm(span(20));
  private readonly ema12 = new Ewm(span(12));
  private readonly ema26 = new Ewm(span(26));
  private readonly signal = new Ewm(span(9));
  private readonly gain = new Ewm(1 / 14);
  private readonly loss = new Ewm(1 / 14);

  /** Pushes a row; writes its 22 features (NaN where undefined) into `out` and answers whether all are finite. */
  push(open: number, high: number, low: number, c: number, volume: number, out: Float64Array): boolean {
    const previous = this.close.ago(0);
    this.close.push(c);
    this.volume.push(volume);
    const r1 = c / previous - 1;
    this.r1.push(r1);
    const diff = c - previous;
    const ag = this.gain.push(Number.isNaN(diff) ? NaN : Math.max(diff, 0));
    const al = this.loss.push(Number.isNaN(diff) ? NaN : Math.max(-diff, 0));
    const e5 = this.ema5.push(c);
    const e10 = this.ema10.push(c);
    const e20 = this.ema20.push(c);
    const macd = this.ema12.push(c) - this.ema26.push(c);
    const signal = this.signal.push(macd);
    const m20 = this.close.mean(20);
    const sd20 = this.close.std(20, 0, m20);
    out[0] = this.close.mean(5); out[1] = this.close.mean(10); out[2] = m20; out[3] = this.close.mean(50);
    out[4] = e5; out[5] = e10; out[6] = e20;
    out[7] = 100 - 100 / (1 + ag / al);
    out[8] = macd; out[9] = signal; out[10] = macd - signal;
    out[11] = (4 * sd20) / m20;
    out[12] = (c - (m20 - 2 * sd20)) / (4 * sd20);
    out[13] = this.r1.std(10, 1); out[14] = this.r1.std(20, 1);
    out[15] = r1; out[16] = c / this.close.ago(5) - 1; out[17] = c / this.close.ago(10) - 1;
    out[18] = volume / this.volume.mean(20);
    out[19] = (high - low) / c;
    out[20] = (c - low) / (high - low);
    out[21] = (open - previous) / previous;
    for (let k = 0; k < out.length; k++) if (!Number.isFinite(out[k])) return false;
    return true;
  }
}

/** The 22 features of one ticker's rows (in date order), as whole columns. */
export function ohlcv22(s: OhlcvSeries): FeatureTable {
  const len = s.close.length;
  const features = OHLCV22_FEATURES.map(() => new Float64Array(len));
  const stream = new Ohlcv22Stream();
  const row = new Float64Array(OHLCV22_FEATURES.length);
  const defined: boolean[] = [];
  for (let i = 0; i < len; i++) {
    defined.push(stream.push(s.open[i], s.high[i], s.low[i], s.close[i], s.volume[i], row));
    for (let k = 0; k < row.length; k++) features[k][i] = row[k];
  }
  const target = new Float64Array(len).map((_, i) => (i + 1 < len ? (s.close[i + 1] > s.close[i] ? 1 : 0) : NaN));
  return { features, target, defined };
}
