/**
 * A packaged chart (`charts/<name>-<version>.tgz`, what `helm package` and `helm dependency build`
 * write) read as Helm's loader reads it (pkg/chart/loader/archive.go): gunzip, then the tar's
 * regular files, every path under one top folder (the chart's), which is dropped. In memory, never
 * extracted to disk, every size bounded: the archive is refused whole past a bound, as Helm refuses it.
 */
import { gunzipSync } from 'node:zlib';

/** What a packaged chart may unpack to in all (Helm's own bound is 100 MiB; the charts people ship unpack to a few MiB). */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** One file of it (Helm's bound is 5 MiB). */
export const MAX_ENTRY_BYTES = 5 * 1024 * 1024;
/** Entries of the tar (headers included). */
export const MAX_ENTRIES = 10_000;

export interface ArchiveFiles {
  /** The top folder the chart's files were under (`common` in `common/Chart.yaml`). */
  top: string;
  /** Chart-relative path → bytes. */
  files: Map<string, Buffer>;
}

const text = (block: Buffer, start: number, length: number): string => {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end >= 0 && end < start + length ? end : start + length);
};

/** A header's octal number field (a base-256 one, for sizes past 8 GiB, is refused: undefined). */
function octal(block: Buffer, start: number, length: number): number | undefined {
  if ((block[start] & 0x80) !== 0) return undefined;
  const digits = text(block, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) return undefined;
  return digits === '' ? 0 : parseInt(digits, 8);
}

/** The `path` record of a pax extended header (`<length> path=<value>\n` records). */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) return undefined;
    const length = Number(data.toString('utf8', at, space));
    if (!Number.isInteger(length) || length <= 0 || at + length > data.length) return undefined;
    const record = data.toString('utf8', space + 1, at + length - 1);
    if (record.startsWith('path=')) return record.slice('path='.length);
    at += length;
  }
  return undefined;
}

/** A path Helm refuses in an archive: absolute, with a `..`, or a drive letter. */
const unsafe = (path: string) => path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.split('/').includes('..');

/** The chart's files in a .tgz, or why it cannot be read. */
export function readChartArchive(bytes: Buffer): ArchiveFiles | { error: string } {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ERR_BUFFER_TOO_LARGE' ? `it unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB` : 'not a gzip archive' };
  }
  const files = new Map<string, Buffer>();
  let top: string | undefined;
  let longName: string | undefined;
  let entries = 0;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    if (++entries > MAX_ENTRIES) return { error: `more than ${MAX_ENTRIES} entries` };
    const size = octal(header, 124, 12);
    if (size === undefined || at + 512 + size > tar.length) return { error: 'a malformed tar entry' };
    const type = String.fromCharCode(header[156] || 0x30);
    const data = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = paxPath(data);
      continue;
    }
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    // Only regular files are a chart's (Helm skips folders; links and devices are no part of a chart).
    if (type !== '0' && type !== '7') continue;
    const path = name.replace(/\\/g, '/').replace(/^\.\//, '');
    if (unsafe(path)) return { error: `the path ${JSON.stringify(path)} leaves the archive` };
    const slash = path.indexOf('/');
    if (slash <= 0) continue;
    const folder = path.slice(0, slash);
    if (top !== undefined && folder !== top) return { error: 'files outside the chart\'s folder' };
    top = folder;
    if (size > MAX_ENTRY_BYTES) return { error: `${path} is larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MiB` };
    files.set(path.slice(slash + 1), Buffer.from(data));
  }
  if (top === undefined || !files.has('Chart.yaml')) return { error: 'no Chart.yaml in it' };
  return { top, files };
}
