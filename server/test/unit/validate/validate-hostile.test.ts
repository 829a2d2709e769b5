// Issue #37: the hostile corpus (server/test/hostileValidate.ts) through `archipel validate`: no file
// is created anywhere (the scratch folder, holding the workspace and the files outside it, is
// listed before and after), nothing outside is read, and every legitimate value holding
// `__source`, `$$`, quotes or `;` is validated as itself.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidationResult } from '../../../src/protocol/validate';
import { runCli } from '../../cliRun';
import { listing, SQL_BROKEN, writeHostileCorpus } from '../../hostileValidate';
import { makeTree } from '../../tempdir';

describe('archipel validate on hostile suites and file names (#37)', function () {
  this.timeout(120_000);
  const tree = makeTree({});
  const { ws, cases } = writeHostileCorpus(tree.root);
  const initial = listing(tree.root);
  after(() => tree.remove());

  for (const c of cases) {
    it(c.name, async () => {
      const args = ['validate', ...(c.data === undefined ? [] : [c.data]), '--suite', c.suite, '--format', 'json'];
      const { code, out, err } = await runCli(args, ws);
      if (c.secret) assert.ok(!(out + err).includes(c.secret), `${c.secret} shown: ${out}${err}`);
      if ('refused' in c.expect) {
        assert.equal(code, 1, out);
        assert.match(err, c.expect.refused);
        return;
      }
      const result = JSON.parse(out) as ValidationResult;
      for (const r of result.results) assert.doesNotMatch(r.exception_info.exception_message ?? '', SQL_BROKEN);
      const got = result.results.map((r, i) => (c.expect as { successes: (boolean | null)[] }).successes[i] === null ? null : r.success);
      assert.deepEqual(got, c.expect.successes, JSON.stringify(result.results.filter((r, i) => r.success !== c.expect['successes' as never]?.[i]).map((r) => [r.expectation_config, r.exception_info.exception_message, r.result.unexpected_count]), null, 1).slice(0, 3000));
    });
  }

  it('no file was created or changed, in the workspace or beside it', () => {
    assert.deepEqual(listing(tree.root), initial);
  });

  it('a bound over its limit names the bound and the option that raises it', async () => {
    const { out } = await runCli(['validate', '--suite', 'bounds.expectations.yaml', '--format', 'json'], ws);
    const result = JSON.parse(out) as ValidationResult;
    assert.equal(result.results[0].exception_info.exception_message, 'regex_list has 1001 items, over the bound of 1000 (raise it with --max-patterns or the setting archipel.validate.maxPatterns)');
    const raised = JSON.parse((await runCli(['validate', '--suite', 'bounds.expectations.yaml', '--format', 'json', '--max-patterns', '2000'], ws)).out) as ValidationResult;
    assert.equal(raised.results[0].success, true);
    const total = JSON.parse((await runCli(['validate', '--suite', 'total.expectations.yaml', '--format', 'json'], ws)).out) as ValidationResult;
    assert.equal(total.results[0].exception_info.exception_message, 'regex_list holds 9999000 characters of patterns in all, over the bound of 100000 (ten times the pattern length bound: raise it with --max-pattern-length or the setting archipel.validate.maxPatternLength)');
    const { code, err } = await runCli(['validate', '--suite', 'bounds.expectations.yaml', '--max-expectations', '1'], ws);
    assert.equal(code, 1);
    assert.match(err, /the suite has 2 items, over the bound of 1 \(raise it with --max-expectations or the setting archipel.validate.maxExpectations\)/);
  });

  it('columns named as Archipel\'s own (__row, __prev, __z, n, a0) are checked as themselves; --max-unexpected keeps that many, the counts exact', async () => {
    writeFileSync(path.join(ws, 'own.csv'), '__row,n,a0,__prev,__z\n5,1,x,1,0\n6,2,y,2,0\n7,1,z,3,0\n');
    writeFileSync(path.join(ws, 'own.expectations.yaml'), [
      'expectations:',
      '  - {type: expect_column_values_to_be_increasing, kwargs: {column: n}}',
      '  - {type: expect_column_values_to_be_between, kwargs: {column: __row, max_value: 5}}',
      '  - {type: expect_column_value_z_scores_to_be_less_than, kwargs: {column: __row, threshold: 0.5, double_sided: true}}',
      '  - {type: expect_column_values_to_be_unique, kwargs: {column: n}}',
      '  - {type: expect_column_values_to_be_in_set, kwargs: {column: n, value_set: [5]}}',
    ].join('\n') + '\n');
    const { out } = await runCli(['validate', 'own.csv', '--suite', 'own.expectations.yaml', '--format', 'json', '--max-unexpected', '1'], ws);
    const result = JSON.parse(out) as ValidationResult;
    assert.deepEqual(result.results.map((r) => [r.result.unexpected_count, r.result.unexpected_index_list, r.result.partial_unexpected_index_list, r.result.partial_unexpected_counts]), [
      [1, [2], [2], [{ value: 1, count: 1 }]],
      [2, [1], [1, 2], [{ value: 6, count: 1 }, { value: 7, count: 1 }]],
      [2, [0], [0, 2], [{ value: 5, count: 1 }, { value: 7, count: 1 }]],
      [2, [0], [0, 2], [{ value: 1, count: 2 }]],
      [3, [0], [0, 1, 2], [{ value: 1, count: 2 }, { value: 2, count: 1 }]],
    ]);
  });

  it('a file named on the command line may be outside; the suite\'s data: may not', async () => {
    const named = await runCli(['validate', '../outside.csv', '--suite', 'up.expectations.yaml'], ws);
    assert.equal(named.code, 0, named.err);
    const bound = await runCli(['validate', '--suite', 'up.expectations.yaml'], ws);
    assert.match(bound.err, /outside\.csv" \(.*outside\.csv\) is outside the workspace folder|outside\.csv \(.*\) is outside the workspace folder/);
  });
});
