// Experiments in a real VS Code: a repository with a training stage written into the test workspace,
// the Experiments panel opened by its command, a sweep of three values queued and run from the panel
// (the server's queue, each experiment committed under refs/exps/), ending with three rows whose
// metrics equal `archipel exp show --format json`'s, and a plot of them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { whenRendered } from './panels';
import { workspaceFile } from './wait';

const TRAIN = `const fs = require('fs');
const n = Number(/n_est: (\\S+)/.exec(fs.readFileSync('params.yaml', 'utf8'))[1]);
fs.mkdirSync('dvclive/plots/metrics', { recursive: true });
let tsv = 'timestamp\\tstep\\tacc\\n';
let acc = 0;
for (let step = 0; step < 4; step++) { acc = Math.round((0.5 + (n / 1000) * (step + 1) / 4) * 1000) / 1000; tsv += step + '\\t' + step + '\\t' + acc + '\\n'; }
fs.writeFileSync('dvclive/plots/metrics/acc.tsv', tsv);
fs.writeFileSync('model.txt', 'model with ' + n + ' trees\\n');
fs.writeFileSync('metrics.json', JSON.stringify({ acc }));
`;

const DVC_YAML = `stages:
  train:
    cmd: node train.js
    deps:
      - train.js
    params:
      - train.n_est
    outs:
      - model.txt
    metrics:
      - metrics.json:
          cache: false
    plots:
      - dvclive/plots/metrics/acc.tsv:
          cache: false
`;

interface Panel {
  act(action: unknown): Promise<{ message: string; failed?: boolean }>;
  select(rows: readonly string[]): Thenable<boolean>;
}

describe('experiments', () => {
  const folder = workspaceFile('experiments-sweep');
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  it('runs a sweep from the panel: three rows whose metrics equal archipel exp show, plotted', async function () {
    this.timeout(180_000);
    const files: Record<string, string> = { 'dvc.yaml': DVC_YAML, 'train.js': TRAIN, 'params.yaml': 'train:\n  n_est: 10\n', '.gitignore': '/model.txt\n' };
    for (const [name, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), Buffer.from(text, 'utf8'));
    const git = (...args: string[]) => execFileSync('git', ['-C', folder.fsPath, ...args], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
    git('add', '-A');
    git('commit', '-q', '-m', 'baseline');

    let panel: Panel | undefined;
    await whenRendered('archipel.experiments', (s) => s.total === 2, async () => {
      panel = await vscode.commands.executeCommand<Panel>('archipel.showExperiments', folder);
    }, 60_000);
    assert.ok(panel);
    const queued = await panel.act({ action: 'queue', overrides: ['train.n_est=50,100,200'], name: 'sweep' });
    assert.equal(queued.failed, undefined, queued.message);
    const done = await whenRendered('archipel.experiments', (s) => s.experiments === 3 && s.live === 0, async () => {
      const ran = await panel!.act({ action: 'start', jobs: 1 });
      assert.equal(ran.failed, undefined, ran.message);
    }, 150_000);

    // The CLI the extension ships, on the same repository.
    const extension = vscode.extensions.getExtension('archipel.archipel')!;
    const json = execFileSync(process.execPath, [path.join(extension.extensionPath, 'dist', 'server', 'cli.js'), 'exp', 'show', '--format', 'json'], { cwd: folder.fsPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ARCHIPEL_CACHE_DIR: 'off' } }).toString();
    const cli = (JSON.parse(json) as { kind: string; id: string; name: string; metrics: Record<string, Record<string, unknown>> }[]).filter((r) => r.kind === 'experiment');
    assert.deepEqual(cli.map((r) => r.name).sort(), ['sweep-1', 'sweep-2', 'sweep-3']);
    const shown = JSON.parse(String(done.summary.metricsShown)) as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(shown).sort(), cli.map((r) => r.id).sort());
    for (const row of cli) assert.equal(shown[row.id]['metrics.json:acc'], String(row.metrics['metrics.json'].acc));

    // A plot of the three: their step histories, one chart of acc against step, and the parallel coordinates.
    const plotted = await whenRendered('archipel.experiments', (s) => s.selected === 3 && s.stepCharts === 1, () => panel!.select(cli.map((r) => r.id)), 30_000);
    assert.equal(plotted.summary.parallel, true);
  });

  it('retrains as an experiment: the retrain stage queued on HEAD, a live row of the panel', async function () {
    this.timeout(120_000);
    const queued = await whenRendered('archipel.experiments', (s) => s.live === 1, async () => {
      const answer = await vscode.commands.executeCommand<{ message: string; failed?: boolean }>('archipel.retrainAsExperiment', vscode.Uri.joinPath(folder, 'params.yaml'));
      assert.ok(answer);
      assert.equal(answer.failed, undefined, answer.message);
      assert.match(answer.message, /^queued 1 experiment\(s\): retrain-\d{8}-\d{6}$/);
    });
    assert.equal(queued.summary.experiments, 3);
  });
});

describe('experiments in a folder that is not a Git repository (#52)', () => {
  const plain = workspaceFile('experiments-no-git');
  before(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(plain, { recursive: true, useTrash: false });
  });

  it('the panel says what is missing, refuses to queue, and Initialise Git here makes the repository the table reads', async function () {
    this.timeout(120_000);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(plain, 'params.yaml'), Buffer.from('train:\n  n_est: 10\n', 'utf8'));
    let panel: Panel | undefined;
    const missing = await whenRendered('archipel.experiments', (s) => s.gitMissing === 'repository', async () => {
      panel = await vscode.commands.executeCommand<Panel>('archipel.showExperiments', plain);
    }, 60_000);
    assert.ok(panel);
    assert.equal(missing.summary.total, 0);
    const refused = await panel.act({ action: 'queue', overrides: ['train.n_est=5'] });
    assert.equal(refused.failed, true);
    assert.match(refused.message, /^This folder is not a Git repository: experiments are Git commits/);
    // The one action offered: the repository, then the table (the workspace and its baseline).
    await whenRendered('archipel.experiments', (s) => s.gitMissing === '' && s.total === 2, async () => {
      const made = await panel!.act({ action: 'init' });
      assert.equal(made.failed, undefined, made.message);
      assert.match(made.message, /^Git initialised in .+: first commit [0-9a-f]{7} as /);
    }, 60_000);
    const git = (...args: string[]) => execFileSync('git', ['-C', plain.fsPath, ...args], { encoding: 'utf8' }).trim();
    assert.equal(git('ls-files'), 'params.yaml');
    assert.equal(git('rev-list', '--count', 'HEAD'), '1');
  });
});
