// `npm run fuzz -- --seconds 600 [--seed N] [--budget MS] [--save DIR]`: the long fuzzing run of
// server/test/protocol/fuzzer.ts against the built server. Builds first, prints a progress line
// every 30 s and a report: edits, requests, unanswered ones, the slowest request with the input
// that caused it (saved to --save, default the OS temp folder), and the server's peak RSS.
// Exit 1 when a request went unanswered within its budget or shutdown was not answered.
//
// `npm run fuzz -- --shapes [--count 2000] [--scale 100000] [--seed N] [--budget MS] [--family a,b]`:
// hostile file shapes for every family (server/test/shapes.ts), each case checked whole in a worker
// thread bounded in time (--budget, default 20000 ms) and heap (768 MB): --count cases drawn from
// the seed, their sizes up to --scale characters. Prints cases per second, the slowest case and every
// failure (a crash, a hang, a heap overflow, an internal-error) with its seed, its case and its file;
// exit 1 when there is one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    budget: { type: 'string' },
    save: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    shapes: { type: 'boolean', default: false },
    count: { type: 'string', default: '2000' },
    scale: { type: 'string', default: '100000' },
    family: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000_007;
const budgetMs = Number(values.budget ?? (values.shapes ? 20_000 : 5_000));
const count = Number(values.count);
const scale = Number(values.scale);
if (!(seconds > 0) || !Number.isInteger(seed) || !(budgetMs > 0) || !(count > 0) || !(scale > 0)) {
  console.error('usage: npm run fuzz -- [--seconds N] [--seed N] [--budget MS] [--save DIR] [--no-build]\n       npm run fuzz -- --shapes [--count N] [--scale CHARS] [--seed N] [--budget MS] [--family a,b] [--no-build]');
  process.exit(2);
}
if (!values['no-build']) {
  for (const [title, args] of [
    ['tsc -b', [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']],
    ['esbuild', [path.join(root, 'esbuild.mjs')]],
  ]) {
    const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`${title} failed`);
      process.exit(1);
    }
  }
}
if (values.shapes) {
  const { runShapes, formatShapeRun } = await import(pathToFileURL(path.join(root, 'out', 'server', 'test', 'shapesRunner.js')).href);
  const { KINDS } = await import(pathToFileURL(path.join(root, 'out', 'server', 'test', 'shapes.js')).href);
  const families = values.family?.split(',');
  const kinds = families ? KINDS.filter((kind) => families.includes(kind.family)) : KINDS;
  if (kinds.length === 0) {
    console.error(`no file kind of ${values.family}; families: ${[...new Set(KINDS.map((k) => k.family))].join(', ')}`);
    process.exit(2);
  }
  let lastShown = Date.now();
  const run = await runShapes({
    seed,
    count,
    scale,
    kinds,
    budgetMs,
    heapMb: 768,
    keepGoing: true,
    onCase: (done, progress) => {
      if (Date.now() - lastShown < 30_000) return;
      lastShown = Date.now();
      console.log(`… ${done}/${count} cases, ${progress.failures.length} failure(s)`);
    },
  });
  console.log(formatShapeRun(run));
  process.exit(run.failures.length === 0 ? 0 : 1);
}
const saveDir = values.save ?? mkdtempSync(path.join(os.tmpdir(), 'archipel-fuzz-report-'));
const { fuzz, formatReport } = await import(pathToFileURL(path.join(root, 'out', 'server', 'test', 'protocol', 'fuzzer.js')).href);
const started = Date.now();
let lastProgress = started;
const report = await fuzz({
  seed,
  seconds,
  budgetMs,
  onProgress: (r) => {
    if (Date.now() - lastProgress < 30_000) return;
    lastProgress = Date.now();
    console.log(`… ${Math.round((Date.now() - started) / 1000)} s: ${r.edits} edits, ${r.requests} requests, slowest ${r.slowest?.ms ?? 0} ms, unanswered ${r.unanswered.length}`);
  },
});
console.log(formatReport(report, saveDir));
process.exit(report.unanswered.length === 0 && report.shutdownAnswered ? 0 : 1);
