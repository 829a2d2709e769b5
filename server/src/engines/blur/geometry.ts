import type { Box } from './types';

/**
 * A resize-and-pad from image pixels to model-input pixels and its exact inverse. Each axis keeps
 * its own scale (the rounded resized size over the original size), so mapping a box forward and
 * back returns it unchanged even for non-square images and non-square model inputs.
 */
export interface Geometry {
  /** Model input size. */
  inputWidth: number;
  inputHeight: number;
  /** Size of the image content inside the input, and where it starts. */
  contentWidth: number;
  contentHeight: number;
  left: number;
  top: number;
  /** contentWidth / imageWidth and contentHeight / imageHeight. */
  scaleX: number;
  scaleY: number;
}

/**
 * Ultralytics' letterbox: keep the aspect ratio, fit inside `inputWidth × inputHeight`, centre,
 * pad the rest (with grey 114 when drawn). The single gain is min(inputH / imageH, inputW /
 * imageW): the widely copied bug computes both ratios from the height.
 */
export function letterbox(imageWidth: number, imageHeight: number, inputWidth: number, inputHeight: number): Geometry {
  const gain = Math.min(inputHeight / imageHeight, inputWidth / imageWidth);
  const contentWidth = Math.max(1, Math.min(inputWidth, Math.round(imageWidth * gain)));
  const contentHeight = Math.max(1, Math.min(inputHeight, Math.round(imageHeight * gain)));
  // Ultralytics rounds (pad / 2 ∓ 0.1) so that odd padding puts the extra pixel bottom/right.
  const left = Math.round((inputWidth - contentWidth) / 2 - 0.1);
  const top = Math.round((inputHeight - contentHeight) / 2 - 0.1);
  return {
    inputWidth,
    inputHeight,
    contentWidth,
    contentHeight,
    left: Math.max(0, left),
    top: Math.max(0, top),
    scaleX: contentWidth / imageWidth,
    scaleY: contentHeight / imageHeight,
  };
}

/** Stretch to the input size, aspect ratio not kept (UltraFace's training preprocessing). */
export function stretch(imageWidth: number, imageHeight: number, inputWidth: number, inputHeight: number): Geometry {
  return {
    inputWidth,
    inputHeight,
    contentWidth: inputWidth,
    contentHeight: inputHeight,
    left: 0,
    top: 0,
    scaleX: inputWidth / imageWidth,
    scaleY: inputHeight / imageHeight,
  };
}

/**
 * Scale so the longer side is at most `maxSide` (never up), then pad bottom/right to a multiple
 * of `multiple` (YuNet's dynamic input wants multiples of 32).
 */
export function padToMultiple(imageWidth: number, imageHeight: number, maxSide: number, multiple: number): Geometry {
  const gain = Math.min(1, maxSide / Math.max(imageWidth, imageHeight));
  const contentWidth = Math.max(1, Math.round(imageWidth * gain));
  const contentHeight = Math.max(1, Math.round(imageHeight * gain));
  return {
    inputWidth: Math.ceil(contentWidth / multiple) * multiple,
    inputHeight: Math.ceil(contentHeight / multiple) * multiple,
    contentWidth,
    contentHeight,
    left: 0,
    top: 0,
    scaleX: contentWidth / imageWidth,
    scaleY: contentHeight / imageHeight,
  };
}

/** Image pixels → model-input pixels. */
export function toInput(g: Geometry, [x1, y1, x2, y2]: Box): Box {
  return [x1 * g.scaleX + g.left, y1 * g.scaleY + g.top, x2 * g.scaleX + g.left, y2 * g.scaleY + g.top];
}

/** Model-input pixels → image pixels: the exact inverse of `toInput`. */
export function toImage(g: Geometry, [x1, y1, x2, y2]: Box): Box {
  return [(x1 - g.left) / g.scaleX, (y1 - g.top) / g.scaleY, (x2 - g.left) / g.scaleX, (y2 - g.top) / g.scaleY];
}

/** Clips a box to the image; undefined when nothing of it is left. */
export function clipBox([x1, y1, x2, y2]: Box, width: number, height: number): Box | undefined {
  const box: Box = [Math.max(0, Math.min(width, x1)), Math.max(0, Math.min(height, y1)), Math.max(0, Math.min(width, x2)), Math.max(0, Math.min(height, y2))];
  return box[2] > box[0] && box[3] > box[1] ? box : undefined;
}

/** Grows a box around its centre by `factor` (1.2 = 20 % wider and taller): faces' edges, hair, ears. */
export function growBox([x1, y1, x2, y2]: Box, factor: number): Box {
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const hw = ((x2 - x1) * factor) / 2;
  const hh = ((y2 - y1) * factor) / 2;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

export function area([x1, y1, x2, y2]: Box): number {
  return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (area(a) + area(b) - inter);
}

/**
 * Bilinear resampling taps along one axis (OpenCV's INTER_LINEAR: samples at pixel centres, edges
 * clamped). For each of `length` output pixels starting at `start`, over an output area that
 * begins at `areaStart` and spans `areaLength` pixels for `samples` source pixels: the two source
 * samples on each side (as offsets: index × `stride`) and the weight of the second.
 */
export function bilinearTaps(start: number, length: number, areaStart: number, areaLength: number, samples: number, stride: number): { a: Int32Array; b: Int32Array; w: Float32Array } {
  const a = new Int32Array(length);
  const b = new Int32Array(length);
  const w = new Float32Array(length);
  const scale = samples / areaLength;
  for (let k = 0; k < length; k++) {
    const u = (start + k + 0.5 - areaStart) * scale - 0.5;
    const base = Math.floor(u);
    a[k] = Math.min(samples - 1, Math.max(0, base)) * stride;
    b[k] = Math.min(samples - 1, Math.max(0, base + 1)) * stride;
    w[k] = u <= 0 || u >= samples - 1 ? 0 : u - base;
  }
  return { a, b, w };
}
