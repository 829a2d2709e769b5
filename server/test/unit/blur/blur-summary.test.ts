import assert from 'node:assert/strict';
import { summarize } from '../../../src/engines/blur/summary';
import type { BlurFileReport } from '../../../src/protocol';

const stages = { decode: 5, detect: 20, render: 3, encode: 12 };
const report = (file: string, classes: string[], extra: Partial<BlurFileReport> = {}): BlurFileReport => ({
  file,
  regions: classes.map((c) => ({ class: c, score: 0.9, box: [0, 0, 1, 1], source: 'model' })),
  ms: 40,
  stages,
  notes: [],
  models: [],
  ...extra,
});

describe('blur summary', () => {
  it('counts images, regions per class and time per image; lists failures with their reason', () => {
    const summary = summarize(
      {
        results: [
          report('/w/a.jpg', ['face', 'face', 'plate'], { output: '/w/a.blurred.jpg' }),
          report('/w/b.gif', ['face'], { output: '/w/b.blurred.gif', ms: 60, notes: ['animated GIF with 3 frames: only the first frame was processed; the output is a single image'] }),
          report('/w/c.png', [], { error: 'corrupt or truncated PNG file: bad IDAT' }),
        ],
        cancelled: false,
        total: 3,
      },
      'blur',
    );
    assert.equal(summary.message, 'Blurred 2 images: 4 regions (face 3, plate 1), 50 ms per image; 1 failed.');
    assert.equal(summary.failed, 1);
    assert.deepEqual(summary.details, [
      '/w/a.jpg: 3 region(s) (face 2, plate 1) → a.blurred.jpg, 40 ms (decode 5, detect 20, render 3, encode 12 ms)',
      '/w/b.gif: 1 region(s) (face 1) → b.blurred.gif, 60 ms (decode 5, detect 20, render 3, encode 12 ms)\n  note: animated GIF with 3 frames: only the first frame was processed; the output is a single image',
      '/w/c.png: failed: corrupt or truncated PNG file: bad IDAT',
    ]);
  });

  it('when every image failed, says why in the message: the first failure and its reason', () => {
    const summary = summarize(
      {
        results: [report('/w/crossing.jpg', [], { error: 'face model /w/models/missing.onnx: file not found' }), report('/w/z.jpg', [], { error: 'corrupt JPEG' })],
        cancelled: false,
        total: 2,
      },
      'blur',
    );
    assert.equal(summary.message, 'Blurred 0 images: 0 regions, 0 ms per image; 2 failed: crossing.jpg: face model /w/models/missing.onnx: file not found.');
    assert.equal(summary.failed, 2);
  });

  it('says when a run was cancelled or found no image', () => {
    assert.equal(
      summarize({ results: [report('/w/a.jpg', ['face'], { sidecar: '/w/a.detections.json' })], cancelled: true, total: 5 }, 'detect').message,
      'Detected in 1 image: 1 region (face 1), 40 ms per image; cancelled after 1 of 5.',
    );
    assert.equal(summarize({ results: [], cancelled: false, total: 0 }, 'blur').message, 'No image found (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF).');
  });
});
