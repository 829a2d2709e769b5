// A whole process measured by GNU time (/usr/bin/time): its wall time and peak RSS (maximum
// resident set), whether it succeeded or was killed (a peer that runs out of memory still has a peak).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Runs `command args` under GNU time: { ms, rssMb, status, signal, stdout, stderr }; throws on failure unless `allowFailure`. */
export function measured(command, args, { allowFailure = false } = {}) {
  const usage = path.join(os.tmpdir(), `archipel-bench-time-${process.pid}-${Date.now()}.txt`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %x', '-o', usage, command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  const last = readFileSync(usage, 'utf8').trim().split('\n').pop() ?? '';
  rmSync(usage, { force: true });
  const rssMb = Number(last.split(' ')[0]) / 1024;
  if (r.status !== 0 && !allowFailure) throw new Error(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { ms, rssMb, status: r.status, stdout: r.stdout, stderr: r.stderr, time: last };
}
