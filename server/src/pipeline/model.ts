/**
 * The pipeline model (issue #18): a `dvc.yaml` (or `*.pipeline.yaml`, same format) as DVC 3 reads
 * it, after `vars`, `foreach`/`do` and `matrix` are expanded and `${…}` interpolated. Pure types:
 * the parser (pipeline/parse.ts) produces them, the language server's rules read them, the runner
 * (engines/pipeline) plans, hashes, runs and locks from them, the exports translate them.
 *
 * Paths are as written in the file, relative to the stage's `wdir` (itself relative to the folder
 * of the pipeline file); `resolved*` fields are the same paths relative to the pipeline file's
 * folder, normalised with '/' — the form `dvc.lock` and the DAG compare.
 */

/** Offsets into the pipeline file's text, for diagnostics and navigation: [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface StageOut {
  /** As written (after interpolation). */
  path: string;
  /** Relative to the pipeline file's folder, '/' separators, no trailing '/'. */
  resolved: string;
  /** DVC's `cache` (default true): false for an out tracked by git instead. */
  cache: boolean;
  /** DVC's `persist` (default false): not removed before the stage runs. */
  persist: boolean;
  desc?: string;
  /** Which list it came from: metrics and plots are outs too. */
  kind: 'outs' | 'metrics' | 'plots';
  /** The scheme of a URL out (`s3://…`): not a workspace path; `resolved` is the URL as written. */
  url?: string;
  span: Span;
}

export interface StageDep {
  path: string;
  resolved: string;
  /** The scheme of a URL dep (`https`, `s3`, `remote`): `resolved` is the URL as written (external.ts). */
  url?: string;
  span: Span;
}

/** One params file a stage reads: `keys` undefined means every key (`{file: }`). */
export interface StageParams {
  /** As written, default `params.yaml`. */
  file: string;
  resolved: string;
  /** Dotted keys (`train.lr`); undefined: the whole file. */
  keys?: string[];
  /** Span of each key as written, same order as `keys` (for missing-key diagnostics). */
  keySpans?: Span[];
  span: Span;
}

/** A stage after expansion: `train`, `build@us`, `build@0`, `fit@lr1-small`. */
export interface Stage {
  /** The expanded name as DVC prints it and as `dvc.lock` keys it. */
  name: string;
  /** The stage's key in the file (the `foreach`/`matrix` stage's name for an expanded one). */
  definition: string;
  /** Commands run in order through the shell; the first failure stops the stage. */
  cmd: string[];
  /** Whether `cmd` was written as a list (dvc.lock keeps the form it was written in: a string, or a list). */
  cmdList?: boolean;
  /** Relative to the pipeline file's folder ('.' by default). */
  wdir: string;
  deps: StageDep[];
  outs: StageOut[];
  params: StageParams[];
  frozen: boolean;
  alwaysChanged: boolean;
  desc?: string;
  meta?: unknown;
  /** The span of the stage's key in the file (name range for diagnostics, code lenses, definition). */
  span: Span;
  /** The span of its `cmd` value. */
  cmdSpan?: Span;
}

/** A problem found while reading or expanding the file (the language server turns them into diagnostics). */
export interface PipelineProblem {
  /** A stable rule id (`pipeline-schema`, `pipeline-cycle`, `pipeline-interpolation`, …). */
  code: string;
  message: string;
  span: Span;
  severity: 'error' | 'warning' | 'information';
  /** The text that would replace `span` when one candidate is the likely intent ("did you mean"): a quick fix. */
  suggestion?: string;
}

export interface Pipeline {
  /** The pipeline file, absolute path. */
  file: string;
  /** Its folder, absolute path: stage paths resolve from here. */
  root: string;
  /** Stages in file order (expanded ones in expansion order). */
  stages: Stage[];
  /** Edges: `[producer, consumer]` stage names, a consumer depending on an out of the producer (or on a folder containing it / inside it). */
  edges: [string, string][];
  problems: PipelineProblem[];
}
