/**
 * Each supported expectation as SQL over the data file (issue #29), with GX 0.18's semantics:
 * column-map expectations count the rows they consider (non-null values; for pairs and multicolumn
 * expectations, per `ignore_row_if`) and the unexpected ones among them; aggregate expectations
 * compute one observed value; table expectations read the header and the row count. A kwarg the
 * engine cannot honour is a PlanError, reported as that expectation's exception, never a pass.
 */
import { expectationSpec, TYPE_ALIASES, vacuousNull } from '../../validate/catalogue';
import { t } from '../../l10n/t';
import { overLimit, type ValidateLimits } from './limits';
import { ident, isNumericType, isTemporalType, plainType, quotedPattern, typeKind, typeMatches, type Params } from './sql';
import { byCodeUnit } from '../../common/order';

export class PlanError extends Error {}

/** Sets up to this size are tested as constant lists, larger ones by a subquery (setOf). */
const SMALL_SET = 32;
/** Value sets larger than this are read once into a temporary table (Params.table). */
const LARGE_SET = 10_000;

export interface Judged {
  success: boolean;
  observed_value?: unknown;
  details?: Record<string, unknown>;
}

export interface TableFacts {
  rows: number;
  columns: string[];
  types: string[];
}

/** A value check per row: `considered` rows count, `expected` must hold on each of them. */
export interface MapPlan {
  kind: 'map';
  considered: string;
  expected: string;
  /** SQL of the value shown in unexpected lists (a column, or a list for pairs and multicolumn). */
  value: string;
  /** Whether nulls are the subject (not_be_null, be_null): no missing count then, percents over all rows. */
  nullsCounted?: boolean;
  /** Extra columns computed over the numbered relation (windows), visible to `expected`. */
  window?: string;
  /** Duplicates of these SQL expressions are unexpected (unique, compound unique). */
  duplicatesOf?: string[];
}

export interface AggregatePlan {
  kind: 'aggregate';
  /** SQL aggregates computed in the shared pass over the file. */
  aggregates: string[];
  /** Another query to run (its rows are handed to judge after the aggregates). */
  query?: string;
  judge(values: unknown[], rows: Record<string, unknown>[]): Judged;
}

export interface TablePlan {
  kind: 'table';
  judge(facts: TableFacts): Judged;
}

export type Plan = MapPlan | AggregatePlan | TablePlan;

/** A date or a number as a number, for comparisons (strings stay strings). */
function comparable(value: unknown, like?: unknown): number | string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && like instanceof Date) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? value : parsed;
  }
  return typeof value === 'string' || typeof value === 'boolean' ? String(value) : undefined;
}

/** GX's between on an observed value: a missing observation fails; either bound may be absent, not both. */
export function inRange(observed: unknown, kwargs: Record<string, unknown>): boolean {
  const value = comparable(observed);
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return false;
  const min = comparable(kwargs.min_value, observed);
  const max = comparable(kwargs.max_value, observed);
  if (min !== undefined && (kwargs.strict_min === true ? !(value > min) : !(value >= min))) return false;
  if (max !== undefined && (kwargs.strict_max === true ? !(value < max) : !(value <= max))) return false;
  return true;
}

function requireBounds(kwargs: Record<string, unknown>): void {
  if ((kwargs.min_value ?? null) === null && (kwargs.max_value ?? null) === null) throw new PlanError(t('min_value and max_value cannot both be None'));
}

/** GX's aggregates compare numbers: a bound that is not a number (nor null) is an error, as GX's type check raises. */
function numericBounds(kwargs: Record<string, unknown>): void {
  for (const name of ['min_value', 'max_value']) {
    const v = kwargs[name];
    if (v !== undefined && v !== null && typeof v !== 'number') throw new PlanError(t('{0} must be a number (got {1})', name, JSON.stringify(v)));
  }
}

/** A whole number kwarg (GX's `value` of the count expectations). */
function integerKwarg(kwargs: Record<string, unknown>, name: string): number {
  const v = requireKwarg(kwargs, name);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new PlanError(t('{0} must be an integer (got {1})', name, JSON.stringify(v)));
  return v;
}

/** A list kwarg GX reads as "any" when null (its vacuous forms): undefined then. */
function optionalList(kwargs: Record<string, unknown>, name: string, limits: ValidateLimits, bound: 'values' | 'patterns'): unknown[] | undefined {
  return kwargs[name] === undefined || kwargs[name] === null ? undefined : list(kwargs, name, limits, bound);
}

function requireKwarg(kwargs: Record<string, unknown>, name: string): unknown {
  const value = kwargs[name];
  if (value === undefined || value === null) throw new PlanError(t('missing required argument {0}', name));
  return value;
}

function list(kwargs: Record<string, unknown>, name: string, limits: ValidateLimits, bound: 'values' | 'patterns'): unknown[] {
  const value = requireKwarg(kwargs, name);
  if (!Array.isArray(value)) throw new PlanError(t('{0} must be a list', name));
  if (value.length > limits[bound]) throw new PlanError(overLimit(name, value.length, bound, limits));
  return value;
}

/**
 * A regex_list or like_pattern_list: at most `patterns` patterns, and at most ten times
 * `patternLength` characters in all (1,000 patterns of 10,000 characters, each within its own
 * bound, held a run for minutes and 850 MB).
 */
function patternList(kwargs: Record<string, unknown>, name: string, limits: ValidateLimits): unknown[] {
  const value = list(kwargs, name, limits, 'patterns');
  const total = value.reduce((sum: number, p) => sum + String(p).length, 0);
  if (total > limits.patternLength * PATTERN_LIST_FACTOR) throw new PlanError(t('{0} holds {1} characters of patterns in all, over the bound of {2} (ten times the pattern length bound: raise it with --{3} or the setting archipel.validate.{4})', name, total, limits.patternLength * PATTERN_LIST_FACTOR, 'max-pattern-length', 'maxPatternLength'));
  return value;
}

/** How many times the one-pattern bound a pattern list may hold in all. */
const PATTERN_LIST_FACTOR = 10;

/** Plain JSON of a value read from DuckDB (bigint → number, dates → ISO text). */
export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.000Z$/, '');
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** DuckDB's histogram (a map, read as an object or entries) as sorted value counts, at most 1,000. */
function histogramRows(histogram: unknown): { value: unknown; count: number }[] {
  const entries: [unknown, unknown][] = histogram instanceof Map ? [...(histogram as Map<unknown, unknown>).entries()]
    : Array.isArray(histogram) ? (histogram as { key: unknown; value: unknown }[]).map((e) => [e.key, e.value])
      : histogram && typeof histogram === 'object' ? Object.entries(histogram) : [];
  const rows = entries.map(([value, count]) => ({ value: plain(value), count: Number(count) }));
  rows.sort((a, b) => byCodeUnit(String(a.value), String(b.value)));
  return rows.slice(0, 1000);
}

/** The columns of the file and their DuckDB types. */
export interface Columns {
  names: string[];
  types: Map<string, string>;
  /** The prefix of Archipel's own column names (internalPrefix: none of the data's starts with it). */
  internal: string;
}

/**
 * What every planner is given: the expectation's type and kwargs, the data's columns, and the helpers
 * that turn kwargs into SQL (every value a bound parameter, every list and pattern checked against `limits`).
 */
function planTools(type: string, kwargs: Record<string, unknown>, columns: Columns, params: Params, limits: ValidateLimits) {
  const literal = (value: unknown): string => params.add(value);
  const pattern = (name: string, value: unknown): string => {
    const written = String(value);
    if (written.length > limits.patternLength) throw new PlanError(t('{0} is {1} characters long, over the bound of {2} (raise it with --{3} or the setting archipel.validate.{4})', name, written.length, limits.patternLength, 'max-pattern-length', 'maxPatternLength'));
    const quoted = quotedPattern(written);
    if (quoted === undefined) throw new PlanError(t('{0} holds a NUL character', name));
    return quoted;
  };
  /** A column's type as written in a cast: only DuckDB's plain type names (a Parquet struct's field names never reach the SQL). */
  const castType = (c: { type: string }): string => {
    const plain = plainType(c.type);
    if (!plain) throw new PlanError(t('values cannot be compared with a column of type {0}', c.type));
    return plain;
  };
  const columnOf = (name: string): { sql: string; type: string } => {
    const column = requireKwarg(kwargs, name);
    if (typeof column !== 'string') throw new PlanError(t('{0} must be a column name', name));
    const duck = columns.types.get(column);
    if (duck === undefined) throw new PlanError(t('column {0} is not in the data (columns: {1})', column, columns.names.join(', ')));
    return { sql: ident(column), type: duck };
  };
  const parseDates = kwargs.parse_strings_as_datetimes === true;
  /** The column as compared: timestamps when it holds dates or the suite asks to parse strings. */
  const compared = (c: { sql: string; type: string }): { sql: string; temporal: boolean } => {
    if (isTemporalType(c.type)) return { sql: `CAST(${c.sql} AS TIMESTAMP)`, temporal: true };
    if (parseDates && typeKind(c.type) === 'string') return { sql: `TRY_CAST(${c.sql} AS TIMESTAMP)`, temporal: true };
    // Text compared with numbers (a CSV column with a stray word, or an empty file): a value that is not a number is unexpected.
    if (typeKind(c.type) === 'string' && [kwargs.min_value, kwargs.max_value].some((v) => typeof v === 'number')) return { sql: `TRY_CAST(${c.sql} AS DOUBLE)`, temporal: false };
    return { sql: c.sql, temporal: false };
  };
  const bound = (value: unknown, temporal: boolean): string => (temporal && typeof value === 'string' ? `CAST(${literal(value)} AS TIMESTAMP)` : literal(value));
  const between = (sql: string, temporal: boolean): string => {
    requireBounds(kwargs);
    const parts: string[] = [];
    if ((kwargs.min_value ?? null) !== null) parts.push(`${sql} ${kwargs.strict_min === true ? '>' : '>='} ${bound(kwargs.min_value, temporal)}`);
    if ((kwargs.max_value ?? null) !== null) parts.push(`${sql} ${kwargs.strict_max === true ? '<' : '<='} ${bound(kwargs.max_value, temporal)}`);
    return parts.join(' AND ');
  };
  /**
   * value_set as SQL values of the column's type (a value that cannot be of that type matches nothing),
   * from one text parameter (a JSON array, not 300,000 bound values: DuckDB reads it itself). `member`
   * tests the column: a small set as a constant list (`list_contains`), a large one as a subquery (a
   * hash join). Many `IN (SELECT …)` in one statement cost DuckDB more than linearly (128 of them:
   * 6.7 s on 10,000 rows, 150 ms as lists; #37's 20,000-expectation suite), so the shared pass also
   * limits the subqueries per statement (engines/validate/run.ts).
   */
  const setOf = (values: unknown[], c: { sql: string; type: string }): { sql: string; list: string; member: (sql: string) => string } => {
    const cmp = compared(c);
    const texts = values.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean)));
    const bound = params.add(JSON.stringify(texts));
    const to = cmp.temporal ? 'TIMESTAMP' : castType(c);
    const read = `SELECT v FROM (SELECT TRY_CAST(unnest(CAST(${bound} AS JSON)::VARCHAR[]) AS ${to}) AS v) WHERE v IS NOT NULL`;
    // A large set is read once into a table (#37: each statement that read it from its JSON text
    // parsed it again, and the process grew by some 80 MB a statement for 300,000 values).
    const list = texts.length > LARGE_SET ? `SELECT v FROM ${params.table(`SELECT DISTINCT v FROM (${read})`)}` : read;
    const constant = `list_filter(list_transform(CAST(${bound} AS JSON)::VARCHAR[], lambda x: TRY_CAST(x AS ${to})), lambda x: x IS NOT NULL)`;
    const member = texts.length <= SMALL_SET ? (sql: string) => `list_contains(${constant}, ${sql})` : (sql: string) => `${sql} IN (${list})`;
    return { sql: cmp.sql, list, member };
  };
  const text = (sql: string) => `CAST(${sql} AS VARCHAR)`;
  /** GX's date checks parse text: a number column raises in GX (TypeError), so it is the expectation's exception here too. */
  const notNumbers = (c: { type: string }) => {
    if (isNumericType(c.type)) throw new PlanError(t('column {0} holds numbers ({1}), not text: dates are parsed from text', String(kwargs.column), c.type));
  };
  const mapOn = (c: { sql: string }, expected: string, extra: Partial<MapPlan> = {}): MapPlan => ({ kind: 'map', considered: `${c.sql} IS NOT NULL`, expected, value: c.sql, ...extra });
  const matchAll = (patterns: unknown[], test: (p: string) => string, all: boolean) => `(${patterns.map((p) => test(pattern('a pattern of the list', p))).join(all ? ' AND ' : ' OR ') || 'FALSE'})`;
  return { type, kwargs, columns, params, limits, literal, pattern, castType, columnOf, parseDates, compared, bound, between, setOf, text, notNumbers, mapOn, matchAll };
}

type PlanTools = ReturnType<typeof planTools>;

/** The planners, one per expectation type (or a few types sharing one): planOf's table. */
const PLANNERS: readonly { readonly types: readonly string[]; readonly plan: (tools: PlanTools) => Plan }[] = [
  // ---- Table level ----
  // Both bounds null: vacuously true, as GX's aggregate check decides (its test definitions' vacuously_true).
  { types: ['expect_table_row_count_to_be_between'], plan: ({ kwargs }: PlanTools): Plan => {
    numericBounds(kwargs);
    return { kind: 'table', judge: (f) => ({ success: inRange(f.rows, kwargs), observed_value: f.rows }) };
  } },
  { types: ['expect_table_row_count_to_equal'], plan: ({ kwargs }: PlanTools): Plan => {
    integerKwarg(kwargs, 'value');
    return { kind: 'table', judge: (f) => ({ success: f.rows === Number(kwargs.value), observed_value: f.rows }) };
  } },
  { types: ['expect_table_column_count_to_be_between'], plan: ({ kwargs }: PlanTools): Plan => {
    numericBounds(kwargs);
    return { kind: 'table', judge: (f) => ({ success: inRange(f.columns.length, kwargs), observed_value: f.columns.length }) };
  } },
  { types: ['expect_table_column_count_to_equal'], plan: ({ kwargs }: PlanTools): Plan => {
    integerKwarg(kwargs, 'value');
    return { kind: 'table', judge: (f) => ({ success: f.columns.length === Number(kwargs.value), observed_value: f.columns.length }) };
  } },
  { types: ['expect_table_columns_to_match_set'], plan: ({ kwargs, limits }: PlanTools): Plan => {
    // A null column_set: any set when exact_match is false (GX's vacuous form), the empty set otherwise.
    const given = optionalList(kwargs, 'column_set', limits, 'values');
    const wanted = (given ?? []).map(String);
    const exact = kwargs.exact_match !== false;
    if (given === undefined && !exact) return { kind: 'table', judge: (f) => ({ success: true, observed_value: f.columns }) };
    return {
      kind: 'table',
      judge: (f) => {
        const missing = wanted.filter((c) => !f.columns.includes(c));
        const unexpected = f.columns.filter((c) => !wanted.includes(c));
        const success = missing.length === 0 && (!exact || unexpected.length === 0);
        return { success, observed_value: f.columns, details: { mismatched: { ...(missing.length ? { missing } : {}), ...(unexpected.length ? { unexpected } : {}) } } };
      },
    };
  } },
  { types: ['expect_table_columns_to_match_ordered_list'], plan: ({ kwargs, limits }: PlanTools): Plan => {
    const given = optionalList(kwargs, 'column_list', limits, 'values');
    // A null column_list: any order (GX's vacuous form).
    if (given === undefined) return { kind: 'table', judge: (f) => ({ success: true, observed_value: f.columns }) };
    const wanted = given.map(String);
    return {
      kind: 'table',
      judge: (f) => {
        const mismatched: Record<string, string | number | null>[] = [];
        for (let i = 0; i < Math.max(wanted.length, f.columns.length); i++) {
          if (wanted[i] !== f.columns[i]) mismatched.push({ 'Expected Column Position': i, 'Expected': wanted[i] ?? null, 'Found': f.columns[i] ?? null });
        }
        return { success: mismatched.length === 0, observed_value: f.columns, details: mismatched.length ? { mismatched } : undefined };
      },
    };
  } },
  { types: ['expect_column_to_exist'], plan: ({ kwargs }: PlanTools): Plan => {
    const name = String(requireKwarg(kwargs, 'column'));
    const index = kwargs.column_index;
    return {
      kind: 'table',
      judge: (f) => ({ success: typeof index === 'number' ? f.columns[index] === name : f.columns.includes(name) }),
    };
  } },
  // ---- Column map ----
  { types: ['expect_column_values_to_not_be_null'], plan: ({ columnOf }: PlanTools): Plan => {
    const c = columnOf('column');
    return { kind: 'map', considered: 'TRUE', expected: `${c.sql} IS NOT NULL`, value: c.sql, nullsCounted: true };
  } },
  { types: ['expect_column_values_to_be_null'], plan: ({ columnOf }: PlanTools): Plan => {
    const c = columnOf('column');
    return { kind: 'map', considered: 'TRUE', expected: `${c.sql} IS NULL`, value: c.sql, nullsCounted: true };
  } },
  { types: ['expect_column_values_to_be_between'], plan: ({ columnOf, compared, between, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    const cmp = compared(c);
    return mapOn(c, between(cmp.sql, cmp.temporal));
  } },
  { types: ['expect_column_values_to_be_in_set', 'expect_column_values_to_not_be_in_set'], plan: ({ type, kwargs, limits, columnOf, setOf, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    const set = setOf(list(kwargs, 'value_set', limits, 'values'), c);
    const inSet = set.member(set.sql);
    return mapOn(c, type === 'expect_column_values_to_be_in_set' ? inSet : `NOT coalesce(${inSet}, FALSE)`);
  } },
  { types: ['expect_column_values_to_be_unique'], plan: ({ columnOf, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    return mapOn(c, 'TRUE', { duplicatesOf: [c.sql] });
  } },
  { types: ['expect_column_values_to_match_regex', 'expect_column_values_to_not_match_regex'], plan: ({ type, kwargs, pattern, columnOf, text, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    const test = `regexp_matches(${text(c.sql)}, ${pattern('regex', kwargs.regex)})`;
    return mapOn(c, type.includes('_not_') ? `NOT ${test}` : test);
  } },
  { types: ['expect_column_values_to_match_regex_list'], plan: ({ kwargs, limits, columnOf, text, mapOn, matchAll }: PlanTools): Plan => {
    const c = columnOf('column');
    return mapOn(c, matchAll(patternList(kwargs, 'regex_list', limits), (p) => `regexp_matches(${text(c.sql)}, ${p})`, kwargs.match_on === 'all'));
  } },
  { types: ['expect_column_values_to_not_match_regex_list'], plan: ({ kwargs, limits, columnOf, text, mapOn, matchAll }: PlanTools): Plan => {
    const c = columnOf('column');
    return mapOn(c, `NOT ${matchAll(patternList(kwargs, 'regex_list', limits), (p) => `regexp_matches(${text(c.sql)}, ${p})`, false)}`);
  } },
  { types: ['expect_column_values_to_match_like_pattern', 'expect_column_values_to_not_match_like_pattern'], plan: ({ type, kwargs, pattern, columnOf, text, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    const test = `${text(c.sql)} LIKE ${pattern('like_pattern', kwargs.like_pattern)}`;
    return mapOn(c, type.includes('_not_') ? `NOT (${test})` : test);
  } },
  { types: ['expect_column_values_to_match_like_pattern_list'], plan: ({ kwargs, limits, columnOf, text, mapOn, matchAll }: PlanTools): Plan => {
    const c = columnOf('column');
    return mapOn(c, matchAll(patternList(kwargs, 'like_pattern_list', limits), (p) => `${text(c.sql)} LIKE ${p}`, kwargs.match_on === 'all'));
  } },
  { types: ['expect_column_values_to_not_match_like_pattern_list'], plan: ({ kwargs, limits, columnOf, text, mapOn, matchAll }: PlanTools): Plan => {
    const c = columnOf('column');
    return mapOn(c, `NOT ${matchAll(patternList(kwargs, 'like_pattern_list', limits), (p) => `${text(c.sql)} LIKE ${p}`, false)}`);
  } },
  { types: ['expect_column_value_lengths_to_be_between'], plan: ({ columnOf, between, text, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    return mapOn(c, between(`length(${text(c.sql)})`, false));
  } },
  { types: ['expect_column_value_lengths_to_equal'], plan: ({ kwargs, literal, columnOf, text, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    return mapOn(c, `length(${text(c.sql)}) = ${literal(Number(kwargs.value))}`);
  } },
  { types: ['expect_column_values_to_be_increasing', 'expect_column_values_to_be_decreasing'], plan: ({ type, kwargs, columns, columnOf, compared, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    const cmp = compared(c);
    const op = type.endsWith('increasing') ? (kwargs.strictly === true ? '>' : '>=') : (kwargs.strictly === true ? '<' : '<=');
    const prev = `${columns.internal}prev`;
    return mapOn(c, `(${prev} IS NULL OR ${cmp.sql} ${op} ${prev})`, { window: `lag(${cmp.sql} IGNORE NULLS) OVER (ORDER BY ${columns.internal}row) AS ${prev}` });
  } },
  { types: ['expect_column_values_to_be_dateutil_parseable'], plan: ({ pattern, columnOf, text, notNumbers, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    notNumbers(c);
    if (isTemporalType(c.type)) return mapOn(c, 'TRUE');
    const formats = ['%d/%m/%Y', '%m/%d/%Y', '%Y/%m/%d', '%d.%m.%Y', '%Y%m%d', '%d %B %Y', '%d %b %Y', '%B %d %Y', '%B %d, %Y', '%b %d %Y', '%b %d, %Y', '%d-%b-%Y', '%Y-%m-%dT%H:%M:%S%z', '%H:%M:%S', '%H:%M'];
    return mapOn(c, `(TRY_CAST(${text(c.sql)} AS TIMESTAMP) IS NOT NULL OR try_strptime(trim(${text(c.sql)}), [${formats.map((f) => pattern('format', f)).join(', ')}]) IS NOT NULL)`);
  } },
  { types: ['expect_column_values_to_match_strftime_format'], plan: ({ kwargs, pattern, columnOf, text, notNumbers, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    notNumbers(c);
    return mapOn(c, `try_strptime(${text(c.sql)}, ${pattern('strftime_format', kwargs.strftime_format)}) IS NOT NULL`);
  } },
  { types: ['expect_column_values_to_be_json_parseable'], plan: ({ columnOf, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    // GX parses text only: a number is not a JSON text (json.loads raises on it).
    return mapOn(c, typeKind(c.type) === 'string' ? `json_valid(${c.sql})` : 'FALSE');
  } },
  { types: ['expect_column_value_z_scores_to_be_less_than'], plan: ({ kwargs, columns, literal, columnOf, mapOn }: PlanTools): Plan => {
    const c = columnOf('column');
    const x = isNumericType(c.type) ? c.sql : `TRY_CAST(${c.sql} AS DOUBLE)`;
    const zName = `${columns.internal}z`;
    const z = kwargs.double_sided === true ? `abs(${zName})` : zName;
    return mapOn(c, `${z} < ${literal(Number(kwargs.threshold))}`, { window: `(${x} - avg(${x}) OVER ()) / stddev_samp(${x}) OVER () AS ${zName}` });
  } },
  // ---- Type of a column ----
  { types: ['expect_column_values_to_be_of_type', 'expect_column_values_to_be_in_type_list'], plan: ({ type, kwargs, limits, columnOf }: PlanTools): Plan => {
    const c = columnOf('column');
    const typeList = type.endsWith('of_type') ? [String(requireKwarg(kwargs, 'type_'))] : optionalList(kwargs, 'type_list', limits, 'values')?.map(String);
    // A null type_list: any type (GX's vacuous form).
    if (typeList === undefined) return { kind: 'table', judge: () => ({ success: true, observed_value: c.type }) };
    const wanted = typeList;
    return { kind: 'table', judge: () => ({ success: wanted.some((w) => typeMatches(c.type, w)), observed_value: c.type }) };
  } },
  // ---- Column aggregate ----
  { types: ['expect_column_min_to_be_between', 'expect_column_max_to_be_between'], plan: ({ type, kwargs, columnOf, compared }: PlanTools): Plan => {
    const c = columnOf('column');
    const cmp = compared(c);
    const fn = type.includes('_min_') ? 'min' : 'max';
    return { kind: 'aggregate', aggregates: [`${fn}(${cmp.sql})`], judge: ([v]) => ({ success: inRange(v, kwargs), observed_value: plain(v) ?? null }) };
  } },
  { types: ['expect_column_mean_to_be_between', 'expect_column_median_to_be_between', 'expect_column_stdev_to_be_between', 'expect_column_sum_to_be_between'], plan: ({ type, kwargs, columnOf }: PlanTools): Plan => {
    const c = columnOf('column');
    numericBounds(kwargs);
    const fn = { mean: 'avg', median: 'median', stdev: 'stddev_samp', sum: 'sum' }[type.split('_')[2] as 'mean'];
    const value = isNumericType(c.type) ? c.sql : typeKind(c.type) === 'boolean' ? `CAST(${c.sql} AS INTEGER)` : `TRY_CAST(${c.sql} AS DOUBLE)`;
    // GX's pandas engine raises on the mean of text (a column with a word among numbers is text to pandas too): a text value that is not a number is an error.
    const text = typeKind(c.type) === 'string' ? `count(${c.sql}) FILTER (WHERE TRY_CAST(${c.sql} AS DOUBLE) IS NULL)` : '0';
    return {
      kind: 'aggregate', aggregates: [`${fn}(${value})::DOUBLE`, text],
      judge: ([v, words]) => {
        if (Number(words) > 0) throw new PlanError(t('column {0} holds text that is not a number: its {1} cannot be computed', String(kwargs.column), type.split('_')[2]));
        return { success: inRange(v, kwargs), observed_value: plain(v) ?? null };
      },
    };
  } },
  { types: ['expect_column_quantile_values_to_be_between'], plan: ({ kwargs, columnOf }: PlanTools): Plan => {
    const c = columnOf('column');
    const ranges = requireKwarg(kwargs, 'quantile_ranges') as { quantiles?: unknown; value_ranges?: unknown };
    const quantiles = Array.isArray(ranges.quantiles) ? ranges.quantiles.map(Number) : [];
    const valueRanges = Array.isArray(ranges.value_ranges) ? ranges.value_ranges as unknown[][] : [];
    if (quantiles.length === 0 || quantiles.length !== valueRanges.length || quantiles.some((q) => !(q >= 0 && q <= 1))) {
      throw new PlanError(t('quantile_ranges needs as many value_ranges as quantiles, each quantile in [0, 1]'));
    }
    return {
      kind: 'aggregate',
      aggregates: [`quantile_disc(${c.sql}, [${quantiles.map((q) => String(q)).join(', ')}])`],
      judge: ([v]) => {
        const values = Array.isArray(v) ? v : [];
        const success = quantiles.every((_, i) => inRange(values[i], { min_value: valueRanges[i]?.[0], max_value: valueRanges[i]?.[1] }));
        return { success, observed_value: { quantiles, values: plain(values) }, details: { success_details: quantiles.map((_, i) => inRange(values[i], { min_value: valueRanges[i]?.[0], max_value: valueRanges[i]?.[1] })) } };
      },
    };
  } },
  { types: ['expect_column_unique_value_count_to_be_between', 'expect_column_proportion_of_unique_values_to_be_between'], plan: ({ type, kwargs, columnOf }: PlanTools): Plan => {
    const c = columnOf('column');
    numericBounds(kwargs);
    const proportion = type.includes('proportion');
    return {
      kind: 'aggregate', aggregates: [`count(DISTINCT ${c.sql})`, `count(${c.sql})`],
      judge: ([distinct, nonNull]) => {
        const observed = proportion ? (Number(nonNull) === 0 ? null : Number(distinct) / Number(nonNull)) : Number(distinct);
        return { success: inRange(observed, kwargs), observed_value: observed };
      },
    };
  } },
  { types: ['expect_column_distinct_values_to_be_in_set', 'expect_column_distinct_values_to_contain_set', 'expect_column_distinct_values_to_equal_set'], plan: ({ type, kwargs, limits, columnOf, setOf }: PlanTools): Plan => {
    const c = columnOf('column');
    // A null value_set for to_be_in_set: the universal set (GX's vacuous form), the distinct values observed.
    if (type.endsWith('to_be_in_set') && (kwargs.value_set ?? null) === null) {
      return { kind: 'aggregate', aggregates: [`histogram(${c.sql})`], judge: ([histogram]) => { const rows = histogramRows(histogram); return { success: true, observed_value: rows.map((r) => r.value), details: { value_counts: rows } }; } };
    }
    const set = setOf(list(kwargs, 'value_set', limits, 'values'), c);
    return {
      kind: 'aggregate',
      // The value counts in the shared pass (histogram: a map value → count), sorted and capped at 1,000 here.
      aggregates: [`count(DISTINCT ${set.sql}) FILTER (WHERE NOT coalesce(${set.member(set.sql)}, FALSE))`, `count(DISTINCT ${set.sql}) FILTER (WHERE ${set.member(set.sql)})`, `(SELECT count(DISTINCT v) FROM (${set.list}))`, `histogram(${set.sql})`],
      judge: ([outside, inside, wanted, histogram]) => {
        const rows = histogramRows(histogram);
        const observed = rows.map((r) => r.value);
        const success = type.endsWith('to_be_in_set') ? Number(outside) === 0
          : type.endsWith('to_contain_set') ? Number(inside) === Number(wanted)
            : Number(outside) === 0 && Number(inside) === Number(wanted);
        return { success, observed_value: observed, details: { value_counts: rows } };
      },
    };
  } },
  { types: ['expect_column_most_common_value_to_be_in_set'], plan: ({ kwargs, limits, columnOf, setOf }: PlanTools): Plan => {
    const c = columnOf('column');
    const set = setOf(list(kwargs, 'value_set', limits, 'values'), c);
    return {
      kind: 'aggregate', aggregates: [],
      query: `WITH g AS (SELECT ${set.sql} AS value, count(*) AS n FROM __source WHERE ${c.sql} IS NOT NULL GROUP BY 1) SELECT value, coalesce(value IN (${set.list}), FALSE) AS inside FROM g WHERE n = (SELECT max(n) FROM g) ORDER BY 1 LIMIT 1000`,
      judge: (_values, rows) => {
        const modes = rows.map((r) => plain(r.value));
        // GX: with ties_okay, one of the most common values in the set is enough; without, there must be one, in the set.
        const inside = rows.filter((r) => r.inside === true).length;
        const success = kwargs.ties_okay === true ? inside > 0 : rows.length === 1 && inside === 1;
        return { success, observed_value: modes };
      },
    };
  } },
  // ---- Column pair ----
  { types: ['expect_column_pair_values_A_to_be_greater_than_B', 'expect_column_pair_values_to_be_equal', 'expect_column_pair_values_to_be_in_set'], plan: ({ type, kwargs, limits, literal, castType, columnOf, parseDates, compared, text }: PlanTools): Plan => {
    const a = columnOf('column_A');
    const b = columnOf('column_B');
    const ignore = kwargs.ignore_row_if ?? 'both_values_are_missing';
    const considered = ignore === 'either_value_is_missing' ? `(${a.sql} IS NOT NULL AND ${b.sql} IS NOT NULL)`
      : ignore === 'neither' ? 'TRUE' : `NOT (${a.sql} IS NULL AND ${b.sql} IS NULL)`;
    let expected: string;
    const kindA = typeKind(a.type), kindB = typeKind(b.type);
    // A number column against a text column (pandas: an object column, whose numbers stay numbers): equal as the same number; ordered, a TypeError in GX's pandas engine.
    const mixed = kindA !== kindB && [kindA, kindB].includes('string') && [kindA, kindB].some((k) => k === 'integer' || k === 'float');
    if (type.toLowerCase().endsWith('greater_than_b')) {
      if (mixed && !parseDates) throw new PlanError(t('{0} ({1}) and {2} ({3}) cannot be ordered: a number column against a text column', String(kwargs.column_A), a.type, String(kwargs.column_B), b.type));
      const ca = compared(a), cb = compared(b);
      expected = `${ca.sql} ${kwargs.or_equal === true ? '>=' : '>'} ${cb.sql}`;
    } else if (type.endsWith('to_be_equal')) {
      // The text side's numbers compared as numbers: pandas' object column keeps 1 as 1, equal to the float column's 1.0 (an integer column with a missing cell).
      const [textSide, numberSide] = kindA === 'string' ? [a.sql, b.sql] : [b.sql, a.sql];
      expected = mixed ? `coalesce(TRY_CAST(${textSide} AS DOUBLE) = CAST(${numberSide} AS DOUBLE), FALSE)` : `${a.sql} = ${b.sql}`;
    } else {
      const pairs = list(kwargs, 'value_pairs_set', limits, 'patterns').filter(Array.isArray) as unknown[][];
      const ta = castType(a), tb = castType(b);
      expected = `(${pairs.map(([x, y]) => `(${a.sql} = TRY_CAST(${literal(x)} AS ${ta}) AND ${b.sql} = TRY_CAST(${literal(y)} AS ${tb}))`).join(' OR ') || 'FALSE'})`;
    }
    return { kind: 'map', considered, expected, value: `[${text(a.sql)}, ${text(b.sql)}]` };
  } },
  // ---- Multicolumn ----
  { types: ['expect_compound_columns_to_be_unique', 'expect_multicolumn_sum_to_equal', 'expect_select_column_values_to_be_unique_within_record'], plan: ({ type, kwargs, columns, limits, literal, text }: PlanTools): Plan => {
    const names = list(kwargs, 'column_list', limits, 'patterns');
    const cs = names.map((n) => {
      const duck = columns.types.get(String(n));
      if (duck === undefined) throw new PlanError(t('column {0} is not in the data (columns: {1})', String(n), columns.names.join(', ')));
      return { sql: ident(String(n)), type: duck };
    });
    const ignore = kwargs.ignore_row_if ?? 'all_values_are_missing';
    const considered = ignore === 'any_value_is_missing' ? `(${cs.map((c) => `${c.sql} IS NOT NULL`).join(' AND ')})`
      : ignore === 'never' ? 'TRUE' : `NOT (${cs.map((c) => `${c.sql} IS NULL`).join(' AND ')})`;
    const value = `[${cs.map((c) => text(c.sql)).join(', ')}]`;
    if (type === 'expect_compound_columns_to_be_unique') return { kind: 'map', considered, expected: 'TRUE', value, duplicatesOf: cs.map((c) => c.sql) };
    if (type === 'expect_multicolumn_sum_to_equal') {
      return { kind: 'map', considered, expected: `(${cs.map((c) => `coalesce(${c.sql}, 0)`).join(' + ')}) = ${literal(Number(kwargs.sum_total))}`, value };
    }
    return { kind: 'map', considered, expected: `length(list_distinct(${value})) = length(list_filter(${value}, x -> x IS NOT NULL))`, value };
  } },
];

const PLANNER_OF = new Map(PLANNERS.flatMap((planner) => planner.types.map((type) => [type, planner.plan] as const)));

/**
 * The plan of one expectation; every value of `kwargs` goes into `params` (never into the SQL text)
 * and every list is checked against `limits`.
 */
export function planOf(written: string, kwargs: Record<string, unknown>, columns: Columns, params: Params, limits: ValidateLimits): Plan {
  // GX 1.x's names of the same expectations (catalogue.ts).
  const type = TYPE_ALIASES[written] ?? written;
  const spec = expectationSpec(type);
  if (!spec) throw new PlanError(t('expectation type {0} is not supported by Archipel', type));
  // A list GX reads as "any" when null (its vacuous forms) may be given as null; every other required kwarg must have a value.
  for (const k of spec.kwargs) if (k.required && !vacuousNull(type, k.name, kwargs[k.name])) requireKwarg(kwargs, k.name);
  // GX refuses a mostly outside [0, 1] (its configuration check raises).
  if (kwargs.mostly !== undefined && kwargs.mostly !== null && !(typeof kwargs.mostly === 'number' && kwargs.mostly >= 0 && kwargs.mostly <= 1)) {
    throw new PlanError(t('mostly must be a number between 0 and 1 (got {0})', JSON.stringify(kwargs.mostly)));
  }
  for (const unsupported of ['row_condition', 'condition_parser']) {
    if (kwargs[unsupported] !== undefined && kwargs[unsupported] !== null) throw new PlanError(t('{0} is not supported by Archipel', unsupported));
  }
  const plan = PLANNER_OF.get(type);
  if (!plan) throw new PlanError(t('expectation type {0} is not supported by Archipel', type));
  return plan(planTools(type, kwargs, columns, params, limits));
}
