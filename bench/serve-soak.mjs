#!/usr/bin/env node
// The prediction service's soak (issue #21), bounded: `npm run soak:serve` (or `node bench/serve-soak.mjs
// [--seconds N]`, default 60). `archipel serve` (the built CLI, --recipe ohlcv-22, the example's forest)
// takes mixed valid and invalid requests at full rate: one autocannon per kind of request (every route
// and every kind of bad input, 4 connections each, 52 in all, all at once), so that every answer is
// checked against the status its request must get (autocannon's per-request hooks in a single mixed run
// lose track of which request an answer belongs to once a connection is closed under it). In the middle the model file is
// replaced and reloaded, then broken and reloaded (422 expected), then restored and reloaded. Meanwhile
// /health is polled every 200 ms and the service's RSS sampled every 500 ms.
//
// Passes (exit 0) when: no 5xx, every answer has the status its request must get (so no request was
// dropped or mis-answered around a reload), no connection error or timeout, every /health poll
// answered 200, the reloads answered 200, 422, 200. Prints RSS at start, end and peak.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { forest, mb, rssOf, startArchipel } from './lib/serve.mjs';
import { createRequire } from 'node:module';
import { answerHelp } from '../scripts/lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' } } });
const seconds = Number(values.seconds);
if (!Number.isInteger(seconds) || seconds < 10 || seconds > 600) throw new Error('--seconds expects a whole number from 10 to 600');

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const log = (message) => process.stderr.write(`[serve-soak] ${message}\n`);
const { onnx, tensorOnnx, rows } = forest(root, log);
const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-soak-'));
const model = path.join(dir, 'model.onnx');
copyFileSync(onnx, model);

const json = { 'content-type': 'application/json' };
const features = ['SMA_5', 'SMA_10', 'SMA_20', 'SMA_50', 'EMA_5', 'EMA_10', 'EMA_20', 'RSI', 'MACD', 'MACD_Signal', 'MACD_Hist', 'BB_Width', 'BB_Position', 'Volatility_10d', 'Volatility_20d', 'Return_1d', 'Return_5d', 'Return_10d', 'Volume_Ratio', 'High_Low_Range', 'Close_Position', 'Gap'];
const named = Object.fromEntries(features.map((f, k) => [f, rows[3][k]]));
/** [name, request, the status it must get] */
const mix = [
  ['predict (array)', { method: 'POST', path: '/predict', headers: json, body: JSON.stringify({ features: rows[1] }) }, 200],
  ['predict (object)', { method: 'POST', path: '/predict', headers: json, body: JSON.stringify({ features: named }) }, 200],
  ['batch (20 rows)', { method: 'POST', path: '/predict/batch', headers: json, body: JSON.stringify({ instances: rows.slice(0, 20) }) }, 200],
  ['demo', { method: 'GET', path: '/predict/demo' }, 200],
  ['model info', { method: 'GET', path: '/model/info' }, 200],
  ['health', { method: 'GET', path: '/health' }, 200],
  ['wrong count', { method: 'POST', path: '/predict', headers: json, body: JSON.stringify({ features: rows[1].slice(0, 5) }) }, 400],
  ['"NaN" string', { method: 'POST', path: '/predict', headers: json, body: JSON.stringify({ features: [...rows[1].slice(0, 21), 'NaN'] }) }, 400],
  ['1e999', { method: 'POST', path: '/predict', headers: json, body: `{"features": [1e999${',1'.repeat(21)}]}` }, 400],
  ['missing name', { method: 'POST', path: '/predict', headers: json, body: JSON.stringify({ features: { ...named, RSI: undefined } }) }, 400],
  ['malformed JSON', { method: 'POST', path: '/predict', headers: json, body: '{"features": [1, 2,' }, 400],
  ['text/plain', { method: 'POST', path: '/predict', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 415],
  ['no such route', { method: 'GET', path: '/nowhere' }, 404],
];
const service = await startArchipel(root, model, ['--recipe', 'ohlcv-22']);
log(`archipel serve at ${service.url}; ${seconds} s of mixed requests`);
const rss = [];
const rssStarted = Date.now();
const sampleRss = () => rss.push({ at: (Date.now() - rssStarted) / 1000, bytes: rssOf(service.pids()) });
const rssTimer = setInterval(sampleRss, 500);
sampleRss();

let healthPolls = 0;
const healthFailures = [];
let polling = true;
const poller = (async () => {
  while (polling) {
    healthPolls++;
    try {
      const r = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(2000) });
      if (r.status !== 200) healthFailures.push(`status ${r.status}`);
    } catch (error) {
      healthFailures.push(error.message);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
})();

const reloads = [];
async function reload(what, expected) {
  const r = await fetch(`${service.url}/reload`, { method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(30_000) });
  const body = await r.json();
  reloads.push({ what, status: r.status, expected, body });
  log(`reload (${what}): ${r.status}${r.status === expected ? '' : ` (expected ${expected})`}`);
}
const at = (fraction, action) => new Promise((resolve) => setTimeout(() => resolve(action()), fraction * seconds * 1000));
const events = Promise.all([
  at(0.3, async () => {
    copyFileSync(tensorOnnx, model);
    await reload('another model file', 200);
  }),
  at(0.5, async () => {
    writeFileSync(model, 'not an ONNX model: a broken upload');
    await reload('broken model file', 422);
  }),
  at(0.7, async () => {
    copyFileSync(onnx, model);
    await reload('restored model file', 200);
  }),
]);

const results = await Promise.all(
  mix.map(([, request]) =>
    new Promise((resolve, reject) =>
      autocannon(
        { url: `${service.url}${request.path}`, method: request.method, headers: request.headers, body: request.body, connections: 4, duration: seconds, timeout: 10 },
        (error, r) => (error ? reject(error) : resolve(r)),
      ),
    ),
  ),
);
await events;
polling = false;
await poller;
clearInterval(rssTimer);
sampleRss();
const exit = await service.stop();
rmSync(dir, { recursive: true, force: true });

const statuses = results.map((r) => Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [code, v.count])));
const answered = statuses.reduce((n, byCode) => n + Object.values(byCode).reduce((a, b) => a + b, 0), 0);
const wrong = statuses.reduce((n, byCode, i) => n + Object.entries(byCode).filter(([code]) => Number(code) !== mix[i][2]).reduce((a, [, c]) => a + c, 0), 0);
const fivexx = results.reduce((n, r) => n + r['5xx'], 0);
const errors = results.reduce((n, r) => n + r.errors, 0);
const timeouts = results.reduce((n, r) => n + r.timeouts, 0);
const rate = results.reduce((n, r) => n + r.requests.average, 0);
const failures = [];
if (fivexx > 0) failures.push(`${fivexx} answers were 5xx`);
if (wrong > 0) failures.push(`${wrong} answers had another status than their request must get`);
if (errors > 0 || timeouts > 0) failures.push(`${errors} connection errors, ${timeouts} timeouts`);
if (healthFailures.length > 0) failures.push(`/health failed ${healthFailures.length} of ${healthPolls} times (${healthFailures.slice(0, 3).join('; ')})`);
for (const r of reloads) if (r.status !== r.expected) failures.push(`reload (${r.what}) answered ${r.status}, expected ${r.expected}: ${JSON.stringify(r.body)}`);
if (exit !== 0) failures.push(`archipel serve exited ${exit} on SIGTERM`);

console.log(`serve soak: ${seconds} s, ${answered} answers (${rate.toFixed(0)} req/s), 5xx ${fivexx}, wrong status ${wrong}, connection errors ${errors}, timeouts ${timeouts}`);
console.log(`worst p99 latency of a kind ${Math.max(...results.map((r) => r.latency.p99))} ms; /health polled ${healthPolls} times, ${healthFailures.length} failed`);
console.log(`reloads: ${reloads.map((r) => `${r.what} → ${r.status}`).join(', ')}`);
/** The sample nearest a point of the run (a fraction of it). */
const rssAt = (fraction) => rss.reduce((best, s) => (Math.abs(s.at - fraction * seconds) < Math.abs(best.at - fraction * seconds) ? s : best)).bytes;
console.log(`RSS: start ${mb(rss[0].bytes)} (idle), at 10 % ${mb(rssAt(0.1))}, 25 % ${mb(rssAt(0.25))}, 50 % ${mb(rssAt(0.5))}, 75 % ${mb(rssAt(0.75))}, end ${mb(rss[rss.length - 1].bytes)}, peak ${mb(Math.max(...rss.map((s) => s.bytes)))} (${rss.length} samples)`);
mix.forEach(([name, , expected], i) => console.log(`  ${name.padEnd(18)} expects ${expected}: ${Object.entries(statuses[i]).map(([code, n]) => `${code}×${n}`).join(' ')}, p50 ${results[i].latency.p50} ms, p99 ${results[i].latency.p99} ms`));
if (failures.length > 0) {
  console.log(`FAILED: ${failures.join('; ')}`);
  process.exitCode = 1;
} else console.log('passed');
