// Predictions bit-identical across speed work (issue #42): the predictions CSV of each input equals,
// byte for byte, what the build before that work wrote (fixtures/predict/outputs-before-42.json).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { predictFile } from '../../../src/engines/predict/run';
import { makeTree } from '../../tempdir';
import { fixturesDir, repoRoot } from '../../helpers';

const models = path.join(fixturesDir, 'predict', 'models');
const example = path.join(repoRoot, 'examples', 'portfolio', 'prediction');
const outputsBefore = (JSON.parse(readFileSync(path.join(fixturesDir, 'predict', 'outputs-before-42.json'), 'utf8')) as { outputs: Record<string, string> }).outputs;
const expected = JSON.parse(readFileSync(path.join(models, 'expected.json'), 'utf8')) as { rows: number[][] };

describe('predict: outputs bit-identical to the build before #42', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree({});
  });
  after(() => tree.remove());

  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

  it('writes the same predictions CSV, byte for byte, for every kind of model and input', async () => {
    const features = path.join(tree.root, 'features.csv');
    writeFileSync(features, ['alpha,beta,gamma,delta', ...expected.rows.map((x) => x.join(','))].join('\n'));
    const slice = path.join(fixturesDir, 'predict', 'slice.csv');
    const runs: [string, Parameters<typeof predictFile>[0]][] = [
      ['example', { model: path.join(example, 'model.onnx'), input: path.join(example, 'prices.csv'), recipe: 'ohlcv-22' }],
      ['slice', { model: path.join(example, 'model.onnx'), input: slice, recipe: 'ohlcv-22' }],
      ['slice-t03', { model: path.join(example, 'model.onnx'), input: slice, recipe: 'ohlcv-22', threshold: 0.3 }],
      ...(['binary', 'binary-zipmap', 'multiclass', 'regressor'] as const).map((m): [string, Parameters<typeof predictFile>[0]] => [m, { model: path.join(models, `${m}.onnx`), input: features }]),
    ];
    for (const [name, job] of runs) {
      const out = path.join(tree.root, `${name}.predictions.csv`);
      await predictFile({ ...job, out });
      assert.equal(sha(out), outputsBefore[name], `${name}: the predictions CSV differs from the build before #42`);
    }
  });
});
