/**
 * The blur process: the language server forks it (dist/server/blurWorker.js) and sends it jobs over
 * IPC, so that decoding, inference and encoding never run on the language server's thread. One job
 * at a time; each file's result is sent as soon as it is done.
 */
import { runJob, type FileResult, type JobItem, type JobOptions } from './job';

export type WorkerJobOptions = Pick<JobOptions, 'mode' | 'source' | 'writeSidecar' | 'previewSize' | 'concurrency' | 'threads'>;

export type ToWorker = { type: 'run'; id: number; items: JobItem[]; options: WorkerJobOptions } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'result'; id: number; result: FileResult; done: number; total: number }
  | { type: 'done'; id: number; cancelled: boolean; error?: string };

const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

function send(message: FromWorker): void {
  process.send?.(message);
}

async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  const { id } = message;
  try {
    const outcome = await runJob(message.items, {
      ...message.options,
      isCancelled: () => cancelled.has(id),
      onResult: (result, done, total) => send({ type: 'result', id, result, done, total }),
    });
    send({ type: 'done', id, cancelled: outcome.cancelled });
  } catch (error) {
    send({ type: 'done', id, cancelled: false, error: error instanceof Error ? error.message : String(error) });
  } finally {
    cancelled.delete(id);
  }
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') cancelled.add(message.id);
  else if (message.type === 'run') queue = queue.then(() => run(message));
});
// The language server went away: nothing left to do.
process.on('disconnect', () => process.exit(0));
