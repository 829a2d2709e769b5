/**
 * No user file is lost when a stage runs: its existing outputs are kept, before the command runs,
 * in a content-addressed cache in the workspace (`.archipel/cache/<md5[0:2]>/<md5[2:]>`, a folder
 * as its manifest `<md5>.dir` listing `{relpath, md5}` beside its files' objects), and put back if
 * the stage fails or is cancelled. An out that is not `persist` is moved away (a rename: free), as
 * DVC removes outs before running; a `persist` out is copied, since the command works on it.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { dirManifest, listFiles } from './hash';
import type { HashCache } from './hashCache';

export interface KeptOut {
  /** Absolute path of the out. */
  target: string;
  /** `<md5>` or `<md5>.dir`. */
  md5: string;
}

export class OutputCache {
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
      return { target, md5: hash.md5 };
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
    return { target, md5: hash.md5 };
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
