/**
 * The repository a path is in, what ids are relative to (features/system/ids.ts, issue #92): the folder holding `.git`
 * at or above it, else the path itself (its folder for a file) — never the current folder, so that ids are the same
 * whichever folder a command runs from and in the editor as in the CLI.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export function repositoryRoot(absolute: string): string {
  const start = statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? absolute : path.dirname(absolute);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** The repositories of paths (absolute or relative to the current folder), each once, in the order given. */
export function repositoryRoots(paths: readonly string[]): string[] {
  return [...new Set(paths.map((p) => repositoryRoot(path.resolve(p))))];
}
