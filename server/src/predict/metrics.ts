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

/** Binary ROC AUC = Mann–Whitney U, ties counted half (equals sklearn's trapezoidal roc_auc_score). */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number | undefined {
  const { pos, neg } = splitSorted(yTrue, score);
  if (pos.length === 0 || neg.length === 0) return undefined;
  // For each positive: the negatives below it, and half of those equal to it.
  let below = 0, upTo = 0, u = 0;
  for (let i = 0; i < pos.length; i++) {
    while (below < neg.length && neg[below] < pos[i]) below++;
    if (upTo < below) upTo = below;
    while (upTo < neg.length && neg[upTo] <= pos[i]) upTo++;
    u += below + (upTo - below) / 2;
  }
  return u / (pos.length * neg.length);
}

/**
 * sklearn `roc_curve(drop_intermediate=False)` points of the positive class; with `maxPoints`, only
 * the points at indices round(i × (count − 1) / maxPoints), i = 0 … maxPoints, when there are more
 * (a million distinct scores made two million-element arrays only to be thinned afterwards).
 */
export function rocCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>, maxPoints = Infinity): { fpr: number[]; tpr: number[] } {
  const { pos, neg } = splitSorted(yTrue, score);
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

function column(p: { data: ArrayLike<number>; width: number }, k: number): Float64Array {
  const n = p.data.length / p.width;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = p.data[i * p.width + k];
  return out;
}

/** sklearn `log_loss` (1.2): probabilities clipped to [eps, 1−eps] (float64 eps), rows renormalised. */
export function logLoss(yTrue: ArrayLike<number>, proba: Probabilities): number {
  const eps = Number.EPSILON;
  const { data, width } = flat(proba);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let sum = 0;
    for (let k = 0; k < width; k++) sum += Math.min(Math.max(data[i * width + k], eps), 1 - eps);
    s -= Math.log(Math.min(Math.max(data[i * width + yTrue[i]], eps), 1 - eps) / sum);
  }
  return s / yTrue.length;
}

/** All metrics: yTrue and yPred are class indices into `labels`; proba[i][k] the probability of class k. */
export function classificationMetrics(
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, probabilities: Probabilities, labels: string[], options: { rocPoints?: number } = {},
): PredictMetrics {
  const proba = flat(probabilities);
  const K = labels.length;
  const n = yTrue.length;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let correct = 0;
  for (let i = 0; i < n; i++) { confusion[yTrue[i]][yPred[i]]++; if (yTrue[i] === yPred[i]) correct++; }
  const perClass: PredictMetrics['perClass'] = {};
  let mp = 0, mr = 0, mf = 0;
  for (let k = 0; k < K; k++) {
    const tp = confusion[k][k];
    const predicted = confusion.reduce((a, row) => a + row[k], 0);
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[labels[k]] = { precision, recall, f1, support };
    mp += precision; mr += recall; mf += f1;
  }
  let auc: number | undefined;
  let roc: PredictMetrics['roc'];
  if (K === 2) {
    const p1 = column(proba, 1);
    auc = rocAuc(yTrue, p1);
    if (auc !== undefined) roc = rocCurve(yTrue, p1, options.rocPoints);
  } else {
    const aucs: number[] = [];
    for (let k = 0; k < K; k++) {
      const a = rocAuc(Uint8Array.from(yTrue, (y) => (y === k ? 1 : 0)), column(proba, k));
      if (a === undefined) { aucs.length = 0; break; }
      aucs.push(a);
    }
    if (aucs.length === K) auc = aucs.reduce((a, b) => a + b, 0) / K;
  }
  return {
    accuracy: correct / n, perClass, macro: { precision: mp / K, recall: mr / K, f1: mf / K },
    rocAuc: auc, logLoss: logLoss(yTrue, proba), confusion, labels, roc,
  };
}
