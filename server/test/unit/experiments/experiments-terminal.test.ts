// `archipel exp show` in a terminal (#69): the walkthrough's sweep (a params key swept, DVCLive's
// metrics declared first, then an evaluation and a drift report of 150 keys) in 80 columns — the
// experiment, when it was created, the changed param, the metrics declared first, and what did
// not fit counted under the table —, DVC's --only-changed, --keep and --drop, --csv and --md, the
// JSON unchanged, the width from --width, $COLUMNS or the terminal (a pseudo-terminal from
// util-linux's `script`), each subcommand's --help, and the MLflow runs listed without Git.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expCommand } from '../../../src/cli/experiments';
import { expSubcommandUsage } from '../../../src/cli/experimentsUsage';
import { commandUsageText } from '../../../src/cli/answers';
import { commitExperiment } from '../../../src/engines/experiments/commit';
import { registerExperimentsRequests } from '../../../src/engines/experiments/register';
import type { ComputeRegistry } from '../../../src/engines/core/requests';
import { ExperimentsTableRequest, type ExperimentsTable } from '../../../src/protocol/experiments';
import { formatJson, type ExperimentRow } from '../../../src/experiments/table';
import { formatMarkdown, formatTable } from '../../../src/experiments/terminal';
import { gitEnv } from '../../experiments';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

const DVC_YAML = `stages:
  tune:
    cmd: node tune.mjs
    params: [tune.learning_rate, tune.epochs]
    metrics: [dvclive/metrics.json]
  evaluate:
    cmd: node evaluate.mjs
    metrics: [metrics/evaluation.json]
  drift:
    cmd: node drift.mjs
    metrics: [metrics/drift.json]
`;

/** An evaluation of 20 keys and a drift report of 22 features × 5 keys: the same in every row, as the example's. */
const evaluation = JSON.stringify({ rows: 573, accuracy: 0.47719298245614034, f1: 0.47280537312691656, rocAuc: 0.48772409377462567, classes: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`c${i}`, i])) });
const drift = JSON.stringify({ features: Array.from({ length: 22 }, (_, i) => ({ feature: `F_${i}`, method: 'ks', score: 0.001 * i, threshold: 0.05, drift: i % 2 === 0 })), alert: true });
const dvclive = (accuracy: number, loss: number) => JSON.stringify({ accuracy, auc: accuracy + 0.01853, val_loss: loss, loss: loss - 0.02158, step: 59 });
const params = (lr: number) => `tune:\n  learning_rate: ${lr}\n  epochs: 60\n`;

/** The walkthrough's copy after its sweep: a baseline on main, three experiments of the learning rate. */
async function sweptRepository(): Promise<{ root: string; remove: () => void }> {
  const tree = makeTree({ 'dvc.yaml': DVC_YAML, 'params.yaml': params(0.2), 'dvclive/metrics.json': dvclive(0.42029, 0.707234), 'metrics/evaluation.json': evaluation, 'metrics/drift.json': drift });
  const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...gitEnv() }, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'example');
  const baseline = git('rev-parse', 'HEAD');
  const sweep: [string, number, number, number, string][] = [['exp-9018e', 0.05, 0.415459, 0.700251, '2024-05-10T20:30:00+00:00'], ['exp-ce847', 0.2, 0.42029, 0.707234, '2024-05-10T20:31:00+00:00'], ['exp-2ee0b', 0.8, 0.439614, 0.709221, '2024-05-10T20:32:00+00:00']];
  for (const [name, lr, accuracy, loss, date] of sweep) {
    await commitExperiment(tree.root, { baseline, name, files: { 'params.yaml': params(lr), 'dvclive/metrics.json': dvclive(accuracy, loss) }, env: gitEnv(date) });
  }
  return tree;
}

/** The CLI as a user runs it: the built bundle, in `cwd`, its output a pipe (not a terminal), no $COLUMNS unless given. */
function archipel(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off' };
  delete base.COLUMNS;
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
}

describe('archipel exp show in a terminal (#69)', function () {
  this.timeout(120_000);
  let repo: { root: string; remove: () => void };
  before(async function () {
    repo = await sweptRepository();
  });
  after(function () {
    repo.remove();
  });

  it('in 80 columns: the experiment, when, the changed param, the metrics dvc.yaml declares first; the rest counted under it', function () {
    const shown = archipel(['exp', 'show'], repo.root, { COLUMNS: '80' });
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(shown.stdout, [
      '                                 params.yaml         dvclive/metrics.json',
      'Experiment     Created           tune.learning_rate  accuracy      auc  val_loss',
      'workspace      -                 0.2                  0.42029  0.43882   0.70723',
      'main           2024-05-10 20:24  0.2                  0.42029  0.43882   0.70723',
      '├── exp-2ee0b  2024-05-10 20:32  0.8                  0.43961  0.45814   0.70922',
      '├── exp-ce847  2024-05-10 20:31  0.2                  0.42029  0.43882   0.70723',
      '└── exp-9018e  2024-05-10 20:30  0.05                 0.41546  0.43399   0.70025',
      '',
      '133 more column(s) do not fit in 80 characters (loss, step, rows, …): choose',
      'with --only-changed, --keep REGEX, --drop REGEX; all of them: --width 0, --md,',
      '--csv.',
      '',
    ].join('\n'));
    for (const line of shown.stdout.split('\n')) assert.ok([...line].length <= 80, line);
  });

  it('--only-changed, --keep and --drop as DVC has them: --drop over --only-changed, --keep over both; regular expressions from the start of the name', function () {
    const changed = archipel(['exp', 'show', '--only-changed', '--md'], repo.root);
    assert.equal(changed.stdout.split('\n')[0], '| Experiment | Created | tune.learning_rate | accuracy | auc | val_loss | loss |');
    const kept = archipel(['exp', 'show', '--only-changed', '--drop', 'Created|auc', '--keep', 'step|metrics/drift.json:alert', '--md'], repo.root);
    assert.equal(kept.stdout, [
      '| Experiment | tune.learning_rate | accuracy | val_loss | loss | step | alert |',
      '| :-- | :-- | --: | --: | --: | --: | --: |',
      '| workspace | 0.2 | 0.42029 | 0.70723 | 0.68565 | 59 | true |',
      '| main | 0.2 | 0.42029 | 0.70723 | 0.68565 | 59 | true |',
      '| ├── exp-2ee0b | 0.8 | 0.43961 | 0.70922 | 0.68764 | 59 | true |',
      '| ├── exp-ce847 | 0.2 | 0.42029 | 0.70723 | 0.68565 | 59 | true |',
      '| └── exp-9018e | 0.05 | 0.41546 | 0.70025 | 0.67867 | 59 | true |',
      '',
    ].join('\n'));
    // `loss` from its start: val_loss is not matched.
    assert.match(archipel(['exp', 'show', '--drop', 'loss', '--md'], repo.root).stdout.split('\n')[0], /\| val_loss \|/);
    const bad = archipel(['exp', 'show', '--keep', '('], repo.root);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^archipel: --keep \(: Invalid regular expression/);
  });

  it('--csv and --md hold every chosen column, --csv as --format csv; the JSON is the rows as before, whatever --keep or --drop say', async function () {
    const csv = archipel(['exp', 'show', '--csv'], repo.root);
    assert.equal(csv.stdout, archipel(['exp', 'show', '--format', 'csv'], repo.root).stdout);
    assert.equal(csv.stdout.split('\r\n')[0].split(',').length, 5 + 1 + 136, 'Experiment, kind, id, baseline, created, the swept param, every metric');
    const json = archipel(['exp', 'show', '--json'], repo.root);
    assert.equal(json.stdout, archipel(['exp', 'show', '--format', 'json', '--drop', '.*', '--only-changed'], repo.root).stdout);
    let out = '';
    await expCommand(['show', '--format', 'json'], { out: (text) => (out += text), err: () => undefined }, repo.root, { ARCHIPEL_CACHE_DIR: 'off' });
    assert.equal(json.stdout, formatJson(JSON.parse(out) as ExperimentRow[]), 'the JSON is formatJson of the rows');
    const md = archipel(['exp', 'show', '--md', '--width', '80'], repo.root).stdout;
    assert.equal(md.split('\n')[0].split(' | ').length, 2 + 1 + 136, 'no width limit in Markdown');
    const conflict = archipel(['exp', 'show', '--csv', '--md'], repo.root);
    assert.equal(conflict.status, 2);
    assert.match(conflict.stderr, /one output format at a time: --csv, --md/);
  });

  it('the width: --width N, else $COLUMNS, else the terminal\'s; a pipe without $COLUMNS or --width 0: every column', function () {
    const longest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
    assert.ok(longest(archipel(['exp', 'show'], repo.root).stdout) > 1000, 'a pipe: every column');
    assert.ok(longest(archipel(['exp', 'show', '--width', '0'], repo.root, { COLUMNS: '80' }).stdout) > 1000);
    assert.ok(longest(archipel(['exp', 'show', '--width', '60'], repo.root, { COLUMNS: '200' }).stdout) <= 60);
    // A terminal of 70 columns (a pseudo-terminal: util-linux's `script`), no $COLUMNS.
    const env: NodeJS.ProcessEnv = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off' };
    delete env.COLUMNS;
    const command = `stty cols 70 rows 40; exec '${process.execPath}' '${cli}' exp show`;
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repo.root, encoding: 'utf8', env });
    assert.equal(tty.status, 0, tty.stderr);
    const lines = tty.stdout.replace(/\r/g, '').split('\n');
    assert.match(lines[1], /^Experiment\s+Created\s+tune\.learning_rate\s+accuracy\s+auc$/);
    for (const line of lines) assert.ok([...line].length <= 70, line);
  });

  it('--help on each subcommand prints its usage (exit 0), without reading the repository', function () {
    for (const sub of Object.keys(expSubcommandUsage)) {
      for (const flag of ['--help', '-h']) {
        const help = archipel(['exp', sub, flag], repo.root);
        assert.equal(help.status, 0, `exp ${sub} ${flag}: ${help.stderr}`);
        assert.equal(help.stdout, commandUsageText(expSubcommandUsage[sub], 'exp'));
      }
    }
    assert.match(archipel(['exp', 'show', '--help'], repo.root).stdout, /--only-changed[\s\S]*--keep REGEX[\s\S]*--drop REGEX[\s\S]*--sort-by/);
  });
});

describe('archipel exp show: MLflow runs with or without Git (#69)', function () {
  this.timeout(120_000);
  const mlruns = path.join(fixturesDir, 'oss', 'mlflow', 'zoomcamp-2024-mlruns');

  it('a folder that is no repository: its mlruns/ runs listed, and why the DVC part is empty', function () {
    const tree = makeTree({});
    try {
      cpSync(mlruns, path.join(tree.root, 'mlruns'), { recursive: true });
      const shown = archipel(['exp', 'show', '--width', '0'], tree.root);
      assert.equal(shown.status, 0, shown.stderr);
      const lines = shown.stdout.split('\n');
      assert.ok(lines.includes('MLflow: Default') && lines.includes('MLflow: random-forest-hyperopt'), shown.stdout);
      assert.ok(lines.some((l) => l.startsWith('└── burly-mole-571 ')), shown.stdout);
      assert.ok(lines.includes('DVC experiments: none. This folder is not a Git repository: experiments are Git commits on a baseline commit. Make one: git init && git add -A && git commit -m "First commit"'), shown.stdout);
      // The JSON is the runs alone; why the DVC part is empty goes to stderr.
      const json = archipel(['exp', 'show', '--json'], tree.root);
      assert.equal(json.status, 0);
      const rows = JSON.parse(json.stdout) as ExperimentRow[];
      assert.ok(rows.length >= 5 && rows.every((r) => r.kind === 'mlflow'), json.stdout);
      assert.match(json.stderr, /^archipel exp: DVC experiments: none\. This folder is not a Git repository/);
      // A repository with no commit yet: said so.
      execFileSync('git', ['-C', tree.root, 'init', '-q'], { env: { ...process.env, ...gitEnv() } });
      const uncommitted = archipel(['exp', 'show', '--md'], tree.root);
      assert.equal(uncommitted.status, 0, uncommitted.stderr);
      assert.match(uncommitted.stdout, /\n\nDVC experiments: none\. This Git repository has no commit yet: an experiment needs a baseline commit\. Commit its files: git add -A && git commit -m "First commit"\n$/);
      // exp diff between two runs needs no Git either.
      const diff = archipel(['exp', 'diff', 'learned-cod-443', 'abundant-sheep-332'], tree.root);
      assert.equal(diff.status, 0, diff.stderr);
      assert.match(diff.stdout, /params:MLflow\s+max_depth\s+10\s+13/);
    } finally {
      tree.remove();
    }
  });

  it('the Experiments panel\'s table without a repository: the MLflow runs, and what is missing', async function () {
    const tree = makeTree({});
    try {
      cpSync(mlruns, path.join(tree.root, 'mlruns'), { recursive: true });
      const handlers = new Map<string, (params: unknown) => Promise<unknown>>();
      const registry = { onRequest: (type: { method: string }, handler: (params: unknown) => Promise<unknown>) => void handlers.set(type.method, handler), workspaceFolders: () => [tree.root], notify: () => undefined } as unknown as ComputeRegistry;
      registerExperimentsRequests(registry);
      const answer = (await handlers.get(ExperimentsTableRequest.method)!({ folder: pathToFileURL(tree.root).href })) as ExperimentsTable;
      assert.equal(answer.git?.missing, 'repository');
      assert.ok(answer.rows.length >= 5 && answer.rows.every((r) => r.kind === 'mlflow'), JSON.stringify(answer.rows.map((r) => r.kind)));
      assert.equal(answer.mlflowStore, path.join(tree.root, 'mlruns'));
    } finally {
      tree.remove();
    }
  });

  it('no MLflow store and no repository: what is missing, exit 1, as before', function () {
    const tree = makeTree({ 'params.yaml': 'lr: 0.1\n' });
    try {
      const shown = archipel(['exp', 'show'], tree.root);
      assert.equal(shown.status, 1);
      assert.match(shown.stderr, /^archipel exp: This folder is not a Git repository/);
    } finally {
      tree.remove();
    }
  });
});

describe('the terminal table (experiments/terminal.ts)', function () {
  const row = (kind: ExperimentRow['kind'], name: string, extra: Partial<ExperimentRow> = {}): ExperimentRow => ({ kind, id: name, name, params: {}, metrics: {}, ...extra });

  it('DVC\'s example: --only-changed --drop Created --keep \'train.(?!seed)\'', function () {
    const p = (n_est: number, seed: number) => ({ 'params.yaml': { 'train.n_est': n_est, 'train.seed': seed, 'train.min_split': 64, 'prepare.split': 0.2 } });
    const rows = [
      row('baseline', 'main', { params: p(100, 1), metrics: { 'm.json': { roc_auc: 0.9608 } }, timestamp: '2021-05-29T10:00:00Z' }),
      row('experiment', 'a', { baseline: 'main', params: p(100, 1), metrics: { 'm.json': { roc_auc: 0.945 } }, timestamp: '2021-05-29T10:21:00Z' }),
      row('experiment', 'b', { baseline: 'main', params: p(100, 1), metrics: { 'm.json': { roc_auc: 0.93516 } }, timestamp: '2021-05-29T10:22:00Z' }),
    ];
    assert.equal(formatMarkdown(rows, { onlyChanged: true, drop: 'Created', keep: 'train.(?!seed)' }), [
      '| Experiment | train.n_est | train.min_split | roc_auc |',
      '| :-- | :-- | :-- | --: |',
      '| main | 100 | 64 | 0.9608 |',
      '| ├── a | 100 | 64 | 0.945 |',
      '| └── b | 100 | 64 | 0.93516 |',
      '',
    ].join('\n'));
  });

  it('a state column only when a row is not a success; MLflow runs under their experiment; control characters never reach the terminal', function () {
    const rows = [
      row('mlflow', 'run-1', { experiment: 'tuning', status: 'FINISHED', metrics: { MLflow: { rmse: 5.123456 } } }),
      row('mlflow', 'run-\u001b[2J2', { experiment: 'tuning', status: 'FAILED', metrics: { MLflow: { rmse: 6 } } }),
    ];
    assert.equal(formatTable(rows), [
      '                                MLflow',
      'Experiment     Created  State     rmse',
      'MLflow: tuning',
      '├── run-1      -        -       5.1235',
      '└── run- [2J2  -        FAILED       6',
      '',
    ].join('\n'));
  });
});
