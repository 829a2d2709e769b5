// The status snapshot (engines/pipeline/statusSnapshot.ts) only saves time: any change to a dep, an
// out, a params file, the lock, the pipeline file or the snapshot itself runs the full status, and a
// folder among the paths (its files are not stat'ed by the snapshot) never uses one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HashCache } from '../../../src/engines/pipeline/hashCache';
import { loadPipeline } from '../../../src/engines/pipeline/load';
import { parseCacheFile, type ReadRecord } from '../../../src/engines/pipeline/parseCache';
import { pipelineStatus } from '../../../src/engines/pipeline/status';
import { recordStatus, snapshotStatus } from '../../../src/engines/pipeline/statusSnapshot';
import { makeTree } from '../../tempdir';

const DVC = 'stages:\n  a:\n    cmd: echo a\n    deps:\n      - in.txt\n    params:\n      - lr\n    outs:\n      - out.txt\n';
// md5 of "x" and of "y", as a run would have recorded them.
const LOCK = (cmd: string) =>
  `schema: '2.0'\nstages:\n  a:\n    cmd: ${cmd}\n    deps:\n    - path: in.txt\n      hash: md5\n      md5: 9dd4e461268c8034f5c8564e155c67a6\n      size: 1\n    params:\n      params.yaml:\n        lr: 1\n    outs:\n    - path: out.txt\n      hash: md5\n      md5: 415290769594460e2e485922904f345d\n      size: 1\n`;

describe('pipeline status snapshot', () => {
  let root = '';
  let cacheDir = '';
  let remove = () => {};
  beforeEach(() => {
    ({ root, remove } = makeTree({ 'dvc.yaml': DVC, 'dvc.lock': LOCK('echo a'), 'params.yaml': 'lr: 1\n', 'in.txt': 'x', 'out.txt': 'y' }));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-cache-'));
  });
  afterEach(() => {
    remove();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** What the CLI does: the snapshot when it answers, else the full status (recording a snapshot). */
  async function status(): Promise<{ from: 'snapshot' | 'full'; states: string[]; reasons: string[] }> {
    const file = path.join(root, 'dvc.yaml');
    const snapshot = snapshotStatus(file, cacheDir);
    if (snapshot) return { from: 'snapshot', states: snapshot.stages.map((s) => s.state), reasons: snapshot.stages.flatMap((s) => s.reasons) };
    let reads: readonly ReadRecord[] = [];
    const pipeline = await loadPipeline(file, false, (r) => (reads = r));
    const cache = new HashCache();
    const result = await recordStatus(pipeline, cache, reads, [], () => pipelineStatus(pipeline, cache), cacheDir);
    return { from: 'full', states: result.stages.map((s) => s.state), reasons: result.stages.flatMap((s) => s.reasons) };
  }

  it('answers an unchanged workspace, and sees every kind of change', async () => {
    assert.deepEqual(await status(), { from: 'full', states: ['up-to-date'], reasons: [] });
    assert.deepEqual(await status(), { from: 'snapshot', states: ['up-to-date'], reasons: [] });
    // A dep edited.
    writeFileSync(path.join(root, 'in.txt'), 'xx');
    assert.deepEqual(await status(), { from: 'full', states: ['stale'], reasons: ['`in.txt` changed since the last run'] });
    assert.equal((await status()).from, 'snapshot');
    writeFileSync(path.join(root, 'in.txt'), 'x');
    assert.deepEqual(await status(), { from: 'full', states: ['up-to-date'], reasons: [] });
    // A param changed.
    writeFileSync(path.join(root, 'params.yaml'), 'lr: 2\n');
    assert.deepEqual(await status(), { from: 'full', states: ['stale'], reasons: ['parameter `lr` of `params.yaml` changed from 1 to 2'] });
    writeFileSync(path.join(root, 'params.yaml'), 'lr: 1\n');
    assert.equal((await status()).from, 'full');
    // The lock changed (another command recorded).
    writeFileSync(path.join(root, 'dvc.lock'), LOCK('echo b'));
    assert.deepEqual(await status(), { from: 'full', states: ['stale'], reasons: ['the command changed since the last run'] });
    writeFileSync(path.join(root, 'dvc.lock'), LOCK('echo a'));
    assert.equal((await status()).from, 'full');
    // An out deleted.
    unlinkSync(path.join(root, 'out.txt'));
    assert.deepEqual(await status(), { from: 'full', states: ['stale'], reasons: ['output `out.txt` is missing'] });
    assert.equal((await status()).from, 'snapshot');
    writeFileSync(path.join(root, 'out.txt'), 'y');
    assert.deepEqual(await status(), { from: 'full', states: ['up-to-date'], reasons: [] });
    // The pipeline file edited.
    writeFileSync(path.join(root, 'dvc.yaml'), DVC.replace('echo a', 'echo c'));
    assert.deepEqual(await status(), { from: 'full', states: ['stale'], reasons: ['the command changed since the last run'] });
  });

  it('runs the full status around a damaged snapshot, and never snapshots a folder', async () => {
    await status();
    writeFileSync(parseCacheFile(path.join(root, 'dvc.yaml'), 'status', cacheDir)!, 'not a V8 value');
    assert.deepEqual(await status(), { from: 'full', states: ['up-to-date'], reasons: [] });
    writeFileSync(path.join(root, 'dvc.yaml'), DVC.replace('in.txt', 'data'));
    mkdirSync(path.join(root, 'data'));
    writeFileSync(path.join(root, 'data', 'one.txt'), '1');
    assert.equal((await status()).from, 'full');
    // A file inside the folder changes no stat of the folder's own: the snapshot must not answer.
    assert.equal((await status()).from, 'full');
  });

  it('is off with the speed-only caches', async () => {
    const file = path.join(root, 'dvc.yaml');
    const pipeline = await loadPipeline(file, false);
    const cache = new HashCache();
    await recordStatus(pipeline, cache, [], [], () => pipelineStatus(pipeline, cache), null);
    assert.equal(snapshotStatus(file, null), undefined);
  });
});
