// What `npm run bench` prints beside a whole-process row (#68, "benchmarks that tell the truth"):
// each side's CPU ÷ wall, the load average at the row's start and end, and a flag when Archipel's
// side never ran on two cores at once (CPU ÷ wall ≥ 0.95: on a loaded 2-core machine its wall then
// depends on the neighbours). bench/lib/wholeProcess.mjs computes the cells; bench-runs.test.ts
// checks that every benchmark prints them in its table.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../helpers';

interface Load {
  start: number;
  end: number;
}
interface Cells {
  share: string;
  load: string;
  flagged: boolean;
  ours?: number;
  loadOf?: Load;
}
interface Row {
  name: string;
  ours: number;
  peer: number;
  cpuMs?: { ours: number; peer: number };
  load?: Load;
}
interface WholeProcessModule {
  ONE_CORE_SHARE: number;
  WHOLE_PROCESS_NOTE: string;
  wholeProcessCells(row: Row, benchLoad: Load): Cells;
  oneCoreFlag(name: string, cells: Cells, cores: number): string;
}
interface FactsModule {
  loadNow(): number;
  loadSpan(): { end(): Load };
  childrenCpuMs(): number;
}

const load = (file: string) => import(pathToFileURL(path.join(repoRoot, 'bench', 'lib', file)).href);

describe('bench: CPU ÷ wall and the load average of whole-process rows', function () {
  let whole: WholeProcessModule;
  let facts: FactsModule;
  before(async function () {
    whole = (await load('wholeProcess.mjs')) as WholeProcessModule;
    facts = (await load('facts.mjs')) as FactsModule;
  });
  const benchLoad = { start: 7.5, end: 9.25 };

  it('flags a row whose Archipel side used a core the whole time, with its load and an explanation', function () {
    const row = { name: '  whole job: 10 photos under 1 MP ', ours: 360, peer: 700, cpuMs: { ours: 350, peer: 840 }, load: { start: 11, end: 12.5 } };
    const cells = whole.wholeProcessCells(row, benchLoad);
    assert.equal(cells.share, '0.97 ⚑ / 1.20');
    assert.equal(cells.load, '11.00 → 12.50', "the row's own load, not the benchmark's");
    assert.equal(cells.flagged, true);
    const line = whole.oneCoreFlag(row.name, cells, 2);
    assert.match(line, /^⚑ whole job: 10 photos under 1 MP: Archipel's CPU ÷ wall 0\.97 ≥ 0\.95 \(load 11\.00 → 12\.50 on 2 cores\)/);
    assert.match(line, /never ran on two cores at once — no second core was free/);
    assert.match(line, /the wall ratio is a lower bound that depends on the load/);
  });

  it('flags a process that kept more than a core busy too, saying so; takes the benchmark\'s load when the row gives none', function () {
    const parallel = whole.wholeProcessCells({ name: 'a', ours: 300, peer: 600, cpuMs: { ours: 420, peer: 590 } }, benchLoad);
    assert.deepEqual([parallel.share, parallel.load, parallel.flagged], ['1.40 ⚑ / 0.98', '7.50 → 9.25', true]);
    const line = whole.oneCoreFlag('a', parallel, 2);
    assert.match(line, /^⚑ a: Archipel's CPU ÷ wall 1\.40 ≥ 0\.95 \(load 7\.50 → 9\.25 on 2 cores\): its CPU kept pace with its wall, its threads on two cores only part of the time;/);
  });

  it('does not flag a process that waited for a core', function () {
    // At load 11 a process waits for a core: CPU ÷ wall well below 1, and no flag (its wall is the queue's).
    const waited = whole.wholeProcessCells({ name: 'b', ours: 1000, peer: 100, cpuMs: { ours: 300, peer: 20 } }, benchLoad);
    assert.deepEqual([waited.share, waited.flagged], ['0.30 / 0.20', false]);
    // Just under the threshold.
    assert.equal(whole.wholeProcessCells({ name: 'c', ours: 1000, peer: 1, cpuMs: { ours: 949, peer: 1 } }, benchLoad).flagged, false);
    assert.equal(whole.wholeProcessCells({ name: 'c', ours: 1000, peer: 1, cpuMs: { ours: 950, peer: 1 } }, benchLoad).flagged, true);
  });

  it('leaves the cells of a row that is not whole processes empty, and a side not measured as —', function () {
    assert.deepEqual(whole.wholeProcessCells({ name: 'in the server', ours: 12, peer: 30 }, benchLoad), { share: '', load: '', flagged: false });
    // A peer that is not installed (NaN), or a target rather than a process.
    const cells = whole.wholeProcessCells({ name: 'd', ours: 500, peer: NaN, cpuMs: { ours: 100, peer: NaN } }, benchLoad);
    assert.deepEqual([cells.share, cells.flagged], ['0.20 / —', false]);
    assert.equal(whole.wholeProcessCells({ name: 'e', ours: NaN, peer: 5, cpuMs: { ours: NaN, peer: 5 } }, benchLoad).share, '— / 1.00');
    assert.ok(whole.ONE_CORE_SHARE === 0.95 && whole.WHOLE_PROCESS_NOTE.startsWith('CPU ÷ wall: '));
  });

  it('reads the load average and the CPU of the processes waited for', function () {
    const span = facts.loadSpan().end();
    assert.ok(Number.isFinite(span.start) && span.start >= 0 && Number.isFinite(span.end) && span.end >= 0, JSON.stringify(span));
    assert.ok(Number.isFinite(facts.loadNow()));
    // Linux's /proc/self/stat children fields: a number that only grows (the tests run on Linux).
    const cpu = facts.childrenCpuMs();
    assert.ok(Number.isFinite(cpu) && cpu >= 0 && facts.childrenCpuMs() >= cpu);
  });
});
