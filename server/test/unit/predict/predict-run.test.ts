// One prediction run end to end on real files: the example (ohlcv-22 recipe, scikit-learn's own
// probabilities), the model's columns read by name, every CSV problem with its message while the
// rest goes on, the output never overwritten, drift, cancellation.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { predictFile, predictionsPath } from '../../../src/engines/predict/run';
import { readFeatureRows } from '../../../src/engines/predict/features';
import { OHLCV22_FEATURES } from '../../../src/predict/ohlcv22';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const example = path.join(repoRoot, 'examples', 'portfolio', 'prediction');
const models = path.join(fixturesDir, 'predict', 'models');
const expected = JSON.parse(readFileSync(path.join(models, 'expected.json'), 'utf8')) as { rows: number[][]; binary: number[][]; multiclass: number[][]; regressor: number[] };

const csvLines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('predict: a run end to end', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
  });
  afterEach(() => tree.remove());
  const file = (name: string, text?: string) => {
    const p = path.join(tree.root, name);
    if (text !== undefined) writeFileSync(p, text);
    return p;
  };

  it('the example with ohlcv-22: scikit-learn\'s probabilities to 1e-6, targets, metrics, series', async () => {
    const input = file('prices.csv');
    copyFileSync(path.join(example, 'prices.csv'), input);
    const r = await predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22' });
    assert.equal(r.output, path.join(tree.root, 'prices.predictions.csv'));
    const sk = JSON.parse(readFileSync(path.join(fixturesDir, 'predict', 'example-expected.json'), 'utf8')) as [string, string, number, number | null][];
    const [header, ...rows] = csvLines(r.output);
    assert.equal(header, 'Date,Ticker,prediction,p_DOWN,p_UP,y_true');
    assert.equal(rows.length, sk.length);
    const got = rows.map((l) => l.split(',')).sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
    got.forEach((cells, i) => {
      assert.deepEqual(cells.slice(0, 2), sk[i].slice(0, 2));
      assert.ok(Math.abs(Number(cells[4]) - sk[i][2]) < 1e-6, `${cells.join(',')} vs ${sk[i][2]}`);
      assert.equal(cells[2], Number(cells[4]) >= 0.5 ? 'UP' : 'DOWN', 'decided from the probability');
      assert.equal(cells[5], sk[i][3] === null ? '' : ['DOWN', 'UP'][sk[i][3]]);
    });
    assert.deepEqual(r.rows, { read: 360, predicted: 262, skipped: 98 });
    assert.deepEqual(r.skipped.map((s) => s.line), [2, 3]);
    assert.match(r.skipped[0].reason, /^warm-up of ticker ACME: 49 rows/);
    assert.equal(r.classes.DOWN + r.classes.UP, 262);
    assert.equal(r.metrics!.confusion.flat().reduce((a, b) => a + b, 0), 260, 'the two last rows have no target');
    assert.equal(r.series!.date.length, 262);
    // Each point's ticker, so that the dashboard draws one price line per ticker.
    assert.equal(r.series!.ticker!.length, 262);
    assert.deepEqual([...new Set(r.series!.ticker)], ['ACME', 'GLOBEX']);
    assert.equal(r.probabilityHistogram!.counts.reduce((a, b) => a + b, 0), 262);
    assert.equal(r.drift, undefined);
  });

  it('a threshold decides the binary class from the probability', async () => {
    const input = file('prices.csv');
    copyFileSync(path.join(example, 'prices.csv'), input);
    const r = await predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22', threshold: 0.9 });
    assert.deepEqual(r.classes, { DOWN: 262, UP: 0 });
  });

  it('columns by name (any order, any case, extra columns ignored), a Target column, bad cells skipped with line and column', async () => {
    const lines = ['id;DELTA;Gamma;beta;ALPHA;Target;note'];
    expected.rows.forEach((x, i) => lines.push(`${i};${x[3]};${x[2]};${x[1]};${x[0]};${i % 2 ? 'UP' : '0'};n`));
    lines.splice(4, 0, '99;1;2;abc;3;UP;n');
    const r = await predictFile({ model: path.join(models, 'binary-zipmap.onnx'), input: file('data.csv', lines.join('\r\n') + '\r\n') });
    assert.deepEqual(r.rows, { read: 51, predicted: 50, skipped: 1 });
    assert.deepEqual(r.skipped, [{ line: 5, reason: 'column beta: not a number: "abc"' }]);
    const [header, ...rows] = csvLines(r.output);
    assert.equal(header, 'prediction,p_DOWN,p_UP,y_true');
    rows.forEach((l, i) => {
      const cells = l.split(',');
      assert.ok(Math.abs(Number(cells[2]) - expected.binary[i][1]) < 1e-6);
      assert.equal(cells[3], i % 2 ? 'UP' : 'DOWN');
    });
    assert.equal(r.metrics!.confusion.flat().reduce((a, b) => a + b, 0), 50);
  });

  it('multiclass: argmax; a regressor: the value', async () => {
    const csv = ['alpha,beta,gamma,delta', ...expected.rows.map((x) => x.join(','))].join('\n');
    const m = await predictFile({ model: path.join(models, 'multiclass.onnx'), input: file('m.csv', csv) });
    const argmax = expected.multiclass.map((p) => ['low', 'mid', 'high'][p.indexOf(Math.max(...p))]);
    assert.deepEqual(csvLines(m.output).slice(1).map((l) => l.split(',')[0]), argmax);
    assert.equal(m.metrics, undefined, 'no target column');
    const reg = await predictFile({ model: path.join(models, 'regressor.onnx'), input: file('r.csv', csv) });
    assert.equal(csvLines(reg.output)[0], 'prediction');
    csvLines(reg.output).slice(1).forEach((v, i) => assert.ok(Math.abs(Number(v) - expected.regressor[i]) < 1e-5));
    assert.deepEqual(reg.classes, {});
  });

  it('never overwrites the output unless forced; a failed run leaves nothing', async () => {
    const input = file('prices.csv');
    copyFileSync(path.join(example, 'prices.csv'), input);
    const output = predictionsPath(input);
    writeFileSync(output, 'mine');
    const job = { model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22' as const };
    await assert.rejects(predictFile(job), (e: Error) => e.message === `${output} already exists: it is never overwritten (--force, or force: true, replaces it)`);
    assert.equal(readFileSync(output, 'utf8'), 'mine');
    await predictFile({ ...job, force: true });
    assert.match(readFileSync(output, 'utf8'), /^Date,Ticker,prediction/);
    await assert.rejects(predictFile({ ...job, input: file('bad.csv', 'Date,Close\n1,2\n') }), /missing columns Open, High, Low, Volume; found Date, Close/);
    assert.deepEqual(readdirSync(tree.root).sort(), ['bad.csv', 'prices.csv', 'prices.predictions.csv'], 'no temporary file left');
  });

  it('empty file, header only, NaN and empty cells: each a clear outcome', async () => {
    const model = path.join(models, 'binary.onnx');
    await assert.rejects(predictFile({ model, input: file('empty.csv', '') }), /the file is empty: expected a header line with the columns alpha, beta, gamma, delta/);
    const header = await predictFile({ model, input: file('header.csv', 'alpha,beta,gamma,delta\n') });
    assert.deepEqual(header.rows, { read: 0, predicted: 0, skipped: 0 });
    assert.deepEqual(csvLines(header.output), ['prediction,p_DOWN,p_UP']);
    const holes = await predictFile({ model, input: file('holes.csv', 'alpha,beta,gamma,delta\n1,NaN,3,4\n1,,3,4\n"1","2","3","4"\n') });
    assert.deepEqual(holes.skipped, [{ line: 2, reason: 'column beta: not a number: "NaN"' }, { line: 3, reason: 'column beta: empty cell' }]);
    assert.equal(holes.rows.predicted, 1);
  });

  it('a model whose features the recipe does not compute is refused naming them', async () => {
    await assert.rejects(predictFile({ model: path.join(models, 'binary.onnx'), input: path.join(example, 'prices.csv'), recipe: 'ohlcv-22', out: file('x.csv') }),
      /the model expects alpha, beta, gamma, delta, which recipe ohlcv-22 does not compute/);
  });

  it('drift against a reference: one entry per feature with both distributions', async () => {
    const input = file('prices.csv');
    copyFileSync(path.join(example, 'prices.csv'), input);
    const r = await predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22', reference: path.join(example, 'reference.csv') });
    assert.deepEqual(r.drift!.features.map((f) => f.feature), [...OHLCV22_FEATURES]);
    assert.ok(r.drift!.features.every((f) => f.method === 'ks' && f.histogram!.current.reduce((a, b) => a + b, 0) === 262));
    assert.equal(r.drift!.drifted, r.drift!.features.filter((f) => f.score <= 0.05).length);
  });

  it('a cancelled run stops and writes nothing', async () => {
    const input = file('prices.csv');
    copyFileSync(path.join(example, 'prices.csv'), input);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22' }, controller.signal));
    assert.deepEqual(readdirSync(tree.root), ['prices.csv']);
  });

  it('rows come out in input order per ticker, each waiting only for its ticker\'s next row', async () => {
    const out: string[] = [];
    await readFeatureRows(path.join(example, 'prices.csv'), { recipe: 'ohlcv-22', features: OHLCV22_FEATURES }, (row) => void out.push(`${row.date} ${row.ticker}`));
    const sorted = [...out].sort();
    assert.deepEqual(out, sorted);
  });
});
