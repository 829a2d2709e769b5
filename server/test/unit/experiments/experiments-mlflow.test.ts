// MLflow's stores as MLflow wrote them (server/test/fixtures/oss/mlflow, README there): the
// mlruns/ file store and two generations of mlflow.db read without MLflow; the two readers give
// the same runs, params and latest metrics for the same runs; and the runs join `exp show`.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { addPoint, mlflowRow, parseMetricLine, trackingStore, type MlflowRun } from '../../../src/experiments/mlflow';
import { readFileStore, readSqliteStore } from '../../../src/engines/experiments/mlflowStore';
import { findTrackingStore, readMlflowRuns, RUNS_KIND, showAll } from '../../../src/engines/experiments/show';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const dir = path.join(fixturesDir, 'oss', 'mlflow');

const byId = (runs: MlflowRun[]) => new Map(runs.map((r) => [r.runId, r]));

describe('experiments: MLflow stores', function () {
  this.timeout(120_000);

  it('reads metric lines as MLflow writes them, and its order of "latest"', function () {
    assert.deepEqual(parseMetricLine('1720588069476 0.6673983775155525 0'), { timestamp: 1720588069476, value: 0.6673983775155525, step: 0 });
    assert.deepEqual(parseMetricLine('1 2.5'), { timestamp: 1, value: 2.5, step: 0 });
    assert.ok(Number.isNaN(parseMetricLine('5 nan 3')!.value));
    assert.equal(parseMetricLine('garbage'), undefined);
    assert.equal(parseMetricLine('1 x 2'), undefined);
    let s = addPoint(undefined, { timestamp: 10, value: 1, step: 2 });
    s = addPoint(s, { timestamp: 20, value: 5, step: 1 });
    s = addPoint(s, { timestamp: 5, value: 0.5, step: 2 });
    assert.deepEqual([s.latest.value, s.min, s.max, s.count], [1, 0.5, 5, 3]);
  });

  it('finds the store from MLFLOW_TRACKING_URI: a folder, file: or sqlite: URI; never a server', function () {
    assert.deepEqual(trackingStore('./mlruns'), { kind: 'file', path: './mlruns' });
    assert.deepEqual(trackingStore('file:///srv/ml/mlruns'), { kind: 'file', path: '/srv/ml/mlruns' });
    assert.deepEqual(trackingStore('sqlite:///mlflow.db'), { kind: 'sqlite', path: 'mlflow.db' });
    assert.deepEqual(trackingStore('sqlite:////abs/mlflow.db'), { kind: 'sqlite', path: '/abs/mlflow.db' });
    for (const remote of ['http://mlflow:5000', 'https://x', 'databricks', 'postgresql://u@h/db', 'sqlite:///:memory:', '']) assert.equal(trackingStore(remote), undefined, remote);
  });

  it('reads the mlruns/ file store of MLflow 2 (run names, numeric status, datasets/ skipped)', async function () {
    const runs = byId(await readFileStore(path.join(dir, 'zoomcamp-2024-mlruns')));
    const run = runs.get('08d12de37c03466596d663eba8eef8e4')!;
    assert.equal(run.runName, 'learned-cod-443');
    assert.equal(run.status, 'FINISHED');
    assert.equal(run.experimentId, '0');
    assert.equal(run.metrics.training_score.latest.value, 0.6673983775155525);
    assert.equal(run.params.n_estimators, readFileSync(path.join(dir, 'zoomcamp-2024-mlruns', '0', run.runId, 'params', 'n_estimators'), 'utf8'));
    const row = mlflowRow(run);
    assert.equal(row.duration, 1720588115506 - 1720588038778);
    assert.equal(row.metrics.MLflow.training_score, 0.6673983775155525);
    assert.ok(runs.size >= 3, String(runs.size));
  });

  it('reads mlflow.db of MLflow 1.2x (16 runs) with MLflow\'s own latest_metrics, and of MLflow 2 with run names and the git commit tag', async function () {
    const old = await readSqliteStore(path.join(dir, 'zoomcamp-mlflow.db'));
    assert.equal(old.length, 16);
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(path.join(dir, 'zoomcamp-mlflow.db')));
    const latest = db.exec('SELECT run_uuid, key, value FROM latest_metrics')[0].values;
    db.close();
    const runs = byId(old);
    for (const [id, key, value] of latest) assert.equal(runs.get(String(id))?.metrics[String(key)].latest.value, value);

    const iris = await readSqliteStore(path.join(dir, 'mlops-iris-mlflow.db'));
    assert.deepEqual(iris.map((r) => r.runName).sort(), ['best_model_saved', 'logistic_regression', 'random_forest']);
    const row = mlflowRow(iris.find((r) => r.runName === 'random_forest')!);
    assert.equal(row.baseline, '6fd83569c473acfc1071eaae44b1cca3b47d06b1');
    assert.equal(row.status, 'FINISHED');
  });

  it('keeps a SQLite store\'s runs on the kept layer: a cut-short, damaged or read-only cache file is dropped or ignored and the runs read again, warm = cold (#92)', async function () {
    const cache = makeTree({});
    try {
      const store = { kind: 'sqlite' as const, path: path.join(dir, 'zoomcamp-mlflow.db') };
      const cold = await readSqliteStore(store.path);
      assert.deepEqual(await readMlflowRuns(store, cache.root), cold);
      const folder = path.join(cache.root, RUNS_KIND.folder);
      const [name] = readdirSync(folder);
      assert.ok(name.endsWith(RUNS_KIND.suffix), name);
      const file = path.join(folder, name);
      const whole = readFileSync(file);
      assert.deepEqual(await readMlflowRuns(store, cache.root), cold, 'warm');
      const damaged = Buffer.from(whole.map((byte, at) => (at > 16 && at % 7 === 0 ? byte ^ 0x5a : byte)));
      for (const [what, bytes] of [['cut short', whole.subarray(0, whole.length >> 1)], ['damaged', damaged], ['empty', Buffer.alloc(0)]] as const) {
        writeFileSync(file, bytes);
        assert.deepEqual(await readMlflowRuns(store, cache.root), cold, what);
        assert.deepEqual(readFileSync(file), whole, `${what}: written anew`);
      }
      // A read-only cache folder holding a damaged file: ignored, the runs read, nothing thrown.
      writeFileSync(file, damaged);
      chmodSync(folder, 0o555);
      try {
        assert.deepEqual(await readMlflowRuns(store, cache.root), cold, 'read-only');
      } finally {
        chmodSync(folder, 0o755);
      }
    } finally {
      cache.remove();
    }
  });

  it('the file store and the SQLite store of the same runs give the same runs, params and latest metrics', async function () {
    // The 16 runs of the MLflow 1.2x database written out as MLflow's FileStore lays them out.
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(path.join(dir, 'zoomcamp-mlflow.db')));
    const tree = makeTree({});
    try {
      const root = path.join(tree.root, 'mlruns');
      const put = (file: string, text: string) => { mkdirSync(path.dirname(file), { recursive: true }); writeFileSync(file, text, { flag: 'a' }); };
      for (const [id, name] of db.exec('SELECT experiment_id, name FROM experiments')[0].values) put(path.join(root, String(id), 'meta.yaml'), `experiment_id: '${id}'\nlifecycle_stage: active\nname: ${JSON.stringify(name)}\n`);
      for (const [id, exp, status, start, end, stage] of db.exec('SELECT run_uuid, experiment_id, status, start_time, end_time, lifecycle_stage FROM runs')[0].values) {
        const code = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].indexOf(String(status));
        put(path.join(root, String(exp), String(id), 'meta.yaml'), `end_time: ${end ?? 'null'}\nexperiment_id: '${exp}'\nlifecycle_stage: ${stage}\nrun_id: ${id}\nrun_uuid: ${id}\nstart_time: ${start}\nstatus: ${code}\n`);
      }
      const folder = new Map(db.exec('SELECT run_uuid, experiment_id FROM runs')[0].values.map(([r, e]) => [String(r), path.join(root, String(e), String(r))]));
      for (const [id, key, value] of db.exec('SELECT run_uuid, key, value FROM params')[0].values) put(path.join(folder.get(String(id))!, 'params', String(key)), String(value));
      for (const [id, key, value] of db.exec('SELECT run_uuid, key, value FROM tags')[0].values) put(path.join(folder.get(String(id))!, 'tags', String(key)), String(value));
      for (const [id, key, value, ts, step] of db.exec('SELECT run_uuid, key, value, timestamp, step FROM metrics ORDER BY timestamp')[0].values) put(path.join(folder.get(String(id))!, 'metrics', String(key)), `${ts} ${value} ${step}\n`);
      db.close();

      const fromFiles = byId(await readFileStore(root));
      const fromSqlite = byId(await readSqliteStore(path.join(dir, 'zoomcamp-mlflow.db')));
      assert.deepEqual([...fromFiles.keys()].sort(), [...fromSqlite.keys()].sort());
      for (const [id, run] of fromSqlite) {
        const other = fromFiles.get(id)!;
        assert.deepEqual(other.params, run.params, id);
        assert.deepEqual(other.tags, run.tags, id);
        assert.deepEqual(mlflowRow(other).metrics, mlflowRow(run).metrics, id);
        assert.deepEqual([other.status, other.startTime, other.endTime], [run.status, run.startTime, run.endTime], id);
      }
    } finally {
      tree.remove();
    }
  });

  it('joins MLflow runs to the table: mlruns/ at the root by default, the URI when given', async function () {
    const tree = makeTree({});
    try {
      const { execFileSync } = await import('node:child_process');
      execFileSync('git', ['init', '-q'], { cwd: tree.root });
      writeFileSync(path.join(tree.root, 'mlflow.db'), readFileSync(path.join(dir, 'mlops-iris-mlflow.db')));
      assert.deepEqual(await findTrackingStore(tree.root, undefined), { kind: 'sqlite', path: path.join(tree.root, 'mlflow.db') });
      const rows = await showAll(tree.root, { trackingUri: 'sqlite:///mlflow.db' });
      assert.deepEqual(rows.filter((r) => r.kind === 'mlflow').length, 3);
      assert.equal((await findTrackingStore(tree.root, 'http://localhost:5000')), undefined);
    } finally {
      tree.remove();
    }
  });
});
