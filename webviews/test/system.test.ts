// The System Map page with the server's map of the example workspace: every view drawn, labels
// legible at half width (640×700) and on a small screen (1024×700) — never below the readable zoom
// (drawing/mapArrange.ts READABLE_ZOOM: names 8.3 px, technologies 7.7 px) —, filters and search, a click on an
// edge listing the lines that make it (and opening them), 500 components painted collapsed then whole
// (only those in view drawn, more as the view is dragged),
// workspace text shown as text.
import * as assert from 'node:assert/strict';
import { READABLE_ZOOM } from '../../server/src/drawing/mapArrange';
import { FONTS } from '../../server/src/drawing/mapLayout';
import type { SystemMapResult, SystemMapView } from '../../server/src/protocol/system';
import { WebviewHarness, type ThemeKind } from './harness';
import { rendered, renderPanel } from './panels';
import { exampleMap } from './systemFixtures';

const mapOf = (view: SystemMapView): SystemMapResult => exampleMap(view);

/** A map of `count` components in namespaces of ten, each calling the next. */
function largeMap(count: number): SystemMapResult {
  const source = { uri: 'file:///ws/k8s/app.yaml', range: { start: { line: 3, character: 2 }, end: { line: 3, character: 10 } } };
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `k8s:Deployment/ns${Math.floor(i / 10)}/service-${i}`, kind: 'service', name: `service-${i}`, technology: 'Deployment', family: 'kubernetes', namespace: `ns${Math.floor(i / 10)}`, sources: [source] }));
  const edges = nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id, kind: 'calls', label: `HTTP :${8000 + i}`, sources: [source] }));
  return { view: 'containers', system: 'large', nodes, edges, groups: [], ms: 1 };
}

/** The smallest text on screen at the readable zoom, less a rounding: each kind of text. */
const floor = (size: number) => Math.floor(size * READABLE_ZOOM * 100) / 100;
const READABLE = { name: floor(FONTS.name.size), technology: floor(FONTS.technology.size), label: floor(FONTS.label.size) };

/** The smallest box name and technology on screen (font size times the drawing's zoom), in pixels, and how many labels lie outside their box. */
function labels(view: Awaited<ReturnType<typeof renderPanel>>) {
  return view.page.evaluate(() => {
    const zoom = (document.querySelector('#stage') as SVGGElement).getCTM()!.a;
    const onScreen = (selector: string) => Math.round(Math.min(...[...document.querySelectorAll<SVGTextElement>(selector)].map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom)) * 100) / 100;
    const overflowing = [...document.querySelectorAll<SVGGElement>('#stage .node')].filter((node) => {
      const box = node.querySelector('rect')!.getBoundingClientRect();
      return [...node.querySelectorAll('text')].some((t) => t.getBoundingClientRect().right > box.right + 1);
    }).length;
    return { count: document.querySelectorAll('#stage .node text').length, smallest: onScreen('#stage .node text.name'), technology: onScreen('#stage .node text.technology'), overflowing };
  });
}

/** Names and technologies at the readable zoom or larger. */
function legible(seen: Awaited<ReturnType<typeof labels>>): void {
  assert.ok(seen.smallest >= READABLE.name, `smallest name ${seen.smallest} px`);
  assert.ok(!Number.isFinite(seen.technology) || seen.technology >= READABLE.technology, `smallest technology ${seen.technology} px`);
}

/** The first `rendered` summary after `since` that `accept` takes. */
async function renderedWith(page: Awaited<ReturnType<typeof renderPanel>>, since: number, accept: (summary: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const message = await page.waitForMessage<{ summary: Record<string, unknown> }>((m) => (m as { type?: string }).type === 'rendered' && page.messages.indexOf(m) >= since && accept((m as { summary: Record<string, unknown> }).summary), 15_000);
  return message.summary;
}

describe('System Map page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  for (const viewport of [{ width: 640, height: 700 }, { width: 1024, height: 700 }]) {
    for (const view of ['containers', 'deployment', 'delivery', 'context'] as SystemMapView[]) {
      it(`draws the example's ${view} view at ${viewport.width}×${viewport.height} with legible labels`, async () => {
        const map = mapOf(view);
        const page = await renderPanel(harness, 'system', { viewport });
        const since = page.messages.length;
        await page.post({ type: 'map', map });
        const summary = await rendered(page, since);
        assert.equal(summary.view, view);
        assert.equal(summary.nodes, map.nodes.length);
        const seen = await labels(page);
        assert.ok(seen.count >= map.nodes.length, `${seen.count} labels`);
        // Never below the readable zoom: shrunk no further, the view pans (with an overview) instead.
        legible(seen);
        assert.equal(seen.overflowing, 0, 'a label leaves its box');
        assert.deepEqual(page.errors, []);
        await page.screenshot(`system map ${view} ${viewport.width}x${viewport.height}`);
        await page.close();
      });
    }
  }

  for (const viewport of [{ width: 640, height: 700 }, { width: 1024, height: 700 }, { width: 1280, height: 800 }]) {
    it(`every edge label of the example's containers view is drawn clear of the boxes and of each other at ${viewport.width}×${viewport.height}`, async () => {
      const map = mapOf('containers');
      const page = await renderPanel(harness, 'system', { viewport });
      await page.post({ type: 'map', map });
      await rendered(page);
      const seen = await page.page.evaluate(() => {
        const rect = (e: Element) => e.getBoundingClientRect();
        const meet = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const boxes = [...document.querySelectorAll('#stage .node')].map((n) => ({ name: n.querySelector('text')!.textContent, box: rect(n.querySelector('rect')!) }));
        const labels = [...document.querySelectorAll('#stage .label')].map((l) => ({ text: l.querySelector('text')!.textContent, box: rect(l.querySelector('rect')!), ink: rect(l.querySelector('text')!) }));
        const problems: string[] = [];
        labels.forEach((label, i) => {
          // The text within its background, the background clear of every box and every other label.
          const { ink, box } = label;
          if (ink.left < box.left - 0.5 || ink.right > box.right + 0.5 || ink.top < box.top - 0.5 || ink.bottom > box.bottom + 0.5) problems.push(`"${label.text}" leaves its background`);
          for (const node of boxes) if (meet(box, node.box) || meet(ink, node.box)) problems.push(`"${label.text}" under the box ${node.name}`);
          for (const other of labels.slice(i + 1)) if (meet(box, other.box)) problems.push(`"${label.text}" over "${other.text}"`);
        });
        // The labels' font on screen: its size times the drawing's zoom.
        const zoom = (document.querySelector('#stage') as SVGGElement).getCTM()!.a;
        const sizes = [...document.querySelectorAll('#stage .label text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom);
        return { count: labels.length, problems, smallest: Math.round(Math.min(...sizes) * 100) / 100 };
      });
      await page.screenshot(`system map containers labels ${viewport.width}x${viewport.height}`);
      assert.equal(seen.count, map.edges.filter((e) => e.label).length, 'every edge label drawn');
      assert.deepEqual(seen.problems, []);
      assert.ok(seen.smallest >= READABLE.label, `smallest edge label ${seen.smallest} px`);
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  }

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
    it(`the containers view of the example: its components and the calls between them (${theme})`, async () => {
      const page = await renderPanel(harness, 'system', { theme, viewport: { width: 1280, height: 800 } });
      await page.post({ type: 'map', map: mapOf('containers') });
      await rendered(page);
      const names = await page.page.locator('#stage .node text.name').allTextContents();
      for (const name of ['api', 'mlflow', 'prometheus', 'alertmanager', 'grafana', 'stock-predictor', 'photo-anonymiser', 'Users']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
      assert.ok((await page.page.locator('#stage .edge').count()) >= 5);
      await page.screenshot(`system map containers ${theme}`);
      await page.close();
    });
  }

  it('a click on an edge lists its lines, and a line opens its file there', async () => {
    const map = mapOf('containers');
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 } });
    await page.post({ type: 'map', map });
    await rendered(page);
    const scrape = map.edges.findIndex((e) => e.kind === 'scrapes' && e.label.includes('job stock-predictor'));
    assert.ok(scrape >= 0, JSON.stringify(map.edges.map((e) => e.label)));
    // Dispatched on the edge itself: a click at its middle may land on an edge drawn over it.
    await page.page.locator(`#stage .edge[data-edge="${scrape}"] path.hit`).dispatchEvent('click');
    assert.equal(await page.page.textContent('#details h3'), 'Why is this edge here');
    const lines = await page.page.locator('#details .sources button').allTextContents();
    assert.deepEqual(lines, ['prometheus.yml:24']);
    const since = page.messages.length;
    await page.page.click('#details .sources button');
    const reveal = await page.waitForMessage<{ type: string; uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal' && page.messages.indexOf(m) >= since, 5000);
    assert.match(reveal.uri, /monitoring\/prometheus\.yml$/);
    assert.equal(reveal.range.start.line, 23);
    await page.close();
  });

  it('filters by kind, namespace and family; search marks what it finds; another view is asked of the host', async () => {
    const map = mapOf('deployment');
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 } });
    await page.post({ type: 'map', map });
    const all = await rendered(page);
    const inNamespace = map.nodes.filter((n) => n.namespace === 'stock-prediction').length;
    await page.page.selectOption('#namespace', 'stock-prediction');
    await renderedWith(page, 0, (s) => s.nodes === inNamespace);
    assert.ok(inNamespace > 0 && inNamespace < (all.nodes as number));
    await page.page.selectOption('#namespace', '');
    await page.page.selectOption('#family', 'compose');
    await renderedWith(page, 0, (s) => s.nodes === map.nodes.filter((n) => n.family === 'compose').length);
    await page.page.selectOption('#family', '');
    await page.page.uncheck('#kinds input[data-kind="endpoint"]');
    await renderedWith(page, 0, (s) => s.nodes === map.nodes.filter((n) => n.kind !== 'endpoint').length);
    await page.page.fill('#search', 'grafana');
    assert.deepEqual(await page.page.locator('#stage .node.match text.name').allTextContents(), ['grafana']);
    const since = page.messages.length;
    await page.page.selectOption('#view', 'delivery');
    await page.waitForMessage((m) => (m as { type?: string; view?: string }).type === 'view' && (m as { view: string }).view === 'delivery' && page.messages.indexOf(m) >= since, 5000);
    await page.close();
  });

  it('500 components: closed into their namespaces to stay readable, each opened by a click, all at once on demand', async () => {
    const map = largeMap(500);
    const page = await renderPanel(harness, 'system', { viewport: { width: 640, height: 700 } });
    let since = page.messages.length;
    await page.post({ type: 'map', map });
    const closed = await rendered(page, since);
    assert.equal(closed.collapsed, 50);
    assert.equal(closed.nodes, 50);
    legible(await labels(page));
    since = page.messages.length;
    await page.page.click('#stage .node.collapsed >> nth=0');
    assert.equal((await rendered(page, since)).nodes, 59);
    since = page.messages.length;
    await page.page.click('#expand');
    const whole = await rendered(page, since);
    assert.equal(whole.nodes, 500);
    assert.equal(whole.edges, 499);
    // Labels stay legible: the map pans instead.
    legible(await labels(page));
    // Only what is in view (and a margin) is drawn; dragging the background draws what comes into view.
    const drawnNames = async () => (await page.page.locator('#stage .node text.name').allTextContents()).map((n) => Number(n.replace('service-', '')));
    const before = await drawnNames();
    assert.equal(before.length, whole.drawn);
    assert.ok(before.length > 5 && before.length < 500, `${before.length} boxes drawn`);
    const box = (await page.page.locator('#map').boundingBox())!;
    for (let drag = 0; drag < 3; drag++) {
      await page.page.mouse.move(box.x + 8, box.y + box.height - 10);
      await page.page.mouse.down();
      await page.page.mouse.move(box.x + 8, box.y + 10, { steps: 4 });
      await page.page.mouse.up();
    }
    const after = await drawnNames();
    assert.ok(Math.max(...after) > Math.max(...before), `after a drag down the map: ${Math.max(...before)} then ${Math.max(...after)}`);
    const seen = await labels(page);
    legible(seen);
    assert.deepEqual(page.errors, []);
    await page.screenshot('system map 500 components');
    await page.close();
  });

  it('checks a source when it shows it: a script URI or a broken range is left out, never revealed', async () => {
    const map = largeMap(3);
    const good = map.nodes[0].sources[0];
    map.nodes[0].sources = [{ uri: 'javascript:window.__pwned=true', range: good.range }, { uri: good.uri, range: { start: { line: -1, character: 0 }, end: good.range.end } }, good];
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 } });
    await page.post({ type: 'map', map });
    await rendered(page);
    await page.page.locator(`#stage .node[data-node="${map.nodes[0].id}"]`).dispatchEvent('click');
    assert.deepEqual(await page.page.locator('#details .sources button').allTextContents(), ['app.yaml:4']);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('shows workspace text as text', async () => {
    const map = largeMap(3);
    map.nodes[0].name = '<img src=x onerror="window.__pwned=true">';
    const page = await renderPanel(harness, 'system', { viewport: { width: 1024, height: 700 } });
    await page.post({ type: 'map', map });
    await rendered(page);
    assert.equal(await page.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    assert.ok((await page.page.locator('#stage .node text.name').allTextContents()).some((t) => t.startsWith('<img')));
    await page.close();
  });
});
