// The installed user's first hour, its first minutes driven as a user drives them (#52): code-server
// with a fresh profile on an empty folder (the start-up page as code-server opens it), Archipel's
// walkthrough found in place of code-server's own, its "Open the example" button clicked, the folder
// typed in the dialog, the window reopening on the copy with the walkthrough on the next step and the
// copy a Git repository. scripts/test-extension.mjs then runs the walkthrough suite (steps 2 to 8)
// in that window. Each check is reported as mocha reports a test, so `npm test` counts them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Who the copy's first commit is by when Git knows nobody (server/src/engines/experiments/commit.ts FALLBACK_IDENTITY). */
const FALLBACK_AUTHOR = 'Archipel experiments <experiments@archipel.invalid>';

/**
 * Git with no identity at all (scripts/lib/no-git-identity.json, as the experiments' tests have it),
 * for code-server and everything it starts, in a fresh HOME.
 * @param {string} home
 */
export function noGitIdentity(home) {
  const { '//': _why, ...env } = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'no-git-identity.json'), 'utf8'));
  return { HOME: home, ...env };
}

/** @param {string} cwd @param {string[]} args */
function git(cwd, args) {
  const result = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {object} FirstHour
 * @property {import('playwright-core').Page} page   the workbench, opened on the empty folder
 * @property {string} extension                       the extension's folder (its manifest declares the walkthrough)
 * @property {string} repository                      this clone (the example's files as git tracks them)
 * @property {string} parent                          the folder typed in Open Example's dialog
 * @property {number} timeoutMs                       the bound of each wait (against hangs; a loaded machine is slow)
 * @property {(name: string) => Promise<void>} shot  keeps a screenshot (of a failure)
 */

/**
 * Walks the first minutes; resolves with the checks' outcomes, in order, and the copy's folder.
 * @param {FirstHour} options
 * @returns {Promise<{ results: { title: string, error?: string, ms: number }[], copy: string }>}
 */
export async function walkFirstHour({ page, extension, repository, parent, timeoutMs, shot }) {
  const manifest = JSON.parse(readFileSync(path.join(extension, 'package.json'), 'utf8'));
  const [walkthrough] = manifest.contributes.walkthroughs;
  const category = `${manifest.publisher}.${manifest.name}#${walkthrough.id}`;
  // The manifest's `%key%` texts are package.nls.json's (English: the profile's display language).
  const nls = JSON.parse(readFileSync(path.join(extension, 'package.nls.json'), 'utf8'));
  const ours = `Walkthrough: ${String(manifest.displayName).replace(/^%(.+)%$/, (all, key) => nls[key] ?? all)}`;
  const copy = path.join(parent, 'archipel-portfolio');
  // The step after Open the example, as the manifest orders them (the families add steps: no count here).
  const next = walkthrough.steps[walkthrough.steps.findIndex((s) => s.id === 'openExample') + 1].id;
  const expanded = (step) => page.locator(`button.getting-started-step.expanded[data-step-id="${category}#${step}"]`);
  const tabs = () => page.locator('.tabs-container .tab').evaluateAll((all) => all.map((tab) => tab.getAttribute('aria-label') ?? ''));
  const walkthroughTabs = async () => (await tabs()).filter((label) => label.startsWith('Walkthrough: '));

  /** @type {{ title: string, error?: string, ms: number }[]} */
  const results = [];
  const check = async (title, body) => {
    const started = Date.now();
    try {
      await body();
      results.push({ title, ms: Date.now() - started });
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ title, error: `${message}\n      open tabs: ${JSON.stringify(await tabs().catch(() => []))}`, ms: Date.now() - started });
      await shot(`first-hour-${results.length}`).catch(() => undefined);
      return false;
    }
  };

  void (
    (await check("on the first start, in an empty folder: Archipel's walkthrough on its first step, in place of code-server's own", async () => {
      await expanded('openExample').waitFor({ state: 'visible', timeout: timeoutMs });
      const shown = await walkthroughTabs();
      if (shown.length !== 1 || !shown[0].startsWith(ours)) throw new Error(`walkthrough tabs: ${JSON.stringify(shown)}`);
    })) &&
    (await check('Open the example: the folder typed in its dialog gets the copy, and the window opens on it', async () => {
      await expanded('openExample').getByRole('button', { name: 'Open the example', exact: true }).click();
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: timeoutMs });
      const typed = `${parent}${path.sep}`;
      // The dialog writes its starting folder into the box once it has read it: text typed before
      // that is replaced (on a loaded machine the copy then went to the window's own folder). Typed
      // once the box holds the start, and again whenever the box no longer holds it.
      await page.waitForFunction(() => (document.querySelector('.quick-input-widget input.input')?.value ?? '') !== '', null, { timeout: timeoutMs });
      const type = async () => {
        await input.fill(typed);
        // The dialog lists the typed folder (its parent entry first) before it takes an answer: an
        // Enter while it reads the folder is dropped. Then its button, as a user clicks it once the list shows.
        await page.locator('.quick-input-list .monaco-list-row', { hasText: '..' }).first().waitFor({ state: 'visible', timeout: timeoutMs });
      };
      await type();
      const accept = page.locator('.quick-input-widget').getByRole('button', { name: 'Copy the example here' });
      // The window's folder, a path or (without a development payload) the remote URI of one.
      const reopened = (url) => {
        const folder = url.searchParams.get('folder') ?? '';
        return (/^[a-z-]+:\/\//.test(folder) ? decodeURIComponent(new URL(folder).pathname) : folder) === copy;
      };
      const deadline = Date.now() + timeoutMs;
      // Clicked again only while the dialog is still there and the window has not moved (a click lost to a busy page).
      while (!reopened(new URL(page.url()))) {
        if (Date.now() > deadline) throw new Error(`the window did not open ${copy} within ${timeoutMs / 1000} s: it is at ${page.url()}`);
        if (await accept.isVisible()) {
          if ((await input.inputValue().catch(() => typed)) !== typed) await type();
          await accept.click().catch(() => undefined);
        }
        await page.waitForURL(reopened, { timeout: 15_000 }).catch(() => undefined);
      }
    })) &&
    (await check(`in the copy's window: the walkthrough on the next step (${next}), Open the example ticked`, async () => {
      await expanded(next).waitFor({ state: 'visible', timeout: timeoutMs });
      await page.locator(`[data-done-step-id="${category}#openExample"][aria-checked="true"]`).first().waitFor({ state: 'attached', timeout: timeoutMs });
      const shown = await walkthroughTabs();
      if (shown.length !== 1 || !shown[0].startsWith(ours)) throw new Error(`walkthrough tabs: ${JSON.stringify(shown)}`);
    })) &&
    (await check('the copy is a Git repository: a first commit of every file of the example, as the fallback identity (Git knows nobody), nothing left out', async () => {
      const deadline = Date.now() + timeoutMs;
      while (git(copy, ['rev-parse', '--verify', '-q', 'HEAD']) === undefined && Date.now() < deadline) await delay(250);
      const author = git(copy, ['log', '-1', '--format=%an <%ae>']);
      if (author !== FALLBACK_AUTHOR) throw new Error(`the first commit's author: ${author ?? 'no commit'}`);
      const example = path.join('examples', 'portfolio');
      const shipped = (git(repository, ['ls-files', '--', example]) ?? '').split('\n').filter(Boolean).map((f) => path.relative(example, f)).sort();
      const committed = (git(copy, ['ls-files']) ?? '').split('\n').filter(Boolean).sort();
      if (JSON.stringify(committed) !== JSON.stringify(shipped)) throw new Error(`committed ${committed.length} files, the example has ${shipped.length}: ${JSON.stringify(committed.filter((f) => !shipped.includes(f)).concat(shipped.filter((f) => !committed.includes(f))))}`);
      const status = git(copy, ['status', '--porcelain']);
      if (status !== '') throw new Error(`not clean: ${status}`);
    }))
  );
  return { results, copy };
}

/**
 * The checks as mocha's spec reporter prints them, with the counts `npm test` reads.
 * @param {string} title @param {{ title: string, error?: string, ms: number }[]} results
 */
export function formatResults(title, results) {
  const lines = [`  ${title}`];
  for (const r of results) lines.push(`    ${r.error ? '✗' : '✔'} ${r.title} (${(r.ms / 1000).toFixed(1)} s)`);
  const failed = results.filter((r) => r.error);
  lines.push('', `  ${results.length - failed.length} passing`);
  if (failed.length > 0) {
    lines.push(`  ${failed.length} failing`, '');
    failed.forEach((r, i) => lines.push(`  ${i + 1}) ${title}\n       ${r.title}:\n      ${r.error}`));
  }
  return lines.join('\n');
}
