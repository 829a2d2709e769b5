// The Prediction dashboard page with results made by the server's prediction services: every part
// drawn (metrics, confusion matrix, ROC, probability histogram, price series, drift with both
// distributions, skipped rows), uPlot under the strict CSP, a re-run updates it, hostile text stays text.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { WebviewHarness, type ThemeKind } from './harness';
import { paintedCanvases, rendered, renderPanel } from './panels';
import { binaryPrediction, examplePrediction, multiclassPrediction } from './predictFixtures';


describe('Prediction dashboard page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
    it(`draws every part of a binary ohlcv-22 run (${theme})`, async function () {
      const result = binaryPrediction();
      const view = await renderPanel(harness, 'predict', { theme, viewport: { width: 1200, height: 900 } });
      await view.post({ type: 'result', result });
      const summary = await rendered(view);
      assert.deepEqual(summary, {
        metrics: true,
        classes: 2,
        roc: true,
        probabilityHistogram: true,
        price: true,
        tickers: 0,
        driftFeatures: 22,
        drifted: result.drift!.drifted,
        skipped: result.skipped.length,
        // ROC, probability histogram, price, one per drift feature.
        charts: 3 + 22,
        predicted: result.rows.predicted,
      });
      const metrics = result.metrics!;
      assert.equal(await view.page.textContent('h1'), 'Predictions: prices.csv');
      assert.equal(await view.page.textContent('dd[data-metric="accuracy"]'), metrics.accuracy.toFixed(3));
      assert.equal(await view.page.textContent('dd[data-metric="rocAuc"]'), metrics.rocAuc!.toFixed(3));
      assert.equal(await view.page.textContent('dd[data-metric="logLoss"]'), metrics.logLoss.toFixed(3));
      // Per class and macro rows: precision, recall, F1, support.
      const table = await view.page.locator('table.metrics-table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
      assert.deepEqual(table[0], ['DOWN', ...['precision', 'recall', 'f1'].map((k) => (metrics.perClass.DOWN as Record<string, number>)[k].toFixed(3)), String(metrics.perClass.DOWN.support)]);
      assert.deepEqual(table[2].slice(0, 4), ['Macro average', metrics.macro.precision.toFixed(3), metrics.macro.recall.toFixed(3), metrics.macro.f1.toFixed(3)]);
      // The confusion matrix: true class rows, predicted class columns, counts as computed.
      const cells = await view.page.locator('table.confusion tbody td').allTextContents();
      assert.deepEqual(cells, metrics.confusion.flat().map(String));
      assert.equal(await view.page.locator('table.confusion td.diagonal').count(), 2);
      // Every chart has painted its canvas.
      assert.equal(await paintedCanvases(view, '#roc'), 1);
      assert.equal(await paintedCanvases(view, '#probability-histogram'), 1);
      assert.equal(await paintedCanvases(view, '#price'), 1);
      assert.equal(await paintedCanvases(view, '#drift'), 22);
      // uPlot's legend names the predicted classes of the price chart.
      const legend = await view.page.locator('#price .u-legend .u-label').allTextContents();
      assert.deepEqual(legend, ['Date', 'Close', 'Predicted DOWN', 'Predicted UP']);
      // Drift: one row per feature, drifted ones marked, the dataset verdict stated.
      assert.equal(await view.page.locator('tr.feature-row').count(), 22);
      assert.equal(await view.page.locator('tr.feature-row.drifted').count(), result.drift!.drifted);
      assert.match((await view.page.textContent('#drift .message')) ?? '', new RegExp(`^${result.drift!.drifted} of 22 features drift`));
      // The verdict's action: retrain as an experiment, asked of the host.
      if (result.drift!.drifted > 0) {
        await view.page.click('#retrain-experiment');
        await view.waitForMessage((m) => (m as { type?: string }).type === 'retrain');
      } else assert.equal(await view.page.locator('#retrain-experiment').count(), 0);
      assert.equal(await view.page.locator('#skipped li').count(), result.skipped.length);
      assert.match((await view.page.textContent('#skipped li')) ?? '', /^line 2 warm-up/);
      // Strict CSP held: no violation, nothing fetched, no error; the result is kept for a reload.
      assert.deepEqual(await view.cspViolations(), []);
      assert.deepEqual(view.blockedRequests, []);
      assert.deepEqual(view.errors, []);
      assert.deepEqual(((await view.state()) as { result: { rows: unknown } }).result.rows, result.rows);
      assert.ok(existsSync(await view.screenshot(`prediction dashboard ${theme}`)));
      await view.close();
    });
  }

  it("draws the engine's real run of the example", async () => {
    const result = await examplePrediction();
    assert.ok(result.series?.close && result.metrics?.roc && result.drift, 'the example gives a series, a ROC curve and drift');
    const view = await renderPanel(harness, 'predict', { viewport: { width: 1280, height: 900 } });
    await view.post({ type: 'result', result });
    const summary = await rendered(view);
    assert.equal(summary.predicted, result.rows.predicted);
    assert.equal(summary.driftFeatures, 22);
    // Two tickers whose rows interleave by date: a price chart each, with its own closes.
    const tickers = [...new Set(result.series.ticker)];
    assert.deepEqual(tickers, ['ACME', 'GLOBEX']);
    assert.equal(summary.tickers, 2);
    assert.equal(summary.charts, 2 + 2 + 22);
    assert.deepEqual(await view.page.locator('#price h3').allTextContents(), tickers);
    assert.equal(await view.page.textContent('h1'), 'Predictions: prices.csv');
    assert.equal(await view.page.textContent('dd[data-metric="accuracy"]'), result.metrics.accuracy.toFixed(3));
    assert.equal(await paintedCanvases(view, '#price'), 2);
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.errors, []);
    await view.screenshot('prediction dashboard example');
    await view.close();
  });

  it('follows a re-run: a new result replaces the old one', async () => {
    const view = await renderPanel(harness, 'predict');
    await view.post({ type: 'result', result: binaryPrediction() });
    await rendered(view);
    const since = view.messages.length;
    const rerun = binaryPrediction({ seed: 99, threshold: 0.6 });
    await view.post({ type: 'result', result: rerun });
    const summary = await rendered(view, since);
    assert.equal(summary.predicted, rerun.rows.predicted);
    assert.equal(await view.page.textContent('dd[data-metric="accuracy"]'), rerun.metrics!.accuracy.toFixed(3));
    assert.deepEqual(await view.page.locator('table.confusion tbody td').allTextContents(), rerun.metrics!.confusion.flat().map(String));
    // The previous charts are gone, not stacked.
    assert.equal(await view.page.locator('.uplot').count(), 3 + 22);
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('shows a multiclass run without the parts it has no data for', async () => {
    const result = multiclassPrediction();
    const view = await renderPanel(harness, 'predict');
    await view.post({ type: 'result', result });
    const summary = await rendered(view);
    assert.deepEqual(summary, { metrics: true, classes: 3, roc: false, probabilityHistogram: false, price: false, tickers: 0, driftFeatures: 0, drifted: 0, skipped: 2, charts: 0, predicted: 90 });
    assert.equal(await view.page.locator('table.confusion tbody td').count(), 9);
    assert.equal(await view.page.textContent('dd[data-metric="rocAuc"]'), result.metrics!.rocAuc!.toFixed(3));
    assert.deepEqual(await view.page.locator('#skipped li').allTextContents(), ['line 14 column 3 (amount): "n/a" is not a number', 'line 40 2 fields, 5 expected']);
    assert.equal(await view.page.locator('#roc, #price, #drift').count(), 0);
    await view.screenshot('prediction dashboard multiclass');
    await view.close();
  });

  it('says a regressor has no classification metrics, and still shows its drift', async () => {
    const binary = binaryPrediction();
    const result = { ...binary, classes: {}, metrics: undefined, series: undefined, probabilityHistogram: undefined };
    const view = await renderPanel(harness, 'predict');
    await view.post({ type: 'result', result });
    const summary = await rendered(view);
    assert.equal(summary.metrics, false);
    assert.equal(summary.charts, 22);
    assert.equal(await view.page.textContent('#metrics .message'), 'No classification metrics: the model is a regressor.');
    assert.equal(await view.page.locator('table.confusion').count(), 0);
    await view.close();
  });

  it('keeps hostile feature and class names as text', async () => {
    const hostile = '<img src=x onerror="window.__pwned=true">';
    const result = binaryPrediction({ labels: ['<script>window.__pwned=true</script>', 'UP'], featureName: (n) => (n === 'RSI' ? hostile : n) });
    const view = await renderPanel(harness, 'predict');
    await view.post({ type: 'result', result });
    await rendered(view);
    assert.equal(await view.page.locator('tr.feature-row th').nth(7).textContent(), hostile);
    assert.equal(await view.page.locator('table.metrics-table tbody th').first().textContent(), '<script>window.__pwned=true</script>');
    assert.ok((await view.page.locator('#price .u-legend .u-label').allTextContents()).includes('Predicted <script>window.__pwned=true</script>'));
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.locator('main script').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.blockedRequests, []);
    await view.close();
  });

  it('redraws a kept result after a reload, and says when there is none', async () => {
    const result = binaryPrediction();
    const restored = await renderPanel(harness, 'predict', { initialState: { result } });
    assert.equal((await rendered(restored)).predicted, result.rows.predicted);
    // The host has no run of its own after a reload: the kept result stays.
    await restored.post({ type: 'empty' });
    assert.equal(await restored.page.textContent('h1'), 'Predictions: prices.csv');
    await restored.close();
    const fresh = await renderPanel(harness, 'predict');
    await fresh.post({ type: 'empty' });
    assert.deepEqual(await rendered(fresh), { empty: true });
    assert.match((await fresh.page.textContent('.message')) ?? '', /run Archipel: Predict/);
    await fresh.close();
  });

  it('asks the host to open the predictions file, and rejects a malformed result', async () => {
    const result = binaryPrediction();
    const view = await renderPanel(harness, 'predict');
    await view.post({ type: 'result', result });
    await rendered(view);
    await view.page.getByRole('button', { name: 'Open Predictions' }).click();
    const open = await view.waitForMessage<{ path: string }>((m) => (m as { type?: string }).type === 'open');
    assert.equal(open.path, result.output);
    await view.post({ type: 'result', result: { ...result, rows: { read: -1 } } });
    const error = await view.waitForMessage<{ message: string }>((m) => (m as { type?: string }).type === 'pageError');
    assert.match(error.message, /message "result" rejected/);
    // The rejected message changed nothing.
    assert.equal(await view.page.textContent('dd[data-metric="accuracy"]'), result.metrics!.accuracy.toFixed(3));
    await view.close();
  });
});
