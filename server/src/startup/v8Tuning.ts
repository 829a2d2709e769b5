import { setFlagsFromString } from 'node:v8';

// V8 tuning for the language server and the CLI, applied by their entry points (startup/tuneV8.ts;
// flags are process-wide, so worker threads share them).

/**
 * Their work comes in bursts — a cold open of a 500-document file is about 100 ms of JavaScript,
 * most of it run once — and V8's optimising compiler (TurboFan) starts compiling a function
 * after a small amount of interpreted work (an "interrupt budget" of 66 KB of bytecode). Those
 * compilations then cost more CPU than the burst they would speed up, on the main thread's core
 * or the other one: with 2 cores, profiles of a cold open showed compilation threads taking as
 * much CPU as the parse itself. A budget 15 times larger keeps short bursts in the baseline
 * compiler (Sparkplug) and still optimises what stays hot: the CLI over 10,000 objects uses less
 * CPU with it, not more (docs/performance-log.md). The editor's blur process and the blur lanes are
 * not tuned at all.
 *
 * Hence the default flags for a process started with `argv`: that budget, except for `archipel
 * blur`, whose JavaScript is per-pixel loops run again for every image (sampling the detector's
 * input, drawing the mask), which V8's own budget optimises sooner: the 12-image benchmark job
 * took about 5 % less wall time with V8's defaults (three rounds of 8–12 alternating runs).
 * `ARCHIPEL_V8_FLAGS` replaces the defaults for experiments (`ARCHIPEL_V8_FLAGS=` with nothing
 * keeps V8's own defaults).
 */
export function defaultV8Flags(argv: readonly string[]): string {
  return argv[2] === 'blur' ? '' : '--interrupt-budget=1000000';
}

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
 * Sets this process's V8 flags: `ARCHIPEL_V8_FLAGS` when set (empty: V8's own defaults), else
 * defaultV8Flags. Called by startup/tuneV8.ts, which the CLI's and the language server's entry points
 * import first, and by nothing else: flags are process-wide, and the processes that only share
 * this code (the editor's blur process, a benchmark, a test) keep their own.
 */
export function applyV8Tuning(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): void {
  applied = env.ARCHIPEL_V8_FLAGS ?? defaultV8Flags(argv);
  if (applied.trim() !== '') setFlagsFromString(applied);
}
