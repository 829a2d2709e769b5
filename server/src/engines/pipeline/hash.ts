/**
 * DVC's hashes of a pipeline's deps and outs, as `dvc.lock` records them, so a lock written here
 * and one written by DVC 3 agree.
 *
 * - A file: the md5 of its bytes as they are. DVC 2 normalised text files' line endings; DVC 3
 *   (dvc-data, `hashfile/hash.py`) hashes the raw bytes under the hash name `md5` and keeps the
 *   normalising hasher under the name `md5-dos2unix` for entries written by DVC 2 (a lock entry
 *   without `hash:`, `dvc/output.py`: "Legacy 2.x output"). That hasher reads 1 MiB chunks; a chunk
 *   whose first 512 bytes look like text (dvc-data's `istextblock`: no NUL, at most 30% of bytes
 *   outside printable ASCII and \n \r \t \f \b) is hashed with each CRLF inside it as LF.
 * - A folder: `<md5>.dir`, the md5 of its manifest, the JSON of `[{md5, relpath}]` sorted by
 *   relpath as Python's `json.dumps(list, sort_keys=True)` writes it (dvc-data's `Tree.as_bytes`):
 *   `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`, relpaths with '/'.
 */
import { createHash } from 'node:crypto';
import { closeSync, promises as fs, readSync, type Stats } from 'node:fs';
import path from 'node:path';
import { openRegularFile, openRegularFileSync } from '../../disk/readText';

/** What the lock records of a dep or out. */
export interface PathHash {
  /** `<md5>` of a file, `<md5>.dir` of a folder. */
  md5: string;
  /** Bytes (a folder: of all its files). */
  size: number;
  /** A folder's number of files. */
  nfiles?: number;
}

const CHUNK = 1 << 20;
/** Read buffers kept between files: 10,000 small files must not allocate 10 GB of 1 MB buffers. */
const buffers: Buffer[] = [];

/** DVC's two ways of hashing a file: raw bytes (DVC 3), or DVC 2's line-ending-normalised text. */
export type HashName = 'md5' | 'md5-dos2unix';

const TEXT_BLOCK = 512;
const isTextByte = new Uint8Array(256);
for (let b = 32; b < 127; b++) isTextByte[b] = 1;
for (const b of [0x0a, 0x0d, 0x09, 0x0c, 0x08]) isTextByte[b] = 1;

/** dvc-data's `istextblock`: empty is text; a NUL is binary; else at most 30% non-text bytes. */
export function isTextBlock(block: Uint8Array): boolean {
  if (block.length === 0) return true;
  let nontext = 0;
  for (const b of block) {
    if (b === 0) return false;
    if (!isTextByte[b]) nontext++;
  }
  return nontext / block.length <= 0.3;
}

/** One chunk's contribution to an md5-dos2unix hash: CRLF as LF when the chunk starts like text. */
function dos2unixChunk(chunk: Buffer): Buffer {
  if (!isTextBlock(chunk.subarray(0, TEXT_BLOCK)) || chunk.indexOf(0x0d) < 0) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (chunk[i] === 0x0d && i + 1 < chunk.length && chunk[i + 1] === 0x0a) continue;
    out[n++] = chunk[i];
  }
  return out.subarray(0, n);
}

/** Reads until `buffer` is full or the file ends (Python's buffered read(n)): dos2unix chunks must be whole. */
async function readFull(handle: fs.FileHandle, buffer: Buffer): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** The md5 of a file's bytes (or DVC 2's `md5-dos2unix`), read in 1 MB chunks into a reused buffer. */
export async function fileMd5(file: string, signal?: AbortSignal, name: HashName = 'md5'): Promise<string> {
  const hash = createHash('md5');
  const handle = await openRegularFile(file);
  const buffer = buffers.pop() ?? Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const bytesRead = name === 'md5' ? (await handle.read(buffer, 0, CHUNK, null)).bytesRead : await readFull(handle, buffer);
      if (bytesRead === 0) break;
      const chunk = bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead);
      hash.update(name === 'md5' ? chunk : dos2unixChunk(chunk));
    }
  } finally {
    if (buffers.length < 8) buffers.push(buffer);
    await handle.close();
  }
  return hash.digest('hex');
}

/** Files below this are read whole, synchronously (see fileMd5Sync). */
export const SMALL_FILE = CHUNK;

/**
 * The md5 of a small file read at once: from the page cache a 100 KB read costs less than the
 * three thread-pool round trips (open, read, close) of the asynchronous path, which on a loaded
 * machine made 10,000 such files take three times md5sum's time.
 */
export function fileMd5Sync(file: string, name: HashName = 'md5'): string {
  const hash = createHash('md5');
  const fd = openRegularFileSync(file);
  // One buffer for every small file: reading 1 GB of them must not allocate 1 GB (the GC's time).
  syncBuffer ??= Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      let read = readSync(fd, syncBuffer, 0, CHUNK, null);
      if (read === 0) break;
      if (name === 'md5') {
        hash.update(syncBuffer.subarray(0, read));
        continue;
      }
      for (let more = read; more > 0 && read < CHUNK; read += more) more = readSync(fd, syncBuffer, read, CHUNK - read, null);
      hash.update(dos2unixChunk(syncBuffer.subarray(0, read)));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
let syncBuffer: Buffer | undefined;

/** Python's `json.dumps` string escaping (ensure_ascii): every non-ASCII UTF-16 unit as `\uXXXX`. */
function pythonJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python orders str by code point; JavaScript's default sort by UTF-16 unit (they differ past U+FFFF). */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The manifest DVC hashes for a folder: its bytes as dvc-data writes them. */
export function dirManifest(entries: readonly { relpath: string; md5: string }[]): string {
  const sorted = [...entries].sort((a, b) => byCodePoint(a.relpath, b.relpath));
  return `[${sorted.map((e) => `{"md5": ${pythonJsonString(e.md5)}, "relpath": ${pythonJsonString(e.relpath)}}`).join(', ')}]`;
}

export function dirMd5(entries: readonly { relpath: string; md5: string }[]): string {
  return `${createHash('md5').update(dirManifest(entries), 'utf8').digest('hex')}.dir`;
}

/** Every file under a folder (symbolic links followed as DVC does, by stat), relpaths with '/'. */
export async function listFiles(dir: string, prefix = ''): Promise<{ relpath: string; file: string; stats: Stats }[]> {
  const found: { relpath: string; file: string; stats: Stats }[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    const relpath = prefix ? `${prefix}/${entry.name}` : entry.name;
    const stats = await fs.stat(file).catch(() => undefined);
    if (!stats) continue;
    if (stats.isDirectory()) found.push(...(await listFiles(file, relpath)));
    else if (stats.isFile()) found.push({ relpath, file, stats });
  }
  return found;
}
