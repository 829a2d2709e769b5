/**
 * Git's listing rule for the working tree (issue #92): a tracked file is never ignored — a `.gitignore` pattern only
 * keeps untracked files out. A repository whose `.gitignore` matches a tracked folder (a pattern written for a binary,
 * a force-added file) lost those files in `check` and the map while a revision read them: a clean checkout's
 * `diff --base HEAD` reported components removed. The scan (scan.ts) walks the folders and applies `.gitignore` as
 * before; git names the exceptions, the tracked files a `.gitignore` matches (`ls-files --cached --ignored
 * --exclude-standard`: usually none), which the scan keeps. Outside a repository (or without git), nothing changes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { git } from '../engines/experiments/git';

/** The tracked files a `.gitignore` matches under a scanned root, relative to it ('/'-separated), and their folders. */
export interface TrackedIgnored {
  readonly files: ReadonlySet<string>;
  readonly folders: ReadonlySet<string>;
  /** The folders from the repository's top down to the scanned root's parent: their `.gitignore` files apply below them too. */
  readonly above: readonly string[];
}

/** The top of the git working tree holding `folder` (a `.git` at or above it), if any. */
function repositoryTop(folder: string): string | undefined {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The tracked files under `root` that a `.gitignore` (or `.git/info/exclude`, `core.excludesFile`) matches, as git
 * lists them (no workspace value passed as an argument: git runs in the folder); undefined outside a repository or
 * when git cannot answer (not installed, a repository it refuses to read): the scan's `.gitignore` rule alone then.
 */
export async function trackedIgnored(root: string): Promise<TrackedIgnored | undefined> {
  const top = repositoryTop(root);
  if (top === undefined) return undefined;
  let stdout: string;
  try {
    // `-z`: names as they are (no quoting); relative to the folder git runs in, which is the scanned root.
    ({ stdout } = await git(root, ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard']));
  } catch {
    return undefined;
  }
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const name of stdout.split('\0')) {
    if (name === '' || name.split('/').some((part) => part === '..' || part === '.')) continue;
    files.add(name);
    for (let at = name.indexOf('/'); at > 0; at = name.indexOf('/', at + 1)) folders.add(name.slice(0, at));
  }
  const above: string[] = [];
  for (let dir = path.dirname(root); top !== root && dir.length >= top.length; dir = path.dirname(dir)) {
    above.unshift(dir);
    if (dir === top || path.dirname(dir) === dir) break;
  }
  return { files, folders, above };
}
