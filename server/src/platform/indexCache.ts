/**
 * The workspace index kept between runs: per file, what the index held of it (a summary's stand-ins,
 * or a whole file's text) with the size and modification time the file had when it was read. A
 * second `archipel check` on an unchanged monorepo stats every file and reads only those whose
 * size or mtime moved (the way engines/pipeline/statusSnapshot.ts trusts an unchanged stat).
 *
 * One cache file per project root and indexing mode (summaries or whole files), in the user's
 * speed-only cache folder (platform/cacheFolder.ts: `~/.cache/archipel/index/`, never the
 * workspace; `ARCHIPEL_CACHE_DIR=off` disables it), stored with V8's serializer. It is keyed by the
 * build (the identity the pipeline parse cache uses: any other build starts afresh) and the format;
 * a file that cannot be read or deserialised is ignored and rebuilt. The cache only saves reading
 * and parsing: what it gives the index is what reading the file would give.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { code } from '../engines/pipeline/parseCache';
import { cacheDirectory } from './cacheFolder';

const FORMAT = 4;

/**
 * A file as indexed: `[size, mtimeMs, text, problem, scopes]` whole, or `[size, mtimeMs, null,
 * summary, scopes]` where the summary is its own V8 serialisation (made into objects only when the
 * file is indexed: `check --changed` indexes the summaries of the scopes it needs, not all of them).
 * `scopes`: the file's cross-file scopes (platform/changed.ts).
 */
export type CacheEntry = [size: number, mtimeMs: number, text: string | null, extra: unknown, scopes: string[]];

/** The first record of the file; then batches of `[file, entry]` pairs, each its own record. */
interface Header {
  format: number;
  build: string;
  root: string;
}

/** Files per record: writing serialises one batch at a time, never the whole index in one buffer (+300 MB at 100,000 files). */
const BATCH = 5000;

/** Records: a 32-bit length, then a V8 serialisation. */
function* records(bytes: Buffer): Generator<unknown> {
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32LE(at);
    if (at + 4 + length > bytes.length) throw new Error('truncated');
    yield deserialize(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
}

function writeRecord(fd: number, value: unknown): void {
  const bytes = serialize(value);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  writeSync(fd, length);
  writeSync(fd, bytes);
}

export class IndexCache {
  /** What this run looked up or recorded, not yet written (a batch at most). */
  private batch: [string, CacheEntry][] = [];
  private written = 0;
  private dirty = false;
  private fd: number | undefined;
  private failed = false;
  private readonly loaded: number;

  private constructor(
    readonly file: string,
    private readonly root: string,
    private readonly stored: Map<string, CacheEntry>,
  ) {
    this.loaded = stored.size;
  }

  /** Written through a temporary file and a rename: a concurrent run never reads half of it. */
  private get temporary(): string {
    return `${this.file}.${process.pid}.tmp`;
  }

  /** Adds a file's entry to the next cache file, written as the run goes: never the whole index in memory twice. */
  private push(file: string, entry: CacheEntry): void {
    if (this.failed) return;
    this.batch.push([file, entry]);
    this.written++;
    if (this.batch.length === BATCH) this.flush();
  }

  private flush(): void {
    try {
      if (this.fd === undefined) {
        mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
        this.fd = openSync(this.temporary, 'w', 0o600);
        writeRecord(this.fd, { format: FORMAT, build: code(), root: this.root } satisfies Header);
      }
      if (this.batch.length > 0) writeRecord(this.fd, this.batch);
    } catch {
      this.failed = true; // only speed is lost
    }
    this.batch = [];
  }

  /**
   * The cache of `root` for indexing `mode` (summaries or whole files), loaded from the user's cache
   * folder; undefined when speed-only caches are off. A missing, corrupt or other build's file gives
   * an empty cache.
   */
  static open(root: string, mode: 'summaries' | 'whole', cacheDir: string | null = cacheDirectory() ?? null): IndexCache | undefined {
    if (!cacheDir) return undefined;
    const name = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 16);
    const file = path.join(cacheDir, 'index', `${name}-${mode}.v8`);
    let entries = new Map<string, CacheEntry>();
    try {
      const all = records(readFileSync(file));
      const header = all.next().value as Partial<Header> | undefined;
      if (header?.format === FORMAT && header.build === code() && header.root === path.resolve(root)) {
        for (const batch of all) for (const [name, entry] of batch as [string, CacheEntry][]) entries.set(name, entry);
      }
    } catch {
      // Missing, truncated, or written by another Node: rebuilt by this run.
      entries = new Map();
    }
    return new IndexCache(file, path.resolve(root), entries);
  }

  /** How many files the cache held when it was opened. */
  get size(): number {
    return this.loaded;
  }

  /** What was stored for `file` if its size and mtime are still those it had (it is kept for the next save). */
  lookup(file: string, stats: { size: number; mtimeMs: number }): CacheEntry | undefined {
    const entry = this.stored.get(file);
    if (!entry || entry[0] !== stats.size || entry[1] !== stats.mtimeMs) return undefined;
    this.push(file, entry);
    return entry;
  }

  /** Records what was indexed of `file` as read with these stats (a summary's data is serialised here). */
  record(file: string, stats: { size: number; mtimeMs: number }, text: string | null, extra: unknown, scopes: string[]): void {
    this.push(file, [stats.size, stats.mtimeMs, text, text === null ? serialize(extra) : extra, scopes]);
    this.dirty = true;
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
   * Writes what this run looked up or recorded (files no longer listed drop out), when anything
   * differs from what was loaded, then releases it all (the check pass that follows has the memory).
   * A failed write only loses speed.
   */
  save(): void {
    try {
      // Unchanged: the file as it is serves the next run.
      if (this.failed || (!this.dirty && this.written === this.loaded)) return;
      this.flush();
      if (this.fd === undefined || this.failed) return;
      closeSync(this.fd);
      this.fd = undefined;
      renameSync(this.temporary, this.file);
    } catch {
      // Only speed is lost.
    } finally {
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      rmSync(this.temporary, { force: true });
      this.batch = [];
      this.stored.clear();
    }
  }
}

/** The stats the cache compares, or undefined for a file that cannot be stat'ed. */
export function fileStats(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const stats = statSync(file);
    return { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}

