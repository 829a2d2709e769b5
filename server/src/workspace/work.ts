/**
 * Where a file's work is, for the per-file budget (issue #67, docs/security.md): what runs a file's
 * checks can be stopped past the budget (a `Stopper`: the runtime installs the one that preempts,
 * platform/stopper.ts), and a stop or a failure is laid at the file whose work it was — the checked
 * file, or another file whose model the checked file's rules were building (IndexedFile.model pushes
 * the file it builds for onto the stack below). Stopped code runs no `finally`: after a stop the stack
 * still says where the work was; it is read, then cleared.
 */

/**
 * The budget's clock: milliseconds on the monotonic clock `performance.now()` reads (libuv's hrtime), from an
 * arbitrary origin — only differences are meaningful. Read through `process.hrtime`: the global `performance` loads
 * node:perf_hooks and its thirteen modules on first read, in every process that checks a file (issue #68).
 */
export function clockMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** Runs synchronous work so that it can be stopped. */
export interface Stopper {
  /**
   * Runs `work` and returns its value; past `ms` milliseconds it is stopped and `WorkStopped` is thrown
   * (no `finally` of the stopped code ran: what it was writing is half written). Inside another bounded
   * run, `work` just runs: the outer bound holds.
   */
  run<T>(work: () => T, ms: number): T;
  /** Whether it preempts (false: the cooperative stand-in, which never stops anything). */
  readonly preempts: boolean;
  /** What one bounded call costs of its own now (ms, a recent average): its callers size their calls by it. */
  readonly costMs: number;
}

/** Thrown by a `Stopper` when the work it ran passed its bound. */
export class WorkStopped extends Error {
  constructor(readonly ms: number) {
    super(`stopped after ${ms} ms`);
    this.name = 'WorkStopped';
  }
}

/** Without a runtime's stopper (the unit tests, a pure caller): the work just runs. */
const cooperative: Stopper = { run: (work) => work(), preempts: false, costMs: 0 };
let installed: Stopper = cooperative;

/** The process's stopper (the server and the CLI install the preemptive one at start). */
export function stopper(): Stopper {
  return installed;
}

/** Installs the process's stopper; returns what puts the previous one back (tests). */
export function installStopper(next: Stopper): () => void {
  const previous = installed;
  installed = next;
  return () => (installed = previous);
}

interface InWork {
  readonly file: object;
  readonly started: number;
}

/** The files whose work is running, outermost first (a rule of one file building another file's model). */
const stack: InWork[] = [];
/** The file whose work an error was thrown in (the innermost: the first `inFileWork` it passed through). */
const thrownIn = new WeakMap<object, object>();

/** Runs `work` as `file`'s (a model of the file being built): a stop or a failure inside it is laid at the file. */
export function inFileWork<T>(file: object, work: () => T): T {
  const depth = stack.push({ file, started: clockMs() });
  try {
    return work();
  } catch (error) {
    if (typeof error === 'object' && error !== null && !thrownIn.has(error)) thrownIn.set(error, file);
    throw error;
  } finally {
    stack.length = depth - 1;
  }
}

/** The file whose work `error` was thrown in, if it was thrown while a file's model was built. */
export function thrownInFile(error: unknown): object | undefined {
  return typeof error === 'object' && error !== null ? thrownIn.get(error) : undefined;
}

/**
 * After a stop: the file whose work had run for at least `minMs` without a break when the stop came
 * (the innermost such file: its own work rather than what called it), or undefined when none had —
 * the work was then the checked file's own. A file whose model was begun just before the stop, at the
 * end of someone else's slow work, is not blamed for it. Also every file whose work was under way
 * (their models may be half built). Clears the stack.
 */
export function stoppedWork(minMs: number): { culprit?: object; underWay: object[] } {
  const now = clockMs();
  let culprit: object | undefined;
  for (let i = stack.length - 1; i >= 0 && culprit === undefined; i--) if (now - stack[i].started >= minMs) culprit = stack[i].file;
  const underWay = stack.map((entry) => entry.file);
  stack.length = 0;
  return culprit === undefined ? { underWay } : { culprit, underWay };
}

/** How many files one result of the whole index may set aside before its failure is thrown. */
const MAX_FAILING_FILES = 8;

/**
 * Runs `build`, a result of the whole index (the system map), so that one file's failure never takes
 * the others' result: a failure thrown in a file's work (its model, built for `build`) sets that file
 * aside (`setAside`: false when it could not be) and `build` runs again without it; a failure thrown
 * outside any file's work, or past a few files, is thrown.
 */
export function withoutFailingFiles<T>(build: () => T, setAside: (file: object, error: unknown) => boolean): T {
  for (let failing = 0; ; failing++) {
    try {
      return build();
    } catch (error) {
      const file = thrownInFile(error);
      if (!file || failing >= MAX_FAILING_FILES || !setAside(file, error)) throw error;
    }
  }
}
