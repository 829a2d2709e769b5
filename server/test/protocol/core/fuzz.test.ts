import assert from 'node:assert/strict';
import os from 'node:os';
import { formatReport, fuzz } from '../fuzzer';

/**
 * How many times slower than alone this machine runs now (the run queue over the cores, at least 1):
 * at a load of 19 on 2 cores a hover of a 469-character file took 5 s, and 20 s gave 22 edits. The
 * run lasts and waits that much longer, so that what it reports is the server, not the neighbours.
 */
const slowdown = Math.min(4, Math.max(1, os.loadavg()[0] / Math.max(1, os.cpus().length)));

/**
 * A short fuzzing run in every `npm test` (the long one: `npm run fuzz -- --seconds 600`). The
 * budget is generous on purpose — CI machines are slow and shared; what it catches is a request
 * that waits unboundedly (the brace freeze of issue #22 held the server for minutes).
 */
describe('fuzzing the language server with random edits of the examples', function () {
  this.timeout(60_000 + 20_000 * slowdown + 5_000 * slowdown * 3);

  it('answers every request within its budget and answers shutdown', async () => {
    const report = await fuzz({ seed: 20261122, seconds: Math.round(20 * slowdown), budgetMs: Math.round(5_000 * slowdown) });
    const text = formatReport(report);
    assert.ok(report.edits > 50 && report.requests > 20, `too few edits or requests to mean anything:\n${text}`);
    assert.deepEqual(
      report.unanswered.map((r) => `${r.method} after ${r.edit}`),
      [],
      `${text}\n${report.stderrTail}`,
    );
    assert.ok(report.shutdownAnswered, `shutdown not answered:\n${text}`);
  });
});
