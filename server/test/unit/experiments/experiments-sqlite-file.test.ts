// The SQLite file reader (engines/experiments/sqliteFile.ts) against SQLite itself (sql.js): on
// generated MLflow stores (every page size, interior pages, overflowing values, NULLs, NULs and
// byte-order marks in text, integers of every serial type, floats, ties and NULLs in start_time,
// deleted runs and rows) and on the real stores of fixtures/oss/mlflow, each query gives the rows
// SQLite gives, in its order; what the reader declines (a covering index, WITHOUT ROWID, a
// collation, a write-ahead log) goes to sql.js with the same runs; a corrupt file (a page loop, a
// page outside the file) is an error naming it, never a hang.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs, { type Database } from 'sql.js';
import { readSqliteStore, readSqliteStoreWithSqlJs } from '../../../src/engines/experiments/mlflowStore';
import type { SqlValue } from '../../../src/engines/experiments/storeTables';
import { FileTables, withFileTables } from '../../../src/engines/experiments/mlflowSqliteFile';
import { SqliteFile, SqliteFileError } from '../../../src/engines/experiments/sqliteFile';
import { parseCreateIndex, parseCreateTable } from '../../../src/engines/experiments/sqliteSchema';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const MLFLOW_TABLES = `CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, lifecycle_stage VARCHAR(32), CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), UNIQUE (name));
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, CONSTRAINT metric_pk PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL, CONSTRAINT latest_metric_pk PRIMARY KEY (key, run_uuid));
CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid);
CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), run_uuid VARCHAR(32) NOT NULL, CONSTRAINT tag_pk PRIMARY KEY (key, run_uuid));
CREATE TABLE params ("key" VARCHAR(250) NOT NULL, [value] VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL, -- a comment
  CONSTRAINT param_pk PRIMARY KEY (key, run_uuid));
CREATE INDEX index_params_run_uuid ON params (run_uuid);`;

const RUNS = (name: boolean) => `CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, ${name ? 'name VARCHAR(250), ' : ''}source_type VARCHAR(20), status VARCHAR(9), start_time BIGINT, end_time BIGINT, lifecycle_stage VARCHAR(20), experiment_id INTEGER, CONSTRAINT run_pk PRIMARY KEY (run_uuid));`;

/** Integers of every serial type (1, 2, 3, 4, 6 and 8 bytes, 0 and 1), floats, NULL, text, past 2^53. */
const TIMES: string[] = ['NULL', '0', '1', '-1', '127', '-128', '32767', '-32768', '8388607', '-8388608', '2147483647', '-2147483648', '140737488355327', '-140737488355328', '9007199254740993', '9223372036854775807', '-9223372036854775808', '1700000000000', '1700000000000', '0.5', '1700000000000.25', '-1e300', "'text'", "'10'", 'x\'0102\''];

/** A generated store: `runs` runs with params (some overflowing, some astral, NULL, NUL), tags, latest metrics. */
async function generate(pageSize: number, runs: number, options: { name?: boolean; extra?: string } = {}): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db: Database = new SQL.Database();
  db.run(`PRAGMA page_size = ${pageSize}; VACUUM;`);
  db.run(MLFLOW_TABLES);
  db.run(RUNS(options.name ?? true));
  db.run(`INSERT INTO alembic_version VALUES ('bd07f7e963c5'); INSERT INTO experiments VALUES (0, 'Default', 'active'), (7, 'élan 🚀', 'active');`);
  db.run('BEGIN');
  for (let r = 0; r < runs; r++) {
    const id = `'${r.toString(16).padStart(32, '0')}'`;
    const stage = ["'active'", "'deleted'", 'NULL', "CAST(x'64656c6574656400' AS TEXT)", "'Deleted'"][r % 5];
    const start = TIMES[r % TIMES.length];
    const cols = options.name ?? true ? `${id}, ${r % 3 ? `'run-${r}'` : r % 2 ? "''" : r % 4 ? 'NULL' : "CAST(x'efbbbf72' AS TEXT)"}` : id;
    db.run(`INSERT INTO runs VALUES (${cols}, 'LOCAL', ${r % 4 ? "'FINISHED'" : '3'}, ${start}, ${r % 6 ? start : 'NULL'}, ${stage}, ${r % 2 ? 7 : 0})`);
    const values = [`'${r}'`, `'${'x'.repeat(r % 7 === 0 ? 5000 : 10)}'`, `'${'🚀é'.repeat(r % 11 === 0 ? 700 : 3)}'`, "'a'", `'${'y'.repeat(999)}🚀'`, "CAST(x'6100620063' AS TEXT)", "CAST(x'efbbbf61' AS TEXT)", "CAST(x'efbbbfefbbbf' AS TEXT)", `'${'z'.repeat(r === 3 ? 200_000 : 1)}'`];
    values.forEach((v, p) => db.run(`INSERT INTO params VALUES ('p${p}', ${v}, ${id})`));
    db.run(`INSERT INTO tags VALUES ('mlflow.runName', ${r % 5 ? `'tag-${r}'` : 'NULL'}, ${id})`);
    for (const key of ['loss', 'acc']) db.run(`INSERT INTO latest_metrics VALUES ('${key}', ${r % 3 ? Math.sin(r) : r}, ${TIMES[(r + 3) % TIMES.length]}, ${r % 9}, ${r % 13 === 0 ? 1 : 0}, ${id})`);
  }
  db.run('COMMIT');
  // Rows deleted after: freeblocks and a shorter tree.
  db.run("DELETE FROM params WHERE key = 'p3' AND run_uuid LIKE '%3'");
  if (options.extra) db.run(options.extra);
  const bytes = db.export();
  db.close();
  return bytes;
}

/** Every query of StoreTables through the reader and through SQL on sql.js: the same rows in the same order. */
async function sameAnswers(file: string): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  const fd = openSync(file, 'r');
  try {
    const reader = await FileTables.open(SqliteFile.open(fd, file, readFileSync(file).length));
    const rows = (sql: string): SqlValue[][] => db.exec(sql)[0]?.values ?? [];
    const each = async (visit: (v: (row: SqlValue[]) => void) => Promise<void>) => { const out: SqlValue[][] = []; await visit((row) => out.push([...row])); return out; };
    assert.deepEqual(reader.tables, new Set(rows("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r[0]))));
    for (const table of ['runs', 'params', 'tags', 'metrics', 'latest_metrics', 'nothing']) assert.deepEqual(reader.columns(table), new Set(rows(`SELECT name FROM pragma_table_info('${table}')`).map((r) => String(r[0]))), table);
    assert.deepEqual(await reader.alembic(), rows('SELECT version_num FROM alembic_version'));
    // Read into a Map by id (unique, or the reader declines): SQLite may scan the UNIQUE (name) index instead.
    const byId = (r: SqlValue[][]) => [...r].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(byId(await reader.experiments()), byId(rows('SELECT experiment_id, name FROM experiments')));
    const name = reader.columns('runs').has('name');
    for (const limit of [20_000, 7]) assert.deepEqual(await reader.runs(name, limit), rows(`SELECT run_uuid, experiment_id, ${name ? 'name' : 'NULL'}, status, start_time, end_time, lifecycle_stage FROM runs WHERE lifecycle_stage IS NULL OR lifecycle_stage != 'deleted' ORDER BY start_time LIMIT ${limit}`));
    for (const table of ['params', 'tags'] as const) assert.deepEqual(await each((v) => reader.values(table, 1000, v)), rows(`SELECT run_uuid, key, substr(value, 1, 1000), length(value) FROM ${table}`), table);
    assert.deepEqual(await each((v) => reader.latest(v)), rows('SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics'));
  } finally {
    closeSync(fd);
    db.close();
  }
  assert.deepEqual(await readSqliteStore(file), await readSqliteStoreWithSqlJs(file));
}

describe('experiments: the SQLite file reader', function () {
  this.timeout(300_000);
  let tree: { root: string; remove: () => void };
  beforeEach(() => { tree = makeTree({}); });
  afterEach(() => tree.remove());
  const write = (name: string, bytes: Uint8Array) => { const file = path.join(tree.root, name); writeFileSync(file, bytes); return file; };

  it('answers as SQLite does on generated stores of every page size, with and without a run name column', async function () {
    for (const [pageSize, runs, name] of [[512, 300, true], [1024, 120, false], [4096, 400, true], [65536, 60, true]] as const) {
      await sameAnswers(write(`s${pageSize}.db`, await generate(pageSize, runs, { name })));
    }
  });

  it('answers as SQLite does on the real stores of fixtures/oss/mlflow (MLflow 1.2x and 2)', async function () {
    for (const name of ['zoomcamp-mlflow.db', 'mlops-iris-mlflow.db']) await sameAnswers(path.join(fixturesDir, 'oss', 'mlflow', name));
  });

  it('declines what SQLite might answer otherwise, and the runs come from sql.js the same', async function () {
    const cases = {
      covering: 'CREATE INDEX params_all ON params (run_uuid, key, value)',
      withoutRowid: 'DROP TABLE tags; CREATE TABLE tags (key TEXT, value TEXT, run_uuid TEXT, PRIMARY KEY (key, run_uuid)) WITHOUT ROWID',
      collation: 'DROP TABLE tags; CREATE TABLE tags (key TEXT, value TEXT COLLATE NOCASE, run_uuid TEXT)',
      descending: 'CREATE INDEX runs_start ON runs (start_time DESC)',
    };
    for (const [name, extra] of Object.entries(cases)) {
      const file = write(`${name}.db`, await generate(1024, 40, { extra }));
      assert.equal(await withFileTables(file, 1 << 30, async (t) => { await t.runs(true, 10); await t.values('tags', 10, () => undefined); await t.values('params', 10, () => undefined); return 'read'; }), undefined, name);
      assert.deepEqual(await readSqliteStore(file), await readSqliteStoreWithSqlJs(file), name);
    }
    const file = write('wal.db', await generate(1024, 10));
    writeFileSync(`${file}-wal`, 'x');
    assert.equal(await withFileTables(file, 1 << 30, () => Promise.resolve('read')), undefined);
    assert.equal(await withFileTables(write('small.db', await generate(1024, 10)), 100, () => Promise.resolve('read')), undefined, 'past the size bound');
    assert.equal(await withFileTables(write('text.db', Buffer.from('not a database at all'.repeat(100))), 1 << 30, () => Promise.resolve('read')), undefined);
  });

  it('stops on a page loop or a page outside the file with an error naming the file', async function () {
    const bytes = Buffer.from(await generate(512, 200));
    const file = write('loop.db', bytes);
    const fd = openSync(file, 'r');
    const db = SqliteFile.open(fd, file, bytes.length);
    const root = (await db.schema()).find((e) => e.name === 'params')!.root;
    closeSync(fd);
    const at = (root - 1) * 512;
    assert.equal(bytes[at], 0x05, 'params has an interior root');
    for (const [pointer, why] of [[root, /page \d+ met twice/], [999_999, /page 999999 outside the file/]] as const) {
      bytes.writeUInt32BE(pointer, at + 8);
      const broken = write('broken.db', bytes);
      const handle = openSync(broken, 'r');
      try {
        const reader = await FileTables.open(SqliteFile.open(handle, broken, bytes.length));
        await assert.rejects(reader.values('params', 10, () => undefined), (error: unknown) => error instanceof SqliteFileError && !error.unsupported && error.message.startsWith(`${broken}: corrupt SQLite file: `) && why.test(error.message));
      } finally {
        closeSync(handle);
      }
    }
  });

  it('reads the column lists of CREATE TABLE as pragma_table_info does, and the rowid alias', function () {
    const def = parseCreateTable('CREATE TABLE "t" (/* c */ "a b" INTEGER PRIMARY KEY, [c] varchar ( 10 , 2 ) DEFAULT \'x,y\' COLLATE nocase, `d`, e AS (a + 1), CONSTRAINT k UNIQUE (c, d)) STRICT')!;
    assert.deepEqual(def.columns.map((c) => [c.name, c.type, c.hasDefault, c.collate, c.generated]), [['a b', 'INTEGER', false, false, false], ['c', 'VARCHAR(10,2)', true, true, false], ['d', '', false, false, false], ['e', '', false, false, true]]);
    assert.deepEqual([def.rowidAlias, def.withoutRowid, def.keys], [0, false, [['a b'], ['c', 'd']]]);
    assert.equal(parseCreateTable('CREATE TABLE t (a INTEGER PRIMARY KEY DESC, b)')!.rowidAlias, -1, "SQLite's quirk: not the rowid");
    assert.equal(parseCreateTable('CREATE TABLE t (b, a INTEGER, PRIMARY KEY (a DESC))')!.rowidAlias, 1);
    assert.equal(parseCreateTable('CREATE TABLE t (a INT PRIMARY KEY)')!.rowidAlias, -1);
    assert.equal(parseCreateTable('CREATE TABLE t (a INTEGER PRIMARY KEY) WITHOUT ROWID')!.withoutRowid, true);
    assert.equal(parseCreateTable('CREATE TABLE t AS SELECT 1'), undefined);
    assert.deepEqual(parseCreateIndex('CREATE UNIQUE INDEX i ON t (a COLLATE nocase DESC, lower(b)) WHERE a > 0'), ['a', '(expr)']);
  });
});
