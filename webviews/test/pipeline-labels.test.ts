// The pipeline DAG's text stays readable at every width and height (issue #69: it went down to ~7 px
// once the terminal opened under the panel): after Fit, a stage's name and status are 11 px or more on
// screen; a DAG too large for that is shown from its top at that size (and pans).
import * as assert from 'node:assert/strict';
import type { PipelineDag, PipelineStatus } from '../../server/src/protocol/pipeline';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { FILE, URI } from './pipelineFixtures';

/** Four chains of ten stages (a data pipeline per market), each starting from one download. */
function largeDag(): { dag: PipelineDag; status: PipelineStatus } {
  const steps = ['download', 'clean', 'features', 'split', 'train', 'evaluate', 'calibrate', 'predict', 'drift', 'report'];
  const stages = ['fetch', ...['us', 'eu', 'asia', 'latam'].flatMap((market) => steps.map((step) => `${step}@${market}`))];
  let offset = 0;
  const nodes = stages.map((stage) => {
    const span = { start: offset, end: offset + stage.length };
    offset += stage.length + 40;
    return { stage, definition: stage.replace(/@.*/, ''), frozen: false, span };
  });
  const edges = stages.slice(1).map((stage, i) => ({ from: stage.startsWith('download') ? 'fetch' : stages[i], to: stage }));
  return { dag: { file: FILE, nodes, edges }, status: { file: FILE, hashed: 1, ms: 1, stages: stages.map((stage) => ({ stage, state: 'never-run' as const, reasons: [] })) } };
}

describe('pipeline DAG labels at every size', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  // Half and whole screens, and the panel with the terminal open under it (a short window).
  for (const viewport of [{ width: 640, height: 700 }, { width: 1024, height: 700 }, { width: 1500, height: 900 }, { width: 1300, height: 300 }, { width: 480, height: 260 }]) {
    it(`a 41-stage DAG at ${viewport.width}×${viewport.height}: every stage's text 11 px or more after Fit`, async () => {
      const view = await renderPanel(harness, 'pipeline', { viewport });
      const { dag, status } = largeDag();
      let since = view.messages.length;
      await view.post({ type: 'pipeline', uri: URI, fileName: 'dvc.yaml', logs: [], dag, status });
      await rendered(view, since, 30_000);
      await view.page.waitForSelector('#viewport g.node');
      since = view.messages.length;
      await view.page.click('#fit');
      const px = await view.page.evaluate(() => {
        const stage = document.querySelector<HTMLElement>('#viewport .stage')!;
        const zoom = new DOMMatrix(getComputedStyle(stage).transform).a;
        return Math.min(...[...document.querySelectorAll<SVGTextElement>('#viewport g.node text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom));
      });
      console.log(`      ${viewport.width}×${viewport.height}: smallest stage text ${px.toFixed(1)} px`);
      await view.screenshot(`pipeline labels ${viewport.width}x${viewport.height}`);
      assert.ok(px >= 11 - 1e-6, `${px.toFixed(2)} px`);
      assert.deepEqual(view.errors, []);
      await view.close();
    });
  }
});
