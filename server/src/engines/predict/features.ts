/**
 * Feature rows from a CSV, streamed (issue #17): the `ohlcv-22` recipe per ticker, or the model's
 * feature columns by name. Rows come out in input order with their key columns (Date, Ticker) and,
 * when known, their target; a recipe row waits only for its ticker's next row (its target), so the
 * rows held at once are at most one per ticker. Warm-up rows (a feature not yet defined) are counted
 * and summarised per ticker; a row whose features are undefined afterwards is skipped with the
 * feature named.
 */
import { promises as fs } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { SkippedRow } from '../../protocol/predict';
import { OHLCV22_FEATURES, Ohlcv22Stream } from '../../predict/ohlcv22';
import { t } from '../../l10n/t';
import { shardOfKey } from '../core/inputs';
import { errorMessage } from '../core/job';
import { CsvError, readCsv, type CsvSummary } from './csv';

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

const MAX_LISTED = 100;
const SLAB_ROWS = 1024;
/** Rows of a ticker before every ohlcv-22 feature can be defined (SMA_50). */
const WARM_UP = 49;

interface Pending { row: FeatureRow; done: boolean }

/**
 * Reads `file`, calling `onRow` for each row with defined features (awaited: back-pressure).
 * Throws a CsvError when the file cannot be read as a whole (empty, missing columns).
 */
export async function readFeatureRows(
  file: string, source: FeatureSource, onRow: (row: FeatureRow) => void | Promise<void>,
  hooks: {
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
  } = {},
): Promise<FeatureSummary> {
  const signal = hooks.signal;
  const recipe = source.recipe === 'ohlcv-22';
  const columns = recipe
    ? { numeric: ['Open', 'High', 'Low', 'Close', 'Volume'], text: ['Date'], optional: ['Ticker'] }
    : { numeric: [...source.features], optional: ['Date', 'Ticker', 'Target', 'y_true'] };
  const skipped: SkippedRow[] = [];
  let undefinedRows = 0;
  const skip = (line: number, reason: string) => {
    undefinedRows++;
    if (skipped.length < MAX_LISTED) skipped.push({ line, reason });
  };
  const tickers = new Map<string, { stream: Ohlcv22Stream; rows: number; last?: Pending; warmUp?: SkippedRow }>();
  const queue: Pending[] = [];
  let head = 0;
  // Synchronous until onRow answers a promise (its back-pressure): a promise per row was a tenth of
  // a 1M-row run's time in allocations and microtask turns.
  const flush = (): void | Promise<void> => {
    while (head < queue.length && queue[head].done) {
      const done = onRow(queue[head++].row);
      if (done) return done.then(flush);
    }
    // Drop what was handed over once it is most of the queue (amortised linear).
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  };
  // Each row's features are cut from a slab of SLAB_ROWS rows: a Float64Array of 22 has a backing
  // store of its own outside the heap, and one per row (a million mallocs, freed only by the GC)
  // was a fifth of a 1M-row run's peak memory. A slab lives as long as its last row.
  let slab = new Float64Array(0);
  let used = 0;
  const nextFeatures = (): Float64Array => {
    if (used === slab.length) {
      slab = new Float64Array(SLAB_ROWS * OHLCV22_FEATURES.length);
      used = 0;
    }
    return slab.subarray(used, (used += OHLCV22_FEATURES.length));
  };
  const shard = hooks.shard;
  let byTicker = false;
  let dataRow = -1;
  let elsewhere = 0;
  const labelIndex = new Map((source.labels ?? []).map((name, i) => [name, i]));
  // Opened before reading, so that a missing file is named as such (not as an unreadable CSV).
  const handle = await fs.open(file, 'r').catch((error: unknown) => {
    throw new CsvError(errorMessage(error));
  });
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new CsvError(t('{0} is not a file', file));
  }
  const csv = await readCsv(handle.createReadStream(), columns, (r) => {
    if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
    dataRow++;
    if (shard && (byTicker ? shardOfKey(r.optional[recipe ? 0 : 1], shard.count) : dataRow % shard.count) !== shard.index) {
      elsewhere++;
      return;
    }
    if (!recipe) {
      const [date, ticker, target, yTrue] = r.optional;
      const targetText = target || yTrue;
      const numeric = Number(targetText);
      const index = labelIndex.get(targetText) ?? (targetText !== '' && Number.isInteger(numeric) && numeric >= 0 && numeric < labelIndex.size ? numeric : NaN);
      return onRow({ line: r.line, date, ticker, close: NaN, features: r.numbers, target: index, targetText });
    }
    const [open, high, low, close, volume] = r.numbers;
    const ticker = r.optional[0];
    let state = tickers.get(ticker);
    if (!state) tickers.set(ticker, (state = { stream: new Ohlcv22Stream(), rows: 0 }));
    const features = nextFeatures();
    const t0 = hooks.timing ? performance.now() : 0;
    const defined = state.stream.push(open, high, low, close, volume, features);
    if (hooks.timing) hooks.timing.features += performance.now() - t0;
    state.rows++;
    if (state.last) {
      state.last.row.target = close > state.last.row.close ? 1 : 0;
      state.last.done = true;
      state.last = undefined;
    }
    if (defined) {
      const pending: Pending = { row: { line: r.line, date: r.text[0], ticker, close, features, target: NaN, targetText: '' }, done: false };
      queue.push(pending);
      state.last = pending;
    } else if (state.rows <= WARM_UP) {
      undefinedRows++;
      if (!state.warmUp && skipped.length < MAX_LISTED) skipped.push((state.warmUp = { line: r.line, reason: '' }));
      if (state.warmUp) state.warmUp.reason = warmUpReason(ticker, state.rows);
    } else {
      const k = features.findIndex((v) => !Number.isFinite(v));
      skip(r.line, t('feature {0} is undefined on this row (a zero or repeated price)', OHLCV22_FEATURES[k]));
    }
    return flush();
  }, (present) => {
    byTicker = present.includes('Ticker');
    if (shard && recipe && !byTicker) throw new ShardError(t('ARCHIPEL_SHARD cannot split {0}: without a Ticker column it is one ohlcv-22 series, whose rolling windows need every earlier row', file));
    return hooks.onKeys?.(keysOf(recipe, present));
  });
  for (let i = head; i < queue.length; i++) queue[i].done = true;
  await flush();
  const merged = [...csv.skipped, ...skipped].sort((a, b) => a.line - b.line).slice(0, MAX_LISTED);
  return {
    csv: { ...csv, read: csv.read - elsewhere },
    skippedCount: csv.skippedCount + undefinedRows,
    skipped: merged,
    keys: keysOf(recipe, csv.present),
  };
}

function keysOf(recipe: boolean, present: string[]): FeatureSummary['keys'] {
  return recipe
    ? { date: true, ticker: present.includes('Ticker'), target: true }
    : { date: present.includes('Date'), ticker: present.includes('Ticker'), target: present.includes('Target') || present.includes('y_true') };
}

function warmUpReason(ticker: string, rows: number): string {
  return ticker
    ? t('warm-up of ticker {0}: {1} rows before every ohlcv-22 feature is defined (SMA_50 needs 50 rows)', ticker, rows)
    : t('warm-up: {0} rows before every ohlcv-22 feature is defined (SMA_50 needs 50 rows)', rows);
}
