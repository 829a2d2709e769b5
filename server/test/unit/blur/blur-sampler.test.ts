import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../src/disk/packageRoot';
import { bilinearTaps, letterbox, stretch, type Geometry } from '../../../src/engines/blur/geometry';
import { blendRows, PIXELS_WASM, PIXELS_WAT, pixelsModuleBytes, sampleRows, type SampleTarget } from '../../../src/engines/blur/sampler';

/** A deterministic pseudo-random byte sequence (no Math.random: the same pixels every run). */
function pixels(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/**
 * The detector input as the JavaScript computed it before the WebAssembly sampler: each value in
 * 64-bit floats, stored as 32 bits; grey rounded to 32 bits before the encoding (a Float32Array
 * sample), then written to the three planes.
 */
function reference(data: Buffer, channels: 1 | 3, t: SampleTarget): Float32Array {
  const out = new Float32Array(t.tensor.length);
  const { rows, cols } = t;
  for (let y = 0; y < t.height; y++) {
    const r0 = rows.a[y];
    const r1 = rows.b[y];
    const wy = rows.w[y];
    const at = (y + t.top) * t.inputWidth + t.left;
    for (let x = 0; x < t.width; x++) {
      const a = cols.a[x];
      const b = cols.b[x];
      const w = cols.w[x];
      const value = (c: number) => {
        const top = data[r0 + a + c] + (data[r0 + b + c] - data[r0 + a + c]) * w;
        const bottom = data[r1 + a + c] + (data[r1 + b + c] - data[r1 + a + c]) * w;
        return top + (bottom - top) * wy;
      };
      for (let c = 0; c < 3; c++) out[t.planes[c] + at + x] = (channels === 3 ? value(c) : Math.fround(value(0))) * t.mul + t.add;
    }
  }
  return out;
}

function target(g: Geometry, width: number, height: number, channels: number, encoding: { mul: number; add: number; order: 'rgb' | 'bgr' }): SampleTarget {
  const plane = g.inputWidth * g.inputHeight;
  return {
    rows: bilinearTaps(0, g.contentHeight, 0, g.contentHeight, height, width * channels),
    cols: bilinearTaps(0, g.contentWidth, 0, g.contentWidth, width, channels),
    tensor: new Float32Array(plane * 3),
    planes: encoding.order === 'rgb' ? [0, plane, 2 * plane] : [2 * plane, plane, 0],
    top: g.top,
    left: g.left,
    inputWidth: g.inputWidth,
    width: g.contentWidth,
    height: g.contentHeight,
    mul: encoding.mul,
    add: encoding.add,
  };
}

describe('blur: the detector input sampler (WebAssembly)', () => {
  const cases: { name: string; width: number; height: number; channels: 1 | 3; geometry: (w: number, h: number) => Geometry; encoding: { mul: number; add: number; order: 'rgb' | 'bgr' } }[] = [
    { name: 'RGB shrunk to UltraFace 320 × 240', width: 640, height: 427, channels: 3, geometry: (w, h) => stretch(w, h, 320, 240), encoding: { mul: 1 / 128, add: -127 / 128, order: 'rgb' } },
    { name: 'RGB enlarged and letterboxed (YOLO 640)', width: 301, height: 123, channels: 3, geometry: (w, h) => letterbox(w, h, 640, 640), encoding: { mul: 1 / 255, add: 0, order: 'rgb' } },
    { name: 'grey, letterboxed, BGR planes (YuNet)', width: 500, height: 333, channels: 1, geometry: (w, h) => letterbox(w, h, 320, 320), encoding: { mul: 1, add: 0, order: 'bgr' } },
    { name: 'grey shrunk a lot (a wide image)', width: 4001, height: 97, channels: 1, geometry: (w, h) => stretch(w, h, 320, 240), encoding: { mul: 1 / 128, add: -127 / 128, order: 'rgb' } },
  ];
  for (const c of cases) {
    it(`${c.name}: every value bit-identical to the JavaScript computation`, () => {
      const data = pixels(c.width * c.height * c.channels, c.width);
      const t = target(c.geometry(c.width, c.height), c.width, c.height, c.channels, c.encoding);
      sampleRows(data, c.channels, c.width * c.channels, t);
      const expected = reference(data, c.channels, t);
      assert.equal(Buffer.compare(Buffer.from(t.tensor.buffer), Buffer.from(expected.buffer)), 0);
    });
  }

  it('a larger image after a smaller one (the module memory grows) and a smaller one after it give the same values as alone', () => {
    const run = (width: number, height: number) => {
      const data = pixels(width * height * 3, height);
      const t = target(stretch(width, height, 320, 240), width, height, 3, { mul: 1 / 128, add: -127 / 128, order: 'rgb' });
      sampleRows(data, 3, width * 3, t);
      return { t, expected: reference(data, 3, t) };
    };
    for (const [w, h] of [[64, 48], [30_000, 10], [640, 480]]) {
      const { t, expected } = run(w, h);
      assert.equal(Buffer.compare(Buffer.from(t.tensor.buffer), Buffer.from(expected.buffer)), 0, `${w} × ${h}`);
    }
  });
});

/**
 * compose's blend as the JavaScript did it before the WebAssembly one: per row the effect's line
 * (a Float32Array), then each covered pixel: with three colours the effect at full coverage, else
 * (and always with another number of colours) mixed with the pixel, truncated to a byte by the
 * typed array.
 */
function blendReference(effect: Buffer, lineLength: number, channels: number, colours: number, rows: ReturnType<typeof bilinearTaps>, cols: ReturnType<typeof bilinearTaps>, mask: { data: Uint8Array; from: Int32Array; to: Int32Array }, rect: { width: number; height: number; top: number; left: number }, pixels: Buffer, imageWidth: number): void {
  const line = new Float32Array(lineLength);
  for (let y = 0; y < rect.height; y++) {
    const from = mask.from[y];
    const to = mask.to[y];
    if (to <= from) continue;
    for (let i = cols.a[from]; i < cols.b[to - 1] + channels; i++) line[i] = effect[rows.a[y] + i] + (effect[rows.b[y] + i] - effect[rows.a[y] + i]) * rows.w[y];
    const base = ((y + rect.top) * imageWidth + rect.left) * channels;
    for (let x = from; x < to; x++) {
      const m = mask.data[y * rect.width + x];
      if (m === 0) continue;
      const p = base + x * channels;
      for (let c = 0; c < colours; c++) {
        const v = line[cols.a[x] + c] + (line[cols.b[x] + c] - line[cols.a[x] + c]) * cols.w[x];
        pixels[p + c] = colours === 3 && m === 255 ? v + 0.5 : (pixels[p + c] * (255 - m) + v * m + 127) / 255;
      }
    }
  }
}

describe('blur: the blend (WebAssembly)', () => {
  const layouts = [
    { name: 'RGB', channels: 3, colours: 3 },
    { name: 'RGBA (alpha left as it was)', channels: 4, colours: 3 },
    { name: 'grey', channels: 1, colours: 1 },
    { name: 'grey with alpha (alpha left as it was)', channels: 2, colours: 1 },
    { name: 'four colour channels (effectPixels of an RGBA image)', channels: 4, colours: 4 },
  ];
  for (const { name, channels, colours } of layouts) {
    it(`${name}: every byte identical to the JavaScript computation, on an effect shrunk ×3 and on one of the rectangle's size`, () => {
      const imageWidth = 203;
      const imageHeight = 150;
      const rect = { left: 37, top: 21, width: 121, height: 97 };
      for (const shrink of [3, 1]) {
        const area = { left: 20, top: 5, width: 160, height: 130 };
        const ew = Math.round(area.width / shrink);
        const eh = Math.round(area.height / shrink);
        const effect = pixels(ew * eh * channels, 7 + shrink);
        const lineLength = ew * channels;
        const cols = bilinearTaps(rect.left, rect.width, area.left, area.width, ew, channels);
        const rows = bilinearTaps(rect.top, rect.height, area.top, area.height, eh, lineLength);
        // A mask with empty rows, full-coverage runs and partial values.
        const data = pixels(rect.width * rect.height, 99);
        const from = new Int32Array(rect.height);
        const to = new Int32Array(rect.height);
        for (let y = 0; y < rect.height; y++) {
          from[y] = y % 7 === 0 ? rect.width : (y * 13) % 40;
          to[y] = y % 7 === 0 ? 0 : rect.width - ((y * 5) % 30);
          for (let x = 0; x < rect.width; x++) if (x % 5 === 0) data[y * rect.width + x] = x % 10 === 0 ? 255 : 0;
        }
        const mask = { data, from, to };
        const image = pixels(imageWidth * imageHeight * channels, 3);
        const expected = Buffer.from(image);
        blendReference(effect, lineLength, channels, colours, rows, cols, mask, rect, expected, imageWidth);
        blendRows({ data: effect, lineLength, rows, cols, mask, width: rect.width, height: rect.height, pixels: image, imageWidth, stride: channels, top: rect.top, left: rect.left, channels, colours });
        assert.equal(Buffer.compare(image, expected), 0, `shrink ${shrink}`);
      }
    });
  }
});

describe('blur: the pixel module (pixels.wat, assembled into pixels.wasm)', () => {
  const root = packageRoot();

  it('the module the job loads is the committed pixels.wasm, valid, with its five functions and the memory', () => {
    const committed = readFileSync(path.join(root, PIXELS_WASM));
    const loaded = pixelsModuleBytes();
    assert.equal(Buffer.compare(loaded, committed), 0);
    assert.ok(WebAssembly.validate(loaded));
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(loaded)).map((e) => `${e.kind} ${e.name}`).sort();
    assert.deepEqual(exports, ['function blend', 'function blendn', 'function grey', 'function rgb', 'function vline', 'memory memory']);
  });

  it('pixels.wasm is pixels.wat assembled by wat2wasm (WABT), byte for byte', () => {
    // The unit layer installs Debian's wabt (scripts/lib/system-deps.mjs WABT_PACKAGES).
    const assembled = spawnSync('wat2wasm', [path.join(root, PIXELS_WAT), '--output=-'], { maxBuffer: 1 << 20 });
    const committed = readFileSync(path.join(root, PIXELS_WASM));
    assert.ifError(assembled.error);
    assert.equal(assembled.status, 0, String(assembled.stderr));
    assert.equal(Buffer.compare(assembled.stdout, committed), 0, 'pixels.wasm is out of date: run `wat2wasm pixels.wat -o pixels.wasm` in server/src/engines/blur');
  });
});
