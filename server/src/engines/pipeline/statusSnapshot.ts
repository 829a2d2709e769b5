/**
 * A warm `archipel status` answered from a compact snapshot of the last one. After the parse cache
 * and the hash cache, a warm status on 1,000 stages still spent ~40 ms decoding the parsed pipeline,
 * the parsed lock and 11,000 hash-cache entries and ~80 ms collecting their garbage, to reach the
 * answer it had given the time before. The snapshot keeps only what decides that answer:
 * - the bytes of every file the status read (the pipeline file, its lock, the run log, the params
 *   files, the files the parse read), as digests;
 * - the stats (size, mtime, inode) of every dep and out as the decision saw them, in one
 *   Float64Array beside one string of their paths;
 * - the answer (each stage's state, reasons and last run; the pipeline file's errors).
 * When every digest and every stat matches, the answer is the same by construction: the hash cache
 * would have answered each path from the same size, mtime and inode, against the same lock and
 * params. Any mismatch, a folder among the paths (its files are not stat'ed here), or a snapshot
 * that cannot be read: the full status runs, and writes a new snapshot. A snapshot is written only
 * when the files it digests did not change while the status ran.
 *
 * It lives beside the parse cache in the user's speed-only cache folder (parseCache.ts), never in
 * the workspace: a committed snapshot could say "up to date" about anything.
 */
import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { deserialize } from 'node:v8';
import { currentLanguage } from '../../l10n/t';
import type { Pipeline } from '../../pipeline/model';
import type { PipelineStatus, StageStatus } from '../../protocol/pipeline';
import type { HashCache } from './hashCache';
import { readBounded } from './load';
import { lockFileOf } from './lock';
import { code, parseCacheFile, readDigest, store, type ReadRecord } from './parseCache';
import { RunLog } from './runLog';
import { READ_BOUNDS, readFileBoundedSync } from '../../disk/readText';

const FORMAT = 1;

/** A file digested as bytes ('b') or as the parse read it ('p': parseCache.ts's digest). */
type Digested = [file: string, digest: string, kind: 'b' | 'p'];

/** A pipeline file's error as the CLI's text output prints it. */
export interface SnapshotError {
  message: string;
  code: string;
}

interface Snapshot {
  format: number;
  key: string;
  files: Digested[];
  /** The deps' and outs' absolute paths, joined by NUL (one string decodes faster than 11,000). */
  paths: string;
  /** Per path: size, mtimeMs, ino; -1 three times for a missing path. */
  stats: Float64Array;
  stages: StageStatus[];
  errors: SnapshotError[];
}

function key(): string {
  return `${FORMAT}\0${code()}\0${currentLanguage()}`;
}

/** The md5 of a file's bytes; '-' missing, '!' unreadable (as parseCache.ts's digests). */
function bytesDigest(file: string): string {
  try {
    return createHash('md5').update(readFileBoundedSync(file, READ_BOUNDS.state)).digest('hex');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '-' : '!';
  }
}

function digestOf(file: string, kind: 'b' | 'p'): string {
  return kind === 'b' ? bytesDigest(file) : readDigest(readBounded(file));
}

/** The last status of `pipelineFile` when nothing it rests on changed, else undefined. */
export function snapshotStatus(pipelineFile: string, cacheDir?: string | null): { stages: StageStatus[]; errors: SnapshotError[] } | undefined {
  const file = parseCacheFile(pipelineFile, 'status', cacheDir);
  if (!file) return undefined;
  let snapshot: Snapshot;
  try {
    snapshot = deserialize(readFileBoundedSync(file, READ_BOUNDS.state)) as Snapshot;
  } catch {
    return undefined; // missing, truncated or from another Node
  }
  if (snapshot.format !== FORMAT || snapshot.key !== key() || !(snapshot.stats instanceof Float64Array)) return undefined;
  if (!snapshot.files.every(([f, digest, kind]) => digestOf(f, kind) === digest)) return undefined;
  const paths = snapshot.paths === '' ? [] : snapshot.paths.split('\0');
  const recorded = snapshot.stats;
  if (recorded.length !== paths.length * 3) return undefined;
  for (let i = 0; i < paths.length; i++) {
    let stats: Stats | undefined;
    try {
      stats = statSync(paths[i], { throwIfNoEntry: false });
    } catch {
      stats = undefined; // as the hash cache: EACCES, ENOTDIR are missing
    }
    const j = i * 3;
    if (!stats) {
      if (recorded[j] !== -1) return undefined;
    } else if (stats.isDirectory() || recorded[j] !== stats.size || recorded[j + 1] !== stats.mtimeMs || recorded[j + 2] !== stats.ino) {
      return undefined;
    }
  }
  return { stages: snapshot.stages, errors: snapshot.errors };
}

/**
 * Runs `status` (the full one) while recording what it rests on, and keeps a snapshot of it when
 * nothing it read changed meanwhile. `reads`: the files the parse read, as parseCache.ts reported.
 */
export async function recordStatus(
  pipeline: Pipeline,
  cache: HashCache,
  reads: readonly ReadRecord[],
  errors: SnapshotError[],
  status: () => Promise<PipelineStatus>,
  cacheDir?: string | null,
): Promise<PipelineStatus> {
  const file = parseCacheFile(pipeline.file, 'status', cacheDir);
  if (!file) return status();
  const seen = new Map<string, Stats | undefined>();
  let folders = false;
  cache.observer = (target, stats) => {
    if (stats?.isDirectory()) folders = true;
    seen.set(target, stats);
  };
  const paramsFiles = new Set(pipeline.stages.flatMap((stage) => stage.params.map((p) => path.resolve(pipeline.root, stage.wdir, p.file))));
  const byBytes = [pipeline.file, lockFileOf(pipeline.file), RunLog.forPipeline(pipeline).file, ...paramsFiles];
  const files: Digested[] = [...byBytes.map((f): Digested => [f, bytesDigest(f), 'b']), ...reads.map(([f, digest]): Digested => [f, digest, 'p'])];
  let result: PipelineStatus;
  try {
    result = await status();
  } finally {
    cache.observer = undefined;
  }
  // Written only when the digested files did not move while the status ran (else the answer may rest on older bytes).
  if (folders || !files.every(([f, digest, kind]) => digestOf(f, kind) === digest)) return result;
  const paths = [...seen.keys()];
  const stats = new Float64Array(paths.length * 3);
  paths.forEach((p, i) => {
    const s = seen.get(p);
    stats.set(s ? [s.size, s.mtimeMs, s.ino] : [-1, -1, -1], i * 3);
  });
  await store(file, { format: FORMAT, key: key(), files, paths: paths.join('\0'), stats, stages: result.stages, errors });
  return result;
}
