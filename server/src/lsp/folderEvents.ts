import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Folder events. VS Code reports a folder deleted, moved or renamed outside the editor (`rm -r`,
 * `mv`, a branch switch, `git stash`) as one event for the folder, not one per file in it
 * (microsoft/vscode#109754); the client's watcher on every path (client/src/lsp/client.ts) sends
 * those events, and the server makes each stand for every file under the folder: a deleted folder
 * takes its indexed files out of the index, a created one has its files read like a new file.
 */

/** Folders whose creation never adds a file to the index (the workspace scan skips them too: platform/scan.ts). */
const neverIndexed = new Set(['node_modules', '.git', '.hg', '.svn']);

/** The path of a `file:` URI, or undefined for another scheme or a malformed URI. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The indexed files under any of `folders` (absolute paths), among `indexed` (URIs): one pass over
 * the index whatever the number of folders, each file's parent folders looked up in a set.
 */
export function filesUnder(folders: readonly string[], indexed: Iterable<string>): string[] {
  const gone = new Set(folders.map((folder) => path.resolve(folder)));
  if (gone.size === 0) return [];
  const found: string[] = [];
  for (const uri of indexed) {
    const file = filePath(uri);
    if (!file) continue;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (gone.has(dir)) {
        found.push(uri);
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return found;
}

/** Whether a created path is a folder whose files may be indexed (inside a workspace folder, not in node_modules or a VCS folder). */
export async function isIndexableFolder(folder: string, roots: readonly string[]): Promise<boolean> {
  const root = roots.find((r) => isInside(folder, r));
  if (!root) return false;
  if (path.relative(root, folder).split(path.sep).some((segment) => neverIndexed.has(segment))) return false;
  try {
    return (await fs.stat(folder)).isDirectory();
  } catch {
    return false; // gone again already (a later event says so)
  }
}

/** Whether `file` is `folder` or under it. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
