/**
 * Parsed pipeline files and locks kept between processes: a warm `archipel status`
 * on 1,000 stages spent ~0.3 s parsing the 20,000-line dvc.yaml, ~0.2 s parsing the 2.5 MB lock
 * and ~0.3 s collecting the garbage of both, for files that had not changed.
 *
 * Keyed by content, not by stat: the md5 of the text parsed (a few ms for megabytes), of every file
 * the parse read (params and vars files: their bytes, or that they were missing or unreadable),
 * the language of the messages and the code's own identity (this bundle's size and mtime: any new
 * build parses again). Any mismatch, or a cache that cannot be read, parses again: the cache can
 * only save time, never change a decision. Values are stored with V8's serializer, which keeps
 * what JSON would lose (Map, undefined, Infinity, NaN in a stage's `meta`).
 *
 * The cache lives in the user's speed-only cache folder (startup/codeCache.ts: `~/.cache/archipel`,
 * `ARCHIPEL_CACHE_DIR`, off with `ARCHIPEL_CACHE_DIR=off`), never in the workspace: the parsed
 * pipeline holds the commands the runner executes, and a repository could commit a cache whose
 * key matches its dvc.yaml (every part of the key is computable from the repository and a
 * published build) but whose commands differ from what the user read and trusted.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { currentLanguage } from '../../l10n/t';
import { cacheDirectory } from '../../disk/cacheFolder';
import { buildId } from '../../disk/kept';
import { writeReplacing } from '../core/output';
import { READ_BOUNDS, readFileBounded } from '../../disk/readText';

const FORMAT = 1;

/** What a parse read besides its main text: a file and the md5 of its text ('-' missing, '!' unreadable). */
export type ReadRecord = [file: string, digest: string];

interface Stored {
  format: number;
  key: string;
  reads: ReadRecord[];
  value: unknown;
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** The digest of what a file reader returned: text, missing (undefined) or unreadable (null). */
export function readDigest(text: string | undefined | null): string {
  return text === undefined ? '-' : text === null ? '!' : md5(text);
}

/**
 * This code's build: a rebuilt parser must not trust what an older one stored — the one build identity of the kept
 * files (disk/kept.ts buildId).
 */
export function code(): string {
  return buildId();
}

/**
 * The cache file of a parsed file: `<cache folder>/pipelines/<sha1 of its absolute path>-<kind>-<name>.v8`,
 * or undefined when speed-only caches are off (then every parse is fresh).
 */
export function parseCacheFile(parsed: string, kind: string, cacheDir: string | null = cacheDirectory() ?? null): string | undefined {
  if (!cacheDir) return undefined;
  const owner = createHash('sha1').update(path.resolve(parsed)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'pipelines', `${owner}-${kind}-${path.basename(parsed)}.v8`);
}

/**
 * `parse(text)` memoised in `cacheFile`. `reread` re-reads a recorded file as the parse read it
 * (for the check that it is unchanged); `parse` reports its own reads through `record`.
 */
export async function cachedParse<T>(
  cacheFile: string | undefined,
  text: string,
  parse: (record: (file: string, digest: string) => void) => T,
  reread: (file: string) => string = () => '!',
  /** Told the files the value was parsed from, with their digests as the parse read them. */
  onReads: (reads: readonly ReadRecord[]) => void = () => undefined,
): Promise<T> {
  if (!cacheFile) return parse(() => undefined);
  const key = `${FORMAT}\0${code()}\0${currentLanguage()}\0${md5(text)}`;
  try {
    const stored = deserialize(await readFileBounded(cacheFile, READ_BOUNDS.state)) as Stored;
    if (stored.format === FORMAT && stored.key === key && stored.reads.every(([file, digest]) => reread(file) === digest)) {
      onReads(stored.reads);
      return stored.value as T;
    }
  } catch {
    // Missing, truncated or from another Node: parse again.
  }
  const reads: ReadRecord[] = [];
  const value = parse((file, digest) => reads.push([file, digest]));
  onReads(reads);
  await store(cacheFile, { format: FORMAT, key, reads, value });
  return value;
}

/** Written through a temporary file and a rename: a reader never sees half of it. A failed write only loses speed. */
export async function store(cacheFile: string, stored: unknown): Promise<void> {
  try {
    await fs.mkdir(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    await writeReplacing(cacheFile, serialize(stored));
  } catch {
    // Only speed is lost.
  }
}
