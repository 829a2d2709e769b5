/** Typed contract of the prediction service's editor side (issue #21): which models the workspace configures to serve. */
import { RequestType } from 'vscode-languageserver-protocol';

/** A model archipel.yaml's `predict` section names, as `Archipel: Serve Model` offers it. */
export interface ServeTarget {
  /** Absolute path of the .onnx file. */
  model: string;
  recipe?: 'ohlcv-22';
  /** The probability of the second class from which it answers that class (the section's threshold). */
  threshold?: number;
  /** The archipel.yaml that names it (absolute path; empty when none does). */
  config: string;
}

export interface ServeTargetsParams {
  /** One model file (absolute path): its own configuration only (the nearest archipel.yaml that names it). */
  model?: string;
}

export interface ServeTargetsResult {
  targets: ServeTarget[];
  /** archipel.yaml files whose predict section does not check, with the reason. */
  problems: string[];
}

/** The models the workspace's archipel.yaml files name in their `predict` section (nothing is run). */
export const ServeTargetsRequest = new RequestType<ServeTargetsParams, ServeTargetsResult, void>('archipel/serveTargets');
