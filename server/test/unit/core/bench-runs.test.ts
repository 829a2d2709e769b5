// Every benchmark runs to its table, not only parses (bench-modules.test.ts): `bench/run.mjs --tiny`
// runs each at its smallest size, once, a peer that is not installed skipped with its reason. The
// numbers of a tiny run mean nothing and nothing here looks at them (tests never assert on time):
// what fails is a benchmark that throws, exits non-zero, hangs, or prints no row for Archipel — as
// prometheus-rules once did, a one-line "FAILED" in `npm run bench` that nobody saw.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';

const benchDir = path.join(repoRoot, 'bench');
const benches = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.mjs'))
  .map((name) => name.slice(0, -'.bench.mjs'.length))
  .sort();

/** The data rows of the tables run.mjs printed: `| measure | Archipel | peer | ratio |` after the header. */
function tableRows(stdout: string): string[][] {
  return tables(stdout).flatMap((t) => t.rows);
}

/** The tables run.mjs printed: their header's cells and their data rows. */
function tables(stdout: string): { header: string[]; rows: string[][] }[] {
  const found: { header: string[]; rows: string[][] }[] = [];
  let current: { header: string[]; rows: string[][] } | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    const cells = line.slice(1, -1).split('|').map((cell) => cell.trim());
    if (cells[0] === 'measure') found.push((current = { header: cells, rows: [] }));
    else if (current && !/^-+$/.test(cells[0])) current.rows.push(cells);
  }
  return found;
}

/**
 * The benchmarks that time whole processes (start, work, exit) against a peer: each such row prints
 * each side's CPU ÷ wall and the load average at its start and end (#68). Their CPU comes from GNU
 * time or Linux's /proc/self/stat (the tests run on Linux).
 */
const WHOLE_PROCESS = ['ansible', 'blur-opencv', 'cli-start', 'experiments', 'k8s-workspace', 'monorepo', 'pipeline-status', 'predict-1gb', 'predict-large', 'predict-ohlcv', 'privacy-scan', 'prometheus-rules', 'system-map', 'terraform', 'validate-bounds', 'validate-large'];
const GNU_TIME = existsSync('/usr/bin/time');
const BY_GNU_TIME_ONLY = new Set(['blur-opencv', 'pipeline-status']);

/** The whole-process cells of a run's tables: their format, and a flag line under the table for each flagged row. */
function checkWholeProcessCells(name: string, stdout: string): void {
  const withCpu = tables(stdout).filter((t) => t.header.includes('CPU ÷ wall (ours / peer)'));
  if (WHOLE_PROCESS.includes(name) && (GNU_TIME || !BY_GNU_TIME_ONLY.has(name))) assert.ok(withCpu.length > 0, `${name}: no CPU ÷ wall column\n${tail(stdout)}`);
  if (withCpu.length === 0) return;
  assert.match(stdout, /^- CPU ÷ wall: user \+ system CPU time of the row's whole processes over their wall time/m);
  for (const table of withCpu) {
    const share = table.header.indexOf('CPU ÷ wall (ours / peer)');
    const load = table.header.indexOf('load avg (start → end)');
    assert.equal(load, share + 1, table.header.join(' | '));
    assert.ok(table.rows.some((row) => row[share] !== ''), `${name}: no whole-process row`);
    for (const row of table.rows) {
      if (row[share] === '') {
        assert.equal(row[load], '', `${name}: "${row[0]}" has a load but no CPU ÷ wall`);
        continue;
      }
      assert.match(row[share], /^(\d+\.\d\d( ⚑)?|—) \/ (\d+\.\d\d|—)$/, `${name}: "${row[0]}" CPU ÷ wall`);
      assert.match(row[load], /^\d+\.\d\d → \d+\.\d\d$/, `${name}: "${row[0]}" load`);
      const flagged = row[share].includes('⚑');
      const explained = stdout.split('\n').some((line) => line.startsWith(`⚑ ${row[0]}: Archipel's CPU ÷ wall `));
      assert.equal(explained, flagged, `${name}: "${row[0]}" ${flagged ? 'flagged without its explanation' : 'explained without its flag'}`);
    }
  }
}

const tail = (text: string) => text.trim().split('\n').slice(-25).join('\n');

describe('every benchmark runs to its table (bench/run.mjs --tiny)', function () {
  // A bound against hangs: a tiny run takes seconds on a quiet machine, a minute at load 15.
  this.timeout(400_000);
  it('finds the benchmarks', () => assert.ok(benches.includes('k8s-diagnostics') && benches.length >= 20, benches.join(', ')));
  for (const name of benches) {
    it(name, () => {
      const run = spawnSync(process.execPath, [path.join(benchDir, 'run.mjs'), '--tiny', name], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 380_000 });
      assert.equal(run.status, 0, `exit ${run.status ?? run.signal}\n${tail(run.stdout)}\n${tail(run.stderr)}`);
      assert.match(run.stdout, /^TINY mode/m);
      // The facts that explain the numbers on another machine: the Node floor, and what the benchmark's processes spent.
      assert.match(run.stdout, /node -e 0: \d+ ms wall, \d+ ms CPU/);
      assert.match(run.stdout, /^- its processes \(waited for\): [\d.]+ s CPU, [\d,]+ minor and [\d,]+ major page faults; the runner itself: .*V8 code cache of the bundles loaded: /m);
      const rows = tableRows(run.stdout);
      assert.ok(rows.length > 0, `no table row\n${tail(run.stdout)}`);
      // A number, whatever its value: a difference of two tiny runs (blur-opencv's per image) may be negative.
      for (const row of rows) assert.match(row[1], /^-?\d[\d.]* ms$/, `no time for Archipel in "${row[0]}"`);
      checkWholeProcessCells(name, run.stdout);
    });
  }
});
