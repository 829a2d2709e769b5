import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { FileResult, JobItem } from '../engines/blur/job';
import type { FromWorker, ToWorker, WorkerJobOptions } from '../engines/blur/worker';

interface Pending {
  onResult: (result: FileResult, done: number, total: number) => void;
  resolve: (outcome: { cancelled: boolean }) => void;
  reject: (error: Error) => void;
}

/** How long an idle blur process is kept: the next job skips starting Node, sharp and onnxruntime (each job loads its models and releases them when it ends). */
const IDLE_MS = 120_000;

/**
 * Owns the blur child process (dist/server/blurWorker.js): started on first use, stopped when idle
 * or when the server exits. A crash fails the jobs in flight with a clear message; the next job
 * starts a fresh process.
 */
export class BlurWorker {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly script: string = path.join(__dirname, 'blurWorker.js'),
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  run(items: JobItem[], options: WorkerJobOptions, onResult: Pending['onResult'], cancellation?: { onCancellationRequested(listener: () => void): unknown }): Promise<{ cancelled: boolean }> {
    clearTimeout(this.idleTimer);
    const child = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { onResult, resolve, reject });
      cancellation?.onCancellationRequested(() => this.send({ type: 'cancel', id }));
      this.send({ type: 'run', id, items, options }, child);
    });
  }

  private start(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    // The blur process must not inherit an inspector port or the server's stdio transport.
    const child = fork(this.script, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    this.child = child;
    this.log(`blur process started (pid ${child.pid})`);
    child.stderr?.on('data', (chunk: Buffer) => this.log(`blur process: ${chunk.toString().trimEnd()}`));
    child.on('message', (message: FromWorker) => this.receive(message));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const why = `the blur process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
      for (const [id, job] of this.pending) {
        job.reject(new Error(why));
        this.pending.delete(id);
      }
    });
    return child;
  }

  private send(message: ToWorker, child = this.child): void {
    if (child?.connected) child.send(message);
  }

  private receive(message: FromWorker): void {
    const job = this.pending.get(message.id);
    if (!job) return;
    if (message.type === 'result') {
      job.onResult(message.result, message.done, message.total);
      return;
    }
    this.pending.delete(message.id);
    if (message.error) job.reject(new Error(message.error));
    else job.resolve({ cancelled: message.cancelled });
    if (this.pending.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.dispose(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      child.disconnect();
      child.kill();
    }
  }
}
