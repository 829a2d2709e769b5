// Class names and probabilities of classifiers exported without Archipel's metadata (issue #31):
// linear models built by scripts/predict/linear_models.py with the onnx helper.
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadTabularModel } from '../../../src/engines/predict/model';
import { readGraph } from '../../../src/engines/onnx/graph';
import { readFileSync } from 'node:fs';
import { fixturesDir } from '../../helpers';

const dir = path.join(fixturesDir, 'predict', 'models');

describe('predict: class names from the graph, probabilities checked', () => {
  it("reads classlabels_strings of the classifier and of ZipMap (no 'labels' metadata)", () => {
    const graph = readGraph(readFileSync(path.join(dir, 'linear-zipmap.onnx')));
    assert.deepEqual(graph.nodes.map((n) => [n.opType, n.classLabels]), [['LinearClassifier', ['bear', 'bull']], ['ZipMap', ['bear', 'bull']]]);
  });

  it('names the classes as the graph does, and accepts outputs that are probabilities', async () => {
    const model = await loadTabularModel(path.join(dir, 'linear-zipmap.onnx'));
    try {
      assert.equal(model.kind, 'classifier');
      assert.deepEqual(model.card.labels, ['bear', 'bull']);
      const out = await model.run(Float32Array.from([1, 1, 4, 0]), 2);
      // Softmax of the two rows' scores (-0.75·x0 + 0.25·x1 + 1.207, and its opposite).
      const softmax = (x0: number, x1: number) => {
        const s = -0.75 * x0 + 0.25 * x1 + 1.207;
        return [Math.exp(s) / (Math.exp(s) + Math.exp(-s)), Math.exp(-s) / (Math.exp(s) + Math.exp(-s))];
      };
      const expected = [...softmax(1, 1), ...softmax(4, 0)];
      expected.forEach((p, i) => assert.ok(Math.abs(out[i] - p) < 1e-6, `${out[i]} vs ${p}`));
    } finally {
      await model.dispose();
    }
  });

  it('refuses a classifier returning raw scores (a binary LinearClassifier with one coefficient row, post_transform NONE), saying what it returns', async () => {
    await assert.rejects(loadTabularModel(path.join(dir, 'linear-raw.onnx')), (error: Error) => {
      assert.equal(error.message, 'model linear-raw.onnx: a classifier must return probabilities (each within [0, 1], each row summing to 1), but for the row [0, 0] it returns [3.414, -2.414]: scores, not probabilities. Export it with an output of class probabilities (as skl2onnx writes those of predict_proba).');
      return true;
    });
  });
});
