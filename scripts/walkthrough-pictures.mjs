// `node scripts/walkthrough-pictures.mjs [STEP...]`: each picture of the walkthrough ("Get started
// with Archipel") made again from its own step, as a user takes it: code-server on a copy of
// examples/portfolio (the files git tracks) with the extension loaded, the walkthrough opened, the
// step selected and its button clicked, then what the step tells the user to do done — so a picture
// cannot show anything but what the step gives (#69: step 2's showed another error than the one the
// step asks for). The steps with a picture, from package.json's walkthrough (families/*.ts):
//   fixProblem        → docs/images/diagnostics.png: `replicas` typed as `replica` in the deployment,
//                       underlined, in Problems, its quick fix offered (the README's picture too)
//   openDashboard     → docs/images/risk-dashboard.png: the risk dashboard of governance/risks.amdec.yaml
//   predictDirection  → docs/images/prediction-dashboard.png: the prediction of prediction/prices.csv
// A step whose picture this script does not know how to finish fails it (a new picture step must be
// added here). Builds dist/ first when missing or stale; Debian's Chromium, the cached code-server.
// `--vsix=FILE` (npm run package's dist-vsix/*.vsix): the pictures of the extension installed from it,
// as a user installs it (code-server --install-extension), not of this tree's build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { bundled } = await import('./lib/built.mjs');
const { chromium } = await import('playwright-core');
const { startCodeServer } = await import('./code-server/launch.mjs');
const { installVsix } = await import('./code-server/setup.mjs');

const TIMEOUT = 120_000;
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const text = (value) => String(value).replace(/^%(.+)%$/, (all, key) => nls[key] ?? all);
const [walkthrough] = manifest.contributes.walkthroughs;
const category = `${manifest.publisher}.${manifest.name}#${walkthrough.id}`;
const pictured = walkthrough.steps.filter((step) => step.media?.image);

/**
 * What the user does once the step's button has run, per step (then the picture is taken).
 * @type {Record<string, (page: import('playwright-core').Page) => Promise<void>>}
 */
const FINISH = {
  async fixProblem(page) {
    // "change `replicas` to `replica`": the editor the step opened, its `replicas:` key retyped.
    const editor = page.locator('.monaco-editor[data-uri$="kubernetes/deployment.yaml"]').first();
    await editor.waitFor({ timeout: TIMEOUT });
    await page.keyboard.press('Control+F');
    await page.keyboard.type('replicas:');
    await page.keyboard.press('Escape');
    // The match stays selected: its end is after `replicas:`, and one character back the `s` ends.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'replica' }).first();
    await problem.waitFor({ timeout: TIMEOUT });
    // The problem opened as a user opens it (a double click: its editor focused, the cursor on the key; the
    // walkthrough keeps the first group, #98), then the lightbulb's menu (Ctrl+.) with the fix.
    await problem.dblclick();
    // The server answers code actions once it has the edit: until then VS Code says "No code actions available".
    const menu = page.locator('.action-widget').first();
    for (let tries = 1; ; tries++) {
      await page.keyboard.press('Control+.');
      const shown = await menu.waitFor({ timeout: 3_000 }).then(() => true, () => false);
      if (shown) break;
      if (tries === 10) throw new Error('no quick fix menu after 10 tries (Ctrl+.)');
      await page.keyboard.press('Escape');
      await problem.dblclick();
    }
  },
  async openDashboard(page) {
    await panelFrame(page, 'Data governance risks');
  },
  async predictDirection(page) {
    // The run ends with a notification: its Open Dashboard, as the user clicks it.
    await page.locator('.notification-toast').getByRole('button', { name: 'Open Dashboard' }).click({ timeout: TIMEOUT });
    await panelFrame(page, 'Predictions');
  },
};
/** What each picture frames: the whole window, or the panel (the webview) the step opened. */
const FRAME = { fixProblem: 'window', openDashboard: 'panel', predictDirection: 'panel' };

/** A command of the palette, by its title. */
async function palette(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click({ timeout: TIMEOUT });
}

/** Waits for the webview a step opened to show its heading (`title` starts it), then gives it the window (its group maximised, the panel hidden). */
async function panelFrame(page, title) {
  const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await frame.locator('h1, h2', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await palette(page, 'View: Hide Panel').catch(() => undefined);
  // The panel opens beside the file the step opened: its group (the last) is the one maximised.
  await palette(page, 'View: Focus Last Editor Group');
  await palette(page, 'View: Maximize Editor Group');
  // Its charts drawn (the pages post `rendered` once laid out; a quiet moment is what a person sees).
  await page.waitForTimeout(1500);
}

const vsix = process.argv.slice(2).find((a) => a.startsWith('--vsix='))?.slice('--vsix='.length);
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--vsix='));
for (const id of wanted) if (!pictured.some((s) => s.id === id)) throw new Error(`no walkthrough step "${id}" with a picture; they are: ${pictured.map((s) => s.id).join(', ')}`);
const steps = pictured.filter((s) => wanted.length === 0 || wanted.includes(s.id));
const unknown = steps.filter((s) => !FINISH[s.id]);
if (unknown.length > 0) throw new Error(`walkthrough-pictures.mjs does not know how to finish ${unknown.map((s) => s.id).join(', ')}: add it to FINISH`);

if (!vsix) bundled(root);
const chromiumConfig = JSON.parse(readFileSync(path.join(root, 'scripts', 'lib', 'chromium.json'), 'utf8'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'archipel-walkthrough-pictures-'));

/** The example as git tracks it (not what a run left in it), in a folder of its own. */
function copyExample() {
  const workspace = path.join(tmp, 'portfolio');
  mkdirSync(workspace, { recursive: true });
  const listed = spawnSync('git', ['-C', root, 'ls-files', '-z', '--', 'examples/portfolio'], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const checkout = spawnSync('git', ['-C', root, 'checkout-index', '-z', `--prefix=${tmp}${path.sep}checkout${path.sep}`, '--stdin'], { input: listed.stdout, encoding: 'utf8' });
  if (checkout.status !== 0) throw new Error(`git checkout-index failed: ${checkout.stderr}`);
  rmSync(workspace, { recursive: true, force: true });
  spawnSync('mv', [path.join(tmp, 'checkout', 'examples', 'portfolio'), workspace]);
  return workspace;
}

const workspace = copyExample();
const extensionsDir = path.join(tmp, 'extensions');
if (vsix) console.log(`installed from ${vsix}: ${installVsix(path.resolve(vsix), extensionsDir)}`);
const server = await startCodeServer({ folder: workspace, ...(vsix ? { extensionsDir } : { extensionDevelopmentPath: root }), disableWorkspaceTrust: true, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false } });
const browser = await chromium.launch({ executablePath: chromiumConfig.executablePath, args: chromiumConfig.args, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
  for (const step of steps) {
    // The walkthrough as a user opens it again: Welcome: Open Walkthrough…, ours.
    await palette(page, 'Welcome: Open Walkthrough');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: text(walkthrough.title) }).first().click({ timeout: TIMEOUT });
    const header = page.locator(`button.getting-started-step[data-step-id="${category}#${step.id}"]`);
    await header.waitFor({ timeout: TIMEOUT });
    if (!(await header.getAttribute('class'))?.includes('expanded')) await header.click();
    // The step's own button: the command link of its description.
    const link = /\[([^\]]+)\]\(command:/.exec(text(step.description))?.[1];
    if (!link) throw new Error(`step ${step.id} has no command link`);
    await page.locator(`button.getting-started-step.expanded[data-step-id="${category}#${step.id}"]`).getByRole('button', { name: link }).click({ timeout: TIMEOUT });
    await FINISH[step.id](page);
    const out = path.join(root, step.media.image);
    if (FRAME[step.id] === 'panel') await page.locator('iframe.webview.ready').last().screenshot({ path: out });
    else await page.screenshot({ path: out });
    console.log(`${step.id}: wrote ${path.relative(root, out)}`);
    // The next step starts from a clean window.
    await page.keyboard.press('Escape');
    if (FRAME[step.id] === 'panel') await palette(page, 'View: Unmaximize Editor Group').catch(() => undefined);
    await palette(page, 'View: Close All Editors');
  }
} catch (error) {
  const shot = path.join(os.tmpdir(), 'archipel-walkthrough-pictures-failure.png');
  await browser.contexts()[0]?.pages()[0]?.screenshot({ path: shot }).catch(() => undefined);
  console.error(`failed (the window as it was: ${shot})`);
  throw error;
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
