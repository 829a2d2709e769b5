/**
 * A validation run (issue #29): a data file (CSV or Parquet) against an expectation suite, in
 * DuckDB (@duckdb/node-api: multi-threaded CSV and Parquet readers, bounded memory, spills to
 * disk). One shared pass over the file computes every row count and aggregate it can; expectations
 * that need a window (increasing, z-scores) or a grouping (unique, most common value) run their
 * own query; the unexpected rows (with their row numbers) are fetched only for the expectations
 * that have some. The answer is GX's validation result (protocol/validate.ts).
 */
import { DuckDBInstance, quotedString, type DuckDBConnection } from '@duckdb/node-api';
import type {
  ExpectationResultBody, ExpectationValidationResult, ResultFormatName, ValidationResult,
} from '../../protocol/validate';
import { t } from '../../l10n/t';
import { RESULT_FORMATS } from '../../validate/catalogue';
import type { Suite, SuiteExpectation } from '../../validate/suite';
import { ParameterError, resolveParameters } from '../../validate/parameters';
import { DataFileError, openDataFile, type DataFile, type MissingValues } from './dataFile';
import { DEFAULT_LIMITS, overLimit, type ValidateLimits } from './limits';
import { PlanError, plain, planOf, type Columns, type MapPlan, type Plan } from './plans';
import { ident, internalPrefix, numbered, Params, typeKind } from './sql';
import { sortedCounts, totallyOrdered, valueCounts } from './unexpectedCounts';

export class ValidateError extends Error {}

export type { MissingValues } from './dataFile';

export interface ValidateOptions {
  resultFormat?: ResultFormatName;
  signal?: AbortSignal;
  /** Called after each expectation is judged. */
  onProgress?: (done: number, total: number) => void;
  /**
   * The rows the statement running now has read of those it will read (DuckDB's own estimate), every
   * ROWS_EVERY_MS while one runs: each statement reads the data again (a large file), so `rows` starts
   * again from 0 at each. Not given: DuckDB does not track it (`archipel validate` on a terminal only).
   */
  onRows?: (rows: number, total: number) => void;
  /** How the data and the suite are named in the result's meta. */
  dataLabel?: string;
  suiteLabel?: string;
  /** Folders the data file must resolve into (the workspace); undefined when the user named the file on the command line. */
  roots?: readonly string[];
  /** Bounds on the suite and the results (engines/validate/limits.ts); the defaults for what is not given. */
  limits?: Partial<ValidateLimits>;
  /** DuckDB's memory limit in MB (default 256); past it, DuckDB spills to `spillFolder`. */
  memoryMb?: number;
  /** Where DuckDB may spill (a folder inside `.archipel/`, created and removed by DuckDB); none: no spilling. */
  spillFolder?: string;
  /** How a CSV's missing cells are read, whatever the suite says (--missing-values). */
  missingValues?: MissingValues;
  /** ... when neither that nor the suite's meta.missing_values says (archipel.validate.missingValues; default `pandas`, as GX's pandas engine). */
  defaultMissingValues?: MissingValues;
  /** GX's run id (meta.run_id): its name and time (default: none, now). */
  runName?: string | null;
  runTime?: Date;
  /** Suite parameters (--param, a params file) over the suite's own (meta.suite_parameters). */
  parameters?: Record<string, unknown>;
}

/** How often the rows read are asked of DuckDB while a statement runs (ValidateOptions.onRows). */
const ROWS_EVERY_MS = 200;

/** DuckDB's memory limit when none is given (MB). */
const DEFAULT_MEMORY_MB = 256;

/** Files up to this size are read once into a table; larger ones are read by each query (a compressed file: its compressed size). */
const SMALL_FILE_BYTES = 32 << 20;
const SMALL_GZIP_BYTES = 2 << 20;

/**
 * Aggregates per statement of the shared pass: of a large file (read by each statement), so that a
 * suite of usual size is one pass over it; of a small one (read once into a table), fewer. DuckDB's
 * working memory of a statement grows with its width (each aggregate's vectors, per thread), and the
 * native heap keeps what it once held: at 512, a suite of 20,000 expectations on a small file peaked
 * 100–120 MB higher than at 128 (#37), for a pass a few seconds shorter.
 */
const PASS_AGGREGATES = 512;
const PASS_AGGREGATES_TABLE = 128;
/** Subqueries per statement of the shared pass: DuckDB's cost grows faster than their number (plans.ts, setOf). */
const PASS_SUBQUERIES = 8;

interface FormatOptions {
  name: ResultFormatName;
  partial: number;
}

function formatOfExpectation(expectation: SuiteExpectation, fallback: ResultFormatName): FormatOptions {
  const own = expectation.kwargs.result_format;
  if (typeof own === 'string' && (RESULT_FORMATS as readonly string[]).includes(own)) return { name: own as ResultFormatName, partial: 20 };
  if (own && typeof own === 'object') {
    const o = own as { result_format?: unknown; partial_unexpected_count?: unknown };
    const name = typeof o.result_format === 'string' && (RESULT_FORMATS as readonly string[]).includes(o.result_format) ? o.result_format as ResultFormatName : fallback;
    return { name, partial: typeof o.partial_unexpected_count === 'number' ? Math.max(0, Math.floor(o.partial_unexpected_count)) : 20 };
  }
  return { name: fallback, partial: 20 };
}

type Row = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v ?? 0));
const pct = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** GX's `_mostly_success`: the share of expected values among the considered ones reaches `mostly` (vacuously true when none is considered). */
export function mostlySuccess(considered: number, unexpected: number, mostly: unknown): boolean {
  if (considered === 0) return true;
  const threshold = typeof mostly === 'number' ? mostly : 1;
  return (considered - unexpected) / considered >= threshold - 1e-12;
}

/** Runs the validation's statements: the data is the view `__source`, every value a bound parameter. */
class Runner {
  readonly source = '__source';
  /** The prefix of the columns Archipel adds (Columns.internal), once the data's columns are known. */
  internal = '__';
  /** Unexpected values the run may still keep in COMPLETE lists (ValidateLimits.unexpectedTotal). */
  keptLeft: number;
  /** Aggregates per statement of the shared pass (PASS_AGGREGATES, PASS_AGGREGATES_TABLE). */
  passWidth = PASS_AGGREGATES;
  constructor(private readonly connection: DuckDBConnection, readonly params: Params, readonly limits: ValidateLimits) {
    this.keptLeft = limits.unexpectedTotal;
  }

  async rows(sql: string): Promise<Row[]> {
    const { values, types } = this.params.bindingsOf(sql);
    const reader = await this.connection.runAndReadAll(sql, values, types);
    return reader.getRowObjectsJS();
  }
}

/**
 * Locks the connection down before any statement derived from the suite or the data runs: no file
 * but the data file (and the spill folder) can be read or written, no extension loaded or
 * installed, bounded memory; then the configuration is locked, so that no later statement can
 * change any of it.
 */
async function lockDown(connection: DuckDBConnection, dataPath: string, memoryMb: number, spillFolder: string | undefined, progress = false): Promise<void> {
  const statements = [
    // DuckDB's progress, read by the caller (connection.progress), never printed by DuckDB itself (its bar would go to stdout).
    ...(progress ? ['SET enable_progress_bar = true', 'SET enable_progress_bar_print = false', 'SET progress_bar_time = 0'] : []),
    `SET memory_limit = '${Math.max(16, Math.floor(memoryMb))}MB'`,
    `SET temp_directory = ${quotedString(spillFolder ?? '')}`,
    // Unexpected rows are read in file order without sorting them (mapResult).
    'SET preserve_insertion_order = true',
    ...(spillFolder ? [`SET allowed_directories = [${quotedString(spillFolder + '/')}]`] : []),
    `SET allowed_paths = [${quotedString(dataPath)}]`,
    'SET enable_external_access = false',
    'SET autoload_known_extensions = false',
    'SET autoinstall_known_extensions = false',
    'SET allow_community_extensions = false',
    'SET lock_configuration = true',
  ];
  for (const statement of statements) await connection.run(statement);
}

function expectationConfig(expectation: SuiteExpectation): ExpectationValidationResult['expectation_config'] {
  return { expectation_type: expectation.type, kwargs: expectation.kwargs, meta: (expectation.meta && typeof expectation.meta === 'object' ? expectation.meta : {}) as Record<string, unknown> };
}

function exceptionResult(expectation: SuiteExpectation, text: string): ExpectationValidationResult {
  return { success: false, expectation_config: expectationConfig(expectation), result: {}, exception_info: { raised_exception: true, exception_message: text, exception_traceback: null }, meta: {} };
}

function okResult(expectation: SuiteExpectation, success: boolean, result: ExpectationResultBody): ExpectationValidationResult {
  return { success, expectation_config: expectationConfig(expectation), result, exception_info: { raised_exception: false, exception_message: null, exception_traceback: null }, meta: {} };
}

/**
 * The shared pass's aggregates of each plan (map plans without window or grouping: their two counts),
 * each as plain as DuckDB counts fastest (#84): `count(x)` rather than `count(*) FILTER (WHERE x IS NOT
 * NULL)`, `count(*)` for every row. `fold`: the plan's unexpected values, up to that many (the smallest),
 * as one more aggregate (foldOf).
 */
function passAggregates(plan: Plan, fold?: number): string[] {
  if (plan.kind === 'aggregate') return plan.aggregates;
  if (plan.kind === 'map') {
    const nonNull = plan.considered === `${plan.value} IS NOT NULL`;
    const counts = [plan.considered === 'TRUE' ? 'count(*)' : nonNull ? `count(${plan.value})` : `count(*) FILTER (WHERE ${plan.considered})`];
    if (!plan.window && !plan.duplicatesOf) {
      // not_be_null: the rows less the values.
      counts.push(plan.considered === 'TRUE' && plan.expected === `${plan.value} IS NOT NULL` ? `count(*) - count(${plan.value})` : `count(*) FILTER (WHERE ${plan.considered} AND NOT coalesce(${plan.expected}, FALSE))`);
    }
    // As many distinct keys as rows: no duplicate, and no grouping query to run.
    if (plan.duplicatesOf) counts.push(`count(DISTINCT ${plan.duplicatesOf.length === 1 ? plan.duplicatesOf[0] : `row(${plan.duplicatesOf.join(', ')})`}) FILTER (WHERE ${plan.considered})`);
    if (fold !== undefined) counts.push(`min(${plan.value}, ${fold}) FILTER (WHERE ${plan.considered} AND NOT coalesce(${plan.expected}, FALSE))`);
    return counts;
  }
  return [];
}

/**
 * Unexpected values a folded aggregate keeps at most, and folded plans per run: what the folds hold,
 * in DuckDB (per thread) and here until the results are made, is bounded by FOLD_VALUES × FOLDS_PER_RUN
 * fixed-width values (a few MB), whatever the rows that fail (validate-bounds: 200 M of them) and the
 * suite's size (20,000 expectations: the first FOLDS_PER_RUN foldable plans, the others count as before).
 */
const FOLD_VALUES = 10_000;
const FOLDS_PER_RUN = 16;

/** The column types whose values have a fixed width (min(x, n) keeps n of them in bounded memory). */
const FIXED_WIDTH = new Set(['integer', 'float', 'datetime', 'date']);

/**
 * How many unexpected values the shared pass keeps for a map plan (undefined: none): SUMMARY counts
 * its unexpected values (partial_unexpected_counts) from them when they are all of them, instead of a
 * grouping read of the whole file of its own (#84: 16 % of the CPU at 21 M rows). Only a plain column
 * of fixed-width values, outside a window or a grouping, is folded: a text value is not bounded in size.
 */
function foldOf(plan: Plan | PlanError, format: FormatOptions, columns: Columns, limits: ValidateLimits): number | undefined {
  if (plan instanceof PlanError || plan.kind !== 'map' || format.name !== 'SUMMARY' || plan.window || plan.duplicatesOf || plan.nullsCounted) return undefined;
  const column = columns.names.find((n) => ident(n) === plan.value);
  if (column === undefined || !FIXED_WIDTH.has(typeKind(columns.types.get(column) ?? ''))) return undefined;
  const values = Math.min(limits.unexpected, FOLD_VALUES);
  return values > format.partial ? values : undefined;
}

/** The relation a map plan's rows are read from, and the condition of its unexpected rows. */
function unexpectedRows(plan: MapPlan, internal: string, source = '__source'): { relation: string; where: string } {
  const base = numbered(source, internal);
  const relation = plan.window ? `(SELECT *, ${plan.window} FROM ${base})` : base;
  if (plan.duplicatesOf) {
    const keys = plan.duplicatesOf;
    const repeated = `SELECT ${keys.map((k, i) => `${k} AS ${internal}k${i}`).join(', ')} FROM ${source} WHERE ${plan.considered} GROUP BY ALL HAVING count(*) > 1`;
    return { relation, where: `${plan.considered} AND EXISTS (SELECT 1 FROM (${repeated}) AS ${internal}d WHERE ${keys.map((k, i) => `${internal}d.${internal}k${i} IS NOT DISTINCT FROM ${k}`).join(' AND ')})` };
  }
  return { relation, where: `${plan.considered} AND NOT coalesce(${plan.expected}, FALSE)` };
}

async function unexpectedCount(runner: Runner, plan: MapPlan): Promise<number> {
  if (plan.duplicatesOf) {
    const keys = plan.duplicatesOf.join(', ');
    const [row] = await runner.rows(`SELECT coalesce(sum(n), 0) AS n FROM (SELECT count(*) AS n FROM __source WHERE ${plan.considered} GROUP BY ${keys} HAVING count(*) > 1)`);
    return num(row.n);
  }
  const { relation, where } = unexpectedRows(plan, runner.internal, runner.source);
  const [row] = await runner.rows(`SELECT count(*) AS n FROM ${relation} WHERE ${where}`);
  return num(row.n);
}

/** `folded`: the smallest unexpected values the shared pass kept (foldOf), when it kept some. */
async function mapResult(runner: Runner, plan: MapPlan, expectation: SuiteExpectation, format: FormatOptions, elements: number, considered: number, unexpected: number, folded?: readonly unknown[]): Promise<ExpectationValidationResult> {
  const success = mostlySuccess(considered, unexpected, expectation.kwargs.mostly);
  if (format.name === 'BOOLEAN_ONLY') return okResult(expectation, success, {});
  const result: ExpectationResultBody = { element_count: elements, unexpected_count: unexpected, unexpected_percent: pct(unexpected, considered), partial_unexpected_list: [] };
  if (!plan.nullsCounted) {
    const missing = elements - considered;
    Object.assign(result, { missing_count: missing, missing_percent: pct(missing, elements), unexpected_percent_total: pct(unexpected, elements), unexpected_percent_nonmissing: pct(unexpected, considered) });
  }
  if (unexpected > 0) {
    const { relation, where } = unexpectedRows(plan, runner.internal, runner.source);
    const summary = format.name === 'SUMMARY' || format.name === 'COMPLETE';
    // When every unexpected row fits under the cap, one read gives the values, their rows and their
    // counts (the counts computed here); otherwise the first rows, then the counts in a second read.
    // Kept values are bounded per expectation and over the run: once the run's budget is spent, an
    // expectation keeps its partial list only (its counts stay exact).
    const cap = Math.min(runner.limits.unexpected, Math.max(format.partial, runner.keptLeft));
    const all = summary && unexpected <= cap;
    // SUMMARY with more unexpected rows than its partial list (#42): the first rows only (the read
    // through the row numbering runs on one thread and stops at the last row kept), and the counts
    // from one grouping read of the file (in parallel; at most `cap` groups), instead of every
    // unexpected row read in file order through the numbering.
    const grouped = format.name === 'SUMMARY' && all && unexpected > format.partial;
    const limit = format.name === 'COMPLETE' || (all && !grouped) ? cap : format.partial;
    // No ORDER BY: rows come in file order (DuckDB preserves insertion order, a setting locked on), so
    // the read stops at the last row kept instead of sorting every unexpected row (200 M of them).
    const rowName = `${runner.internal}row`;
    const rows = await runner.rows(`SELECT ${rowName} AS __row, ${plan.value} AS __value FROM ${relation} WHERE ${where} LIMIT ${Math.max(limit, format.partial)}`);
    const values = rows.map((r) => plain(r.__value));
    const indexes = rows.map((r) => num(r.__row));
    if (format.name === 'COMPLETE') runner.keptLeft -= Math.min(cap, values.length);
    result.partial_unexpected_list = values.slice(0, format.partial);
    if (summary) {
      result.partial_unexpected_index_list = indexes.slice(0, format.partial);
      // Counts need no row numbers: without a window, the file itself (read in parallel) instead of the numbered relation.
      const counted = plan.window ? relation : runner.source;
      const kept = folded !== undefined && folded.length === unexpected ? folded.map(plain) : undefined;
      if (grouped && kept && totallyOrdered(kept)) {
        // Every unexpected value, kept by the shared pass: counted here, without reading the file again.
        result.partial_unexpected_counts = valueCounts(kept, format.partial);
      } else if (grouped) {
        const groups = (await runner.rows(`SELECT ${plan.value} AS __value, count(*) AS n FROM ${counted} WHERE ${where} GROUP BY 1`)).map((r) => ({ value: plain(r.__value), count: num(r.n) }));
        // Counted in another order than the file's, the counts are the same when ties are broken by
        // value alone; else (values of mixed kinds) they are counted from the rows in file order.
        result.partial_unexpected_counts = totallyOrdered(groups.map((g) => g.value))
          ? sortedCounts(groups, format.partial)
          : valueCounts((await runner.rows(`SELECT ${plan.value} AS __value FROM ${relation} WHERE ${where} LIMIT ${cap}`)).map((r) => plain(r.__value)), format.partial);
      } else if (all) {
        result.partial_unexpected_counts = valueCounts(values, format.partial);
      } else {
        const counts = await runner.rows(`SELECT ${plan.value} AS __value, count(*) AS n FROM ${counted} WHERE ${where} GROUP BY 1 ORDER BY n DESC, 1 LIMIT ${format.partial}`);
        result.partial_unexpected_counts = counts.map((r) => ({ value: plain(r.__value), count: num(r.n) }));
      }
    }
    if (format.name === 'COMPLETE') {
      result.unexpected_list = values.slice(0, cap);
      result.unexpected_index_list = indexes.slice(0, cap);
      // The kept list is bounded (--max-unexpected, archipel.validate.maxUnexpected); the counts stay exact.
      result.unexpected_list_truncated = result.unexpected_list.length < unexpected;
    }
  } else if (format.name === 'SUMMARY' || format.name === 'COMPLETE') {
    result.partial_unexpected_index_list = [];
    result.partial_unexpected_counts = [];
    if (format.name === 'COMPLETE') Object.assign(result, { unexpected_list: [], unexpected_index_list: [], unexpected_list_truncated: false });
  }
  return okResult(expectation, success, result);
}

/** The suite's parameters (meta.suite_parameters, GX 0.x's evaluation_parameters) under the run's (--param, a params file). */
export function suiteParameters(suite: Suite, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const own = (key: string): Record<string, unknown> => {
    const value = suite.meta?.[key];
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
  };
  return { ...own('evaluation_parameters'), ...own('suite_parameters'), ...given };
}

/** How the suite says its CSV's missing cells are read (meta.missing_values: pandas or empty), if it says. */
function suiteMissingValues(suite: Suite): MissingValues | undefined {
  const value = suite.meta?.missing_values;
  return value === 'pandas' || value === 'empty' ? value : undefined;
}

/**
 * Thrown by the shared pass when integer columns of a CSV hold a missing cell (judgeAll's `probe`):
 * pandas reads them as float64, so the validation starts again over a view that casts them.
 */
class NullableIntegers extends Error {
  constructor(readonly columns: readonly string[]) {
    super('integer columns holding a missing cell');
  }
}

/**
 * Runs every plan of the suite once the file's columns and row count are known. `probe`: integer
 * columns asked, in the shared pass's first statement, whether they hold a missing cell (a CSV read as
 * pandas reads it); if one does, NullableIntegers is thrown before any other statement runs (#84:
 * this was a read of the whole file of its own before the pass, 0.6 of 4 s of CPU at 3 M rows).
 */
async function judgeAll(runner: Runner, suite: Suite, columns: Columns, options: ValidateOptions, probe: readonly string[] = []): Promise<{ results: ExpectationValidationResult[]; rows: number }> {
  const fallback = options.resultFormat ?? 'COMPLETE';
  const parameters = suiteParameters(suite, options.parameters);
  const plans = suite.expectations.map((e): Plan | PlanError => {
    try {
      // A {"$PARAMETER": …} kwarg takes its value first; one that cannot be resolved is the expectation's exception.
      return planOf(e.type, resolveParameters(e.kwargs, parameters, options.runTime), columns, runner.params, runner.limits);
    } catch (error) {
      if (error instanceof PlanError) return error;
      if (error instanceof ParameterError) return new PlanError(error.message);
      throw error;
    }
  });
  // The shared pass, runner.passWidth aggregates at a time (a suite of 20,000 expectations is not one
  // statement DuckDB must plan at once); a plan whose aggregates fail alone runs them again alone
  // so that the error stays its own.
  // The large value sets, each read once into its table; a set that cannot be read fails the
  // plans that use it (their statements name a table that does not exist), each with its message.
  for (const { name, query } of runner.params.tables) {
    try {
      await runner.rows(`CREATE OR REPLACE TEMP TABLE ${name} AS ${query}`);
    } catch (error) {
      if (options.signal?.aborted) throw error;
    }
  }
  const formats = suite.expectations.map((e) => formatOfExpectation(e, fallback));
  let foldsLeft = FOLDS_PER_RUN;
  const folds = plans.map((p, i) => {
    const fold = foldsLeft > 0 ? foldOf(p, formats[i], columns, runner.limits) : undefined;
    if (fold !== undefined) foldsLeft--;
    return fold;
  });
  const slots = plans.map((p, i) => (p instanceof PlanError ? [] : passAggregates(p, folds[i])));
  const pass: (unknown[] | undefined)[] = new Array<unknown[] | undefined>(plans.length);
  let rows: number | undefined;
  let batch: number[] = [];
  let batchWidth = 0;
  // A statement that fails (a regex DuckDB refuses, DuckDB's memory limit reached by a suite's
  // holistic aggregates: a median and a uniqueness check of 21 M rows) is run again as two halves,
  // down to single plans (#42: one failing aggregate made every plan of its batch a pass of its own).
  // The probe rides on each statement until one has answered it.
  let probing = probe.length > 0;
  const probed = (): string => (probing ? probe.map((n, k) => `, count(*) > count(${ident(n)}) AS __p${k}`).join('') : '');
  const answered = (row: Row): void => {
    if (!probing) return;
    probing = false;
    const nullable = probe.filter((_, k) => row[`__p${k}`] === true);
    if (nullable.length > 0) throw new NullableIntegers(nullable);
  };
  const run = async (plansOfBatch: readonly number[]): Promise<void> => {
    // The same aggregate asked by several plans (the rows, a column's count) is computed once.
    const aggregates = [...new Set(plansOfBatch.flatMap((i) => slots[i]))];
    const at = new Map(aggregates.map((a, k) => [a, k]));
    let row: Row;
    try {
      [row] = await runner.rows(`SELECT count(*) AS __n${probed()}${aggregates.map((a, k) => `, ${a} AS a${k}`).join('')} FROM __source`);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (plansOfBatch.length < 2) return;
      const half = Math.ceil(plansOfBatch.length / 2);
      await run(plansOfBatch.slice(0, half));
      await run(plansOfBatch.slice(half));
      return;
    }
    answered(row);
    rows = num(row.__n);
    for (const i of plansOfBatch) pass[i] = slots[i].map((a) => row[`a${at.get(a)}`]);
  };
  const flush = async () => {
    await run(batch);
    batch = [];
    batchWidth = 0;
  };
  for (const [i, slot] of slots.entries()) {
    if (slot.length === 0) continue;
    // A subquery (a large value set) weighs as many aggregates: at most PASS_SUBQUERIES of them per statement.
    const width = slot.reduce((w, a) => w + (a.includes('(SELECT') ? runner.passWidth / PASS_SUBQUERIES : 1), 0);
    if (batch.length > 0 && batchWidth + width > runner.passWidth) await flush();
    batch.push(i);
    batchWidth += width;
  }
  if (batch.length > 0) await flush();
  if (rows === undefined) {
    const [row] = await runner.rows(`SELECT count(*) AS __n${probed()} FROM __source`);
    answered(row);
    rows = num(row.__n);
  }
  const facts = { rows, columns: columns.names, types: columns.names.map((n) => columns.types.get(n) ?? '') };
  const results: ExpectationValidationResult[] = [];
  for (const [i, expectation] of suite.expectations.entries()) {
    if (options.signal?.aborted) throw new ValidateError(t('validation cancelled'));
    const plan = plans[i];
    const width = slots[i].length;
    const own = pass[i];
    try {
      if (plan instanceof PlanError) {
        results.push(exceptionResult(expectation, plan.message));
        continue;
      }
      const values = own ?? (width ? Object.values((await runner.rows(`SELECT ${slots[i].map((a, k) => `${a} AS a${k}`).join(', ')} FROM __source`))[0]) : []);
      const format = formats[i];
      if (plan.kind === 'table') {
        const judged = plan.judge(facts);
        results.push(okResult(expectation, judged.success, format.name === 'BOOLEAN_ONLY' ? {} : { observed_value: judged.observed_value, ...(judged.details ? { details: judged.details } : {}) }));
      } else if (plan.kind === 'aggregate') {
        const extra = plan.query ? await runner.rows(plan.query) : [];
        const judged = plan.judge(values, extra);
        results.push(okResult(expectation, judged.success, format.name === 'BOOLEAN_ONLY' ? {} : { observed_value: judged.observed_value, ...(judged.details ? { details: judged.details } : {}) }));
      } else {
        const considered = num(values[0]);
        const distinctAll = plan.duplicatesOf !== undefined && num(values[1]) === considered;
        const unexpected = distinctAll ? 0 : plan.window || plan.duplicatesOf ? await unexpectedCount(runner, plan) : num(values[1]);
        const folded = folds[i] === undefined ? undefined : values.at(-1);
        results.push(await mapResult(runner, plan, expectation, format, rows, considered, unexpected, Array.isArray(folded) ? folded : undefined));
      }
    } catch (error) {
      if (options.signal?.aborted) throw new ValidateError(t('validation cancelled'));
      results.push(exceptionResult(expectation, message(error)));
    }
    options.onProgress?.(i + 1, suite.expectations.length);
  }
  return { results, rows };
}

/**
 * The relation a validation reads: a CSV is sniffed once, here, and read with what the sniffer
 * found (#42: every query over a view of an auto-detected read_csv ran the sniffer again); a file
 * the sniffer refuses (an empty one) is read as DuckDB reads it by default, which says what it says.
 */
async function sourceRelation(runner: Runner, data: DataFile, sampleAll: boolean, missing: MissingValues, signal: AbortSignal | undefined): Promise<string> {
  const sniff = data.sniffQuery(sampleAll, missing);
  if (sniff === undefined) return data.relation(sampleAll, missing);
  let sniffed: Record<string, unknown> | undefined;
  let header: Record<string, unknown> | undefined;
  try {
    [sniffed] = await runner.rows(sniff);
    const headerQuery = data.headerQuery(missing);
    if (headerQuery !== undefined && mayNameNulls(sniffed)) [header] = await runner.rows(headerQuery);
  } catch {
    if (signal?.aborted) throw new ValidateError(t('validation cancelled'));
  }
  return (sniffed && data.sniffedRelation(sniffed, missing, header)) ?? data.relation(sampleAll, missing);
}

/**
 * Whether the sniffed names may stand for header cells read as missing (DuckDB names such a column
 * `column<i>`), which the header's own sniff then names: without one, that sniff (a read of its own,
 * 0.04–0.1 s) would find the same names.
 */
function mayNameNulls(sniffed: Record<string, unknown> | undefined): boolean {
  const columns = sniffed?.Columns;
  return !Array.isArray(columns) || columns.some((c) => { const name = (c as { name?: unknown } | null)?.name; return typeof name !== 'string' || /^column\d+$/i.test(name); });
}

async function describe(runner: Runner): Promise<Columns> {
  const rows = await runner.rows('DESCRIBE SELECT * FROM __source');
  const names = rows.map((r) => String(r.column_name));
  // A NUL would end a statement's text early: such a column name is refused, never quoted.
  if (names.some((n) => n.includes('\0'))) throw new ValidateError(t('a column name holds a NUL character'));
  return { names, types: new Map(rows.map((r) => [String(r.column_name), String(r.column_type)])), internal: internalPrefix(names) };
}

/**
 * The integer columns, whose missing cells judgeAll's probe looks for: pandas reads such a column as
 * float64 (NaN is a float), so GX's pandas engine sees a float column with float values where DuckDB reads BIGINT.
 */
const integerColumns = (columns: Columns): string[] => columns.names.filter((n) => typeKind(columns.types.get(n) ?? '') === 'integer');

/** Validates `dataPath` (CSV or Parquet, by its extension) against `suite`. */
export async function validateData(dataPath: string, suite: Suite, options: ValidateOptions = {}): Promise<ValidationResult> {
  const limits: ValidateLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (suite.expectations.length > limits.expectations) throw new ValidateError(overLimit(t('the suite'), suite.expectations.length, 'expectations', limits));
  let data;
  try {
    data = openDataFile(dataPath, options.roots);
  } catch (error) {
    if (error instanceof DataFileError) throw new ValidateError(error.message);
    throw new ValidateError(t('{0} could not be read: {1}', dataPath, message(error)));
  }
  const runTime = options.runTime ?? new Date();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const interrupt = () => connection.interrupt();
  options.signal?.addEventListener('abort', interrupt);
  const onRows = options.onRows;
  const polling = onRows
    ? setInterval(() => {
        const now = connection.progress;
        if (now.percentage >= 0 && now.total_rows_to_process > 0n) onRows(Number(now.rows_processed), Number(now.total_rows_to_process));
      }, ROWS_EVERY_MS)
    : undefined;
  try {
    await lockDown(connection, data.duckPath, options.memoryMb ?? DEFAULT_MEMORY_MB, options.spillFolder, onRows !== undefined);
    let outcome: { results: ExpectationValidationResult[]; rows: number; columns: Columns } | undefined;
    for (const sampleAll of [false, true]) {
      const runner = new Runner(connection, new Params(), limits);
      try {
        // A small file is read once into memory (a suite of thousands of expectations runs as many
        // queries); a large one is read by each query (DuckDB streams it, in parallel).
        const small = data.size <= (data.gzip ? SMALL_GZIP_BYTES : SMALL_FILE_BYTES);
        if (small) runner.passWidth = PASS_AGGREGATES_TABLE;
        const missing = options.missingValues ?? suiteMissingValues(suite) ?? options.defaultMissingValues ?? 'pandas';
        const source = await sourceRelation(runner, data, sampleAll, missing, options.signal);
        await connection.run(`CREATE OR REPLACE TEMP ${small ? 'TABLE' : 'VIEW'} __source AS SELECT * FROM ${source}`);
        let columns = await describe(runner);
        runner.internal = columns.internal;
        try {
          outcome = { ...(await judgeAll(runner, suite, columns, options, data.format === 'csv' && missing === 'pandas' ? integerColumns(columns) : [])), columns };
        } catch (error) {
          if (!(error instanceof NullableIntegers)) throw error;
          await connection.run(`CREATE OR REPLACE TEMP ${small ? 'TABLE' : 'VIEW'} __source AS SELECT * REPLACE (${error.columns.map((n) => `CAST(${ident(n)} AS DOUBLE) AS ${ident(n)}`).join(', ')}) FROM ${source}`);
          columns = await describe(runner);
          const again = new Runner(connection, new Params(), limits);
          again.passWidth = runner.passWidth;
          again.internal = columns.internal;
          outcome = { ...(await judgeAll(again, suite, columns, options)), columns };
        }
        // A CSV whose types the sniffer's sample guessed wrong fails on the first full read: read again with every row sampled.
        const sniffed = outcome.results.some((r) => /Conversion Error|Could not convert/i.test(r.exception_info.exception_message ?? ''));
        if (!sniffed || data.format === 'parquet' || sampleAll) break;
      } catch (error) {
        if (options.signal?.aborted) throw new ValidateError(t('validation cancelled'));
        if (error instanceof ValidateError) throw error;
        if (data.format === 'parquet' || sampleAll || !/Conversion Error|Could not convert/i.test(message(error))) throw new ValidateError(t('{0} could not be read: {1}', dataPath, readError(error, data.duckPath)));
      }
    }
    if (!outcome) throw new ValidateError(t('{0} could not be read', dataPath));
    const successful = outcome.results.filter((r) => r.success).length;
    const evaluated = outcome.results.length;
    return {
      success: successful === evaluated,
      statistics: { evaluated_expectations: evaluated, successful_expectations: successful, unsuccessful_expectations: evaluated - successful, success_percent: pct(successful, evaluated) },
      results: outcome.results,
      meta: {
        expectation_suite_name: suite.name, data: options.dataLabel ?? dataPath, suite: options.suiteLabel ?? '', engine: 'duckdb',
        row_count: outcome.rows, columns: outcome.columns.names,
        run_id: { run_name: options.runName ?? null, run_time: runTime.toISOString() },
        validation_time: runTime.toISOString(),
      },
    };
  } finally {
    clearInterval(polling);
    options.signal?.removeEventListener('abort', interrupt);
    connection.closeSync();
    instance.closeSync();
    data.close();
  }
}

/** DuckDB's first line about a file it could not read, without the file's content (a sniffer error quotes lines) and with the descriptor's path named as the file. */
function readError(error: unknown, duckPath: string): string {
  const first = message(error).split('\n')[0].replaceAll(duckPath, t('the file'));
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}
