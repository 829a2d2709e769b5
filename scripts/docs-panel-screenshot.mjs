// Regenerates the pictures of the panels drawn from fixture data (those the walkthrough does not
// show: its pictures are made from its steps by scripts/walkthrough-pictures.mjs): each page bundle
// rendered by the webview test harness (headless Chromium, the panel's strict CSP, the dark theme's
// variables), the top of the panel as a person first sees it.
//   node scripts/docs-panel-screenshot.mjs [pipeline|system]   (builds out/ and dist/ first when missing or stale)
//   → docs/images/pipeline-panel.png: the panel tests' fixture (a stage in each state; the tests'
//     hostile stage name made an ordinary one), the stages needing attention listed beside the DAG
//   → docs/images/system-map.png: the example workspace's system map (containers view), as the server makes it
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled, compiled } from './lib/built.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const fromTests = (file) => require(path.join(root, 'out', 'webviews', 'test', file));

/** Per panel: its page, the picture, the viewport, and the messages that fill it. */
const pictures = {
  pipeline: {
    image: 'pipeline-panel.png',
    viewport: { width: 1280, height: 720 },
    async messages() {
      const { fixture, HOSTILE, URI } = fromTests('pipelineFixtures.js');
      const named = JSON.parse(JSON.stringify(fixture()).replaceAll(JSON.stringify(HOSTILE).slice(1, -1), 'report'));
      const { dag, status } = named;
      for (const stage of status.stages) if (stage.stage === 'report') stage.reasons = ['`data/ohlcv.csv` changed since the last run'];
      return [{ type: 'pipeline', uri: URI, fileName: 'dvc.yaml', dag, status, logs: [] }];
    },
  },
  system: {
    image: 'system-map.png',
    viewport: { width: 1280, height: 720 },
    async messages() {
      const { exampleMap } = fromTests('systemFixtures.js');
      return [{ type: 'map', map: exampleMap('containers') }];
    },
  },
};

const wanted = process.argv.slice(2);
for (const name of wanted) if (!pictures[name]) throw new Error(`unknown panel "${name}"; panels: ${Object.keys(pictures).join(', ')}`);
// The panels' bundles (dist/webviews) and the test harness with its fixtures (out/webviews/test), as a clone after `npm install` has neither.
compiled(root);
bundled(root);
const { WebviewHarness } = fromTests('harness.js');
const { renderPanel, rendered } = fromTests('panels.js');
const harness = new WebviewHarness();
await harness.launch();
try {
  for (const name of wanted.length > 0 ? wanted : Object.keys(pictures)) {
    const picture = pictures[name];
    const view = await renderPanel(harness, name, { theme: 'dark', viewport: picture.viewport });
    for (const message of await picture.messages()) await view.post(message);
    await rendered(view);
    const out = path.join(root, 'docs', 'images', picture.image);
    await view.page.screenshot({ path: out, fullPage: false });
    console.log(`wrote ${out}`);
    await view.close();
  }
} finally {
  await harness.close();
}
