import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveConfig, type BlurSection } from '../../../src/engines/blur/config';
import { runJob, type JobOptions } from '../../../src/engines/blur/job';
import { defaultLaneCount, LanePool, WorkerLane, type InferRequest } from '../../../src/engines/blur/lanes';
import type { ModelSpec } from '../../../src/engines/blur/model';
import { ModelError } from '../../../src/engines/onnx/runtime';
import { stretch } from '../../../src/engines/blur/geometry';
import { fixtureImage, fixtureModel } from '../../blur/fixtures';
import { centreFaceModel } from '../../blur/onnxModels';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const images = ['messi5.jpg', 'city-crossing.jpg', 'basketball1.png', 'licenseplate_motion.jpg'] as const;

/** An UltraFace-sized input for an image of this size (the centre-face model ignores the pixels). */
function request(spec: ModelSpec, width: number, height: number): InferRequest {
  return {
    spec,
    input: { data: new Float32Array(3 * 240 * 320), dims: [1, 3, 240, 320], geometry: stretch(width, height, 320, 240), imageWidth: width, imageHeight: height },
    thresholds: { byClass: {}, fallback: 0.5 },
    iou: 0.45,
  };
}

describe('blur inference lanes', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
  });
  afterEach(() => tree.remove());

  const job = (files: string[], values: BlurSection, options: Partial<JobOptions>) =>
    runJob(
      files.map((file) => ({ file, config: resolveConfig([{ origin: 'test', baseDir: tree.root, values }]) })),
      { mode: 'blur', source: 'model', writeSidecar: false, ...options },
    );

  for (const model of ['ultraface-version-RFB-320.onnx', 'yunet_n_dynamic.onnx'] as const) {
    it(`gives identical detections and outputs with 1 lane (this thread) and 2 (this thread and a worker): ${model} on the fixture images`, async () => {
      const files = images.map((name) => {
        const copy = path.join(tree.root, name);
        copyFileSync(fixtureImage(name), copy);
        return copy;
      });
      const outcome = async (lanes: number) => {
        const { results, cancelled } = await job(files, { faceModel: fixtureModel(model), outputFolder: path.join(tree.root, `out-${lanes}`) }, { lanes });
        assert.equal(cancelled, false);
        return results.map((r) => ({ file: r.file, error: r.error, detections: r.regions, models: r.models, output: r.output && sha(r.output) }));
      };
      const one = await outcome(1);
      const two = await outcome(2);
      assert.deepEqual(one.map((r) => r.file), files, 'results in input order');
      assert.ok(one.every((r) => r.error === undefined && r.output));
      assert.ok(one.reduce((n, r) => n + r.detections.length, 0) >= 10, 'the model finds the faces');
      assert.deepEqual(two, one);
    });
  }

  it('answers each request with its own result, in any number of lanes', async () => {
    const spec: ModelSpec = { path: centreFaceModel(tree.root), role: 'face' };
    const sizes = Array.from({ length: 12 }, (_, i) => [100 + 20 * i, 60 + 8 * i] as const);
    for (const pool of [LanePool.create(1), LanePool.create(2), LanePool.create(3), new LanePool([new WorkerLane(), new WorkerLane()])]) {
      try {
        const description = await pool.describe(spec);
        assert.deepEqual([description.layout, description.names, description.fixedInput], ['ultraface', ['face'], { width: 320, height: 240 }]);
        const results = await Promise.all(sizes.map(([w, h]) => pool.infer(request(spec, w, h))));
        assert.deepEqual(
          results.map((r) => r.detections.map((d) => d.box.map(Math.round))),
          sizes.map(([w, h]) => [[w / 4, h / 4, (3 * w) / 4, (3 * h) / 4].map(Math.round)]),
          `pool of ${pool.size}`,
        );
      } finally {
        await pool.close();
      }
    }
  });

  it('a wrong model file fails every image with the clear per-file message, in worker lanes too', async () => {
    const notOnnx = path.join(tree.root, 'model.onnx');
    copyFileSync(fixtureImage('messi5.jpg'), notOnnx);
    const pool = new LanePool([new WorkerLane(), new WorkerLane()]);
    try {
      await assert.rejects(pool.describe({ path: notOnnx, role: 'face' }), (error: Error) => error instanceof ModelError && /model model\.onnx: not an ONNX model/.test(error.message));
      await assert.rejects(pool.infer(request({ path: path.join(tree.root, 'nope.onnx'), role: 'face' }, 10, 10)), (error: Error) => error instanceof ModelError && /file not found/.test(error.message));
    } finally {
      await pool.close();
    }
    const files = ['a.jpg', 'b.jpg', 'c.jpg'].map((name) => {
      copyFileSync(fixtureImage('messi5.jpg'), path.join(tree.root, name));
      return path.join(tree.root, name);
    });
    const { results } = await job(files, { faceModel: notOnnx }, { lanes: 2 });
    assert.deepEqual(results.map((r) => r.file), files);
    for (const r of results) assert.match(r.error ?? '', /^model model\.onnx: not an ONNX model \(/);
  });

  it('stops between files when cancelled, with worker lanes, and reports the files done in order', async () => {
    const model = centreFaceModel(tree.root);
    const files = [1, 2, 3, 4, 5, 6].map((n) => {
      const file = path.join(tree.root, `${n}.jpg`);
      copyFileSync(fixtureImage('messi5.jpg'), file);
      return file;
    });
    let calls = 0;
    const { results, cancelled } = await job(files, { faceModel: model }, { lanes: 2, concurrency: 1, isCancelled: () => calls++ >= 3 });
    assert.equal(cancelled, true);
    assert.deepEqual(results.map((r) => r.file), files.slice(0, 3));
    assert.ok(results.every((r) => r.error === undefined && r.regions.length === 1));
  });

  it('a closed lane ends its thread and refuses work; a lane whose thread dies fails what it was given, and the pool goes on without it', async () => {
    const spec: ModelSpec = { path: centreFaceModel(tree.root), role: 'face' };
    const lane = new WorkerLane();
    assert.equal((await lane.infer(request(spec, 40, 40))).detections.length, 1);
    await lane.close();
    await assert.rejects(lane.infer(request(spec, 40, 40)), /inference lane stopped/);

    const broken = path.join(tree.root, 'broken-lane.js');
    writeFileSync(broken, "require('node:worker_threads').parentPort.once('message', () => { throw new Error('lane crashed'); });\n");
    const dying = new WorkerLane(1, broken);
    await assert.rejects(dying.describe(spec), /inference lane failed: lane crashed/);
    assert.equal(dying.alive, false);
    await dying.close();

    // In a pool, the work goes on in the lanes still alive.
    const pool = new LanePool([new WorkerLane(1, broken), new WorkerLane()]);
    try {
      await assert.rejects(pool.infer(request(spec, 40, 40)), /inference lane failed: lane crashed/);
      const after = await Promise.all([1, 2, 3].map(() => pool.infer(request(spec, 40, 40))));
      assert.deepEqual(after.map((r) => r.detections.length), [1, 1, 1]);
    } finally {
      await pool.close();
    }
  });

  it('models still load on this thread and in new lanes after worker lanes have ended (a fresh process)', async () => {
    // Node unloads an addon when the last thread holding it exits, and onnxruntime's cannot be
    // loaded again: the pool keeps it loaded on this thread. Run in a fresh process, where no
    // earlier test has loaded it here.
    const model = centreFaceModel(tree.root);
    const script = `
      const { LanePool, ThreadLane, WorkerLane } = require(${JSON.stringify(require.resolve('../../../src/engines/blur/lanes'))});
      const { stretch } = require(${JSON.stringify(require.resolve('../../../src/engines/blur/geometry'))});
      const spec = { path: ${JSON.stringify(model)}, role: 'face' };
      const request = () => ({ spec, input: { data: new Float32Array(3 * 240 * 320), dims: [1, 3, 240, 320], geometry: stretch(40, 40, 320, 240), imageWidth: 40, imageHeight: 40 }, thresholds: { byClass: {}, fallback: 0.5 }, iou: 0.45 });
      (async () => {
        const counts = [];
        for (const pool of [new LanePool([new WorkerLane()]), new LanePool([new ThreadLane()]), LanePool.create(2)]) {
          counts.push((await pool.infer(request())).detections.length);
          await pool.close();
        }
        process.stdout.write(JSON.stringify(counts));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 60_000 });
    assert.deepEqual(JSON.parse(stdout), [1, 1, 1]);
  });

  it('the tensor goes to a worker lane by transfer, not by copy', async () => {
    const spec: ModelSpec = { path: centreFaceModel(tree.root), role: 'face' };
    const pool = new LanePool([new WorkerLane()]);
    try {
      const sent = request(spec, 40, 40);
      const answer = pool.infer(sent);
      assert.equal(sent.input.data.byteLength, 0, 'the buffer was detached from this thread');
      assert.equal((await answer).detections.length, 1);
    } finally {
      await pool.close();
    }
  });

  it('takes the number of lanes from ARCHIPEL_BLUR_LANES, else from the cores the rest of the machine leaves idle', () => {
    assert.equal(defaultLaneCount({ ARCHIPEL_BLUR_LANES: '1' }, 8, 0), 1);
    assert.equal(defaultLaneCount({ ARCHIPEL_BLUR_LANES: '3' }, 2, 9), 3);
    assert.equal(defaultLaneCount({}, 2, 0.2), 1, 'an idle 2-core machine: one lane already uses both cores');
    assert.equal(defaultLaneCount({}, 4, 0.2), 3, 'an idle 4-core machine');
    assert.equal(defaultLaneCount({}, 4, 2.2), 1, 'two of four cores busy elsewhere');
    assert.equal(defaultLaneCount({}, 2, 7.5), 1, 'a loaded machine: this thread only');
    assert.equal(defaultLaneCount({}, 16, 0), 4, 'at most 4');
    assert.equal(defaultLaneCount({ ARCHIPEL_BLUR_LANES: 'many' }, 4, 1), 2, 'not a number: the default');
    const here = defaultLaneCount({});
    assert.ok(here >= 1 && here <= 4);
  });

  it('the bundled CLI finds its lane script in dist/server, runs 2 lanes and exits when done', async () => {
    const model = centreFaceModel(tree.root);
    const files = ['a.jpg', 'b.jpg', 'c.jpg'].map((name) => {
      copyFileSync(fixtureImage('messi5.jpg'), path.join(tree.root, name));
      return name;
    });
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'dist', 'server', 'cli.js'), 'blur', ...files, '--face-model', model, '--format', 'json'], {
      cwd: tree.root,
      env: { ...process.env, ARCHIPEL_BLUR_LANES: '2' },
      timeout: 60_000,
    });
    const results = JSON.parse(stdout) as { file: string; output: string; detections: unknown[] }[];
    assert.deepEqual(
      results.map((r) => [r.file, r.output, r.detections.length]),
      files.map((f) => [f, f.replace('.jpg', '.blurred.jpg'), 1]),
    );
  });
});
