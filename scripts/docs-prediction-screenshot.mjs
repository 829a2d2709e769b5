// Regenerates the README's picture of the Prediction dashboard: the page bundle rendered by the
// webview test harness (headless Chromium, the panel's strict CSP, the dark theme's variables) with
// the engine's real run of examples/portfolio/prediction, the top of the panel as a person first sees it.
//   node node_modules/typescript/bin/tsc -b && node esbuild.mjs && node scripts/docs-prediction-screenshot.mjs
//   → docs/images/prediction-dashboard.png
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { WebviewHarness } = require(path.join(root, 'out', 'webviews', 'test', 'harness.js'));
const { renderPanel, rendered } = require(path.join(root, 'out', 'webviews', 'test', 'panels.js'));
const { examplePrediction } = require(path.join(root, 'out', 'webviews', 'test', 'predictFixtures.js'));

const harness = new WebviewHarness();
await harness.launch();
try {
  const view = await renderPanel(harness, 'predict', { theme: 'dark', viewport: { width: 1280, height: 800 } });
  await view.post({ type: 'result', result: await examplePrediction() });
  await rendered(view);
  const out = path.join(root, 'docs', 'images', 'prediction-dashboard.png');
  await view.page.screenshot({ path: out, fullPage: false });
  console.log(`wrote ${out}`);
  await view.close();
} finally {
  await harness.close();
}
