/**
 * The inference half of a detector: the onnxruntime session, its layout and class names, and the
 * decoding of its outputs into image boxes. No imaging library here: an inference lane (a worker
 * thread, see lanes.ts) loads only this and onnxruntime.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { decode, type OutputTensor } from './decoders';
import { clipBox, toImage, type Geometry } from './geometry';
import { checkLayout, detectLayout, LayoutError, type OutputShape } from './layouts';
import { nmsPerClass } from './nms';
import { parseImgsz, parseNames, readOnnxHeader, withoutInitializerInputs } from './onnxMeta';
import { cacheDirectory, derivedCachePath, removeEarlierVersions } from '../../startup/codeCache';
import type { Detection, LayoutName } from './types';

let onnxruntime: typeof Ort | undefined;
/**
 * onnxruntime-node, loaded on first use. Every thread that runs models loads it, and the thread
 * that starts worker lanes must hold it too (LanePool.create): Node unloads an addon when the last
 * thread holding it exits, and onnxruntime's binding cannot be loaded again after that ("Module
 * did not self-register").
 */
export function ort(): typeof Ort {
  return (onnxruntime ??= require('onnxruntime-node') as typeof Ort);
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

/** A model that cannot be used, with a message naming the file and the reason. */
export class ModelError extends Error {}

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

/** What happened to onnxruntime's optimised copy of a model (see ModelSession.load). */
export type OptimisedCache = 'hit' | 'created' | 'rejected' | 'off';

/**
 * Where onnxruntime's optimised copy of a model is kept: keyed by the model file and by what the
 * optimisation depends on — onnxruntime's version and the CPU (the full optimisation level lays
 * tensors out for the CPU's vector width). Undefined when caches are off (ARCHIPEL_CACHE_DIR=off)
 * or the model file cannot be read.
 */
function optimisedPath(file: string, cacheDir: string | null): string | undefined {
  if (!cacheDir) return undefined;
  try {
    return derivedCachePath(file, cacheDir, 'onnx', '.onnx', [ort().env.versions.common, process.arch, os.cpus()[0]?.model ?? '']);
  } catch {
    return undefined;
  }
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
    const options: Ort.InferenceSession.SessionOptions = { logSeverityLevel: 3, intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' };
    // onnxruntime optimises a model's graph on every load (~10 ms for UltraFace, more for bigger
    // models): the optimised graph it can save is kept in the cache folder and loaded as it is the
    // next time. Any trouble with the cache — unwritable folder, a copy it cannot load — falls
    // back to optimising the original: the cache makes loading faster, never different.
    const cacheFile = optimisedPath(spec.path, cacheDir);
    let session: Ort.InferenceSession | undefined;
    let cache: OptimisedCache = cacheFile ? 'created' : 'off';
    if (cacheFile && (await fs.stat(cacheFile).then((s) => s.isFile(), () => false))) {
      try {
        session = await ort().InferenceSession.create(cacheFile, { ...options, graphOptimizationLevel: 'disabled' });
        cache = 'hit';
      } catch {
        cache = 'rejected';
        await fs.rm(cacheFile, { force: true }).catch(() => undefined);
      }
    }
    // Rewritten once, if optimising at all (a cached copy is already without them).
    let model: Uint8Array | undefined;
    const optimise = async (save: string | undefined) =>
      ort().InferenceSession.create((model ??= withoutInitializerInputs(bytes, header.irVersion)), { ...options, graphOptimizationLevel: 'all', ...(save ? { optimizedModelFilePath: save } : {}) });
    if (!session && cacheFile) {
      // Lanes load a model at the same time, each on its own thread: each writes its own file.
      const temporary = `${cacheFile}.${randomBytes(6).toString('hex')}.tmp.onnx`;
      try {
        await fs.mkdir(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        session = await optimise(temporary);
        await fs.rename(temporary, cacheFile);
        removeEarlierVersions(cacheFile);
      } catch {
        await fs.rm(temporary, { force: true }).catch(() => undefined);
        cache = 'off';
      }
    }
    if (!session) {
      try {
        session = await optimise(undefined);
      } catch (error) {
        throw new ModelError(`${label}: onnxruntime cannot load it: ${(error as Error).message.split('\n')[0]}`);
      }
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
    const fixedInput = staticInput(input.shape) ?? spec.inputSize ?? (single ? undefined : parseImgsz(header.metadata.imgsz));
    return new ModelSession({ spec, layout, names, fixedInput }, session, input.name, cache);
  }

  /** Runs the model and returns the detections in image pixels, after per-class NMS. */
  async run(input: ModelInput, options: DetectOptions): Promise<InferResult> {
    const label = `model ${path.basename(this.description.spec.path)}`;
    const results = await this.session.run({ [this.inputName]: new (ort().Tensor)('float32', input.data, input.dims) });
    const outputs: OutputTensor[] = this.session.outputNames.map((name) => {
      const t = results[name];
      if (t.type !== 'float32') throw new ModelError(`${label}: output ${name} is ${t.type}, expected float32`);
      return { name, dims: t.dims, data: t.data as Float32Array };
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
