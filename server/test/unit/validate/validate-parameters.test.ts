// Issue #41: GX's suite parameters ({"$PARAMETER": …}) evaluated as GX's SuiteParameterParser does,
// never by running the text; an unresolved one is the expectation's exception, never an open bound.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateData } from '../../../src/engines/validate/run';
import { evaluateParameter, ParameterError, resolveParameters } from '../../../src/validate/parameters';
import { parseSuite } from '../../../src/validate/suite';

describe('validate: suite parameters (#41)', () => {
  const now = new Date(Date.UTC(2026, 10, 23, 12, 0, 0));

  it('a name is its value; arithmetic, powers, unary minus and functions as GX evaluates them', () => {
    assert.equal(evaluateParameter('upstream', { upstream: 10 }), 10);
    assert.deepEqual(evaluateParameter('sets', { sets: [1, 2] }), [1, 2]);
    assert.equal(evaluateParameter('upstream * 0.9 - 1', { upstream: 10 }), 8);
    assert.equal(evaluateParameter('2 ^ 3 ^ 2', {}), 512);
    assert.equal(evaluateParameter('-(3 + 1) * 2', {}), -8);
    assert.equal(evaluateParameter('trunc(7 / 2) + round(2.5) + abs(-1)', {}), 6);
    assert.equal(evaluateParameter('x + 1', { x: '41' }), 42);
  });

  it('now(), timedelta and datetime give ISO times', () => {
    const offset = now.getTimezoneOffset() * 60_000;
    const local = new Date(now.getTime() - offset).toISOString().replace('Z', '').replace('.000', '');
    assert.equal(evaluateParameter('now()', {}, now), local);
    assert.equal(evaluateParameter('datetime(2020, 1, 31) + timedelta(days=1, hours=2)', {}), '2020-02-01T02:00:00');
    assert.equal(evaluateParameter('datetime(year=2020, month=3, day=1) - timedelta(weeks=1)', {}), '2020-02-23T00:00:00');
    assert.equal(evaluateParameter('start + timedelta(days=2)', { start: '2021-05-01' }), '2021-05-03T00:00:00');
  });

  it('an unknown name, an unknown function, text that does not parse: ParameterError', () => {
    assert.throws(() => evaluateParameter('missing', {}), ParameterError);
    assert.throws(() => evaluateParameter('missing + 1', {}), /No value found for \$PARAMETER missing/);
    assert.throws(() => evaluateParameter('system(1)', {}), /unknown function system/);
    assert.throws(() => evaluateParameter('1 +', {}), /Parse Failure/);
    assert.throws(() => evaluateParameter('__import__("os")', {}), /Parse Failure|unknown function/);
  });

  it('kwargs: parameters replaced, a temporary value ($PARAMETER.NAME) wins, the others untouched', () => {
    const kwargs = { column: 'a', min_value: { $PARAMETER: 'lo' }, max_value: { $PARAMETER: 'hi', '$PARAMETER.hi': 7 } };
    assert.deepEqual(resolveParameters(kwargs, { lo: 1 }), { column: 'a', min_value: 1, max_value: 7 });
    assert.throws(() => resolveParameters(kwargs, {}), ParameterError);
  });

  it('a run: meta.suite_parameters and the given ones resolve; an unresolved one is an exception, never a pass', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'params-'));
    try {
      writeFileSync(path.join(folder, 'd.csv'), 'a\n1\n5\n9\n');
      const suite = parseSuite(JSON.stringify({
        name: 's', meta: { suite_parameters: { lo: 2 } },
        expectations: [
          { type: 'expect_column_max_to_be_between', kwargs: { column: 'a', max_value: { $PARAMETER: 'hi' } } },
          { type: 'expect_column_values_to_be_between', kwargs: { column: 'a', min_value: { $PARAMETER: 'lo' } } },
        ],
      }), 's');
      const open = await validateData(path.join(folder, 'd.csv'), suite, { resultFormat: 'SUMMARY' });
      assert.equal(open.results[0].success, false);
      assert.equal(open.results[0].exception_info.raised_exception, true);
      assert.match(open.results[0].exception_info.exception_message ?? '', /No value found for \$PARAMETER hi/);
      assert.equal(open.results[1].success, false);
      assert.equal(open.results[1].result.unexpected_count, 1);
      const given = await validateData(path.join(folder, 'd.csv'), suite, { resultFormat: 'SUMMARY', parameters: { hi: 8, lo: 0 } });
      assert.deepEqual(given.results.map((r) => r.success), [false, true]);
      assert.equal(given.results[0].result.observed_value, 9);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
