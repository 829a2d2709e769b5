// The System Map's details of a component with policy violations (#96): how many, each with its action, rule and
// message, a click on its line revealing the file there; a violation whose URI or range is not one is left out.
import * as assert from 'node:assert/strict';
import type { SystemMapResult } from '../../server/src/protocol/system';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';

const source = { uri: 'file:///ws/k8s/web.yaml', range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } };
const image = { start: { line: 15, character: 17 }, end: { line: 15, character: 29 } };

function map(): SystemMapResult {
  const web = {
    id: 'k8s:Deployment/shop/web',
    kind: 'service',
    name: 'web',
    technology: 'Deployment',
    family: 'kubernetes',
    namespace: 'shop',
    sources: [source],
    violations: [
      { code: 'policy:disallow-latest-tag/validate-image-tag', message: "Using a mutable image tag such as 'latest' is not allowed.", severity: 'error' as const, uri: source.uri, range: image },
      { code: 'policy:restrict-image-registries/validate-registries', message: 'Unknown registry.', severity: 'warning' as const, uri: source.uri, range: { start: { line: 15, character: 17 }, end: { line: 15, character: 29 } } },
      { code: 'policy:x/y', message: 'never shown', severity: 'error' as const, uri: 'javascript:window.__pwned=true', range: image },
    ],
  };
  const api = { id: 'k8s:Deployment/shop/api', kind: 'service', name: 'api', technology: 'Deployment', family: 'kubernetes', namespace: 'shop', sources: [source] };
  return { view: 'containers', system: 'shop', nodes: [web, api], edges: [{ from: web.id, to: api.id, kind: 'calls', label: 'HTTP :80', sources: [source] }], groups: [], ms: 1 };
}

describe('System Map panel: policy violations per component', () => {
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it("a component's details count its violations and list each (action, rule, message, line); a clean one has no section", async () => {
    const data = map();
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 } });
    await page.post({ type: 'map', map: data });
    await rendered(page);
    await page.page.locator(`#stage .node[data-node="${data.nodes[0].id}"]`).dispatchEvent('click');
    assert.equal(await page.page.textContent('#policy-violations'), 'Policy violations (2)');
    const items = await page.page.locator('#details .violations li').allTextContents();
    assert.deepEqual(items, ["Enforce · disallow-latest-tag/validate-image-tag Using a mutable image tag such as 'latest' is not allowed. web.yaml:16", 'Audit · restrict-image-registries/validate-registries Unknown registry. web.yaml:16']);
    const since = page.messages.length;
    await page.page.locator('#details .violations button').first().click();
    const reveal = await page.waitForMessage<{ type: string; uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal' && page.messages.indexOf(m) >= since, 5000);
    assert.equal(reveal.uri, source.uri);
    assert.equal(reveal.range.start.line, 15);
    await page.page.locator(`#stage .node[data-node="${data.nodes[1].id}"]`).dispatchEvent('click');
    assert.equal(await page.page.locator('#policy-violations').count(), 0);
    assert.equal(await page.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
