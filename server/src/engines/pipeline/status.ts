/**
 * Whether a stage is stale, decided as `dvc status` decides it against `dvc.lock`:
 * - the `cmd` changed;
 * - a dep is new (not in the lock), changed or deleted;
 * - a tracked param is new, changed or deleted (a key added to the params file that the stage does
 *   not track changes nothing; a whole-file params entry tracks every top-level key);
 * - an out is changed or missing;
 * - `always_changed`, or a stage with neither deps nor outs (DVC's "callback" stage): always stale;
 * - a `frozen` stage never runs: only its outs are checked.
 * A dep removed from the pipeline file but still in the lock changes nothing (DVC compares the
 * declared deps only); the next run rewrites the entry.
 */
import path from 'node:path';
import type { Pipeline, Stage } from '../../pipeline/model';
import type { PipelineStatus, StageState, StageStatus } from '../../protocol/pipeline';
import { t } from '../../l10n/t';
import type { PathHash } from './hash';
import type { HashCache } from './hashCache';
import { lockFileOf, readLock, type Lock, type LockEntry, type LockStage } from './lock';
import { RunLog } from './runLog';
import { paramValues, readParams, sameValue, type ParamsData } from './params';

/** A stage's status, with what the lock would record of its deps and params now. */
export interface StageCheck {
  stage: string;
  state: Exclude<StageState, 'running' | 'failed'>;
  reasons: string[];
  /** Deps as hashed now (before any command runs: an edit made during the run shows next time). */
  deps: LockEntry[];
  params: Record<string, Record<string, unknown>>;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Reads each params file once per status (many stages read one params.yaml). */
export class ParamsReader {
  private readonly files = new Map<string, Promise<ParamsData>>();
  read(file: string): Promise<ParamsData> {
    let data = this.files.get(file);
    if (!data) this.files.set(file, (data = readParams(file)));
    return data;
  }
}

function stageDir(pipeline: Pipeline, stage: Stage): string {
  return path.resolve(pipeline.root, stage.wdir);
}

/** A path's hash as the lock records it: at once when stat alone answers, else a promise (HashCache). */
type HashOf = (target: string) => PathHash | undefined | Promise<PathHash | undefined>;

/** Hashes of several paths in order, awaiting only the ones stat could not answer. */
async function hashAll(targets: readonly string[], hashOf: HashOf): Promise<(PathHash | undefined)[]> {
  const hashes = targets.map(hashOf);
  return hashes.some((h) => h instanceof Promise) ? Promise.all(hashes.map((h) => Promise.resolve(h))) : (hashes as (PathHash | undefined)[]);
}

/** Deps' hashes and params' values as they are now. */
async function current(pipeline: Pipeline, stage: Stage, hashOf: HashOf, params: ParamsReader, reasons: string[]) {
  const deps: LockEntry[] = [];
  const missing: string[] = [];
  const hashes = await hashAll(stage.deps.map((dep) => path.join(pipeline.root, dep.resolved)), hashOf);
  stage.deps.forEach((dep, i) => {
    const hash = hashes[i];
    if (hash) deps.push({ path: dep.path, ...hash });
    else missing.push(dep.path);
  });
  const values: Record<string, Record<string, unknown>> = {};
  for (const p of stage.params) {
    const data = await params.read(path.resolve(stageDir(pipeline, stage), p.file));
    if (!data.ok) {
      reasons.push(data.missing ? t('params file `{0}` is missing', p.file) : t('params file `{0}` cannot be read: {1}', p.file, data.error));
      continue;
    }
    values[p.file] = { ...(values[p.file] ?? {}), ...paramValues(data.data, p.keys) };
  }
  return { deps, missing, values };
}

function compareParams(stage: Stage, now: Record<string, Record<string, unknown>>, locked: LockStage, reasons: string[]): void {
  for (const p of stage.params) {
    const before = locked.params[p.file];
    const after = now[p.file];
    if (!after) continue; // already said: the file is missing or unreadable
    const keys = new Set([...(p.keys ?? Object.keys(after)), ...(p.keys ? [] : Object.keys(before ?? {}))]);
    for (const key of keys) {
      if (!(key in after)) reasons.push(t('parameter `{0}` was removed from `{1}`', key, p.file));
      else if (!before || !(key in before)) reasons.push(t('parameter `{0}` of `{1}` is new', key, p.file));
      else if (!sameValue(before[key], after[key])) reasons.push(t('parameter `{0}` of `{1}` changed from {2} to {3}', key, p.file, show(before[key]), show(after[key])));
    }
  }
}

/** The outs' reasons: missing, or not what the lock recorded. */
async function checkOuts(pipeline: Pipeline, stage: Stage, locked: LockStage | undefined, hashOf: HashOf, reasons: string[]): Promise<void> {
  const checks = await hashAll(stage.outs.map((out) => path.join(pipeline.root, out.resolved)), hashOf);
  stage.outs.forEach((out, i) => {
    const hash = checks[i];
    const recorded = locked?.outs.find((e) => e.path === out.path);
    if (!hash) reasons.push(t('output `{0}` is missing', out.path));
    else if (locked && !recorded) reasons.push(t('output `{0}` is not in the lock', out.path));
    else if (recorded && recorded.md5 !== hash.md5) reasons.push(t('output `{0}` changed since the last run', out.path));
  });
}

/**
 * One stage's status against the lock. `hashOf` defaults to the cache's own (a run checks a stage
 * after the stages before it ran: nothing may be remembered from before).
 */
export async function checkStage(pipeline: Pipeline, stage: Stage, lock: Lock, cache: HashCache, params: ParamsReader, hashOf: HashOf = (p) => cache.hashPath(p)): Promise<StageCheck> {
  const locked = lock.stages.get(stage.name);
  const reasons: string[] = [];
  const now = await current(pipeline, stage, hashOf, params, reasons);
  if (stage.frozen) {
    await checkOuts(pipeline, stage, locked, hashOf, reasons);
    return { stage: stage.name, state: 'frozen', reasons, deps: now.deps, params: now.values };
  }
  if (!locked) {
    reasons.unshift(t('never run: no entry in the lock'));
    for (const dep of now.missing) reasons.push(t('dependency `{0}` is missing', dep));
    return { stage: stage.name, state: 'never-run', reasons, deps: now.deps, params: now.values };
  }
  if (stage.deps.length === 0 && stage.outs.length === 0) reasons.push(t('no dependencies and no outputs: it always runs'));
  if (stage.alwaysChanged) reasons.push(t('always changed (always_changed: true)'));
  if (locked.cmd.join('\n') !== stage.cmd.join('\n')) reasons.push(t('the command changed since the last run'));
  for (const dep of now.missing) reasons.push(t('dependency `{0}` is missing', dep));
  for (const dep of now.deps) {
    const recorded = locked.deps.find((e) => e.path === dep.path);
    if (!recorded) reasons.push(t('`{0}` is a new dependency', dep.path));
    else if (recorded.md5 !== dep.md5) reasons.push(t('`{0}` changed since the last run', dep.path));
  }
  compareParams(stage, now.values, locked, reasons);
  await checkOuts(pipeline, stage, locked, hashOf, reasons);
  return { stage: stage.name, state: reasons.length ? 'stale' : 'up-to-date', reasons, deps: now.deps, params: now.values };
}

/**
 * Every stage's status (stages checked concurrently: the hash cache shares their files). Nothing
 * runs meanwhile, so a path read by several stages (a dep of two, the out of one and dep of the
 * next) is stat'ed once: 11,000 stats instead of 21,000 on the bench's 1,000 stages.
 */
export async function checkPipeline(pipeline: Pipeline, lock: Lock, cache: HashCache): Promise<StageCheck[]> {
  const params = new ParamsReader();
  const seen = new Map<string, PathHash | undefined | Promise<PathHash | undefined>>();
  const hashOf: HashOf = (target) => {
    if (seen.has(target)) return seen.get(target);
    const hash = cache.known(target) ?? cache.hashPath(target);
    seen.set(target, hash);
    return hash;
  };
  // Started in order, mostly answered at once by stat; the thread is handed back every 50 stages
  // (~1,000 stats) so that an editor's requests are answered meanwhile. Hashing overlaps across stages.
  const checks: Promise<StageCheck>[] = [];
  for (const [i, stage] of pipeline.stages.entries()) {
    if (i % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve));
    const check = checkStage(pipeline, stage, lock, cache, params, hashOf);
    check.catch(() => undefined); // handled by Promise.all below: not an unhandled rejection while we yield
    checks.push(check);
  }
  return Promise.all(checks);
}

/**
 * A pipeline's status as the protocol carries it (`archipel status --format json`, the hover, the
 * panel): each stage's state and reasons, with its last run. Counts the files hashed to decide.
 */
export async function pipelineStatus(pipeline: Pipeline, cache: HashCache): Promise<PipelineStatus> {
  const started = Date.now();
  const hashedBefore = cache.hashed;
  const [lock, runs] = await Promise.all([readLock(lockFileOf(pipeline.file)), RunLog.forPipeline(pipeline).read()]);
  const checks = await checkPipeline(pipeline, lock, cache);
  await cache.save();
  const stages: StageStatus[] = checks.map((check) => {
    const last = runs[check.stage];
    return {
      stage: check.stage,
      // A stage whose last run failed stays stale (its lock entry was not touched): say it failed.
      state: last && !last.ok && check.state !== 'up-to-date' && check.state !== 'frozen' ? 'failed' : check.state,
      reasons: check.reasons,
      ...(last ? { lastRun: { ok: last.ok, durationMs: last.durationMs, finishedAt: last.finishedAt } } : {}),
      ...(last && !last.ok && last.logTail ? { logTail: last.logTail } : {}),
    };
  });
  return { file: pipeline.file, stages, hashed: cache.hashed - hashedBefore, ms: Date.now() - started };
}
