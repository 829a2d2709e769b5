// The pipeline panel's page: the DAG drawn by the generated-diagram renderer under the strict CSP,
// each stage in its state (every state the server can send), hostile stage names shown as text,
// live run events changing a node as they come, clicks asking the host for a log or a definition.
import * as assert from 'node:assert/strict';
import type { PipelineDag, PipelineEvent, PipelineStatus } from '../../server/src/protocol/pipeline';
import { metricsTable, metricValues, plotSeries, recordMetrics, type MetricsHistory } from '../../server/src/pipeline/outputs';
import { WebviewHarness, type RenderedView, type ThemeKind } from './harness';
import { rendered, renderPanel } from './panels';

import { FILE, fixture, HOSTILE, URI } from './pipelineFixtures';

async function show(view: RenderedView, message: Record<string, unknown>): Promise<Record<string, unknown>> {
  const since = view.messages.length;
  await view.post({ type: 'pipeline', uri: URI, fileName: 'dvc.yaml', logs: [], ...message });
  return rendered(view, since, 30_000);
}

async function event(view: RenderedView, e: Omit<PipelineEvent, 'file' | 'runId'>): Promise<Record<string, unknown>> {
  const since = view.messages.length;
  await view.post({ type: 'event', event: { runId: 'run-1', file: FILE, ...e } });
  return rendered(view, since);
}

/** The drawn node of a stage: its state classes and its two text lines. */
function node(view: RenderedView, stage: string) {
  return view.page.evaluate((name) => {
    const element = [...document.querySelectorAll<SVGGElement>('#viewport g.node')].find((g) => g.dataset.stage === name);
    if (!element) return undefined;
    const shape = getComputedStyle(element.querySelector('.shape')!);
    return { classes: [...element.classList].filter((c) => c.startsWith('c-state-')), lines: [...element.querySelectorAll('tspan')].map((t) => t.textContent), stroke: shape.stroke, dash: shape.strokeDasharray };
  }, stage);
}

describe('pipeline panel page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
    it(`draws the DAG with every state (${theme})`, async () => {
      const { dag, status } = fixture();
      const view = await renderPanel(harness, 'pipeline', { theme, viewport: { width: 1300, height: 800 } });
      const summary = await show(view, { dag, status });
      assert.deepEqual(summary, { cause: 'pipeline', stage: null, stages: 7, edges: 6, error: false, 'up-to-date': 1, stale: 2, running: 1, failed: 1, frozen: 1, 'never-run': 1 });
      assert.equal(await view.page.locator('#viewport g.node').count(), 7);
      assert.equal(await view.page.locator('#viewport path.flowchart-link').count(), 6);
      const states: Record<string, string> = {};
      for (const [stage, state] of status.stages.map((s) => [s.stage, s.state])) {
        const drawn = await node(view, stage);
        assert.ok(drawn, stage);
        assert.deepEqual(drawn.classes, [`c-state-${state}`], stage);
        states[stage] = drawn.stroke;
      }
      // The outline tells the states apart: each its own colour, and stale and never run their own dashes.
      assert.equal(new Set(['generate', 'features', 'predict', 'drift@us', 'train', 'evaluate'].map((s) => states[s])).size, 6, JSON.stringify(states));
      assert.notEqual((await node(view, 'features'))!.dash, (await node(view, 'evaluate'))!.dash);
      assert.deepEqual((await node(view, 'features'))!.lines, ['features', 'stale (1 reason)']);
      assert.deepEqual((await node(view, 'train'))!.lines, ['train', 'frozen']);
      // Started a minute before the fixture was made; a loaded machine takes seconds more to get here.
      assert.match((await node(view, 'predict'))!.lines[1] ?? '', /^running 1:[0-5]\d$/);
      assert.equal(await view.page.textContent('#counts'), '7 stages · 1 up to date · 2 stale · 1 running · 1 failed · 1 frozen · 1 never run');
      // Until a stage is selected, the stages that need attention are listed with why.
      assert.deepEqual(await view.page.locator('#details .overview li').allTextContents(), [
        'stale features: `data/ohlcv.csv` changed since the last run',
        'running predict',
        'failed drift@us: exit code 2',
        `stale ${HOSTILE}: \`<script>window.__pwned = true</script>\` is missing`,
      ]);
      if (theme === 'dark') await view.screenshot('pipeline panel overview');
      // A failed stage's details show the last lines of its log.
      await view.page.click('#viewport g.node[data-stage="drift@us"]');
      assert.equal(await view.page.textContent('#details h2'), 'drift@us');
      assert.equal(await view.page.textContent('#details .log-tail'), 'reading data/ohlcv.csv\nKeyError: close\n<b>not bold</b>');
      assert.equal(await view.page.locator('#details b').count(), 0);
      assert.deepEqual(await view.cspViolations(), []);
      assert.deepEqual(view.blockedRequests, []);
      assert.deepEqual(view.errors, []);
      await view.screenshot(`pipeline panel ${theme}`);
      await view.close();
    });
  }

  it('shows a hostile stage name and reason as text', async () => {
    const { dag, status } = fixture();
    const view = await renderPanel(harness, 'pipeline');
    await show(view, { dag, status });
    assert.deepEqual((await node(view, HOSTILE))!.lines, [HOSTILE, 'stale (1 reason)']);
    await view.page.click('#viewport g.node >> nth=6');
    assert.equal(await view.page.textContent('#details h2'), HOSTILE);
    assert.equal(await view.page.textContent('#details .reasons li'), '`<script>window.__pwned = true</script>` is missing');
    assert.equal(await view.page.locator('img, #details script').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.blockedRequests, []);
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('follows a run: a stage starts, prints, fails; another succeeds', async () => {
    const { dag, status } = fixture();
    const view = await renderPanel(harness, 'pipeline', { viewport: { width: 1300, height: 800 } });
    await show(view, { dag, status });
    const svg = await view.page.$('#viewport svg');
    await view.post({ type: 'event', event: { runId: 'run-1', file: FILE, kind: 'run-start', plan: ['evaluate', 'features'] } });
    let summary = await event(view, { kind: 'stage-start', stage: 'evaluate' });
    assert.equal(summary.running, 2);
    assert.deepEqual((await node(view, 'evaluate'))!.classes, ['c-state-running']);
    assert.deepEqual((await node(view, 'evaluate'))!.lines, ['evaluate', 'running 0:00']);
    await view.page.click('#viewport g.node[data-stage="evaluate"]');
    await view.post({ type: 'event', event: { runId: 'run-1', file: FILE, kind: 'stage-output', stage: 'evaluate', text: 'loading predictions\nscor' } });
    await view.post({ type: 'event', event: { runId: 'run-1', file: FILE, kind: 'stage-output', stage: 'evaluate', text: 'ing 42 rows\nValueError: <no rows>\n' } });
    await view.page.waitForFunction(() => document.querySelector('#details .log-tail')?.textContent?.includes('ValueError'));
    assert.equal(await view.page.textContent('#details .log-tail'), 'loading predictions\nscoring 42 rows\nValueError: <no rows>');
    // Its time ticks while it runs.
    await view.page.waitForFunction(() => [...document.querySelectorAll<SVGGElement>('#viewport g.node')].find((g) => g.dataset.stage === 'evaluate')?.querySelectorAll('tspan')[1]?.textContent === 'running 0:01', undefined, { timeout: 5000 });
    summary = await event(view, { kind: 'stage-end', stage: 'evaluate', result: { stage: 'evaluate', outcome: 'failed', reason: 'exit code 1', exitCode: 1, durationMs: 1500 } });
    assert.deepEqual({ failed: summary.failed, running: summary.running, stage: summary.stage }, { failed: 2, running: 1, stage: 'evaluate' });
    const failedLike = await node(view, 'drift@us');
    assert.deepEqual((await node(view, 'evaluate'))!, { classes: ['c-state-failed'], lines: ['evaluate', 'failed'], stroke: failedLike!.stroke, dash: failedLike!.dash });
    assert.equal(await view.page.textContent('#details .log-tail'), 'loading predictions\nscoring 42 rows\nValueError: <no rows>');
    assert.equal(await view.page.textContent('#details .reasons li'), 'exit code 1');
    await event(view, { kind: 'stage-start', stage: 'features' });
    summary = await event(view, { kind: 'stage-end', stage: 'features', result: { stage: 'features', outcome: 'ran', durationMs: 320 } });
    assert.deepEqual({ upToDate: summary['up-to-date'], stale: summary.stale }, { upToDate: 2, stale: 1 });
    assert.deepEqual((await node(view, 'features'))!.lines, ['features', 'up to date']);
    // Events change nodes in place: the DAG is not drawn again.
    assert.equal(await view.page.evaluate((old) => old === document.querySelector('#viewport svg'), svg), true);
    // The status the server sends after the run is applied as it is.
    const after: PipelineStatus = { ...status, stages: status.stages.map((s) => (s.stage === 'predict' ? { stage: 'predict', state: 'stale', reasons: ['`features.csv` changed since the last run'] } : s)) };
    const since = view.messages.length;
    await view.post({ type: 'status', status: after });
    summary = await rendered(view, since);
    assert.equal(summary.running, 0);
    assert.deepEqual((await node(view, 'predict'))!.lines, ['predict', 'stale (1 reason)']);
    assert.deepEqual(view.errors, []);
    await view.screenshot('pipeline panel after a run');
    await view.close();
  });

  it('asks the host for a log, a definition or a run', async () => {
    const { dag, status } = fixture();
    const view = await renderPanel(harness, 'pipeline');
    await show(view, { dag, status, logs: ['drift@us'] });
    const asked = () => view.messages.filter((m) => ['open', 'run'].includes((m as { type: string }).type));
    // A stage with a log in this window opens it; one without opens its definition.
    await view.page.click('#viewport g.node[data-stage="drift@us"]');
    await view.page.click('#viewport g.node[data-stage="features"]');
    assert.equal(await view.page.locator('#open-log').isDisabled(), true);
    await view.page.click('#open-definition');
    await view.page.click('#run-stage');
    await view.page.click('#run-downstream');
    await view.page.click('#run-pipeline');
    const deadline = Date.now() + 5000;
    while (asked().length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(asked(), [
      { type: 'open', stage: 'drift@us', what: 'log' },
      { type: 'open', stage: 'features', what: 'definition' },
      { type: 'open', stage: 'features', what: 'definition' },
      { type: 'run', stage: 'features' },
      { type: 'run', stage: 'features', downstream: true },
      { type: 'run' },
    ]);
    assert.deepEqual(await view.state(), { uri: URI });
    await view.close();
  });

  it('after a window reload (no terminal of the run left), a failed stage\'s Open Log stays enabled: the host opens the kept lines', async () => {
    const { dag, status } = fixture();
    const view = await renderPanel(harness, 'pipeline', { initialState: { uri: URI } });
    await show(view, { dag, status, logs: [] });
    await view.page.click('#viewport g.node[data-stage="drift@us"]');
    assert.equal(await view.page.locator('#open-log').isDisabled(), false);
    await view.page.click('#open-log');
    await view.waitForMessage((m) => (m as { type?: string; what?: string }).type === 'open' && (m as { what?: string }).what === 'log');
    // A stage that never failed has no kept log: its button stays disabled.
    await view.page.click('#viewport g.node[data-stage="generate"]');
    assert.equal(await view.page.locator('#open-log').isDisabled(), true);
    await view.close();
  });

  it('follows the file as it is typed: lays out again only when the DAG changes, keeps the drawing while it cannot be read', async () => {
    const { dag, status } = fixture();
    const view = await renderPanel(harness, 'pipeline');
    await show(view, { dag, status });
    const first = await view.page.$('#viewport svg');
    // Same stages and edges (a command edited): the drawing stays.
    await show(view, { dag, status });
    assert.equal(await view.page.evaluate((old) => old === document.querySelector('#viewport svg'), first), true);
    // A stage added: drawn again with it.
    const grown: PipelineDag = { ...dag, nodes: [...dag.nodes, { stage: 'report', definition: 'report', frozen: false, span: { start: 900, end: 906 } }], edges: [...dag.edges, { from: 'evaluate', to: 'report' }] };
    const summary = await show(view, { dag: grown, status });
    assert.equal(summary.stages, 8);
    assert.equal(await view.page.locator('#viewport g.node').count(), 8);
    assert.deepEqual((await node(view, 'report'))!.lines, ['report', 'never run']);
    // The file stops parsing: the error shows, the last drawing stays, dimmed.
    const broken = await show(view, { dag: null, status: null, error: 'dvc.yaml: line 3: bad indentation' });
    assert.equal(broken.error, true);
    assert.equal(await view.page.textContent('#error'), 'dvc.yaml: line 3: bad indentation');
    assert.equal(await view.page.locator('#viewport.stale g.node').count(), 8);
    assert.deepEqual(view.errors, []);
    await view.close();
  });
  it('shows metrics across runs as a table and plots as charts (made by the server\'s own services)', async () => {
    const { dag, status } = fixture();
    let history: MetricsHistory = {};
    history = recordMetrics(history, 'metrics/eval.json', { accuracy: 0.58, 'scores.f1': 0.55, model: '<b>ohlcv-22</b>' }, '2026-11-20T10:00:00Z').history;
    history = recordMetrics(history, 'metrics/eval.json', { accuracy: 0.61, 'scores.f1': 0.52, model: '<b>ohlcv-22</b>' }, '2026-11-21T10:00:00Z').history;
    const features = metricValues(JSON.stringify({ features: Array.from({ length: 25 }, (_, i) => ({ feature: `SMA_${i}`, score: i / 10 })) }), 'metrics/features.json');
    assert.ok('values' in features);
    history = recordMetrics(history, 'metrics/features.json', features.values, '2026-11-21T10:00:00Z').history;
    // The example's drift summary (pipeline/summarise.mjs): 22 features × 5 fields, the drifted ones, an alert.
    const names = ['SMA_5', 'SMA_10', 'SMA_20', 'SMA_50', 'EMA_5', 'EMA_10', 'EMA_20', 'RSI', 'MACD', 'MACD_Signal', 'MACD_Hist', 'BB_Width', 'BB_Position', 'Volatility_10d', 'Volatility_20d', 'Return_1d', 'Return_5d', 'Return_10d', 'Volume_Ratio', 'High_Low_Range', 'Close_Position', 'Gap'];
    const driftSummary = { features: names.map((feature, i) => ({ feature, method: 'ks', score: i % 3 === 0 ? 0.001 : 0.4, threshold: 0.05, drift: i % 3 === 0 })), drifted: names.filter((_n, i) => i % 3 === 0), alert: true };
    const drift = metricValues(JSON.stringify(driftSummary), 'metrics/drift.json');
    assert.ok('values' in drift);
    assert.equal(Object.keys(drift.values).length, 22 * 5 + 8 + 1, 'the server flattens it into 119 keys');
    history = recordMetrics(history, 'metrics/drift.json', drift.values, '2026-11-21T10:00:00Z').history;
    const metrics = [
      metricsTable('metrics/eval.json', history['metrics/eval.json']),
      { ...metricsTable('metrics/missing.json', []), error: 'not there yet (its stage has not run)' },
      metricsTable('metrics/features.json', history['metrics/features.json']),
      metricsTable('metrics/drift.json', history['metrics/drift.json']),
    ];
    const prices = 'close,predicted\n' + Array.from({ length: 60 }, (_, i) => `${100 + Math.sin(i / 5) * 4},${0.5 + Math.cos(i / 7) / 4}`).join('\n');
    const plots = [plotSeries(prices, 'plots/prices.csv'), plotSeries('a\nx\n', 'plots/<script>.csv')];
    for (const theme of ['dark', 'light'] as ThemeKind[]) {
      const view = await renderPanel(harness, 'pipeline', { theme, viewport: { width: 1300, height: 1300 } });
      await show(view, { dag, status });
      const since = view.messages.length;
      await view.post({ type: 'outputs', metrics, plots });
      assert.deepEqual(await rendered(view, since), { cause: 'outputs', metrics: 4, plots: 2, charts: 1 });
      const rows = await view.page.$$eval('#metrics .metrics-file[data-file="metrics/eval.json"] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      assert.deepEqual(rows.map((r) => [r[0], r[2]]), [['accuracy', '0.61 ▲'], ['scores.f1', '0.52 ▼'], ['model', '<b>ohlcv-22</b>']]);
      assert.equal(rows[0][1], '0.58');
      assert.match((await view.page.textContent('#metrics .metrics-file[data-file="metrics/eval.json"] thead th:last-child')) ?? '', /\(latest\)$/);
      assert.equal(await view.page.textContent('#metrics .metrics-file[data-file="metrics/missing.json"] p'), 'not there yet (its stage has not run)');
      // A list of records is one table, a row per item: its first 20 rows, the rest on demand.
      const long = view.page.locator('#metrics .metrics-file[data-file="metrics/features.json"]');
      assert.deepEqual(await long.locator('table.list thead th').allTextContents(), ['feature', 'score']);
      assert.equal(await long.locator('table.list tbody tr:visible').count(), 20);
      await long.locator('button.show-all').click();
      assert.equal(await long.locator('table.list tbody tr:visible').count(), 25);
      assert.equal(await long.locator('button.show-all').count(), 0);
      // The drift summary: 2 rows and a 22-row table, not 119 flattened rows; the statistic named, a verdict.
      const driftFile = view.page.locator('#metrics .metrics-file[data-file="metrics/drift.json"]');
      assert.deepEqual(await driftFile.locator('table.metrics:not(.list) tbody th').allTextContents(), ['alert', 'drifted']);
      assert.equal(await driftFile.locator('table.metrics:not(.list) tbody tr[data-key="drifted"] td').textContent(), driftSummary.drifted.join(', '));
      assert.deepEqual(await driftFile.locator('table.list thead th').allTextContents(), ['feature', 'method', 'score', 'threshold', 'drift']);
      assert.equal(await driftFile.locator('table.list tbody tr').count(), 22);
      assert.deepEqual(await driftFile.locator('table.list tbody tr').first().locator('td').allTextContents(), ['SMA_5', 'KS p', '0.001', '0.05', 'yes']);
      assert.ok((await driftFile.locator('tr').count()) < 30);
      assert.equal(await view.page.locator('#plots .plot-file[data-file="plots/prices.csv"] canvas').count(), 1);
      assert.deepEqual(await view.page.locator('#plots .plot-file[data-file="plots/prices.csv"] .u-legend .u-label').allTextContents(), ['step', 'close', 'predicted']);
      assert.equal(await view.page.textContent('#plots .plot-file:nth-of-type(2) h3'), 'plots/<script>.csv');
      assert.equal(await view.page.textContent('#plots .plot-file:nth-of-type(2) p'), 'no numeric column');
      assert.equal(await view.page.locator('#outputs b, #outputs script').count(), 0);
      assert.deepEqual(await view.cspViolations(), []);
      assert.deepEqual(view.blockedRequests, []);
      assert.deepEqual(view.errors, []);
      await view.screenshot(`pipeline panel metrics and plots ${theme}`);
      await view.close();
    }
  });

  // The example's evaluation (pipeline/summarise.mjs writes labels and the confusion matrix), at
  // half of a 1280-px window and at 1024×700: the matrix headed by the class names, nothing cut.
  for (const viewport of [{ width: 640, height: 700 }, { width: 1024, height: 700 }]) {
    it(`heads the confusion matrix with the class names and keeps the metrics in view at ${viewport.width}×${viewport.height}`, async () => {
      const { dag, status } = fixture();
      const evaluation = { rows: 120, accuracy: 0.575, f1: 0.561, rocAuc: 0.6, logLoss: 0.68, labels: ['down', 'up'], confusion: [[31, 22], [29, 38]], classes: { down: 60, up: 60 } };
      const flat = metricValues(JSON.stringify(evaluation), 'metrics/evaluation.json');
      assert.ok('values' in flat);
      let history: MetricsHistory = {};
      history = recordMetrics(history, 'metrics/evaluation.json', flat.values, '2026-11-20T10:00:00Z').history;
      history = recordMetrics(history, 'metrics/evaluation.json', { ...flat.values, accuracy: 0.6 }, '2026-11-21T10:00:00Z').history;
      const view = await renderPanel(harness, 'pipeline', { viewport });
      await show(view, { dag, status });
      const since = view.messages.length;
      await view.post({ type: 'outputs', metrics: [metricsTable('metrics/evaluation.json', history['metrics/evaluation.json'])], plots: [] });
      await rendered(view, since);
      const matrix = view.page.locator('table.matrix[data-list="confusion"]');
      assert.deepEqual(await matrix.locator('thead th').allTextContents(), ['', 'down', 'up']);
      assert.deepEqual(await matrix.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent))), [['down', '31', '22'], ['up', '29', '38']]);
      assert.equal(await matrix.locator('caption').textContent(), 'Rows: true class · columns: predicted class');
      const cut = await view.page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll<HTMLElement>('#metrics th, #metrics td')].filter((c) => c.getBoundingClientRect().right > width + 0.5).map((c) => c.textContent);
      });
      assert.deepEqual(cut, [], 'cells past the panel\'s right edge');
      assert.deepEqual(view.errors, []);
      await view.screenshot(`pipeline panel evaluation ${viewport.width}x${viewport.height}`);
      await view.close();
    });
  }
});
