// The risk dashboard page with the server's model of the example AMDEC file (and its RACI): heat
// map counts, the detection filter, the Pareto order, overdue actions in red, before/after ratings.
import * as assert from 'node:assert/strict';
import { WebviewHarness, type ThemeKind } from './harness';
import { amdecModel, portfolioFile } from './fixtures';
import { rendered, renderPanel } from './panels';

const files = () => ({
  'governance/risks.amdec.yaml': portfolioFile('governance/risks.amdec.yaml'),
  'governance/governance.raci.yaml': portfolioFile('governance/governance.raci.yaml'),
});

describe('risk dashboard page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  // A day when three open actions are past due (2026-12-15, 2027-01-15, 2027-01-31).
  const today = '2027-02-01';

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
    it(`draws matrix, Pareto, actions and revised ratings of the example (${theme})`, async () => {
      const model = amdecModel(files(), 'governance/risks.amdec.yaml', today);
      const view = await renderPanel(harness, 'amdec', { theme, viewport: { width: 1300, height: 900 } });
      await view.post({ type: 'model', model, fileName: 'risks.amdec.yaml' });
      const summary = await rendered(view);
      const actions = model.risks.flatMap((r) => r.actions);
      assert.equal(summary.risks, model.risks.length);
      assert.equal(summary.shown, model.risks.filter((r) => r.score).length);
      assert.equal(summary.actions, actions.length);
      assert.equal(summary.overdue, 3);
      assert.equal(summary.problems, 0);

      // Heat map: the counts add up to the scored risks, and each sits at its S × O.
      const counts = await view.page.$$eval('td.heat.filled', (cells) => cells.map((c) => Number((c as HTMLElement).dataset.count)));
      assert.equal(counts.reduce((a, b) => a + b, 0), summary.shown);
      const r01 = model.risks.find((r) => r.id === 'R-01')!.score!;
      const cell = view.page.locator(`td.heat[data-severity="${r01.severity}"][data-occurrence="${r01.occurrence}"]`);
      assert.match((await cell.getAttribute('title')) ?? '', /R-01/);
      // One risk, one colour: R-14 (S 9 × O 2, RPN 108 ≥ 100) is red in the matrix as in the Pareto,
      // though S × O alone is low; a cell of risks under the threshold is blue like their bars.
      const r14 = model.risks.find((r) => r.id === 'R-14')!.score!;
      assert.equal(r14.needsTreatment, true);
      // Colours compared as a canvas paints them (computed values come in several notations), alpha aside.
      const rgbOf = (selector: string, property: 'backgroundColor' | 'fill') =>
        view.page.$eval(
          selector,
          (e, p) => {
            const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
            context.fillStyle = getComputedStyle(e)[p];
            context.fillRect(0, 0, 1, 1);
            return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
          },
          property,
        );
      const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) <= 2);
      const r14Cell = `td.heat[data-severity="${r14.severity}"][data-occurrence="${r14.occurrence}"]`;
      const red = await rgbOf('.pareto rect.bar-high', 'fill');
      const blue = await rgbOf('.pareto rect.bar-low', 'fill');
      assert.ok(near(await rgbOf(r14Cell, 'backgroundColor'), red), `R-14's cell ${await rgbOf(r14Cell, 'backgroundColor')} is the Pareto bar's red ${red}`);
      const low = model.risks.find((r) => r.score && !r.score.needsTreatment && !model.risks.some((o) => o.score?.needsTreatment && o.score.severity === r.score!.severity && o.score.occurrence === r.score!.occurrence))!.score!;
      assert.ok(near(await rgbOf(`td.heat[data-severity="${low.severity}"][data-occurrence="${low.occurrence}"]`, 'backgroundColor'), blue));
      // The same heading rule as the RACI dashboard: the file's title, the file name below it.
      assert.equal(await view.page.textContent('h1'), 'Data governance risks of the stock-direction prediction service');
      assert.match((await view.page.textContent('#facts')) ?? '', /^risks\.amdec\.yaml · AMDEC · RPN/);

      // Pareto: bars in decreasing order of RPN.
      const bars = await view.page.$$eval('.pareto rect.bar', (rects) => rects.map((r) => Number((r as SVGElement).dataset.score)));
      assert.equal(bars.length, summary.shown);
      assert.deepEqual(bars, [...bars].sort((a, b) => b - a));
      assert.equal(await view.page.locator('.pareto .threshold').count(), 1);

      // Actions: overdue ones in red, with their owner's name from the RACI.
      assert.deepEqual((await view.page.locator('table.actions tr.overdue td:first-child').allTextContents()).sort(), ['A-06', 'A-11', 'A-12']);
      const overdueColour = await view.page.$eval('table.actions tr.overdue td', (td) => getComputedStyle(td).color);
      const plainColour = await view.page.$eval('table.actions tr:not(.overdue):not(.status-done) td', (td) => getComputedStyle(td).color);
      assert.notEqual(overdueColour, plainColour);
      assert.match((await view.page.locator('tr[data-action="A-01"]').textContent()) ?? '', /MLOps platform lead \(platform\)/);

      // Before / after: R-01 goes from 210 to 70.
      const r01Row = view.page.locator('table.before-after tr[data-risk="R-01"]');
      assert.match((await r01Row.textContent()) ?? '', /210.*70.*-140 \(-67%\)/);
      assert.deepEqual(view.blockedRequests, []);
      assert.deepEqual(view.errors, []);
      await view.screenshot(`risk dashboard ${theme}`);
      await view.close();
    });
  }

  it('filters by detection, switches to revised ratings, keeps the view in its state', async () => {
    const model = amdecModel(files(), 'governance/risks.amdec.yaml', today);
    const view = await renderPanel(harness, 'amdec');
    await view.post({ type: 'model', model, fileName: 'risks.amdec.yaml' });
    await rendered(view);
    let since = view.messages.length;
    await view.page.selectOption('#detection-min', '6');
    const filtered = await rendered(view, since);
    const expected = model.risks.filter((r) => r.score && r.score.detection >= 6).length;
    assert.equal(filtered.shown, expected);
    assert.deepEqual(await view.state(), { uri: model.uri, detection: [6, 10], ratings: 'initial' });

    since = view.messages.length;
    await view.page.click('#ratings-revised');
    const revised = await rendered(view, since);
    const after = model.risks.filter((r) => {
      const s = r.revised ?? r.score;
      return s && s.detection >= 6;
    }).length;
    assert.equal(revised.shown, after);
    assert.equal(await view.page.textContent('.matrix h2'), 'Risk matrix (revised ratings)');
    assert.deepEqual(await view.state(), { uri: model.uri, detection: [6, 10], ratings: 'revised' });
    await view.close();

    // Reopened with that state (a reload): the view comes back.
    const again = await renderPanel(harness, 'amdec', { initialState: { uri: model.uri, detection: [6, 10], ratings: 'revised' } });
    await again.post({ type: 'model', model, fileName: 'risks.amdec.yaml' });
    assert.equal((await rendered(again)).shown, after);
    assert.equal(await again.page.inputValue('#detection-min'), '6');
    await again.close();
  });

  it('reveals the risk of a bar, a matrix cell and a before/after row, and the action of a tracker row', async () => {
    const model = amdecModel(files(), 'governance/risks.amdec.yaml', today);
    const view = await renderPanel(harness, 'amdec');
    await view.post({ type: 'model', model, fileName: 'risks.amdec.yaml' });
    await rendered(view);
    const r01 = model.risks.find((r) => r.id === 'R-01')!;
    await view.page.click('.pareto rect[data-risk="R-01"]');
    await view.page.click('table.before-after tr[data-risk="R-01"]');
    await view.page.click('table.actions tr[data-action="A-01"]');
    await view.page.click(`td.heat[data-severity="${r01.score!.severity}"][data-occurrence="${r01.score!.occurrence}"]`);
    const reveals = async (n: number) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = view.messages.filter((m) => (m as { type?: string }).type === 'reveal') as { range: unknown }[];
        if (found.length >= n || Date.now() > deadline) return found;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const [bar, row, action, cell] = await reveals(4);
    assert.deepEqual(bar.range, r01.range);
    assert.deepEqual(row.range, r01.range);
    assert.deepEqual(action.range, r01.actions[0].range);
    // The cell of R-01 holds only R-01 in the example.
    assert.deepEqual(cell.range, r01.range);
    await view.close();
  });

  it('outlines a risk the rules report on, and shows hostile text as text', async () => {
    const text = portfolioFile('governance/risks.amdec.yaml')
      .replace('rpn: 210', 'rpn: 200')
      .replace('failure_mode: The feed delivers late or misses ticks for part of the universe', 'failure_mode: "<script>window.__pwned = true</script><img src=x onerror=window.__pwned=true>"');
    const model = amdecModel({ ...files(), 'governance/risks.amdec.yaml': text }, 'governance/risks.amdec.yaml', today);
    assert.deepEqual(model.problems.map((p) => p.code), ['amdec-stored-score']);
    const view = await renderPanel(harness, 'amdec');
    await view.post({ type: 'model', model, fileName: 'risks.amdec.yaml' });
    assert.equal((await rendered(view)).problems, 1);
    const row = view.page.locator('table.before-after tr[data-risk="R-01"]');
    assert.match((await row.getAttribute('class')) ?? '', /\bproblem\b/);
    assert.equal(await view.page.locator('#problems li').count(), 1);
    assert.equal(await row.locator('td:nth-child(2)').textContent(), '<script>window.__pwned = true</script><img src=x onerror=window.__pwned=true>');
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
    await view.screenshot('risk dashboard problem');
    await view.close();
  });
});
