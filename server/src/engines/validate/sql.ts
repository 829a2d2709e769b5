/** SQL text for DuckDB: quoted names and literals, and the relations a validation reads. */

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const str = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A JSON value as a SQL literal (numbers, strings, booleans, null). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? (Number.isInteger(value) ? `${value}` : `${value}::DOUBLE`) : 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return str(String(value));
}

export type DataFormat = 'csv' | 'parquet';

export function formatOf(file: string): DataFormat | undefined {
  if (/\.(csv|tsv|txt)(\.gz)?$/i.test(file)) return 'csv';
  if (/\.(parquet|pq)$/i.test(file)) return 'parquet';
  return undefined;
}

/** The file as a relation; `sampleAll` makes the CSV sniffer read every row (when a sample guessed a type wrong). */
export function sourceOf(file: string, format: DataFormat, sampleAll = false): string {
  if (format === 'parquet') return `read_parquet(${str(file)})`;
  return `read_csv(${str(file)}, header = true${sampleAll ? ', sample_size = -1' : ''})`;
}

/** The relation with each row's number (0-based, in file order: pandas' index) as __row. */
export const numbered = (source: string): string => `(SELECT row_number() OVER () - 1 AS __row, * FROM ${source})`;

/** DuckDB's type names by kind, and the names GX users give them (pandas dtypes, Python, Spark, SQL). */
const TYPE_NAMES: Record<'integer' | 'float' | 'string' | 'boolean' | 'datetime' | 'date', readonly string[]> = {
  integer: ['int', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'integer', 'bigint', 'smallint', 'tinyint', 'hugeint', 'long', 'integertype', 'longtype', 'shorttype', 'bytetype', 'number'],
  float: ['float', 'float16', 'float32', 'float64', 'double', 'real', 'decimal', 'numeric', 'doubletype', 'floattype', 'decimaltype', 'number'],
  string: ['str', 'string', 'object', 'varchar', 'text', 'char', 'stringtype', 'unicode'],
  boolean: ['bool', 'boolean', 'booleantype'],
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
  return kind !== 'other' && TYPE_NAMES[kind].includes(w);
}

export const isNumericType = (duck: string): boolean => ['integer', 'float'].includes(typeKind(duck));
export const isTemporalType = (duck: string): boolean => ['datetime', 'date'].includes(typeKind(duck));
