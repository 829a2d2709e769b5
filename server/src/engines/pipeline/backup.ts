/**
 * No user file is lost when a stage runs: its existing outputs are kept, before the command runs,
 * in a content-addressed cache in the workspace (`.archipel/cache/<md5[0:2]>/<md5[2:]>`, a folder
 * as its manifest `<md5>.dir` listing `{relpath, md5}` beside its files' objects), and put back if
 * the stage fails or is cancelled. An out that is not `persist` is moved away (a rename: free), as
 * DVC removes outs before running; a `persist` out is copied, since the command works on it.
 * Once the stage succeeded they are not needed any more: `release` removes the objects no other
 * running stage holds, so the cache does not grow with every run.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { dirManifest, listFiles } from './hash';
import type { HashCache } from './hashCache';
import { ensureStateFolder } from './stateFolder';

export interface KeptOut {
  /** Absolute path of the out. */
  target: string;
  /** `<md5>` or `<md5>.dir`. */
  md5: string;
  /** The objects this out holds in the cache (its own, or a folder's manifest and files). */
  objects: string[];
}

export class OutputCache {
  /** Objects held by outs kept in this run, by md5: one is removed when nobody holds it. */
  private readonly holds = new Map<string, number>();

  constructor(
    readonly folder: string,
    private readonly hashes: HashCache,
  ) {}

  static forRoot(root: string, hashes: HashCache): OutputCache {
    return new OutputCache(path.join(root, '.archipel', 'cache'), hashes);
  }

  private objectPath(md5: string): string {
    return path.join(this.folder, md5.slice(0, 2), md5.slice(2));
  }

  /** Stores one file under its md5 (moved or copied); an object already there is kept as is. */
  private async storeFile(file: string, md5: string, move: boolean): Promise<void> {
    await ensureStateFolder(path.dirname(this.folder));
    const object = this.objectPath(md5);
    await fs.mkdir(path.dirname(object), { recursive: true });
    const exists = await fs.stat(object).then(() => true, () => false);
    if (exists) {
      if (move) await fs.rm(file);
      return;
    }
    if (move) await fs.rename(file, object);
    else await fs.copyFile(file, object, constants.COPYFILE_FICLONE);
  }

  /** Keeps an out (file or folder) in the cache; undefined when it does not exist. */
  async keep(target: string, move: boolean): Promise<KeptOut | undefined> {
    const hash = await this.hashes.hashPath(target);
    if (!hash) return undefined;
    const stats = await fs.stat(target);
    if (!stats.isDirectory()) {
      await this.storeFile(target, hash.md5, move);
      return this.hold({ target, md5: hash.md5, objects: [hash.md5] });
    }
    const files = await listFiles(target);
    const entries: { relpath: string; md5: string }[] = [];
    for (const f of files) {
      const md5 = await this.hashes.fileHash(f.file, f.stats);
      await this.storeFile(f.file, md5, move);
      entries.push({ relpath: f.relpath, md5 });
    }
    const manifest = this.objectPath(hash.md5);
    await fs.mkdir(path.dirname(manifest), { recursive: true });
    await fs.writeFile(manifest, dirManifest(entries));
    if (move) await fs.rm(target, { recursive: true, force: true });
    return this.hold({ target, md5: hash.md5, objects: [hash.md5, ...new Set(entries.map((e) => e.md5))] });
  }

  private hold(kept: KeptOut): KeptOut {
    for (const md5 of kept.objects) this.holds.set(md5, (this.holds.get(md5) ?? 0) + 1);
    return kept;
  }

  /** The stage succeeded: its kept outs are let go, and objects no one else holds removed. */
  async release(kept: KeptOut): Promise<void> {
    for (const md5 of kept.objects) {
      const left = (this.holds.get(md5) ?? 1) - 1;
      if (left > 0) {
        this.holds.set(md5, left);
        continue;
      }
      this.holds.delete(md5);
      await fs.rm(this.objectPath(md5), { force: true });
    }
  }

  /** Puts a kept out back, removing whatever the failed command left in its place. */
  async restore(kept: KeptOut): Promise<void> {
    await fs.rm(kept.target, { recursive: true, force: true });
    await fs.mkdir(path.dirname(kept.target), { recursive: true });
    if (!kept.md5.endsWith('.dir')) {
      await fs.copyFile(this.objectPath(kept.md5), kept.target, constants.COPYFILE_FICLONE);
      return;
    }
    const entries = JSON.parse(await fs.readFile(this.objectPath(kept.md5), 'utf8')) as { relpath: string; md5: string }[];
    for (const entry of entries) {
      const file = path.join(kept.target, ...entry.relpath.split('/'));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.copyFile(this.objectPath(entry.md5), file, constants.COPYFILE_FICLONE);
    }
  }
}
