// Regenerates the README's screenshot: examples/portfolio in code-server with Archipel loaded, a
// misspelt field introduced in a temporary copy of the deployment, the Problems panel open.
//   node scripts/docs-screenshot.mjs   → docs/images/diagnostics.png
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCodeServer } from './code-server/launch.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromiumConfig = JSON.parse(readFileSync(path.join(root, 'scripts', 'lib', 'chromium.json'), 'utf8'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'archipel-shot-'));
const workspace = path.join(tmp, 'portfolio');
cpSync(path.join(root, 'examples', 'portfolio'), workspace, { recursive: true });
const file = path.join(workspace, 'kubernetes', 'deployment.yaml');
writeFileSync(file, readFileSync(file, 'utf8').replace('imagePullPolicy: IfNotPresent', 'imagePullPolcy: IfNotPresent'));

const server = await startCodeServer({ folder: workspace, extensionDevelopmentPath: root, disableWorkspaceTrust: true, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
const browser = await chromium.launch({ executablePath: chromiumConfig.executablePath, args: chromiumConfig.args, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+P');
  await page.keyboard.type('kubernetes/deployment.yaml');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 60_000 }).catch(async (error) => {
    await page.screenshot({ path: path.join(tmp, '..', 'archipel-shot-failure.png') });
    throw error;
  });
  // Put the error line in view with the cursor on it.
  await page.keyboard.press('Control+G');
  await page.keyboard.type('49:14');
  await page.keyboard.press('Enter');
  // Show the diagnostic's hover too (Ctrl+K Ctrl+I: show hover at the cursor).
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await page.locator('.monaco-hover').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  const out = path.join(root, 'docs', 'images', 'diagnostics.png');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
