/**
 * Tabular models in an inference lane (engines/onnx/lanes.ts): onnxruntime-node's `run` holds the
 * thread that calls it, so a prediction run hands its batches to a worker thread of their own
 * (dist/server/predictLane.js) and keeps reading and writing the CSV meanwhile.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ModelKind } from '../onnx/lanes';
import { loadTabularModel } from './model';
import type { TabularModel } from '../../predict/tabular';

export interface TabularSpec { file: string; sidecar?: Record<string, unknown> }
/** What a lane says of a loaded model: the TabularModel's plain data. */
export type TabularDescription = Omit<TabularModel, 'run' | 'dispose'>;
export interface TabularRequest { file: string; features: Float32Array; rows: number }
/** The outputs (rows × outputs, row-major) and the time the model took. */
export interface TabularResult { outputs: Float32Array; ms: number }

export const tabularModels: ModelKind<TabularSpec, TabularDescription, TabularRequest, TabularResult> = {
  key: (spec) => spec.file,
  async load(spec, threads) {
    const model = await loadTabularModel(spec.file, { threads, ...(spec.sidecar ? { sidecar: spec.sidecar } : {}) });
    const description = Object.fromEntries(Object.entries(model).filter(([key]) => key !== 'run' && key !== 'dispose')) as Omit<typeof model, 'run' | 'dispose'>;
    return {
      description,
      async run(request) {
        const t0 = performance.now();
        const outputs = await model.run(request.features, request.rows);
        return { outputs, ms: performance.now() - t0 };
      },
      release: () => model.dispose(),
    };
  },
  specOf: (request) => ({ file: request.file }),
  transfer: (request) => [request.features.buffer as ArrayBuffer],
};

/** The lane script: next to the bundle (dist/server/predictLane.js) or compiled by tsc (out/); undefined when neither is there. */
export function predictLaneScript(): string | undefined {
  return [path.join(__dirname, 'predictLane.js'), path.join(__dirname, 'laneWorker.js')].find((file) => existsSync(file));
}
