// `npm run fuzz -- --seconds 600 [--seed N] [--budget MS] [--save DIR]`: the long fuzzing run of
// server/test/protocol/fuzzer.ts against the built server. Builds first, prints a progress line
// every 30 s and a report: edits, requests, unanswered ones, the slowest request with the input
// that caused it (saved to --save, default the OS temp folder), and the server's peak RSS.
// Exit 1 when a request went unanswered within its budget or shutdown was not answered.
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
    budget: { type: 'string', default: '5000' },
    save: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000_007;
const budgetMs = Number(values.budget);
if (!(seconds > 0) || !Number.isInteger(seed) || !(budgetMs > 0)) {
  console.error('usage: npm run fuzz -- [--seconds N] [--seed N] [--budget MS] [--save DIR] [--no-build]');
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
