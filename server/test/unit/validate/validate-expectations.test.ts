// Each supported expectation run by the engine (DuckDB) on small CSV files, with Great
// Expectations' documented behaviour for its edge cases: nulls skipped by column-map expectations
// (and not counted as unexpected), `mostly`, strict bounds, empty tables, result formats.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ExpectationValidationResult, ResultFormatName } from '../../../src/protocol/validate';
import { validateData } from '../../../src/engines/validate/run';
import { EXPECTATIONS } from '../../../src/validate/catalogue';
import type { Suite } from '../../../src/validate/suite';
import { makeTree } from '../../tempdir';

const CSV = [
  'id,name,amount,score,day,code,a,b,c,json,when',
  '1,alice,10,1,2024-01-01,AB-1,5,3,1,{"x":1},01/02/2024',
  '2,bob,20,2,2024-01-02,AB-2,4,4,2,[1],2024-02-03',
  '3,,30,3,2024-01-03,CD-3,3,,3,nope,not a date',
  '4,dave,,4,2024-01-04,CD-44,,,4,"""s""",',
  '5,bob,50,100,,EF-5,1,2,,null,Jan 5 2024',
].join('\n') + '\n';

let tree: ReturnType<typeof makeTree>;

function suiteOf(type: string, kwargs: Record<string, unknown>): Suite {
  return { name: 't', shape: '1.x', expectations: [{ index: 0, type, kwargs, kwargSpans: new Map(), span: { start: 0, end: 0 }, typeSpan: { start: 0, end: 0 } }], problems: [] };
}

async function run(type: string, kwargs: Record<string, unknown>, options: { file?: string; format?: ResultFormatName } = {}): Promise<ExpectationValidationResult> {
  const result = await validateData(path.join(tree.root, options.file ?? 'data.csv'), suiteOf(type, kwargs), { resultFormat: options.format ?? 'COMPLETE' });
  assert.equal(result.results.length, 1);
  return result.results[0];
}

/** success and the counts of a column-map result. */
async function counts(type: string, kwargs: Record<string, unknown>, file?: string) {
  const r = await run(type, kwargs, { file });
  assert.equal(r.exception_info.raised_exception, false, r.exception_info.exception_message ?? '');
  return { success: r.success, element: r.result.element_count, unexpected: r.result.unexpected_count, rows: r.result.unexpected_index_list, values: r.result.partial_unexpected_list };
}

/** GX's partial_unexpected_counts of a COMPLETE list, counted here: the most frequent first, ties by value. */
function valueCountsOf(values: readonly unknown[]): { value: unknown; count: number }[] {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const value of values) {
    const key = JSON.stringify(value);
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { value, count: 1 });
  }
  const sortKey = (v: unknown) => (typeof v === 'number' ? v : JSON.stringify(v));
  return [...counts.values()].sort((a, b) => b.count - a.count || (sortKey(a.value) < sortKey(b.value) ? -1 : sortKey(a.value) > sortKey(b.value) ? 1 : 0)).slice(0, 20);
}

async function observed(type: string, kwargs: Record<string, unknown>, file?: string) {
  const r = await run(type, kwargs, { file });
  assert.equal(r.exception_info.raised_exception, false, r.exception_info.exception_message ?? '');
  return { success: r.success, value: r.result.observed_value };
}

describe('validate: the expectations of GX\'s core set', function () {
  this.timeout(120_000);
  before(() => {
    tree = makeTree({
      'data.csv': CSV,
      // GX's expect_column_values_to_be_unique dataset (positive_case_all_null_values), written as CSV:
      // a column named null, and columns named NA and None beside it.
      'na-names.csv': 'a,unique,null,NA,None\n2,1,,1,x\n2,2,,NA,y\n2,3,,3,None\n,,,4,z\n',
      'empty.csv': 'id,amount\n',
      'many.csv': 'v\n' + Array.from({ length: 30 }, (_, i) => String(-i - 1)).join('\n') + '\n',
      // 60 unexpected values in 25 kinds, ties at every count, in an order that is not the values' own.
      'repeated.csv': 'v,s\n' + Array.from({ length: 60 }, (_, i) => `${-((i * 7) % 25) - 1},k${(i * 11) % 25}`).join('\n') + '\n1,ok\n',
      'ties.csv': 'v\na\nb\na\nb\nc\n',
      // Unexpected values the shared pass keeps (#84): dates, numbers beside NaN, and more of them than it keeps.
      'folded.csv': 'd,x,n\n' + Array.from({ length: 45 }, (_, i) => `2023-0${(i % 9) + 1}-0${(i % 4) + 1},${i % 5 === 0 ? 'nan' : -(i % 6)},${-(i % 3)}`).join('\n') + '\n',
      'wide.csv': 'n\n' + Array.from({ length: 10_003 }, (_, i) => String(-(i % 7) - 1)).join('\n') + '\n',
    });
  });
  after(() => tree.remove());

  describe('column map: nulls are skipped and never unexpected', () => {
    it('not_be_null counts the nulls as unexpected, over every row; mostly lets a share pass', async () => {
      assert.deepEqual(await counts('expect_column_values_to_not_be_null', { column: 'amount' }), { success: false, element: 5, unexpected: 1, rows: [3], values: [null] });
      assert.equal((await counts('expect_column_values_to_not_be_null', { column: 'amount', mostly: 0.8 })).success, true);
      assert.equal((await counts('expect_column_values_to_not_be_null', { column: 'amount', mostly: 0.81 })).success, false);
    });
    it('be_null: the present values are unexpected', async () => {
      const r = await counts('expect_column_values_to_be_null', { column: 'b' });
      assert.deepEqual([r.success, r.unexpected, r.rows], [false, 3, [0, 1, 4]]);
    });
    it('between: bounds inclusive, strict_min/strict_max exclusive, a missing bound open; nulls not counted', async () => {
      const r = await run('expect_column_values_to_be_between', { column: 'amount', min_value: 10, max_value: 50 });
      assert.deepEqual([r.success, r.result.unexpected_count, r.result.missing_count, r.result.element_count], [true, 0, 1, 5]);
      assert.deepEqual(await counts('expect_column_values_to_be_between', { column: 'amount', min_value: 10, max_value: 50, strict_min: true, strict_max: true }), { success: false, element: 5, unexpected: 2, rows: [0, 4], values: [10, 50] });
      assert.deepEqual((await counts('expect_column_values_to_be_between', { column: 'amount', max_value: 20 })).rows, [2, 4]);
      // 2 unexpected of 4 non-null values: mostly 0.5 passes, and the percent is over the non-null values.
      const m = await run('expect_column_values_to_be_between', { column: 'amount', max_value: 20, mostly: 0.5 });
      assert.deepEqual([m.success, m.result.unexpected_percent, m.result.unexpected_percent_total], [true, 50, 40]);
    });
    it('between with both bounds left out is an error, not a pass', async () => {
      const r = await run('expect_column_values_to_be_between', { column: 'amount' });
      assert.equal(r.success, false);
      assert.equal(r.exception_info.raised_exception, true);
      assert.match(r.exception_info.exception_message ?? '', /min_value and max_value cannot both be None/);
    });
    it('between on dates and, with parse_strings_as_datetimes, on text', async () => {
      assert.deepEqual((await counts('expect_column_values_to_be_between', { column: 'day', min_value: '2024-01-02', max_value: '2024-01-03' })).rows, [0, 3]);
      assert.deepEqual((await counts('expect_column_values_to_be_between', { column: 'when', min_value: '2024-01-01', parse_strings_as_datetimes: true })).unexpected, 3);
    });
    it('in_set and not_in_set', async () => {
      assert.deepEqual(await counts('expect_column_values_to_be_in_set', { column: 'name', value_set: ['alice', 'bob'] }), { success: false, element: 5, unexpected: 1, rows: [3], values: ['dave'] });
      assert.deepEqual((await counts('expect_column_values_to_not_be_in_set', { column: 'name', value_set: ['bob'] })).rows, [1, 4]);
      assert.equal((await counts('expect_column_values_to_be_in_set', { column: 'amount', value_set: [10, 20, 30, 50] })).success, true);
    });
    it('unique: every occurrence of a repeated value is unexpected, nulls are not', async () => {
      assert.deepEqual(await counts('expect_column_values_to_be_unique', { column: 'name' }), { success: false, element: 5, unexpected: 2, rows: [1, 4], values: ['bob', 'bob'] });
      assert.equal((await counts('expect_column_values_to_be_unique', { column: 'id' })).success, true);
    });
    it('regex (a match anywhere), not regex and the lists (any / all)', async () => {
      assert.deepEqual((await counts('expect_column_values_to_match_regex', { column: 'code', regex: '^[A-Z]{2}-\\d$' })).rows, [3]);
      assert.deepEqual((await counts('expect_column_values_to_match_regex', { column: 'code', regex: 'D' })).rows, [0, 1, 4]);
      assert.deepEqual((await counts('expect_column_values_to_not_match_regex', { column: 'code', regex: '^AB' })).rows, [0, 1]);
      assert.deepEqual((await counts('expect_column_values_to_match_regex_list', { column: 'code', regex_list: ['^AB', '^CD'] })).rows, [4]);
      assert.deepEqual((await counts('expect_column_values_to_match_regex_list', { column: 'code', regex_list: ['^AB', '1$'], match_on: 'all' })).rows, [1, 2, 3, 4]);
      assert.deepEqual((await counts('expect_column_values_to_not_match_regex_list', { column: 'code', regex_list: ['^AB', '^EF'] })).rows, [0, 1, 4]);
    });
    it('like patterns and their lists', async () => {
      assert.deepEqual((await counts('expect_column_values_to_match_like_pattern', { column: 'code', like_pattern: 'AB-%' })).rows, [2, 3, 4]);
      assert.deepEqual((await counts('expect_column_values_to_not_match_like_pattern', { column: 'code', like_pattern: '%-_' })).rows, [0, 1, 2, 4]);
      assert.deepEqual((await counts('expect_column_values_to_match_like_pattern_list', { column: 'code', like_pattern_list: ['AB%', 'EF%'] })).rows, [2, 3]);
      assert.deepEqual((await counts('expect_column_values_to_not_match_like_pattern_list', { column: 'code', like_pattern_list: ['AB%', 'EF%'] })).rows, [0, 1, 4]);
    });
    it('value lengths between and equal (nulls skipped)', async () => {
      assert.deepEqual((await counts('expect_column_value_lengths_to_be_between', { column: 'name', min_value: 4, max_value: 5 })).rows, [1, 4]);
      assert.deepEqual((await counts('expect_column_value_lengths_to_equal', { column: 'code', value: 4 })).rows, [3]);
    });
    it('increasing and decreasing, strictly or not, skipping nulls', async () => {
      assert.equal((await counts('expect_column_values_to_be_increasing', { column: 'c' })).success, true);
      assert.deepEqual((await counts('expect_column_values_to_be_increasing', { column: 'name' })).rows, [4]);
      assert.deepEqual((await counts('expect_column_values_to_be_decreasing', { column: 'a' })).rows, []);
      assert.deepEqual((await counts('expect_column_values_to_be_increasing', { column: 'day', strictly: true })).success, true);
      assert.deepEqual((await counts('expect_column_values_to_be_decreasing', { column: 'a', strictly: true })).success, true);
      assert.deepEqual((await counts('expect_column_values_to_be_increasing', { column: 'a' })).rows, [1, 2, 4]);
    });
    it('dateutil parseable, strftime format and JSON parseable', async () => {
      assert.deepEqual((await counts('expect_column_values_to_be_dateutil_parseable', { column: 'when' })).rows, [2]);
      assert.deepEqual((await counts('expect_column_values_to_match_strftime_format', { column: 'when', strftime_format: '%Y-%m-%d' })).rows, [0, 2, 4]);
      assert.deepEqual((await counts('expect_column_values_to_be_json_parseable', { column: 'json' })).rows, [2]);
    });
    it('z-scores less than a threshold, one- or double-sided', async () => {
      assert.deepEqual((await counts('expect_column_value_z_scores_to_be_less_than', { column: 'score', threshold: 1.5, double_sided: true })).rows, [4]);
      assert.deepEqual((await counts('expect_column_value_z_scores_to_be_less_than', { column: 'score', threshold: -0.45, double_sided: false })).rows, [2, 3, 4]);
    });
    it('an empty table passes every column-map expectation (nothing to check)', async () => {
      const r = await counts('expect_column_values_to_not_be_null', { column: 'amount' }, 'empty.csv');
      assert.deepEqual([r.success, r.element, r.unexpected], [true, 0, 0]);
      assert.equal((await counts('expect_column_values_to_be_between', { column: 'amount', min_value: 0 }, 'empty.csv')).success, true);
    });
  });

  describe('large value sets', () => {
    it('a set of more than 10,000 values (read once into a table) gives the answers of the same set written small', async () => {
      const padding = Array.from({ length: 10_001 }, (_, i) => `v${i}`);
      const odd = ["x'; DROP TABLE __source; --", '$$', '__source', 'a"b'];
      const big = ['alice', 'bob', ...odd, ...padding];
      for (const type of ['expect_column_values_to_be_in_set', 'expect_column_values_to_not_be_in_set', 'expect_column_distinct_values_to_be_in_set', 'expect_column_distinct_values_to_contain_set']) {
        const large = await run(type, { column: 'name', value_set: big }, { format: 'SUMMARY' });
        const small = await run(type, { column: 'name', value_set: ['alice', 'bob', ...odd] }, { format: 'SUMMARY' });
        assert.equal(large.exception_info.raised_exception, false, large.exception_info.exception_message ?? '');
        if (type === 'expect_column_distinct_values_to_contain_set') {
          assert.equal(large.success, false);
          continue;
        }
        assert.deepEqual([large.success, large.result.unexpected_count, large.result.partial_unexpected_list, large.result.observed_value], [small.success, small.result.unexpected_count, small.result.partial_unexpected_list, small.result.observed_value], type);
      }
    });
  });

  describe('result formats', () => {
    it('BOOLEAN_ONLY has no result; BASIC lists 20 values and no rows; SUMMARY the first 20 rows and counts; COMPLETE every row', async () => {
      const kwargs = { column: 'v', min_value: 0 };
      const boolean = await run('expect_column_values_to_be_between', kwargs, { file: 'many.csv', format: 'BOOLEAN_ONLY' });
      assert.deepEqual([boolean.success, boolean.result], [false, {}]);
      const basic = await run('expect_column_values_to_be_between', kwargs, { file: 'many.csv', format: 'BASIC' });
      assert.deepEqual([basic.result.unexpected_count, basic.result.partial_unexpected_list?.length, basic.result.unexpected_index_list, basic.result.partial_unexpected_index_list], [30, 20, undefined, undefined]);
      const summary = await run('expect_column_values_to_be_between', kwargs, { file: 'many.csv', format: 'SUMMARY' });
      assert.deepEqual(summary.result.partial_unexpected_index_list, Array.from({ length: 20 }, (_, i) => i));
      assert.equal(summary.result.partial_unexpected_counts?.length, 20);
      const complete = await run('expect_column_values_to_be_between', kwargs, { file: 'many.csv', format: 'COMPLETE' });
      assert.deepEqual([complete.result.unexpected_index_list?.length, complete.result.unexpected_list?.at(-1)], [30, -30]);
    });
    it('SUMMARY counts the unexpected values as COMPLETE does (most frequent first, ties by value), numbers and text alike', async () => {
      for (const [type, kwargs] of [['expect_column_values_to_be_between', { column: 'v', min_value: 0 }], ['expect_column_values_to_be_in_set', { column: 's', value_set: ['ok'] }]] as const) {
        const summary = await run(type, kwargs, { file: 'repeated.csv', format: 'SUMMARY' });
        const complete = await run(type, kwargs, { file: 'repeated.csv', format: 'COMPLETE' });
        assert.equal(summary.result.unexpected_count, 60);
        assert.deepEqual(summary.result.partial_unexpected_counts, complete.result.partial_unexpected_counts);
        assert.deepEqual(summary.result.partial_unexpected_list, complete.result.unexpected_list?.slice(0, 20));
        assert.deepEqual(summary.result.partial_unexpected_index_list, Array.from({ length: 20 }, (_, i) => i));
        // 60 values in 25 kinds: ten of them three times, the others twice; the ties by value.
        assert.deepEqual(summary.result.partial_unexpected_counts?.slice(0, 2).map((c) => c.count), [3, 3]);
      }
    });
    it('SUMMARY counts the values the shared pass kept as the grouping read does: dates, numbers beside NaN, more than it keeps (#84)', async () => {
      const both = async (file: string, kwargs: Record<string, unknown>, options: { missingValues?: 'empty'; limits?: { unexpected: number } } = {}) => {
        const [summary, complete] = await Promise.all((['SUMMARY', 'COMPLETE'] as const).map(async (resultFormat) => (await validateData(path.join(tree.root, file), suiteOf('expect_column_values_to_be_between', kwargs), { resultFormat, ...options })).results[0]));
        assert.equal(summary.exception_info.raised_exception, false, summary.exception_info.exception_message ?? '');
        assert.deepEqual(summary.result.partial_unexpected_counts, valueCountsOf(complete.result.unexpected_list ?? []));
        return summary.result;
      };
      const dates = await both('folded.csv', { column: 'd', min_value: '2024-01-01' });
      assert.deepEqual([dates.unexpected_count, dates.partial_unexpected_counts?.slice(0, 3)], [45, [{ value: '2023-01-01', count: 2 }, { value: '2023-02-02', count: 2 }, { value: '2023-03-03', count: 2 }]]);
      const nan = await both('folded.csv', { column: 'x', min_value: 0, max_value: 10 }, { missingValues: 'empty' });
      assert.deepEqual([nan.unexpected_count, nan.partial_unexpected_counts?.slice(0, 2)], [39, [{ value: Number.NaN, count: 9 }, { value: -2, count: 7 }]]);
      const integers = await both('folded.csv', { column: 'n', min_value: 0, strict_min: true });
      assert.deepEqual([integers.unexpected_count, integers.partial_unexpected_counts], [45, [{ value: -2, count: 15 }, { value: -1, count: 15 }, { value: 0, count: 15 }]]);
      // More failing expectations than the pass keeps values for (16 a run): the others count by the grouping read.
      const suite: Suite = { ...suiteOf('expect_column_values_to_be_between', {}), expectations: Array.from({ length: 20 }, (_, i) => ({ ...suiteOf('expect_column_values_to_be_between', { column: 'n', min_value: i % 2, strict_min: true }).expectations[0], index: i })) };
      const [summary, complete] = await Promise.all((['SUMMARY', 'COMPLETE'] as const).map((resultFormat) => validateData(path.join(tree.root, 'folded.csv'), suite, { resultFormat })));
      assert.deepEqual(summary.results.map((r) => r.result.partial_unexpected_counts), complete.results.map((r) => valueCountsOf(r.result.unexpected_list ?? [])));
      assert.deepEqual(summary.results.slice(-2).map((r) => r.result.partial_unexpected_counts?.length), [3, 3]);
      const wide = await both('wide.csv', { column: 'n', min_value: 0 }, { limits: { unexpected: 20_000 } });
      assert.deepEqual([wide.unexpected_count, wide.partial_unexpected_counts?.slice(0, 2)], [10_003, [{ value: -7, count: 1_429 }, { value: -6, count: 1_429 }]]);
    });
    it('an expectation\'s own result_format wins over the run\'s', async () => {
      const r = await run('expect_column_values_to_be_between', { column: 'v', min_value: 0, result_format: { result_format: 'BASIC', partial_unexpected_count: 3 } }, { file: 'many.csv' });
      assert.deepEqual([r.result.partial_unexpected_list, r.result.unexpected_index_list], [[-1, -2, -3], undefined]);
    });
  });

  describe('pandas\' reading of a CSV (missing values pandas)', () => {
    it("keeps a column named NA, null or None (GX's positive_case_all_null_values)", async () => {
      assert.deepEqual(await counts('expect_column_values_to_be_unique', { column: 'null' }, 'na-names.csv'), { success: true, element: 4, unexpected: 0, rows: [], values: [] });
      assert.equal((await observed('expect_table_columns_to_match_ordered_list', { column_list: ['a', 'unique', 'null', 'NA', 'None'] }, 'na-names.csv')).success, true);
    });

    it('reads an integer column holding a missing cell as float64, as pandas does', async () => {
      assert.deepEqual(await observed('expect_column_values_to_be_of_type', { column: 'NA', type_: 'float64' }, 'na-names.csv'), { success: true, value: 'DOUBLE' });
      assert.deepEqual(await observed('expect_column_max_to_be_between', { column: 'NA', max_value: 4 }, 'na-names.csv'), { success: true, value: 4 });
      assert.deepEqual(await observed('expect_column_values_to_be_of_type', { column: 'a', type_: 'float64' }, 'na-names.csv'), { success: true, value: 'DOUBLE' });
      // Without a missing cell, an integer column stays int64.
      assert.deepEqual(await observed('expect_column_values_to_be_of_type', { column: 'id', type_: 'int64' }), { success: true, value: 'BIGINT' });
    });

    it('finds the missing cell in the shared pass, also when its first statement fails or when there is no pass (#84)', async () => {
      const suite = (...expectations: [string, Record<string, unknown>][]): Suite => ({
        name: 't', shape: '1.x', problems: [],
        expectations: expectations.map(([type, kwargs], index) => ({ index, type, kwargs, kwargSpans: new Map(), span: { start: 0, end: 0 }, typeSpan: { start: 0, end: 0 } })),
      });
      const file = path.join(tree.root, 'na-names.csv');
      // A regex DuckDB refuses fails the pass's first statement; its halves carry the question.
      const split = await validateData(file, suite(
        ['expect_column_values_to_match_regex', { column: 'None', regex: '(' }],
        ['expect_column_max_to_be_between', { column: 'NA', max_value: 4 }],
        ['expect_column_values_to_be_of_type', { column: 'a', type_: 'float64' }],
      ), { resultFormat: 'SUMMARY' });
      assert.equal(split.results[0].exception_info.raised_exception, true);
      assert.deepEqual(split.results.slice(1).map((r) => [r.success, r.result.observed_value]), [[true, 4], [true, 'DOUBLE']]);
      // No aggregate at all: the row count asks it.
      const none = await validateData(file, suite(['expect_table_row_count_to_equal', { value: 4 }], ['expect_column_values_to_be_of_type', { column: 'NA', type_: 'float64' }]), { resultFormat: 'SUMMARY' });
      assert.deepEqual(none.results.map((r) => [r.success, r.result.observed_value]), [[true, 4], [true, 'DOUBLE']]);
    });
  });

  describe('column aggregates: one observed value, nulls left out', () => {
    it('min, max (numbers and dates), mean, median, stdev, sum', async () => {
      assert.deepEqual(await observed('expect_column_min_to_be_between', { column: 'amount', min_value: 10 }), { success: true, value: 10 });
      assert.deepEqual(await observed('expect_column_max_to_be_between', { column: 'amount', max_value: 50, strict_max: true }), { success: false, value: 50 });
      assert.deepEqual(await observed('expect_column_max_to_be_between', { column: 'day', max_value: '2024-01-04' }), { success: true, value: '2024-01-04' });
      assert.deepEqual(await observed('expect_column_mean_to_be_between', { column: 'amount', min_value: 27.5, max_value: 27.5 }), { success: true, value: 27.5 });
      assert.deepEqual(await observed('expect_column_median_to_be_between', { column: 'amount', min_value: 25, max_value: 25 }), { success: true, value: 25 });
      const stdev = await observed('expect_column_stdev_to_be_between', { column: 'c', min_value: 1.29, max_value: 1.30 });
      assert.equal(stdev.success, true);
      assert.deepEqual(await observed('expect_column_sum_to_be_between', { column: 'amount', min_value: 110, max_value: 110 }), { success: true, value: 110 });
    });
    it('an empty column has no observed value: the expectation fails', async () => {
      assert.deepEqual(await observed('expect_column_mean_to_be_between', { column: 'amount', min_value: 0 }, 'empty.csv'), { success: false, value: null });
    });
    it('quantiles, each in its range', async () => {
      const r = await observed('expect_column_quantile_values_to_be_between', { column: 'c', quantile_ranges: { quantiles: [0, 0.5, 1], value_ranges: [[1, 1], [2, 3], [4, 5]] } });
      assert.equal(r.success, true);
      assert.deepEqual((r.value as { values: number[] }).values.length, 3);
      assert.equal((await observed('expect_column_quantile_values_to_be_between', { column: 'c', quantile_ranges: { quantiles: [1], value_ranges: [[null, 3]] } })).success, false);
    });
    it('unique value count and proportion of unique values (over the non-null values)', async () => {
      assert.deepEqual(await observed('expect_column_unique_value_count_to_be_between', { column: 'name', min_value: 3, max_value: 3 }), { success: true, value: 3 });
      assert.deepEqual(await observed('expect_column_proportion_of_unique_values_to_be_between', { column: 'name', min_value: 0.75, max_value: 0.75 }), { success: true, value: 0.75 });
    });
    it('distinct values in, containing, equal to a set', async () => {
      assert.deepEqual(await observed('expect_column_distinct_values_to_be_in_set', { column: 'name', value_set: ['alice', 'bob', 'dave', 'eve'] }), { success: true, value: ['alice', 'bob', 'dave'] });
      assert.equal((await observed('expect_column_distinct_values_to_be_in_set', { column: 'name', value_set: ['alice', 'bob'] })).success, false);
      assert.equal((await observed('expect_column_distinct_values_to_contain_set', { column: 'name', value_set: ['alice', 'bob'] })).success, true);
      assert.equal((await observed('expect_column_distinct_values_to_contain_set', { column: 'name', value_set: ['alice', 'eve'] })).success, false);
      assert.equal((await observed('expect_column_distinct_values_to_equal_set', { column: 'name', value_set: ['alice', 'bob', 'dave'] })).success, true);
      assert.equal((await observed('expect_column_distinct_values_to_equal_set', { column: 'name', value_set: ['alice', 'bob'] })).success, false);
    });
    it('most common value in a set; a tie fails unless ties_okay, with which one of the tied values in the set is enough (GX)', async () => {
      assert.deepEqual(await observed('expect_column_most_common_value_to_be_in_set', { column: 'name', value_set: ['bob'] }), { success: true, value: ['bob'] });
      assert.deepEqual(await observed('expect_column_most_common_value_to_be_in_set', { column: 'v', value_set: ['a', 'b'] }, 'ties.csv'), { success: false, value: ['a', 'b'] });
      assert.equal((await observed('expect_column_most_common_value_to_be_in_set', { column: 'v', value_set: ['a', 'b'], ties_okay: true }, 'ties.csv')).success, true);
      assert.equal((await observed('expect_column_most_common_value_to_be_in_set', { column: 'v', value_set: ['a'], ties_okay: true }, 'ties.csv')).success, true);
      assert.equal((await observed('expect_column_most_common_value_to_be_in_set', { column: 'v', value_set: ['c'], ties_okay: true }, 'ties.csv')).success, false);
    });
    it('of type and in type list, by pandas, Python or SQL names', async () => {
      // amount holds a missing cell: pandas reads the integers as float64 (NaN is a float), and so does Archipel.
      assert.deepEqual(await observed('expect_column_values_to_be_of_type', { column: 'amount', type_: 'float64' }), { success: true, value: 'DOUBLE' });
      assert.equal((await observed('expect_column_values_to_be_of_type', { column: 'amount', type_: 'int64' })).success, false);
      assert.deepEqual(await observed('expect_column_values_to_be_of_type', { column: 'id', type_: 'int64' }), { success: true, value: 'BIGINT' });
      assert.equal((await observed('expect_column_values_to_be_of_type', { column: 'name', type_: 'str' })).success, true);
      assert.equal((await observed('expect_column_values_to_be_of_type', { column: 'name', type_: 'float' })).success, false);
      assert.equal((await observed('expect_column_values_to_be_in_type_list', { column: 'day', type_list: ['int', 'DATE'] })).success, true);
    });
  });

  describe('column pairs and multicolumn', () => {
    it('A greater than B: rows where both are missing are ignored, one missing is unexpected', async () => {
      assert.deepEqual(await counts('expect_column_pair_values_A_to_be_greater_than_B', { column_A: 'a', column_B: 'b' }), { success: false, element: 5, unexpected: 3, rows: [1, 2, 4], values: [['4.0', '4.0'], ['3.0', null], ['1.0', '2.0']] });
      assert.deepEqual((await counts('expect_column_pair_values_A_to_be_greater_than_B', { column_A: 'a', column_B: 'b', or_equal: true, ignore_row_if: 'either_value_is_missing' })).rows, [4]);
    });
    it('pair equal and pair in set', async () => {
      assert.deepEqual((await counts('expect_column_pair_values_to_be_equal', { column_A: 'a', column_B: 'b', ignore_row_if: 'either_value_is_missing' })).rows, [0, 4]);
      assert.deepEqual((await counts('expect_column_pair_values_to_be_in_set', { column_A: 'a', column_B: 'b', value_pairs_set: [[5, 3], [4, 4]], ignore_row_if: 'either_value_is_missing' })).rows, [4]);
    });
    it('compound columns unique, multicolumn sum, unique within record', async () => {
      assert.deepEqual((await counts('expect_compound_columns_to_be_unique', { column_list: ['name', 'b'] })).rows, []);
      assert.deepEqual((await counts('expect_compound_columns_to_be_unique', { column_list: ['name', 'code'] })).success, true);
      assert.deepEqual((await counts('expect_multicolumn_sum_to_equal', { column_list: ['a', 'c'], sum_total: 6, ignore_row_if: 'any_value_is_missing' })).rows, []);
      assert.deepEqual((await counts('expect_multicolumn_sum_to_equal', { column_list: ['a', 'c'], sum_total: 6 })).rows, [3, 4]);
      assert.deepEqual((await counts('expect_select_column_values_to_be_unique_within_record', { column_list: ['a', 'b', 'c'] })).rows, [1, 2]);
    });
  });

  describe('table level', () => {
    it('row count between and equal; column count between and equal', async () => {
      assert.deepEqual(await observed('expect_table_row_count_to_be_between', { min_value: 1, max_value: 5 }), { success: true, value: 5 });
      assert.equal((await observed('expect_table_row_count_to_be_between', { max_value: 5, strict_max: true })).success, false);
      assert.deepEqual(await observed('expect_table_row_count_to_equal', { value: 0 }, 'empty.csv'), { success: true, value: 0 });
      assert.deepEqual(await observed('expect_table_column_count_to_equal', { value: 11 }), { success: true, value: 11 });
      assert.equal((await observed('expect_table_column_count_to_be_between', { min_value: 12 })).success, false);
    });
    it('columns to match a set (exactly or not) and an ordered list; a column to exist', async () => {
      assert.equal((await observed('expect_table_columns_to_match_set', { column_set: ['id', 'amount'] }, 'empty.csv')).success, true);
      assert.equal((await observed('expect_table_columns_to_match_set', { column_set: ['id'] }, 'empty.csv')).success, false);
      assert.equal((await observed('expect_table_columns_to_match_set', { column_set: ['id'], exact_match: false }, 'empty.csv')).success, true);
      assert.equal((await observed('expect_table_columns_to_match_ordered_list', { column_list: ['amount', 'id'] }, 'empty.csv')).success, false);
      assert.equal((await observed('expect_table_columns_to_match_ordered_list', { column_list: ['id', 'amount'] }, 'empty.csv')).success, true);
      assert.equal((await run('expect_column_to_exist', { column: 'amount', column_index: 1 }, { file: 'empty.csv' })).success, true);
      assert.equal((await run('expect_column_to_exist', { column: 'amount', column_index: 0 }, { file: 'empty.csv' })).success, false);
      assert.equal((await run('expect_column_to_exist', { column: 'nope' }, { file: 'empty.csv' })).success, false);
    });
  });

  it('a cancelled run stops with "validation cancelled", not with a partial verdict', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(validateData(path.join(tree.root, 'data.csv'), suiteOf('expect_column_values_to_not_be_null', { column: 'id' }), { signal: controller.signal }), /validation cancelled/);
  });

  describe('what is not run is never a pass', () => {
    it('an unknown type, an unknown column and row_condition are exceptions', async () => {
      for (const [type, kwargs] of [['expect_column_values_to_be_awesome', { column: 'id' }], ['expect_column_values_to_not_be_null', { column: 'nope' }], ['expect_column_values_to_not_be_null', { column: 'id', row_condition: 'id>1' }]] as const) {
        const r = await run(type, kwargs);
        assert.deepEqual([r.success, r.exception_info.raised_exception], [false, true], type);
      }
    });
    it('every expectation of the catalogue is run by the engine (none falls to "not supported")', async () => {
      for (const spec of EXPECTATIONS) {
        const r = await run(spec.type, {});
        assert.doesNotMatch(r.exception_info.exception_message ?? '', /not supported/, spec.type);
      }
    });
  });
});
