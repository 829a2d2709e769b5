/**
 * `exp apply`, `exp branch`, `exp remove`, `exp clean`. Apply brings an experiment's params files,
 * `dvc.lock` and Git-tracked metrics back into the workspace from its commit, and its outputs from
 * the cache (Archipel's `.archipel/cache/`, DVC's `.dvc/cache/`), each file replaced whole (written
 * beside, then renamed); it says first what changes, and changes nothing when an output it needs
 * is in no cache.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { expRefName } from '../../experiments/refs';
import { isReallyWithin } from '../../disk/containment';
import { createTemp, putInPlace, removeAbandonedTemps, swapInPlace } from '../core/output';
import { writeDurably } from '../pipeline/durable';
import { dirMd5, fileMd5, listFiles } from '../pipeline/hash';
import { parseLock, type LockEntry } from '../pipeline/lock';
import { git, readBlobs } from './git';
import { claim, experimentsFolder } from './queue';
import { listExperiments, pipelineFiles } from './store';
import { READ_BOUNDS, readFileBounded, readTextBounded } from '../../disk/readText';
import { t } from '../../l10n/t';

/** What is wrong with a request about experiments (a name that names none, a branch that exists): said, not a crash. */
export class ExperimentRequestError extends Error {}

export class ExperimentNotFoundError extends ExperimentRequestError {}

/** The experiment a name (or commit prefix) names: its ref and commit. */
export async function resolveExperiment(root: string, name: string): Promise<{ ref: string; commit: string; baseline: string; name: string }> {
  const listed = await listExperiments(root);
  const found = listed.experiments.filter((e) => e.name === name || (name.length >= 7 && e.commit.startsWith(name)));
  if (found.length === 0) throw new ExperimentNotFoundError(`no experiment named '${name}'`);
  if (found.length > 1) throw new ExperimentNotFoundError(`'${name}' names ${found.length} experiments (baselines ${found.map((e) => e.baseline.slice(0, 7)).join(', ')}): give its commit`);
  const e = found[0];
  return { ref: expRefName({ baseline: e.baseline, name: e.name }), commit: e.commit, baseline: e.baseline, name: e.name };
}

function objectCandidates(root: string, md5: string): string[] {
  const a = md5.slice(0, 2);
  const b = md5.slice(2);
  return [path.join(root, '.archipel', 'cache', a, b), path.join(root, '.dvc', 'cache', 'files', 'md5', a, b), path.join(root, '.dvc', 'cache', a, b)];
}

/** A hash as a lock records it: never a path (a commit's lock is workspace content). */
const MD5 = /^[0-9a-f]{32}(\.dir)?$/;

async function findObject(root: string, md5: string): Promise<string | undefined> {
  if (!MD5.test(md5)) return undefined;
  for (const file of objectCandidates(root, md5)) if (await fs.stat(file).then((s) => s.isFile(), () => false)) return file;
  return undefined;
}

async function currentMd5(target: string, dir: boolean): Promise<string | undefined> {
  try {
    if (!dir) return await fileMd5(target);
    const files = await listFiles(target);
    return dirMd5(await Promise.all(files.map(async (f) => ({ relpath: f.relpath, md5: await fileMd5(f.file) }))));
  } catch {
    return undefined;
  }
}

export interface ApplyChange {
  path: string;
  kind: 'file' | 'output';
  change: 'modified' | 'added';
}

export interface ApplyPlan {
  name: string;
  commit: string;
  changes: ApplyChange[];
  /** Outputs in no cache: nothing is applied while there are any. */
  missing: string[];
}

interface Planned {
  plan: ApplyPlan;
  files: Map<string, Buffer>;
  outputs: { entry: LockEntry; target: string }[];
}

async function planApply(root: string, name: string): Promise<Planned> {
  const exp = await resolveExperiment(root, name);
  const [dvcYaml, lockText] = await readBlobs(root, [`${exp.commit}:dvc.yaml`, `${exp.commit}:dvc.lock`]);
  const wanted = pipelineFiles(dvcYaml?.toString('utf8'), true);
  const names = [...new Set([...wanted.params, 'dvc.lock', ...wanted.metrics])];
  const blobs = await readBlobs(root, names.map((n) => `${exp.commit}:${n}`));
  const files = new Map<string, Buffer>();
  const changes: ApplyChange[] = [];
  for (const [i, file] of names.entries()) {
    const blob = blobs[i];
    if (!blob) continue;
    const now = await readFileBounded(path.join(root, file), READ_BOUNDS.state).catch(() => undefined);
    if (now && now.equals(blob)) continue;
    files.set(file, blob);
    changes.push({ path: file, kind: 'file', change: now ? 'modified' : 'added' });
  }
  const outputs: Planned['outputs'] = [];
  const missing: string[] = [];
  if (lockText) {
    for (const stage of parseLock(lockText.toString('utf8')).stages.values()) {
      for (const entry of stage.outs) {
        if (files.has(entry.path)) continue;
        const target = path.resolve(root, entry.path);
        // An experiment's lock is workspace content: an output outside the repository is never written.
        if (!isReallyWithin(target, root) || target === path.resolve(root)) throw new ExperimentRequestError(t('{0}: its dvc.lock names an output outside the repository ({1}): not applied', name, entry.path));
        const dir = entry.md5.endsWith('.dir');
        const now = await currentMd5(target, dir);
        if (now === entry.md5) continue;
        if (!(await findObject(root, entry.md5))) {
          missing.push(entry.path);
          continue;
        }
        outputs.push({ entry, target });
        changes.push({ path: entry.path, kind: 'output', change: now ? 'modified' : 'added' });
      }
    }
  }
  return { plan: { name: exp.name, commit: exp.commit, changes, missing }, files, outputs };
}

/** What `exp apply NAME` would change. */
export async function previewApply(root: string, name: string): Promise<ApplyPlan> {
  return (await planApply(root, name)).plan;
}

/**
 * One file put in place from the cache: copied to a temporary name beside `target` created
 * exclusively (COPYFILE_EXCL opens it O_CREAT|O_EXCL, which never writes through a link nor over a
 * file already there), then renamed over the workspace's file (the experiment's is what `apply`
 * asks for). A failed copy removes its own temporary file, never one it did not create.
 */
async function placeFile(source: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = await createTemp(target, async (name) => {
    try {
      await fs.copyFile(source, name, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await fs.rm(name, { force: true });
      throw error;
    }
  });
  await putInPlace(temp, target, true);
}

/** Applies an experiment to the workspace; refuses (changing nothing) when an output is in no cache. */
export async function applyExperiment(root: string, name: string): Promise<ApplyPlan> {
  const { plan, files, outputs } = await planApply(root, name);
  if (plan.missing.length) return plan;
  for (const { entry, target } of outputs) {
    // What a killed `exp apply` (or blur, predict) left beside the outputs: its temporary files.
    await removeAbandonedTemps(path.dirname(target));
    if (!entry.md5.endsWith('.dir')) {
      await placeFile((await findObject(root, entry.md5))!, target);
      continue;
    }
    const manifest = JSON.parse(await readTextBounded((await findObject(root, entry.md5))!, READ_BOUNDS.state)) as { md5: string; relpath: string }[];
    // A folder output: built beside (in a folder of its own, created exclusively: never one a link or another run put there), then swapped in.
    await fs.mkdir(path.dirname(target), { recursive: true });
    const staged = await createTemp(target, async (name) => {
      await fs.mkdir(name);
    });
    try {
      for (const f of manifest) {
        if (f.relpath.split('/').includes('..')) throw new Error(`${entry.path}: a manifest entry leaves the folder: ${f.relpath}`);
        const object = await findObject(root, f.md5);
        if (!object) throw new Error(`${entry.path}/${f.relpath}: not in the cache`);
        await placeFile(object, path.join(staged, f.relpath));
      }
    } catch (error) {
      await fs.rm(staged, { recursive: true, force: true });
      throw error;
    }
    await swapInPlace(staged, target);
  }
  for (const [file, bytes] of files) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeDurably(path.join(root, file), bytes.toString('utf8'));
  }
  return plan;
}

/** `exp branch NAME BRANCH`: a branch at the experiment's commit (refused if the branch exists). */
export async function branchExperiment(root: string, name: string, branch: string): Promise<string> {
  const exp = await resolveExperiment(root, name);
  // check-ref-format on the full ref name: the branch never reaches git as an option.
  const valid = await git(root, ['check-ref-format', `refs/heads/${branch}`], { allow: [1] });
  if (valid.code !== 0 || branch.startsWith('-')) throw new ExperimentRequestError(t('\'{0}\' is not a valid branch name', branch));
  await git(root, ['update-ref', '--no-deref', `refs/heads/${branch}`, exp.commit, '0'.repeat(exp.commit.length)]).catch(() => {
    throw new ExperimentRequestError(t('a branch named \'{0}\' already exists', branch));
  });
  return exp.commit;
}

/** `exp remove NAME…`: each experiment's ref deleted (only if it still points where it was listed). */
export async function removeExperiments(root: string, names: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    const exp = await resolveExperiment(root, name);
    await git(root, ['update-ref', '-d', exp.ref, exp.commit]);
    await fs.rm(path.join(experimentsFolder(root), 'locks', `${exp.commit}.lock`), { force: true });
    removed.push(exp.name);
  }
  return removed;
}

/**
 * `exp clean`: what interrupted runs left: temporary workspaces no live runner holds, and the
 * kept locks of experiments whose refs are gone. Queued entries stay (they are the user's).
 */
export async function cleanExperiments(root: string): Promise<{ workspaces: number; locks: number }> {
  const folder = experimentsFolder(root);
  let workspaces = 0;
  for (const name of await fs.readdir(path.join(folder, 'work')).catch(() => [] as string[])) {
    // A workspace is left alone while a live runner holds its entry (a dead runner's claim is taken over).
    const held = await claim(root, { id: name.replace(/\.index$/, '') });
    if (!held) continue;
    try {
      await fs.rm(path.join(folder, 'work', name), { recursive: true, force: true });
      workspaces++;
    } finally {
      await held.release();
    }
  }
  const live = new Set((await listExperiments(root)).experiments.map((e) => e.commit));
  let locks = 0;
  for (const name of await fs.readdir(path.join(folder, 'locks')).catch(() => [] as string[])) {
    if (live.has(name.replace(/\.lock$/, ''))) continue;
    await fs.rm(path.join(folder, 'locks', name), { force: true });
    locks++;
  }
  return { workspaces, locks };
}

