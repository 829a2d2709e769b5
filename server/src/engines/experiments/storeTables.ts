/** What reading an MLflow SQLite store asks of its database (mlflowStore.ts), whoever answers it. */

export type SqlValue = number | string | Uint8Array | null;

/**
 * What reading a store asks of its database, answered by the SQLite file reader
 * (mlflowSqliteFile.ts) or, when it declines the file, by SQLite itself through sql.js: the same
 * rows in the same order either way.
 */
export interface StoreTables {
  tables: ReadonlySet<string>;
  /** `pragma_table_info(table)`'s names (none for a table that is not there). */
  columns(table: string): Set<string>;
  alembic(): Promise<SqlValue[][]>;
  /** experiment_id, name. */
  experiments(): Promise<SqlValue[][]>;
  /** run_uuid, experiment_id, name (or NULL), status, start_time, end_time, lifecycle_stage of the runs not deleted, by start_time, at most `limit`. */
  runs(nameColumn: boolean, limit: number): Promise<SqlValue[][]>;
  /** run_uuid, key, the value's first `max` characters, its length (`row` may be reused for the next: keep what it holds, not it). */
  values(table: 'params' | 'tags', max: number, visit: (row: SqlValue[]) => void): Promise<void>;
  /** run_uuid, key, value, timestamp, step, is_nan of latest_metrics. */
  latest(visit: (row: SqlValue[]) => void): Promise<void>;
  /** run_uuid, key, value, timestamp, step (or 0), is_nan (or 0) of the whole history. */
  metrics(step: boolean, isNan: boolean, visit: (row: SqlValue[]) => void): Promise<void>;
}
