/**
 * The pipeline panel's messages (host ↔ page): the server's DAG and status of one pipeline file
 * (server/src/protocol/pipeline.ts), the events of its runs, and what the page asks of the host
 * (open a stage's log or definition, run a stage). Every bound is a cap on what a page keeps.
 */
import * as v from 'valibot';
import type { PipelineDag, PipelineEvent, PipelineStatus } from '../../server/src/protocol/pipeline';
import type { MetricsTable, PlotSeries } from '../../server/src/protocol/pipelineOutputs';
import { commonToHost, UriSchema } from '../shared/messages';

const Name = v.pipe(v.string(), v.maxLength(1000));
const Text = v.pipe(v.string(), v.maxLength(10_000));
const Count = v.pipe(v.number(), v.minValue(0));
const Offset = v.pipe(v.number(), v.integer(), v.minValue(0));

export const StageStateSchema = v.picklist(['up-to-date', 'stale', 'running', 'failed', 'frozen', 'never-run']);

export const StageStatusSchema = v.object({
  stage: Name,
  state: StageStateSchema,
  reasons: v.pipe(v.array(Text), v.maxLength(1000)),
  lastRun: v.optional(v.object({ ok: v.boolean(), durationMs: Count, finishedAt: Name })),
  startedAt: v.optional(Name),
  logTail: v.optional(v.pipe(v.array(Text), v.maxLength(1000))),
});

export const PipelineStatusSchema = v.object({
  file: Text,
  stages: v.pipe(v.array(StageStatusSchema), v.maxLength(20_000)),
  hashed: Count,
  ms: Count,
});

export const PipelineDagSchema = v.object({
  file: Text,
  nodes: v.pipe(
    v.array(v.object({ stage: Name, definition: Name, desc: v.optional(Text), frozen: v.boolean(), span: v.object({ start: Offset, end: Offset }) })),
    v.maxLength(20_000),
  ),
  edges: v.pipe(v.array(v.object({ from: Name, to: Name })), v.maxLength(100_000)),
});

const StageRunResultSchema = v.object({
  stage: Name,
  outcome: v.picklist(['ran', 'skipped', 'failed', 'cancelled', 'not-run']),
  reason: v.optional(Text),
  durationMs: v.optional(Count),
  exitCode: v.optional(v.number()),
});

export const PipelineEventSchema = v.object({
  runId: Name,
  file: Text,
  kind: v.picklist(['run-start', 'stage-start', 'stage-output', 'stage-end', 'run-end']),
  stage: v.optional(Name),
  // A chunk of output: the runner sends lines or small blocks; a larger one is cut by the host.
  text: v.optional(v.pipe(v.string(), v.maxLength(100_000))),
  result: v.optional(StageRunResultSchema),
  plan: v.optional(v.pipe(v.array(Name), v.maxLength(20_000))),
});

// The schemas check exactly what the server sends.
({}) as v.InferOutput<typeof PipelineStatusSchema> satisfies PipelineStatus;
({}) as PipelineStatus satisfies v.InferOutput<typeof PipelineStatusSchema>;
({}) as v.InferOutput<typeof PipelineDagSchema> satisfies PipelineDag;
({}) as PipelineDag satisfies v.InferOutput<typeof PipelineDagSchema>;
({}) as v.InferOutput<typeof PipelineEventSchema> satisfies PipelineEvent;
({}) as PipelineEvent satisfies v.InferOutput<typeof PipelineEventSchema>;

/** A metrics file across the last runs (server/src/protocol/pipelineOutputs.ts). */
export const MetricsTableSchema = v.object({
  file: Name,
  runs: v.pipe(v.array(Name), v.maxLength(50)),
  rows: v.pipe(v.array(v.object({ key: Name, values: v.pipe(v.array(v.nullable(v.union([v.number(), Name]))), v.maxLength(50)) })), v.maxLength(2000)),
  error: v.optional(Text),
});

/** A plots file as numeric series. */
export const PlotSeriesSchema = v.object({
  file: Name,
  x: Name,
  xs: v.pipe(v.array(v.number()), v.maxLength(100_000)),
  series: v.pipe(v.array(v.object({ name: Name, values: v.pipe(v.array(v.nullable(v.number())), v.maxLength(100_000)) })), v.maxLength(20)),
  error: v.optional(Text),
});
({}) as v.InferOutput<typeof MetricsTableSchema> satisfies MetricsTable;
({}) as MetricsTable satisfies v.InferOutput<typeof MetricsTableSchema>;
({}) as v.InferOutput<typeof PlotSeriesSchema> satisfies PlotSeries;
({}) as PlotSeries satisfies v.InferOutput<typeof PlotSeriesSchema>;

/** Host → page. */
export const PipelineToPage = v.variant('type', [
  /** The pipeline as the server reads it now (after an edit, a file event, a run). */
  v.object({
    type: v.literal('pipeline'),
    uri: UriSchema,
    fileName: Name,
    dag: v.nullable(PipelineDagSchema),
    status: v.nullable(PipelineStatusSchema),
    /** Stages that have a log in this editor session (their terminal can be shown). */
    logs: v.pipe(v.array(Name), v.maxLength(20_000)),
    error: v.optional(Text),
  }),
  v.object({ type: v.literal('status'), status: PipelineStatusSchema }),
  v.object({ type: v.literal('event'), event: PipelineEventSchema }),
  /** The metrics and plots the stages declare, read after each run and change. */
  v.object({ type: v.literal('outputs'), metrics: v.pipe(v.array(MetricsTableSchema), v.maxLength(200)), plots: v.pipe(v.array(PlotSeriesSchema), v.maxLength(200)), error: v.optional(Text) }),
]);
export type PipelineToPage = v.InferOutput<typeof PipelineToPage>;

/** Page → host. */
export const PipelineToHost = v.variant('type', [
  ...commonToHost,
  /** Open a stage's log (its run's terminal) or its definition in the pipeline file. */
  v.object({ type: v.literal('open'), stage: Name, what: v.picklist(['log', 'definition']) }),
  /** Run a stage (with its downstream stages), or the whole pipeline when no stage is named. */
  v.object({ type: v.literal('run'), stage: v.optional(Name), downstream: v.optional(v.boolean()) }),
]);
export type PipelineToHost = v.InferOutput<typeof PipelineToHost>;

/** What VS Code keeps for the panel: which pipeline file it shows (restored after a reload). */
export const PipelineState = v.object({ uri: UriSchema });
export type PipelineState = v.InferOutput<typeof PipelineState>;
