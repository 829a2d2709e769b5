// `archipel validate` on the example's prices (issue #29): its suite passes; a planted defect (a
// negative volume, a missing date) fails naming the expectation, the count and the row numbers;
// the JSON is GX's validation result; Parquet is read as CSV is.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { plantDefects } from '../../plantedPrices';
import { makeTree } from '../../tempdir';

const example = path.join(repoRoot, 'examples', 'portfolio');

describe('CLI: archipel validate', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
    copyFileSync(path.join(example, 'prediction', 'prices.csv'), path.join(tree.root, 'prices.csv'));
    copyFileSync(path.join(example, 'quality', 'prices.expectations.yaml'), path.join(tree.root, 'prices.expectations.yaml'));
  });
  afterEach(() => tree.remove());

  it('the example\'s prices meet their suite: exit 0', async () => {
    const { code, out } = await runCli(['validate', 'prices.csv', '--suite', 'prices.expectations.yaml'], tree.root);
    assert.equal(code, 0, out);
    assert.match(out, /11 of 11 expectations met \(360 rows\)/);
  });

  it('a negative volume and a missing date fail with the expectation, the count and the rows: exit 1', async () => {
    writeFileSync(path.join(tree.root, 'bad.csv'), plantDefects(readFileSync(path.join(tree.root, 'prices.csv'), 'utf8')));
    const { code, out } = await runCli(['validate', 'bad.csv', '--suite', 'prices.expectations.yaml'], tree.root);
    assert.equal(code, 1);
    assert.match(out, /9 of 11 expectations met/);
    assert.ok(out.includes('✗ expect_column_values_to_not_be_null (Date): 1 unexpected of 360 (0.28%); rows 10 (line 12); values null'), out);
    assert.ok(out.includes('✗ expect_column_values_to_be_between (Volume): 1 unexpected of 360 (0.28%); rows 5 (line 7); values -5000'), out);
  });

  it('--format json is GX\'s validation result', async () => {
    writeFileSync(path.join(tree.root, 'bad.csv'), plantDefects(readFileSync(path.join(tree.root, 'prices.csv'), 'utf8')));
    const { code, out } = await runCli(['validate', 'bad.csv', '--suite', 'prices.expectations.yaml', '--format', 'json'], tree.root);
    assert.equal(code, 1);
    const json = JSON.parse(out) as { success: boolean; statistics: Record<string, number>; results: { success: boolean; expectation_config: { expectation_type: string; kwargs: Record<string, unknown> }; result: Record<string, unknown> }[] };
    assert.deepEqual(Object.keys(json).slice(0, 3), ['success', 'statistics', 'results']);
    assert.equal(json.success, false);
    assert.deepEqual(json.statistics, { evaluated_expectations: 11, successful_expectations: 9, unsuccessful_expectations: 2, success_percent: (9 / 11) * 100 });
    const volume = json.results.find((r) => r.expectation_config.kwargs.column === 'Volume')!;
    assert.equal(volume.expectation_config.expectation_type, 'expect_column_values_to_be_between');
    assert.deepEqual(
      [volume.success, volume.result.element_count, volume.result.unexpected_count, volume.result.partial_unexpected_list, volume.result.unexpected_index_list],
      [false, 360, 1, [-5000], [5]],
    );
    assert.equal(volume.result.unexpected_percent, 100 / 360);
  });

  it('reads Parquet: the same suite on the same rows gives the same verdicts', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    writeFileSync(path.join(tree.root, 'bad.csv'), plantDefects(readFileSync(path.join(tree.root, 'prices.csv'), 'utf8')));
    await connection.run(`COPY (SELECT * FROM read_csv('${path.join(tree.root, 'bad.csv')}')) TO '${path.join(tree.root, 'bad.parquet')}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const { code, out } = await runCli(['validate', 'bad.parquet', '--suite', 'prices.expectations.yaml', '--result-format', 'summary'], tree.root);
    assert.equal(code, 1);
    assert.ok(out.includes('✗ expect_column_values_to_be_between (Volume): 1 unexpected of 360 (0.28%); rows 5; values -5000'), out);
  });

  it('the suite\'s data: key names the file when none is given; usage errors exit 2', async () => {
    writeFileSync(path.join(tree.root, 'bound.expectations.yaml'), 'name: p\ndata: prices.csv\nexpectations:\n  - type: expect_table_row_count_to_equal\n    kwargs: {value: 360}\n');
    assert.equal((await runCli(['validate', '--suite', 'bound.expectations.yaml'], tree.root)).code, 0);
    assert.equal((await runCli(['validate', 'prices.csv'], tree.root)).code, 2);
    assert.equal((await runCli(['validate', 'prices.csv', '--suite', 'prices.expectations.yaml', '--result-format', 'ALL'], tree.root)).code, 2);
    const missing = await runCli(['validate', 'nope.csv', '--suite', 'prices.expectations.yaml'], tree.root);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.csv/);
  });

  it('each unexpected value once with its count; --run-time data: the JSON is the same when nothing changed, with GX\'s run_id and validation_time (#41)', async () => {
    writeFileSync(path.join(tree.root, 'rep.csv'), 'k\nx\nx\ny\nx\nok\n');
    writeFileSync(path.join(tree.root, 'rep.expectations.json'), JSON.stringify({ name: 'r', expectations: [{ type: 'expect_column_values_to_be_in_set', kwargs: { column: 'k', value_set: ['ok'] } }] }));
    const text = await runCli(['validate', 'rep.csv', '--suite', 'rep.expectations.json'], tree.root);
    assert.ok(text.out.includes('values x (×3), y'), text.out);
    const args = ['validate', 'rep.csv', '--suite', 'rep.expectations.json', '--format', 'json', '--run-time', 'data', '--run-name', 'nightly'];
    const first = await runCli(args, tree.root);
    const second = await runCli(args, tree.root);
    assert.equal(first.out, second.out);
    // Written a result at a time, the text is JSON.stringify's.
    assert.equal(first.out.trim(), JSON.stringify(JSON.parse(first.out), null, 2));
    const meta = (JSON.parse(first.out) as { meta: Record<string, unknown> }).meta;
    assert.deepEqual(meta.run_id, { run_name: 'nightly', run_time: meta.validation_time });
    assert.equal(meta.ms, undefined);
  });
});
