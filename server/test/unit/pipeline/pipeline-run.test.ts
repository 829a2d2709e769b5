// The runner against DVC's rules: each staleness case of issue #18 on a real folder, real shell
// commands and a real dvc.lock; failures keep previous outputs and the lock; cancel kills the tree.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HashCache } from '../../../src/engines/pipeline/hashCache';
import { readLock } from '../../../src/engines/pipeline/lock';
import { runPipeline } from '../../../src/engines/pipeline/run';
import { pipelineStatus } from '../../../src/engines/pipeline/status';
import { stateText } from '../../../src/pipeline/editing';
import type { Pipeline } from '../../../src/pipeline/model';
import type { PipelineEvent } from '../../../src/protocol/pipeline';
import { pipelineOf, type StageSpec } from '../../pipelineStages';
import { makeTree } from '../../tempdir';
import { repoRoot } from '../../helpers';

async function statusOf(pipeline: Pipeline) {
  const cache = HashCache.forRoot(pipeline.root);
  await cache.load();
  const status = await pipelineStatus(pipeline, cache);
  return Object.fromEntries(status.stages.map((s) => [s.stage, s]));
}

/** Waits until `check` holds (bounded polling). */
async function until(what: string, check: () => boolean, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('pipeline runner (DVC staleness rules)', function () {
  this.timeout(120_000);
  let root = '';
  let remove = () => {};
  const file = (p: string) => path.join(root, p);
  const read = (p: string) => readFileSync(file(p), 'utf8');
  const write = (p: string, text: string) => writeFileSync(file(p), text);

  const base: Record<string, StageSpec> = {
    prepare: { cmd: 'cat raw.txt raw.txt > prepared.txt', deps: ['raw.txt'], outs: ['prepared.txt'] },
    train: { cmd: 'cat prepared.txt > model.txt && echo lr >> model.txt', deps: ['prepared.txt'], outs: ['model.txt'], params: [{ keys: ['train.lr'] }] },
  };

  beforeEach(() => {
    ({ root, remove } = makeTree({ 'raw.txt': 'a\n', 'params.yaml': 'train:\n  lr: 0.1\nother: 1\n' }));
  });
  afterEach(() => remove());

  it('runs a fresh pipeline, writes the lock, then finds everything up to date (a second run does nothing)', async () => {
    const pipeline = pipelineOf(root, base);
    const fresh = (await statusOf(pipeline)).prepare;
    assert.equal(fresh.state, 'never-run');
    // The state and its reason compose once in the hover and the code lens: no "never run: never run".
    assert.equal(stateText(fresh), 'never run: no entry in the lock');
    const first = await runPipeline(pipeline, {});
    assert.deepEqual(first.stages.map((s) => s.outcome), ['ran', 'ran']);
    assert.equal(read('model.txt'), 'a\na\nlr\n');
    const lock = await readLock(file('dvc.lock'));
    assert.deepEqual(lock.stages.get('train')?.params, { 'params.yaml': { 'train.lr': 0.1 } });
    const status = await statusOf(pipeline);
    assert.deepEqual([status.prepare.state, status.train.state], ['up-to-date', 'up-to-date']);
    const second = await runPipeline(pipeline, {});
    assert.deepEqual(second.stages.map((s) => s.outcome), ['skipped', 'skipped']);
    assert.match(read('.archipel/.gitignore'), /^\*$/m, 'the state folder ignores itself');
  });

  it('an edited dep makes its stage stale, saying which file changed', async () => {
    const pipeline = pipelineOf(root, base);
    await runPipeline(pipeline, {});
    write('raw.txt', 'b\n');
    const status = await statusOf(pipeline);
    assert.equal(status.prepare.state, 'stale');
    assert.deepEqual(status.prepare.reasons, ['`raw.txt` changed since the last run']);
    assert.equal(status.train.state, 'up-to-date', 'dvc status judges each stage against its own lock entry');
  });

  it("a changed param value re-runs only what reads it; a key added but not tracked changes nothing", async () => {
    const pipeline = pipelineOf(root, base);
    await runPipeline(pipeline, {});
    write('params.yaml', 'train:\n  lr: 0.1\n  untracked: 5\nother: 2\n');
    assert.equal((await statusOf(pipeline)).train.state, 'up-to-date');
    write('params.yaml', 'train:\n  lr: 0.2\nother: 2\n');
    const status = await statusOf(pipeline);
    assert.deepEqual(status.train.reasons, ['parameter `train.lr` of `params.yaml` changed from 0.1 to 0.2']);
    const run = await runPipeline(pipeline, {});
    assert.deepEqual(run.stages.map((s) => `${s.stage}:${s.outcome}`), ['prepare:skipped', 'train:ran']);
  });

  it('a changed cmd, a deleted out and a modified out each make the stage stale', async () => {
    await runPipeline(pipelineOf(root, base), {});
    const changed = pipelineOf(root, { ...base, prepare: { ...base.prepare, cmd: 'cat raw.txt > prepared.txt' } });
    assert.deepEqual((await statusOf(changed)).prepare.reasons, ['the command changed since the last run']);
    const pipeline = pipelineOf(root, base);
    rmSync(file('model.txt'));
    assert.deepEqual((await statusOf(pipeline)).train.reasons, ['output `model.txt` is missing']);
    await runPipeline(pipeline, {});
    write('prepared.txt', 'edited by hand\n');
    assert.deepEqual((await statusOf(pipeline)).prepare.reasons, ['output `prepared.txt` changed since the last run']);
  });

  it('frozen never runs and checks only its outs; always_changed and a stage without deps and outs always run', async () => {
    const pipeline = pipelineOf(root, {
      ...base,
      prepare: { ...base.prepare, frozen: true },
      ping: { cmd: 'echo ping' },
      stamp: { cmd: 'date > stamp.txt', outs: ['stamp.txt'], alwaysChanged: true },
    });
    write('prepared.txt', 'made by hand\n');
    const run = await runPipeline(pipeline, {});
    assert.deepEqual(run.stages.map((s) => `${s.stage}:${s.outcome}`), ['prepare:skipped', 'train:ran', 'ping:ran', 'stamp:ran']);
    assert.equal(read('prepared.txt'), 'made by hand\n');
    write('raw.txt', 'changed\n');
    const status = await statusOf(pipeline);
    assert.equal(status.prepare.state, 'frozen');
    assert.deepEqual(status.prepare.reasons, [], 'a frozen stage does not look at its deps');
    assert.deepEqual(status.ping.reasons, ['no dependencies and no outputs: it always runs']);
    assert.deepEqual(status.stamp.reasons, ['always changed (always_changed: true)']);
    rmSync(file('prepared.txt'));
    assert.deepEqual((await statusOf(pipeline)).prepare.reasons, ['output `prepared.txt` is missing']);
  });

  it('takes dep hashes before the command runs: an edit of a dep during the run shows on the next status', async () => {
    const pipeline = pipelineOf(root, { prepare: { cmd: 'cp raw.txt prepared.txt && echo during >> raw.txt', deps: ['raw.txt'], outs: ['prepared.txt'] } });
    await runPipeline(pipeline, {});
    assert.equal(read('prepared.txt'), 'a\n');
    assert.deepEqual((await statusOf(pipeline)).prepare.reasons, ['`raw.txt` changed since the last run']);
  });

  it('runs foreach and matrix stages by their expanded names, a definition name selecting all of them', async () => {
    const pipeline = pipelineOf(root, {
      'build@us': { cmd: 'echo us > us.txt', outs: ['us.txt'], definition: 'build' },
      'build@eu': { cmd: 'echo eu > eu.txt', outs: ['eu.txt'], definition: 'build' },
      'fit@lr1-small': { cmd: 'cat us.txt eu.txt > fit.txt', deps: ['us.txt', 'eu.txt'], outs: ['fit.txt'], definition: 'fit' },
    });
    const run = await runPipeline(pipeline, { stages: ['build'] });
    assert.deepEqual(run.stages.map((s) => `${s.stage}:${s.outcome}`), ['build@us:ran', 'build@eu:ran']);
    assert.deepEqual([...(await readLock(file('dvc.lock'))).stages.keys()].sort(), ['build@eu', 'build@us']);
    const all = await runPipeline(pipeline, { stages: ['build@us'], downstream: true });
    assert.deepEqual(all.stages.map((s) => `${s.stage}:${s.outcome}`), ['build@us:skipped', 'fit@lr1-small:ran']);
    assert.equal(read('fit.txt'), 'us\neu\n');
  });

  it('runs a named stage alone with single (dvc repro -s), leaving the stale stage upstream of it as it is', async () => {
    const pipeline = pipelineOf(root, base);
    await runPipeline(pipeline, {});
    write('raw.txt', 'b\n');
    const alone = await runPipeline(pipeline, { stages: ['train'], single: true, force: true });
    assert.deepEqual(alone.stages.map((s) => `${s.stage}:${s.outcome}`), ['train:ran']);
    assert.equal(read('prepared.txt'), 'a\na\n', 'prepare did not run');
    assert.equal((await statusOf(pipeline)).prepare.state, 'stale');
    const withUpstream = await runPipeline(pipeline, { stages: ['train'] });
    assert.deepEqual(withUpstream.stages.map((s) => `${s.stage}:${s.outcome}`), ['prepare:ran', 'train:ran']);
  });

  it('puts the bundled `archipel` first on the PATH of the stages it runs', async () => {
    const pipeline = pipelineOf(root, { which: { cmd: 'command -v archipel > which.txt && archipel --version > version.txt', outs: ['which.txt', 'version.txt'] } });
    const run = await runPipeline(pipeline, {});
    assert.deepEqual(run.failed, []);
    assert.equal(read('which.txt').trim(), path.join(repoRoot, 'bin', 'archipel'));
    assert.match(read('version.txt'), /^\d+\.\d+\.\d+/);
  });

  it('a failing stage keeps its previous outputs and its lock entry, stops its dependents, and other branches finish', async () => {
    const pipeline = pipelineOf(root, { ...base, side: { cmd: 'echo side > side.txt', outs: ['side.txt'] } });
    await runPipeline(pipeline, {});
    const lockBefore = (await readLock(file('dvc.lock'))).stages.get('prepare');
    write('raw.txt', 'b\n');
    rmSync(file('side.txt'));
    const failing = pipelineOf(root, { ...base, prepare: { ...base.prepare, cmd: 'echo broken > prepared.txt; echo oops >&2; exit 3' }, side: { cmd: 'echo side > side.txt', outs: ['side.txt'] } });
    const events: PipelineEvent[] = [];
    const run = await runPipeline(failing, { jobs: 2 }, { onEvent: (e) => events.push(e) });
    assert.deepEqual(run.failed, ['prepare']);
    assert.deepEqual(run.stages.map((s) => `${s.stage}:${s.outcome}`), ['prepare:failed', 'train:not-run', 'side:ran']);
    assert.equal(run.stages[0].exitCode, 3);
    assert.equal(read('prepared.txt'), 'a\na\n', 'the previous output is back');
    assert.deepEqual((await readLock(file('dvc.lock'))).stages.get('prepare'), lockBefore);
    assert.ok(events.some((e) => e.kind === 'stage-output' && e.stage === 'prepare' && e.text === 'oops\n'));
    const status = await statusOf(failing);
    assert.equal(status.prepare.state, 'failed');
    const cache = path.join(root, '.archipel', 'cache');
    assert.deepEqual(existsSync(cache) ? readdirSync(cache, { recursive: true }).filter((f) => statSync(path.join(cache, String(f))).isFile()) : [], [], 'kept copies are let go once restored');
    await runPipeline(pipeline, { force: true });
    assert.equal(read('prepared.txt'), 'b\nb\n');
    assert.deepEqual(readdirSync(cache, { recursive: true }).filter((f) => statSync(path.join(cache, String(f))).isFile()), [], 'and once superseded by a successful run');
  });

  it('refuses a stage whose out is outside the repository: nothing there is moved or restored', async () => {
    const pipeline = pipelineOf(root, { escape: { cmd: 'echo x > ../escaped.txt', outs: ['../escaped.txt'] } });
    const run = await runPipeline(pipeline, {});
    assert.equal(run.stages[0].outcome, 'failed');
    assert.match(run.stages[0].reason ?? '', /output `\.\.\/escaped\.txt` is outside the repository/);
    assert.equal(existsSync(path.join(root, '..', 'escaped.txt')), false);
  });

  it('two outs of the same content, put back after a failure, stay two files (not hard links of one another)', async () => {
    const pipeline = pipelineOf(root, { twins: { cmd: 'echo same > a.txt; echo same > b.txt', outs: ['a.txt', 'b.txt'] } });
    await runPipeline(pipeline, {});
    const failing = pipelineOf(root, { twins: { cmd: 'echo new > a.txt; exit 1', outs: ['a.txt', 'b.txt'] } });
    const run = await runPipeline(failing, {});
    assert.equal(run.stages[0].outcome, 'failed');
    assert.deepEqual([read('a.txt'), read('b.txt')], ['same\n', 'same\n']);
    assert.notEqual(statSync(file('a.txt')).ino, statSync(file('b.txt')).ino);
    write('a.txt', 'edited\n');
    assert.equal(read('b.txt'), 'same\n');
  });

  it('refuses an absolute out as outside the repository (it used to be joined under the folder and fail with "did not produce output")', async () => {
    const target = path.join(root, '..', `abs-${path.basename(root)}.txt`);
    const pipeline = pipelineOf(root, { abs: { cmd: `echo x > ${target}`, outs: [target] } });
    const run = await runPipeline(pipeline, {});
    assert.equal(run.stages[0].outcome, 'failed');
    assert.equal(run.stages[0].reason, `output \`${target}\` is outside the repository ${root}: not run`);
    assert.equal(existsSync(target), false, 'the command did not run');
  });

  it('cancel kills the whole process tree, restores the outputs and leaves the lock alone', async () => {
    const pipeline = pipelineOf(root, { slow: { cmd: 'echo old > out.txt' , outs: ['out.txt'] } });
    await runPipeline(pipeline, {});
    const slow = pipelineOf(root, { slow: { cmd: 'echo new > out.txt; (sleep 60 & echo $! > child.pid; wait) & echo $! > sub.pid; sleep 60', outs: ['out.txt'] } });
    const controller = new AbortController();
    const running = runPipeline(slow, {}, { signal: controller.signal });
    await until('the commands to start', () => existsSync(file('child.pid')) && read('child.pid').trim() !== '');
    const pids = [Number(read('child.pid')), Number(read('sub.pid'))];
    assert.ok(pids.every(alive));
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.equal(result.stages[0].outcome, 'cancelled');
    await until('every process of the stage to be gone', () => !pids.some(alive), 15_000);
    assert.equal(read('out.txt'), 'old\n');
    assert.deepEqual((await readLock(file('dvc.lock'))).stages.get('slow')?.cmd, ['echo old > out.txt']);
  });
});
