// Predictions at any size (issue #26): metrics streamed yet equal to scikit-learn's on the same rows,
// drift from bounded samples, a file grouped by ticker read in bounded memory, and rows of a ticker
// out of date order (or a date twice) refused with their lines instead of computed in file order.
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PendingOverflow, readFeatureRows, withTickerEnds, type FeatureRow } from '../../../src/engines/predict/features';
import { predictFile } from '../../../src/engines/predict/run';
import { csvCell } from '../../../src/engines/predict/writer';
import { Reservoir } from '../../../src/predict/drift';
import { MetricsStream, NumpySum, rocAuc, rocCurve } from '../../../src/predict/metrics';
import { OHLCV22_FEATURES } from '../../../src/predict/ohlcv22';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const example = path.join(repoRoot, 'examples', 'portfolio', 'prediction');
const recipe = { recipe: 'ohlcv-22' as const, features: OHLCV22_FEATURES };

describe('predict at scale: metrics, drift, order', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
  });
  afterEach(() => tree.remove());

  it('metrics of a 3,000-row slice equal scikit-learn\'s: accuracy, F1 and log loss exactly, ROC AUC within 1e-9', async () => {
    // slice-sklearn.json: scripts/predict/sklearn_metrics.py on this run's predictions CSV (its docstring says how).
    const sk = JSON.parse(readFileSync(path.join(fixturesDir, 'predict', 'slice-sklearn.json'), 'utf8')) as {
      rows: number; accuracy: number; f1: number[]; precision: number[]; recall: number[]; support: number[]; macro_f1: number; roc_auc: number; log_loss: number; confusion: number[][];
    };
    const input = path.join(tree.root, 'slice.csv');
    copyFileSync(path.join(fixturesDir, 'predict', 'slice.csv'), input);
    const r = await predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22' });
    const m = r.metrics!;
    assert.equal(m.confusion.flat().reduce((a, b) => a + b, 0), sk.rows);
    assert.deepEqual(m.confusion, sk.confusion);
    assert.equal(m.accuracy, sk.accuracy);
    ['DOWN', 'UP'].forEach((label, k) => {
      assert.equal(m.perClass[label].precision, sk.precision[k]);
      assert.equal(m.perClass[label].recall, sk.recall[k]);
      assert.equal(m.perClass[label].f1, sk.f1[k]);
      assert.equal(m.perClass[label].support, sk.support[k]);
    });
    assert.equal(m.macro.f1, sk.macro_f1);
    assert.equal(m.logLoss, sk.log_loss);
    assert.ok(Math.abs(m.rocAuc! - sk.roc_auc) <= 1e-9, `${m.rocAuc} vs ${sk.roc_auc}`);
  });

  it('a shuffled file is refused with the first offending lines, and leaves no file (was DOWN 242 / UP 20 instead of 116 / 146)', async () => {
    const [header, ...rows] = readFileSync(path.join(example, 'prices.csv'), 'utf8').trimEnd().split('\n');
    // A fixed permutation: row i goes to (i × 7) mod n (n = 360 is not a multiple of 7).
    const shuffled = rows.map((_, i) => rows[(i * 7) % rows.length]);
    const input = path.join(tree.root, 'prices.csv');
    writeFileSync(input, [header, ...shuffled].join('\n') + '\n');
    await assert.rejects(predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22' }), (error: Error) => {
      assert.equal(error.name, 'OrderError');
      assert.match(error.message, /^rows of ticker "(ACME|GLOBEX)" are not in date order: line \d+ \("[-0-9]+"\) comes after line \d+ \("[-0-9]+"\); the ohlcv-22 recipe computes each ticker's rows in date order \(sort the file by Ticker, then Date\)$/);
      return true;
    });
    assert.deepEqual(readdirSync(tree.root), ['prices.csv']);
  });

  it('a date repeated for a ticker is refused naming both lines', async () => {
    const lines = readFileSync(path.join(example, 'prices.csv'), 'utf8').trimEnd().split('\n');
    const input = path.join(tree.root, 'prices.csv');
    // Line 101 repeated right after itself: lines 101 and 102 of the new file.
    writeFileSync(input, [...lines.slice(0, 101), lines[100], ...lines.slice(101)].join('\n') + '\n');
    const ticker = lines[100].split(',')[1];
    await assert.rejects(predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22' }),
      new RegExp(`^OrderError: ticker "${ticker}" has the date "${lines[100].split(',')[0]}" twice: lines 101 and 102; `));
    assert.deepEqual(readdirSync(tree.root), ['prices.csv']);
  });

  it('a file grouped by ticker: past the pending bound, read again knowing each ticker\'s end, same rows and targets', async () => {
    // The example's rows regrouped: every ACME row, then every GLOBEX row.
    const [header, ...rows] = readFileSync(path.join(example, 'prices.csv'), 'utf8').trimEnd().split('\n');
    const grouped = [...rows.filter((l) => l.includes(',ACME,')), ...rows.filter((l) => !l.includes(',ACME,'))];
    const input = path.join(tree.root, 'grouped.csv');
    writeFileSync(input, [header, ...grouped].join('\n') + '\n');
    const key = (row: FeatureRow) => `${row.line} ${row.ticker} ${row.date} ${row.target}`;
    const unbounded: string[] = [];
    await readFeatureRows(input, recipe, (row) => void unbounded.push(key(row)));
    await assert.rejects(readFeatureRows(input, recipe, () => undefined, { maxPending: 20 }), PendingOverflow);
    let attempts = 0;
    const bounded = await withTickerEnds(input, recipe, async (ends) => {
      attempts++;
      const out: string[] = [];
      await readFeatureRows(input, recipe, (row) => void out.push(key(row)), { maxPending: 20, ...(ends ? { ends } : {}) });
      return out;
    });
    assert.equal(attempts, 2);
    assert.deepEqual(bounded, unbounded);
    // Each ticker's last row has no target; every other row has one.
    assert.equal(bounded.filter((k) => k.endsWith(' NaN')).length, 2);
  });

  it('log loss is summed as NumPy sums (blocks of 8,192, pairwise inside): bit-identical at any length', () => {
    // NumPy 1.24.2's a.sum() for a[i] = ((i × 7919) mod 10007) / 10007 × 1.37 (and, for 100,003
    // values, math.fsum's 68495.46025781953: a correctly rounded sum is not NumPy's).
    const numpy: [number, number][] = [[7, 4.9570260817427805], [100, 68.72329069651245], [8192, 5611.698249225543], [20000, 13698.755130408716], [100003, 68495.46025781952]];
    for (const [n, expected] of numpy) {
      const s = new NumpySum();
      for (let i = 0; i < n; i++) s.add((((i * 7919) % 10007) / 10007) * 1.37);
      assert.equal(s.value(), expected, `n = ${n}`);
    }
  });

  it('a metrics stream over several chunks (sorted in place, merged while walked) answers the one-array AUC and curve', () => {
    const single = new MetricsStream(['n', 'p'], { single: true });
    const double = new MetricsStream(['n', 'p']);
    const row = new Float32Array(2);
    const ys: number[] = [];
    const scores: number[] = [];
    for (let i = 0; i < 150_000; i++) {
      row[1] = ((i * 7919) % 100_003) / 100_003;
      row[0] = 1 - row[1];
      const y = (i * 31) % 7 < 3 ? 1 : 0;
      single.add(y, row[1] >= 0.5 ? 1 : 0, row);
      double.add(y, row[1] >= 0.5 ? 1 : 0, row);
      ys.push(y);
      scores.push(row[1]);
    }
    const a = single.result({ rocPoints: 100 })!;
    assert.deepEqual(a, double.result({ rocPoints: 100 }));
    assert.equal(a.rocAuc, rocAuc(ys, scores));
    assert.deepEqual(a.roc, rocCurve(ys, scores, 100));
  });

  it('drift samples: every row up to the capacity, a uniform fixed-size sample beyond, the same on every run', () => {
    const small = new Reservoir(2, 10);
    for (let i = 0; i < 8; i++) small.offer([i, -i]);
    assert.deepEqual(small.columns().map((c) => [...c]), [[0, 1, 2, 3, 4, 5, 6, 7], [-0, -1, -2, -3, -4, -5, -6, -7]]);
    const sample = () => {
      const r = new Reservoir(1, 1000);
      for (let i = 0; i < 100_000; i++) r.offer([i]);
      return r.columns()[0];
    };
    const a = sample();
    assert.equal(a.length, 1000);
    assert.deepEqual(a, sample());
    // Uniform: the sample's mean is near the stream's (49,999.5; standard error ~913).
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(mean - 49_999.5) < 5 * 913, `mean ${mean}`);
  });
});

describe('predict: outputs a spreadsheet opens safely, messages of bounded size', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
  });
  afterEach(() => tree.remove());

  it('csvCell neutralises formulas (OWASP: = + - @ tab CR) but not numbers', () => {
    assert.equal(csvCell('=cmd|\' /C calc\'!A0'), '\'=cmd|\' /C calc\'!A0');
    assert.equal(csvCell('@SUM(A1)'), '\'@SUM(A1)');
    assert.equal(csvCell('+1+1'), '\'+1+1');
    assert.equal(csvCell('-cmd'), '\'-cmd');
    assert.equal(csvCell('\tx'), '\'\tx');
    assert.equal(csvCell('\rx'), '"\'\rx"');
    assert.equal(csvCell('=a,b'), '"\'=a,b"');
    for (const n of ['-0.5', '+3', '-1e-7', '2024-01-31', 'UP']) assert.equal(csvCell(n), n);
  });

  it('a ticker written as a formula goes into the predictions CSV neutralised', async () => {
    const [header, ...rows] = readFileSync(path.join(example, 'prices.csv'), 'utf8').trimEnd().split('\n');
    const input = path.join(tree.root, 'prices.csv');
    writeFileSync(input, [header, ...rows.map((l) => l.replace(',ACME,', ',=cmd|\' /C calc\'!A0,'))].join('\n') + '\n');
    const r = await predictFile({ model: path.join(example, 'model.onnx'), input, recipe: 'ohlcv-22' });
    const lines = readFileSync(r.output, 'utf8').split('\n');
    assert.ok(lines.some((l) => l.includes(',\'=cmd|\' /C calc\'!A0,')));
    assert.ok(!lines.some((l) => l.includes(',=cmd')));
  });

  it('a 500 kB header or a 50 MB line is cut in the message, its length said', async () => {
    const wide = path.join(tree.root, 'wide.csv');
    writeFileSync(wide, 'Date,' + 'x'.repeat(500_000) + '\n2024-01-01,1\n');
    await assert.rejects(predictFile({ model: path.join(example, 'model.onnx'), input: wide, recipe: 'ohlcv-22' }), (error: Error) => {
      assert.ok(error.message.length < 1000, `${error.message.length} characters`);
      assert.match(error.message, /^missing columns Open, High, Low, Close, Volume; found Date, x+… \(500006 characters\)/);
      return true;
    });
    const long = path.join(tree.root, 'long.csv');
    writeFileSync(long, 'Date,Open,High,Low,Close,Volume\n2024-01-01,' + '1'.repeat(50 * 1024 * 1024) + ',1,1,1,1\n');
    await assert.rejects(predictFile({ model: path.join(example, 'model.onnx'), input: long, recipe: 'ohlcv-22' }), (error: Error) => {
      assert.ok(error.message.length < 1000, `${error.message.length} characters`);
      assert.match(error.message, /^unreadable CSV at line 2: Max Record Size/);
      return true;
    });
    assert.deepEqual(readdirSync(tree.root).sort(), ['long.csv', 'wide.csv']);
  });
});
