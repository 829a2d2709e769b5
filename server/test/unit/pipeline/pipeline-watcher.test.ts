// The run's watcher (engines/pipeline/command.ts, issue #26), both of them, on their line protocol:
// `+G` watches the process group G, `-G` lets it go, `done` ends the watcher, end of file (its runner
// gone) ends every group still watched, SIGTERM then SIGKILL. The Node watcher is the one Windows
// runs (with `taskkill /T /F` there instead of process groups); here it ends groups, and its Windows
// branch runs once with the platform faked and a stub taskkill. Linux (/proc).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_WATCHER, spawnWatcher, type WatcherKind } from '../../../src/engines/pipeline/command';
import { makeTree } from '../../tempdir';

/** The fields of /proc/PID/stat after the command's name: state, ppid, pgrp, session... */
function statOf(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
  } catch {
    return undefined;
  }
}

/** The live (not zombie) processes of a process group. */
function members(group: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (stat && stat[0] !== 'Z' && Number(stat[2]) === group) found.push(Number(name));
  }
  return found;
}

async function until(what: string, check: () => boolean, limitMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) assert.fail(`${what}: not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

/** The signals a process ignores or catches (/proc/PID/status), as a bit mask. */
function handled(pid: number): bigint {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mask = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0'}`);
  return mask('SigIgn') | mask('SigCgt');
}

const SIGHUP_SIGINT = 0b11n;

describe('the run watcher, shell and Node, on its protocol (+G, -G, done, end of file)', function () {
  this.timeout(120_000);
  let groups: ChildProcess[] = [];

  /** A command in a process group of its own, as runCommand starts one; the group's id is its pid. */
  function group(script: string): { pid: number; ended: Promise<NodeJS.Signals | null> } {
    const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
    groups.push(child);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    return { pid: child.pid!, ended };
  }

  /** A watcher started as a run starts it, once its SIGHUP and SIGINT are ignored or handled. */
  async function watcher(kind: WatcherKind): Promise<{ child: ChildProcess; closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
    const child = spawnWatcher(kind);
    child.ref();
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    await until('the watcher to set up its signals', () => (handled(child.pid!) & SIGHUP_SIGINT) === SIGHUP_SIGINT, 10_000);
    return { child, closed };
  }

  afterEach(() => {
    for (const child of groups) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Ended by the test.
      }
    }
    groups = [];
  });

  for (const kind of ['shell', 'node'] as const) {
    it(`${kind}: at end of file it ends the groups it still watches, not the one let go; SIGINT and SIGHUP do not stop it`, async () => {
      const two = group('sleep 60 & sleep 60; wait');
      const one = group('sleep 60');
      const letGo = group('sleep 60');
      await until('the groups to start', () => members(two.pid).length === 3 && members(one.pid).length > 0 && members(letGo.pid).length > 0, 10_000);
      const { child, closed } = await watcher(kind);
      const stat = statOf(child.pid!)!;
      assert.equal(Number(stat[3]), child.pid, 'the watcher leads a session of its own');
      assert.equal(readlinkSync(`/proc/${child.pid}/cwd`), '/', 'the watcher holds no folder busy');
      // A Ctrl-C and a closed terminal, sent to it directly: it stays.
      child.kill('SIGINT');
      child.kill('SIGHUP');
      // A line split across writes, a line that is no id, a group let go.
      child.stdin!.write(`+${two.pid}`);
      child.stdin!.write(`\n+${one.pid}\n+${letGo.pid}\nnonsense\n`);
      child.stdin!.write(`-${letGo.pid}\n`);
      child.stdin!.end();
      assert.equal(await one.ended, 'SIGTERM');
      assert.equal(await two.ended, 'SIGTERM');
      // A bound against a hang, not a timing (a busy machine may take seconds).
      await until('every process of the watched groups to end', () => members(two.pid).length + members(one.pid).length === 0, 20_000);
      assert.deepEqual(await closed, { code: 0, signal: null }, 'the watcher exited by itself, not by SIGINT or SIGHUP');
      assert.ok(members(letGo.pid).length > 0, 'the group let go still runs');
    });

    it(`${kind}: a group that ignores SIGTERM is killed (SIGKILL) about a second later`, async () => {
      const stubborn = group("trap '' TERM; sleep 60 & sleep 60; wait");
      await until('the group to start', () => members(stubborn.pid).length === 3, 10_000);
      const { child, closed } = await watcher(kind);
      const ended = Date.now();
      child.stdin!.end(`+${stubborn.pid}\n`);
      assert.equal(await stubborn.ended, 'SIGKILL');
      await until('every process of the group to end', () => members(stubborn.pid).length === 0, 20_000);
      const took = Date.now() - ended;
      // The grace is a lower bound the watcher keeps; how long after it the kill lands depends on the machine's load.
      assert.ok(took >= 900, `SIGKILL after the second of grace, not before: ${took} ms`);
      assert.deepEqual(await closed, { code: 0, signal: null });
    });

    it(`${kind}: "done" ends the watcher and nothing else`, async () => {
      const kept = group('sleep 60');
      await until('the group to start', () => members(kept.pid).length > 0, 10_000);
      const { child, closed } = await watcher(kind);
      child.stdin!.write(`+${kept.pid}\ndone\n`);
      assert.deepEqual(await closed, { code: 0, signal: null }, 'the watcher exits on "done", its input still open');
      child.stdin!.end();
      assert.ok(members(kept.pid).length > 0, 'the watched group still runs');
    });
  }

  it('node, as on Windows (the platform faked, taskkill a stub): at end of file `taskkill /pid ID /T /F` for each id still watched, none after "done"', async () => {
    // The watcher finds taskkill at %SystemRoot%\System32\taskkill.exe: here one file named so.
    const { root, remove } = makeTree({});
    try {
      const calls = path.join(root, 'calls.txt');
      const stub = path.join(root, 'win\\System32\\taskkill.exe');
      writeFileSync(stub, `#!/bin/sh\necho "$*" >> '${calls}'\n`);
      chmodSync(stub, 0o755);
      const asOnWindows = (input: string) => {
        const child = spawn(process.execPath, ['-e', `Object.defineProperty(process, 'platform', { value: 'win32' }); ${NODE_WATCHER}`], {
          env: { ...process.env, SystemRoot: path.join(root, 'win') },
          stdio: ['pipe', 'ignore', 'inherit'],
        });
        child.stdin.end(input);
        return new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      };
      assert.equal(await asOnWindows('+4242\n+4343\n+4444\n-4343\ndone\n'), 0);
      assert.equal(existsSync(calls), false, 'nothing ended after "done"');
      assert.equal(await asOnWindows('+4242\n+4343\n+4444\n-4343\n'), 0);
      assert.deepEqual(readFileSync(calls, 'utf8').split('\n').filter(Boolean), ['/pid 4242 /T /F', '/pid 4444 /T /F']);
    } finally {
      remove();
    }
  });
});
