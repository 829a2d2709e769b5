// Experiments on a machine where Git knows nobody (issue #52), and their state under .archipel's no-follow rule (#50): no user.name or user.email, and Git
// told not to guess one (user.useConfigOnly, so the test does not depend on the machine's host
// name). The experiment is committed under FALLBACK_IDENTITY, as DVC commits with its own; with
// an identity, that identity. Neither case reads the machine's Git configuration.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LinkRefusedError } from '../../../src/engines/core/safeWrite';
import { commitExperiment, FALLBACK_IDENTITY } from '../../../src/engines/experiments/commit';
import { enqueue, queuedEntries } from '../../../src/engines/experiments/queue';
import { runExperiment } from '../../../src/engines/experiments/runner';
import { showAll } from '../../../src/engines/experiments/show';
import { gitEnv, nobody } from '../../experiments';
import { makeTree } from '../../tempdir';

/** A repository with one commit of `files` (the test identity), its root, its commit and git to run there. */
function baselineRepo(files: Record<string, string>): { root: string; baseline: string; git: (...args: string[]) => string; remove: () => void } {
  const tree = makeTree(files);
  const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...gitEnv() }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'baseline');
  return { root: tree.root, baseline: git('rev-parse', 'HEAD'), git, remove: tree.remove };
}

describe('experiments without a Git identity (engines/experiments/commit.ts)', function () {
  this.timeout(120_000);

  it('commits under the fallback identity when Git knows nobody, under the user\'s when it does', async () => {
    const tree = baselineRepo({ 'params.yaml': 'lr: 0.1\n' });
    const { baseline } = tree;
    try {
      const git = (env: NodeJS.ProcessEnv, ...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      // Git itself refuses to commit here.
      assert.throws(() => git(nobody, 'commit-tree', `${baseline}^{tree}`, '-m', 'x'), /identity unknown|empty ident/i);

      const fallback = await commitExperiment(tree.root, { baseline, name: 'exp-nobody', files: { 'params.yaml': 'lr: 0.2\n' }, env: nobody });
      assert.equal(git(gitEnv(), 'log', '-1', '--format=%an <%ae> / %cn <%ce>', fallback.commit), `${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}> / ${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>`);
      assert.equal(git(gitEnv(), 'show', `${fallback.commit}:params.yaml`), 'lr: 0.2');

      const own = await commitExperiment(tree.root, { baseline, name: 'exp-test', files: { 'params.yaml': 'lr: 0.3\n' }, env: gitEnv() });
      assert.equal(git(gitEnv(), 'log', '-1', '--format=%an <%ae>', own.commit), 'Test <test@example.com>');
    } finally {
      tree.remove();
    }
  });
});

describe('experiments state under the no-follow rule of .archipel (issue #50)', function () {
  this.timeout(120_000);

  it('a committed link at .archipel/experiments or at its work folder is refused before anything is created through it', async () => {
    const outside = makeTree({ 'keep.txt': 'mine\n' });
    const tree = baselineRepo({ 'params.yaml': 'lr: 0.1\n', 'dvc.yaml': 'stages:\n  train:\n    cmd: echo hi\n' });
    const { baseline } = tree;
    try {
      mkdirSync(path.join(tree.root, '.archipel'));
      symlinkSync(outside.root, path.join(tree.root, '.archipel', 'experiments'));
      await assert.rejects(enqueue(tree.root, [{ name: 'exp-a', baseline, params: {} }]), LinkRefusedError);
      assert.deepEqual(readdirSync(outside.root), ['keep.txt'], 'nothing created through .archipel/experiments');

      rmSync(path.join(tree.root, '.archipel', 'experiments'));
      mkdirSync(path.join(tree.root, '.archipel', 'experiments'));
      symlinkSync(outside.root, path.join(tree.root, '.archipel', 'experiments', 'work'));
      const [entry] = await enqueue(tree.root, [{ name: 'exp-b', baseline, params: {} }]);
      await assert.rejects(runExperiment(tree.root, entry, { env: gitEnv() }), LinkRefusedError);
      assert.deepEqual(readdirSync(outside.root), ['keep.txt'], 'nothing created through .archipel/experiments/work');
    } finally {
      tree.remove();
      outside.remove();
    }
  });
});

describe('a failed experiment leaves the queue (issue #52)', function () {
  this.timeout(120_000);

  it('one that cannot run moves to failed/ with its reason, named in the repository, and the queue holds it no more', async () => {
    const tree = baselineRepo({ 'params.yaml': 'lr: 0.1\n', 'dvc.yaml': 'stages:\n  train:\n    cmd: [oops\n' });
    try {
      const [entry] = await enqueue(tree.root, [{ name: 'exp-broken', baseline: tree.baseline, params: { 'params.yaml': { lr: 0.2 } } }]);
      const result = await runExperiment(tree.root, entry, { env: gitEnv() });
      assert.equal(result.outcome, 'failed');
      assert.ok(result.reason?.includes(path.join(tree.root, 'dvc.yaml')), `the reason names the user's dvc.yaml: ${result.reason}`);
      assert.ok(!result.reason?.includes(`${path.sep}work${path.sep}`), `the reason names no temporary copy: ${result.reason}`);
      assert.deepEqual(await queuedEntries(tree.root), []);
      const failed = JSON.parse(readFileSync(path.join(tree.root, '.archipel', 'experiments', 'failed', `${entry.id}.json`), 'utf8')) as { name: string; reason: string };
      assert.deepEqual([failed.name, failed.reason], ['exp-broken', result.reason]);
    } finally {
      tree.remove();
    }
  });
});

describe('a broken MLflow store fails alone (issue #50)', function () {
  this.timeout(120_000);

  it('an mlflow.db that is not a database is one row saying so; the DVC experiments are listed all the same', async () => {
    const tree = baselineRepo({ 'params.yaml': 'lr: 0.1\n' });
    try {
      await commitExperiment(tree.root, { baseline: tree.baseline, name: 'exp-kept', files: { 'params.yaml': 'lr: 0.2\n' }, env: gitEnv() });
      writeFileSync(path.join(tree.root, 'mlflow.db'), 'this is no SQLite database\n'.repeat(100));
      const rows = await showAll(tree.root);
      assert.deepEqual(rows.filter((r) => r.kind === 'experiment').map((r) => r.name), ['exp-kept']);
      const broken = rows.filter((r) => r.kind === 'mlflow');
      assert.deepEqual(broken.map((r) => [r.name, r.status]), [['mlflow.db', 'unreadable']]);
      assert.match(broken[0].note ?? '', /^MLflow store not read: /);
    } finally {
      tree.remove();
    }
  });
});
