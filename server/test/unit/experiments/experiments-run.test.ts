// Running experiments: a sweep queued as a grid, `exp queue start -j N` running each in its own
// workspace with the pipeline runner and committing it as DVC does, apply restoring params and
// outputs byte-identical from the cache, branch/remove/clean, and the queue killed (kill -9) mid-run
// or run twice at once losing nothing.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expCommand, ExpUsageError } from '../../../src/cli/experiments';
import { commitExperiment } from '../../../src/engines/experiments/commit';
import { queuedEntries } from '../../../src/engines/experiments/queue';
import { startQueue } from '../../../src/engines/experiments/runner';
import { loadPipeline } from '../../../src/engines/pipeline/load';
import { runPipeline } from '../../../src/engines/pipeline/run';
import type { ExperimentRow } from '../../../src/experiments/table';
import { makeTree } from '../../tempdir';
import { gitEnv } from '../../experiments';

const trainJs = `const fs = require('fs');
const text = fs.readFileSync('params.yaml', 'utf8');
const n = Number(/n_est: (\\S+)/.exec(text)[1]);
const split = Number(/min_split: (\\S+)/.exec(text)[1]);
if (process.env.EXP_HOLD && n === 50) {
  fs.writeFileSync(process.env.EXP_HOLD + '.started', String(process.pid));
  const wait = () => (fs.existsSync(process.env.EXP_HOLD + '.go') ? done() : setTimeout(wait, 20));
  return wait();
}
done();
function done() {
  fs.writeFileSync('model.txt', 'model with ' + n + ' trees, split ' + split + '\\n');
  fs.writeFileSync('metrics.json', JSON.stringify({ acc: Math.round((0.5 + n / 1000 - split) * 1000) / 1000, n }));
}
`;

const dvcYaml = `stages:
  train:
    cmd: node train.js
    deps:
      - train.js
    params:
      - train.n_est
      - train.min_split
    outs:
      - model.txt
    metrics:
      - metrics.json:
          cache: false
`;

const ENV = gitEnv();

function repo(): { root: string; remove: () => void } {
  const tree = makeTree({ 'dvc.yaml': dvcYaml, 'train.js': trainJs, 'params.yaml': '# training\ntrain:\n  n_est: 100  # trees\n  min_split: 0.01\n' });
  const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...ENV } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'baseline');
  return tree;
}

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; text: () => string } {
  let out = '';
  return { io: { out: (t) => { out += t; }, err: () => undefined }, text: () => { const t = out; out = ''; return t; } };
}

async function show(root: string): Promise<ExperimentRow[]> {
  const c = capture();
  await expCommand(['show', '--format', 'json'], c.io, root, { ARCHIPEL_CACHE_DIR: 'off' });
  return JSON.parse(c.text()) as ExperimentRow[];
}

async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('experiments: run, queue, apply', function () {
  this.timeout(120_000);
  const saved: Record<string, string | undefined> = {};
  before(function () {
    for (const [k, v] of Object.entries(ENV)) { saved[k] = process.env[k]; process.env[k] = v; }
  });
  after(function () {
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  });

  it('a sweep of 2×3 values queues 6 experiments with their params; a sweep without --queue is refused', async function () {
    const tree = repo();
    try {
      const c = capture();
      assert.equal(await expCommand(['run', '--queue', '-S', 'train.n_est=50,100,200', '-S', 'train.min_split=0.01,0.02', '--name', 'grid'], c.io, tree.root), 0);
      const entries = await queuedEntries(tree.root);
      assert.equal(entries.length, 6);
      assert.deepEqual(entries.map((e) => e.name), ['grid-1', 'grid-2', 'grid-3', 'grid-4', 'grid-5', 'grid-6']);
      assert.deepEqual(entries[3].params, { 'params.yaml': { 'train.n_est': 100, 'train.min_split': 0.02 } });
      await assert.rejects(expCommand(['run', '-S', 'train.n_est=1,2'], c.io, tree.root), /add --queue/);
      await assert.rejects(expCommand(['run', '--queue', '--name', 'a/b'], c.io, tree.root), /cannot contain '\/'/);
      await assert.rejects(expCommand(['run', '--queue', '-S', 'train.n_est=1', '-S', 'nope=1'], c.io, tree.root), ExpUsageError);
      let err = '';
      assert.equal(await expCommand(['apply', 'nothing-here'], { out: () => undefined, err: (t) => { err += t; } }, tree.root), 1);
      assert.equal(err, "archipel exp: no experiment named 'nothing-here'\n");
    } finally {
      tree.remove();
    }
  });

  it('queue start -j 2 runs each experiment in its own workspace and commits it; show gives their metrics; apply restores params and outputs byte-identical', async function () {
    const tree = repo();
    try {
      const c = capture();
      await expCommand(['run', '--queue', '-S', 'train.n_est=50,100,200', '--name', 'n'], c.io, tree.root);
      assert.equal(await expCommand(['queue', 'start', '-j', '2'], c.io, tree.root), 0, c.text());
      assert.deepEqual(await queuedEntries(tree.root), []);
      assert.equal(execFileSync('git', ['-C', tree.root, 'status', '--porcelain']).toString(), '', 'the workspace is untouched');
      const rows = (await show(tree.root)).filter((r) => r.kind === 'experiment');
      assert.deepEqual(rows.map((r) => r.name).sort(), ['n-1', 'n-2', 'n-3']);
      const byName = new Map(rows.map((r) => [r.name, r]));
      assert.deepEqual(byName.get('n-1')!.metrics, { 'metrics.json': { acc: 0.54, n: 50 } });
      assert.deepEqual(byName.get('n-3')!.params, { 'params.yaml': { 'train.n_est': 200 } });
      // Each run's duration, from its start to its commit (#52: it was never filled for DVC experiments).
      for (const row of rows) assert.ok(typeof row.duration === 'number' && row.duration >= 0, `${row.name}: duration ${row.duration}`);

      // Apply n-1: params as committed, the output from the cache.
      c.text();
      assert.equal(await expCommand(['apply', 'n-1', '--dry'], c.io, tree.root), 0);
      assert.match(c.text(), /would apply n-1 .*\n {2}M params.yaml\n {2}A dvc.lock\n {2}A metrics.json\n {2}A model.txt \(output, from the cache\)/);
      await expCommand(['apply', 'n-1'], c.io, tree.root);
      const commit = byName.get('n-1')!.id;
      const blob = (file: string) => execFileSync('git', ['-C', tree.root, 'show', `${commit}:${file}`]);
      assert.deepEqual(readFileSync(path.join(tree.root, 'params.yaml')), blob('params.yaml'));
      assert.match(readFileSync(path.join(tree.root, 'params.yaml'), 'utf8'), /n_est: 50 # trees/);
      const model1 = readFileSync(path.join(tree.root, 'model.txt'));
      assert.equal(model1.toString(), 'model with 50 trees, split 0.01\n');
      await expCommand(['apply', 'n-3'], c.io, tree.root);
      assert.equal(readFileSync(path.join(tree.root, 'model.txt'), 'utf8'), 'model with 200 trees, split 0.01\n');
      // A run in the workspace (its garbage collection) keeps the experiments' outputs.
      await runPipeline(await loadPipeline(path.join(tree.root, 'dvc.yaml')), { force: true });
      rmSync(path.join(tree.root, 'model.txt'));
      await expCommand(['apply', 'n-1'], c.io, tree.root);
      assert.deepEqual(readFileSync(path.join(tree.root, 'model.txt')), model1);
      assert.deepEqual(readFileSync(path.join(tree.root, 'dvc.lock')), blob('dvc.lock'));

      // Branch, remove, clean.
      await expCommand(['branch', 'n-2', 'try-100'], c.io, tree.root);
      assert.equal(execFileSync('git', ['-C', tree.root, 'rev-parse', 'try-100']).toString().trim(), byName.get('n-2')!.id);
      let err = '';
      assert.equal(await expCommand(['branch', 'n-2', '--', '--force'], { out: () => undefined, err: (t) => { err += t; } }, tree.root), 1);
      assert.match(err, /'--force' is not a valid branch name/);
      await expCommand(['remove', 'n-2', 'n-3'], c.io, tree.root);
      assert.deepEqual((await show(tree.root)).filter((r) => r.kind === 'experiment').map((r) => r.name), ['n-1']);
      assert.equal(await expCommand(['clean'], c.io, tree.root), 0);
    } finally {
      tree.remove();
    }
  });

  it('apply never writes outside the repository, whatever an experiment\'s dvc.lock says', async function () {
    const tree = repo();
    const outside = path.join(tree.root, '..', `${path.basename(tree.root)}-escape.txt`);
    try {
      const baseline = execFileSync('git', ['-C', tree.root, 'rev-parse', 'HEAD']).toString().trim();
      const md5 = 'b'.repeat(32);
      const lock = `schema: '2.0'\nstages:\n  train:\n    cmd: node train.js\n    outs:\n    - path: ../${path.basename(outside)}\n      hash: md5\n      md5: ${md5}\n      size: 3\n`;
      await commitExperiment(tree.root, { baseline, name: 'hostile', files: { 'dvc.lock': lock }, env: ENV });
      const object = path.join(tree.root, '.archipel', 'cache', md5.slice(0, 2), md5.slice(2));
      mkdirSync(path.dirname(object), { recursive: true });
      writeFileSync(object, 'pwn');
      let err = '';
      assert.equal(await expCommand(['apply', 'hostile'], { out: () => undefined, err: (t) => { err += t; } }, tree.root), 1);
      assert.match(err, /outside the repository/);
      assert.equal(existsSync(outside), false);
    } finally {
      tree.remove();
      rmSync(outside, { force: true });
    }
  });

  it('a queue killed (kill -9) mid-run loses nothing; two queues at once run each experiment once', async function () {
    const tree = repo();
    const hold = path.join(tree.root, '..', `${path.basename(tree.root)}-hold`);
    try {
      const c = capture();
      await expCommand(['run', '--queue', '-S', 'train.n_est=50,100,200', '--name', 'k'], c.io, tree.root);
      const runner = require.resolve('../../../src/engines/experiments/runner');
      const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(runner)}).startQueue(${JSON.stringify(tree.root)}, { jobs: 1 })`], { env: { ...process.env, ...ENV, EXP_HOLD: hold }, stdio: 'ignore' });
      await until(() => existsSync(`${hold}.started`));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // The held stage's command dies with its runner (the pipeline runner's watcher).
      const stagePid = Number(readFileSync(`${hold}.started`, 'utf8'));
      await until(() => { try { process.kill(stagePid, 0); return false; } catch { return true; } });
      assert.equal((await queuedEntries(tree.root)).length, 3, 'nothing left the queue');
      c.text();
      assert.equal(await expCommand(['clean'], c.io, tree.root), 0);
      assert.match(c.text(), /removed 1 temporary workspace/, 'the dead runner\'s workspace');

      writeFileSync(`${hold}.go`, '');
      const [a, b] = await Promise.all([startQueue(tree.root, { jobs: 2, env: ENV }), startQueue(tree.root, { jobs: 2, env: ENV })]);
      const outcomes = [...a, ...b].map((r) => r.outcome).sort();
      assert.deepEqual(outcomes.filter((o) => o === 'committed').length, 3, JSON.stringify([...a, ...b]));
      assert.ok(outcomes.every((o) => o === 'committed' || o === 'claimed-elsewhere'), JSON.stringify([...a, ...b]));
      assert.deepEqual(await queuedEntries(tree.root), []);
      const rows = (await show(tree.root)).filter((r) => r.kind === 'experiment');
      assert.deepEqual(rows.map((r) => r.name).sort(), ['k-1', 'k-2', 'k-3']);
      assert.deepEqual(rows.find((r) => r.name === 'k-1')!.metrics, { 'metrics.json': { acc: 0.54, n: 50 } });
    } finally {
      tree.remove();
      for (const f of ['started', 'go']) rmSync(`${hold}.${f}`, { force: true });
    }
  });
});
