/**
 * The worker side of compute jobs: a worker script (the blur process today) serves the families it
 * bundles. One job runs at a time, the next waits its turn; each item's result is streamed to the
 * host as soon as it is done; the host's cancellation aborts the job's signal.
 */
import { limiter } from '../../common/limiter';
import { Peer } from './channel';
import { runItems, type ItemResult, type JobFamily, type JobProgress } from './job';
import { hostEndpoint } from './workers';

/** Host → worker: run a job. Answered with JobDone once every item has a result or the job was cancelled. */
export const RUN_JOB = 'job/run';
/** Worker → host, tied to a RUN_JOB request: one item's result. */
export const JOB_RESULT = 'job/result';

export interface RunJobParams {
  family: string;
  items: unknown[];
  options: unknown;
}

export interface JobResultParams {
  result: ItemResult;
  progress: JobProgress;
}

export interface JobDone {
  cancelled: boolean;
}

// A family's Item/Result/Options types are its own; this side only passes them through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFamily = JobFamily<any, ItemResult, any, any>;

/** Registers the families' job handler on a peer (a worker's own endpoint, or a test's). */
export function serveJobs(peer: Peer, families: readonly AnyFamily[]): void {
  const byName = new Map(families.map((family) => [family.name, family]));
  const oneAtATime = limiter(1);
  peer.onRequest<RunJobParams, JobDone>(RUN_JOB, (params, context) =>
    oneAtATime(async () => {
      const family = byName.get(params.family);
      if (!family) throw new Error(`this worker runs ${[...byName.keys()].join(', ')} jobs, not ${params.family}`);
      const { cancelled } = await runItems(family, params.items, params.options, {
        signal: context.signal,
        onResult: (result, progress) => context.notify(JOB_RESULT, { result, progress } satisfies JobResultParams),
      });
      return { cancelled };
    }),
  );
}

/**
 * A worker script's main: serves `families` to the host that started it, and ends when that host
 * goes away (a forked process: its IPC channel closes; a thread ends with its host).
 */
export function serveWorker(families: readonly AnyFamily[]): Peer {
  const peer = new Peer(hostEndpoint());
  serveJobs(peer, families);
  if (process.send) process.on('disconnect', () => process.exit(0));
  return peer;
}
