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
import path from 'node:path';
import { InThreadWorker, type JobRunner } from '../core/host';
import type { ComputeRegistry } from '../core/requests';
import { pipelineDag } from './dag';
import { HashCache } from './hashCache';
import { loadPipeline, PipelineLoadError } from './load';
import { LockError, lockFileOf } from './lock';
import { pipelineRunFamily, pipelineRunSpec } from './spec';
import { boundedEvents } from './stageOutput';
import { pipelineStatus } from './status';
import { RequestFailure } from '../../features/requests';
import { parsePipeline } from '../../pipeline/parse';
import type { Pipeline } from '../../pipeline/model';
import { assertWithin } from '../../platform/containment';
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
   * A stage's last known status, at once (FeatureDependencies.pipeline.status: hovers and code
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
  const caches = new Map<string, HashCache>();
  const known = new Map<string, Pipeline>();
  const running = new Map<string, Map<string, string>>();
  let timer: NodeJS.Timeout | undefined;
  const dirty = new Set<string>();
  const statuses = new Map<string, Map<string, StageStatus>>();
  const checking = new Set<string>();
  const rememberStatus = (status: PipelineStatus) => {
    statuses.set(status.file, new Map(status.stages.map((s) => [s.stage, s])));
    registry.refreshCodeLenses();
  };

  /** Known pipelines get a status when their files change: the client is asked to watch their folders. */
  const remember = (pipeline: Pipeline) => {
    known.set(pipeline.file, pipeline);
    registry.watchFolder(pipeline.root);
  };

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

  const cacheFor = async (root: string): Promise<HashCache> => {
    let cache = caches.get(root);
    if (!cache) {
      cache = HashCache.forRoot(root);
      await cache.load();
      caches.set(root, cache);
    }
    return cache;
  };

  /** The pipeline as the editor shows it: the open text, else the file on disk. */
  const current = async (uri: string): Promise<Pipeline> => {
    const file = fileOf(uri);
    const text = registry.openText(uri);
    const pipeline = text !== undefined ? parsePipeline(text, file, undefined) : await loadPipeline(file, false);
    remember(pipeline);
    return pipeline;
  };

  const statusOf = async (uri: string): Promise<PipelineStatus> => {
    const file = fileOf(uri);
    // Params and vars come from disk: the status compares what a run would read.
    const pipeline = await loadPipeline(file, false).catch(failureOf);
    remember(pipeline);
    const status = await pipelineStatus(pipeline, await cacheFor(pipeline.root)).catch(failureOf);
    const now = running.get(file);
    if (now) for (const stage of status.stages) if (now.has(stage.stage)) Object.assign(stage, { state: 'running', startedAt: now.get(stage.stage) });
    rememberStatus(status);
    return status;
  };

  const announce = async (file: string) => {
    try {
      registry.notify(PipelineStatusChangedNotification, await statusOf(pathToFileURL(file).href));
    } catch (error) {
      registry.log(`pipeline status of ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  // Runs are jobs on the job host, on this thread: their stages are child processes already.
  const runner: JobRunner = new InThreadWorker([pipelineRunFamily(cacheFor)]);
  const runSpec = pipelineRunSpec((params) => loadPipeline(fileOf(params.uri)).catch(failureOf));

  registry.onRequest(PipelineStatusRequest, (params: PipelineStatusParams) => statusOf(params.uri));
  registry.onRequest(PipelineDagRequest, async (params: PipelineStatusParams): Promise<PipelineDag> => pipelineDag(await current(params.uri)));
  registry.onRequest(RunPipelineRequest, async (params: RunPipelineParams, context): Promise<PipelineRunResult> => {
    const file = fileOf(params.uri);
    const stagesNow = new Map<string, string>();
    running.set(file, stagesNow);
    // A stage's output reaches the editor at a bounded rate and size (its whole log is on disk).
    const forward = boundedEvents((event) => registry.notify(PipelineEventNotification, event));
    const onEvent = (value: unknown) => {
      const event = value as PipelineEvent;
      if (event.kind === 'stage-start' && event.stage) {
        const startedAt = new Date().toISOString();
        stagesNow.set(event.stage, startedAt);
        const known = statuses.get(file)?.get(event.stage);
        if (known) Object.assign(known, { state: 'running', startedAt });
        registry.refreshCodeLenses();
      }
      if (event.kind === 'stage-end' && event.stage) stagesNow.delete(event.stage);
      forward(event);
    };
    try {
      const outcome = await registry.runJob(runSpec, params, runner, context, onEvent);
      const [result] = outcome.results;
      if (!result) return { file, runId: randomUUID(), stages: [], failed: [], cancelled: true, ms: 0 };
      if (result.error !== undefined) throw new RequestFailure(result.error);
      return result;
    } finally {
      running.delete(file);
      void announce(file);
    }
  });

  /** A changed file matters to a pipeline when it is the pipeline, its lock or params, or a dep or out (or inside one). */
  const touches = (pipeline: Pipeline, file: string): boolean => {
    const rel = path.relative(pipeline.root, file).split(path.sep).join('/');
    if (rel.startsWith('..') || rel.startsWith('.archipel/')) return false;
    if (file === pipeline.file || file === lockFileOf(pipeline.file)) return true;
    const paths = pipeline.stages.flatMap((s) => [...s.deps.map((d) => d.resolved), ...s.outs.map((o) => o.resolved), ...s.params.map((p) => p.resolved)]);
    return paths.some((p) => rel === p || rel.startsWith(`${p}/`));
  };

  registry.onFilesChanged((uris) => {
    for (const uri of uris) {
      if (!uri.startsWith('file:')) continue;
      const file = fileURLToPath(uri);
      for (const pipeline of known.values()) if (!running.has(pipeline.file) && touches(pipeline, file)) dirty.add(pipeline.file);
    }
    if (dirty.size === 0 || timer) return;
    // A burst of events (a checkout, a stage writing its outs) is one status.
    timer = setTimeout(() => {
      timer = undefined;
      const files = [...dirty];
      dirty.clear();
      for (const file of files) void announce(file);
    }, DEBOUNCE_MS);
  });
  registry.onShutdown(() => {
    if (timer) clearTimeout(timer);
    for (const cache of caches.values()) void cache.save();
  });

  return {
    stageStatus(file, stage) {
      const known = statuses.get(file);
      if (!known && !checking.has(file)) {
        checking.add(file);
        void announce(file).finally(() => checking.delete(file));
      }
      return known?.get(stage);
    },
    status: async (uri) => {
      try {
        return await statusOf(uri);
      } catch {
        return undefined;
      }
    },
  };
}
