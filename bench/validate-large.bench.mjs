// Data validation at the fraud data set's size (issue #29): a generated 21,000,000-row transactions
// table (bench/validate/generate.sql, written once by DuckDB as CSV and Parquet into
// bench/.data/validate/) against a 20-expectation Great Expectations suite
// (bench/validate/transactions.expectations.json), by `archipel validate` and by the same 20 checks in
// pandas (bench/validate/pandas_validate.py, Debian's python3-pandas), in the same run. Wall time and
// peak RSS (GNU time's maximum resident set) of each whole process, and the ratios. Debian 12 has no
// pyarrow, so pandas reads the CSV only; Archipel's Parquet run is compared with that same peer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureSystemDeps } from '../scripts/lib/system-deps.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Data validation — archipel validate (DuckDB) vs pandas, 21,000,000 transactions, 20 expectations';

const PYTHON = '/usr/bin/python3';
const FULL_ROWS = Number(process.env.ARCHIPEL_BENCH_VALIDATE_ROWS ?? 21_000_000);
/** The rows generated and checked: --tiny makes 10,000 (set by run). */
let ROWS = FULL_ROWS;

/**
 * Runs a command under GNU time: wall ms, CPU seconds (user + system: on a machine whose cores are
 * busy with other work, wall time mostly measures the queue) and peak RSS (MB) of the process.
 * Exit 1 is a verdict (an expectation failed), not an error.
 */
function measured(command, args) {
  const usage = path.join(os.tmpdir(), `archipel-bench-validate-${process.pid}.txt`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', usage, command, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [rssKb, user, system] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(usage, { force: true });
  return { ms, rssMb: rssKb / 1024, cpuS: user + system, stdout: r.stdout };
}

async function generate(root, dir) {
  mkdirSync(dir, { recursive: true });
  const require = createRequire(path.join(root, 'package.json'));
  const { DuckDBInstance } = require('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const sql = readFileSync(path.join(root, 'bench', 'validate', 'generate.sql'), 'utf8')
    .replace('__ROWS__', String(ROWS)).replace('__CSV__', path.join(dir, 'transactions.csv.part')).replace('__PARQUET__', path.join(dir, 'transactions.parquet.part'));
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  renameSync(path.join(dir, 'transactions.csv.part'), path.join(dir, 'transactions.csv'));
  renameSync(path.join(dir, 'transactions.parquet.part'), path.join(dir, 'transactions.parquet'));
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  if (spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status !== 0 || !existsSync('/usr/bin/time')) {
    context.progress('installing python3-pandas and time (Debian) for the pandas peer');
    ensureSystemDeps({ packages: ['python3-pandas', 'time'], quiet: true });
  }
  ROWS = context.tiny ? 10_000 : FULL_ROWS;
  const dir = path.join(context.root, 'bench', '.data', 'validate', String(ROWS));
  const csv = path.join(dir, 'transactions.csv');
  const parquet = path.join(dir, 'transactions.parquet');
  if (!existsSync(csv) || !existsSync(parquet)) {
    context.progress(`generating ${ROWS.toLocaleString('en')} transactions (CSV and Parquet)`);
    await generate(context.root, dir);
  }
  const suite = path.join(context.root, 'bench', 'validate', 'transactions.expectations.json');
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const ours = (file) => {
    const m = measured(process.execPath, [cli, 'validate', file, '--suite', suite, '--format', 'json', '--result-format', 'SUMMARY']);
    const json = JSON.parse(m.stdout);
    return { ...m, verdicts: json.results.map((r) => r.success), unexpected: json.results.map((r) => r.result.unexpected_count) };
  };
  const peer = () => {
    const m = measured(PYTHON, [path.join(context.root, 'bench', 'validate', 'pandas_validate.py'), csv]);
    const json = JSON.parse(m.stdout.trim().split('\n').pop());
    return { ...m, verdicts: json.results.map((r) => r.success), unexpected: json.results.map((r) => r.unexpected_count) };
  };
  const runs = Math.max(1, Math.min(context.runs, 2));
  const s = { csvMs: [], parquetMs: [], peerMs: [], csvRss: [], parquetRss: [], peerRss: [], csvCpu: [], parquetCpu: [], peerCpu: [] };
  let last = {};
  for (let i = 0; i < runs; i++) {
    context.progress(`run ${i + 1}/${runs}`);
    // Alternate who goes first: the other work on the machine drifts.
    const order = i % 2 ? ['p', 'c', 'q'] : ['c', 'q', 'p'];
    const got = {};
    for (const who of order) got[who] = who === 'p' ? peer() : ours(who === 'c' ? csv : parquet);
    s.csvMs.push(got.c.ms); s.parquetMs.push(got.q.ms); s.peerMs.push(got.p.ms);
    s.csvRss.push(got.c.rssMb); s.parquetRss.push(got.q.rssMb); s.peerRss.push(got.p.rssMb);
    s.csvCpu.push(got.c.cpuS); s.parquetCpu.push(got.q.cpuS); s.peerCpu.push(got.p.cpuS);
    last = got;
  }
  const m = (xs) => median(xs);
  const [cMs, qMs, pMs, cRss, qRss, pRss] = [m(s.csvMs), m(s.parquetMs), m(s.peerMs), m(s.csvRss), m(s.parquetRss), m(s.peerRss)];
  const same = JSON.stringify(last.c.verdicts) === JSON.stringify(last.p.verdicts) && JSON.stringify(last.q.verdicts) === JSON.stringify(last.p.verdicts);
  const counts = last.c.unexpected.map((u, k) => (u === undefined ? '-' : `${u}/${last.p.unexpected[k]}`)).join(' ');
  const pandas = spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' }).stdout.trim();
  const goal = (ms, rss) => `×${(pMs / ms).toFixed(1)} faster (goal ≥ ×5: ${pMs / ms >= 5 ? 'met' : 'NOT met'}), RSS ${Math.round(rss)} MB = ${(rss / pRss).toFixed(2)} of pandas' (goal ≤ 0.5: ${rss <= pRss / 2 ? 'met' : 'NOT met'})`;
  return {
    peer: `pandas ${pandas} (Python ${spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim().replace('Python ', '')}), CSV`,
    rows: [
      { name: `CSV: ${ROWS.toLocaleString('en')} rows, 20 expectations`, ours: cMs, peer: pMs, cpuMs: { ours: m(s.csvCpu) * 1000, peer: m(s.peerCpu) * 1000 } },
      { name: `Parquet (pandas: the CSV, it has no Parquet reader here): ${ROWS.toLocaleString('en')} rows`, ours: qMs, peer: pMs, cpuMs: { ours: m(s.parquetCpu) * 1000, peer: m(s.peerCpu) * 1000 } },
    ],
    notes: [
      `CSV: ${goal(cMs, cRss)}`,
      `Parquet: ${goal(qMs, qRss)}`,
      `CPU time (user + system): Archipel CSV ${m(s.csvCpu).toFixed(1)} s, Parquet ${m(s.parquetCpu).toFixed(1)} s; pandas ${m(s.peerCpu).toFixed(1)} s (pandas / Archipel: CSV ×${(m(s.peerCpu) / m(s.csvCpu)).toFixed(1)}, Parquet ×${(m(s.peerCpu) / m(s.parquetCpu)).toFixed(1)})`,
      `peak RSS: Archipel CSV ${Math.round(cRss)} MB, Parquet ${Math.round(qRss)} MB; pandas ${Math.round(pRss)} MB`,
      `same verdicts as pandas on all 20 expectations: ${same ? 'yes' : `NO (Archipel CSV ${last.c.verdicts}, Parquet ${last.q.verdicts}; pandas ${last.p.verdicts})`}; unexpected counts Archipel/pandas: ${counts}`,
      `median of ${runs} fresh-process runs each, who goes first alternating; data in bench/.data/validate/ (bench/validate/generate.sql), made once`,
    ],
  };
}
