/**
 * Feature rows from a CSV, streamed (issue #17): the `ohlcv-22` recipe per ticker, or the model's
 * feature columns by name. Rows come out in input order with their key columns (Date, Ticker) and,
 * when known, their target; a recipe row waits only for its ticker's next row (its target). Rows
 * are held while the first of them waits: a few per ticker when tickers are interleaved by date,
 * but a whole ticker's worth when a file is grouped by ticker (the last row of the first ticker
 * waits for a next row that never comes). Past MAX_PENDING rows held, the reading stops
 * (PendingOverflow) and `withTickerEnds` starts it again knowing each ticker's row count, so that
 * a ticker's last row goes out at once: memory stays bounded by the tickers, not the rows.
 * Each ticker's rows must come in date order, a date once: the first offence is refused with its
 * lines (OrderError), never computed in file order. Warm-up rows (a feature not yet defined) are
 * counted and summarised per ticker; a row whose features are undefined afterwards is skipped with
 * the feature named.
 */
import { performance } from 'node:perf_hooks';
import type { SkippedRow } from '../../protocol/predict';
import { OHLCV22_FEATURES, Ohlcv22Stream } from '../../predict/ohlcv22';
import { t } from '../../l10n/t';
import { shardOfKey } from '../core/inputs';
import { errorMessage } from '../core/job';
import { CsvError, cut, readCsv, type CsvSummary } from './csv';
import { WorkspaceReadError, openRegularFile } from '../../disk/readText';
import { byCodeUnit } from '../../common/order';

export type Recipe = 'ohlcv-22';

export interface FeatureRow {
  /** 1-based line in the CSV. */
  line: number;
  date: string;
  ticker: string;
  /** Close (recipe only; NaN otherwise): the dashboard's price series. */
  close: number;
  features: Float64Array;
  /** Class index of the target (recipe: 1 when the next close is higher), NaN when unknown. */
  target: number;
  /** The target cell as written (columns mode), '' when none. */
  targetText: string;
}

export interface FeatureSource {
  /** The recipe, or the model's features read from the CSV by name. */
  recipe?: Recipe;
  /** Feature names (columns mode; with a recipe, OHLCV22_FEATURES). */
  features: readonly string[];
  /** Class names, to read a target column's names (columns mode). */
  labels?: readonly string[];
}

export interface FeatureSummary {
  csv: CsvSummary;
  /** Rows skipped: the CSV's and those with an undefined feature. */
  skippedCount: number;
  skipped: SkippedRow[];
  /** Which key columns the file has. */
  keys: { date: boolean; ticker: boolean; target: boolean };
}

/** A run that cannot be split over pods as asked (ARCHIPEL_SHARD on one ohlcv-22 series). */
export class ShardError extends Error {
  override readonly name = 'ShardError';
}

/** Rows of a ticker out of date order, or a date repeated: the recipe's windows would be computed in file order. */
export class OrderError extends Error {
  override readonly name = 'OrderError';
}

/** Internal: too many rows wait for a ticker's next row (see withTickerEnds). */
export class PendingOverflow extends Error {
  override readonly name = 'PendingOverflow';
}

/** Rows held waiting for a ticker's next row before the reading starts again knowing each ticker's end. */
export const MAX_PENDING = 1 << 16;

/** Bytes per read of the input: 1 MiB (64 KiB, the stream's default, was 16 times the reads and decodes). */
const READ_CHUNK = 1 << 20;

const MAX_LISTED = 100;
/** Longest value quoted whole in a message. */
const MAX_SHOWN = 60;

/** A cell as a message shows it: cut past MAX_SHOWN characters, with its length said. */
export function shown(value: string): string {
  return value.length <= MAX_SHOWN ? JSON.stringify(value) : t('{0}… ({1} characters)', JSON.stringify(value.slice(0, MAX_SHOWN)).slice(0, -1), value.length);
}

const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9];
/** Whether `s` starts with an ISO date (YYYY-MM-DD), without a regular expression: it runs on every row. */
function isoDate(s: string): boolean {
  if (s.length < 10 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return false;
  for (let i = 0; i < DIGITS_AT.length; i++) {
    const c = s.charCodeAt(DIGITS_AT[i]);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** < 0, 0, > 0 as date `a` is before, the same as or after `b`; NaN when either is not a date. */
export function compareDates(a: string, b: string): number {
  if (isoDate(a) && isoDate(b)) return byCodeUnit(a, b);
  return Date.parse(a) - Date.parse(b);
}
/** Rows of a ticker before every ohlcv-22 feature can be defined (SMA_50). */
const WARM_UP = 49;

/**
 * Rows with their features, as columns: row `slot`'s values are `line[slot]`, `date[slot]` …, its
 * features `features[slot * width …]`. A handler reads a row during its call only: the slot is
 * used again by a later row.
 */
export interface FeatureBlock {
  /** Features per row. */
  readonly width: number;
  readonly line: Float64Array;
  readonly date: string[];
  readonly ticker: string[];
  /** Close (recipe only; NaN otherwise): the dashboard's price series. */
  readonly close: Float64Array;
  readonly features: Float64Array;
  /** Class index of the target (recipe: 1 when the next close is higher), NaN when unknown. */
  readonly target: Float64Array;
  /** The target cell as written (columns mode), '' when none. */
  readonly targetText: string[];
}

/**
 * The rows waiting for their target, in input order, as columns in a ring (no object per row: the
 * rows of two batches held as objects were a quarter of a 1M-row run in garbage collection). A row
 * is known by its sequence number; its slot is that number modulo the capacity, which doubles
 * (keeping every row's slot) when the ring is full.
 */
class Ring implements FeatureBlock {
  line = new Float64Array(0);
  date: string[] = [];
  ticker: string[] = [];
  close = new Float64Array(0);
  features = new Float64Array(0);
  target = new Float64Array(0);
  targetText: string[] = [];
  done = new Uint8Array(0);
  private mask = -1;
  /** The next row to hand over, and the next sequence number. */
  head = 0;
  tail = 0;

  constructor(readonly width: number) {
    this.grow(64);
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** A new row's slot at the tail (its sequence number is tail − 1 afterwards). */
  add(): number {
    if (this.tail - this.head > this.mask) this.grow(2 * (this.mask + 1));
    return this.tail++ & this.mask;
  }

  slot(seq: number): number {
    return seq & this.mask;
  }

  private grow(capacity: number): void {
    const old = { line: this.line, date: this.date, ticker: this.ticker, close: this.close, features: this.features, target: this.target, targetText: this.targetText, done: this.done, mask: this.mask };
    const w = this.width;
    this.line = new Float64Array(capacity);
    this.date = new Array<string>(capacity).fill('');
    this.ticker = new Array<string>(capacity).fill('');
    this.close = new Float64Array(capacity);
    this.features = new Float64Array(capacity * w);
    this.target = new Float64Array(capacity);
    this.targetText = new Array<string>(capacity).fill('');
    this.done = new Uint8Array(capacity);
    this.mask = capacity - 1;
    for (let seq = this.head; seq < this.tail; seq++) {
      const from = seq & old.mask, to = seq & this.mask;
      this.line[to] = old.line[from];
      this.date[to] = old.date[from];
      this.ticker[to] = old.ticker[from];
      this.close[to] = old.close[from];
      this.features.set(old.features.subarray(from * w, from * w + w), to * w);
      this.target[to] = old.target[from];
      this.targetText[to] = old.targetText[from];
      this.done[to] = old.done[from];
    }
  }
}

interface TickerState { stream: Ohlcv22Stream; rows: number; last: number; warmUp?: SkippedRow; date?: string; iso: boolean; line: number }

/**
 * Reads `file`, calling `onRow` for each row with defined features (awaited: back-pressure).
 * Throws a CsvError when the file cannot be read as a whole (empty, missing columns).
 */
export async function readFeatureRows(
  file: string, source: FeatureSource, onRow: (row: FeatureRow) => void | Promise<void>, hooks: FeatureHooks = {},
): Promise<FeatureSummary> {
  return readFeatureBlock(file, source, (b, s) => {
    const w = b.width;
    return onRow({ line: b.line[s], date: b.date[s], ticker: b.ticker[s], close: b.close[s], features: b.features.slice(s * w, s * w + w), target: b.target[s], targetText: b.targetText[s] });
  }, hooks);
}

export interface FeatureHooks {
  signal?: AbortSignal;
  onKeys?: (keys: FeatureSummary['keys']) => void | Promise<void>;
  /** Adds the time spent computing recipe features to `features` (ms). */
  timing?: { features: number };
  /**
   * This pod's slice (ARCHIPEL_SHARD=index/count): each ticker's rows go to the shard of its
   * name's hash, so its history (the recipe's rolling windows) stays whole in one pod; without a
   * Ticker column, data row k goes to shard k mod count (row-wise features only: one recipe
   * series needs every earlier row, and is refused). `read` then counts the slice's rows.
   */
  shard?: { index: number; count: number };
  /** Rows of each ticker in the file (withTickerEnds): a ticker's last row goes out at once, its target unknown. */
  ends?: ReadonlyMap<string, number>;
  /** false: rows go out at once, without their target (`archipel features`, drift's reference). */
  targets?: boolean;
  /** Rows held before PendingOverflow (MAX_PENDING; smaller in tests). */
  maxPending?: number;
  /** The bytes of the file read so far and its data rows, every READ_EVERY rows (a progress line). */
  onRead?: (bytes: number, rows: number) => void;
}

/** Rows between two calls of FeatureHooks.onRead. */
const READ_EVERY = 8192;

/**
 * readFeatureRows without an object per row: `onRow` is given the block and the row's slot, valid
 * during the call only (awaited: back-pressure).
 */
export async function readFeatureBlock(
  file: string, source: FeatureSource, onRow: (block: FeatureBlock, slot: number) => void | Promise<void>, hooks: FeatureHooks = {},
): Promise<FeatureSummary> {
  const signal = hooks.signal;
  const recipe = source.recipe === 'ohlcv-22';
  const columns = columnsOf(source);
  const skipped: SkippedRow[] = [];
  let undefinedRows = 0;
  const skip = (line: number, reason: string) => {
    undefinedRows++;
    if (skipped.length < MAX_LISTED) skipped.push({ line, reason });
  };
  const tickers = new Map<string, TickerState>();
  const ends = hooks.ends;
  const targets = hooks.targets ?? true;
  const maxPending = hooks.maxPending ?? MAX_PENDING;
  const width = recipe ? OHLCV22_FEATURES.length : columns.numeric.length;
  const ring = new Ring(width);
  // Synchronous until onRow answers a promise (its back-pressure): a promise per row was a tenth of
  // a 1M-row run's time in allocations and microtask turns.
  const flush = (): void | Promise<void> => {
    while (ring.head < ring.tail) {
      const slot = ring.slot(ring.head);
      if (!ring.done[slot]) break;
      ring.head++;
      const done = onRow(ring, slot);
      if (done) return done.then(flush);
    }
  };
  // One row's features as the recipe computes them (copied into the ring when defined).
  const scratch = new Float64Array(OHLCV22_FEATURES.length);
  const shard = hooks.shard;
  let byTicker = false;
  let dataRow = -1;
  let elsewhere = 0;
  const labelIndex = new Map((source.labels ?? []).map((name, i) => [name, i]));
  // Opened before reading, so that a missing file is named as such (not as an unreadable CSV).
  const handle = await openRegularFile(file).catch((error: unknown) => {
    throw new CsvError(error instanceof WorkspaceReadError && error.reason === 'not-a-file' ? t('{0} is not a file', file) : errorMessage(error));
  });
  const stream = handle.createReadStream({ highWaterMark: READ_CHUNK });
  const onRead = hooks.onRead;
  const csv = await readCsv(stream, columns, (r) => {
    if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
    dataRow++;
    if (onRead && (dataRow + 1) % READ_EVERY === 0) onRead(stream.bytesRead, dataRow + 1);
    if (shard && (byTicker ? shardOfKey(r.optional[recipe ? 0 : 1], shard.count) : dataRow % shard.count) !== shard.index) {
      elsewhere++;
      return;
    }
    if (!recipe) {
      const [date, ticker, target, yTrue] = r.optional;
      const targetText = target || yTrue;
      const numeric = Number(targetText);
      const index = labelIndex.get(targetText) ?? (targetText !== '' && Number.isInteger(numeric) && numeric >= 0 && numeric < labelIndex.size ? numeric : NaN);
      const slot = ring.add();
      ring.line[slot] = r.line;
      ring.date[slot] = date;
      ring.ticker[slot] = ticker;
      ring.close[slot] = NaN;
      ring.features.set(r.numbers, slot * width);
      ring.target[slot] = index;
      ring.targetText[slot] = targetText;
      ring.done[slot] = 1;
      return flush();
    }
    const numbers = r.numbers;
    const close = numbers[3];
    const ticker = r.optional[0];
    let state = tickers.get(ticker);
    if (!state) tickers.set(ticker, (state = { stream: new Ohlcv22Stream(), rows: 0, last: -1, iso: false, line: 0 }));
    const date = r.text[0];
    const iso = isoDate(date);
    // In order (ISO dates, later than the ticker's previous one): one comparison; anything else is checked in full.
    if (state.date !== undefined && !(iso && state.iso && date > state.date)) checkOrder(ticker, state, date, r.line);
    state.date = date;
    state.iso = iso;
    state.line = r.line;
    // Timed on one row in 16 (two clock reads a row cost a tenth of the computation): an estimate.
    const timed = hooks.timing !== undefined && (dataRow & 15) === 0;
    const t0 = timed ? performance.now() : 0;
    const defined = state.stream.push(numbers[0], numbers[1], numbers[2], close, numbers[4], scratch);
    if (timed) hooks.timing!.features += 16 * (performance.now() - t0);
    state.rows++;
    if (state.last >= 0) {
      const previous = ring.slot(state.last);
      ring.target[previous] = close > ring.close[previous] ? 1 : 0;
      ring.done[previous] = 1;
      state.last = -1;
    }
    if (defined) {
      const last = !targets || (ends !== undefined && state.rows >= (ends.get(ticker) ?? 0));
      // Refused before the ring grows past the bound.
      if (!ends && ring.size >= maxPending) throw new PendingOverflow(t('more than {0} rows wait for their ticker\'s next row', maxPending));
      const slot = ring.add();
      ring.line[slot] = r.line;
      ring.date[slot] = date;
      ring.ticker[slot] = ticker;
      ring.close[slot] = close;
      ring.features.set(scratch, slot * width);
      ring.target[slot] = NaN;
      ring.targetText[slot] = '';
      ring.done[slot] = last ? 1 : 0;
      if (!last) state.last = ring.tail - 1;
    } else if (state.rows <= WARM_UP) {
      undefinedRows++;
      if (!state.warmUp && skipped.length < MAX_LISTED) skipped.push((state.warmUp = { line: r.line, reason: '' }));
      if (state.warmUp) state.warmUp.reason = warmUpReason(ticker, state.rows);
    } else {
      const k = scratch.findIndex((v) => !Number.isFinite(v));
      skip(r.line, t('feature {0} is undefined on this row (a zero or repeated price)', OHLCV22_FEATURES[k]));
    }
    return flush();
  }, (present) => {
    byTicker = present.includes('Ticker');
    if (shard && recipe && !byTicker) throw new ShardError(t('ARCHIPEL_SHARD cannot split {0}: without a Ticker column it is one ohlcv-22 series, whose rolling windows need every earlier row', file));
    return hooks.onKeys?.(keysOf(recipe, present));
  }, { reuse: true });
  for (let seq = ring.head; seq < ring.tail; seq++) ring.done[ring.slot(seq)] = 1;
  await flush();
  const merged = [...csv.skipped, ...skipped].sort((a, b) => a.line - b.line).slice(0, MAX_LISTED);
  return {
    csv: { ...csv, read: csv.read - elsewhere },
    skippedCount: csv.skippedCount + undefinedRows,
    skipped: merged,
    keys: keysOf(recipe, csv.present),
  };
}

/** Refuses a row of `ticker` whose date is not after its previous row's. */
function checkOrder(ticker: string, state: TickerState, date: string, line: number): void {
  const order = compareDates(date, state.date!);
  // In order: nothing more to do (the messages below are built only for a row that is refused).
  if (order > 0) return;
  const whose = ticker ? t('ticker {0}', shown(ticker)) : t('the file');
  const fix = t('the ohlcv-22 recipe computes each ticker\'s rows in date order (sort the file by Ticker, then Date)');
  if (Number.isNaN(order)) throw new OrderError(t('line {0}: {1} is not a date the rows of {2} can be ordered by (expected e.g. 2024-01-31 or 2024-01-31 09:30); {3}', line, shown(date), whose, fix));
  if (order === 0) throw new OrderError(t('{0} has the date {1} twice: lines {2} and {3}; {4}', whose, shown(date), state.line, line, fix));
  if (order < 0) throw new OrderError(t('rows of {0} are not in date order: line {1} ({2}) comes after line {3} ({4}); {5}', whose, line, shown(date), state.line, shown(state.date!), fix));
}

/**
 * Runs `read` (a readFeatureRows consumer); when it stops on PendingOverflow (a file grouped by
 * ticker), counts each ticker's rows in a first pass and runs it again with them. `read` must
 * start afresh each time (its output given up on failure).
 */
export async function withTickerEnds<T>(file: string, source: FeatureSource, read: (ends?: ReadonlyMap<string, number>) => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof PendingOverflow)) throw error;
  }
  return read(await tickerRowCounts(file, source, signal));
}

/** Each ticker's rows that reach the recipe (the CSV's numbers parse), as readFeatureRows counts them. */
async function tickerRowCounts(file: string, source: FeatureSource, signal?: AbortSignal): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const handle = await openRegularFile(file);
  await readCsv(handle.createReadStream({ highWaterMark: READ_CHUNK }), columnsOf(source), (r) => {
    if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
    const ticker = r.optional[0];
    counts.set(ticker, (counts.get(ticker) ?? 0) + 1);
  }, undefined, { reuse: true });
  return counts;
}

function columnsOf(source: FeatureSource): { numeric: string[]; text?: string[]; optional: string[] } {
  return source.recipe === 'ohlcv-22'
    ? { numeric: ['Open', 'High', 'Low', 'Close', 'Volume'], text: ['Date'], optional: ['Ticker'] }
    : { numeric: [...source.features], optional: ['Date', 'Ticker', 'Target', 'y_true'] };
}

function keysOf(recipe: boolean, present: string[]): FeatureSummary['keys'] {
  return recipe
    ? { date: true, ticker: present.includes('Ticker'), target: true }
    : { date: present.includes('Date'), ticker: present.includes('Ticker'), target: present.includes('Target') || present.includes('y_true') };
}

function warmUpReason(ticker: string, rows: number): string {
  return ticker
    ? t('warm-up of ticker {0}: {1} rows before every ohlcv-22 feature is defined (SMA_50 needs 50 rows)', cut(ticker, 60), rows)
    : t('warm-up: {0} rows before every ohlcv-22 feature is defined (SMA_50 needs 50 rows)', rows);
}
