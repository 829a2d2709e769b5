import assert from 'node:assert/strict';
import { clipBox, growBox, iou, letterbox, padToMultiple, stretch, toImage, toInput } from '../../../src/engines/blur/geometry';
import { nmsPerClass } from '../../../src/engines/blur/nms';
import type { Box } from '../../../src/engines/blur/types';

const EPSILON = 1e-9;

function assertBoxesEqual(actual: Box, expected: Box, message?: string): void {
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < EPSILON, `${message ?? ''} ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`));
}

describe('blur geometry', () => {
  describe('letterbox', () => {
    it('fits a landscape image into a square input, centred, pad split top/bottom', () => {
      const g = letterbox(1280, 720, 640, 640);
      assert.deepEqual([g.contentWidth, g.contentHeight, g.left, g.top], [640, 360, 0, 140]);
      assert.equal(g.scaleX, 0.5);
      assert.equal(g.scaleY, 0.5);
    });

    it('fits a portrait image: the gain comes from the height there', () => {
      const g = letterbox(600, 1000, 640, 640);
      assert.deepEqual([g.contentWidth, g.contentHeight, g.left, g.top], [384, 640, 128, 0]);
    });

    it('uses min(inputH / imageH, inputW / imageW), not the height twice, for non-square inputs', () => {
      // A 640×384 (w×h) export and a 1000×400 image: width limits (0.64), height would say 0.96.
      const g = letterbox(1000, 400, 640, 384);
      assert.deepEqual([g.contentWidth, g.contentHeight], [640, 256]);
      assert.equal(g.top, 64);
      // The copied bug: gain = min(inputH / imageH, inputH / imageW) maps the box elsewhere.
      const buggyGain = Math.min(384 / 400, 384 / 1000);
      assert.notEqual(buggyGain, g.scaleX);
    });

    it('puts the odd padding pixel bottom/right, as Ultralytics does', () => {
      const g = letterbox(640, 479, 640, 640);
      assert.equal(g.contentHeight, 479);
      assert.equal(g.top, 80);
      assert.equal(g.inputHeight - g.contentHeight - g.top, 81);
    });

    it('maps a box forward and back exactly, for square, landscape, portrait and odd sizes', () => {
      const cases: [number, number, number, number][] = [
        [640, 640, 640, 640],
        [1920, 1080, 640, 640],
        [1080, 1920, 640, 640],
        [801, 533, 640, 640],
        [333, 777, 640, 384],
        [4032, 3024, 1280, 736],
        [37, 5000, 320, 320],
      ];
      for (const [w, h, iw, ih] of cases) {
        const g = letterbox(w, h, iw, ih);
        const boxes: Box[] = [
          [0, 0, w, h],
          [w * 0.1, h * 0.2, w * 0.35, h * 0.9],
          [1, 2, 3, 4],
          [w - 7.25, h - 3.5, w, h],
        ];
        for (const box of boxes) {
          assertBoxesEqual(toImage(g, toInput(g, box)), box, `${w}×${h} → ${iw}×${ih}`);
          // And the image's full extent lands exactly on the content area.
        }
        assertBoxesEqual(toInput(g, [0, 0, w, h]), [g.left, g.top, g.left + g.contentWidth, g.top + g.contentHeight]);
      }
    });

    it('maps a known model box back onto a non-square image', () => {
      // 128×64 image into 64×64: gain 0.5, content 64×32, 16 px of padding on top.
      const g = letterbox(128, 64, 64, 64);
      assert.deepEqual(toImage(g, [24, 28, 40, 36]), [48, 24, 80, 40]);
    });
  });

  it('stretch and padToMultiple invert exactly too', () => {
    const s = stretch(800, 564, 320, 240);
    assertBoxesEqual(toImage(s, toInput(s, [10, 20, 300, 400])), [10, 20, 300, 400]);
    const p = padToMultiple(800, 564, 640, 32);
    assert.deepEqual([p.contentWidth, p.contentHeight, p.inputWidth, p.inputHeight, p.left, p.top], [640, 451, 640, 480, 0, 0]);
    assertBoxesEqual(toImage(p, toInput(p, [10.5, 20, 300, 400.25])), [10.5, 20, 300, 400.25]);
    // Never upscales: a small image keeps its size, padded to the multiple.
    const small = padToMultiple(100, 50, 640, 32);
    assert.deepEqual([small.contentWidth, small.contentHeight, small.inputWidth, small.inputHeight], [100, 50, 128, 64]);
  });

  it('grows boxes around their centre and clips them to the image', () => {
    assert.deepEqual(growBox([10, 10, 30, 20], 1.5), [5, 7.5, 35, 22.5]);
    assert.deepEqual(clipBox([-5, 10, 50, 120], 40, 100), [0, 10, 40, 100]);
    assert.equal(clipBox([50, 10, 60, 20], 40, 100), undefined);
  });

  it('computes intersection over union', () => {
    assert.equal(iou([0, 0, 10, 10], [0, 0, 10, 10]), 1);
    assert.equal(iou([0, 0, 10, 10], [10, 0, 20, 10]), 0);
    assert.equal(iou([0, 0, 10, 10], [5, 0, 15, 10]), 50 / 150);
  });
});

describe('blur NMS', () => {
  it('keeps the best box of each overlapping group, per class, best first', () => {
    const kept = nmsPerClass(
      [
        { class: 'face', score: 0.8, box: [0, 0, 10, 10] },
        { class: 'face', score: 0.9, box: [1, 1, 11, 11] },
        { class: 'face', score: 0.7, box: [50, 50, 60, 60] },
        // Same place, another class: not suppressed by the face.
        { class: 'plate', score: 0.6, box: [0, 0, 10, 10] },
      ],
      0.45,
    );
    assert.deepEqual(
      kept.map((d) => [d.class, d.score]),
      [
        ['face', 0.9],
        ['face', 0.7],
        ['plate', 0.6],
      ],
    );
  });

  it('keeps overlapping boxes below the IoU threshold', () => {
    const kept = nmsPerClass(
      [
        { class: 'face', score: 0.9, box: [0, 0, 10, 10] },
        { class: 'face', score: 0.8, box: [6, 0, 16, 10] },
      ],
      0.45,
    );
    assert.equal(kept.length, 2);
  });
});
