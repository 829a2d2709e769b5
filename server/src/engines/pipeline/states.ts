/**
 * What the server knows of the pipelines of a workspace between requests, in one object: the
 * pipelines seen (and the folders to watch for them), each root's hash cache, the runs going on and
 * their running stages, the last status of each pipeline (what hovers and code lenses show at once),
 * the pipelines a file change made stale, and those being checked in the background. The requests
 * (register.ts) drive it; a family that extends pipelines (experiments) reads and extends it.
 */
import path from 'node:path';
import type { Pipeline } from '../../pipeline/model';
import type { PipelineStatus, StageStatus } from '../../protocol/pipeline';
import { HashCache } from './hashCache';
import { lockFileOf } from './lock';

export interface PipelineStatesHooks {
  /** A pipeline was seen: its folder's file events matter. */
  watchFolder(root: string): void;
  /** A status changed: the editor's code lenses are stale. */
  refreshCodeLenses(): void;
}

export class PipelineStates {
  private readonly caches = new Map<string, Promise<HashCache>>();
  private readonly known = new Map<string, Pipeline>();
  /** Pipeline file → stage → when it started (ISO), for the runs going on. */
  private readonly running = new Map<string, Map<string, string>>();
  private readonly dirty = new Set<string>();
  private readonly statuses = new Map<string, Map<string, StageStatus>>();
  private readonly checking = new Set<string>();

  constructor(
    private readonly hooks: PipelineStatesHooks,
    private readonly newCache: (root: string) => HashCache = (root) => HashCache.forRoot(root),
  ) {}

  /** A pipeline seen (loaded for a request): remembered, and its folder watched. */
  remember(pipeline: Pipeline): void {
    this.known.set(pipeline.file, pipeline);
    this.hooks.watchFolder(pipeline.root);
  }

  /** The hash cache of a pipeline root, loaded once. */
  cacheFor(root: string): Promise<HashCache> {
    let cache = this.caches.get(root);
    if (!cache) {
      const created = this.newCache(root);
      cache = created.load().then(() => created);
      this.caches.set(root, cache);
    }
    return cache;
  }

  /** A fresh status: the stages of a run going on are marked running; remembered for hovers and code lenses. */
  record(status: PipelineStatus): PipelineStatus {
    const now = this.running.get(status.file);
    if (now) for (const stage of status.stages) if (now.has(stage.stage)) Object.assign(stage, { state: 'running', startedAt: now.get(stage.stage) });
    this.statuses.set(status.file, new Map(status.stages.map((s) => [s.stage, s])));
    this.hooks.refreshCodeLenses();
    return status;
  }

  /** A run of `file` starts (its pipeline is not made stale by the files it writes until it ends). */
  runStarted(file: string): void {
    this.running.set(file, new Map());
  }

  stageStarted(file: string, stage: string, startedAt: string = new Date().toISOString()): void {
    this.running.get(file)?.set(stage, startedAt);
    const known = this.statuses.get(file)?.get(stage);
    if (known) Object.assign(known, { state: 'running', startedAt });
    this.hooks.refreshCodeLenses();
  }

  stageEnded(file: string, stage: string): void {
    this.running.get(file)?.delete(stage);
  }

  runEnded(file: string): void {
    this.running.delete(file);
  }

  isRunning(file: string): boolean {
    return this.running.has(file);
  }

  /** Files changed on disk: the known pipelines they touch (and not running) become stale. Whether any is stale. */
  filesChanged(files: readonly string[]): boolean {
    for (const file of files) {
      for (const pipeline of this.known.values()) if (!this.running.has(pipeline.file) && touches(pipeline, file)) this.dirty.add(pipeline.file);
    }
    return this.dirty.size > 0;
  }

  /** The stale pipelines, once (the caller announces their statuses). */
  takeStale(): string[] {
    const files = [...this.dirty];
    this.dirty.clear();
    return files;
  }

  /**
   * A stage's last known status, at once. A pipeline with none yet is checked with `check` in the
   * background (once at a time); its status comes in through `record`.
   */
  stageStatus(file: string, stage: string, check: (file: string) => Promise<void>): StageStatus | undefined {
    const known = this.statuses.get(file);
    if (!known && !this.checking.has(file)) {
      this.checking.add(file);
      void check(file).finally(() => this.checking.delete(file));
    }
    return known?.get(stage);
  }

  /** Writes every loaded hash cache (at shutdown). */
  async save(): Promise<void> {
    await Promise.all([...this.caches.values()].map(async (cache) => (await cache).save()));
  }
}

/** A changed file matters to a pipeline when it is the pipeline, its lock or params, or a dep or out (or inside one). */
function touches(pipeline: Pipeline, file: string): boolean {
  const rel = path.relative(pipeline.root, file).split(path.sep).join('/');
  if (rel.startsWith('..') || rel.startsWith('.archipel/')) return false;
  if (file === pipeline.file || file === lockFileOf(pipeline.file)) return true;
  const paths = pipeline.stages.flatMap((s) => [...s.deps.map((d) => d.resolved), ...s.outs.map((o) => o.resolved), ...s.params.map((p) => p.resolved)]);
  return paths.some((p) => rel === p || rel.startsWith(`${p}/`));
}
