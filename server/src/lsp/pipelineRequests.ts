/**
 * The pipeline family's requests: `archipel/pipelineStatus`, `archipel/runPipeline` (refused in an
 * untrusted workspace: it executes the pipeline's commands; work-done progress per stage; its
 * cancellation kills the commands' process trees), `archipel/pipelineDag`; and the notifications
 * `archipel/pipelineEvent` (each event of a run: the editor's terminal and the panel) and
 * `archipel/pipelineStatusChanged` (after a run, and after a file a pipeline reads or writes
 * changed). `status` is the provider the language server's hover and code lenses ask.
 *
 * Runs happen on this thread (engines/pipeline/run.ts says why): the commands are child processes
 * and hashing reads in 1 MB chunks, so the editor keeps being answered.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { DidChangeWatchedFilesNotification, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { refusalOf } from '../engines/core/host';
import { pipelineDag } from '../engines/pipeline/dag';
import { HashCache } from '../engines/pipeline/hashCache';
import { loadPipeline, PipelineLoadError } from '../engines/pipeline/load';
import { LockError, lockFileOf } from '../engines/pipeline/lock';
import { runPipeline } from '../engines/pipeline/run';
import { StageSelectionError } from '../engines/pipeline/select';
import { pipelineStatus } from '../engines/pipeline/status';
import { parsePipeline } from '../pipeline/parse';
import type { Pipeline } from '../pipeline/model';
import { boundedEvents } from '../engines/pipeline/stageOutput';
import { assertWithin } from '../platform/containment';
import { t } from '../l10n/t';
import {
  PipelineDagRequest,
  PipelineEventNotification,
  PipelineStatusChangedNotification,
  PipelineStatusRequest,
  RunPipelineRequest,
  type PipelineDag,
  type PipelineStatus,
  type PipelineStatusParams,
  type StageStatus,
  type RunPipelineParams,
} from '../protocol/pipeline';
import { abortSignalOf, sendWorkDone } from './jobs';

export interface PipelineServices {
  workspaceFolders(): readonly string[];
  trust: { readonly trusted: boolean };
  /** An open document's text (the editor's text wins over the disk for the DAG and the status). */
  openText(uri: string): string | undefined;
  /** Whether the client lets the server register file watchers (deps and outs are any file, not only what the client watches). */
  canWatchFiles(): boolean;
  /** Statuses changed: the editor's code lenses (which show them) are asked again. */
  statusesChanged(): void;
  log(message: string): void;
}

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

export interface PipelineRequests extends PipelineStatusProvider {
  /** Files changed on disk: the pipelines that read or write them get a new status. */
  filesChanged(uris: readonly string[]): void;
  dispose(): void;
}

const DEBOUNCE_MS = 300;

export function registerPipelineRequests(connection: Connection, services: PipelineServices): PipelineRequests {
  const caches = new Map<string, HashCache>();
  const known = new Map<string, Pipeline>();
  const running = new Map<string, Map<string, string>>();
  let timer: NodeJS.Timeout | undefined;
  const dirty = new Set<string>();
  const statuses = new Map<string, Map<string, StageStatus>>();
  const checking = new Set<string>();
  const rememberStatus = (status: PipelineStatus) => {
    statuses.set(status.file, new Map(status.stages.map((s) => [s.stage, s])));
    services.statusesChanged();
  };

  const watched = new Set<string>();
  /** Known pipelines get a status when their files change: the client is asked to watch their folders. */
  const remember = (pipeline: Pipeline) => {
    known.set(pipeline.file, pipeline);
    if (watched.has(pipeline.root) || !services.canWatchFiles()) return;
    watched.add(pipeline.root);
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: { baseUri: pathToFileURL(pipeline.root).href, pattern: '**/*' } }] }).catch((error: unknown) => services.log(`watching ${pipeline.root}: ${String(error)}`));
  };

  const fileOf = (uri: string): string => {
    if (!uri.startsWith('file:')) throw new ResponseError(LSPErrorCodes.RequestFailed, t('a pipeline must be a file on disk: {0}', uri));
    const file = fileURLToPath(uri);
    try {
      assertWithin(file, services.workspaceFolders(), t('the pipeline file'));
    } catch (error) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, error instanceof Error ? error.message : String(error));
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
    const text = services.openText(uri);
    const pipeline = text !== undefined ? parsePipeline(text, file, undefined) : await loadPipeline(file, false);
    remember(pipeline);
    return pipeline;
  };

  const statusOf = async (uri: string): Promise<PipelineStatus> => {
    const file = fileOf(uri);
    // Params and vars come from disk: the status compares what a run would read.
    const pipeline = await loadPipeline(file, false).catch((error: unknown) => {
      if (error instanceof PipelineLoadError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      throw error;
    });
    remember(pipeline);
    const status = await pipelineStatus(pipeline, await cacheFor(pipeline.root)).catch((error: unknown) => {
      if (error instanceof LockError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      throw error;
    });
    const now = running.get(file);
    if (now) for (const stage of status.stages) if (now.has(stage.stage)) Object.assign(stage, { state: 'running', startedAt: now.get(stage.stage) });
    rememberStatus(status);
    return status;
  };

  const announce = async (file: string) => {
    try {
      connection.sendNotification(PipelineStatusChangedNotification, await statusOf(pathToFileURL(file).href));
    } catch (error) {
      services.log(`pipeline status of ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  connection.onRequest(PipelineStatusRequest, (params: PipelineStatusParams) => statusOf(params.uri));
  connection.onRequest(PipelineDagRequest, async (params: PipelineStatusParams): Promise<PipelineDag> => pipelineDag(await current(params.uri)));
  connection.onRequest(RunPipelineRequest, async (params: RunPipelineParams, token) => {
    const file = fileOf(params.uri);
    const title = t('Running the pipeline {0}', path.basename(path.dirname(file)));
    if (!services.trust.trusted && !params.dry) throw new ResponseError(LSPErrorCodes.RequestFailed, refusalOf(title, t('runs the commands the pipeline declares')));
    let pipeline: Pipeline;
    try {
      pipeline = await loadPipeline(file);
    } catch (error) {
      if (error instanceof PipelineLoadError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      throw error;
    }
    const stagesNow = new Map<string, string>();
    running.set(file, stagesNow);
    sendWorkDone(connection, params.workDoneToken, { kind: 'begin', title, cancellable: true });
    let done = 0;
    let total = 0;
    // A stage's output reaches the editor at a bounded rate and size (its whole log is on disk).
    const forward = boundedEvents((event) => void connection.sendNotification(PipelineEventNotification, event));
    try {
      const result = await runPipeline(
        pipeline,
        { stages: params.stages, downstream: params.downstream, single: params.single, force: params.force, dry: params.dry, jobs: params.jobs },
        {
          signal: abortSignalOf(token),
          cache: await cacheFor(pipeline.root),
          onEvent: (event) => {
            if (event.kind === 'run-start') total = event.plan?.length ?? 0;
            if (event.kind === 'stage-start' && event.stage) {
              const startedAt = new Date().toISOString();
              stagesNow.set(event.stage, startedAt);
              const known = statuses.get(file)?.get(event.stage);
              if (known) Object.assign(known, { state: 'running', startedAt });
              services.statusesChanged();
            }
            if (event.kind === 'stage-end' && event.stage) {
              stagesNow.delete(event.stage);
              done++;
              sendWorkDone(connection, params.workDoneToken, { kind: 'report', message: `${event.stage} (${done}/${total})`, percentage: total ? Math.round((done / total) * 100) : 100 });
            }
            forward(event);
          },
        },
      );
      return result;
    } catch (error) {
      if (error instanceof StageSelectionError || error instanceof LockError) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      throw error;
    } finally {
      running.delete(file);
      sendWorkDone(connection, params.workDoneToken, { kind: 'end' });
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
    filesChanged(uris) {
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
    },
    dispose() {
      if (timer) clearTimeout(timer);
      for (const cache of caches.values()) void cache.save();
    },
  };
}
