/**
 * The scores an exact ROC AUC needs, past the metrics stream's budget (predict/metrics.ts's
 * RunStore), in a temporary file beside the predictions' output: 4 bytes a labelled row on disk
 * instead of in memory. The file has the output's temporary name (engines/core/output.ts's
 * tempName: `.NAME.<pid><random>.tmp`), created exclusively; the run removes it when its metrics are
 * computed or when it fails, and what a killed run leaves is removed like its temporary CSV: by the
 * next run writing to that folder (removeAbandonedTemps), or by the CLI when the run's thread dies
 * (bounded.ts). Synchronous: called on the run's thread between batches, a block at a time.
 */
import { closeSync, constants, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { RunStore } from '../../predict/metrics';
import { tempName } from '../core/output';

/** Created, read and written by this process's user only; never through a file or a link already at the name. */
const FLAGS = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

export class FileRunStore implements RunStore {
  private fd: number | undefined;
  private size = 0;

  private constructor(readonly file: string, fd: number) {
    this.fd = fd;
  }

  /** A new empty store beside `output` (the predictions CSV's path), under a name no other file has. */
  static beside(output: string): FileRunStore {
    for (let attempt = 1; ; attempt++) {
      const file = tempName(output);
      try {
        return new FileRunStore(file, openSync(file, FLAGS, 0o600));
      } catch (error) {
        // Another temporary file of this process took the name (4 random hex digits): another draw.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 16) throw error;
      }
    }
  }

  private handle(): number {
    if (this.fd === undefined) throw new Error(`run store ${this.file}: already disposed`);
    return this.fd;
  }

  append(values: Float32Array | Float64Array): number {
    const fd = this.handle();
    const at = this.size;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    this.size += bytes.length;
    return at;
  }

  read(offset: number, into: Float32Array | Float64Array): void {
    const fd = this.handle();
    if (offset < 0 || offset + into.byteLength > this.size) throw new RangeError(`run store ${this.file}: ${into.byteLength} bytes at ${offset} are past its ${this.size}`);
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    for (let done = 0; done < bytes.length;) {
      const n = readSync(fd, bytes, done, bytes.length - done, offset + done);
      if (n === 0) throw new Error(`run store ${this.file}: the file ends at ${offset + done} bytes, ${this.size} were written`);
      done += n;
    }
  }

  dispose(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try {
      closeSync(fd);
    } finally {
      rmSync(this.file, { force: true });
    }
  }
}
