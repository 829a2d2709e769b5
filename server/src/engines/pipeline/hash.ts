/**
 * DVC's hashes of a pipeline's deps and outs, as `dvc.lock` records them, so a lock written here
 * and one written by DVC 3 agree.
 *
 * - A file: the md5 of its bytes as they are. DVC 2 normalised text files' line endings (dos2unix:
 *   CRLF hashed as LF when the first 8 KB look like text); DVC 3 (dvc-data 2.x, `hashfile/hash.py`)
 *   hashes the raw bytes under the hash name `md5` and keeps the normalising hasher only under the
 *   name `md5-dos2unix` for entries written by DVC 2. The lock's `hash: md5` says which: raw bytes.
 * - A folder: `<md5>.dir`, the md5 of its manifest, the JSON of `[{md5, relpath}]` sorted by
 *   relpath as Python's `json.dumps(list, sort_keys=True)` writes it (dvc-data's `Tree.as_bytes`):
 *   `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`, relpaths with '/'.
 */
import { createHash } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';

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

/** The md5 of a file's bytes, read in 1 MB chunks into one reused buffer. */
export async function fileMd5(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

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
