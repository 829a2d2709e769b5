/**
 * The workspace index kept between runs: per file, what the index held of it (a summary's stand-ins,
 * or a whole file's text) with the size and modification time the file had when it was read. A
 * second `archipel check` on an unchanged monorepo stats every file and reads only those whose
 * size or mtime moved (the way engines/pipeline/statusSnapshot.ts trusts an unchanged stat).
 *
 * The language server and the CLI share it. One cache file per project root, indexing mode
 * (summaries or whole files) and index size limit, in the user's
 * speed-only cache folder (disk/cacheFolder.ts: `~/.cache/archipel/index/`, never the
 * workspace; `ARCHIPEL_CACHE_DIR=off` disables it), stored with V8's serializer. It is keyed by the
 * build (the identity the pipeline parse cache uses: any other build starts afresh) and the format;
 * a file that cannot be read or deserialised is ignored and rebuilt, a record cut short ends it.
 * A run that changed a few entries appends them. The cache only saves reading
 * and parsing: what it gives the index is what reading the file would give.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { cacheDirectory, keptName, sweepCacheFolder } from '../disk/cacheFolder';
import { buildId, frameRecord, keptPath, racy, readKept, readRecords, sameStamp, stampOf, writeKept, type FolderStamp, type KeptKind, type Stamp, type Stamped } from '../disk/kept';
import type { KeptFactsStore } from '../features/system/keptFacts';
import type { KeptListings, ListedEntry } from './scan';

// 6: a Kubernetes stand-in keeps its exposure's lines (issue #78). 7: whole stamps (ctime, inode: issue #92).
const FORMAT = 7;

/**
 * A file as indexed: `[size, mtimeMs, text, problem, scopes]` whole, or `[size, mtimeMs, null,
 * summary, scopes]` where the summary is its own V8 serialisation (made into objects only when the
 * file is indexed: `check --changed` indexes the summaries of the scopes it needs, not all of them).
 * `scopes`: the file's cross-file scopes (platform/changed.ts).
 */
export type CacheEntry = [size: number, mtimeMs: number, text: string | null, extra: unknown, scopes: string[], ctimeMs: number, ino: number];

/** An entry's stamp (disk/kept.ts Stamp). */
function stampOfEntry(entry: CacheEntry): Stamp {
  return { size: entry[0], mtimeMs: entry[1], ctimeMs: entry[5], ino: entry[6] };
}

/** Whether what an entry holds is still the file's: its whole stamp again (IndexCache.peek's entry and a stat now). */
export function unchangedEntry(entry: CacheEntry, now: Stamped): boolean {
  return sameStamp(stampOfEntry(entry), now);
}

/** The first record of the file; then batches of `[file, entry]` pairs, each its own record. */
interface Header {
  format: number;
  build: string;
  root: string;
}

/**
 * Files per record: writing serialises one batch at a time, never the whole index in one buffer
 * (+300 MB at 100,000 files), and the language server reads one record per turn of its event loop
 * (about 10 ms each), so that a request waits one record at most.
 */
const BATCH = 1000;

/** One record (disk/kept.ts frameRecord), in one write (an append from another run is never interleaved with it). */
function writeRecord(fd: number, value: unknown): void {
  writeSync(fd, frameRecord(value));
}

/**
 * What an index cache holds: check's (and threats', diagram's) summaries, whole files, or `archipel cost`'s priced summaries
 * (cost/summary.ts: a manifest's priced parts only), each in its own file: one never restores another's records.
 */
export type IndexMode = 'summaries' | 'whole' | 'priced';

/**
 * A run that changed at most this many entries (or 1% of them, and counting the entries earlier
 * appends left behind) appends them to the cache file instead of writing it anew: a one-file change
 * in 100,000 costs a few hundred bytes, not 120 MB.
 */
const APPEND_AT_MOST = 64;

export class IndexCache {
  /** What this run looked up or recorded, not yet written (a batch at most once the file is being written anew). */
  private batch: [string, CacheEntry][] = [];
  /** What this run recorded (not found in the cache), while it may still be appended. */
  private fresh: [string, CacheEntry][] = [];
  private written = 0;
  private recorded = 0;
  /** The file is being written anew (a temporary file, renamed by `save`). */
  private rewriting: boolean;
  private fd: number | undefined;
  private failed = false;
  private readonly loaded: number;
  /** When the cache was opened: the run's start, for racy stamps. */
  private readonly started = Date.now();

  private constructor(
    readonly file: string,
    private readonly root: string,
    private readonly stored: Map<string, CacheEntry>,
    /** Entries in the file that a later append replaced. */
    private readonly superseded: number,
  ) {
    this.loaded = stored.size;
    this.rewriting = this.loaded === 0;
  }

  /** Written through a temporary file and a rename: a concurrent run never reads half of it. */
  private get temporary(): string {
    return `${this.file}.${process.pid}.tmp`;
  }

  /**
   * Adds a file's entry to the next cache file, written as the run goes once anything differs
   * from what was loaded (never the whole index in memory twice); until then, nothing is written
   * (an unchanged workspace keeps its file as it is).
   */
  private push(file: string, entry: CacheEntry, fresh = false): void {
    if (this.failed) return;
    this.batch.push([file, entry]);
    this.written++;
    if (fresh) {
      this.recorded++;
      if (!this.rewriting) this.fresh.push([file, entry]);
      if (this.recorded + this.superseded > Math.max(APPEND_AT_MOST, this.loaded / 100)) {
        this.rewriting = true;
        this.fresh = [];
      }
    }
    if (this.rewriting && this.batch.length >= BATCH) this.flush();
  }

  private flush(): void {
    try {
      if (this.fd === undefined) {
        mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
        this.fd = openSync(this.temporary, 'w', 0o600);
        writeRecord(this.fd, { format: FORMAT, build: buildId(), root: this.root } satisfies Header);
      }
      for (let at = 0; at < this.batch.length; at += BATCH) writeRecord(this.fd, this.batch.slice(at, at + BATCH));
    } catch {
      this.failed = true; // only speed is lost
    }
    this.batch = [];
  }

  /**
   * The cache of `root` for indexing `mode` (summaries, whole files, or `archipel cost`'s priced summaries) with the index's size limit `maxBytes`, loaded from the user's cache
   * folder; undefined when speed-only caches are off. A missing, corrupt or other build's file gives
   * an empty cache.
   */
  static open(root: string, mode: IndexMode, maxBytes: number, cacheDir: string | null = cacheDirectory() ?? null): IndexCache | undefined {
    const file = IndexCache.fileOf(root, mode, maxBytes, cacheDir);
    if (file === undefined) return undefined;
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(file);
    } catch {
      // Missing or unreadable: rebuilt by this run.
    }
    const entries = new Map<string, CacheEntry>();
    const count = { read: 0 };
    const reading = IndexCache.read(bytes, root, entries, count);
    while (!reading.next().done);
    return new IndexCache(file, path.resolve(root), entries, count.read - entries.size);
  }

  /**
   * `open` for a thread that must keep answering (the language server): the file is read off the
   * thread and its records are decoded one per turn of the event loop.
   */
  static async load(root: string, mode: IndexMode, maxBytes: number, cacheDir: string | null = cacheDirectory() ?? null): Promise<IndexCache | undefined> {
    const file = IndexCache.fileOf(root, mode, maxBytes, cacheDir);
    if (file === undefined) return undefined;
    const bytes = await readFile(file).catch(() => undefined);
    const entries = new Map<string, CacheEntry>();
    const count = { read: 0 };
    const reading = IndexCache.read(bytes, root, entries, count);
    while (!reading.next().done) await new Promise<void>((resolve) => setImmediate(resolve));
    return new IndexCache(file, path.resolve(root), entries, count.read - entries.size);
  }

  private static fileOf(root: string, mode: IndexMode, maxBytes: number, cacheDir: string | null): string | undefined {
    if (!cacheDir) return undefined;
    // The size limit decides what is summarised (a larger file stays whole, unparsed): one cache per limit.
    const name = keptName(`${path.resolve(root)}\0${maxBytes}`);
    return path.join(cacheDir, 'index', `${name}-${mode}.v8`);
  }

  /**
   * Decodes a cache file's records into `entries`, yielding after each; a corrupt file, or one of
   * another build, format or root, leaves them empty.
   */
  private static *read(bytes: Buffer | undefined, root: string, entries: Map<string, CacheEntry>, count: { read: number }): Generator<void> {
    if (!bytes) return;
    try {
      const all = readRecords(bytes);
      const header = all.next().value as Partial<Header> | undefined;
      if (header?.format !== FORMAT || header.build !== buildId() || header.root !== path.resolve(root)) return;
      for (const batch of all) {
        if (!Array.isArray(batch)) throw new Error('not a batch');
        for (const pair of batch as unknown[]) {
          if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !wellFormed(pair[1])) throw new Error('not an entry');
          entries.set(pair[0], pair[1]);
        }
        count.read += (batch as unknown[]).length;
        yield;
      }
    } catch {
      // Written by another Node, or corrupt: rebuilt by this run (written anew: it has no entry).
      entries.clear();
    }
  }

  /** How many files the cache held when it was opened. */
  get size(): number {
    return this.loaded;
  }

  /** How many files the cache held with what the index needs of them when opened: not those of their scopes alone (recordScopes). */
  get restorable(): number {
    let count = 0;
    for (const entry of this.stored.values()) if (entry[2] !== null || entry[3] !== null) count++;
    return count;
  }

  /** What was stored for `file` if its stamp (size, mtime, ctime, inode) is still the one it had (it is kept for the next save). */
  lookup(file: string, stats: Stamped): CacheEntry | undefined {
    const entry = this.stored.get(file);
    if (!entry || !unchangedEntry(entry, stats)) return undefined;
    this.push(file, entry);
    return entry;
  }

  /** What is stored for `file`, whatever its stats now, without keeping it for the next save (`lookup` compares them and keeps it). */
  peek(file: string): CacheEntry | undefined {
    return this.stored.get(file);
  }

  /**
   * Records a file's scopes alone, read from its lines (platform/oneFile.ts): a summary's place whose data is not kept
   * (`[size, mtimeMs, null, null, scopes]`). A check that needs the file reads it (its summary cannot be restored from
   * it); one that does not, as a one-file check of another scope, leaves it unread.
   */
  recordScopes(file: string, stats: Stamped, scopes: string[]): void {
    this.keep(file, stats, null, null, scopes);
  }

  /** Records what was indexed of `file` as read with these stats (a summary's data is serialised here). */
  record(file: string, stats: Stamped, text: string | null, extra: unknown, scopes: string[]): void {
    if (text === null) this.recordSerialized(file, stats, serialize(extra), scopes);
    else this.keep(file, stats, text, extra, scopes);
  }

  /** Records a summary already serialised (an index thread's: platform/indexRead.ts). */
  recordSerialized(file: string, stats: Stamped, bytes: Uint8Array, scopes: string[]): void {
    this.keep(file, stats, null, bytes, scopes);
  }

  /**
   * A fresh entry for the next run, unless its mtime is within RACY_MS of this run's start (disk/kept.ts racy: a change
   * within the timestamp granularity may leave its stamp the same), or its stamp lacks ctime and inode: read again then.
   */
  private keep(file: string, stats: Stamped, text: string | null, extra: unknown, scopes: string[]): void {
    const stamp = stampOf(stats);
    if (racy(stamp, this.started) || Number.isNaN(stamp.ctimeMs) || Number.isNaN(stamp.ino)) return;
    this.push(file, [stamp.size, stamp.mtimeMs, text, extra, scopes, stamp.ctimeMs, stamp.ino], true);
  }

  /** A summary's data as `record` was given it. */
  static summaryData(entry: CacheEntry): unknown {
    return entry[3] instanceof Uint8Array ? deserialize(entry[3]) : undefined;
  }

  /** Every stored file and its scopes. */
  *scopes(): Generator<[string, string[]]> {
    for (const [file, entry] of this.stored) if (Array.isArray(entry[4])) yield [file, entry[4]];
  }

  /**
   * Writes what this run looked up or recorded, when anything differs from what was loaded: a few
   * changed entries are appended (a later record wins), more make the file anew (files no longer
   * listed drop out then). Then releases it all (the check pass that follows has the memory). A
   * failed write only loses speed.
   */
  save(): void {
    try {
      if (this.failed) return;
      if (!this.rewriting) {
        // Unchanged (or a few entries changed: appended), the file serves the next run; files no
        // longer listed stay in it until it is next written anew.
        if (this.fresh.length > 0 && existsSync(this.file)) {
          const fd = openSync(this.file, 'a');
          try {
            writeRecord(fd, this.fresh);
          } finally {
            closeSync(fd);
          }
        }
        return;
      }
      this.flush();
      if (this.fd === undefined || this.failed) return;
      closeSync(this.fd);
      this.fd = undefined;
      renameSync(this.temporary, this.file);
      sweepCacheFolder(path.dirname(this.file), KEPT_SUFFIXES);
    } catch {
      // Only speed is lost.
    } finally {
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      if (this.rewriting) rmSync(this.temporary, { force: true });
      this.batch = [];
      this.fresh = [];
      this.stored.clear();
    }
  }
}

/** The stamp the cache compares (disk/kept.ts Stamp), or undefined for a file that cannot be stat'ed. */
export function fileStats(file: string): Stamp | undefined {
  try {
    return stampOf(statSync(file));
  } catch {
    return undefined;
  }
}

/** An entry as `read` takes it from a file: anything else makes the file damaged. */
function wellFormed(entry: unknown): entry is CacheEntry {
  return Array.isArray(entry) && entry.length === 7 && typeof entry[0] === 'number' && typeof entry[1] === 'number' && (entry[2] === null || typeof entry[2] === 'string') && Array.isArray(entry[4]) && typeof entry[5] === 'number' && typeof entry[6] === 'number';
}

/** The files the index folder holds (swept when no run wrote them for a month). */
const KEPT_SUFFIXES = ['.v8', '.json'];


/**
 * One file per root (`<hash>-listing.v8`, disk/kept.ts). 2: a folder's whole stamp (mtime, ctime, inode: a folder whose
 * mtime a tool restored after an entry came or went has another ctime), its entries' names joined by '/' (no name holds
 * one), and a character per entry, `d` or `f`. Bounded as the largest tree's listing.
 */
const LISTINGS: KeptKind = { folder: 'index', suffix: '-listing.v8', format: 2, maxBytes: 256 << 20 };
/** A listing is written when the tree holds this many folders (below, listing it costs less than the cache file). */
const LISTED_FOLDERS = 1_000;

/** A folder's kept listing: its stamp when listed, its entries' names and kinds. */
type KeptListing = [mtimeMs: number, ctimeMs: number, ino: number, names: string, kinds: string];

/**
 * The folders' listings of a tree kept between runs (platform/scan.ts KeptListings), beside the index cache: a warm
 * check stats its folders instead of listing them, and takes a folder's kept entries only when its whole stamp is the
 * one they were listed with (never its mtime alone). Written anew (disk/kept.ts writeKept) by a run that listed a folder
 * again, with the folders it visited when it walked the root (a folder removed drops out), else with every folder kept.
 * A folder whose mtime is within RACY_MS of the run's start is not kept.
 */
export class ListingCache implements KeptListings {
  private readonly started = Date.now();
  private readonly visited = new Set<string>();
  private changed = false;
  /** When asked (`stamps`): every folder's stamp and every file stamp the listing told, for a one-file check's table (OneFileTable). */
  private stamped?: { folders: Map<string, FolderStamp>; files: Map<string, Stamp> };

  private constructor(
    private readonly file: string,
    private readonly root: string,
    private readonly kept: Map<string, KeptListing>,
  ) {}

  /** The listings kept for `root`; undefined when speed-only caches are off. */
  static open(root: string, cacheDir: string | null = cacheDirectory() ?? null): ListingCache | undefined {
    if (!cacheDir) return undefined;
    const resolved = path.resolve(root);
    const file = keptPath(LISTINGS, resolved, cacheDir);
    const kept = new Map<string, KeptListing>();
    const folders = readKept(LISTINGS, file, resolved);
    if (Array.isArray(folders)) {
      for (const folder of folders as unknown[]) {
        if (Array.isArray(folder) && folder.length === 6 && typeof folder[0] === 'string' && typeof folder[1] === 'number' && typeof folder[2] === 'number' && typeof folder[3] === 'number' && typeof folder[4] === 'string' && typeof folder[5] === 'string') kept.set(folder[0], [folder[1], folder[2], folder[3], folder[4], folder[5]]);
      }
    }
    return new ListingCache(file, resolved, kept);
  }

  /** Keeps, from now on, what a one-file check's stamp table needs of the listing (OneFileTable.write): the folders' stamps, the stamps of the files it read. */
  keepStamps(): { folders: ReadonlyMap<string, FolderStamp>; files: ReadonlyMap<string, Stamp> } {
    return (this.stamped ??= { folders: new Map(), files: new Map() });
  }

  stamp(file: string, stats: Stamped): void {
    this.stamped?.files.set(file, stampOf(stats));
  }

  get(dir: string, stats: FolderStamp): readonly ListedEntry[] | undefined {
    this.visited.add(dir);
    this.stamped?.folders.set(dir, folderStampOf(stats));
    const kept = this.kept.get(dir);
    if (!kept || kept[0] !== stats.mtimeMs || kept[1] !== stats.ctimeMs || kept[2] !== stats.ino) return undefined;
    const names = kept[3] === '' ? [] : kept[3].split('/');
    if (names.length !== kept[4].length) return undefined;
    return names.map((name, at) => ({ name, folder: kept[4][at] === 'd' }));
  }

  set(dir: string, stats: FolderStamp, entries: readonly ListedEntry[]): void {
    this.visited.add(dir);
    this.stamped?.folders.set(dir, folderStampOf(stats));
    this.changed = true;
    if (racy(stats, this.started)) this.kept.delete(dir);
    else this.kept.set(dir, [stats.mtimeMs, stats.ctimeMs, stats.ino, entries.map((entry) => entry.name).join('/'), entries.map((entry) => (entry.folder ? 'd' : 'f')).join('')]);
  }

  /**
   * Writes the listings when a folder was listed again (a tree of LISTED_FOLDERS folders at least), then lets them go
   * (the check that follows has the memory; a later scan lists its folders). A failed write only loses speed.
   */
  save(): void {
    try {
      if (this.changed) this.write();
    } finally {
      this.changed = false;
      this.kept.clear();
      this.visited.clear();
    }
  }

  private write(): void {
    const walked = this.visited.has(this.root);
    const folders = [...this.kept].filter(([dir]) => !walked || this.visited.has(dir));
    if (this.visited.size < LISTED_FOLDERS && folders.length < LISTED_FOLDERS) return;
    writeKept(LISTINGS, this.file, this.root, folders.map(([dir, kept]) => [dir, ...kept]));
  }
}

/** A folder's stamp alone (a plain object, not the fs.Stats it was read from). */
function folderStampOf(stats: FolderStamp): FolderStamp {
  return { mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}



/** The longest text whose facts are kept (its text is kept with them: the facts hold for that text alone). */
const FACT_TEXT_CHARS = 64 * 1024;
/** The most facts kept for one root, and the most characters of text kept with them (the store is read whole). */
const MAX_FACTS = 20_000;
const MAX_FACT_CHARS = 16 * 1024 * 1024;
/**
 * One file per root (`<hash>-facts.v8`, disk/kept.ts) of `[kind, uri, text, fact]` records (features/system/keptFacts.ts);
 * 2: framed. Bounded as what a run writes (MAX_FACT_CHARS of text, its facts beside): a larger file is not ours.
 */
const FACTS: KeptKind = { folder: 'index', suffix: '-facts.v8', format: 2, maxBytes: 4 * MAX_FACT_CHARS };

/**
 * Facts of files kept between runs (features/system/keptFacts.ts KeptFactsStore), beside the index cache: one kept
 * file per root (disk/kept.ts FACTS), of this build. Each fact is kept with the whole text it was made
 * from and given only for that text, compared in full (no stamp, no hash: what it gives is what a parse of that text
 * gives). Written anew (a temporary file, then a rename) by a run that made a fact, with the facts it used or made.
 */
export class KeptFactsFile implements KeptFactsStore {
  private readonly used = new Map<string, [kind: string, uri: string, text: string, fact: unknown]>();
  /** The characters of text `used` holds (MAX_FACT_CHARS). */
  private chars = 0;
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly kept: Map<string, [kind: string, uri: string, text: string, fact: unknown]>,
  ) {}

  /** The facts kept for `root`; undefined when speed-only caches are off. */
  static open(root: string, cacheDir: string | null = cacheDirectory() ?? null): KeptFactsFile | undefined {
    if (!cacheDir) return undefined;
    const resolved = path.resolve(root);
    const file = keptPath(FACTS, resolved, cacheDir);
    const kept = new Map<string, [string, string, string, unknown]>();
    // Missing, damaged or not ours (another build, root or format): the facts are made again by this run.
    const facts = readKept(FACTS, file, resolved);
    if (Array.isArray(facts)) {
      for (const record of facts as unknown[]) {
        if (Array.isArray(record) && record.length === 4 && typeof record[0] === 'string' && typeof record[1] === 'string' && typeof record[2] === 'string') kept.set(`${record[0]}\0${record[1]}`, [record[0], record[1], record[2], record[3]]);
      }
    }
    return new KeptFactsFile(file, kept);
  }

  get(kind: string, uri: string, text: string): unknown {
    const key = `${kind}\0${uri}`;
    const record = this.used.get(key) ?? this.kept.get(key);
    if (record?.[2] !== text) return undefined;
    this.use(key, record);
    return record[3];
  }

  set(kind: string, uri: string, text: string, fact: unknown): void {
    if (text.length > FACT_TEXT_CHARS) return;
    if (this.use(`${kind}\0${uri}`, [kind, uri, text, fact])) this.changed = true;
  }

  /** Keeps a record for the next run, within the bounds; whether it was kept. */
  private use(key: string, record: [string, string, string, unknown]): boolean {
    const before = this.used.get(key);
    if (before === record) return true;
    const chars = this.chars - (before?.[2].length ?? 0) + record[2].length;
    if (chars > MAX_FACT_CHARS || (!before && this.used.size >= MAX_FACTS)) return false;
    this.used.set(key, record);
    this.chars = chars;
    return true;
  }

  /** Writes the facts used or made when one was made; a failed write only loses speed. */
  save(root: string): void {
    if (!this.changed) return;
    this.changed = false;
    writeKept(FACTS, this.file, path.resolve(root), [...this.used.values()]);
  }
}
