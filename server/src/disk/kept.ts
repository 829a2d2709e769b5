/**
 * The one layer for what Archipel keeps between runs in the user's cache folder (disk/cacheFolder.ts cacheDirectory):
 * the index cache, the folders' listings, the kept facts, the one-file table, the family choice, the code caches, the
 * Prometheus stores, the records of onnxruntime's optimised copies (issue #92). A store declares its kind once
 * (KeptKind: folder, name, format, bound) and keeps only what it stores; how a file is framed (a length and a CRC-32
 * per record), tied to the build (buildId), validated on read (a file cut short, damaged, of another format or build is
 * dropped, never trusted, never a crash), the checksum of a kept file's content (contentChecksum) and when a file's
 * stamp may be trusted (Stamp, sameStamp, racy) is said here. The file operations a code cache needs at every start without loading V8's serializer or zlib — the one name hash (keptName), the one atomic replace
 * (replaceCacheFile), the one sweep (sweepCacheFolder), the build identity — are disk/cacheFolder.ts's.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { buildIdentity, keptName, replaceCacheFile } from './cacheFolder';
import { readFileBoundedSync } from './readText';

/**
 * A file's stamp as a store compares it: size, modification time, change time and inode. The mtime alone can be set
 * back (`cp -p`, `rsync -a`, `tar x`, `touch -d`, a folder whose mtime a tool restores); the ctime cannot (any write or
 * utimes sets it to now), and a file replaced by a rename (git checkout, an editor's save) has another inode.
 */
export interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** A folder's stamp: its size tells nothing (the file system's blocks), its mtime, ctime and inode do. */
export type FolderStamp = Pick<Stamp, 'mtimeMs' | 'ctimeMs' | 'ino'>;

/** What stat gives (fs.Stats, or a stamp already taken). */
export type Stamped = Pick<Stamp, 'size' | 'mtimeMs'> & Partial<Pick<Stamp, 'ctimeMs' | 'ino'>>;

/** The stamp of stats (fs.Stats or a stamp), its four fields alone (a plain object a worker can post). */
export function stampOf(stats: Stamped): Stamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs ?? Number.NaN, ino: stats.ino ?? Number.NaN };
}

/** Whether two stamps are the same file unchanged: all four fields equal (a stamp lacking ctime or inode never is). */
export function sameStamp(kept: Stamped, now: Stamped): boolean {
  return kept.size === now.size && kept.mtimeMs === now.mtimeMs && kept.ctimeMs === now.ctimeMs && kept.ino === now.ino && kept.ctimeMs !== undefined && kept.ino !== undefined;
}

/**
 * A file whose mtime is this close to a run's start (or after it: a future mtime) is not kept by that run: two changes
 * within a file system's timestamp granularity (a few milliseconds; 2 s on FAT) may leave its stamp the same. The
 * mtime, as git's racy check: the ctime of a file whose mtime was set back is recent, but two such rewrites within one
 * granularity of the ctime is not what a tool does, and a check of files just copied would keep nothing.
 */
export const RACY_MS = 2_000;

/** Whether a stamp must not be trusted by a record written by a run started at `started` (Date.now()). */
export function racy(stamp: Pick<Stamp, 'mtimeMs'>, started: number): boolean {
  return stamp.mtimeMs > started - RACY_MS;
}

let identity: string | undefined;
/**
 * The build this process runs (buildIdentity of this module: its bundle or chunk, the pack it is read from): what a
 * store of another build wrote is never read. A process whose build cannot be found keeps nothing another would read.
 */
export function buildId(): string {
  identity ??= buildIdentity(__filename) ?? `process:${process.pid}:${Date.now()}`;
  return identity;
}

/** A kind of kept file, declared once by its store. */
export interface KeptKind {
  /** The folder under the cache folder (`index`, `families`, …). */
  folder: string;
  /** The end of its files' names, after keptName(key): `-listing.v8`. */
  suffix: string;
  /** The layout: a file of another is not read. */
  format: number;
  /** The largest file read: a larger one is not ours (dropped). */
  maxBytes: number;
}

/** The file of `kind` for `key` (a root, a folder: whatever one file is kept for) in `cacheDir`. */
export function keptPath(kind: KeptKind, key: string, cacheDir: string): string {
  return path.join(cacheDir, kind.folder, `${keptName(key)}${kind.suffix}`);
}

/** One record: a 32-bit length, the CRC-32 of the bytes, then their V8 serialisation. */
export function frameRecord(value: unknown): Buffer {
  const bytes = serialize(value);
  const record = Buffer.allocUnsafe(8 + bytes.length);
  record.writeUInt32LE(bytes.length);
  record.writeUInt32LE(crc32(bytes), 4);
  bytes.copy(record, 8);
  return record;
}

/**
 * The checksum of a kept file's content that a store checks before trusting it (onnxruntime's optimised copies,
 * engines/onnx/optimisedCopy.ts): its length and the CRC-32 records are framed with. Against damage, not a defence.
 */
export function contentChecksum(bytes: Uint8Array): string {
  return `${bytes.length}:${crc32(bytes).toString(16).padStart(8, '0')}`;
}

/** Thrown for a record whose bytes do not match their CRC: the file is not what a run wrote. */
export class DamagedKeptFile extends Error {}

/**
 * The records of a kept file's bytes. A record cut short ends them (a run appending while this one read, or killed
 * mid-append: the records before it stand); one whose bytes do not match their CRC, or that V8 cannot read, throws
 * DamagedKeptFile.
 */
export function* readRecords(bytes: Buffer): Generator<unknown> {
  for (let at = 0; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32LE(at);
    if (at + 8 + length > bytes.length) return;
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(body) !== bytes.readUInt32LE(at + 4)) throw new DamagedKeptFile('a record does not match its CRC');
    let value: unknown;
    try {
      value = deserialize(body);
    } catch (error) {
      throw new DamagedKeptFile(String(error));
    }
    yield value;
    at += 8 + length;
  }
}

/** The header every kept file of one record starts its record with. */
interface KeptHeader {
  format: number;
  build: string;
  key: string;
}

/**
 * The value kept in `file` of `kind` for `key` by this build, or undefined: missing, over the kind's bound, cut short,
 * damaged, of another format, build or key. A file that is there but not valid is removed (the next write makes it
 * anew; a read-only folder keeps it, ignored).
 */
export function readKept(kind: KeptKind, file: string, key: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileBoundedSync(file, kind.maxBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') dropKept(file);
    return undefined;
  }
  try {
    const first = readRecords(bytes).next();
    const stored = first.done ? undefined : (first.value as { header?: Partial<KeptHeader>; value?: unknown } | undefined);
    if (stored?.header?.format === kind.format && stored.header.build === buildId() && stored.header.key === key) return stored.value;
  } catch {
    // Damaged: dropped below.
  }
  dropKept(file);
  return undefined;
}

/** Writes `value` for `key` as `file` of `kind` whole (cacheFolder.ts replaceCacheFile); false when it could not be written (only speed is lost). */
export function writeKept(kind: KeptKind, file: string, key: string, value: unknown): boolean {
  const record = frameRecord({ header: { format: kind.format, build: buildId(), key } satisfies KeptHeader, value });
  if (record.length > kind.maxBytes) return false;
  return replaceCacheFile(file, record);
}

/** Removes a kept file that is not valid; one that cannot be removed stays, ignored by every read. */
export function dropKept(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // A read-only folder: it is read and refused again, nothing worse.
  }
}
