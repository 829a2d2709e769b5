/**
 * The families a check chose (check.ts familiesFor), kept between runs of the same tree (issue #84): a check of an
 * unchanged folder neither reads the files' heads nor runs the families' tests again.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { cacheDirectory, replaceCacheFile } from '../disk/cacheFolder';
import { readFileBoundedSync } from '../disk/readText';
import { code } from '../engines/pipeline/parseCache';
import { fnv1a, RACY_MS } from '../platform/indexCache';
import type { ArchipelSettings } from '../settings';
import { familiesFor, type ChosenFamily, type HeadReader } from './check';

/** The file's layout: a new one reads no older file. */
const FORMAT = 1;
/**
 * Past this many candidates the choice is made each time: its cost is bounded by the families' caps (check.ts
 * SNIFFED_PER_FAMILY), the table's (a path and a stat each) grows with the tree.
 */
const MAX_CANDIDATES = 5_000;
/** A larger file is not read (5,000 paths and stamps are well under it). */
const MAX_BYTES = 8 << 20;

interface StoredChoice {
  format: number;
  /** The build, the list's families and the settings: another of any reads nothing. */
  key: string;
  candidates: string[];
  /** The candidates whose heads the choice read (indices), with their size and mtime then. */
  read: Uint32Array;
  sizes: Float64Array;
  mtimes: Float64Array;
  chosen: string[];
}

function fileOf(candidates: readonly string[], cacheDir: string): string {
  return path.join(cacheDir, 'families', `${fnv1a(path.dirname(candidates[0]))}.v8`);
}

function keyOf(settings: ArchipelSettings, list: readonly ChosenFamily[]): string {
  return JSON.stringify([code(), list.map((family) => family.id), settings]);
}

/** The kept choice when the candidates are the same paths, in the same order, and every file it read has its stamp again. */
function keptChoice(file: string, key: string, candidates: readonly string[]): string[] | undefined {
  let stored: StoredChoice;
  try {
    stored = deserialize(readFileBoundedSync(file, MAX_BYTES)) as StoredChoice;
  } catch {
    return undefined;
  }
  if (stored?.format !== FORMAT || stored.key !== key || !Array.isArray(stored.candidates) || !Array.isArray(stored.chosen)) return undefined;
  const { read, sizes, mtimes } = stored;
  if (!(read instanceof Uint32Array) || !(sizes instanceof Float64Array) || !(mtimes instanceof Float64Array) || sizes.length !== read.length || mtimes.length !== read.length) return undefined;
  if (stored.candidates.length !== candidates.length) return undefined;
  for (let at = 0; at < candidates.length; at++) if (stored.candidates[at] !== candidates[at]) return undefined;
  for (let at = 0; at < read.length; at++) {
    const one = candidates[read[at]];
    if (one === undefined) return undefined;
    let stats;
    try {
      stats = statSync(one, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (!stats?.isFile() || stats.size !== sizes[at] || stats.mtimeMs !== mtimes[at]) return undefined;
  }
  return stored.chosen.every((id) => typeof id === 'string') ? stored.chosen : undefined;
}

/** Writes the choice, unless a file it read changed within RACY_MS of the run's start (its stamp may not tell a next change). */
function keep(file: string, stored: Omit<StoredChoice, 'read' | 'sizes' | 'mtimes'>, read: readonly number[], started: number): void {
  const sizes = new Float64Array(read.length);
  const mtimes = new Float64Array(read.length);
  for (let at = 0; at < read.length; at++) {
    const stats = statSync(stored.candidates[read[at]], { throwIfNoEntry: false });
    if (!stats?.isFile() || stats.mtimeMs > started - RACY_MS) return;
    sizes[at] = stats.size;
    mtimes[at] = stats.mtimeMs;
  }
  // A read-only or full cache folder: the next check chooses again, only time is lost.
  replaceCacheFile(file, serialize({ ...stored, read: Uint32Array.from(read), sizes, mtimes } satisfies StoredChoice));
}

/**
 * familiesFor (check.ts), its answer kept in the cache folder (`<cache>/families/`, one file per folder of the first
 * candidate, the last choice made there; none with `ARCHIPEL_CACHE_DIR=off`): a check whose candidates are the same paths,
 * under the same build, families and settings, and whose files read by the last choice have the same size and mtime,
 * takes that choice without reading a head. `started`: the run's start (Date.now()), for the racy stamps.
 */
export function keptFamiliesFor<F extends ChosenFamily>(files: readonly string[], settings: ArchipelSettings, list: readonly F[], head: HeadReader, started: number, cacheDir: string | null = cacheDirectory() ?? null): F[] {
  if (!cacheDir || files.length === 0 || files.length > MAX_CANDIDATES) return familiesFor(files, settings, list, head);
  const file = fileOf(files, cacheDir);
  const key = keyOf(settings, list);
  const kept = keptChoice(file, key, files);
  if (kept) return list.filter((family) => kept.includes(family.id));
  const at = new Map(files.map((one, index) => [one, index]));
  const read = new Set<number>();
  const chosen = familiesFor(files, settings, list, (one, bytes) => {
    const index = at.get(one);
    if (index !== undefined) read.add(index);
    return head(one, bytes);
  });
  keep(file, { format: FORMAT, key, candidates: [...files], chosen: chosen.map((family) => family.id) }, [...read].sort((a, b) => a - b), started);
  return chosen;
}
