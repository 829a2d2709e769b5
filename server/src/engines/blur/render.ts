import sharp from 'sharp';
import { bilinearTaps, clipBox, growBox } from './geometry';
import { canEmbedProfile, embedIccProfile } from './iccProfile';
import { withFormat, type DecodedImage, type EncodeOptions } from './image';
import { blendRows } from './sampler';
import type { BlurMethod, BlurShape, Box, Detection } from './types';

/** A rectangle of whole pixels. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The boxes to anonymise: grown around their centre, clipped to the image, empty ones dropped. */
export function regionsOf(detections: readonly Detection[], grow: number, width: number, height: number): Box[] {
  const boxes: Box[] = [];
  for (const d of detections) {
    const box = clipBox(growBox(d.box, grow), width, height);
    if (box) boxes.push(box);
  }
  return boxes;
}

/** The smallest whole-pixel rectangle holding every box, widened by `margin` and clipped. */
export function unionRect(boxes: readonly Box[], width: number, height: number, margin = 0): Rect | undefined {
  if (boxes.length === 0) return undefined;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const b of boxes) {
    x1 = Math.min(x1, b[0]);
    y1 = Math.min(y1, b[1]);
    x2 = Math.max(x2, b[2]);
    y2 = Math.max(y2, b[3]);
  }
  const left = Math.max(0, Math.floor(x1 - margin));
  const top = Math.max(0, Math.floor(y1 - margin));
  const right = Math.min(width, Math.ceil(x2 + margin));
  const bottom = Math.min(height, Math.ceil(y2 + margin));
  return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : undefined;
}

/** Share of the pixel span [p, p+1) inside [a, b]. */
function coverage(p: number, a: number, b: number): number {
  return Math.max(0, Math.min(p + 1, b) - Math.max(p, a));
}

/** A coverage mask over a rectangle and, per row, the span of columns that may be non-zero. */
export interface Mask {
  data: Uint8Array;
  /** Per row: first column that may be covered, and one past the last (equal when the row is empty). */
  from: Int32Array;
  to: Int32Array;
}

/**
 * One coverage mask (0–255) of every region over `rect`: each pixel holds the most any region
 * covers it, edges anti-aliased. Whole-pixel runs inside a region are filled at memset speed;
 * only the two edge pixels of each run are computed. There is one mask however many regions.
 */
export function rasterMask(boxes: readonly Box[], shape: BlurShape, rect: Rect): Mask {
  const mask = new Uint8Array(rect.width * rect.height);
  const from = new Int32Array(rect.height).fill(rect.width);
  const to = new Int32Array(rect.height);
  for (const [bx1, by1, bx2, by2] of boxes) {
    const x1 = bx1 - rect.left;
    const y1 = by1 - rect.top;
    const x2 = bx2 - rect.left;
    const y2 = by2 - rect.top;
    const rowStart = Math.max(0, Math.floor(y1));
    const rowEnd = Math.min(rect.height, Math.ceil(y2));
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    const a = (x2 - x1) / 2;
    const b = (y2 - y1) / 2;
    for (let y = rowStart; y < rowEnd; y++) {
      let left = x1;
      let right = x2;
      let rowCover = coverage(y, y1, y2);
      if (shape === 'ellipse') {
        // The ellipse's extent on this row, at the row's centre line.
        const t = (y + 0.5 - cy) / b;
        if (t * t >= 1) {
          // The row's centre is outside: only the tip, thin coverage.
          const edge = Math.abs(y + 0.5 - cy) - b;
          if (edge >= 0.5) continue;
          rowCover *= 0.5 - edge;
          left = cx - a * 0.1;
          right = cx + a * 0.1;
        } else {
          const half = a * Math.sqrt(1 - t * t);
          left = cx - half;
          right = cx + half;
        }
      }
      const colStart = Math.max(0, Math.floor(left));
      const colEnd = Math.min(rect.width, Math.ceil(right));
      if (colEnd <= colStart) continue;
      if (colStart < from[y]) from[y] = colStart;
      if (colEnd > to[y]) to[y] = colEnd;
      const offset = y * rect.width;
      // Pixels wholly inside the span share one value; only the two edge pixels are partial.
      const inner = Math.round(255 * rowCover);
      const innerStart = Math.max(colStart, Math.ceil(left));
      const innerEnd = Math.min(colEnd, Math.floor(right));
      if (inner === 255 && innerEnd > innerStart) {
        mask.fill(255, offset + innerStart, offset + innerEnd);
      } else {
        for (let x = innerStart; x < innerEnd; x++) if (inner > mask[offset + x]) mask[offset + x] = inner;
      }
      for (let x = colStart; x < colEnd; x++) {
        if (x === innerStart && innerEnd > innerStart) x = innerEnd;
        if (x >= colEnd) break;
        const value = Math.round(255 * rowCover * coverage(x, left, right));
        if (value > mask[offset + x]) mask[offset + x] = value;
      }
    }
  }
  return { data: mask, from, to };
}

/** How strong the effect is, from the largest region (a single pass must hide the largest face). */
export function effectStrength(boxes: readonly Box[]): { sigma: number; block: number } {
  let side = 0;
  for (const b of boxes) side = Math.max(side, Math.min(b[2] - b[0], b[3] - b[1]));
  return { sigma: Math.max(2, side / 5), block: Math.max(4, Math.round(side / 8)) };
}

/**
 * The effect over `area` of the image, with the image's channels: `width × height` pixels
 * stretched over the area (fewer than the area's when computed on a shrunk copy), sampled
 * bilinearly where the mask needs them.
 */
export interface Effect {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
  area: Rect;
}

/**
 * Gaussian blur of `rect` with context around it (3 sigma) so its edges are right. A strong blur
 * runs on a copy shrunk by sigma / 3 (blurring removes the detail a full-size copy would keep);
 * only the pixels under the mask are scaled back up, when blending.
 */
async function gaussian(image: DecodedImage, rect: Rect, sigma: number): Promise<Effect> {
  const { width, height, channels } = image;
  const area = unionRect([[rect.left, rect.top, rect.left + rect.width, rect.top + rect.height]], width, height, Math.ceil(sigma * 3))!;
  const factor = Math.max(1, Math.floor(sigma / 3));
  let pipeline = sharp(image.data, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } }).extract(area);
  if (factor > 1) {
    pipeline = pipeline.resize(Math.max(1, Math.round(area.width / factor)), Math.max(1, Math.round(area.height / factor)), { kernel: 'linear', fit: 'fill' });
  }
  const { data, info } = await pipeline.blur(Math.max(0.5, sigma / factor)).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels, area };
}

/** Mosaic of `block`-pixel cells aligned on the image grid, each the mean of its pixels. */
function pixelate(image: DecodedImage, rect: Rect, block: number): Effect {
  const { data, width, channels } = image;
  const out = Buffer.allocUnsafe(rect.width * rect.height * channels);
  const sums = new Float64Array(channels);
  const gx0 = Math.floor(rect.left / block) * block;
  const gy0 = Math.floor(rect.top / block) * block;
  for (let by = gy0; by < rect.top + rect.height; by += block) {
    const y0 = Math.max(by, rect.top);
    const y1 = Math.min(by + block, rect.top + rect.height, image.height);
    for (let bx = gx0; bx < rect.left + rect.width; bx += block) {
      const x0 = Math.max(bx, rect.left);
      const x1 = Math.min(bx + block, rect.left + rect.width, width);
      sums.fill(0);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const p = (y * width + x) * channels;
          for (let c = 0; c < channels; c++) sums[c] += data[p + c];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const q = ((y - rect.top) * rect.width + (x - rect.left)) * channels;
          for (let c = 0; c < channels; c++) out[q + c] = Math.round(sums[c] / n);
        }
      }
    }
  }
  return { data: out, width: rect.width, height: rect.height, channels, area: rect };
}

/** The effect for the regions over `rect`, with the image's channels. */
export async function computeEffect(image: DecodedImage, rect: Rect, method: BlurMethod, boxes: readonly Box[]): Promise<Effect> {
  const strength = effectStrength(boxes);
  if (method === 'gaussian') return gaussian(image, rect, strength.sigma);
  if (method === 'pixelate') return pixelate(image, rect, strength.block);
  return { data: Buffer.alloc(rect.width * rect.height * image.channels), width: rect.width, height: rect.height, channels: image.channels, area: rect };
}

/** Pixels to blend into: `rect` starts at (left, top) of a `width`-pixel-wide buffer; the first `colours` channels are blended. */
interface BlendTarget {
  pixels: Buffer;
  width: number;
  channels: number;
  colours: number;
  left: number;
  top: number;
}

function blendTarget(image: DecodedImage, rect: Rect): BlendTarget {
  return { pixels: image.data, width: image.width, channels: image.channels, colours: image.hasAlpha ? image.channels - 1 : image.channels, left: rect.left, top: rect.top };
}

/**
 * Writes the effect, sampled bilinearly at every pixel of `rect` under the mask (exact when the
 * effect has its area's size), into the target: blended into the image's pixels in place (alpha
 * left as it was), or as an RGBA overlay whose alpha is the mask.
 *
 * Separable: each output row first gets the vertical interpolation of its two effect rows (the
 * effect's width, a few hundred values), then each covered pixel only interpolates horizontally
 * in that line and blends. Rows and columns the mask leaves empty are skipped without being read.
 */
function compose(effect: Effect, rect: Rect, mask: Mask, target: { blend: BlendTarget } | { overlay: Buffer }): void {
  const { data, channels } = effect;
  const lineLength = effect.width * channels;
  const cols = bilinearTaps(rect.left, rect.width, effect.area.left, effect.area.width, effect.width, channels);
  const rows = bilinearTaps(rect.top, rect.height, effect.area.top, effect.area.height, effect.height, lineLength);
  if ('blend' in target) {
    // Blended into the image's pixels (the common case): the rows' work in WebAssembly (sampler.ts).
    const { pixels, channels: stride, colours, top, left, width } = target.blend;
    blendRows({ data, lineLength, rows, cols, mask, width: rect.width, height: rect.height, pixels, imageWidth: width, stride, top, left, channels, colours });
    return;
  }
  const line = new Float32Array(lineLength);
  const grey = channels <= 2;
  for (let y = 0; y < rect.height; y++) {
    const from = mask.from[y];
    const to = mask.to[y];
    if (to <= from) continue;
    // Only the effect columns this row's span samples.
    verticalLine(line, data, rows.a[y], rows.b[y], rows.w[y], cols.a[from], cols.b[to - 1] + channels);
    overlayRow(line, cols, mask.data, y * rect.width, from, to, target.overlay, grey);
  }
}

/*
 * compose's row work, each in a small function of its own: V8 optimises each as it gets hot,
 * and what TurboFan compiles (on a background thread: CPU, not wall time) is that row's code, not
 * every path of compose at once (compose's own loop was compiled on stack replacement and again
 * whole, then once more after a path first taken late: the largest compiles of a small job).
 */

/** The vertical interpolation of effect rows `ra` and `rb` (byte offsets, weight `wy` for rb), for values first to last − 1. */
function verticalLine(line: Float32Array, data: Buffer, ra: number, rb: number, wy: number, first: number, last: number): void {
  for (let i = first; i < last; i++) line[i] = data[ra + i] + (data[rb + i] - data[ra + i]) * wy;
}

type Taps = { a: Int32Array; b: Int32Array; w: Float32Array };

/** One row of an RGBA overlay: the effect where the mask covers, the mask as alpha. */
function overlayRow(line: Float32Array, cols: Taps, m8: Uint8Array, row: number, from: number, to: number, overlay: Buffer, grey: boolean): void {
  const ca = cols.a;
  const cb = cols.b;
  const cw = cols.w;
  for (let x = from; x < to; x++) {
    const m = m8[row + x];
    if (m === 0) continue;
    const a = ca[x];
    const b = cb[x];
    const w = cw[x];
    const p = (row + x) * 4;
    // + 0.5: typed arrays truncate.
    const r = line[a] + (line[b] - line[a]) * w + 0.5;
    overlay[p] = r;
    overlay[p + 1] = grey ? r : line[a + 1] + (line[b + 1] - line[a + 1]) * w + 0.5;
    overlay[p + 2] = grey ? r : line[a + 2] + (line[b + 2] - line[a + 2]) * w + 0.5;
    overlay[p + 3] = m;
  }
}

/** The effect's pixels over `rect` at full resolution (same channels as the image). */
export async function effectPixels(image: DecodedImage, rect: Rect, method: BlurMethod, boxes: readonly Box[]): Promise<Buffer> {
  const effect = await computeEffect(image, rect, method, boxes);
  // Blending at full coverage into a buffer of the rectangle's size writes the effect itself.
  const pixels = Buffer.alloc(rect.width * rect.height * image.channels);
  const full: Mask = { data: new Uint8Array(rect.width * rect.height).fill(255), from: new Int32Array(rect.height), to: new Int32Array(rect.height).fill(rect.width) };
  compose(effect, rect, full, {
    blend: { pixels, width: rect.width, channels: image.channels, colours: image.channels, left: 0, top: 0 },
  });
  return pixels;
}

export interface RenderOptions extends EncodeOptions {
  method: BlurMethod;
  shape: BlurShape;
  /** Box growth factor around the centre (1 = the detector's box). */
  grow: number;
}

/** Where the regions' pixels went: into `image.data`, or into an RGBA overlay of `rect` (alpha: the mask). */
export type Applied = { overlay?: { input: Buffer; rect: Rect } };

/**
 * The output keeps 16 bits, metadata, or an ICC profile this module cannot put into the encoded
 * file itself (canEmbedProfile): the regions go into an overlay composited onto the original file.
 */
function needsPipeline(image: DecodedImage, options: RenderOptions): boolean {
  return image.depth16 || options.keepMetadata || (image.profile !== undefined && !canEmbedProfile(options.format));
}

/**
 * Anonymises every region in one pass, without encoding: the effect is computed once over the
 * rectangle holding all regions and blended through a single mask of them all. Blended into
 * `image.data` in place, or drawn into an overlay when the output goes through a pipeline.
 */
export async function applyRegions(image: DecodedImage, detections: readonly Detection[], options: RenderOptions): Promise<Applied> {
  const boxes = regionsOf(detections, options.grow, image.width, image.height);
  const rect = unionRect(boxes, image.width, image.height);
  if (!rect) return {};
  // The effect runs in libvips (libuv's threads) while this thread draws the mask.
  const effecting = computeEffect(image, rect, options.method, boxes);
  const mask = rasterMask(boxes, options.shape, rect);
  const effect = await effecting;
  if (needsPipeline(image, options)) {
    const input = Buffer.alloc(rect.width * rect.height * 4);
    compose(effect, rect, mask, { overlay: input });
    return { overlay: { input, rect } };
  }
  compose(effect, rect, mask, { blend: blendTarget(image, rect) });
  return {};
}

/**
 * Anonymises every region of an image (applyRegions) and encodes it, so the cost does not grow
 * with the number of regions, only with the pixels they cover. `original` is the input file: when
 * the output must keep 16 bits, metadata, or a profile outside JPEG and PNG, the overlay is
 * composited onto it in a sharp pipeline; otherwise the decoded pixels are blended in place and
 * encoded directly, the profile (if any) put into the encoded file (faster: one decode, not two).
 * `image.data` may be modified.
 */
export async function renderBlurred(original: Buffer, image: DecodedImage, detections: readonly Detection[], options: RenderOptions, maxPixels: number): Promise<{ bytes: Buffer; renderMs: number; encodeMs: number }> {
  const started = performance.now();
  const viaPipeline = needsPipeline(image, options);
  const { overlay } = await applyRegions(image, detections, options);
  const rendered = performance.now();
  let pipeline: sharp.Sharp;
  if (viaPipeline) {
    pipeline = sharp(original, { limitInputPixels: maxPixels, pages: 1, page: 0, autoOrient: true });
    // Composited in 16 bits, the file's pixels outside the regions keep their precision.
    if (image.depth16) pipeline = pipeline.pipelineColourspace('rgb16');
    if (overlay) {
      pipeline = pipeline.composite([
        {
          input: overlay.input,
          raw: { width: overlay.rect.width, height: overlay.rect.height, channels: 4 },
          left: overlay.rect.left,
          top: overlay.rect.top,
          // `atop` keeps the image's own alpha: a transparent pixel stays transparent.
          blend: image.hasAlpha ? 'atop' : 'over',
        },
      ]);
      // Compositing adds an alpha channel: an image without one must not gain it.
      if (!image.hasAlpha) pipeline = pipeline.removeAlpha();
    }
    // A CMYK input is converted to sRGB: its CMYK profile must not travel with the RGB pixels.
    if (options.keepMetadata) pipeline = image.cmyk ? pipeline.keepExif().keepXmp() : pipeline.keepMetadata();
    else if (image.profile) pipeline = pipeline.keepIccProfile();
  } else {
    pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 } });
  }
  // The output in the file's own colour type: sharp writes raw grey pixels as sRGB, and composites
  // in sRGB (rgb16 for a 16-bit file, which only the pipeline takes).
  if (image.depth16) pipeline = pipeline.toColourspace(image.grey ? 'grey16' : 'rgb16');
  else if (image.grey) pipeline = pipeline.toColourspace('b-w');
  let bytes = await withFormat(pipeline, options).toBuffer();
  if (!viaPipeline && image.profile) bytes = embedIccProfile(bytes, options.format, image.profile);
  return { bytes, renderMs: rendered - started, encodeMs: performance.now() - rendered };
}
