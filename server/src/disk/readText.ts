/** Reads a workspace file as text the one way every reader does (common/textDecoding.ts). */
import { closeSync, constants, fstatSync, openSync, promises as fs, readFileSync, readSync } from 'node:fs';
import { decodeText, type DecodedText } from '../common/textDecoding';

export async function readText(file: string): Promise<DecodedText> {
  return decodeText(await fs.readFile(file));
}

export function readTextSync(file: string): DecodedText {
  return decodeText(readFileSync(file));
}

/** Why a bounded read gave no bytes. */
export type NotRead = 'missing' | 'not-a-file' | 'too-large' | 'unreadable';

/**
 * A regular file's bytes, read through one descriptor: opened without blocking (a FIFO cannot hold
 * the open), checked by fstat of that descriptor (a device, FIFO or socket — `/dev/zero` behind a
 * committed link — is refused, never read), at most `limit` bytes (a larger file is refused, not
 * read; one that grows while read is cut at `limit` + 1 and refused).
 */
export function readRegularFileSync(file: string, limit: number): Buffer | NotRead {
  let fd: number;
  try {
    // O_NONBLOCK is POSIX's (Windows has no FIFOs to open).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return 'not-a-file';
    if (stats.size > limit) return 'too-large';
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, limit) + 1);
    let read = 0;
    for (let n = 1; n > 0 && read < buffer.length; read += n) n = readSync(fd, buffer, read, buffer.length - read, null);
    return read > limit ? 'too-large' : buffer.subarray(0, read);
  } catch {
    return 'unreadable';
  } finally {
    closeSync(fd);
  }
}

/**
 * A small side file's text (a `.dvc` file, a Compose `.env`, a params file), undefined when it is
 * missing, unreadable, not a regular file or larger than `limit` bytes (readRegularFileSync).
 */
export function readSmallTextQuietly(file: string, limit = 1 << 20): string | undefined {
  const bytes = readRegularFileSync(file, limit);
  return typeof bytes === 'string' ? undefined : bytes.toString('utf8');
}
