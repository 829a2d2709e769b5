/**
 * The output writer of every compute family: an output never overwrites a file (the first free
 * name wins), and never appears half-written (the bytes go to a temporary file beside the target,
 * which is then linked or renamed into place). A cancelled job's write that has not been committed
 * leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { refuseStateLinks } from './safeWrite';

export interface OutputOptions {
  /** Appended to the input's name: `photo.blurred.jpg`. */
  suffix: string;
  /** The folder outputs go to (default: beside the input). */
  folder?: string;
  /** The folder the input was found under: outputs in `folder` keep the path below it. */
  root?: string;
  /** Once aborted, an output not yet in place is not put there (its temporary file is removed). */
  signal?: AbortSignal;
}

/** The write was given up because the job was cancelled: nothing was written. */
export class WriteCancelledError extends Error {
  override readonly name = 'WriteCancelledError';
}

/**
 * Where the output of `input` goes: `<name><suffix><ext>` next to it, or under `folder` keeping
 * the input's path relative to `root` (the folder it was found in). The first free name wins:
 * `<name><suffix>-2<ext>`, … — an existing file is never overwritten, the original never touched.
 */
export async function outputPathFor(input: string, options: OutputOptions): Promise<string> {
  const parsed = path.parse(input);
  const relativeDir = options.folder && options.root ? path.relative(options.root, parsed.dir) : '';
  const dir = options.folder ? path.join(options.folder, relativeDir.startsWith('..') ? '' : relativeDir) : parsed.dir;
  for (let n = 1; n < 10_000; n++) {
    const candidate = path.join(dir, `${parsed.name}${options.suffix}${n === 1 ? '' : `-${n}`}${parsed.ext}`);
    if (path.resolve(candidate) === path.resolve(input)) continue;
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(`no free output name for ${input} in ${dir}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * A temporary name beside `target`: `.<name>.<12 hex>.tmp`, the first 8 hex digits the writer's pid
 * (so that the next run can tell an abandoned one: removeAbandonedTemps), the last 4 random.
 */
export function tempName(target: string): string {
  const pid = (process.pid >>> 0).toString(16).padStart(8, '0').slice(-8);
  return path.join(path.dirname(target), `.${path.basename(target)}.${pid}${randomBytes(2).toString('hex')}.tmp`);
}

/** How many fresh temporary names are tried while each one drawn is taken (by a link, a stale file, another writer). */
const TEMP_ATTEMPTS = 8;

/**
 * Creates something new at a fresh temporary name beside `target` (tempName) with `create`, which must fail with
 * EEXIST when the name is taken and never follow or replace what is there (`wx`, COPYFILE_EXCL, mkdir); returns the
 * name. A name that is taken — a link planted there, a killed run's file, another writer's in progress — is left as it
 * is (never removed: it is not ours), and another one drawn. `create` removes what it made itself when it fails.
 */
export async function createTemp(target: string, create: (temp: string) => Promise<void>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const temp = tempName(target);
    try {
      await create(temp);
      return temp;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === TEMP_ATTEMPTS) throw error;
    }
  }
}

/**
 * Writes `bytes` to a new file at `temp` (createTemp's `create`), flushed to the disk when `sync`: a taken name fails
 * with EEXIST untouched; a failed write removes its own file.
 */
export async function writeNew(temp: string, bytes: Buffer | Uint8Array | string, sync = false): Promise<void> {
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    if (sync) await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
}

/** A temporary file of a process that is gone is abandoned; one older than this is too, whoever wrote it (a pid of another host, or reused). */
const ABANDONED_TEMP_MS = 24 * 3600_000;
const cleanedFolders = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files (tempName's) that a killed writer (`kill -9` of predict or blur) left
 * in `folder`: those whose writer's process is gone, or older than a day. Once per folder per
 * process (an output folder is listed once, not once per output); a temporary file of this process
 * is never touched (predict's run threads clean theirs: engines/predict/bounded.ts).
 */
export async function removeAbandonedTemps(folder: string): Promise<void> {
  const resolved = path.resolve(folder);
  if (cleanedFolders.has(resolved)) return;
  cleanedFolders.add(resolved);
  if (cleanedFolders.size > 1000) cleanedFolders.clear();
  const names = await fs.readdir(resolved).catch(() => [] as string[]);
  for (const name of names) {
    const match = /^\..+\.([0-9a-f]{8})[0-9a-f]{4}\.tmp$/.exec(name);
    if (!match) continue;
    const pid = parseInt(match[1], 16);
    if (pid === process.pid) continue;
    const file = path.join(resolved, name);
    const stats = await fs.lstat(file).catch(() => undefined);
    if (!stats?.isFile()) continue;
    if (!processAlive(pid) || Date.now() - stats.mtimeMs > ABANDONED_TEMP_MS) await fs.rm(file, { force: true });
  }
}

/**
 * The one policy for putting a complete file in place (every writer of the engines goes through
 * it): `temp`, finished in the target's folder, becomes `target` — renamed over it when `replace`
 * (a file of our own, or an output the user asked to replace: a reader sees the old file or the new
 * one, never half of it), else hard-linked, which fails with EEXIST if the target appeared in the
 * meantime (copied exclusively where links are not supported). The temporary file is gone after,
 * whatever happened (once renamed, its name is not removed again: another writer may hold it by then).
 */
export async function putInPlace(temp: string, target: string, replace: boolean): Promise<void> {
  if (replace) {
    try {
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    // Renamed: the name is free again, and what another writer creates there next is not ours to remove.
    return;
  }
  try {
    try {
      await fs.link(temp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      await fs.copyFile(temp, target, constants.COPYFILE_EXCL);
    }
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/**
 * A staged folder (or a file where a folder may be) put in place of `target`: what is there moved
 * aside, the staged copy renamed in, then what was there removed; `between` runs once the old one is
 * aside (a fault-injection point); `aside`, where the old one waits (a name a recovery knows).
 * A reader finds the old content or the new one, or for an instant nothing; never a mix of both.
 */
export async function swapInPlace(staged: string, target: string, { aside = `${staged}.old`, between }: { aside?: string; between?: () => void } = {}): Promise<void> {
  const moved = await fs.rename(target, aside).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      return false;
    },
  );
  between?.();
  await fs.rename(staged, target);
  if (moved) await fs.rm(aside, { recursive: true, force: true });
}

/**
 * Writes `bytes` to `target` only if no file is there (putInPlace without replacing). Throws
 * EEXIST-coded errors.
 */
export async function writeExclusive(target: string, bytes: Buffer, signal?: AbortSignal): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  await removeAbandonedTemps(path.dirname(target));
  const temp = await createTemp(target, (name) => writeNew(name, bytes));
  if (signal?.aborted) {
    await fs.rm(temp, { force: true });
    throw new WriteCancelledError(`cancelled before ${path.basename(target)} was written`);
  }
  await putInPlace(temp, target, false);
}

/**
 * Writes a file of our own (a sidecar, a lock, a cache) atomically (putInPlace, replacing): a
 * reader never sees half of it, and a failed write leaves no temporary file.
 */
export async function writeReplacing(target: string, bytes: Buffer | Uint8Array | string): Promise<void> {
  // State files (hash cache, run log) under .archipel/: never through a committed link (#37).
  refuseStateLinks(path.dirname(target));
  const temp = await createTemp(target, (name) => writeNew(name, bytes));
  await putInPlace(temp, target, true);
}

/** A path the user named for an output (`-o FILE`, `--out FILE`) that is not a file Archipel may replace: refused, nothing written. */
export class OutputTargetError extends Error {
  override readonly name = 'OutputTargetError';
}

/** What a path is when it is not a regular file, in the words of the refusal. */
function kindOf(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFIFO()) return 'a FIFO (a pipe)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The file an output named by the user goes to: the path itself, or the regular file a link there points
 * to (the link stays a link). A folder, a device (`/dev/null`, `/dev/full`), a FIFO, a socket or a
 * descriptor's name (`/proc/self/fd/1`) is refused with an OutputTargetError: an output is put in place by
 * renaming a complete file over the target (#92: as root, a rename over `/dev/null` replaced the device
 * node with a regular file), which only a regular file or a new name can take.
 */
export async function namedOutputFile(target: string): Promise<string> {
  const absolute = path.resolve(target);
  // A descriptor's or a device's name (`/proc/self/fd/1`, `/dev/stdout`) stands for a stream, even where it
  // resolves to a regular file (a shell's redirection): that file is the stream's, not one to replace.
  if (/^\/(proc|dev)\//.test(absolute)) throw new OutputTargetError(`${target}: a device or a descriptor's name, not a file: an output replaces a file whole (name a file, or leave the option out to print)`);
  const stat = await fs.stat(absolute).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (stat === undefined) {
    // A dangling link: written where it points, as a shell's `>` would (the user named it).
    const pointed = await fs.readlink(absolute).catch(() => undefined);
    return pointed === undefined ? absolute : path.resolve(path.dirname(absolute), pointed);
  }
  const kind = kindOf(stat);
  if (kind !== undefined) throw new OutputTargetError(`${target}: ${kind}, not a file: an output replaces a file whole (name a file, or leave the option out to print)`);
  return fs.realpath(absolute);
}

/**
 * Writes an output the user named (`-o FILE`): through namedOutputFile (a folder, a device or a FIFO
 * refused), its folder made, then replaced whole as writeReplacing does — a reader sees the old file or
 * the new one, never half of it.
 */
export async function writeNamedOutput(target: string, bytes: Buffer | Uint8Array | string, { makeFolder = true }: { makeFolder?: boolean } = {}): Promise<string> {
  const file = await namedOutputFile(target);
  // A missing folder made (as Sloth makes it), or said (ENOENT) where the command says it (`diagram -o`).
  if (makeFolder) await fs.mkdir(path.dirname(file), { recursive: true });
  await removeAbandonedTemps(path.dirname(file));
  const temp = await createTemp(file, (name) => writeNew(name, bytes));
  await putInPlace(temp, file, true);
  return file;
}

/** Writes an output (a blurred image) under the first free name; retries if another writer took that name. */
export async function writeOutput(input: string, bytes: Buffer, options: OutputOptions): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const target = await outputPathFor(input, options);
    try {
      await writeExclusive(target, bytes, options.signal);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`could not find a free output name for ${input}`);
}

/** An output of ours (`x.blurred.jpg`, `x.blurred-2.jpg`), skipped when scanning folders. */
export function isOwnOutput(file: string, suffix: string): boolean {
  const name = path.parse(file).name;
  return name.endsWith(suffix) || new RegExp(`${suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(name);
}

/**
 * Resolves once `stream` takes writes again (`drain`), or will take none (`error`, `close`): what a
 * writer awaits after `write` returned false, so that a full buffer holds it and a reader gone (`| head`,
 * a closed log) does not.
 */
export function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done).off('error', done).off('close', done);
      resolve();
    };
    stream.on('drain', done).on('error', done).on('close', done);
  });
}
