// The System Map fits at any width (issue #69): after Fit, at 640, 1,024 and 1,500 px, every box of the
// example's views and of a 25-component map lies inside the viewport and no two labels (a box's lines,
// an arrow's label) intersect. A map that needs a smaller zoom than the readable one (the example's
// delivery view: 39 boxes in 640 or 1,024 px) is fitted at that zoom: a sign says how many boxes are out
// of view, shades mark the sides the map goes on past, and a click on the overview brings them into view.
// Export… asks the host for a file in each format.
import * as assert from 'node:assert/strict';
import { READABLE_ZOOM } from '../../server/src/drawing/mapArrange';
import type { SystemMapResult, SystemMapView } from '../../server/src/protocol/system';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { exampleMap, shopMap } from './systemFixtures';

const WIDTHS = [
  { width: 640, height: 700 },
  { width: 1024, height: 700 },
  { width: 1500, height: 900 },
];

type Page = Awaited<ReturnType<typeof renderPanel>>;

/** What Fit shows: boxes wholly inside the viewport, pairs of labels that meet, the smallest label on screen. */
function measure(page: Page) {
  return page.page.evaluate(() => {
    const port = document.getElementById('map')!.getBoundingClientRect();
    const nodes = [...document.querySelectorAll<SVGGElement>('#stage .node')];
    const outside = nodes.filter((n) => {
      const r = n.querySelector('rect')!.getBoundingClientRect();
      return r.left < port.left - 0.5 || r.right > port.right + 0.5 || r.top < port.top - 0.5 || r.bottom > port.bottom + 0.5;
    }).map((n) => n.querySelector('text')?.textContent ?? '');
    // Every label's ink: the lines of each box, the text of each arrow's label (its background too).
    const texts = [...document.querySelectorAll<SVGTextElement>('#stage .node text, #stage .label text')].map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }));
    const backgrounds = [...document.querySelectorAll<SVGRectElement>('#stage .label rect')].map((r) => ({ text: r.parentElement?.querySelector('text')?.textContent ?? '', box: r.getBoundingClientRect() }));
    const meet = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const meeting: string[] = [];
    for (const list of [texts, backgrounds]) {
      list.forEach((a, i) => {
        for (const b of list.slice(i + 1)) if (meet(a.box, b.box)) meeting.push(`"${a.text}" × "${b.text}"`);
      });
    }
    const zoom = (document.querySelector('#stage') as SVGGElement).getCTM()!.a;
    const sizes = [...document.querySelectorAll<SVGTextElement>('#stage text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom);
    const sign = document.getElementById('offview');
    return { boxes: nodes.length, outside, meeting, smallest: Math.round(Math.min(...sizes) * 100) / 100, zoom: Math.round(zoom * 1000) / 1000, offview: sign && !sign.hidden ? (sign.textContent ?? '') : '' };
  });
}

describe('System Map fits at any width', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  const maps: { name: string; map: () => SystemMapResult }[] = [
    ...(['containers', 'context', 'deployment'] as SystemMapView[]).map((view) => ({ name: `the example's ${view} view`, map: () => exampleMap(view) })),
    { name: 'a 25-component map', map: shopMap },
  ];

  /** The page at `viewport` with `data`, after Fit. */
  async function fitted(data: SystemMapResult, viewport: { width: number; height: number }) {
    const page = await renderPanel(harness, 'system', { viewport });
    let since = page.messages.length;
    await page.post({ type: 'map', map: data });
    await rendered(page, since);
    since = page.messages.length;
    await page.page.click('#fit');
    return { page, summary: await rendered(page, since) };
  }

  for (const { name, map } of maps) {
    for (const viewport of WIDTHS) {
      it(`${name} at ${viewport.width} px: after Fit every box in view, no two labels meeting`, async () => {
        const data = map();
        const { page } = await fitted(data, viewport);
        const seen = await measure(page);
        await page.screenshot(`system map fit ${name} ${viewport.width}`);
        assert.equal(seen.boxes, data.nodes.length);
        assert.deepEqual(seen.outside, [], `boxes outside the view at zoom ${seen.zoom}`);
        assert.deepEqual(seen.meeting, []);
        assert.ok(seen.zoom >= READABLE_ZOOM, `zoom ${seen.zoom}`);
        assert.equal(seen.offview, '', 'nothing is out of view');
        assert.equal(await page.page.locator('.shade').count(), 0);
        assert.deepEqual(page.errors, []);
        await page.close();
      });
    }
  }

  for (const viewport of WIDTHS) {
    it(`the example's delivery view (39 boxes) at ${viewport.width} px: whole in view, or at the readable zoom with what is out of view said and reachable`, async () => {
      const data = exampleMap('delivery');
      const { page, summary } = await fitted(data, viewport);
      let seen = await measure(page);
      await page.screenshot(`system map fit delivery ${viewport.width}`);
      assert.equal(seen.boxes, data.nodes.length);
      assert.deepEqual(seen.meeting, []);
      assert.ok(seen.zoom >= READABLE_ZOOM, `zoom ${seen.zoom}`);
      assert.equal(summary.outside, seen.outside.length);
      if (seen.outside.length === 0) {
        assert.equal(seen.offview, '');
        assert.equal(await page.page.locator('#overview').isVisible(), false);
      } else {
        // Fit stopped at the readable zoom: the sign counts what is out, the overview shows the whole.
        assert.equal(seen.zoom, READABLE_ZOOM);
        assert.equal(seen.offview, `${seen.outside.length} of ${data.nodes.length} boxes out of view: drag to pan, or click the overview`);
        assert.ok((await page.page.locator('.shade').count()) > 0, 'a shade on a side the map goes on past');
        assert.ok(await page.page.locator('#overview').isVisible());
        // A click on the overview where a box out of view is brings that box into view.
        const target = seen.outside[0];
        // Its box in the overview (the overview's boxes carry the ids of the map's).
        const id = await page.page.evaluate((name) => [...document.querySelectorAll<SVGGElement>('#stage .node')].find((n) => n.querySelector('text')?.textContent === name)!.dataset.node!, target);
        const mark = (await page.page.locator(`#overview rect.box[data-node="${id}"]`).boundingBox())!;
        const point = { x: mark.x + mark.width / 2, y: mark.y + mark.height / 2 };
        const since = page.messages.length;
        await page.page.mouse.click(point.x, point.y);
        await page.page.waitForFunction((name) => {
          const port = document.getElementById('map')!.getBoundingClientRect();
          const node = [...document.querySelectorAll('#stage .node')].find((n) => n.querySelector('text')?.textContent === name);
          const r = node?.querySelector('rect')?.getBoundingClientRect();
          return r !== undefined && r.left >= port.left && r.right <= port.right && r.top >= port.top && r.bottom <= port.bottom;
        }, target, { timeout: 10_000 });
        seen = await measure(page);
        assert.ok(!seen.outside.includes(target), `${target} still out of view`);
        assert.equal(page.messages.length, since, 'panning posts nothing to the host');
        await page.screenshot(`system map overview click ${viewport.width}`);
      }
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  it('Export… posts each format with the view shown: the host writes the file, the page never does', async () => {
    const page = await renderPanel(harness, 'system', { viewport: { width: 1024, height: 700 } });
    await page.post({ type: 'map', map: exampleMap('deployment') });
    await rendered(page);
    assert.equal(await page.page.locator('#export option:checked').textContent(), 'Export…');
    const formats = await page.page.locator('#export option:not([disabled])').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    assert.deepEqual(formats, [['mermaid', 'Mermaid'], ['structurizr', 'Structurizr DSL'], ['plantuml', 'PlantUML'], ['svg', 'SVG'], ['png', 'PNG']]);
    for (const [format] of formats) {
      const since = page.messages.length;
      await page.page.selectOption('#export', format ?? '');
      const message = await page.waitForMessage<{ type: string; format: string; view: string }>((m) => (m as { type?: string }).type === 'export' && page.messages.indexOf(m) >= since, 5000);
      assert.deepEqual(message, { type: 'export', format, view: 'deployment' });
      // The menu is back on its title, ready for another export.
      assert.equal(await page.page.locator('#export').inputValue(), '');
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
