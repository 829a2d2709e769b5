/**
 * The inference half of a detector: the onnxruntime session, its layout and class names, and the
 * decoding of its outputs into image boxes. No imaging library here: an inference lane (a worker
 * thread, see lanes.ts) loads only this and onnxruntime.
 */
import path from 'node:path';
import { decode, type OutputTensor } from './decoders';
import { clipBox, toImage, type Geometry } from './geometry';
import { checkLayout, detectLayout, LayoutError, type OutputShape } from './layouts';
import { nmsPerClass } from './nms';
import { parseImgsz, parseNames } from '../onnx/meta';
import { ModelError, modelLabel, openSession, ort, type OptimisedCache } from '../onnx/runtime';
import { cacheDirectory } from '../../disk/cacheFolder';
import type * as Ort from 'onnxruntime-node';
import type { Detection, LayoutName } from './types';
import { t } from '../../l10n/t';

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

/** What preprocessing needs to know of a loaded model (plain data: it crosses threads). */
export interface ModelDescription {
  spec: ModelSpec;
  layout: LayoutName | 'yolo';
  names: string[];
  /** The input size when the model (or its configuration, or its metadata) fixes it. */
  fixedInput: { width: number; height: number } | undefined;
}

/** A model input ready to run (plain data: the tensor's buffer can be transferred to a lane). */
export interface ModelInput {
  /** NCHW float tensor of `dims`. */
  data: Float32Array;
  dims: [1, 3, number, number];
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

export interface InferResult {
  detections: Detection[];
  layout: LayoutName;
}

/** The key a model is loaded once under (per job, per lane). */
export function specKey(spec: ModelSpec): string {
  return JSON.stringify([spec.path, spec.layout, spec.inputSize, spec.names, spec.role]);
}

function staticInput(shape: readonly (number | string)[]): { width: number; height: number } | undefined {
  const [, , h, w] = shape;
  return typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0 ? { width: w, height: h } : undefined;
}

/** One loaded ONNX detector: `run` runs the model (on the calling thread) and maps its boxes back to image pixels after per-class NMS. */
export class ModelSession {
  private constructor(
    readonly description: ModelDescription,
    private readonly session: Ort.InferenceSession,
    private readonly inputName: string,
    /** Whether onnxruntime's optimised copy of the model came from the cache folder. */
    readonly cache: OptimisedCache,
  ) {}

  /**
   * Loads a model. `cacheDir` keeps onnxruntime's optimised copy of it (null: none); `cache` on the
   * session says whether that copy was used.
   */
  static async load(spec: ModelSpec, threads = 1, cacheDir: string | null = cacheDirectory() ?? null): Promise<ModelSession> {
    const label = modelLabel(spec.path);
    // One small input at a time: no memory pattern (see SessionTuning).
    const { session, header, cache } = await openSession(spec.path, threads, cacheDir, undefined, { enableMemPattern: false });
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
      throw new ModelError(t('{0}: expected one image input [1, 3, H, W], found {1}', label, session.inputMetadata.map((m) => `${m.name} [${m.isTensor ? m.shape.join(', ') : t('not a tensor')}]`).join(', ')));
    }
    const single = layout === 'yunet' || layout === 'ultraface';
    const names = spec.names ?? (single ? [spec.role] : parseNames(header.metadata.names)) ?? [spec.role];
    const fixedInput = staticInput(input.shape) ?? spec.inputSize ?? (single ? undefined : parseImgsz(header.metadata.imgsz));
    return new ModelSession({ spec, layout, names, fixedInput }, session, input.name, cache);
  }

  /** Runs the model and returns the detections in image pixels, after per-class NMS. */
  async run(input: ModelInput, options: DetectOptions): Promise<InferResult> {
    const label = t('model {0}', path.basename(this.description.spec.path));
    const results = await this.session.run({ [this.inputName]: new (ort().Tensor)('float32', input.data, input.dims) });
    const outputs: OutputTensor[] = this.session.outputNames.map((name) => {
      const tensor = results[name];
      if (tensor.type !== 'float32') throw new ModelError(t('{0}: output {1} is {2}, expected float32', label, name, tensor.type));
      return { name, dims: tensor.dims, data: tensor.data as Float32Array };
    });
    const g = input.geometry;
    let decoded;
    try {
      decoded = decode(this.description.layout, outputs, { names: this.description.names, threshold: options.threshold, inputWidth: g.inputWidth, inputHeight: g.inputHeight });
    } catch (error) {
      if (error instanceof LayoutError) throw new ModelError(`${label}: ${error.message}`);
      throw error;
    }
    const wanted = options.classes ? new Set(options.classes) : undefined;
    const mapped: Detection[] = [];
    for (const d of decoded.detections) {
      if (wanted && !wanted.has(d.class)) continue;
      const box = clipBox(toImage(g, d.box), input.imageWidth, input.imageHeight);
      if (box) mapped.push({ class: d.class, score: d.score, box });
    }
    return { detections: nmsPerClass(mapped, options.iou), layout: decoded.layout };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
