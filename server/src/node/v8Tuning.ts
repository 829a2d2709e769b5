import { setFlagsFromString } from 'node:v8';

/**
 * V8 tuning for the language server and the CLI, applied by importing this module first in their
 * entry points (flags are process-wide, so worker threads share them).
 *
 * Their work comes in bursts — a cold open of a 500-document file is about 100 ms of JavaScript,
 * most of it run once — and V8's optimising compiler (TurboFan) starts compiling a function
 * after a small amount of interpreted work (an "interrupt budget" of 66 KB of bytecode). Those
 * compilations then cost more CPU than the burst they would speed up, on the main thread's core
 * or the other one: with 2 cores, profiles of a cold open showed compilation threads taking as
 * much CPU as the parse itself. A budget 15 times larger keeps short bursts in the baseline
 * compiler (Sparkplug) and still optimises what stays hot: the CLI over 10,000 objects uses less
 * CPU with it, not more (README › Benchmarks). `ARCHIPEL_V8_FLAGS` replaces the default for
 * experiments (`ARCHIPEL_V8_FLAGS=` with nothing keeps V8's own defaults).
 */
const defaultV8Flags = '--interrupt-budget=1000000';

const flags = process.env.ARCHIPEL_V8_FLAGS ?? defaultV8Flags;
if (flags.trim() !== '') setFlagsFromString(flags);
