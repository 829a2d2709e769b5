/**
 * Writes an experiment as DVC does (`BaseExecutor.commit`): a commit whose only parent is the
 * baseline, holding the baseline's tree with the changed files (params files, `dvc.lock`,
 * Git-tracked metrics) replaced, with the message `dvc: commit experiment <hash>`, under
 * `refs/exps/<baseline[:2]>/<baseline[2:]>/<name>`. The workspace, its index and HEAD are not
 * touched (a temporary index file), and the ref is created only if it does not exist, so two
 * queues naming the same experiment cannot overwrite each other's.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkExpName, EXPERIMENT_MESSAGE_PREFIX, expRefName } from '../../experiments/refs';
import { git, GitError } from './git';
import { t } from '../../l10n/t';

export class ExperimentExistsError extends Error {}

/**
 * Who an experiment is committed as when Git knows nobody (no user.name and user.email, as on a
 * fresh machine or a CI runner): experiments are still committed, as DVC commits them with its own
 * identity then (docs/experiments.md). With an identity, the user's.
 */
export const FALLBACK_IDENTITY = { name: 'Archipel experiments', email: 'experiments@archipel.invalid' } as const;

/** `env`, with the fallback identity when Git cannot tell the author or the committer (`git var` fails as commit-tree would). */
export async function withIdentity(root: string, env: NodeJS.ProcessEnv | undefined): Promise<NodeJS.ProcessEnv | undefined> {
  const known = async (what: string) => (await git(root, ['var', what], { env, allow: [128] })).code === 0;
  if ((await known('GIT_AUTHOR_IDENT')) && (await known('GIT_COMMITTER_IDENT'))) return env;
  const { name, email } = FALLBACK_IDENTITY;
  return { ...env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}

export interface NewExperiment {
  baseline: string;
  name: string;
  /** Files by path relative to the repository ('/' separated) and their new bytes. */
  files: Readonly<Record<string, string | Buffer>>;
  /** The author and committer (default: the repository's configured identity, else FALLBACK_IDENTITY). */
  env?: NodeJS.ProcessEnv;
}

/** DVC's experiment hash names the commit in the message: here the sha256 of the baseline and the files' new contents. */
function experimentHash(experiment: NewExperiment): string {
  const hash = createHash('sha256').update(experiment.baseline);
  for (const file of Object.keys(experiment.files).sort()) hash.update(`\0${file}\0`).update(experiment.files[file]);
  return hash.digest('hex');
}

export async function commitExperiment(root: string, experiment: NewExperiment): Promise<{ commit: string; ref: string }> {
  const problem = checkExpName(experiment.name);
  if (problem) throw new Error(problem);
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(experiment.baseline)) throw new Error(`'${experiment.baseline}' is not a full commit id`);
  const ref = expRefName({ baseline: experiment.baseline, name: experiment.name });
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'archipel-exp-'));
  const env = { ...experiment.env, GIT_INDEX_FILE: path.join(folder, 'index') };
  try {
    await git(root, ['read-tree', `${experiment.baseline}^{tree}`], { env });
    const entries: string[] = [];
    for (const [file, content] of Object.entries(experiment.files)) {
      if (/[\n\r\0\t]/.test(file) || file.split('/').includes('..') || path.posix.isAbsolute(file)) throw new Error(`'${file}': not a path inside the repository`);
      const blob = (await git(root, ['hash-object', '-w', '--stdin'], { input: content })).stdout.trim();
      entries.push(`100644 ${blob}\t${file}`);
    }
    // Paths go on standard input (--index-info), never on the command line.
    await git(root, ['update-index', '--index-info'], { input: `${entries.join('\n')}\n`, env });
    const tree = (await git(root, ['write-tree'], { env })).stdout.trim();
    const identity = await withIdentity(root, experiment.env);
    const commit = (await git(root, ['commit-tree', tree, '-p', experiment.baseline, '-F', '-'], { input: `${EXPERIMENT_MESSAGE_PREFIX}${experimentHash(experiment)}`, env: identity })).stdout.trim();
    try {
      // The old value "" (zeros): create only, refused if the ref exists.
      await git(root, ['update-ref', '--no-deref', '-m', `archipel: experiment ${experiment.name}`, ref, commit, ''.padEnd(experiment.baseline.length, '0')]);
    } catch (error) {
      if (error instanceof GitError) throw new ExperimentExistsError(t('an experiment named \'{0}\' already exists on {1}', experiment.name, experiment.baseline.slice(0, 7)));
      throw error;
    }
    return { commit, ref };
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}
