/** Data drift per feature with Evidently's defaults (issue #17). Pure. */
import type { FeatureDrift, PredictDrift, PredictDriftOptions } from '../protocol/predict';

/**
 * A uniform sample of at most `capacity` rows of `width` numbers from a stream of any length
 * (Vitter's algorithm R), drawn with a fixed-seed generator so that a run is reproducible: drift
 * compares a bounded sample of the reference with one of the predicted rows. Up to `capacity` rows
 * it holds every row, in order.
 */
export class Reservoir {
  private readonly data: Float64Array;
  private seen = 0;
  private state: number;

  constructor(private readonly width: number, private readonly capacity: number, seed = 0x2545f491) {
    this.data = new Float64Array(width * capacity);
    this.state = seed >>> 0 || 1;
  }

  /** Rows offered so far. */
  get offered(): number {
    return this.seen;
  }

  /** A uniform integer in [0, n), n ≤ 2^53 (xorshift32 twice: 53 bits). */
  private below(n: number): number {
    const next = () => {
      let x = this.state;
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      return (this.state = x);
    };
    const r = (next() >>> 5) * 67108864 + (next() >>> 6);
    return Math.floor((r / 9007199254740992) * n);
  }

  /** Offers one row: `values[order[k]]` for k < width (or `values[k]`). */
  offer(values: ArrayLike<number>, order?: readonly number[]): void {
    const i = this.seen++;
    const slot = i < this.capacity ? i : this.below(i + 1);
    if (slot >= this.capacity) return;
    const base = slot * this.width;
    for (let k = 0; k < this.width; k++) this.data[base + k] = values[order ? order[k] : k];
  }

  /** The sample's columns (one per feature). */
  columns(): Float64Array[] {
    const n = Math.min(this.seen, this.capacity);
    return Array.from({ length: this.width }, (_, k) => {
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = this.data[i * this.width + k];
      return c;
    });
  }
}

const sorted = (x: ArrayLike<number>): Float64Array => Float64Array.from(x).sort();

/** KS statistic as the integer max |i·n2 − j·n1| over the merged ECDFs (exact: no float rounding). */
function ksInteger(a: Float64Array, b: Float64Array): number {
  const n1 = a.length, n2 = b.length;
  let i = 0, j = 0, d = 0;
  while (i < n1 && j < n2) {
    const v = Math.min(a[i], b[j]);
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    d = Math.max(d, Math.abs(i * n2 - j * n1));
  }
  return d;
}

/** Kolmogorov distribution survival function (asymptotic). */
function kolmogorovSf(x: number): number {
  if (x <= 0) return 1;
  let s = 0;
  for (let k = 1; k < 100; k++) s += 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * x * x);
  return Math.min(Math.max(s, 0), 1);
}

/**
 * Two-sample two-sided KS (scipy `ks_2samp`): exact p-value by lattice-path counting when max(n1, n2) ≤ 10,000
 * (scipy's 'auto'), else the asymptotic Kolmogorov distribution.
 */
export function ks2samp(x: ArrayLike<number>, y: ArrayLike<number>): { statistic: number; pvalue: number } {
  const a = sorted(x), b = sorted(y);
  const n1 = a.length, n2 = b.length;
  const dInt = ksInteger(a, b);
  const statistic = dInt / (n1 * n2);
  if (Math.max(n1, n2) <= 10000) {
    // w(i,j): share of monotone paths to (i,j) that stay strictly inside |i·n2 − j·n1| < dInt.
    let prev = new Float64Array(n2 + 1);
    for (let j = 0; j <= n2; j++) prev[j] = j === 0 || (Math.abs(-j * n1) < dInt && prev[j - 1] > 0) ? 1 : 0;
    for (let i = 1; i <= n1; i++) {
      const cur = new Float64Array(n2 + 1);
      for (let j = 0; j <= n2; j++) {
        if (Math.abs(i * n2 - j * n1) >= dInt) continue;
        cur[j] = (prev[j] * i + (j > 0 ? cur[j - 1] * j : 0)) / (i + j);
      }
      prev = cur;
    }
    return { statistic, pvalue: Math.min(Math.max(1 - prev[n2], 0), 1) };
  }
  const en = (n1 * n2) / (n1 + n2);
  return { statistic, pvalue: kolmogorovSf(Math.sqrt(en) * statistic) };
}

/** scipy `wasserstein_distance(u, v)`: ∫|U − V| over the merged support. */
export function wasserstein(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = sorted(u), b = sorted(v);
  const all = sorted([...a, ...b]);
  let i = 0, j = 0, d = 0;
  for (let k = 0; k + 1 < all.length; k++) {
    while (i < a.length && a[i] <= all[k]) i++;
    while (j < b.length && b[j] <= all[k]) j++;
    d += Math.abs(i / a.length - j / b.length) * (all[k + 1] - all[k]);
  }
  return d;
}

/** Evidently's normalised Wasserstein: distance / max(population std of the reference, 0.001). */
export function normalisedWasserstein(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const n = reference.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += reference[i];
  m /= n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (reference[i] - m) ** 2;
  return wasserstein(reference, current) / Math.max(Math.sqrt(q / n), 0.001);
}

/** Histogram over `bins` equal-width bins of the combined range (numpy histogram_bin_edges). */
export function histogram(reference: ArrayLike<number>, current: ArrayLike<number>, bins: number) {
  let lo = Infinity, hi = -Infinity;
  for (const x of [reference, current]) for (let i = 0; i < x.length; i++) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); }
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const count = (x: ArrayLike<number>): number[] => {
    const c = new Array<number>(bins).fill(0);
    for (let i = 0; i < x.length; i++) c[Math.min(Math.floor(((x[i] - lo) / (hi - lo)) * bins), bins - 1)]++;
    return c;
  };
  return { edges, reference: count(reference), current: count(current) };
}

/** Evidently's PSI: 30 bins of the combined range, empty shares replaced by 0.0001. */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>, bins = 30): number {
  const h = histogram(reference, current, bins);
  let s = 0;
  for (let k = 0; k < bins; k++) {
    const r = h.reference[k] / reference.length || 0.0001;
    const c = h.current[k] / current.length || 0.0001;
    s += (r - c) * Math.log(r / c);
  }
  return s;
}

/** The request's drift settings (protocol/predict.ts), and the histograms' bins. */
export interface DriftOptions extends PredictDriftOptions {
  bins?: number;
}

export function driftReport(
  names: string[], reference: ArrayLike<number>[], current: ArrayLike<number>[], o: DriftOptions = {},
): PredictDrift {
  const features: FeatureDrift[] = names.map((feature, k) => {
    const ref = reference[k], cur = current[k];
    const hist = histogram(ref, cur, o.bins ?? 20);
    if (o.psi) {
      const threshold = o.psiThreshold ?? 0.1;
      const score = psi(ref, cur);
      return { feature, method: 'psi', score, threshold, drift: score >= threshold, histogram: hist };
    }
    if (ref.length <= (o.ksMaxReference ?? 1000)) {
      const threshold = o.ksThreshold ?? 0.05;
      const score = ks2samp(ref, cur).pvalue;
      return { feature, method: 'ks', score, threshold, drift: score <= threshold, histogram: hist };
    }
    const threshold = o.wassersteinThreshold ?? 0.1;
    const score = normalisedWasserstein(ref, cur);
    return { feature, method: 'wasserstein', score, threshold, drift: score >= threshold, histogram: hist };
  });
  const drifted = features.filter((f) => f.drift).length;
  const share = features.length ? drifted / features.length : 0;
  return { features, drifted, share, datasetDrift: share >= (o.datasetShare ?? 0.5) };
}
