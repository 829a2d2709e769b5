/**
 * The blur family on the job layer (engines/core): one image per item — read, detect (keeping the
 * user's sidecar edits), blur, write under a free name — with the detector lanes as the job's
 * session. `runJob` runs it on this thread (the CLI, tests); the blur process (worker.ts) serves it
 * to the language server.
 */
import { frBlur } from '../../blur/fr';
import sharp from 'sharp';
import path from 'node:path';
import { errorMessage, runItems, type JobFamily } from '../core/job';
import { writeOutput } from '../core/output';
import { ModelError } from '../onnx/runtime';
import { thresholdsOf, type BlurConfig } from './config';
import { Preprocessor, recycleInput, type PrepareSource } from './detector';
import { defaultLaneCount, LanePool } from './lanes';
import { decodeImage, ImageError, inspectImage } from './image';
import { previewOf } from './preview';
import { renderBlurred } from './render';
import { failedResult, type FileResult } from './result';
import { mergeEdits, readSidecar, roundDetection, writeSidecar, type SidecarRegion } from './sidecar';
import type { Detection, StageTimes } from './types';
import { t } from '../../l10n/t';
import { READ_BOUNDS, readFileBounded } from '../../disk/readText';

/** One image to process, with the configuration that applies to it. */
export interface JobItem {
  file: string;
  /** The folder the file was found under (outputs in a configured folder keep the path below it). */
  root?: string;
  config: BlurConfig;
}

/** What every image of a blur job shares (plain data: it goes to the blur process). */
export interface BlurJobOptions {
  mode: 'detect' | 'blur';
  /** `model`: run the detectors (keeping the user's edits from an existing sidecar); `sidecar`: the sidecar's regions exactly (Apply). */
  source: 'model' | 'sidecar';
  /** Write `<name>.detections.json` (the editor's Detect does; `archipel blur --detect-only` only reports). */
  writeSidecar: boolean;
  /** Keep the sidecar in this folder instead of beside the image (the preview panel: the editor's storage). */
  sidecarFolder?: string;
  /**
   * Images in flight at once: decoding and encoding of some overlap the inference of others
   * (default: lanes + 2; with one lane, 3 took 10–15 % less time per image than 2 on 2 cores, 4 no
   * less than 3; memory grows with it: each holds its decoded pixels).
   */
  concurrency?: number;
  /** Inference lanes: 1 runs the models on this thread, more run them on that many worker threads (default: defaultLaneCount()). */
  lanes?: number;
  /** onnxruntime intra-op threads per model, in each lane. */
  threads?: number;
  /** Small previews of the original and the result (the panel), at most this many pixels on the longer side. */
  previewSize?: number;
}

export interface JobOptions extends BlurJobOptions {
  isCancelled?: () => boolean;
  onResult?: (result: FileResult, done: number, total: number) => void;
}

export type { FileResult };

export interface JobResult {
  results: FileResult[];
  cancelled: boolean;
}

const NO_TIME: StageTimes = { decode: 0, detect: 0, render: 0, encode: 0 };

function message(error: unknown): string {
  if (error instanceof ImageError || error instanceof ModelError) return error.message;
  if ((error as NodeJS.ErrnoException)?.code === 'EISDIR') return 'is a folder, not an image';
  return errorMessage(error);
}

async function detectAll(source: PrepareSource, config: BlurConfig, pool: LanePool, models: FileResult['models']): Promise<Detection[]> {
  if (config.models.length === 0) {
    throw new ModelError(
      'no detection model configured: set blur.faceModel (and blur.plateModel) in archipel.yaml, the setting archipel.blur.faceModel or --face-model, or run "Archipel: Download Default Face Model"',
    );
  }
  const found: Detection[] = [];
  for (const spec of config.models) {
    // The model is described once per job (LanePool); the preprocessing runs here.
    const input = await new Preprocessor(await pool.describe(spec)).prepare(source);
    const { detections, layout } = await pool.infer({ spec, input, thresholds: thresholdsOf(config), iou: config.iou, classes: config.classes }).finally(() => recycleInput(input));
    models.push({ file: path.basename(spec.path), layout });
    found.push(...detections);
  }
  return found;
}

async function processOne(item: JobItem, options: BlurJobOptions, pool: LanePool): Promise<FileResult> {
  const started = performance.now();
  const stages: StageTimes = { ...NO_TIME };
  const result: FileResult = { file: item.file, regions: [], ms: 0, stages, notes: [], models: [] };
  // The models start loading (once per job) while this image is read and decoded: once its
  // decoding is under way on libuv's threads (a model's first load takes the runtime's library on
  // this thread), or now when nothing is decoded.
  const loadModels = () => {
    if (options.source === 'model') for (const spec of item.config.models) void pool.describe(spec);
  };
  const needPixels = options.mode === 'blur' || options.previewSize !== undefined;
  if (!needPixels) loadModels();
  try {
    const bytes = await readFileBounded(item.file, READ_BOUNDS.model);
    const header = await inspectImage(bytes, { maxPixels: item.config.maxPixels });
    result.width = header.width;
    result.height = header.height;
    result.notes.push(...header.notes);
    const previous = await readSidecar(item.file, options.sidecarFolder);
    if (options.source === 'sidecar') {
      if (!previous) throw new Error(t('no {0}.detections.json next to the image: run Detect first', path.parse(item.file).name));
      if (previous.width !== header.width || previous.height !== header.height) {
        throw new Error(t('{0}.detections.json is for a {1}×{2} image, this one is {3}×{4}: run Detect again', path.parse(item.file).name, previous.width, previous.height, header.width, header.height));
      }
    }
    // When the pixels are decoded anyway (to blur, for previews), the detector samples its small
    // input from them: one decode per image. Only a detection alone decodes the file itself, at
    // the reduced scale JPEG and WebP allow.
    const timed = <T>(work: Promise<T>, stage: 'decode' | 'detect'): Promise<T> => {
      const begun = performance.now();
      const done = work.then((value) => {
        stages[stage] = performance.now() - begun;
        return value;
      });
      done.catch(() => undefined);
      return done;
    };
    const decoding = needPixels ? timed(decodeImage(bytes, header, { maxPixels: item.config.maxPixels }), 'decode') : undefined;
    if (needPixels) loadModels();
    const detectSource = decoding ?? Promise.resolve({ bytes, header, maxPixels: item.config.maxPixels });
    const detecting = options.source === 'model' ? timed(detectSource.then((source) => detectAll(source, item.config, pool, result.models)), 'detect') : undefined;
    // A broken file fails both: report the decoder's error.
    const image = decoding ? await decoding : undefined;
    let regions: SidecarRegion[];
    let removed: Detection[] = previous?.removed ?? [];
    if (detecting) {
      ({ regions, removed } = mergeEdits(await detecting, previous));
    } else {
      regions = previous!.regions;
      result.models.push(...previous!.models);
    }
    result.regions = regions.map(roundDetection);
    if (removed.length > 0) result.removed = removed.map(roundDetection);
    result.thresholds = item.config.thresholds;

    if (options.writeSidecar) {
      result.sidecar = await writeSidecar(item.file, {
        archipel: 'detections/1',
        image: path.basename(item.file),
        width: header.width,
        height: header.height,
        models: result.models,
        regions,
        removed,
      }, options.sidecarFolder);
    }
    const original = image && options.previewSize ? await previewOf(image, options.previewSize) : undefined;
    if (image && (options.mode === 'blur' || original)) {
      const config = item.config;
      // Rendering blends into image.data: the original's preview is taken first.
      const rendered = await renderBlurred(bytes, image, regions, { ...config, format: image.format }, config.maxPixels);
      stages.render = rendered.renderMs;
      stages.encode = rendered.encodeMs;
      if (options.mode === 'blur') {
        const writeStarted = performance.now();
        result.output = await writeOutput(item.file, rendered.bytes, { suffix: config.suffix, folder: config.outputFolder, root: item.root });
        stages.encode += performance.now() - writeStarted;
      }
      if (original && options.previewSize) result.preview = { ...original, result: (await previewOf(rendered.bytes, options.previewSize, image.hasAlpha)).original };
    }
  } catch (error) {
    result.error = message(error);
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

/**
 * Blur as a job family. Up to `concurrency` images are in flight so that their decoding and
 * encoding (sharp, on libuv's threads) overlap the inference of others (onnxruntime, in the lanes:
 * this thread, or worker threads when there are several). The lanes are the job's session: opened
 * before the first image, closed when the batch ends.
 */
export const blurFamily: JobFamily<JobItem, FileResult, BlurJobOptions, LanePool> = {
  name: 'blur',
  french: frBlur,
  label: (item) => path.basename(item.file),
  failed: (item, error) => failedResult(item.file, error),
  describeError: message,
  open(items, options) {
    // libvips' operation cache would keep every decoded image buffer alive: each image is seen once.
    sharp.cache(false);
    // A lane per image at most: a worker thread costs its start-up and its own copy of each model.
    const needsModels = options.source === 'model' && items.length > 0;
    const lanes = needsModels ? Math.max(1, Math.min(options.lanes ?? defaultLaneCount(), items.length)) : 1;
    return LanePool.create(lanes, options.threads ?? 1);
  },
  close: (pool) => pool.close(),
  concurrency: (_items, options, pool) => options.concurrency ?? pool.size + 2,
  run: (item, { options, session }) => processOne(item, options, session),
};

/** Processes a batch on this thread: every file gets a result (an error on one never stops the others), in input order. */
export async function runJob(items: readonly JobItem[], options: JobOptions): Promise<JobResult> {
  const { isCancelled, onResult, ...shared } = options;
  return runItems(blurFamily, items, shared, { isCancelled, onResult: onResult && ((result, progress) => onResult(result, progress.done, progress.total)) });
}
