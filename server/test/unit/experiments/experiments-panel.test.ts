// What the Experiments panel's requests answer: the example's training stage swept (three values of
// tune.learning_rate) with its step files committed and read back as histories whose last values are
// the table's metrics; a params key located in its file; the queue's rows live from a temporary
// workspace's metrics file; MLflow histories from the file store and the SQLite store, ending at the
// latest values the table shows; both stores' runs in one table.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expCommand } from '../../../src/cli/experiments';
import { liveRows, rowHistories } from '../../../src/engines/experiments/history';
import { commitExperiment } from '../../../src/engines/experiments/commit';
import { enqueue, experimentsFolder } from '../../../src/engines/experiments/queue';
import { keyRange } from '../../../src/engines/experiments/register';
import { findTrackingStores, showAll } from '../../../src/engines/experiments/show';
import { gitEnv } from '../../experiments';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const ENV = gitEnv();
const oss = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'mlflow');

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } }, out: () => out, err: () => err };
}

describe('experiments: the panel\'s requests', function () {
  this.timeout(120_000);

  it('sweeps the example\'s tune stage: three experiments whose step files are their histories, ending at their metrics', async () => {
    const tree = makeTree({});
    const previous = { ...process.env };
    try {
      cpSync(path.join(repoRoot, 'examples', 'portfolio'), tree.root, { recursive: true, filter: (src) => !/[\\/](data|dvclive)$/.test(src) });
      const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...ENV } });
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'the example');
      Object.assign(process.env, ENV);
      const queued = capture();
      assert.equal(await expCommand(['run', '-S', 'tune.learning_rate=0.05,0.2,0.8', '--queue', '--name', 'lr', 'tune'], queued.io, tree.root, { ARCHIPEL_CACHE_DIR: 'off' }), 0, queued.err());
      const ran = capture();
      assert.equal(await expCommand(['queue', 'start'], ran.io, tree.root, { ARCHIPEL_CACHE_DIR: 'off' }), 0, ran.err());
      const rows = await showAll(tree.root, {});
      const experiments = rows.filter((r) => r.kind === 'experiment');
      assert.deepEqual(experiments.map((r) => [r.name, r.params['params.yaml']['tune.learning_rate']]).sort(), [['lr-1', 0.05], ['lr-2', 0.2], ['lr-3', 0.8]]);
      // Only the target and what it needs ran: the later stages' metrics are absent, and not said to be in a cache.
      for (const row of experiments) assert.equal(row.note, undefined);
      const histories = await rowHistories(tree.root, rows, experiments.map((r) => r.id), []);
      for (const row of experiments) {
        const mine = histories.filter((h) => h.row === row.id);
        assert.deepEqual(mine.map((h) => h.metric).sort(), ['dvclive/plots/metrics/accuracy.tsv:accuracy', 'dvclive/plots/metrics/loss.tsv:loss', 'dvclive/plots/metrics/val_loss.tsv:val_loss']);
        const metrics = row.metrics['dvclive/metrics.json'];
        for (const history of mine) {
          assert.equal(history.steps.length, 60);
          const key = history.metric.split(':').pop()!;
          assert.equal(history.values.at(-1), metrics[key], `${row.name} ${key}`);
        }
      }
      // Different learning rates, different models.
      assert.equal(new Set(experiments.map((r) => r.metrics['dvclive/metrics.json'].loss)).size, 3);
    } finally {
      for (const key of Object.keys(ENV)) if (previous[key] === undefined) delete process.env[key]; else process.env[key] = previous[key];
      tree.remove();
    }
  });

  it('keeps exp show\'s text per inputs: read back unchanged, computed again when a ref, the workspace or the options change', async () => {
    const tree = makeTree({ 'dvc.yaml': 'stages:\n  train:\n    cmd: node t.js\n    params:\n      - lr\n    metrics:\n      - m.json:\n          cache: false\n', 'params.yaml': 'lr: 1\n', 'm.json': '{"acc": 0.5}' });
    const cache = makeTree({});
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...ENV } }).toString().trim();
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
      const baseline = git('rev-parse', 'HEAD');
      await commitExperiment(tree.root, { baseline, name: 'one', files: { 'params.yaml': 'lr: 2\n', 'm.json': '{"acc": 0.6}' }, env: ENV });
      const show = async (...extra: string[]) => {
        const c = capture();
        assert.equal(await expCommand(['show', '--format', 'json', ...extra], c.io, tree.root, { ARCHIPEL_CACHE_DIR: cache.root }), 0, c.err());
        return c.out();
      };
      const uncached = async () => {
        const c = capture();
        await expCommand(['show', '--format', 'json'], c.io, tree.root, { ARCHIPEL_CACHE_DIR: 'off' });
        return c.out();
      };
      /** As the CLI's process writes: the kept bytes copied out in chunks, each written before the next is read. */
      const streamed = async () => {
        const chunks: Buffer[] = [];
        let writing = false;
        const io = {
          ...capture().io,
          outBytes: (bytes: Buffer, done: (error?: Error | null) => void) => {
            assert.equal(writing, false, 'a chunk is written whole before the next one');
            writing = true;
            chunks.push(Buffer.from(bytes));
            setImmediate(() => { writing = false; done(); });
          },
        };
        assert.equal(await expCommand(['show', '--format', 'json'], io, tree.root, { ARCHIPEL_CACHE_DIR: cache.root }), 0);
        return { text: Buffer.concat(chunks).toString('utf8'), chunks: chunks.length };
      };
      const first = await show();
      const kept = readdirSync(path.join(cache.root, 'experiments')).filter((f) => f.startsWith('show-'));
      assert.equal(kept.length, 1);
      // The kept text is what a computation gives, whole or streamed.
      assert.equal(await show(), first);
      assert.equal(first, await uncached());
      assert.equal((await streamed()).text, first);
      // Read back from the file, in several chunks when it is large, unchanged.
      const keptFile = path.join(cache.root, 'experiments', kept[0]);
      // Its first line: the key, then the length of the text after it (#92: a file cut short is computed again, never shown cut).
      const key = readFileSync(keptFile, 'utf8').split('\n')[0].split(' ')[0];
      const keptText = (text: string) => `${key} ${Buffer.byteLength(text)}\n${text}`;
      const large = `${'[{"name": "é"}]\n'.repeat(40_000)}`;
      writeFileSync(keptFile, keptText(large));
      const copied = await streamed();
      assert.equal(copied.text, large);
      assert.ok(copied.chunks > 1, `${copied.chunks} chunk(s)`);
      assert.equal(await show(), large);
      writeFileSync(keptFile, keptText(large).slice(0, -100));
      assert.equal(await show(), first, 'a kept output cut short: computed again');
      assert.equal(readFileSync(keptFile, 'utf8'), keptText(first), 'and kept anew');
      // A new experiment (a ref), the workspace's metrics, the options: computed again.
      await commitExperiment(tree.root, { baseline, name: 'two', files: { 'params.yaml': 'lr: 3\n', 'm.json': '{"acc": 0.7}' }, env: ENV });
      const second = await show();
      assert.deepEqual((JSON.parse(second) as { name: string }[]).map((r) => r.name).sort(), ['main', 'one', 'two', 'workspace']);
      writeFileSync(path.join(tree.root, 'm.json'), '{"acc": 0.9}');
      assert.equal((JSON.parse(await show()) as { metrics: Record<string, Record<string, number>> }[])[0].metrics['m.json'].acc, 0.9);
      assert.equal(await show(), await uncached());
      // Sorted as dvc exp show sorts (#52): each experiment stays under its baseline.
      assert.deepEqual((JSON.parse(await show('--sort-by', 'acc', '--sort-order', 'desc')) as { name: string }[]).map((r) => r.name), ['workspace', 'main', 'two', 'one']);
    } finally {
      tree.remove();
      cache.remove();
    }
  });

  it('locates a dotted key in a params file (nested, or a key holding dots)', () => {
    const text = '# params\ntrain:\n  n_est: 100\n  opt:\n    lr: 0.1\nflat.key: 3\n';
    assert.deepEqual(keyRange(text, 'train.opt.lr'), { start: { line: 4, character: 4 }, end: { line: 4, character: 6 } });
    assert.deepEqual(keyRange(text, 'train.n_est'), { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } });
    assert.deepEqual(keyRange(text, 'flat.key'), { start: { line: 5, character: 0 }, end: { line: 5, character: 8 } });
    // A key that is not there: its nearest parent.
    assert.deepEqual(keyRange(text, 'train.missing'), { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
  });

  it('the queue\'s rows: queued, then running with the metrics its temporary workspace holds as written', async () => {
    const tree = makeTree({});
    try {
      const [entry] = await enqueue(tree.root, [{ name: 'live-1', baseline: 'a'.repeat(40), params: { 'params.yaml': { train: { lr: 0.3 } } } }]);
      let live = await liveRows(tree.root);
      assert.deepEqual(live.rows.map((r) => [r.kind, r.name, r.params['params.yaml']['train.lr']]), [['queued', 'live-1', 0.3]]);
      const work = path.join(experimentsFolder(tree.root), 'work', entry.id);
      mkdirSync(path.join(work, 'dvclive', 'plots', 'metrics'), { recursive: true });
      writeFileSync(path.join(work, 'dvc.yaml'), 'stages:\n  train:\n    cmd: node t.js\n    params:\n      - train.lr\n    metrics:\n      - dvclive/metrics.json:\n          cache: false\n');
      writeFileSync(path.join(work, 'params.yaml'), 'train:\n  lr: 0.3\n');
      writeFileSync(path.join(work, 'dvclive', 'metrics.json'), '{"acc": 0.71}');
      writeFileSync(path.join(work, 'dvclive', 'plots', 'metrics', 'acc.tsv'), 'timestamp\tstep\tacc\n1\t0\t0.6\n2\t1\t0.71\n');
      live = await liveRows(tree.root);
      assert.deepEqual(live.rows.map((r) => [r.kind, r.status, r.metrics['dvclive/metrics.json']]), [['running', 'Running', { acc: 0.71 }]]);
      assert.deepEqual(live.histories, [{ row: entry.id, metric: 'dvclive/plots/metrics/acc.tsv:acc', steps: [0, 1], values: [0.6, 0.71] }]);
    } finally {
      tree.remove();
    }
  });

  it('MLflow: both stores at the root in one table; histories from each end at the latest value the table shows', async () => {
    const tree = makeTree({});
    try {
      execFileSync('git', ['init', '-q'], { cwd: tree.root });
      cpSync(path.join(oss, 'zoomcamp-2024-mlruns'), path.join(tree.root, 'mlruns'), { recursive: true });
      writeFileSync(path.join(tree.root, 'mlflow.db'), readFileSync(path.join(oss, 'mlops-iris-mlflow.db')));
      const stores = await findTrackingStores(tree.root, undefined);
      assert.deepEqual(stores.map((s) => s.kind), ['file', 'sqlite']);
      const rows = await showAll(tree.root, {});
      const runs = rows.filter((r) => r.kind === 'mlflow');
      assert.equal(runs.filter((r) => r.experiment === 'Iris-Classification').length, 3);
      assert.ok(runs.filter((r) => r.experiment !== 'Iris-Classification').length > 0);
      const histories = await rowHistories(tree.root, rows, runs.map((r) => r.id), stores);
      const checked = new Set<string>();
      for (const run of runs) {
        for (const [key, value] of Object.entries(run.metrics.MLflow ?? {})) {
          const history = histories.find((h) => h.row === run.id && h.metric === `MLflow:${key}`);
          assert.ok(history, `${run.id} ${key}`);
          // The latest by step (a single-step history's only value).
          const last = history.steps.reduce((best, step, i) => (step >= history.steps[best] ? i : best), 0);
          assert.equal(history.values[last], value, `${run.id} ${key}`);
          checked.add(run.experiment === 'Iris-Classification' ? 'sqlite' : 'file');
        }
      }
      assert.deepEqual([...checked].sort(), ['file', 'sqlite']);
    } finally {
      tree.remove();
    }
  });
});

