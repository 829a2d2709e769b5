// engines/pipeline/states.ts: what the server knows of the pipelines between requests (issue #36:
// the six maps of registerPipelineRequests' closure, now one object the experiments family extends).
import assert from 'node:assert/strict';
import path from 'node:path';
import type { HashCache } from '../../../src/engines/pipeline/hashCache';
import { PipelineStates } from '../../../src/engines/pipeline/states';
import { parsePipeline } from '../../../src/pipeline/parse';
import type { PipelineStatus } from '../../../src/protocol/pipeline';

const root = path.resolve('/ws');
const file = path.join(root, 'dvc.yaml');
const pipeline = parsePipeline('stages:\n  prepare:\n    cmd: python prep.py\n    deps: [data/raw]\n    outs: [data/prepared]\n  train:\n    cmd: python train.py\n    deps: [data/prepared]\n    params: [train.lr]\n', file);
const status = (): PipelineStatus => ({ file, stages: [{ stage: 'prepare', state: 'stale', reasons: ['new'] }, { stage: 'train', state: 'up-to-date', reasons: [] }], hashed: 0, ms: 1 });

function states() {
  const watched: string[] = [];
  let refreshed = 0;
  const loaded: string[] = [];
  const saved: string[] = [];
  const object = new PipelineStates(
    { watchFolder: (folder) => watched.push(folder), refreshCodeLenses: () => refreshed++ },
    (folder) => ({ load: async () => void loaded.push(folder), save: async () => void saved.push(folder) }) as unknown as HashCache,
  );
  return { object, watched, loaded, saved, refreshed: () => refreshed };
}

describe('PipelineStates (engines/pipeline/states.ts)', () => {
  it('remembers a pipeline and watches its folder', () => {
    const { object, watched } = states();
    object.remember(pipeline);
    assert.deepEqual(watched, [root]);
  });

  it('loads one hash cache per root, once, even when asked twice at once', async () => {
    const { object, loaded, saved } = states();
    const [a, b] = await Promise.all([object.cacheFor(root), object.cacheFor(root)]);
    assert.equal(a, b);
    assert.deepEqual(loaded, [root]);
    await object.save();
    assert.deepEqual(saved, [root]);
  });

  it('records statuses (code lenses refreshed) and answers a stage at once; checks an unknown pipeline once in the background', async () => {
    const { object, refreshed } = states();
    const checks: string[] = [];
    let finish!: () => void;
    const check = (f: string) => (checks.push(f), new Promise<void>((resolve) => (finish = resolve)));
    assert.equal(object.stageStatus(file, 'prepare', check), undefined);
    assert.equal(object.stageStatus(file, 'train', check), undefined);
    assert.deepEqual(checks, [file]);
    object.record(status());
    finish();
    assert.equal(refreshed(), 1);
    assert.equal(object.stageStatus(file, 'prepare', check)?.state, 'stale');
  });

  it('marks the stages of a run going on as running, in new statuses too, until the run ends', () => {
    const { object } = states();
    object.record(status());
    object.runStarted(file);
    object.stageStarted(file, 'train', '2026-01-01T00:00:00.000Z');
    assert.equal(object.stageStatus(file, 'train', async () => {})?.state, 'running');
    assert.equal(object.record(status()).stages.find((s) => s.stage === 'train')?.state, 'running');
    object.stageEnded(file, 'train');
    assert.equal(object.record(status()).stages.find((s) => s.stage === 'train')?.state, 'up-to-date');
    assert.equal(object.isRunning(file), true);
    object.runEnded(file);
    assert.equal(object.isRunning(file), false);
  });

  it('makes stale the pipelines a changed file touches (the file, its lock, a dep, an out, inside one), not while they run', () => {
    const { object } = states();
    object.remember(pipeline);
    assert.equal(object.filesChanged([path.join(root, 'README.md'), path.join(root, '.archipel', 'x'), path.resolve('/elsewhere/dvc.yaml')]), false);
    for (const touched of ['dvc.yaml', 'dvc.lock', 'data/raw', 'data/prepared/part-1.csv']) {
      assert.equal(object.filesChanged([path.join(root, touched)]), true, touched);
      assert.deepEqual(object.takeStale(), [file]);
      assert.deepEqual(object.takeStale(), []);
    }
    object.runStarted(file);
    assert.equal(object.filesChanged([path.join(root, 'data/raw')]), false);
  });
});
