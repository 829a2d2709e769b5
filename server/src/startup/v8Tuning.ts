import { setFlagsFromString } from 'node:v8';
import { startupTuningOff } from './switch';

// V8 tuning for the language server and the CLI, applied by their entry points (startup/tuneV8.ts;
// flags are process-wide, so worker threads share them).

/**
 * V8 flags are opt-in: by default the server and the CLI run with V8's own. The one flag that was
 * the default until 2026-11-22, a 15 times larger interrupt budget (`--interrupt-budget=1000000`),
 * keeps the run-once code of a burst (a cold open) in the baseline compiler instead of sending it
 * to the optimising one. Measured on both editor benchmarks (docs/performance-log.md), it trades
 * one thing for another on each: cold opens faster (the 500-document Kubernetes file ×17–19 against
 * ×15.5–17 the peer's time; the 2,155-line workflow 164–180 against 297–321 ms), re-diagnosis after
 * an edit slower (the workflow ×4.4–6.0 against ×6.2–7.9 the peer's time; Kubernetes edits
 * 11–13 against 6–11 ms). Not a win on both, so not a default: `ARCHIPEL_V8_FLAGS` sets flags for
 * a run (`ARCHIPEL_V8_FLAGS=--interrupt-budget=1000000` for that budget), and
 * `ARCHIPEL_STARTUP_TUNING=off` (switch.ts) ignores it like the rest of the start-up machinery.
 */
let applied = '';

/**
 * The V8 flags this thread's entry point applied ('' when it applied none: V8's defaults). V8
 * refuses a code cache made under other flags, so code caches are kept per set of flags
 * (startup/codeCache.ts).
 */
export function appliedV8Flags(): string {
  return applied;
}

/**
 * Sets this process's V8 flags: `ARCHIPEL_V8_FLAGS` when set, else none (V8's own defaults).
 * Called by startup/tuneV8.ts, which the CLI's and the language server's entry points import
 * first, and by nothing else: flags are process-wide, and the processes that only share this code
 * (the editor's blur process, a benchmark, a test) keep their own.
 */
export function applyV8Tuning(env: NodeJS.ProcessEnv = process.env): void {
  applied = startupTuningOff(env) ? '' : (env.ARCHIPEL_V8_FLAGS ?? '');
  if (applied.trim() !== '') setFlagsFromString(applied);
}
