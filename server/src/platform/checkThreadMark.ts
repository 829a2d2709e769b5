/**
 * The mark of a check thread (platform/checkThreads.ts): what `archipel check` gives the threads it starts, read by
 * cliMain.ts before anything else runs. Apart from checkThreads.ts so that a check of a few files, which starts no
 * thread, does not evaluate it (issue #68).
 */
import { isMainThread, workerData } from 'node:worker_threads';

/** The thread's workerData. */
export const CHECK_THREAD_DATA = { archipelCheckThread: true } as const;

/** The last argument of a check thread's command line (after `check`, which bin.ts reads to pick the command's code cache). */
const CHECK_THREAD_ARG = '--archipel-check-thread';

/** The thread's `argv` (worker_threads appends it to the thread's process.argv). */
export const CHECK_THREAD_ARGV = ['check', CHECK_THREAD_ARG] as const;

/**
 * Whether this thread is a check thread (started by CheckThreads): cliMain.ts runs `serveCheckThread` then. The
 * argument is looked at first: without it (every `archipel` process's main thread) node:worker_threads, a lazy
 * built-in of the CLI's bundles, is not loaded; with it, the thread and its workerData decide, as before.
 */
export function isCheckThread(): boolean {
  if (process.argv[process.argv.length - 1] !== CHECK_THREAD_ARG) return false;
  return !isMainThread && (workerData as { archipelCheckThread?: boolean } | undefined)?.archipelCheckThread === true;
}
