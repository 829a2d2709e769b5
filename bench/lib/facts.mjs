// What a benchmark's numbers need beside them to be read on another machine (issue 54: the same
// commits gave half the ratio on a machine of the same kind): the floor every Node process pays
// (`node -e 0`), how the machine is set up (a hypervisor, transparent huge pages, the clock), and
// per benchmark what its processes spent — CPU, page faults, this process's GC — and whether the
// V8 code caches the bundles load through were used (the loader writes one line per bundle to the
// file ARCHIPEL_CODE_CACHE_LOG names).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { median } from './stats.mjs';

function read(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The machine's set-up that moves Node's numbers: a hypervisor, huge pages, the clock, the kernel. */
export function setup() {
  const cpuinfo = read('/proc/cpuinfo') ?? '';
  const hypervisor = /^flags\s*:.*\bhypervisor\b/m.test(cpuinfo) ? 'a hypervisor (virtual machine)' : 'no hypervisor flag';
  const thp = read('/sys/kernel/mm/transparent_hugepage/enabled')?.match(/\[(\w+)\]/)?.[1];
  const mhz = [...cpuinfo.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Math.round(Number(m[1])));
  const parts = [`kernel ${os.release()}`, hypervisor];
  if (thp) parts.push(`transparent huge pages ${thp}`);
  if (mhz.length) parts.push(`CPU clock ${[...new Set(mhz)].join('/')} MHz`);
  return parts.join(', ');
}

/** `node -e 0`, wall, CPU and minor page faults (medians of five): the floor every Node process of every benchmark pays. */
export function nodeFloor(runs = 5) {
  const walls = [];
  const cpus = [];
  const faults = [];
  for (let i = 0; i < runs; i++) {
    const before = children();
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    walls.push(performance.now() - started);
    const after = children();
    cpus.push(after.cpuMs - before.cpuMs);
    faults.push(after.minor - before.minor);
  }
  return `node -e 0: ${median(walls).toFixed(0)} ms wall, ${median(cpus).toFixed(0)} ms CPU, ${median(faults).toLocaleString('en')} minor page faults (median of ${runs})`;
}

/**
 * What the processes this one waited for spent (Linux: /proc/self/stat's children fields) — every
 * server, CLI and peer a benchmark runs — with this process's own CPU and page faults.
 */
function children() {
  const stat = read('/proc/self/stat');
  const own = process.resourceUsage();
  const base = { ownCpuMs: (own.userCPUTime + own.systemCPUTime) / 1000, ownMinor: own.minorPageFault, ownMajor: own.majorPageFault };
  if (!stat) return { ...base, cpuMs: NaN, minor: NaN, major: NaN };
  // Fields after the command's closing parenthesis: state is 3, cminflt 11, cmajflt 13, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = (n) => Number(fields[n - 3]);
  const tick = 1000 / 100; // Linux reports them in USER_HZ, 100 a second on every architecture Node runs on
  return { ...base, cpuMs: (at(16) + at(17)) * tick, minor: at(11), major: at(13) };
}

/**
 * The CPU time (user + system, ms) of every process this one has waited for so far (Linux's
 * /proc/self/stat, in 10 ms ticks; NaN elsewhere): the difference around a spawnSync is that process's
 * CPU, a whole-process row's `cpuMs` where GNU time does not measure it.
 */
export function childrenCpuMs() {
  return children().cpuMs;
}

/** Starts measuring one benchmark; `end()` gives its line of facts. */
export function measureBenchmark() {
  const log = path.join(os.tmpdir(), `archipel-bench-code-cache-${process.pid}.log`);
  rmSync(log, { force: true });
  const previous = process.env.ARCHIPEL_CODE_CACHE_LOG;
  process.env.ARCHIPEL_CODE_CACHE_LOG = log;
  let gcMs = 0;
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcs++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const before = children();
  return {
    end() {
      const after = children();
      observer.disconnect();
      if (previous === undefined) delete process.env.ARCHIPEL_CODE_CACHE_LOG;
      else process.env.ARCHIPEL_CODE_CACHE_LOG = previous;
      const outcomes = {};
      for (const line of (existsSync(log) ? readFileSync(log, 'utf8') : '').split('\n')) {
        const outcome = line.split(' ')[1];
        if (outcome) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      rmSync(log, { force: true });
      const cache = Object.keys(outcomes).length ? Object.entries(outcomes).map(([k, n]) => `${n} ${k}`).join(', ') : 'none loaded through it';
      const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
      return [
        `its processes (waited for): ${seconds(after.cpuMs - before.cpuMs)} CPU, ${(after.minor - before.minor).toLocaleString('en')} minor and ${(after.major - before.major).toLocaleString('en')} major page faults`,
        `the runner itself: ${seconds(after.ownCpuMs - before.ownCpuMs)} CPU, GC ${gcMs.toFixed(0)} ms in ${gcs} collections, ${(after.ownMinor - before.ownMinor).toLocaleString('en')} minor page faults`,
        `V8 code cache of the bundles loaded: ${cache}`,
      ].join('; ');
    },
  };
}

/**
 * The 1-minute load average now: /proc/loadavg's first field (Linux), else os.loadavg()'s. On a
 * machine of two cores, above 1 another process was running beside the one measured: a second core
 * was not free for its threads (#68: blur's wall equals its CPU then).
 */
export function loadNow() {
  const first = Number(read('/proc/loadavg')?.split(' ')[0]);
  return Number.isFinite(first) ? first : os.loadavg()[0];
}

/**
 * Starts a row's (or a benchmark's) span: `end()` gives `{ start, end }`, the 1-minute load average
 * when its measuring began and when it ended, the `load` field of a row (bench/run.mjs prints it).
 */
export function loadSpan() {
  const start = loadNow();
  return { end: () => ({ start, end: loadNow() }) };
}
