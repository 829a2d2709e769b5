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

type Scores = Float32Array | Float64Array;

/**
 * Where a metrics stream puts sorted runs of scores once those in memory pass its budget, and reads
 * them back a block at a time: the scores of a 10 GB file (hundreds of MB) are not held in memory.
 * Pure here (MemoryRunStore); engines/predict/spill.ts keeps the runs in a temporary file.
 */
export interface RunStore {
  /** Appends the values' bytes (as they are in memory); answers the byte offset where they start. */
  append(values: Scores): number;
  /** Fills `into` with the values stored from byte `offset` on (throws when the store has fewer). */
  read(offset: number, into: Scores): void;
  /** Gives up what the store holds (a file is removed); idempotent. */
  dispose(): void;
}

/** A run store in memory: the reference of the file-backed one, and what tests spill to. */
export class MemoryRunStore implements RunStore {
  private bytes = new Uint8Array(0);
  private size = 0;
  append(values: Scores): number {
    const at = this.size;
    const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    if (at + view.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, at + view.length));
      grown.set(this.bytes.subarray(0, at));
      this.bytes = grown;
    }
    this.bytes.set(view, at);
    this.size += view.length;
    return at;
  }
  read(offset: number, into: Scores): void {
    if (offset < 0 || offset + into.byteLength > this.size) throw new RangeError(`run store: ${into.byteLength} bytes at ${offset} are past its ${this.size}`);
    new Uint8Array(into.buffer, into.byteOffset, into.byteLength).set(this.bytes.subarray(offset, offset + into.byteLength));
  }
  dispose(): void {
    this.bytes = new Uint8Array(0);
    this.size = 0;
  }
}

/** A run in a store: `length` values from byte `offset`, highest first. */
class StoredRun {
  constructor(readonly offset: number, readonly length: number) {}
}

/** A sorted run of scores: in memory ascending (one array, or a chunk of a ScoreColumn sorted in place), or in a store. */
type Run = ArrayLike<number> | StoredRun;
type Runs = readonly Run[];

/**
 * The store stored runs are read from, in blocks of `block` values of the stream's type — smaller
 * when a walk has so many runs that their blocks would pass `budget` / 2 values (at least 64 each).
 */
interface Stored {
  store: RunStore;
  block: number;
  budget: number;
  single: boolean;
}

/**
 * The values of sorted runs from the highest down, merged through a max-heap of the runs' next
 * values: the chunks of a million-row column need no merged copy (which doubled the peak memory). A
 * stored run is read one block at a time (reversed in place: each run's values in hand are ascending,
 * taken from the end), so that walking R stored runs holds R blocks, whatever their lengths.
 */
class Descending {
  /** Per run: its values in hand (ascending), and the index of the next one (-1: none in hand). */
  private readonly values: ArrayLike<number>[];
  private readonly next: Int32Array;
  /** Per stored run: its block, the byte offset of its next block, the values not read yet. */
  private readonly blocks: (Scores | undefined)[];
  private readonly at: Float64Array;
  private readonly left: Float64Array;
  private readonly heap: number[] = [];
  constructor(runs: Runs, private readonly stored?: Stored) {
    const n = runs.length;
    this.values = new Array<ArrayLike<number>>(n);
    this.next = new Int32Array(n);
    this.blocks = new Array<Scores | undefined>(n);
    this.at = new Float64Array(n);
    this.left = new Float64Array(n);
    const storedRuns = runs.filter((r) => r instanceof StoredRun).length;
    const block = stored ? Math.min(stored.block, Math.max(64, Math.floor(stored.budget / 2 / storedRuns))) : 0;
    runs.forEach((r, k) => {
      if (r instanceof StoredRun) {
        if (!stored) throw new Error('a stored run without its store');
        const size = Math.max(1, Math.min(block, r.length));
        this.blocks[k] = stored.single ? new Float32Array(size) : new Float64Array(size);
        this.values[k] = this.blocks[k]!;
        this.next[k] = -1;
        this.at[k] = r.offset;
        this.left[k] = r.length;
        this.refill(k);
      } else {
        this.values[k] = r;
        this.next[k] = r.length - 1;
      }
      if (this.next[k] >= 0) this.push(k);
    });
  }
  /** Reads a stored run's next block; false when it has none left. */
  private refill(k: number): boolean {
    const left = this.left[k];
    if (left === 0) return false;
    const block = this.blocks[k]!;
    const m = Math.min(block.length, left);
    const into = m === block.length ? block : block.subarray(0, m);
    this.stored!.store.read(this.at[k], into);
    into.reverse();
    this.at[k] += into.byteLength;
    this.left[k] = left - m;
    this.values[k] = into;
    this.next[k] = m - 1;
    return true;
  }
  private value(k: number): number {
    return this.values[k][this.next[k]];
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
  /** The top run, once values were taken from it: sifted down by its next value (a stored run's next block read when it has none in hand), or dropped when it has no more. */
  private advanced(k: number): void {
    const h = this.heap;
    if (this.next[k] >= 0 || this.refill(k)) this.siftDown();
    else {
      const last = h.pop()!;
      if (h.length) { h[0] = last; this.siftDown(); }
    }
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
      const run = this.values[k];
      let i = this.next[k];
      while (i >= 0 && run[i] === t) { i--; n++; }
      this.next[k] = i;
      // A stored run's values equal to t may go on in its next block: refilled, it is back on top.
      this.advanced(k);
    }
    return n;
  }
  /**
   * Moves the next values, highest first, into `into` (as many as it holds); answers how many. The
   * top run gives every value down to the best of the others' at once.
   */
  drain(into: Scores): number {
    const h = this.heap;
    let m = 0;
    while (m < into.length && h.length) {
      const k = h[0];
      const bound = h.length > 2 ? Math.max(this.value(h[1]), this.value(h[2])) : h.length > 1 ? this.value(h[1]) : -Infinity;
      const run = this.values[k];
      let i = this.next[k];
      // The top's value is the highest left: taken whatever it compares to.
      do into[m++] = run[i--]; while (i >= 0 && m < into.length && run[i] >= bound);
      this.next[k] = i;
      if (i < 0) this.advanced(k);
      else this.siftDown();
    }
    return m;
  }
}

const total = (runs: Runs): number => runs.reduce((a, r) => a + r.length, 0);

/**
 * Walks the thresholds from the highest score down (every sample at or above one counts), calling
 * `at` with each ROC point's index and counts; answers the number of points and the Mann–Whitney U
 * (for each positive, the negatives below it and half of those equal to it: a sum of halves of
 * integers, exact in a double far beyond any file's rows). Runs split anywhere (in chunks, in
 * stored runs, across blocks) walk to the same points as one sorted array.
 */
function walk(pos: Runs, neg: Runs, stored?: Stored, at?: (index: number, fp: number, tp: number) => void): { points: number; u: number } {
  const N = total(neg);
  const p = new Descending(pos, stored);
  const q = new Descending(neg, stored);
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

/** ROC AUC of the positive and negative scores (undefined when a side is empty): U / (|pos|·|neg|), and the ROC points' count. */
function aucOfRuns(pos: Runs, neg: Runs, stored?: Stored): { auc: number; points: number } | undefined {
  const P = total(pos), N = total(neg);
  if (P === 0 || N === 0) return undefined;
  const { u, points } = walk(pos, neg, stored);
  return { auc: u / (P * N), points };
}

/** Binary ROC AUC = Mann–Whitney U, ties counted half (equals sklearn's trapezoidal roc_auc_score). */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number | undefined {
  // A NaN score has no rank (scikit-learn refuses the input): no AUC.
  for (let i = 0; i < score.length; i++) if (Number.isNaN(score[i])) return undefined;
  const { pos, neg } = splitSorted(yTrue, score);
  return aucOfRuns([pos], [neg])?.auc;
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

/** The curve's points; `count`, when the caller's walk knows it, spares a walk to count them. */
function curveOfRuns(pos: Runs, neg: Runs, maxPoints: number, stored?: Stored, count?: number): { fpr: number[]; tpr: number[] } {
  const P = total(pos), N = total(neg);
  const fpr: number[] = [];
  const tpr: number[] = [];
  const push = (fp: number, tp: number) => { fpr.push(N ? fp / N : NaN); tpr.push(P ? tp / P : NaN); };
  const points = maxPoints === Infinity ? Infinity : count ?? walk(pos, neg, stored).points;
  if (points <= maxPoints + 1 || maxPoints === Infinity) {
    walk(pos, neg, stored, (_, fp, tp) => push(fp, tp));
    return { fpr, tpr };
  }
  const step = (points - 1) / maxPoints;
  let next = 0;
  walk(pos, neg, stored, (index, fp, tp) => {
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

/** Chunks of scores given back by a spill, for the next ones (all of one type and length). */
type ChunkPool = Scores[];

/**
 * A column of scores kept compactly: chunks of a typed array (no doubling copy), each sorted in
 * place at the end and merged as they are walked; with a store, the chunks in memory are merged
 * into one run appended to it whenever the stream's budget is reached (spill), and given back.
 */
class ScoreColumn {
  private chunks: Scores[] = [];
  private used: number;
  /** Values in memory (the chunks'), and in all. */
  held = 0;
  length = 0;
  private readonly stored: StoredRun[] = [];
  constructor(private readonly single: boolean, private readonly chunk: number, private readonly pool: ChunkPool) {
    this.used = chunk;
  }
  push(v: number): void {
    if (this.used === this.chunk) {
      this.chunks.push(this.pool.pop() ?? (this.single ? new Float32Array(this.chunk) : new Float64Array(this.chunk)));
      this.used = 0;
    }
    this.chunks[this.chunks.length - 1][this.used++] = v;
    this.held++;
    this.length++;
  }
  /** The chunks in memory, each sorted in place (no copy). */
  private sorted(): Scores[] {
    const last = this.chunks.length - 1;
    return this.chunks.map((chunk, k) => (k === last ? chunk.subarray(0, this.used) : chunk).sort());
  }
  /** Merges the values in memory into one run, highest first, appended to `store` through `block`; their chunks go back to the pool. */
  spill(store: RunStore, block: Scores): void {
    if (this.held === 0) return;
    const merge = new Descending(this.sorted());
    let offset = -1;
    for (let m = merge.drain(block); m > 0; m = merge.drain(block)) {
      const at = store.append(m === block.length ? block : block.subarray(0, m));
      if (offset < 0) offset = at;
    }
    this.stored.push(new StoredRun(offset, this.held));
    this.pool.push(...this.chunks);
    this.chunks = [];
    this.used = this.chunk;
    this.held = 0;
  }
  /** The scores as sorted runs: those stored, and the chunks in memory sorted in place. */
  runs(): Run[] {
    return [...this.stored, ...this.sorted()];
  }
}

/** Scores a metrics stream holds in memory at most once it may spill (8 MB of float32, 16 MB of doubles). */
export const SPILL_BUDGET = 1 << 21;
/**
 * Values read at a time from each stored run while walking (64 KB of float32); fewer when a column
 * has more than 64 runs, so that its blocks stay within half the budget.
 */
export const SPILL_BLOCK = 1 << 14;
/** Values per in-memory chunk of a score column. */
const CHUNK = 1 << 16;

export interface MetricsStreamOptions {
  /** The probabilities are float32 values (onnxruntime's): kept as such, exactly (default doubles). */
  single?: boolean;
  /**
   * Where sorted runs go once `budget` scores (default SPILL_BUDGET) are in memory, read back in
   * blocks of `block` values (default SPILL_BLOCK): `store` is called at the first spill only (a run
   * under the budget has none). Without it every score stays in memory.
   */
  spill?: { store: () => RunStore; budget?: number; block?: number };
  /** Values per in-memory chunk (default 65,536; at most the budget). */
  chunk?: number;
}

/**
 * Classification metrics streamed one row at a time, in memory that does not hold the rows:
 * accuracy, precision, recall and F1 from the confusion counts (exact), log loss summed as NumPy does,
 * and ROC AUC exactly (sklearn's, to rounding) from each class's scores split by truth — one
 * float32 a row for a binary model fed float32 probabilities (onnxruntime's), K of them for K classes;
 * `single: false` keeps doubles when the probabilities are not float32 values. With `spill`, the
 * scores in memory stay under a budget: past it they are sorted into runs in a store, merged from
 * there a block at a time when the metrics are asked for — the same values walked in the same order,
 * so the same AUC and curve to the bit.
 */
export class MetricsStream {
  private readonly confusion: number[][];
  private readonly loss = new NumpySum();
  private n = 0;
  private correct = 0;
  /** Per class k: [scores of class k on rows whose truth is k, … on the other rows]; binary: class 1 only. */
  private readonly scores: [ScoreColumn, ScoreColumn][];
  private readonly single: boolean;
  private readonly budget: number;
  private readonly block: number;
  private readonly openStore?: () => RunStore;
  private store?: RunStore;
  private writeBlock?: Scores;
  /** Scores in memory, all columns together. */
  private held = 0;
  /** A row had a NaN probability: it has no rank, so there is no ROC AUC or curve (scikit-learn refuses such input). */
  private unranked = false;

  constructor(private readonly labels: readonly string[], options: MetricsStreamOptions = {}) {
    const K = labels.length;
    this.confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
    this.single = options.single ?? false;
    this.openStore = options.spill?.store;
    this.budget = this.openStore ? Math.max(1, options.spill?.budget ?? SPILL_BUDGET) : Infinity;
    this.block = Math.max(1, options.spill?.block ?? SPILL_BLOCK);
    const chunk = Math.max(1, Math.min(options.chunk ?? CHUNK, this.budget));
    const pool: ChunkPool = [];
    this.scores = Array.from({ length: K === 2 ? 1 : K }, () => [new ScoreColumn(this.single, chunk, pool), new ScoreColumn(this.single, chunk, pool)]);
  }

  get rows(): number {
    return this.n;
  }

  /** Whether scores went to a store (created at the first spill). */
  get spilled(): boolean {
    return this.store !== undefined;
  }

  /** One row: its true class, its decided class, its probabilities at `data[at … at + K)`. */
  add(yTrue: number, yPred: number, data: ArrayLike<number>, at = 0): void {
    const K = this.labels.length;
    this.n++;
    this.confusion[yTrue][yPred]++;
    if (yTrue === yPred) this.correct++;
    this.loss.add(rowLogLoss(data, at, K, yTrue));
    if (this.unranked) return;
    for (let k = 0; k < K; k++) {
      if (Number.isNaN(data[at + k])) {
        this.unranked = true;
        return;
      }
    }
    if (K === 2) {
      this.scores[0][yTrue === 1 ? 0 : 1].push(data[at + 1]);
      this.held++;
    } else {
      for (let k = 0; k < K; k++) this.scores[k][yTrue === k ? 0 : 1].push(data[at + k]);
      this.held += K;
    }
    if (this.held >= this.budget) this.spill();
  }

  /** Every column's scores in memory sorted into a run of the store. */
  private spill(): void {
    this.store ??= this.openStore!();
    this.writeBlock ??= this.single ? new Float32Array(this.block) : new Float64Array(this.block);
    for (const pair of this.scores) for (const column of pair) column.spill(this.store, this.writeBlock);
    this.held = 0;
  }

  /** Gives the store up (its file removed): after the metrics, or when the run fails. Idempotent. */
  dispose(): void {
    const store = this.store;
    this.store = undefined;
    store?.dispose();
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
    const stored: Stored | undefined = this.store ? { store: this.store, block: this.block, budget: this.budget, single: this.single } : undefined;
    let auc: number | undefined;
    let roc: PredictMetrics['roc'];
    if (this.unranked) {
      // No AUC, no curve.
    } else if (K === 2) {
      const pos = this.scores[0][0].runs();
      const neg = this.scores[0][1].runs();
      // One walk gives the AUC and the count of points the curve is thinned by.
      const a = aucOfRuns(pos, neg, stored);
      if (a) {
        auc = a.auc;
        roc = curveOfRuns(pos, neg, options.rocPoints ?? Infinity, stored, a.points);
      }
    } else {
      const aucs: number[] = [];
      for (let k = 0; k < K; k++) {
        const a = aucOfRuns(this.scores[k][0].runs(), this.scores[k][1].runs(), stored);
        if (a === undefined) { aucs.length = 0; break; }
        aucs.push(a.auc);
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
