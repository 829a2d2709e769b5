// Bounded memory of `archipel validate` whatever the suite and the data (issue #37): peak RSS (GNU
// time's maximum resident set of the whole process) of
// - 200,000,000 rows that all fail, from a small .csv.gz, with COMPLETE (the CLI's default): the
//   counts exact, the lists kept to --max-unexpected (10,000);
// - a suite of 20,000 expectations (the default bound of --max-expectations) on a 10,000-row file;
// - one value set of 300,000 values (under --max-values' 1,000,000) on a 1,000,000-row column.
// A case over 500 MB fails the benchmark (a memory bound, not a timing). The peer, in the same run,
// is DuckDB alone reading the same file once (`SELECT count(*)` in a fresh process): the ratio is
// about how many passes over the file the validation costs.
// Measured 2026-11-23 (load 2.7–4; docs/data-quality.md has the table): 302–303 MB, 379–433 MB and
// 334–387 MB. The CLI's stdout is a pipe here, as a caller's would be: the JSON is written with its
// back-pressure (without it, 783–845 MB on the 20,000-expectation case).
// One case alone, by hand: `/usr/bin/time -f %M node dist/server/cli.js validate DATA --suite SUITE
// --format json --result-format COMPLETE | cat >/dev/null` on the files this writes into
// bench/.data/validate-bounds/ (ARCHIPEL_BENCH_BOUNDS_ROWS=100000 makes the first case small).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ensureSystemDeps } from '../scripts/lib/system-deps.mjs';
import { loadSpan } from './lib/facts.mjs';

export const title = 'Data validation bounds — peak memory of archipel validate on 200 M failing rows, 20,000 expectations, 300,000 set values (#37)';

const FULL_ROWS = Number(process.env.ARCHIPEL_BENCH_BOUNDS_ROWS ?? 200_000_000);
const LIMIT_MB = 500;

/** One whole process under GNU time: wall (ms), peak RSS (MB), CPU (user + system, ms), minor page faults. */
function measured(command, args, cwd) {
  const usage = path.join(os.tmpdir(), `archipel-bench-bounds-${process.pid}.txt`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S %R', '-o', usage, command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [maxKb, user, system, faults] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(usage, { force: true });
  return { ms, rssMb: maxKb / 1024, cpuMs: (user + system) * 1000, faults, stdout: r.stdout };
}

/** `rows` lines of `line` after `header`, gzipped (fast level: the file is small because it repeats). */
async function writeRepeated(file, header, line, rows) {
  const chunkRows = 1 << 16;
  const chunk = line.repeat(chunkRows);
  let left = rows;
  async function* lines() {
    yield header;
    while (left > 0) {
      const n = Math.min(left, chunkRows);
      left -= n;
      yield n === chunkRows ? chunk : line.repeat(n);
    }
  }
  await pipeline(Readable.from(lines()), createGzip({ level: 1 }), createWriteStream(`${file}.part`));
  renameSync(`${file}.part`, file);
}

const suiteOf = (expectations) => JSON.stringify({ name: 'bounds', expectations });

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  if (!existsSync('/usr/bin/time')) {
    context.progress('installing time (Debian) for peak RSS');
    ensureSystemDeps({ packages: ['time'], quiet: true });
  }
  // --tiny: 10,000 failing rows, 200 expectations, 3,000 set values over 3,000 rows.
  const tiny = context.tiny;
  const ROWS = tiny ? 10_000 : FULL_ROWS;
  const dir = path.join(context.root, 'bench', '.data', tiny ? 'validate-bounds-tiny' : 'validate-bounds');
  mkdirSync(dir, { recursive: true });
  const big = path.join(dir, `failing-${ROWS}.csv.gz`);
  if (!existsSync(big)) {
    context.progress(`writing ${ROWS.toLocaleString('en')} failing rows (.csv.gz)`);
    await writeRepeated(big, 'v,s\n', '1,abc\n', ROWS);
  }
  const wide = path.join(dir, 'wide.csv');
  if (!existsSync(wide)) {
    const lines = ['id,' + Array.from({ length: 19 }, (_, i) => `c${i}`).join(',')];
    for (let r = 0; r < 10_000; r++) lines.push(`${r},` + Array.from({ length: 19 }, (_, i) => (i % 2 ? `t${(r * 7 + i) % 97}` : String((r * 13 + i) % 1000))).join(','));
    writeFileSync(wide, lines.join('\n') + '\n');
  }
  const tall = path.join(dir, 'tall.csv.gz');
  if (!existsSync(tall)) await writeRepeated(tall, 'code\n', 'v123456\nv999999\nzzz\n', tiny ? 1_000 : 333_334);
  const files = {
    failing: path.join(dir, 'failing.expectations.json'),
    many: path.join(dir, 'many.expectations.json'),
    set: path.join(dir, 'set.expectations.json'),
  };
  writeFileSync(files.failing, suiteOf([
    { type: 'expect_column_values_to_be_between', kwargs: { column: 'v', min_value: 2 } },
    { type: 'expect_column_values_to_not_be_null', kwargs: { column: 'v' } },
  ]));
  const kinds = [
    (c) => ({ type: 'expect_column_values_to_not_be_null', kwargs: { column: c } }),
    (c, i) => ({ type: 'expect_column_value_lengths_to_be_between', kwargs: { column: c, min_value: 1, max_value: 1 + (i % 5) } }),
    (c, i) => ({ type: 'expect_column_values_to_match_regex', kwargs: { column: c, regex: `^[0-9t]{1,${1 + (i % 4)}}$` } }),
    (c, i) => ({ type: 'expect_column_values_to_be_in_set', kwargs: { column: c, value_set: [String(i % 1000), `t${i % 97}`] } }),
  ];
  writeFileSync(files.many, suiteOf(Array.from({ length: tiny ? 200 : 20_000 }, (_, i) => kinds[i % kinds.length](`c${i % 19}`, i))));
  const values = Array.from({ length: tiny ? 3_000 : 300_000 }, (_, i) => `v${String(i).padStart(6, '0')}`);
  writeFileSync(files.set, suiteOf([
    { type: 'expect_column_values_to_be_in_set', kwargs: { column: 'code', value_set: values } },
    { type: 'expect_column_distinct_values_to_be_in_set', kwargs: { column: 'code', value_set: values } },
  ]));

  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const duckdbPass = (file) => measured(process.execPath, ['-e', `
    const { DuckDBInstance } = require(${JSON.stringify(path.join(context.root, 'node_modules', '@duckdb', 'node-api'))});
    (async () => { const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
      const r = await c.runAndReadAll('SELECT count(*) AS n FROM read_csv($1, header = true)', [process.argv[1]]);
      console.log(String(r.getRowObjectsJS()[0].n)); })();`, file], dir);
  const cases = [
    { name: `${(ROWS / 1e6).toFixed(0)} M failing rows, .csv.gz, COMPLETE`, data: big, suite: files.failing, check: (json) => {
      const r = json.results[0].result;
      if (r.unexpected_count !== ROWS || r.unexpected_list.length !== Math.min(ROWS, 10_000) || r.unexpected_list_truncated !== ROWS > 10_000 || r.partial_unexpected_counts[0].count !== ROWS) throw new Error(`unexpected counts: ${JSON.stringify({ count: r.unexpected_count, kept: r.unexpected_list.length, counts: r.partial_unexpected_counts })}`);
      return `unexpected_count ${r.unexpected_count.toLocaleString('en')} (exact), ${r.unexpected_list.length.toLocaleString('en')} values and rows kept (unexpected_list_truncated ${r.unexpected_list_truncated}), partial_unexpected_counts ${JSON.stringify(r.partial_unexpected_counts)}`;
    } },
    { name: '20,000 expectations, 10,000 rows × 20 columns', data: wide, suite: files.many, check: (json) => `${json.statistics.evaluated_expectations.toLocaleString('en')} evaluated, ${json.statistics.successful_expectations.toLocaleString('en')} met` },
    { name: '300,000 set values, 1,000,002 rows', data: tall, suite: files.set, check: (json) => `unexpected ${json.results[0].result.unexpected_count.toLocaleString('en')} (the rows of "zzz"), distinct check ${json.results[1].success}` },
  ];
  const rows = [];
  const notes = [];
  const over = [];
  for (const c of cases) {
    context.progress(c.name);
    const span = loadSpan();
    const ours = measured(process.execPath, [cli, 'validate', c.data, '--suite', c.suite, '--format', 'json', '--result-format', 'COMPLETE'], dir);
    const detail = c.check(JSON.parse(ours.stdout));
    const peer = duckdbPass(c.data);
    rows.push({ name: c.name, ours: ours.ms, peer: peer.ms, cpuMs: { ours: ours.cpuMs, peer: peer.cpuMs }, faults: { ours: ours.faults, peer: peer.faults }, load: span.end() });
    notes.push(`${c.name}: peak RSS ${ours.rssMb.toFixed(0)} MB (bound ${LIMIT_MB} MB; DuckDB's one count(*) pass: ${peer.rssMb.toFixed(0)} MB); ${detail}`);
    if (ours.rssMb > LIMIT_MB) over.push(`${c.name}: ${ours.rssMb.toFixed(0)} MB`);
  }
  if (over.length) throw new Error(`over the ${LIMIT_MB} MB bound: ${over.join('; ')}\n${notes.join('\n')}`);
  return { peer: 'DuckDB, one count(*) pass', rows, notes };
}
