// Fuzzing every family with hostile file shapes (issue #67): long runs of one character, deep
// nesting, long operator chains, huge numbers, many documents, banners, at the places each kind's
// parsers look. A few cases of each kind here, each checked whole (every feature, as the server and
// `archipel check` do) in a worker thread ended past its time budget and bounded in memory; the long
// run: `npm run fuzz -- --shapes --count 2000`. A failure prints its seed, its case and its file.
import assert from 'node:assert/strict';
import os from 'node:os';
import { families, familyFiles } from '../../../src/families/index';
import { defaultSettings } from '../../../src/settings';
import { caseFile, KINDS } from '../../shapes';
import { casesOf, formatShapeRun, runShapes } from '../../shapesRunner';

/** How many times slower than alone this machine runs now (as the protocol fuzzer scales its budget). */
const slowdown = Math.min(4, Math.max(1, os.loadavg()[0] / Math.max(1, os.cpus().length)));
/** Replays another seed: ARCHIPEL_FUZZ_SEED=123 npm test -- --family core. */
const seed = Number(process.env.ARCHIPEL_FUZZ_SEED ?? 20261125);

describe('hostile file shapes for every family (#67)', function () {
  this.timeout(Math.round(180_000 * slowdown));

  it('every family that reads files has file kinds in the generator, each one its family takes', () => {
    const covered = new Set(KINDS.map((k) => k.family));
    assert.deepEqual(families.filter((f) => f.files && !covered.has(f.id)).map((f) => f.id), []);
    for (const kind of KINDS) {
      const family = families.find((f) => f.id === kind.family);
      assert.ok(family?.files, `${kind.family} is no family reading files`);
      assert.notEqual(familyFiles(defaultSettings, [family]).match(`file:///ws/${kind.path}`), 'no', `${kind.path} is not one of ${kind.family}'s files`);
    }
  });

  it('a seed replays its cases, and a case its text', () => {
    const once = casesOf(seed, 2, 4000, KINDS, true);
    assert.deepEqual(casesOf(seed, 2, 4000, KINDS, true), once);
    assert.equal(once.length, 2 * KINDS.length);
    assert.deepEqual(once.map((c) => caseFile(c)), casesOf(seed, 2, 4000, KINDS, true).map((c) => caseFile(c)));
  });

  it('two cases of each kind: no crash, hang, heap overflow or internal-error, and the neighbour deployment\'s finding comes', async () => {
    const run = await runShapes({ seed, count: 2, perKind: true, scale: 4000, budgetMs: Math.round(20_000 * slowdown), heapMb: 768, keepGoing: true });
    assert.equal(run.cases, 2 * KINDS.length);
    assert.deepEqual(run.failures.map((f) => f.description), [], formatShapeRun(run));
  });
});
