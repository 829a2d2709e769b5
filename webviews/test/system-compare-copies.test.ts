// "Compare with…" for a change made across N copies of one component (issue #95): a kustomize base rendered by four
// overlays, in which web's image is bumped, the Redis cache removed and a RabbitMQ queue added — `archipel diff` lists
// every copy and names the others in `copies`. The panel at 1280×800 says each change once with its copies' places,
// colours every copy's box with the copies mark, draws a removed copy's ghost once per copy in its namespace (the
// deployment view) or once (the containers view, one box for all copies), and keeps the list and the legend inside the
// window, the legend above the drawing; workspace text is text, the CSP holds; English and French.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DiffResult } from '../../server/src/protocol/diff';
import { REPO_ROOT, WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { folderMap } from './systemFixtures';

const VIEWPORT = { width: 1280, height: 800 };
const OVERLAYS = ['dev', 'staging', 'prod', 'production-europe-west1'];
/** The overlays in the diff's order (its lists are sorted by id: by namespace here). */
const PLACES = [...OVERLAYS].sort().map((o) => `overlays/${o}`);
const CHANGED_RGB = 'rgb(210, 153, 34)';

const workload = (kind: string, name: string, image: string, env: string[]) =>
  ['apiVersion: apps/v1', `kind: ${kind}`, `metadata: {name: ${name}}`, 'spec:', `  selector: {matchLabels: {app: ${name}}}`, '  template:', `    metadata: {labels: {app: ${name}}}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: ${image}`, ...env].join('\n');
const service = (name: string, port: number) => ['apiVersion: v1', 'kind: Service', `metadata: {name: ${name}}`, `spec: {selector: {app: ${name}}, ports: [{port: ${port}}]}`].join('\n');
const env = (name: string, value: string) => ['          env:', `            - name: ${name}`, `              value: ${value}`];
const baseApp = [workload('Deployment', 'web', 'example/web:1.0', env('CACHE_URL', 'redis://cache:6379')), service('web', 80), workload('Deployment', 'cache', 'redis:7.2', []), service('cache', 6379)].join('\n---\n') + '\n';
const headApp = [workload('Deployment', 'web', 'example/web:2.0', env('QUEUE_URL', 'amqp://queue:5672')), service('web', 80), workload('StatefulSet', 'queue', 'rabbitmq:3.13', []), service('queue', 5672)].join('\n---\n') + '\n';

/** The base and its four overlays committed in a repository of their own (no Git identity of the user's), then the base changed in the working tree. */
function plantedHistory(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-compare-copies-'));
  const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull };
  const git = (...args: string[]) => execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: root, env: gitEnv, stdio: 'pipe' });
  mkdirSync(path.join(root, 'base'));
  writeFileSync(path.join(root, 'base', 'app.yaml'), baseApp);
  writeFileSync(path.join(root, 'base', 'kustomization.yaml'), 'resources:\n  - app.yaml\n');
  for (const overlay of OVERLAYS) {
    mkdirSync(path.join(root, 'overlays', overlay), { recursive: true });
    writeFileSync(path.join(root, 'overlays', overlay, 'kustomization.yaml'), `resources:\n  - ../../base\nnamespace: ${overlay}\n`);
  }
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'four overlays of one base');
  writeFileSync(path.join(root, 'base', 'app.yaml'), headApp);
  return root;
}

/** `archipel diff --base HEAD --format json` in the repository: the working tree against its commit. */
function cliDiff(root: string): DiffResult {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'server', 'cli.js'), 'diff', '--base', 'HEAD', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull }, maxBuffer: 64 * 1024 * 1024 });
  assert.ok(run.stdout.trim().startsWith('{'), `archipel diff printed no JSON (status ${String(run.status)}): ${run.stderr}`);
  return JSON.parse(run.stdout) as DiffResult;
}

/** What the page shows of a comparison: the boxes by class, the list, the legend and where they sit. */
function seenInPage() {
  const name = (g: Element) => g.querySelector('text')?.textContent ?? '';
  const boxes = (selector: string) => [...document.querySelectorAll<SVGGElement>(`#stage .node${selector}`)];
  const rect = (e: Element) => e.getBoundingClientRect();
  const canvas = rect(document.querySelector('.canvas')!);
  const legend = document.querySelector('#compare-legend')!;
  const list = document.querySelector<HTMLElement>('.diff-list')!;
  const aside = document.querySelector<HTMLElement>('#details')!;
  // Each ghost's group: the label of the smallest group box holding it.
  const groups = [...document.querySelectorAll('#stage .group')].map((g) => ({ label: g.querySelector('text')?.textContent ?? '', r: rect(g.querySelector('rect')!) }));
  const inside = (r: DOMRect) => groups.filter((g) => g.r.left <= r.left && g.r.top <= r.top && g.r.right >= r.right && g.r.bottom >= r.bottom).sort((a, b) => a.r.width * a.r.height - b.r.width * b.r.height)[0]?.label ?? null;
  return {
    changed: boxes('.diff-changed').map((g) => ({ name: name(g), copy: g.classList.contains('diff-copy'), stroke: getComputedStyle(g.querySelector('rect')!).stroke, mark: getComputedStyle(g.querySelector('rect')!).filter })),
    added: boxes('.diff-added').map((g) => `${name(g)} ${g.classList.contains('diff-copy') ? 'copy' : 'alone'}`).sort(),
    ghosts: boxes('.diff-removed').map((g) => `${name(g)} in ${inside(rect(g)) ?? 'no group'}`).sort(),
    items: [...list.querySelectorAll('li')].map((li) => ({ text: li.querySelector('button.change')?.textContent ?? li.firstChild?.textContent ?? '', copies: li.querySelector('.copies')?.textContent ?? null, all: li.querySelector('.copies')?.getAttribute('title') ?? null })),
    legend: [...legend.querySelectorAll('.swatch')].map((s) => s.textContent),
    copySwatch: getComputedStyle(legend.querySelector('.swatch.diff-copy') ?? legend).boxShadow,
    legendBottom: rect(legend).bottom,
    legendRight: rect(legend).right,
    canvasTop: canvas.top,
    listBeside: rect(list).left >= canvas.right,
    listOverflow: list.scrollWidth - list.clientWidth,
    asideOverflow: aside.scrollWidth - aside.clientWidth,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    listRight: rect(list).right,
    width: document.documentElement.clientWidth,
    markup: document.querySelectorAll('.diff-list b, .diff-list img, #stage b').length,
    edges: [...document.querySelectorAll('#stage .edge')].map((e) => ['diff-added', 'diff-removed'].find((c) => e.classList.contains(c)) ?? 'unmarked').sort(),
  };
}

describe('System Map page: Compare with… for a change across N copies (issue #95)', function () {
  this.timeout(180_000);
  const harness = new WebviewHarness();
  let root = '';
  let diff: DiffResult;
  before(async () => {
    root = plantedHistory();
    diff = cliDiff(root);
    await harness.launch();
  });
  after(async () => {
    await harness.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the diff names each copy: four overlays, each entry with the three others, components and connections alike', () => {
    const web = diff.components.changed.filter((c) => c.name === 'web');
    assert.deepEqual(web.map((c) => c.copies?.length), [3, 3, 3, 3]);
    const calls = diff.connections.added.filter((e) => e.kind === 'calls');
    assert.deepEqual(calls.map((e) => e.copies?.length), [3, 3, 3, 3]);
    assert.deepEqual(calls[0].copies, calls.slice(1).map((e) => ({ from: e.from, to: e.to })));
  });

  it("the list groups what the answer's `copies` groups, and nothing else: connections without them are an item each", async () => {
    const page = await renderPanel(harness, 'system', { viewport: VIEWPORT, pageData: { view: 'deployment', lang: 'en' } });
    const bare = (list: DiffResult['connections']['added']) => list.map(({ copies: _, ...e }) => e);
    const since = page.messages.length;
    await page.post({ type: 'compare', map: folderMap(root, 'deployment'), diff: { ...diff, connections: { added: bare(diff.connections.added), removed: bare(diff.connections.removed) } } });
    const summary = await rendered(page, since);
    // The 7 components' changes still grouped; the 24 connections each an item.
    assert.equal(summary.differences, 7 + diff.connections.added.length + diff.connections.removed.length);
    assert.equal(diff.connections.added.length + diff.connections.removed.length, 24);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  for (const lang of ['en', 'fr'] as const) {
    it(`the deployment view at 1280 px (${lang}): each change listed once with its copies, every copy coloured and marked, a ghost per copy in its namespace, the list and legend inside the window`, async () => {
      const page = await renderPanel(harness, 'system', { viewport: VIEWPORT, pageData: { view: 'deployment', lang } });
      const since = page.messages.length;
      await page.post({ type: 'compare', map: folderMap(root, 'deployment'), diff });
      const summary = await rendered(page, since);
      const seen = await page.page.evaluate(seenInPage);
      const fr = lang === 'fr';
      const inCopies = (places: readonly string[]) => (fr ? `dans 4 copies : ${places.slice(0, 3).join(', ')}, …` : `in 4 copies: ${places.slice(0, 3).join(', ')}, …`);
      // 46 entries (22 components, 24 connections) said as 13 changes: 7 components, 6 connections.
      assert.equal(diff.components.added.length + diff.components.removed.length + diff.components.changed.length + diff.connections.added.length + diff.connections.removed.length, 46);
      assert.equal(summary.differences, 13);
      const webItems = seen.items.filter((i) => i.text.startsWith('~ web'));
      assert.deepEqual(webItems, [{ text: '~ web (image: example/web:1.0 → example/web:2.0)', copies: inCopies(PLACES), all: PLACES.join('\n') }]);
      assert.deepEqual(
        seen.items.map((i) => i.text),
        [
          '+ rabbitmq (image)',
          '+ queue (endpoint)',
          '+ queue (broker)',
          '− redis (image)',
          '− cache (cache)',
          '− cache (endpoint)',
          '~ web (image: example/web:1.0 → example/web:2.0)',
          '+ web → queue AMQP :5672',
          '+ queue → queue selects',
          '+ queue → rabbitmq runs',
          '− cache → redis runs',
          '− web → cache Redis :6379',
          '− cache → cache selects',
        ],
      );
      // Every item of a copied change says its four places; an image is no copy.
      assert.deepEqual(seen.items.filter((i) => i.copies === null).map((i) => i.text), ['+ rabbitmq (image)', '− redis (image)']);
      // Every copy's box coloured, with the copies mark.
      assert.equal(seen.changed.length, 4);
      for (const box of seen.changed) {
        assert.deepEqual([box.name, box.copy, box.stroke], ['web', true, CHANGED_RGB]);
        assert.match(box.mark, /drop-shadow/);
      }
      assert.deepEqual(seen.added, [...Array<string>(4).fill('queue copy'), ...Array<string>(4).fill('queue copy')]);
      // The removed cache (Deployment and Service) drawn once per copy, each in its own namespace.
      assert.deepEqual(seen.ghosts, OVERLAYS.flatMap((o) => [`cache in Kubernetes cluster / namespace ${o}`, `cache in Kubernetes cluster / namespace ${o}`]).sort());
      // The legend explains the mark, above the drawing; neither the legend nor the list goes past the window or scrolls sideways.
      assert.equal(seen.legend.length, 6);
      assert.equal(seen.legend[3], fr ? 'copies : un changement dans N copies, listé une fois' : 'copies: one change in N copies, listed once');
      assert.match(seen.copySwatch, /\d+px \d+px/);
      assert.ok(seen.legendBottom <= seen.canvasTop, `the legend ends at ${seen.legendBottom} px, the drawing begins at ${seen.canvasTop} px`);
      assert.ok(seen.legendRight <= seen.width, `the legend ends at ${seen.legendRight} px of ${seen.width}`);
      assert.ok(seen.listBeside, 'the list is beside the drawing');
      assert.ok(seen.listRight <= seen.width, `the list ends at ${seen.listRight} px of ${seen.width}`);
      assert.deepEqual([seen.listOverflow, seen.asideOverflow, seen.pageOverflow], [0, 0, 0]);
      // A copy's tooltip: the change, and that it is one change in four copies.
      await page.page.hover('#stage .node.diff-changed >> nth=1');
      const title = await page.page.evaluate(() => document.querySelector('#stage .node.diff-changed > title')?.textContent ?? '');
      assert.match(title, fr ? /modifié :\nimage: example\/web:1\.0 → example\/web:2\.0\nun même changement dans 4 copies : overlays\// : /changed:\nimage: example\/web:1\.0 → example\/web:2\.0\none change in 4 copies: overlays\//);
      // The one item opens the lines every copy renders.
      const sent = page.messages.length;
      await page.page.click('.diff-list li.diff-changed button.change');
      const opened = await page.waitForMessage((m) => (m as { type?: string }).type === 'openChange' && page.messages.indexOf(m) >= sent, 30_000);
      assert.deepEqual(opened, { type: 'openChange', side: 'head', file: 'base/app.yaml', line: 3 });
      assert.equal(seen.markup, 0);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(await page.cspViolations(), []);
      await page.screenshot(`system map compare copies ${lang}`);
      await page.close();
    });
  }

  it('the containers view draws one box for all copies: one ghost for the removed cache, the drawn web coloured and marked, the same list', async () => {
    const page = await renderPanel(harness, 'system', { viewport: VIEWPORT, pageData: { view: 'containers', lang: 'en' } });
    const since = page.messages.length;
    await page.post({ type: 'compare', map: folderMap(root, 'containers'), diff });
    const summary = await rendered(page, since);
    const seen = await page.page.evaluate(seenInPage);
    assert.equal(summary.differences, 13);
    assert.deepEqual(seen.ghosts, ['cache in no group']);
    assert.deepEqual(seen.changed.map((b) => [b.name, b.copy, b.stroke]), [['web', true, CHANGED_RGB]]);
    assert.deepEqual(seen.added, ['queue copy']);
    // The view's one arrow, web's call to the queue (through its Service, which this view does not draw), marked added; web's
    // removed call to the cache (through its removed Service) drawn to the ghost.
    assert.deepEqual(seen.edges, ['diff-added', 'diff-removed']);
    assert.deepEqual([seen.listOverflow, seen.asideOverflow, seen.pageOverflow], [0, 0, 0]);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it("a copy's place and name from the workspace are text, never markup", async () => {
    const page = await renderPanel(harness, 'system', { viewport: VIEWPORT, pageData: { view: 'deployment', lang: 'en' } });
    const ids = ['k8s:Deployment/a/<b>w</b>@overlays/<img src=x>', 'k8s:Deployment/b/<b>w</b>@overlays/<b>b</b>'];
    const marked = ids.map((id, i) => ({ id, kind: 'service', name: '<b>w</b>', sources: [{ file: 'base/w.yaml', line: 1 }], changes: [{ field: 'image', before: '<b>1</b>', after: '2' }], copies: [ids[1 - i]] }));
    const since = page.messages.length;
    await page.post({ type: 'compare', map: folderMap(root, 'deployment'), diff: { ...diff, components: { ...diff.components, changed: [...diff.components.changed, ...marked] } } });
    await rendered(page, since);
    const seen = await page.page.evaluate(() => ({
      markup: document.querySelectorAll('.diff-list b, .diff-list img').length,
      item: [...document.querySelectorAll('.diff-list li')].find((li) => li.textContent?.includes('<b>w</b>'))?.textContent,
    }));
    assert.deepEqual(seen, { markup: 0, item: '~ <b>w</b> (image: <b>1</b> → 2)in 2 copies: overlays/<img src=x>, overlays/<b>b</b>' });
    assert.deepEqual(await page.cspViolations(), []);
    await page.close();
  });
});
