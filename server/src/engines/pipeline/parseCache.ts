/**
 * Parsed pipeline files and locks kept in `.archipel/` between processes: a warm `archipel status`
 * on 1,000 stages spent ~0.3 s parsing the 20,000-line dvc.yaml, ~0.2 s parsing the 2.5 MB lock
 * and ~0.3 s collecting the garbage of both, for files that had not changed.
 *
 * Keyed by content, not by stat: the md5 of the text parsed (a few ms for megabytes), of every file
 * the parse read (params and vars files: their bytes, or that they were missing or unreadable),
 * the language of the messages and the code's own identity (this bundle's size and mtime: any new
 * build parses again). Any mismatch, or a cache that cannot be read, parses again: the cache can
 * only save time, never change a decision. Values are stored with V8's serializer, which keeps
 * what JSON would lose (Map, undefined, Infinity, NaN in a stage's `meta`).
 */
import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { currentLanguage } from '../../l10n/t';
import { ensureStateFolder } from './stateFolder';

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

let codeIdentity: string | undefined;
/** This code's build: a rebuilt parser must not trust what an older one stored. */
function code(): string {
  if (codeIdentity === undefined) {
    try {
      const stats = statSync(__filename);
      codeIdentity = `${stats.size}:${stats.mtimeMs}`;
    } catch {
      codeIdentity = 'unknown';
    }
  }
  return codeIdentity;
}

/** The cache file of a parsed file: `.archipel/<kind>-<name>.v8` beside it. */
export function parseCacheFile(parsed: string, kind: string): string {
  return path.join(path.dirname(parsed), '.archipel', `${kind}-${path.basename(parsed)}.v8`);
}

/**
 * `parse(text)` memoised in `cacheFile`. `reread` re-reads a recorded file as the parse read it
 * (for the check that it is unchanged); `parse` reports its own reads through `record`.
 */
export async function cachedParse<T>(
  cacheFile: string,
  text: string,
  parse: (record: (file: string, digest: string) => void) => T,
  reread: (file: string) => string = () => '!',
): Promise<T> {
  const key = `${FORMAT}\0${code()}\0${currentLanguage()}\0${md5(text)}`;
  try {
    const stored = deserialize(await fs.readFile(cacheFile)) as Stored;
    if (stored.format === FORMAT && stored.key === key && stored.reads.every(([file, digest]) => reread(file) === digest)) return stored.value as T;
  } catch {
    // Missing, truncated or from another Node: parse again.
  }
  const reads: ReadRecord[] = [];
  const value = parse((file, digest) => reads.push([file, digest]));
  await store(cacheFile, { format: FORMAT, key, reads, value });
  return value;
}

/** Written through a temporary file and a rename: a reader never sees half of it. A failed write only loses speed. */
async function store(cacheFile: string, stored: Stored): Promise<void> {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    await ensureStateFolder(path.dirname(cacheFile));
    await fs.writeFile(temp, serialize(stored));
    await fs.rename(temp, cacheFile);
  } catch {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}
