import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Where the process says it changed its V8 flags since it started (a process-wide mark, as the flags are):
 * startup/codeCache.ts writes no code cache then — V8 would make one the next start, under its own flags,
 * refuses, and that start would write it again, run after run.
 */
export const V8_FLAGS_CHANGED = Symbol.for('archipel.v8FlagsChanged');

/** Sets a V8 flag for the rest of the process's life, and marks the process's flags as changed. */
function setV8FlagNow(flag: string): void {
  (globalThis as { [V8_FLAGS_CHANGED]?: boolean })[V8_FLAGS_CHANGED] = true;
  v8.setFlagsFromString(flag);
}

let gc: (() => void) | undefined;

/** V8's collector, reached through `--expose-gc` set on first need. */
function collector(): () => void {
  if (!gc) {
    setV8FlagNow('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}

/** One collection now: after a pass whose structures all just became garbage (`archipel cost`'s index). */
export function collectNow(): void {
  collector()();
}

/**
 * Keeps a long pass over a workspace (100,000 files read, parsed and released) from growing the
 * process by its garbage. V8 sizes its heap by the allocation rate, and parsing file after file
 * allocates fast: left alone, a check whose summaries need 400 MB grew past 1.6 GB. Called after
 * each file, this collects the garbage once the heap has grown by half of what was live after the
 * previous collection (`growth`; and past `floorMb` at all): the peak stays near 1.5 × the live summaries.
 * The collector is reached through V8's `--expose-gc`, set on first need only: a small workspace
 * never changes the process's flags.
 */
export function heapPacer(floorMb = 192, growth = 1.5, slackMb = Infinity): () => void {
  // The garbage let grow between two collections: half of what is live (growth), at most slackMb. A check of 100,000
  // files holds about 410 MB of summaries: at 1.5 × that the peak passed 800 MB; its pacer caps the garbage instead.
  const slack = slackMb * 2 ** 20;
  let calls = 0;
  // What the last collection left live: none yet, so the first collection comes at the floor (not at growth × floor).
  let live = 0;
  return () => {
    if (++calls % 128 !== 0) return;
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < Math.max(floorMb * 2 ** 20, Math.min(live * growth, live + slack))) return;
    collector()();
    live = v8.getHeapStatistics().used_heap_size;
  };
}

let bounded = false;

/**
 * Past its passes, a process holding a large index (a monorepo's summaries: 400 MB at 500,000
 * objects) lets V8 grow its heap by half of what a collection leaves live, at most, instead of the
 * up to fourfold V8 allows itself: the garbage of each edit's cross-file graph (about 160 MB at that
 * size) otherwise piled up to 1.5 GB before a collection. Set once, when a workspace is summarised.
 */
export function boundHeapGrowth(): void {
  if (bounded) return;
  bounded = true;
  setV8FlagNow('--heap-growing-percent=50');
}
