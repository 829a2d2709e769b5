/**
 * The worker side of compute jobs: a worker script (the blur and predict processes, an inference
 * lane's thread) serves the families it bundles. `prepareWorker` is what every worker entry does
 * first, once, here: its language, its limits and its error reporting. One job runs at a time, the
 * next waits its turn; each item's result is streamed to the host as soon as it is done, and so are
 * the events its items emit; the host's cancellation aborts the job's signal.
 */
import { limiter } from '../../common/limiter';
import { addCatalogue, languageFromEnvironment, setLanguage } from '../../l10n/t';
import { Peer } from './channel';
import { runItems, type ItemResult, type JobFamily, type JobProgress } from './job';
import { hostEndpoint } from './workers';

/** Host → worker: run a job. Answered with JobDone once every item has a result or the job was cancelled. */
export const RUN_JOB = 'job/run';
/** Worker → host, tied to a RUN_JOB request: one item's result. */
export const JOB_RESULT = 'job/result';
/** Worker → host, tied to a RUN_JOB request: an event an item emitted while it ran (ItemContext.emit). */
export const JOB_EVENT = 'job/event';

export interface RunJobParams {
  family: string;
  items: unknown[];
  options: unknown;
}

export interface JobResultParams {
  result: ItemResult;
  progress: JobProgress;
}

export interface JobEventParams {
  event: unknown;
}

export interface JobDone {
  cancelled: boolean;
}

/**
 * A family as a worker holds it, whatever its types: they are the family's own, this side only
 * passes its plain data through (Item and Options are parameters, hence `never`; Session is opaque).
 */
export type AnyFamily = JobFamily<never, ItemResult, never, unknown>;

/** Registers the families' job handler on a peer (a worker's own endpoint, or a test's). */
export function serveJobs(peer: Peer, families: readonly AnyFamily[]): void {
  const byName = new Map(families.map((family) => [family.name, family]));
  const oneAtATime = limiter(1);
  peer.onRequest<RunJobParams, JobDone>(RUN_JOB, (params, context) =>
    oneAtATime(async () => {
      const family = byName.get(params.family);
      if (!family) throw new Error(`this worker runs ${[...byName.keys()].join(', ')} jobs, not ${params.family}`);
      const { cancelled } = await runItems(family, params.items as never[], params.options as never, {
        signal: context.signal,
        onResult: (result, progress) => context.notify(JOB_RESULT, { result, progress } satisfies JobResultParams),
        onEvent: (event) => context.notify(JOB_EVENT, { event } satisfies JobEventParams),
      });
      return { cancelled };
    }),
  );
}

let prepared = false;

/**
 * What every worker entry (a forked process, a lane's thread) sets before serving, so that none has
 * to remember it: its messages in the language of the process that started it (ARCHIPEL_LANG, set
 * by the server from its client's locale and by the CLI's --lang, else the locale's); stack traces
 * kept short (an error crosses the channel as its name and message); and an error nothing caught
 * reported on stderr (which the host logs, naming the worker) before the worker ends, so that the
 * host restarts it rather than waiting on a worker left in an unknown state. `french`: the
 * catalogues of the families it speaks for (a worker loads no family list).
 */
export function prepareWorker(french: readonly Readonly<Record<string, string>>[] = [], env: NodeJS.ProcessEnv = process.env): void {
  setLanguage(languageFromEnvironment(env));
  for (const catalogue of french) addCatalogue('fr', catalogue);
  if (prepared) return;
  prepared = true;
  Error.stackTraceLimit = 20;
  const report = (what: string) => (error: unknown) => {
    process.stderr.write(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(70);
  };
  process.on('uncaughtException', report('uncaught exception'));
  process.on('unhandledRejection', report('unhandled rejection'));
}

/**
 * A worker script's main: prepares the worker (prepareWorker), serves `families` to the host that
 * started it, and ends when that host goes away (a forked process: its IPC channel closes; a thread
 * ends with its host).
 */
export function serveWorker(families: readonly AnyFamily[]): Peer {
  prepareWorker(families.flatMap((family) => (family.french ? [family.french] : [])));
  const peer = new Peer(hostEndpoint());
  serveJobs(peer, families);
  if (process.send) process.on('disconnect', () => process.exit(0));
  return peer;
}
