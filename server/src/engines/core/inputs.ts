import { promises as fs } from 'node:fs';
import path from 'node:path';

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
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of await listFolder(absolute)) if (!found.has(file)) found.set(file, { file, root: absolute });
    } else if (!found.has(absolute)) {
      found.set(absolute, { file: absolute });
    }
  }
  return { found: [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), missing };
}
