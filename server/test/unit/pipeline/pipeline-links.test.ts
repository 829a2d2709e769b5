// Issue #37: a repository cannot make `archipel run` write through its committed links, nor hold
// every run with a lock from another host, nor grow a stage's log without bound; `check --changed`
// never hands a ref to git as an option. Each case: nothing is written outside, with the message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listing } from '../../hostileValidate';
import { makeTree } from '../../tempdir';

const cli = path.resolve(__dirname, '../../../src/cliMain.js');

function archipel(cwd: string, args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('state writes that refuse links, run.lock from another host, capped logs, git refs (#37)', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    tree = makeTree({ 'ws/dvc.yaml': 'stages:\n  make:\n    cmd: echo hello > out.txt\n    outs:\n      - out.txt\n', 'outside/victim.txt': 'precious\n' });
    ws = path.join(tree.root, 'ws');
    outside = path.join(tree.root, 'outside');
  });
  afterEach(() => tree.remove());

  it('a committed .archipel that is a link: refused before anything runs, naming the link; nothing written outside', () => {
    symlinkSync(outside, path.join(ws, '.archipel'));
    const before = listing(outside);
    const r = archipel(ws, ['run']);
    assert.equal(r.code, 1);
    assert.ok(r.err.includes(`${path.join(ws, '.archipel')} is a symbolic link (to ${outside})`), r.err);
    assert.ok(!existsSync(path.join(ws, 'out.txt')), 'the stage did not run');
    assert.deepEqual(listing(outside), before);
  });

  it('a committed log that is a link: the stage fails naming it, the file outside is untouched', () => {
    const logs = path.join(ws, '.archipel', 'logs', 'dvc.yaml');
    mkdirSync(logs, { recursive: true });
    symlinkSync(path.join(outside, 'victim.txt'), path.join(logs, 'make.log'));
    const r = archipel(ws, ['run', '--format', 'json']);
    assert.equal(r.code, 1);
    const result = JSON.parse(r.out) as { stages: { outcome: string; reason?: string }[] };
    assert.equal(result.stages[0].outcome, 'failed');
    assert.ok(result.stages[0].reason?.startsWith(`${path.join(logs, 'make.log')} is a symbolic link (to ${path.join(outside, 'victim.txt')})`), r.out);
    assert.equal(readFileSync(path.join(outside, 'victim.txt'), 'utf8'), 'precious\n');
  });

  it('a committed cache folder that is a link: refused naming it; nothing written outside', () => {
    mkdirSync(path.join(ws, '.archipel'), { recursive: true });
    mkdirSync(path.join(outside, 'cache'));
    symlinkSync(path.join(outside, 'cache'), path.join(ws, '.archipel', 'cache'));
    writeFileSync(path.join(ws, 'out.txt'), 'old\n');
    const before = listing(outside);
    const r = archipel(ws, ['run']);
    assert.equal(r.code, 1);
    assert.ok(r.err.includes(`${path.join(ws, '.archipel', 'cache')} is a symbolic link`), r.err);
    assert.deepEqual(listing(outside), before);
    assert.equal(readFileSync(path.join(ws, 'out.txt'), 'utf8'), 'old\n');
  });

  it('a run.lock from another host: refused with its host and age; taken over with --break-lock, or once 24 h old', () => {
    mkdirSync(path.join(ws, '.archipel'));
    const lock = (hoursAgo: number) => writeFileSync(path.join(ws, '.archipel', 'run.lock'), JSON.stringify({ pid: 4242, command: 'archipel run', host: `not-${os.hostname()}`, started: new Date(Date.now() - hoursAgo * 3600_000).toISOString(), nonce: 'x' }));
    lock(2);
    const refused = archipel(ws, ['run', '--wait', '0']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, new RegExp(`names a run on another host, not-${os.hostname()} \\(pid 4242: archipel run\\), started 2 h ago.*--break-lock.*24 h old`));
    const broken = archipel(ws, ['run', '--wait', '0', '--break-lock']);
    assert.equal(broken.code, 0, broken.err);
    lock(25);
    writeFileSync(path.join(ws, 'dvc.yaml'), 'stages:\n  make:\n    cmd: echo again > out.txt\n    outs:\n      - out.txt\n');
    const old = archipel(ws, ['run', '--wait', '0']);
    assert.equal(old.code, 0, old.err);
  });

  it('a stage\'s log keeps its head and tail within --log-max', () => {
    writeFileSync(path.join(ws, 'dvc.yaml'), 'stages:\n  make:\n    cmd: yes 0123456789 | head -c 3000000; echo done > out.txt\n    outs:\n      - out.txt\n');
    const r = archipel(ws, ['run', '--log-max', '100000']);
    assert.equal(r.code, 0, r.err);
    const log = path.join(ws, '.archipel', 'logs', 'dvc.yaml', 'make.log');
    assert.ok(statSync(log).size < 100_000 + 300, String(statSync(log).size));
    assert.match(readFileSync(log, 'utf8'), /\[… 2900000 bytes of output left out of this log \(it keeps 100000 bytes: the first and the last half\); raise the cap with --log-max\]/);
  });

  it('archipel check reports a ../ output at its line, as the runner refuses it', () => {
    writeFileSync(path.join(ws, 'dvc.yaml'), 'stages:\n  make:\n    cmd: echo x > ../escaped.txt\n    outs:\n      - ../escaped.txt\n      - fine.txt\n');
    const r = archipel(ws, ['check', 'dvc.yaml']);
    assert.notEqual(r.code, 0);
    assert.ok(r.out.includes(`dvc.yaml:5:9: error: output \`../escaped.txt\` is outside the workspace (${path.join(tree.root, 'escaped.txt')}): the runner refuses this stage. [pipeline-out-outside]`), r.out);
  });

  it('check --changed --base=--output=FILE: the ref is refused, git writes nothing', function () {
    if (spawnSync('git', ['--version']).status !== 0) this.skip();
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: ws });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'one');
    const r = archipel(ws, ['check', '--changed', '--base=--output=pwned.txt']);
    assert.notEqual(r.code, 0);
    assert.match(r.out + r.err, /a git ref cannot start with "-"/);
    assert.ok(!existsSync(path.join(ws, 'pwned.txt')));
  });
});
