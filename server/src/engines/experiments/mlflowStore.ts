/**
 * MLflow's two local stores read directly, whatever MLflow version wrote them (MLflow 3.13
 * refuses its own `mlruns/` folders: mlflow/mlflow#23634). The file store is walked folder by
 * folder, a metric file streamed into a summary; the SQLite store is read page by page by a reader
 * of SQLite's file format (mlflowSqliteFile.ts), or, when it declines the file, opened with sql.js
 * (SQLite compiled to WebAssembly: no native build) read-only from a copy in memory; its latest metrics
 * from `latest_metrics` when the schema has it (MLflow ≥ 1.9) and computed by MLflow's rule before.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseDocument } from 'yaml';
import { addPoint, parseMetricLine, statusName, type MetricSummary, type MlflowRun } from '../../experiments/mlflow';
import { WorkspaceReadError, openSideFile, readSideFileBounded } from '../../disk/readText';
import { formatNumber, t } from '../../l10n/t';
import { withFileTables } from './mlflowSqliteFile';
import type { SqlValue, StoreTables } from './storeTables';
import type { Database } from 'sql.js';

/** At most this many runs are read from one store (the table is for comparing, not archiving). */
export const maxMlflowRuns = 20_000;
/**
 * The largest `mlflow.db` read: sql.js holds the whole database in memory (a 272 MB store took
 * 1.5 GB); a larger one is one row of exp show saying so (ARCHIPEL_MLFLOW_MAX_MB raises it).
 */
export function maxMlflowDbBytes(): number {
  const mb = Number(process.env.ARCHIPEL_MLFLOW_MAX_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 64) * 1024 * 1024;
}
/** A param or tag value is shown to this many characters, then cut with its size said (a 200 MB value was printed whole). */
export const maxValueChars = 1000;
/** Bytes read of a file store's value file or meta.yaml. */
const maxValueBytes = 64 * 1024;

/** A value cut to maxValueChars, saying how long it was (`size`: its length when more was not read). */
export function cutValue(value: string, size = value.length): string {
  return size <= maxValueChars && value.length <= maxValueChars ? value : t('{0}… (cut: {1} characters in all)', value.slice(0, maxValueChars), formatNumber(size));
}

async function readSmall(file: string): Promise<string | undefined> {
  try {
    const handle = await openSideFile(file);
    try {
      const size = (await handle.stat()).size;
      const buffer = Buffer.alloc(maxValueBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxValueBytes, 0);
      return cutValue(buffer.subarray(0, bytesRead).toString('utf8'), size);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

function meta(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const value: unknown = parseDocument(text, { schema: 'core', logLevel: 'error' }).toJS();
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `params/`, `tags/` and `metrics/` hold one file per key; a key with '/' is a sub-folder. */
async function keyFiles(folder: string, prefix = ''): Promise<{ key: string; file: string }[]> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: { key: string; file: string }[] = [];
  for (const entry of entries) {
    const file = path.join(folder, entry.name);
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await keyFiles(file, key)));
    else if (entry.isFile()) out.push({ key, file });
  }
  return out;
}

async function metricSummary(file: string): Promise<MetricSummary | undefined> {
  let summary: MetricSummary | undefined;
  const lines = createInterface({ input: (await openSideFile(file)).createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const point = parseMetricLine(line);
    if (point) summary = addPoint(summary, point);
  }
  return summary;
}

function number(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The runs of an `mlruns/` folder: each experiment folder with a `meta.yaml`, each run folder in it (`.trash` and `models` skipped). */
export async function readFileStore(folder: string): Promise<MlflowRun[]> {
  const runs: MlflowRun[] = [];
  let experiments;
  try {
    experiments = await fs.readdir(folder, { withFileTypes: true });
  } catch {
    return runs;
  }
  for (const exp of experiments) {
    if (!exp.isDirectory() || exp.name.startsWith('.') || exp.name === 'models') continue;
    const expFolder = path.join(folder, exp.name);
    const expMeta = meta(await readSmall(path.join(expFolder, 'meta.yaml')));
    if (Object.keys(expMeta).length === 0) continue;
    if (expMeta.lifecycle_stage === 'deleted') continue;
    const runFolders = await fs.readdir(expFolder, { withFileTypes: true });
    for (const runEntry of runFolders) {
      if (!runEntry.isDirectory() || runs.length >= maxMlflowRuns) continue;
      const runFolder = path.join(expFolder, runEntry.name);
      const runMeta = meta(await readSmall(path.join(runFolder, 'meta.yaml')));
      if (Object.keys(runMeta).length === 0 || runMeta.lifecycle_stage === 'deleted') continue;
      const run: MlflowRun = {
        runId: String(runMeta.run_id ?? runMeta.run_uuid ?? runEntry.name),
        experimentId: String(runMeta.experiment_id ?? exp.name),
        experimentName: typeof expMeta.name === 'string' ? expMeta.name : undefined,
        runName: typeof runMeta.run_name === 'string' && runMeta.run_name !== '' ? runMeta.run_name : undefined,
        status: statusName(runMeta.status),
        startTime: number(runMeta.start_time),
        endTime: number(runMeta.end_time),
        lifecycleStage: typeof runMeta.lifecycle_stage === 'string' ? runMeta.lifecycle_stage : undefined,
        params: {},
        metrics: {},
        tags: {},
      };
      for (const { key, file } of await keyFiles(path.join(runFolder, 'params'))) run.params[key] = (await readSmall(file)) ?? '';
      for (const { key, file } of await keyFiles(path.join(runFolder, 'tags'))) run.tags[key] = (await readSmall(file)) ?? '';
      for (const { key, file } of await keyFiles(path.join(runFolder, 'metrics'))) {
        const summary = await metricSummary(file);
        if (summary) run.metrics[key] = summary;
      }
      runs.push(run);
    }
  }
  return runs;
}

/** The runs of an `mlflow.db` (MLflow's SQLAlchemy store on SQLite). */
export async function readSqliteStore(file: string): Promise<MlflowRun[]> {
  const fast = await withFileTables(file, maxMlflowDbBytes(), (tables) => runsOf(file, tables));
  return fast ?? readSqliteStoreWithSqlJs(file);
}

/** The same through SQLite itself (sql.js), from a copy of the file in memory. */
export async function readSqliteStoreWithSqlJs(file: string): Promise<MlflowRun[]> {
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs({ locateFile: (name: string) => require.resolve(`sql.js/dist/${name}`) });
  const db = new SQL.Database(await readStoreBytes(file));
  try {
    return await runsOf(file, sqlJsTables(db));
  } finally {
    db.close();
  }
}

/** The store's runs, by the queries of StoreTables. */
async function runsOf(file: string, db: StoreTables): Promise<MlflowRun[]> {
  const tables = db.tables;
  for (const needed of ['experiments', 'runs', 'params', 'metrics', 'tags']) if (!tables.has(needed)) throw new Error(t('{0}: not an MLflow tracking database (no "{1}" table)', file, needed));
  const runs = new Map<string, MlflowRun>();
  const names = new Map((await db.experiments()).map((r) => [String(r[0]), String(r[1])]));
  const runColumns = db.columns('runs');
  refuseForeignSchema(file, tables.has('alembic_version') ? await db.alembic() : [], { runs: runColumns, params: db.columns('params'), tags: db.columns('tags'), metrics: db.columns('metrics') });
  for (const [id, exp, name, status, start, end, stage] of await db.runs(runColumns.has('name'), maxMlflowRuns)) {
    runs.set(String(id), {
      runId: String(id),
      experimentId: String(exp),
      experimentName: names.get(String(exp)),
      runName: typeof name === 'string' && name !== '' ? name : undefined,
      status: statusName(status),
      startTime: number(start),
      endTime: number(end),
      lifecycleStage: typeof stage === 'string' ? stage : undefined,
      params: {},
      metrics: {},
      tags: {},
    });
  }
  // Values cut where they are read (substr), their length said: a 200 MB value never reaches JavaScript whole.
  const value = (cut: SqlValue, size: SqlValue) => cutValue(String(cut ?? ''), Number(size ?? 0));
  await db.values('params', maxValueChars, ([id, key, cut, size]) => { const r = runs.get(String(id)); if (r) r.params[String(key)] = value(cut, size); });
  await db.values('tags', maxValueChars, ([id, key, cut, size]) => { const r = runs.get(String(id)); if (r) r.tags[String(key)] = value(cut, size); });
  const nan = (v: SqlValue, isNan: SqlValue) => (isNan === 1 || v === null ? NaN : Number(v));
  const metricColumns = db.columns('metrics');
  if (tables.has('latest_metrics')) {
    // MLflow's own record of the latest value (what its UI and API show): the history (400,000
    // rows for 10,000 runs) is not scanned for the table; min and max come with a run's history.
    await db.latest(([id, key, value, ts, step, isNan]) => {
      const run = runs.get(String(id));
      if (run) run.metrics[String(key)] = { latest: { value: nan(value, isNan), timestamp: Number(ts), step: Number(step ?? 0) } };
    });
  } else {
    // Before MLflow 1.9: the latest point by MLflow's rule, from the whole history.
    await db.metrics(metricColumns.has('step'), metricColumns.has('is_nan'), ([id, key, value, ts, step, isNan]) => {
      const r = runs.get(String(id));
      if (r) r.metrics[String(key)] = addPoint(r.metrics[String(key)], { value: nan(value, isNan), timestamp: Number(ts), step: Number(step ?? 0) });
    });
  }
  return [...runs.values()];
}

/** StoreTables by SQL, on a database opened with sql.js. */
function sqlJsTables(db: Database): StoreTables {
  const rows = (sql: string): SqlValue[][] => db.exec(sql)[0]?.values ?? [];
  const each = (sql: string, visit: (row: SqlValue[]) => void): Promise<void> => {
    const s = db.prepare(sql);
    try {
      while (s.step()) visit(s.get());
    } finally {
      s.free();
    }
    return Promise.resolve();
  };
  return {
    tables: new Set(rows("SELECT name FROM sqlite_master WHERE type = 'table'").map((v) => String(v[0]))),
    columns: (table) => new Set(rows(`SELECT name FROM pragma_table_info('${table}')`).map((r) => String(r[0]))),
    alembic: () => Promise.resolve(rows('SELECT version_num FROM alembic_version')),
    experiments: () => Promise.resolve(rows('SELECT experiment_id, name FROM experiments')),
    runs: (nameColumn, limit) => Promise.resolve(rows(`SELECT run_uuid, experiment_id, ${nameColumn ? 'name' : 'NULL'}, status, start_time, end_time, lifecycle_stage FROM runs WHERE lifecycle_stage IS NULL OR lifecycle_stage != 'deleted' ORDER BY start_time LIMIT ${limit}`)),
    values: (table, max, visit) => each(`SELECT run_uuid, key, substr(value, 1, ${max}), length(value) FROM ${table}`, visit),
    latest: (visit) => each('SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics', visit),
    metrics: (step, isNan, visit) => each(`SELECT run_uuid, key, value, timestamp, ${step ? 'step' : '0'}, ${isNan ? 'is_nan' : '0'} FROM metrics`, visit),
  };
}

/** The database's bytes, within maxMlflowDbBytes (a link to /dev/zero, a FIFO: refused by fstat). */
async function readStoreBytes(file: string): Promise<Buffer> {
  const limit = maxMlflowDbBytes();
  try {
    return await readSideFileBounded(file, limit);
  } catch (error) {
    if (error instanceof WorkspaceReadError && error.reason === 'too-large') {
      const size = (await fs.stat(file)).size;
      throw new Error(t('{0} is {1} MB, more than the {2} MB Archipel reads into memory (ARCHIPEL_MLFLOW_MAX_MB)', file, Math.round(size / 1024 / 1024), limit / 1024 / 1024));
    }
    throw error;
  }
}

/** The columns read, by table: what every MLflow schema since 1.0 has (name, step, is_nan are optional). */
const requiredColumns: Readonly<Record<string, readonly string[]>> = {
  runs: ['run_uuid', 'experiment_id', 'status', 'start_time', 'end_time', 'lifecycle_stage'],
  params: ['run_uuid', 'key', 'value'],
  tags: ['run_uuid', 'key', 'value'],
  metrics: ['run_uuid', 'key', 'value', 'timestamp'],
};

/**
 * A schema whose tables lack a column Archipel reads is refused by name — its Alembic revision
 * (MLflow's migrations write it in alembic_version) and the missing column — rather than failing
 * on a query ("no such column: end_time"). A later revision that keeps the columns is read.
 */
function refuseForeignSchema(file: string, revision: SqlValue[][], columns: Readonly<Record<string, ReadonlySet<string>>>): void {
  for (const [table, needed] of Object.entries(requiredColumns)) {
    const missing = needed.find((column) => !columns[table]?.has(column));
    if (missing) throw new Error(t('{0}: MLflow schema {1} is not one Archipel reads (table {2} has no column {3})', file, revision[0]?.[0] === undefined ? t('without a revision') : String(revision[0][0]), table, missing));
  }
}
