/**
 * The Experiments panel's requests (issue #40): the table (the rows `archipel exp show --format json`
 * gives, the same shape), the metric histories of selected rows for the plots, the rows of the
 * experiments running now (read from their metrics files as they are written), the actions, and where
 * a params key is in its file. The wire types are declared here (the client and the pages see the
 * server through this file only); the engine's `ExperimentRow` is checked against them where the
 * requests are registered.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';

export type ExperimentScalar = string | number | boolean | null;

/** `running` and `queued`: the experiments of the queue (the panel's live rows). */
export type ExperimentRowKind = 'workspace' | 'baseline' | 'experiment' | 'mlflow' | 'running' | 'queued';

/**
 * One experiment as `archipel exp show --format json` prints it and the panel receives it (the one
 * definition: experiments/table.ts builds and filters these rows).
 */
export interface ExperimentRowWire {
  kind: ExperimentRowKind;
  /** A commit (baseline, experiment), `workspace`, or an MLflow run id. */
  id: string;
  /** The experiment's name, the baseline's branch or short commit, the MLflow run's name. */
  name: string;
  /** An experiment's baseline commit; an MLflow run's commit (its `mlflow.source.git.commit` tag). */
  baseline?: string;
  /** ISO 8601. */
  timestamp?: string;
  /** Milliseconds, when known (MLflow's start and end). */
  duration?: number;
  status?: string;
  /** Params by file (an MLflow run's under `MLflow`), dotted keys. */
  params: Record<string, Record<string, ExperimentScalar>>;
  /** Metrics by file (an MLflow run's latest values under `MLflow`), dotted keys. */
  metrics: Record<string, Record<string, ExperimentScalar>>;
  /** Why metrics are missing, when they are (`not in the cache: \`dvc pull\``). */
  note?: string;
  /** An MLflow run's experiment name. */
  experiment?: string;
}

/** A folder of the workspace (a file URI): the repository it is in is the one shown. */
export interface ExperimentsParams {
  folder: string;
}

export interface ExperimentsTable {
  /** The repository's root (a file system path). */
  root: string;
  rows: ExperimentRowWire[];
  /** Where the MLflow runs came from (a folder or a database), when there is a local store. */
  mlflowStore?: string;
  /**
   * What the folder lacks for experiments (Git, a repository, a first commit), with the sentence
   * the panel shows; absent when experiments can run. The rows are the MLflow runs alone then.
   */
  git?: ExperimentsGitMissing;
}

export interface ExperimentsGitMissing {
  /** `repository` and `commit`: the `init` action makes them. */
  missing: 'git' | 'repository' | 'commit';
  message: string;
}

/** One metric's history of one row: `values[i]` at `steps[i]`. */
export interface MetricHistory {
  /** The row's id (a commit, `workspace`, an MLflow run id, a queue entry's id). */
  row: string;
  metric: string;
  steps: number[];
  values: (number | null)[];
}

export interface ExperimentsHistoryParams extends ExperimentsParams {
  /** Row ids (at most 200). */
  rows: string[];
}

export interface ExperimentsHistory {
  histories: MetricHistory[];
}

export type ExperimentsAction =
  /** `[file:]key=value[,value…]` as `archipel exp run -S` takes them: a list of values queues the grid. */
  | { action: 'run' | 'queue'; overrides: string[]; name?: string; targets?: string[] }
  | { action: 'start'; jobs?: number }
  | { action: 'apply' | 'remove'; names: string[] }
  | { action: 'branch'; name: string; branch: string }
  | { action: 'diff'; names: [string, string] }
  /** Initialise Git here: `git init` when the folder is in no repository, then a first commit of its files. */
  | { action: 'init' };

export type ExperimentsActionParams = ExperimentsParams & ExperimentsAction;

/** `exp diff A B`: a param or metric whose values differ, with the change of a number. */
export interface ExperimentsDiffEntry {
  group: 'params' | 'metrics';
  file: string;
  key: string;
  a: ExperimentScalar | undefined;
  b: ExperimentScalar | undefined;
  change?: number;
}

export interface ExperimentsActionResult {
  /** What was done, in a sentence (shown as a notification). */
  message: string;
  /** Failed: the message says why. */
  failed?: boolean;
  diff?: ExperimentsDiffEntry[];
}

export interface ExperimentsLocateParams extends ExperimentsParams {
  /** A params file relative to the repository, or a metrics file. */
  file: string;
  key: string;
}

export interface ExperimentsLocation {
  uri: string;
  range: Range;
}

export const ExperimentsTableRequest = new RequestType<ExperimentsParams, ExperimentsTable, void>('archipel/experimentsTable');
export const ExperimentsHistoryRequest = new RequestType<ExperimentsHistoryParams, ExperimentsHistory, void>('archipel/experimentsHistory');
/** The rows of the experiments running now (their temporary workspaces' metrics files) and of those queued. */
export const ExperimentsLiveRequest = new RequestType<ExperimentsParams, { rows: ExperimentRowWire[]; histories: MetricHistory[] }, void>('archipel/experimentsLive');
export const ExperimentsActionRequest = new RequestType<ExperimentsActionParams, ExperimentsActionResult, void>('archipel/experimentsAction');
export const ExperimentsLocateRequest = new RequestType<ExperimentsLocateParams, ExperimentsLocation | null, void>('archipel/experimentsLocate');
/** The server ran or changed experiments (a queue finished an experiment, an action): the panel asks again. */
export const ExperimentsChangedNotification = new NotificationType<{ root: string; live?: boolean }>('archipel/experimentsChanged');
