// "Compare with…" on a copy of the example (issue #98): the two changes a newcomer tries first — a Compose service
// added (a Redis cache publishing :6379) and MLflow's published port closed — compared with the commit before them by
// the CLI itself (`archipel diff --format json`, the answer `archipel/diff` gives the panel), drawn on the head's map
// (the server's own model of the copy) at 1280×800: each change with its mark, a legend, the list of changes beside
// the drawing without scrolling; the Security view's Changes beside its drawing, each raised risk with its cause.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { componentKinds } from '../../server/src/features/system/contributor';
import type { DiffResult } from '../../server/src/protocol/diff';
import { COMPONENT_KINDS } from '../system/compare';
import { PORTFOLIO } from './fixtures';
import { REPO_ROOT, WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { securityViewOf } from './securityFixtures';
import { folderMap } from './systemFixtures';

type Opened = { type: string; side: string; file: string; line: number };
const VIEWPORT = { width: 1280, height: 800 };

/** The example copied into a Git repository of its own (one commit, no Git identity of the user's), then changed. */
function changedCopy(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-compare-'));
  cpSync(PORTFOLIO, root, { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid', GIT_CONFIG_NOSYSTEM: '1' };
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: root, env, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'the example');
  const compose = path.join(root, 'docker-compose.yml');
  const before = readFileSync(compose, 'utf8');
  const closed = before.replace('    ports:\n      - "5001:5001"\n', '');
  const after = closed.replace('  mlflow:\n', '  cache:\n    image: redis:7.4\n    ports:\n      - "6379:6379"\n\n  mlflow:\n');
  assert.ok(closed !== before && after !== closed, "the example's docker-compose.yml no longer has MLflow's published port or its service where this test changes them");
  writeFileSync(compose, after);
  return root;
}

/** `archipel diff --base HEAD --format json` in the copy: the working tree against its commit. */
function cliDiff(root: string): DiffResult {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'server', 'cli.js'), 'diff', '--base', 'HEAD', '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(run.stdout.trim().startsWith('{'), `archipel diff printed no JSON (status ${String(run.status)}): ${run.stderr}`);
  return JSON.parse(run.stdout) as DiffResult;
}

describe('System Map page: Compare with… on a copy of the example (issue #98)', function () {
  this.timeout(180_000);
  const harness = new WebviewHarness();
  let root = '';
  let diff: DiffResult;
  before(async () => {
    root = changedCopy();
    diff = cliDiff(root);
    await harness.launch();
  });
  after(async () => {
    await harness.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("the page's component kinds are the system model's (the ghosts' rule)", () => {
    assert.deepEqual([...COMPONENT_KINDS].sort(), [...componentKinds].sort());
  });

  it('draws the service added and the port closed with their marks, a legend, and the list of changes beside the drawing, without scrolling', async () => {
    const page = await renderPanel(harness, 'system', { viewport: VIEWPORT, pageData: { view: 'containers', lang: 'en' } });
    const since = page.messages.length;
    // Images, builds and copies the diff lists but the containers view does not draw: a removed image is no ghost.
    const withImage = { ...diff, components: { ...diff.components, removed: [...diff.components.removed, { id: 'image:ghcr.io/mlflow/mlflow', kind: 'image', name: 'ghcr.io/mlflow/mlflow', sources: [{ file: 'docker-compose.yml', line: 32 }] }] } };
    await page.post({ type: 'compare', map: folderMap(root, 'containers'), diff: withImage });
    await rendered(page, since);
    const seen = await page.page.evaluate(() => {
      const name = (g: Element) => g.querySelector('text')?.textContent ?? '';
      const classed = (cls: string) => [...document.querySelectorAll(`#stage .node.${cls}`)].map(name).sort();
      const canvas = document.querySelector('.canvas')!.getBoundingClientRect();
      const list = document.querySelector('.diff-list')!;
      const items = [...list.querySelectorAll('li')];
      const first = items[0].getBoundingClientRect();
      const aside = document.querySelector('#details')!.getBoundingClientRect();
      return {
        added: classed('diff-added'),
        changed: classed('diff-changed'),
        removed: classed('diff-removed'),
        images: document.querySelectorAll('#stage .node.kind-image').length,
        opened: document.querySelectorAll('#stage .edge.entry-opened').length,
        reached: document.querySelectorAll('#stage .edge.entry-opened.edge-reaches').length,
        closed: document.querySelectorAll('#stage .edge.entry-closed').length,
        legend: [...document.querySelectorAll('#compare-legend .swatch')].map((s) => s.textContent),
        items: items.map((li) => li.textContent),
        beside: list.getBoundingClientRect().left >= canvas.right,
        firstBottom: first.bottom,
        asideBottom: aside.bottom,
        height: window.innerHeight,
        scrolled: document.scrollingElement!.scrollTop,
      };
    });
    assert.deepEqual(seen.added, ['cache']);
    assert.deepEqual(seen.changed, ['mlflow']);
    assert.deepEqual(seen.removed, []);
    assert.equal(seen.images, 0);
    // Users → cache :6379 drawn, Users → mlflow :5001 as a ghost. The opened one is the view's own dashed arrow to the store
    // (Users `reaches` it, issue #98), marked: one arrow, not a second one added beside it by the comparison.
    assert.equal(seen.opened, 1);
    assert.equal(seen.reached, 1);
    assert.equal(seen.closed, 1);
    assert.deepEqual(seen.legend, ['added', 'changed (hover: what)', 'removed (from the base)', 'entry point opened', 'entry point closed']);
    assert.ok(seen.items.includes('+ cache (cache)'), JSON.stringify(seen.items));
    assert.ok(seen.items.includes('~ mlflow (exposure: exposed → internal)'), JSON.stringify(seen.items));
    assert.ok(seen.beside, 'the list is beside the drawing');
    assert.equal(seen.scrolled, 0);
    // Its first item on screen, and the column no taller than the window (what does not fit scrolls in it).
    assert.ok(seen.firstBottom <= seen.height, `the first change ends at ${seen.firstBottom} px of ${seen.height}`);
    assert.ok(seen.asideBottom <= seen.height, `the column ends at ${seen.asideBottom} px of ${seen.height}`);
    // What changed in MLflow's box, on hover.
    await page.page.hover('#stage .node.diff-changed');
    const title = await page.page.evaluate(() => document.querySelector('#stage .node.diff-changed > title')?.textContent ?? '');
    assert.match(title, /changed:\nexposure: exposed → internal/);
    // Each item opens its lines.
    const before = page.messages.length;
    await page.page.click('.diff-list li.diff-added button.change >> nth=0');
    const opened = await page.waitForMessage<Opened>((m) => (m as { type?: string }).type === 'openChange' && page.messages.indexOf(m) >= before, 30_000);
    assert.deepEqual({ side: opened.side, file: opened.file }, { side: 'head', file: 'docker-compose.yml' });
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.screenshot('system map compare example');
    await page.close();
  });

  it("the Security view's Changes beside its drawing, each raised risk with its cause", async () => {
    const page = await renderPanel(harness, 'system', { viewport: VIEWPORT, pageData: { view: 'security', lang: 'en' } });
    const since = page.messages.length;
    const changes = { base: { ref: diff.base.ref }, head: { ref: diff.head.ref }, raised: diff.threats.raised, resolved: diff.threats.resolved, components: { added: diff.components.added, removed: diff.components.removed, changed: diff.components.changed }, connections: diff.connections, entryPoints: diff.entryPoints };
    await page.post({ type: 'security', security: await securityViewOf(root), changes });
    const summary = await rendered(page, since);
    assert.ok(Number(summary.raised) > 0 && Number(summary.resolved) > 0, JSON.stringify(summary));
    const seen = await page.page.evaluate(() => {
      const canvas = document.querySelector('.canvas')!.getBoundingClientRect();
      const part = document.querySelector('#risk-changes')!.getBoundingClientRect();
      return {
        left: part.left,
        canvasRight: canvas.right,
        top: part.top,
        height: window.innerHeight,
        causes: [...document.querySelectorAll('#risk-changes li.diff-added .cause')].map((c) => c.textContent ?? ''),
        raised: document.querySelectorAll('#risk-changes li.diff-added').length,
      };
    });
    assert.ok(seen.left >= seen.canvasRight, `the Changes at ${seen.left} px, the drawing to ${seen.canvasRight} px`);
    assert.ok(seen.top < seen.height / 2, `the Changes begin at ${seen.top} px of ${seen.height}`);
    assert.equal(seen.causes.length, seen.raised);
    for (const cause of seen.causes) assert.equal(cause, 'because: cache added; entry point opened: Users → cache :6379');
    assert.deepEqual(page.errors, []);
    await page.screenshot('system map security changes example');
    await page.close();
  });
});
