import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { startupTuningOff } from '../disk/switch';

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
 * 11–13 against 6–11 ms). Dropping it is what made the Kubernetes cold open go from 66–86 ms at
 * commit a741939 to 112–131 ms (issue #30: found with the bench's --cpu-prof, the same YAML block
 * reader taking 4 times longer in the first diagnostics; with the flag back, cold 293 against 514 ms
 * at load 16, a741939's 239, and 13 % less CPU per session). The language server, whose cold open
 * is what a user waits for, takes it again by default (SERVER_V8_FLAGS, tuneV8Server.ts), with a
 * second flag: the young generation grows 8 times at a step instead of twice
 * (`--semi-space-growth-factor=8`). A cold open allocates fast (the YAML reader, the validators'
 * results); grown in small steps, the young generation was scavenged six times in it and promoted
 * enough to start a mark-compact, 20–25 ms of the open's 75–90 (issue #42: --trace-gc over a pipe
 * transport). It reaches its size limit sooner. Kubernetes cold open, A/B in one run, 12
 * alternations: median 75.4 against 89.1 ms. That limit is set on node's command line, which every
 * client gives the server (SERVER_NODE_ARGS, protocol/serverProcess.ts: `--max-semi-space-size=8`,
 * half of V8's own 16 MB, fewer pages touched for the same CPU); a run-time flag is too late for
 * it (V8 sizes the heap when it creates it). The CLI
 * keeps V8's own, but for a check of many files (raiseInterruptBudget). `ARCHIPEL_V8_FLAGS` sets flags for a run (empty: none), and
 * `ARCHIPEL_STARTUP_TUNING=off` (switch.ts) ignores it like the rest of the start-up machinery.
 */
export const SERVER_V8_FLAGS = '--interrupt-budget=1000000 --semi-space-growth-factor=8';

/**
 * The flags this thread's entry point applied, and those a check of many files raised since (raiseInterruptBudget):
 * kept on globalThis (a key of the thread's, as the flags are the process's) because this module is bundled twice in
 * the CLI — in cli.js, whose startup/codeCache.ts reads it, and in cliMain.js, whose check raises them.
 */
const APPLIED = Symbol.for('archipel.appliedV8Flags');
/** What runs before the flags change (the same globalThis key, for the same reason): code caches saved under the flags they are made for. */
const BEFORE_CHANGE = Symbol.for('archipel.beforeV8FlagsChange');
const state = globalThis as { [APPLIED]?: string; [BEFORE_CHANGE]?: (() => void)[] };

/**
 * `hook` runs before a check of many files changes the V8 flags (raiseInterruptBudget): startup/codeCache.ts writes
 * there the caches of the code loaded so far that had none, as V8 makes a cache under the flags of the moment and
 * the next start loads that code under the flags it started with.
 */
export function beforeV8FlagsChange(hook: () => void): void {
  (state[BEFORE_CHANGE] ??= []).push(hook);
}

/**
 * The heap-sizing V8 flags of node's command line (`--max-semi-space-size=8`: what the clients
 * give the language server, protocol/serverProcess.ts). V8 reads them only there, when it creates
 * the heap, and they count in the flags a code cache is checked against: a cache made without
 * `--max-semi-space-size=8` is refused with it.
 */
const COMMAND_LINE_HEAP_FLAG = /^--(?:max|min)-(?:semi|old)-space-size=/;

/**
 * The V8 flags this thread runs under beyond V8's defaults ('' when none): the heap-sizing flags
 * of node's command line, then the flags its entry point applied. V8 refuses a code cache made
 * under other flags, so code caches are kept per set of flags (startup/codeCache.ts): an editor
 * that starts the server with SERVER_NODE_ARGS and one that starts it without them keep a cache
 * each instead of refusing and rewriting each other's.
 */
export function appliedV8Flags(): string {
  const commandLine = process.execArgv.filter((flag) => COMMAND_LINE_HEAP_FLAG.test(flag));
  return [...commandLine, (state[APPLIED] ?? '').trim()].filter((flag) => flag !== '').join(' ');
}

/**
 * Sets this process's V8 flags: `ARCHIPEL_V8_FLAGS` when set, else `defaults` (none: V8's own).
 * Called by startup/tuneV8.ts, which the CLI's and the language server's entry points import
 * first, and by nothing else: flags are process-wide, and the processes that only share this code
 * (the editor's blur process, a benchmark, a test) keep their own.
 */
export function applyV8Tuning(env: NodeJS.ProcessEnv = process.env, defaults = ''): void {
  const applied = startupTuningOff(env) ? '' : (env.ARCHIPEL_V8_FLAGS ?? defaults);
  state[APPLIED] = applied;
  if (applied.trim() !== '') setFlagsFromString(applied);
}

/** A check of at least this many files, or of this many bytes, runs with the server's interrupt budget (raiseInterruptBudget). */
const MANY_FILES = 20;
const MANY_BYTES = 128 * 1024;
/**
 * Past this many files the check runs long enough for the optimising compiler to pay: the 100,201-file monorepo
 * (bench/lib/monorepo.cjs) took 68.8 s wall, 106 s CPU with the budget raised against 49.8 s, 86 s CPU without
 * (quiet, 2026-11-26); a 5,200-file tree still gained (5.9 → 4.8 s). The crossover between is not measured.
 */
const TOO_MANY_FILES = 10_000;

/** Whether `files` are many, or large (a 1,000-rule file): fewer than MANY_FILES are measured, a stat each. */
function manyOrLarge(files: readonly string[]): boolean {
  if (files.length > TOO_MANY_FILES) return false;
  if (files.length >= MANY_FILES) return true;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // Not there any more: the check says so.
    }
    if (bytes >= MANY_BYTES) return true;
  }
  return false;
}

/**
 * A check of `files` (MANY_FILES or more, or MANY_BYTES in all, up to TOO_MANY_FILES) raises the interrupt budget to the server's, once its families
 * are loaded: the run-once code of a pass over many files (the YAML reader, the limits scan, the families'
 * checks) stays in the baseline compiler instead of taking the optimising compiler's thread, about fifty
 * functions TurboFan-compiled in a half-second process. Measured (#68, docs/performance-log.md): 112 rule files
 * 440 → 330 ms CPU, the 5,200-file Deployment tree 3.6 → 3.0 s. Not from the start, and not for fewer files:
 * any flag changes V8's flag hash, and Node's built-in modules, compiled from caches embedded in the binary
 * under its default flags, are compiled from their source when loaded after that (+8 to +20 ms of a one-file
 * check). What the check loads after this is cached under the raised flags (startup/codeCache.ts keeps a store
 * per set of flags), and what it loaded before has its missing caches written first (beforeV8FlagsChange).
 * Nothing when `ARCHIPEL_V8_FLAGS` chose the flags or `ARCHIPEL_STARTUP_TUNING=off`.
 */
export function raiseInterruptBudget(files: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  if (startupTuningOff(env) || env.ARCHIPEL_V8_FLAGS !== undefined || !manyOrLarge(files)) return;
  const flag = '--interrupt-budget=1000000';
  for (const hook of state[BEFORE_CHANGE] ?? []) hook();
  const applied = `${state[APPLIED] ?? ''} ${flag}`.trim();
  state[APPLIED] = applied;
  setFlagsFromString(flag);
  // The check's threads (index and check threads, started later with a copy of this environment) run under
  // these flags, process-wide: their entry point's applyV8Tuning reads them here, for their code caches.
  env.ARCHIPEL_V8_FLAGS = applied;
}
