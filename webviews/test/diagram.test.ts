// The diagram page: Mermaid drawn under the strict CSP (no violation, nothing fetched), labels from
// the workspace shown as text, zoom and pan kept in the state, the theme followed, clicks on
// generated nodes revealing their manifest, syntax errors shown on the file's line, export as a
// standalone SVG that librsvg (sharp) reads.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { generateDiagram as drawDiagram } from '../../server/src/diagrams/index';
import { diagramDrawers } from '../../server/src/families/descriptor';
import { families } from '../../server/src/families/index';
import type { WorkspaceIndex } from '../../server/src/workspace/index';
import { defaultSettings } from '../../server/src/settings';
import type { DiagramResult } from '../../server/src/protocol';
import { REPO_ROOT, WebviewHarness, type RenderedView, type ThemeKind } from './harness';
import { indexOf, PORTFOLIO } from './fixtures';
import { rendered, renderPanel } from './panels';
import { READABLE_SCALE } from '../diagram/zoom';

// A label written with Mermaid's entity codes shows `<script>` as text; raw markup in a label is
// removed by Mermaid's sanitiser (securityLevel: strict) and never runs.
const FLOW = 'flowchart LR\n  a["Order API <img src=x onerror=window.__pwned=true><script>window.__pwned = true</script>"] -->|publishes| q[(Queue)]\n  q --> w(["Worker #lt;script#gt;window.__pwned = true#lt;/script#gt;"])\n';

function portfolioFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|md)$/.test(name)) files[path.relative(PORTFOLIO, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(PORTFOLIO);
  return files;
}

/** A diagram of the families' drawers (the workflow data from the repository's schemas/). */
function generateDiagram(kind: string, index: WorkspaceIndex, settings: typeof defaultSettings): DiagramResult {
  return drawDiagram(diagramDrawers(families), kind, index, settings, [], REPO_ROOT);
}

function k8sDiagram(extra: Record<string, string> = {}): DiagramResult {
  const { index } = indexOf({ ...portfolioFiles(), ...extra });
  return generateDiagram('k8s', index, defaultSettings);
}

const fileOrigin = { kind: 'file', uri: 'file:///ws/docs/flow.mmd' } as const;

/** A generated diagram as DiagramPanel sends it: its Mermaid text and its graph. */
function generatedMessage(diagram: DiagramResult) {
  return { origin: { kind: 'generated', diagram: 'k8s' } as const, title: diagram.title, mermaid: diagram.mermaid, graph: diagram.graph, sources: diagram.sources };
}
/** The start data DiagramPanel embeds for a generated diagram. */
const generatedPage = { session: 'run-0', kept: false, generated: true };

const ARCHITECTURE = () => readFileSync(path.join(PORTFOLIO, 'docs', 'architecture.mmd'), 'utf8');
const SEQUENCE = 'sequenceDiagram\n  participant API\n  participant Queue\n  API->>Queue: publish\n  Queue-->>API: Ack\n';

function withoutSpaces(text: string): string {
  return text.replace(/\s+/g, '');
}

async function show(view: RenderedView, message: Record<string, unknown>): Promise<Record<string, unknown>> {
  const since = view.messages.length;
  await view.post({ type: 'diagram', sources: [], ...message });
  return rendered(view, since, 30_000);
}

/** Every group drawn with its label, apart from the others, around its members, which are placed inside it, nodes apart. */
async function assertGroups(view: RenderedView, graph: DiagramResult['graph']): Promise<void> {
  const groups = await view.page.$$eval('#stage g.cluster', (gs) => gs.map((g) => ({ id: g.getAttribute('data-id'), label: g.querySelector('text')!.textContent, box: (({ x, y, width, height }) => ({ x, y, width, height }))((g.querySelector('rect') as SVGRectElement).getBBox()) })));
  assert.deepEqual(groups.map((g) => ({ id: g.id, label: g.label })), graph.groups);
  type Box = { x: number; y: number; width: number; height: number };
  const apart = (a: Box, b: Box) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
  for (const [i, a] of groups.entries()) for (const b of groups.slice(i + 1)) assert.ok(apart(a.box, b.box), `groups ${a.id} and ${b.id} do not overlap: ${JSON.stringify([a.box, b.box])}`);
  const nodes = await view.page.$$eval('#stage g.node', (gs) =>
    gs.map((g) => {
      const m = (g as SVGGElement).transform.baseVal.consolidate()!.matrix;
      const shape = (g.querySelector('.shape') as SVGGraphicsElement).getBBox();
      return { id: g.getAttribute('data-id')!, box: { x: m.e + shape.x, y: m.f + shape.y, width: shape.width, height: shape.height } };
    }),
  );
  for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) assert.ok(apart(a.box, b.box), `nodes ${a.id} and ${b.id} do not overlap`);
  for (const node of graph.nodes.filter((n) => n.group)) {
    const group = groups.find((g) => g.id === node.group)!.box;
    const box = nodes.find((n) => n.id === node.id)!.box;
    const inside = box.x >= group.x && box.y >= group.y && box.x + box.width <= group.x + group.width && box.y + box.height <= group.y + group.height;
    assert.ok(inside, `${node.id} is inside its group ${node.group}: ${JSON.stringify({ box, group })}`);
  }
}

describe('diagram page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(async () => {
    // As `archipel diagram` and the diagram request do: each drawer loads its code first (kubernetes/drawer.ts, system/drawer.ts).
    for (const drawer of diagramDrawers(families)) await drawer.prepare?.();
    await harness.launch();
  });
  after(() => harness.close());

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
    it(`draws a Mermaid file with its labels as text (${theme})`, async () => {
      const view = await renderPanel(harness, 'diagram', { theme, viewport: { width: 1000, height: 600 } });
      const summary = await show(view, { origin: fileOrigin, title: 'flow.mmd', mermaid: FLOW });
      assert.equal(summary.ok, true);
      assert.equal(summary.nodes, 3);
      assert.equal(summary.diagramType, 'flowchart-v2');
      const labels = await view.page.locator('#stage g.node').allTextContents();
      // Labels are SVG text, split into lines where Mermaid wraps them: where that is depends on
      // font metrics, so the label is compared without its whitespace.
      assert.ok(labels.some((l) => withoutSpaces(l) === 'Worker<script>window.__pwned=true</script>'), labels.join(' | '));
      assert.ok(labels.some((l) => l.startsWith('Order API')), labels.join(' | '));
      assert.equal(await view.page.locator('#stage script, #stage img').count(), 0);
      assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
      // The diagram's CSS is applied (a constructed sheet): labels have Mermaid's font.
      assert.match(await view.page.$eval('#stage g.node text', (el) => getComputedStyle(el).fontFamily), /trebuchet ms/);
      // The only refusal: the raw label's onerror handler, which the CSP blocked (it never ran).
      assert.deepEqual([...new Set((await view.cspViolations()).map((v) => v.directive))].filter((d) => d !== 'script-src-attr'), []);
      assert.deepEqual(view.blockedRequests, []);
      assert.deepEqual(view.errors.filter((e) => !/Content Security Policy/.test(e)), []);
      await view.screenshot(`diagram preview ${theme}`);
      await view.close();
    });
  }

  it('lets no directive or front matter with __proto__ / constructor keys pollute anything (Mermaid as patched at build time)', async () => {
    const view = await renderPanel(harness, 'diagram');
    const hostile = [
      '%%{init: {"__proto__": {"polluted": "init", "htmlLabels": true}, "constructor": {"prototype": {"polluted": "ctor"}}}}%%\nflowchart LR\n  a["A"] --> b["B"]\n',
      '%%{init: {"flowchart": {"__proto__": {"polluted": "section", "htmlLabels": true}}, "themeVariables": {"__proto__": {"polluted": "theme"}}}}%%\nflowchart LR\n  a["A"] --> b["B"]\n',
      '---\nconfig:\n  __proto__:\n    polluted: frontmatter\n  constructor:\n    prototype:\n      polluted: frontmatter-ctor\n  flowchart:\n    __proto__:\n      polluted: frontmatter-section\n---\nflowchart LR\n  a["A"] --> b["B"]\n',
    ];
    for (const mermaid of hostile) {
      const summary = await show(view, { origin: fileOrigin, title: 'hostile.mmd', mermaid });
      assert.equal(summary.ok, true, String(summary.error));
      assert.equal(summary.nodes, 2);
      const state = await view.page.evaluate(() => ({
        plain: ({} as Record<string, unknown>).polluted ?? null,
        prototypeKeys: Object.getOwnPropertyNames(Object.prototype).filter((k) => /polluted|htmlLabels/.test(k)),
        functionPrototype: (Function.prototype as unknown as Record<string, unknown>).polluted ?? null,
        // htmlLabels stays off: labels are SVG text, never HTML in a foreignObject.
        foreignObjects: document.querySelectorAll('#stage foreignObject').length,
      }));
      assert.deepEqual(state, { plain: null, prototypeKeys: [], functionPrototype: null, foreignObjects: 0 });
    }
    // Drawing again after the hostile texts: the configuration Mermaid copies is unharmed.
    const summary = await show(view, { origin: fileOrigin, title: 'flow.mmd', mermaid: FLOW });
    assert.equal(summary.nodes, 3);
    assert.equal(await view.page.locator('#stage foreignObject').count(), 0);
    assert.deepEqual(view.errors.filter((e) => !/Content Security Policy/.test(e)), []);
    await view.close();
  });

  it('redraws in the new theme when VS Code switches', async () => {
    const view = await renderPanel(harness, 'diagram', { theme: 'light' });
    await show(view, { origin: fileOrigin, title: 'flow.mmd', mermaid: FLOW });
    const fill = () => view.page.$eval('#stage g.node rect, #stage g.node path', (el) => getComputedStyle(el).fill);
    const light = await fill();
    const since = view.messages.length;
    await view.page.evaluate(() => {
      document.body.className = 'vscode-dark';
      document.body.dataset.vscodeThemeKind = 'vscode-dark';
    });
    await rendered(view, since, 30_000);
    assert.notEqual(await fill(), light);
    await view.close();
  });

  for (const [kind, before, edits] of [
    ['flowchart', ARCHITECTURE(), [ARCHITECTURE().replace('Ingestion job', 'Ingestion jobs'), ARCHITECTURE().replace('Ingestion job', 'Ingestion jobs!')]],
    ['sequence diagram of a Markdown ADR', SEQUENCE, [SEQUENCE.replace('Ack', 'Acks'), SEQUENCE.replace('Ack', 'Ack s')]],
  ] as const) {
    it(`keeps the ${kind}'s colours when the text is edited and drawn again, twice, and after undo`, async () => {
      const view = await renderPanel(harness, 'diagram', { theme: 'dark' });
      const origin = kind === 'flowchart' ? fileOrigin : { kind: 'file', uri: 'file:///work/docs/adr/0002-events.md' };
      const look = () =>
        view.page.evaluate(() => {
          const svg = document.querySelector('#stage svg')!;
          const shape = svg.querySelector('g.node rect, g.node path, rect.actor') as SVGElement;
          const line = svg.querySelector('.flowchart-link, .messageLine0, .messageLine1') as SVGElement;
          const rules = document.adoptedStyleSheets.filter((sheet) => (sheet as CSSStyleSheet & { archipelKey?: string }).archipelKey === svg.id).map((sheet) => sheet.cssRules.length);
          return { rules, fill: getComputedStyle(shape).fill, stroke: getComputedStyle(line).stroke };
        });
      // As the host does: each drawing the page sends is kept by its text, and comes back with the
      // same text: sent again (the file saved, the cursor moved) or after undo.
      const kept = new Map<string, unknown>();
      const texts = [before, edits[0], edits[0], edits[1], edits[1], before];
      const looks = [];
      for (const [i, mermaid] of texts.entries()) {
        const textHash = createHash('sha256').update(mermaid).digest('hex');
        const since = view.messages.length;
        const summary = await show(view, { origin, title: 'x', mermaid, textHash, firstLine: 4, cached: kept.has(textHash) ? [kept.get(textHash)] : undefined });
        assert.equal(summary.ok, true, `drawing ${i}: ${String(summary.error)}`);
        looks.push(await look());
        if (!summary.cached) {
          const drawing = await view.waitForMessage<{ drawing: unknown }>((m) => (m as { type?: string }).type === 'drawing' && view.messages.indexOf(m) >= since, 10_000);
          kept.set(textHash, drawing.drawing);
        }
      }
      assert.equal(looks.length, 6);
      for (const [i, seen] of looks.entries()) {
        assert.equal(seen.rules.length, 1, `drawing ${i} has its stylesheet`);
        assert.ok(seen.rules[0] > 10, `drawing ${i}'s stylesheet has its rules (${seen.rules[0]})`);
        assert.deepEqual(seen, looks[0], `drawing ${i} looks like the first`);
      }
      assert.notEqual(looks[0].fill, 'rgb(0, 0, 0)');
      assert.notEqual(looks[0].stroke, 'none');
      await view.close();
    });
  }

  it('shows a wide left-to-right flowchart at a legible scale from its first node, first and after Fit (part out of view said, − zooms past it), and clips no label at 1:1', async () => {
    const chain = Array.from({ length: 14 }, (_, i) => `  n${i}["Service number ${i}"]${i < 13 ? ` --> n${i + 1}` : ''}`).join('\n');
    const view = await renderPanel(harness, 'diagram', { viewport: { width: 800, height: 600 } });
    await show(view, { origin: fileOrigin, title: 'wide.mmd', mermaid: `flowchart LR\n${chain}\n` });
    const scale = () => view.page.$eval('#stage', (el) => new DOMMatrix(getComputedStyle(el).transform).a);
    const firstLabel = () =>
      view.page.evaluate(() => {
        const viewport = document.getElementById('viewport')!.getBoundingClientRect();
        const text = document.querySelector('#stage g.node text')!.getBoundingClientRect();
        const svg = document.querySelector('#stage svg')!;
        return { textLeft: text.left, viewportLeft: viewport.left, visible: text.left >= viewport.left && text.right <= viewport.right, overflow: getComputedStyle(svg).overflow };
      });
    // First view: the whole chain would be ~0.25 of its size, a thumbnail; the labels stay legible (9 px) and the chart starts in view.
    assert.ok((await scale()) >= READABLE_SCALE - 1e-9, `scale ${await scale()}`);
    assert.ok((await firstLabel()).visible, JSON.stringify(await firstLabel()));
    // Fit never shrinks the text below the legible floor (#98): the whole chain would be ~0.25 of its size; Fit keeps 9 px
    // from its first node, and the toolbar says part is out of view. Zooming out (−) still goes below it.
    await view.page.click('#zoom-in');
    await view.page.click('#fit');
    assert.ok((await scale()) >= READABLE_SCALE - 1e-9, `scale ${await scale()}`);
    assert.ok((await firstLabel()).visible, JSON.stringify(await firstLabel()));
    const inView = () =>
      view.page.evaluate(() => {
        const port = document.getElementById('viewport')!.getBoundingClientRect();
        const nodes = [...document.querySelectorAll('#stage g.node')].map((n) => n.getBoundingClientRect());
        return nodes.filter((r) => r.left >= port.left && r.right <= port.right).length;
      });
    assert.ok((await inView()) < 14, 'part of the chain out of view');
    assert.equal(await view.page.$eval('#fit-note', (el) => (el as HTMLElement).hidden), false);
    for (let i = 0; i < 7; i++) await view.page.click('#zoom-out');
    assert.ok((await scale()) < 0.3, `zoomed out to ${await scale()}`);
    assert.equal(await inView(), 14, 'every node in view zoomed out');
    // A diagram that fits is shown whole, centred, never enlarged.
    await show(view, { origin: fileOrigin, title: 'flow.mmd', mermaid: FLOW });
    assert.ok((await scale()) <= 1);
    // 1:1: nothing Mermaid draws past its viewBox (a label measured narrower than it renders) is clipped.
    await show(view, { origin: fileOrigin, title: 'wide.mmd', mermaid: `flowchart LR\n${chain}\n` });
    await view.page.click('#actual');
    assert.equal(await scale(), 1);
    const label = await firstLabel();
    assert.equal(label.overflow, 'visible');
    assert.ok(label.textLeft >= label.viewportLeft, JSON.stringify(label));
    await view.close();
  });

  it('zooms and pans, and keeps the view in its state', async () => {
    const view = await renderPanel(harness, 'diagram', { viewport: { width: 900, height: 600 } });
    await show(view, { origin: fileOrigin, title: 'flow.mmd', mermaid: FLOW });
    const transform = () => view.page.$eval('#stage', (el) => (el as HTMLElement).style.transform);
    const fitted = await transform();
    await view.page.click('#zoom-in');
    await view.page.click('#zoom-in');
    const zoomed = await transform();
    assert.notEqual(zoomed, fitted);
    const box = (await view.page.locator('#viewport').boundingBox())!;
    await view.page.mouse.move(box.x + 100, box.y + 100);
    await view.page.mouse.down();
    await view.page.mouse.move(box.x + 180, box.y + 140, { steps: 5 });
    await view.page.mouse.up();
    assert.notEqual(await transform(), zoomed);
    await view.page.mouse.move(box.x + 300, box.y + 300);
    await view.page.mouse.wheel(0, -300);
    const state = (await view.state()) as { origin: unknown; view?: { scale: number } };
    assert.deepEqual(state.origin, fileOrigin);
    assert.ok(state.view && state.view.scale > 1, JSON.stringify(state));
    await view.close();

    // Restored (a reload): the saved view comes back instead of a fit.
    const again = await renderPanel(harness, 'diagram', { initialState: state, viewport: { width: 900, height: 600 } });
    await show(again, { origin: fileOrigin, title: 'flow.mmd', mermaid: FLOW });
    const restored = await again.page.$eval('#stage', (el) => (el as HTMLElement).style.transform);
    assert.match(restored, new RegExp(`scale\\(${state.view.scale.toFixed(3).slice(0, 4)}`));
    await again.close();
  });

  it('draws the Kubernetes topology of the example; a click on a node reveals its manifest; workspace names are text', async () => {
    const hostile = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "<script>window.__pwned = true</script>", namespace: stock-prediction}\ndata: {}\n';
    const diagram = k8sDiagram({ 'kubernetes/hostile.yaml': hostile });
    const view = await renderPanel(harness, 'diagram', { viewport: { width: 1200, height: 800 }, pageData: generatedPage });
    const summary = await show(view, generatedMessage(diagram));
    assert.equal(summary.ok, true);
    assert.equal(summary.diagramType, 'graph');
    assert.equal(summary.nodes, diagram.nodes);
    assert.equal(summary.mermaidAt, -1, 'a generated diagram is drawn without loading Mermaid');
    const deployment = diagram.sources.find((s) => s.uri.endsWith('/deployment.yaml'))!;
    await view.page.click(`#stage g.node[data-source="${deployment.id}"]`);
    const reveal = await view.waitForMessage<{ uri: string; range: unknown }>((m) => (m as { type?: string }).type === 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', uri: deployment.uri, range: deployment.range });
    assert.deepEqual(await view.page.locator('#stage g.node', { hasText: 'window.__pwned' }).allTextContents(), ['ConfigMap<script>window.__pwned = true</script>']);
    assert.equal(await view.page.locator('#stage g.node tspan', { hasText: '<script>window.__pwned = true</script>' }).count(), 1);
    assert.equal(await view.page.locator('#stage script').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
    assert.deepEqual(await view.cspViolations(), []);
    await view.screenshot('diagram kubernetes topology');
    await view.close();
  });

  for (const renderer of ['graph', 'Mermaid'] as const) {
    it(`draws broken references red and dashed (${renderer})`, async () => {
      const broken = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: stock-prediction}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: frontend, port: {number: 80}}}}\n';
      const diagram = k8sDiagram({ 'kubernetes/ingress.yaml': broken });
      assert.equal(diagram.broken, 1);
      const view = await renderPanel(harness, 'diagram', { viewport: { width: 1200, height: 800 } });
      // The Mermaid text is what `archipel diagram` prints: a user may preview it as a .mmd file.
      const summary = await show(view, renderer === 'graph' ? generatedMessage(diagram) : { ...generatedMessage(diagram), graph: undefined });
      assert.equal(summary.diagramType, renderer === 'graph' ? 'graph' : 'flowchart-v2');
      const styles = await view.page.$$eval('#stage path', (paths) =>
        paths.map((p) => ({ stroke: getComputedStyle(p).stroke, dash: getComputedStyle(p).strokeDasharray })).filter((s) => s.stroke === 'rgb(229, 20, 0)'),
      );
      assert.ok(styles.length >= 1, 'an edge is drawn in red');
      assert.ok(styles.every((s) => s.dash !== 'none'), JSON.stringify(styles));
      const missing = await view.page.locator('#stage g.node', { hasText: 'not defined' }).allTextContents();
      assert.deepEqual(missing, ['Servicefrontendnot defined']);
      if (renderer === 'graph') {
        // The broken edge ends on the missing Service, with a red arrow; the missing node is outlined and written in red.
        const edge = await view.page.$eval('#stage path.flowchart-link.broken', (p) => {
          const marker = document.querySelector(p.getAttribute('marker-end')!.replace(/^url\((.*)\)$/, '$1'))!.querySelector('path')!;
          return { to: p.getAttribute('data-to'), width: getComputedStyle(p).strokeWidth, arrow: getComputedStyle(marker).fill };
        });
        const missingId = diagram.graph.nodes.find((n) => n.lines.includes('not defined'))!.id;
        assert.deepEqual(edge, { to: missingId, width: '2px', arrow: 'rgb(229, 20, 0)' });
        const node = await view.page.$eval(`#stage g.node[data-id="${missingId}"]`, (g) => ({
          stroke: getComputedStyle(g.querySelector('.shape')!).stroke,
          dash: getComputedStyle(g.querySelector('.shape')!).strokeDasharray,
          text: getComputedStyle(g.querySelector('text')!).fill,
        }));
        assert.deepEqual(node, { stroke: 'rgb(229, 20, 0)', dash: '6px, 4px', text: 'rgb(229, 20, 0)' });
        // Edges that are not broken are not red.
        assert.equal(await view.page.locator('#stage path.flowchart-link').count(), diagram.edges);
        assert.equal(styles.length, diagram.graph.edges.filter((e) => e.style === 'broken').length);
      }
      await view.screenshot(`diagram broken reference ${renderer}`);
      await view.close();
    });
  }

  it('draws a generated graph with every node, edge and group, a shape per kind, in the theme of VS Code', async () => {
    const edge =
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: stock-prediction}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: stock-predictor, port: {number: 80}}}}\n' +
      '---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: stock-prediction}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n';
    const diagram = k8sDiagram({ 'kubernetes/edge.yaml': edge });
    const colours: Record<string, { fill: string; stroke: string; text: string }> = {};
    for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
      const view = await renderPanel(harness, 'diagram', { theme, viewport: { width: 1200, height: 800 }, pageData: generatedPage });
      const summary = await show(view, generatedMessage(diagram));
      assert.deepEqual([summary.nodes, summary.edges, summary.clusters], [diagram.nodes, diagram.edges, diagram.graph.groups.length]);
      // Every node, by id, with its label's lines; every group, with its label and its members inside it.
      const drawn = await view.page.$$eval('#stage g.node', (nodes) => nodes.map((n) => ({ id: n.getAttribute('data-id'), lines: [...n.querySelectorAll('tspan')].map((t) => t.textContent) })));
      assert.deepEqual(drawn, diagram.graph.nodes.map((n) => ({ id: n.id, lines: n.lines })));
      await assertGroups(view, diagram.graph);
      // Every edge joins the two nodes it says, in the style it says.
      const edges = await view.page.$$eval('#stage path.flowchart-link', (paths) => paths.map((p) => ({ from: p.getAttribute('data-from'), to: p.getAttribute('data-to'), style: [...p.classList].find((c) => c !== 'flowchart-link') })));
      assert.deepEqual(edges, diagram.graph.edges.map((e) => ({ from: e.from, to: e.to, style: e.style })));
      const labels = await view.page.locator('#stage g.edgeLabel').allTextContents();
      assert.deepEqual(labels, diagram.graph.edges.filter((e) => e.label).map((e) => e.label));
      // A shape per kind: Services rounded, Ingresses a flag, ConfigMaps a parallelogram, PVCs a cylinder.
      const shapeOf = (kind: string) => {
        const node = diagram.graph.nodes.find((n) => n.lines[0] === kind && !n.classes.length)!;
        return view.page.$eval(`#stage g.node[data-id="${node.id}"] > .shape`, (e) => `${e.localName}${e.getAttribute('rx') ? ' round' : ''}${e.localName === 'polygon' ? ` ${e.getAttribute('points')!.split(' ').length}` : ''}`);
      };
      assert.equal(await shapeOf('Service'), 'rect round');
      assert.equal(await shapeOf('Deployment'), 'rect');
      assert.equal(await shapeOf('Ingress'), 'polygon 5');
      assert.equal(await shapeOf('ConfigMap'), 'polygon 4');
      assert.equal(await shapeOf('PersistentVolumeClaim'), 'path');
      colours[theme] = await view.page.$eval('#stage g.node .shape', (e) => ({ fill: getComputedStyle(e).fill, stroke: getComputedStyle(e).stroke, text: getComputedStyle(e.parentElement!.querySelector('text')!).fill }));
      assert.deepEqual(await view.cspViolations(), []);
      assert.deepEqual(view.blockedRequests, []);
      assert.deepEqual(view.errors, []);
      await view.screenshot(`diagram generated graph ${theme}`);
      await view.close();
    }
    // The theme's colours: text in the editor's foreground, outlines in its focus colour (high contrast: its contrast border).
    assert.deepEqual([colours.dark.text, colours.light.text, colours['high-contrast'].text], ['rgb(212, 212, 212)', 'rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    assert.deepEqual([colours.dark.stroke, colours.light.stroke, colours['high-contrast'].stroke], ['rgb(0, 127, 212)', 'rgb(0, 144, 241)', 'rgb(111, 195, 223)']);
    assert.notEqual(colours.dark.fill, colours.light.fill);
  });

  it('draws the ADR graph top to bottom with each status in its colour, and workflow jobs with dashed edges into conditional jobs', async () => {
    const { index } = indexOf(portfolioFiles());
    const adr = generateDiagram('adr', index, defaultSettings);
    const view = await renderPanel(harness, 'diagram', { theme: 'light', pageData: generatedPage });
    const summary = await show(view, { ...generatedMessage(adr), origin: { kind: 'generated', diagram: 'adr' } });
    assert.deepEqual([summary.diagramType, summary.nodes, summary.edges], ['graph', adr.nodes, adr.edges]);
    const outline = (id: string) => view.page.$eval(`#stage g.node[data-id="${id}"] .shape`, (e) => ({ stroke: getComputedStyle(e).stroke, dash: getComputedStyle(e).strokeDasharray }));
    const byStatus = (status: string) => adr.graph.nodes.find((n) => n.classes.includes(status))!.id;
    assert.deepEqual(await outline(byStatus('accepted')), { stroke: 'rgb(46, 125, 50)', dash: 'none' });
    assert.deepEqual(await outline(byStatus('proposed')), { stroke: 'rgb(176, 136, 0)', dash: '4px, 2px' });
    assert.deepEqual(await outline(byStatus('superseded')), { stroke: 'rgb(138, 138, 138)', dash: '3px, 3px' });
    // Top to bottom: the superseding decision is drawn above the one it supersedes.
    const [edge] = adr.graph.edges;
    const y = (id: string) => view.page.$eval(`#stage g.node[data-id="${id}"]`, (g) => (g as SVGGElement).transform.baseVal.consolidate()!.matrix.f);
    assert.ok((await y(edge.from)) < (await y(edge.to)), 'TB layout');
    // The decisions that link to no other are a grid, not one row as wide as the graph (the example's 5 in 2 rows, 3 at most a row).
    const rows = new Map<number, number>();
    const linked = new Set(adr.graph.edges.flatMap((e) => [e.from, e.to]));
    for (const node of adr.graph.nodes.filter((n) => !linked.has(n.id))) rows.set(Math.round(await y(node.id)), (rows.get(Math.round(await y(node.id))) ?? 0) + 1);
    assert.ok(rows.size >= 2 && Math.max(...rows.values()) <= 3, JSON.stringify([...rows]));
    await view.screenshot('diagram generated adr graph');

    const ci = 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make test}]\n  build:\n    needs: test\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n  deploy:\n    needs: [build]\n    if: github.ref == \'refs/heads/main\'\n    uses: ./.github/workflows/deploy.yml\n';
    const nightly = 'name: Nightly\non: {schedule: [{cron: "0 3 * * *"}]}\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps: [{run: make scan}]\n  report:\n    needs: scan\n    runs-on: ubuntu-latest\n    steps: [{run: make report}]\n';
    const files = { '.github/workflows/ci.yml': ci, '.github/workflows/nightly.yml': nightly };
    const workflow = generateDiagram('workflow', indexOf(files).index, defaultSettings);
    const jobs = await show(view, { ...generatedMessage(workflow), origin: { kind: 'generated', diagram: 'workflow' } });
    // Two workflows, each a group laid out on its own (no edge leaves it).
    assert.deepEqual([jobs.nodes, jobs.edges, jobs.clusters], [5, 3, 2]);
    await assertGroups(view, workflow.graph);
    assert.deepEqual(await view.page.$$eval('#stage path.flowchart-link', (ps) => ps.map((p) => [p.getAttribute('data-to'), getComputedStyle(p).strokeDasharray])), [['w1j1', 'none'], ['w1j2', '3px, 3px'], ['w2j1', 'none']]);
    // The reusable-workflow call is a subroutine: a box with two inner bars.
    assert.equal(await view.page.$eval('#stage g.node[data-id="w1j2"] > .shape', (e) => `${e.localName} ${e.children.length}`), 'g 2');
    await view.screenshot('diagram generated workflow jobs');
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('exports a generated graph as a standalone SVG in fixed colours that librsvg reads', async () => {
    const hostile = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "<script>alert(1)</script>", namespace: stock-prediction}\ndata: {}\n';
    const diagram = k8sDiagram({ 'kubernetes/hostile.yaml': hostile });
    const view = await renderPanel(harness, 'diagram', { theme: 'dark', pageData: generatedPage });
    await show(view, generatedMessage(diagram));
    await view.post({ type: 'exportRequest', format: 'svg' });
    const exported = await view.waitForMessage<{ svg: string; width: number; height: number }>((m) => (m as { type?: string }).type === 'export', 30_000);
    assert.match(exported.svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(exported.svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the hostile label is text in the file');
    assert.ok(!/<script/i.test(exported.svg));
    assert.ok(!/var\(--|color-mix/.test(exported.svg), 'no theme variable outside the webview');
    assert.match(exported.svg, /<style[^>]*>[^<]*font-family/);
    assert.equal((exported.svg.match(/<g class="node[ "][^>]* data-id="/g) ?? []).length, diagram.nodes);
    const metadata = await sharp(Buffer.from(exported.svg)).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['svg', exported.width, exported.height]);
    const png = await sharp(Buffer.from(exported.svg)).png().toBuffer();
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    // Drawn in Mermaid's light colours (node fill #ececff), whatever the panel's theme.
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    let lavender = 0;
    for (let i = 0; i < data.length; i += info.channels) if (data[i] === 0xec && data[i + 1] === 0xec && data[i + 2] === 0xff) lavender++;
    assert.ok(lavender > 1000, `nodes filled in the export colour (${lavender} pixels)`);
    await view.close();
  });

  it('sends its drawing to the host to keep, and shows a kept drawing again without Mermaid, sanitised again', async () => {
    const diagram = k8sDiagram();
    const textHash = createHash('sha256').update(diagram.mermaid).digest('hex');
    const message = { ...generatedMessage(diagram), textHash };
    const session = 'run-1';
    const first = await renderPanel(harness, 'diagram', { viewport: { width: 1200, height: 800 }, pageData: { session, kept: false } });
    const drawn = await show(first, message);
    assert.equal(drawn.cached, false);
    assert.equal(drawn.mermaidPreloaded, true);
    const kept = await first.waitForMessage<{ textHash: string; drawing: { theme: string; svg: string; css: string } }>((m) => (m as { type?: string }).type === 'drawing', 10_000);
    assert.equal(kept.textHash, textHash);
    assert.equal(kept.drawing.theme, 'dark');
    assert.match(kept.drawing.svg, /^<svg[^>]* id="archipel-m\d+"/);
    assert.ok(!/\sstyle=/.test(kept.drawing.svg), 'inline styles stay marked, never style attributes');
    const labels = await first.page.locator('#stage g.node').allTextContents();
    // The page remembers in which run of the host its drawing is kept.
    let saved = (await first.state()) as { origin: unknown; keptIn?: string };
    for (const deadline = Date.now() + 5_000; saved.keptIn === undefined && Date.now() < deadline; saved = (await first.state()) as typeof saved) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.deepEqual(saved, { origin: message.origin, keptIn: session });
    await first.close();

    // The tab shown again (VS Code reloads the page with its first HTML and its state): the kept
    // drawing, at once, clickable, with its styles, under the same CSP, Mermaid not loaded first.
    const again = await renderPanel(harness, 'diagram', { viewport: { width: 1200, height: 800 }, pageData: { session, kept: false }, initialState: saved });
    const restored = await show(again, { ...message, cached: [kept.drawing] });
    assert.equal(restored.cached, true);
    assert.equal(restored.mermaidPreloaded, false);
    assert.equal(restored.mermaidAt, -1, 'the page shows the kept drawing before loading Mermaid');
    assert.deepEqual((await again.state()), { origin: message.origin, keptIn: session });
    assert.equal(restored.nodes, drawn.nodes);
    assert.equal(restored.edges, drawn.edges);
    assert.deepEqual(await again.page.locator('#stage g.node').allTextContents(), labels);
    assert.match(await again.page.$eval('#stage g.node text', (el) => getComputedStyle(el).fontFamily), /trebuchet ms/);
    const deployment = diagram.sources.find((s) => s.uri.endsWith('/deployment.yaml'))!;
    await again.page.click(`#stage g.node[data-source="${deployment.id}"]`);
    await again.waitForMessage((m) => (m as { type?: string }).type === 'reveal');
    // A drawing for another theme is not used: this page draws its own.
    const light = await show(again, { ...message, cached: [{ ...kept.drawing, theme: 'light' }] });
    assert.equal(light.cached, false);
    assert.equal(light.nodes, drawn.nodes);
    assert.deepEqual(await again.cspViolations(), []);
    assert.deepEqual(again.blockedRequests, []);
    assert.deepEqual(again.errors, []);
    await again.close();

    // After a window reload (a new run of the host), the saved state says nothing: Mermaid loads at once.
    const reloaded = await renderPanel(harness, 'diagram', { pageData: { session: 'run-2', kept: false }, initialState: saved });
    assert.equal((await show(reloaded, message)).mermaidPreloaded, true);
    await reloaded.close();
    // Re-opened by the command in the same run: the host says it keeps the drawing.
    const reopened = await renderPanel(harness, 'diagram', { pageData: { session, kept: true } });
    assert.equal((await show(reopened, { ...message, cached: [kept.drawing] })).mermaidPreloaded, false);
    await reopened.close();

    // A tampered drawing (a script, handlers, foreign HTML) is refused: the page draws the text again.
    const tampered = kept.drawing.svg.replace(/<\/svg>$/, '<script>window.__pwned = true</script><image href="x" onerror="window.__pwned = true"></image><foreignObject><img src="x" onerror="window.__pwned = true"></foreignObject></svg>').replace('<svg ', '<svg onload="window.__pwned = true" ');
    const third = await renderPanel(harness, 'diagram');
    for (const svg of [tampered, kept.drawing.svg.replace(/<\/svg>$/, '<style>#stage { display: none }</style></svg>')]) {
      const shown = await show(third, { ...message, cached: [{ ...kept.drawing, svg }] });
      assert.equal(shown.cached, false);
      assert.equal(shown.nodes, drawn.nodes);
      assert.equal(await third.page.locator('#stage script, #stage img, #stage [onload], #stage [onerror], #stage style').count(), 0);
      assert.equal(await third.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
      assert.equal(await third.page.locator('#stage').isVisible(), true);
    }
    // A kept drawing that is not one of this page's diagrams is drawn again instead.
    const foreign = await show(third, { ...message, cached: [{ ...kept.drawing, svg: '<svg id="elsewhere"></svg>' }] });
    assert.equal(foreign.cached, false);
    assert.equal(foreign.nodes, drawn.nodes);
    await third.close();
  });

  it('shows a syntax error on the file line and keeps the last drawing', async () => {
    const view = await renderPanel(harness, 'diagram');
    await show(view, { origin: { kind: 'file', uri: 'file:///ws/docs/adr/0005-x.md' }, title: '0005-x.md', mermaid: FLOW, firstLine: 20 });
    const failed = await show(view, { origin: { kind: 'file', uri: 'file:///ws/docs/adr/0005-x.md' }, title: '0005-x.md', mermaid: 'flowchart LR\n  a --> b((\n', firstLine: 20 });
    assert.equal(failed.ok, false);
    assert.match(String(await view.page.textContent('#error')), /^Mermaid syntax error, line 2[0-9]/);
    assert.equal(await view.page.locator('#stage g.node').count(), 3);
    assert.match((await view.page.locator('#viewport').getAttribute('class')) ?? '', /stale/);
    await view.close();
  });

  it('exports a standalone SVG that librsvg reads, with the labels as text', async () => {
    const view = await renderPanel(harness, 'diagram', { theme: 'dark' });
    await show(view, { origin: fileOrigin, title: 'flow.mmd', mermaid: FLOW });
    await view.post({ type: 'exportRequest', format: 'png' });
    const exported = await view.waitForMessage<{ format: string; svg: string; width: number; height: number }>((m) => (m as { type?: string }).type === 'export', 30_000);
    assert.equal(exported.format, 'png');
    assert.match(exported.svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg[^>]* xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // The hostile label is text in the file (wrapped where the fonts' metrics say: compared without whitespace).
    const svgText = withoutSpaces([...exported.svg.matchAll(/>([^<]*)</g)].map((m) => m[1]).join(''));
    assert.ok(svgText.includes('Worker&lt;script&gt;window.__pwned=true&lt;/script&gt;'), svgText);
    assert.ok(!exported.svg.includes('data-archipel'), 'no trace of the render redirections');
    assert.ok(!/<script/i.test(exported.svg));
    assert.match(exported.svg, /<style[^>]*>[^<]*font-family/);
    const metadata = await sharp(Buffer.from(exported.svg)).metadata();
    assert.equal(metadata.format, 'svg');
    assert.equal(metadata.width, exported.width);
    assert.equal(metadata.height, exported.height);
    const png = await sharp(Buffer.from(exported.svg), { density: 144 }).png().toBuffer();
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Nothing to export: the page says so instead of sending an empty file.
    await show(view, { origin: fileOrigin, title: 'flow.mmd', mermaid: '' });
    await view.post({ type: 'exportRequest', format: 'svg' });
    await view.waitForMessage((m) => (m as { type?: string }).type === 'exportFailed');
    await view.close();
  });
});
