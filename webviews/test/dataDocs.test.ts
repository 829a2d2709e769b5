// The Data Docs page (issue #29) with a real validation: the example's prices with a planted
// negative volume and a missing date, run by the engine (DuckDB) against the example's suite. Every
// expectation is a row with its verdict; the failing ones show their count, values and rows (a row
// asks the host to open the data file at its line); workspace text stays text.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidationResult } from '../../server/src/protocol/validate';
import { validateData } from '../../server/src/engines/validate/run';
import { plantDefects } from '../../server/test/plantedPrices';
import { parseSuite } from '../../server/src/validate/suite';
import { PORTFOLIO } from './fixtures';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';

async function plantedValidation(): Promise<{ result: ValidationResult; data: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-datadocs-'));
  try {
    const data = path.join(dir, 'prices.csv');
    writeFileSync(data, plantDefects(readFileSync(path.join(PORTFOLIO, 'prediction', 'prices.csv'), 'utf8')));
    const suitePath = path.join(PORTFOLIO, 'quality', 'prices.expectations.yaml');
    const suite = parseSuite(readFileSync(suitePath, 'utf8'), suitePath);
    const result = await validateData(data, suite, { resultFormat: 'SUMMARY', dataLabel: data, suiteLabel: suitePath });
    return { result, data: pathToFileURL(data).href };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Data Docs page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('draws each expectation with its verdict, and the failures with their counts, values and rows', async () => {
    const { result, data } = await plantedValidation();
    const view = await renderPanel(harness, 'dataDocs', { viewport: { width: 1200, height: 900 } });
    await view.post({ type: 'validation', view: { result, data } });
    assert.deepEqual(await rendered(view), { expectations: 11, failed: 2, success: false });
    assert.equal(await view.page.textContent('h1'), 'Data Docs: prices.csv');
    assert.equal(await view.page.locator('tr.expectation').count(), 11);
    const failed = await view.page.locator('tr.failed').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    assert.deepEqual(failed, [
      ['✗', 'expect_column_values_to_not_be_null', 'Date', '', '1 / 360 (0.28 %)', 'null', '10'],
      ['✗', 'expect_column_values_to_be_betweenmin_value=0', 'Volume', '', '1 / 360 (0.28 %)', '-5000', '5'],
    ]);
    // A row opens the data file at its line (row 5 is line 7: editor line 6).
    const before = view.messages.length;
    await view.page.click('tr.failed a[data-row="5"]');
    const reveal = await view.waitForMessage<{ type: string; uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal' && view.messages.indexOf(m) >= before, 10_000);
    assert.deepEqual([reveal.uri, reveal.range.start.line], [data, 6]);
  });

  // Half of a 1280-px window (a side panel) and a 1024×700 screen: every column readable, none cut.
  for (const viewport of [{ width: 640, height: 700 }, { width: 1024, height: 700 }]) {
    it(`is readable at ${viewport.width}×${viewport.height}: no column cut, the observed values in view and named`, async () => {
      const { result, data } = await plantedValidation();
      const view = await renderPanel(harness, 'dataDocs', { viewport });
      await view.post({ type: 'validation', view: { result, data } });
      await rendered(view);
      const layout = await view.page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const cells = [...document.querySelectorAll<HTMLElement>('td.observed, td.unexpected, td.values, td.rows')].filter((c) => c.textContent !== '');
        const heading = (cell: HTMLElement) => {
          const th = document.querySelectorAll('thead th')[(cell as HTMLTableCellElement).cellIndex] as HTMLElement | undefined;
          const label = getComputedStyle(cell, '::before').content;
          // Wide, the column's head names it; narrow, the card's label before the value does.
          return th && th.getBoundingClientRect().width > 0 ? th.textContent : label.replace(/^"|"$/g, '');
        };
        return {
          width,
          scrollWidth: document.documentElement.scrollWidth,
          observed: cells.filter((c) => c.classList.contains('observed')).length,
          outside: cells.filter((c) => c.getBoundingClientRect().right > width + 0.5 || c.getBoundingClientRect().left < 0).map((c) => c.className),
          unnamed: cells.filter((c) => !heading(c)).map((c) => c.className),
          names: [...new Set(cells.map(heading))].sort(),
        };
      });
      assert.ok(layout.observed > 0, 'the validation has observed values');
      assert.ok(layout.scrollWidth <= layout.width, `the page scrolls sideways: ${layout.scrollWidth} > ${layout.width} px`);
      assert.deepEqual(layout.outside, []);
      assert.deepEqual(layout.unnamed, []);
      assert.deepEqual(layout.names, ['Observed', 'Rows', 'Unexpected', 'Unexpected values']);
      await view.screenshot(`data docs ${viewport.width}x${viewport.height}`);
      await view.close();
    });
  }

  it('keeps workspace text as text, and says when there is no validation yet', async () => {
    const { result, data } = await plantedValidation();
    const hostile = { ...result, meta: { ...result.meta, expectation_suite_name: '<img src=x onerror=alert(1)>' } };
    const view = await renderPanel(harness, 'dataDocs');
    await view.post({ type: 'validation', view: { result: hostile, data } });
    await rendered(view);
    assert.equal(await view.page.locator('img').count(), 0);
    assert.match((await view.page.textContent('p.summary')) ?? '', /suite <img src=x onerror=alert\(1\)>/);
    const empty = await renderPanel(harness, 'dataDocs');
    await empty.post({ type: 'empty' });
    assert.deepEqual(await rendered(empty), { empty: true });
  });
});
