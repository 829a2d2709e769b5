/**
 * The contract of a loaded tabular model (issue #17), shared by the predict job (engines/predict),
 * the CLI and the prediction service (`archipel serve`, issue #21): one loader, one way to run a
 * batch of rows, the model card and the file's identity. The implementation lives in
 * engines/predict/model.ts (`loadTabularModel`).
 */
import type { ModelCard } from '../protocol/predict';

export interface TabularModel {
  /** Absolute path of the .onnx file. */
  readonly file: string;
  /** sha256 of the model file's bytes (hex). */
  readonly sha256: string;
  readonly card: ModelCard;
  readonly kind: 'classifier' | 'regressor';
  /** Number of classes (classifier) or 1 (regressor). */
  readonly outputs: number;
  /** The ONNX input's name and its shape as declared (`[-1, 22]` …; -1 for a symbolic dimension). */
  readonly input: { name: string; shape: number[] };
  /** When it was loaded (ISO 8601). */
  readonly loadedAt: string;
  /**
   * Runs `rows` rows of `card.features.length` float features each, row-major. Answers
   * `rows × outputs` numbers, row-major: class probabilities in `card.labels` order (classifier)
   * or the predicted value (regressor). Never the runtime's label output.
   */
  run(features: Float32Array, rows: number): Promise<Float32Array>;
  /** Releases the onnxruntime session. */
  dispose(): Promise<void>;
}

export interface LoadOptions {
  /** onnxruntime intra-op threads (default 1). */
  threads?: number;
  /** The sidecar `<model>.model.yaml`'s parsed content, when there is one (wins over ONNX metadata). */
  sidecar?: Record<string, unknown>;
}
