/**
 * Whether a folder can hold experiments — Git installed, a repository, a first commit to be their
 * baseline — and, when it cannot, the repository made there: the Experiments panel's "Initialise Git
 * here" and the copy Open Example makes (#52). `git init` (when the folder is in no repository),
 * every file its .gitignore files do not name added, and the first commit as the user Git knows,
 * else as FALLBACK_IDENTITY, as an experiment is committed.
 */
import os from 'node:os';
import { t } from '../../l10n/t';
import { FALLBACK_IDENTITY, withIdentity } from './commit';
import { git, GitError } from './git';

/** The first commit's message (English, as Git's own messages in a history others read). */
const FIRST_COMMIT_MESSAGE = 'First commit, by Archipel (Initialise Git here)';

/** What a folder lacks for experiments: Git itself, a repository, or a commit to be the baseline. */
export type GitMissing = 'git' | 'repository' | 'commit';

/**
 * No hook and no file-system monitor runs (each is a program a repository's config can name): the
 * commit is the files as they are. A clean or smudge filter needs a driver in `.git/config`, which
 * a fresh repository does not have and a clone never carries.
 */
const QUIET = ['-c', `core.hooksPath=${os.devNull}`, '-c', 'core.fsmonitor=false'];

/** What `folder` lacks for experiments, or undefined when it has a repository with a commit. */
export async function missingGit(folder: string, env?: NodeJS.ProcessEnv): Promise<GitMissing | undefined> {
  return (await gitState(folder, env)).missing;
}

/** What a folder lacks for experiments, or its HEAD commit when it lacks nothing. */
export type GitState = { missing: GitMissing; head?: undefined } | { missing?: undefined; head: string };

/**
 * What `folder` lacks, and HEAD, with one `rev-parse`: it prints `true` inside a work tree (`false`
 * inside `.git`), then HEAD's commit, or exits with 1 when there is none and 128 outside any
 * repository. No `git --version` first: a Git that cannot be started is this call's error (no exit
 * status), and every `exp show` saves a process (each costs 15–30 ms of CPU, a third of them the fork).
 */
export async function gitState(folder: string, env?: NodeJS.ProcessEnv): Promise<GitState> {
  let answer;
  try {
    answer = await git(folder, ['rev-parse', '--is-inside-work-tree', '--verify', '-q', 'HEAD^{commit}'], { allow: [1, 128], env });
  } catch (error) {
    if (error instanceof GitError && error.code === null) return { missing: 'git' };
    // `git -C folder` failed for the folder (gone, not a folder): a repository is what it lacks.
    return { missing: 'repository' };
  }
  const [inside, head] = answer.stdout.split('\n');
  if (inside !== 'true') return { missing: 'repository' };
  return answer.code === 0 && head ? { head } : { missing: 'commit' };
}

/** Why experiments need what is missing. */
function reason(missing: GitMissing): string {
  switch (missing) {
    case 'git':
      return t('Git is not installed (or not on the PATH): experiments are Git commits.');
    case 'repository':
      return t('This folder is not a Git repository: experiments are Git commits on a baseline commit.');
    case 'commit':
      return t('This Git repository has no commit yet: an experiment needs a baseline commit.');
  }
}

/** What to do, in the panel (its Initialise Git here button) or in a terminal. */
function remedy(missing: GitMissing, where: 'panel' | 'cli'): string {
  if (missing === 'git') return where === 'panel' ? t('Install Git, then open the panel again.') : t('Install Git.');
  if (where === 'panel') return missing === 'repository' ? t('Initialise Git here to make one, with a first commit of its files.') : t('Initialise Git here to commit its files.');
  const commit = 'git add -A && git commit -m "First commit"';
  return missing === 'repository' ? t('Make one: {0}', `git init && ${commit}`) : t('Commit its files: {0}', commit);
}

/** What is missing, in sentences that say why experiments need it and what to do there. */
export function missingMessage(missing: GitMissing, where: 'panel' | 'cli'): string {
  return `${reason(missing)} ${remedy(missing, where)}`;
}

export interface Initialised {
  /** The repository's root. */
  root: string;
  /** The first commit (or HEAD, when there was one already). */
  commit: string;
  /** Who it was committed as (`Name <email>`). */
  author: string;
  /** False when the folder had a commit already (nothing was done). */
  created: boolean;
}

/**
 * Makes `folder` a repository with a first commit of its files (`git init` when it is in none;
 * then `git add -A` and the commit). A folder that has a commit already is left as it is.
 */
export async function initRepository(folder: string, env?: NodeJS.ProcessEnv): Promise<Initialised> {
  const missing = await missingGit(folder, env);
  if (missing === 'git') throw new GitError(missingMessage('git', 'panel'), null, '');
  if (missing === 'repository') await git(folder, [...QUIET, 'init', '-q'], { env });
  const root = (await git(folder, ['rev-parse', '--show-toplevel'], { env })).stdout.trim();
  if (missing !== undefined) {
    await git(root, [...QUIET, 'add', '-A'], { env });
    await git(root, [...QUIET, 'commit', '-q', '--allow-empty', '-m', FIRST_COMMIT_MESSAGE], { env: await withIdentity(root, env) });
  }
  const commit = (await git(root, ['rev-parse', 'HEAD'], { env })).stdout.trim();
  const author = (await git(root, ['log', '-1', '--format=%an <%ae>'], { env })).stdout.trim();
  return { root, commit, author, created: missing !== undefined };
}

/** Whether `author` is the fallback identity (the user's Git knows nobody): the message says so. */
export const isFallbackAuthor = (author: string): boolean => author === `${FALLBACK_IDENTITY.name} <${FALLBACK_IDENTITY.email}>`;
