// The built `archipel` command whose output reader goes away early (`archipel check … | head`):
// the rest of the output is dropped and the command ends with its own exit code, without an
// unhandled EPIPE stack on stderr (before: `archipel status | head` crashed with one).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

describe('the CLI with a reader that closes early', () => {
  it('drops the rest of its output and exits with its own code, no EPIPE crash', async () => {
    // Far more than a pipe holds (64 KiB): 40 files of 300 duplicate keys, one problem each.
    const files: Record<string, string> = {};
    for (let f = 0; f < 40; f++) files[`f${f}.yaml`] = Array.from({ length: 300 }, () => 'key: 1').join('\n') + '\n';
    const { root, remove } = makeTree(files);
    try {
      const child = spawn(process.execPath, [cli, 'check', '--format', 'json', root], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.doesNotMatch(stderr, /EPIPE|Unhandled|internal error/);
      // Errors were found: check's own exit code, not a crash's.
      assert.equal(code, 1, stderr);
    } finally {
      remove();
    }
  });
});
