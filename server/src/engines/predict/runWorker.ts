/**
 * The thread a CLI prediction run reads, computes and writes on (bundled as dist/server/predictRun.js;
 * see bounded.ts): one predictFile, its answer or its error posted back; a 'cancel' message aborts it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareWorker } from '../core/serve';
import { frPredict } from '../../predict/fr';
import { predictFile, type PredictJob } from './run';

// Its language, error reporting and limits, as every worker entry's (the thread inherits the process's environment).
prepareWorker([frPredict]);

const controller = new AbortController();
parentPort?.on('message', (message) => {
  if (message === 'cancel') controller.abort(new Error('cancelled'));
});
void predictFile((workerData as { job: PredictJob }).job, controller.signal).then(
  (result) => parentPort?.postMessage({ result }),
  (error: unknown) => parentPort?.postMessage({ error: { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) } }),
);
