/**
 * Whether a stage is stale, decided as `dvc status` decides it against `dvc.lock`:
 * - the `cmd` changed;
 * - a dep is new (not in the lock), changed or deleted;
 * - a tracked param is new, changed or deleted (a key added to the params file that the stage does
 *   not track changes nothing; a whole-file params entry tracks every top-level key);
 * - an out is changed or missing;
 * - `always_changed`, or a stage with neither deps nor outs (DVC's "callback" stage): always stale;
 * - a `frozen` stage's deps and params are not checked: it runs when its outs or its command changed.
 * A dep removed from the pipeline file but still in the lock changes nothing (DVC compares the
 * declared deps only); the next run rewrites the entry.
 *
 * An entry DVC 2 wrote (no `hash:`) is compared as DVC 3 compares it: with the md5-dos2unix of the
 * file (hash.ts). A URL dep or out cannot be checked offline: the status says so in `notes`, and a
 * stage is not stale for it alone. A missing path that a `.dvc` file tracks, or an out the lock
 * records, is named with the `dvc pull` that restores it.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { dvcTrackedBy } from '../../pipeline/external';
import { readSideTextQuietly } from '../../disk/readText';
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
  /** What the status cannot verify offline (URL deps and outs): said, but not a reason to run. */
  notes: string[];
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

/** Why a dep is missing, with what restores it: the `.dvc` file tracking it and `dvc pull`. */
function missingDep(pipeline: Pipeline, dep: Stage['deps'][number]): string {
  const tracker = dvcTrackedBy(path.join(pipeline.root, dep.resolved), pipeline.root, readSideTextQuietly);
  if (!tracker) {
    // In a DVC project, another stage's output is in the DVC remote as well: `dvc pull` or running that stage restores it.
    const producer = pipeline.stages.find((s) => s.outs.some((o) => !o.url && (o.resolved === dep.resolved || dep.resolved.startsWith(`${o.resolved}/`))));
    if (producer && inDvcProject(pipeline.root)) return t('dependency `{0}` is missing: an output of `{1}`; run `dvc pull`, or run `{1}`', dep.path, producer.name);
    return t('dependency `{0}` is missing', dep.path);
  }
  const relative = path.relative(pipeline.root, tracker).split(path.sep).join('/');
  return t('dependency `{0}` is missing: tracked by {1}; run `dvc pull {1}`', dep.path, relative);
}

/** Whether a folder is in a DVC project (a `.dvc` folder above it): only there does `dvc pull` restore outputs. */
function inDvcProject(folder: string): boolean {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    if (statSync(path.join(dir, '.dvc'), { throwIfNoEntry: false })?.isDirectory()) return true;
    if (statSync(path.join(dir, '.git'), { throwIfNoEntry: false }) || path.dirname(dir) === dir) return false;
  }
}

/** A URL's lock record as the status names it (the remote's ETag or checksum, when DVC recorded one). */
function remoteRecord(entry: LockEntry | undefined): string | undefined {
  const record = entry?.remote;
  for (const key of ['etag', 'checksum', 'version_id', 'md5']) {
    const value = key === 'md5' ? entry?.md5 : record?.[key];
    if (typeof value === 'string' && value !== '') return `${key} ${value}`;
  }
  return undefined;
}

/** Deps' hashes and params' values as they are now. */
async function current(pipeline: Pipeline, stage: Stage, hashOf: HashOf, params: ParamsReader, reasons: string[], locked: LockStage | undefined) {
  const deps: LockEntry[] = [];
  const missing: string[] = [];
  const local = stage.deps.filter((dep) => !dep.url);
  const hashes = await hashAll(local.map((dep) => path.join(pipeline.root, dep.resolved)), hashOf);
  let next = 0;
  for (const dep of stage.deps) {
    if (dep.url) {
      // Not fetched offline: what the lock recorded is kept for the next write (DVC's ETag or checksum).
      const recorded = locked?.deps.find((e) => e.path === dep.path);
      deps.push(recorded ? { ...recorded } : { path: dep.path, md5: '', size: 0 });
      continue;
    }
    const hash = hashes[next++];
    if (hash) deps.push({ path: dep.path, ...hash });
    else missing.push(missingDep(pipeline, dep));
  }
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

/** Whether a path still has the hash the lock recorded, computed as the entry was (DVC 2's md5-dos2unix). */
async function sameAsRecorded(recorded: LockEntry, now: PathHash, target: string, cache: HashCache): Promise<boolean> {
  if (recorded.md5 === now.md5) return true;
  if (recorded.hash !== 'md5-dos2unix') return false;
  return (await cache.hashPath(target, 'md5-dos2unix'))?.md5 === recorded.md5;
}

/** The outs' reasons: missing, or not what the lock recorded. */
async function checkOuts(pipeline: Pipeline, stage: Stage, locked: LockStage | undefined, hashOf: HashOf, cache: HashCache, reasons: string[], notes: string[]): Promise<void> {
  const local = stage.outs.filter((out) => !out.url);
  const checks = await hashAll(local.map((out) => path.join(pipeline.root, out.resolved)), hashOf);
  let next = 0;
  for (const out of stage.outs) {
    const recorded = locked?.outs.find((e) => e.path === out.path);
    if (out.url) {
      notes.push(t('output `{0}` is outside the workspace: not verified offline', out.path));
      continue;
    }
    const hash = checks[next++];
    // DVC's cache holds what the lock recorded of a cached out: `dvc pull` brings it back.
    if (!hash) reasons.push(recorded?.md5 && out.cache && inDvcProject(pipeline.root) ? t('output `{0}` is missing: run `dvc pull` to restore it from the DVC remote', out.path) : t('output `{0}` is missing', out.path));
    else if (locked && !recorded) reasons.push(t('output `{0}` is not in the lock', out.path));
    else if (recorded && !(await sameAsRecorded(recorded, hash, path.join(pipeline.root, out.resolved), cache))) reasons.push(t('output `{0}` changed since the last run', out.path));
  }
}

/**
 * One stage's status against the lock. `hashOf` defaults to the cache's own (a run checks a stage
 * after the stages before it ran: nothing may be remembered from before).
 */
export async function checkStage(pipeline: Pipeline, stage: Stage, lock: Lock, cache: HashCache, params: ParamsReader, hashOf: HashOf = (p) => cache.hashPath(p)): Promise<StageCheck> {
  const locked = lock.stages.get(stage.name);
  const reasons: string[] = [];
  const notes: string[] = [];
  const now = await current(pipeline, stage, hashOf, params, reasons, locked);
  if (stage.frozen) {
    // As DVC decides (dvc/stage/__init__.py, changed_deps): a frozen stage's deps and params are never
    // compared; its command and outputs are, and a change there runs it.
    const own: string[] = [];
    if (locked && locked.cmd.join('\n') !== stage.cmd.join('\n')) own.push(t('the command changed since the last run'));
    await checkOuts(pipeline, stage, locked, hashOf, cache, own, notes);
    return { stage: stage.name, state: 'frozen', reasons: own, notes, deps: now.deps, params: now.values };
  }
  if (!locked) {
    reasons.unshift(t('no entry in the lock'));
    reasons.push(...now.missing);
    return { stage: stage.name, state: 'never-run', reasons, notes, deps: now.deps, params: now.values };
  }
  if (stage.deps.length === 0 && stage.outs.length === 0) reasons.push(t('no dependencies and no outputs: it always runs'));
  if (stage.alwaysChanged) reasons.push(t('always changed (always_changed: true)'));
  const cmdChanged = locked.cmd.join('\n') !== stage.cmd.join('\n');
  const changed: string[] = [];
  const depReasons: string[] = [];
  const declaredBy = new Map(stage.deps.map((d) => [d.path, d]));
  const recordedBy = new Map(locked.deps.map((e) => [e.path, e]));
  for (const dep of now.deps) {
    const declared = declaredBy.get(dep.path);
    const recorded = recordedBy.get(dep.path);
    if (!recorded) depReasons.push(t('`{0}` is a new dependency', dep.path));
    else if (declared?.url) {
      const record = remoteRecord(recorded);
      notes.push(record ? t('`{0}` is not fetched offline: the lock records its {1}', dep.path, record) : t('`{0}` is not fetched offline: whether it changed is not known', dep.path));
    } else if (declared && !(await sameAsRecorded(recorded, dep, path.join(pipeline.root, declared.resolved), cache))) {
      if (cmdChanged) changed.push(`\`${dep.path}\``);
      else depReasons.push(t('`{0}` changed since the last run', dep.path));
    }
  }
  // A command edited with its script is one story: both named in one reason.
  if (cmdChanged) reasons.push(changed.length ? t('the command and {0} changed since the last run', changed.join(', ')) : t('the command changed since the last run'));
  reasons.push(...now.missing, ...depReasons);
  compareParams(stage, now.values, locked, reasons);
  await checkOuts(pipeline, stage, locked, hashOf, cache, reasons, notes);
  return { stage: stage.name, state: reasons.length ? 'stale' : 'up-to-date', reasons, notes, deps: now.deps, params: now.values };
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
      ...(check.notes.length ? { notes: check.notes } : {}),
      ...(last ? { lastRun: { ok: last.ok, durationMs: last.durationMs, finishedAt: last.finishedAt } } : {}),
      ...(last && !last.ok && last.logTail ? { logTail: last.logTail } : {}),
    };
  });
  return { file: pipeline.file, stages, hashed: cache.hashed - hashedBefore, ms: Date.now() - started };
}
