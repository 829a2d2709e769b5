// One fresh process measuring Archipel: load, first diagnostics of the rule file, re-diagnose after
// one-line edits. Prints one JSON line. Usage: node worker.mjs BUNDLE FILE URI EDITS
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const [bundle, file, uri, editsArg] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const text = readFileSync(file, 'utf8');

const t0 = performance.now();
const side = require(bundle);
const loadMs = performance.now() - t0;

const t1 = performance.now();
const first = side.diagnose(uri, text);
const coldMs = performance.now() - t1;

// Each edit changes one alert's threshold and back, as typing does.
const editMs = [];
const target = 'expr: sum by (job) (rate(http_requests_errors_total{job="api-500"}[5m])) > 5';
for (let i = 0; i < Number(editsArg); i++) {
  const edited = i % 2 === 0 ? text.replace(target, target.replace('> 5', '> 6')) : text;
  const t = performance.now();
  side.diagnose(uri, edited);
  editMs.push(performance.now() - t);
}
console.log(JSON.stringify({ loadMs, coldMs, editMs, found: first.map((d) => String(d.code)) }));
