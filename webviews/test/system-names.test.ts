// Components that share a name told apart on the map (issue #98): prod's and staging's `stock-predictor` each say where
// they are under their name (the namespace), in the box and its tooltip; the deployment view draws each inside its
// deployment's box, which names it.
import * as assert from 'node:assert/strict';
import type { SystemMapResult } from '../../server/src/protocol/system';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';

const source = { uri: 'file:///ws/k8s/app.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } };
const node = (id: string, name: string, extra: Partial<SystemMapResult['nodes'][number]> = {}) => ({ id, kind: 'service', name, family: 'kubernetes', sources: [source], ...extra });

const containers: SystemMapResult = {
  view: 'containers',
  system: 'shop',
  nodes: [
    node('k8s:Deployment/prod/stock-predictor', 'stock-predictor', { namespace: 'prod', technology: 'archipel serve' }),
    node('k8s:Deployment/staging/stock-predictor', 'stock-predictor', { namespace: 'staging', technology: 'archipel serve' }),
    node('k8s:Deployment/prod/web', 'web', { namespace: 'prod' }),
  ],
  edges: [],
  groups: [],
  ms: 1,
};

const deployment: SystemMapResult = {
  view: 'deployment',
  system: 'shop',
  nodes: [
    node('k8s:Deployment/ml/stock-predictor@overlays/prod', 'stock-predictor', { namespace: 'ml', group: 'env:prod' }),
    node('k8s:Deployment/ml/stock-predictor@overlays/staging', 'stock-predictor', { namespace: 'ml', group: 'env:staging' }),
  ],
  edges: [],
  groups: [
    { id: 'env:prod', name: 'overlays/prod (kustomize)', kind: 'environment', sources: [] },
    { id: 'env:staging', name: 'overlays/staging (kustomize, variant)', kind: 'environment', variant: true, sources: [] },
  ],
  ms: 1,
};

describe('System Map page: components that share a name told apart (issue #98)', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  const boxes = async (map: SystemMapResult) => {
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: map.view, lang: 'en' } });
    const since = page.messages.length;
    await page.post({ type: 'map', map });
    await rendered(page, since);
    const seen = await page.page.evaluate(() => [...document.querySelectorAll<SVGGElement>('#stage .node')].map((g) => [g.dataset.node ?? '', g.getAttribute('aria-label') ?? '']).sort((a, b) => a[0].localeCompare(b[0])));
    assert.deepEqual(page.errors, []);
    await page.close();
    return Object.fromEntries(seen);
  };

  it('the containers view: the namespace under a shared name, a unique name as it was', async () => {
    assert.deepEqual(await boxes(containers), {
      'k8s:Deployment/prod/stock-predictor': 'stock-predictor, namespace prod · archipel serve',
      'k8s:Deployment/prod/web': 'web',
      'k8s:Deployment/staging/stock-predictor': 'stock-predictor, namespace staging · archipel serve',
    });
  });

  it("the deployment view: each inside its deployment's box, which names it", async () => {
    const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: 'deployment', lang: 'en' } });
    const since = page.messages.length;
    await page.post({ type: 'map', map: deployment });
    await rendered(page, since);
    const inside = await page.page.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      const groups = [...document.querySelectorAll('#stage .group')].map((g) => ({ name: g.querySelector('text')?.textContent ?? '', r: box(g.querySelector('rect')!) }));
      return [...document.querySelectorAll<SVGGElement>('#stage .node')].map((n) => {
        const r = box(n);
        return groups.filter((g) => r.left >= g.r.left && r.right <= g.r.right && r.top >= g.r.top && r.bottom <= g.r.bottom).map((g) => g.name).join(' | ');
      }).sort();
    });
    assert.deepEqual(inside, ['overlays/prod (kustomize)', 'overlays/staging (kustomize, variant)']);
    await page.close();
  });
});
