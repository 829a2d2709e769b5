import assert from 'node:assert/strict';
import { decode, decodeUltraFace, decodeYoloEnd2End, decodeYoloV5, decodeYoloV8, decodeYuNet, type DecodeOptions, type OutputTensor } from '../../../src/engines/blur/decoders';
import { checkLayout, detectLayout, LayoutError } from '../../../src/engines/blur/layouts';
import { parseImgsz, parseNames } from '../../../src/engines/onnx/meta';
import { channelMajor, rows } from '../../blur/onnxModels';

const options = (names: string[], threshold = 0.5, size = 64): DecodeOptions => ({
  names,
  threshold: () => threshold,
  inputWidth: size,
  inputHeight: size,
});

function tensor(name: string, dims: number[], data: Float32Array): OutputTensor {
  assert.equal(data.length, dims.reduce((a, b) => a * b, 1), `${name}: data does not fill ${dims}`);
  return { name, dims, data };
}

describe('blur decoders', () => {
  it('YOLOv8 [1, 4+nc, N]: best class per anchor, centre boxes to corners, threshold per class', () => {
    const data = channelMajor([
      [32, 32, 16, 8, 0.9, 0.1],
      [10, 10, 4, 4, 0.2, 0.7],
      [20, 20, 4, 4, 0.3, 0.3],
    ]);
    const found = decodeYoloV8([tensor('output0', [1, 6, 3], data)], {
      ...options(['face', 'plate']),
      threshold: (c) => (c === 'plate' ? 0.75 : 0.5),
    });
    assert.deepEqual(found, [{ class: 'face', score: Math.fround(0.9), box: [24, 28, 40, 36] }]);
  });

  it('YOLO end-to-end [1, 300, 6]: corner boxes, score and class as given', () => {
    const data = new Float32Array(300 * 6);
    data.set([1, 2, 11, 12, 0.95, 1], 0);
    data.set([5, 5, 9, 9, 0.4, 0], 6);
    const found = decodeYoloEnd2End([tensor('output0', [1, 300, 6], data)], options(['face', 'plate']));
    assert.deepEqual(found, [{ class: 'plate', score: Math.fround(0.95), box: [1, 2, 11, 12] }]);
  });

  it('YOLOv5 [1, N, 5+nc]: score is objectness × class score', () => {
    const data = rows([32, 32, 16, 8, 0.9, 0.2, 0.8], [10, 10, 4, 4, 0.4, 1, 0], [10, 10, 4, 4, 0.6, 0.5, 0.1]);
    const found = decodeYoloV5([tensor('output0', [1, 3, 7], data)], options(['face', 'plate']));
    assert.equal(found.length, 1);
    assert.equal(found[0].class, 'plate');
    assert.ok(Math.abs(found[0].score - 0.72) < 1e-6);
    assert.deepEqual(found[0].box, [24, 28, 40, 36]);
  });

  it('YuNet: grid cell + offset, exp sizes, score √(cls × obj)', () => {
    const size = 64;
    const outputs: OutputTensor[] = [];
    for (const stride of [8, 16, 32]) {
      const cells = (size / stride) ** 2;
      const cls = new Float32Array(cells);
      const obj = new Float32Array(cells);
      const bbox = new Float32Array(cells * 4);
      if (stride === 16) {
        // Cell row 1, column 2 of the 4×4 grid: index 6.
        cls[6] = 0.81;
        obj[6] = 1;
        bbox.set([0.5, 0.25, Math.log(2), Math.log(1.5)], 6 * 4);
      }
      outputs.push(tensor(`cls_${stride}`, [1, cells, 1], cls), tensor(`obj_${stride}`, [1, cells, 1], obj), tensor(`bbox_${stride}`, [1, cells, 4], bbox));
    }
    const found = decodeYuNet(outputs, options(['face'], 0.5, size));
    assert.equal(found.length, 1);
    assert.ok(Math.abs(found[0].score - 0.9) < 1e-6);
    // centre ((2 + 0.5) × 16, (1 + 0.25) × 16) = (40, 20); size 32 × 24.
    found[0].box.forEach((v, i) => assert.ok(Math.abs(v - [24, 8, 56, 32][i]) < 1e-4, `${found[0].box}`));
  });

  it('UltraFace: column 1 of the scores, boxes normalised to the input size', () => {
    const scores = rows([0.9, 0.1], [0.2, 0.8]);
    const boxes = rows([0, 0, 0.1, 0.1], [0.25, 0.5, 0.75, 1]);
    const found = decodeUltraFace([tensor('scores', [1, 2, 2], scores), tensor('boxes', [1, 2, 4], boxes)], { ...options(['face']), inputWidth: 320, inputHeight: 240 });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].box, [80, 120, 240, 240]);
  });

  it('decode() checks a single YOLO output against its concrete dims', () => {
    const v8 = tensor('output0', [1, 6, 8], new Float32Array(48));
    assert.equal(decode('yolo', [v8], options(['a', 'b'])).layout, 'yolov8');
    const e2e = tensor('output0', [1, 300, 6], new Float32Array(1800));
    assert.equal(decode('yolo', [e2e], options(['a'])).layout, 'yolo-end2end');
    const v5 = tensor('output0', [1, 2000, 7], new Float32Array(14000));
    assert.equal(decode('yolo', [v5], options(['a', 'b'])).layout, 'yolov5');
    assert.throws(() => decode('yolov5', [tensor('output0', [1, 3, 3], new Float32Array(9))], options(['a'])), LayoutError);
  });
});

describe('blur layout detection', () => {
  it('recognises each layout from output names and shapes', () => {
    assert.equal(detectLayout([{ name: 'output0', dims: [1, 6, 8400] }]), 'yolov8');
    assert.equal(detectLayout([{ name: 'output0', dims: [1, 84, 8400] }]), 'yolov8');
    assert.equal(detectLayout([{ name: 'output0', dims: [1, 300, 6] }]), 'yolo-end2end');
    assert.equal(detectLayout([{ name: 'output0', dims: [1, 25200, 7] }]), 'yolov5');
    assert.equal(detectLayout([{ name: 'output0', dims: [1, 25200, 6] }]), 'yolov5');
    assert.equal(detectLayout([{ name: 'output0', dims: ['batch', 6, 'anchors'] }]), 'yolo');
    assert.equal(
      detectLayout(['cls', 'obj', 'bbox', 'kps'].flatMap((p) => [8, 16, 32].map((s) => ({ name: `${p}_${s}`, dims: ['batch', 'dim', 1] })))),
      'yunet',
    );
    assert.equal(detectLayout([{ name: 'scores', dims: [1, 4420, 2] }, { name: 'boxes', dims: [1, 4420, 4] }]), 'ultraface');
  });

  it('names the supported layouts and the shapes found for an unknown layout', () => {
    assert.throws(
      () => detectLayout([{ name: 'logits', dims: [1, 1000] }]),
      (error: Error) => {
        assert.ok(error instanceof LayoutError);
        assert.match(error.message, /logits \[1, 1000\]/);
        for (const layout of ['yolov8', 'yolo-end2end', 'yolov5', 'yunet', 'ultraface']) assert.ok(error.message.includes(layout), layout);
        return true;
      },
    );
    assert.throws(() => checkLayout('yunet', [{ name: 'output0', dims: [1, 6, 8400] }]), /configured as "yunet".*output0 \[1, 6, 8400\]/);
  });
});

describe('ONNX metadata', () => {
  it('reads Ultralytics names as a Python dict, with either quote, or as JSON', () => {
    assert.deepEqual(parseNames("{0: 'face', 1: 'plate'}"), ['face', 'plate']);
    assert.deepEqual(parseNames(`{0: "driver's licence", 1: 'car'}`), ["driver's licence", 'car']);
    assert.deepEqual(parseNames('{"0": "face"}'), ['face']);
    assert.deepEqual(parseNames("{1: 'plate'}"), ['class 0', 'plate']);
    assert.equal(parseNames(undefined), undefined);
    assert.equal(parseNames('nonsense'), undefined);
  });

  it('reads imgsz as height then width', () => {
    assert.deepEqual(parseImgsz('[384, 640]'), { width: 640, height: 384 });
    assert.deepEqual(parseImgsz('640'), { width: 640, height: 640 });
    assert.equal(parseImgsz(undefined), undefined);
  });
});
