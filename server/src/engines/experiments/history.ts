/**
 * Metric histories for the Experiments panel's plots, read on demand for the rows selected: a DVC
 * row's step files (DVCLive's `dvclive/plots/metrics/**.tsv`, and the pipeline's uncached `plots`
 * files) from its commit or the workspace, an MLflow run's metric history from its store (the file
 * store's `metrics/<key>` lines, the SQLite store's `metrics` table with bound parameters). And the
 * rows of the experiments running now, from the metrics files their temporary workspaces hold as
 * the stages write them (only those small files: nothing else is read again).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { metricValues, plotSeries } from '../../pipeline/outputs';
import { parseMetricLine, type TrackingStore } from '../../experiments/mlflow';
import { parseParamsText } from '../../pipeline/paramsFile';
import { parsePipeline } from '../../pipeline/parse';
import { flatten, type ExperimentRow } from '../../experiments/table';
import { git, readBlobs } from './git';
import { experimentsFolder, queuedEntries } from './queue';
import { maxMlflowDbBytes } from './mlflowStore';
import { pipelineFiles } from './store';
import { READ_BOUNDS, openSideFile, readSideFileBounded, readSideTextBounded } from '../../disk/readText';

export interface History {
  row: string;
  metric: string;
  steps: number[];
  values: (number | null)[];
}

/** At most this many rows' histories per request, and points per history (the plots need no more). */
export const maxHistoryRows = 200;
const maxPoints = 5_000;
const DVCLIVE_METRICS = 'dvclive/plots/metrics';

function bounded(history: History): History {
  if (history.steps.length <= maxPoints) return history;
  const every = Math.ceil(history.steps.length / maxPoints);
  const keep = (_: unknown, i: number) => i % every === 0 || i === history.steps.length - 1;
  return { ...history, steps: history.steps.filter(keep), values: history.values.filter(keep) };
}

/**
 * A history thinned as it is read: past 2 × maxPoints points, every other one is dropped and only
 * every second point after is kept, so memory stays bounded whatever the metric file or table holds
 * (one pass; the last point is kept, as bounded() keeps it).
 */
class Thinned {
  readonly steps: number[] = [];
  readonly values: (number | null)[] = [];
  private stride = 1;
  private seen = 0;
  private last: [number, number | null] | undefined;

  push(step: number, value: number | null): void {
    this.last = [step, value];
    if (this.seen++ % this.stride !== 0) return;
    this.steps.push(step);
    this.values.push(value);
    if (this.steps.length < 2 * maxPoints) return;
    for (let i = 0; i * 2 < this.steps.length; i++) {
      this.steps[i] = this.steps[i * 2];
      this.values[i] = this.values[i * 2];
    }
    this.steps.length = this.values.length = Math.ceil(this.steps.length / 2);
    this.stride *= 2;
  }

  history(row: string, metric: string): History {
    if (this.last && (this.seen - 1) % this.stride !== 0) {
      this.steps.push(this.last[0]);
      this.values.push(this.last[1]);
    }
    return bounded({ row, metric, steps: this.steps, values: this.values });
  }
}

/** The step files a `dvc.yaml` names (uncached `plots` outs), plus DVCLive's folder's files. */
function stepFiles(dvcYaml: string | undefined, listed: readonly string[]): string[] {
  const files = new Set(listed.filter((f) => /\.(tsv|csv|json)$/i.test(f)));
  if (dvcYaml !== undefined) {
    const pipeline = parsePipeline(dvcYaml, path.resolve('/', 'dvc.yaml'));
    for (const stage of pipeline.stages) for (const out of stage.outs) if (out.kind === 'plots' && !out.cache && !out.url && /\.(tsv|csv|json)$/i.test(out.path)) files.add(path.posix.normalize(out.path.replace(/\\/g, '/')));
  }
  return [...files].filter((f) => !f.startsWith('../') && !path.posix.isAbsolute(f)).slice(0, 50);
}

function historiesOf(row: string, file: string, text: string): History[] {
  const plot = plotSeries(text, file);
  if (plot.error) return [];
  // DVCLive writes `timestamp`, `step`, `<metric>`: the timestamp is no metric.
  return plot.series.filter((s) => s.name !== 'timestamp').map((s) => bounded({ row, metric: `${file}:${s.name}`, steps: plot.xs, values: s.values }));
}

/** Histories of commits (baselines, experiments), read from Git: one `ls-tree` and one `cat-file --batch` per commit. */
async function commitHistories(root: string, commit: string): Promise<History[]> {
  const listing = await git(root, ['ls-tree', '-r', '--name-only', '-z', commit, '--', `${DVCLIVE_METRICS}/`], { allow: [128] });
  const listed = listing.stdout.split('\0').filter(Boolean);
  const [dvcYaml] = await readBlobs(root, [`${commit}:dvc.yaml`]);
  const files = stepFiles(dvcYaml?.toString('utf8'), listed);
  const blobs = await readBlobs(root, files.map((f) => `${commit}:${f}`));
  return files.flatMap((file, i) => (blobs[i] ? historiesOf(commit, file, blobs[i].toString('utf8')) : []));
}

async function listTree(folder: string, prefix: string, depth = 0): Promise<string[]> {
  if (depth > 4) return [];
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (e.isDirectory()) out.push(...(await listTree(path.join(folder, e.name), `${prefix}/${e.name}`, depth + 1)));
    else if (e.isFile()) out.push(`${prefix}/${e.name}`);
  }
  return out;
}

/** Histories of a folder holding a pipeline (the workspace, a running experiment's temporary workspace). */
async function folderHistories(folder: string, row: string): Promise<History[]> {
  const dvcYaml = await readSideTextBounded(path.join(folder, 'dvc.yaml'), READ_BOUNDS.config).catch(() => undefined);
  const files = stepFiles(dvcYaml, await listTree(path.join(folder, DVCLIVE_METRICS), DVCLIVE_METRICS));
  const out: History[] = [];
  for (const file of files) {
    const text = await readSideTextBounded(path.join(folder, file), READ_BOUNDS.config).catch(() => undefined);
    if (text !== undefined) out.push(...historiesOf(row, file, text));
  }
  return out;
}

/** An MLflow run's folder in a file store: `<store>/<experiment>/<run id>/`. */
async function runFolder(store: string, runId: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(runId)) return undefined;
  for (const e of await fs.readdir(store, { withFileTypes: true }).catch(() => [])) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const candidate = path.join(store, e.name, runId);
    if (await fs.stat(path.join(candidate, 'meta.yaml')).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

async function fileStoreHistories(store: string, runId: string): Promise<History[]> {
  const folder = await runFolder(store, runId);
  if (!folder) return [];
  const metrics = path.join(folder, 'metrics');
  const out: History[] = [];
  for (const file of await listTree(metrics, '')) {
    // MLflow appends a metric's points as they are logged: in step order but for rare retries.
    const points = new Thinned();
    const lines = createInterface({ input: (await openSideFile(path.join(metrics, file))).createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      const point = parseMetricLine(line);
      if (point) points.push(point.step, Number.isFinite(point.value) ? point.value : null);
    }
    const history = points.history(runId, `MLflow:${file.slice(1)}`);
    const order = history.steps.map((_, i) => i).sort((a, b) => history.steps[a] - history.steps[b]);
    out.push({ ...history, steps: order.map((i) => history.steps[i]), values: order.map((i) => history.values[i]) });
  }
  return out;
}

async function sqliteHistories(file: string, runIds: readonly string[]): Promise<History[]> {
  if (runIds.length === 0) return [];
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs({ locateFile: (name: string) => require.resolve(`sql.js/dist/${name}`) });
  const db = new SQL.Database(await readSideFileBounded(file, maxMlflowDbBytes()));
  try {
    const columns = new Set((db.exec("SELECT name FROM pragma_table_info('metrics')")[0]?.values ?? []).map((r) => String(r[0])));
    const step = columns.has('step') ? 'step' : '0';
    // The run ids are values, bound: never part of the SQL.
    const stmt = db.prepare(`SELECT run_uuid, key, value, ${step}, timestamp FROM metrics WHERE run_uuid IN (${runIds.map(() => '?').join(',')}) ORDER BY run_uuid, key, ${step}, timestamp`);
    const byKey = new Map<string, { row: string; metric: string; points: Thinned }>();
    try {
      stmt.bind([...runIds]);
      while (stmt.step()) {
        const [run, key, value, s] = stmt.get();
        const id = `${String(run)}\0${String(key)}`;
        let history = byKey.get(id);
        if (!history) byKey.set(id, (history = { row: String(run), metric: `MLflow:${String(key)}`, points: new Thinned() }));
        const n = Number(value);
        history.points.push(Number(s ?? 0), value === null || !Number.isFinite(n) ? null : n);
      }
    } finally {
      stmt.free();
    }
    return [...byKey.values()].map((h) => h.points.history(h.row, h.metric));
  } finally {
    db.close();
  }
}

/** The histories of rows of the table (by id), from wherever each row keeps them. */
export async function rowHistories(root: string, rows: readonly ExperimentRow[], ids: readonly string[], stores: readonly TrackingStore[]): Promise<History[]> {
  const wanted = ids.slice(0, maxHistoryRows);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: History[] = [];
  const mlflow: string[] = [];
  for (const id of wanted) {
    const row = byId.get(id);
    if (!row) continue;
    if (row.kind === 'workspace') out.push(...(await folderHistories(root, id)));
    else if (row.kind === 'mlflow') mlflow.push(id);
    else if (/^[0-9a-f]{40,64}$/.test(id)) out.push(...(await commitHistories(root, id)));
  }
  // Each run's history from the first store that has it.
  let left = mlflow;
  for (const store of stores) {
    if (left.length === 0) break;
    const found = store.kind === 'sqlite' ? await sqliteHistories(store.path, left) : (await Promise.all(left.map((id) => fileStoreHistories(store.path, id)))).flat();
    out.push(...found);
    const done = new Set(found.map((h) => h.row));
    left = left.filter((id) => !done.has(id));
  }
  return out;
}

/**
 * The queued experiments as rows: `running` when their temporary workspace exists (its params and
 * metrics files read as they are now, with its step files), `queued` otherwise.
 */
export async function liveRows(root: string): Promise<{ rows: ExperimentRow[]; histories: History[] }> {
  const rows: ExperimentRow[] = [];
  const histories: History[] = [];
  for (const entry of (await queuedEntries(root)).slice(0, 200)) {
    const work = path.join(experimentsFolder(root), 'work', entry.id);
    const params: ExperimentRow['params'] = {};
    for (const [file, values] of Object.entries(entry.params)) params[file] = flatten(values);
    const row: ExperimentRow = { kind: 'queued', id: entry.id, name: entry.name, baseline: entry.baseline, timestamp: entry.queuedAt, status: 'Queued', params, metrics: {} };
    const dvcYaml = await readSideTextBounded(path.join(work, 'dvc.yaml'), READ_BOUNDS.config).catch(() => undefined);
    if (dvcYaml !== undefined) {
      row.kind = 'running';
      row.status = 'Running';
      const files = pipelineFiles(dvcYaml, true);
      for (const file of files.params) {
        const text = await readSideTextBounded(path.join(work, file), READ_BOUNDS.config).catch(() => undefined);
        const content = text === undefined ? undefined : parseParamsText(text, file);
        if (content && 'values' in content) row.params[file] = flatten(content.values);
      }
      for (const file of files.metrics) {
        const text = await readSideTextBounded(path.join(work, file), READ_BOUNDS.config).catch(() => undefined);
        const values = text === undefined ? undefined : metricValues(text, file);
        if (values && 'values' in values) row.metrics[file] = values.values;
      }
      histories.push(...(await folderHistories(work, entry.id)));
    }
    rows.push(row);
  }
  return { rows, histories };
}
