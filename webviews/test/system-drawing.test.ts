// One drawing for the System Map page and the CLI's SVG (server/src/drawing/): in Chromium, the page's
// sink (DOM elements) and the file's sink (markup) make the same SVG from one arrangement, hostile
// workspace strings included (shown as text, never markup); and the bundled text metrics are Liberation
// Sans's as Chromium measures it (the font the harness lets it use), so the CLI lays out as the page does.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pageHtml } from '../shared/html';
import { WebviewHarness } from './harness';
import { shopMap } from './systemFixtures';

const ENTRY = path.join(__dirname, '..', '..', '..', 'webviews', 'test', 'pages', 'systemDrawing.ts');
const HOSTILE = ['<img src=x onerror="window.__pwned=true">', ']]></text><script>window.__pwned=true</script>', 'a & b "quoted" \'single\'', 'control\u0001char\u0008s', 'lone \ud800 surrogate', 'emoji 🚀 and 漢字'];

/** Texts measured both ways: names and labels of every shape, accents and punctuation. */
const SAMPLES = ['recommendation-service', 'PostgreSQL :5432', 'publishes order-events (Kafka :9092)', 'ghcr.io/archipel-demo/stock-predictor', 'Élodie’s café — naïve façade', 'WWW MMM iii lll 0123456789', 'scrapes /metrics (job stock-predictor)', 'Ærø Øresund ŁĄŻ ąęł'];

describe('System Map drawing: page and file', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  async function drawn() {
    const map = shopMap();
    HOSTILE.forEach((text, i) => {
      map.nodes[i + 3].name = text;
      map.edges[i + 3].label = text;
    });
    const view = await harness.render({
      entries: { systemDrawing: ENTRY },
      document: ({ nonce, cspSource, bundleUrl }) => pageHtml({ cspSource, nonce, scriptUri: bundleUrl('test-systemDrawing'), title: 'drawing', data: { ...map, samples: SAMPLES } }),
    });
    await view.page.waitForFunction(() => (window as unknown as { __drawing?: unknown }).__drawing !== undefined, undefined, { timeout: 30_000 });
    const result = await view.page.evaluate(() => (window as unknown as { __drawing: { dom: string; markup: string; measured: [string, number, number, number][] } }).__drawing);
    return { view, result };
  }

  it("the page's elements and the CLI's markup are the same SVG, workspace strings as text", async () => {
    const { view, result } = await drawn();
    assert.ok(result.dom.length > 10_000, `${result.dom.length} characters`);
    assert.doesNotMatch(result.markup, /parsererror/);
    assert.equal(result.dom, result.markup);
    // Every hostile string is text in both: no element but the drawing's own.
    assert.doesNotMatch(result.markup, /<(img|script)\b/);
    assert.match(result.markup, /&lt;img src=x onerror="window/);
    assert.match(result.markup, /controlchars/);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it("the bundled metrics are Liberation Sans's as Chromium measures it (within 1 %, never narrower by more than 0.5 %)", async () => {
    const { view, result } = await drawn();
    assert.equal(result.measured.length, SAMPLES.length * 2);
    for (const [text, bold, chromium, bundled] of result.measured) {
      const off = (bundled - chromium) / chromium;
      assert.ok(Math.abs(off) <= 0.01 && off >= -0.005, `${bold ? 'bold ' : ''}"${text}": Chromium ${chromium.toFixed(1)} px, bundled ${bundled.toFixed(1)} px`);
    }
    await view.close();
  });
});
