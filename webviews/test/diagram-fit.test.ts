// The Mermaid preview at the size VS Code gives it (half a 1,152 px window): Fit shows every node of a
// wide diagram, and the labels of cylinder nodes ([(Database)]) sit on their shapes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WebviewHarness, type RenderedView, type ThemeKind } from './harness';
import { PORTFOLIO } from './fixtures';
import { rendered, renderPanel } from './panels';
import { uprightFlowchart } from '../diagram/upright';

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
  this.timeout(120_000);
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
      // 11 boxes of the stock-prediction service, 5 of the fraud system (scoring, its store, the PSP, the card network, its Argo CD Application).
      assert.equal(seen.total, 16);
      assert.equal(seen.inside, seen.total, `Fit at scale ${fitted} shows ${seen.inside} of ${seen.total} nodes`);
      assert.ok(fitted < 1, `scale ${fitted}`);
      await view.screenshot(`diagram half width fit ${theme}`);
      await view.close();
    });
  }

  // Half of a 1280-px window and a 1024×700 screen: Fit shows the whole diagram with labels one can read.
  for (const viewport of [{ width: 640, height: 700 }, { width: 1024, height: 700 }]) {
    it(`Fit keeps the labels readable at ${viewport.width}×${viewport.height}, the whole diagram in view`, async () => {
      const view = await renderPanel(harness, 'diagram', { viewport });
      await show(view, ARCHITECTURE());
      await view.page.click('#fit');
      const seen = await nodesInView(view);
      assert.equal(seen.inside, seen.total, `${seen.inside} of ${seen.total} nodes in view`);
      // The labels' text as drawn on screen: its font size times the scale.
      const px = await view.page.evaluate(() => {
        const k = new DOMMatrix(getComputedStyle(document.getElementById('stage')!).transform).a;
        const sizes = [...document.querySelectorAll<HTMLElement>('#stage g.node .nodeLabel')].map((l) => parseFloat(getComputedStyle(l).fontSize) * k);
        return Math.min(...sizes);
      });
      assert.ok(px >= 9, `labels drawn at ${px.toFixed(1)} px`);
      const notice = await view.page.$eval('#notice', (el) => ((el as HTMLElement).hidden ? '' : el.textContent));
      if (viewport.width < viewport.height) assert.match(notice ?? '', /top to bottom/);
      await view.screenshot(`diagram fit ${viewport.width}x${viewport.height}`);
      await view.close();
    });
  }

  it('turns only the header of a flowchart written sideways (front matter, comments and subgraph directions as written)', () => {
    const turned = uprightFlowchart(ARCHITECTURE())!;
    assert.match(turned, /^flowchart TB$/m);
    assert.doesNotMatch(turned, /^flowchart LR$/m);
    assert.match(turned, /^ {4}direction TB$/m);
    assert.equal(turned.replace('flowchart TB', 'flowchart LR'), ARCHITECTURE());
    assert.equal(uprightFlowchart('%%{init: {}}%%\ngraph RL\n  a --> b\n'), '%%{init: {}}%%\ngraph BT\n  a --> b\n');
    assert.equal(uprightFlowchart('flowchart TB\n  a --> b\n'), undefined);
    assert.equal(uprightFlowchart('sequenceDiagram\n  a->>b: LR\n'), undefined);
    assert.equal(uprightFlowchart('---\ntitle: x\n'), undefined);
  });

  it('cylinder labels sit on their shapes', async () => {
    const view = await renderPanel(harness, 'diagram', { viewport: { width: 1400, height: 900 } });
    await show(view, ARCHITECTURE());
    await view.page.click('#actual');
    const offsets = await labelOffsets(view);
    // The example has three cylinders (vendor, feature store, registry); they were 47–68 px off.
    assert.equal(offsets.length, 16);
    for (const o of offsets) {
      assert.ok(Math.abs(o.dx) <= 2, `${o.id}: label ${o.dx} px off its shape's centre`);
      assert.equal(o.clipped, false, `${o.id}: label starts left of its shape`);
    }
    await view.screenshot('diagram cylinders');
    await view.close();
  });
});
