/**
 * A fake compute family for the job layer's tests: each item waits a while (or spins without
 * yielding, or crashes its worker, or fails), then writes `<name>.out.txt` through the core output
 * writer. Nothing here is blur-specific: it is what predictions and pipelines will look like.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobFamily } from '../../src/engines/core/job';
import { writeOutput } from '../../src/engines/core/output';

export interface FakeItem {
  /** An input file: its output is `<name>.out.txt` in the same folder, holding its text upper-cased. */
  file: string;
  /** Milliseconds of (asynchronous) work before the write. */
  ms?: number;
  /** Milliseconds of synchronous work that ignores cancellation (a native call, a command). */
  spinMs?: number;
  fail?: string;
  /** Ends the worker with this exit code. */
  crash?: number;
}

export interface FakeOptions {
  suffix: string;
  concurrency?: number;
}

export interface FakeResult {
  file: string;
  output?: string;
  bytes?: number;
  error?: string;
}

export const fakeFamily: JobFamily<FakeItem, FakeResult, FakeOptions> = {
  name: 'fake',
  label: (item) => path.basename(item.file),
  failed: (item, message) => ({ file: item.file, error: message }),
  concurrency: (_items, options) => options.concurrency ?? 1,
  async run(item, { options, signal }) {
    if (item.crash !== undefined) process.exit(item.crash);
    if (item.ms) await sleep(item.ms);
    if (item.spinMs) {
      const end = Date.now() + item.spinMs;
      while (Date.now() < end) {
        // Busy: this worker cannot even read its messages meanwhile.
      }
    }
    if (item.fail) throw new Error(item.fail);
    const bytes = Buffer.from(readFileSync(item.file, 'utf8').toUpperCase().repeat(20_000));
    const output = await writeOutput(item.file, bytes, { suffix: options.suffix, signal });
    return { file: item.file, output, bytes: bytes.length };
  },
};
