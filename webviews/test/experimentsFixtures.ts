// The Experiments panel's data, made by the server's engine end to end: a repository whose training
// stage writes metrics and a DVCLive-style step file, a sweep of three values queued and run by the
// queue (each in its own workspace, committed under refs/exps/ as DVC does), MLflow runs from a real
// `mlruns/` folder (server/test/fixtures/oss/mlflow), the table as `archipel exp show` computes it
// and the step histories of the experiments, as the panel's requests answer them.
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import type { ExperimentRowWire, MetricHistory } from '../../server/src/protocol/experiments';
import { rowHistories } from '../../server/src/engines/experiments/history';
import { planSweep } from '../../server/src/engines/experiments/plan';
import { enqueue } from '../../server/src/engines/experiments/queue';
import { startQueue } from '../../server/src/engines/experiments/runner';
import { findTrackingStores, showAll } from '../../server/src/engines/experiments/show';
import { gitEnv } from '../../server/test/experiments';
import { makeTree } from '../../server/test/tempdir';
import { REPO_ROOT } from './harness';

const train = `const fs = require('fs');
const n = Number(/n_est: (\\S+)/.exec(fs.readFileSync('params.yaml', 'utf8'))[1]);
fs.mkdirSync('dvclive/plots/metrics', { recursive: true });
let tsv = 'timestamp\\tstep\\tacc\\n';
let acc = 0;
for (let step = 0; step < 5; step++) { acc = Math.round((0.5 + (n / 1000) * (step + 1) / 5) * 1000) / 1000; tsv += (1700000000000 + step) + '\\t' + step + '\\t' + acc + '\\n'; }
fs.writeFileSync('dvclive/plots/metrics/acc.tsv', tsv);
fs.writeFileSync('model.txt', 'model with ' + n + ' trees\\n');
fs.writeFileSync('metrics.json', JSON.stringify({ acc, loss: Math.round((1 - acc) * 1000) / 1000 }));
`;

const dvcYaml = `stages:
  train:
    cmd: node train.js
    deps:
      - train.js
    params:
      - train.n_est
      - train.seed
    outs:
      - model.txt
    metrics:
      - metrics.json:
          cache: false
    plots:
      - dvclive/plots/metrics/acc.tsv:
          cache: false
`;

export interface ExperimentsFixture {
  root: string;
  rows: ExperimentRowWire[];
  histories: MetricHistory[];
  mlflowStore: string;
  remove(): void;
}

/** Runs the sweep `train.n_est=50,100,200` on a fresh repository; the MLflow runs of a real `mlruns/` beside. */
export async function sweptRepository(): Promise<ExperimentsFixture> {
  const tree = makeTree({ 'dvc.yaml': dvcYaml, 'train.js': train, 'params.yaml': 'train:\n  n_est: 10\n  seed: 7\n', '.gitignore': '/model.txt\n/mlruns\n/mlflow.db\n' });
  const env = gitEnv();
  const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...env } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'baseline');
  // Both of MLflow's local stores at the root, as a project that moved to MLflow 3's mlflow.db keeps them.
  const oss = path.join(REPO_ROOT, 'server', 'test', 'fixtures', 'oss', 'mlflow');
  cpSync(path.join(oss, 'zoomcamp-2024-mlruns'), path.join(tree.root, 'mlruns'), { recursive: true });
  cpSync(path.join(oss, 'mlops-iris-mlflow.db'), path.join(tree.root, 'mlflow.db'));
  const plan = await planSweep(tree.root, ['train.n_est=50,100,200'], 'sweep');
  await enqueue(tree.root, plan.sets.map((params, i) => ({ name: plan.names[i], baseline: plan.baseline, params })));
  const results = await startQueue(tree.root, { env });
  if (results.some((r) => r.outcome !== 'committed')) throw new Error(`the sweep did not commit: ${JSON.stringify(results)}`);
  const rows = await showAll(tree.root, {});
  const stores = await findTrackingStores(tree.root, undefined);
  const histories = await rowHistories(tree.root, rows, rows.filter((r) => r.kind === 'experiment' || r.kind === 'mlflow').map((r) => r.id), stores);
  return { root: tree.root, rows, histories, mlflowStore: stores.map((s) => s.path).join(', '), remove: tree.remove };
}
