// The dashboards at the sizes VS Code gives them (a panel beside the editor: 576 px in a 1,152 px
// window), in the light, dark and high-contrast themes: nothing wider than the panel, charts with
// axes and values, the states of the pipeline told apart, the RACI groups kept in sight.
import * as assert from 'node:assert/strict';
import { WebviewHarness, type RenderedView, type ThemeKind } from './harness';
import { rendered, renderPanel } from './panels';
import { amdecModel, portfolioFile } from './fixtures';
import { fixture } from './pipelineFixtures';
import { examplePrediction } from './predictFixtures';

/** VS Code's editor-beside panel in a 1,152 px wide window. */
const PANEL = { width: 576, height: 800 };
const THEMES: ThemeKind[] = ['light', 'dark', 'high-contrast'];

/** The widest element's right edge against the page's width: anything that would need a sideways scroll. */
async function overflow(view: RenderedView, selector: string): Promise<{ scrollWidth: number; clientWidth: number; widest: string }> {
  return view.page.evaluate((sel) => {
    const rootEl = document.querySelector<HTMLElement>(sel)!;
    let widest = '';
    let right = 0;
    for (const el of rootEl.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right) {
        right = r;
        widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`;
      }
    }
    return { scrollWidth: Math.max(document.documentElement.scrollWidth, Math.ceil(right)), clientWidth: document.documentElement.clientWidth, widest };
  }, selector);
}

describe('Dashboards at the size VS Code gives them', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  for (const theme of THEMES) {
    it(`prediction dashboard: the drift table fits a 576 px panel, its distributions are charts with axes (${theme})`, async () => {
      const result = await examplePrediction();
      const view = await renderPanel(harness, 'predict', { theme, viewport: PANEL });
      await view.post({ type: 'result', result });
      await rendered(view);
      const size = await overflow(view, '#drift');
      assert.ok(size.scrollWidth <= size.clientWidth, `the drift section is ${size.scrollWidth} px wide in a ${size.clientWidth} px panel (widest: ${size.widest})`);
      const whole = await overflow(view, 'body');
      assert.ok(whole.scrollWidth <= whole.clientWidth, `the page is ${whole.scrollWidth} px wide in a ${whole.clientWidth} px panel (widest: ${whole.widest})`);
      // The statistic named with its verdict, for every feature.
      const verdicts = await view.page.locator('#drift tr.feature-row td.verdict').allTextContents();
      assert.equal(verdicts.length, 22);
      for (const v of verdicts) assert.match(v, /^drift: (yes|no), (KS p|Wasserstein|PSI) = \S+$/);
      assert.doesNotMatch((await view.page.textContent('#drift')) ?? '', /\bks \d/);
      // Each distribution is a chart with values on both axes, as wide as the table.
      const distributions = await view.page.locator('#drift .chart.distribution').evaluateAll((boxes) =>
        boxes.map((b) => ({ x: (b as HTMLElement).dataset.xTicks ?? '', y: (b as HTMLElement).dataset.yTicks ?? '', width: b.getBoundingClientRect().width })),
      );
      assert.equal(distributions.length, 22);
      for (const d of distributions) {
        assert.ok(d.x.split(' ').filter(Boolean).length >= 3, `x axis values: "${d.x}"`);
        assert.ok(d.y.split(' ').filter(Boolean).length >= 2, `y axis values: "${d.y}"`);
        assert.ok(d.width >= 400, `a distribution chart ${d.width} px wide`);
      }
      // ROC gridlines at the quarters, labelled as they are.
      assert.equal(await view.page.getAttribute('#roc .chart', 'data-x-ticks'), '0 0.25 0.5 0.75 1');
      assert.equal(await view.page.getAttribute('#roc .chart', 'data-y-ticks'), '0 0.25 0.5 0.75 1');
      await view.screenshot(`prediction dashboard 576px ${theme}`);
      await view.close();
    });
  }

  it('prediction dashboard: a restored panel draws the kept run of the example (state through JSON, as VS Code keeps it)', async () => {
    const result = await examplePrediction();
    const kept = JSON.parse(JSON.stringify({ result })) as unknown;
    const view = await renderPanel(harness, 'predict', { viewport: PANEL, initialState: kept });
    assert.equal((await rendered(view)).predicted, result.rows.predicted);
    // The host has no run of this window: the restored one stays, never "No prediction yet".
    await view.post({ type: 'empty' });
    assert.equal(await view.page.textContent('h1'), 'Predictions: prices.csv');
    assert.equal(await view.page.locator('text=No prediction yet').count(), 0);
    // The host sends the run it restored the panel with: drawn again, the same.
    const since = view.messages.length;
    await view.post({ type: 'result', result: (kept as { result: unknown }).result });
    assert.equal((await rendered(view, since)).predicted, result.rows.predicted);
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  for (const theme of THEMES) {
    it(`risk dashboard: nothing wider than a 576 px panel (${theme})`, async () => {
      const files = { 'governance/risks.amdec.yaml': portfolioFile('governance/risks.amdec.yaml'), 'governance/governance.raci.yaml': portfolioFile('governance/governance.raci.yaml') };
      const view = await renderPanel(harness, 'amdec', { theme, viewport: PANEL });
      await view.post({ type: 'model', model: amdecModel(files, 'governance/risks.amdec.yaml', '2027-02-01'), fileName: 'risks.amdec.yaml' });
      await rendered(view);
      const whole = await overflow(view, 'body');
      assert.ok(whole.scrollWidth <= whole.clientWidth, `the page is ${whole.scrollWidth} px wide in a ${whole.clientWidth} px panel (widest: ${whole.widest})`);
      await view.screenshot(`risk dashboard 576px ${theme}`);
      await view.close();
    });

    it(`pipeline panel: nothing wider than a 576 px panel (${theme})`, async () => {
      const { dag, status } = fixture();
      const view = await renderPanel(harness, 'pipeline', { theme, viewport: PANEL });
      const since = view.messages.length;
      await view.post({ type: 'pipeline', uri: 'file:///ws/dvc.yaml', fileName: 'dvc.yaml', logs: [], dag, status });
      await rendered(view, since, 30_000);
      const whole = await overflow(view, 'body');
      assert.ok(whole.scrollWidth <= whole.clientWidth, `the page is ${whole.scrollWidth} px wide in a ${whole.clientWidth} px panel (widest: ${whole.widest})`);
      await view.screenshot(`pipeline panel 576px ${theme}`);
      await view.close();
    });
  }
});
