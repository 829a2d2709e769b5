/**
 * Mermaid's parser in a worker thread (server/src/mermaid/worker.ts): started on the first diagram
 * to check, stopped after a minute without work (jsdom and Mermaid hold about 110 MB), keeping the
 * process alive only while it has work. Parsing is off the language server's thread.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MermaidChecker, MermaidParseResult } from '../mermaid/feature';

/** The worker script: next to the bundle (dist/server/mermaidWorker.js) or compiled by tsc (out/). */
export function mermaidWorkerPath(): string {
  const candidates = [path.join(__dirname, 'mermaidWorker.js'), path.join(__dirname, '..', 'mermaid', 'worker.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the Mermaid worker is missing (looked for ${candidates.join(', ')})`);
  return found;
}

const IDLE_MS = 60_000;
const TIMEOUT_MS = 20_000;

export class WorkerMermaidParser implements MermaidChecker {
  private worker: Worker | undefined;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: MermaidParseResult) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly script: () => string = mermaidWorkerPath) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script());
    worker.on('message', (message: { id: number } & MermaidParseResult) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.ok ? { ok: true, diagramType: message.diagramType } : { ok: false, failure: message.failure });
      this.scheduleIdle();
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(error);
        this.pending.delete(id);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the Mermaid worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private scheduleIdle(): void {
    clearTimeout(this.idle);
    if (this.pending.size > 0) return;
    // Idle: the worker must not keep the process alive (a CLI run ends when its work is done).
    this.worker?.unref();
    this.idle = setTimeout(() => this.dispose(), IDLE_MS);
    this.idle.unref();
  }

  parse(text: string): Promise<MermaidParseResult> {
    clearTimeout(this.idle);
    const worker = this.start();
    // Waiting for an answer keeps the process alive (a promise alone does not).
    worker.ref();
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('the Mermaid parser did not answer in time'));
        // A parser stuck on a pathological text is restarted for the next request.
        void this.worker?.terminate();
        this.worker = undefined;
      }, TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, text });
    });
  }

  dispose(): void {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
