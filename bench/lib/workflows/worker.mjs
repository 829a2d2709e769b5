// One fresh process measuring one side: load, first diagnostics, re-diagnose after one-line
// edits, completion latency. Prints one JSON line. Usage: node worker.mjs BUNDLE FILE URI EDITS COMPLETIONS
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const [bundle, file, uri, editsArg, completionsArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const text = readFileSync(file, 'utf8');
const marker = 'echo "${{ github.sha }}"';
const completionOffset = text.indexOf(marker) + 'echo "${{ github.'.length;

const t0 = performance.now();
const side = require(bundle);
const loadMs = performance.now() - t0;

const t1 = performance.now();
const first = await side.diagnose(uri, text);
const coldMs = performance.now() - t1;

// Each edit changes one step's name and back, as typing does.
const editMs = [];
const target = 'name: Step 3 of job-30';
for (let i = 0; i < Number(editsArg); i++) {
  const edited = i % 2 === 0 ? text.replace(target, 'name: Step 3 of job-30 (edited)') : text;
  const t = performance.now();
  await side.diagnose(uri, edited);
  editMs.push(performance.now() - t);
}

const completionMs = [];
let completionItems = 0;
for (let i = 0; i < Number(completionsArg); i++) {
  const t = performance.now();
  const items = await side.complete(uri, text, completionOffset);
  completionMs.push(performance.now() - t);
  completionItems = items.length;
}

const codes = first.map((d) => String(d.code ?? d.message.split(':')[0]));
process.stdout.write(JSON.stringify({ loadMs, coldMs, editMs, completionMs, completionItems, found: codes }) + '\n');
