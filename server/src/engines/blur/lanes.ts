/**
 * Inference lanes: where the models run. onnxruntime-node's `session.run` occupies the thread that
 * calls it, so two sessions on one thread never run at the same time. A lane is either this thread
 * (ThreadLane: the models loaded here, one call at a time) or a worker thread with its own
 * sessions (WorkerLane, script laneWorker.ts), fed the prepared tensors by transfer (no copy).
 * The pool sends each inference to the lane with the least work queued, so while lanes run models
 * this thread keeps decoding, compositing and encoding neighbouring images (sharp, on libuv's
 * threads).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { limiter } from '../../common/limiter';
import { ModelError, ModelSession, ort, specKey, type InferResult, type ModelDescription, type ModelInput, type ModelSpec } from './model';
import { thresholdOf, type Thresholds } from './types';

/** One inference to run: the model, its input and how to filter the detections. */
export interface InferRequest {
  spec: ModelSpec;
  input: ModelInput;
  thresholds: Thresholds;
  iou: number;
  classes?: readonly string[];
}

export interface Lane {
  /** Requests sent and not answered yet. */
  readonly pending: number;
  /** False once the lane can take no more work (its thread ended). */
  readonly alive: boolean;
  /** Loads the model (once) and describes it; rejects with a ModelError when it cannot be used. */
  describe(spec: ModelSpec): Promise<ModelDescription>;
  infer(request: InferRequest): Promise<InferResult>;
  /** Releases the models and, for a worker, ends the thread. */
  close(): Promise<void>;
}

/** Runs a request on a loaded session. */
function runRequest(session: ModelSession, request: InferRequest): Promise<InferResult> {
  return session.run(request.input, { threshold: thresholdOf(request.thresholds), iou: request.iou, classes: request.classes });
}

/** Sessions loaded once per model; a model that fails to load fails every request for it. */
class Sessions {
  private readonly loaded = new Map<string, Promise<ModelSession>>();
  constructor(private readonly threads: number) {}

  get(spec: ModelSpec): Promise<ModelSession> {
    const key = specKey(spec);
    let session = this.loaded.get(key);
    if (!session) {
      session = ModelSession.load(spec, this.threads);
      session.catch(() => undefined);
      this.loaded.set(key, session);
    }
    return session;
  }

  async releaseAll(): Promise<void> {
    for (const promise of this.loaded.values()) {
      const session = await promise.catch(() => undefined);
      await session?.release().catch(() => undefined);
    }
    this.loaded.clear();
  }
}

/**
 * The models on the calling thread, one call at a time (keeps order and memory in check): the
 * job's own thread, and each worker lane's thread (laneWorker.ts).
 */
export class ThreadLane implements Lane {
  private readonly sessions: Sessions;
  private readonly serial = limiter(1);
  pending = 0;
  readonly alive = true;

  constructor(threads = 1) {
    this.sessions = new Sessions(threads);
  }

  /** Loading is not queued behind inferences: it may overlap a run of another model. */
  async describe(spec: ModelSpec): Promise<ModelDescription> {
    return (await this.sessions.get(spec)).description;
  }

  infer(request: InferRequest): Promise<InferResult> {
    this.pending++;
    return this.serial(async () => runRequest(await this.sessions.get(request.spec), request)).finally(() => this.pending--);
  }

  /** Releases the models after the inferences already queued. */
  close(): Promise<void> {
    return this.serial(() => this.sessions.releaseAll());
  }
}

/** Messages to a lane's worker. */
type LaneRequest = { type: 'describe'; spec: ModelSpec } | { type: 'infer'; request: InferRequest };
export type ToLane = (LaneRequest & { id: number }) | { type: 'close' };

/** A lane's answers: the value, or the error's message (`model`: it was a ModelError). */
export type FromLane = { id: number; value: unknown } | { id: number; error: string; model: boolean };

/** The lane worker script: next to the bundle (dist/server/blurLane.js) or compiled by tsc (out/). */
export function laneScriptPath(): string {
  const candidates = [path.join(__dirname, 'blurLane.js'), path.join(__dirname, 'laneWorker.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the blur inference lane script is missing (looked for ${candidates.join(', ')})`);
  return found;
}

/** A worker thread with its own sessions. */
export class WorkerLane implements Lane {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  private stopped: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(threads = 1, script: string = laneScriptPath()) {
    this.worker = new Worker(script, { workerData: { threads } });
    this.worker.on('message', (message: FromLane) => {
      const waiter = this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id);
      if ('error' in message) waiter.reject(message.model ? new ModelError(message.error) : new Error(message.error));
      else waiter.resolve(message.value as never);
    });
    this.worker.on('error', (error) => this.stop(new Error(`inference lane failed: ${error.message}`)));
    this.exited = new Promise((resolve) => this.worker.once('exit', (code) => {
      this.stop(new Error(`inference lane stopped (exit code ${code})`));
      resolve();
    }));
  }

  get pending(): number {
    return this.waiting.size;
  }

  get alive(): boolean {
    return this.stopped === undefined;
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  private request<T>(message: LaneRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: never) => void, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  describe(spec: ModelSpec): Promise<ModelDescription> {
    return this.request({ type: 'describe', spec });
  }

  infer(request: InferRequest): Promise<InferResult> {
    // The tensor's buffer moves to the lane: this thread has no further use for it.
    const buffer = request.input.data.buffer;
    return this.request({ type: 'infer', request }, buffer instanceof ArrayBuffer ? [buffer] : []);
  }

  /** Asks the worker to release its sessions and end; ends it by force if it does not within 10 s. */
  async close(): Promise<void> {
    if (!this.stopped) this.worker.postMessage({ type: 'close' } satisfies ToLane);
    const timer = setTimeout(() => void this.worker.terminate(), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Lanes to use by default: `ARCHIPEL_BLUR_LANES` when set (1 = this thread only), else one per
 * core left idle by the rest of the machine beyond the first — os.availableParallelism() less the
 * 1-minute load average, rounded, less one, at least 1, at most 4. One lane already keeps about
 * 1.5 cores busy (this thread's models and JavaScript, libvips' own threads decoding and encoding).
 * A worker lane costs 70–100 ms of CPU to start and to load its model; on a machine whose cores
 * are busy it cannot run beside this thread, so it only adds that cost (at load 7–8 on 2 cores the
 * 12-image job took 1.03 s with 2 lanes, 0.71 s with 1), and on an idle 2-core machine a second
 * lane did not pay either (docs/performance-log.md: 569 against 524 ms, more CPU per image).
 */
export function defaultLaneCount(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism(), load = os.loadavg()[0]): number {
  const configured = Number.parseInt(env.ARCHIPEL_BLUR_LANES ?? '', 10);
  if (Number.isInteger(configured) && configured >= 1) return configured;
  return Math.max(1, Math.min(4, cores, Math.round(cores - load) - 1));
}

/** Several lanes as one: each model described once (every lane loads it meanwhile), each inference to the least busy lane. */
export class LanePool {
  private readonly described = new Map<string, Promise<ModelDescription>>();

  constructor(private readonly lanes: readonly Lane[]) {
    if (lanes.length === 0) throw new Error('a lane pool needs at least one lane');
  }

  /**
   * `count` lanes: this thread and `count − 1` worker threads. This thread runs models between
   * its imaging work rather than idling: a worker costs its start-up (~25 ms of CPU) and its own
   * copy of each model (~30 ms to load).
   */
  static create(count: number, threads = 1): LanePool {
    const lanes: Lane[] = [new ThreadLane(threads)];
    try {
      for (let i = 1; i < count; i++) lanes.push(new WorkerLane(threads));
    } catch (error) {
      for (const lane of lanes) void lane.close();
      throw error;
    }
    // This thread keeps the addon loaded when the workers exit (see ort()).
    if (count > 1) ort();
    return new LanePool(lanes);
  }

  get size(): number {
    return this.lanes.length;
  }

  describe(spec: ModelSpec): Promise<ModelDescription> {
    const key = specKey(spec);
    let description = this.described.get(key);
    if (!description) {
      // Every lane loads the model now (in parallel, while the first image decodes); the first
      // lane's answer describes it.
      for (const lane of this.lanes.slice(1)) lane.describe(spec).catch(() => undefined);
      description = this.lanes[0].describe(spec);
      description.catch(() => undefined);
      this.described.set(key, description);
    }
    return description;
  }

  /** To the least busy lane still alive (a lane whose thread died fails only what it held). */
  infer(request: InferRequest): Promise<InferResult> {
    let best: Lane | undefined;
    for (const lane of this.lanes) if (lane.alive && (!best || lane.pending < best.pending)) best = lane;
    return (best ?? this.lanes[0]).infer(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close().catch(() => undefined)));
  }
}
