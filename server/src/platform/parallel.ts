import { isMainThread, workerData } from 'node:worker_threads';
import { Peer, WorkerChannel } from '../engines/core/channel';
import { hostEndpoint, threadWorker } from '../engines/core/workers';
import { createFeatures } from '../features/registry';
import type { ArchipelSettings } from '../settings';
import type { Feature } from '../features/feature';
import { byPath, checkFiles, type FileResult, type SharedFile } from './project';
import { loadFeatureDependencies } from './resources';

/** Below this many files one thread is faster than starting workers, whatever ARCHIPEL_THREADS says. */
const PARALLEL_THRESHOLD = 400;

interface Job {
  /** The files of this worker's share: those it reports on, and context it only indexes. */
  reported: string[];
  context: string[];
  settings: ArchipelSettings;
  /** Milliseconds since the epoch for "today" (AMDEC due dates). */
  now?: number;
}

/** Marks a check thread (it runs the CLI's own module, which must tell it is one). */
const WORKER_DATA = { kind: 'archipel-check' } as const;
/** Host → thread: check a share, answered with its results. */
const CHECK = 'check/run';
/** Thread → host: a share's values, answered with every other share's once all are in. */
const EXCHANGE = 'check/exchange';

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

  // This thread is the hub: once every share is in (this thread's is number 0), each gets all the others.
  const values: (SharedFile[] | undefined)[] = new Array(threads);
  let allIn!: () => void;
  const everyShare = new Promise<void>((resolve) => (allIn = resolve));
  const arrive = async (index: number, files: SharedFile[]): Promise<SharedFile[]> => {
    values[index] = files;
    if (values.filter(Boolean).length === threads) allIn();
    await everyShare;
    return values.filter((_, j) => j !== index).flat() as SharedFile[];
  };
  const channels = shares.slice(1).map(
    (_, i) =>
      new WorkerChannel({
        name: 'a check worker',
        start: threadWorker(entry, { workerData: WORKER_DATA }),
        setup: (peer) => peer.onRequest<SharedFile[], SharedFile[]>(EXCHANGE, (files) => arrive(i + 1, files)),
      }),
  );
  const checks = channels.map((channel, i) => channel.request<FileResult[]>(CHECK, { ...split(shares[i + 1]), settings, now: now?.getTime() } satisfies Job));
  const failed = new Promise<never>((_, reject) => checks.forEach((check) => check.catch(reject)));
  failed.catch(() => undefined);
  const own = split(shares[0]);
  try {
    const ours = await Promise.race([checkFiles(own.reported, features, settings, own.context, (mine) => Promise.race([arrive(0, mine), failed])), failed]);
    const rest = await Promise.all(checks);
    return [...ours, ...rest.flat()].sort(byPath);
  } finally {
    for (const channel of channels) channel.dispose();
  }
}

/** The worker side: started by `checkFilesInParallel` on the module that contains this code. */
export async function runCheckWorker(): Promise<boolean> {
  if (isMainThread || (workerData as typeof WORKER_DATA | undefined)?.kind !== WORKER_DATA.kind) return false;
  const dependencies = loadFeatureDependencies();
  const peer = new Peer(hostEndpoint());
  peer.onRequest<Job, FileResult[]>(CHECK, (job) => {
    if (job.now !== undefined) {
      const today = new Date(job.now);
      dependencies.now = () => today;
    }
    const features = createFeatures(dependencies);
    return checkFiles(job.reported, features, job.settings, job.context, (mine) => peer.request<SharedFile[]>(EXCHANGE, mine));
  });
  return true;
}
