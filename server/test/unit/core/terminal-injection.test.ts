// Names from the workspace in terminal text (#92): a Compose service named with a line break and a GitHub
// Actions workflow command (`::error::`, `::stop-commands::`) must not start a line of its own in what `check`,
// `threats` or `diff` print — a CI runner would obey it. Each value is written with its control characters
// escaped (common/escape.ts terminalText), so the name prints as stored, on its line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { gitEnv } from '../../experiments';
import { makeTree } from '../../tempdir';

// A service key YAML reads with a line break, an escape sequence and a workflow command in it.
const HOSTILE = 'api\\n::error::injected\\r\\n::stop-commands::token\\e[2J';
const compose = (extra: string) => `services:\n  "${HOSTILE}":\n    image: example/api:1.0\n    ports: ["8080:80"]\n    environment:\n      DB_URL: postgres://db:5432/app\n  db:\n    image: postgres:16\n${extra}`;

/** No line of `text` is a workflow command, and no escape character reached it. */
function clean(text: string): void {
  for (const line of text.split(/\r?\n|\r/)) assert.doesNotMatch(line, /^\s*::/, `a line starts a workflow command: ${JSON.stringify(line)}`);
  assert.ok(!text.includes('\x1b'), 'an escape character printed');
}

describe('terminal text: a hostile name stays on its line (check, threats, diff)', function () {
  this.timeout(180_000);

  it('archipel threats (text) and archipel check (text)', async () => {
    const tree = makeTree({ 'compose.yaml': compose('    ports: ["5432:5432"]\n') });
    try {
      const threats = await runCli(['threats', '.'], tree.root);
      assert.match(threats.out, /api\\n::error::injected/);
      clean(threats.out);
      clean(threats.err);
      const check = await runCli(['check', '.'], tree.root);
      clean(check.out);
      clean(check.err);
    } finally {
      tree.remove();
    }
  });

  it('archipel diff (text): the service added under its hostile name', async () => {
    const tree = makeTree({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n' });
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', tree.root, ...args], { env: { ...process.env, ...gitEnv() } });
      git('init', '-q');
      git('add', '-A');
      git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'db');
      writeFileSync(path.join(tree.root, 'compose.yaml'), compose(''));
      const diff = await runCli(['diff', '--base', 'HEAD'], tree.root);
      assert.match(diff.out, /api\\n::error::injected/);
      clean(diff.out);
      clean(diff.err);
    } finally {
      tree.remove();
    }
  });
});
