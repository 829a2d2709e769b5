/** The `ohlcv-22` feature recipe (issue #17), pandas conventions; pure (no fs). Computed per ticker by the caller. */

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

/** pandas `rolling(n).mean()`: NaN until n values, NaN when a value in the window is NaN. */
export function rollingMean(x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = n - 1; i < x.length; i++) {
    let s = 0;
    for (let k = i - n + 1; k <= i; k++) s += x[k];
    out[i] = s / n;
  }
  return out;
}

/** pandas `rolling(n).std(ddof)`. */
export function rollingStd(x: ArrayLike<number>, n: number, ddof: 0 | 1): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = n - 1; i < x.length; i++) {
    let s = 0;
    for (let k = i - n + 1; k <= i; k++) s += x[k];
    const m = s / n;
    let q = 0;
    for (let k = i - n + 1; k <= i; k++) q += (x[k] - m) * (x[k] - m);
    out[i] = Math.sqrt(q / (n - ddof));
  }
  return out;
}

/** pandas `ewm(alpha, adjust=False).mean()`: starts at the first non-NaN value; NaN inputs keep the previous mean. */
export function ewm(x: ArrayLike<number>, alpha: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let y = NaN;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (Number.isNaN(y)) y = v;
    else if (!Number.isNaN(v)) y = (1 - alpha) * y + alpha * v;
    out[i] = y;
  }
  return out;
}

const span = (n: number): number => 2 / (n + 1);

/** pandas `pct_change(n)`. */
export function pctChange(x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = n; i < x.length; i++) out[i] = x[i] / x[i - n] - 1;
  return out;
}

/** The 22 features of one ticker's rows (in date order). */
export function ohlcv22(s: OhlcvSeries): FeatureTable {
  const c = s.close;
  const len = c.length;
  const r1 = pctChange(c, 1);
  const diff = new Float64Array(len).fill(NaN);
  for (let i = 1; i < len; i++) diff[i] = c[i] - c[i - 1];
  const gain = diff.map((d) => (Number.isNaN(d) ? NaN : Math.max(d, 0)));
  const loss = diff.map((d) => (Number.isNaN(d) ? NaN : Math.max(-d, 0)));
  const ag = ewm(gain, 1 / 14);
  const al = ewm(loss, 1 / 14);
  const rsi = new Float64Array(len).map((_, i) => 100 - 100 / (1 + ag[i] / al[i]));
  const ema12 = ewm(c, span(12));
  const ema26 = ewm(c, span(26));
  const macd = ema12.map((v, i) => v - ema26[i]);
  const signal = ewm(macd, span(9));
  const m20 = rollingMean(c, 20);
  const sd20 = rollingStd(c, 20, 0);
  const vol20 = rollingMean(s.volume, 20);
  const each = (f: (i: number) => number): Float64Array => new Float64Array(len).map((_, i) => f(i));
  const features = [
    rollingMean(c, 5), rollingMean(c, 10), rollingMean(c, 20), rollingMean(c, 50),
    ewm(c, span(5)), ewm(c, span(10)), ewm(c, span(20)),
    rsi, macd, signal, macd.map((v, i) => v - signal[i]),
    each((i) => (4 * sd20[i]) / m20[i]),
    each((i) => (c[i] - (m20[i] - 2 * sd20[i])) / (4 * sd20[i])),
    rollingStd(r1, 10, 1), rollingStd(r1, 20, 1),
    r1, pctChange(c, 5), pctChange(c, 10),
    each((i) => s.volume[i] / vol20[i]),
    each((i) => (s.high[i] - s.low[i]) / c[i]),
    each((i) => (c[i] - s.low[i]) / (s.high[i] - s.low[i])),
    each((i) => (i === 0 ? NaN : (s.open[i] - c[i - 1]) / c[i - 1])),
  ];
  const target = each((i) => (i + 1 < len ? (c[i + 1] > c[i] ? 1 : 0) : NaN));
  const defined = Array.from({ length: len }, (_, i) => features.every((f) => Number.isFinite(f[i])));
  return { features, target, defined };
}
