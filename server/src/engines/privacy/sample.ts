/**
 * A bounded sample of a data file (issue #65): its header and the values of a few thousand rows,
 * whatever the file's size — the first SAMPLE_BOUNDS.headBytes and STRIDE_CHUNKS chunks spread over
 * the rest (so that a file sorted by date is seen beyond its first day), never the whole file. CSV,
 * TSV and JSON Lines are read here (csv-parse owns the quoting); Parquet through DuckDB, reading the
 * first rows of the file only (its row groups are read on demand). A file is opened once, by its
 * real path, as a regular file (a FIFO or a device is refused before it is opened), inside the
 * allowed folders unless the user named it.
 */
import { closeSync, constants, fstatSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isWithin } from '../../common/containment';
import { t } from '../../l10n/t';
import { openRegularFileSync } from '../../disk/readText';

export type SampleFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

/** What a sample holds: the columns and, per column, the sampled values (one per sampled row, '' when empty). */
export interface DataSample {
  format: SampleFormat;
  columns: string[];
  /** values[c][r]: column c of sampled row r. */
  values: string[][];
  /** Rows sampled. */
  rows: number;
  /** The file's size in bytes. */
  size: number;
  /** Whether the sample is the whole file (every row read). */
  whole: boolean;
}

export const SAMPLE_BOUNDS = {
  /** Bytes read from the head of a text file. */
  headBytes: 1 << 20,
  /** Rows kept from the head. */
  headRows: 1000,
  /** Chunks read beyond the head, spread evenly over the rest of a large file. */
  strideChunks: 8,
  /** Bytes per chunk. */
  strideBytes: 64 << 10,
  /** Rows kept per chunk. */
  strideRows: 125,
  /** Columns read (a wider file keeps its first ones). */
  columns: 2000,
  /** Rows read from a Parquet file. */
  parquetRows: 2000,
};

export class SampleError extends Error {}

/** The format a file name says, or undefined (not a data file this reader reads). */
export function sampleFormatOf(file: string): SampleFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(tsv|tab)$/i.test(file)) return 'tsv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.(parquet|pq)$/i.test(file)) return 'parquet';
  return undefined;
}

/** The real path of `file`, refused unless it is a regular file inside `roots` (undefined: named by the user, anywhere). */
export function confinedDataPath(file: string, roots: readonly string[] | undefined): string {
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    throw new SampleError(t('{0} does not exist', file));
  }
  if (roots && !roots.some((root) => isWithin(real, realOf(root)))) {
    throw new SampleError(t('{0} ({1}) is outside the workspace folder {2}: Archipel reads data only inside it, unless you name the file on the command line.', file, real, roots.join(' or ') || '(none)'));
  }
  if (!statSync(real).isFile()) throw new SampleError(t('{0} is not a regular file', file));
  return real;
}

function realOf(folder: string): string {
  try {
    return realpathSync.native(folder);
  } catch {
    return path.resolve(folder);
  }
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/** The delimiter of a header line: the most frequent of `,` `;` tab `|` outside quotes. */
function delimiterOf(line: string): string {
  const bare = line.replace(/"(?:[^"]|"")*"/g, '');
  let best = ',';
  let most = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const n = bare.split(candidate).length - 1;
    if (n > most) [best, most] = [candidate, n];
  }
  return best;
}

/** Whole lines of a chunk: from after its first line break (unless it starts the file) to its last one. */
function wholeLines(chunk: string, atStart: boolean, atEnd: boolean): string {
  const from = atStart ? 0 : chunk.indexOf('\n') + 1;
  const to = atEnd ? chunk.length : chunk.lastIndexOf('\n') + 1;
  return from > 0 || atStart ? chunk.slice(from, Math.max(from, to)) : '';
}

function parseRecords(text: string, delimiter: string, max: number): string[][] {
  return parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true, to: max }) as string[][];
}

/** A CSV or TSV file's sample. */
function textSample(fd: number, size: number, format: 'csv' | 'tsv'): DataSample {
  const bounds = SAMPLE_BOUNDS;
  const headEnd = Math.min(size, bounds.headBytes);
  const head = wholeLines(readAt(fd, 0, headEnd).toString('utf8'), true, headEnd === size);
  const firstLine = head.slice(0, head.search(/\r?\n|$/));
  const delimiter = format === 'tsv' ? '\t' : delimiterOf(firstLine);
  const [header = [], ...rows] = parseRecords(head, delimiter, bounds.headRows + 1);
  const columns = header.slice(0, bounds.columns).map((name) => name.trim());
  const whole = headEnd === size && rows.length < bounds.headRows;
  if (!whole && size > headEnd) {
    // Evenly spaced chunks over the rest: a record cut by a chunk's edge is dropped, and so is one
    // whose cells do not number the header's (a line break inside a quoted cell put it off its row).
    const span = size - headEnd;
    for (let i = 0; i < bounds.strideChunks; i++) {
      const at = headEnd + Math.floor((span * i) / bounds.strideChunks);
      const length = Math.min(bounds.strideBytes, size - at);
      const text = wholeLines(readAt(fd, at, length).toString('utf8'), false, at + length === size);
      for (const record of parseRecords(text, delimiter, bounds.strideRows)) if (record.length === header.length) rows.push(record);
    }
  }
  return { format, columns, values: columns.map((_, c) => rows.map((row) => row[c] ?? '')), rows: rows.length, size, whole };
}

/** A cell of JSON as text: strings as they are, other values as JSON. */
const cellText = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value));

/** A JSON Lines file's sample: its objects' keys (nested objects flattened with dots, two levels) as columns. */
function jsonLinesSample(fd: number, size: number): DataSample {
  const headEnd = Math.min(size, SAMPLE_BOUNDS.headBytes);
  const text = wholeLines(readAt(fd, 0, headEnd).toString('utf8'), true, headEnd === size);
  const columns: string[] = [];
  const indexOf = new Map<string, number>();
  const records: Map<number, string>[] = [];
  const add = (record: Map<number, string>, key: string, value: unknown, depth: number) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && depth < 2) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(record, `${key}.${k}`, v, depth + 1);
      return;
    }
    let c = indexOf.get(key);
    if (c === undefined) {
      if (columns.length >= SAMPLE_BOUNDS.columns) return;
      indexOf.set(key, (c = columns.length));
      columns.push(key);
    }
    record.set(c, cellText(value));
  };
  let lines = 0;
  for (const line of text.split('\n')) {
    if (records.length >= SAMPLE_BOUNDS.headRows + SAMPLE_BOUNDS.strideChunks * SAMPLE_BOUNDS.strideRows) break;
    lines++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const record = new Map<number, string>();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) add(record, key, v, 0);
    records.push(record);
  }
  const whole = headEnd === size && lines === text.split('\n').length;
  return { format: 'jsonl', columns, values: columns.map((_, c) => records.map((r) => r.get(c) ?? '')), rows: records.length, size, whole };
}

/** The sample of a CSV, TSV or JSON Lines file (synchronous: the language server reads these); Parquet: sampleData. */
export function sampleTextData(file: string, roots?: readonly string[]): DataSample {
  const format = sampleFormatOf(file);
  if (!format || format === 'parquet') throw new SampleError(t('{0}: expected a .csv, .tsv or .jsonl file', file));
  const real = confinedDataPath(file, roots);
  const fd = openRegularFileSync(real, constants.O_NOFOLLOW);
  try {
    const { size } = fstatSync(fd);
    return format === 'jsonl' ? jsonLinesSample(fd, size) : textSample(fd, size, format);
  } finally {
    closeSync(fd);
  }
}
