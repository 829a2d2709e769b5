// How `exp show` reads Git (#54): one `cat-file --batch` answering rounds of names in order (missing
// names, names it refuses, objects spanning many reads, objects past the bound), the refs listed
// once with HEAD from the branch it is on, and commit dates read from the commit objects as
// `git log --format=%ct` gives them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CatFile, maxBlobBytes } from '../../../src/engines/experiments/git';
import { listRefs, readCommits, readRefs } from '../../../src/engines/experiments/store';
import { gitEnv } from '../../experiments';
import { makeTree } from '../../tempdir';

function run(root: string, args: string[], env: NodeJS.ProcessEnv = gitEnv()): string {
  return execFileSync('git', ['-C', root, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
}

describe('experiments: reading Git', function () {
  this.timeout(60000);
  let tree: { root: string; remove: () => void };
  let first: string;
  let second: string;
  // 200 kB: delivered over several reads of the pipe.
  const big = Array.from({ length: 20000 }, (_, i) => `line ${i}`).join('\n');

  before(function () {
    tree = makeTree({ 'params.yaml': 'train:\n  seed: 1\n', 'big.txt': big, 'huge.bin': 'x'.repeat(maxBlobBytes + 1) });
    run(tree.root, ['init', '-q', '-b', 'main']);
    run(tree.root, ['add', '-A']);
    run(tree.root, ['commit', '-q', '-m', 'first'], gitEnv('2023-08-26T09:11:50+00:00'));
    first = run(tree.root, ['rev-parse', 'HEAD']);
    run(tree.root, ['commit', '-q', '--allow-empty', '-m', 'second'], { ...gitEnv('2024-01-02T03:04:05+00:00'), GIT_AUTHOR_DATE: '2020-01-01T00:00:00+00:00' });
    second = run(tree.root, ['rev-parse', 'HEAD']);
  });
  after(() => tree.remove());

  it('answers two rounds on one process, in order: missing and refused names are undefined, a large object whole, one past the bound without its bytes', async function () {
    const reader = new CatFile(tree.root);
    try {
      const one = await reader.read([`${first}:params.yaml`, `${first}:absent.yaml`, 'bad\nname', `${first}:big.txt`, first, `${first}:huge.bin`]);
      assert.deepEqual(one.map((o) => o?.type), ['blob', undefined, undefined, 'blob', 'commit', 'blob']);
      assert.equal(one[0]?.data?.toString('utf8'), 'train:\n  seed: 1\n');
      assert.equal(one[3]?.data?.toString('utf8'), big);
      assert.match(one[4]?.data?.toString('utf8') ?? '', /^tree [0-9a-f]{40}\n/);
      assert.equal(one[5]?.data, undefined);
      const two = await reader.read([`${second}:params.yaml`, `${second}:`]);
      assert.equal(two[0]?.data?.toString('utf8'), 'train:\n  seed: 1\n');
      assert.equal(two[1]?.type, 'tree');
    } finally {
      reader.close();
    }
  });

  it('takes HEAD from the branch it is on, and asks rev-parse when it is detached', async function () {
    const listed = await listRefs(tree.root);
    assert.equal(listed.head, second);
    assert.equal((await readRefs(tree.root)).head, second);
    run(tree.root, ['checkout', '-q', '--detach', first]);
    try {
      assert.equal((await listRefs(tree.root)).head, undefined);
      assert.equal((await readRefs(tree.root)).head, first);
    } finally {
      run(tree.root, ['checkout', '-q', 'main']);
    }
  });

  it('dates a commit by its committer, as git log %ct does', async function () {
    const records = await readCommits(tree.root, [first, second]);
    for (const commit of [first, second]) {
      const seconds = Number(run(tree.root, ['log', '-1', '--format=%ct', commit]));
      assert.equal(records.get(commit)?.timestamp, new Date(seconds * 1000).toISOString());
    }
    assert.equal(records.get(second)?.timestamp, '2024-01-02T03:04:05.000Z');
    assert.deepEqual(records.get(first)?.params, { 'params.yaml': { 'train.seed': 1 } });
  });
});
