// Fixture results for the Prediction dashboard. `examplePrediction`: the engine's real run of the
// example (examples/portfolio/prediction: its ONNX forest, OHLCV CSV and reference), exactly as
// `archipel/predict` answers. The others are made by the server's prediction services (ohlcv-22
// features, class decision, scikit-learn metrics, drift) over a seeded synthetic OHLCV series, with
// a fixed logistic score of two features standing in for the model, to vary what the page gets.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PredictResponse } from '../../server/src/protocol/predict';
import { decideClass } from '../../server/src/predict/decision';
import { driftReport } from '../../server/src/predict/drift';
import { classificationMetrics } from '../../server/src/predict/metrics';
import { OHLCV22_FEATURES, ohlcv22 } from '../../server/src/predict/ohlcv22';
import { random } from '../../server/test/random';
import { predictFile } from '../../server/src/engines/predict/run';
import { PORTFOLIO } from './fixtures';

/** A random walk of `rows` trading days with its OHLCV columns; `drift` shifts the volatility (a changed market). */
export function syntheticOhlcv(rows: number, seed: number, volatility = 0.012) {
  const next = random(seed);
  const dates: string[] = [];
  const open: number[] = [], high: number[] = [], low: number[] = [], close: number[] = [], volume: number[] = [];
  let price = 100;
  const day = new Date(Date.UTC(2024, 0, 2));
  for (let i = 0; i < rows; i++) {
    const o = price * (1 + (next() - 0.5) * volatility * 0.5);
    const c = o * (1 + (next() - 0.48) * volatility * 2);
    open.push(o);
    close.push(c);
    high.push(Math.max(o, c) * (1 + next() * volatility));
    low.push(Math.min(o, c) * (1 - next() * volatility));
    volume.push(Math.round(1e6 * (0.5 + next())));
    dates.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + (day.getUTCDay() === 5 ? 3 : 1));
    price = c;
  }
  return { dates, open, high, low, close, volume };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface FixtureOptions {
  rows?: number;
  seed?: number;
  /** Names the two classes (index 0 and 1). */
  labels?: [string, string];
  /** Renames one feature in the drift table (the hostile-string test). */
  featureName?: (name: string) => string;
  threshold?: number;
}

/** A binary ohlcv-22 run with metrics, drift against a calmer reference, the series and skipped warm-up rows. */
export function binaryPrediction(options: FixtureOptions = {}): PredictResponse {
  const rows = options.rows ?? 320;
  const labels = options.labels ?? ['DOWN', 'UP'];
  const data = syntheticOhlcv(rows, options.seed ?? 17);
  const table = ohlcv22(data);
  const rsi = table.features[OHLCV22_FEATURES.indexOf('RSI')];
  const hist = table.features[OHLCV22_FEATURES.indexOf('MACD_Hist')];
  const kept = Array.from({ length: rows }, (_, i) => i).filter((i) => table.defined[i]);
  const skippedRows = Array.from({ length: rows }, (_, i) => i).filter((i) => !table.defined[i]).map((i) => ({ line: i + 2, reason: 'warm-up: a feature is undefined (SMA_50 needs 50 rows)' }));
  const proba = kept.map((i) => {
    const p1 = sigmoid((50 - rsi[i]) / 12 + hist[i] * 2);
    return [1 - p1, p1];
  });
  const decided = proba.map((p) => decideClass(p, options.threshold ?? 0.5));
  const withTarget = kept.map((i, k) => ({ i, k })).filter(({ i }) => Number.isFinite(table.target[i]));
  const metrics = classificationMetrics(
    withTarget.map(({ i }) => table.target[i]),
    withTarget.map(({ k }) => decided[k]),
    withTarget.map(({ k }) => proba[k]),
    [...labels],
  );
  const reference = ohlcv22(syntheticOhlcv(rows, (options.seed ?? 17) + 1, 0.006));
  const refRows = reference.defined.map((d, i) => (d ? i : -1)).filter((i) => i >= 0);
  const names = OHLCV22_FEATURES.map((n) => options.featureName?.(n) ?? n);
  const drift = driftReport(
    names,
    reference.features.map((f) => refRows.map((i) => f[i])),
    table.features.map((f) => kept.map((i) => f[i])),
  );
  const counts = new Array<number>(10).fill(0);
  for (const p of proba) counts[Math.min(9, Math.floor(p[1] * 10))]++;
  const classes: Record<string, number> = { [labels[0]]: 0, [labels[1]]: 0 };
  for (const d of decided) classes[labels[d]]++;
  return {
    model: '/ws/prediction/models/direction.onnx',
    input: '/ws/prediction/data/prices.csv',
    output: '/ws/prediction/data/prices.predictions.csv',
    rows: { read: rows, predicted: kept.length, skipped: skippedRows.length },
    skipped: skippedRows.slice(0, 100),
    classes,
    metrics,
    drift,
    ms: { read: 3.2, features: 1.1, inference: 4.7, write: 0.9 },
    series: {
      date: kept.map((i) => data.dates[i]),
      close: kept.map((i) => data.close[i]),
      prediction: decided.map((d) => labels[d]),
      probabilities: [proba.map((p) => p[0]), proba.map((p) => p[1])],
      yTrue: kept.map((i) => table.target[i]),
      step: 1,
    },
    probabilityHistogram: { edges: Array.from({ length: 11 }, (_, k) => k / 10), counts },
  };
}

/** A three-class run on a non-price input: metrics and a confusion matrix, no ROC, no series, no drift. */
export function multiclassPrediction(): PredictResponse {
  const labels = ['low', 'medium', 'high'];
  const next = random(5);
  const yTrue: number[] = [], yPred: number[] = [], proba: number[][] = [];
  for (let i = 0; i < 90; i++) {
    const truth = i % 3;
    const raw = [next(), next(), next()];
    raw[truth] += 0.8;
    const sum = raw.reduce((a, b) => a + b, 0);
    const p = raw.map((r) => r / sum);
    yTrue.push(truth);
    proba.push(p);
    yPred.push(decideClass(p));
  }
  const classes = Object.fromEntries(labels.map((l, k) => [l, yPred.filter((p) => p === k).length]));
  return {
    model: '/ws/risk/models/risk.onnx',
    input: '/ws/risk/data/claims.csv',
    output: '/ws/risk/data/claims.predictions.csv',
    rows: { read: 92, predicted: 90, skipped: 2 },
    skipped: [{ line: 14, reason: 'column 3 (amount): "n/a" is not a number' }, { line: 40, reason: '2 fields, 5 expected' }],
    classes,
    metrics: classificationMetrics(yTrue, yPred, proba, labels),
    ms: { read: 0.8, features: 0.1, inference: 1.2, write: 0.3 },
  };
}

/** The example's run: predictions written to a temporary folder (removed), the answer returned. */
export async function examplePrediction(): Promise<PredictResponse> {
  const example = path.join(PORTFOLIO, 'prediction');
  const out = mkdtempSync(path.join(os.tmpdir(), 'archipel-predict-fixture-'));
  try {
    return await predictFile({
      model: path.join(example, 'model.onnx'),
      input: path.join(example, 'prices.csv'),
      recipe: 'ohlcv-22',
      reference: path.join(example, 'reference.csv'),
      out: path.join(out, 'prices.predictions.csv'),
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
