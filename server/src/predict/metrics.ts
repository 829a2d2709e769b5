/** Classification metrics with scikit-learn's definitions (zero_division → 0). Pure. */
import type { PredictMetrics } from '../protocol/predict';

/**
 * The positive and the negative samples' scores, each sorted ascending: typed arrays sorted
 * natively, so that a million rows cost two arrays of doubles (not an index array sorted through a
 * comparator, which took several times the memory of the scores).
 */
function splitSorted(yTrue: ArrayLike<number>, score: ArrayLike<number>): { pos: Float64Array; neg: Float64Array } {
  let p = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === 1) p++;
  const pos = new Float64Array(p);
  const neg = new Float64Array(yTrue.length - p);
  let a = 0, b = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === 1) pos[a++] = score[i]; else neg[b++] = score[i];
  return { pos: pos.sort(), neg: neg.sort() };
}

type Sorted = ArrayLike<number>;

/** Mann–Whitney U of sorted positive and negative scores, ties counted half, over |pos|·|neg|. */
function aucOfSorted(pos: Sorted, neg: Sorted): number | undefined {
  if (pos.length === 0 || neg.length === 0) return undefined;
  // For each positive: the negatives below it, and half of those equal to it. U is a sum of
  // halves of integers: exact in a double up to 2^52 (far beyond any file's rows squared / 2^k).
  let below = 0, upTo = 0, u = 0;
  for (let i = 0; i < pos.length; i++) {
    while (below < neg.length && neg[below] < pos[i]) below++;
    if (upTo < below) upTo = below;
    while (upTo < neg.length && neg[upTo] <= pos[i]) upTo++;
    u += below + (upTo - below) / 2;
  }
  return u / (pos.length * neg.length);
}

/** Binary ROC AUC = Mann–Whitney U, ties counted half (equals sklearn's trapezoidal roc_auc_score). */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number | undefined {
  const { pos, neg } = splitSorted(yTrue, score);
  return aucOfSorted(pos, neg);
}

/**
 * sklearn `roc_curve(drop_intermediate=False)` points of the positive class; with `maxPoints`, only
 * the points at indices round(i × (count − 1) / maxPoints), i = 0 … maxPoints, when there are more
 * (a million distinct scores made two million-element arrays only to be thinned afterwards).
 */
export function rocCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, maxPoints = Infinity): { fpr: number[]; tpr: number[] } {
  const { pos, neg } = splitSorted(yTrue, score);
  return curveOfSorted(pos, neg, maxPoints);
}

function curveOfSorted(pos: Sorted, neg: Sorted, maxPoints: number): { fpr: number[]; tpr: number[] } {
  const P = pos.length, N = neg.length;
  /** Walks the thresholds from the highest score down (every sample at or above one counts), calling `at` with each point's index. */
  const walk = (at: (index: number, fp: number, tp: number) => void): number => {
    let i = P - 1, j = N - 1, tp = 0, fp = 0, index = 0;
    at(index++, 0, 0);
    while (i >= 0 || j >= 0) {
      const t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
      while (i >= 0 && pos[i] === t) { tp++; i--; }
      while (j >= 0 && neg[j] === t) { fp++; j--; }
      at(index++, fp, tp);
    }
    return index;
  };
  const fpr: number[] = [];
  const tpr: number[] = [];
  const push = (fp: number, tp: number) => { fpr.push(N ? fp / N : NaN); tpr.push(P ? tp / P : NaN); };
  const count = maxPoints === Infinity ? Infinity : walk(() => undefined);
  if (count <= maxPoints + 1 || maxPoints === Infinity) {
    walk((_, fp, tp) => push(fp, tp));
    return { fpr, tpr };
  }
  const step = (count - 1) / maxPoints;
  let next = 0;
  walk((index, fp, tp) => {
    // Several i can round to one index when points are barely more than maxPoints: each is kept.
    while (next <= maxPoints && Math.round(next * step) === index) { push(fp, tp); next++; }
  });
  return { fpr, tpr };
}

/**
 * Probabilities: one array per row, or every row in one flat row-major array of `width` columns
 * (a million rows as a million small arrays would weigh ten times their numbers).
 */
export type Probabilities = ArrayLike<number>[] | { data: ArrayLike<number>; width: number };

function flat(proba: Probabilities): { data: ArrayLike<number>; width: number } {
  if (!Array.isArray(proba)) return proba;
  const width = proba[0]?.length ?? 0;
  return { data: Float64Array.from(proba.flatMap((row) => Array.from(row))), width };
}

/**
 * A sum of doubles rounded once, at the end (Shewchuk's exact partials, as Python's math.fsum): the
 * order rows come in changes nothing, so a streamed mean is the exact mean of the per-row values.
 */
export class ExactSum {
  private readonly partials: number[] = [];
  add(x: number): void {
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const swap = x;
        x = y;
        y = swap;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    p.push(x);
  }
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half-even across the remaining partials, as fsum does.
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}

/** sklearn `log_loss`'s per-row loss: probabilities clipped to [eps, 1−eps] (float64 eps), the row renormalised. */
function rowLogLoss(data: ArrayLike<number>, at: number, width: number, y: number): number {
  const eps = Number.EPSILON;
  let sum = 0;
  for (let k = 0; k < width; k++) sum += Math.min(Math.max(data[at + k], eps), 1 - eps);
  return -Math.log(Math.min(Math.max(data[at + y], eps), 1 - eps) / sum);
}

/** sklearn `log_loss` (1.2): the mean of the per-row losses, summed exactly. */
export function logLoss(yTrue: ArrayLike<number>, proba: Probabilities): number {
  const { data, width } = flat(proba);
  const s = new ExactSum();
  for (let i = 0; i < yTrue.length; i++) s.add(rowLogLoss(data, i * width, width, yTrue[i]));
  return s.value() / yTrue.length;
}

/**
 * A column of scores kept compactly: chunks of a typed array (no doubling copy), handed over
 * sorted at the end in one array of exactly their length.
 */
class ScoreColumn {
  private static readonly CHUNK = 1 << 16;
  private readonly chunks: (Float32Array | Float64Array)[] = [];
  private used = ScoreColumn.CHUNK;
  length = 0;
  constructor(private readonly single: boolean) {}
  push(v: number): void {
    if (this.used === ScoreColumn.CHUNK) {
      this.chunks.push(this.single ? new Float32Array(ScoreColumn.CHUNK) : new Float64Array(ScoreColumn.CHUNK));
      this.used = 0;
    }
    this.chunks[this.chunks.length - 1][this.used++] = v;
    this.length++;
  }
  /** Every score, sorted ascending; the chunks are released as they are copied. */
  sorted(): Float32Array | Float64Array {
    const out = this.single ? new Float32Array(this.length) : new Float64Array(this.length);
    let at = 0;
    while (this.chunks.length) {
      const chunk = this.chunks.shift()!;
      const n = Math.min(chunk.length, this.length - at);
      out.set(n === chunk.length ? chunk : chunk.subarray(0, n), at);
      at += n;
    }
    this.used = ScoreColumn.CHUNK;
    return out.sort();
  }
}

/**
 * Classification metrics streamed one row at a time, in memory that does not hold the rows:
 * accuracy, precision, recall and F1 from the confusion counts (exact), log loss from an exact sum,
 * and ROC AUC exactly (sklearn's, to rounding) from each class's scores split by truth — one
 * float32 a row for a binary model fed float32 probabilities (onnxruntime's), K of them for K classes;
 * `single: false` keeps doubles when the probabilities are not float32 values.
 */
export class MetricsStream {
  private readonly confusion: number[][];
  private readonly loss = new ExactSum();
  private n = 0;
  private correct = 0;
  /** Per class k: [scores of class k on rows whose truth is k, … on the other rows]; binary: class 1 only. */
  private readonly scores: [ScoreColumn, ScoreColumn][];

  constructor(private readonly labels: readonly string[], options: { single?: boolean } = {}) {
    const K = labels.length;
    this.confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
    const single = options.single ?? false;
    this.scores = Array.from({ length: K === 2 ? 1 : K }, () => [new ScoreColumn(single), new ScoreColumn(single)]);
  }

  get rows(): number {
    return this.n;
  }

  /** One row: its true class, its decided class, its probabilities at `data[at … at + K)`. */
  add(yTrue: number, yPred: number, data: ArrayLike<number>, at = 0): void {
    const K = this.labels.length;
    this.n++;
    this.confusion[yTrue][yPred]++;
    if (yTrue === yPred) this.correct++;
    this.loss.add(rowLogLoss(data, at, K, yTrue));
    if (K === 2) this.scores[0][yTrue === 1 ? 0 : 1].push(data[at + 1]);
    else for (let k = 0; k < K; k++) this.scores[k][yTrue === k ? 0 : 1].push(data[at + k]);
  }

  /** The metrics (undefined before any row); the score columns are consumed. */
  result(options: { rocPoints?: number } = {}): PredictMetrics | undefined {
    const K = this.labels.length;
    const n = this.n;
    if (n === 0 || K === 0) return undefined;
    const confusion = this.confusion;
    const perClass: PredictMetrics['perClass'] = {};
    let mp = 0, mr = 0, mf = 0;
    for (let k = 0; k < K; k++) {
      const tp = confusion[k][k];
      const predicted = confusion.reduce((a, row) => a + row[k], 0);
      const support = confusion[k].reduce((a, b) => a + b, 0);
      const precision = predicted ? tp / predicted : 0;
      const recall = support ? tp / support : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      perClass[this.labels[k]] = { precision, recall, f1, support };
      mp += precision; mr += recall; mf += f1;
    }
    let auc: number | undefined;
    let roc: PredictMetrics['roc'];
    if (K === 2) {
      const pos = this.scores[0][0].sorted();
      const neg = this.scores[0][1].sorted();
      auc = aucOfSorted(pos, neg);
      if (auc !== undefined) roc = curveOfSorted(pos, neg, options.rocPoints ?? Infinity);
    } else {
      const aucs: number[] = [];
      for (let k = 0; k < K; k++) {
        const a = aucOfSorted(this.scores[k][0].sorted(), this.scores[k][1].sorted());
        if (a === undefined) { aucs.length = 0; break; }
        aucs.push(a);
      }
      if (aucs.length === K) auc = aucs.reduce((a, b) => a + b, 0) / K;
    }
    return {
      accuracy: this.correct / n, perClass, macro: { precision: mp / K, recall: mr / K, f1: mf / K },
      rocAuc: auc, logLoss: this.loss.value() / n, confusion: confusion.map((row) => [...row]), labels: [...this.labels], roc,
    };
  }
}

/** All metrics: yTrue and yPred are class indices into `labels`; proba[i][k] the probability of class k. */
export function classificationMetrics(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, probabilities: Probabilities, labels: string[], options: { rocPoints?: number } = {},
): PredictMetrics {
  const { data, width } = flat(probabilities);
  const stream = new MetricsStream(labels, { single: data instanceof Float32Array });
  for (let i = 0; i < yTrue.length; i++) stream.add(yTrue[i], yPred[i], data, i * width);
  return stream.result(options) ?? {
    accuracy: NaN, perClass: {}, macro: { precision: 0, recall: 0, f1: 0 }, logLoss: NaN, confusion: labels.map(() => labels.map(() => 0)), labels,
  };
}
