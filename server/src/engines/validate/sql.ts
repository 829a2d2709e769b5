/**
 * SQL text for DuckDB. No value from a suite or a path is ever written into the text by hand:
 * identifiers (column names, read from the data) and patterns (regexes, LIKE and strftime
 * patterns, which DuckDB compiles once when they are constants) are quoted once by DuckDB's own
 * quoting functions and never substituted into afterwards; every other value is a named parameter
 * (`$p0`, `$p1`, …) bound by DuckDB; a type name is written only when it is one of DuckDB's plain
 * type names. The data is read through a view (`__source`) whose definition holds no text from
 * the workspace either (engines/validate/dataFile.ts).
 */
import { quotedIdentifier, quotedString, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** A column name as an identifier (the name never holds NUL: engines/validate/run.ts refuses such a file). */
export const ident = (name: string): string => quotedIdentifier(name);

/** A pattern as a string constant; undefined when it holds NUL (which would end the statement's text early). */
export const quotedPattern = (text: string): string | undefined => (text.includes('\0') ? undefined : quotedString(text));

/** The values a set of SQL fragments refers to, by parameter name. */
export class Params {
  private readonly values = new Map<string, { value: DuckDBValue; type?: DuckDBType }>();

  /** A JSON value as a parameter reference (numbers, strings, booleans; null, NaN and infinities as NULL). */
  add(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number' && !Number.isFinite(value)) return 'NULL';
    const plain = typeof value === 'number' || typeof value === 'boolean' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return this.addValue(plain);
  }

  /** A parameter holding any DuckDB value (a list, with its type). */
  addValue(value: DuckDBValue, type?: DuckDBType): string {
    const name = `p${this.values.size}`;
    this.values.set(name, { value, type });
    return `$${name}`;
  }

  /** Temporary tables the statements refer to, created before any of them runs (run.ts): their names and the queries that fill them. */
  readonly tables: { name: string; query: string }[] = [];

  /** A temporary table holding the rows of `query` (whose text holds no workspace value: parameters only); its name. */
  table(query: string): string {
    const name = `__set${this.tables.length}`;
    this.tables.push({ name, query });
    return name;
  }

  /** The values and types `sql` refers to (DuckDB refuses a statement given a parameter it does not use). */
  bindingsOf(sql: string): { values: Record<string, DuckDBValue>; types: Record<string, DuckDBType | undefined> } {
    const values: Record<string, DuckDBValue> = {};
    const types: Record<string, DuckDBType | undefined> = {};
    // Quoted identifiers and strings are skipped: a column named "$p3" is not a parameter.
    const bare = sql.replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'/g, ' ');
    for (const [, name] of bare.matchAll(/\$(p\d+)\b/g)) {
      const entry = this.values.get(name);
      if (entry) {
        values[name] = entry.value;
        types[name] = entry.type;
      }
    }
    return { values, types };
  }
}

/** A DuckDB type name as read from DESCRIBE, when it is a plain one (`BIGINT`, `DECIMAL(18,3)`, `TIMESTAMP WITH TIME ZONE`); else undefined. */
export function plainType(duck: string): string | undefined {
  return /^[A-Z][A-Z0-9_ ]*(\(\d+(, ?\d+)?\))?$/i.test(duck) ? duck : undefined;
}

export type DataFormat = 'csv' | 'parquet';

export function formatOf(file: string): DataFormat | undefined {
  if (/\.(csv|tsv|txt)(\.gz)?$/i.test(file)) return 'csv';
  if (/\.(parquet|pq)$/i.test(file)) return 'parquet';
  return undefined;
}

/** The relation with each row's number (0-based, in file order: pandas' index) as `<internal>row`. */
export const numbered = (source: string, internal: string): string => `(SELECT row_number() OVER () - 1 AS ${internal}row, * FROM ${source})`;

/** A prefix of the names Archipel gives its own columns that no column of the data starts with (DuckDB's names ignore case). */
export function internalPrefix(names: readonly string[]): string {
  let prefix = '__';
  while (names.some((n) => n.toLowerCase().startsWith(prefix))) prefix += '_';
  return prefix;
}

/** DuckDB's type names by kind, and the names GX users give them (pandas dtypes, Python, Spark, SQL). */
const TYPE_NAMES: Record<'integer' | 'float' | 'string' | 'boolean' | 'datetime' | 'date', readonly string[]> = {
  integer: ['int', 'int_', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'integer', 'bigint', 'smallint', 'tinyint', 'hugeint', 'long', 'integertype', 'longtype', 'shorttype', 'bytetype', 'number'],
  float: ['float', 'float_', 'float16', 'float32', 'float64', 'double', 'real', 'decimal', 'numeric', 'doubletype', 'floattype', 'decimaltype', 'number'],
  // object_ and O: numpy's names of pandas' object dtype (GX's test definitions use both).
  string: ['str', 'str_', 'string', 'object', 'object_', 'o', 'varchar', 'text', 'char', 'stringtype', 'unicode', 'string[python]', 'string[pyarrow]'],
  boolean: ['bool', 'bool_', 'boolean', 'booleantype'],
  datetime: ['datetime', 'datetime64', 'datetime64[ns]', 'timestamp', 'timestamptype', 'pandas.timestamp', 'datetime64[us]'],
  date: ['date', 'datetype', 'datetime64', 'datetime64[ns]'],
};

/** The kind of a DuckDB column type. */
export function typeKind(duck: string): keyof typeof TYPE_NAMES | 'other' {
  const t = duck.toUpperCase();
  if (/^(U?BIGINT|U?INTEGER|U?SMALLINT|U?TINYINT|U?HUGEINT)$/.test(t)) return 'integer';
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL.*)$/.test(t)) return 'float';
  if (t === 'VARCHAR') return 'string';
  if (t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('TIMESTAMP')) return 'datetime';
  if (t === 'DATE') return 'date';
  return 'other';
}

/** Whether a column of DuckDB type `duck` is of the type a suite names. */
export function typeMatches(duck: string, wanted: string): boolean {
  const w = wanted.toLowerCase();
  if (w === duck.toLowerCase()) return true;
  const kind = typeKind(duck);
  // A column with a time zone is not pandas' naive datetime64 / datetime64[ns] (its dtype is datetime64[ns, tz]).
  if (/WITH TIME ZONE|TIMESTAMPTZ/i.test(duck) && /^datetime64(\[\w+\])?$/.test(w)) return false;
  return kind !== 'other' && TYPE_NAMES[kind].includes(w);
}

export const isNumericType = (duck: string): boolean => ['integer', 'float'].includes(typeKind(duck));
export const isTemporalType = (duck: string): boolean => ['datetime', 'date'].includes(typeKind(duck));
