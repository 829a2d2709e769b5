// The Security view beside the walkthrough (issue #83, step 8): at half width (640 px) the risks go
// below the drawing in the room the drawing leaves them, so the list the step asks to click is on
// screen without scrolling the page, and after Fit the drawing's text stays readable (READABLE_ZOOM:
// names and arrow labels ≥ 8 px drawn, a box's technology ≥ 7.68 px).
import * as assert from 'node:assert/strict';
import { READABLE_ZOOM } from '../../server/src/drawing/mapArrange';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { INSECURE, securityViewOf } from './securityFixtures';

/** The drawing's smallest text as drawn (font size × zoom), and where the risk list and its first risk are against the window. */
function measure(page: Awaited<ReturnType<typeof renderPanel>>['page']) {
  return page.evaluate(() => {
    const zoom = (document.querySelector('#stage') as SVGGElement).getCTM()!.a;
    const drawn = (selector: string) => Math.min(...[...document.querySelectorAll<SVGTextElement>(selector)].map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom));
    const onScreen = (element: Element | null) => {
      if (!element) return 'missing';
      const r = element.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return 'hidden';
      if (r.top < 0 || r.bottom > window.innerHeight || r.left < 0 || r.right > window.innerWidth) return `outside (${Math.round(r.top)}–${Math.round(r.bottom)} of ${window.innerHeight})`;
      // Nothing drawn over it: what a click at its centre reaches is the element itself.
      const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
      return hit && element.contains(hit) ? 'visible' : 'covered';
    };
    return {
      names: Math.round(drawn('#stage text:not(.technology)') * 100) / 100,
      technology: Math.round(drawn('#stage text.technology') * 100) / 100,
      heading: onScreen(document.querySelector('#risks h3')),
      first: onScreen(document.querySelector('#risks li.risk button.risk-title')),
      scrolled: window.scrollY,
    };
  });
}

describe('System Map page: the Security view at half width (640 px)', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('the risk list is on screen below the drawing, a click on a risk lights its path, and Fit keeps names ≥ 8 px', async () => {
    const view = await securityViewOf(INSECURE);
    const page = await renderPanel(harness, 'system', { viewport: { width: 640, height: 700 }, pageData: { view: 'security', lang: 'en' } });
    let since = page.messages.length;
    await page.post({ type: 'security', security: view });
    await rendered(page, since);
    since = page.messages.length;
    await page.page.click('#fit');
    await rendered(page, since);
    const seen = await measure(page.page);
    await page.screenshot('system map security 640');
    assert.deepEqual({ heading: seen.heading, first: seen.first, scrolled: seen.scrolled }, { heading: 'visible', first: 'visible', scrolled: 0 });
    // READABLE_ZOOM's promise (drawing/mapArrange.ts): names and arrow labels at 8 px or more, a box's technology (12 px) at 7.68.
    assert.ok(seen.names >= 8, `names drawn at ${seen.names} px`);
    assert.ok(seen.technology >= 12 * READABLE_ZOOM - 0.01, `technology drawn at ${seen.technology} px`);
    // The first risk, clicked where it is: its attack path lit.
    const id = await page.page.getAttribute('#risks li.risk', 'data-risk');
    const first = view.risks.find((r) => r.id === id)!;
    assert.ok(first, `risk ${id}`);
    since = page.messages.length;
    await page.page.click('#risks li.risk button.risk-title');
    const after = await rendered(page, since);
    assert.equal(await page.page.getAttribute('#risks li.chosen', 'data-risk'), first.id);
    assert.equal(after.lit, first.path.length + first.links.length * 2);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
