// Side files are read one bounded way (issue #50): a Compose file's `.env` and `env_file`s, a
// pipeline's params, a `.dvc` file go through disk/readText.ts's readRegularFileSync — regular
// files only, by fstat of the opened descriptor, at most a bound — so a link to /dev/zero or a FIFO
// never holds the CLI or the language server. Each case would hang (and fail by mocha's timeout)
// without it; none reads a clock.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { confineReads, readRegularFileSync, readSideText, readSideTextQuietly, readWorkspaceBytes } from '../../../src/disk/readText';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';

const posix = process.platform !== 'win32';

describe('side files read one bounded way (disk/readText.ts: readRegularFileSync)', function () {
  this.timeout(120_000);
  const tree = makeTree({ 'small.txt': 'A=1\n', 'big.txt': 'x'.repeat(5000) });
  after(() => tree.remove());
  const at = (name: string) => path.join(tree.root, name);

  it('a regular file within the bound is read; a larger one, a device, a FIFO and a missing file are refused without reading', function () {
    assert.equal(readSideTextQuietly(at('small.txt')), 'A=1\n');
    assert.equal(readRegularFileSync(at('big.txt'), 4096), 'too-large');
    assert.equal(readRegularFileSync(at('nothing.txt'), 4096), 'missing');
    if (!posix) this.skip();
    assert.equal(readRegularFileSync('/dev/zero', 4096), 'not-a-file');
    execFileSync('mkfifo', [at('pipe')]);
    // Opened without blocking and refused by fstat: no writer ever comes.
    assert.equal(readRegularFileSync(at('pipe'), 4096), 'not-a-file');
    symlinkSync('/dev/zero', at('zero-link'));
    assert.equal(readSideTextQuietly(at('zero-link')), undefined);
  });

  it('a regular file is read by one read of its size and one byte more; an empty one and procfs by reads to their end (issue #84)', function () {
    // fs.readSync, as the compiled module calls it (node:fs's own object), counted.
    const fs = createRequire(__filename)('node:fs') as { readSync: (...args: unknown[]) => number };
    const readSync = fs.readSync;
    let reads = 0;
    fs.readSync = (...args: unknown[]) => (reads++, readSync(...args));
    const count = (file: string) => {
      reads = 0;
      const bytes = readRegularFileSync(file, 1 << 20);
      return [typeof bytes === 'string' ? bytes : bytes.toString('utf8'), reads] as const;
    };
    try {
      writeFileSync(at('empty.txt'), '');
      assert.deepEqual(count(at('small.txt')), ['A=1\n', 1]);
      assert.deepEqual(count(at('big.txt')), ['x'.repeat(5000), 1]);
      // Of 0 bytes by fstat: read to the end, which a first read of nothing tells.
      assert.deepEqual(count(at('empty.txt')), ['', 1]);
      if (!posix) return;
      // procfs says 0 bytes and holds some: read until a read gives nothing.
      const [text, calls] = count('/proc/self/stat');
      assert.ok(text.length > 0);
      assert.equal(calls, 2);
    } finally {
      fs.readSync = readSync;
    }
  });

  it('a missing file is told by lstat without an exception, with the reasons the open gave before: missing, under a missing folder or a file, a dangling link, a loop of links', function () {
    assert.equal(readRegularFileSync(at('none/nothing.txt'), 4096), 'missing');
    assert.equal(readRegularFileSync(at('small.txt/nothing.txt'), 4096), 'missing');
    if (!posix) this.skip();
    symlinkSync(at('gone.txt'), at('dangling'));
    symlinkSync(at('loop-b'), at('loop-a'));
    symlinkSync(at('loop-a'), at('loop-b'));
    // Followed (a checked file): a dangling link is missing, a loop unreadable; not followed at the end (a side file's real path): both refused as a link.
    assert.equal(readRegularFileSync(at('dangling'), 4096), 'missing');
    assert.equal(readRegularFileSync(at('loop-a'), 4096), 'outside');
    assert.equal(readRegularFileSync(at('dangling'), 4096, constants.O_NOFOLLOW), 'outside');
    assert.equal(readRegularFileSync(at('loop-a'), 4096, constants.O_NOFOLLOW), 'outside');
    // A loop on the way to the file: lstat fails with ELOOP, left to the open as before.
    assert.equal(readRegularFileSync(path.join(at('loop-a'), 'x.env'), 4096), 'outside');
    // The side files' read (readWorkspaceBytes), where the lstat is asked first: the same reasons.
    assert.equal(readWorkspaceBytes(at('none/nothing.txt')), 'missing');
    assert.equal(readWorkspaceBytes(at('small.txt/nothing.txt')), 'missing');
    assert.equal(readWorkspaceBytes(at('dangling')), 'outside');
    assert.equal(readWorkspaceBytes(at('loop-a')), 'outside');
    assert.equal(readWorkspaceBytes(path.join(at('loop-a'), 'x.env')), 'outside');
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

  it('confined to the run\'s folders: a path outside is refused without a system call, a link inside that leads out before it is opened', function () {
    if (!posix) this.skip();
    const outside = makeTree({ 'secret.env': 'TOKEN=1\n' });
    const unconfine = confineReads([tree.root], 1);
    try {
      symlinkSync(path.join(outside.root, 'secret.env'), at('inside-link.env'));
      assert.deepEqual(readSideText(path.join(outside.root, 'secret.env')), { refused: 'outside' });
      assert.deepEqual(readSideText(path.join(tree.root, '..', path.basename(outside.root), 'secret.env')), { refused: 'outside' });
      assert.deepEqual(readSideText(at('inside-link.env')), { refused: 'outside' });
      // Whether an outside path exists is not told: a missing one is refused the same way.
      assert.deepEqual(readSideText('/nonexistent/of/course.env'), { refused: 'outside' });
      assert.deepEqual(readSideText(at('small.txt')), { text: 'A=1\n' });
      // The bound given (1 KB) applies to every side file of the run.
      assert.deepEqual(readSideText(at('big.txt')), { refused: 'too-large' });
    } finally {
      unconfine();
      outside.remove();
    }
    // Restored: nothing confined outside a run.
    assert.equal(readSideTextQuietly(at('big.txt'))?.length, 5000);
  });

  it('archipel check says, on the line naming it, why each env_file was not read; nothing outside the workspace is opened', async function () {
    if (!posix) this.skip();
    const project = makeTree({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    env_file:\n      - /etc/hostname\n      - ../elsewhere.env\n      - ./big.env\n      - path: ./fifo\n        required: false\n',
      'big.env': `A=${'x'.repeat(2 << 20)}\n`,
    });
    try {
      execFileSync('mkfifo', [path.join(project.root, 'fifo')]);
      const { out } = await runCli(['check', '--format', 'json', '.'], project.root);
      const problems = JSON.parse(out) as { code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
      assert.deepEqual(
        problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.character + 1} ${p.code} ${p.message}`),
        [
          '5:9-22 side-file-limit "/etc/hostname" is not read: it resolves outside the workspace, and Archipel reads nothing outside it unless you name the path on the command line. Its variables are unknown to the checks.',
          '6:9-25 side-file-limit "../elsewhere.env" is not read: it resolves outside the workspace, and Archipel reads nothing outside it unless you name the path on the command line. Its variables are unknown to the checks.',
          '7:9-18 side-file-limit "./big.env" is not read: it is larger than 1024 KB (archipel.validation.maxSideFileKb).',
          '8:15-21 side-file-limit "./fifo" is not read: it is not a regular file (a device, a FIFO or a socket, perhaps behind a link).',
        ],
      );
    } finally {
      project.remove();
    }
  });
});
