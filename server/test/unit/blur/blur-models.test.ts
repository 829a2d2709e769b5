import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { Detector, ModelError, Preprocessor, recycleInput, type ModelSpec } from '../../../src/engines/blur/detector';
import { iou } from '../../../src/engines/blur/geometry';
import { ModelSession } from '../../../src/engines/blur/model';
import { ort } from '../../../src/engines/onnx/runtime';
import { withoutInitializerInputs } from '../../../src/engines/onnx/meta';
import { decodeImage, inspectImage, readImage, type DecodedImage } from '../../../src/engines/blur/image';
import type { Box, Detection } from '../../../src/engines/blur/types';
import { fixtureImage, fixtureModel, solidImage } from '../../blur/fixtures';
import { channelMajor, rows, writeTinyModel, type TinyModel } from '../../blur/onnxModels';
import { makeTree } from '../../tempdir';

const tree = makeTree({});
after(() => tree.remove());

async function detectWith(model: TinyModel | string, image: { width: number; height: number }, spec: Partial<ModelSpec> = {}, threshold = 0.5): Promise<{ detections: Detection[]; layout: string; detector: Detector }> {
  const file = typeof model === 'string' ? model : writeTinyModel(path.join(tree.root, `m${Math.random().toString(36).slice(2)}.onnx`), model);
  const detector = await Detector.load({ path: file, role: 'face', ...spec });
  try {
    const decoded = await solidImage(image.width, image.height);
    const { detections, layout } = await detector.infer(await detector.prepare(decoded), { threshold: () => threshold, iou: 0.45 });
    return { detections, layout, detector };
  } finally {
    await detector.release();
  }
}

/** Real exports have thousands of anchors (N ≫ 4 + nc): pad with empty ones. */
function padAnchors(anchors: number[][], n: number): number[][] {
  const empty = anchors[0].map((_, i) => (i === 2 || i === 3 ? 1 : 0));
  return [...anchors, ...Array.from({ length: n - anchors.length }, () => empty)];
}

function near(actual: Box, expected: Box, tolerance = 1e-3): void {
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tolerance, `${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`));
}

describe('blur detectors on tiny ONNX models with known outputs', function () {
  this.timeout(120_000);

  it('YOLOv8 [1, 6, N] with names metadata: boxes mapped back through the letterbox of a non-square image', async () => {
    const { detections, layout, detector } = await detectWith(
      {
        metadata: { names: "{0: 'face', 1: 'plate'}" },
        outputs: [{ name: 'output0', dims: [1, 6, 8], data: channelMajor(padAnchors([[32, 32, 16, 8, 0.9, 0.1], [8, 40, 8, 8, 0.1, 0.8], [32, 32, 16, 8, 0.85, 0.1]], 8)) }],
      },
      { width: 128, height: 64 },
    );
    assert.equal(layout, 'yolov8');
    assert.deepEqual(detector.names, ['face', 'plate']);
    // 128×64 → 64×32 content, 16 px on top: (24, 28, 40, 36) → (48, 24, 80, 40); (4, 36, 12, 44) → (8, 40, 24, 56).
    assert.deepEqual(
      detections.map((d) => [d.class, Math.round(d.score * 100)]),
      [
        ['face', 90],
        ['plate', 80],
      ],
      'the overlapping face box is suppressed by NMS',
    );
    near(detections[0].box, [48, 24, 80, 40]);
    near(detections[1].box, [8, 40, 24, 56]);
  });

  it('a dynamic YOLO export: input size from imgsz metadata, variant from the actual output dims', async () => {
    const { detections, layout } = await detectWith(
      {
        input: { dims: ['batch', 3, 'height', 'width'] },
        metadata: { names: "{0: 'plate'}", imgsz: '[64, 64]' },
        outputs: [{ name: 'output0', dims: [1, 5, 8], declared: ['batch', 5, 'anchors'], data: channelMajor(padAnchors([[32, 32, 16, 8, 0.9], [10, 10, 2, 2, 0.1]], 8)) }],
      },
      { width: 64, height: 128 },
    );
    assert.equal(layout, 'yolov8');
    assert.equal(detections.length, 1);
    assert.equal(detections[0].class, 'plate');
    // 64×128 → 32×64 content, 16 px on the left: (24, 28, 40, 36) → (16, 56, 48, 72).
    near(detections[0].box, [16, 56, 48, 72]);
  });

  it('YOLO end-to-end [1, 300, 6]', async () => {
    const data = new Float32Array(300 * 6);
    data.set([16, 16, 48, 32, 0.93, 1], 0);
    data.set([0, 0, 8, 8, 0.2, 0], 6);
    const { detections, layout } = await detectWith({ metadata: { names: "{0: 'face', 1: 'plate'}" }, outputs: [{ name: 'output0', dims: [1, 300, 6], data }] }, { width: 64, height: 64 });
    assert.equal(layout, 'yolo-end2end');
    assert.deepEqual(detections.map((d) => d.class), ['plate']);
    near(detections[0].box, [16, 16, 48, 32]);
  });

  it('YOLOv5 [1, N, 5+nc]', async () => {
    const anchors = Array.from({ length: 12 }, () => [0, 0, 1, 1, 0, 0, 0]);
    anchors[3] = [32, 32, 16, 8, 0.9, 0.1, 0.95];
    const { detections, layout } = await detectWith({ metadata: { names: "{0: 'face', 1: 'plate'}" }, outputs: [{ name: 'output0', dims: [1, 12, 7], data: rows(...anchors) }] }, { width: 64, height: 64 });
    assert.equal(layout, 'yolov5');
    assert.equal(detections.length, 1);
    assert.equal(detections[0].class, 'plate');
    near(detections[0].box, [24, 28, 40, 36]);
  });

  it('YuNet outputs (static 64×64 input): grid decoding and the letterbox of a larger image', async () => {
    const outputs = [8, 16, 32].flatMap((stride) => {
      const cells = (64 / stride) ** 2;
      const cls = new Float32Array(cells);
      const obj = new Float32Array(cells);
      const bbox = new Float32Array(cells * 4);
      if (stride === 8) {
        cls[3 * 8 + 4] = 1;
        obj[3 * 8 + 4] = 0.64;
        bbox.set([0.5, 0.5, Math.log(2), Math.log(3)], (3 * 8 + 4) * 4);
      }
      return [
        { name: `cls_${stride}`, dims: [1, cells, 1], data: cls },
        { name: `obj_${stride}`, dims: [1, cells, 1], data: obj },
        { name: `bbox_${stride}`, dims: [1, cells, 4], data: bbox },
      ];
    });
    const { detections, layout } = await detectWith({ input: { name: 'input', dims: [1, 3, 64, 64] }, outputs }, { width: 128, height: 128 });
    assert.equal(layout, 'yunet');
    assert.equal(detections.length, 1);
    assert.equal(detections[0].class, 'face');
    assert.ok(Math.abs(detections[0].score - 0.8) < 1e-6);
    // Centre (4.5 × 8, 3.5 × 8) = (36, 28), 16 × 24 in the input; × 2 in the image.
    near(detections[0].box, [56, 32, 88, 80]);
  });

  it('UltraFace outputs (scores + boxes): normalised boxes on a stretched image', async () => {
    const { detections, layout } = await detectWith(
      {
        input: { name: 'input', dims: [1, 3, 240, 320] },
        outputs: [
          { name: 'scores', dims: [1, 2, 2], data: rows([0.1, 0.9], [0.7, 0.3]) },
          { name: 'boxes', dims: [1, 2, 4], data: rows([0.25, 0.5, 0.5, 0.75], [0, 0, 1, 1]) },
        ],
      },
      { width: 640, height: 480 },
    );
    assert.equal(layout, 'ultraface');
    assert.equal(detections.length, 1);
    near(detections[0].box, [160, 240, 320, 360]);
  });

  it('refuses a file that is not ONNX, naming the file', async () => {
    await assert.rejects(Detector.load({ path: fixtureImage('messi5.jpg'), role: 'face' }), (error: Error) => {
      assert.ok(error instanceof ModelError);
      assert.match(error.message, /^model messi5\.jpg: not an ONNX model/);
      return true;
    });
  });

  it('refuses an unknown output layout, naming the supported layouts and the shapes found', async () => {
    const file = writeTinyModel(path.join(tree.root, 'classifier.onnx'), { outputs: [{ name: 'logits', dims: [1, 10], data: new Float32Array(10) }] });
    await assert.rejects(Detector.load({ path: file, role: 'face' }), (error: Error) => {
      assert.ok(error instanceof ModelError);
      assert.match(error.message, /classifier\.onnx: Unknown output layout.*logits \[1, 10\].*yolov8.*yolo-end2end.*yolov5.*yunet.*ultraface/);
      return true;
    });
  });

  it('refuses a configured layout that does not fit, and a missing file', async () => {
    const file = writeTinyModel(path.join(tree.root, 'v8.onnx'), { outputs: [{ name: 'output0', dims: [1, 6, 3], data: new Float32Array(18) }] });
    await assert.rejects(Detector.load({ path: file, role: 'face', layout: 'ultraface' }), /configured as "ultraface"/);
    await assert.rejects(Detector.load({ path: path.join(tree.root, 'nope.onnx'), role: 'face' }), /file not found/);
  });
});

describe('blur detectors on the real fixture models and images', function () {
  this.timeout(120_000);

  async function run(model: 'yunet_n_dynamic.onnx' | 'ultraface-version-RFB-320.onnx', image: Parameters<typeof fixtureImage>[0]): Promise<Detection[]> {
    const detector = await Detector.load({ path: fixtureModel(model), role: 'face' });
    try {
      const decoded = await readImage(readFileSync(fixtureImage(image)), { maxPixels: 1e8 });
      return (await detector.infer(await detector.prepare(decoded), { threshold: () => 0.5, iou: 0.45 })).detections;
    } finally {
      await detector.release();
    }
  }

  // Messi's face, measured once by eye on the 548×342 image: about x 226–257, y 92–132.
  const messiFace: Box = [226, 92, 257, 132];

  it('YuNet finds the one face of messi5.jpg where it is', async () => {
    const found = await run('yunet_n_dynamic.onnx', 'messi5.jpg');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].class, 'face');
    assert.ok(iou(found[0].box, messiFace) > 0.7, JSON.stringify(found[0]));
  });

  it('UltraFace finds the same face', async () => {
    const found = await run('ultraface-version-RFB-320.onnx', 'messi5.jpg');
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.ok(iou(found[0].box, messiFace) > 0.7, JSON.stringify(found[0]));
  });

  it('both find many of the ~20 small faces of city-crossing.jpg, none on the licence-plate photo', async () => {
    const yunet = await run('yunet_n_dynamic.onnx', 'city-crossing.jpg');
    const ultraface = await run('ultraface-version-RFB-320.onnx', 'city-crossing.jpg');
    assert.ok(yunet.length >= 15, `YuNet found ${yunet.length}`);
    assert.ok(ultraface.length >= 8, `UltraFace found ${ultraface.length}`);
    // The faces are in the upper third of the picture (people walking towards the camera).
    for (const d of yunet) assert.ok(d.box[3] < 564 * 0.45, JSON.stringify(d));
    assert.deepEqual(await run('yunet_n_dynamic.onnx', 'licenseplate_motion.jpg'), []);
  });

  it('YuNet finds the two players of basketball1.png', async () => {
    const found = await run('yunet_n_dynamic.onnx', 'basketball1.png');
    assert.equal(found.length, 2, JSON.stringify(found));
  });
});

describe('blur detector input sampled from decoded pixels', function () {
  this.timeout(120_000);
  const image = (width: number, height: number, channels: number, pixel: (x: number, y: number) => number[]): DecodedImage => {
    const data = Buffer.alloc(width * height * channels);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * channels);
    return { data, width, height, channels, hasAlpha: channels === 2 || channels === 4, format: 'png', profile: undefined, depth16: false, cmyk: false, grey: channels <= 2, pages: 1, notes: [] };
  };
  const at = (tensor: Float32Array, width: number, height: number, channel: number, x: number, y: number) => tensor[channel * width * height + y * width + x];

  it('UltraFace: bilinear at pixel centres (OpenCV INTER_LINEAR), (v − 127) / 128, alpha flattened onto black', async () => {
    const detector = await Detector.load({ path: fixtureModel('ultraface-version-RFB-320.onnx'), role: 'face' });
    try {
      // 640 × 480 → 320 × 240: input column x samples the middle of image columns 2x and 2x + 1.
      const ramp = detector.prepareDecoded(image(640, 480, 3, (x) => [x % 256, 255 - (x % 256), 50])).data;
      for (const x of [0, 10, 100]) {
        const value = 2 * x + 0.5;
        assert.ok(Math.abs(at(ramp, 320, 240, 0, x, 7) - (value - 127) / 128) < 1e-5, `red at ${x}`);
        assert.ok(Math.abs(at(ramp, 320, 240, 1, x, 7) - (255 - value - 127) / 128) < 1e-5, `green at ${x}`);
        assert.ok(Math.abs(at(ramp, 320, 240, 2, x, 7) - (50 - 127) / 128) < 1e-5, `blue at ${x}`);
      }
      const half = detector.prepareDecoded(image(640, 480, 4, () => [200, 100, 0, 51])).data;
      assert.ok(Math.abs(at(half, 320, 240, 0, 5, 5) - (200 * 0.2 - 127) / 128) < 1e-5);
      assert.ok(Math.abs(at(half, 320, 240, 1, 5, 5) - (100 * 0.2 - 127) / 128) < 1e-5);
    } finally {
      await detector.release();
    }
  });

  it('YuNet: grey expanded to B, G, R at 0–255; the padding to a multiple of 32 stays 0', async () => {
    const detector = await Detector.load({ path: fixtureModel('yunet_n_dynamic.onnx'), role: 'face' });
    try {
      // 100 × 60 is kept (under 640) and padded to 128 × 64.
      const prepared = detector.prepareDecoded(image(100, 60, 1, () => [77]));
      assert.deepEqual(prepared.dims, [1, 3, 64, 128]);
      const data = prepared.data;
      for (let c = 0; c < 3; c++) {
        assert.equal(at(data, 128, 64, c, 50, 30), 77);
        assert.equal(at(data, 128, 64, c, 110, 30), 0, 'right padding');
        assert.equal(at(data, 128, 64, c, 50, 62), 0, 'bottom padding');
      }
    } finally {
      await detector.release();
    }
  });

  it('a recycled input tensor (recycleInput) serves the next image of the same input size, its padding written again', async () => {
    const detector = await Detector.load({ path: fixtureModel('yunet_n_dynamic.onnx'), role: 'face' });
    try {
      const small = () => detector.prepareDecoded(image(100, 60, 1, (x, y) => [(x * 7 + y) % 256]));
      const first = small();
      const expected = Float32Array.from(first.data);
      recycleInput(first);
      // 128 × 64 needs no padding: it fills the whole tensor it gets back, the previous image's.
      const full = detector.prepareDecoded(image(128, 64, 3, () => [200, 201, 202]));
      assert.equal(full.data, first.data, 'the recycled tensor is used');
      recycleInput(full);
      const again = small();
      assert.equal(again.data, full.data, 'the recycled tensor is used again');
      assert.deepEqual(again.data, expected, 'same input as from a fresh tensor: padding 0, not the previous image');
      // A tensor moved to a worker lane (its buffer detached) is not kept.
      structuredClone(again.data.buffer, { transfer: [again.data.buffer] });
      recycleInput(again);
      assert.notEqual(small().data.buffer, again.data.buffer);
    } finally {
      await detector.release();
    }
  });

  it('finds the same faces as from the file (shrink-on-load decode, libvips resize) on city-crossing.jpg', async () => {
    const bytes = readFileSync(fixtureImage('city-crossing.jpg'));
    const header = await inspectImage(bytes, { maxPixels: 1e8 });
    const decoded = await decodeImage(bytes, header, { maxPixels: 1e8 });
    for (const model of ['yunet_n_dynamic.onnx', 'ultraface-version-RFB-320.onnx'] as const) {
      const detector = await Detector.load({ path: fixtureModel(model), role: 'face' });
      try {
        const options = { threshold: () => 0.7, iou: 0.45 };
        const fromFile = (await detector.infer(await detector.prepare({ bytes, header, maxPixels: 1e8 }), options)).detections;
        const fromPixels = (await detector.infer(detector.prepareDecoded(decoded), options)).detections;
        const matched = fromFile.filter((d) => fromPixels.some((e) => iou(d.box, e.box) > 0.5)).length;
        assert.ok(matched >= fromFile.length - 1 && Math.abs(fromPixels.length - fromFile.length) <= 1, `${model}: ${fromFile.length} from the file, ${fromPixels.length} from pixels, ${matched} matched`);
      } finally {
        await detector.release();
      }
    }
  });
});

describe('weights listed as graph inputs (old exporters) are dropped from the inputs before loading', function () {
  this.timeout(120_000);
  const float = onnx.TensorProto.DataType.FLOAT;
  const tensor = (name: string, dims: number[], values: number[]): onnx.ITensorProto => ({ name, dims, dataType: float, floatData: values });
  const info = (name: string, dims: number[]): onnx.IValueInfoProto => ({ name, type: { tensorType: { elemType: float, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });

  /** Conv (2 → 2 channels, 1×1) then BatchNormalization, every weight an initializer also listed as an input. */
  function convBn(irVersion: number): Uint8Array {
    const weights = [
      tensor('w', [2, 2, 1, 1], [0.5, -1, 2, 0.25]),
      tensor('scale', [2], [1.5, 0.5]),
      tensor('bias', [2], [0.1, -0.2]),
      tensor('mean', [2], [0.3, 0.7]),
      tensor('var', [2], [2, 0.5]),
    ];
    return onnx.ModelProto.encode(
      onnx.ModelProto.create({
        irVersion,
        opsetImport: [{ domain: '', version: 13 }],
        graph: {
          name: 'conv-bn',
          node: [
            { opType: 'Conv', input: ['x', 'w'], output: ['c'] },
            { opType: 'BatchNormalization', input: ['c', 'scale', 'bias', 'mean', 'var'], output: ['y'] },
          ],
          initializer: weights,
          input: [info('x', [1, 2, 3, 3]), ...weights.map((w) => info(w.name!, w.dims as number[]))],
          output: [info('y', [1, 2, 3, 3])],
        },
      }),
    ).finish();
  }

  async function outputs(bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<Record<string, Float32Array>> {
    const session = await ort().InferenceSession.create(bytes, { logSeverityLevel: 3 });
    try {
      const results = await session.run({ [session.inputNames[0]]: new (ort().Tensor)('float32', input, dims) });
      return Object.fromEntries(session.outputNames.map((name) => [name, results[name].data as Float32Array]));
    } finally {
      await session.release();
    }
  }

  function assertClose(a: Record<string, Float32Array>, b: Record<string, Float32Array>, tolerance: number): void {
    assert.deepEqual(Object.keys(a), Object.keys(b));
    for (const name of Object.keys(a)) {
      assert.equal(a[name].length, b[name].length);
      for (let i = 0; i < a[name].length; i++) assert.ok(Math.abs(a[name][i] - b[name][i]) <= tolerance, `${name}[${i}]: ${a[name][i]} vs ${b[name][i]}`);
    }
  }

  it('keeps only the real input, everything else byte for byte, and the same outputs', async () => {
    const original = convBn(8);
    const stripped = withoutInitializerInputs(original);
    const before = onnx.ModelProto.decode(original);
    const after = onnx.ModelProto.decode(stripped);
    assert.deepEqual(after.graph!.input!.map((i) => i.name), ['x']);
    assert.deepEqual(onnx.GraphProto.toObject(after.graph as onnx.GraphProto, { bytes: Array }).initializer, onnx.GraphProto.toObject(before.graph as onnx.GraphProto, { bytes: Array }).initializer);
    assert.deepEqual(after.graph!.node, before.graph!.node);
    assert.equal(after.irVersion.toString(), '8');
    const input = Float32Array.from({ length: 18 }, (_, i) => (i - 9) / 4);
    assertClose(await outputs(stripped, input, [1, 2, 3, 3]), await outputs(original, input, [1, 2, 3, 3]), 1e-5);
  });

  it('leaves a model alone when there is nothing to drop, or when its IR version is below 4 (where weights must be inputs)', () => {
    const old = convBn(3);
    assert.equal(withoutInitializerInputs(old), old);
    const clean = readFileSync(fixtureModel('yunet_n_dynamic.onnx'));
    assert.equal(withoutInitializerInputs(clean), clean);
  });

  it('UltraFace (the fixture export lists its 244 weights as inputs): one input left, same scores and boxes', async () => {
    const original = readFileSync(fixtureModel('ultraface-version-RFB-320.onnx'));
    const stripped = withoutInitializerInputs(original);
    assert.equal(onnx.ModelProto.decode(original).graph!.input!.length, 245);
    assert.deepEqual(onnx.ModelProto.decode(stripped).graph!.input!.map((i) => i.name), ['input']);
    const input = Float32Array.from({ length: 3 * 240 * 320 }, (_, i) => ((i * 7919) % 255) / 128 - 1);
    assertClose(await outputs(stripped, input, [1, 3, 240, 320]), await outputs(original, input, [1, 3, 240, 320]), 1e-4);
  });
});

describe("onnxruntime's optimised copy of a model, kept in the cache folder", function () {
  this.timeout(120_000);
  const cacheTree = makeTree({});
  after(() => cacheTree.remove());

  async function detect(file: string, cacheDir: string | null): Promise<{ cache: string; detections: Detection[] }> {
    const session = await ModelSession.load({ path: file, role: 'face' }, 1, cacheDir);
    try {
      const decoded = await readImage(readFileSync(fixtureImage('messi5.jpg')), { maxPixels: 1e8 });
      const { detections } = await session.run(new Preprocessor(session.description).prepareDecoded(decoded), { threshold: () => 0.5, iou: 0.45 });
      return { cache: session.cache, detections };
    } finally {
      await session.release();
    }
  }

  // The copies (each with its record beside it, `.onnx.kept`: onnx-optimised-copy.test.ts).
  const cached = (dir: string) => (existsSync(path.join(dir, 'onnx')) ? readdirSync(path.join(dir, 'onnx')).filter((name) => !name.endsWith('.kept')) : []);

  /** A cache folder of the test's own and a copy of a fixture model (whose modification time the test may change). */
  function setUp(folder: string, fixture: Parameters<typeof fixtureModel>[0]): { dir: string; model: string } {
    const model = path.join(cacheTree.root, `${folder}-${fixture}`);
    copyFileSync(fixtureModel(fixture), model);
    return { dir: path.join(cacheTree.root, folder), model };
  }

  it('is written on the first load, used on the next ones, and gives the same detections as no cache', async () => {
    const { dir, model } = setUp('a', 'ultraface-version-RFB-320.onnx');
    const uncached = await detect(model, null);
    assert.equal(uncached.cache, 'off');
    assert.equal(uncached.detections.length, 1);
    const first = await detect(model, dir);
    assert.equal(first.cache, 'created');
    assert.equal(cached(dir).length, 1, cached(dir).join(', '));
    const second = await detect(model, dir);
    assert.equal(second.cache, 'hit');
    assert.deepEqual(second.detections, first.detections);
    for (const d of [first, second]) {
      assert.equal(d.detections[0].score.toFixed(4), uncached.detections[0].score.toFixed(4));
      d.detections[0].box.forEach((v, i) => assert.ok(Math.abs(v - uncached.detections[0].box[i]) < 1e-3));
    }
  });

  it('a copy onnxruntime cannot load is replaced; a changed model file gets a new copy and the old one goes', async () => {
    const { dir, model } = setUp('b', 'yunet_n_dynamic.onnx');
    const first = await detect(model, dir);
    assert.equal(first.cache, 'created');
    const [copy] = cached(dir);
    writeFileSync(path.join(dir, 'onnx', copy), 'not a model');
    const repaired = await detect(model, dir);
    assert.equal(repaired.cache, 'rejected');
    assert.deepEqual(repaired.detections, first.detections);
    assert.equal((await detect(model, dir)).cache, 'hit');
    // The same path, another modification time: the earlier copy is for another file. A copy that
    // another process is writing meanwhile is not touched.
    const writing = `${copy}.0123456789ab.tmp.onnx`;
    writeFileSync(path.join(dir, 'onnx', writing), 'being written');
    utimesSync(model, new Date(), new Date(Date.now() + 60_000));
    assert.equal((await detect(model, dir)).cache, 'created');
    const left = cached(dir).filter((name) => name !== writing);
    assert.equal(left.length, 1);
    assert.notEqual(left[0], copy);
    assert.ok(cached(dir).includes(writing));
  });

  it('two loads at once, with no copy yet: both give the same detections and one copy is left', async () => {
    const { dir, model } = setUp('c', 'ultraface-version-RFB-320.onnx');
    const [one, two] = await Promise.all([detect(model, dir), detect(model, dir)]);
    assert.deepEqual(two.detections, one.detections);
    assert.equal(one.detections.length, 1);
    assert.deepEqual(cached(dir).filter((name) => name.endsWith('.tmp')), []);
    assert.equal(cached(dir).length, 1, cached(dir).join(', '));
    assert.equal((await detect(model, dir)).cache, 'hit');
  });

  it('ARCHIPEL_CACHE_DIR=off: no copy anywhere, the same detections; a folder given there gets the copy', async () => {
    const { dir, model } = setUp('d', 'ultraface-version-RFB-320.onnx');
    const saved = process.env.ARCHIPEL_CACHE_DIR;
    const load = async () => {
      const session = await ModelSession.load({ path: model, role: 'face' }, 1);
      try {
        const decoded = await readImage(readFileSync(fixtureImage('messi5.jpg')), { maxPixels: 1e8 });
        return { cache: session.cache, detections: (await session.run(new Preprocessor(session.description).prepareDecoded(decoded), { threshold: () => 0.5, iou: 0.45 })).detections };
      } finally {
        await session.release();
      }
    };
    try {
      process.env.ARCHIPEL_CACHE_DIR = 'off';
      const off = await load();
      assert.equal(off.cache, 'off');
      process.env.ARCHIPEL_CACHE_DIR = dir;
      const created = await load();
      assert.equal(created.cache, 'created');
      assert.equal(cached(dir).length, 1);
      process.env.ARCHIPEL_CACHE_DIR = 'off';
      const offAgain = await load();
      assert.equal(offAgain.cache, 'off');
      assert.deepEqual(created.detections, off.detections);
      assert.deepEqual(offAgain.detections, off.detections);
    } finally {
      if (saved === undefined) delete process.env.ARCHIPEL_CACHE_DIR;
      else process.env.ARCHIPEL_CACHE_DIR = saved;
    }
  });

  it('an unwritable cache folder only costs speed', async () => {
    const blocked = path.join(cacheTree.root, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const result = await detect(fixtureModel('ultraface-version-RFB-320.onnx'), blocked);
    assert.equal(result.cache, 'off');
    assert.equal(result.detections.length, 1);
  });
});
