/**
 * The column names of a data file for the editor (issue #29): a CSV's header line, read from the
 * first 64 KiB (a suite's diagnostics must not wait on a large file), cached per modification time.
 * Parquet's schema needs DuckDB, which the language server does not load: no columns then (the
 * column check is skipped, never guessed).
 */
import { closeSync, readSync, realpathSync, statSync } from 'node:fs';
import { isWithin } from '../../common/containment';
import { detectDelimiter } from '../predict/csv';
import { openRegularFileSync } from '../../disk/readText';

const cache = new Map<string, { mtimeMs: number; columns: readonly string[] | undefined }>();
const HEAD_BYTES = 64 * 1024;

function readHeader(file: string): readonly string[] | undefined {
  if (!/\.(csv|tsv|txt)$/i.test(file)) return undefined;
  const fd = openRegularFileSync(file);
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    const text = buffer.subarray(0, read).toString('utf8').replace(/^\uFEFF/, '');
    const end = text.indexOf('\n');
    if (end < 0 && read === HEAD_BYTES) return undefined;
    const line = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
    const delimiter = /\.tsv$/i.test(file) ? '\t' : detectDelimiter(line);
    return line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  } finally {
    closeSync(fd);
  }
}

/**
 * The header of `file`, or undefined when it is missing, unreadable, not a CSV, not a regular file
 * (a FIFO would never answer), or when it resolves outside `roots` (the workspace folders, #37).
 */
export function dataHeader(file: string, roots?: readonly string[]): readonly string[] | undefined {
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return undefined;
    if (roots && roots.length > 0) {
      const real = realpathSync.native(file);
      if (!roots.some((root) => isWithin(real, realpathSync.native(root)))) return undefined;
    }
    const { mtimeMs } = stats;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit.columns;
    const columns = readHeader(file);
    if (cache.size > 256) cache.clear();
    cache.set(file, { mtimeMs, columns });
    return columns;
  } catch {
    return undefined;
  }
}
