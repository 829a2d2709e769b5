/**
 * Blur's detectors on the inference lanes of engines/onnx: the model kind (load a ModelSession,
 * run an inference and decode its boxes) and the lane classes bound to it and to blur's lane script
 * (dist/server/blurLane.js, laneWorker.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as onnx from '../onnx/lanes';
import { ModelSession, specKey, type InferResult, type ModelDescription, type ModelInput, type ModelSpec } from './model';
import { thresholdOf, type Thresholds } from './types';

export { defaultLaneCount } from '../onnx/lanes';

/** One inference to run: the model, its input and how to filter the detections. */
export interface InferRequest {
  spec: ModelSpec;
  input: ModelInput;
  thresholds: Thresholds;
  iou: number;
  classes?: readonly string[];
}

/** Detectors as lanes load and run them. */
export const detectorModels: onnx.ModelKind<ModelSpec, ModelDescription, InferRequest, InferResult> = {
  key: specKey,
  async load(spec, threads) {
    const session = await ModelSession.load(spec, threads);
    return {
      description: session.description,
      run: (request) => session.run(request.input, { threshold: thresholdOf(request.thresholds), iou: request.iou, classes: request.classes }),
      release: () => session.release(),
    };
  },
  specOf: (request) => request.spec,
  transfer: (request) => {
    const buffer = request.input.data.buffer;
    return buffer instanceof ArrayBuffer ? [buffer] : [];
  },
};

export type Lane = onnx.Lane<ModelSpec, ModelDescription, InferRequest, InferResult>;

/** The lane worker script: next to the bundle (dist/server/blurLane.js) or compiled by tsc (out/). */
export function laneScriptPath(): string {
  const candidates = [path.join(__dirname, 'blurLane.js'), path.join(__dirname, 'laneWorker.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the blur inference lane script is missing (looked for ${candidates.join(', ')})`);
  return found;
}

/** Detectors on the calling thread. */
export class ThreadLane extends onnx.ThreadLane<ModelSpec, ModelDescription, InferRequest, InferResult> {
  constructor(threads = 1) {
    super(detectorModels, threads);
  }
}

/** Detectors on a worker thread of their own. */
export class WorkerLane extends onnx.WorkerLane<ModelSpec, ModelDescription, InferRequest, InferResult> {
  constructor(threads = 1, script: string = laneScriptPath()) {
    super(detectorModels, threads, script);
  }
}

/** Detector lanes as one. */
export class LanePool extends onnx.LanePool<ModelSpec, ModelDescription, InferRequest, InferResult> {
  constructor(lanes: readonly Lane[]) {
    super(detectorModels, lanes);
  }

  /** `count` lanes: this thread and `count − 1` worker threads. */
  static create(count: number, threads = 1): LanePool {
    return new LanePool(onnx.openLanes(detectorModels, count, threads, laneScriptPath));
  }
}
