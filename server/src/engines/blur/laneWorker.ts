/**
 * An inference lane's thread (bundled as dist/server/blurLane.js; see lanes.ts): its own
 * onnxruntime sessions, loaded on first use, one model call at a time. Loads onnxruntime and the
 * decoders only, no imaging library.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ThreadLane, type FromLane, type ToLane } from './lanes';
import { ModelError } from './model';

const port = parentPort;
if (!port) throw new Error('laneWorker.js runs as a worker thread of a blur job');
// This thread's models, as the job's own thread keeps its (lanes.ts).
const lane = new ThreadLane((workerData as { threads?: number } | undefined)?.threads ?? 1);

function reply(id: number, result: Promise<unknown>): void {
  result.then(
    (value) => port!.postMessage({ id, value } satisfies FromLane),
    (error: unknown) => port!.postMessage({ id, error: error instanceof Error ? error.message : String(error), model: error instanceof ModelError } satisfies FromLane),
  );
}

port.on('message', (message: ToLane) => {
  switch (message.type) {
    case 'describe':
      reply(message.id, lane.describe(message.spec));
      return;
    case 'infer':
      reply(message.id, lane.infer(message.request));
      return;
    case 'close':
      // After the inferences already queued. In a worker, exit ends this thread only.
      void lane.close().finally(() => process.exit(0));
      return;
  }
});
