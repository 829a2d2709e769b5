/**
 * Runs shape cases (shapes.ts) in a worker thread bounded in memory (resourceLimits) and in time (the
 * thread is ended past the budget, and another started for the next case): a case that crashes the
 * checks, hangs or overflows the heap is a failure naming the case, never the end of the run. Used
 * by server/test/unit/core/fuzz-shapes.test.ts (a few cases in `npm test`) and `npm run fuzz --
 * --shapes` (scripts/fuzz.mjs: many).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { caseFile, COMPANIONS, describeCase, KINDS, NEIGHBOUR, shapeCase, type FileKind, type ShapeCase } from './shapes';
import type { ShapeAnswer } from './shapesWorker';

/** What became of a case. */
export type Outcome =
  | { outcome: 'checked'; answer: ShapeAnswer }
  | { outcome: 'crashed'; message: string }
  | { outcome: 'hung'; ms: number }
  | { outcome: 'out of memory'; message: string };

export interface RunnerOptions {
  /** A case's time budget; the thread is ended past it. */
  budgetMs: number;
  /** The thread's old-generation heap bound. */
  heapMb: number;
}

/** One worker thread at a time, started again after a case that ended it. */
export class ShapeRunner {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private next = 0;

  constructor(private readonly options: RunnerOptions) {}

  private start(): Promise<void> {
    const worker = new Worker(path.join(__dirname, 'shapesWorker.js'), { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb }, stdout: true, stderr: true });
    this.worker = worker;
    // An error after the case's own listeners are gone (a second one while it is ended) is not the run's end.
    worker.on('error', () => undefined);
    // The checks' own logs (a parser's warnings) are not the run's.
    worker.stdout.resume();
    worker.stderr.resume();
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return this.ready;
  }

  /** Checks one case's files; the thread is ended and replaced when it does not answer in time or dies. */
  async check(files: Record<string, string>): Promise<Outcome> {
    if (!this.worker || !this.ready) await this.start();
    else await this.ready;
    const worker = this.worker!;
    const id = ++this.next;
    return await new Promise<Outcome>((resolve) => {
      const started = Date.now();
      const done = (outcome: Outcome, end: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (end) {
          this.worker = undefined;
          void worker.terminate();
        }
        resolve(outcome);
      };
      const onMessage = (answer: ShapeAnswer) => {
        if (answer.id === id) done({ outcome: 'checked', answer }, false);
      };
      const onError = (error: Error & { code?: string }) => done(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { outcome: 'out of memory', message: error.message } : { outcome: 'crashed', message: error.stack ?? error.message }, true);
      const onExit = (code: number) => done({ outcome: 'crashed', message: `the thread exited (${code})` }, true);
      const timer = setTimeout(() => done({ outcome: 'hung', ms: Date.now() - started }, true), this.options.budgetMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, files });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** What was wrong with a case's outcome, or undefined when nothing was. */
export function failureOf(outcome: Outcome, target: string): string | undefined {
  if (outcome.outcome === 'hung') return `no answer in ${outcome.ms} ms: the thread was ended`;
  if (outcome.outcome !== 'checked') return `${outcome.outcome}: ${outcome.message}`;
  const { answer } = outcome;
  if (answer.error) return `the service threw: ${answer.error}`;
  if (answer.internal.length > 0) return `internal errors:\n${answer.internal.join('\n')}`;
  if (!(target in answer.codes)) return `${target} was not checked`;
  if (!answer.codes[NEIGHBOUR.path]?.includes(NEIGHBOUR.problem)) return `the neighbour's ${NEIGHBOUR.problem} did not come (${(answer.codes[NEIGHBOUR.path] ?? []).join(', ')})`;
  return undefined;
}

/** A case's files: the hostile one beside the neighbour deployment (whose finding must come) and the companions. */
export function caseFiles(shape: ShapeCase, kinds: readonly FileKind[] = KINDS): { target: string; family: string; files: Record<string, string> } {
  const file = caseFile(shape, kinds);
  return { target: file.path, family: file.family, files: { [NEIGHBOUR.path]: NEIGHBOUR.text, ...COMPANIONS, [file.path]: file.text } };
}

/** Writes a failing case's file where a report can name it. */
export function saveCase(shape: ShapeCase, seed: number, kinds: readonly FileKind[] = KINDS): string {
  const file = caseFile(shape, kinds);
  const dir = path.join(os.tmpdir(), `archipel-shape-${seed}-${Date.now()}`);
  mkdirSync(path.join(dir, path.dirname(file.path)), { recursive: true });
  writeFileSync(path.join(dir, file.path), file.text);
  writeFileSync(path.join(dir, NEIGHBOUR.path.replace(/\//g, '-')), NEIGHBOUR.text);
  return path.join(dir, file.path);
}

export interface ShapeRun {
  seed: number;
  cases: number;
  failures: { description: string; failure: string; file: string }[];
  ms: number;
  /** The slowest case, and the largest heap a case left. */
  slowest?: { description: string; ms: number };
  heapMb: number;
}

/** The cases of a run: `count` drawn from `seed` over every kind, or `count` of each kind (every family has its share). */
export function casesOf(seed: number, count: number, scale: number, kinds: readonly FileKind[], perKind: boolean): ShapeCase[] {
  if (!perKind) return fc.sample(shapeCase(scale, kinds), { seed, numRuns: count });
  return kinds.flatMap((_, kind) => fc.sample(shapeCase(scale, kinds).map((c) => ({ ...c, kind })), { seed: seed + kind, numRuns: count }));
}

/**
 * Checks the cases drawn from `seed` (fast-check's generator: a failure names the seed and the case,
 * which replays it), each in the runner's thread; stops at the first failure unless `keepGoing`.
 * Optionally only the kinds of some families.
 */
export async function runShapes(options: RunnerOptions & { seed: number; count: number; scale: number; perKind?: boolean; keepGoing?: boolean; kinds?: readonly FileKind[]; onCase?: (done: number, run: ShapeRun) => void }): Promise<ShapeRun> {
  const kinds = options.kinds ?? KINDS;
  const runner = new ShapeRunner(options);
  const run: ShapeRun = { seed: options.seed, cases: 0, failures: [], ms: 0, heapMb: 0 };
  const started = Date.now();
  try {
    for (const shape of casesOf(options.seed, options.count, options.scale, kinds, options.perKind ?? false)) {
      const { target, files } = caseFiles(shape, kinds);
      let outcome = await runner.check(files);
      // A heap bound or a time budget passed in a thread that had checked other cases (whose caches
      // it still holds) or on a loaded machine is tried again in a fresh thread: only a case that
      // passes it alone is the case's failure.
      if (outcome.outcome === 'out of memory' || outcome.outcome === 'hung') outcome = await runner.check(files);
      run.cases++;
      const description = describeCase(shape, kinds);
      if (outcome.outcome === 'checked') {
        run.heapMb = Math.max(run.heapMb, outcome.answer.heapMb);
        // A thread holding half its bound after a case starts again before the next.
        if (outcome.answer.heapMb > options.heapMb / 2) await runner.close();
        if (!run.slowest || outcome.answer.ms > run.slowest.ms) run.slowest = { description, ms: outcome.answer.ms };
      }
      const failure = failureOf(outcome, target);
      if (failure) {
        run.failures.push({ description: `${description} (case ${run.cases} of seed ${options.seed}: ${JSON.stringify(shape)})`, failure, file: saveCase(shape, options.seed, kinds) });
        if (!options.keepGoing) break;
      }
      options.onCase?.(run.cases, run);
    }
  } finally {
    await runner.close();
    run.ms = Date.now() - started;
  }
  return run;
}

/** The run in a few lines: cases, cases per second, the slowest, each failure with its seed, its case and its file. */
export function formatShapeRun(run: ShapeRun): string {
  const lines = [
    `seed ${run.seed}: ${run.cases} cases in ${(run.ms / 1000).toFixed(1)} s (${(run.cases / Math.max(0.001, run.ms / 1000)).toFixed(2)} cases/s), largest heap after a case ${run.heapMb} MB`,
    ...(run.slowest ? [`slowest: ${run.slowest.ms} ms, ${run.slowest.description}`] : []),
    `${run.failures.length} failure(s)`,
  ];
  for (const failure of run.failures) lines.push('', failure.description, `  file: ${failure.file}`, ...failure.failure.split('\n').slice(0, 24).map((l) => `  ${l}`));
  return lines.join('\n');
}
