// Experiments as DVC stores them (refs/exps/<baseline[:2]>/<baseline[2:]>/<name>, one commit whose
// parent is the baseline): ref names, the commit layout, the five experiments DVC's get-started
// project publishes listed with their params, metrics from a cache or "not in the cache", and
// `archipel exp show --format json|csv` / `exp diff` over them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkExpName, expRefName, generatedName, parseExpRef } from '../../../src/experiments/refs';
import { applyParams, grid, parseOverride, SweepError } from '../../../src/experiments/sweep';
import { diffRows, formatCsv, NOT_IN_CACHE, sortRows, visibleColumns, type ExperimentRow } from '../../../src/experiments/table';
import { formatTable } from '../../../src/experiments/terminal';
import { setLanguage } from '../../../src/l10n/t';
import { commitExperiment, ExperimentExistsError } from '../../../src/engines/experiments/commit';
import { experimentRows, RECORDS_KIND } from '../../../src/engines/experiments/store';
import { keptPath, readKept } from '../../../src/disk/kept';
import { expCommand, ExpUsageError } from '../../../src/cli/experiments';
import { parseParamsText } from '../../../src/pipeline/paramsFile';
import { runCli } from '../../cliRun';
import { gitEnv } from '../../experiments';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const fixture = path.join(fixturesDir, 'oss', 'dvc-experiments', 'example-get-started');
const BASELINE = '06ea48980a34ef57041c9b905cafcb40d9c3ddbc';

interface Published { name: string; commit: string; author: string; date: string; message: string }
const published = JSON.parse(readFileSync(path.join(fixture, 'experiments.json'), 'utf8')) as Published[];

function run(root: string, args: string[], env: NodeJS.ProcessEnv = gitEnv()): string {
  return execFileSync('git', ['-C', root, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
}

/** A repository holding the get-started baseline and its five published experiments, rebuilt with Archipel's writer. */
async function getStartedRepo(): Promise<{ root: string; baseline: string; remove: () => void }> {
  const files: Record<string, string> = {};
  for (const f of ['dvc.yaml', 'params.yaml', 'dvc.lock']) files[f] = readFileSync(path.join(fixture, 'baseline', f), 'utf8');
  const tree = makeTree(files);
  run(tree.root, ['init', '-q', '-b', 'main']);
  run(tree.root, ['add', '-A']);
  run(tree.root, ['commit', '-q', '-m', 'Evaluate bigrams model'], gitEnv('2023-08-26T09:11:50+00:00'));
  const baseline = run(tree.root, ['rev-parse', 'HEAD']);
  for (const e of published) {
    await commitExperiment(tree.root, {
      baseline, name: e.name,
      files: { 'params.yaml': readFileSync(path.join(fixture, e.name, 'params.yaml')), 'dvc.lock': readFileSync(path.join(fixture, e.name, 'dvc.lock')) },
      env: gitEnv(e.date),
    });
  }
  return { root: tree.root, baseline, remove: tree.remove };
}

describe('experiments: refs and names', function () {
  it('places an experiment under its baseline as DVC does', function () {
    const ref = expRefName({ baseline: BASELINE, name: 'messy-tire' });
    assert.equal(ref, 'refs/exps/06/ea48980a34ef57041c9b905cafcb40d9c3ddbc/messy-tire');
    assert.deepEqual(parseExpRef(ref), { baseline: BASELINE, name: 'messy-tire' });
  });

  it('skips DVC machinery and malformed refs', function () {
    for (const ref of ['refs/exps/exec/EXEC_HEAD', 'refs/exps/stash', 'refs/exps/celery/stash', 'refs/exps/06/ea48/short', `refs/exps/06/${BASELINE.slice(2)}/a/b`, 'refs/heads/main', `refs/exps/0/6${BASELINE.slice(2)}/x`]) {
      assert.equal(parseExpRef(ref), undefined, ref);
    }
  });

  it('refuses names git check-ref-format refuses, and those that read as options', function () {
    for (const bad of ['', 'a/b', '.hidden', '-x', 'x.lock', 'a..b', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', '@', 'a@{1}', 'x.']) {
      assert.ok(checkExpName(bad), JSON.stringify(bad));
    }
    for (const good of ['messy-tire', 'exp-9bc1b', 'lr_0.01', 'n_est=100']) assert.equal(checkExpName(good), undefined, good);
    assert.equal(generatedName(() => 0.5, new Set()), 'exp-80000');
    assert.notEqual(generatedName((() => { let i = 0; return () => [0.5, 0.25][i++ % 2]; })(), new Set(['exp-80000'])), 'exp-80000');
  });
});

describe('experiments: -S overrides and sweeps', function () {
  it('reads [file:]key=value with typed values', function () {
    assert.deepEqual(parseOverride('train.n_est=50'), { file: 'params.yaml', key: 'train.n_est', values: [50] });
    assert.deepEqual(parseOverride('conf/p.json:lr=0.01,0.1'), { file: 'conf/p.json', key: 'lr', values: [0.01, 0.1] });
    assert.deepEqual(parseOverride('model.layers=[1, 2],[3]'), { file: 'params.yaml', key: 'model.layers', values: [[1, 2], [3]] });
    assert.deepEqual(parseOverride('name=abc,"d,e",true').values, ['abc', 'd,e', true]);
    assert.throws(() => parseOverride('novalue'), SweepError);
    assert.throws(() => parseOverride('../x.yaml:a=1'), /inside the repository/);
    assert.throws(() => parseOverride('--upload-pack=x'), SweepError);
  });

  it('a sweep of 2×3 values queues 6 experiments, the first key varying slowest', function () {
    const sets = grid([parseOverride('train.min_split=0.01,0.02'), parseOverride('train.n_est=50,100,200')]);
    assert.equal(sets.length, 6);
    assert.deepEqual(sets.map((s) => [s['params.yaml']['train.min_split'], s['params.yaml']['train.n_est']]), [[0.01, 50], [0.01, 100], [0.01, 200], [0.02, 50], [0.02, 100], [0.02, 200]]);
    assert.throws(() => grid(Array.from({ length: 5 }, (_, i) => parseOverride(`k${i}=${Array.from({ length: 10 }, (_, j) => j).join(',')}`))), /more than 10000/);
  });

  it('sets keys in a YAML params file keeping its comments and order; a misspelt key is an error', function () {
    const text = '# the model\ntrain:\n  seed: 1  # fixed\n  n_est: 100\n  min_split: 2\n';
    assert.equal(applyParams(text, 'params.yaml', { 'train.n_est': 50, 'train.min_split': 0.01 }), '# the model\ntrain:\n  seed: 1 # fixed\n  n_est: 50\n  min_split: 0.01\n');
    assert.throws(() => applyParams(text, 'params.yaml', { 'train.n_estimators': 5 }), /no key 'train.n_estimators'/);
    assert.equal(applyParams('{"a": {"b": 1}}', 'p.json', { 'a.b': 2 }), '{\n  "a": {\n    "b": 2\n  }\n}\n');
    assert.match(applyParams('[train]\nlr = 0.1\n', 'p.toml', { 'train.lr': 0.5 }), /lr = 0.5/);
  });
});

describe('experiments: the store', function () {
  this.timeout(120_000);
  let repo: Awaited<ReturnType<typeof getStartedRepo>>;
  before(async function () {
    repo = await getStartedRepo();
  });
  after(function () {
    repo.remove();
  });

  it('writes each experiment as a commit whose parent is the baseline, holding the changed files, with DVC\'s message', function () {
    const commit = run(repo.root, ['rev-parse', expRefName({ baseline: repo.baseline, name: 'messy-tire' })]);
    assert.equal(run(repo.root, ['rev-parse', `${commit}^@`]), repo.baseline);
    assert.deepEqual(run(repo.root, ['diff', '--name-only', repo.baseline, commit]).split('\n'), ['dvc.lock', 'params.yaml']);
    assert.equal(run(repo.root, ['show', `${commit}:params.yaml`]), readFileSync(path.join(fixture, 'messy-tire', 'params.yaml'), 'utf8').trim());
    assert.match(run(repo.root, ['log', '-1', '--format=%B', commit]), /^dvc: commit experiment [0-9a-f]{64}$/);
    assert.equal(run(repo.root, ['status', '--porcelain']), '', 'the workspace and its index are untouched');
  });

  it('refuses to overwrite an experiment of the same name', async function () {
    await assert.rejects(commitExperiment(repo.root, { baseline: repo.baseline, name: 'messy-tire', files: { 'params.yaml': 'x: 1\n' }, env: gitEnv() }), ExperimentExistsError);
    await assert.rejects(commitExperiment(repo.root, { baseline: repo.baseline, name: '-n', files: {}, env: gitEnv() }), /cannot begin/);
  });

  it('lists the published experiments with their baseline and the params of their commit; metrics not in the cache say so', async function () {
    const rows = await experimentRows(repo.root);
    assert.deepEqual(rows.map((r) => r.kind), ['workspace', 'baseline', 'experiment', 'experiment', 'experiment', 'experiment', 'experiment']);
    assert.equal(rows[1].name, 'main');
    // Newest first, as dvc exp show.
    assert.deepEqual(rows.slice(2).map((r) => r.name), ['minor-coos', 'raked-vise', 'messy-tire', 'potty-quiz', 'nubby-inks']);
    for (const row of rows.slice(2)) {
      assert.equal(row.baseline, repo.baseline);
      const params = parseParamsText(readFileSync(path.join(fixture, row.name, 'params.yaml'), 'utf8'), 'params.yaml');
      assert.ok('values' in params);
      const train = params.values.train as Record<string, unknown>;
      assert.equal(row.params['params.yaml']['train.n_est'], train.n_est);
      assert.equal(row.params['params.yaml']['train.min_split'], train.min_split);
      assert.equal(row.note, NOT_IN_CACHE);
      assert.equal(row.timestamp, new Date(published.find((p) => p.name === row.name)!.date).toISOString());
    }
  });

  it('reads metrics inside a folder output from DVC\'s cache (files/md5) and keeps complete commits in the cache folder', async function () {
    // The `eval` folder output of messy-tire's lock, and its metrics.json inside, placed in DVC 3's cache layout.
    const lock = readFileSync(path.join(fixture, 'messy-tire', 'dvc.lock'), 'utf8');
    const evalMd5 = /- path: eval\n\s+hash: md5\n\s+md5: ([0-9a-f]{32}\.dir)/.exec(lock)![1];
    const metrics = '{"avg_prec": {"train": 0.97, "test": 0.93}, "roc_auc": {"train": 0.98, "test": 0.94}}';
    const metricsMd5 = 'a'.repeat(32);
    const put = (md5: string, text: string) => { const file = path.join(repo.root, '.dvc', 'cache', 'files', 'md5', md5.slice(0, 2), md5.slice(2)); mkdirSync(path.dirname(file), { recursive: true }); writeFileSync(file, text); };
    put(evalMd5, JSON.stringify([{ md5: metricsMd5, relpath: 'metrics.json' }]));
    put(metricsMd5, metrics);
    const cacheDir = path.join(repo.root, '.cache-test');
    const rows = await experimentRows(repo.root, { cacheDir });
    const messy = rows.find((r) => r.name === 'messy-tire')!;
    assert.deepEqual(messy.metrics, { 'eval/metrics.json': { 'avg_prec.train': 0.97, 'avg_prec.test': 0.93, 'roc_auc.train': 0.98, 'roc_auc.test': 0.94 } });
    assert.equal(messy.note, undefined);
    const file = keptPath(RECORDS_KIND, path.resolve(repo.root), cacheDir);
    const kept = readKept(RECORDS_KIND, file, path.resolve(repo.root)) as Map<string, unknown>;
    assert.deepEqual([...kept.keys()], [messy.id], 'only the complete record is kept');
    // Warm: the same rows from the kept record.
    assert.deepEqual(await experimentRows(repo.root, { cacheDir }), rows);
    // A kept file cut short or damaged (kept.ts: its CRC) is dropped and the commits read again: warm = cold (#92).
    const whole = readFileSync(file);
    for (const bytes of [whole.subarray(0, whole.length - 3), Buffer.from(whole.map((byte, at) => (at > 16 && at % 5 === 0 ? byte ^ 0x5a : byte)))]) {
      writeFileSync(file, bytes);
      assert.deepEqual(await experimentRows(repo.root, { cacheDir }), rows);
      // The same records written anew (read back through kept.ts's CRC): not the same bytes, since V8's serializer
      // writes a string one- or two-byte as it was built, and the commits' files are read in parallel.
      assert.deepEqual(readKept(RECORDS_KIND, file, path.resolve(repo.root)), kept, 'written anew');
    }
  });

  it('archipel exp show --format json lists each experiment with its name, baseline and params; csv and table agree', async function () {
    let out = '';
    const io = { out: (t: string) => { out += t; }, err: (t: string) => { throw new Error(t); } };
    assert.equal(await expCommand(['show', '--format', 'json'], io, repo.root, { ARCHIPEL_CACHE_DIR: 'off' }), 0);
    const rows = JSON.parse(out) as ExperimentRow[];
    const exps = rows.filter((r) => r.kind === 'experiment');
    assert.equal(exps.length, 5);
    for (const row of exps) {
      assert.equal(row.baseline, repo.baseline);
      const commitParams = parseParamsText(run(repo.root, ['show', `${row.id}:params.yaml`]), 'params.yaml');
      assert.ok('values' in commitParams);
      // Only the differing params by default: train.n_est and train.min_split.
      assert.deepEqual(Object.keys(row.params['params.yaml']).sort(), ['train.min_split', 'train.n_est']);
      assert.equal(row.params['params.yaml']['train.n_est'], (commitParams.values.train as Record<string, unknown>).n_est);
    }
    out = '';
    await expCommand(['show', '--format', 'csv', '--all-params'], io, repo.root, { ARCHIPEL_CACHE_DIR: 'off' });
    const header = out.split('\r\n')[0].split(',');
    assert.ok(header.includes('params.yaml:prepare.seed') && header.includes('params.yaml:train.n_est'), header.join(','));
    out = '';
    await expCommand(['show', '--sort-by', 'train.n_est', '--sort-order', 'desc'], io, repo.root, { ARCHIPEL_CACHE_DIR: 'off' });
    assert.match(out, /^\s+params\.yaml\s+eval\/metrics\.json\n^Experiment\s+Created\s+train\.n_est\s+train\.min_split\s+avg_prec\.train/m);
    await assert.rejects(expCommand(['show', '--format', 'xml'], io, repo.root, { ARCHIPEL_CACHE_DIR: 'off' }), ExpUsageError);
  });

  it('the archipel CLI lists them (exp show --format json), and says a usage error as one (exit 2)', async function () {
    const { code, out } = await runCli(['exp', 'show', '--format', 'json'], repo.root);
    assert.equal(code, 0);
    const rows = JSON.parse(out) as ExperimentRow[];
    assert.deepEqual(rows.filter((r) => r.kind === 'experiment').map((r) => [r.name, r.baseline]).sort(), published.map((p) => [p.name, repo.baseline]).sort());
    const bad = await runCli(['exp', 'show', '--format', 'xml'], repo.root);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format xml: expected table, json, csv or md/);
  });

  it('archipel --lang fr exp answers in French: the table, the diff and the errors', async function () {
    // The CLI runs in this process: English again for the tests after this one (finally).
    try {
      const table = await runCli(['--lang', 'fr', 'exp', 'show'], repo.root);
      assert.equal(table.code, 0, table.err);
      assert.match(table.out, /^Expérience\s+Créée/m);
      assert.match(table.out, /^main: absent du cache : `dvc pull`$/m);
      const diff = await runCli(['--lang', 'fr', 'exp', 'diff', 'messy-tire', 'nubby-inks'], repo.root);
      assert.match(diff.out, /^Chemin\s+Clé\s+messy-tire\s+nubby-inks\s+Écart/);
      const bad = await runCli(['--lang', 'fr', 'exp', 'show', '--format', 'xml'], repo.root);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--format xml : attendu table, json, csv ou md/);
      const unknown = await runCli(['--lang', 'fr', 'exp', 'diff', 'nope', 'messy-tire'], repo.root);
      assert.match(unknown.err, /aucune expérience, référence ou exécution nommée 'nope'/);
      const sweep = await runCli(['--lang', 'fr', 'exp', 'run', '-S', 'train.n_est=1,2'], repo.root);
      assert.match(sweep.err, /-S avec plusieurs valeurs donne 2 expériences : ajoutez --queue/);
      // English otherwise (the table kept in the cache folder is kept per language).
      setLanguage('en');
      assert.match((await runCli(['--lang', 'en', 'exp', 'show'], repo.root)).out, /^Experiment\s+Created/m);
    } finally {
      setLanguage('en');
    }
  });

  it('archipel exp diff shows the params that differ', async function () {
    let out = '';
    const io = { out: (t: string) => { out += t; }, err: () => undefined };
    await expCommand(['diff', 'messy-tire', 'nubby-inks', '--format', 'json'], io, repo.root, { ARCHIPEL_CACHE_DIR: 'off' });
    const entries = JSON.parse(out) as { group: string; key: string; b?: unknown }[];
    assert.deepEqual(entries.filter((e) => e.group === 'params').map((e) => e.key), ['train.n_est', 'train.min_split']);
    // messy-tire's metrics are in the cache (the test before placed them), nubby-inks' are not.
    assert.ok(entries.filter((e) => e.group === 'metrics').every((e) => e.b === undefined), out);
    await assert.rejects(expCommand(['diff', 'nope', 'messy-tire'], io, repo.root, { ARCHIPEL_CACHE_DIR: 'off' }), /no experiment/);
  });
});

describe('experiments: the table', function () {
  const row = (name: string, n: number, acc?: number): ExperimentRow => ({ kind: 'experiment', id: name, name, params: { 'params.yaml': { 'train.n_est': n, 'train.seed': 1 } }, metrics: acc === undefined ? {} : { 'm.json': { acc } } });

  it('shows only the params that differ unless asked, sorts by a metric with missing values last', function () {
    const rows = [row('a', 50, 0.8), row('b', 100), row('c', 200, 0.9)];
    assert.deepEqual(visibleColumns(rows).map((c) => c.key), ['train.n_est', 'acc']);
    assert.deepEqual(visibleColumns(rows, { allParams: true }).map((c) => c.key), ['train.n_est', 'train.seed', 'acc']);
    assert.deepEqual(sortRows(rows, { sortBy: 'acc', sortOrder: 'desc' }).map((r) => r.name), ['c', 'a', 'b']);
    assert.throws(() => sortRows(rows, { sortBy: 'loss' }), /no metric or param/);
    assert.deepEqual(diffRows(rows[0], rows[2]).map((d) => [d.key, d.change]), [['train.n_est', 150], ['acc', 0.9 - 0.8]]);
  });

  it('neutralises spreadsheet formulas in CSV and truncates long cells in the table', function () {
    const evil: ExperimentRow = { kind: 'mlflow', id: 'r1', name: '=HYPERLINK("x")', params: {}, metrics: {} };
    assert.match(formatCsv([evil]), /^Experiment.*\r\n"'=HYPERLINK\(""x""\)",mlflow/);
    assert.match(formatTable([{ ...evil, name: 'x'.repeat(100) }]), /^└── x{27}…/m);
  });
});
