/**
 * Streaming CSV reading for predictions (issue #17): csv-parse over a stream, memory bounded (one
 * record at a time), BOM stripped, CRLF or LF, `,` or `;` separator detected from the header line,
 * header matched case-insensitively with extra columns ignored. A missing column is one error
 * naming the missing and found columns; an unparseable or empty numeric cell skips its row with its
 * line and column; the rest goes on.
 */
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import type { SkippedRow } from '../../protocol/predict';

export class CsvError extends Error {}

export interface CsvColumns {
  /** Columns read as numbers (required). */
  numeric: string[];
  /** Columns kept as text (required). */
  text?: string[];
  /** Text columns used when present (e.g. Ticker). */
  optional?: string[];
}

export interface CsvRow {
  /** 1-based line of the record in the file. */
  line: number;
  numbers: Float64Array;
  text: string[];
  /** Optional columns' text, '' when the column is absent. */
  optional: string[];
}

export interface CsvSummary {
  delimiter: ',' | ';';
  /** Data records read (header excluded). */
  read: number;
  /** First 100 skipped rows. */
  skipped: SkippedRow[];
  /** All skipped rows. */
  skippedCount: number;
  /** Optional columns found. */
  present: string[];
}

/** The header line's separator: `;` when it has more semicolons than commas outside quotes. */
export function detectDelimiter(headerLine: string): ',' | ';' {
  let commas = 0, semis = 0, quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

/** Reads `source`, calling `onHeader` with the optional columns found, then `onRow` per record whose cells all parse; returns what was read and skipped. */
export async function readCsv(
  source: Readable, columns: CsvColumns, onRow: (row: CsvRow) => void | Promise<void>, onHeader?: (present: string[]) => void | Promise<void>,
): Promise<CsvSummary> {
  const iterator = source[Symbol.asyncIterator]();
  let head = '';
  const chunks: Buffer[] = [];
  // Peek up to the first newline (bounded: 1 MiB) to choose the separator.
  while (!head.includes('\n') && head.length < 1 << 20) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value));
    chunks.push(chunk);
    head += chunk.toString('utf8');
  }
  head = head.replace(/^\uFEFF/, '');
  if (head.trim() === '') throw new CsvError('the file is empty: expected a header line with the columns ' + [...columns.numeric, ...(columns.text ?? [])].join(', '));
  const delimiter = detectDelimiter(head.split(/\r?\n/)[0]);
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true });
  // A parser destroyed while the feed waits (a row handler threw, the run was cancelled) never
  // drains: its close ends the wait, and the feed stops.
  const drained = () => new Promise((r) => { parser.once('drain', r); parser.once('close', r); });
  const feed = (async () => {
    try {
      for (const c of chunks) if (!parser.write(c)) await drained();
      for (let n = await iterator.next(); !n.done && !parser.destroyed; n = await iterator.next())
        if (!parser.write(n.value)) await drained();
      if (!parser.destroyed) parser.end();
    } catch (e) { parser.destroy(e as Error); }
  })();
  let index: { numeric: number[]; text: number[]; optional: number[] } | undefined;
  let header: string[] = [];
  const summary: CsvSummary = { delimiter, read: 0, skipped: [], skippedCount: 0, present: [] };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!index) {
        header = record;
        const lower = header.map((h) => h.toLowerCase());
        const find = (name: string): number => lower.indexOf(name.toLowerCase());
        const required = [...columns.numeric, ...(columns.text ?? [])];
        const missing = required.filter((c) => find(c) < 0);
        if (missing.length) throw new CsvError(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; found ${header.join(', ') || 'none'} (separator '${delimiter}')`);
        index = { numeric: columns.numeric.map(find), text: (columns.text ?? []).map(find), optional: (columns.optional ?? []).map(find) };
        summary.present = (columns.optional ?? []).filter((_, k) => index!.optional[k] >= 0);
        await onHeader?.(summary.present);
        continue;
      }
      summary.read++;
      const numbers = new Float64Array(index.numeric.length);
      let reason: string | undefined;
      for (let k = 0; k < index.numeric.length; k++) {
        const cell = record[index.numeric[k]] ?? '';
        const v = cell === '' ? NaN : Number(cell);
        if (!Number.isFinite(v)) { reason = `column ${header[index.numeric[k]]}: ${cell === '' ? 'empty cell' : `not a number: ${JSON.stringify(cell.slice(0, 40))}`}`; break; }
        numbers[k] = v;
      }
      if (reason) {
        summary.skippedCount++;
        if (summary.skipped.length < 100) summary.skipped.push({ line: info.lines, reason });
        continue;
      }
      await onRow({ line: info.lines, numbers, text: index.text.map((i) => record[i] ?? ''), optional: index.optional.map((i) => (i >= 0 ? record[i] ?? '' : '')) });
    }
  } catch (e) {
    parser.destroy();
    source.destroy();
    if (e instanceof CsvError) throw e;
    const err = e as { message: string; lines?: number };
    throw new CsvError(`unreadable CSV${err.lines ? ` at line ${err.lines}` : ''}: ${err.message}`);
  } finally {
    await feed;
  }
  if (!index) throw new CsvError('the file is empty');
  return summary;
}
