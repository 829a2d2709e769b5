/** Classification metrics with scikit-learn's definitions (zero_division → 0). Pure. */
import type { PredictMetrics } from '../protocol/predict';

/** Binary ROC AUC = Mann–Whitney U with average ranks for ties (equals sklearn's trapezoidal roc_auc_score). */
export function rocAuc(yTrue: ArrayLike<number>, score: ArrayLike<number>): number | undefined {
  const n = yTrue.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]] === score[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (yTrue[idx[k]] === 1) { pos++; rankSum += rank; }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return undefined;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** sklearn `roc_curve(drop_intermediate=False)` points of the positive class. */
export function rocCurve(yTrue: ArrayLike<number>, score: ArrayLike<number>): { fpr: number[]; tpr: number[] } {
  const n = yTrue.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let P = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === 1) P++;
  const N = n - P;
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (yTrue[idx[i]] === 1) tp++; else fp++;
    if (i + 1 === n || score[idx[i + 1]] !== score[idx[i]]) { fpr.push(N ? fp / N : NaN); tpr.push(P ? tp / P : NaN); }
  }
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
  yTrue: ArrayLike<number>, yPred: ArrayLike<number>, probabilities: Probabilities, labels: string[],
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
    if (auc !== undefined) roc = rocCurve(yTrue, p1);
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
