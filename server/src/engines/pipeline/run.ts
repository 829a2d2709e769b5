/**
 * Running a pipeline: the pipeline family on the job layer. Each item is a stage; a stage starts
 * once the stages it depends on have succeeded (JobFamily.prerequisites), up to `jobs` at once; a
 * failed stage blocks its dependents while other branches go on. Each stage, when its turn comes:
 * 1. its status is decided now (deps hashed before the command runs, so an edit made while it runs
 *    shows on the next status), and an up-to-date stage is skipped unless forced, as `dvc repro`
 *    does (an upstream stage that rewrote identical bytes leaves its dependents alone);
 * 2. its existing outs are kept in `.archipel/cache` (backup.ts);
 * 3. its commands run in order through the shell in its wdir, output streamed as events;
 * 4. success: its outs are hashed and its lock entry replaced (atomically, that stage only);
 *    failure or cancellation: what it wrote is removed, its previous outs put back, the lock untouched.
 *
 * The family runs on the calling thread (the CLI's, the language server's): its items are child
 * processes already, off this thread, and its events (a command's output) must stream as they come,
 * which a worker's per-item results would not carry (docs/job-layer.md).
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pipeline, Stage } from '../../pipeline/model';
import type { PipelineEvent, PipelineRunResult, StageRunResult } from '../../protocol/pipeline';
import { t } from '../../l10n/t';
import { withBundledCli } from '../../platform/cliOnPath';
import { isReallyWithin } from '../../platform/containment';
import { errorMessage, runItems, type ItemResult, type JobFamily } from '../core/job';
import { OutputCache, type KeptOut } from './backup';
import { runCommand } from './command';
import { repositoryRoot } from './repository';
import { HashCache } from './hashCache';
import { lockFileOf, LockWriter, readLock, type Lock, type LockEntry } from './lock';
import { RunLog } from './runLog';
import { selectStages, upstreamOf } from './select';
import { checkStage, ParamsReader } from './status';

export interface RunOptions {
  stages?: string[];
  downstream?: boolean;
  /** Only the named stages, none upstream or downstream of them (`dvc repro --single-item`). */
  single?: boolean;
  force?: boolean;
  dry?: boolean;
  jobs?: number;
}

export interface RunContext {
  signal?: AbortSignal;
  onEvent?: (event: PipelineEvent) => void;
  /** Shared with status requests (the language server keeps one per pipeline); default: the pipeline's persisted one. */
  cache?: HashCache;
}

type StageResult = StageRunResult & ItemResult;

interface Session {
  pipeline: Pipeline;
  lock: Lock;
  cache: HashCache;
  outputs: OutputCache;
  writer: LockWriter;
  params: ParamsReader;
  runs: RunLog;
  /** The repository holding the pipeline (its `.git`), else the pipeline's folder: outs stay inside. */
  repository: string;
  force: boolean;
  /** The stages' environment: `archipel` on PATH is this package's CLI (platform/cliOnPath.ts). */
  env: NodeJS.ProcessEnv;
  emit: (event: Omit<PipelineEvent, 'runId' | 'file'>) => void;
}

const LOG_TAIL = 20;

async function runStage(stage: Stage, s: Session, signal: AbortSignal): Promise<StageResult> {
  const name = stage.name;
  if (stage.frozen) return { stage: name, outcome: 'skipped', reason: t('frozen') };
  const check = await checkStage(s.pipeline, stage, s.lock, s.cache, s.params);
  const missingDeps = stage.deps.filter((d) => !check.deps.some((e) => e.path === d.path));
  if (missingDeps.length) {
    // Said as a stage end too: the terminal and the panel show why it did not run.
    const result: StageResult = { stage: name, outcome: 'failed', reason: t('missing dependencies: {0}', missingDeps.map((d) => d.path).join(', ')), error: 'missing' };
    s.emit({ kind: 'stage-end', stage: name, result: withoutError(result) });
    return result;
  }
  if (check.state === 'up-to-date' && !s.force) return { stage: name, outcome: 'skipped', reason: t('up to date') };
  if (signal.aborted) return { stage: name, outcome: 'cancelled', error: 'cancelled' };

  const started = Date.now();
  s.emit({ kind: 'stage-start', stage: name });
  const kept: KeptOut[] = [];
  const tail: string[] = [];
  const output = (text: string) => {
    tail.push(...text.split('\n').filter((l) => l.length));
    tail.splice(0, Math.max(0, tail.length - LOG_TAIL));
    s.emit({ kind: 'stage-output', stage: name, text });
  };
  const outPath = (resolved: string) => path.join(s.pipeline.root, resolved);
  // The runner moves and restores outs: never a file outside the repository (DVC refuses them too).
  const outside = stage.outs.find((out) => !isReallyWithin(outPath(out.resolved), s.repository));
  if (outside) {
    const result: StageResult = { stage: name, outcome: 'failed', reason: t('output `{0}` is outside the repository {1}: not run', outside.path, s.repository), error: 'outside' };
    s.emit({ kind: 'stage-end', stage: name, result: withoutError(result) });
    return result;
  }
  let result: StageResult;
  try {
    for (const out of stage.outs) {
      const k = await s.outputs.keep(outPath(out.resolved), !out.persist);
      if (k) kept.push(k);
    }
    result = await runCommands(stage, s, signal, output);
    if (result.outcome === 'ran') {
      const outs: LockEntry[] = [];
      for (const out of stage.outs) {
        const hash = await s.cache.hashPath(outPath(out.resolved));
        if (!hash) {
          result = { stage: name, outcome: 'failed', reason: t('the command did not produce output `{0}`', out.path), error: 'output' };
          break;
        }
        outs.push({ path: out.path, ...hash });
      }
      if (result.outcome === 'ran') await s.writer.update(name, { cmd: stage.cmd, ...(stage.cmdList ? { cmdList: true } : {}), deps: check.deps, params: check.params, outs });
    }
  } catch (error) {
    result = { stage: name, outcome: 'failed', reason: errorMessage(error), error: errorMessage(error) };
  }
  if (result.outcome !== 'ran') {
    // A failed or cancelled stage leaves nothing of its own: its previous outs come back.
    for (const out of stage.outs) if (!kept.some((k) => k.target === outPath(out.resolved))) await removeQuietly(outPath(out.resolved));
    for (const k of kept) await s.outputs.restore(k);
  }
  // Restored or superseded: the kept copies are not needed any more.
  for (const k of kept) await s.outputs.release(k);
  result.durationMs = Date.now() - started;
  await s.runs.record(name, { ok: result.outcome === 'ran', durationMs: result.durationMs, finishedAt: new Date().toISOString(), ...(result.outcome === 'failed' ? { logTail: tail } : {}) });
  s.emit({ kind: 'stage-end', stage: name, result: withoutError(result) });
  return result;
}

async function removeQuietly(target: string): Promise<void> {
  await fs.rm(target, { recursive: true, force: true });
}

async function runCommands(stage: Stage, s: Session, signal: AbortSignal, output: (text: string) => void): Promise<StageResult> {
  const cwd = path.resolve(s.pipeline.root, stage.wdir);
  for (const cmd of stage.cmd) {
    const outcome = await runCommand(cmd, cwd, output, signal, s.env);
    if (outcome.cancelled) return { stage: stage.name, outcome: 'cancelled', error: 'cancelled' };
    if (outcome.code !== 0) {
      const how = outcome.code !== undefined ? t('exit code {0}', outcome.code) : t('signal {0}', outcome.signal ?? '?');
      return { stage: stage.name, outcome: 'failed', reason: t('`{0}` failed ({1})', cmd, how), exitCode: outcome.code, error: how };
    }
  }
  return { stage: stage.name, outcome: 'ran', exitCode: 0 };
}

function withoutError(result: StageResult): StageRunResult {
  const { error: _error, ...rest } = result;
  return rest;
}

function pipelineFamily(session: Session, upstream: Map<string, string[]>, jobs: number): JobFamily<Stage, StageResult, undefined, Session> {
  return {
    name: 'pipeline',
    label: (stage) => stage.name,
    failed: (stage, message) => ({ stage: stage.name, outcome: 'failed', reason: message, error: message }),
    open: () => session,
    concurrency: () => jobs,
    prerequisites: (stage, items) => (upstream.get(stage.name) ?? []).map((name) => items.findIndex((i) => i.name === name)).filter((i) => i >= 0),
    blocked: (stage, failed) => ({ stage: stage.name, outcome: 'not-run', reason: t('`{0}` upstream did not succeed', failed.name), error: 'blocked' }),
    run: (stage, context) => runStage(stage, context.session, context.signal),
  };
}

/** Runs a pipeline (or the stages asked for): the CLI's `archipel run`, the editor's Run Pipeline. */
export async function runPipeline(pipeline: Pipeline, options: RunOptions, context: RunContext = {}): Promise<PipelineRunResult> {
  const started = Date.now();
  const runId = randomUUID();
  const file = pipeline.file;
  const emit = (event: Omit<PipelineEvent, 'runId' | 'file'>) => context.onEvent?.({ runId, file, ...event });
  const stages = selectStages(pipeline, options.stages ?? [], options.single ? 'single' : options.downstream ? 'downstream' : 'upstream');
  const cache = context.cache ?? HashCache.forRoot(pipeline.root);
  if (!context.cache) await cache.load();
  const lock = await readLock(lockFileOf(file));
  const signal = context.signal ?? new AbortController().signal;
  if (options.dry) {
    const plan = await dryPlan(pipeline, stages, lock, cache, options.force ?? false);
    if (!context.cache) await cache.save();
    return { file, runId, stages: plan, failed: [], cancelled: false, ms: Date.now() - started };
  }
  const session: Session = {
    pipeline,
    lock,
    cache,
    outputs: OutputCache.forRoot(pipeline.root, cache),
    writer: new LockWriter(lockFileOf(file), pipeline.stages.map((s) => s.name)),
    params: new ParamsReader(),
    runs: RunLog.forPipeline(pipeline),
    repository: repositoryRoot(pipeline.root),
    force: options.force ?? false,
    env: withBundledCli(),
    emit,
  };
  emit({ kind: 'run-start', plan: stages.map((s) => s.name) });
  const jobs = Math.max(1, options.jobs ?? os.availableParallelism());
  const run = await runItems(pipelineFamily(session, upstreamOf(pipeline), jobs), stages, undefined, { signal });
  await cache.save();
  const byStage = new Map(run.results.map((r) => [r.stage, withoutError(r)]));
  const results = stages.map((s) => byStage.get(s.name) ?? { stage: s.name, outcome: 'cancelled' as const });
  const result: PipelineRunResult = {
    file,
    runId,
    stages: results,
    failed: results.filter((r) => r.outcome === 'failed').map((r) => r.stage),
    cancelled: run.cancelled || signal.aborted,
    ms: Date.now() - started,
  };
  emit({ kind: 'run-end' });
  return result;
}

/** `--dry`: the stages stale now would run, and the stages downstream of them may. */
async function dryPlan(pipeline: Pipeline, stages: Stage[], lock: Lock, cache: HashCache, force: boolean): Promise<StageRunResult[]> {
  const params = new ParamsReader();
  const upstream = upstreamOf(pipeline);
  const willRun = new Set<string>();
  const plan: StageRunResult[] = [];
  for (const stage of stages) {
    const check = await checkStage(pipeline, stage, lock, cache, params);
    const after = (upstream.get(stage.name) ?? []).find((u) => willRun.has(u));
    if (stage.frozen) plan.push({ stage: stage.name, outcome: 'skipped', reason: t('frozen') });
    else if (force || check.state !== 'up-to-date') {
      willRun.add(stage.name);
      plan.push({ stage: stage.name, outcome: 'not-run', reason: force && check.state === 'up-to-date' ? t('forced') : check.reasons.join('; ') });
    } else if (after) {
      willRun.add(stage.name);
      plan.push({ stage: stage.name, outcome: 'not-run', reason: t('runs if `{0}` changes its outputs', after) });
    } else plan.push({ stage: stage.name, outcome: 'skipped', reason: t('up to date') });
  }
  return plan;
}
