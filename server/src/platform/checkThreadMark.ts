/**
 * The mark of a check thread (platform/checkThreads.ts): what `archipel check` gives the threads it starts, read by
 * cliMain.ts before anything else runs. Apart from checkThreads.ts so that a check of a few files, which starts no
 * thread, does not evaluate it (issue #68).
 */
import { isMainThread, workerData } from 'node:worker_threads';

/** The thread's workerData. */
export const CHECK_THREAD_DATA = { archipelCheckThread: true } as const;

/** Whether this thread is a check thread (started by CheckThreads): cliMain.ts runs `serveCheckThread` then. */
export function isCheckThread(): boolean {
  return !isMainThread && (workerData as { archipelCheckThread?: boolean } | undefined)?.archipelCheckThread === true;
}
