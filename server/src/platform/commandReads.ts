/**
 * Where a command's reads are confined (issue #92): every side file any command reads — a Compose `env_file` or
 * `secrets: file:`, a `.env`, Helm values, a Terraform module's file — goes through disk/readText.ts's one bounded,
 * confined read, and that read is confined to the run's folders. `archipel check` confined its reads; `threats`,
 * `diagram`, `diff`, `slo report --system`, `cost` and `privacy` did not (nothing confined until a run says its
 * folders), so they opened `../outside/secret.env`, an absolute path, a link leading out. The CLI now confines
 * every command's run the same way as `check`: the project of the current folder and of each path the command
 * line names (a path the user named is theirs to read).
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { confineReads } from '../disk/readText';
import { contextRoot } from '../disk/contextRoot';
import { DEFAULT_SIDE_FILE_KB } from '../common/sideFile';

/**
 * The paths the arguments name: every argument (or `--option=value`'s value) that is an existing path. An option's
 * value that names a path (`--system FOLDER`, `--amdec FILE`) is named by the user as much as a positional.
 */
function namedPaths(args: readonly string[]): string[] {
  const named: string[] = [];
  for (const arg of args) {
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (value === '' || value.startsWith('-')) continue;
    const absolute = path.resolve(value);
    // lstat: a path is named as written; where a named link leads is the user's own choice too, read as they named it.
    if (lstatSync(absolute, { throwIfNoEntry: false }) !== undefined) named.push(absolute);
  }
  return named;
}

/** The folders a command's side files are read in: the current folder's project and each named path's (disk/contextRoot.ts). */
export function commandRoots(args: readonly string[]): string[] {
  const roots = new Set<string>([contextRoot(process.cwd(), true)]);
  for (const named of namedPaths(args)) {
    let folder = false;
    try {
      folder = lstatSync(named).isDirectory();
    } catch {
      continue;
    }
    roots.add(contextRoot(named, folder));
  }
  return [...roots];
}

/** Confines the side-file reads of a command's run (`args`: its arguments after the command's name); gives what ends it. */
export function confineCommand(args: readonly string[], maxSideFileKb = DEFAULT_SIDE_FILE_KB): () => void {
  return confineReads(commandRoots(args), maxSideFileKb);
}
