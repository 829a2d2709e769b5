/**
 * The one way Archipel talks to its workers (the blur process, inference lanes, the Mermaid thread,
 * the CLI's check threads): requests with answers, notifications (free-standing, or tied to a
 * request to stream its partial results), cancellation, and errors that keep their name. Both ends
 * run a `Peer`; the host's `WorkerChannel` also owns the worker's life: started on first use,
 * restarted after a crash (the requests it held fail with a message that names the worker and how
 * it ended), stopped after a while without work, and never keeping the process alive while idle.
 *
 * Hand-written rather than vscode-jsonrpc: a lane hands its tensors over by transfer (no copy), which
 * jsonrpc's port writer cannot do, and a worker here needs no Content-Length framing.
 */

/** What crosses the channel: plain data (structured clone for threads, JSON for processes). */
export type ChannelMessage =
  | { ch: 'request'; id: number; method: string; params: unknown }
  | { ch: 'response'; id: number; result: unknown }
  | { ch: 'response'; id: number; error: RemoteErrorData }
  | { ch: 'notification'; method: string; params: unknown; re?: number }
  | { ch: 'cancel'; id: number };

/** An error as it crosses: its class name (ModelError, …), message and errno-style code. */
export interface RemoteErrorData {
  name: string;
  message: string;
  code?: string;
}

/** An error thrown by the other end: `name` is the class name there. */
export class RemoteError extends Error {
  readonly code: string | undefined;
  constructor(data: RemoteErrorData) {
    super(data.message);
    this.name = data.name;
    this.code = data.code;
  }
}

/** The worker ended (crashed, was killed, or closed) while requests were waiting. */
export class WorkerGoneError extends Error {
  override readonly name = 'WorkerGoneError';
}

/** A request given up on: cancelled and not answered within the grace period, or timed out. */
export class RequestAbandonedError extends Error {
  override readonly name = 'RequestAbandonedError';
  constructor(
    message: string,
    readonly reason: 'cancelled' | 'timeout',
  ) {
    super(message);
  }
}

/** One end's way to send; `transfer` moves ArrayBuffers instead of copying them (threads only). */
export interface Endpoint {
  post(message: ChannelMessage, transfer?: readonly ArrayBuffer[]): void;
  listen(onMessage: (message: ChannelMessage) => void): void;
}

/** What a request handler gets: cancellation and a way to stream notifications tied to its request. */
export interface RequestContext {
  /** Aborted when the other end cancels the request. */
  readonly signal: AbortSignal;
  /** A notification the requester receives through the request's `onNotification`. */
  notify(method: string, params: unknown, transfer?: readonly ArrayBuffer[]): void;
}

export type RequestHandler = (params: never, context: RequestContext) => unknown;
export type NotificationHandler = (params: never) => void;

export interface RequestOptions {
  /** ArrayBuffers in `params` to move to the other end. */
  transfer?: readonly ArrayBuffer[];
  /** Notifications the handler sends about this request (streamed results, progress). */
  onNotification?: (method: string, params: unknown) => void;
  /** Cancels the request: the other end's handler sees its signal abort. */
  signal?: AbortSignal;
}

function isChannelMessage(value: unknown): value is ChannelMessage {
  return typeof value === 'object' && value !== null && typeof (value as { ch?: unknown }).ch === 'string';
}

export function errorData(error: unknown): RemoteErrorData {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onNotification?: RequestOptions['onNotification'];
  cleanup(): void;
}

/**
 * One end of a channel: sends requests and notifications, answers the other end's requests with
 * the handlers registered. Handlers may be async; a thrown error goes back as a RemoteError.
 */
export class Peer {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();
  private readonly incoming = new Map<number, AbortController>();
  private closedWith: Error | undefined;

  constructor(private readonly endpoint: Endpoint) {
    endpoint.listen((message) => {
      if (isChannelMessage(message)) this.receive(message);
    });
  }

  /** Requests sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Requests received and still being handled. */
  get handling(): number {
    return this.incoming.size;
  }

  onRequest<P, R>(method: string, handler: (params: P, context: RequestContext) => R | Promise<R>): void {
    this.requestHandlers.set(method, handler);
  }

  onNotification<P>(method: string, handler: (params: P) => void): void {
    this.notificationHandlers.set(method, handler);
  }

  request<R>(method: string, params: unknown, options: RequestOptions = {}): Promise<R> {
    return this.send<R>(method, params, options).answer;
  }

  /** A request and its id (to abandon it by id). */
  send<R>(method: string, params: unknown, options: RequestOptions = {}): { id: number | undefined; answer: Promise<R> } {
    if (this.closedWith) return { id: undefined, answer: Promise.reject(this.closedWith) };
    if (options.signal?.aborted) return { id: undefined, answer: Promise.reject(new RequestAbandonedError(`${method} was cancelled before it was sent`, 'cancelled')) };
    const id = this.nextId++;
    const answer = new Promise<R>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = () => this.post({ ch: 'cancel', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, {
        resolve: resolve,
        reject,
        onNotification: options.onNotification,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      try {
        this.endpoint.post({ ch: 'request', id, method, params }, options.transfer);
      } catch (error) {
        this.settle(id)?.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    return { id, answer };
  }

  notify(method: string, params: unknown, transfer?: readonly ArrayBuffer[]): void {
    this.post({ ch: 'notification', method, params }, transfer);
  }

  /** Fails every request waiting (the other end is gone) and refuses new ones with `error`. */
  close(error: Error): void {
    this.closedWith ??= error;
    this.failPending(error);
    for (const controller of this.incoming.values()) controller.abort();
    this.incoming.clear();
  }

  /** Fails the requests waiting, keeping the peer usable (a restarted worker behind the same endpoint). */
  failPending(error: Error): void {
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(error);
  }

  /** Gives up on one request: it fails with `error`, a late answer is ignored. */
  abandon(id: number, error: Error): void {
    this.settle(id)?.reject(error);
  }

  private post(message: ChannelMessage, transfer?: readonly ArrayBuffer[]): void {
    if (this.closedWith) return;
    try {
      this.endpoint.post(message, transfer);
    } catch {
      // The other end is gone: its exit fails what was waiting.
    }
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    this.waiting.delete(id);
    waiting.cleanup();
    return waiting;
  }

  private receive(message: ChannelMessage): void {
    switch (message.ch) {
      case 'response': {
        const waiting = this.settle(message.id);
        if (!waiting) return;
        if ('error' in message) waiting.reject(new RemoteError(message.error));
        else waiting.resolve(message.result);
        return;
      }
      case 'notification':
        if (message.re !== undefined) this.waiting.get(message.re)?.onNotification?.(message.method, message.params);
        else (this.notificationHandlers.get(message.method) as ((params: unknown) => void) | undefined)?.(message.params);
        return;
      case 'cancel':
        this.incoming.get(message.id)?.abort();
        return;
      case 'request':
        void this.handle(message);
        return;
    }
  }

  private async handle(message: Extract<ChannelMessage, { ch: 'request' }>): Promise<void> {
    const { id, method } = message;
    const handler = this.requestHandlers.get(method) as ((params: unknown, context: RequestContext) => unknown) | undefined;
    if (!handler) {
      this.post({ ch: 'response', id, error: { name: 'Error', message: `no handler for ${method}` } });
      return;
    }
    const controller = new AbortController();
    this.incoming.set(id, controller);
    const context: RequestContext = {
      signal: controller.signal,
      notify: (method, params, transfer) => this.post({ ch: 'notification', method, params, re: id }, transfer),
    };
    try {
      const result = await handler(message.params, context);
      this.post({ ch: 'response', id, result: result === undefined ? null : result });
    } catch (error) {
      this.post({ ch: 'response', id, error: errorData(error) });
    } finally {
      this.incoming.delete(id);
    }
  }
}

/** A running worker as the channel sees it: a thread or a child process (see workers.ts). */
export interface WorkerHandle extends Endpoint {
  /** Called once when the worker has ended: how ("exit code 1", "signal SIGKILL") and the error it threw, if any. */
  onExit(listener: (end: { how: string; error?: Error }) => void): void;
  /** Whether the worker keeps this process alive. */
  ref(): void;
  unref(): void;
  /** Ends the worker now. */
  kill(): void;
}

export interface WorkerChannelOptions {
  /** How errors name the worker: "the blur process", "inference lane". */
  name: string;
  start: () => WorkerHandle;
  /** Stop the worker after this long without a request in flight (default: never). */
  idleMs?: number;
  /** Each request's time limit: past it, the request fails and the worker is restarted (default: none). */
  timeoutMs?: number;
  /**
   * What a request sent before the worker's first answer may take more than `timeoutMs`: its start-up (loading
   * jsdom and Mermaid takes seconds, tens of seconds on a busy machine) is no stuck request (default: 0).
   */
  startMs?: number;
  /**
   * How long a cancelled request may take to answer before the worker is ended (default: none: the
   * worker decides). Work that may not notice a cancellation (a command, a native call) sets this.
   */
  cancelGraceMs?: number;
  /** Once its worker has ended, refuse requests (true) instead of starting a new worker (default: false). */
  single?: boolean;
  /** Requests and notifications the worker sends to this side. */
  setup?: (peer: Peer) => void;
  log?: (message: string) => void;
}

/**
 * A worker behind a Peer, with its life managed: started on the first request, ref'd while a
 * request is in flight and unref'd otherwise (an idle worker never keeps a CLI run alive), stopped
 * after `idleMs` without work. When the worker ends with requests in flight, they fail with a
 * WorkerGoneError naming the worker and the way it ended; the next request starts a fresh worker
 * (unless `single`).
 */
export class WorkerChannel {
  private worker: WorkerHandle | undefined;
  private peer: Peer | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private ended: Error | undefined;
  private exited: Promise<void> = Promise.resolve();
  private starts = 0;
  private closing: WorkerHandle | undefined;
  /** Whether the running worker has answered a request since it started (its start-up is behind it). */
  private answered = false;

  constructor(private readonly options: WorkerChannelOptions) {}

  /** Requests in flight. */
  get pending(): number {
    return this.peer?.pending ?? 0;
  }

  /** False once a `single` channel's worker has ended or the channel was closed. */
  get alive(): boolean {
    return this.ended === undefined;
  }

  /** Whether a worker is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Workers started so far (a restart after a crash counts). */
  get started(): number {
    return this.starts;
  }

  request<R>(method: string, params: unknown, options: RequestOptions = {}): Promise<R> {
    if (this.ended) return Promise.reject(this.ended);
    let peer: Peer;
    try {
      peer = this.ensure();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    clearTimeout(this.idleTimer);
    this.worker?.ref();
    const { id, answer } = peer.send<R>(method, params, options);
    if (id === undefined) return answer;
    const timers: NodeJS.Timeout[] = [];
    if (this.options.timeoutMs !== undefined) {
      const limit = this.options.timeoutMs + (this.answered ? 0 : (this.options.startMs ?? 0));
      timers.push(
        setTimeout(() => {
          peer.abandon(id, new RequestAbandonedError(`${this.options.name} did not answer ${method} within ${limit} ms`, 'timeout'));
          this.restart(`${method} timed out`);
        }, limit),
      );
    }
    const grace = this.options.cancelGraceMs;
    const signal = options.signal;
    const onAbort = () => {
      timers.push(
        setTimeout(() => {
          peer.abandon(id, new RequestAbandonedError(`${this.options.name} did not stop ${method} within ${grace} ms of its cancellation: it was ended`, 'cancelled'));
          this.restart(`${method} was cancelled`);
        }, grace),
      );
    };
    if (grace !== undefined && signal) signal.addEventListener('abort', onAbort, { once: true });
    const answered = () => {
      if (this.peer === peer) this.answered = true;
    };
    const done = () => {
      for (const timer of timers) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (this.peer === peer) this.scheduleIdle();
    };
    answer.then(answered, () => undefined);
    answer.then(done, done);
    return answer;
  }

  notify(method: string, params: unknown): void {
    this.ensure().notify(method, params);
  }

  /** Starts the worker now rather than on the first request (its start-up overlaps other work); idle, it keeps no process alive. */
  start(): void {
    if (this.ended) return;
    this.ensure();
    this.scheduleIdle();
  }

  private ensure(): Peer {
    if (this.peer) return this.peer;
    const worker = this.options.start();
    this.starts++;
    this.answered = false;
    const peer = new Peer(worker);
    this.options.setup?.(peer);
    this.worker = worker;
    this.peer = peer;
    this.exited = new Promise((resolve) =>
      worker.onExit(({ how, error: thrown }) => {
        // Ended by this side (idle, closed, restarted) or on its own.
        const expected = this.worker !== worker || this.closing === worker;
        if (!expected) {
          this.worker = undefined;
          this.peer = undefined;
          clearTimeout(this.idleTimer);
        }
        const message = thrown ? `${this.options.name} failed: ${thrown.message}` : `${this.options.name} stopped ${expected ? '' : 'unexpectedly '}(${how})`;
        const error = new WorkerGoneError(message);
        if (!expected) this.options.log?.(message);
        peer.close(error);
        if (this.options.single) this.ended ??= error;
        resolve();
      }),
    );
    return peer;
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.pending > 0 || !this.worker) return;
    this.worker.unref();
    if (this.options.idleMs === undefined) return;
    this.idleTimer = setTimeout(() => {
      if (this.pending === 0) this.stopWorker();
    }, this.options.idleMs);
    this.idleTimer.unref();
  }

  private restart(why: string): void {
    this.options.log?.(`${this.options.name} ended: ${why}`);
    this.stopWorker();
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.peer?.close(new WorkerGoneError(`${this.options.name} stopped: it was ended by its host`));
    this.peer = undefined;
    clearTimeout(this.idleTimer);
    worker?.kill();
  }

  /**
   * Ends the channel: with `notification`, asks the worker to finish what it holds and exit
   * (ended by force after `graceMs`); otherwise ends it now. No request is accepted afterwards.
   */
  async close(options: { notification?: string; graceMs?: number } = {}): Promise<void> {
    this.ended ??= new WorkerGoneError(`${this.options.name} stopped: it was closed`);
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    if (!worker) return;
    if (options.notification) {
      this.closing = worker;
      this.peer?.notify(options.notification, null);
      const timer = setTimeout(() => worker.kill(), options.graceMs ?? 10_000);
      await this.exited;
      clearTimeout(timer);
      return;
    }
    this.stopWorker();
    await this.exited;
  }

  /** Ends the worker now; the next request starts a new one (unless the channel was closed). */
  dispose(): void {
    this.stopWorker();
  }
}
