// `archipel status` on a generated pipeline of 1,000 stages over 10,000 files (1 GB): each stage
// reads its own 10 files and the 10 of the next stage (every file is a dep of two stages: it must
// be hashed once), and writes one small out. Measured in fresh processes of the CLI (what a user
// waits for), against the physical floor measured in the same run: `md5sum` over the same files.
// - cold: no hash cache (.archipel/pipeline-hashes.v8 removed) and no status snapshot (the last
//   status's answer, kept in the cache folder: engines/pipeline/statusSnapshot.ts), every file read
//   and hashed; the parsed dvc.yaml and dvc.lock stay cached (a cold workspace, a known pipeline);
// - warm: nothing changed, answered by stat alone (the hashed count must be 0);
// - one file changed: only that file hashed (the hashed count must be 1).
// Both sides read the files from the page cache (they were just written or read): the ratio
// compares hashing and bookkeeping, not the disk.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSpan } from './lib/facts.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Pipeline status: 1,000 stages over 10,000 files (1 GB), against md5sum over the same files';

const FILES_PER_STAGE = 10;
const FILE_BYTES = 100 * 1024;
// --tiny: 10 stages (100 files, 10 MB) in a folder of their own.
let STAGES = 1000;
const spec = () => `v1 ${STAGES} ${FILES_PER_STAGE} ${FILE_BYTES}`;

function fileName(i) {
  return `files/${String(Math.floor(i / 100)).padStart(3, '0')}/f${String(i).padStart(5, '0')}.bin`;
}

/** Writes the files and dvc.yaml once (kept between runs: bench/.data is git-ignored). */
function generate(dir, progress) {
  const marker = path.join(dir, 'spec.txt');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === spec()) return;
  progress(`writing ${STAGES * FILES_PER_STAGE} files…`);
  rmSync(dir, { recursive: true, force: true });
  const total = STAGES * FILES_PER_STAGE;
  for (let i = 0; i < total; i++) {
    const file = path.join(dir, fileName(i));
    if (i % 100 === 0) mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(FILE_BYTES));
  }
  const stages = [];
  for (let s = 0; s < STAGES; s++) {
    const own = Array.from({ length: FILES_PER_STAGE }, (_, k) => fileName(s * FILES_PER_STAGE + k));
    const next = Array.from({ length: FILES_PER_STAGE }, (_, k) => fileName(((s + 1) % STAGES) * FILES_PER_STAGE + k));
    stages.push(`  s${s}:\n    cmd: echo ${s} > out/s${s}.txt\n    deps:\n${[...own, ...next].map((d) => `      - ${d}`).join('\n')}\n    outs:\n      - out/s${s}.txt\n`);
  }
  mkdirSync(path.join(dir, 'out'), { recursive: true });
  writeFileSync(path.join(dir, 'dvc.yaml'), `stages:\n${stages.join('')}`);
  writeFileSync(marker, spec());
}

// The CLI's speed-only cache folder for this bench (code caches, parsed pipeline, status snapshot):
// its own, so that a cold run can remove the status snapshot without touching the user's.
const cacheDir = path.join(os.tmpdir(), 'archipel-bench-pipeline-status-cache');

/** Removes the status snapshots (statusSnapshot.ts: `<cache>/pipelines/<owner>-status-<name>.v8`). */
function removeSnapshots() {
  const folder = path.join(cacheDir, 'pipelines');
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) if (name.includes('-status-')) rmSync(path.join(folder, name), { force: true });
}

const TIME = '/usr/bin/time';
const timeFile = path.join(os.tmpdir(), `archipel-bench-time-${process.pid}.txt`);

/**
 * Runs a command, timed: wall milliseconds, and CPU milliseconds (user + system, from GNU time)
 * when /usr/bin/time is there. On a machine shared with other work, CPU time is what compares
 * the two sides; wall time is printed too.
 */
function timed(command, args, cwd) {
  const withTime = existsSync(TIME);
  const t0 = performance.now();
  const result = spawnSync(withTime ? TIME : command, withTime ? ['-f', '%U %S', '-o', timeFile, command, ...args] : args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ARCHIPEL_CACHE_DIR: cacheDir } });
  const wall = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const cpu = withTime ? readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((sum, v) => sum + Number(v) * 1000, 0) : wall;
  return { wall, cpu, out: result.stdout };
}

function cli(root, args, cwd) {
  return timed(process.execPath, [path.join(root, 'dist', 'server', 'cli.js'), ...args], cwd);
}

function status(root, dir) {
  const { wall, cpu, out } = cli(root, ['status', '--format', 'json'], dir);
  const json = JSON.parse(out);
  return { wall, cpu, inside: json.ms, hashed: json.hashed, stale: json.stages.filter((s) => s.state !== 'up-to-date').length };
}

function md5sum(dir) {
  return timed('/bin/sh', ['-c', 'find files -type f -print0 | xargs -0 md5sum > /dev/null'], dir);
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  STAGES = context.tiny ? 10 : 1000;
  const dir = path.join(context.root, 'bench', '.data', context.tiny ? 'pipeline-status-tiny' : 'pipeline-status');
  generate(dir, context.progress);
  const cacheFile = path.join(dir, '.archipel', 'pipeline-hashes.v8');
  if (!existsSync(path.join(dir, 'dvc.lock'))) {
    context.progress('first run: 1,000 stages, to write dvc.lock…');
    cli(context.root, ['run', '--jobs', '2'], dir);
  }
  const runs = context.tiny ? 1 : Math.max(3, context.runs);
  const cold = [];
  const coldCpu = [];
  const peer = [];
  const peerCpu = [];
  let coldHashed = 0;
  const coldSpan = loadSpan();
  for (let i = 0; i < runs; i++) {
    context.progress(`cold run ${i + 1}/${runs}`);
    const m = md5sum(dir);
    peer.push(m.wall);
    peerCpu.push(m.cpu);
    rmSync(cacheFile, { force: true });
    removeSnapshots();
    const s = status(context.root, dir);
    cold.push(s.wall);
    coldCpu.push(s.cpu);
    coldHashed = s.hashed;
    if (s.stale !== 0) throw new Error(`${s.stale} stages stale in an unchanged workspace`);
  }
  if (coldHashed === 0) throw new Error('the cold status hashed nothing');
  const coldLoad = coldSpan.end();
  // Alternating, in the same minute: the warm status without its snapshot (parse and hash caches
  // only: what a status after any change pays), then with it (nothing changed since the last).
  const warm = [];
  const warmInside = [];
  const full = [];
  const fullInside = [];
  const warmCpu = [];
  const fullCpu = [];
  const warmSpan = loadSpan();
  for (let i = 0; i < runs; i++) {
    removeSnapshots();
    const f = status(context.root, dir);
    const s = status(context.root, dir);
    if (s.hashed !== 0 || f.hashed !== 0) throw new Error(`warm status hashed ${s.hashed + f.hashed} files`);
    full.push(f.wall);
    fullInside.push(f.inside);
    fullCpu.push(f.cpu);
    warmCpu.push(s.cpu);
    warm.push(s.wall);
    warmInside.push(s.inside);
  }
  // The warm rows' peer is the cold loop's md5sum: their span runs from that loop's start.
  const warmLoad = { start: coldLoad.start, end: warmSpan.end().end };
  // Whole-process rows' CPU ÷ wall (bench/run.mjs), when GNU time measured the CPU (else `cpu` is the wall).
  const whole = (oursCpu, load) => (existsSync(TIME) ? { cpuMs: { ours: median(oursCpu), peer: median(peerCpu) }, load } : {});
  // One file changed: only it is hashed, and the two stages reading it are stale.
  const changed = path.join(dir, fileName(Math.min(4242, STAGES * FILES_PER_STAGE - 1)));
  const original = readFileSync(changed);
  writeFileSync(changed, randomBytes(FILE_BYTES));
  const one = status(context.root, dir);
  writeFileSync(changed, original);
  status(context.root, dir); // back to up to date, the cache updated
  if (one.hashed !== 1 || one.stale !== 2) throw new Error(`one file changed: ${one.hashed} hashed, ${one.stale} stale (expected 1 and 2)`);
  const baseline = cli(context.root, ['--version'], dir).wall;
  return {
    peer: 'md5sum',
    rows: [
      { name: 'cold status (no hash cache) vs md5sum of the 10,000 files, CPU time', ours: median(coldCpu), peer: median(peerCpu) },
      { name: 'cold status vs md5sum, wall time', ours: median(cold), peer: median(peer), ...whole(coldCpu, coldLoad) },
      { name: 'warm status, nothing changed (process wall time)', ours: median(warm), peer: median(peer), ...whole(warmCpu, warmLoad) },
      { name: 'warm status, inside the process (stat only)', ours: median(warmInside), peer: median(peer) },
      { name: 'warm status without its snapshot (process wall time)', ours: median(full), peer: median(peer), ...whole(fullCpu, warmLoad) },
      { name: 'warm status without its snapshot (inside the process)', ours: median(fullInside), peer: median(peer) },
      { name: 'one file changed (inside the process)', ours: one.inside, peer: median(peer) },
    ],
    notes: [
      `cold: ${coldHashed} files hashed (10,000 distinct files, each a dep of two stages: each hashed once); warm: 0 hashed; one file changed: ${one.hashed} hashed, ${one.stale} stages stale.`,
      `a fresh process of the CLI doing nothing (archipel --version) takes ${Math.round(baseline)} ms of the wall times above; "inside the process" is the status's own ms (reading dvc.yaml's 1,000 stages, dvc.lock, 10,000 stats).`,
      'target (issue #18): cold at most ×1.5 of md5sum; warm under 100 ms, stat only; one change: one file hashed.',
    ],
  };
}
