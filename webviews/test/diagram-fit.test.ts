// The Mermaid preview at the size VS Code gives it (half a 1,152 px window): Fit shows every node of a
// wide diagram, and the labels of cylinder nodes ([(Database)]) sit on their shapes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WebviewHarness, type RenderedView, type ThemeKind } from './harness';
import { PORTFOLIO } from './fixtures';
import { rendered, renderPanel } from './panels';

const ARCHITECTURE = () => readFileSync(path.join(PORTFOLIO, 'docs', 'architecture.mmd'), 'utf8');
const HALF = { width: 576, height: 700 };
const origin = { kind: 'file', uri: 'file:///ws/docs/architecture.mmd' } as const;

async function show(view: RenderedView, mermaid: string): Promise<void> {
  const since = view.messages.length;
  await view.post({ type: 'diagram', sources: [], origin, title: 'architecture.mmd', mermaid });
  await rendered(view, since, 30_000);
}

const scale = (view: RenderedView) => view.page.$eval('#stage', (el) => new DOMMatrix(getComputedStyle(el).transform).a);

/** Nodes whose drawn box lies wholly inside the viewport. */
function nodesInView(view: RenderedView) {
  return view.page.evaluate(() => {
    const port = document.getElementById('viewport')!.getBoundingClientRect();
    const nodes = [...document.querySelectorAll<SVGGElement>('#stage g.node')];
    const inside = nodes.filter((n) => {
      const r = n.getBoundingClientRect();
      return r.left >= port.left - 0.5 && r.right <= port.right + 0.5 && r.top >= port.top - 0.5 && r.bottom <= port.bottom + 0.5;
    });
    return { total: nodes.length, inside: inside.length };
  });
}

/** Each node's label centre against its shape's centre, horizontally, in diagram units (scale 1). */
function labelOffsets(view: RenderedView) {
  return view.page.evaluate(() => {
    const k = new DOMMatrix(getComputedStyle(document.getElementById('stage')!).transform).a;
    return [...document.querySelectorAll<SVGGElement>('#stage g.node')].map((node) => {
      const shape = node.querySelector<SVGGraphicsElement>('.basic, .label-container, path, rect, polygon, circle')!.getBoundingClientRect();
      const label = node.querySelector<SVGGraphicsElement>('.label')!.getBoundingClientRect();
      return {
        id: node.id,
        dx: Math.round(((label.left + label.right) / 2 - (shape.left + shape.right) / 2) / k),
        clipped: label.left < shape.left - 1,
      };
    });
  });
}

describe('Mermaid preview at half width', function () {
  this.timeout(90_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
    it(`Fit shows every node of the example's architecture diagram (${theme})`, async () => {
      const view = await renderPanel(harness, 'diagram', { theme, viewport: HALF });
      await show(view, ARCHITECTURE());
      await view.page.click('#fit');
      const fitted = await scale(view);
      const seen = await nodesInView(view);
      assert.equal(seen.total, 11);
      assert.equal(seen.inside, seen.total, `Fit at scale ${fitted} shows ${seen.inside} of ${seen.total} nodes`);
      assert.ok(fitted < 1, `scale ${fitted}`);
      await view.screenshot(`diagram half width fit ${theme}`);
      await view.close();
    });
  }

  it('cylinder labels sit on their shapes', async () => {
    const view = await renderPanel(harness, 'diagram', { viewport: { width: 1400, height: 900 } });
    await show(view, ARCHITECTURE());
    await view.page.click('#actual');
    const offsets = await labelOffsets(view);
    // The example has three cylinders (vendor, feature store, registry); they were 47–68 px off.
    assert.equal(offsets.length, 11);
    for (const o of offsets) {
      assert.ok(Math.abs(o.dx) <= 2, `${o.id}: label ${o.dx} px off its shape's centre`);
      assert.equal(o.clipped, false, `${o.id}: label starts left of its shape`);
    }
    await view.screenshot('diagram cylinders');
    await view.close();
  });
});
