// Every benchmark runs to its table, not only parses (bench-modules.test.ts): `bench/run.mjs --tiny`
// runs each at its smallest size, once, a peer that is not installed skipped with its reason. The
// numbers of a tiny run mean nothing and nothing here looks at them (tests never assert on time):
// what fails is a benchmark that throws, exits non-zero, hangs, or prints no row for Archipel — as
// prometheus-rules once did, a one-line "FAILED" in `npm run bench` that nobody saw.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';

const benchDir = path.join(repoRoot, 'bench');
const benches = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.mjs'))
  .map((name) => name.slice(0, -'.bench.mjs'.length))
  .sort();

/** The data rows of the tables run.mjs printed: `| measure | Archipel | peer | ratio |` after the header. */
function tableRows(stdout: string): string[][] {
  const rows: string[][] = [];
  let header = false;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('|')) {
      header = false;
      continue;
    }
    const cells = line.slice(1, -1).split('|').map((cell) => cell.trim());
    if (cells[0] === 'measure') header = true;
    else if (header && !/^-+$/.test(cells[0])) rows.push(cells);
  }
  return rows;
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
    });
  }
});
