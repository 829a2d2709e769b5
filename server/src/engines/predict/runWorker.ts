/**
 * The thread a CLI prediction run reads, computes and writes on (bundled as dist/server/predictRun.js;
 * see bounded.ts): one predictFile, its answer or its error posted back (and how far it read, when
 * asked); a 'cancel' message aborts it.
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
const { job, progress } = workerData as { job: PredictJob; progress?: boolean };
// How far the input is read, posted to the CLI's progress line when it draws one.
const onRead = progress ? (bytes: number, rows: number) => parentPort?.postMessage({ progress: { bytes, rows } }) : undefined;
void predictFile(job, controller.signal, onRead).then(
  (result) => parentPort?.postMessage({ result }),
  (error: unknown) => parentPort?.postMessage({ error: { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) } }),
);
