// Faults around `archipel run` (issue #26), on the real CLI in a child process: killed with SIGKILL
// at each phase of keeping, running, hashing, lock writing and restoring; a full disk and a refused
// permission injected (ARCHIPEL_TEST_FS_FAULT, no small file system needed); a committed `.archipel`
// that is a file; two runs at once; a closed terminal. After each: every output is its old or its new
// content, whole (md5 of every file); no process of the stage is left (a /proc scan); the next run
// recovers and leaves no object and no journal behind. Linux (/proc).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTree } from '../../tempdir';

const cli = path.resolve(__dirname, '../../../src/cliMain.js');

const dvcYaml = (version: string, extra = '') => `stages:
  make:
    cmd: sh make.sh ${version}${extra}
    outs:
      - big.bin
      - parts
      - state.txt:
          persist: true
`;

// Deterministic content per version, so the test knows what "new" is: a 3 MB file, a folder of 40
// files, a persist file the command appends to. `fail` writes half of the new content, then fails.
const makeSh = `v=$1
echo "start $v"
sleep 0.05
yes "$v big" | head -c 3000000 > big.bin
rm -rf parts; mkdir -p parts
i=1; while [ $i -le 40 ]; do echo "$v $i" > parts/p$i.txt; i=$((i+1)); done
echo "$v" >> state.txt
if [ "$2" = fail ]; then yes broken | head -c 1000 > big.bin; exit 1; fi
if [ "$2" = slow ]; then echo $$ > slow.pid; sleep 60; fi
echo "end $v"
`;

const md5 = (bytes: Buffer | string) => createHash('md5').update(bytes).digest('hex');

function expected(version: string, before: Snapshot | undefined): Snapshot {
  const line = `${version} big\n`;
  const big = line.repeat(Math.ceil(3_000_000 / line.length)).slice(0, 3_000_000);
  const parts: Record<string, string> = {};
  for (let i = 1; i <= 40; i++) parts[`p${i}.txt`] = md5(`${version} ${i}\n`);
  return { 'big.bin': md5(big), parts: JSON.stringify(parts), 'state.txt': md5(`${before?.stateText ?? ''}${version}\n`), stateText: `${before?.stateText ?? ''}${version}\n` };
}

type Snapshot = Record<string, string | undefined> & { stateText?: string };

/** Each out's content now: a file's md5, a folder's files' md5s (undefined when missing). */
function snapshot(root: string): Snapshot {
  const file = (p: string) => (existsSync(path.join(root, p)) ? md5(readFileSync(path.join(root, p))) : undefined);
  const folder = path.join(root, 'parts');
  const parts = existsSync(folder) ? JSON.stringify(Object.fromEntries(readdirSync(folder).sort(byNumber).map((n) => [n, md5(readFileSync(path.join(folder, n)))]))) : undefined;
  const state = path.join(root, 'state.txt');
  return { 'big.bin': file('big.bin'), parts, 'state.txt': file('state.txt'), stateText: existsSync(state) ? readFileSync(state, 'utf8') : undefined };
}

function byNumber(a: string, b: string): number {
  return Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, ''));
}

function outsOf(s: Snapshot): Record<string, string | undefined> {
  return { 'big.bin': s['big.bin'], parts: s.parts, 'state.txt': s['state.txt'] };
}

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function start(root: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [cli, 'run', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<Ran>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err })));
  return { child, done };
}

const run = (root: string, args: string[] = [], env: Record<string, string> = {}) => start(root, args, env).done;

/** Processes whose working folder is inside `root`: the stage's commands and their watchers. */
function processesIn(root: string): number[] {
  const real = realpathSync(root);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
      if ((cwd === real || cwd.startsWith(real + path.sep)) && state !== 'Z') found.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** The command lines of a process's children (the runner's: its watcher and its stages' shells). */
function childrenOf(parent: number): string[][] {
  const found: string[][] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === parent) found.push(readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0'));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** Waits until no process works in `root`; returns how long that took (ms). */
async function noProcessLeft(root: string, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const left = processesIn(root);
    if (left.length === 0) return Date.now() - started;
    if (Date.now() - started > limitMs) assert.fail(`processes still running in the pipeline folder after ${limitMs} ms: ${left.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function until(what: string, check: () => boolean, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Files left in the kept-output cache and journals (none once a run has recovered and collected). */
function leftovers(root: string): string[] {
  const found: string[] = [];
  for (const folder of ['cache', 'journal']) {
    const dir = path.join(root, '.archipel', folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true })) if (statSync(path.join(dir, String(entry))).isFile()) found.push(`${folder}/${String(entry)}`);
  }
  return found;
}

describe('archipel run under faults (kill -9 at each phase, full disk, refused permission, races, SIGHUP)', function () {
  this.timeout(120_000);
  let root = '';
  let remove = () => {};
  let v1: Snapshot;

  beforeEach(async () => {
    ({ root, remove } = makeTree({ 'dvc.yaml': dvcYaml('v1'), 'make.sh': makeSh, '.git/HEAD': 'ref: refs/heads/main\n' }));
    const first = await run(root);
    assert.equal(first.code, 0, first.err + first.out);
    v1 = snapshot(root);
    assert.deepEqual(outsOf(v1), outsOf(expected('v1', undefined)));
  });
  afterEach(() => remove());

  // `writing`: the kill may land while the command itself writes its outs (a half-written out is the
  // command's doing, as with any tool); the runner's own steps never leave one.
  const phases: { phase: string; args?: string; recoveredTo: 'old' | 'new'; writing?: boolean }[] = [
    { phase: 'backup', recoveredTo: 'old' },
    { phase: 'backup-copy', recoveredTo: 'old' },
    { phase: 'command', recoveredTo: 'old', writing: true },
    { phase: 'hash', recoveredTo: 'old' },
    { phase: 'lock-write', recoveredTo: 'old' },
    { phase: 'committed', recoveredTo: 'new' },
    { phase: 'restore', args: ' fail', recoveredTo: 'old', writing: true },
  ];
  for (const { phase, args, recoveredTo, writing } of phases) {
    it(`kill -9 at "${phase}": outputs old or new and whole, no process left, the next run puts back the ${recoveredTo} content`, async () => {
      writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2', args ?? ''));
      const lockBefore = readFileSync(path.join(root, 'dvc.lock'), 'utf8');
      const killed = await run(root, [], { ARCHIPEL_TEST_KILL_AT: phase });
      assert.equal(killed.signal, 'SIGKILL', `the runner reached "${phase}": ${killed.err}${killed.out}`);
      await noProcessLeft(root, 20_000);
      const v2 = expected('v2', v1);
      // Right after the kill an out is old, new, or away in the journaled cache; never a mix.
      const now = snapshot(root);
      if (!writing) for (const out of ['big.bin', 'parts', 'state.txt'] as const) assert.ok([v1[out], v2[out], undefined].includes(now[out]), `${out} is neither old nor new after a kill at ${phase}`);
      const lock = readFileSync(path.join(root, 'dvc.lock'), 'utf8');
      assert.ok(lock === lockBefore || recoveredTo === 'new', 'dvc.lock is the old one, whole');
      // The next run (of the pipeline as it was, or as it is now once the new content is recorded) recovers.
      if (recoveredTo === 'old') writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v1'));
      const next = await run(root);
      assert.equal(next.code, 0, next.err + next.out);
      assert.match(next.out, /everything is up to date/, 'recovered outputs match the lock: nothing runs again');
      assert.deepEqual(outsOf(snapshot(root)), outsOf(recoveredTo === 'old' ? v1 : v2));
      assert.deepEqual(leftovers(root), [], 'no object and no journal left once recovered');
    });
  }

  it('a damaged object already in the cache under an out\'s md5 (a copy cut short by an older version) is never put back', async () => {
    for (const out of ['big.bin', 'state.txt']) {
      const hash = v1[out]!;
      const object = path.join(root, '.archipel', 'cache', hash.slice(0, 2), hash.slice(2));
      mkdirSync(path.dirname(object), { recursive: true });
      writeFileSync(object, readFileSync(path.join(root, out)).subarray(0, 1000));
    }
    writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2', ' fail'));
    const failed = await run(root);
    assert.equal(failed.code, 1);
    assert.deepEqual(outsOf(snapshot(root)), outsOf(v1), 'the outs are back whole, not the 1,000-byte objects');
    assert.deepEqual(leftovers(root), []);
  });

  it('a full disk while keeping an out (ENOSPC): the stage fails, every out is as it was, the lock too', async () => {
    writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2'));
    const lockBefore = readFileSync(path.join(root, 'dvc.lock'), 'utf8');
    const failed = await run(root, [], { ARCHIPEL_TEST_FS_FAULT: 'ENOSPC@store' });
    assert.equal(failed.code, 1);
    assert.match(failed.out, /ENOSPC/);
    assert.doesNotMatch(failed.out, /start v2/, 'the command did not run');
    assert.deepEqual(outsOf(snapshot(root)), outsOf(v1));
    assert.equal(readFileSync(path.join(root, 'dvc.lock'), 'utf8'), lockBefore);
    assert.deepEqual(leftovers(root), []);
  });

  it('a refused permission while keeping an out (EACCES): the same', async () => {
    writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2'));
    const failed = await run(root, [], { ARCHIPEL_TEST_FS_FAULT: 'EACCES@store' });
    assert.equal(failed.code, 1);
    assert.match(failed.out, /permission denied/);
    assert.deepEqual(outsOf(snapshot(root)), outsOf(v1));
  });

  it('a full disk while putting outs back: the journal stays and the next run puts them back', async () => {
    writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2', ' fail'));
    const failed = await run(root, [], { ARCHIPEL_TEST_FS_FAULT: 'ENOSPC@restore' });
    assert.equal(failed.code, 1);
    assert.match(failed.out, /could not be put back \(ENOSPC.*the next run puts it back/);
    assert.ok(readdirSync(path.join(root, '.archipel', 'journal')).some((n) => n.endsWith('.json')), 'the journal is kept');
    writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v1'));
    const next = await run(root);
    assert.equal(next.code, 0, next.err + next.out);
    assert.match(next.out, /back to its content before that run/);
    assert.deepEqual(outsOf(snapshot(root)), outsOf(v1));
    assert.deepEqual(leftovers(root), []);
  });

  it('a full disk while writing dvc.lock: the stage fails, its outs come back, the lock is whole', async () => {
    writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2'));
    const lockBefore = readFileSync(path.join(root, 'dvc.lock'), 'utf8');
    const failed = await run(root, [], { ARCHIPEL_TEST_FS_FAULT: 'ENOSPC@lock' });
    assert.equal(failed.code, 1);
    assert.deepEqual(outsOf(snapshot(root)), outsOf(v1));
    assert.equal(readFileSync(path.join(root, 'dvc.lock'), 'utf8'), lockBefore);
    assert.deepEqual(readdirSync(root).filter((n) => n.endsWith('.tmp')), [], 'no temporary lock left');
  });

  for (const committed of ['.archipel', '.archipel/cache']) {
    it(`a committed ${committed} that is a file: the run is refused before anything moves, naming it`, async () => {
      rmSync(path.join(root, committed), { recursive: true, force: true });
      mkdirSync(path.dirname(path.join(root, committed)), { recursive: true });
      writeFileSync(path.join(root, committed), 'committed by mistake\n');
      writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2'));
      const refused = await run(root);
      assert.equal(refused.code, 1);
      assert.ok(refused.err.includes(path.join(root, committed)), refused.err);
      assert.match(refused.err, /not a usable folder.*nothing was moved/);
      assert.deepEqual(outsOf(snapshot(root)), outsOf(v1));
    });
  }

  it('two runs at once: the second waits, or refuses naming the holder; a dead holder is taken over; dvc.lock keeps both entries', async () => {
    writeFileSync(path.join(root, 'dvc.yaml'), `${dvcYaml('v2', ' slow')}  other:\n    cmd: echo other > other.txt\n    outs:\n      - other.txt\n`);
    const first = start(root, ['make']);
    await until('the first run to start its command', () => existsSync(path.join(root, 'slow.pid')));
    const refused = await run(root, ['other', '--wait', '0']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, new RegExp(`another run of this pipeline folder is under way \\(pid ${first.child.pid} on .*run make`));
    assert.equal(existsSync(path.join(root, 'other.txt')), false);
    // A waiting second run gets the lock once the first ends (here: cancelled by SIGTERM).
    const waiting = start(root, ['other', '--wait', '60']);
    first.child.kill('SIGTERM');
    assert.equal((await first.done).code, 1);
    const second = await waiting.done;
    assert.equal(second.code, 0, second.err + second.out);
    assert.deepEqual(outsOf(snapshot(root)), outsOf(v1), 'the cancelled run put its outputs back');
    const lock = readFileSync(path.join(root, 'dvc.lock'), 'utf8');
    assert.match(lock, /^ {2}make:/m);
    assert.match(lock, /^ {2}other:/m);
    // A lock left by a process that is dead is taken over.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('close', resolve));
    writeFileSync(path.join(root, '.archipel', 'run.lock'), JSON.stringify({ pid: dead.pid, command: 'archipel run', host: os.hostname(), started: new Date().toISOString(), nonce: 'dead' }));
    const after = await run(root, ['other', '--force', '--wait', '0']);
    assert.equal(after.code, 0, after.err);
    await noProcessLeft(root, 20_000);
  });

  it('a closed terminal (SIGHUP) cancels: commands stopped, outputs put back, no process left', async () => {
    writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2', ' slow'));
    const running = start(root, []);
    await until('the command to start', () => existsSync(path.join(root, 'slow.pid')));
    running.child.kill('SIGHUP');
    const ended = await running.done;
    assert.equal(ended.code, 1);
    await noProcessLeft(root, 20_000);
    assert.deepEqual(outsOf(snapshot(root)), outsOf(v1));
    assert.deepEqual(leftovers(root), []);
  });

  // The default watcher (the shell one on Linux), and the Node one Windows runs (ARCHIPEL_TEST_WATCHER=node).
  const watchers: { watcher: string; env: Record<string, string>; is: (line: string[]) => boolean }[] = [
    { watcher: 'the shell watcher', env: {}, is: (line: string[]) => line[0] === '/bin/sh' && line.includes('archipel-watch') },
    { watcher: 'the Node watcher', env: { ARCHIPEL_TEST_WATCHER: 'node' }, is: (line: string[]) => line[0] === process.execPath && line[1] === '-e' },
  ];
  for (const { watcher, env, is } of watchers) {
    it(`kill -9 of the CLI, ${watcher}: none of the stage processes is left within 2 s, and the next run puts the outputs back`, async function () {
      writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v2', ' slow'));
      const running = start(root, [], env);
      // The shell creates the file before it writes the pid into it: wait for the pid.
      const pidFile = path.join(root, 'slow.pid');
      await until('the command to start', () => existsSync(pidFile) && /^\d+\s*$/.test(readFileSync(pidFile, 'utf8')));
      const stagePid = Number(readFileSync(pidFile, 'utf8'));
      assert.ok(processesIn(root).includes(stagePid));
      assert.ok(childrenOf(running.child.pid!).some(is), `the run is watched by ${watcher}`);
      running.child.kill('SIGKILL');
      await running.done;
      const waited = await noProcessLeft(root, 20_000);
      this.test!.title += ` (gone ${waited} ms after the kill)`;
      writeFileSync(path.join(root, 'dvc.yaml'), dvcYaml('v1'));
      const next = await run(root, [], env);
      assert.equal(next.code, 0, next.err + next.out);
      assert.match(next.out, /back to its content before that run/);
      assert.deepEqual(outsOf(snapshot(root)), outsOf(v1));
      assert.deepEqual(leftovers(root), []);
    });
  }
});
