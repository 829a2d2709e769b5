/**
 * The one way Archipel reads a workspace file (issue #50): the file it checks and every side file a
 * check pulls in (a Compose `.env` or `env_file`, a pipeline's params, a `.dvc` file, a
 * `.dockerignore`). Regular files only, by fstat of the opened descriptor (a device such as
 * `/dev/zero` behind a link, a FIFO or a socket is refused, never read), at most a bound per kind,
 * read through the one descriptor; side files confined to the run's folders (confineReads).
 * Decoding is common/textDecoding.ts's.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isWithin } from '../common/containment';
import { confinedPath, confinedPathMessage } from './containment';
import { DEFAULT_SIDE_FILE_KB, type NotRead, type SideText } from '../common/sideFile';
import { decodeText, type DecodedText } from '../common/textDecoding';

export type { NotRead, SideText } from '../common/sideFile';

/**
 * The most a checked file is read to: V8's longest string (files past archipel.validation.maxFileSizeKb
 * are read, to say their size, but never checked). A larger one is refused, not read.
 */
export const MAX_CHECKED_BYTES = 0x1fffffe8;

/** The first read of a file whose size fstat does not tell (procfs). */
const SIZELESS_CHUNK = 64 * 1024;

// O_NONBLOCK is POSIX's (Windows has no FIFOs to open): a FIFO cannot hold the open.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The error a checked file that cannot be read gives (platform/indexLoad.ts: that file's "Cannot read the file"). */
function readError(file: string, reason: NotRead): Error {
  const words: Record<NotRead, string> = {
    missing: 'no such file',
    outside: 'outside the workspace',
    'not-a-file': 'not a regular file (a device, a FIFO or a socket): not read',
    'too-large': `larger than ${MAX_CHECKED_BYTES} bytes: not read`,
    unreadable: 'not readable',
  };
  return new Error(`${file}: ${words[reason]}`);
}

/** The checked file's text (the index, `archipel check`, the server's scan): a regular file, read through its descriptor. */
export async function readText(file: string): Promise<DecodedText> {
  const handle = await open(file, READ_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw readError(file, 'not-a-file');
    if (stats.size > MAX_CHECKED_BYTES) throw readError(file, 'too-large');
    return decodeText(await handle.readFile());
  } finally {
    await handle.close();
  }
}

/** `opened`: told the size and modification time of the file read, from its descriptor (the index cache's stamp: platform/oneFile.ts). */
export function readTextSync(file: string, opened?: (stats: { size: number; mtimeMs: number }) => void): DecodedText {
  const bytes = readRegularFileSync(file, MAX_CHECKED_BYTES, 0, opened);
  if (typeof bytes === 'string') throw readError(file, bytes);
  return decodeText(bytes);
}

/**
 * A regular file's bytes, read through one descriptor: opened without blocking (a FIFO cannot hold
 * the open), checked by fstat of that descriptor (a device, FIFO or socket — `/dev/zero` behind a
 * committed link — is refused, never read), at most `limit` bytes (a larger file is refused, not
 * read; one that grows while read is cut at `limit` + 1 and refused).
 */
export function readRegularFileSync(file: string, limit: number, flags = 0, opened?: (stats: { size: number; mtimeMs: number }) => void): Buffer | NotRead {
  let fd: number;
  try {
    fd = openSync(file, READ_FLAGS | flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : code === 'ELOOP' ? 'outside' : 'unreadable';
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return 'not-a-file';
    if (stats.size > limit) return 'too-large';
    opened?.(stats);
    // Sized by fstat, one byte more to see a file grown past its bound; a file that says 0 bytes
    // (procfs) is read in chunks, to its end or past the bound. A file read to the size fstat told is
    // read whole: one read, not a second one to meet its end (20,000 calls in a one-file check's
    // context, issue #84).
    let buffer = Buffer.allocUnsafe(Math.min(stats.size || SIZELESS_CHUNK, limit) + 1);
    let read = 0;
    for (;;) {
      if (read === buffer.length) {
        if (stats.size > 0 || read > limit) break;
        buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(buffer.length, limit + 1 - read))]);
      }
      const n = readSync(fd, buffer, read, buffer.length - read, null);
      if (n === 0) break;
      read += n;
      if (read === stats.size) break;
    }
    return read > limit ? 'too-large' : buffer.subarray(0, read);
  } catch {
    return 'unreadable';
  } finally {
    closeSync(fd);
  }
}

/** Whether nothing is at `file` (ENOENT), asked without an exception; false on any other answer or error. */
function lstatMissing(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}

/** The run's folders and the side files' bound. */
interface Confinement {
  roots: readonly string[];
  bytes: number;
}
/** The process's own (the language server's workspace folders), and the runs under way, latest last. */
let processConfinement: Confinement | undefined;
const runs: Confinement[] = [];
let confinement: Confinement | undefined;
let sideFileBytes = DEFAULT_SIDE_FILE_KB * 1024;

function settle(): void {
  confinement = runs.at(-1) ?? processConfinement;
  sideFileBytes = confinement?.bytes ?? DEFAULT_SIDE_FILE_KB * 1024;
}

function confinementOf(roots: readonly string[], maxSideFileKb: number, like?: Confinement): Confinement {
  const bytes = maxSideFileKb * 1024;
  if (like && like.roots.length === roots.length && like.roots.every((root, i) => root === roots[i])) return { ...like, bytes };
  return { roots: [...roots], bytes };
}

/**
 * The folders side files are read in, and their bound (archipel.validation.maxSideFileKb), for one
 * run: the project of the current folder and of each path named on the command line (`archipel
 * check`, the engines' commands). A side file lexically outside them is refused without a system
 * call (whether it exists is not told); one inside that resolves outside (a link) is refused before
 * it is opened. Until a run says its folders, nothing is confined (a library or test calling a
 * service directly). Gives what ends this run's confinement: runs at once in one process (two
 * commands a test starts together) end in any order, and the last one ended leaves nothing behind.
 */
export function confineReads(roots: readonly string[], maxSideFileKb = DEFAULT_SIDE_FILE_KB): () => void {
  const run = confinementOf(roots, maxSideFileKb, confinement);
  runs.push(run);
  settle();
  return () => {
    const at = runs.indexOf(run);
    if (at >= 0) runs.splice(at, 1);
    settle();
  };
}

/** The language server's confinement, for as long as it runs: its workspace folders (on every request, as they change). */
export function confineProcessReads(roots: readonly string[], maxSideFileKb = DEFAULT_SIDE_FILE_KB): void {
  processConfinement = confinementOf(roots, maxSideFileKb, processConfinement);
  settle();
}

/** `file`'s real path when it may be read (inside the run's folders, links followed while they stay inside: containment.ts confinedPath), else why not. */
function confined(file: string): { real: string } | { refused: NotRead } {
  const resolved = path.resolve(file);
  if (!confinement) return { real: resolved };
  // Lexically outside: refused without a system call (whether it exists is not told).
  if (!confinement.roots.some((root) => isWithin(resolved, root))) return { refused: 'outside' };
  const where = confinedPath(resolved, confinement.roots);
  return 'refused' in where ? { refused: 'outside' } : { real: where.path };
}

/**
 * Why a workspace path may not be read or written, in a sentence naming it (a link leading outside the
 * workspace names the link), or undefined when it may: the run's folders (confineReads), as every read
 * of a side file is confined. Whether a file exists outside the workspace is never told.
 */
export function confinementRefusal(file: string, action: 'read' | 'written'): string | undefined {
  if (!confinement) return undefined;
  const where = confinedPath(file, confinement.roots);
  return 'refused' in where ? confinedPathMessage(where, file, action) : undefined;
}

/** Told every side file the confined read refuses and why (platform/notRead.ts's ledger); the latest told only. */
const refusedSinks: ((file: string, reason: NotRead) => void)[] = [];

/** Tells `sink` each side file refused from now (outside, too large, not a file) until the function given back is called. */
export function onSideFileRefused(sink: (file: string, reason: NotRead) => void): () => void {
  refusedSinks.push(sink);
  return () => {
    const at = refusedSinks.indexOf(sink);
    if (at >= 0) refusedSinks.splice(at, 1);
  };
}

function refused(file: string, reason: NotRead): NotRead {
  if (reason !== 'missing') refusedSinks.at(-1)?.(path.resolve(file), reason);
  return reason;
}

/** A workspace file's bytes by the one bounded, confined read (a side file; a store's small file). */
export function readWorkspaceBytes(file: string, limit = sideFileBytes): Buffer | NotRead {
  const where = confined(file);
  if ('refused' in where) return refused(file, where.refused);
  // A missing side file (a folder with no `.env`: the common case) told by lstat, which gives no error for it: the
  // failed open's exception was a tenth of a Compose edit (#68). Here only, not in readRegularFileSync, which every
  // indexed file's read goes through (a syscall more for each file that is there). lstat follows no link at the end
  // (a dangling link or a loop is still the open's to refuse, as before); anything but "no entry" is left to the open.
  if (lstatMissing(where.real)) return 'missing';
  // The real path holds no link: O_NOFOLLOW keeps it so between the check and the open.
  const bytes = readRegularFileSync(where.real, limit, constants.O_NOFOLLOW ?? 0);
  return typeof bytes === 'string' ? refused(file, bytes) : bytes;
}

/** A side file's text, or why it was not read (common/sideFile.ts). */
export function readSideText(file: string, limit = sideFileBytes): SideText {
  const bytes = readWorkspaceBytes(file, limit);
  return typeof bytes === 'string' ? { refused: bytes } : { text: decodeText(bytes).text };
}

/** A side file's text, undefined when it is missing or refused (the readers that only need what it gives). */
export function readSideTextQuietly(file: string, limit = sideFileBytes): string | undefined {
  const read = readSideText(file, limit);
  return 'text' in read ? read.text : undefined;
}

/**
 * The error a bounded read throws, with `code` as Node's would be (ENOENT for a missing file, so
 * that callers telling "not there yet" from a failure keep doing so): the engines' fs.readFile.
 */
export class WorkspaceReadError extends Error {
  override readonly name = 'WorkspaceReadError';
  constructor(
    readonly file: string,
    readonly reason: NotRead,
    limit: number,
  ) {
    super(reason === 'too-large' ? `${file}: larger than ${limit} bytes: not read` : readError(file, reason).message);
  }
  get code(): string {
    return { missing: 'ENOENT', outside: 'EACCES', 'not-a-file': 'EINVAL', 'too-large': 'EFBIG', unreadable: 'EIO' }[this.reason];
  }
}

/** A regular file opened for reading: opened without blocking, refused by fstat of the descriptor unless a regular file (`flags` added). */
export async function openRegularFile(file: string, flags = 0): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, READ_FLAGS | flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WorkspaceReadError(file, 'missing', 0);
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) throw new WorkspaceReadError(file, 'not-a-file', 0);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The same, synchronously: a descriptor the caller closes (`flags` added: O_NOFOLLOW for a path already resolved). */
export function openRegularFileSync(file: string, flags = 0): number {
  let fd: number;
  try {
    fd = openSync(file, READ_FLAGS | flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WorkspaceReadError(file, 'missing', 0);
    throw error;
  }
  let regular = false;
  try {
    regular = fstatSync(fd).isFile();
  } finally {
    if (!regular) closeSync(fd);
  }
  if (!regular) throw new WorkspaceReadError(file, 'not-a-file', 0);
  return fd;
}

/** fs.readFile's bounded form (the engines' reads): a regular file of at most `limit` bytes, else a WorkspaceReadError. */
export async function readFileBounded(file: string, limit: number, flags = 0): Promise<Buffer> {
  const handle = await openRegularFile(file, flags);
  try {
    const size = (await handle.stat()).size;
    if (size > limit) throw new WorkspaceReadError(file, 'too-large', limit);
    // As readRegularFileSync: one byte more than fstat says, a file that says 0 bytes read in chunks.
    let buffer = Buffer.allocUnsafe(Math.min(size || SIZELESS_CHUNK, limit) + 1);
    let read = 0;
    for (;;) {
      if (read === buffer.length) {
        if (size > 0 || read > limit) break;
        buffer = Buffer.concat([buffer, Buffer.allocUnsafe(Math.min(buffer.length, limit + 1 - read))]);
      }
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, null);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    if (read > limit) throw new WorkspaceReadError(file, 'too-large', limit);
    return buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}

/** The same as UTF-8 text. */
export async function readTextBounded(file: string, limit: number): Promise<string> {
  return (await readFileBounded(file, limit)).toString('utf8');
}

/** fs.readFileSync's bounded form. */
export function readFileBoundedSync(file: string, limit: number): Buffer {
  const bytes = readRegularFileSync(file, limit);
  if (typeof bytes === 'string') throw new WorkspaceReadError(file, bytes, limit);
  return bytes;
}

/** The same as UTF-8 text. */
export function readTextBoundedSync(file: string, limit: number): string {
  return readFileBoundedSync(file, limit).toString('utf8');
}

/** The bounds of the engines' reads, by kind of file (docs/limits.md lists them). */
export const READ_BOUNDS = {
  /** Archipel's own state in .archipel/ (locks, journals, queue entries, caches, run logs). */
  state: 256 << 20,
  /** A configuration or params file an engine reads (params.yaml, dvc.yaml, a suite, a sidecar, a model card). */
  config: 16 << 20,
  /** A model or an image loaded whole (onnxruntime and sharp take buffers). */
  model: 4 * 1024 * 1024 * 1024,
} as const;

/**
 * A side file an engine reads (a params or metrics file, an MLflow store's file): confined to the
 * run's folders as readSideText is (confineReads: the repository of `archipel status`, `exp show`,
 * the workspace folders of the server), then readFileBounded.
 */
export async function readSideFileBounded(file: string, limit: number): Promise<Buffer> {
  const where = confined(file);
  if ('refused' in where) throw new WorkspaceReadError(file, where.refused, limit);
  return readFileBounded(where.real, limit, constants.O_NOFOLLOW ?? 0);
}

/** The same as UTF-8 text. */
export async function readSideTextBounded(file: string, limit: number): Promise<string> {
  return (await readSideFileBounded(file, limit)).toString('utf8');
}

/** A side file opened for streaming, confined as readSideFileBounded (an MLflow metric file). */
export async function openSideFile(file: string): Promise<FileHandle> {
  const where = confined(file);
  if ('refused' in where) throw new WorkspaceReadError(file, where.refused, 0);
  return openRegularFile(where.real, constants.O_NOFOLLOW ?? 0);
}

/** How many runs' confinements are under way (the unit layer checks each test ends those it starts). */
export function runsConfined(): number {
  return runs.length;
}

/** Ends every run's confinement (the unit layer, after a test that left one). */
export function endRunConfinements(): void {
  runs.length = 0;
  settle();
}

/** Ends the process's own (the unit layer, after a test that started a language server's session in its process). */
export function endProcessConfinement(): void {
  processConfinement = undefined;
  settle();
}
