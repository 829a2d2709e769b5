/**
 * The Prediction dashboard's messages (host ↔ page) and the run-time schema of the server's
 * `PredictResponse` (server/src/protocol/predict.ts). `Exact` proves at compile time that the schema
 * accepts exactly the protocol type. DOM-free: the host imports it too.
 */
import * as v from 'valibot';
import type { PredictResponse } from '../../server/src/protocol/predict';
import { commonToHost } from '../shared/messages';

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T | undefined => undefined;

/** Bounds on what a page accepts: the server downsamples the series and keeps the first 100 skipped rows. */
const MAX_POINTS = 200_000;
const MAX_CLASSES = 1_000;

const text = v.pipe(v.string(), v.maxLength(100_000));
const name = v.pipe(v.string(), v.maxLength(1_000));
/** JSON turns NaN and ±Infinity into null: read back as NaN, shown as "—". */
const num = v.union([v.number(), v.pipe(v.null(), v.transform(() => Number.NaN))]);
const numbers = v.pipe(v.array(num), v.maxLength(MAX_POINTS));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const HistogramSchema = v.object({ edges: v.pipe(v.array(num), v.maxLength(1_001)), reference: v.pipe(v.array(count), v.maxLength(1_000)), current: v.pipe(v.array(count), v.maxLength(1_000)) });

const MetricsSchema = v.object({
  accuracy: num,
  perClass: v.record(name, v.object({ precision: num, recall: num, f1: num, support: count })),
  macro: v.object({ precision: num, recall: num, f1: num }),
  rocAuc: v.optional(num),
  logLoss: num,
  confusion: v.pipe(v.array(v.pipe(v.array(count), v.maxLength(MAX_CLASSES))), v.maxLength(MAX_CLASSES)),
  labels: v.pipe(v.array(name), v.maxLength(MAX_CLASSES)),
  roc: v.optional(v.object({ fpr: numbers, tpr: numbers })),
});

const DriftSchema = v.object({
  features: v.pipe(
    v.array(v.object({ feature: name, method: v.picklist(['ks', 'wasserstein', 'psi']), score: num, threshold: num, drift: v.boolean(), histogram: v.optional(HistogramSchema) })),
    v.maxLength(10_000),
  ),
  drifted: count,
  share: num,
  datasetDrift: v.boolean(),
});

export const PredictResponseSchema = v.object({
  model: text,
  input: text,
  output: text,
  rows: v.object({ read: count, predicted: count, skipped: count }),
  skipped: v.pipe(v.array(v.object({ line: count, reason: text })), v.maxLength(1_000)),
  classes: v.record(name, count),
  metrics: v.optional(MetricsSchema),
  drift: v.optional(DriftSchema),
  ms: v.object({ read: num, features: num, inference: num, write: num }),
  series: v.optional(
    v.object({
      date: v.pipe(v.array(name), v.maxLength(MAX_POINTS)),
      close: v.optional(numbers),
      ticker: v.optional(v.pipe(v.array(name), v.maxLength(MAX_POINTS))),
      prediction: v.pipe(v.array(name), v.maxLength(MAX_POINTS)),
      probabilities: v.pipe(v.array(numbers), v.maxLength(MAX_CLASSES)),
      yTrue: v.optional(numbers),
      step: v.pipe(v.number(), v.integer(), v.minValue(1)),
    }),
  ),
  probabilityHistogram: v.optional(v.object({ edges: v.pipe(v.array(num), v.maxLength(1_001)), counts: v.pipe(v.array(count), v.maxLength(1_000)) })),
});
same<Exact<v.InferOutput<typeof PredictResponseSchema>, PredictResponse>>();

/** Host → page: the latest run's result (after Predict, and after every re-run), or none yet. */
export const PredictToPage = v.variant('type', [
  v.object({ type: v.literal('result'), result: PredictResponseSchema }),
  v.object({ type: v.literal('empty') }),
]);
export type PredictToPage = v.InferOutput<typeof PredictToPage>;

/** Page → host: the common messages, "open this file" (the predictions CSV, the model, the input), and "retrain as an experiment". */
export const PredictToHost = v.variant('type', [...commonToHost, v.object({ type: v.literal('open'), path: text }), v.object({ type: v.literal('retrain') })]);
export type PredictToHost = v.InferOutput<typeof PredictToHost>;

/**
 * What VS Code keeps for the panel: the result it shows (bounded: the server downsamples the series),
 * so a reload shows it again without running the model.
 */
export const PredictState = v.object({ result: PredictResponseSchema });
export type PredictState = v.InferOutput<typeof PredictState>;
