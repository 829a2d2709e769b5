/**
 * What a pipeline's stages measured, for the pipeline panel: each `metrics` file (JSON/YAML) as a
 * table across the last runs, each `plots` file (CSV/TSV/JSON/YAML) as numeric series.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { PipelineStatusParams } from './pipeline';

/** A metrics file's values across the last runs, oldest first: `rows[k].values[i]` is the value in `runs[i]`. */
export interface MetricsTable {
  /** Relative to the pipeline file's folder, as `dvc.lock` writes it. */
  file: string;
  /** When each run's values were first seen (ISO 8601). */
  runs: string[];
  /** One row per dotted key (`scores.f1`); null where a run had no such key. */
  rows: { key: string; values: (number | string | null)[] }[];
  /** Why the file cannot be shown (missing, not JSON/YAML, too large). */
  error?: string;
}

/** A plots file as numeric series over its x (the row index, `step`, unless a `step` column exists). */
export interface PlotSeries {
  file: string;
  x: string;
  xs: number[];
  series: { name: string; values: (number | null)[] }[];
  error?: string;
}

export interface PipelineOutputs {
  metrics: MetricsTable[];
  plots: PlotSeries[];
}

/** The metrics and plots the pipeline's stages declare, read now; a metrics file whose values changed since the last answer gets a new column. */
export const PipelineOutputsRequest = new RequestType<PipelineStatusParams, PipelineOutputs, void>('archipel/pipelineOutputs');
