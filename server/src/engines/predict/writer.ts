/**
 * A CSV output written as it is computed (predictions, feature tables): lines go to a temporary
 * file beside the target, which is put in place only once complete — linked when the target must
 * not exist (an existing output is refused unless the caller forces its replacement), renamed over
 * it when forced. A cancelled or failed run leaves nothing behind.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { t } from '../../l10n/t';
import { namedOutputFile, putInPlace, removeAbandonedTemps, tempName } from '../core/output';

export class OutputExistsError extends Error {
  override readonly name = 'OutputExistsError';
}

export { csvCell } from '../../common/escape';

/**
 * Lines built as UTF-8 bytes in one buffer, which grows as needed: each piece's characters are
 * stored directly (no string per line, no rope to flatten and encode); `take` hands the bytes over
 * and starts a new buffer of the same size.
 */
export class LineBytes {
  private buffer: Buffer;
  private at = 0;

  constructor(private capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Room for `n` more bytes. */
  private reserve(n: number): void {
    if (this.at + n <= this.capacity) return;
    this.capacity = Math.max(2 * this.capacity, this.at + n);
    const grown = Buffer.allocUnsafe(this.capacity);
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }

  text(s: string): this {
    const n = s.length;
    this.reserve(3 * n);
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        // Not ASCII: the rest as UTF-8 (3 bytes at most per UTF-16 unit).
        this.at = at + buffer.write(s.slice(i), at, 'utf8');
        return this;
      }
      buffer[at++] = c;
    }
    this.at = at;
    return this;
  }

  /**
   * The number at `from` in a JSON array of numbers, up to its `,` or `]` (ASCII, at most 24
   * characters: "-2.2250738585072014e-308"); answers where the next number starts.
   */
  number(json: string, from: number): number {
    this.reserve(32);
    const buffer = this.buffer;
    let at = this.at;
    let i = from;
    for (let c = json.charCodeAt(i); c !== 44 && c !== 93; c = json.charCodeAt(++i)) buffer[at++] = c;
    this.at = at;
    return i + 1;
  }

  byte(c: number): this {
    this.reserve(1);
    this.buffer[this.at++] = c;
    return this;
  }

  /** The bytes so far (the caller owns them); the next lines go to a new buffer. */
  take(): Buffer {
    const bytes = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.allocUnsafe(this.capacity);
    this.at = 0;
    return bytes;
  }
}

export class CsvOutput {
  private constructor(
    readonly target: string,
    private readonly temp: string,
    private readonly stream: WriteStream,
    private readonly replace: boolean,
  ) {}

  /** Refuses an existing target unless `replace`; opens the temporary file. */
  static async open(named: string, replace: boolean): Promise<CsvOutput> {
    // Replaced: only a regular file (or a new name) can be; a folder, a device or a FIFO is refused (#92).
    const target = replace ? await namedOutputFile(named) : named;
    if (!replace && (await fs.lstat(target).then(() => true, () => false))) {
      throw new OutputExistsError(t('{0} already exists: it is never overwritten (--force, or force: true, replaces it)', target));
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await removeAbandonedTemps(path.dirname(target));
    const temp = tempName(target);
    const stream = createWriteStream(temp, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    return new CsvOutput(target, temp, stream, replace);
  }

  /** Appends text or bytes (no longer touched by the caller); waits when the file's buffer is full. */
  async write(text: string | Uint8Array): Promise<void> {
    if (!this.stream.write(text)) await new Promise<void>((resolve, reject) => {
      const done = () => { this.stream.off('error', fail); resolve(); };
      const fail = (error: Error) => { this.stream.off('drain', done); reject(error); };
      this.stream.once('drain', done).once('error', fail);
    });
  }

  /** Puts the complete file in place. */
  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    await putInPlace(this.temp, this.target, this.replace).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new OutputExistsError(t('{0} already exists: it is never overwritten (--force, or force: true, replaces it)', this.target));
      throw error;
    });
  }

  /** Gives the file up: nothing is left. */
  async abort(): Promise<void> {
    this.stream.destroy();
    await fs.rm(this.temp, { force: true });
  }
}
