/**
 * The predict family's request: `archipel/predict`, a job on the job layer run in the predict
 * process (refused in an untrusted workspace: a model is executed), followed by
 * `archipel/predictionResult` so that an open dashboard follows every run. A request without a
 * model takes the `predict` section of the input's nearest archipel.yaml; with neither, it fails
 * with a message saying so (and `data.missingModel`), and the client offers a picker.
 */
import path from 'node:path';
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { JobWorker } from '../engines/core/host';
import { processWorker } from '../engines/core/workers';
import { predictJobSpec } from '../engines/predict/spec';
import { t } from '../l10n/t';
import { PredictConfigError, resolvePrediction } from '../predict/config';
import { PredictionResultNotification, PredictRequest, type PredictParams, type PredictResponse } from '../protocol/predict';
import type { SchemaEngine } from '../schema/engine';
import type { WorkspaceIndex } from '../workspace/index';
import { answerJob } from './jobs';

export interface PredictServices {
  index: WorkspaceIndex;
  /** Workspace folders, as file system paths: outputs are written inside them. */
  workspaceFolders(): readonly string[];
  /** schemas/archipel.json's engine (archipel.yaml's predict section), loaded on first use. */
  schema(): SchemaEngine;
  trust: { readonly trusted: boolean };
  /** The predict process's script (dist/server/predictWorker.js). */
  workerScript: string;
  log(message: string): void;
}

/** How long an idle predict process is kept (the next run skips starting Node and onnxruntime). */
const IDLE_MS = 120_000;
/** A predict process that has not stopped this long after a Cancel is ended (it stops between batches). */
const CANCEL_GRACE_MS = 5_000;

const inside = (folder: string, file: string) => !path.relative(folder, file).startsWith('..') && !path.isAbsolute(path.relative(folder, file));

/** Registers archipel/predict; `dispose` ends the predict process (at shutdown). */
export function registerPredictRequests(connection: Connection, services: PredictServices): { dispose(): void } {
  const worker = new JobWorker({ name: 'the predict process', start: processWorker(services.workerScript, { name: 'predict process', log: services.log }), idleMs: IDLE_MS, cancelGraceMs: CANCEL_GRACE_MS, log: services.log });
  const spec = predictJobSpec((params) => {
    const job = resolvePrediction(params, { index: services.index, engine: services.schema() });
    // A folder from archipel.yaml must stay in the workspace; a file the user named is theirs.
    const folders = services.workspaceFolders();
    if (job.outputFolder && folders.length > 0 && !folders.some((f) => inside(f, job.outputFolder!))) {
      throw new PredictConfigError(t('predict.outputFolder {0} is outside the workspace: predictions are written inside it', job.outputFolder));
    }
    return job;
  });
  connection.onRequest(PredictRequest, async (params: PredictParams, token): Promise<PredictResponse> => {
    let outcome;
    try {
      outcome = await answerJob(connection, spec, params, token, { trusted: services.trust.trusted, worker });
    } catch (error) {
      if (error instanceof PredictConfigError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message, { missingModel: error.missingModel });
      throw error;
    }
    const [result] = outcome.results;
    if (!result || outcome.cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, t('Prediction cancelled'));
    if (result.error !== undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
    void connection.sendNotification(PredictionResultNotification, result);
    return result;
  });
  const dispose = () => worker.dispose();
  process.on('exit', dispose);
  return {
    dispose: () => {
      process.off('exit', dispose);
      dispose();
    },
  };
}
