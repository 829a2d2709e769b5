import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkThreshold, decideClass, ThresholdError } from '../../../src/predict/decision';
import { driftReport, ks2samp, normalisedWasserstein, wasserstein } from '../../../src/predict/drift';
import { classificationMetrics, rocCurve } from '../../../src/predict/metrics';
import { ModelCardError, modelCard } from '../../../src/predict/modelCard';
import { OHLCV22_FEATURES, ohlcv22 } from '../../../src/predict/ohlcv22';
import { fixturesDir } from '../../helpers';

/** Produced by scripts/predict/reference_values.py with Debian's pandas, scikit-learn and scipy. */
const ref = JSON.parse(readFileSync(path.join(fixturesDir, 'predict', 'reference.json'), 'utf8'));

const close = (actual: number, expected: number, rel: number, what: string): void => {
  const tol = rel * Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
};

describe('predict: ohlcv-22 recipe', () => {
  for (const ticker of Object.keys(ref.tickers)) {
    it(`matches pandas to 1e-9 relative on every feature, ticker ${ticker}`, () => {
      const { ohlcv, features } = ref.tickers[ticker];
      const t = ohlcv22({ open: ohlcv.Open, high: ohlcv.High, low: ohlcv.Low, close: ohlcv.Close, volume: ohlcv.Volume });
      let compared = 0;
      OHLCV22_FEATURES.forEach((name, k) => {
        const expected: (number | null)[] = features[name];
        assert.equal(expected.length, t.features[k].length);
        expected.forEach((e, i) => {
          if (e === null) assert.ok(!Number.isFinite(t.features[k][i]), `${name}[${i}] should be undefined`);
          else { close(t.features[k][i], e, 1e-9, `${ticker} ${name}[${i}]`); compared++; }
        });
      });
      assert.ok(compared > 22 * 40);
      features.Target.forEach((e: number | null, i: number) =>
        e === null ? assert.ok(Number.isNaN(t.target[i])) : assert.equal(t.target[i], e));
      // warm-up: SMA_50 needs 50 rows
      assert.equal(t.defined.indexOf(true), 49);
      assert.equal(t.defined.filter((d) => !d).length, 49);
    });
  }
});

describe('predict: class decision', () => {
  it('binary uses the threshold on p1, multiclass argmax', () => {
    assert.equal(decideClass([0.55, 0.45]), 0);
    assert.equal(decideClass([0.5, 0.5]), 1);
    assert.equal(decideClass([0.7, 0.3], 0.25), 1);
    assert.equal(decideClass([0.2, 0.5, 0.3]), 1);
    assert.equal(decideClass([0.4, 0.2, 0.4]), 0);
  });
  it('refuses a threshold outside (0, 1)', () => {
    assert.throws(() => checkThreshold(1), ThresholdError);
    assert.throws(() => checkThreshold(Number.NaN), /strictly between 0 and 1/);
    assert.equal(checkThreshold(0.3), 0.3);
  });
});

describe('predict: metrics equal scikit-learn', () => {
  for (const kind of ['binary', 'multiclass'] as const) {
    it(kind, () => {
      const r = ref[kind];
      const labels = r.precision.map((_: number, k: number) => `c${k}`);
      const m = classificationMetrics(r.y, r.pred, r.proba, labels);
      close(m.accuracy, r.accuracy, 1e-12, 'accuracy');
      labels.forEach((l: string, k: number) => {
        close(m.perClass[l].precision, r.precision[k], 1e-12, 'precision');
        close(m.perClass[l].recall, r.recall[k], 1e-12, 'recall');
        close(m.perClass[l].f1, r.f1[k], 1e-12, 'f1');
        assert.equal(m.perClass[l].support, r.support[k]);
      });
      close(m.macro.f1, r.macro_f1, 1e-12, 'macro f1');
      close(m.rocAuc!, r.roc_auc, 1e-12, 'roc auc');
      close(m.logLoss, r.log_loss, 1e-12, 'log loss');
      assert.deepEqual(m.confusion, r.confusion);
      if (kind === 'binary') { assert.equal(m.roc!.fpr.at(-1), 1); assert.equal(m.roc!.tpr.at(-1), 1); }
    });
  }
});

describe('predict: ROC curve thinned while computed', () => {
  it('keeps the points at round(i × (count − 1) / maxPoints) of the full curve, every point when fewer', () => {
    // 400 rows, scores on a grid of 1/256 (ties between and across classes), labels pseudo-random.
    const y = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 13 < 6 ? 1 : 0));
    const score = Array.from({ length: 400 }, (_, i) => ((i * 104729) % 257) / 256);
    const full = rocCurve(y, score);
    assert.ok(full.fpr.length > 200);
    for (const maxPoints of [1, 10, 99, full.fpr.length - 2]) {
      const step = (full.fpr.length - 1) / maxPoints;
      const keep = Array.from({ length: maxPoints + 1 }, (_, i) => Math.round(i * step));
      assert.deepEqual(rocCurve(y, score, maxPoints), { fpr: keep.map((i) => full.fpr[i]), tpr: keep.map((i) => full.tpr[i]) }, `maxPoints ${maxPoints}`);
    }
    assert.deepEqual(rocCurve(y, score, full.fpr.length - 1), full);
    assert.deepEqual(rocCurve(y, score, 10_000), full);
  });
});

describe('predict: drift equals scipy / Evidently', () => {
  ref.drift.forEach((d: { a: number[]; b: number[]; ks: number; p: number; wd: number; wd_norm: number }) => {
    it(`KS exact p-value and Wasserstein, n=${d.a.length}/${d.b.length}`, () => {
      const r = ks2samp(d.a, d.b);
      close(r.statistic, d.ks, 1e-12, 'KS statistic');
      close(r.pvalue, d.p, 1e-8, 'KS p-value');
      close(wasserstein(d.a, d.b), d.wd, 1e-10, 'wasserstein');
      close(normalisedWasserstein(d.a, d.b), d.wd_norm, 1e-10, 'normalised wasserstein');
    });
  });
  it('chooses KS up to 1,000 reference rows, Wasserstein beyond, dataset drift at half', () => {
    const d = ref.drift[0];
    const rep = driftReport(['x', 'y'], [d.a, d.a], [d.b, d.a]);
    assert.deepEqual(rep.features.map((f) => f.method), ['ks', 'ks']);
    assert.equal(rep.features[1].drift, false);
    assert.equal(rep.datasetDrift, rep.drifted >= 1);
    const w = driftReport(['x'], [d.a], [d.b], { ksMaxReference: 10 });
    assert.equal(w.features[0].method, 'wasserstein');
    close(w.features[0].score, d.wd_norm, 1e-10, 'score');
    assert.equal(driftReport(['x'], [d.a], [d.b], { psi: true }).features[0].method, 'psi');
  });
});

describe('predict: model card', () => {
  it('reads feature_names and labels metadata', () => {
    const c = modelCard({ feature_names: '["a","b"]', labels: '{"1":"UP","0":"DOWN"}' });
    assert.deepEqual(c, { features: ['a', 'b'], labels: ['DOWN', 'UP'], source: 'onnx-metadata' });
  });
  it('prefers a sidecar', () => {
    const c = modelCard({}, { features: ['x'], labels: { 0: 'no', 1: 'yes' }, threshold: 0.3, recipe: 'ohlcv-22', version: '2' });
    assert.equal(c.source, 'sidecar');
    assert.equal(c.threshold, 0.3);
    assert.deepEqual(c.labels, ['no', 'yes']);
  });
  it('names the missing metadata and how to add it', () => {
    assert.throws(() => modelCard({}), (e: Error) => e instanceof ModelCardError && /feature_names/.test(e.message) && /model\.yaml/.test(e.message));
    assert.throws(() => modelCard({ feature_names: '[1]' }), /array of strings/);
    assert.throws(() => modelCard({ feature_names: '["a"]', labels: '{"5":"x"}' }), /labels/);
  });
});
