// "Compare with…" on the System Map page (issue #80): the head's map (the To-Be) drawn with the differences
// `archipel/diff` answers — the worker added (green, `diff-added`), the web front removed and drawn from the
// base (red, `diff-removed`, a ghost with its removed arrow), the cache changed to a datastore (`diff-changed`)
// — and listed below the drawing, workspace names as text, under the strict CSP; each item of the list
// opens its lines (the page names the side and the file, the host resolves it); End comparison asks the host
// to stop. The Security view's "Changes": the risks the comparison raised and resolved, each opening its
// lines, and its empty states.
import * as assert from 'node:assert/strict';
import type { SystemMapResult } from '../../server/src/protocol/system';
import type { DiffResult } from '../../server/src/protocol/diff';
import type { SecurityViewResult } from '../../server/src/protocol/threats';
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
    removed: [{ from: 'compose:.:web', to: 'compose:.:api', kind: 'calls', label: 'HTTP :3000', sources: [{ file: 'compose.yaml', line: 5 }, { file: 'deploy/web.yaml', line: 12 }], fromName: 'web', toName: 'api' }],
  },
  entryPoints: { opened: [], closed: [] },
  threats: {
    raised: [{ id: 'missing-authentication@worker>cache', rule: 'threat-missing-authentication', title: 'Missing Authentication covering communication link Redis :6379 from worker to cache', severity: 'elevated', pathNames: ['worker', 'cache'], sources: [{ file: 'compose.yaml', line: 9 }, { file: 'compose.yaml', line: 10 }] }],
    resolved: [{ id: 'unencrypted-communication@web>api', rule: 'threat-unencrypted-communication', title: 'Unencrypted Communication named HTTP :3000 between web and api', severity: 'elevated', pathNames: ['<i>web</i>', 'api'], sources: where(5) }],
  },
  policy: { raised: [], resolved: [] },
};

/** A Security view with nothing in it but the Internet: what the Changes part is tested beside. */
const security: SecurityViewResult = { system: 'shop', boundaries: [], nodes: [{ id: 'internet', name: 'Internet', kind: 'person', entry: false, sources: [] }], entries: [], links: [], risks: [], ms: 1 };
type Opened = { type: string; side: string; file: string; line: number };

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
      'diff-removed − web → api HTTP :3000deploy/web.yaml:12',
    ]);
    // A workspace name is text, never markup.
    assert.equal(seen.markup, 0);
    assert.deepEqual(page.errors, []);
    await page.screenshot('system map compare');
    await page.close();
  });

  it('opens the lines of each item: the head side for what is added or changed, the base side for what is removed', async () => {
    const page = await renderPanel(harness, 'system', { viewport: { width: 1024, height: 700 } });
    const since = page.messages.length;
    await page.post({ type: 'compare', map: head, diff });
    await rendered(page, since);
    const opened: Opened[] = [];
    const open = async (selector: string) => {
      const before = page.messages.length;
      await page.page.click(selector);
      opened.push(await page.waitForMessage<Opened>((m) => (m as { type?: string }).type === 'openChange' && page.messages.indexOf(m) >= before, 30_000));
    };
    const items = '.diff-list li';
    // The five items: added worker, removed web, changed cache, added arrow, removed arrow (written in two places).
    for (let i = 1; i <= 5; i++) await open(`${items}:nth-child(${i}) button.change`);
    await open(`${items}:nth-child(5) button.more`);
    assert.deepEqual(opened, [
      { type: 'openChange', side: 'head', file: 'compose.yaml', line: 6 },
      { type: 'openChange', side: 'base', file: 'compose.yaml', line: 2 },
      { type: 'openChange', side: 'head', file: 'compose.yaml', line: 10 },
      { type: 'openChange', side: 'head', file: 'compose.yaml', line: 9 },
      { type: 'openChange', side: 'base', file: 'compose.yaml', line: 5 },
      { type: 'openChange', side: 'base', file: 'deploy/web.yaml', line: 12 },
    ]);
    assert.equal(await page.page.textContent(`${items}:nth-child(5)`), '− web → api HTTP :3000deploy/web.yaml:12');
    assert.equal(await page.page.getAttribute(`${items}:nth-child(2) button.change`, 'title'), 'Open at the base revision: compose.yaml:2');
    // End comparison: the host is asked to stop comparing.
    const before = page.messages.length;
    await page.page.click('#end-compare');
    assert.deepEqual(await page.waitForMessage((m) => (m as { type?: string }).type === 'endCompare' && page.messages.indexOf(m) >= before), { type: 'endCompare' });
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.close();
  });

  it('the cost and carbon of the change: both totals and each component whose cost or carbon moved, at 1,280 px, in English and French', async () => {
    const withCost: DiffResult = {
      ...diff,
      cost: {
        currency: 'USD',
        before: 196.74,
        after: 250.55,
        delta: 53.81,
        co2eKg: { before: 17.567, after: 19.546, delta: 1.979 },
        base: { unpriced: [] },
        head: { unpriced: [{ address: 'compose:compose.yaml', reason: 'a Compose project runs on a host the files do not name: cost.compose.machineType and cost.compose.region in archipel.yaml', file: 'compose.yaml' }] },
        changed: [
          { id: 'k8s:Deployment/shop/<b>web</b>', name: 'Deployment/<b>web</b>', status: 'changed', before: { monthlyCost: 53.81, monthlyCo2eKg: 1.979 }, after: { monthlyCost: 107.62, monthlyCo2eKg: 3.957 }, sources: [{ file: 'k8s/web.yaml', line: 2 }] },
          { id: 'aws_nat_gateway.nat', name: 'aws_nat_gateway.nat', status: 'added', before: null, after: { monthlyCost: 32.85, monthlyCo2eKg: null }, sources: [{ file: 'main.tf', line: 8 }] },
          { id: 'k8s:Deployment/a-namespace-with-a-rather-long-name-for-a-narrow-column/an-even-longer-workload-name-that-must-wrap', name: 'Deployment/an-even-longer-workload-name-that-must-wrap-and-not-overlap-its-neighbours', status: 'removed', before: { monthlyCost: 32.85, monthlyCo2eKg: 0.5 }, after: null, sources: [{ file: 'k8s/old.yaml', line: 3 }] },
        ],
      },
    };
    for (const lang of ['en', 'fr'] as const) {
      const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: 'containers', lang } });
      const since = page.messages.length;
      await page.post({ type: 'compare', map: head, diff: withCost });
      const summary = await rendered(page, since);
      // The cost's rows are not differences of the architecture: the list keeps its five.
      assert.equal(summary.differences, 5);
      const seen = await page.page.evaluate(() => {
        const part = document.querySelector('.diff-cost')!;
        const boxes = [...part.querySelectorAll('h3, p, th, td, summary')].map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent ?? '', x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
        });
        const overlaps: string[] = [];
        for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) overlaps.push(`${a.text} / ${b.text}`);
        return {
          title: part.querySelector('h3')?.textContent,
          cost: document.querySelector('#diff-cost-total')?.textContent,
          carbon: document.querySelector('#diff-carbon-total')?.textContent,
          header: [...part.querySelectorAll('th')].map((th) => th.textContent),
          rows: [...part.querySelectorAll('tbody tr')].map((tr) => `${tr.className} ${[...tr.querySelectorAll('td')].map((td) => td.textContent).join(' | ')}`),
          unpriced: part.querySelector('summary')?.textContent,
          overlaps,
          widest: Math.max(...boxes.map((b) => b.x1)),
          width: document.documentElement.clientWidth,
          markup: part.querySelectorAll('b').length,
        };
      });
      const fr = lang === 'fr';
      assert.equal(seen.title, fr ? 'Coût et carbone' : 'Cost and carbon');
      assert.equal(seen.cost, fr ? 'Coût mensuel : $196.74 → $250.55 (+$53.81)' : 'Monthly cost: $196.74 → $250.55 (+$53.81)');
      assert.equal(seen.carbon, fr ? 'Carbone mensuel : 17.567 kgCO2e → 19.546 kgCO2e (+1.979 kgCO2e)' : 'Monthly carbon: 17.567 kgCO2e → 19.546 kgCO2e (+1.979 kgCO2e)');
      assert.deepEqual(seen.header, fr ? ['Composant', 'Coût avant → après', 'Écart', 'Carbone avant → après', 'Écart'] : ['Component', 'Cost before → after', 'Delta', 'Carbon before → after', 'Delta']);
      assert.deepEqual(seen.rows, [
        'diff-changed Deployment/<b>web</b> | $53.81 → $107.62 | +$53.81 | 1.979 kgCO2e → 3.957 kgCO2e | +1.978 kgCO2e',
        'diff-added aws_nat_gateway.nat | — → $32.85 | +$32.85 | — → — | —',
        'diff-removed Deployment/an-even-longer-workload-name-that-must-wrap-and-not-overlap-its-neighbours | $32.85 → — | −$32.85 | 0.5 kgCO2e → — | −0.5 kgCO2e',
      ]);
      assert.equal(seen.unpriced, fr ? 'Non chiffré : 0 à la base, 1 à la tête' : 'Not priced: 0 at the base, 1 at the head');
      assert.deepEqual(seen.overlaps, []);
      assert.ok(seen.widest <= seen.width, `${seen.widest} px past ${seen.width} px`);
      assert.equal(seen.markup, 0);
      // A component opens its lines: the head's, the base's for one removed.
      const opened: Opened[] = [];
      for (const row of [1, 3]) {
        const before = page.messages.length;
        await page.page.click(`.diff-cost tbody tr:nth-child(${row}) button.change`);
        opened.push(await page.waitForMessage<Opened>((m) => (m as { type?: string }).type === 'openChange' && page.messages.indexOf(m) >= before, 30_000));
      }
      assert.deepEqual(opened, [
        { type: 'openChange', side: 'head', file: 'k8s/web.yaml', line: 2 },
        { type: 'openChange', side: 'base', file: 'k8s/old.yaml', line: 3 },
      ]);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(await page.cspViolations(), []);
      await page.screenshot(`system map compare cost ${lang}`);
      await page.close();
    }
  });

  it("the Security view's Changes: the risks raised and resolved, each opening its lines; its empty states", async () => {
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: 'security', lang: 'en' } });
    const changes = { base: { ref: 'main' }, head: { ref: 'working tree' }, raised: diff.threats.raised, resolved: diff.threats.resolved };
    let since = page.messages.length;
    await page.post({ type: 'security', security, changes });
    const summary = await rendered(page, since);
    assert.deepEqual([summary.raised, summary.resolved], [1, 1]);
    const part = () => page.page.evaluate(() => ({
      title: document.querySelector('#risk-changes h3')?.textContent,
      items: [...document.querySelectorAll('#risk-changes li')].map((li) => `${li.className} ${li.textContent}`),
      empty: document.querySelector('#risk-changes p')?.textContent,
      markup: document.querySelectorAll('#risk-changes i').length,
    }));
    assert.deepEqual(await part(), {
      title: 'Changes (main → working tree)',
      items: [
        'diff-added + raised: elevated Missing Authentication covering communication link Redis :6379 from worker to cache (worker → cache)compose.yaml:10',
        'diff-removed − resolved: elevated Unencrypted Communication named HTTP :3000 between web and api (<i>web</i> → api)',
      ],
      empty: undefined,
      markup: 0,
    });
    const opened: Opened[] = [];
    for (const selector of ['#risk-changes li:nth-child(1) button.change', '#risk-changes li:nth-child(1) button.more', '#risk-changes li:nth-child(2) button.change']) {
      const before = page.messages.length;
      await page.page.click(selector);
      opened.push(await page.waitForMessage<Opened>((m) => (m as { type?: string }).type === 'openChange' && page.messages.indexOf(m) >= before, 30_000));
    }
    assert.deepEqual(opened, [
      { type: 'openChange', side: 'head', file: 'compose.yaml', line: 9 },
      { type: 'openChange', side: 'head', file: 'compose.yaml', line: 10 },
      { type: 'openChange', side: 'base', file: 'compose.yaml', line: 5 },
    ]);
    // Compared, nothing raised or resolved.
    since = page.messages.length;
    await page.post({ type: 'security', security, changes: { ...changes, raised: [], resolved: [] } });
    await rendered(page, since);
    assert.equal((await part()).empty, 'No risk raised or resolved.');
    // Not compared.
    since = page.messages.length;
    await page.post({ type: 'security', security });
    assert.deepEqual([(await rendered(page, since)).raised, (await part()).empty], [0, 'No comparison: Archipel: Compare with… shows here the risks a change raises and resolves.']);
    // The comparison failed: why.
    since = page.messages.length;
    await page.post({ type: 'security', security, changesError: 'not a commit: nope' });
    await rendered(page, since);
    assert.equal((await part()).empty, 'not a commit: nope');
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.screenshot('system map security changes');
    await page.close();
  });

  it("the Security view's Changes in French", async () => {
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: 'security', lang: 'fr' } });
    const since = page.messages.length;
    await page.post({ type: 'security', security, changes: { base: { ref: 'main' }, head: { ref: 'working tree' }, raised: diff.threats.raised, resolved: [] } });
    await rendered(page, since);
    const seen = await page.page.evaluate(() => ({
      title: document.querySelector('#risk-changes h3')?.textContent,
      item: document.querySelector('#risk-changes li')?.textContent,
      open: document.querySelector('#risk-changes li button.change')?.getAttribute('title'),
    }));
    assert.deepEqual(seen, {
      title: 'Changements (main → working tree)',
      item: '+ apparu : elevated Missing Authentication covering communication link Redis :6379 from worker to cache (worker → cache)compose.yaml:10',
      open: 'Ouvrir : compose.yaml:9',
    });
    await page.close();
  });
});
