/**
 * The queries `exp show` asks of an MLflow SQLite store (mlflowStore.ts, StoreTables), answered by
 * the SQLite file reader (sqliteFile.ts) with SQLite's own results: the same rows in the same
 * order, values as sql.js hands them to JavaScript (integers as numbers, text up to its first NUL,
 * blobs as Uint8Array), `substr`/`length` counted in characters. Whatever could make SQLite answer
 * otherwise (a covering index it might scan instead of the table, a collation, a column default, a
 * write-ahead log) is a SqliteFileError with `unsupported`: the store is then opened with sql.js.
 */
import { promises as fs } from 'node:fs';
import { SqliteFile, SqliteFileError, type Cell, type SchemaEntry } from './sqliteFile';
import { parseCreateIndex, parseCreateTable, type TableDef } from './sqliteSchema';
import type { SqlValue, StoreTables } from './storeTables';
import { openSideFile } from '../../disk/readText';

interface Table {
  def: TableDef;
  root: number;
  /** Index column lists (explicit and automatic) that could serve a scan in another order. */
  indexes: { columns: string[]; sql: string | undefined }[];
}

/**
 * sql.js's value of a stored one: integers as doubles; text whole (NULs included) but without a
 * leading byte-order mark (its TextDecoder drops one).
 */
function js(cell: Cell): SqlValue {
  if (typeof cell === 'bigint') return Number(cell);
  if (typeof cell === 'string' && cell.charCodeAt(0) === 0xfeff) return cell.slice(1);
  return cell;
}

/** SQLite's order of values (BINARY collation): NULL, numbers, text, blobs. */
function compare(a: Cell, b: Cell): number {
  const rank = (v: Cell) => (v === null ? 0 : typeof v === 'number' || typeof v === 'bigint' ? 1 : typeof v === 'string' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb || ra === 0) return ra - rb;
  if (ra === 1) return compareNumbers(a as number | bigint, b as number | bigint);
  const ba = typeof a === 'string' ? Buffer.from(a, 'utf8') : (a as Uint8Array);
  const bb = typeof b === 'string' ? Buffer.from(b, 'utf8') : (b as Uint8Array);
  return Buffer.compare(ba, bb);
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // An integer past 2^53 against a float, exactly (SQLite's sqlite3IntFloatCompare).
  const sign = typeof a === 'bigint' ? 1 : -1;
  const i = (typeof a === 'bigint' ? a : b) as bigint;
  const r = (typeof a === 'bigint' ? b : a) as number;
  if (r >= 9223372036854775808) return -sign;
  if (r < -9223372036854775808) return sign;
  const floor = BigInt(Math.floor(r));
  if (i !== floor) return i < floor ? -sign : sign;
  return r > Math.floor(r) ? -sign : 0;
}

/** `substr(value, 1, max)` and `length(value)` as sql.js returns them for text (characters are code points), into out[2] and out[3]. */
function cutAndLength(cell: Cell, max: number, file: string, out: SqlValue[]): void {
  if (cell === null) {
    out[2] = out[3] = null;
    return;
  }
  if (typeof cell !== 'string') throw new SqliteFileError(file, 'a value that is not text', true);
  // SQLite's substr and length stop at a NUL.
  const nul = cell.indexOf('\0');
  const text = nul < 0 ? cell : cell.slice(0, nul);
  let points = 0;
  let cutAt = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    if (points === max) cutAt = i;
    points++;
  }
  out[2] = js(cutAt < 0 ? text : text.slice(0, cutAt));
  out[3] = points;
}

export class FileTables implements StoreTables {
  readonly tables: Set<string>;

  private constructor(private readonly db: SqliteFile, private readonly schema: SchemaEntry[]) {
    this.tables = new Set(schema.filter((e) => e.type === 'table').map((e) => e.name));
  }

  static async open(db: SqliteFile): Promise<FileTables> {
    return new FileTables(db, await db.schema());
  }

  private unsupported(why: string): SqliteFileError {
    return new SqliteFileError(this.db.file, why, true);
  }

  private table(name: string): Table {
    const entry = this.schema.find((e) => e.type === 'table' && e.name.toLowerCase() === name.toLowerCase());
    const def = entry?.sql === undefined ? undefined : parseCreateTable(entry.sql);
    if (!entry || !def || entry.root < 1) throw this.unsupported(`table ${name}`);
    if (def.withoutRowid || def.columns.some((c) => c.generated)) throw this.unsupported(`table ${name} (WITHOUT ROWID or generated columns)`);
    const indexes = this.schema
      .filter((e) => e.type === 'index' && e.table.toLowerCase() === name.toLowerCase())
      .flatMap((e): Table['indexes'] => (e.sql === undefined ? def.keys.map((columns) => ({ columns, sql: undefined })) : [{ columns: parseCreateIndex(e.sql) ?? ['(expr)'], sql: e.sql }]));
    return { def, root: entry.root, indexes };
  }

  columns(name: string): Set<string> {
    if (!this.schema.some((e) => e.type === 'table' && e.name.toLowerCase() === name.toLowerCase())) return new Set();
    return new Set(this.table(name).def.columns.map((c) => c.name));
  }

  /**
   * The columns asked of every row of a table in rowid order (what a full scan of it returns).
   * `inOrder`: the rows' order matters, so a covering index SQLite might scan instead is declined.
   */
  private async select(name: string, asked: readonly string[], inOrder: boolean, visit: (row: Cell[]) => void): Promise<void> {
    const { def, root, indexes } = this.table(name);
    const at = asked.map((column) => def.columns.findIndex((c) => c.name.toLowerCase() === column));
    if (at.some((i) => i < 0)) throw this.unsupported(`a column of ${name}`);
    if (at.some((i) => def.columns[i].collate)) throw this.unsupported(`a collation in ${name}`);
    const alias = def.rowidAlias >= 0 ? def.columns[def.rowidAlias].name.toLowerCase() : undefined;
    if (inOrder && indexes.some((index) => asked.every((column) => column === alias || index.columns.includes(column)))) throw this.unsupported(`a covering index on ${name}`);
    const want = [...new Set(at)].sort((a, b) => a - b);
    const slot = at.map((i) => want.indexOf(i));
    const needs = Math.max(...want) + 1;
    const values: Cell[] = [];
    // One array for every row (visit copies what it keeps): 150,000 rows make no garbage here.
    const row: Cell[] = new Array<Cell>(asked.length).fill(null);
    await this.db.scan(root, (buf, start, end, rowid) => {
      const held = this.db.record(buf, start, end, want, values);
      if (held < needs && def.columns.some((c, i) => i >= held && i < needs && c.hasDefault)) throw this.unsupported(`a row of ${name} older than a column's DEFAULT`);
      for (let k = 0; k < slot.length; k++) row[k] = at[k] === def.rowidAlias && values[slot[k]] === null ? rowid : values[slot[k]];
      visit(row);
    });
  }

  async alembic(): Promise<SqlValue[][]> {
    const rows: SqlValue[][] = [];
    await this.select('alembic_version', ['version_num'], false, (row) => rows.push(row.map(js)));
    if (rows.length > 1) throw this.unsupported('alembic_version has more than one row');
    return rows;
  }

  async experiments(): Promise<SqlValue[][]> {
    const rows: SqlValue[][] = [];
    await this.select('experiments', ['experiment_id', 'name'], false, (row) => rows.push(row.map(js)));
    // A Map by id: the order matters only when an id comes twice (then SQLite's scan order decides).
    if (new Set(rows.map((r) => String(r[0]))).size !== rows.length) throw this.unsupported('experiment ids given twice');
    return rows;
  }

  /** `… FROM runs WHERE lifecycle_stage IS NULL OR lifecycle_stage != 'deleted' ORDER BY start_time LIMIT limit`. */
  async runs(nameColumn: boolean, limit: number): Promise<SqlValue[][]> {
    const columns = ['run_uuid', 'experiment_id', ...(nameColumn ? ['name'] : []), 'status', 'start_time', 'end_time', 'lifecycle_stage'];
    const { indexes } = this.table('runs');
    // An index on start_time DESC read backwards gives ties in another order.
    if (indexes.some((index) => index.columns[0] === 'start_time' && /\bDESC\b/i.test(index.sql ?? ''))) throw this.unsupported('an index on runs.start_time DESC');
    const rows: Cell[][] = [];
    await this.select('runs', columns, true, (row) => {
      const stage = row[row.length - 1];
      if (stage !== 'deleted') rows.push(nameColumn ? [...row] : [row[0], row[1], null, ...row.slice(2)]);
    });
    // SQLite sorts with a sequence number when there is a LIMIT: ties keep the scan's order (Array.sort is stable).
    const sorted = rows.map((row, i) => ({ row, i })).sort((a, b) => compare(a.row[4], b.row[4]) || a.i - b.i);
    return sorted.slice(0, limit).map(({ row }) => row.map(js));
  }

  /** `SELECT run_uuid, key, substr(value, 1, max), length(value) FROM <params|tags>`. */
  async values(table: 'params' | 'tags', max: number, visit: (row: SqlValue[]) => void): Promise<void> {
    const out: SqlValue[] = [null, null, null, null];
    await this.select(table, ['run_uuid', 'key', 'value'], true, ([id, key, value]) => {
      out[0] = js(id);
      out[1] = js(key);
      cutAndLength(value, max, this.db.file, out);
      visit(out);
    });
  }

  /** `SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics`. */
  async latest(visit: (row: SqlValue[]) => void): Promise<void> {
    const out: SqlValue[] = [];
    await this.select('latest_metrics', ['run_uuid', 'key', 'value', 'timestamp', 'step', 'is_nan'], true, (row) => {
      for (let i = 0; i < row.length; i++) out[i] = js(row[i]);
      visit(out);
    });
  }

  /** The whole metric history (schemas before MLflow 1.9): its covering primary key decides SQLite's order, so it is left to SQLite. */
  metrics(): Promise<void> {
    return Promise.reject(this.unsupported('metrics without latest_metrics'));
  }
}

/**
 * Runs `read` over the store through the file reader; undefined when the reader declines the file
 * (too large for the bound sql.js keeps, a write-ahead log with content, a feature it does not read, a corrupt page).
 */
export async function withFileTables<T>(file: string, limit: number, read: (tables: StoreTables) => Promise<T>): Promise<T | undefined> {
  const wal = await fs.stat(`${file}-wal`).then((s) => s.size, () => 0);
  if (wal > 0) return undefined;
  let handle;
  try {
    handle = await openSideFile(file);
  } catch {
    return undefined;
  }
  try {
    const size = (await handle.stat()).size;
    if (size > limit) return undefined;
    return await read(await FileTables.open(SqliteFile.open(handle.fd, file, size)));
  } catch (error) {
    if (error instanceof SqliteFileError) return undefined;
    throw error;
  } finally {
    await handle.close();
  }
}
