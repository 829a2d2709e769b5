/**
 * Typed contract of pipelines (issue #18): the status of a pipeline's stages, running stages, the
 * events a run streams (logs, stage start/end) and the DAG. The CLI's `status --format json`
 * prints a PipelineStatus; `run --format json` a PipelineRunResult.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Why a stage is stale, in words the hover and the panel show as they are ("`data/raw.csv` changed since the last run"). */
export type StageState = 'up-to-date' | 'stale' | 'running' | 'failed' | 'frozen' | 'never-run';

export interface StageStatus {
  /** Expanded name (`build@us`). */
  stage: string;
  state: StageState;
  /** Why stale (empty when up to date): one sentence each. */
  reasons: string[];
  /** What could not be verified offline (a URL dep or out): said, not a reason to run. */
  notes?: string[];
  /** The last run recorded for the stage (by Archipel: `.archipel/pipeline-runs.json`). */
  lastRun?: { ok: boolean; durationMs: number; finishedAt: string };
  /** While running: when it started (ISO 8601). */
  startedAt?: string;
  /** After a failure: the last lines of its log. */
  logTail?: string[];
}

export interface PipelineStatus {
  /** The pipeline file, absolute path. */
  file: string;
  stages: StageStatus[];
  /** Files hashed to decide (the rest were known by path, size, mtime and inode). */
  hashed: number;
  ms: number;
}

export interface PipelineStatusParams {
  /** The pipeline file's URI. */
  uri: string;
}

export interface RunPipelineParams {
  uri: string;
  /** Stages to run (expanded names); none: every stage that is stale. */
  stages?: string[];
  /** Also the stages downstream of the named ones. */
  downstream?: boolean;
  /** Only the named stages, none upstream of them (`dvc repro -s`). */
  single?: boolean;
  /** Run even when up to date. */
  force?: boolean;
  /** Say what would run, run nothing. */
  dry?: boolean;
  /** Stages in parallel at most (default: the number of cores). */
  jobs?: number;
  workDoneToken?: string | number;
}

export interface StageRunResult {
  stage: string;
  outcome: 'ran' | 'skipped' | 'failed' | 'cancelled' | 'not-run';
  /** failed: the command's exit or the error; not-run: the failed stage upstream. */
  reason?: string;
  durationMs?: number;
  exitCode?: number;
}

export interface PipelineRunResult {
  file: string;
  /** An id for this run: its events carry it. */
  runId: string;
  stages: StageRunResult[];
  /** Stages that failed (the CLI's exit code is 1 when any did). */
  failed: string[];
  cancelled: boolean;
  ms: number;
}

/** What a run streams: a stage started, a line of its output, a stage ended, the run ended. */
export interface PipelineEvent {
  runId: string;
  file: string;
  kind: 'run-start' | 'stage-start' | 'stage-output' | 'stage-end' | 'run-end';
  stage?: string;
  /** stage-output: a chunk of the command's output (stdout and stderr interleaved as they come). */
  text?: string;
  /** stage-end. */
  result?: StageRunResult;
  /** run-start: the stages that will run, in a valid order. */
  plan?: string[];
  /** run-start: what the run did first (outputs of an interrupted run put back). */
  notes?: string[];
  /** stage-start: the file the stage's whole output goes to (the editor shows only its bounded tail). */
  log?: string;
}

export interface PipelineDagNode {
  stage: string;
  /** The stage's definition key in the file (`build` for `build@us`). */
  definition: string;
  desc?: string;
  frozen: boolean;
  /** Offsets of the stage's key in the file (open its definition). */
  span: { start: number; end: number };
}

export interface PipelineDag {
  file: string;
  nodes: PipelineDagNode[];
  edges: { from: string; to: string }[];
}

export const PipelineStatusRequest = new RequestType<PipelineStatusParams, PipelineStatus, void>('archipel/pipelineStatus');
/** Runs stages (refused in an untrusted workspace: the commands are executed); work-done progress; cancelling kills the commands' process trees. */
export const RunPipelineRequest = new RequestType<RunPipelineParams, PipelineRunResult, void>('archipel/runPipeline');
export const PipelineDagRequest = new RequestType<PipelineStatusParams, PipelineDag, void>('archipel/pipelineDag');
/** Server → client: each event of a run, for the terminal and the panel. */
export const PipelineEventNotification = new NotificationType<PipelineEvent>('archipel/pipelineEvent');
/** Server → client: a pipeline's status changed (a file it reads changed, a run ended). */
export const PipelineStatusChangedNotification = new NotificationType<PipelineStatus>('archipel/pipelineStatusChanged');
