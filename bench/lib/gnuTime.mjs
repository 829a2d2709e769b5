// A whole process measured by GNU time (/usr/bin/time): its wall time and peak RSS (maximum
// resident set), whether it succeeded or was killed (a peer that runs out of memory still has a peak),
// and its CPU time (user + system) and minor page faults: a whole-process row's `cpuMs` (#68).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Runs `command args` under GNU time (`env`: its environment, default this process's): { ms, rssMb, cpuMs, faults, status, stdout, stderr, time }; throws on failure unless `allowFailure`. */
export function measured(command, args, { allowFailure = false, env = process.env } = {}) {
  const usage = path.join(os.tmpdir(), `archipel-bench-time-${process.pid}-${Date.now()}.txt`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %x %U %S %R', '-o', usage, command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  const ms = performance.now() - started;
  const last = readFileSync(usage, 'utf8').trim().split('\n').pop() ?? '';
  rmSync(usage, { force: true });
  const [maxKb, , user, system, faults] = last.split(' ').map(Number);
  const rssMb = maxKb / 1024;
  const cpuMs = (user + system) * 1000;
  if (r.status !== 0 && !allowFailure) throw new Error(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { ms, rssMb, cpuMs, faults, status: r.status, stdout: r.stdout, stderr: r.stderr, time: last };
}
