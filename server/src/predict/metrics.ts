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

/** Scores in sorted runs (each ascending): one array, or the chunks of a ScoreColumn sorted in place. */
type Runs = readonly ArrayLike<number>[];

/**
 * The values of sorted runs from the highest down, merged through a max-heap of the runs' next
 * values: the chunks of a million-row column need no merged copy (which doubled the peak memory).
 */
class Descending {
  private readonly next: Int32Array;
  private readonly heap: number[] = [];
  constructor(private readonly runs: Runs) {
    this.next = Int32Array.from(runs, (r) => r.length - 1);
    runs.forEach((r, k) => { if (r.length > 0) this.push(k); });
  }
  private value(k: number): number {
    return this.runs[k][this.next[k]];
  }
  private push(k: number): void {
    const h = this.heap;
    let i = h.length;
    h.push(k);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.value(h[parent]) >= this.value(k)) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = k;
  }
  private siftDown(): void {
    const h = this.heap;
    const n = h.length;
    const k = h[0];
    const v = this.value(k);
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.value(h[child + 1]) > this.value(h[child])) child++;
      if (this.value(h[child]) <= v) break;
      h[i] = h[child];
      i = child;
    }
    h[i] = k;
  }
  get empty(): boolean {
    return this.heap.length === 0;
  }
  /** The highest value left (-Infinity when none). */
  peek(): number {
    return this.heap.length ? this.value(this.heap[0]) : -Infinity;
  }
  /** Takes every value equal to `t` (the highest left); answers how many. */
  take(t: number): number {
    let n = 0;
    const h = this.heap;
    while (h.length && this.value(h[0]) === t) {
      const k = h[0];
      const run = this.runs[k];
      let i = this.next[k];
      while (i >= 0 && run[i] === t) { i--; n++; }
      this.next[k] = i;
      if (i >= 0) this.siftDown();
      else {
        const last = h.pop()!;
        if (h.length) { h[0] = last; this.siftDown(); }
      }
    }
    return n;
  }
}

const total = (runs: Runs): number => runs.reduce((a, r) => a + r.length, 0);

/**
 * Walks the thresholds from the highest score down (every sample at or above one counts), calling
 * `at` with each ROC point's index and counts; answers the number of points and the Mann–Whitney U
 * (for each positive, the negatives below it and half of those equal to it: a sum of halves of
 * integers, exact in a double far beyond any file's rows).
 */
function walk(pos: Runs, neg: Runs, at?: (index: number, fp: number, tp: number) => void): { points: number; u: number } {
  const N = total(neg);
  const p = new Descending(pos);
  const q = new Descending(neg);
  let tp = 0, fp = 0, index = 0, u = 0;
  at?.(index, 0, 0);
  index++;
  while (!p.empty || !q.empty) {
    const t = Math.max(p.peek(), q.peek());
    const dtp = p.take(t);
    const dfp = q.take(t);
    u += dtp * (N - fp - dfp) + (dtp * dfp) / 2;
    tp += dtp;
    fp += dfp;
    at?.(index, fp, tp);
    index++;
  }
  return { points: index, u };
}

/** ROC AUC of the positive and negative scores (undefined when a side is empty): U / (|pos|·|neg|). */
function aucOfRuns(pos: Runs, neg: Runs): number | undefined {
  const P = total(pos), N = total(neg);
  if (P === 0 || N === 0) return undefined;
  return walk(pos, neg).u / (P * N);
}

/** Binary ROC AUC = Mann–Whitney U, ties counted half (equals sklearn's trapezoidal roc_auc_score). */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number | undefined {
  const { pos, neg } = splitSorted(yTrue, score);
  return aucOfRuns([pos], [neg]);
}

/**
 * sklearn `roc_curve(drop_intermediate=False)` points of the positive class; with `maxPoints`, only
 * the points at indices round(i × (count − 1) / maxPoints), i = 0 … maxPoints, when there are more
 * (a million distinct scores made two million-element arrays only to be thinned afterwards).
 */
export function rocCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, maxPoints = Infinity): { fpr: number[]; tpr: number[] } {
  const { pos, neg } = splitSorted(yTrue, score);
  return curveOfRuns([pos], [neg], maxPoints);
}

function curveOfRuns(pos: Runs, neg: Runs, maxPoints: number): { fpr: number[]; tpr: number[] } {
  const P = total(pos), N = total(neg);
  const fpr: number[] = [];
  const tpr: number[] = [];
  const push = (fp: number, tp: number) => { fpr.push(N ? fp / N : NaN); tpr.push(P ? tp / P : NaN); };
  const count = maxPoints === Infinity ? Infinity : walk(pos, neg).points;
  if (count <= maxPoints + 1 || maxPoints === Infinity) {
    walk(pos, neg, (_, fp, tp) => push(fp, tp));
    return { fpr, tpr };
  }
  const step = (count - 1) / maxPoints;
  let next = 0;
  walk(pos, neg, (index, fp, tp) => {
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
 * A sum of doubles exactly as NumPy's `sum` and `mean` make it on a float64 array (NumPy 1.24, what
 * scikit-learn's log_loss averages with): blocks of 8,192 values (the reduction's buffer), each summed
 * pairwise (8 accumulators up to 128 values, halves above), the blocks' sums added in order. Streamed:
 * one block held at a time, so that a mean of millions of rows is bit-identical to scikit-learn's in
 * 64 KB.
 */
export class NumpySum {
  private static readonly BLOCK = 8192;
  private readonly block = new Float64Array(NumpySum.BLOCK);
  private used = 0;
  private total = 0;
  add(x: number): void {
    this.block[this.used++] = x;
    if (this.used === NumpySum.BLOCK) {
      this.total += pairwise(this.block, 0, this.used);
      this.used = 0;
    }
  }
  value(): number {
    return this.total + (this.used ? pairwise(this.block, 0, this.used) : 0);
  }
}

/** numpy's `pairwise_sum` (umath/loops_utils.h) of a[lo … lo + n). */
function pairwise(a: Float64Array, lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= 128) {
    let r0 = a[lo], r1 = a[lo + 1], r2 = a[lo + 2], r3 = a[lo + 3], r4 = a[lo + 4], r5 = a[lo + 5], r6 = a[lo + 6], r7 = a[lo + 7];
    let i = 8;
    for (const end = n - (n % 8); i < end; i += 8) {
      const at = lo + i;
      r0 += a[at]; r1 += a[at + 1]; r2 += a[at + 2]; r3 += a[at + 3]; r4 += a[at + 4]; r5 += a[at + 5]; r6 += a[at + 6]; r7 += a[at + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
}

/** sklearn `log_loss`'s per-row loss: probabilities clipped to [eps, 1−eps] (float64 eps), the row renormalised. */
function rowLogLoss(data: ArrayLike<number>, at: number, width: number, y: number): number {
  const eps = Number.EPSILON;
  let sum = 0;
  for (let k = 0; k < width; k++) sum += Math.min(Math.max(data[at + k], eps), 1 - eps);
  return -Math.log(Math.min(Math.max(data[at + y], eps), 1 - eps) / sum);
}

/**
 * A column of scores kept compactly: chunks of a typed array (no doubling copy), each sorted in
 * place at the end and merged as they are walked.
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
  /** The scores as sorted runs: each chunk sorted in place (no copy). */
  runs(): (Float32Array | Float64Array)[] {
    const last = this.chunks.length - 1;
    return this.chunks.map((chunk, k) => (k === last ? chunk.subarray(0, this.used) : chunk).sort());
  }
}

/**
 * Classification metrics streamed one row at a time, in memory that does not hold the rows:
 * accuracy, precision, recall and F1 from the confusion counts (exact), log loss summed as NumPy does,
 * and ROC AUC exactly (sklearn's, to rounding) from each class's scores split by truth — one
 * float32 a row for a binary model fed float32 probabilities (onnxruntime's), K of them for K classes;
 * `single: false` keeps doubles when the probabilities are not float32 values.
 */
export class MetricsStream {
  private readonly confusion: number[][];
  private readonly loss = new NumpySum();
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

  /** The metrics (undefined before any row); the score columns are sorted in place. */
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
      const pos = this.scores[0][0].runs();
      const neg = this.scores[0][1].runs();
      auc = aucOfRuns(pos, neg);
      if (auc !== undefined) roc = curveOfRuns(pos, neg, options.rocPoints ?? Infinity);
    } else {
      const aucs: number[] = [];
      for (let k = 0; k < K; k++) {
        const a = aucOfRuns(this.scores[k][0].runs(), this.scores[k][1].runs());
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
