// Regenerates the README's picture of the pipeline panel: the page bundle rendered by the webview
// test harness (headless Chromium, the panel's strict CSP, the dark theme's variables) with the
// panel tests' fixture (a stage in each state, the hostile name made an ordinary one), the stages needing attention listed beside the DAG.
//   node node_modules/typescript/bin/tsc -b && node esbuild.mjs && node scripts/docs-pipeline-screenshot.mjs
//   → docs/images/pipeline-panel.png
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { WebviewHarness } = require(path.join(root, 'out', 'webviews', 'test', 'harness.js'));
const { renderPanel, rendered } = require(path.join(root, 'out', 'webviews', 'test', 'panels.js'));
const { fixture, HOSTILE, URI } = require(path.join(root, 'out', 'webviews', 'test', 'pipelineFixtures.js'));

const harness = new WebviewHarness();
await harness.launch();
try {
  const view = await renderPanel(harness, 'pipeline', { theme: 'dark', viewport: { width: 1280, height: 720 } });
  // The tests' hostile stage name is for the tests: here it is an ordinary report stage.
  const named = JSON.parse(JSON.stringify(fixture()).replaceAll(JSON.stringify(HOSTILE).slice(1, -1), 'report'));
  const { dag, status } = named;
  for (const stage of status.stages) if (stage.stage === 'report') stage.reasons = ['`data/ohlcv.csv` changed since the last run'];
  await view.post({ type: 'pipeline', uri: URI, fileName: 'dvc.yaml', dag, status, logs: [] });
  await rendered(view);
  const out = path.join(root, 'docs', 'images', 'pipeline-panel.png');
  await view.page.screenshot({ path: out, fullPage: false });
  console.log(`wrote ${out}`);
  await view.close();
} finally {
  await harness.close();
}
