// `exp apply` puts each output in place through a temporary name beside it (engines/experiments/
// manage.ts, placeFile). Fault injection at that name: the name tempName draws is made known (its
// random part forced), and something is planted there first — a link to a file or folder outside
// the repository, a file of another placement in progress, a killed run's file — or two placements
// draw the same name at once. Nothing is written through the link, nothing of another writer's is
// overwritten or taken, what a dead run left is cleaned, and every output lands whole.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitExperiment } from '../../../src/engines/experiments/commit';
import { applyExperiment } from '../../../src/engines/experiments/manage';
import { makeTree } from '../../tempdir';
import { forceTempRandoms, tempAt } from '../../tempNames';
import { gitEnv } from '../../experiments';

const ENV = gitEnv();
const md5 = (bytes: string | Buffer) => createHash('md5').update(bytes).digest('hex');

/** A repository whose experiments each give `model.txt` (or the folder `model/`) other bytes, kept in Archipel's cache. */
function repo() {
  const tree = makeTree({ 'params.yaml': 'n: 1\n' });
  const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...ENV } }).toString().trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'baseline');
  const baseline = git('rev-parse', 'HEAD');
  const keep = (bytes: string) => {
    const hash = md5(bytes);
    const object = path.join(tree.root, '.archipel', 'cache', hash.slice(0, 2), hash.slice(2));
    mkdirSync(path.dirname(object), { recursive: true });
    writeFileSync(object, bytes);
    return hash;
  };
  const lock = (out: string, hash: string) => `schema: '2.0'\nstages:\n  train:\n    cmd: node train.js\n    outs:\n    - path: ${out}\n      hash: md5\n      md5: ${hash}\n`;
  return {
    ...tree,
    /** An experiment whose output `model.txt` holds `bytes`. */
    async withFile(name: string, bytes: string) {
      await commitExperiment(tree.root, { baseline, name, files: { 'dvc.lock': lock('model.txt', keep(bytes)) }, env: ENV });
    },
    /** An experiment whose output folder `model/` holds `weights.bin` with `bytes`. */
    async withFolder(name: string, bytes: string) {
      const manifest = JSON.stringify([{ md5: keep(bytes), relpath: 'weights.bin' }]);
      const hash = `${md5(manifest)}.dir`;
      const object = path.join(tree.root, '.archipel', 'cache', hash.slice(0, 2), hash.slice(2));
      mkdirSync(path.dirname(object), { recursive: true });
      writeFileSync(object, manifest);
      await commitExperiment(tree.root, { baseline, name, files: { 'dvc.lock': lock('model', hash) }, env: ENV });
    },
  };
}

describe('experiments: apply through a temporary name someone else holds', function () {
  this.timeout(60_000);
  const saved: Record<string, string | undefined> = {};
  let outside: string;
  before(function () {
    for (const [k, v] of Object.entries(ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(function () {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  beforeEach(function () {
    outside = mkdtempSync(path.join(os.tmpdir(), 'archipel-outside-'));
  });
  afterEach(function () {
    rmSync(outside, { recursive: true, force: true });
  });

  it('a link planted at the temporary name is not written through, and not put in place of the output', async function () {
    const tree = repo();
    try {
      await tree.withFile('e1', 'the model\n');
      const victim = path.join(outside, 'victim.txt');
      writeFileSync(victim, 'not yours\n');
      const target = path.join(tree.root, 'model.txt');
      const planted = tempAt(target, 'abcd');
      symlinkSync(victim, planted);
      const restore = forceTempRandoms(['abcd']);
      try {
        await applyExperiment(tree.root, 'e1');
      } finally {
        restore();
      }
      assert.equal(readFileSync(victim, 'utf8'), 'not yours\n', 'the file outside the repository is untouched');
      assert.ok(lstatSync(target).isFile(), 'model.txt is a file, not the planted link');
      assert.equal(readFileSync(target, 'utf8'), 'the model\n');
      assert.ok(lstatSync(planted).isSymbolicLink(), 'the planted link is left where it was');
    } finally {
      tree.remove();
    }
  });

  it('a link planted at the staged folder\'s name does not receive a folder output, nor become it', async function () {
    const tree = repo();
    try {
      await tree.withFolder('e1', 'weights\n');
      const target = path.join(tree.root, 'model');
      const planted = tempAt(target, 'abcd');
      symlinkSync(outside, planted);
      const restore = forceTempRandoms(['abcd']);
      try {
        await applyExperiment(tree.root, 'e1');
      } finally {
        restore();
      }
      assert.deepEqual(readdirSync(outside), [], 'nothing written in the folder outside the repository');
      assert.ok(lstatSync(target).isDirectory(), 'model/ is a folder, not the planted link');
      assert.equal(readFileSync(path.join(target, 'weights.bin'), 'utf8'), 'weights\n');
      assert.ok(lstatSync(planted).isSymbolicLink());
    } finally {
      tree.remove();
    }
  });

  it('another placement\'s file at the temporary name is neither overwritten nor taken; a dead run\'s is cleaned', async function () {
    const tree = repo();
    try {
      await tree.withFile('e1', 'the model\n');
      const target = path.join(tree.root, 'model.txt');
      // This process is alive: its file is another placement in progress.
      const inProgress = tempAt(target, 'abcd');
      writeFileSync(inProgress, 'half of another copy');
      // A process that has exited: what it left is abandoned (a killed `exp apply`).
      const gone = spawnSync(process.execPath, ['-e', '0']).pid;
      const abandoned = tempAt(target, '0001', gone);
      writeFileSync(abandoned, 'left by a killed run');
      const restore = forceTempRandoms(['abcd']);
      try {
        await applyExperiment(tree.root, 'e1');
      } finally {
        restore();
      }
      assert.equal(readFileSync(inProgress, 'utf8'), 'half of another copy', 'the other placement\'s file is its own');
      assert.equal(readFileSync(target, 'utf8'), 'the model\n');
      assert.throws(() => lstatSync(abandoned), { code: 'ENOENT' }, 'the killed run\'s temporary file is removed');
    } finally {
      tree.remove();
    }
  });

  it('two placements at once that draw the same temporary name both land whole', async function () {
    const tree = repo();
    try {
      const big = (c: string) => `${c.repeat(1 << 20)}\n`;
      await tree.withFile('e1', big('a'));
      await tree.withFile('e2', big('b'));
      const target = path.join(tree.root, 'model.txt');
      const restore = forceTempRandoms(['abcd', 'abcd']);
      let results: PromiseSettledResult<unknown>[];
      try {
        results = await Promise.allSettled([applyExperiment(tree.root, 'e1'), applyExperiment(tree.root, 'e2')]);
      } finally {
        restore();
      }
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled'], results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')).join('; '));
      assert.ok([big('a'), big('b')].includes(readFileSync(target, 'utf8')), 'model.txt is one experiment\'s output, whole');
      assert.deepEqual(readdirSync(tree.root).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');
    } finally {
      tree.remove();
    }
  });
});
