import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createFeatures } from '../features/registry';
import type { ArchipelSettings } from '../settings';
import { checkFiles, type FileResult } from './project';
import { loadFeatureDependencies } from './resources';

/** Below this many files one thread is faster than starting workers, whatever ARCHIPEL_THREADS says. */
const PARALLEL_THRESHOLD = 400;

interface Job {
  kind: 'archipel-check';
  /** Every file of the check and its context: each worker indexes all of them (cross-file rules). */
  all: string[];
  context: string[];
  /** The files this worker reports on. */
  mine: string[];
  settings: ArchipelSettings;
  /** Milliseconds since the epoch for "today" (AMDEC due dates). */
  now?: number;
}

/**
 * Checks files on every core: each worker thread indexes the whole set (cross-file rules need
 * it) and diagnoses its share. The result is the same as `checkFiles` in one thread.
 */
export async function checkFilesInParallel(
  files: readonly string[],
  context: readonly string[],
  settings: ArchipelSettings,
  now: Date | undefined,
  entry: string,
  minFiles = PARALLEL_THRESHOLD,
): Promise<FileResult[] | undefined> {
  // Opt-in (ARCHIPEL_THREADS=2…): each worker re-indexes the whole set, so it only pays off on
  // idle cores; on a busy 2-core machine one thread measured faster (see README, Benchmarks).
  const cap = Number(process.env.ARCHIPEL_THREADS) || 1;
  const threads = Math.min(os.availableParallelism?.() ?? os.cpus().length, cap);
  if (threads < 2 || files.length < minFiles) return undefined;
  const shares: string[][] = Array.from({ length: threads }, () => []);
  files.forEach((file, i) => shares[i % threads].push(file));
  const results = await Promise.all(
    shares.map(
      (mine) =>
        new Promise<FileResult[]>((resolve, reject) => {
          const job: Job = { kind: 'archipel-check', all: [...files], context: [...context], mine, settings, now: now?.getTime() };
          const worker = new Worker(entry, { workerData: job });
          worker.once('message', (message: FileResult[]) => resolve(message));
          worker.once('error', reject);
          worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`check worker exited with ${code}`))));
        }),
    ),
  );
  return results.flat().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The worker side: started by `checkFilesInParallel` on the module that contains this code. */
export async function runCheckWorker(): Promise<boolean> {
  const job = workerData as Job | undefined;
  if (isMainThread || job?.kind !== 'archipel-check') return false;
  const dependencies = loadFeatureDependencies();
  if (job.now !== undefined) {
    const today = new Date(job.now);
    dependencies.now = () => today;
  }
  const features = createFeatures(dependencies);
  const mine = new Set(job.mine);
  // Every other file is context: indexed, not reported.
  const context = [...job.context, ...job.all.filter((f) => !mine.has(f))];
  const results = await checkFiles(job.mine, features, job.settings, context);
  parentPort?.postMessage(results);
  return true;
}
