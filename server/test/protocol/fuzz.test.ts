import assert from 'node:assert/strict';
import { formatReport, fuzz } from './fuzzer';

/**
 * A short fuzzing run in every `npm test` (the long one: `npm run fuzz -- --seconds 600`). The
 * budget is generous on purpose — CI machines are slow and shared; what it catches is a request
 * that waits unboundedly (the brace freeze of issue #22 held the server for minutes).
 */
describe('fuzzing the language server with random edits of the examples', function () {
  this.timeout(120_000);

  it('answers every request within its budget and answers shutdown', async () => {
    const report = await fuzz({ seed: 20261122, seconds: 20, budgetMs: 5_000 });
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
