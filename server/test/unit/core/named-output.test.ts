// An output the user names (`-o FILE`, `--out FILE`) is put in place by renaming a complete file over it
// (#92): only a regular file or a new name can take that. A folder, a device, a FIFO or a descriptor's
// name is refused with a message naming the path (exit 2 from the CLI), and nothing is renamed over it;
// a link to a file is written through (the link stays a link).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, lstatSync, openSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { namedOutputFile, OutputTargetError, writeNamedOutput } from '../../../src/engines/core/output';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';

const SPEC = `version: prometheus/v1
service: api
slos:
  - name: requests
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: ApiErrors
      page_alert: { labels: { severity: page } }
      ticket_alert: { labels: { severity: ticket } }
`;

describe('engines: an output the user names (namedOutputFile, writeNamedOutput)', () => {
  it('a new name and an existing regular file are written whole', async () => {
    const tree = makeTree({ 'old.txt': 'old\n' });
    try {
      await writeNamedOutput(path.join(tree.root, 'new', 'made.txt'), 'a\n');
      await writeNamedOutput(path.join(tree.root, 'old.txt'), 'b\n');
      assert.equal(readFileSync(path.join(tree.root, 'new', 'made.txt'), 'utf8'), 'a\n');
      assert.equal(readFileSync(path.join(tree.root, 'old.txt'), 'utf8'), 'b\n');
      assert.deepEqual(readdirSync(tree.root).filter((n) => n.endsWith('.tmp')), []);
    } finally {
      tree.remove();
    }
  });

  it('a link to a file: the file is replaced, the link stays a link', async () => {
    const tree = makeTree({ 'real/out.txt': 'old\n' });
    try {
      const link = path.join(tree.root, 'link.txt');
      symlinkSync(path.join(tree.root, 'real', 'out.txt'), link);
      await writeNamedOutput(link, 'new\n');
      assert.ok(lstatSync(link).isSymbolicLink());
      assert.equal(readlinkSync(link), path.join(tree.root, 'real', 'out.txt'));
      assert.equal(readFileSync(path.join(tree.root, 'real', 'out.txt'), 'utf8'), 'new\n');
    } finally {
      tree.remove();
    }
  });

  for (const [what, make] of [
    ['a folder', (root: string) => { mkdirSync(path.join(root, 'dir')); return path.join(root, 'dir'); }],
    ['a FIFO', (root: string) => { execFileSync('mkfifo', [path.join(root, 'fifo')]); return path.join(root, 'fifo'); }],
    ['a device (/dev/null)', () => '/dev/null'],
    ['a device (/dev/full)', () => '/dev/full'],
    ['a descriptor\'s name (/proc/self/fd/1)', () => '/proc/self/fd/1'],
  ] as const) {
    it(`${what} is refused with its path named, and left as it was`, async () => {
      const tree = makeTree({});
      try {
        const target = make(tree.root);
        const before = statSync(target);
        await assert.rejects(writeNamedOutput(target, 'x\n'), (error: unknown) => error instanceof OutputTargetError && error.message.startsWith(`${target}: `) && /not a file/.test(error.message));
        const after = statSync(target);
        assert.equal(after.ino, before.ino);
        assert.equal(after.mode, before.mode);
      } finally {
        tree.remove();
      }
    });
  }

  it('/proc/self/fd/1 is refused even when standard output is a regular file (a redirection)', async () => {
    const tree = makeTree({ 'log.txt': 'the log\n' });
    try {
      const script = `require(${JSON.stringify(require.resolve('../../../src/engines/core/output'))}).writeNamedOutput('/proc/self/fd/1', 'x').then(() => process.exit(0), (e) => { process.stderr.write(e.message); process.exit(e.name === 'OutputTargetError' ? 2 : 1); })`;
      const fd = openSync(path.join(tree.root, 'log.txt'), 'a');
      try {
        const status = (() => { try { execFileSync(process.execPath, ['-e', script], { stdio: ['ignore', fd, 'pipe'] }); return 0; } catch (error) { return (error as { status: number }).status; } })();
        assert.equal(status, 2);
      } finally {
        closeSync(fd);
      }
      assert.equal(readFileSync(path.join(tree.root, 'log.txt'), 'utf8'), 'the log\n');
    } finally {
      tree.remove();
    }
  });

  it('a link to a device is refused too (the device is what it names)', async () => {
    const tree = makeTree({});
    try {
      const link = path.join(tree.root, 'null');
      symlinkSync('/dev/null', link);
      await assert.rejects(namedOutputFile(link), OutputTargetError);
      assert.ok(lstatSync(link).isSymbolicLink());
    } finally {
      tree.remove();
    }
  });
});

describe('CLI: -o onto what is not a file', () => {
  for (const target of ['/dev/null', 'folder', '/proc/self/fd/1']) {
    it(`archipel slo generate -o ${target}: exit 2, the path named, no internal error`, async () => {
      const tree = makeTree({ 'slo.yaml': SPEC, 'folder/keep.txt': 'kept' });
      try {
        const result = await runCli(['slo', 'generate', 'slo.yaml', '-o', target], tree.root);
        assert.equal(result.code, 2, result.err);
        assert.match(result.err, new RegExp(`^archipel: ${target.replace(/[/.]/g, '\\$&')}: (a device|a device or a descriptor's name|a folder|a FIFO \\(a pipe\\)|a socket|not a regular file), not a file`));
        assert.doesNotMatch(result.err, /internal error/);
        assert.equal(readFileSync(path.join(tree.root, 'folder', 'keep.txt'), 'utf8'), 'kept');
      } finally {
        tree.remove();
      }
    });
  }

  it('archipel diagram -o onto a folder: exit 2, the path named', async () => {
    const tree = makeTree({ 'compose.yaml': 'services:\n  api:\n    image: nginx:1.27\n', 'out/keep.txt': 'kept' });
    try {
      const result = await runCli(['diagram', 'compose', '.', '-o', 'out'], tree.root);
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, /^archipel: out: a folder, not a file/);
      assert.ok(statSync(path.join(tree.root, 'out')).isDirectory());
    } finally {
      tree.remove();
    }
  });
});
