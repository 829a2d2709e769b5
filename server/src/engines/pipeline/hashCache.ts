/**
 * The hash cache: a file's md5 keyed by its path, size, mtime and inode, persisted in
 * `.archipel/pipeline-hashes.v8` beside the pipeline file, so an unchanged workspace is checked
 * by `stat` alone and a dep shared by many stages is hashed once (concurrent asks share one read).
 * A file whose size, mtime or inode moved is hashed again: an edit, a replacement by rename, or a
 * copy over it all change one of them. Stored with V8's serializer: 11,000 entries load in a
 * fraction of JSON.parse's time and garbage (a warm status on 1,000 stages is mostly this load).
 */
import { promises as fs, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { limiter } from '../../common/limiter';
import { writeReplacing } from '../core/output';
import { ensureStateFolder } from './stateFolder';
import { dirMd5, fileMd5, fileMd5Sync, listFiles, SMALL_FILE, type HashName, type PathHash } from './hash';
import { READ_BOUNDS, readFileBounded } from '../../disk/readText';

interface Entry {
  size: number;
  mtimeMs: number;
  ino: number;
  md5: string;
  /** DVC 2's md5-dos2unix of the same bytes, once a DVC 2 lock entry asked for it. */
  dos2unix?: string;
}

const FORMAT = 2;

export class HashCache {
  private entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private dirty = false;
  /** Files read and hashed since this cache was made (the rest answered by stat). */
  hashed = 0;
  /** Reads at once: two keep one core hashing while the other file's bytes come in. */
  private readonly reads = limiter(2);

  /** Told every stat a decision rests on (statusSnapshot.ts records them). */
  observer?: (target: string, stats: Stats | undefined) => void;

  /** `file`: where the cache persists (undefined: in memory only). */
  constructor(readonly file?: string) {}

  /** The cache of the pipeline whose folder is `root`: `<root>/.archipel/pipeline-hashes.v8`. */
  static forRoot(root: string): HashCache {
    return new HashCache(path.join(root, '.archipel', 'pipeline-hashes.v8'));
  }

  async load(): Promise<void> {
    if (!this.file) return;
    try {
      const data = deserialize(await readFileBounded(this.file, READ_BOUNDS.state)) as { format?: number; entries?: unknown };
      if (data.format === FORMAT && data.entries instanceof Map) this.entries = data.entries as Map<string, Entry>;
    } catch {
      // Missing or unreadable: a speed-only cache starts empty (every file is hashed once).
    }
  }

  /** Writes the cache if it changed (temporary file then rename: a reader never sees half of it). */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    await ensureStateFolder(path.dirname(this.file));
    await writeReplacing(this.file, serialize({ format: FORMAT, entries: this.entries }));
    this.dirty = false;
  }

  /** The md5 (or DVC 2's md5-dos2unix) of a file whose stats are known, from the cache when they match. */
  async fileHash(file: string, stats: Stats, name: HashName = 'md5'): Promise<string> {
    let known = this.entries.get(file);
    let same = known && known.size === stats.size && known.mtimeMs === stats.mtimeMs && known.ino === stats.ino;
    if (same && name === 'md5') return known!.md5;
    if (!same && name !== 'md5') {
      // The entry is keyed by the raw md5 (what DVC 3 records): made first, the DVC 2 hash then rides on it.
      await this.fileHash(file, stats, 'md5');
      known = this.entries.get(file);
      same = known && known.size === stats.size && known.mtimeMs === stats.mtimeMs && known.ino === stats.ino;
    }
    if (same && known!.dos2unix !== undefined) return known!.dos2unix;
    const key = `${file}\0${stats.size}\0${stats.mtimeMs}\0${stats.ino}\0${name}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = (stats.size < SMALL_FILE ? this.smallRead(file, stats.size, name) : this.reads(() => fileMd5(file, undefined, name))).then((md5) => {
        this.hashed++;
        const entry = this.entries.get(file);
        const current = entry && entry.size === stats.size && entry.mtimeMs === stats.mtimeMs && entry.ino === stats.ino ? entry : undefined;
        if (name === 'md5') this.entries.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, md5, ...(current?.dos2unix !== undefined ? { dos2unix: current.dos2unix } : {}) });
        else if (current) current.dos2unix = md5;
        this.dirty = true;
        return md5;
      });
      pending.finally(() => this.inFlight.delete(key)).catch(() => undefined);
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private stats = 0;
  private bytesSinceYield = 0;

  /** A small file hashed synchronously; the thread is handed back every 16 MB read so. */
  private async smallRead(file: string, size: number, name: HashName): Promise<string> {
    this.bytesSinceYield += size;
    if (this.bytesSinceYield > 16 << 20) {
      this.bytesSinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return fileMd5Sync(file, name);
  }

  /**
   * A path's stats, synchronously: a status stats every dep and out, and 20,000 promise stats took
   * ~1 s on a loaded machine against ~0.15 s for statSync (metadata is in the kernel's cache). The
   * thread is handed back every 256 calls, so an editor's requests are answered meanwhile.
   */
  private async statOf(target: string): Promise<Stats | undefined> {
    if (++this.stats % 256 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    let stats: Stats | undefined;
    try {
      stats = statSync(target, { throwIfNoEntry: false });
    } catch {
      stats = undefined; // EACCES, ENOTDIR: as missing
    }
    this.observer?.(target, stats);
    return stats;
  }

  /**
   * A file's hash answered by stat alone, synchronously: its size, mtime and inode match the cache.
   * Undefined otherwise (a folder, a changed or unknown file, a missing path): `hashPath` decides.
   * A warm status on 1,000 stages asks this 11,000 times; a promise per answer made it collect
   * ~50 MB of garbage alive at once.
   */
  known(target: string): PathHash | undefined {
    let stats: Stats | undefined;
    try {
      stats = statSync(target, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    this.observer?.(target, stats);
    if (!stats || stats.isDirectory()) return undefined;
    const entry = this.entries.get(target);
    return entry && entry.size === stats.size && entry.mtimeMs === stats.mtimeMs && entry.ino === stats.ino ? { md5: entry.md5, size: stats.size } : undefined;
  }

  /**
   * What the lock records of a path (file or folder), undefined when it does not exist. `name`
   * 'md5-dos2unix': as DVC 3 reads an entry DVC 2 wrote (its folder manifest lists those hashes too).
   */
  async hashPath(target: string, name: HashName = 'md5'): Promise<PathHash | undefined> {
    const stats = await this.statOf(target);
    if (!stats) return undefined;
    if (!stats.isDirectory()) return { md5: await this.fileHash(target, stats, name), size: stats.size };
    const files = await listFiles(target);
    const entries = await Promise.all(files.map(async (f) => ({ relpath: f.relpath, md5: await this.fileHash(f.file, f.stats, name) })));
    return { md5: dirMd5(entries), size: files.reduce((sum, f) => sum + f.stats.size, 0), nfiles: files.length };
  }

  /** Forgets entries under `root` that no longer name a file (kept small across renames). */
  async prune(): Promise<void> {
    for (const file of [...this.entries.keys()]) {
      if (!(await fs.stat(file).catch(() => undefined))) {
        this.entries.delete(file);
        this.dirty = true;
      }
    }
  }
}
