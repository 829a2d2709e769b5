import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTabularModel, sidecarPathOf } from '../../../src/engines/predict/model';
import { readGraph, withoutZipMap } from '../../../src/engines/onnx/graph';
import { fixturesDir } from '../../helpers';

// Forests trained by scikit-learn and written as ONNX by scripts/predict/test_models.py, with
// scikit-learn's predict_proba / predict on 50 fixed rows.
const dir = path.join(fixturesDir, 'predict', 'models');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
  features: string[]; rows: number[][]; binary: number[][]; multiclass: number[][]; regressor: number[];
};
const rows = Float32Array.from(expected.rows.flat());

async function probabilities(file: string) {
  const model = await loadTabularModel(path.join(dir, file));
  try {
    return { model, out: await model.run(rows, expected.rows.length) };
  } finally {
    await model.dispose();
  }
}

function assertClose(actual: Float32Array, wanted: number[], tolerance = 1e-6): void {
  assert.equal(actual.length, wanted.length);
  for (let i = 0; i < wanted.length; i++) assert.ok(Math.abs(actual[i] - wanted[i]) <= tolerance, `value ${i}: ${actual[i]} vs scikit-learn's ${wanted[i]}`);
}

describe('predict: tabular model loader', () => {
  for (const [file, key, labels] of [
    ['binary.onnx', 'binary', ['DOWN', 'UP']], ['binary-zipmap.onnx', 'binary', ['DOWN', 'UP']],
    ['multiclass.onnx', 'multiclass', ['low', 'mid', 'high']], ['multiclass-zipmap.onnx', 'multiclass', ['low', 'mid', 'high']],
  ] as const) {
    it(`${file}: probabilities match scikit-learn's predict_proba to 1e-6`, async () => {
      const { model, out } = await probabilities(file);
      assert.equal(model.kind, 'classifier');
      assert.deepEqual(model.card.labels, labels);
      assert.deepEqual(model.card.features, expected.features);
      assert.equal(model.card.source, 'onnx-metadata');
      assert.equal(model.outputs, labels.length);
      assert.deepEqual(model.input, { name: 'input', shape: [-1, 4] });
      assertClose(out, expected[key].flat());
    });
  }
  it('a regressor answers scikit-learn\'s predict to 1e-6 relative (float32 sums)', async () => {
    const { model, out } = await probabilities('regressor.onnx');
    assert.equal(model.kind, 'regressor');
    assert.equal(model.outputs, 1);
    assert.deepEqual(model.card.labels, []);
    assertClose(out, expected.regressor, 1e-6 * Math.max(...expected.regressor.map(Math.abs)));
  });
  it('sha256 of the file, absolute path and load time', async () => {
    const { model } = await probabilities('binary.onnx');
    assert.equal(model.sha256, createHash('sha256').update(readFileSync(path.join(dir, 'binary.onnx'))).digest('hex'));
    assert.ok(path.isAbsolute(model.file));
    assert.ok(!Number.isNaN(Date.parse(model.loadedAt)));
  });
  it('the ZipMap rewrite makes the probabilities tensor the output, in memory', () => {
    const bytes = readFileSync(path.join(dir, 'binary-zipmap.onnx'));
    assert.deepEqual(readGraph(bytes).outputs.map((o) => [o.name, o.kind]), [['label', 'tensor'], ['output_probability', 'sequence']]);
    const rewritten = readGraph(withoutZipMap(bytes));
    assert.deepEqual(rewritten.outputs.map((o) => [o.name, o.kind, o.elemType]), [['label', 'tensor', 7], ['probabilities', 'tensor', 1]]);
    assert.deepEqual(rewritten.nodes.map((n) => n.opType), ['TreeEnsembleClassifier']);
  });
  it('without metadata or card: says which metadata is missing and how to add it', async () => {
    await assert.rejects(loadTabularModel(path.join(dir, 'no-metadata.onnx')), (e: Error) =>
      e.name === 'ModelError' && e.message.startsWith('model no-metadata.onnx: the model has no "feature_names" metadata: add ONNX metadata_props "feature_names"'));
  });
  describe('with a sidecar card', () => {
    let tmp: string;
    beforeEach(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'archipel-card-'));
      copyFileSync(path.join(dir, 'no-metadata.onnx'), path.join(tmp, 'm.onnx'));
    });
    afterEach(() => rmSync(tmp, { recursive: true, force: true }));
    it('<model>.model.yaml gives features, labels, threshold and the rest', async () => {
      assert.equal(sidecarPathOf(path.join(tmp, 'm.onnx')), path.join(tmp, 'm.model.yaml'));
      writeFileSync(path.join(tmp, 'm.model.yaml'), 'features: [alpha, beta, gamma, delta]\nlabels: {"0": no, "1": yes}\nthreshold: 0.4\nrecipe: ohlcv-22\nversion: "2"\ndescription: a test\n');
      const model = await loadTabularModel(path.join(tmp, 'm.onnx'));
      try {
        assert.deepEqual(model.card, { features: ['alpha', 'beta', 'gamma', 'delta'], labels: ['no', 'yes'], threshold: 0.4, recipe: 'ohlcv-22', version: '2', description: 'a test', source: 'sidecar' });
        assertClose(await model.run(rows, expected.rows.length), expected.binary.flat());
      } finally {
        await model.dispose();
      }
    });
    it('a card naming the wrong number of features or classes is refused with both numbers', async () => {
      writeFileSync(path.join(tmp, 'm.model.yaml'), 'features: [a, b]\n');
      await assert.rejects(loadTabularModel(path.join(tmp, 'm.onnx')), /model m\.onnx: the card names 2 features but input input has shape \[-1, 4\]/);
      writeFileSync(path.join(tmp, 'm.model.yaml'), 'features: [a, b, c, d]\nlabels: {"0": x, "1": y, "2": z}\n');
      await assert.rejects(loadTabularModel(path.join(tmp, 'm.onnx')), /the card names 3 classes \(x, y, z\) but the model gives 2 probabilities/);
    });
    it('a card that is not a mapping, or a threshold out of range, is a clear error', async () => {
      writeFileSync(path.join(tmp, 'm.model.yaml'), '- just\n- a list\n');
      await assert.rejects(loadTabularModel(path.join(tmp, 'm.onnx')), /m\.model\.yaml: not a YAML mapping/);
      writeFileSync(path.join(tmp, 'm.model.yaml'), 'features: [a, b, c, d]\nthreshold: 1.5\n');
      await assert.rejects(loadTabularModel(path.join(tmp, 'm.onnx')), /threshold must be a number strictly between 0 and 1, got 1\.5/);
    });
  });
  it('a file that is not an ONNX model, or missing, names the file', async () => {
    await assert.rejects(loadTabularModel(path.join(dir, 'expected.json')), /model expected\.json: not an ONNX model/);
    await assert.rejects(loadTabularModel(path.join(dir, 'absent.onnx')), /model absent\.onnx: file not found/);
  });
});
