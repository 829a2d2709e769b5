// `archipel diagram system --format svg|png` (issue #69): the System Map panel's own drawing
// (server/src/drawing/), laid out in Node with the page's layout code and Liberation Sans's bundled
// metrics. The SVG parses as XML and holds every box's name and every arrow's label of each view,
// workspace strings as text; the PNG is that SVG at twice its size.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { fitted, LABEL_MAX_CHARS } from '../../../src/drawing/mapLayout';
import { viewSvg, type MapViewGraph } from '../../../src/drawing/mapView';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';

/** The document, strictly parsed as XML (a parse error fails), and its texts. */
function parsed(svg: string): { document: Document; texts: string[] } {
  const document = new new JSDOM('').window.DOMParser().parseFromString(svg, 'image/svg+xml');
  const error = document.getElementsByTagName('parsererror')[0];
  assert.equal(error?.textContent ?? '', '', 'the SVG parses as XML');
  assert.equal(document.documentElement.namespaceURI, 'http://www.w3.org/2000/svg');
  return { document, texts: [...document.getElementsByTagName('text')].map((t) => t.textContent ?? '') };
}

describe('System map: archipel diagram system --format svg|png', function () {
  this.timeout(120_000);
  const example = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
  after(() => example.remove());

  for (const view of ['containers', 'context', 'deployment', 'delivery']) {
    it(`the example's ${view} view: an SVG document holding every box and every arrow label of the view`, async () => {
      const json = await runCli(['diagram', 'system', '--view', view, '--format', 'json'], example.root);
      const graph = JSON.parse(json.out) as { nodes: { id: string; name: string }[]; edges: { label: string }[] };
      const { code, out, err } = await runCli(['diagram', 'system', '--view', view, '--format', 'svg'], example.root);
      assert.equal(code, 0, err);
      assert.match(out, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+"/);
      const { document, texts } = parsed(out);
      assert.ok(graph.nodes.length > 0);
      assert.equal(document.querySelectorAll('g.node').length, graph.nodes.length);
      assert.equal(document.querySelectorAll('g.edge').length, graph.edges.length);
      for (const node of graph.nodes) assert.ok(texts.includes(fitted(node.name)), `box ${node.name}`);
      for (const edge of graph.edges) if (edge.label) assert.ok(texts.includes(fitted(edge.label, LABEL_MAX_CHARS)), `arrow label ${edge.label}`);
      // The title says the view and the system; the text is drawn in a font whose metrics it was laid out with.
      assert.match(document.querySelector('title')!.textContent ?? '', /^(Containers|System context|Deployment|Delivery): /);
      assert.match(document.querySelector('style')!.textContent ?? '', /font-family:'Liberation Sans', Arial, Helvetica, sans-serif/);
    });
  }

  it('writes workspace strings as text: markup, quotes, ampersands and characters XML forbids', () => {
    const source = { uri: 'file:///ws/x.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    const hostile = ['<script>alert(1)</script>', '"><image href=x onerror=alert(1)>', 'a & b \'c\'', 'bell\u0007 and \ud800 lone', ']]><!--'];
    const graph: MapViewGraph = {
      view: 'containers',
      system: '<system & "co">',
      nodes: hostile.map((name, i) => ({ id: `n${i}"'<>&`, kind: i === 0 ? 'person' : 'service', name, technology: hostile[(i + 1) % hostile.length], family: 'compose', sources: [source] })),
      edges: hostile.slice(1).map((label, i) => ({ from: `n${i}"'<>&`, to: `n${i + 1}"'<>&`, kind: 'calls', label, sources: [source] })),
      groups: [],
    };
    const svg = viewSvg(graph, `Containers: ${graph.system}`);
    const { document, texts } = parsed(svg);
    assert.equal(document.getElementsByTagName('script').length, 0);
    assert.equal(document.getElementsByTagName('image').length, 0);
    assert.equal(document.querySelector('title')!.textContent, 'Containers: <system & "co">');
    const forbidden = ['\u0007', '\ud800'];
    for (const text of hostile) assert.ok(texts.includes(fitted(forbidden.reduce((t, c) => t.replaceAll(c, ''), text))), text);
    for (const c of forbidden) assert.ok(!svg.includes(c), `U+${c.charCodeAt(0).toString(16)} dropped`);
  });

  it('--format png: the SVG rasterised at twice its size on white, written to --output (a missing folder said)', async () => {
    const svg = await runCli(['diagram', 'system', '--format', 'svg'], example.root);
    const [width, height] = [Number(/ width="(\d+)"/.exec(svg.out)![1]), Number(/ height="(\d+)"/.exec(svg.out)![1])];
    const file = path.join(example.root, 'map.png');
    const missing = await runCli(['diagram', 'system', '--format', 'png', '-o', path.join(example.root, 'no-such-folder', 'map.png')], example.root);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^archipel diagram: cannot write .*no-such-folder.map\.png: ENOENT/);
    const { code, out, err } = await runCli(['diagram', 'system', '--format', 'png', '-o', file], example.root);
    assert.equal(code, 0, err);
    assert.equal(out, '');
    const png = readFileSync(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2 * width, 2 * height]);
    // Opaque: colour type 2 (RGB).
    assert.equal(png[25], 2);
    // A text format goes to --output too, as printed.
    const mermaid = path.join(example.root, 'map.mmd');
    assert.equal((await runCli(['diagram', 'system', '--format', 'mermaid', '--output', mermaid], example.root)).code, 0);
    assert.equal(readFileSync(mermaid, 'utf8'), (await runCli(['diagram', 'system', '--format', 'mermaid'], example.root)).out);
  });
});
