// The pipeline panel's metrics and plots from the files' text: dotted metric keys, a history that
// grows only when values change, numeric series from CSV/TSV/JSON/YAML plots, clear errors.
import * as assert from 'node:assert/strict';
import { maxMetricKeys, maxRuns, metricsHistoryOf, metricsTable, metricValues, plotSeries, recordMetrics, type MetricsHistory } from '../../../src/pipeline/outputs';

describe('pipeline outputs (metrics and plots)', () => {
  it('reads a JSON metrics file as dotted keys, lists by index, booleans as text', () => {
    const text = JSON.stringify({ accuracy: 0.61, scores: { f1: 0.58, auc: 0.66, per_class: [0.5, 0.7] }, model: 'ohlcv-22', calibrated: true, note: null });
    assert.deepEqual(metricValues(text, 'metrics/eval.json'), {
      values: { accuracy: 0.61, 'scores.f1': 0.58, 'scores.auc': 0.66, 'scores.per_class.0': 0.5, 'scores.per_class.1': 0.7, model: 'ohlcv-22', calibrated: 'true' },
    });
  });

  it('reads a YAML metrics file, and says why a broken one cannot be shown', () => {
    assert.deepEqual(metricValues('drift:\n  ks: 0.12\n  psi: 0.03\n', 'drift.yaml'), { values: { 'drift.ks': 0.12, 'drift.psi': 0.03 } });
    const broken = metricValues('{"accuracy": 0.6', 'eval.json');
    assert.ok('error' in broken && broken.error.startsWith("'eval.json' cannot be read:"), JSON.stringify(broken));
  });

  it('keeps at most maxMetricKeys values', () => {
    const many = Object.fromEntries(Array.from({ length: maxMetricKeys + 50 }, (_, i) => [`k${i}`, i]));
    const read = metricValues(JSON.stringify({ all: many }), 'm.json');
    assert.ok('values' in read);
    assert.equal(Object.keys(read.values).length, maxMetricKeys);
  });

  it('adds a run to the history only when the values changed, keeping the last maxRuns', () => {
    let history: MetricsHistory = {};
    let step = recordMetrics(history, 'eval.json', { accuracy: 0.6 }, '2026-11-20T10:00:00Z');
    assert.equal(step.changed, true);
    history = step.history;
    step = recordMetrics(history, 'eval.json', { accuracy: 0.6 }, '2026-11-20T11:00:00Z');
    assert.equal(step.changed, false);
    step = recordMetrics(history, 'eval.json', { accuracy: 0.64, f1: 0.6 }, '2026-11-21T10:00:00Z');
    assert.equal(step.changed, true);
    history = step.history;
    assert.deepEqual(metricsTable('eval.json', history['eval.json']), {
      file: 'eval.json',
      runs: ['2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z'],
      rows: [
        { key: 'accuracy', values: [0.6, 0.64] },
        { key: 'f1', values: [null, 0.6] },
      ],
    });
    for (let i = 0; i < maxRuns + 3; i++) history = recordMetrics(history, 'eval.json', { accuracy: i }, `run ${i}`).history;
    assert.equal(history['eval.json'].length, maxRuns);
    assert.equal(history['eval.json'].at(-1)!.at, `run ${maxRuns + 2}`);
  });

  it('drops a malformed history read from disk', () => {
    assert.deepEqual(metricsHistoryOf({ 'a.json': [{ at: 'x', values: { a: 1 } }, { at: 3 }, 'junk'], 'b.json': 'junk', 'c.json': [{ at: 'y', values: { c: {} } }] }), { 'a.json': [{ at: 'x', values: { a: 1 } }] });
    assert.deepEqual(metricsHistoryOf(null), {});
  });

  it('reads a CSV plot: numeric columns over the row index, blanks as gaps, text columns left out', () => {
    const csv = 'date,close,predicted\n2026-01-02,101.5,0.6\n2026-01-05,,0.4\n2026-01-06,103,0.7\n';
    assert.deepEqual(plotSeries(csv, 'plots/prices.csv'), {
      file: 'plots/prices.csv',
      x: 'step',
      xs: [0, 1, 2],
      series: [
        { name: 'close', values: [101.5, null, 103] },
        { name: 'predicted', values: [0.6, 0.4, 0.7] },
      ],
    });
  });

  it('reads TSV with a step column, JSON lists and mappings holding a list, YAML', () => {
    assert.deepEqual(plotSeries('step\tloss\n10\t0.9\n20\t0.5\n', 'loss.tsv'), { file: 'loss.tsv', x: 'step', xs: [10, 20], series: [{ name: 'loss', values: [0.9, 0.5] }] });
    const rows = [{ fpr: 0, tpr: 0 }, { fpr: 0.5, tpr: 0.8 }, { fpr: 1, tpr: 1 }];
    const expected = { file: 'roc.json', x: 'step', xs: [0, 1, 2], series: [{ name: 'fpr', values: [0, 0.5, 1] }, { name: 'tpr', values: [0, 0.8, 1] }] };
    assert.deepEqual(plotSeries(JSON.stringify(rows), 'roc.json'), expected);
    assert.deepEqual(plotSeries(JSON.stringify({ roc: rows }), 'roc.json'), expected);
    assert.deepEqual(plotSeries('roc:\n  - {fpr: 0, tpr: 0}\n  - {fpr: 0.5, tpr: 0.8}\n  - {fpr: 1, tpr: 1}\n', 'roc.yaml'), { ...expected, file: 'roc.yaml' });
  });

  it('says why a plot cannot be drawn', () => {
    assert.equal(plotSeries('name,city\nann,paris\n', 'people.csv').error, 'no numeric column');
    assert.equal(plotSeries('{"a": 1}', 'p.json').error, 'cannot be read: no list of records in it');
    assert.equal(plotSeries('a,b\n1,2\n', 'p.parquet').error, 'cannot be read: unknown plots format (expected .csv, .tsv, .json, .yaml or .yml)');
    assert.match(plotSeries('a,"b\n1,2\n', 'p.csv').error ?? '', /^cannot be read: /);
  });
});
