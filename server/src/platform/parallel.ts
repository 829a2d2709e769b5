import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createFeatures } from '../features/registry';
import type { ArchipelSettings } from '../settings';
import type { Feature } from '../features/feature';
import { byPath, checkFiles, type FileResult, type SharedFile } from './project';
import { loadFeatureDependencies } from './resources';

/** Below this many files one thread is faster than starting workers, whatever ARCHIPEL_THREADS says. */
const PARALLEL_THRESHOLD = 400;

interface Job {
  kind: 'archipel-check';
  /** The files of this worker's share: those it reports on, and context it only indexes. */
  reported: string[];
  context: string[];
  settings: ArchipelSettings;
  /** Milliseconds since the epoch for "today" (AMDEC due dates). */
  now?: number;
}

type WorkerMessage = { kind: 'share'; files: SharedFile[] } | { kind: 'results'; results: FileResult[] };

/**
 * Checks files on every core. The files (checked and context) are dealt into one share per
 * thread — this one included. Each thread reads and parses its own share, then the threads
 * exchange their shares' values (as JSON, through this thread), so every thread indexes the whole
 * set for the cross-file rules while parsing YAML for its share only; each then diagnoses the
 * checked files of its share. The result is the same as `checkFiles` in one thread.
 */
export async function checkFilesInParallel(
  files: readonly string[],
  context: readonly string[],
  settings: ArchipelSettings,
  now: Date | undefined,
  entry: string,
  features: readonly Feature[],
  minFiles = PARALLEL_THRESHOLD,
): Promise<FileResult[] | undefined> {
  // ARCHIPEL_THREADS=N asks for N threads; by default one (see docs/performance-log.md: on a busy
  // 2-core machine a second thread does not pay for itself).
  const threads = Number(process.env.ARCHIPEL_THREADS) || 1;
  if (threads < 2 || files.length < minFiles) return undefined;
  const reported = new Set(files);
  const all = [...new Set([...files, ...context])];
  const shares: string[][] = Array.from({ length: threads }, () => []);
  all.forEach((file, i) => shares[i % threads].push(file));
  const split = (share: string[]) => ({ reported: share.filter((f) => reported.has(f)), context: share.filter((f) => !reported.has(f)) });

  const workers = shares.slice(1).map((share) => {
    const job: Job = { kind: 'archipel-check', ...split(share), settings, now: now?.getTime() };
    return new Worker(entry, { workerData: job });
  });
  const failed = new Promise<never>((_, reject) => {
    for (const worker of workers) {
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`check worker exited with ${code}`))));
    }
  });
  const fromWorker = (worker: Worker, kind: WorkerMessage['kind']) =>
    new Promise<WorkerMessage>((resolve) => {
      const listen = (message: WorkerMessage) => {
        if (message.kind !== kind) return;
        worker.off('message', listen);
        resolve(message);
      };
      worker.on('message', listen);
    });
  const workerShares = workers.map((w) => fromWorker(w, 'share'));
  const workerResults = workers.map((w) => fromWorker(w, 'results'));

  // This thread is the hub: once every share is in, each thread gets all the others.
  const exchange = async (mine: SharedFile[]): Promise<SharedFile[]> => {
    const theirs = (await Promise.race([Promise.all(workerShares), failed])).map((m) => (m.kind === 'share' ? m.files : []));
    workers.forEach((worker, i) => worker.postMessage({ kind: 'share', files: [mine, ...theirs.filter((_, j) => j !== i)].flat() } satisfies WorkerMessage));
    return theirs.flat();
  };
  const own = split(shares[0]);
  try {
    const ours = await Promise.race([checkFiles(own.reported, features, settings, own.context, exchange), failed]);
    const rest = await Promise.race([Promise.all(workerResults), failed]);
    return [...ours, ...rest.flatMap((m) => (m.kind === 'results' ? m.results : []))].sort(byPath);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The worker side: started by `checkFilesInParallel` on the module that contains this code. */
export async function runCheckWorker(): Promise<boolean> {
  const job = workerData as Job | undefined;
  if (isMainThread || job?.kind !== 'archipel-check' || !parentPort) return false;
  const port = parentPort;
  const dependencies = loadFeatureDependencies();
  if (job.now !== undefined) {
    const today = new Date(job.now);
    dependencies.now = () => today;
  }
  const features = createFeatures(dependencies);
  const exchange = (mine: SharedFile[]) =>
    new Promise<SharedFile[]>((resolve) => {
      port.once('message', (message: WorkerMessage) => resolve(message.kind === 'share' ? message.files : []));
      port.postMessage({ kind: 'share', files: mine } satisfies WorkerMessage);
    });
  const results = await checkFiles(job.reported, features, job.settings, job.context, exchange);
  port.postMessage({ kind: 'results', results } satisfies WorkerMessage);
  return true;
}
