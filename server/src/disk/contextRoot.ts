import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder whose files give a checked path its cross-file context (the ADRs a reference names,
 * the targets of relative links): its project — the nearest folder holding `archipel.yaml` (a workspace
 * of its own: the example inside Archipel's repository reads as its copy does, not with the repository's
 * 20,000 test files) or `.git` — else the current folder when the path is inside it, else the path's own folder.
 */
export function contextRoot(absolute: string, isDirectory: boolean): string {
  const start = isDirectory ? absolute : path.dirname(absolute);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'archipel.yaml')) || existsSync(path.join(dir, 'archipel.yml')) || existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  const cwd = process.cwd();
  return start === cwd || start.startsWith(cwd + path.sep) ? cwd : start;
}
