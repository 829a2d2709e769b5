/**
 * Inference lanes: where ONNX models run, for any family (blur's detectors, tabular predictions).
 * onnxruntime-node's `session.run` occupies the thread that calls it, so two sessions on one
 * thread never run at the same time. A lane is either this thread (ThreadLane: the models loaded
 * here, one call at a time) or a worker thread with its own sessions (WorkerLane, whose script
 * calls serveLane), fed its inputs by transfer (no copy). The pool sends each inference to the
 * lane with the least work queued, so while lanes run models this thread keeps doing the family's
 * other work (decoding, encoding images on libuv's threads).
 *
 * What a lane does with a model is the family's `ModelKind`: how to load one (its session and a
 * plain-data description) and how to run a request on it.
 */
import os from 'node:os';
import { limiter } from '../../common/limiter';
import { Peer, RemoteError, WorkerChannel } from '../core/channel';
import { prepareWorker } from '../core/serve';
import { hostEndpoint, threadWorker } from '../core/workers';
import { ModelError, ort } from './runtime';

/** A loaded model: what describes it (plain data), how to run a request on it, how to free it. */
export interface LoadedModel<Description, Request, Result> {
  readonly description: Description;
  run(request: Request): Promise<Result>;
  release(): Promise<void>;
}

/** A family's models as lanes see them. */
export interface ModelKind<Spec, Description, Request, Result> {
  /** The key a model is loaded once under (per lane). */
  key(spec: Spec): string;
  /** Loads a model on the calling thread; rejects with a ModelError when it cannot be used. */
  load(spec: Spec, threads: number): Promise<LoadedModel<Description, Request, Result>>;
  /** The model a request is for. */
  specOf(request: Request): Spec;
  /** Buffers of a request that may move to a worker lane rather than be copied. */
  transfer?(request: Request): ArrayBuffer[];
}

export interface Lane<Spec, Description, Request, Result> {
  /** Requests sent and not answered yet. */
  readonly pending: number;
  /** False once the lane can take no more work (its thread ended). */
  readonly alive: boolean;
  /** Loads the model (once) and describes it; rejects with a ModelError when it cannot be used. */
  describe(spec: Spec): Promise<Description>;
  infer(request: Request): Promise<Result>;
  /** Releases the models and, for a worker, ends the thread. */
  close(): Promise<void>;
}

/** Models loaded once per spec; a model that fails to load fails every request for it. */
class Models<Spec, Description, Request, Result> {
  private readonly loaded = new Map<string, Promise<LoadedModel<Description, Request, Result>>>();
  constructor(
    private readonly kind: ModelKind<Spec, Description, Request, Result>,
    private readonly threads: number,
  ) {}

  get(spec: Spec): Promise<LoadedModel<Description, Request, Result>> {
    const key = this.kind.key(spec);
    let model = this.loaded.get(key);
    if (!model) {
      model = this.kind.load(spec, this.threads);
      model.catch(() => undefined);
      this.loaded.set(key, model);
    }
    return model;
  }

  async releaseAll(): Promise<void> {
    for (const promise of this.loaded.values()) {
      const model = await promise.catch(() => undefined);
      await model?.release().catch(() => undefined);
    }
    this.loaded.clear();
  }
}

/**
 * The models on the calling thread, one call at a time (keeps order and memory in check): the
 * job's own thread, and each worker lane's thread (serveLane).
 */
export class ThreadLane<Spec, Description, Request, Result> implements Lane<Spec, Description, Request, Result> {
  private readonly models: Models<Spec, Description, Request, Result>;
  private readonly serial = limiter(1);
  pending = 0;
  readonly alive = true;

  constructor(
    private readonly kind: ModelKind<Spec, Description, Request, Result>,
    threads = 1,
  ) {
    this.models = new Models(kind, threads);
  }

  /** Loading is not queued behind inferences: it may overlap a run of another model. */
  async describe(spec: Spec): Promise<Description> {
    return (await this.models.get(spec)).description;
  }

  infer(request: Request): Promise<Result> {
    this.pending++;
    return this.serial(async () => (await this.models.get(this.kind.specOf(request))).run(request)).finally(() => this.pending--);
  }

  /** Releases the models after the inferences already queued. */
  close(): Promise<void> {
    return this.serial(() => this.models.releaseAll());
  }
}

const DESCRIBE = 'lane/describe';
const INFER = 'lane/infer';
const CLOSE = 'lane/close';

/** A ModelError thrown in a lane is a ModelError here too (its message is the one users read). */
function local(error: unknown): never {
  if (error instanceof RemoteError && error.name === 'ModelError') throw new ModelError(error.message);
  throw error;
}

/** A worker thread with its own models, running `script` (which calls serveLane with the same kind). */
export class WorkerLane<Spec, Description, Request, Result> implements Lane<Spec, Description, Request, Result> {
  private readonly channel: WorkerChannel;

  constructor(
    private readonly kind: ModelKind<Spec, Description, Request, Result>,
    threads: number,
    script: string,
  ) {
    this.channel = new WorkerChannel({ name: 'inference lane', start: threadWorker(script, { workerData: { threads } }), single: true });
    // The thread starts now, not on the first request: its start-up overlaps the job's first decode.
    this.channel.start();
  }

  get pending(): number {
    return this.channel.pending;
  }

  get alive(): boolean {
    return this.channel.alive;
  }

  describe(spec: Spec): Promise<Description> {
    return this.channel.request<Description>(DESCRIBE, spec).catch(local);
  }

  infer(request: Request): Promise<Result> {
    // The input's buffers move to the lane: this thread has no further use for them.
    return this.channel.request<Result>(INFER, request, { transfer: this.kind.transfer?.(request) ?? [] }).catch(local);
  }

  /** Asks the thread to release its models (after the inferences queued) and end; ended by force after 10 s. */
  close(): Promise<void> {
    return this.channel.close({ notification: CLOSE, graceMs: 10_000 });
  }
}

/** A lane thread's main: serves `kind`'s models to the job that started it. */
export function serveLane<Spec, Description, Request, Result>(kind: ModelKind<Spec, Description, Request, Result>, threads: number): void {
  prepareWorker();
  const lane = new ThreadLane(kind, threads);
  const peer = new Peer(hostEndpoint());
  peer.onRequest<Spec, Description>(DESCRIBE, (spec) => lane.describe(spec));
  peer.onRequest<Request, Result>(INFER, (request) => lane.infer(request));
  // After the inferences already queued. In a worker, exit ends this thread only.
  peer.onNotification(CLOSE, () => void lane.close().finally(() => process.exit(0)));
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

/**
 * `count` lanes: this thread and `count − 1` worker threads running `script`. This thread runs
 * models between its other work rather than idling: a worker costs its start-up (~25 ms of CPU)
 * and its own copy of each model (~30 ms to load).
 */
export function openLanes<Spec, Description, Request, Result>(kind: ModelKind<Spec, Description, Request, Result>, count: number, threads: number, script: () => string): Lane<Spec, Description, Request, Result>[] {
  const lanes: Lane<Spec, Description, Request, Result>[] = [new ThreadLane(kind, threads)];
  try {
    for (let i = 1; i < count; i++) lanes.push(new WorkerLane(kind, threads, script()));
  } catch (error) {
    for (const lane of lanes) void lane.close();
    throw error;
  }
  // This thread keeps the addon loaded when the workers exit (see ort()).
  if (count > 1) ort();
  return lanes;
}

/** Several lanes as one: each model described once (every lane loads it meanwhile), each inference to the least busy lane. */
export class LanePool<Spec, Description, Request, Result> {
  private readonly described = new Map<string, Promise<Description>>();

  constructor(
    private readonly kind: ModelKind<Spec, Description, Request, Result>,
    private readonly lanes: readonly Lane<Spec, Description, Request, Result>[],
  ) {
    if (lanes.length === 0) throw new Error('a lane pool needs at least one lane');
  }

  get size(): number {
    return this.lanes.length;
  }

  describe(spec: Spec): Promise<Description> {
    const key = this.kind.key(spec);
    let description = this.described.get(key);
    if (!description) {
      // Every lane loads the model now (in parallel, while the first input is prepared); the
      // first lane's answer describes it.
      for (const lane of this.lanes.slice(1)) lane.describe(spec).catch(() => undefined);
      description = this.lanes[0].describe(spec);
      description.catch(() => undefined);
      this.described.set(key, description);
    }
    return description;
  }

  /** To the least busy lane still alive (a lane whose thread died fails only what it held). */
  infer(request: Request): Promise<Result> {
    let best: Lane<Spec, Description, Request, Result> | undefined;
    for (const lane of this.lanes) if (lane.alive && (!best || lane.pending < best.pending)) best = lane;
    return (best ?? this.lanes[0]).infer(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close().catch(() => undefined)));
  }
}
