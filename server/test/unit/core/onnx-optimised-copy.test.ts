// onnxruntime's optimised copy of a model on the kept layer (issue #92): a record beside the copy gives its size and
// checksum, the model's checksum and onnxruntime's version; a copy whose record does not hold, or whose bytes do not
// match it, is dropped with its record and the model optimised again — the same outputs as without a cache, no crash.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { frameRecord, readRecords } from '../../../src/disk/kept';
import { openSession, ort, type OptimisedCache } from '../../../src/engines/onnx/runtime';
import { recordOf } from '../../../src/engines/onnx/optimisedCopy';
import { fixtureModel } from '../../blur/fixtures';
import { makeTree } from '../../tempdir';

describe("onnx: the optimised copy of a model is checked against its record (kept layer)", function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  let model: string;
  let cacheDir: string;
  beforeEach(() => {
    tree = makeTree({});
    model = path.join(tree.root, 'face.onnx');
    copyFileSync(fixtureModel('ultraface-version-RFB-320.onnx'), model);
    cacheDir = path.join(tree.root, 'cache');
  });
  afterEach(() => tree.remove());

  // A fixed input of UltraFace's shape (1×3×240×320): the same numbers every run.
  const input = Float32Array.from({ length: 3 * 240 * 320 }, (_, i) => ((i * 7919) % 255) / 128 - 1);

  /** The scores and boxes the model gives for `input`, and what became of the optimised copy. */
  async function outputs(dir: string | null): Promise<{ cache: OptimisedCache; values: number[][] }> {
    const { session, cache } = await openSession(model, 1, dir);
    try {
      const result = await session.run({ [session.inputNames[0]]: new (ort().Tensor)('float32', input, [1, 3, 240, 320]) });
      return { cache, values: session.outputNames.map((name) => [...(result[name].data as Float32Array)]) };
    } finally {
      await session.release();
    }
  }

  const files = () => (existsSync(path.join(cacheDir, 'onnx')) ? readdirSync(path.join(cacheDir, 'onnx')).sort() : []);
  /** The one optimised copy in the cache folder (a record beside it). */
  function theCopy(): string {
    const copies = files().filter((name) => name.endsWith('.onnx'));
    assert.equal(copies.length, 1, files().join(', '));
    assert.deepEqual(files(), [copies[0], path.basename(recordOf(copies[0]))]);
    return path.join(cacheDir, 'onnx', copies[0]);
  }

  /** Cold, then a copy made, then `damage` done to it: the next load drops it and optimises again, then uses the new one. */
  async function dropsAfter(damage: (copy: string) => void): Promise<void> {
    const cold = await outputs(null);
    assert.equal(cold.cache, 'off');
    const created = await outputs(cacheDir);
    assert.equal(created.cache, 'created');
    assert.deepEqual(created.values, cold.values);
    const copy = theCopy();
    assert.equal((await outputs(cacheDir)).cache, 'hit');
    damage(copy);
    const again = await outputs(cacheDir);
    assert.equal(again.cache, 'rejected');
    assert.deepEqual(again.values, cold.values);
    // Dropped and made again in the same load: the next one uses it.
    theCopy();
    const warm = await outputs(cacheDir);
    assert.equal(warm.cache, 'hit');
    assert.deepEqual(warm.values, cold.values);
  }

  it('a copy cut short', async () => {
    await dropsAfter((copy) => truncateSync(copy, Math.floor(readFileSync(copy).length / 2)));
  });

  it('a flipped byte in the copy, in a weight: onnxruntime itself loads it and gives other outputs', async () => {
    const flip = (copy: string) => {
      const bytes = readFileSync(copy);
      bytes[Math.floor(bytes.length / 2)] ^= 0x40;
      writeFileSync(copy, bytes);
    };
    // What onnxruntime would do with that copy without its record: loaded, wrong.
    const cold = await outputs(null);
    await outputs(cacheDir);
    const damaged = path.join(tree.root, 'damaged.onnx');
    copyFileSync(theCopy(), damaged);
    flip(damaged);
    const session = await ort().InferenceSession.create(damaged, { graphOptimizationLevel: 'disabled' });
    try {
      const result = await session.run({ [session.inputNames[0]]: new (ort().Tensor)('float32', input, [1, 3, 240, 320]) });
      assert.notDeepEqual(session.outputNames.map((name) => [...(result[name].data as Float32Array)]), cold.values);
    } finally {
      await session.release();
    }
    rmSync(cacheDir, { recursive: true });
    await dropsAfter(flip);
  });

  it('a copy without its record (a run killed between the two)', async () => {
    await dropsAfter((copy) => rmSync(recordOf(copy)));
  });

  it('a damaged record', async () => {
    await dropsAfter((copy) => {
      const bytes = readFileSync(recordOf(copy));
      bytes[bytes.length - 3] ^= 0xff;
      writeFileSync(recordOf(copy), bytes);
    });
  });

  it('a record written by another version of onnxruntime', async () => {
    await dropsAfter((copy) => {
      const [stored] = [...readRecords(readFileSync(recordOf(copy)))] as { header: unknown; value: { runtime: string } }[];
      assert.equal(stored.value.runtime, ort().env.versions.common);
      writeFileSync(recordOf(copy), frameRecord({ ...stored, value: { ...stored.value, runtime: '1.0.0' } }));
    });
  });

  it('a record of another model (same path, size and time: the model rewritten in place)', async () => {
    await dropsAfter((copy) => {
      const [stored] = [...readRecords(readFileSync(recordOf(copy)))] as { header: unknown; value: { source: string } }[];
      writeFileSync(recordOf(copy), frameRecord({ ...stored, value: { ...stored.value, source: '0:00000000' } }));
    });
  });

  it('two loads at once, with no copy yet, then two with a copy: the same outputs as cold, no temporary file left', async () => {
    const cold = await outputs(null);
    const both = await Promise.all([outputs(cacheDir), outputs(cacheDir)]);
    for (const one of both) {
      assert.ok(one.cache === 'created' || one.cache === 'hit', one.cache);
      assert.deepEqual(one.values, cold.values);
    }
    theCopy();
    // One's copy may be under the other's record (not the same bytes): then dropped once, and kept from then on.
    const next = await Promise.all([outputs(cacheDir), outputs(cacheDir)]);
    for (const one of next) assert.deepEqual(one.values, cold.values);
    const last = await outputs(cacheDir);
    assert.equal(last.cache, 'hit');
    assert.deepEqual(last.values, cold.values);
    theCopy();
  });

  it('two processes at once, with no copy yet: the same outputs as cold in each, then a copy used', async () => {
    const cold = await outputs(null);
    // Each process opens the model with the cache folder and prints its outputs (the same fixed input).
    const script = `
      const { openSession, ort } = require(${JSON.stringify(require.resolve('../../../src/engines/onnx/runtime'))});
      const input = Float32Array.from({ length: 3 * 240 * 320 }, (_, i) => ((i * 7919) % 255) / 128 - 1);
      openSession(process.argv[1], 1, process.argv[2]).then(async ({ session, cache }) => {
        const result = await session.run({ [session.inputNames[0]]: new (ort().Tensor)('float32', input, [1, 3, 240, 320]) });
        process.stdout.write(JSON.stringify({ cache, values: session.outputNames.map((name) => [...result[name].data]) }));
      });`;
    const run = () =>
      new Promise<{ cache: OptimisedCache; values: number[][] }>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script, model, cacheDir], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { cache: OptimisedCache; values: number[][] }) : reject(new Error(`exit ${code}`))));
      });
    const both = await Promise.all([run(), run()]);
    for (const one of both) {
      assert.ok(one.cache === 'created' || one.cache === 'hit', one.cache);
      assert.deepEqual(one.values, cold.values);
    }
    const next = await outputs(cacheDir);
    assert.deepEqual(next.values, cold.values);
    assert.equal((await outputs(cacheDir)).cache, 'hit');
    theCopy();
  });

  it('a temporary file left by a killed run is swept once its writer is gone', async () => {
    await outputs(cacheDir);
    const copy = theCopy();
    // pid 0 is no process; its date is far in the past.
    const left = `${copy}.0-0123456789ab.tmp`;
    writeFileSync(left, 'half a model');
    utimesSync(left, new Date(0), new Date(0));
    utimesSync(model, new Date(), new Date(Date.now() + 60_000));
    assert.equal((await outputs(cacheDir)).cache, 'created');
    assert.ok(!existsSync(left));
    theCopy();
  });
});
