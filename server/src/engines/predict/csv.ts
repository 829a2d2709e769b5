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
import { t } from '../../l10n/t';

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
  if (head.trim() === '') throw new CsvError(t('the file is empty: expected a header line with the columns {0}', [...columns.numeric, ...(columns.text ?? [])].join(', ')));
  const delimiter = detectDelimiter(head.split(/\r?\n/)[0]);
  // Records are taken as csv-parse reads them (on_record, synchronously inside write()) and handled
  // after each chunk: no promise per record, and at most one chunk's records held at once.
  const summary: CsvSummary = { delimiter, read: 0, skipped: [], skippedCount: 0, present: [] };
  let pending: { record: string[]; line: number }[] = [];
  let failure: Error | undefined;
  const parser = parse({
    bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true,
    // Not skip_records_with_error: after a stray quote csv-parse's recovery swallows the rest of the
    // file as skipped; stopping with the line is the clearer outcome.
    on_record: (record: string[], context: { lines: number }) => {
      pending.push({ record, line: context.lines });
      return null;
    },
  });
  parser.on('error', (error: Error) => (failure ??= error));
  parser.resume();
  let index: { numeric: number[]; text: number[]; optional: number[] } | undefined;
  let header: string[] = [];
  const handle = async () => {
    const records = pending;
    pending = [];
    for (const { record, line } of records) {
      if (!index) {
        header = record;
        const lower = header.map((h) => h.toLowerCase());
        const find = (name: string): number => lower.indexOf(name.toLowerCase());
        const required = [...columns.numeric, ...(columns.text ?? [])];
        const missing = required.filter((c) => find(c) < 0);
        if (missing.length) {
          const found = header.join(', ') || t('none');
          throw new CsvError(missing.length > 1
            ? t('missing columns {0}; found {1} (separator \'{2}\')', missing.join(', '), found, delimiter)
            : t('missing column {0}; found {1} (separator \'{2}\')', missing[0], found, delimiter));
        }
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
        if (!Number.isFinite(v)) { reason = cell === '' ? t('column {0}: empty cell', header[index.numeric[k]]) : t('column {0}: not a number: {1}', header[index.numeric[k]], JSON.stringify(cell.slice(0, 40))); break; }
        numbers[k] = v;
      }
      if (reason) {
        summary.skippedCount++;
        if (summary.skipped.length < 100) summary.skipped.push({ line, reason });
        continue;
      }
      const done = onRow({ line, numbers, text: index.text.map((i) => record[i] ?? ''), optional: index.optional.map((i) => (i >= 0 ? record[i] ?? '' : '')) });
      if (done) await done;
    }
  };
  const check = () => {
    if (!failure) return;
    const err = failure as Error & { lines?: number };
    throw new CsvError(err.lines ? t('unreadable CSV at line {0}: {1}', err.lines, err.message) : t('unreadable CSV: {0}', err.message));
  };
  try {
    for (const c of chunks) {
      parser.write(c);
      check();
      await handle();
    }
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) {
      parser.write(n.value);
      check();
      await handle();
    }
    await new Promise<void>((resolve) => parser.end(() => resolve()));
    check();
    await handle();
  } catch (e) {
    parser.destroy();
    source.destroy();
    throw e;
  }
  if (!index) throw new CsvError(t('the file is empty'));
  return summary;
}
