/**
 * The files git says moved between a diff's base and its head (issue #92: a moved file is not a change), by git's own
 * rename detection: `git diff --name-status -M -z <base> [<head>]` — between two commits, or the base and the working
 * tree's tracked files (a `git mv` is staged). The commits are object ids (archDiff resolved them), never a workspace
 * value, in an argument array, after every option. A git that fails says nothing moved: the comparison reads as before.
 */
import { movesOfNameStatus, type FileMove } from '../archdiff/moves';
import { git, GitError } from '../engines/experiments/git';

export async function movedFiles(top: string, baseCommit: string, headCommit: string | null): Promise<FileMove[]> {
  try {
    // --no-ext-diff and --no-textconv: no driver of the repository's configuration runs; name-status reads no content beyond git's similarity.
    const { stdout } = await git(top, ['diff', '--name-status', '--no-ext-diff', '--no-textconv', '-M', '-z', baseCommit, ...(headCommit !== null ? [headCommit] : []), '--']);
    return movesOfNameStatus(stdout);
  } catch (error) {
    if (error instanceof GitError) return [];
    throw error;
  }
}
