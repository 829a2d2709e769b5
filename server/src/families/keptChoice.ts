/**
 * The families a check chose (check.ts familiesFor), kept between runs of the same tree (issue #84): a check of an
 * unchanged folder neither reads the files' heads nor runs the families' tests again. A kind of disk/kept.ts: what a
 * file read by the choice is compared by is its whole stamp (size, mtime, ctime, inode), never size + mtime alone.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory } from '../disk/cacheFolder';
import { keptPath, racy, readKept, sameStamp, writeKept, type KeptKind } from '../disk/kept';
import type { ArchipelSettings } from '../settings';
import { familiesFor, type ChosenFamily, type HeadReader } from './check';

/**
 * Past this many candidates the choice is made each time: its cost is bounded by the families' caps (check.ts
 * SNIFFED_PER_FAMILY), the table's (a path and a stat each) grows with the tree.
 */
const MAX_CANDIDATES = 5_000;
/** One file per folder of the first candidate (the last choice made there); 2: whole stamps. A larger file is not read (5,000 paths and stamps are well under it). */
const CHOICE: KeptKind = { folder: 'families', suffix: '.v8', format: 2, maxBytes: 8 << 20 };

interface StoredChoice {
  candidates: string[];
  /** The candidates whose heads the choice read (indices), with their stamps then (size, mtime, ctime, inode). */
  read: Uint32Array;
  stamps: Float64Array;
  chosen: string[];
}

/** The list's families and the settings: another of either reads nothing (the build is the layer's). */
function keyOf(settings: ArchipelSettings, list: readonly ChosenFamily[]): string {
  return JSON.stringify([list.map((family) => family.id), settings]);
}

/** The kept choice when the candidates are the same paths, in the same order, and every file it read has its stamp again. */
function keptChoice(file: string, key: string, candidates: readonly string[]): string[] | undefined {
  const stored = readKept(CHOICE, file, key) as Partial<StoredChoice> | undefined;
  if (!stored || !Array.isArray(stored.candidates) || !Array.isArray(stored.chosen)) return undefined;
  const { read, stamps } = stored;
  if (!(read instanceof Uint32Array) || !(stamps instanceof Float64Array) || stamps.length !== 4 * read.length) return undefined;
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
    const kept = { size: stamps[4 * at], mtimeMs: stamps[4 * at + 1], ctimeMs: stamps[4 * at + 2], ino: stamps[4 * at + 3] };
    if (!stats?.isFile() || !sameStamp(kept, stats)) return undefined;
  }
  return stored.chosen.every((id) => typeof id === 'string') ? stored.chosen : undefined;
}

/** Writes the choice, unless a file it read changed within RACY_MS of the run's start (its stamp may not tell a next change). */
function keep(file: string, key: string, stored: Omit<StoredChoice, 'read' | 'stamps'>, read: readonly number[], started: number): void {
  const stamps = new Float64Array(4 * read.length);
  for (let at = 0; at < read.length; at++) {
    const stats = statSync(stored.candidates[read[at]], { throwIfNoEntry: false });
    if (!stats?.isFile() || racy(stats, started)) return;
    stamps.set([stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino], 4 * at);
  }
  // A read-only or full cache folder: the next check chooses again, only time is lost.
  writeKept(CHOICE, file, key, { ...stored, read: Uint32Array.from(read), stamps } satisfies StoredChoice);
}

/**
 * familiesFor (check.ts), its answer kept in the cache folder (`<cache>/families/`, one file per folder of the first
 * candidate, the last choice made there; none with `ARCHIPEL_CACHE_DIR=off`): a check whose candidates are the same paths,
 * under the same build, families and settings, and whose files read by the last choice have the same stamp (size, mtime,
 * ctime, inode),
 * takes that choice without reading a head. `started`: the run's start (Date.now()), for the racy stamps.
 */
export function keptFamiliesFor<F extends ChosenFamily>(files: readonly string[], settings: ArchipelSettings, list: readonly F[], head: HeadReader, started: number, cacheDir: string | null = cacheDirectory() ?? null): F[] {
  if (!cacheDir || files.length === 0 || files.length > MAX_CANDIDATES) return familiesFor(files, settings, list, head);
  const file = keptPath(CHOICE, path.dirname(files[0]), cacheDir);
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
  keep(file, key, { candidates: [...files], chosen: chosen.map((family) => family.id) }, [...read].sort((a, b) => a - b), started);
  return chosen;
}
