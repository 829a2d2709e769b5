/**
 * The editor's Run Pipeline as a job (engines/core/host.ts): one item, the pipeline and the stages
 * asked for, run by an InThreadWorker on the server's thread (its stages are child processes
 * already: run.ts). Refused in an untrusted workspace unless it is a dry run (the commands are
 * executed); its progress is one report per stage that ended, from the run's events.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pipeline } from '../../pipeline/model';
import type { PipelineEvent, PipelineRunResult, RunPipelineParams } from '../../protocol/pipeline';
import { t } from '../../l10n/t';
import { frPipeline } from '../../pipeline/fr';
import type { JobSpec } from '../core/host';
import type { ItemResult, JobFamily, JobProgress } from '../core/job';
import type { HashCache } from './hashCache';
import { runPipeline, type RunOptions } from './run';

export interface PipelineRunItem {
  pipeline: Pipeline;
  options: RunOptions;
}

export type PipelineRunItemResult = PipelineRunResult & ItemResult;

/** The family's name in the runner. */
export const PIPELINE_RUN = 'pipeline-run';

/** The run step: runs the pipeline with the hash cache the status requests share (`cacheFor`), its events streamed. */
export function pipelineRunFamily(cacheFor: (root: string) => Promise<HashCache>): JobFamily<PipelineRunItem, PipelineRunItemResult, undefined> {
  return {
    name: PIPELINE_RUN,
    french: frPipeline,
    label: (item) => path.basename(path.dirname(item.pipeline.file)),
    failed: (item, message) => ({ file: item.pipeline.file, runId: '', stages: [], failed: [], cancelled: false, ms: 0, error: message }),
    run: async (item, context) =>
      runPipeline(item.pipeline, item.options, {
        signal: context.signal,
        cache: await cacheFor(item.pipeline.root),
        onEvent: (event) => context.emit?.(event),
      }),
  };
}

/** A stage-end event as the run's progress (stages ended of those planned at run-start). */
function stageProgress(): (event: unknown) => JobProgress | undefined {
  const runs = new Map<string, JobProgress>();
  return (value) => {
    const event = value as PipelineEvent;
    if (event.kind === 'run-start') runs.set(event.runId, { done: 0, total: event.plan?.length ?? 0, failed: 0 });
    if (event.kind === 'run-end') runs.delete(event.runId);
    const progress = runs.get(event.runId);
    if (event.kind !== 'stage-end' || !event.stage || !progress) return undefined;
    const failed = event.result?.outcome === 'failed';
    progress.done++;
    if (failed) progress.failed++;
    return { ...progress, last: { label: event.stage, failed } };
  };
}

/** `load` reads the pipeline a request names (throwing what the request answers when it cannot). */
export function pipelineRunSpec(load: (params: RunPipelineParams) => Promise<Pipeline>): JobSpec<RunPipelineParams, PipelineRunItem, PipelineRunItemResult> {
  return {
    family: PIPELINE_RUN,
    title: (params) => t('Running the pipeline {0}', path.basename(path.dirname(fileURLToPath(params.uri)))),
    executes: (params) => (params.dry ? undefined : t('runs the commands the pipeline declares')),
    plan: async (params) => ({
      items: [{ pipeline: await load(params), options: { stages: params.stages, downstream: params.downstream, single: params.single, force: params.force, dry: params.dry, jobs: params.jobs } }],
      results: [],
    }),
    options: () => undefined,
    progressOf: stageProgress(),
  };
}
