/** Where a pipeline lives: the repository holding it (the runner keeps outs inside; the exports place paths in it). */
import { statSync } from 'node:fs';
import path from 'node:path';

/** The repository's root above a folder (its `.git`), else the folder itself. */
export function repositoryRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    try {
      statSync(path.join(dir, '.git'));
      return dir;
    } catch {
      if (path.dirname(dir) === dir) return path.resolve(from);
    }
  }
}
