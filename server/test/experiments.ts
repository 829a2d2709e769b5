/**
 * Git with no identity at all (#52): no global or system config, nothing guessed (user.useConfigOnly,
 * so a test does not depend on the machine's host name), the identity variables empty.
 */
export const nobody: NodeJS.ProcessEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'user.useConfigOnly',
  GIT_CONFIG_VALUE_0: 'true',
  GIT_AUTHOR_NAME: '',
  GIT_AUTHOR_EMAIL: '',
  GIT_COMMITTER_NAME: '',
  GIT_COMMITTER_EMAIL: '',
  EMAIL: '',
};

/** Git for the experiments tests: without the machine's config, with a fixed identity and date. */
export const gitEnv = (date = '2024-05-10T20:24:00+00:00'): NodeJS.ProcessEnv => ({
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date,
});
