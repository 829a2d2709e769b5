/**
 * The predict family's request: `archipel/predict`, a job on the job layer run in the predict
 * process (refused in an untrusted workspace: a model is executed), followed by
 * `archipel/predictionResult` so that an open dashboard follows every run. A request without a
 * model takes the `predict` section of the input's nearest archipel.yaml; with neither, it fails
 * with a message saying so (and `data.missingModel`), and the client offers a picker.
 */
import path from 'node:path';
import type { ComputeRegistry } from '../core/requests';
import { startFamilyWorker } from '../core/familyWorker';
import { predictJobSpec } from './spec';
import { RequestFailure } from '../../features/requests';
import { t } from '../../l10n/t';
import { PredictConfigError, resolvePrediction } from '../../predict/config';
import { PredictionResultNotification, PredictRequest, type PredictParams, type PredictResponse } from '../../protocol/predict';
import type { SchemaEngine } from '../../schema/engine';


const inside = (folder: string, file: string) => !path.relative(folder, file).startsWith('..') && !path.isAbsolute(path.relative(folder, file));

/** Registers archipel/predict; the predict process ends at shutdown. */
/** `archipel`: archipel.yaml's schema, loaded on first use (its descriptor loads it). */
export function registerPredictRequests(registry: ComputeRegistry, archipel: () => SchemaEngine): void {
  const worker = startFamilyWorker(registry, { bundle: 'predictWorker', name: 'predict process' });
  const spec = predictJobSpec((params) => {
    const job = resolvePrediction(params, { index: registry.index, engine: archipel() });
    // A folder from archipel.yaml must stay in the workspace; a file the user named is theirs.
    const folders = registry.workspaceFolders();
    if (job.outputFolder && folders.length > 0 && !folders.some((f) => inside(f, job.outputFolder!))) {
      throw new PredictConfigError(t('predict.outputFolder {0} is outside the workspace: predictions are written inside it', job.outputFolder));
    }
    return job;
  });
  registry.onRequest(PredictRequest, async (params: PredictParams, context): Promise<PredictResponse> => {
    let outcome;
    try {
      outcome = await registry.runJob(spec, params, worker, context);
    } catch (error) {
      if (error instanceof PredictConfigError) throw new RequestFailure(error.message, { missingModel: error.missingModel });
      throw error;
    }
    const [result] = outcome.results;
    if (!result || outcome.cancelled) throw new RequestFailure(t('Prediction cancelled'), undefined, true);
    if (result.error !== undefined) throw new RequestFailure(result.error);
    registry.notify(PredictionResultNotification, result);
    return result;
  });
}
