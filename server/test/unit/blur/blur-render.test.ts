import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { DecodedImage } from '../../../src/engines/blur/image';
import { effectPixels, rasterMask, regionsOf, renderBlurred, unionRect, type Rect } from '../../../src/engines/blur/render';
import type { Box, Detection } from '../../../src/engines/blur/types';
import { patternImage } from '../../blur/fixtures';

async function decoded(width: number, height: number): Promise<{ image: DecodedImage; png: Buffer }> {
  const { raw, channels } = patternImage(width, height);
  const png = await sharp(raw, { raw: { width, height, channels } }).png().toBuffer();
  return { image: { data: Buffer.from(raw), width, height, channels, hasAlpha: false, format: 'png', profile: undefined, depth16: false, cmyk: false, grey: channels <= 2, pages: 1, notes: [] }, png };
}

const face = (box: Box): Detection => ({ class: 'face', score: 0.9, box });

describe('blur rendering', () => {
  it('draws one mask for all regions: ellipses leave the corners, boxes fill them', () => {
    const rect = { left: 0, top: 0, width: 40, height: 20 };
    const ellipse = rasterMask([[0, 0, 20, 20]], 'ellipse', rect).data;
    assert.equal(ellipse[10 * 40 + 10], 255, 'centre covered');
    assert.equal(ellipse[0], 0, 'corner left alone');
    assert.equal(ellipse[10 * 40 + 30], 0, 'outside the box');
    const box = rasterMask([[0, 0, 20, 20], [20.5, 0, 40, 20]], 'box', rect).data;
    assert.equal(box[0], 255);
    assert.equal(box[19 * 40 + 19], 255);
    assert.equal(box[5 * 40 + 20], 128, 'a half-covered edge pixel is half on');
    assert.equal(box[5 * 40 + 30], 255);
  });

  it('the union rectangle holds every grown, clipped region', () => {
    const boxes = regionsOf([face([10, 10, 20, 20]), face([90, 40, 110, 60])], 1.2, 100, 50);
    assert.deepEqual(boxes[1], [88, 38, 100, 50]);
    assert.deepEqual(unionRect(boxes, 100, 50), { left: 9, top: 9, width: 91, height: 41 });
    assert.equal(unionRect([], 100, 50), undefined);
  });

  it('changes every region and nothing else, for 2 regions as for 250', async () => {
    for (const count of [2, 250]) {
      const width = 400;
      const height = 250;
      const { image, png } = await decoded(width, height);
      const original = Buffer.from(image.data);
      const detections: Detection[] = [];
      for (let i = 0; i < count; i++) {
        const x = (i % 25) * 16;
        const y = Math.floor(i / 25) * 25;
        detections.push(face([x + 2, y + 2, x + 14, y + 22]));
      }
      const { bytes } = await renderBlurred(png, image, detections, { method: 'gaussian', shape: 'box', grow: 1, format: 'png', quality: 90, pngCompression: 6, keepMetadata: false }, 1e8);
      const out = await sharp(bytes).raw().toBuffer();
      const changedIn = (box: Box) => {
        let changed = 0;
        for (let y = Math.ceil(box[1]); y < Math.floor(box[3]); y++) for (let x = Math.ceil(box[0]); x < Math.floor(box[2]); x++) if (out[(y * width + x) * 3] !== original[(y * width + x) * 3]) changed++;
        return changed;
      };
      for (const d of detections) assert.ok(changedIn(d.box) > 20, `region ${d.box} is not blurred (${count} regions)`);
      // Pixels outside every region are byte-identical (PNG is lossless).
      const inside = rasterMask(detections.map((d) => d.box), 'box', { left: 0, top: 0, width, height }).data;
      for (let i = 0; i < width * height; i++) {
        if (inside[i] === 0) assert.equal(out[i * 3], original[i * 3], `pixel ${i % width},${Math.floor(i / width)} changed outside the regions`);
      }
    }
  });

  it('a crowd of 250 feathered ellipses and a pair give the same, correct pixels: effect inside, original outside, alpha kept', async () => {
    const width = 400;
    const height = 250;
    const { raw } = patternImage(width, height, { alpha: true });
    // Alpha varies across the image (not only 0 and 255).
    for (let i = 0; i < width * height; i++) raw[i * 4 + 3] = 40 + ((i * 7) % 200);
    const grid = (count: number): Detection[] =>
      Array.from({ length: count }, (_, i) => {
        const x = (i % 25) * 16;
        const y = Math.floor(i / 25) * 25;
        // Fractional edges: every ellipse has partially covered pixels.
        return face([x + 1.3, y + 1.7, x + 14.6, y + 23.2]);
      });
    const crowd = grid(250);
    // The pair: the crowd's first and last region, so their union rectangle is the same.
    for (const detections of [crowd, [crowd[0], crowd[249]]]) {
      const image: DecodedImage = { data: Buffer.from(raw), width, height, channels: 4, hasAlpha: true, format: 'png', profile: undefined, depth16: false, cmyk: false, grey: false, pages: 1, notes: [] };
      const png = await sharp(raw, { raw: { width, height, channels: 4 } }).png().toBuffer();
      const boxes = regionsOf(detections, 1, width, height);
      const rect = unionRect(boxes, width, height) as Rect;
      const effect = await effectPixels({ ...image, data: Buffer.from(raw) }, rect, 'gaussian', boxes);
      const { bytes } = await renderBlurred(png, image, detections, { method: 'gaussian', shape: 'ellipse', grow: 1, format: 'png', quality: 90, pngCompression: 6, keepMetadata: false }, 1e8);
      const out = await sharp(bytes).raw().toBuffer();
      const mask = rasterMask(boxes, 'ellipse', { left: 0, top: 0, width, height }).data;
      let inside = 0;
      let edge = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = y * width + x;
          const p = i * 4;
          const where = `pixel ${x},${y} (${detections.length} regions)`;
          assert.equal(out[p + 3], raw[p + 3], `${where}: alpha changed`);
          const m = mask[i];
          for (let c = 0; c < 3; c++) {
            if (m === 0) {
              assert.equal(out[p + c], raw[p + c], `${where}: changed outside every region`);
            } else {
              const e = effect[((y - rect.top) * rect.width + (x - rect.left)) * 4 + c];
              if (m === 255) assert.equal(out[p + c], e, `${where}: not the effect inside a region`);
              else assert.ok(out[p + c] >= Math.min(raw[p + c], e) - 1 && out[p + c] <= Math.max(raw[p + c], e) + 1, `${where}: edge pixel ${out[p + c]} is not between ${raw[p + c]} and ${e}`);
            }
          }
          if (m === 255) inside++;
          else if (m > 0) edge++;
        }
      }
      assert.ok(inside > detections.length * 100 && edge > detections.length * 20, `${inside} inside, ${edge} edge pixels`);
    }
  });

  it('pixelates in blocks aligned on the image grid and fills solid regions with black', async () => {
    const { image } = await decoded(64, 64);
    const rect = { left: 8, top: 8, width: 32, height: 32 };
    const boxes: Box[] = [[8, 8, 40, 40]];
    const mosaic = await effectPixels(image, rect, 'pixelate', boxes);
    // side 32 → block 4: every 4×4 cell is one colour.
    for (let y = 0; y < 32; y += 4) {
      for (let x = 0; x < 32; x += 4) {
        const first = mosaic[(y * 32 + x) * 3];
        for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) assert.equal(mosaic[((y + dy) * 32 + x + dx) * 3], first);
      }
    }
    const solid = await effectPixels(image, rect, 'solid', boxes);
    assert.ok(solid.every((v) => v === 0));
    const blurred = await effectPixels(image, rect, 'gaussian', boxes);
    assert.equal(blurred.length, 32 * 32 * 3);
    // The checkerboard (0/255 in red) is smoothed towards grey.
    const reds = [...Array(32 * 32).keys()].map((i) => blurred[i * 3]);
    assert.ok(Math.max(...reds) < 200 && Math.min(...reds) > 55, `${Math.min(...reds)}–${Math.max(...reds)}`);
  });
});
