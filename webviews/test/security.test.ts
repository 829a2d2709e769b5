// The System Map's Security view (issue #65) with the server's own answer (`archipel/securityView`,
// securityFixtures.ts): the example's trust boundaries drawn as boxes nested as the model nests them,
// its entry points marked, a store coloured by its classification; the planted stack's plaintext links
// red, and a click on a risk lighting exactly its attack path (its nodes and links, nothing else); a
// click on a line opening the file there; hostile names shown as text under the strict CSP; French.
import * as assert from 'node:assert/strict';
import type { SecurityViewResult } from '../../server/src/protocol/threats';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { INSECURE, securityViewOf } from './securityFixtures';

type Page = Awaited<ReturnType<typeof renderPanel>>;

async function show(harness: WebviewHarness, view: SecurityViewResult, lang = 'en'): Promise<{ page: Page; summary: Record<string, unknown> }> {
  const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: 'security', lang } });
  const since = page.messages.length;
  await page.post({ type: 'security', security: view });
  const summary = await rendered(page, since);
  return { page, summary };
}

/** The rectangles of the boundaries drawn, by id. */
function boxes(page: Page): Promise<Record<string, { x: number; y: number; right: number; bottom: number; label: string }>> {
  return page.page.evaluate(() => {
    const out: Record<string, { x: number; y: number; right: number; bottom: number; label: string }> = {};
    for (const group of document.querySelectorAll<SVGGElement>('#stage .group.boundary')) {
      const r = group.querySelector('rect')!.getBoundingClientRect();
      out[group.dataset.group!] = { x: r.x, y: r.y, right: r.right, bottom: r.bottom, label: group.querySelector('text')!.textContent ?? '' };
    }
    return out;
  });
}

describe('System Map page: the Security view', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it("draws the example's boundaries as nested boxes, its entry points, its store coloured by classification", async () => {
    const view = await securityViewOf();
    const { page, summary } = await show(harness, view);
    assert.equal(summary.view, 'security');
    assert.equal(summary.boundaries, view.boundaries.length);
    const drawn = await boxes(page);
    assert.deepEqual(Object.keys(drawn).sort(), view.boundaries.map((b) => b.id).sort(), 'every boundary a box');
    assert.ok(Object.values(drawn).some((b) => b.label === 'Internet'));
    // Nested as the model nests them: each child's box inside its parent's.
    const nested = view.boundaries.filter((b) => b.parent);
    assert.ok(nested.length > 0, 'the example nests a namespace in its cluster');
    for (const child of nested) {
      const [c, p] = [drawn[child.id], drawn[child.parent!]];
      assert.ok(c.x >= p.x && c.y >= p.y && c.right <= p.right && c.bottom <= p.bottom, `${child.id} inside ${child.parent}`);
    }
    // Each node in its boundary's box.
    const inside = await page.page.evaluate((ids) => ids.map(([node, group]) => {
      const n = document.querySelector(`#stage .node[data-node="${CSS.escape(node)}"] rect`)!.getBoundingClientRect();
      const g = document.querySelector(`#stage .group[data-group="${CSS.escape(group)}"] rect`)!.getBoundingClientRect();
      return n.x >= g.x && n.y >= g.y && n.right <= g.right && n.bottom <= g.bottom;
    }), view.nodes.filter((n) => n.boundary).map((n) => [n.id, n.boundary!] as [string, string]));
    assert.ok(inside.every(Boolean), JSON.stringify(inside));
    // Entry points marked; the store coloured by its classification (its fill is not the page's background).
    const entries = await page.page.evaluate(() => [...document.querySelectorAll<SVGGElement>('#stage .node.entry')].map((n) => n.dataset.node));
    assert.deepEqual(entries.sort(), view.nodes.filter((n) => n.entry).map((n) => n.id).sort());
    const store = view.nodes.find((n) => n.store)!;
    const fills = await page.page.evaluate((id) => {
      const fill = (el: Element | null) => (el ? getComputedStyle(el).fill : '');
      return { store: fill(document.querySelector(`#stage .node[data-node="${CSS.escape(id)}"] rect`)), plain: fill(document.querySelector('#stage .node:not(.store) rect')), classes: document.querySelector(`#stage .node[data-node="${CSS.escape(id)}"]`)!.getAttribute('class') };
    }, store.id);
    assert.match(fills.classes!, new RegExp(`classified-${store.store!.classification}`));
    assert.notEqual(fills.store, fills.plain, 'a classified store is filled');
    // A click on the encrypted store: the line that encrypts it (its StorageClass's key), as a link to the file.
    const encrypted = view.nodes.find((n) => n.store?.encryption?.length)!;
    await page.page.click(`#stage .node[data-node="${encrypted.id}"]`);
    await page.page.waitForSelector('#details h2');
    const encryption = await page.page.evaluate(() => {
      const heading = [...document.querySelectorAll('#details h3')].find((h) => h.textContent === 'Encrypted at rest by');
      return heading?.nextElementSibling?.textContent ?? '';
    });
    assert.match(encryption, /storageclass\.yaml/, encryption);
    // The example's one threat is accepted in its AMDEC: listed as treated, with its AMDEC id.
    const listed = await page.page.evaluate(() => [...document.querySelectorAll<HTMLLIElement>('#risks li.risk')].map((li) => ({ id: li.dataset.risk, treated: li.classList.contains('treated'), text: li.textContent })));
    assert.equal(listed.length, view.risks.length);
    const accepted = view.risks.find((r) => r.tracking?.status === 'accepted');
    if (accepted) assert.ok(listed.some((l) => l.id === accepted.id && l.treated && l.text.includes(accepted.tracking!.risk)), JSON.stringify(listed));
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.screenshot('system map security example');
    await page.close();
  });

  it('draws plaintext links red; a click on a risk lights exactly its attack path; a line opens its file', async () => {
    const view = await securityViewOf(INSECURE);
    const { page, summary } = await show(harness, view);
    assert.ok(Number(summary.risky) > 0);
    const red = await page.page.evaluate(() => [...document.querySelectorAll<SVGGElement>('#stage .edge.risky')].map((e) => Number(e.dataset.edge)));
    assert.deepEqual(red.sort((a, b) => a - b), view.links.flatMap((l, i) => (l.risky ? [i] : [])));
    const stroke = await page.page.evaluate(() => ({ red: getComputedStyle(document.querySelector('#stage .edge.risky path.line')!).stroke, plain: getComputedStyle(document.querySelector('#stage .edge:not(.risky) path.line') ?? document.body).stroke }));
    assert.notEqual(stroke.red, stroke.plain);
    // The plaintext database call's risk: its path lit, nothing else.
    const risk = view.risks.find((r) => r.rule === 'threat-unencrypted-communication' && r.path.length >= 3 && r.links.length >= 2)!;
    assert.ok(risk, 'a risk with a path of several links');
    const since = page.messages.length;
    await page.page.click(`#risks li[data-risk="${risk.id}"] button.risk-title`);
    const after = await rendered(page, since);
    assert.equal(after.lit, risk.path.length + risk.links.length * 2, 'its boxes, its arrows and their labels');
    const lit = await page.page.evaluate(() => ({
      nodes: [...document.querySelectorAll<SVGGElement>('#stage .node.on-path')].map((n) => n.dataset.node!),
      edges: [...document.querySelectorAll<SVGGElement>('#stage .edge.on-path')].map((e) => Number(e.dataset.edge)),
      dimmed: document.querySelectorAll('#stage .node.off-path').length,
    }));
    assert.deepEqual(lit.nodes.sort(), [...risk.path].sort());
    assert.deepEqual(lit.edges.sort((a, b) => a - b), risk.links.map((id) => view.links.findIndex((l) => l.id === id)).sort((a, b) => a - b));
    assert.equal(lit.dimmed, view.nodes.length - risk.path.length);
    assert.match(await page.page.textContent(`#risks li[data-risk="${risk.id}"] .path`) ?? '', / → /);
    // A second click clears it.
    await page.page.click(`#risks li[data-risk="${risk.id}"] button.risk-title`);
    await page.page.waitForFunction(() => document.querySelectorAll('#stage .on-path').length === 0);
    // The risk's line opens its file there.
    const source = risk.sources[0];
    await page.page.click(`#risks li[data-risk="${risk.id}"] ul.sources button`);
    const reveal = await page.waitForMessage<{ uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal');
    assert.equal(reveal.uri, source.uri);
    assert.equal(reveal.range.start.line, source.range.start.line);
    // A click on a box: its lines.
    await page.page.click(`#stage .node[data-node="${risk.path[risk.path.length - 1]}"]`);
    await page.page.waitForSelector('#details h2');
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.screenshot('system map security planted stack');
    await page.close();
  });

  it('shows hostile names as text, under the strict CSP; French when the editor is', async () => {
    const view = await securityViewOf(INSECURE);
    const hostile = '<img src=x onerror="document.title=\'pwned\'">';
    const planted: SecurityViewResult = {
      ...view,
      boundaries: view.boundaries.map((b, i) => (i === 1 ? { ...b, name: hostile } : b)),
      nodes: view.nodes.map((n, i) => (i === 1 ? { ...n, name: hostile } : n)),
      risks: view.risks.map((r, i) => (i === 0 ? { ...r, title: hostile } : r)),
    };
    const { page } = await show(harness, planted, 'fr');
    const seen = await page.page.evaluate(() => ({ images: document.querySelectorAll('img').length, title: document.title, svgText: [...document.querySelectorAll('#stage text')].map((t) => t.textContent).join('\n'), list: document.querySelector('#risks')!.textContent, legend: document.querySelector('#legend')!.textContent }));
    assert.equal(seen.images, 0);
    assert.notEqual(seen.title, 'pwned');
    assert.ok(seen.svgText.includes('<img src=x'), 'the name is text in the drawing');
    assert.ok(seen.list.includes(hostile), 'the title is text in the list');
    assert.match(seen.legend, /Point d'entrée/);
    assert.match(seen.list, /Risques/);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.close();
  });
});
