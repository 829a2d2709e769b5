/**
 * The editor's predict request as a job (engines/core/host.ts): one item (the CSV and its model,
 * from the request or the `predict` section of archipel.yaml), refused in an untrusted workspace
 * since a model is executed.
 */
import path from 'node:path';
import type { PredictParams } from '../../protocol/predict';
import { t } from '../../l10n/t';
import type { JobSpec } from '../core/host';
import type { PredictItemResult } from './job';
import type { PredictJob } from './run';

/** The run a request asks for, its model and paths resolved; throws when no model is named or configured. */
export type PredictConfigSource = (params: PredictParams) => PredictJob;

export function predictJobSpec(configFor: PredictConfigSource): JobSpec<PredictParams, PredictJob, PredictItemResult> {
  return {
    family: 'predict',
    title: (params) => t('Predicting {0}', path.basename(params.input)),
    executes: () => t('runs a prediction model (.onnx file) from the workspace'),
    // A request without a model, where none is configured, throws (PredictConfigError): the editor
    // answers it as an error so that the client can offer a picker.
    plan: (params) => Promise.resolve({ items: [configFor(params)], results: [] }),
    options: () => ({}),
  };
}
