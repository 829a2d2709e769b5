// Initialise Git here (#52): what a folder lacks for experiments (Git, a repository, a first commit),
// said as such by the panel's table request and by `archipel exp` instead of Git's raw `fatal: not a
// git repository`, and the repository made there: `git init`, the files its .gitignore does not
// name, a first commit as the user Git knows, else as the fallback identity; no hook of the
// repository runs. Nothing reads the machine's Git configuration.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expCommand } from '../../../src/cli/experiments';
import { FALLBACK_IDENTITY } from '../../../src/engines/experiments/commit';
import { initRepository, missingGit, missingMessage } from '../../../src/engines/experiments/repository';
import { gitEnv, nobody } from '../../experiments';
import { makeTree } from '../../tempdir';

const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, ...args], { env: { ...process.env, ...gitEnv() }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

describe('Initialise Git here (engines/experiments/repository.ts, #52)', function () {
  this.timeout(120_000);

  it('a folder in no repository: made one, its files committed but what .gitignore names, as the fallback identity when Git knows nobody', async () => {
    const tree = makeTree({ 'dvc.yaml': 'stages: {}\n', 'params.yaml': 'lr: 0.1\n', '.gitignore': '/dvc.lock\n/data/\n', 'dvc.lock': 'x\n', 'data/out.csv': 'a\n', 'src/train.py': 'print(1)\n' });
    try {
      assert.equal(await missingGit(tree.root, nobody), 'repository');
      const done = await initRepository(tree.root, nobody);
      assert.equal(done.created, true);
      assert.equal(done.root, tree.root);
      assert.equal(done.author, `${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>`);
      assert.equal(git(tree.root, 'rev-parse', 'HEAD'), done.commit);
      assert.deepEqual(git(tree.root, 'ls-files').split('\n'), ['.gitignore', 'dvc.yaml', 'params.yaml', 'src/train.py']);
      assert.equal(git(tree.root, 'status', '--porcelain'), '');
      assert.equal(await missingGit(tree.root, nobody), undefined);
      // Once more: nothing to do, HEAD as it was.
      const again = await initRepository(tree.root, nobody);
      assert.deepEqual([again.created, again.commit], [false, done.commit]);
    } finally {
      tree.remove();
    }
  });

  it('a repository with no commit: its files committed as the user Git knows, and none of its hooks runs', async () => {
    const tree = makeTree({ 'params.yaml': 'lr: 0.1\n' });
    try {
      git(tree.root, 'init', '-q');
      const ran = path.join(tree.root, 'hook-ran');
      for (const hook of ['pre-commit', 'post-commit']) {
        const file = path.join(tree.root, '.git', 'hooks', hook);
        writeFileSync(file, `#!/bin/sh\ntouch '${ran}'\n`);
        chmodSync(file, 0o755);
      }
      assert.equal(await missingGit(tree.root, gitEnv()), 'commit');
      const done = await initRepository(tree.root, gitEnv());
      assert.deepEqual([done.created, done.author], [true, 'Test <test@example.com>']);
      assert.deepEqual(git(tree.root, 'ls-files').split('\n'), ['params.yaml']);
      assert.equal(existsSync(ran), false, 'a hook of the repository ran');
    } finally {
      tree.remove();
    }
  });

  it('Git not found: said as such, and nothing to initialise with', async () => {
    const tree = makeTree({ 'params.yaml': 'lr: 0.1\n' });
    try {
      const noGit = { ...nobody, PATH: path.join(tree.root, 'no-bin') };
      assert.equal(await missingGit(tree.root, noGit), 'git');
      await assert.rejects(initRepository(tree.root, noGit), { message: missingMessage('git', 'panel') });
    } finally {
      tree.remove();
    }
  });

  it('archipel exp outside a repository says what is missing and what to type, exit 1', async () => {
    const tree = makeTree({ 'params.yaml': 'lr: 0.1\n' });
    try {
      let err = '';
      const code = await expCommand(['show'], { out: () => undefined, err: (text) => (err += text) }, tree.root, { ...process.env, ...nobody });
      assert.equal(code, 1);
      assert.equal(err, 'archipel exp: This folder is not a Git repository: experiments are Git commits on a baseline commit. Make one: git init && git add -A && git commit -m "First commit"\n');
    } finally {
      tree.remove();
    }
  });
});
