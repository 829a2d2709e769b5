import { stat } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { byCodeUnit } from '../../common/order';

/**
 * fs's stat promisified (node:fs and node:util are loaded at every start; fs.promises, node's
 * internal/fs/promises, only on first use: issue #68). The one definition: platform/project.ts uses it too.
 */
export const statOf = promisify(stat);

/** A file to process, and the folder argument it was found under (undefined for a file given by name). */
export interface FoundFile {
  file: string;
  root?: string;
}

/**
 * A job's inputs as the user named them (files and folders), for every compute family and the
 * CLI's check. Expands the paths of a command line: each folder into the files `listFolder` finds in it, each
 * file as it is; absolute, without duplicates, sorted. Paths that do not exist go to `missing`.
 */
export async function expandPaths(paths: readonly string[], listFolder: (folder: string) => Promise<string[]>): Promise<{ found: FoundFile[]; missing: string[] }> {
  const found = new Map<string, FoundFile>();
  const missing: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    const info = await statOf(absolute).catch(() => undefined);
    if (!info) {
      missing.push(given);
      continue;
    }
    if (info.isDirectory()) {
      for (const file of await listFolder(absolute)) if (!found.has(file)) found.set(file, { file, root: absolute });
    } else if (!found.has(absolute)) {
      found.set(absolute, { file: absolute });
    }
  }
  return { found: [...found.values()].sort((a, b) => byCodeUnit(a.file, b.file)), missing };
}

/**
 * One pod's slice of a batch split over N pods (`archipel export argo --shard STAGE=N`, which sets
 * ARCHIPEL_SHARD=i/N in each pod): the inputs whose index in the sorted list is i modulo N, so the
 * pods share the batch without overlap whatever they find. Undefined or malformed: every input
 * (a malformed value throws, so a pod never silently does all the work or none).
 */
export function shardOf<T>(inputs: readonly T[], spec: string | undefined): T[] {
  const shard = parseShard(spec);
  return shard ? inputs.filter((_, i) => i % shard.count === shard.index) : [...inputs];
}

/** ARCHIPEL_SHARD's `i/N`: undefined when unset, throws when malformed. */
export function parseShard(spec: string | undefined): { index: number; count: number } | undefined {
  if (spec === undefined || spec === '') return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(count >= 1) || !(index >= 0 && index < count)) throw new Error(`ARCHIPEL_SHARD expects i/N with 0 ≤ i < N, got "${spec}"`);
  return { index, count };
}

/**
 * The shard (0 … count-1) of a key such as a ticker's name: FNV-1a (32 bits) over its UTF-16 code
 * units, stable across runs, machines and Node versions, so every pod puts a key in the same shard.
 */
export function shardOfKey(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash % count;
}
