import sharp from 'sharp';
import { clipBox, growBox } from './geometry';
import { withFormat, type DecodedImage, type EncodeOptions } from './image';
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

/**
 * One coverage mask (0–255) of every region over `rect`: each pixel holds the most any region
 * covers it, edges anti-aliased. Drawing costs the regions' area; there is one mask however many
 * regions there are.
 */
export function drawMask(boxes: readonly Box[], shape: BlurShape, rect: Rect): Uint8Array {
  const mask = new Uint8Array(rect.width * rect.height);
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
      const offset = y * rect.width;
      for (let x = colStart; x < colEnd; x++) {
        const value = Math.round(255 * rowCover * coverage(x, left, right));
        if (value > mask[offset + x]) mask[offset + x] = value;
      }
    }
  }
  return mask;
}

/** How strong the effect is, from the largest region (a single pass must hide the largest face). */
export function effectStrength(boxes: readonly Box[]): { sigma: number; block: number } {
  let side = 0;
  for (const b of boxes) side = Math.max(side, Math.min(b[2] - b[0], b[3] - b[1]));
  return { sigma: Math.max(2, side / 5), block: Math.max(4, Math.round(side / 8)) };
}

/** Above this sigma the blur runs on a shrunk copy: same look, a fraction of the cost. */
const DIRECT_SIGMA_MAX = 16;

/** The gaussian-blurred pixels of `rect` (blurred with context around it so edges are right). */
async function gaussian(image: DecodedImage, rect: Rect, sigma: number): Promise<Buffer> {
  const { width, height, channels } = image;
  const margin = Math.ceil(sigma * 3);
  const outer = unionRect([[rect.left, rect.top, rect.left + rect.width, rect.top + rect.height]], width, height, margin)!;
  const raw = { width, height, channels: channels as 1 | 2 | 3 | 4 };
  let pipeline = sharp(image.data, { raw }).extract(outer);
  if (sigma > DIRECT_SIGMA_MAX) {
    const factor = sigma / (DIRECT_SIGMA_MAX / 2);
    const small = await pipeline
      .resize(Math.max(1, Math.round(outer.width / factor)), Math.max(1, Math.round(outer.height / factor)), { kernel: 'linear', fit: 'fill' })
      .blur(DIRECT_SIGMA_MAX / 2)
      .raw()
      .toBuffer({ resolveWithObject: true });
    pipeline = sharp(small.data, { raw: { width: small.info.width, height: small.info.height, channels: small.info.channels } }).resize(outer.width, outer.height, {
      kernel: 'cubic',
      fit: 'fill',
    });
  } else {
    pipeline = pipeline.blur(sigma);
  }
  const blurred = await pipeline.raw().toBuffer();
  // Cut `rect` out of the blurred outer rectangle.
  const out = Buffer.allocUnsafe(rect.width * rect.height * channels);
  const dx = rect.left - outer.left;
  const dy = rect.top - outer.top;
  for (let y = 0; y < rect.height; y++) {
    const from = ((y + dy) * outer.width + dx) * channels;
    blurred.copy(out, y * rect.width * channels, from, from + rect.width * channels);
  }
  return out;
}

/** Mosaic of `block`-pixel cells aligned on the image grid, each the mean of its pixels. */
function pixelate(image: DecodedImage, rect: Rect, block: number): Buffer {
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
  return out;
}

/** The effect's pixels over `rect` (same channels as the image). */
export async function effectPixels(image: DecodedImage, rect: Rect, method: BlurMethod, boxes: readonly Box[]): Promise<Buffer> {
  const strength = effectStrength(boxes);
  if (method === 'gaussian') return gaussian(image, rect, strength.sigma);
  if (method === 'pixelate') return pixelate(image, rect, strength.block);
  return Buffer.alloc(rect.width * rect.height * image.channels);
}

export interface RenderOptions extends EncodeOptions {
  method: BlurMethod;
  shape: BlurShape;
  /** Box growth factor around the centre (1 = the detector's box). */
  grow: number;
}

/** Blends `effect` into the image's pixels through the mask, in place; alpha is left as it was. */
function blendInPlace(image: DecodedImage, rect: Rect, effect: Buffer, mask: Uint8Array): void {
  const { data, width, channels } = image;
  const colours = image.hasAlpha ? channels - 1 : channels;
  for (let y = 0; y < rect.height; y++) {
    const row = y * rect.width;
    for (let x = 0; x < rect.width; x++) {
      const m = mask[row + x];
      if (m === 0) continue;
      const p = ((y + rect.top) * width + x + rect.left) * channels;
      const q = (row + x) * channels;
      for (let c = 0; c < colours; c++) data[p + c] = (data[p + c] * (255 - m) + effect[q + c] * m + 127) / 255;
    }
  }
}

/** The effect as an RGBA overlay whose alpha is the mask, for compositing in a sharp pipeline. */
function overlayOf(image: DecodedImage, rect: Rect, effect: Buffer, mask: Uint8Array): Buffer {
  const { channels } = image;
  const grey = channels <= 2;
  const overlay = Buffer.allocUnsafe(rect.width * rect.height * 4);
  for (let i = 0; i < mask.length; i++) {
    const q = i * channels;
    const o = i * 4;
    overlay[o] = effect[q];
    overlay[o + 1] = grey ? effect[q] : effect[q + 1];
    overlay[o + 2] = grey ? effect[q] : effect[q + 2];
    overlay[o + 3] = mask[i];
  }
  return overlay;
}

/**
 * Anonymises every region of an image in one pass and encodes it: the effect is computed once
 * over the rectangle holding all regions and blended through a single mask, so the cost does not
 * grow with the number of regions. `original` is the input file: when the output must keep an ICC
 * profile, 16 bits or metadata, the overlay is composited onto it in a sharp pipeline; otherwise
 * the decoded pixels are blended in place and encoded directly (faster). `image.data` may be
 * modified.
 */
export async function renderBlurred(original: Buffer, image: DecodedImage, detections: readonly Detection[], options: RenderOptions, maxPixels: number): Promise<{ bytes: Buffer; renderMs: number; encodeMs: number }> {
  const started = performance.now();
  const boxes = regionsOf(detections, options.grow, image.width, image.height);
  const rect = unionRect(boxes, image.width, image.height);
  const viaPipeline = image.hasProfile || image.depth16 || options.keepMetadata;
  let overlay: { input: Buffer; rect: Rect } | undefined;
  if (rect) {
    const mask = drawMask(boxes, options.shape, rect);
    const effect = await effectPixels(image, rect, options.method, boxes);
    if (viaPipeline) overlay = { input: overlayOf(image, rect, effect, mask), rect };
    else blendInPlace(image, rect, effect, mask);
  }
  const rendered = performance.now();
  let pipeline: sharp.Sharp;
  if (viaPipeline) {
    pipeline = sharp(original, { limitInputPixels: maxPixels, pages: 1, page: 0, autoOrient: true });
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
    // The 8-bit overlay would otherwise bring the whole image down to 8 bits.
    if (image.depth16) pipeline = pipeline.toColourspace(image.channels <= 2 ? 'grey16' : 'rgb16');
    // A CMYK input is converted to sRGB: its CMYK profile must not travel with the RGB pixels.
    if (options.keepMetadata) pipeline = image.cmyk ? pipeline.keepExif().keepXmp() : pipeline.keepMetadata();
    else if (image.hasProfile) pipeline = pipeline.keepIccProfile();
  } else {
    pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 } });
  }
  const bytes = await withFormat(pipeline, options).toBuffer();
  return { bytes, renderMs: rendered - started, encodeMs: performance.now() - rendered };
}
