import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { decode, type OutputTensor } from './decoders';
import { bilinearTaps, letterbox, padToMultiple, stretch, toImage, clipBox, type Geometry } from './geometry';
import { ImageError, type DecodedImage, type ImageHeader } from './image';
import { checkLayout, detectLayout, LayoutError, type OutputShape } from './layouts';
import { nmsPerClass } from './nms';
import { parseImgsz, parseNames, readOnnxHeader } from './onnxMeta';
import type { Detection, LayoutName } from './types';

/** Bilinear sample of one channel: rows at r0 and r1, columns at a and b (byte offsets), weights w across and wy down. */
function lerp2(data: Buffer, r0: number, r1: number, a: number, b: number, w: number, wy: number): number {
  const top = data[r0 + a] + (data[r0 + b] - data[r0 + a]) * w;
  const bottom = data[r1 + a] + (data[r1 + b] - data[r1 + a]) * w;
  return top + (bottom - top) * wy;
}

/** A model as the configuration describes it. */
export interface ModelSpec {
  /** Absolute path of the .onnx file. */
  path: string;
  /** Which slot it fills; names the single class of a model without `names` metadata. */
  role: 'face' | 'plate';
  /** Forces a layout instead of detecting it from the outputs. */
  layout?: LayoutName;
  /** Model input size for dynamic inputs (YuNet: the longer side). */
  inputSize?: { width: number; height: number };
  /** Class names by index, overriding the model's metadata. */
  names?: string[];
}

/** Decoded pixels, or the file's bytes with its checked header. */
export type PrepareSource = DecodedImage | { bytes: Buffer; header: ImageHeader; maxPixels: number };

/** A model that cannot be used, with a message naming the file and the reason. */
export class ModelError extends Error {}

/** A tensor ready for the model and how to map its boxes back onto the image. */
export interface Prepared {
  tensor: ort.Tensor;
  geometry: Geometry;
  imageWidth: number;
  imageHeight: number;
}

export interface DetectOptions {
  threshold: (className: string) => number;
  iou: number;
  /** Keep only these classes (all when undefined). */
  classes?: readonly string[];
}

type Pixels = 'rgb01' | 'bgr255' | 'rgb-ultraface';

function staticInput(shape: readonly (number | string)[]): { width: number; height: number } | undefined {
  const [, , h, w] = shape;
  return typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0 ? { width: w, height: h } : undefined;
}

/**
 * One ONNX detector: its session, layout, class names and preprocessing. `prepare` resizes with
 * sharp (off the JavaScript thread); `infer` runs the model (onnxruntime-node runs it on the
 * calling thread) and decodes, maps back to image pixels and applies per-class NMS.
 */
export class Detector {
  private constructor(
    readonly spec: ModelSpec,
    private readonly session: ort.InferenceSession,
    readonly layout: LayoutName | 'yolo',
    readonly names: string[],
    private readonly inputName: string,
    private readonly fixedInput: { width: number; height: number } | undefined,
  ) {}

  static async load(spec: ModelSpec, threads = 1): Promise<Detector> {
    const label = `model ${path.basename(spec.path)}`;
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(spec.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ModelError(`${label}: ${code === 'ENOENT' ? `file not found: ${spec.path}` : `cannot read ${spec.path}: ${(error as Error).message}`}`);
    }
    let header;
    try {
      header = readOnnxHeader(bytes);
    } catch (error) {
      throw new ModelError(`${label}: ${(error as Error).message}`);
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        logSeverityLevel: 3,
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new ModelError(`${label}: onnxruntime cannot load it: ${(error as Error).message.split('\n')[0]}`);
    }
    const outputs: OutputShape[] = session.outputMetadata.map((m) => ({ name: m.name, dims: m.isTensor ? m.shape : [] }));
    let layout: LayoutName | 'yolo';
    try {
      if (spec.layout) {
        checkLayout(spec.layout, outputs);
        layout = spec.layout;
      } else {
        layout = detectLayout(outputs);
      }
    } catch (error) {
      await session.release().catch(() => undefined);
      if (error instanceof LayoutError) throw new ModelError(`${label}: ${error.message}`);
      throw error;
    }
    const input = session.inputMetadata[0];
    if (!input || !input.isTensor || input.shape.length !== 4) {
      await session.release().catch(() => undefined);
      throw new ModelError(`${label}: expected one image input [1, 3, H, W], found ${session.inputMetadata.map((m) => `${m.name} [${m.isTensor ? m.shape.join(', ') : 'not a tensor'}]`).join(', ')}`);
    }
    const single = layout === 'yunet' || layout === 'ultraface';
    const names = spec.names ?? (single ? [spec.role] : parseNames(header.metadata.names)) ?? [spec.role];
    const fixed = staticInput(input.shape) ?? spec.inputSize ?? (single ? undefined : parseImgsz(header.metadata.imgsz));
    return new Detector(spec, session, layout, names, input.name, fixed);
  }

  private pixels(): Pixels {
    return this.layout === 'yunet' ? 'bgr255' : this.layout === 'ultraface' ? 'rgb-ultraface' : 'rgb01';
  }

  geometryFor(width: number, height: number): Geometry {
    switch (this.layout) {
      case 'yunet':
        return this.fixedInput && this.spec.inputSize === undefined
          ? letterbox(width, height, this.fixedInput.width, this.fixedInput.height)
          : padToMultiple(width, height, this.spec.inputSize ? Math.max(this.spec.inputSize.width, this.spec.inputSize.height) : 640, 32);
      case 'ultraface': {
        const size = this.fixedInput ?? { width: 320, height: 240 };
        return stretch(width, height, size.width, size.height);
      }
      default: {
        const size = this.fixedInput ?? { width: 640, height: 640 };
        return letterbox(width, height, size.width, size.height);
      }
    }
  }

  /**
   * Resizes and pads the image as the model was trained, into an NCHW float tensor: from decoded
   * pixels (prepareDecoded), or from the file's bytes (`header` known) when the image is not
   * decoded for anything else (detection only): then the decoder only decodes what the small
   * input needs (JPEG and WebP shrink on load).
   */
  async prepare(source: PrepareSource): Promise<Prepared> {
    if (!('bytes' in source)) return this.prepareDecoded(source);
    const { width, height, hasAlpha } = source.header;
    const g = this.geometryFor(width, height);
    const mode = this.pixels();
    const pad = mode === 'rgb01' ? 114 : 0;
    const background = { r: pad, g: pad, b: pad };
    let pipeline = sharp(source.bytes, { limitInputPixels: source.maxPixels, pages: 1, page: 0, autoOrient: true, failOn: 'error' });
    if (hasAlpha) pipeline = pipeline.flatten({ background });
    pipeline = pipeline.toColourspace('srgb');
    let resized: { data: Buffer; info: sharp.OutputInfo };
    try {
      resized = await pipeline
      .resize(g.contentWidth, g.contentHeight, { fit: 'fill', kernel: 'linear' })
      .extend({
        top: g.top,
        left: g.left,
        bottom: g.inputHeight - g.contentHeight - g.top,
        right: g.inputWidth - g.contentWidth - g.left,
        background,
      })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw new ImageError(`corrupt or truncated ${source.header.format.toUpperCase()} file: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { data, info } = resized;
    if (info.width !== g.inputWidth || info.height !== g.inputHeight || info.channels !== 3) {
      throw new Error(`preprocessing produced ${info.width}×${info.height}×${info.channels}, expected ${g.inputWidth}×${g.inputHeight}×3`);
    }
    const plane = g.inputWidth * g.inputHeight;
    const tensor = new Float32Array(plane * 3);
    if (mode === 'rgb01') {
      for (let i = 0, p = 0; i < plane; i++, p += 3) {
        tensor[i] = data[p] / 255;
        tensor[plane + i] = data[p + 1] / 255;
        tensor[2 * plane + i] = data[p + 2] / 255;
      }
    } else if (mode === 'bgr255') {
      for (let i = 0, p = 0; i < plane; i++, p += 3) {
        tensor[i] = data[p + 2];
        tensor[plane + i] = data[p + 1];
        tensor[2 * plane + i] = data[p];
      }
    } else {
      for (let i = 0, p = 0; i < plane; i++, p += 3) {
        tensor[i] = (data[p] - 127) / 128;
        tensor[plane + i] = (data[p + 1] - 127) / 128;
        tensor[2 * plane + i] = (data[p + 2] - 127) / 128;
      }
    }
    return { tensor: new ort.Tensor('float32', tensor, [1, 3, g.inputHeight, g.inputWidth]), geometry: g, imageWidth: width, imageHeight: height };
  }

  /**
   * The tensor straight from decoded pixels, without another pass through libvips: each input
   * pixel is the bilinear sample of the image at its centre (OpenCV's INTER_LINEAR, the resize
   * these models are trained and usually run with), alpha flattened onto the pad colour, grey
   * expanded to three channels. Costs the model input's size, not the image's.
   */
  prepareDecoded(image: DecodedImage): Prepared {
    const { data, width, height, channels } = image;
    const g = this.geometryFor(width, height);
    const mode = this.pixels();
    const pad = mode === 'rgb01' ? 114 : 0;
    const plane = g.inputWidth * g.inputHeight;
    const tensor = new Float32Array(plane * 3);
    // value → tensor value, and which plane each of R, G, B goes to.
    const mul = mode === 'rgb01' ? 1 / 255 : mode === 'bgr255' ? 1 : 1 / 128;
    const add = mode === 'rgb-ultraface' ? -127 / 128 : 0;
    const planes = mode === 'bgr255' ? [2 * plane, plane, 0] : [0, plane, 2 * plane];
    const padded = pad * mul + add;
    if (padded !== 0) tensor.fill(padded);
    const colour = channels >= 3 ? 3 : 1;
    const alpha = image.hasAlpha ? channels - 1 : -1;
    // Per input column and row: the two source samples (as byte offsets) and the second one's weight.
    const cols = bilinearTaps(0, g.contentWidth, 0, g.contentWidth, width, channels);
    const rows = bilinearTaps(0, g.contentHeight, 0, g.contentHeight, height, width * channels);
    const sample = new Float32Array(4);
    for (let y = 0; y < g.contentHeight; y++) {
      const r0 = rows.a[y];
      const r1 = rows.b[y];
      const wy = rows.w[y];
      const out = (y + g.top) * g.inputWidth + g.left;
      if (channels === 3) {
        // The common case, unrolled: RGB without alpha.
        const p0 = planes[0] + out;
        const p1 = planes[1] + out;
        const p2 = planes[2] + out;
        for (let x = 0; x < g.contentWidth; x++) {
          const a = cols.a[x];
          const b = cols.b[x];
          const w = cols.w[x];
          const r = lerp2(data, r0, r1, a, b, w, wy);
          const gr = lerp2(data, r0 + 1, r1 + 1, a, b, w, wy);
          const bl = lerp2(data, r0 + 2, r1 + 2, a, b, w, wy);
          tensor[p0 + x] = r * mul + add;
          tensor[p1 + x] = gr * mul + add;
          tensor[p2 + x] = bl * mul + add;
        }
        continue;
      }
      for (let x = 0; x < g.contentWidth; x++) {
        const a = cols.a[x];
        const b = cols.b[x];
        const w = cols.w[x];
        for (let c = 0; c < channels; c++) sample[c] = lerp2(data, r0 + c, r1 + c, a, b, w, wy);
        const opacity = alpha < 0 ? 1 : sample[alpha] / 255;
        for (let c = 0; c < 3; c++) {
          const value = sample[colour === 3 ? c : 0] * opacity + pad * (1 - opacity);
          tensor[planes[c] + out + x] = value * mul + add;
        }
      }
    }
    return { tensor: new ort.Tensor('float32', tensor, [1, 3, g.inputHeight, g.inputWidth]), geometry: g, imageWidth: width, imageHeight: height };
  }

  /** Runs the model and returns the detections in image pixels, after per-class NMS. */
  async infer(prepared: Prepared, options: DetectOptions): Promise<{ detections: Detection[]; layout: LayoutName }> {
    const results = await this.session.run({ [this.inputName]: prepared.tensor });
    const outputs: OutputTensor[] = this.session.outputNames.map((name) => {
      const t = results[name];
      if (t.type !== 'float32') throw new ModelError(`model ${path.basename(this.spec.path)}: output ${name} is ${t.type}, expected float32`);
      return { name, dims: t.dims, data: t.data as Float32Array };
    });
    const g = prepared.geometry;
    let decoded;
    try {
      decoded = decode(this.layout, outputs, { names: this.names, threshold: options.threshold, inputWidth: g.inputWidth, inputHeight: g.inputHeight });
    } catch (error) {
      if (error instanceof LayoutError) throw new ModelError(`model ${path.basename(this.spec.path)}: ${error.message}`);
      throw error;
    }
    const wanted = options.classes ? new Set(options.classes) : undefined;
    const mapped: Detection[] = [];
    for (const d of decoded.detections) {
      if (wanted && !wanted.has(d.class)) continue;
      const box = clipBox(toImage(g, d.box), prepared.imageWidth, prepared.imageHeight);
      if (box) mapped.push({ class: d.class, score: d.score, box });
    }
    return { detections: nmsPerClass(mapped, options.iou), layout: decoded.layout };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
