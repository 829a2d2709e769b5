import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/disk/packageRoot';

/** Git with no identity at all (#52): scripts/lib/no-git-identity.json, which the walkthrough's first hour uses too. */
export const nobody: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(JSON.parse(readFileSync(path.join(packageRoot(__dirname), 'scripts', 'lib', 'no-git-identity.json'), 'utf8')) as Record<string, string>).filter(([key]) => key !== '//'));

/** Git for the experiments tests: without the machine's config, with a fixed identity and date. */
export const gitEnv = (date = '2024-05-10T20:24:00+00:00'): NodeJS.ProcessEnv => ({
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date,
});
