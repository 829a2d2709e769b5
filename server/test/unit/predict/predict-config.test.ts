// archipel.yaml's predict section and <model>.model.yaml cards in the editor: checked on the exact
// node, completed from the schema, described on hover; and resolved at run time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadArchipelSchema } from '../../../src/platform/archipelResources';
import { modelConfiguration, PredictConfigError, resolvePrediction } from '../../../src/predict/config';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, brief, cursor, diagnose, repoRoot } from '../../helpers';

const CONFIG = 'file:///work/project/archipel.yaml';
const CARD = 'file:///work/project/models/churn.model.yaml';

function hoverAt(marked: string, uri: string) {
  const { text, offset } = cursor(marked);
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const file = index.update(uri, text);
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return allFeatures().map((f) => f.hover?.(file, offset, context)).filter(Boolean);
}

/** Completion of the predict feature alone (other features offer their own keys in any YAML file). */
function complete(marked: string, uri: string): string[] {
  const { text, offset } = cursor(marked);
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const file = index.update(uri, text);
  const feature = allFeatures().find((f) => f.id === 'predict-config')!;
  return (feature.completion?.(file, offset, { index, settings: defaultSettings, isCancelled: () => false }) ?? []).map((c) => c.label);
}

describe('predictions configuration in the editor', () => {
  it('accepts a complete predict section beside a blur section', () => {
    const text = 'blur:\n  method: gaussian\npredict:\n  model: models/rf.onnx\n  recipe: ohlcv-22\n  threshold: 0.55\n  reference: data/ref.csv\n  outputFolder: predictions\n  drift: {psi: true, psiThreshold: 0.2}\n';
    assert.deepEqual(diagnose(text, {}, CONFIG), []);
  });

  it('reports an unknown key, a model that is not .onnx and a threshold out of range on the exact node, once', () => {
    const found = diagnose('blur:\n  method: gaussian\npredict:\n  modl: x.onnx\n  model: rf.pkl\n  threshold: 1\n', {}, CONFIG);
    assert.deepEqual(found.map(brief), ['3:2-3:6 predict-config', '4:9-4:15 predict-config', '5:13-5:14 predict-config']);
    assert.match(found[0].message, /Unknown field "modl".*Did you mean "model"\?/);
    assert.match(found[1].message, /predict\.model/);
    assert.match(found[2].message, /predict\.threshold: must be < 1/);
  });

  it('checks a model card: features required, labels an index-to-name map', () => {
    assert.deepEqual(diagnose('features: [a, b]\nlabels: {"0": no, "1": yes}\nthreshold: 0.3\nrecipe: ohlcv-22\nversion: "1.2"\ndescription: churn\n', {}, CARD), []);
    const found = diagnose('labels: {zero: no}\nthreshhold: 0.3\n', {}, CARD);
    assert.deepEqual(found.map((d) => `${brief(d)} ${d.message}`), [
      '0:0-0:6 model-card Missing required field "features" in ModelCard.',
      '0:9-0:13 model-card Unknown field "zero" (labels).',
      '1:0-1:10 model-card Unknown field "threshhold" in ModelCard. Did you mean "threshold"?',
    ]);
    assert.deepEqual(diagnose('labels: {zero: no}\n', {}, 'file:///work/project/other.yaml'), [], 'only *.model.yaml');
  });

  it('completes the section\'s keys and the recipe, and the card\'s keys', () => {
    assert.deepEqual(complete('predict:\n  |\n', CONFIG), ['model', 'recipe', 'threshold', 'reference', 'outputFolder', 'drift']);
    assert.deepEqual(complete('predict:\n  drift:\n    |\n', CONFIG), ['psi', 'ksThreshold', 'wassersteinThreshold', 'psiThreshold', 'ksMaxReference', 'datasetShare']);
    assert.deepEqual(complete('predict:\n  recipe: |\n', CONFIG), ['ohlcv-22']);
    assert.deepEqual(complete('features: [a]\n|\n', CARD), ['features', 'labels', 'threshold', 'recipe', 'version', 'description']);
    assert.deepEqual(complete('blur:\n  |\n', CONFIG), [], 'not in other sections');
  });

  it('describes a key on hover', () => {
    assert.match(JSON.stringify(hoverAt('predict:\n  refer|ence: r.csv\n', CONFIG)), /drift is measured against it/);
  });

  it('the schema file contributed for *.model.yaml is the server\'s ModelCard definition', () => {
    const archipel = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'archipel.json'), 'utf8'));
    const { $schema, $id, title, ...card } = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'model-card.schema.json'), 'utf8'));
    assert.ok($schema && $id && title);
    assert.deepEqual(card, archipel.definitions.ModelCard);
  });
});

describe('predictions configuration at run time', () => {
  const engine = loadArchipelSchema(repoRoot);
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  index.update('file:///ws/a/archipel.yaml', 'predict:\n  model: m/rf.onnx\n  recipe: ohlcv-22\n  threshold: 0.6\n  reference: ref.csv\n  outputFolder: out\n  drift: {ksThreshold: 0.01, datasetShare: 0.3}\n');
  index.update('file:///ws/bad/archipel.yaml', 'predict:\n  threshold: 7\n');

  it('takes the nearest archipel.yaml\'s section, paths from its folder; the request wins', () => {
    assert.deepEqual(resolvePrediction({ input: '/ws/a/data/p.csv' }, { index, engine }),
      { model: '/ws/a/m/rf.onnx', input: '/ws/a/data/p.csv', recipe: 'ohlcv-22', outputFolder: '/ws/a/out', threshold: 0.6, reference: '/ws/a/ref.csv', drift: { ksThreshold: 0.01, datasetShare: 0.3 } });
    assert.deepEqual(resolvePrediction({ input: '/ws/a/p.csv', model: '/x/m.onnx', threshold: 0.3, out: '/ws/a/o.csv', drift: { psi: true } }, { index, engine }),
      { model: '/x/m.onnx', input: '/ws/a/p.csv', recipe: 'ohlcv-22', out: '/ws/a/o.csv', threshold: 0.3, reference: '/ws/a/ref.csv', drift: { ksThreshold: 0.01, datasetShare: 0.3, psi: true } });
  });

  it('a model picked from the list brings the recipe and threshold its own folder\'s archipel.yaml configures', () => {
    index.update('file:///ws/models/archipel.yaml', 'predict:\n  model: direction.onnx\n  recipe: ohlcv-22\n  threshold: 0.45\n');
    try {
      assert.deepEqual(modelConfiguration('/ws/models/direction.onnx', { index, engine }), { config: '/ws/models/archipel.yaml', recipe: 'ohlcv-22', threshold: 0.45 });
      // Another model of that folder is not the one configured there.
      assert.equal(modelConfiguration('/ws/models/other.onnx', { index, engine }), undefined);
      // A CSV with no archipel.yaml above it, predicted with the picked model.
      assert.deepEqual(resolvePrediction({ input: '/ws/none/prices.csv', model: '/ws/models/direction.onnx' }, { index, engine }),
        { model: '/ws/models/direction.onnx', input: '/ws/none/prices.csv', recipe: 'ohlcv-22', threshold: 0.45 });
      // What the request says still wins.
      assert.equal(resolvePrediction({ input: '/ws/none/prices.csv', model: '/ws/models/direction.onnx', threshold: 0.7 }, { index, engine }).threshold, 0.7);
    } finally {
      index.remove('file:///ws/models/archipel.yaml');
    }
  });

  it('no model anywhere, or a section that does not check: a PredictConfigError saying so', () => {
    assert.throws(() => resolvePrediction({ input: '/ws/none/p.csv' }, { index, engine }), (e: Error) => e instanceof PredictConfigError && e.missingModel && /^No model for p\.csv/.test(e.message));
    assert.throws(() => resolvePrediction({ input: '/ws/bad/p.csv' }, { index, engine }), /\/ws\/bad\/archipel\.yaml: predict\.threshold must be < 1/);
  });
});
