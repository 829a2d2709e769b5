#!/usr/bin/env node
// `npm run bench`: runs bench/*.bench.mjs (or those named: `node bench/run.mjs k8s-diagnostics`)
// and prints, per benchmark, our time, the peer's time measured in the same run, and the ratio.
//
// Options:  --runs N        fresh-process runs per server (default 5)
//           --edits N       one-line edits per run (even; default 2)
//           --completions N completion requests, once per server (default 100)
//           --cpu-prof      write V8 CPU profiles of our server to bench/.data/profiles/
//           --files N       manifest files of the generated monorepo (monorepo; default 10000)
//           --tiny          (or ARCHIPEL_BENCH_TINY=1) every benchmark at its smallest size, one
//                           repetition, a peer that is not installed skipped with the reason in
//                           the notes: proves each one runs to its table (bench-runs.test.ts), in
//                           seconds; its numbers mean nothing
//
// A benchmark module exports `title` and `async function run(context)` returning
// `{ peer, rows: [{ name, ours, peer, faults?, rssMb?, cpuMs?, load? }], notes?: string[] }` (times in ms; faults
// and rssMb, `{ ours, peer }`, the minor page faults and peak RSS of the processes the row timed). No assertions on time:
// benchmarks measure and print.
//
// A whole-process row (the wall time of whole processes: start, work, exit) gives `cpuMs`, `{ ours, peer }`, their
// CPU time (user + system) in the same aggregate as its times; the table prints each side's CPU ÷ wall, and `load`,
// `{ start, end }` (lib/facts.mjs loadSpan), the 1-minute load average when the row's measuring began and ended — the
// benchmark's whole run when the row does not give it (its runs alternate with the other rows'). A row whose Archipel
// side ran at CPU ÷ wall ≥ 0.95 is flagged under the table: its processes never had two cores at once (#68: on a
// loaded 2-core machine blur's wall equals its CPU), so its wall, and the wall ratio, depend on the load.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSpan, measureBenchmark, nodeFloor, setup } from './lib/facts.mjs';
import { formatMs, formatRatio } from './lib/stats.mjs';
import { WHOLE_PROCESS_NOTE, oneCoreFlag, wholeProcessCells } from './lib/wholeProcess.mjs';
import { bundleReason } from '../scripts/lib/built.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');

/**
 * @typedef {{ root: string, runs: number, edits: number, completions: number, cpuProf: boolean, files: number, tiny: boolean, progress: (message: string) => void }} BenchContext
 * @typedef {{ ours: number, peer: number }} Pair
 * @typedef {{ start: number, end: number }} Load
 * @typedef {{ peer: string, rows: { name: string, ours: number, peer: number, faults?: Pair, rssMb?: Pair, cpuMs?: Pair, load?: Load }[], notes?: string[] }} BenchResult
 */

/**
 * Bundles the server with esbuild if dist/ is missing or older than server/src. If the build fails
 * while an older bundle exists (someone is mid-edit), that bundle is measured and the output says so.
 * @returns {string} what was measured
 */
function ensureBuilt() {
  const server = path.join(root, 'dist', 'server', 'server.js');
  const describe = () => `dist/server/server.js built ${new Date(statSync(server).mtimeMs).toISOString()}`;
  const stale = bundleReason(root);
  if (!stale) return describe();
  process.stderr.write(`bench: ${stale}: node esbuild.mjs\n`);
  const result = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status === 0) return describe();
  if (!existsSync(server)) throw new Error(`esbuild failed (exit ${result.status ?? result.signal}) and there is no dist/server/server.js`);
  return `${describe()} — STALE: esbuild failed (exit ${result.status ?? result.signal}), server/src has newer changes`;
}

function machine() {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `machine: ${model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.arch()}, Node ${process.version}; ${load()}`;
}

/** Other work on the machine skews every number: say how busy it was. */
function load() {
  return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '5' },
      edits: { type: 'string', default: '2' },
      completions: { type: 'string', default: '100' },
      'cpu-prof': { type: 'boolean', default: false },
      files: { type: 'string', default: '10000' },
      tiny: { type: 'boolean', default: process.env.ARCHIPEL_BENCH_TINY === '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    const names = readdirSync(benchDir).filter((f) => f.endsWith('.bench.mjs')).map((f) => f.slice(0, -'.bench.mjs'.length)).sort();
    console.log(`Usage: node bench/run.mjs [NAME...] [--runs N] [--edits N] [--completions N] [--cpu-prof] [--files N] [--tiny]\n       (npm run bench -- …)\n\nBuilds what it measures first (dist/, and out/ for the benchmarks that call the engines) when missing or stale.\nBenchmarks: ${names.join(', ')}`);
    return;
  }
  const int = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} expects an integer ≥ ${min}`);
    return n;
  };
  const tiny = values.tiny;
  // Tiny: one repetition of everything (the benches scale their own inputs down on context.tiny).
  if (tiny) Object.assign(values, { runs: '1', edits: '2', completions: '3', files: '40' });
  const edits = int('edits', 0);
  if (edits % 2) throw new Error('--edits must be even (each pair breaks then restores the line)');
  const available = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.mjs'))
    .map((f) => f.slice(0, -'.bench.mjs'.length))
    .sort();
  const selected = positionals.length ? positionals.map((p) => path.basename(p).replace(/\.bench\.mjs$/, '')) : available;
  for (const name of selected) if (!available.includes(name)) throw new Error(`no bench/${name}.bench.mjs (have: ${available.join(', ')})`);

  const build = ensureBuilt();
  const started = performance.now();
  console.log(machine());
  console.log(`${setup()}; ${nodeFloor(tiny ? 1 : 5)}`);
  if (tiny) console.log('TINY mode: smallest sizes, one repetition; the numbers mean nothing');
  console.log(`server: ${build}`);
  let failed = 0;
  for (const name of selected) {
    const module = await import(pathToFileURL(path.join(benchDir, `${name}.bench.mjs`)).href);
    /** @type {BenchContext} */
    const context = {
      root,
      runs: int('runs', 1),
      edits,
      completions: int('completions', 1),
      cpuProf: values['cpu-prof'],
      files: int('files', 5),
      tiny,
      progress: (message) => process.stderr.write(`  [${name}] ${message}\n`),
    };
    const t0 = performance.now();
    const facts = measureBenchmark();
    const span = loadSpan();
    try {
      /** @type {BenchResult} */
      const result = await module.run(context);
      if (!result?.rows?.length) throw new Error('no row measured');
      const benchLoad = span.end();
      console.log(`\n${module.title ?? name}  (${((performance.now() - t0) / 1000).toFixed(1)} s; at its end: ${load()})\n`);
      // Memory touched decides the ratios on a fresh VM (#68): rows that measured it say so.
      const withFaults = result.rows.some((r) => r.faults);
      const withRss = result.rows.some((r) => r.rssMb);
      // Whole-process rows (#68): what share of a core each side used, and how loaded the machine was meanwhile.
      const withCpu = result.rows.some((r) => r.cpuMs);
      const whole = result.rows.map((r) => wholeProcessCells(r, benchLoad));
      const pair = (value, format) => (value ? `${format(value.ours)} / ${format(value.peer)}` : '');
      const count = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—');
      const mb = (n) => (Number.isFinite(n) ? n.toFixed(0) : '—');
      console.log(
        table(
          ['measure', 'Archipel', result.peer, 'peer / Archipel', ...(withFaults ? ['minor faults (ours / peer)'] : []), ...(withRss ? ['peak RSS MB (ours / peer)'] : []), ...(withCpu ? ['CPU ÷ wall (ours / peer)', 'load avg (start → end)'] : [])],
          result.rows.map((r, i) => [
            r.name,
            formatMs(r.ours),
            formatMs(r.peer),
            formatRatio(r.ours, r.peer),
            ...(withFaults ? [pair(r.faults, count)] : []),
            ...(withRss ? [pair(r.rssMb, mb)] : []),
            ...(withCpu ? [whole[i].share, whole[i].load] : []),
          ]),
        ),
      );
      const flags = result.rows.flatMap((r, i) => (whole[i].flagged ? [oneCoreFlag(r.name, whole[i], os.cpus().length)] : []));
      if (flags.length) console.log(`\n${flags.join('\n')}`);
      const cpuNote = withCpu ? [WHOLE_PROCESS_NOTE] : [];
      console.log(`\n${[...(result.notes ?? []), ...cpuNote, facts.end()].map((n) => `- ${n}`).join('\n')}`);
    } catch (error) {
      facts.end();
      failed++;
      console.error(`\n${name}: FAILED — ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; at the end: ${load()}`);
  // Exit now: a handle a benchmark left open (an LSP client's pipe, a timer) must not keep the
  // run waiting forever once every table is printed (k8s-workspace did).
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
