import { execFile } from 'node:child_process';

/**
 * What "Archipel: Compare with…" offers (issue #80): the branches and tags of the workspace folder's
 * repository, most recent first, then its last commits. From VS Code's Git extension when it is there and
 * knows the repository (`vscode.git`'s API, version 1), else from git itself (an argument array, no shell,
 * nothing typed by the user among the arguments). No `vscode` import: the Git API is passed in, a fake in tests.
 */

/** How many branches and tags, and recent commits, are offered. */
export const REFS = 200;
export const COMMITS = 30;

/** A choice of the quick pick: `ref` is what goes to the server (`archipel/diff`'s `base`). */
export interface RefChoice {
  label: string;
  description?: string;
  ref: string;
}

/** The Git extension's `RefType` (its git.d.ts): a local branch, a remote one, a tag. */
const HEAD = 0;
const TAG = 2;

/** The part of the Git extension's `Repository` (git.d.ts, API version 1) read here. */
export interface GitRepositoryLike {
  state: { refs?: readonly { type: number; name?: string }[] };
  /** Newer versions of the API: the refs sorted by the git process (`state.refs` is then deprecated and may be empty). */
  getRefs?(query: { sort?: 'alphabetically' | 'committerdate'; count?: number; pattern?: string | string[] }): Promise<readonly { type: number; name?: string }[]>;
  log(options: { maxEntries: number }): Promise<readonly { hash: string; message: string }[]>;
}

/** The branches, tags and recent commits of a repository of the Git extension. */
export async function choicesFromGitApi(repository: GitRepositoryLike): Promise<RefChoice[]> {
  const [refs, commits] = await Promise.all([
    repository.getRefs ? repository.getRefs({ sort: 'committerdate', pattern: ['refs/heads', 'refs/tags'], count: REFS }) : Promise.resolve(repository.state.refs ?? []),
    repository.log({ maxEntries: COMMITS }),
  ]);
  const named = refs.flatMap((ref) => ((ref.type === HEAD || ref.type === TAG) && ref.name ? [ref.name] : []));
  return [
    ...[...new Set(named)].slice(0, REFS).map((name) => ({ label: name, ref: name })),
    ...commits.slice(0, COMMITS).map((commit) => ({ label: commit.hash.slice(0, 7), description: commit.message.split('\n', 1)[0], ref: commit.hash })),
  ];
}

/** git's output in `cwd` split into lines, none when git fails. */
function gitLines(cwd: string, args: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer: 1024 * 1024, timeout: 10_000 }, (error, stdout) => resolve(error ? [] : stdout.split('\n').filter((line) => line.length > 0)));
  });
}

/** The same choices from git itself, when the Git extension is absent, disabled or does not know the folder's repository. */
export async function choicesFromGit(cwd: string): Promise<RefChoice[]> {
  const [refs, commits] = await Promise.all([
    gitLines(cwd, ['for-each-ref', `--count=${REFS}`, '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads', 'refs/tags']),
    gitLines(cwd, ['log', `-${COMMITS}`, '--format=%H %s', '--end-of-options', 'HEAD']),
  ]);
  return [
    ...refs.map((ref) => ({ label: ref, ref })),
    ...commits.map((line) => {
      const space = line.indexOf(' ');
      const hash = space < 0 ? line : line.slice(0, space);
      return { label: hash.slice(0, 7), description: space < 0 ? '' : line.slice(space + 1), ref: hash };
    }),
  ];
}

/**
 * Why a folder offers nothing to compare with: not in a Git repository (`none`), or in one without a commit yet
 * (`empty`); `ok` when it has a commit. git itself answers (an argument array, no shell).
 */
export async function gitState(cwd: string): Promise<'none' | 'empty' | 'ok'> {
  const inside = await gitLines(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside[0] !== 'true') return 'none';
  const head = await gitLines(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  return head.length > 0 ? 'ok' : 'empty';
}
