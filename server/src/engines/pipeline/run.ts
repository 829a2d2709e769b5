/**
 * Running a pipeline: the pipeline family on the job layer. Each item is a stage; a stage starts
 * once the stages it depends on have succeeded (JobFamily.prerequisites), up to `jobs` at once; a
 * failed stage blocks its dependents while other branches go on. Each stage, when its turn comes:
 * 1. its status is decided now (deps hashed before the command runs, so an edit made while it runs
 *    shows on the next status), and an up-to-date stage is skipped unless forced, as `dvc repro`
 *    does (an upstream stage that rewrote identical bytes leaves its dependents alone);
 * 2. its existing outs are journaled and kept in `.archipel/cache` (backup.ts);
 * 3. its commands run in order through the shell in its wdir, each watched so that it dies with
 *    the runner (command.ts), output streamed in bounded memory and logged whole (stageOutput.ts);
 * 4. success: its outs are hashed and its lock entry merged into dvc.lock (atomically, that stage
 *    only); failure or cancellation: what it wrote is removed, its previous outs put back, the lock
 *    untouched.
 * A run holds the pipeline folder's run lock (runLock.ts) from before anything moves to its end;
 * under it, it first finishes what an interrupted run left (its journals) and collects the cache.
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
import type { PipelineEvent, PipelineRunResult, RunPipelineParams, StageRunResult } from '../../protocol/pipeline';
import { t } from '../../l10n/t';
import { withBundledCli } from '../../disk/cliOnPath';
import { isReallyWithin } from '../../disk/containment';
import { errorMessage, runItems, type ItemResult, type JobFamily } from '../core/job';
import { OutputCache, type StageKeep } from './backup';
import { GroupWatcher, runCommand } from './command';
import { killPoint } from './faults';
import { repositoryRoot } from './repository';
import { HashCache } from './hashCache';
import { lockFileOf, LockWriter, readLock, type Lock, type LockEntry } from './lock';
import { RunLog } from './runLog';
import { RunLock, RunRefusedError } from './runLock';
import { checkStateFolder, LinkRefusedError } from '../core/safeWrite';
import { StageOutput, stageLogFile } from './stageOutput';
import { selectStages, upstreamOf } from './select';
import { checkStage, ParamsReader } from './status';

/** What to run, as the request and the CLI say it (protocol/pipeline.ts: RunPipelineParams), and how. */
export interface RunOptions extends Pick<RunPipelineParams, 'stages' | 'downstream' | 'single' | 'force' | 'dry' | 'jobs'> {
  /** How long to wait for another run of the folder to end before refusing (default 3 s, as DVC's lock). */
  waitMs?: number;
  /** Takes over a run lock naming another host (`--break-lock`). */
  breakLock?: boolean;
  /** The cap of each stage's log in bytes (default DEFAULT_LOG_MAX_BYTES). */
  logMaxBytes?: number;
}

export interface RunContext {
  signal?: AbortSignal;
  onEvent?: (event: PipelineEvent) => void;
  /** A stage's output as bytes, as it comes (the CLI); when set, no `stage-output` events are sent. A promise pauses the stage's output until it resolves. */
  onOutput?: (stage: string, chunk: Buffer) => void | Promise<void>;
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
  logMaxBytes?: number;
  /** The stages' environment: `archipel` on PATH is this package's CLI (disk/cliOnPath.ts). */
  env: NodeJS.ProcessEnv;
  emit: (event: Omit<PipelineEvent, 'runId' | 'file'>) => void;
  onOutput?: RunContext['onOutput'];
  /** Ends the commands' process groups if the runner dies. */
  watcher: GroupWatcher;
}

const LOG_TAIL = 20;

async function runStage(stage: Stage, s: Session, signal: AbortSignal): Promise<StageResult> {
  const name = stage.name;
  const check = await checkStage(s.pipeline, stage, s.lock, s.cache, s.params);
  // DVC runs a frozen stage when its outputs (or command) changed, or with --force.
  if (stage.frozen && !s.force && check.reasons.length === 0) return { stage: name, outcome: 'skipped', reason: t('frozen') };
  const missingDeps = stage.deps.filter((d) => !check.deps.some((e) => e.path === d.path));
  if (missingDeps.length) {
    // Said as a stage end too: the terminal and the panel show why it did not run.
    const result: StageResult = { stage: name, outcome: 'failed', reason: t('missing dependencies: {0}', missingDeps.map((d) => d.path).join(', ')), error: 'missing' };
    s.emit({ kind: 'stage-end', stage: name, result: withoutError(result) });
    return result;
  }
  if (check.state === 'up-to-date' && !s.force) return { stage: name, outcome: 'skipped', reason: t('up to date') };
  if (signal.aborted) return { stage: name, outcome: 'cancelled', error: 'cancelled' };

  const outPath = (resolved: string) => path.resolve(s.pipeline.root, resolved);
  // The runner moves and restores outs: never a file outside the repository (DVC refuses them too).
  // A URL out (`cache: false`) is the command's own business: DVC neither moves nor hashes it locally.
  const localOuts = stage.outs.filter((out) => !out.url);
  const outside = localOuts.find((out) => path.isAbsolute(out.path) || !isReallyWithin(outPath(out.resolved), s.repository));
  if (outside) {
    const result: StageResult = { stage: name, outcome: 'failed', reason: t('output `{0}` is outside the repository {1}: not run', outside.path, s.repository), error: 'outside' };
    s.emit({ kind: 'stage-end', stage: name, result: withoutError(result) });
    return result;
  }
  const started = Date.now();
  const log = new StageOutput(stageLogFile(s.pipeline, name), s.onOutput ? { raw: (chunk) => s.onOutput?.(name, chunk) } : { text: (text) => s.emit({ kind: 'stage-output', stage: name, text }) }, s.logMaxBytes);
  try {
    await log.open();
  } catch (error) {
    // A link on the log's path (#37): the stage is not run, and says which link.
    const result: StageResult = { stage: name, outcome: 'failed', reason: errorMessage(error), error: 'link' };
    s.emit({ kind: 'stage-end', stage: name, result: withoutError(result) });
    return result;
  }
  s.emit({ kind: 'stage-start', stage: name, log: log.file });
  let keep: StageKeep | undefined;
  let result: StageResult;
  try {
    keep = await s.outputs.plan(name, localOuts.map((out) => ({ out: out.path, target: outPath(out.resolved), move: !out.persist })), s.writer.file);
    await s.outputs.store(keep);
    result = await runCommands(stage, s, signal, log);
    if (result.outcome === 'ran') {
      killPoint('hash');
      const outs: LockEntry[] = [];
      for (const out of localOuts) {
        const hash = await s.cache.hashPath(outPath(out.resolved));
        if (!hash) {
          result = { stage: name, outcome: 'failed', reason: t('the command did not produce output `{0}`', out.path), error: 'output' };
          break;
        }
        outs.push({ path: out.path, ...hash });
      }
      if (result.outcome === 'ran') {
        await s.writer.update(name, { cmd: stage.cmd, ...(stage.cmdList ? { cmdList: true } : {}), deps: check.deps, params: check.params, outs });
        killPoint('committed');
      }
    }
  } catch (error) {
    result = { stage: name, outcome: 'failed', reason: errorMessage(error), error: errorMessage(error) };
  }
  await log.close();
  if (keep) {
    if (result.outcome === 'ran') await s.outputs.release(keep);
    else {
      // A failed or cancelled stage leaves nothing of its own: its previous outs come back (an out
      // that was not there is removed). What cannot come back now stays journaled for the next run.
      const problems = await s.outputs.restore(keep);
      if (problems.length) result = { ...result, reason: [result.reason, ...problems].filter(Boolean).join('; ') };
    }
  }
  result.durationMs = Date.now() - started;
  await s.runs.record(name, { ok: result.outcome === 'ran', durationMs: result.durationMs, finishedAt: new Date().toISOString(), ...(result.outcome === 'failed' ? { logTail: log.tailLines(LOG_TAIL) } : {}) });
  s.emit({ kind: 'stage-end', stage: name, result: withoutError(result) });
  return result;
}

async function runCommands(stage: Stage, s: Session, signal: AbortSignal, output: StageOutput): Promise<StageResult> {
  const cwd = path.resolve(s.pipeline.root, stage.wdir);
  for (const cmd of stage.cmd) {
    const outcome = await runCommand(cmd, cwd, output.write, signal, s.watcher, s.env);
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
  // A committed `.archipel` that is a link or a file: refused before anything is read, runs or is written (#37).
  try {
    checkStateFolder(pipeline.root);
  } catch (error) {
    throw error instanceof LinkRefusedError ? new RunRefusedError(t('cannot run: {0} is not a usable folder for the kept outputs ({1}); nothing was moved. Remove or fix it, then run again.', path.join(pipeline.root, '.archipel'), error.message)) : error;
  }
  const cache = context.cache ?? HashCache.forRoot(pipeline.root);
  if (!context.cache) await cache.load();
  const signal = context.signal ?? new AbortController().signal;
  if (options.dry) {
    const plan = await dryPlan(pipeline, stages, await readLock(lockFileOf(file)), cache, options.force ?? false);
    if (!context.cache) await cache.save();
    return { file, runId, stages: plan, failed: [], cancelled: false, ms: Date.now() - started };
  }
  const outputs = OutputCache.forRoot(pipeline.root, cache, runId);
  // Nothing moves before the state folder is known usable and the run lock held.
  await outputs.prepare();
  const runLock = await RunLock.acquire(path.join(outputs.state, 'run.lock'), options.waitMs ?? 3000, signal, options.breakLock);
  const watcher = GroupWatcher.start();
  try {
    const notes = await outputs.recover((lockFile) => readLock(lockFile));
    await outputs.collectGarbage(await folderLocks(pipeline.root));
    const session: Session = {
      pipeline,
      lock: await readLock(lockFileOf(file)),
      cache,
      outputs,
      writer: new LockWriter(lockFileOf(file), pipeline.stages.map((s) => s.name)),
      params: new ParamsReader(),
      runs: RunLog.forPipeline(pipeline),
      repository: repositoryRoot(pipeline.root),
      force: options.force ?? false,
      logMaxBytes: options.logMaxBytes,
      env: withBundledCli(),
      emit,
      onOutput: context.onOutput,
      watcher,
    };
    emit({ kind: 'run-start', plan: stages.map((s) => s.name), ...(notes.length ? { notes } : {}) });
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
  } finally {
    watcher.close();
    await runLock.release();
  }
}

/**
 * The locks of the folder's pipelines (`dvc.lock`, `*.pipeline.lock`) and of the experiments made
 * there (`.archipel/experiments/locks/`, engines/experiments/runner.ts): what the cache's garbage
 * collection keeps, so that `exp apply` finds an experiment's outputs after later runs.
 */
async function folderLocks(root: string): Promise<Lock[]> {
  const names = (await fs.readdir(root).catch(() => [] as string[])).filter((n) => n === 'dvc.lock' || n.endsWith('.pipeline.lock'));
  const experiments = path.join(root, '.archipel', 'experiments', 'locks');
  const kept = (await fs.readdir(experiments).catch(() => [] as string[])).filter((n) => n.endsWith('.lock')).map((n) => path.join(experiments, n));
  const locks: Lock[] = [];
  for (const file of [...names.map((n) => path.join(root, n)), ...kept]) locks.push(await readLock(file).catch(() => ({ stages: new Map() })));
  return locks;
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
    if (stage.frozen && !force && check.reasons.length === 0) plan.push({ stage: stage.name, outcome: 'skipped', reason: t('frozen') });
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
