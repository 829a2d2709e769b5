/**
 * The data file of a validation, opened before DuckDB sees it (issue #37): its real path (links
 * resolved) must be inside one of the allowed folders (the workspace; none when the user named the
 * file on the command line), it must be a regular file (a FIFO, a socket, a device or a folder is
 * refused: reading one would hang or never end), and DuckDB reads exactly that file: on Linux
 * through its descriptor (`/proc/self/fd/N`, whose text holds nothing from the workspace), else by
 * its real path with the glob characters escaped, so that `[`, `*` and `?` are plain characters.
 */
import { closeSync, constants, existsSync, fstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { quotedString } from '@duckdb/node-api';
import { isWithin } from '../../common/containment';
import { t } from '../../l10n/t';
import { formatOf, type DataFormat } from './sql';
import { openRegularFileSync } from '../../disk/readText';

export class DataFileError extends Error {}

/** How a CSV's missing cells are read: `pandas`, GX's pandas engine's default NA strings (PANDAS_NA_STRINGS); `empty`, only empty cells. */
export type MissingValues = 'pandas' | 'empty';

export interface DataFile {
  format: DataFormat;
  /** The path DuckDB opens (allowed_paths holds only it). */
  duckPath: string;
  /** Bytes on disk. */
  size: number;
  gzip: boolean;
  /** The relation reading the file; `sampleAll` makes the CSV sniffer read every row. */
  relation(sampleAll: boolean, missing?: MissingValues): string;
  /**
   * The query running DuckDB's CSV sniffer once on the file, with the options `relation` reads it
   * with (one row: its dialect and its columns); undefined for Parquet.
   */
  sniffQuery(sampleAll: boolean, missing?: MissingValues): string | undefined;
  /**
   * The relation reading the CSV with what `sniffQuery` found, so that no query over it sniffs
   * the file again (about 0.1 s each on a 1 GB file; the whole file each, once every row is
   * sampled). Undefined when the row is not the one expected: the caller reads with `relation`.
   */
  sniffedRelation(sniffed: Record<string, unknown>, missing?: MissingValues, header?: Record<string, unknown>): string | undefined;
  /**
   * Under `pandas`, the sniff of the header alone: DuckDB's nullstr applies to the header line too
   * (a column named NA, null or None became column1), where pandas keeps the names. Undefined
   * otherwise; its row goes to `sniffedRelation` as `header`.
   */
  headerQuery(missing?: MissingValues): string | undefined;
  close(): void;
}

function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isFIFO()) return t('a FIFO');
  if (stats.isSocket()) return t('a socket');
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return t('a device');
  if (stats.isDirectory()) return t('a folder');
  return t('not a regular file');
}

/** Glob characters as one-character classes (`[[]`, `[*]`, `[?]`): DuckDB matches them literally. */
/**
 * The strings pandas' read_csv reads as missing by default (its `na_values`, pandas 2.x; GX's pandas
 * engine reads CSV with them), besides the empty cell.
 */
export const PANDAS_NA_STRINGS: readonly string[] = [
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
];

const unglobbed = (file: string): string => file.replace(/[[*?]/g, (c) => `[${c}]`);

/**
 * Opens `file` for a validation; `roots`, when given, are the folders its real path must be in
 * (the suite's `data:`, the editor's paths); `undefined` for a file named on the command line.
 */
export function openDataFile(file: string, roots: readonly string[] | undefined): DataFile {
  const format = formatOf(file);
  if (!format) throw new DataFileError(t('{0}: expected a .csv or .parquet file', file));
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    throw new DataFileError(t('{0} does not exist', file));
  }
  if (roots) {
    const realRoots = roots.map((root) => { try { return realpathSync.native(root); } catch { return path.resolve(root); } });
    if (!realRoots.some((root) => isWithin(real, root))) {
      throw new DataFileError(t('{0} ({1}) is outside the workspace folder {2}: Archipel reads data only inside it, unless you name the file on the command line.', file, real, realRoots.join(' or ') || '(none)'));
    }
  }
  // Refused before opening: opening a FIFO waits for a writer, a device may act on open.
  const kind = kindOf(statSync(real));
  if (kind) throw new DataFileError(t('{0} is {1}, not a data file', file, kind));
  const fd = openRegularFileSync(real, constants.O_NOFOLLOW);
  let size: number;
  try {
    const stats = fstatSync(fd);
    const kindNow = kindOf(stats);
    if (kindNow) throw new DataFileError(t('{0} is {1}, not a data file', file, kindNow));
    size = stats.size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  const byDescriptor = process.platform === 'linux' && existsSync(`/proc/self/fd/${fd}`);
  const duckPath = byDescriptor ? `/proc/self/fd/${fd}` : unglobbed(real);
  const quoted = quotedString(duckPath);
  const gzip = /\.gz$/i.test(file);
  /** The options of every read of the CSV and of its sniffing; `sampleAll`: the sniffer reads every row. */
  const csvOptions = (missing: MissingValues, sampleAll = false) => `header = true, compression = '${gzip ? 'gzip' : 'none'}'${missing === 'pandas' ? `, nullstr = [${PANDAS_NA_STRINGS.map((v) => quotedString(v)).join(', ')}]` : ''}${sampleAll ? ', sample_size = -1' : ''}`;
  return {
    format,
    duckPath,
    size,
    gzip,
    relation: (sampleAll, missing = 'pandas') => (format === 'parquet'
      ? `read_parquet(${quoted})`
      : `read_csv(${quoted}, ${csvOptions(missing, sampleAll)})`),
    sniffQuery: (sampleAll, missing = 'pandas') => (format === 'parquet' ? undefined : `SELECT * FROM sniff_csv(${quoted}, ${csvOptions(missing, sampleAll)})`),
    sniffedRelation: (sniffed, missing = 'pandas', header) => {
      const dialect = sniffedDialect(sniffed, header);
      return dialect === undefined || format === 'parquet' ? undefined : `read_csv(${quoted}, ${csvOptions(missing)}, auto_detect = false, ${dialect})`;
    },
    headerQuery: (missing = 'pandas') => (format === 'parquet' || missing !== 'pandas' ? undefined : `SELECT * FROM sniff_csv(${quoted}, ${csvOptions('empty')}, sample_size = 1)`),
    close: () => closeSync(fd),
  };
}

/**
 * read_csv's options for what DuckDB's sniffer found (a row of `sniff_csv`: the options of the
 * read it prints as its `Prompt`; the names from `header`'s row when given), every value a quoted literal; undefined when a field is missing,
 * of another type, or holds a NUL (which would end the statement's text early).
 */
function sniffedDialect(row: Record<string, unknown>, header?: Record<string, unknown>): string | undefined {
  const text = (key: string): string | undefined => {
    const value = row[key];
    if (typeof value !== 'string' || value.includes('\0')) return undefined;
    return value === '(empty)' ? '' : value; // how sniff_csv shows "none" (a real one is one character)
  };
  const format = (key: string): string | null | undefined => (row[key] === null ? null : text(key));
  const [delim, quote, escape, newLine, comment] = ['Delimiter', 'Quote', 'Escape', 'NewLineDelimiter', 'Comment'].map(text);
  const [dateFormat, timestampFormat] = ['DateFormat', 'TimestampFormat'].map(format);
  const skip = row.SkipRows;
  const columns = row.Columns;
  if (delim === undefined || quote === undefined || escape === undefined || newLine === undefined || comment === undefined || dateFormat === undefined || timestampFormat === undefined) return undefined;
  if (row.HasHeader !== true || typeof skip !== 'number' || !Number.isSafeInteger(skip) || skip < 0 || !Array.isArray(columns) || columns.length === 0) return undefined;
  // The header's own names, when its sniff found as many columns in the same dialect.
  const named = header && Array.isArray(header.Columns) && header.Columns.length === columns.length && header.Delimiter === row.Delimiter ? (header.Columns as unknown[]) : undefined;
  const pairs: string[] = [];
  for (const [i, column] of (columns as unknown[]).entries()) {
    const { type } = (column ?? {}) as { type?: unknown };
    const { name } = ((named ?? columns)[i] ?? {}) as { name?: unknown };
    if (typeof name !== 'string' || typeof type !== 'string' || name.includes('\0') || type.includes('\0')) return undefined;
    pairs.push(`${quotedString(name)}: ${quotedString(type)}`);
  }
  return [
    `delim = ${quotedString(delim)}`, `quote = ${quotedString(quote)}`, `escape = ${quotedString(escape)}`,
    `new_line = ${quotedString(newLine)}`, `skip = ${skip}`, `comment = ${quotedString(comment)}`,
    ...(dateFormat === null ? [] : [`dateformat = ${quotedString(dateFormat)}`]),
    ...(timestampFormat === null ? [] : [`timestampformat = ${quotedString(timestampFormat)}`]),
    `columns = {${pairs.join(', ')}}`,
  ].join(', ');
}
