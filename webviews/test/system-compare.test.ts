// "Compare with…" on the System Map page (issue #80): the head's map (the To-Be) drawn with the differences
// `archipel/diff` answers — the worker added (green, `diff-added`), the web front removed and drawn from the
// base (red, `diff-removed`, a ghost with its removed arrow), the cache changed to a datastore (`diff-changed`)
// — and listed below the drawing, workspace names as text, under the strict CSP.
import * as assert from 'node:assert/strict';
import type { SystemMapResult } from '../../server/src/protocol/system';
import type { DiffResult } from '../../server/src/protocol/diff';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';

const source = (line: number) => ({ uri: 'file:///ws/compose.yaml', range: { start: { line, character: 2 }, end: { line, character: 8 } } });
const node = (name: string, kind: string, line: number) => ({ id: `compose:.:${name}`, kind, name, technology: 'Compose service', family: 'compose', sources: [source(line)] });

/** The To-Be: api and the new worker call the cache, now a Postgres datastore. */
const head: SystemMapResult = {
  view: 'containers',
  system: 'shop',
  nodes: [node('api', 'service', 1), node('worker', 'service', 5), node('cache', 'datastore', 9), node('<b>db</b>', 'service', 12)],
  edges: [
    { from: 'compose:.:api', to: 'compose:.:cache', kind: 'calls', label: 'Redis :6379', sources: [source(4)] },
    { from: 'compose:.:worker', to: 'compose:.:cache', kind: 'calls', label: 'Redis :6379', sources: [source(8)] },
  ],
  groups: [],
  ms: 1,
};

const where = (line: number) => [{ file: 'compose.yaml', line }];
const diff: DiffResult = {
  root: 'file:///ws',
  base: { ref: 'main', commit: '0'.repeat(40) },
  head: { ref: 'working tree', commit: null },
  components: {
    added: [{ id: 'compose:.:worker', kind: 'service', name: 'worker', sources: where(6) }],
    removed: [{ id: 'compose:.:web', kind: 'service', name: 'web', sources: where(2) }],
    changed: [{ id: 'compose:.:cache', kind: 'datastore', name: 'cache', sources: where(10), changes: [{ field: 'kind', before: 'cache', after: 'datastore' }] }],
    renamed: [],
  },
  connections: {
    added: [{ from: 'compose:.:worker', to: 'compose:.:cache', kind: 'calls', label: 'Redis :6379', sources: where(9), fromName: 'worker', toName: 'cache' }],
    removed: [{ from: 'compose:.:web', to: 'compose:.:api', kind: 'calls', label: 'HTTP :3000', sources: where(5), fromName: 'web', toName: 'api' }],
  },
  entryPoints: { opened: [], closed: [] },
};

describe('System Map page: Compare with… (issue #80)', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('draws the added, removed (from the base) and changed elements by their class, and lists them', async () => {
    const page = await renderPanel(harness, 'system', { viewport: { width: 1024, height: 700 } });
    const since = page.messages.length;
    await page.post({ type: 'compare', map: head, diff });
    const summary = await rendered(page, since);
    // The head's four boxes and the removed web drawn as a ghost; its arrow to api as well.
    assert.equal(summary.nodes, 5);
    assert.equal(summary.edges, 3);
    const seen = await page.page.evaluate(() => {
      const names = (selector: string) => [...document.querySelectorAll(selector)].map((n) => n.querySelector('text')?.textContent ?? '').sort();
      return {
        added: names('#stage .node.diff-added'),
        removed: names('#stage .node.diff-removed'),
        changed: names('#stage .node.diff-changed'),
        edgesAdded: document.querySelectorAll('#stage .edge.diff-added').length,
        edgesRemoved: document.querySelectorAll('#stage .edge.diff-removed').length,
        plain: names('#stage .node:not(.diff-added):not(.diff-removed):not(.diff-changed)'),
        title: document.querySelector('.diff-list h3')?.textContent,
        list: [...document.querySelectorAll('.diff-list li')].map((li) => `${li.className} ${li.textContent}`),
        markup: document.querySelectorAll('#stage b, .diff-list b').length,
      };
    });
    assert.deepEqual(seen.added, ['worker']);
    assert.deepEqual(seen.removed, ['web']);
    assert.deepEqual(seen.changed, ['cache']);
    assert.equal(seen.edgesAdded, 1);
    assert.equal(seen.edgesRemoved, 1);
    assert.deepEqual(seen.plain, ['<b>db</b>', 'api']);
    assert.equal(seen.title, 'main → working tree');
    assert.deepEqual(seen.list, [
      'diff-added + worker (service)',
      'diff-removed − web (service)',
      'diff-changed ~ cache (kind: cache → datastore)',
      'diff-added + worker → cache Redis :6379',
      'diff-removed − web → api HTTP :3000',
    ]);
    // A workspace name is text, never markup.
    assert.equal(seen.markup, 0);
    assert.deepEqual(page.errors, []);
    await page.screenshot('system map compare');
    await page.close();
  });
});
