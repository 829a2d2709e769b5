import type { Box, Detection, LayoutName } from './types';
import { unknownLayout, ultraFaceOutputs, yoloLayout, type OutputShape } from './layouts';

/** One output of an inference, as onnxruntime returns it. */
export interface OutputTensor {
  name: string;
  dims: readonly number[];
  data: Float32Array;
}

export interface DecodeOptions {
  /** Class names by class index. */
  names: readonly string[];
  /** Minimum score per class name. */
  threshold: (className: string) => number;
  /** Model input size (YuNet's grid and UltraFace's normalised boxes depend on it). */
  inputWidth: number;
  inputHeight: number;
}

/** Detections in model-input pixels, before NMS. */
export type Decoder = (outputs: readonly OutputTensor[], options: DecodeOptions) => Detection[];

function className(names: readonly string[], index: number): string {
  return names[index] ?? `class ${index}`;
}

function minThreshold(options: DecodeOptions): number {
  let min = Infinity;
  for (const name of options.names) min = Math.min(min, options.threshold(name));
  return Number.isFinite(min) ? min : 0;
}

function shapes(outputs: readonly OutputTensor[]): OutputShape[] {
  return outputs.map((o) => ({ name: o.name, dims: o.dims }));
}

/** The highest of `count` class scores found at `start`, `start + step`, …, and its class index. */
function bestClass(data: Float32Array, start: number, step: number, count: number): { best: number; cls: number } {
  let best = -Infinity;
  let cls = 0;
  for (let c = 0, at = start; c < count; c++, at += step) {
    if (data[at] > best) {
      best = data[at];
      cls = c;
    }
  }
  return { best, cls };
}

function cxcywh(cx: number, cy: number, w: number, h: number): Box {
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

/** Ultralytics YOLOv8/YOLO11: [1, 4+nc, N], channel-major; best class per anchor, no objectness. */
export const decodeYoloV8: Decoder = (outputs, options) => {
  const [out] = outputs;
  const [, channels, n] = out.dims;
  const nc = channels - 4;
  const data = out.data;
  const floor = minThreshold(options);
  const found: Detection[] = [];
  for (let i = 0; i < n; i++) {
    const { best, cls } = bestClass(data, 4 * n + i, n, nc);
    if (best < floor) continue;
    const name = className(options.names, cls);
    if (best < options.threshold(name)) continue;
    found.push({ class: name, score: best, box: cxcywh(data[i], data[n + i], data[2 * n + i], data[3 * n + i]) });
  }
  return found;
};

/** Ultralytics end-to-end exports: [1, M, 6] rows of x1, y1, x2, y2, score, class; NMS already done. */
export const decodeYoloEnd2End: Decoder = (outputs, options) => {
  const [out] = outputs;
  const [, m, six] = out.dims;
  const data = out.data;
  const found: Detection[] = [];
  for (let i = 0; i < m; i++) {
    const row = i * six;
    const score = data[row + 4];
    const name = className(options.names, Math.round(data[row + 5]));
    if (!(score >= options.threshold(name))) continue;
    found.push({ class: name, score, box: [data[row], data[row + 1], data[row + 2], data[row + 3]] });
  }
  return found;
};

/** YOLOv5: [1, N, 5+nc] rows of cx, cy, w, h, objectness, class scores; score = objectness × class. */
export const decodeYoloV5: Decoder = (outputs, options) => {
  const [out] = outputs;
  const [, n, width] = out.dims;
  const nc = width - 5;
  const data = out.data;
  const floor = minThreshold(options);
  const found: Detection[] = [];
  for (let i = 0; i < n; i++) {
    const row = i * width;
    const objectness = data[row + 4];
    if (objectness < floor) continue;
    const { best, cls } = bestClass(data, row + 5, 1, nc);
    const score = objectness * best;
    const name = className(options.names, cls);
    if (score < options.threshold(name)) continue;
    found.push({ class: name, score, box: cxcywh(data[row], data[row + 1], data[row + 2], data[row + 3]) });
  }
  return found;
};

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * YuNet (libfacedetection): per stride s ∈ {8, 16, 32}, one row per grid cell (row-major over the
 * input / s grid): cls and obj scores (already sigmoid), bbox = (dx, dy, log w, log h) in stride
 * units from the cell's corner. Score = √(cls × obj), OpenCV's FaceDetectorYN convention.
 */
export const decodeYuNet: Decoder = (outputs, options) => {
  const byName = new Map(outputs.map((o) => [o.name, o]));
  const name = className(options.names, 0);
  const threshold = options.threshold(name);
  const found: Detection[] = [];
  for (const stride of [8, 16, 32]) {
    const cls = byName.get(`cls_${stride}`);
    const obj = byName.get(`obj_${stride}`);
    const bbox = byName.get(`bbox_${stride}`);
    if (!cls || !obj || !bbox) throw unknownLayout(shapes(outputs), `stride ${stride} outputs missing`);
    const cols = Math.ceil(options.inputWidth / stride);
    const rows = Math.ceil(options.inputHeight / stride);
    const cells = Math.min(cls.data.length, obj.data.length, bbox.data.length / 4, cols * rows);
    for (let i = 0; i < cells; i++) {
      const score = Math.sqrt(clamp01(cls.data[i]) * clamp01(obj.data[i]));
      if (score < threshold) continue;
      const r = Math.floor(i / cols);
      const c = i - r * cols;
      const b = i * 4;
      const cx = (c + bbox.data[b]) * stride;
      const cy = (r + bbox.data[b + 1]) * stride;
      const w = Math.exp(bbox.data[b + 2]) * stride;
      const h = Math.exp(bbox.data[b + 3]) * stride;
      found.push({ class: name, score, box: cxcywh(cx, cy, w, h) });
    }
  }
  return found;
};

/** UltraFace: scores [1, N, 2] (softmaxed, column 1 = face), boxes [1, N, 4] (x1, y1, x2, y2 in 0–1). */
export const decodeUltraFace: Decoder = (outputs, options) => {
  const names = ultraFaceOutputs(shapes(outputs));
  if (!names) throw unknownLayout(shapes(outputs));
  const scores = outputs.find((o) => o.name === names.scores)!.data;
  const boxes = outputs.find((o) => o.name === names.boxes)!.data;
  const name = className(options.names, 0);
  const threshold = options.threshold(name);
  const { inputWidth: w, inputHeight: h } = options;
  const found: Detection[] = [];
  for (const i of facesOver(scores, Math.min(scores.length / 2, boxes.length / 4), threshold)) {
    const b = i * 4;
    found.push({ class: name, score: scores[i * 2 + 1], box: [boxes[b] * w, boxes[b + 1] * h, boxes[b + 2] * w, boxes[b + 3] * h] });
  }
  return found;
};

/**
 * The anchors among the first `n` whose face score (column 1 of [N, 2]) is at least `threshold`.
 * The scan over every anchor (4,420 for RFB-320) is this small function alone: what V8 compiles
 * when it gets hot is the loop, not the detections' objects around it.
 */
function facesOver(scores: Float32Array, n: number, threshold: number): number[] {
  const hits: number[] = [];
  for (let i = 0; i < n; i++) if (!(scores[i * 2 + 1] < threshold)) hits.push(i);
  return hits;
}

/** The decoder of a layout; for single-output YOLO, the variant is checked against the actual dims. */
export function decode(layout: LayoutName | 'yolo', outputs: readonly OutputTensor[], options: DecodeOptions): { layout: LayoutName; detections: Detection[] } {
  let resolved = layout;
  if (layout === 'yolo' || layout === 'yolov8' || layout === 'yolov5' || layout === 'yolo-end2end') {
    const dims = outputs[0]?.dims;
    if (!dims || dims.length !== 3) throw unknownLayout(shapes(outputs));
    const actual = yoloLayout(dims[1], dims[2]);
    if (layout === 'yolo') {
      if (!actual) throw unknownLayout(shapes(outputs));
      resolved = actual;
    } else if (!fitsYolo(layout, dims[1], dims[2])) {
      throw unknownLayout(shapes(outputs), `configured as "${layout}", which does not fit`);
    }
  }
  switch (resolved as LayoutName) {
    case 'yolov8':
      return { layout: 'yolov8', detections: decodeYoloV8(outputs, options) };
    case 'yolo-end2end':
      return { layout: 'yolo-end2end', detections: decodeYoloEnd2End(outputs, options) };
    case 'yolov5':
      return { layout: 'yolov5', detections: decodeYoloV5(outputs, options) };
    case 'yunet':
      return { layout: 'yunet', detections: decodeYuNet(outputs, options) };
    case 'ultraface':
      return { layout: 'ultraface', detections: decodeUltraFace(outputs, options) };
  }
  throw unknownLayout(shapes(outputs));
}

/** A configured YOLO variant only needs enough channels where it expects them. */
function fitsYolo(layout: LayoutName, a: number, b: number): boolean {
  if (layout === 'yolov8') return a >= 5 && b >= 1;
  if (layout === 'yolov5') return b >= 6 && a >= 1;
  return b === 6;
}
