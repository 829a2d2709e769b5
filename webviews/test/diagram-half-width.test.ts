// The Mermaid preview beside the walkthrough (issue #83, step 6): at half width (400 to 640 px) Fit
// keeps the example's labels readable (Mermaid's 16 px drawn at READABLE_SCALE or more: uprightIfNarrow
// turns the wide flowchart top to bottom first) with its first node in view. Measured on main before
// #83's changes too (9.6 px or more at each width): a guard for the step, not a fix.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WebviewHarness } from './harness';
import { PORTFOLIO } from './fixtures';
import { rendered, renderPanel } from './panels';
import { READABLE_SCALE } from '../diagram/zoom';

const origin = { kind: 'file', uri: 'file:///ws/docs/architecture.mmd' } as const;

describe('Mermaid preview at half width: Fit stays readable', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  for (const viewport of [{ width: 576, height: 700 }, { width: 640, height: 700 }, { width: 480, height: 600 }, { width: 400, height: 500 }]) {
    it(`the example's architecture diagram at ${viewport.width} px: labels drawn ≥ ${16 * READABLE_SCALE} px after Fit, the first node in view`, async () => {
      const view = await renderPanel(harness, 'diagram', { viewport });
      const since = view.messages.length;
      await view.post({ type: 'diagram', sources: [], origin, title: 'architecture.mmd', mermaid: readFileSync(path.join(PORTFOLIO, 'docs', 'architecture.mmd'), 'utf8') });
      await rendered(view, since, 30_000);
      await view.page.click('#fit');
      const seen = await view.page.evaluate(() => {
        const k = new DOMMatrix(getComputedStyle(document.getElementById('stage')!).transform).a;
        const port = document.getElementById('viewport')!.getBoundingClientRect();
        // Mermaid's SVG text labels (htmlLabels: false) are `text` elements: `.nodeLabel` (HTML labels) matched none.
        const labels = [...document.querySelectorAll<SVGTextElement>('#stage g.node text')];
        const first = document.querySelector('#stage g.node')!.getBoundingClientRect();
        return {
          count: labels.length,
          px: Math.round(Math.min(...labels.map((l) => parseFloat(getComputedStyle(l).fontSize) * k)) * 100) / 100,
          firstInView: first.left >= port.left - 0.5 && first.top >= port.top - 0.5 && first.right <= port.right + 0.5 && first.bottom <= port.bottom + 0.5,
        };
      });
      await view.screenshot(`diagram half width readable fit ${viewport.width}`);
      assert.ok(seen.count > 0, 'labels measured');
      assert.ok(seen.px >= 16 * READABLE_SCALE - 0.01, `labels drawn at ${seen.px} px`);
      assert.equal(seen.firstInView, true);
      assert.deepEqual(view.errors, []);
      await view.close();
    });
  }
});
