/** Where a pipeline lives: the repository holding it (the runner keeps outs inside; the exports place paths in it). */
import { statSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder at or above `from` holding `marker`, or undefined. */
function above(from: string, marker: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (statSync(path.join(dir, marker), { throwIfNoEntry: false })) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The repository's root above a folder: its git work tree (`.git`), else the DVC project holding it
 * (`.dvc`, a project outside git: `dvc init --no-scm`), else the folder itself.
 */
export function repositoryRoot(from: string): string {
  return above(from, '.git') ?? above(from, '.dvc') ?? path.resolve(from);
}
