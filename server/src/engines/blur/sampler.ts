/**
 * The per-pixel loops of a blur job in WebAssembly: the detector input's bilinear rows
 * (detector.ts, prepareDecoded: RGB rows, and grey rows expanded to three planes) and the blend of
 * the effect into RGB pixels (render.ts, compose). The same arithmetic as the JavaScript they
 * replace, in the same order, in 64-bit floats rounded to 32 bits or truncated to a byte where the
 * JavaScript's typed arrays stored them: every value is bit-identical (blur-sampler.test.ts
 * compares them with the JavaScript computation).
 *
 * Why: a module is compiled by V8's baseline WebAssembly compiler in well under a millisecond and
 * runs at native speed from the first row. The same loops in JavaScript ran interpreted for most
 * of a job's first images (every intermediate value a heap number: half of what a job of ten
 * photographs under 1 MP allocated, 31 MB sampled, and the scavenges it cost), then cost V8
 * optimising compiles (on stack replacement, then whole) — on a job of a few small photographs, as
 * much CPU as the pixels.
 *
 * Per row, the source rows (or the effect's rows and the row's covered pixels) are copied into the
 * module's memory (a memcpy of a row, whatever the image's size: nothing else of the image is
 * copied), worked on there, and the result copied out.
 */

import path from 'node:path';
import { packageRoot } from '../../disk/packageRoot';
import { READ_BOUNDS, readFileBoundedSync } from '../../disk/readText';

/** The module's source and its assembly, beside this file in the repository (and in the VSIX). */
export const PIXELS_WAT = 'server/src/engines/blur/pixels.wat';
export const PIXELS_WASM = 'server/src/engines/blur/pixels.wasm';

type RowFunction = (src0: number, src1: number, colsA: number, colsB: number, colsW: number, out: number, width: number, plane: number, wy: number, mul: number, add: number) => void;

interface Pixels {
  memory: WebAssembly.Memory;
  rgb: RowFunction;
  grey: RowFunction;
  vline: (e0: number, e1: number, wy: number, first: number, last: number, line: number) => void;
  blend: (line: number, colsA: number, colsB: number, colsW: number, mask: number, from: number, to: number, pix: number, stride: number) => void;
  blendn: (line: number, colsA: number, colsB: number, colsW: number, mask: number, from: number, to: number, pix: number, stride: number, colours: number) => void;
}

let instance: Pixels | undefined;

/** The bytes of pixels.wasm, as the job loads them (`root`: the package's root). */
export function pixelsModuleBytes(root: string = packageRoot()): Uint8Array<ArrayBuffer> {
  // A copy of a kilobyte: WebAssembly takes bytes of an ArrayBuffer, not of a Buffer's pool.
  return new Uint8Array(readFileBoundedSync(path.join(root, PIXELS_WASM), READ_BOUNDS.config));
}

/** The module, compiled (by V8's baseline compiler: well under a millisecond) and instantiated on first use. */
function pixelsModule(): Pixels {
  if (!instance) {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(pixelsModuleBytes())).exports;
    instance = {
      memory: exports.memory as WebAssembly.Memory,
      rgb: exports.rgb as RowFunction,
      grey: exports.grey as RowFunction,
      vline: exports.vline as Pixels['vline'],
      blend: exports.blend as Pixels['blend'],
      blendn: exports.blendn as Pixels['blendn'],
    };
  }
  return instance;
}

/** Room for `bytes` bytes in the module's memory (from offset 0): its buffer, taken after any growth. */
function room(s: Pixels, bytes: number): ArrayBuffer {
  if (s.memory.buffer.byteLength < bytes) s.memory.grow(Math.ceil((bytes - s.memory.buffer.byteLength) / 65536));
  return s.memory.buffer;
}

/**
 * A Buffer's bytes as a plain Uint8Array (the same memory): rows are moved with the typed array's
 * own `set` and `subarray`, builtins, where Buffer's `copy` (and a Buffer's `subarray`, which
 * constructs a Buffer) is JavaScript that V8 compiled with TurboFan in every job (2–15 ms of
 * background CPU, called twice a row).
 */
function plainBytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

type Taps = { a: Int32Array; b: Int32Array; w: Float32Array };

/** What sampleRows writes: the content's rows of the tensor's three planes. */
export interface SampleTarget {
  rows: Taps;
  cols: Taps;
  tensor: Float32Array;
  planes: readonly [number, number, number];
  top: number;
  left: number;
  inputWidth: number;
  /** Content width and height (the tensor's columns and rows written). */
  width: number;
  height: number;
  mul: number;
  add: number;
}

/**
 * The columns' taps at the start of the module's memory (a and b as Int32, w as Float32, `width` each, as both row
 * functions take them): their offsets, and `end`, the first byte after them.
 */
function columnsLayout(width: number): { colsA: number; colsB: number; colsW: number; end: number } {
  return { colsA: 0, colsB: 4 * width, colsW: 8 * width, end: 12 * width };
}

/** Writes the columns' taps where columnsLayout places them. */
function writeColumns(buffer: ArrayBuffer, cols: Taps, width: number): void {
  const { colsA, colsB, colsW } = columnsLayout(width);
  new Int32Array(buffer, colsA, width).set(cols.a.subarray(0, width));
  new Int32Array(buffer, colsB, width).set(cols.b.subarray(0, width));
  new Float32Array(buffer, colsW, width).set(cols.w.subarray(0, width));
}

/**
 * Samples every content row from `data` (RGB, `channels` 3, or grey, 1; `rowBytes` a source row)
 * into the tensor's planes.
 */
export function sampleRows(data: Buffer, channels: 1 | 3, rowBytes: number, t: SampleTarget): void {
  const s = pixelsModule();
  const width = t.width;
  // Layout: the columns' taps, the three output planes, the two source rows.
  const { colsA, colsB, colsW, end: out } = columnsLayout(width);
  const plane = 4 * width;
  const src0 = out + 3 * plane;
  const src1 = src0 + rowBytes;
  const buffer = room(s, src1 + rowBytes);
  const bytes = new Uint8Array(buffer);
  const source = plainBytes(data);
  writeColumns(buffer, t.cols, width);
  const planes = [0, 1, 2].map((c) => new Float32Array(buffer, out + c * plane, width));
  const row = channels === 3 ? s.rgb : s.grey;
  const { rows, tensor } = t;
  for (let y = 0; y < t.height; y++) {
    const r0 = rows.a[y];
    const r1 = rows.b[y];
    bytes.set(source.subarray(r0, r0 + rowBytes), src0);
    bytes.set(source.subarray(r1, r1 + rowBytes), src1);
    row(src0, src1, colsA, colsB, colsW, out, width, plane, rows.w[y], t.mul, t.add);
    const at = (y + t.top) * t.inputWidth + t.left;
    tensor.set(planes[0], t.planes[0] + at);
    tensor.set(planes[1], t.planes[1] + at);
    tensor.set(planes[2], t.planes[2] + at);
  }
}

// ---------------------------------------------------------------------------------------------
// The blend of compose (render.ts): the effect's line for a row (its verticalLine), then each
// covered pixel of the row's span blended into the image (its blendRgbRow and blendRow, which this
// replaced). Same arithmetic, same order: the line in 32-bit floats as its Float32Array kept it,
// each pixel truncated to a byte as a typed array's store does (values are within 0–255.5: no wrap).

/** compose's blend (render.ts), its rows' work done here. */
export interface BlendRows {
  /** The effect's pixels, `lineLength` bytes a row. */
  data: Buffer;
  lineLength: number;
  /** Effect row taps per output row (byte offsets of effect rows), column taps per output column (offsets in a line). */
  rows: Taps;
  cols: Taps;
  mask: { data: Uint8Array; from: Int32Array; to: Int32Array };
  /** The rectangle's size; the first output row's first pixel is at byte `(top × width + left) × stride` of `pixels`. */
  width: number;
  height: number;
  pixels: Buffer;
  imageWidth: number;
  stride: number;
  top: number;
  left: number;
  /** The effect's channels (as the image's), and how many of them are colours blended (alpha is left as it was). */
  channels: number;
  colours: number;
}

/** Blends the effect into `pixels` under the mask: RGB (with or without alpha), or any other number of colour channels. */
export function blendRows(r: BlendRows): void {
  const s = pixelsModule();
  const width = r.width;
  const { colsA, colsB, colsW, end: line } = columnsLayout(width);
  const mask = line + 4 * r.lineLength;
  const e0 = mask + width;
  const e1 = e0 + r.lineLength;
  const pix = e1 + r.lineLength;
  const buffer = room(s, pix + width * r.stride);
  const bytes = new Uint8Array(buffer);
  writeColumns(buffer, r.cols, width);
  const { rows, stride } = r;
  const data = plainBytes(r.data);
  const pixels = plainBytes(r.pixels);
  const m8 = r.mask.data;
  for (let y = 0; y < r.height; y++) {
    const from = r.mask.from[y];
    const to = r.mask.to[y];
    if (to <= from) continue;
    const first = r.cols.a[from];
    const last = r.cols.b[to - 1] + r.channels;
    const ra = rows.a[y];
    const rb = rows.b[y];
    bytes.set(data.subarray(ra + first, ra + last), e0);
    bytes.set(data.subarray(rb + first, rb + last), e1);
    s.vline(e0 - first, e1 - first, rows.w[y], first, last, line);
    const row = y * width;
    bytes.set(m8.subarray(row + from, row + to), mask);
    const base = ((y + r.top) * r.imageWidth + r.left) * stride;
    bytes.set(pixels.subarray(base + from * stride, base + to * stride), pix);
    if (r.colours === 3) s.blend(line, colsA, colsB, colsW, mask - from, from, to, pix - from * stride, stride);
    else s.blendn(line, colsA, colsB, colsW, mask - from, from, to, pix - from * stride, stride, r.colours);
    pixels.set(bytes.subarray(pix, pix + (to - from) * stride), base + from * stride);
  }
}
