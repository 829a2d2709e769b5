/**
 * A Parquet file's sample through DuckDB (issue #65): its column names and its first rows as text.
 * DuckDB reads the row groups the LIMIT needs, not the file. As the validation engine does
 * (engines/validate/dataFile.ts), the file is opened here and DuckDB reads it through its
 * descriptor on Linux (`/proc/self/fd/N`: the statement's text holds nothing from the workspace),
 * with no other file allowed, no extension loaded, and the configuration locked before the read.
 */
import { closeSync, constants, existsSync, fstatSync } from 'node:fs';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';
import { t } from '../../l10n/t';
import { openRegularFileSync } from '../../disk/readText';
import { SampleError, type DataSample } from './sample';

/** DuckDB's memory for a sample. */
const MEMORY_MB = 256;

export async function parquetSample(real: string, maxRows: number, maxColumns: number): Promise<DataSample> {
  const fd = openRegularFileSync(real, constants.O_NOFOLLOW);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const size = fstatSync(fd).size;
    const byDescriptor = process.platform === 'linux' && existsSync(`/proc/self/fd/${fd}`);
    // Elsewhere the real path, its glob characters made literal.
    const duckPath = byDescriptor ? `/proc/self/fd/${fd}` : real.replace(/[[*?]/g, (c) => `[${c}]`);
    for (const statement of [
      `SET memory_limit = '${MEMORY_MB}MB'`,
      `SET allowed_paths = [${quotedString(duckPath)}]`,
      'SET enable_external_access = false',
      'SET autoload_known_extensions = false',
      'SET autoinstall_known_extensions = false',
      'SET lock_configuration = true',
    ]) await connection.run(statement);
    // The row count bound is a bound parameter; the relation's text names only the descriptor.
    const reader = await connection.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${quotedString(duckPath)}) LIMIT $n`, { n: maxRows });
    const columns = reader.columnNames().slice(0, maxColumns);
    const rows = reader.getRows();
    const values = columns.map((_, c) => rows.map((row) => (typeof row[c] === 'string' ? (row[c]) : '')));
    const total = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet(${quotedString(duckPath)})`);
    const count = Number(total.getRows()[0]?.[0] ?? 0);
    return { format: 'parquet', columns, values, rows: rows.length, size, whole: count <= rows.length };
  } catch (error) {
    throw new SampleError(t('{0} could not be read as Parquet: {1}', real, error instanceof Error ? error.message : String(error)));
  } finally {
    connection.closeSync();
    instance.closeSync();
    closeSync(fd);
  }
}
