/**
 * A preparation's work after its first `await`, in slices (FeatureContext.inSlices, the bounded-slice hook:
 * docs/security.md, the per-file budget). A feature writes that work as a generator yielding between its
 * steps and hands it here: where the server or the CLI gave the hook, each turn is bounded by what is left
 * of the file's budget; where a feature is called directly (a test), the steps run in the same turns
 * without a bound.
 */
import { clockMs } from '../workspace/work';
import type { FeatureContext } from './feature';

/** How long an unbounded turn runs before the event loop gets one (the hook's turns are sized by service.ts). */
const TURN_MS = 8;

/** Runs `steps` in turns; true once they are done, false when they were not (cancelled, or stopped past the file's budget). */
export function inSlices(context: FeatureContext, steps: Iterator<unknown>): Promise<boolean> {
  return context.inSlices ? context.inSlices(steps) : unboundedSlices(context, steps);
}

async function unboundedSlices(context: FeatureContext, steps: Iterator<unknown>): Promise<boolean> {
  for (;;) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (context.isCancelled()) return false;
    const started = clockMs();
    let done = false;
    do done = steps.next().done === true;
    while (!done && clockMs() - started < TURN_MS);
    if (done) return true;
  }
}
