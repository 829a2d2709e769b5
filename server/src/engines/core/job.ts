/**
 * The job model of every compute family (blur, predict, pipelines). A job is a list of items
 * planned beforehand (a pure step: what to do, from settings and the workspace index) and run
 * here, in a worker or on the calling thread: each item gives one result, in input order; an
 * error on one item becomes that item's result and never stops the others; cancellation stops the
 * batch between items (the items in flight finish: each output is written whole or not at all, see
 * output.ts); progress counts the items done.
 */
import { t } from '../../l10n/t';

/** What every item's result carries: the error that stopped it, if any. */
export interface ItemResult {
  error?: string;
}

/** How far a job is: items done (failed ones included) of the total, and the last one done. */
export interface JobProgress {
  done: number;
  total: number;
  failed: number;
  /** The item just finished: its label (a file name) and whether it failed. */
  last?: { label: string; failed: boolean };
}

/** What a family's `run` gets besides the item. */
export interface ItemContext<Options, Session> {
  options: Options;
  /** What `open` returned: resources shared by the job's items (loaded models). */
  session: Session;
  /** Aborted when the job is cancelled: long items may stop early (throwing) instead of finishing. */
  signal: AbortSignal;
  /** Streams an event to the host as it happens (a pipeline's stage start and end, a command's output). */
  emit?: (event: unknown) => void;
}

/**
 * A compute family's run step. Everything it returns or receives crosses a worker channel: plain data.
 */
export interface JobFamily<Item, Result extends ItemResult, Options, Session = undefined> {
  /** The family's name, as a worker is asked for it ("blur"). */
  readonly name: string;
  /** Its French (its language family's `<family>/fr.ts`): a worker serving it loads no family list, so serveWorker installs it. */
  readonly french?: Readonly<Record<string, string>>;
  /** The item's name in progress messages (a file's base name). */
  label(item: Item): string;
  /** The result of an item that failed with `message` (its other fields empty). */
  failed(item: Item, message: string): Result;
  /** A thrown error as the message users read (default: its message). */
  describeError?(error: unknown): string;
  /** Resources the job's items share, opened before the first item and closed after the last. */
  open?(items: readonly Item[], options: Options): Session | Promise<Session>;
  close?(session: Session): Promise<void>;
  /** Items in flight at once (default 1). */
  concurrency?(items: readonly Item[], options: Options, session: Session): number;
  /**
   * Items that depend on others (a pipeline's stages): the indices of the items that must have
   * succeeded before this one starts. Undefined (every family but pipelines): items start in input
   * order as lanes free up.
   */
  prerequisites?(item: Item, items: readonly Item[]): readonly number[];
  /** The result of an item not run because its prerequisite `failed` did not succeed. */
  blocked?(item: Item, failed: Item): Result;
  run(item: Item, context: ItemContext<Options, Session>): Promise<Result>;
}

export interface RunHooks<Result> {
  signal?: AbortSignal;
  /** Polled between items as well as `signal` (the blur engine's tests stop after a count). */
  isCancelled?: () => boolean;
  /** Each item's result as soon as it is done, with the progress it makes. */
  onResult?: (result: Result, progress: JobProgress) => void;
  /** The events items emit while they run (ItemContext.emit). */
  onEvent?: (event: unknown) => void;
}

export interface JobRun<Result> {
  /** One per item run, in input order (items not started because of a cancellation have none). */
  results: Result[];
  cancelled: boolean;
}

/** A thrown value as a message: errno codes in words, else the error's message. */
export function errorMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return `file not found: ${e.path ?? ''}`.trim();
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return `permission denied: ${e.path ?? ''}`.trim();
  if (e?.code === 'EISDIR') return 'is a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}

/** An item's run as its result: a thrown error becomes the item's failed result. */
async function runOne<Item, Result extends ItemResult, Options, Session>(
  family: JobFamily<Item, Result, Options, Session>,
  item: Item,
  context: ItemContext<Options, Session>,
): Promise<Result> {
  try {
    return await family.run(item, context);
  } catch (error) {
    return family.failed(item, family.describeError ? family.describeError(error) : errorMessage(error));
  }
}

/**
 * Runs `items` through a family: up to `concurrency` in flight, every item a result (in input
 * order), stopping between items once cancelled. The session is closed when the batch ends,
 * however it ends.
 */
export async function runItems<Item, Result extends ItemResult, Options, Session>(
  family: JobFamily<Item, Result, Options, Session>,
  items: readonly Item[],
  options: Options,
  hooks: RunHooks<Result> = {},
): Promise<JobRun<Result>> {
  const signal = hooks.signal ?? new AbortController().signal;
  const stopped = () => signal.aborted || (hooks.isCancelled?.() ?? false);
  // Not isCancelled: it is polled once per item taken, as the engines' tests count.
  if (signal.aborted) return { results: [], cancelled: true };
  const session = family.open ? await family.open(items, options) : (undefined as Session);
  const results = new Array<Result | undefined>(items.length);
  const progress: JobProgress = { done: 0, total: items.length, failed: 0 };
  let next = 0;
  let cancelled = false;
  const context: ItemContext<Options, Session> = { options, session, signal, ...(hooks.onEvent ? { emit: hooks.onEvent } : {}) };
  const finish = (index: number, result: Result) => {
    results[index] = result;
    progress.done++;
    if (result.error !== undefined) progress.failed++;
    progress.last = { label: family.label(items[index]), failed: result.error !== undefined };
    hooks.onResult?.(result, { ...progress });
  };
  const take = dependencyScheduler(family, items, results, finish, stopped);
  const lane = async () => {
    for (;;) {
      if (stopped()) {
        cancelled = true;
        return;
      }
      const index = take ? await take() : next++;
      if (index === undefined || index >= items.length) return;
      finish(index, await runOne(family, items[index], context));
      take?.release();
    }
  };
  try {
    const concurrency = family.concurrency?.(items, options, session) ?? 1;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  } finally {
    await family.close?.(session);
  }
  return { results: results.filter((r): r is Result => r !== undefined), cancelled };
}

type Take = (() => Promise<number | undefined>) & { release(): void };

/**
 * For a family whose items have prerequisites: `take()` waits for an item whose prerequisites have
 * all finished (undefined once none is left), and gives an item whose prerequisite failed its
 * `blocked` result without running it (so its own dependents are blocked in turn); `release()` is
 * called after each item finishes, to wake lanes waiting for one. Undefined for other families.
 */
function dependencyScheduler<Item, Result extends ItemResult, Options, Session>(
  family: JobFamily<Item, Result, Options, Session>,
  items: readonly Item[],
  results: readonly (Result | undefined)[],
  finish: (index: number, result: Result) => void,
  stopped: () => boolean,
): Take | undefined {
  if (!family.prerequisites) return undefined;
  const before = items.map((item) => family.prerequisites!(item, items));
  const started = new Array<boolean>(items.length).fill(false);
  let waiters: (() => void)[] = [];
  let inFlight = 0;
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  const take = (async () => {
    for (;;) {
      if (stopped()) return undefined;
      let pending = false;
      for (let i = 0; i < items.length; i++) {
        if (started[i]) continue;
        const failed = before[i].find((p) => results[p] !== undefined && results[p].error !== undefined);
        if (failed !== undefined) {
          started[i] = true;
          const result = family.blocked ? family.blocked(items[i], items[failed]) : family.failed(items[i], `${family.label(items[failed])} failed`);
          finish(i, result);
          i = -1; // a blocked item may block others earlier in the list
          continue;
        }
        if (before[i].every((p) => results[p] !== undefined)) {
          started[i] = true;
          inFlight++;
          return i;
        }
        pending = true;
      }
      if (!pending) return undefined;
      if (inFlight === 0) {
        // Prerequisites in a cycle: nothing running will ever free them.
        for (let i = 0; i < items.length; i++) {
          if (started[i]) continue;
          started[i] = true;
          finish(i, family.failed(items[i], 'its prerequisites form a cycle'));
        }
        return undefined;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }) as Take;
  take.release = () => {
    inFlight--;
    wake();
  };
  return take;
}

/** "photo.jpg failed (3/12)": a progress report's message. */
export function progressMessage(progress: JobProgress): string {
  const last = progress.last ? `${progress.last.failed ? t('{0} failed', progress.last.label) : progress.last.label} ` : '';
  return `${last}(${progress.done}/${progress.total})`;
}

/** Percentage done, 0–100. */
export function progressPercentage(progress: JobProgress): number {
  return progress.total === 0 ? 100 : Math.round((progress.done / progress.total) * 100);
}
