// The Compose stack panel at half width (an editor split in two, 600 px; issue #51): titled as what
// it shows, its nodes and labels apart and readable, the defects the Compose checks report drawn in
// the red of an undefined depends_on (a host port two services publish, an undeclared network,
// volume or secret), workspace names shown as text, under the strict CSP.
import * as assert from 'node:assert/strict';
import { generateDiagram } from '../../server/src/diagrams/index';
import { diagramDrawers } from '../../server/src/families/descriptor';
import { families } from '../../server/src/families/index';
import { defaultSettings } from '../../server/src/settings';
import { REPO_ROOT, WebviewHarness } from './harness';
import { indexOf } from './fixtures';
import { rendered, renderPanel } from './panels';

const STACK = [
  'name: shop',
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    ports: ["8080:80"]',
  '    depends_on: [api, cache]',
  '    networks: [front]',
  '  api:',
  '    image: ghcr.io/acme/shop-api:2.4.1',
  '    ports: ["8080:8000"]',
  '    depends_on:',
  '      db: {condition: service_healthy}',
  '    networks: [front, back]',
  '    secrets: [api_token]',
  '  db:',
  '    image: postgres:16',
  '    volumes: ["dbdata:/var/lib/postgresql/data"]',
  '    networks: [backend]',
  '  "<script>window.__pwned = true</script>":',
  '    image: busybox:1.36',
  'networks:',
  '  front: {}',
  '  back: {}',
  '',
].join('\n');

type Box = { x: number; y: number; width: number; height: number };
const apart = (a: Box, b: Box) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;

describe('Compose stack panel at half width', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('is titled as the stack, draws its defects red, and keeps nodes and labels apart, unclipped and readable at 600 px', async () => {
    const { index } = indexOf({ 'shop/compose.yaml': STACK });
    const diagram = generateDiagram(diagramDrawers(families), 'compose', index, defaultSettings, [], REPO_ROOT);
    assert.equal(diagram.title, 'Compose stack');
    // The port clash (two services), the undefined dependency, the undeclared network, volume and secret.
    assert.equal(diagram.broken, 6);
    const view = await renderPanel(harness, 'diagram', { viewport: { width: 600, height: 700 }, pageData: { session: 'run-0', kept: false, generated: true } });
    const since = view.messages.length;
    await view.post({ type: 'diagram', origin: { kind: 'generated', diagram: 'compose' }, title: diagram.title, mermaid: diagram.mermaid, graph: diagram.graph, sources: diagram.sources });
    const summary = await rendered(view, since, 30_000);
    assert.equal(summary.ok, true);
    assert.equal(await view.page.locator('h1, header, .title').first().textContent(), 'Compose stack');
    // Left to right, the whole stack would fit only at 6 px labels: it is laid out top to bottom, and says so.
    assert.match(await view.page.locator('.notice, #notice').first().textContent() ?? '', /Drawn top to bottom to fit this narrow panel/);

    // Every defect drawn with the class of an undefined dependency.
    const missing = await view.page.$$eval('#stage g.node.c-missing', (gs) => gs.map((g) => [...g.querySelectorAll('text')].map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' | ') || t.textContent).join(' | ')));
    const red = (what: string) => missing.filter((m) => m.includes(what));
    assert.equal(red('also published by').length, 2, JSON.stringify(missing));
    assert.equal(red('cache | not defined').length, 1, JSON.stringify(missing));
    assert.equal(red('network backend | not declared').length, 1, JSON.stringify(missing));
    assert.equal(red('volume dbdata | not declared').length, 1, JSON.stringify(missing));
    assert.equal(red('secret api_token | not declared').length, 1, JSON.stringify(missing));
    assert.equal(missing.length, 6);
    assert.equal(await view.page.locator('#stage path.flowchart-link.broken').count(), diagram.graph.edges.filter((e) => e.style === 'broken').length);
    const stroke = await view.page.$$eval('#stage g.node.c-missing > .shape', (shapes) => [...new Set(shapes.map((s) => getComputedStyle(s).stroke))]);
    assert.deepEqual(stroke, ['rgb(229, 20, 0)']);

    // Nodes apart; each label inside its own node's shape; labels apart from each other and from the edge labels; readable.
    const layout = await view.page.evaluate(() => {
      const box = (e: Element) => (({ x, y, width, height }) => ({ x, y, width, height }))(e.getBoundingClientRect());
      const nodes = [...document.querySelectorAll('#stage g.node')].map((g) => ({ id: g.getAttribute('data-id')!, shape: box(g.querySelector('.shape')!), texts: [...g.querySelectorAll('text')].map(box), fontPx: [...g.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getBoundingClientRect().height / (t).getBBox().height)) }));
      const edgeLabels = [...document.querySelectorAll('#stage g.edgeLabel text')].map(box);
      return { nodes, edgeLabels };
    });
    const { nodes, edgeLabels } = layout;
    for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) assert.ok(apart(a.shape, b.shape), `nodes ${a.id} and ${b.id} overlap`);
    for (const node of nodes) for (const text of node.texts) assert.ok(inside(text, node.shape), `a label of ${node.id} is clipped by its shape: ${JSON.stringify({ text, shape: node.shape })}`);
    const labels = [...nodes.flatMap((n) => n.texts.length ? [n.texts.reduce((a, b) => ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.max(a.x + a.width, b.x + b.width) - Math.min(a.x, b.x), height: Math.max(a.y + a.height, b.y + b.height) - Math.min(a.y, b.y) }))] : []), ...edgeLabels];
    for (const [i, a] of labels.entries()) for (const b of labels.slice(i + 1)) assert.ok(apart(a, b), `labels overlap: ${JSON.stringify([a, b])}`);
    const smallest = Math.min(...nodes.flatMap((n) => n.fontPx));
    assert.ok(smallest >= 9, `labels are drawn at ${smallest.toFixed(1)} px`);

    // A service named with markup is text; nothing ran, nothing broke the CSP.
    assert.equal(await view.page.locator('#stage g.node tspan, #stage g.node text', { hasText: '<script>window.__pwned = true</script>' }).count() > 0, true);
    assert.equal(await view.page.locator('#stage script').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
    assert.deepEqual(await view.cspViolations(), []);
    await view.screenshot('compose stack at 600 px');
    await view.close();
  });
});
