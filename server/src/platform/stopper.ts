/**
 * The stopper that preempts (workspace/work.ts, `Stopper`): synchronous work run through a compiled
 * `vm.Script` with a `timeout` is stopped by Node's watchdog thread (V8's TerminateExecution) however
 * it is written — a loop, a regular expression, a parser — and the process goes on. What it costs
 * is a watchdog thread per call (11 µs on an idle machine, ~80–370 µs on a loaded one): the server
 * runs a file's checks in turns of a few features per call, the CLI many files per call
 * (platform/project.ts). It bounds time, not memory: the work that can exhaust memory and needs no
 * index runs on worker threads with `resourceLimits` (platform/indexLoad.ts).
 */
import vm from 'node:vm';
import { clockMs, stopper, WorkStopped, type Stopper } from '../workspace/work';

/** The global the script calls: the work of the current call. */
const KEY = '__archipelBoundedWork';
const script = new vm.Script(`globalThis.${KEY}()`, { filename: 'archipel-file-budget.js' });

/** Bounded runs in progress: a run inside another just runs (one watchdog at a time; the outer bound holds). */
let depth = 0;

interface Slot {
  [KEY]?: () => void;
}

/**
 * A recent average of what a bounded call costs beyond its work: the watchdog thread's start and its
 * join. It starts as a busy machine's (a first file's checks run in few calls), and follows what the
 * calls measure.
 */
let cost = 10;

export const preemptiveStopper: Stopper = {
  preempts: true,
  get costMs() {
    return cost;
  },
  run<T>(work: () => T, ms: number): T {
    if (depth > 0) return work();
    const slot = globalThis as Slot;
    let value: T | undefined;
    let began = 0;
    let ended = 0;
    slot[KEY] = () => {
      began = clockMs();
      value = work();
      ended = clockMs();
    };
    depth++;
    const called = clockMs();
    try {
      script.runInThisContext({ timeout: Math.max(1, Math.ceil(ms)), displayErrors: false, breakOnSigint: false });
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new WorkStopped(ms);
      throw error;
    } finally {
      depth--;
      slot[KEY] = undefined;
    }
    // Waking and joining the watchdog thread: microseconds on an idle machine, milliseconds on a busy one.
    cost = 0.8 * cost + 0.2 * (began - called + clockMs() - ended);
    return value as T;
  },
};

/**
 * Runs `step(0)` … `step(count - 1)` within a budget each, in as few bounded calls as that allows (a
 * watchdog per file would cost more than the work of a small one): a call starts steps while it is
 * within one budget and is stopped at two, so every step has at least one budget of its own. When a
 * call is stopped, `stopped(i)` hears which step was at work and says whether to run it `again` (the
 * work was another file's, set aside) or go on with the `next`. Without a budget (Infinity) or a
 * preemptive stopper installed, the steps just run.
 */
export function inBoundedCalls(count: number, budgetMs: number, step: (i: number) => void, stopped: (i: number) => 'again' | 'next'): void {
  const run = stopper();
  const bounded = budgetMs === Infinity || !run.preempts ? (work: () => void) => work() : (work: () => void) => run.run(work, 2 * budgetMs);
  let next = 0;
  while (next < count) {
    const began = clockMs();
    try {
      bounded(() => {
        do step(next++);
        while (next < count && clockMs() - began < budgetMs);
      });
    } catch (error) {
      if (!(error instanceof WorkStopped)) throw error;
      next--;
      if (stopped(next) === 'next') next++;
    }
  }
}
