// `archipel exp show --format json` on a generated repository of 1,000 DVC experiments over 20
// baselines (each a commit whose parent is its baseline, under refs/exps/…, changing params.yaml,
// dvc.lock and a Git-tracked metrics.json, as DVC commits them) and an mlflow.db of 10,000 MLflow
// runs (10 params, 4 metrics of 10 steps each: 400,000 metric rows). Fresh CLI processes:
// - cold: no cache folder (every commit read with `git cat-file --batch`, the database read);
// - warm: the per-commit records and the runs read before are kept (commits never change; the
//   database is re-read only when its size or modification time changes).
// The floor, measured in the same run: `git for-each-ref` over the same refs plus `git cat-file
// --batch` reading the same files of the same commits (what any reader of this layout must do),
// and `sqlite3` dumping the same tables when it is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { childrenCpuMs } from './lib/facts.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Experiments: exp show --format json over 1,000 DVC experiments (20 baselines) + 10,000 MLflow runs, against git for-each-ref + cat-file --batch of the same commits';

// The repository's shape, set by benchRepository: --tiny makes 2 baselines of 5 experiments and
// 50 runs, in a folder of their own.
let BASELINES = 20;
let PER_BASELINE = 50;
let RUNS = 10_000;
const spec = () => `v1 ${BASELINES} ${PER_BASELINE} ${RUNS}`;

const ENV = {
  ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com',
};

const dvcYaml = 'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - train.py\n    params:\n      - train\n    outs:\n      - model.pkl\n    metrics:\n      - metrics.json:\n          cache: false\n';
const params = (b, e) => `prepare:\n  split: 0.2\n  seed: 20170428\nfeaturize:\n  max_features: ${100 + b}\n  ngrams: 2\ntrain:\n  seed: 20170428\n  n_est: ${50 + e}\n  min_split: ${(0.01 * ((e % 5) + 1)).toFixed(2)}\n`;
const metrics = (b, e) => JSON.stringify({ avg_prec: { train: 0.9 + e / 1000, test: 0.8 + b / 1000 }, roc_auc: { train: 0.95, test: 0.9 + e / 10000 } });
const lock = (b, e) => `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    params:\n      params.yaml:\n        train:\n          n_est: ${50 + e}\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: ${(b * 1000 + e).toString(16).padStart(32, '0')}\n      size: 1000\n`;

function blob(text) {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** The repository through one `git fast-import` stream, the experiment refs after (they name their baseline's sha). */
function generateGit(dir, progress) {
  progress('generating 20 baselines and 1,000 experiments with git fast-import…');
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: ENV });
  const out = [];
  let mark = 0;
  let time = 1_700_000_000;
  const baselineMarks = [];
  const expMarks = [];
  for (let b = 0; b < BASELINES; b++) {
    const m = ++mark;
    baselineMarks.push(m);
    out.push(`commit refs/heads/main\nmark :${m}\ncommitter Bench <bench@example.com> ${time++} +0000\n${blob(`baseline ${b}`)}${b ? `from :${baselineMarks[b - 1]}\n` : ''}`);
    out.push(`M 100644 inline dvc.yaml\n${blob(dvcYaml)}M 100644 inline params.yaml\n${blob(params(b, 0))}M 100644 inline metrics.json\n${blob(metrics(b, 0))}M 100644 inline dvc.lock\n${blob(lock(b, 0))}M 100644 inline train.py\n${blob('print(1)\n')}\n`);
  }
  for (let b = 0; b < BASELINES; b++) {
    for (let e = 1; e <= PER_BASELINE; e++) {
      const m = ++mark;
      expMarks.push({ m, b, name: `exp-${b}-${e}` });
      out.push(`commit refs/heads/exp-tmp\nmark :${m}\ncommitter Bench <bench@example.com> ${time++} +0000\n${blob('dvc: commit experiment ' + String(m).padStart(64, '0'))}from :${baselineMarks[b]}\n`);
      out.push(`M 100644 inline params.yaml\n${blob(params(b, e))}M 100644 inline metrics.json\n${blob(metrics(b, e))}M 100644 inline dvc.lock\n${blob(lock(b, e))}\n`);
    }
  }
  const marks = path.join(dir, '.git', 'bench-marks');
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet', `--export-marks=${marks}`], { input: out.join(''), env: ENV, maxBuffer: 1 << 30 });
  const sha = new Map(readFileSync(marks, 'utf8').trim().split('\n').map((l) => { const [k, v] = l.split(' '); return [Number(k.slice(1)), v]; }));
  const updates = expMarks.map(({ m, b, name }) => { const base = sha.get(baselineMarks[b]); return `create refs/exps/${base.slice(0, 2)}/${base.slice(2)}/${name} ${sha.get(m)}\n`; });
  execFileSync('git', ['-C', dir, 'update-ref', '--stdin'], { input: `${updates.join('')}delete refs/heads/exp-tmp\n`, env: ENV });
  execFileSync('git', ['-C', dir, 'checkout', '-q', 'main'], { env: ENV });
  // The workspace's own HEAD is the last baseline; the experiments hang off all twenty.
  return sha;
}

/** mlflow.db with MLflow's tables (the columns its SQLAlchemy store has), through sql.js. */
async function generateMlflow(file, root, progress) {
  progress('generating mlflow.db with 10,000 runs…');
  const { default: initSqlJs } = await import(path.join(root, 'node_modules', 'sql.js', 'dist', 'sql-wasm.js'));
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, deleted_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER);
CREATE TABLE params (key VARCHAR(250), value VARCHAR(8000), run_uuid VARCHAR(32), PRIMARY KEY (key, run_uuid));
CREATE TABLE tags (key VARCHAR(250), value VARCHAR(8000), run_uuid VARCHAR(32), PRIMARY KEY (key, run_uuid));
CREATE TABLE metrics (key VARCHAR(250), value FLOAT, timestamp BIGINT, run_uuid VARCHAR(32), step BIGINT, is_nan BOOLEAN, PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
CREATE TABLE latest_metrics (key VARCHAR(250), value FLOAT, timestamp BIGINT, step BIGINT, is_nan BOOLEAN, run_uuid VARCHAR(32), PRIMARY KEY (key, run_uuid));
INSERT INTO experiments VALUES (0, 'Default', './mlruns/0', 'active', 0, 0);`);
  db.run('BEGIN');
  const run = db.prepare('INSERT INTO runs VALUES (?, ?, \'LOCAL\', \'train.py\', \'\', \'bench\', \'FINISHED\', ?, ?, NULL, \'\', \'active\', \'\', 0)');
  const param = db.prepare('INSERT INTO params VALUES (?, ?, ?)');
  const metric = db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, 0)');
  const latest = db.prepare('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, 0, ?)');
  for (let r = 0; r < RUNS; r++) {
    const id = r.toString(16).padStart(32, '0');
    const start = 1_700_000_000_000 + r * 1000;
    run.run([id, `run-${r}`, start, start + 500]);
    for (let p = 0; p < 10; p++) param.run([`p${p}`, String((r * (p + 1)) % 97), id]);
    for (const key of ['loss', 'acc', 'val_loss', 'val_acc']) {
      for (let step = 0; step < 10; step++) metric.run([key, Math.sin(r + step), start + step, id, step]);
      latest.run([key, Math.sin(r + 9), start + 9, 9, id]);
    }
  }
  for (const s of [run, param, metric, latest]) s.free();
  db.run('COMMIT');
  writeFileSync(file, db.export());
  db.close();
}

/** A whole process: its wall and CPU time (user + system, lib/facts.mjs childrenCpuMs) in ms, and its output. */
function time(command, args, options) {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const result = spawnSync(command, args, { ...options, maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const cpuMs = childrenCpuMs() - cpu0;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${result.status}: ${result.stderr}`);
  return { ms, cpuMs, stdout: result.stdout };
}

/**
 * The generated repository (bench/.data/experiments, made once per SPEC) and `archipel exp show
 * --format json` run in it as a fresh CLI process (also used by experiments-panel.bench.mjs).
 */
export async function benchRepository(context) {
  [BASELINES, PER_BASELINE, RUNS] = context.tiny ? [2, 5, 50] : [20, 50, 10_000];
  const dir = path.join(context.root, 'bench', '.data', context.tiny ? 'experiments-tiny' : 'experiments');
  if (!existsSync(path.join(dir, 'spec.txt')) || readFileSync(path.join(dir, 'spec.txt'), 'utf8') !== spec()) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    generateGit(dir, context.progress);
    await generateMlflow(path.join(dir, 'mlflow.db'), context.root, context.progress);
    writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'spec.txt\nmlflow.db\n');
    writeFileSync(path.join(dir, 'spec.txt'), spec());
  }
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const cacheDir = path.join(os.tmpdir(), 'archipel-bench-experiments-cache');
  // The generated store of 10,000 runs is 68 MB, past the 64 MB an MLflow store is read into memory by
  // default: the bench raises that bound (the bench failed with "1 runs": the store said unreadable).
  const env = { ...ENV, ARCHIPEL_CACHE_DIR: cacheDir, MLFLOW_TRACKING_URI: 'sqlite:///mlflow.db', ARCHIPEL_MLFLOW_MAX_MB: '128' };
  const show = () => time(process.execPath, [cli, 'exp', 'show', '--format', 'json'], { cwd: dir, env });
  return { dir, cacheDir, show, expected: { experiments: BASELINES * PER_BASELINE, runs: RUNS } };
}

export async function run(context) {
  const { dir, cacheDir, show } = await benchRepository(context);
  const check = JSON.parse(show().stdout);
  const exps = check.filter((r) => r.kind === 'experiment').length;
  const runs = check.filter((r) => r.kind === 'mlflow').length;
  if (exps !== BASELINES * PER_BASELINE || runs !== RUNS) throw new Error(`exp show listed ${exps} experiments and ${runs} runs`);

  // The floor: the refs, then the same three files of every experiment and baseline commit.
  const floor = () => {
    const refs = time('git', ['-C', dir, 'for-each-ref', '--format=%(objectname) %(committerdate:unix) %(parent) %(refname)', 'refs/exps/', 'refs/heads/'], {});
    const commits = new Set();
    for (const line of refs.stdout.toString().split('\n')) { const [c, , p] = line.split(' '); if (c) { commits.add(c); if (p) commits.add(p); } }
    const names = [...commits].flatMap((c) => [`${c}:dvc.yaml`, `${c}:dvc.lock`, `${c}:params.yaml`, `${c}:metrics.json`]).join('\n');
    const cat = time('git', ['-C', dir, 'cat-file', '--batch'], { input: `${names}\n` });
    return { ms: refs.ms + cat.ms, cpuMs: refs.cpuMs + cat.cpuMs };
  };
  const sqlite = spawnSync('sqlite3', ['-version']).status === 0;
  const dump = () => time('sqlite3', [path.join(dir, 'mlflow.db'), 'SELECT * FROM runs; SELECT * FROM params; SELECT * FROM tags; SELECT * FROM metrics; SELECT * FROM latest_metrics;'], {});

  const cold = [];
  const warm = [];
  const floors = [];
  const dumps = [];
  const cpu = { cold: [], warm: [], floors: [], dumps: [] };
  for (let i = 0; i < context.runs; i++) {
    context.progress(`run ${i + 1}/${context.runs}`);
    rmSync(cacheDir, { recursive: true, force: true });
    const c = show();
    const w = show();
    const f = floor();
    cold.push(c.ms);
    warm.push(w.ms);
    floors.push(f.ms);
    cpu.cold.push(c.cpuMs);
    cpu.warm.push(w.cpuMs);
    cpu.floors.push(f.cpuMs);
    if (sqlite) {
      const d = dump();
      dumps.push(d.ms);
      cpu.dumps.push(d.cpuMs);
    }
  }
  const git = median(floors);
  const gitCpu = median(cpu.floors);
  const rows = [
    { name: 'exp show --format json, cold (1,000 experiments + 10,000 runs)', ours: median(cold), peer: git + (sqlite ? median(dumps) : 0), cpuMs: { ours: median(cpu.cold), peer: gitCpu + (sqlite ? median(cpu.dumps) : 0) } },
    { name: 'exp show --format json, warm', ours: median(warm), peer: git, cpuMs: { ours: median(cpu.warm), peer: gitCpu } },
  ];
  return {
    peer: sqlite ? 'git for-each-ref + cat-file --batch (+ sqlite3 dump of the tables, cold)' : 'git for-each-ref + cat-file --batch',
    rows,
    notes: [`${exps} experiments over ${BASELINES} baselines and ${runs} MLflow runs listed; median of ${context.runs} fresh processes each; the floor (${git.toFixed(0)} ms) excludes Node's start.`],
  };
}
