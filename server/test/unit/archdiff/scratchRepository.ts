// A suite's git repository in a temporary folder, for `archipel diff`'s tests: made in `before`, removed in
// `after`; the suite's git and the diff's own git processes read no user's configuration (gitEnv's
// GIT_CONFIG_GLOBAL and GIT_CONFIG_NOSYSTEM, in process.env for the suite's time), and commits need no identity.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitEnv } from '../../experiments';

export interface ScratchRepository {
  /** The repository's folder (set in `before`). */
  readonly dir: string;
  /** git in the repository, its output. */
  readonly git: (...args: string[]) => string;
}

/** Registers the suite's `before` (the repository made, `main` its branch, then `fill`) and `after` (it removed). */
export function scratchRepository(prefix: string, fill: (repository: ScratchRepository) => void): ScratchRepository {
  const env = gitEnv();
  const saved: Record<string, string | undefined> = {};
  let dir = '';
  const repository: ScratchRepository = {
    get dir() {
      return dir;
    },
    git: (...args) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' }),
  };
  before(() => {
    for (const key of ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM']) {
      saved[key] = process.env[key];
      process.env[key] = env[key];
    }
    dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
    repository.git('init', '-q', '-b', 'main');
    fill(repository);
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return repository;
}
