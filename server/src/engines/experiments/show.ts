/** Everything `exp show` lists: the DVC rows of the repository and the MLflow runs of the tracking store, in one table. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { mlflowRow, trackingStore, type MlflowRun, type TrackingStore } from '../../experiments/mlflow';
import { flatten, type ExperimentRow } from '../../experiments/table';
import { readFileStore, readSqliteStore } from './mlflowStore';
import { experimentRows, readRefs, readWorkspace, type ShowInput } from './store';
import { failedEntries } from './queue';
import { t } from '../../l10n/t';
import { openRegularFile, READ_BOUNDS } from '../../disk/readText';
import { buildId, dropKept, stampOf, keptPath, readKept, writeKept, type KeptKind } from '../../disk/kept';
import { keptName, replaceCacheFile } from '../../disk/cacheFolder';

export interface ShowAllInput extends ShowInput {
  /** `MLFLOW_TRACKING_URI` or the setting; undefined: `mlruns/` or `mlflow.db` at the root if there. */
  trackingUri?: string;
  /** false: no DVC rows (the folder is no Git repository, or has no commit): the MLflow runs alone, which need no Git. */
  dvc?: false;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}

/** The local MLflow store to read: the URI's, else MLflow's defaults at the root (`mlruns/`, MLflow 3's `mlflow.db`). */
export async function findTrackingStore(root: string, uri: string | undefined): Promise<TrackingStore | undefined> {
  if (uri !== undefined && uri.trim() !== '') {
    const store = trackingStore(uri);
    return store && { ...store, path: path.resolve(root, store.path) };
  }
  if (await exists(path.join(root, 'mlruns'))) return { kind: 'file', path: path.join(root, 'mlruns') };
  if (await exists(path.join(root, 'mlflow.db'))) return { kind: 'sqlite', path: path.join(root, 'mlflow.db') };
  return undefined;
}

/**
 * Every local store to read: the URI's alone when one is given; else both of MLflow's defaults at
 * the root when both are there (a project that moved from `mlruns/` to MLflow 3's `mlflow.db`
 * keeps its old runs): their runs join one table.
 */
export async function findTrackingStores(root: string, uri: string | undefined): Promise<TrackingStore[]> {
  if (uri !== undefined && uri.trim() !== '') {
    const store = await findTrackingStore(root, uri);
    return store ? [store] : [];
  }
  const stores: TrackingStore[] = [];
  if (await exists(path.join(root, 'mlruns'))) stores.push({ kind: 'file', path: path.join(root, 'mlruns') });
  if (await exists(path.join(root, 'mlflow.db'))) stores.push({ kind: 'sqlite', path: path.join(root, 'mlflow.db') });
  return stores;
}

/**
 * A SQLite store's runs kept in the cache folder (disk/kept.ts: one CRC-checked record of this build, keyed by the
 * store's and its log's stamps; a file cut short or damaged is dropped and the database read again). Its format is
 * bumped when what a kept MlflowRun holds changes.
 */
export const RUNS_KIND: KeptKind = { folder: 'experiments', suffix: '-mlflow.v8', format: 2, maxBytes: READ_BOUNDS.state };

/**
 * The runs of a store. A SQLite store's runs are kept in the cache folder (RUNS_KIND), keyed by the stamps (size,
 * mtime, ctime, inode) of the database and its write-ahead log: a table shown again while nothing was
 * tracked meanwhile does not open the database (10,000 runs: 0.5–0.8 s).
 */
export async function readMlflowRuns(store: TrackingStore, cacheDir?: string): Promise<MlflowRun[]> {
  if (store.kind === 'file') return readFileStore(store.path);
  if (!cacheDir) return readSqliteStore(store.path);
  const stamp = async (file: string) => fs.stat(file).then(stampOf, () => null);
  const key = JSON.stringify([path.resolve(store.path), await stamp(store.path), await stamp(`${store.path}-wal`)]);
  const file = keptPath(RUNS_KIND, path.resolve(store.path), cacheDir);
  const kept = readKept(RUNS_KIND, file, key);
  if (Array.isArray(kept)) return kept as MlflowRun[];
  const runs = await readSqliteStore(store.path);
  writeKept(RUNS_KIND, file, key, runs);
  return runs;
}

export async function showAll(root: string, input: ShowAllInput = {}): Promise<ExperimentRow[]> {
  const stores = await findTrackingStores(root, input.trackingUri);
  // A store that cannot be read (not a database, a foreign schema, unreadable) is one row saying so:
  // the DVC experiments and the other stores are listed all the same.
  const unreadable: ExperimentRow[] = [];
  const read = (store: TrackingStore) =>
    readMlflowRuns(store, input.cacheDir).catch((error: unknown) => {
      const why = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
      unreadable.push({ kind: 'mlflow', id: `store:${store.path}`, name: path.relative(root, store.path) || store.path, params: {}, metrics: {}, status: 'unreadable', note: t('MLflow store not read: {0}', why) });
      return [] as MlflowRun[];
    });
  const dvc = input.dvc !== false;
  const [rows, failed, ...runs] = await Promise.all([dvc ? experimentRows(root, input) : [], dvc ? failedRows(root) : [], ...stores.map(read)]);
  // A run in both stores (copied over) is one row: the first store's.
  const seen = new Set<string>();
  const mlflow = runs.flat().filter((run) => !seen.has(run.runId) && Boolean(seen.add(run.runId)));
  return [...rows, ...failed, ...mlflow.map(mlflowRow), ...unreadable];
}

/** The experiments that failed or were killed mid-run (queue.ts, failedEntries): Failed, with why, under their baseline. */
async function failedRows(root: string): Promise<ExperimentRow[]> {
  return (await failedEntries(root)).map((entry) => {
    const params: ExperimentRow['params'] = {};
    for (const [file, values] of Object.entries(entry.params)) params[file] = flatten(values);
    return { kind: 'queued', id: entry.id, name: entry.name, baseline: entry.baseline, timestamp: entry.queuedAt, status: 'Failed', params, metrics: {}, note: entry.reason.split('\n')[0].slice(0, 300) };
  });
}

/** Bumped when what `exp show` prints for the same inputs changes. */
const OUTPUT_VERSION = 1;

/**
 * What `exp show`'s output is a function of, when it can be said cheaply: the refs (experiments and
 * branches) and HEAD, the workspace's params and metrics as they are now, the SQLite stores' size,
 * modification time and inode (with their write-ahead logs), and the options. Undefined when a file
 * store is read (a run's metric file grows without its folder changing: it is read each time).
 */
export async function showKey(root: string, input: ShowAllInput, options: unknown): Promise<string | undefined> {
  const stores = await findTrackingStores(root, input.trackingUri);
  if (stores.some((s) => s.kind === 'file')) return undefined;
  const stamp = async (file: string) => fs.stat(file).then(stampOf, () => null);
  const [listing, workspace, stamps] = await Promise.all([
    input.refs ?? readRefs(root),
    readWorkspace(root),
    Promise.all(stores.map(async (s) => [path.resolve(s.path), await stamp(s.path), await stamp(`${s.path}-wal`)])),
  ]);
  return createHash('sha256').update(JSON.stringify([OUTPUT_VERSION, RUNS_KIND.format, buildId(), path.resolve(root), listing.refs, listing.head ?? '', workspace, stamps, options])).digest('hex');
}

/**
 * A kept `exp show` output: its bytes are `handle`'s from `offset` to its end. The caller writes
 * them out (KeptOutput.copyTo) and closes the handle: a 4 MB output is never held in memory whole
 * (on a fresh VM, each page of memory touched the first time costs a fault).
 */
export class KeptOutput {
  constructor(private readonly handle: FileHandle, private readonly offset: number, readonly length: number) {}

  /**
   * Writes the bytes through `write` in chunks of one reused buffer: each chunk is written whole
   * (write's callback) before the next is read into it. Closes the file.
   */
  async copyTo(write: (chunk: Buffer, done: (error?: Error | null) => void) => void): Promise<void> {
    const buffer = Buffer.allocUnsafe(Math.min(this.length, COPY_CHUNK));
    let at = this.offset;
    const end = this.offset + this.length;
    try {
      while (at < end) {
        const { bytesRead } = await this.handle.read(buffer, 0, Math.min(buffer.length, end - at), at);
        if (bytesRead === 0) break;
        at += bytesRead;
        // A reader that went away (EPIPE) ends the copy; what is left is dropped, as for any other output.
        const failed = await new Promise<boolean>((resolve) => write(buffer.subarray(0, bytesRead), (error) => resolve(Boolean(error))));
        if (failed) break;
      }
    } finally {
      await this.handle.close();
    }
  }

  /** The bytes whole (an output that is not a stream). */
  async bytes(): Promise<Buffer> {
    try {
      const buffer = Buffer.allocUnsafe(this.length);
      let read = 0;
      while (read < this.length) {
        const { bytesRead } = await this.handle.read(buffer, read, this.length - read, this.offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return buffer.subarray(0, read);
    } finally {
      await this.handle.close();
    }
  }
}

/** The chunk a kept output is copied through. */
const COPY_CHUNK = 256 << 10;

/** The longest first line of a kept output: its key (64 hexadecimal digits), a space, the length of the text that follows. */
const HEADER_BYTES = 64 + 1 + 16 + 1;

/** A kept output's first line: its key and the byte length of the text after it (a file cut short is not taken for the output). */
function outputHeader(key: string, length: number): string {
  return `${key} ${length}\n`;
}

/** The kept output of `file` when its first line is `key` and the length of the rest; else undefined (the file closed, removed when not valid). */
async function keptOutput(file: string, key: string): Promise<KeptOutput | undefined> {
  let handle: FileHandle;
  try {
    handle = await openRegularFile(file);
  } catch {
    return undefined; // not kept yet
  }
  let valid = false;
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = size > key.length && size <= READ_BOUNDS.state ? await handle.read(head, 0, head.length, 0) : { bytesRead: 0 };
    const end = head.subarray(0, bytesRead).indexOf(0x0a);
    const line = end < 0 ? '' : head.toString('latin1', 0, end + 1);
    valid = line === outputHeader(key, size - end - 1);
    if (valid) return new KeptOutput(handle, end + 1, size - end - 1);
    // Of another key (the inputs changed): written over below. Not its length (cut short, or appended to): dropped.
    if (line.startsWith(`${key} `)) dropKept(file);
  } catch {
    // unreadable: computed again
  }
  await handle.close();
  return undefined;
}

/**
 * `exp show`'s text, kept in the cache folder under its key (showKey): shown again while nothing it
 * depends on changed, it is copied out from the file instead of being computed (11,000 rows: a 4 MB
 * file), as the UTF-8 bytes to write (decoding and encoding again 4 MB cost 70 ms of CPU).
 * Not kept when a row misses metrics ("not in the cache"): a `dvc pull` may bring them, and no ref changes.
 */
export async function cachedShow(root: string, input: ShowAllInput, options: unknown, produce: () => Promise<{ text: string; keep: boolean }>): Promise<string | Buffer | KeptOutput> {
  const key = input.cacheDir ? await showKey(root, input, options) : undefined;
  if (!input.cacheDir || !key) return (await produce()).text;
  const file = path.join(input.cacheDir, 'experiments', `show-${keptName(path.resolve(root))}.txt`);
  const kept = await keptOutput(file, key);
  if (kept) return kept;
  const { text, keep } = await produce();
  if (!keep) return text;
  // Encoded once, for the file and for the output.
  const bytes = Buffer.from(text);
  replaceCacheFile(file, Buffer.concat([Buffer.from(outputHeader(key, bytes.length)), bytes]));
  return bytes;
}
