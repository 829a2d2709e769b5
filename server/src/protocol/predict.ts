/** Typed contract of predictions (issue #17): the CLI `--format json` object, the server request and the model card. */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** One skipped input row: its 1-based line in the CSV and why. */
export interface SkippedRow { line: number; reason: string }

/** scikit-learn-defined classification metrics (when the target is known). */
export interface PredictMetrics {
  accuracy: number;
  /** Per class name. */
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  macro: { precision: number; recall: number; f1: number };
  /** Binary: AUC of the positive class; multiclass: macro one-vs-rest; undefined when only one class is present. */
  rocAuc?: number;
  logLoss: number;
  /** confusion[i][j]: true class i predicted as class j, in `labels` order. */
  confusion: number[][];
  labels: string[];
  /** ROC curve of the positive class (binary only). */
  roc?: { fpr: number[]; tpr: number[] };
}

export interface Histogram { edges: number[]; reference: number[]; current: number[] }

export interface FeatureDrift {
  feature: string;
  method: 'ks' | 'wasserstein' | 'psi';
  /** KS p-value, normalised Wasserstein distance or PSI. */
  score: number;
  threshold: number;
  drift: boolean;
  histogram?: Histogram;
}

export interface PredictDrift {
  features: FeatureDrift[];
  drifted: number;
  share: number;
  datasetDrift: boolean;
}

/** The per-row series for charts, downsampled to at most `maxPoints` rows. */
export interface PredictSeries {
  date: string[];
  close?: number[];
  prediction: string[];
  /** probabilities[k][i]: probability of class k at point i. */
  probabilities: number[][];
  yTrue?: number[];
  /** Every n-th row was kept. */
  step: number;
}

/** The object `archipel predict --format json` prints (a contract: key names are fixed). */
export interface PredictResult {
  model: string;
  input: string;
  output: string;
  rows: { read: number; predicted: number; skipped: number };
  /** First 100. */
  skipped: SkippedRow[];
  classes: Record<string, number>;
  metrics?: PredictMetrics;
  drift?: PredictDrift;
  ms: { read: number; features: number; inference: number; write: number };
}

/** The server's answer: the CLI object plus what the dashboard draws. */
export interface PredictResponse extends PredictResult {
  series?: PredictSeries;
  probabilityHistogram?: { edges: number[]; counts: number[] };
}

export interface PredictParams {
  /**
   * The .onnx model. Optional in the editor's request: then the model (and the recipe, threshold,
   * reference and output folder) come from the `predict` section of the input's nearest
   * archipel.yaml; without one the request fails with a message saying so.
   */
  model?: string;
  input: string;
  recipe?: 'ohlcv-22';
  out?: string;
  threshold?: number;
  reference?: string;
  force?: boolean;
  workDoneToken?: string | number;
}

/** Runs a prediction job (work-done progress, cancellable; refused in an untrusted workspace: a model is executed). */
export const PredictRequest = new RequestType<PredictParams, PredictResponse, void>('archipel/predict');
/** Sent after every predict run so an open dashboard follows a re-run live. */
export const PredictionResultNotification = new NotificationType<PredictResponse>('archipel/predictionResult');

/** A model card: from ONNX metadata (`feature_names`, `labels`) or a sidecar `<model>.model.yaml`. */
export interface ModelCard {
  features: string[];
  /** Class names by index; empty for a regressor. */
  labels: string[];
  threshold?: number;
  recipe?: 'ohlcv-22';
  version?: string;
  description?: string;
  source: 'onnx-metadata' | 'sidecar';
}
