/**
 * The pipeline family's requests: `archipel/pipelineStatus`, `archipel/runPipeline` (a job on the
 * job host, run on this thread by an InThreadWorker: refused in an untrusted workspace as it
 * executes the pipeline's commands; work-done progress per stage; its cancellation kills the
 * commands' process trees), `archipel/pipelineDag`; and the notifications `archipel/pipelineEvent`
 * (each event of a run: the editor's terminal and the panel) and `archipel/pipelineStatusChanged`
 * (after a run, and after a file a pipeline reads or writes changed). The returned provider is what
 * the pipeline feature's hovers and code lenses ask (families/index.ts wires it).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InThreadWorker, type JobRunner } from '../core/host';
import type { ComputeRegistry } from '../core/requests';
import { pipelineDag } from './dag';
import { loadPipeline, PipelineLoadError } from './load';
import { LockError } from './lock';
import { PipelineStates } from './states';
import { pipelineRunFamily, pipelineRunSpec } from './spec';
import { boundedEvents } from './stageOutput';
import { pipelineStatus } from './status';
import { RequestFailure, RequestRejection } from '../../features/requests';
import { pipelineOutputsAnswer } from './outputs';
import { PipelineOutputsRequest } from '../../protocol/pipelineOutputs';
import { parsePipeline } from '../../pipeline/parse';
import type { Pipeline } from '../../pipeline/model';
import { assertWithin } from '../../disk/containment';
import { t } from '../../l10n/t';
import {
  PipelineDagRequest,
  PipelineEventNotification,
  PipelineStatusChangedNotification,
  PipelineStatusRequest,
  RunPipelineRequest,
  type PipelineDag,
  type PipelineEvent,
  type PipelineRunResult,
  type PipelineStatus,
  type PipelineStatusParams,
  type StageStatus,
  type RunPipelineParams,
} from '../../protocol/pipeline';

/** What the language server's hover and code lenses ask: a pipeline's last known status. */
export interface PipelineStatusProvider {
  status(uri: string): Promise<PipelineStatus | undefined>;
  /**
   * A stage's last known status, at once (the pipeline feature's `status`: hovers and code
   * lenses cannot wait for hashing). A pipeline not known yet is checked in the background, and
   * the editor's code lenses are refreshed when its status is in.
   */
  stageStatus(file: string, stage: string): StageStatus | undefined;
}

const DEBOUNCE_MS = 300;

/** A pipeline's known error as the request's failure (the user's to fix), anything else as it is (a bug). */
function failureOf(error: unknown): never {
  if (error instanceof PipelineLoadError || error instanceof LockError) throw new RequestFailure(error.message);
  throw error;
}

export function registerPipelineRequests(registry: ComputeRegistry): PipelineStatusProvider {
  const states = new PipelineStates({ watchFolder: (root) => registry.watchFolder(root), refreshCodeLenses: () => registry.refreshCodeLenses() });
  let timer: NodeJS.Timeout | undefined;

  const fileOf = (uri: string): string => {
    if (!uri.startsWith('file:')) throw new RequestFailure(t('a pipeline must be a file on disk: {0}', uri));
    const file = fileURLToPath(uri);
    try {
      assertWithin(file, registry.workspaceFolders(), t('the pipeline file'));
    } catch (error) {
      throw new RequestFailure(error instanceof Error ? error.message : String(error));
    }
    return file;
  };

  /** The pipeline as the editor shows it: the open text, else the file on disk. */
  const current = async (uri: string): Promise<Pipeline> => {
    const file = fileOf(uri);
    const text = registry.openText(uri);
    const pipeline = text !== undefined ? parsePipeline(text, file, undefined) : await loadPipeline(file, false);
    states.remember(pipeline);
    return pipeline;
  };

  const statusOf = async (uri: string): Promise<PipelineStatus> => {
    const file = fileOf(uri);
    // Params and vars come from disk: the status compares what a run would read.
    const pipeline = await loadPipeline(file, false).catch(failureOf);
    states.remember(pipeline);
    return states.record(await pipelineStatus(pipeline, await states.cacheFor(pipeline.root)).catch(failureOf));
  };

  const announce = async (file: string) => {
    try {
      registry.notify(PipelineStatusChangedNotification, await statusOf(pathToFileURL(file).href));
    } catch (error) {
      registry.log(`pipeline status of ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  // Runs are jobs on the job host, on this thread: their stages are child processes already.
  const runner: JobRunner = new InThreadWorker([pipelineRunFamily((root) => states.cacheFor(root))]);
  const runSpec = pipelineRunSpec((params) => loadPipeline(fileOf(params.uri)).catch(failureOf));

  registry.onRequest(PipelineStatusRequest, (params: PipelineStatusParams) => statusOf(params.uri));
  registry.onRequest(PipelineDagRequest, async (params: PipelineStatusParams): Promise<PipelineDag> => pipelineDag(await current(params.uri)));
  registry.onRequest(RunPipelineRequest, async (params: RunPipelineParams, context): Promise<PipelineRunResult> => {
    const file = fileOf(params.uri);
    states.runStarted(file);
    // A stage's output reaches the editor at a bounded rate and size (its whole log is on disk).
    const forward = boundedEvents((event) => registry.notify(PipelineEventNotification, event));
    const onEvent = (value: unknown) => {
      const event = value as PipelineEvent;
      if (event.kind === 'stage-start' && event.stage) states.stageStarted(file, event.stage);
      if (event.kind === 'stage-end' && event.stage) states.stageEnded(file, event.stage);
      forward(event);
    };
    try {
      const outcome = await registry.runJob(runSpec, params, runner, context, onEvent);
      const [result] = outcome.results;
      if (!result) return { file, runId: randomUUID(), stages: [], failed: [], cancelled: true, ms: 0 };
      if (result.error !== undefined) throw new RequestFailure(result.error);
      return result;
    } finally {
      states.runEnded(file);
      void announce(file);
    }
  });

  const outputs = pipelineOutputsAnswer(registry);
  registry.onRequest(PipelineOutputsRequest, async ({ uri }) => {
    try {
      return await outputs(uri);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      registry.log(`archipel/pipelineOutputs: ${message}`);
      throw new RequestRejection(message);
    }
  });

  registry.onFilesChanged((uris) => {
    const files = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    if (!states.filesChanged(files) || timer) return;
    // A burst of events (a checkout, a stage writing its outs) is one status.
    timer = setTimeout(() => {
      timer = undefined;
      for (const file of states.takeStale()) void announce(file);
    }, DEBOUNCE_MS);
  });
  registry.onShutdown(() => {
    if (timer) clearTimeout(timer);
    void states.save();
  });

  return {
    stageStatus: (file, stage) => states.stageStatus(file, stage, announce),
    status: async (uri) => {
      try {
        return await statusOf(uri);
      } catch {
        return undefined;
      }
    },
  };
}
