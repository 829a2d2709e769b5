/**
 * No user file is lost when a stage runs, whatever ends the run. Before a stage's command runs, its
 * existing outs are kept in a content-addressed cache in the pipeline's folder
 * (`.archipel/cache/<md5[0:2]>/<md5[2:]>`; a folder as its manifest `<md5>.dir`, the JSON DVC hashes,
 * beside its files' objects), as DVC keeps outputs in `.dvc/cache`:
 *
 * - an out that is not `persist` is moved in (a rename: no copy, no disk space, one system call per
 *   file), as DVC removes outs before running the command; a `persist` out is copied (reflinked
 *   where the file system can), since the command works on it;
 * - a copy goes to a temporary name in the cache and is renamed to its md5 only once complete and
 *   its md5 verified: an object under an md5 name is whole; a copy cut short (kill -9, a full disk)
 *   is a `*.tmp` the garbage collection removes;
 * - before anything moves, a journal of the stage's outs (`.archipel/journal/<run>.<n>.json`: each
 *   out's path, and its hash or that it did not exist) is written and flushed to the disk.
 *
 * A stage that fails or is cancelled has its outs put back from the journal: by hard link from the
 * cache to a temporary name beside the out, then a rename over whatever the command left (no disk
 * space, and the out is its new or its old content at every instant); a copy where links are not
 * possible. A stage that succeeds lets its objects go. A run that never got to either (kill -9,
 * power loss) leaves its journal: the next run, under the run lock, finds it and, for each out,
 * keeps it when dvc.lock records its current content (the stage had finished), else restores it,
 * trusting an object only after its md5 is verified. The cache is then rid of every object no
 * journal and no lock references.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { t } from '../../l10n/t';
import { writeDurably } from './durable';
import { dirManifest, fileMd5, listFiles, type PathHash } from './hash';
import type { HashCache } from './hashCache';
import { faultPoint, killPoint } from './faults';
import type { Lock } from './lock';
import { RunRefusedError } from './runLock';
import { ensureStateFolder } from './stateFolder';
import { putInPlace, swapInPlace } from '../core/output';
import { LinkRefusedError, mkdirState, refuseStateLinks } from '../core/safeWrite';
import { READ_BOUNDS, readFileBounded, readTextBounded } from '../../disk/readText';

/** One out of a stage, as its journal records it. */
export interface JournalOut {
  stage: string;
  /** The out's path as the lock writes it. */
  out: string;
  /** Absolute path. */
  target: string;
  /** Its content before the run; absent when it did not exist. */
  before?: PathHash;
  /** Moved into the cache (the out is gone while the command runs), else copied (`persist`). */
  move: boolean;
}

/** A stage's outs kept for the time of its command. */
export interface StageKeep {
  journal: string;
  lockFile: string;
  outs: JournalOut[];
  /** Each out's objects (its md5, a folder's files' md5s too), held until the stage ends. */
  objects: Map<JournalOut, string[]>;
}

interface JournalData {
  version: 1;
  pid: number;
  lockFile: string;
  outs: JournalOut[];
}

type Manifest = { relpath: string; md5: string }[];

async function exists(target: string): Promise<boolean> {
  return fs.lstat(target).then(
    () => true,
    () => false,
  );
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The run state folder `folder` is usable: a folder (made if missing) this process can write in. */
async function usableFolder(folder: string, make: (folder: string) => Promise<void>): Promise<void> {
  try {
    await make(folder);
    const stats = await fs.stat(folder);
    if (!stats.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    const probe = path.join(folder, `.probe-${randomBytes(4).toString('hex')}.tmp`);
    await fs.writeFile(probe, '', { flag: 'wx' });
    await fs.rm(probe, { force: true });
  } catch (error) {
    if (error instanceof LinkRefusedError) throw new RunRefusedError(t('cannot run: {0}; nothing was moved.', error.message));
    const why = code(error) === 'EEXIST' || code(error) === 'ENOTDIR' ? t('it is a file, or under a file, not a folder') : code(error) ?? String(error);
    throw new RunRefusedError(t('cannot run: {0} is not a usable folder for the kept outputs ({1}); nothing was moved. Remove or fix it, then run again.', folder, why));
  }
}

export class OutputCache {
  /** Objects held by the stages of this run, by md5: one is let go when nobody holds it. */
  private readonly holds = new Map<string, number>();
  private journals = 0;

  constructor(
    /** The pipeline's `.archipel/` folder. */
    readonly state: string,
    private readonly hashes: HashCache,
    private readonly runId: string,
  ) {}

  static forRoot(root: string, hashes: HashCache, runId: string): OutputCache {
    return new OutputCache(path.join(root, '.archipel'), hashes, runId);
  }

  get folder(): string {
    return path.join(this.state, 'cache');
  }

  private get journalFolder(): string {
    return path.join(this.state, 'journal');
  }

  /** Refuses the run, naming the path, unless the state folder, the cache and the journal folder are usable folders. */
  async prepare(): Promise<void> {
    await usableFolder(this.state, ensureStateFolder);
    for (const folder of [this.folder, this.journalFolder]) await usableFolder(folder, mkdirState);
  }

  private objectPath(md5: string): string {
    return path.join(this.folder, md5.slice(0, 2), md5.slice(2));
  }

  /** Whether the object under `md5` holds what its name says (a folder's manifest: the md5 of its bytes). */
  private async verified(md5: string): Promise<boolean> {
    const object = this.objectPath(md5);
    try {
      const hex = md5.endsWith('.dir') ? md5.slice(0, -4) : md5;
      const actual = md5.endsWith('.dir') ? createHash('md5').update(await readFileBounded(object, READ_BOUNDS.state)).digest('hex') : await fileMd5(object);
      return actual === hex;
    } catch {
      return false;
    }
  }

  /** A copy of `source` into the cache under `md5`: a temporary name, its md5 checked, then renamed in. */
  private async copyIn(source: string, md5: string): Promise<void> {
    const object = this.objectPath(md5);
    const temp = `${object}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      refuseStateLinks(path.dirname(temp));
      await fs.copyFile(source, temp, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
      killPoint('backup-copy');
      if ((await fileMd5(temp)) !== md5) throw new Error(t('`{0}` changed while it was being kept: not run', source));
      await putInPlace(temp, object, true);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /** Keeps one file under its md5: moved in (rename), or copied. */
  private async storeFile(file: string, md5: string, move: boolean): Promise<void> {
    faultPoint('store', file);
    const object = this.objectPath(md5);
    await mkdirState(path.dirname(object));
    if (move) {
      try {
        // Over an object of the same name: the same bytes, and these are the out's own.
        await fs.rename(file, object);
        return;
      } catch (error) {
        if (code(error) !== 'EXDEV') throw error;
      }
      await this.copyIn(file, md5);
      await fs.rm(file);
      return;
    }
    if ((await exists(object)) && (await this.verified(md5))) return;
    await this.copyIn(file, md5);
  }

  /**
   * Keeps a copy of `file` under its md5 and leaves the file where it is, as a `persist` out is kept
   * (the experiments queue keeps an experiment's outputs so): nothing to do when a verified object is
   * there, else a copy to a temporary name, its md5 checked, renamed in.
   */
  async keepCopy(file: string, md5: string): Promise<void> {
    await this.storeFile(file, md5, false);
  }

  /** Keeps a folder's listing under its md5 (`<md5>.dir`), written durably, unless a verified one is there. */
  async keepManifest(md5: string, manifest: Manifest): Promise<void> {
    const object = this.objectPath(md5);
    await mkdirState(path.dirname(object));
    if (!(await exists(object)) || !(await this.verified(md5))) await writeDurably(object, dirManifest(manifest));
  }

  private async manifestOf(md5: string): Promise<Manifest> {
    return JSON.parse(await readTextBounded(this.objectPath(md5), READ_BOUNDS.state)) as Manifest;
  }

  /**
   * Hashes a stage's outs and writes its journal, flushed to the disk, before anything moves. `outs`:
   * each out's path as the lock writes it, its absolute path, and whether it is moved (else copied).
   */
  async plan(stage: string, outs: readonly { out: string; target: string; move: boolean }[], lockFile: string): Promise<StageKeep> {
    const keep: StageKeep = { journal: path.join(this.journalFolder, `${this.runId}.${++this.journals}.json`), lockFile, outs: [], objects: new Map() };
    for (const o of outs) {
      const before = await this.hashes.hashPath(o.target);
      const entry: JournalOut = { stage, out: o.out, target: o.target, move: o.move, ...(before ? { before } : {}) };
      keep.outs.push(entry);
      if (!before) continue;
      if (!before.md5.endsWith('.dir')) {
        keep.objects.set(entry, [before.md5]);
        continue;
      }
      // A folder's manifest goes in first, so the journal never names a folder whose listing is lost.
      const files = await listFiles(o.target);
      const manifest = await Promise.all(files.map(async (f) => ({ relpath: f.relpath, md5: await this.hashes.fileHash(f.file, f.stats) })));
      await this.keepManifest(before.md5, manifest);
      keep.objects.set(entry, [before.md5, ...new Set(manifest.map((e) => e.md5))]);
    }
    for (const md5s of keep.objects.values()) for (const md5 of md5s) this.holds.set(md5, (this.holds.get(md5) ?? 0) + 1);
    const data: JournalData = { version: 1, pid: process.pid, lockFile, outs: keep.outs };
    await writeDurably(keep.journal, JSON.stringify(data));
    return keep;
  }

  /** Moves or copies the planned outs into the cache. On an error, `restore` puts back what moved. */
  async store(keep: StageKeep): Promise<void> {
    for (const o of keep.outs) {
      if (!o.before) continue;
      if (!o.before.md5.endsWith('.dir')) {
        await this.storeFile(o.target, o.before.md5, o.move);
        killPoint('backup');
        continue;
      }
      const manifest = await this.manifestOf(o.before.md5);
      for (const entry of manifest) {
        await this.storeFile(path.join(o.target, ...entry.relpath.split('/')), entry.md5, o.move);
        killPoint('backup');
      }
      // What is left is folders (and what DVC does not track either: empty folders, dangling links).
      if (o.move) await fs.rm(o.target, { recursive: true, force: true });
    }
  }

  /**
   * Puts a stage's outs back as they were before it ran (an out that did not exist is removed), then
   * lets its objects go. Returns what could not be put back: its journal then stays, for the next
   * run to finish the job, and its objects with it.
   */
  async restore(keep: StageKeep, verify = false): Promise<string[]> {
    const problems: string[] = [];
    for (const o of keep.outs) {
      try {
        await this.restoreOut(o, verify);
      } catch (error) {
        problems.push(t('`{0}` could not be put back ({1}); the next run puts it back', o.out, (error as Error).message));
      }
    }
    if (problems.length === 0) await this.release(keep);
    return problems;
  }

  /** The stage succeeded: its kept outs are let go, and objects no one else holds removed. */
  async release(keep: StageKeep): Promise<void> {
    for (const md5s of keep.objects.values()) {
      for (const md5 of md5s) {
        const left = (this.holds.get(md5) ?? 1) - 1;
        if (left > 0) {
          this.holds.set(md5, left);
          continue;
        }
        this.holds.delete(md5);
        await fs.rm(this.objectPath(md5), { force: true });
      }
    }
    await fs.rm(keep.journal, { force: true });
  }

  /** A file to put at `destination`: a hard link to `source` (no space, no time), else a copy. */
  private async place(source: string, destination: string, md5: string): Promise<void> {
    await fs.mkdir(path.dirname(destination), { recursive: true });
    // An object already linked elsewhere (two outs of the same content) is copied: two outs never
    // end up as one file, where writing one would change the other.
    const shared = source.startsWith(this.folder + path.sep) && (await fs.stat(source)).nlink > 1;
    try {
      if (!shared) {
        await fs.link(source, destination);
        return;
      }
    } catch (error) {
      if (code(error) === 'ENOENT') throw error;
    }
    await fs.copyFile(source, destination, constants.COPYFILE_FICLONE);
    if ((await fileMd5(destination)) !== md5) throw new Error(t('the copy of {0} is not what was kept', source));
  }

  /** Where a kept file's bytes are now: its object, or still the out itself (it was not moved yet). */
  private async sourceOf(md5: string, stillAt: string, verify: boolean): Promise<string> {
    const object = this.objectPath(md5);
    if ((await exists(object)) && (!verify || (await this.verified(md5)))) return object;
    const there = await fs.stat(stillAt).catch(() => undefined);
    if (there?.isFile() && (await this.hashes.fileHash(stillAt, there)) === md5) return stillAt;
    throw new Error(t('its kept copy {0} is missing or damaged', object));
  }

  private async restoreOut(o: JournalOut, verify: boolean): Promise<void> {
    faultPoint('restore', o.target);
    const { dir, base } = path.parse(o.target);
    const staged = path.join(dir, `.${base}.archipel-restore`);
    const aside = path.join(dir, `.${base}.archipel-old`);
    await fs.rm(staged, { recursive: true, force: true });
    await fs.rm(aside, { recursive: true, force: true });
    if (!o.before) {
      await fs.rm(o.target, { recursive: true, force: true });
      return;
    }
    const now = await this.hashes.hashPath(o.target).catch(() => undefined);
    if (now?.md5 === o.before.md5) return; // never moved, or the command left it as it was
    if (!o.before.md5.endsWith('.dir')) {
      await this.place(await this.sourceOf(o.before.md5, o.target, verify), staged, o.before.md5);
    } else {
      if (verify && !(await this.verified(o.before.md5))) throw new Error(t('its kept listing {0} is missing or damaged', this.objectPath(o.before.md5)));
      const manifest = await this.manifestOf(o.before.md5);
      await fs.mkdir(staged, { recursive: true });
      for (const entry of manifest) {
        const relative = entry.relpath.split('/');
        await this.place(await this.sourceOf(entry.md5, path.join(o.target, ...relative), verify), path.join(staged, ...relative), entry.md5);
      }
    }
    // The out's old content is whole beside it: now swapped in. A file replaces a file in one rename;
    // a folder (or a file where the command left a folder) first moves what is there aside.
    const there = await fs.lstat(o.target).catch(() => undefined);
    if (there && (there.isDirectory() || o.before.md5.endsWith('.dir'))) {
      await swapInPlace(staged, o.target, { aside, between: () => killPoint('restore') });
    } else {
      killPoint('restore');
      await fs.rename(staged, o.target);
    }
  }

  /**
   * Finishes the runs that ended without finishing their stages (their journals are still there):
   * per out, the current content is kept when the lock records it (the stage had finished), else
   * the old content is put back. Called under the run lock. Returns what it did, in words.
   */
  async recover(readLockOf: (lockFile: string) => Promise<Lock>): Promise<string[]> {
    const notes: string[] = [];
    const names = (await fs.readdir(this.journalFolder).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    for (const name of names) {
      const file = path.join(this.journalFolder, name);
      let data: JournalData;
      try {
        data = JSON.parse(await readTextBounded(file, READ_BOUNDS.state)) as JournalData;
      } catch {
        // Journals are renamed in whole: this one is not ours (or damaged); objects it named are kept.
        continue;
      }
      const lock = await readLockOf(data.lockFile).catch(() => undefined);
      const keep: StageKeep = { journal: file, lockFile: data.lockFile, outs: [], objects: new Map() };
      for (const o of data.outs) {
        const recorded = lock?.stages.get(o.stage)?.outs.find((e) => e.path === o.out)?.md5;
        const now = await this.hashes.hashPath(o.target).catch(() => undefined);
        const objects = o.before ? [o.before.md5, ...(o.before.md5.endsWith('.dir') ? await this.manifestOf(o.before.md5).then((m) => m.map((e) => e.md5), () => []) : [])] : [];
        keep.objects.set(o, objects);
        for (const md5 of objects) this.holds.set(md5, (this.holds.get(md5) ?? 0) + 1);
        if (now && recorded === now.md5) continue; // the stage had finished: its new output stays
        if (now?.md5 === o.before?.md5 || (!now && !o.before)) continue; // as it was
        keep.outs.push(o);
      }
      const problems = await this.restore(keep, true);
      for (const o of keep.outs) notes.push(t('`{0}` of the stage `{1}`, left by a run that was interrupted (pid {2}), is back to its content before that run', o.out, o.stage, data.pid));
      if (problems.length) notes.push(...problems);
    }
    return notes;
  }

  /**
   * Removes from the cache every object no journal and no lock references, and the temporary files of
   * copies cut short. Called under the run lock, after `recover`.
   */
  async collectGarbage(locks: readonly Lock[]): Promise<number> {
    const keep = new Set<string>(this.holds.keys());
    const manifests: string[] = [];
    for (const lock of locks) {
      for (const stage of lock.stages.values()) {
        for (const out of stage.outs) {
          keep.add(out.md5);
          if (out.md5.endsWith('.dir')) manifests.push(out.md5);
        }
      }
    }
    for (const md5 of manifests) for (const entry of await this.manifestOf(md5).catch(() => [] as Manifest)) keep.add(entry.md5);
    let removed = 0;
    for (const prefix of await fs.readdir(this.folder).catch(() => [] as string[])) {
      const folder = path.join(this.folder, prefix);
      const names = await fs.readdir(folder).catch(() => [] as string[]);
      for (const name of names) {
        const temporary = name.endsWith('.tmp');
        if (!temporary && keep.has(`${prefix}${name}`)) continue;
        await fs.rm(path.join(folder, name), { recursive: true, force: true });
        removed++;
      }
    }
    for (const name of await fs.readdir(this.journalFolder).catch(() => [] as string[])) if (name.endsWith('.tmp')) await fs.rm(path.join(this.journalFolder, name), { force: true });
    return removed;
  }
}
