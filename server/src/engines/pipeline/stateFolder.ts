/**
 * `.archipel/` beside a pipeline file: the hash cache, the kept outputs, the last runs. Created
 * with a `.gitignore` of `*` inside it (as pytest's and ruff's caches do), so it never shows up in a
 * user's `git status`, whatever their own `.gitignore` says.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mkdirState } from '../core/safeWrite';

/** Creates the state folder (never through a link: engines/core/safeWrite.ts) with its `.gitignore` (written exclusively: never through a link either). */
export async function ensureStateFolder(folder: string): Promise<void> {
  await mkdirState(folder);
  const ignore = path.join(folder, '.gitignore');
  await fs.writeFile(ignore, '# Archipel\'s pipeline state (hash cache, kept outputs, last runs): never committed.\n*\n', { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
