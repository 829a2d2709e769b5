import { setFlagsFromString } from 'node:v8';

// V8 tuning for the language server and the CLI, applied by importing this module first in their
// entry points (flags are process-wide, so worker threads share them).

/**
 * Their work comes in bursts — a cold open of a 500-document file is about 100 ms of JavaScript,
 * most of it run once — and V8's optimising compiler (TurboFan) starts compiling a function
 * after a small amount of interpreted work (an "interrupt budget" of 66 KB of bytecode). Those
 * compilations then cost more CPU than the burst they would speed up, on the main thread's core
 * or the other one: with 2 cores, profiles of a cold open showed compilation threads taking as
 * much CPU as the parse itself. A budget 15 times larger keeps short bursts in the baseline
 * compiler (Sparkplug) and still optimises what stays hot: the CLI over 10,000 objects uses less
 * CPU with it, not more (README › Benchmarks).
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

/**
 * The flags this process runs with. V8 refuses a code cache made under other flags, so code
 * caches are kept per set of flags (node/codeCache.ts).
 */
export const v8Flags = process.env.ARCHIPEL_V8_FLAGS ?? defaultV8Flags(process.argv);
if (v8Flags.trim() !== '') setFlagsFromString(v8Flags);
