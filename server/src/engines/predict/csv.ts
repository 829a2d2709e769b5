/**
 * Streaming CSV reading for predictions (issue #17), memory bounded (one chunk at a time), BOM stripped, CRLF or LF, `,` or `;` separator detected from the header line,
 * header matched case-insensitively with extra columns ignored. A missing column is one error
 * naming the missing and found columns; an unparseable or empty numeric cell skips its row with its
 * line and column; the rest goes on.
 *
 * Speed (bench predict-ohlcv): csv-parse's per-character state machine and per-record info object
 * were most of a 1M-row run. A block of whole lines without a quote needs none of it: its lines are
 * split on the line break and the separator, exactly as csv-parse would split them (trimmed cells,
 * empty and blank lines skipped, short records padded), and counted for the line numbers. From the first
 * quote on — or a block of 1 MiB without a line break (a lone-CR file) — the rest of the file goes
 * to csv-parse, which then owns every quoting rule; its line numbers are offset by the lines
 * already read.
 */
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { SkippedRow } from '../../protocol/predict';
import { t } from '../../l10n/t';
import { plainDecimal } from './decimal';

export class CsvError extends Error {}

/** Longest text from the file quoted in a message: a 50 MB line or cell is cut, its length said. */
const MAX_QUOTED = 200;

/** `text` as a message quotes it: whole up to `max` characters, else its start and its length. */
export function cut(text: string, max = MAX_QUOTED): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

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

/**
 * A copy of `cell` that does not hold on to the block it was cut from. V8 cuts substrings of 13
 * characters or more as views of their parent: a Date kept by the dashboard's series kept the whole
 * 64 KiB block alive (a 1M-row run peaked at 590 MB). Prepending a character makes a rope that
 * slice() flattens into a string of the cell's own size.
 */
function detach(cell: string): string {
  return cell.length < 13 ? cell : (' ' + cell).slice(1);
}

/** Bytes decoded into one string. */
const DECODED = 1 << 16;

/** A block without a line break longer than this goes to csv-parse (bounds the carried text). */
const MAX_CARRY = 1 << 20;

/** A data record's handler: a promise only when onRow or onHeader gave one. */
type Outcome = void | Promise<void>;

/**
 * The cells of one line of the fast path, read in place from its block: each cell's bounds found on
 * the line (no line string, no array of cells, no trimmed copies), a number parsed from a slice of
 * the block, a text cell copied out. The same cells as trim() on the split line: a cell whose edge
 * is not ASCII (trim's other white space) is trimmed by trim().
 */
class LineCells {
  starts = new Int32Array(64);
  stops = new Int32Array(64);
  /** Cells on the line last split. */
  count = 0;
  /**
   * Text cells repeat (a Ticker on every row of its ticker, a Date on every row of that date when
   * tickers are interleaved): a recent copy of the same text is handed out again rather than a new
   * string per row, which the rows waiting for their target kept alive through every collection.
   */
  private readonly recent = new Array<string>(256).fill('');

  /** Finds the cells of `text` from `start` to `end` (a line without its break). */
  split(text: string, start: number, end: number, delimiter: string): void {
    let n = 0;
    for (let at = start; ; n++) {
      if (n === this.starts.length) {
        const grown = [new Int32Array(n * 2), new Int32Array(n * 2)];
        grown[0].set(this.starts);
        grown[1].set(this.stops);
        [this.starts, this.stops] = grown;
      }
      let stop = text.indexOf(delimiter, at);
      if (stop < 0 || stop > end) stop = end;
      this.starts[n] = at;
      this.stops[n] = stop;
      if (stop === end) {
        n++;
        break;
      }
      at = stop + 1;
    }
    this.count = n;
  }

  /** Trims cell k's bounds in place, or returns its text when trim() must decide. */
  bounds(text: string, k: number): string | undefined {
    let s = this.starts[k], e = this.stops[k];
    while (s < e && space(text.charCodeAt(s))) s++;
    while (e > s && space(text.charCodeAt(e - 1))) e--;
    if (s < e && (text.charCodeAt(s) > 127 || text.charCodeAt(e - 1) > 127)) return text.slice(s, e).trim();
    this.starts[k] = s;
    this.stops[k] = e;
    return undefined;
  }

  /** Cell k as a number (NaN when empty or not one), and its own text when trim() decided its bounds. */
  number(text: string, k: number): { value: number; own: string | undefined } {
    let value = NaN;
    let own: string | undefined;
    if (k < this.count) {
      own = this.bounds(text, k);
      if (own !== undefined) value = own === '' ? NaN : Number(own);
      else if (this.stops[k] > this.starts[k]) value = plainDecimal(text, this.starts[k], this.stops[k]) ?? Number(text.slice(this.starts[k], this.stops[k]));
    }
    return { value, own };
  }

  /** Cell k as text, for a message. */
  raw(text: string, k: number, own: string | undefined): string {
    return k < this.count ? (own ?? text.slice(this.starts[k], this.stops[k])) : '';
  }

  /** Cell k as kept text ('' past the line's end). */
  text(text: string, k: number): string {
    if (k >= this.count) return '';
    const own = this.bounds(text, k);
    if (own !== undefined) return detach(own);
    const s = this.starts[k], e = this.stops[k], length = e - s;
    if (length === 0) return '';
    const slot = (length * 31 + text.charCodeAt(s) * 7 + text.charCodeAt(e - 1) * 131 + text.charCodeAt(s + (length >> 1))) & 255;
    const known = this.recent[slot];
    if (known.length === length && text.startsWith(known, s)) return known;
    const copy = detach(text.slice(s, e));
    if (length <= 64) this.recent[slot] = copy;
    return copy;
  }
}

const space = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

interface ColumnIndex {
  numeric: number[];
  text: number[];
  optional: number[];
}

/**
 * The records of a CSV file after its header: the header matched to the columns, then each record's
 * numbers parsed (a row with a cell that is not a number skipped with its line and column) and
 * handed to `onRow`.
 */
class Records {
  private index: ColumnIndex | undefined;
  private header: string[] = [];
  /** options.reuse: one row object for every record, its fields overwritten (the caller copies what it keeps). */
  private reused: CsvRow | undefined;
  private readonly cells = new LineCells();

  constructor(
    private readonly columns: CsvColumns,
    private readonly delimiter: ',' | ';',
    readonly summary: CsvSummary,
    private readonly reuse: boolean,
    private readonly onRow: (row: CsvRow) => void | Promise<void>,
    private readonly onHeader?: (present: string[]) => void | Promise<void>,
  ) {}

  get headed(): boolean {
    return this.index !== undefined;
  }

  /** The header's cells: the columns found, or the error naming those missing. */
  private readHeader(cells: string[], trim: boolean): Outcome {
    const { columns, delimiter } = this;
    const header = (this.header = trim ? cells.map((c) => c.trim()) : cells);
    const lower = header.map((h) => h.toLowerCase());
    const find = (name: string): number => lower.indexOf(name.toLowerCase());
    const required = [...columns.numeric, ...(columns.text ?? [])];
    const missing = required.filter((c) => find(c) < 0);
    if (missing.length) {
      const found = cut(header.join(', ')) || t('none');
      // Price data (open, high, low, close) for a model of computed features: the recipe makes them.
      const prices = ['open', 'high', 'low', 'close'].every((c) => lower.includes(c)) && !missing.some((m) => /^(open|high|low|close|volume)$/i.test(m));
      throw new CsvError((missing.length > 1
        ? t('missing columns {0}; found {1} (separator \'{2}\')', missing.join(', '), found, delimiter)
        : t('missing column {0}; found {1} (separator \'{2}\')', missing[0], found, delimiter)) + (prices ? t('. These are prices: --recipe ohlcv-22 computes the model\'s features from open, high, low, close and volume.') : ''));
    }
    const index = (this.index = { numeric: columns.numeric.map(find), text: (columns.text ?? []).map(find), optional: (columns.optional ?? []).map(find) });
    if (this.reuse) this.reused = { line: 0, numbers: new Float64Array(index.numeric.length), text: index.text.map(() => ''), optional: index.optional.map(() => '') };
    this.summary.present = (columns.optional ?? []).filter((_, k) => index.optional[k] >= 0);
    return this.onHeader?.(this.summary.present);
  }

  private skip(line: number, column: number, cell: string): void {
    const summary = this.summary;
    summary.skippedCount++;
    if (summary.skipped.length < 100) {
      const name = this.header[column];
      summary.skipped.push({ line, reason: cell === '' ? t('column {0}: empty cell', name) : t('column {0}: not a number: {1}', name, JSON.stringify(cell.slice(0, 40))) });
    }
  }

  /** One record as split (cells trimmed here when `trim`): the header, then data. */
  record(cells: string[], line: number, trim: boolean): Outcome {
    const index = this.index;
    if (!index) return this.readHeader(cells, trim);
    this.summary.read++;
    const numeric = index.numeric;
    const reused = this.reused;
    const numbers = reused ? reused.numbers : new Float64Array(numeric.length);
    for (let k = 0; k < numeric.length; k++) {
      const raw = cells[numeric[k]] ?? '';
      const cell = trim ? raw.trim() : raw;
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) return this.skip(line, numeric[k], cell);
      numbers[k] = v;
    }
    const cell = (i: number): string => (i >= 0 ? (trim ? detach((cells[i] ?? '').trim()) : cells[i] ?? '') : '');
    if (!reused) return this.onRow({ line, numbers, text: index.text.map(cell), optional: index.optional.map(cell) });
    reused.line = line;
    for (let k = 0; k < index.text.length; k++) reused.text[k] = cell(index.text[k]);
    for (let k = 0; k < index.optional.length; k++) reused.optional[k] = cell(index.optional[k]);
    return this.onRow(reused);
  }

  /** A data record of the fast path, from `start` to `end` of its block (the same cells, numbers and messages as record() with trim). */
  recordAt(text: string, start: number, end: number, line: number): Outcome {
    const ix = this.index!;
    const cells = this.cells;
    cells.split(text, start, end, this.delimiter);
    this.summary.read++;
    const numeric = ix.numeric;
    const reused = this.reused;
    const numbers = reused ? reused.numbers : new Float64Array(numeric.length);
    for (let k = 0; k < numeric.length; k++) {
      const col = numeric[k];
      const { value, own } = cells.number(text, col);
      if (!Number.isFinite(value)) return this.skip(line, col, cells.raw(text, col, own));
      numbers[k] = value;
    }
    if (reused) {
      reused.line = line;
      for (let k = 0; k < ix.text.length; k++) reused.text[k] = ix.text[k] >= 0 ? cells.text(text, ix.text[k]) : '';
      for (let k = 0; k < ix.optional.length; k++) reused.optional[k] = ix.optional[k] >= 0 ? cells.text(text, ix.optional[k]) : '';
      return this.onRow(reused);
    }
    const cell = (i: number): string => (i >= 0 ? cells.text(text, i) : '');
    return this.onRow({ line, numbers, text: ix.text.map(cell), optional: ix.optional.map(cell) });
  }
}

/**
 * The quote-free fast path: whole lines of a block, split and counted here. `undefined` when the
 * block was read; else the text (carry included) from which csv-parse must take over (a quote, or
 * no line break in a long run).
 */
class QuoteFreeLines {
  /** Lines read so far, empty ones included: csv-parse's line numbers are offset by them. */
  lines = 0;
  private carry = '';
  private first = true;

  constructor(private readonly records: Records) {}

  async feed(text: string, final: boolean): Promise<string | undefined> {
    if (this.first) {
      text = text.replace(/^\uFEFF/, '');
      this.first = false;
    }
    text = this.carry + text;
    const end = final ? text.length : text.lastIndexOf('\n');
    if (end < 0 && text.length <= MAX_CARRY) {
      this.carry = text;
      return undefined;
    }
    // A quote anywhere, or no line break in a long run: csv-parse takes over from here.
    if (end < 0 || text.indexOf('"') >= 0) {
      this.carry = '';
      return text;
    }
    this.carry = final ? '' : text.slice(end + 1);
    // Every line up to the last line break (to the end when final), each counted, empty ones too.
    const limit = final ? text.length : end + 1;
    const records = this.records;
    let start = 0;
    while (start < limit) {
      let stop = text.indexOf('\n', start);
      if (stop < 0) stop = text.length;
      this.lines++;
      const lineEnd = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
      // Empty and blank lines are skipped, as csv-parse skips them (skip_empty_lines with trim).
      if (lineEnd > start && (text.charCodeAt(start) > 32 || text.slice(start, lineEnd).trim() !== '')) {
        const done = records.headed ? records.recordAt(text, start, lineEnd, this.lines) : records.record(text.slice(start, lineEnd).split(records.summary.delimiter), this.lines, true);
        if (done) await done;
      }
      start = stop + 1;
    }
    return undefined;
  }
}

/**
 * csv-parse, once a quote is met. Records are taken as csv-parse reads them (on_record,
 * synchronously inside write()) and handled after each chunk: no promise per record, and at most
 * one chunk's records held at once. `base`: the lines read before it took over.
 */
class QuotedRecords {
  private readonly parser: ReturnType<typeof parse>;
  private pending: { record: string[]; line: number }[] = [];
  private failure: Error | undefined;

  constructor(
    private readonly records: Records,
    private readonly base: number,
  ) {
    this.parser = parse({
      delimiter: records.summary.delimiter, relax_column_count: true, skip_empty_lines: true, trim: true,
      // A record is at most MAX_CARRY characters: a 1 GB line is an error, not a 1 GB string.
      max_record_size: MAX_CARRY,
      // Not skip_records_with_error: after a stray quote csv-parse's recovery swallows the rest of the
      // file as skipped; stopping with the line is the clearer outcome.
      on_record: (r: string[], context: { lines: number }) => {
        this.pending.push({ record: r, line: base + context.lines });
        return null;
      },
    });
    this.parser.on('error', (error: Error) => (this.failure ??= error));
    this.parser.resume();
  }

  async feed(text: string): Promise<void> {
    this.parser.write(text);
    await this.handle();
  }

  async end(): Promise<void> {
    await new Promise<void>((resolve) => this.parser.end(() => resolve()));
    await this.handle();
  }

  destroy(): void {
    this.parser.destroy();
  }

  private async handle(): Promise<void> {
    if (this.failure) {
      const err = this.failure as Error & { lines?: number };
      throw new CsvError(err.lines ? t('unreadable CSV at line {0}: {1}', err.lines + this.base, cut(err.message)) : t('unreadable CSV: {0}', cut(err.message)));
    }
    const records = this.pending;
    this.pending = [];
    for (const { record: cells, line } of records) {
      const done = this.records.record(cells, line, false);
      if (done) await done;
    }
  }
}

/** Up to the first line break (bounded: 1 MiB) of a stream, to choose the separator: the text and the chunks read. */
async function peekHead(iterator: AsyncIterator<unknown>): Promise<{ head: string; chunks: Buffer[] }> {
  let head = '';
  const chunks: Buffer[] = [];
  while (!head.includes('\n') && head.length < 1 << 20) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value));
    chunks.push(chunk);
    head += chunk.toString('utf8');
  }
  return { head: head.replace(/^\uFEFF/, ''), chunks };
}

/**
 * Reads `source`, calling `onHeader` with the optional columns found, then `onRow` per record whose
 * cells all parse; returns what was read and skipped. With `reuse`, every record is the same row
 * object, overwritten: `onRow` copies what it keeps (no object and arrays per record to collect).
 */
export async function readCsv(
  source: Readable, columns: CsvColumns, onRow: (row: CsvRow) => void | Promise<void>, onHeader?: (present: string[]) => void | Promise<void>,
  options: { reuse?: boolean } = {},
): Promise<CsvSummary> {
  const iterator = source[Symbol.asyncIterator]();
  const { head, chunks } = await peekHead(iterator);
  if (head.trim() === '') throw new CsvError(t('the file is empty: expected a header line with the columns {0}', [...columns.numeric, ...(columns.text ?? [])].join(', ')));
  const delimiter = detectDelimiter(head.split(/\r?\n/)[0]);
  const summary: CsvSummary = { delimiter, read: 0, skipped: [], skippedCount: 0, present: [] };
  const records = new Records(columns, delimiter, summary, options.reuse ?? false, onRow, onHeader);
  const lines = new QuoteFreeLines(records);
  let quoted: QuotedRecords | undefined;
  const decoder = new StringDecoder('utf8');
  // A chunk of ASCII bytes is the same text read as Latin-1, which is decoded several times faster;
  // from the first chunk that is not ASCII on, the UTF-8 decoder (it may hold a character cut in two).
  let utf8 = false;
  const decode = (chunk: Buffer): string => {
    if (!utf8 && isAscii(chunk)) return chunk.toString('latin1');
    utf8 = true;
    return decoder.write(chunk);
  };
  const feed = async (text: string, final: boolean) => {
    if (!quoted) {
      const rest = await lines.feed(text, final);
      if (rest === undefined) return;
      quoted = new QuotedRecords(records, lines.lines);
      text = rest;
    }
    await quoted.feed(text);
  };
  // A read is decoded 64 KiB at a time: a string of a whole 1 MiB read is a large object, which
  // outlived young collections and filled the old generation (a third of the run thread's
  // collections); a slice's string dies young.
  const feedBytes = async (chunk: Buffer) => {
    for (let at = 0; at < chunk.length; at += DECODED) await feed(decode(chunk.subarray(at, at + DECODED)), false);
  };
  try {
    for (const c of chunks) await feedBytes(c);
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) {
      await feedBytes(Buffer.isBuffer(n.value) ? n.value : Buffer.from(String(n.value)));
    }
    await feed(decoder.end(), true);
    if (quoted) await quoted.end();
  } catch (e) {
    quoted?.destroy();
    source.destroy();
    throw e;
  }
  if (!records.headed) throw new CsvError(t('the file is empty'));
  return summary;
}
