// `archipel predict` and `archipel features` as a terminal runs them: the JSON contract's exact
// keys, exit codes 0 / 1 (the run failed) / 2 (usage), an existing output refused unless --force.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OHLCV22_FEATURES } from '../../../src/predict/ohlcv22';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const example = path.join(repoRoot, 'examples', 'portfolio', 'prediction');

describe('CLI: archipel predict and features', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
    for (const f of ['model.onnx', 'prices.csv', 'reference.csv']) copyFileSync(path.join(example, f), path.join(tree.root, f));
  });
  afterEach(() => tree.remove());

  it('--format json prints one object with exactly the contract\'s keys, in order', async () => {
    const { code, out } = await runCli(['predict', 'model.onnx', 'prices.csv', '--recipe', 'ohlcv-22', '--reference', 'reference.csv', '--format', 'json'], tree.root);
    assert.equal(code, 0);
    const json = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['model', 'input', 'output', 'rows', 'skipped', 'classes', 'metrics', 'drift', 'ms']);
    assert.deepEqual([json.model, json.input, json.output], ['model.onnx', 'prices.csv', 'prices.predictions.csv']);
    assert.deepEqual(json.rows, { read: 360, predicted: 262, skipped: 98 });
    assert.deepEqual(Object.keys(json.ms as object), ['read', 'features', 'inference', 'write']);
    assert.deepEqual(Object.keys(json.classes as object), ['DOWN', 'UP']);
    assert.deepEqual(Object.keys((json.skipped as object[])[0]), ['line', 'reason']);
    assert.ok(!('series' in json) && !('probabilityHistogram' in json), 'the dashboard\'s extras stay out of the CLI contract');
  });

  it('--psi measures drift by population stability index', async () => {
    const { code, out } = await runCli(['predict', 'model.onnx', 'prices.csv', '--recipe', 'ohlcv-22', '--reference', 'reference.csv', '--psi', '--format', 'json'], tree.root);
    assert.equal(code, 0);
    const drift = (JSON.parse(out) as { drift: { features: { method: string; threshold: number }[] } }).drift;
    assert.ok(drift.features.every((f) => f.method === 'psi' && f.threshold === 0.1));
  });

  it('text output names each drifted feature\'s statistic and gives a verdict: "drift: yes, KS p = …"', async () => {
    const { code, out } = await runCli(['predict', 'model.onnx', 'prices.csv', '--recipe', 'ohlcv-22', '--reference', 'reference.csv'], tree.root);
    assert.equal(code, 0);
    const lines = out.split('\n').filter((l) => /^ {2}\w+: drift: /.test(l));
    assert.ok(lines.length > 0, out);
    for (const line of lines) assert.match(line, /^ {2}\w+: drift: yes, KS p = \d\.\d+(e-\d+)? \(drift when p ≤ 0\.05\)$/);
    assert.doesNotMatch(out, /\bks \d/);
  });

  it('text output; an existing output is refused (exit 1) and kept; --force replaces it', async () => {
    const first = await runCli(['predict', 'model.onnx', 'prices.csv', '--recipe', 'ohlcv-22'], tree.root);
    assert.equal(first.code, 0);
    assert.match(first.out, /^prices\.csv: 262 of 360 rows predicted \(98 skipped\) → prices\.predictions\.csv\nclasses: DOWN \d+, UP \d+\naccuracy /);
    writeFileSync(path.join(tree.root, 'prices.predictions.csv'), 'mine');
    const again = await runCli(['predict', 'model.onnx', 'prices.csv', '--recipe', 'ohlcv-22'], tree.root);
    assert.equal(again.code, 1);
    assert.match(again.err, /prices\.predictions\.csv already exists: it is never overwritten/);
    assert.equal(readFileSync(path.join(tree.root, 'prices.predictions.csv'), 'utf8'), 'mine');
    const forced = await runCli(['predict', 'model.onnx', 'prices.csv', '--recipe', 'ohlcv-22', '--force', '--out', 'p.csv'], tree.root);
    assert.equal(forced.code, 0);
    assert.match(readFileSync(path.join(tree.root, 'p.csv'), 'utf8'), /^Date,Ticker,prediction,p_DOWN,p_UP,y_true\n/);
  });

  it('exit 1 when the run fails: a missing model or CSV, a CSV without the columns', async () => {
    writeFileSync(path.join(tree.root, 'bad.csv'), 'Date,Close\n2024-01-01,3\n');
    for (const args of [['absent.onnx', 'prices.csv'], ['model.onnx', 'absent.csv'], ['model.onnx', 'bad.csv']]) {
      const { code, err } = await runCli(['predict', ...args, '--recipe', 'ohlcv-22'], tree.root);
      assert.equal(code, 1, args.join(' '));
      assert.match(err, /^archipel predict: /);
    }
  });

  it('exit 2 on usage errors', async () => {
    for (const args of [['model.onnx'], ['model.onnx', 'prices.csv', '--threshold', '1.2'], ['model.onnx', 'prices.csv', '--threshold', 'x'],
      ['model.onnx', 'prices.csv', '--recipe', 'ohlcv-5'], ['model.onnx', 'prices.csv', '--format', 'xml'], ['model.onnx', 'prices.csv', '--nope']]) {
      const { code, err } = await runCli(['predict', ...args], tree.root);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /^archipel: /);
    }
    assert.equal((await runCli(['features', 'prices.csv'], tree.root)).code, 2);
  });

  it('features writes Date, Ticker and the 22 columns in order at full precision', async () => {
    const { code, err } = await runCli(['features', 'prices.csv', '--recipe', 'ohlcv-22', '--out', 'f.csv'], tree.root);
    assert.equal(code, 0);
    assert.match(err, /360 rows read, 98 skipped → f\.csv/);
    const [header, first] = readFileSync(path.join(tree.root, 'f.csv'), 'utf8').split('\n');
    assert.equal(header, ['Date', 'Ticker', ...OHLCV22_FEATURES].join(','));
    assert.equal(first.split(',').length, 24);
    assert.ok(first.split(',').slice(2).some((v) => v.replace(/^-?0?\./, '').length > 12), 'full float precision');
    const stdout = await runCli(['features', 'prices.csv', '--recipe', 'ohlcv-22'], tree.root);
    assert.equal(stdout.out.trimEnd().split('\n').length, 263);
  });
});
