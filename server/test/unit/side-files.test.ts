// Side files are read one bounded way (issue #50): a Compose file's `.env` and `env_file`s, a
// pipeline's params, a `.dvc` file go through disk/readText.ts's readRegularFileSync — regular
// files only, by fstat of the opened descriptor, at most a bound — so a link to /dev/zero or a FIFO
// never holds the CLI or the language server. Each case would hang (and fail by mocha's timeout)
// without it; none reads a clock.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readRegularFileSync, readSmallTextQuietly } from '../../src/disk/readText';
import { runCli } from '../cliRun';
import { makeTree } from '../tempdir';

const posix = process.platform !== 'win32';

describe('side files read one bounded way (disk/readText.ts: readRegularFileSync)', function () {
  this.timeout(120_000);
  const tree = makeTree({ 'small.txt': 'A=1\n', 'big.txt': 'x'.repeat(5000) });
  after(() => tree.remove());
  const at = (name: string) => path.join(tree.root, name);

  it('a regular file within the bound is read; a larger one, a device, a FIFO and a missing file are refused without reading', function () {
    assert.equal(readSmallTextQuietly(at('small.txt')), 'A=1\n');
    assert.equal(readRegularFileSync(at('big.txt'), 4096), 'too-large');
    assert.equal(readRegularFileSync(at('nothing.txt'), 4096), 'missing');
    if (!posix) this.skip();
    assert.equal(readRegularFileSync('/dev/zero', 4096), 'not-a-file');
    execFileSync('mkfifo', [at('pipe')]);
    // Opened without blocking and refused by fstat: no writer ever comes.
    assert.equal(readRegularFileSync(at('pipe'), 4096), 'not-a-file');
    symlinkSync('/dev/zero', at('zero-link'));
    assert.equal(readSmallTextQuietly(at('zero-link')), undefined);
  });

  it('archipel check of a Compose file whose env_file is /dev/zero and whose .env is a link to a FIFO ends, with the file\'s own problems', async function () {
    if (!posix) this.skip();
    const project = makeTree({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file: [/dev/zero]\n    restat: always\n',
    });
    try {
      execFileSync('mkfifo', [path.join(project.root, 'fifo')]);
      symlinkSync(path.join(project.root, 'fifo'), path.join(project.root, '.env'));
      writeFileSync(path.join(project.root, 'compose.other.yaml'), 'services:\n  db:\n    image: postgres:16\n    restat: always\n');
      const { code, out } = await runCli(['check', '--format', 'json', '.'], project.root);
      const problems = JSON.parse(out) as { file: string; code: string; range: { start: { line: number } } }[];
      assert.equal(code, 1);
      // Both files' misspelt key, each on its line: the side files held neither.
      assert.deepEqual(problems.filter((p) => p.code === 'compose-schema').map((p) => `${p.file}:${p.range.start.line + 1}`).sort(), ['compose.other.yaml:4', 'compose.yaml:5']);
    } finally {
      project.remove();
    }
  });
});
