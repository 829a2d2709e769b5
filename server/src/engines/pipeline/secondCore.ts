/**
 * A second core for hashing: a cold status of 1 GB spends most of its time in md5 (OpenSSL's, as
 * fast as md5sum's), one file after another on this thread. A worker thread hashes part of the
 * files meanwhile: files are handed to it while it has fewer than `QUEUE` waiting, the rest are
 * hashed here. The worker is started on first use and does not keep the process alive (unref);
 * it ends after a while without work. Where a worker cannot start, everything is hashed here.
 */
import { Worker } from 'node:worker_threads';

// Run as its own script in the thread (eval): the same reading as hash.ts's fileMd5Sync, one
// reused 1 MB buffer, the md5 or the error's message back.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, file }) => {
  try {
    const hash = createHash('md5');
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const read = readSync(fd, buffer, 0, buffer.length, null);
        if (read === 0) break;
        hash.update(buffer.subarray(0, read));
      }
    } finally {
      closeSync(fd);
    }
    parentPort.postMessage({ id, md5: hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

const QUEUE = 32;
const IDLE_MS = 5_000;

export class SecondCore {
  private worker: Worker | undefined;
  private failed = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (md5: string) => void; reject: (error: Error) => void }>();
  private idle: NodeJS.Timeout | undefined;

  /** Whether the worker can take one more file now. */
  get available(): boolean {
    return !this.failed && this.waiting.size < QUEUE;
  }

  hash(file: string): Promise<string> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error('no worker'));
    const id = this.nextId++;
    if (this.idle) clearTimeout(this.idle);
    worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, file });
    });
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(SOURCE, { eval: true });
      worker.on('message', ({ id, md5, error }: { id: number; md5?: string; error?: string }) => {
        const waiter = this.waiting.get(id);
        this.waiting.delete(id);
        if (md5 !== undefined) waiter?.resolve(md5);
        else waiter?.reject(new Error(error));
        if (this.waiting.size === 0) this.rest();
      });
      worker.on('error', (error) => this.stop(error));
      worker.on('exit', () => this.stop(new Error('the hashing thread ended')));
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  /** Nothing to do: the thread no longer holds the process, and ends after a while. */
  private rest(): void {
    this.worker?.unref();
    this.idle = setTimeout(() => void this.worker?.terminate(), IDLE_MS);
    this.idle.unref();
  }

  private stop(error: Error): void {
    this.worker = undefined;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
