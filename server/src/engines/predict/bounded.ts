/**
 * A prediction run on a thread of its own with a bounded heap (the CLI's `archipel predict`). The
 * run's memory does not grow with the rows (run.ts), but V8 lets a heap that allocates as fast as
 * CSV parsing does grow to several hundred MB of garbage before collecting it: a thread with a
 * small young generation and a capped old one collects early, and the process's peak RSS stays
 * under 300 MB at any input size (docs/predictions-at-scale.md). Runs in this thread when the
 * script is missing (a test on the tsc output without the bundle).
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PredictResponse } from '../../protocol/predict';
import { ort } from '../onnx/runtime';
import { predictFile, PredictError, predictionsPath, type PredictJob, type ReadProgress } from './run';

/**
 * Young generation (MB): collected every few MB of garbage. At 6 MB the collections were 42 % of the
 * run thread's time on 1M rows when every pending row was an object (each collection copied those
 * still alive), at 32 MB 22 %. The rows are columns now (#42): at 16 MB the whole process takes 3–4 %
 * more CPU than at 32 MB and peaks ~20 MB lower, which keeps a 1 GB file's run under 300 MB.
 */
const YOUNG_MB = 16;
/** Old generation cap (MB): what the run keeps (MAX_PENDING rows, the series, the samples, the ROC scores up to their spill budget) fits well under it. */
const OLD_MB = 192;

/** The run thread's script: next to the bundle (dist/server/predictRun.js) or compiled by tsc (out/). */
function runScript(): string | undefined {
  return [path.join(__dirname, 'predictRun.js'), path.join(__dirname, 'runWorker.js')].find((file) => existsSync(file));
}

/** An error from the run thread, with its class's name kept (the CLI answers usage errors apart). */
export class RunThreadError extends Error {
  constructor(override readonly name: string, message: string) {
    super(message);
  }
}

/**
 * Removes the temporary files a run thread that died (out of memory, terminated) left beside its
 * output: `.<name>.<12 hex>.tmp` (engines/core/output.ts's tempName), those created since `since`.
 */
async function removeLeftovers(job: PredictJob, since: number): Promise<void> {
  const output = path.resolve(job.out ?? predictionsPath(path.resolve(job.input), job.outputFolder));
  const folder = path.dirname(output);
  const prefix = `.${path.basename(output)}.`;
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) continue;
    const file = path.join(folder, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs >= since - 1000) await fs.rm(file, { force: true });
  }
}

export async function predictFileBounded(job: PredictJob, signal?: AbortSignal, onRead?: ReadProgress): Promise<PredictResponse> {
  const script = runScript();
  if (!script) return predictFile(job, signal, onRead);
  // This thread holds onnxruntime's addon too: Node unloads it when the last thread holding it
  // exits, and it cannot be loaded again in the process after that (see ort()).
  ort();
  const since = Date.now();
  const worker = new Worker(script, { workerData: { job, progress: onRead !== undefined }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB, maxOldGenerationSizeMb: OLD_MB } });
  const cancel = () => worker.postMessage('cancel');
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await new Promise<PredictResponse>((resolve, reject) => {
      worker.on('message', (message: { result?: PredictResponse; error?: { name: string; message: string }; progress?: { bytes: number; rows: number } }) => {
        if (message.progress) onRead?.(message.progress.bytes, message.progress.rows);
        else if (message.result) resolve(message.result);
        else reject(new RunThreadError(message.error?.name ?? 'Error', message.error?.message ?? 'the prediction run failed'));
      });
      worker.once('error', (error) => reject(error));
      worker.once('exit', (code) => reject(new PredictError(`the prediction run's thread stopped (exit code ${code})`)));
    });
  } catch (error) {
    // A thread that died did not give its temporary output up itself.
    if (!(error instanceof RunThreadError)) await removeLeftovers(job, since);
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
    await worker.terminate();
  }
}
