/**
 * An inference lane's thread (bundled as dist/server/blurLane.js; see lanes.ts): its own
 * onnxruntime sessions, loaded on first use, one model call at a time. Loads onnxruntime and the
 * decoders only, no imaging library.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { limiter } from '../../common/limiter';
import { runRequest, Sessions, type FromLane, type ToLane } from './lanes';
import { ModelError } from './model';

const port = parentPort;
if (!port) throw new Error('laneWorker.js runs as a worker thread of a blur job');
const sessions = new Sessions((workerData as { threads?: number } | undefined)?.threads ?? 1);
const serial = limiter(1);

function reply(id: number, result: Promise<unknown>): void {
  result.then(
    (value) => port!.postMessage({ id, value } satisfies FromLane),
    (error: unknown) => port!.postMessage({ id, error: error instanceof Error ? error.message : String(error), model: error instanceof ModelError } satisfies FromLane),
  );
}

port.on('message', (message: ToLane) => {
  switch (message.type) {
    case 'describe':
      // Loading is not queued behind inferences: it may overlap a run of another model.
      reply(message.id, sessions.get(message.spec).then((session) => session.description));
      return;
    case 'infer': {
      const { request } = message;
      reply(message.id, serial(async () => runRequest(await sessions.get(request.spec), request)));
      return;
    }
    case 'close':
      // After the inferences already queued. In a worker, exit ends this thread only.
      void serial(() => sessions.releaseAll()).finally(() => process.exit(0));
      return;
  }
});
