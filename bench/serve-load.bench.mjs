// `archipel serve` under load against the seeds' stack, in the same run: Flask + scikit-learn
// behind gunicorn with one sync worker per core (Debian's python3-flask, python3-sklearn, gunicorn),
// serving the same forest (bench/serve/train_forest.py: the example's 40-tree RandomForest, as a
// pickle for Flask and as ONNX for Archipel). autocannon (in this process) drives each on loopback:
//
//   single   POST /predict, one row, 50 connections, 10 s
//   batch    POST /predict/batch, 1,000 rows, 50 connections, 10 s
//
// Requests/s, p50 and p99 latency, errors and non-2xx answers, and the peak resident memory of each
// service's processes (sampled every 100 ms; gunicorn's master and workers summed). Before measuring,
// both services must answer scikit-learn's probabilities on the same rows. Targets (issue #21):
// single-row throughput ≥ ×10 the peer's, p99 ≤ 1/5 of the peer's, zero errors.
import { createRequire } from 'node:module';
import os from 'node:os';
import { peerOrSkip } from './lib/tiny.mjs';
import { ensurePeer, peerInstalled, forest, mb, sampleRss, startArchipel, startFlask } from './lib/serve.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

export const title = 'Prediction service under load — archipel serve vs Flask + scikit-learn behind gunicorn, same forest';

const CONNECTIONS = 50;
const SECONDS = 10;

// --tiny: 1 s per scenario at 4 connections.
let connections = CONNECTIONS;
let seconds = SECONDS;

function load(url, body) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Both services answer scikit-learn's probabilities on the first rows (1e-6). */
async function checkSame(service, rows, proba, name) {
  const answer = await (await fetch(`${service.url}/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: rows.slice(0, 200) }) })).json();
  answer.predictions.forEach((p, i) => {
    if (Math.abs(p.probabilities.UP - proba[i][1]) > 1e-6) throw new Error(`${name}: row ${i} UP ${p.probabilities.UP}, scikit-learn says ${proba[i][1]}`);
  });
}

async function measure(service, scenarios) {
  const out = {};
  for (const [name, route, body] of scenarios) {
    const rss = sampleRss(service.pids);
    const result = await load(`${service.url}${route}`, body);
    const samples = rss.stop();
    out[name] = {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      total: result.requests.total,
      peakRss: Math.max(...samples),
    };
  }
  return out;
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  [connections, seconds] = context.tiny ? [4, 1] : [CONNECTIONS, SECONDS];
  const skipped = [];
  // --tiny installs nothing for the peer: without Flask and gunicorn its cells stay empty.
  const hasPeer = peerOrSkip(context, !context.tiny || peerInstalled(), 'Flask or gunicorn is not installed (Debian: python3-flask, gunicorn)', skipped);
  if (!context.tiny) ensurePeer(context.progress);
  const { onnx, pickle, rows, proba } = forest(context.root, context.progress);
  const cores = os.cpus().length;
  const scenarios = [
    ['single', '/predict', JSON.stringify({ features: rows[7] })],
    ['batch', '/predict/batch', JSON.stringify({ instances: rows.slice(0, 1000) })],
  ];

  /** Starts a service, checks its answers, loads it with every scenario, stops it. */
  const measured = async (name, start) => {
    const service = await start();
    try {
      await checkSame(service, rows, proba, name);
      return await measure(service, scenarios);
    } finally {
      await service.stop();
    }
  };
  context.progress(`archipel serve: ${scenarios.length} × ${seconds} s at ${connections} connections`);
  const ours = await measured('archipel serve', () => startArchipel(context.root, onnx));
  context.progress(`Flask + gunicorn (${cores} workers): the same`);
  const none = { rps: NaN, p50: NaN, p99: NaN, errors: 0, non2xx: 0, total: 0, peakRss: NaN };
  const peer = hasPeer ? await measured('Flask', () => startFlask(context.root, pickle, cores)) : { single: none, batch: none };

  const rowsOut = [];
  const notes = [];
  for (const [name] of scenarios) {
    const o = ours[name];
    const p = peer[name];
    const what = name === 'single' ? 'POST /predict (1 row)' : 'POST /predict/batch (1,000 rows)';
    // Time per answer at saturation: the ratio column then reads as the throughput ratio.
    rowsOut.push({ name: `${what}: time per answer (1 / throughput)`, ours: 1000 / o.rps, peer: 1000 / p.rps });
    rowsOut.push({ name: `${what}: p50 latency`, ours: o.p50, peer: p.p50 });
    rowsOut.push({ name: `${what}: p99 latency`, ours: o.p99, peer: p.p99 });
    notes.push(
      `${what}: Archipel ${o.rps.toFixed(0)} req/s (${o.total} answers, ${o.errors} errors, ${o.non2xx} non-2xx, peak RSS ${mb(o.peakRss)}, ${cores} workers); ` +
        `Flask ${p.rps.toFixed(0)} req/s (${p.total} answers, ${p.errors} errors, ${p.non2xx} non-2xx, peak RSS ${mb(p.peakRss)}, ${cores} workers)`,
    );
  }
  const s = ours.single;
  const ps = peer.single;
  const throughput = s.rps / ps.rps;
  const p99 = s.p99 / ps.p99;
  const clean = Object.values(ours).every((r) => r.errors === 0 && r.non2xx === 0);
  const batch = peer.batch.rps > 0 ? ours.batch.rps / peer.batch.rps : Infinity;
  notes.push(
    `targets: single-row throughput ×${throughput.toFixed(1)} the peer's (≥ ×10: ${throughput >= 10 ? 'met' : 'NOT met'}), ` +
      `p99 ${(p99 * 100).toFixed(0)} % of the peer's (≤ 20 %: ${p99 <= 0.2 ? 'met' : 'NOT met'}), ` +
      `batch throughput ×${batch.toFixed(2)} the peer's (≥ ×3: ${batch >= 3 ? 'met' : 'NOT met'}), Archipel errors ${clean ? 'none' : 'SOME'}`,
  );
  notes.push(...skipped);
  notes.push(`load: autocannon ${require('autocannon/package.json').version} in the bench process, ${connections} connections, ${seconds} s per scenario, on the same ${cores} cores as the service`);
  return { peer: `Flask + scikit-learn (gunicorn × ${cores})`, rows: rowsOut, notes };
}
