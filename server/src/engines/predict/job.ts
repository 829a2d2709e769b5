/**
 * The predict family on the job layer (engines/core): one item per prediction run (a CSV and its
 * model), run in the predict worker; a run that fails (unreadable CSV, refused output, unusable
 * model) is that item's result with its message, as every family's.
 */
import { frPredict } from '../../predict/fr';
import path from 'node:path';
import type { PredictResponse } from '../../protocol/predict';
import type { ItemResult, JobFamily } from '../core/job';
import { predictFileBounded } from './bounded';
import type { PredictJob } from './run';

export type PredictItemResult = PredictResponse & ItemResult;

/** The answer of a run that failed: the contract's shape, empty, with the reason. */
export function failedPrediction(item: PredictJob, message: string): PredictItemResult {
  return {
    model: item.model, input: item.input, output: '', rows: { read: 0, predicted: 0, skipped: 0 }, skipped: [], classes: {},
    ms: { read: 0, features: 0, inference: 0, write: 0 }, error: message,
  };
}

export const predictFamily: JobFamily<PredictJob, PredictItemResult, Record<string, never>> = {
  name: 'predict',
  french: frPredict,
  label: (item) => path.basename(item.input),
  failed: failedPrediction,
  // On a bounded-heap thread, as the CLI's (bounded.ts).
  run: (item, context) => predictFileBounded(item, context.signal),
};
