// The System Map's Cost view (issue #81) with an answer of `archipel/costView`'s shape: each component coloured by
// the band of its monthly cost (the legend says the bands), its cost and kgCO2e, the total, the unpriced with the
// reason; a click on a name opening its line; hostile names shown as text under the strict CSP; French when the editor is.
import * as assert from 'node:assert/strict';
import type { CostViewResult } from '../../server/src/protocol/cost';
import type { SystemMapResult } from '../../server/src/protocol/system';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { exampleMap } from './systemFixtures';

type Page = Awaited<ReturnType<typeof renderPanel>>;

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
const main = 'file:///w/infra/modules/gke-cluster/main.tf';

/** An answer of the example's shape, shortened (its figures of 2026-11-26, before its RDS instance was priced): the node pool and the cluster's fee, a workload sharing the pool, the RDS instance unpriced. */
const VIEW: CostViewResult = {
  currency: 'USD',
  priceDate: '2026-11-26',
  // Each source's own date (the bundle's is 2026-11-26): what the total and each row say.
  prices: [{ source: 'disk', date: '2026-07-30' }, { source: 'gce', date: '2026-07-30' }, { source: 'gke', date: '2026-07-30' }],
  totalMonthlyCost: 742.75,
  totalMonthlyCo2eKg: 23.78,
  bands: [{ band: 'low', from: 0 }, { band: 'medium', from: 10 }, { band: 'high', from: 100 }, { band: 'top', from: 1000 }],
  components: [
    { id: 'module.gke.google_container_node_pool.default', name: 'module.gke.google_container_node_pool.default', kind: 'resource', onMap: false, source: { uri: main, range: at(50) }, monthlyCost: 669.75, monthlyCo2eKg: 23.78, band: 'high', prices: [{ source: 'disk', date: '2026-07-30' }, { source: 'gce', date: '2026-07-30' }] },
    { id: 'module.gke.google_container_cluster.this', name: 'module.gke.google_container_cluster.this', kind: 'resource', onMap: false, source: { uri: main, range: at(11) }, monthlyCost: 73, monthlyCo2eKg: null, band: 'medium', prices: [{ source: 'gke', date: '2026-07-30' }] },
    { id: 'k8s:Deployment/stock-prediction/stock-predictor', name: 'stock-predictor', kind: 'service', onMap: true, source: { uri: 'file:///w/kubernetes/deployment.yaml', range: at(1) }, monthlyCost: 14.53, monthlyCo2eKg: 0.52, maxMonthlyCost: 72.65, includedIn: 'module.gke.google_container_node_pool.default', band: 'medium', prices: [{ source: 'gce', date: '2026-07-30' }] },
    { id: 'compose:file:///w:api', name: 'api', kind: 'service', onMap: true, source: { uri: 'file:///w/docker-compose.yml', range: at(12) }, monthlyCost: null, monthlyCo2eKg: null, includedIn: 'compose:docker-compose.yml', band: 'none', prices: [{ source: 'gce', date: '2026-07-30' }] },
    { id: 'k8s:CronJob/stock-prediction/anonymiser', name: 'anonymiser', kind: 'job', onMap: true, monthlyCost: null, monthlyCo2eKg: null, band: 'none', reason: 'a CronJob runs for hours the files do not say (usage: monthly_hrs)' },
  ],
  unpriced: [{ address: 'aws_db_instance.mlflow', uri: 'file:///w/infra/rds.tf', reason: 'no prices for region eu-west-3' }],
  ms: 4,
};

async function show(harness: WebviewHarness, view: CostViewResult, lang = 'en', map?: SystemMapResult): Promise<{ page: Page; summary: Record<string, unknown> }> {
  const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: 'cost', lang } });
  const since = page.messages.length;
  await page.post({ type: 'cost', cost: view, ...(map ? { map } : {}) });
  const summary = await rendered(page, since);
  return { page, summary };
}

describe('System Map page: the Cost view', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('colours each component by its band, with its cost and carbon, the total, the legend and the unpriced; a click opens the line', async () => {
    const { page, summary } = await show(harness, VIEW);
    assert.deepEqual(summary, { view: 'cost', components: 5, onMap: 3, bands: 'high medium medium none none', unpriced: 1, rows: 5, serverMs: 4 });
    const seen = await page.page.evaluate(() => ({
      rows: [...document.querySelectorAll('#cost-components tbody tr')].map((tr) => [tr.className, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]),
      colours: [...document.querySelectorAll('#cost-components tbody tr .swatch')].map((s) => getComputedStyle(s).backgroundColor),
      legend: [...document.querySelectorAll('#cost-legend li')].map((li) => [li.querySelector('.swatch')!.className, li.textContent]),
      total: document.querySelector('#cost-total')!.textContent,
      unpriced: document.querySelector('#cost-unpriced')!.textContent,
      view: (document.querySelector('#view') as HTMLSelectElement).value,
    }));
    assert.deepEqual(seen.rows, [
      ['band-high off-map', 'module.gke.google_container_node_pool.default', 'Terraform resource', '669.75 USD', '23.78 kgCO2e', '2026-07-30 (disk, gce)'],
      ['band-medium off-map', 'module.gke.google_container_cluster.this', 'Terraform resource', '73.00 USD', '—', '2026-07-30 (gke)'],
      ['band-medium on-map', 'stock-predictor', 'service', '14.53 USD, a share of module.gke.google_container_node_pool.default · 72.65 USD at the HPA maximum', '0.52 kgCO2e', '2026-07-30 (gce)'],
      ['band-none on-map', 'api', 'service', 'in the bill of compose:docker-compose.yml', '—', '2026-07-30 (gce)'],
      ['band-none on-map', 'anonymiser', 'job', 'a CronJob runs for hours the files do not say (usage: monthly_hrs)', '—', '—'],
    ]);
    assert.deepEqual(seen.colours, ['rgb(252, 141, 89)', 'rgb(253, 212, 158)', 'rgb(253, 212, 158)', 'rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    assert.deepEqual(seen.legend, [
      ['swatch band-low', '0 to 10 USD a month'],
      ['swatch band-medium', '10 to 100 USD a month'],
      ['swatch band-high', '100 to 1000 USD a month'],
      ['swatch band-top', '1000 USD a month and more'],
      ['swatch band-included', "in its host's bill"],
      ['swatch band-none', 'no cost known'],
    ]);
    assert.equal(seen.total, '742.75 USD a month, 23.78 kgCO2e, at the prices of 2026-07-30 (disk, gce, gke)');
    assert.equal(seen.unpriced, 'Not pricedaws_db_instance.mlflow: no prices for region eu-west-3');
    assert.equal(seen.view, 'cost');
    await page.page.click('#cost-components tbody tr:nth-child(2) button.link');
    const reveal = await page.waitForMessage<{ uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal');
    assert.deepEqual([reveal.uri, reveal.range.start.line], [main, 11]);
    assert.deepEqual(page.errors, []);
    await page.screenshot('system map cost view');
    await page.close();
  });

  it('shows hostile names as text, under the strict CSP; French when the editor is', async () => {
    const hostile = '<img src=x onerror="document.title=\'pwned\'">';
    const planted: CostViewResult = { ...VIEW, components: VIEW.components.map((c, i) => (i === 2 ? { ...c, name: hostile, includedIn: hostile } : c)), unpriced: [{ ...VIEW.unpriced[0], address: hostile, reason: hostile }] };
    const { page } = await show(harness, planted, 'fr');
    const seen = await page.page.evaluate(() => ({ images: document.querySelectorAll('img').length, title: document.title, table: document.querySelector('#cost-components')!.textContent, total: document.querySelector('#cost-total')!.textContent, unpriced: document.querySelector('#cost-unpriced')!.textContent }));
    assert.equal(seen.images, 0);
    assert.notEqual(seen.title, 'pwned');
    assert.ok(seen.table.includes(`${hostile}service14.53 USD, une part de ${hostile}`), seen.table);
    assert.match(seen.table, /^ComposantTypeCoût mensuelCarbonePrix du/);
    assert.match(seen.table, /ressource Terraform/);
    assert.equal(seen.total, '742.75 USD par mois, 23.78 kgCO2e, aux prix du 2026-07-30 (disk, gce, gke)');
    assert.equal(seen.unpriced, `Non chiffré${hostile}: ${hostile}`);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.close();
  });

  it('draws the containers view with each component\'s box in the colour of its band, the unpriced dashed, other boxes plain; a hostile name as text', async () => {
    const hostile = '<img src=x onerror="document.title=\'pwned\'">';
    const map = exampleMap('containers');
    const root = map.nodes.find((n) => n.id.startsWith('compose:'))?.id.replace(/:[^:]*$/, '') ?? '';
    const planted: SystemMapResult = { ...map, nodes: map.nodes.map((n) => (n.id === 'k8s:Deployment/fraud-detection/fraud-scoring' ? { ...n, name: hostile } : n)) };
    const component = (id: string, name: string, kind: string, monthlyCost: number | null, band: CostViewResult['components'][number]['band'], extra: Partial<CostViewResult['components'][number]> = {}) => ({ id, name, kind, onMap: true, monthlyCost, monthlyCo2eKg: null, band, ...extra });
    const view: CostViewResult = {
      ...VIEW,
      components: [
        VIEW.components[0],
        component('k8s:Deployment/fraud-detection/fraud-scoring', hostile, 'service', 40.36, 'medium'),
        component('k8s:StatefulSet/fraud-detection/fraud-transactions', 'fraud-transactions', 'datastore', 27.44, 'medium'),
        component('k8s:Deployment/stock-prediction/stock-predictor', 'stock-predictor', 'service', 4.53, 'low'),
        component('k8s:CronJob/stock-prediction/photo-anonymiser', 'photo-anonymiser', 'job', null, 'none', { reason: 'a CronJob runs for hours the files do not say (usage: monthly_hrs)' }),
        component(`${root}:api`, 'api', 'service', null, 'none', { reason: 'a Compose project runs on a host the files do not name' }),
      ],
    };
    const { page, summary } = await show(harness, view, 'en', planted);
    assert.deepEqual(summary, { view: 'cost', components: 6, onMap: 5, bands: 'high medium medium low none none', unpriced: 1, rows: 6, boxes: 5, serverMs: 4 });
    const seen = await page.page.evaluate(() => {
      const boxes = [...document.querySelectorAll<SVGGElement>('#stage .node')];
      return {
        boxes: boxes.map((g) => [g.dataset.node ?? '', [...g.classList].filter((c) => c === 'cost-box' || c.startsWith('band-')).join(' '), getComputedStyle(g.querySelector('rect')!).strokeDasharray]).sort((a, b) => a[0].localeCompare(b[0])),
        fills: Object.fromEntries(boxes.filter((g) => g.classList.contains('cost-box')).map((g) => [[...g.classList].find((c) => c.startsWith('band-')), getComputedStyle(g.querySelector('rect')!).fill])),
        plain: getComputedStyle(document.querySelector('#stage .node:not(.cost-box) rect')!).fill,
        images: document.querySelectorAll('img').length,
        title: document.title,
        drawn: document.querySelector('#stage')!.textContent,
        total: document.querySelector('#cost-total')!.textContent,
        legend: document.querySelectorAll('#cost-legend li').length,
        order: [...document.querySelectorAll('#map, #cost-total, #cost-legend, #cost-components')].map((e) => e.id),
      };
    });
    const band = (id: string) => seen.boxes.find((b) => b[0] === id)?.slice(1);
    assert.deepEqual(band('k8s:Deployment/fraud-detection/fraud-scoring'), ['cost-box band-medium', 'none']);
    assert.deepEqual(band('k8s:StatefulSet/fraud-detection/fraud-transactions'), ['cost-box band-medium', 'none']);
    assert.deepEqual(band('k8s:Deployment/stock-prediction/stock-predictor'), ['cost-box band-low', 'none']);
    assert.deepEqual(band('k8s:CronJob/stock-prediction/photo-anonymiser'), ['cost-box band-none', '4px, 3px']);
    assert.deepEqual(band(`${root}:api`), ['cost-box band-none', '4px, 3px']);
    // The boxes of no component of the view (the users, the other Compose services, the external system): no cost class.
    assert.deepEqual(seen.boxes.filter((b) => b[1] === '').map((b) => b[0]), [`${root}:alertmanager`, `${root}:grafana`, `${root}:mlflow`, `${root}:prometheus`, 'external:alerts.card-network.example', 'person:users']);
    // Each priced band its own colour, none the plain boxes'; no cost known: the plain fill, dashed.
    assert.deepEqual(Object.keys(seen.fills).sort(), ['band-low', 'band-medium', 'band-none']);
    assert.equal(new Set([seen.fills['band-low'], seen.fills['band-medium'], seen.plain]).size, 3, JSON.stringify(seen));
    assert.equal(seen.fills['band-none'], seen.plain);
    assert.equal(seen.images, 0);
    assert.notEqual(seen.title, 'pwned');
    // The label as text (cut to the box's width).
    assert.ok(seen.drawn.includes('<img src=x onerror="document.'), seen.drawn);
    assert.equal(seen.total, '742.75 USD a month, 23.78 kgCO2e, at the prices of 2026-07-30 (disk, gce, gke)');
    assert.equal(seen.legend, 5);
    assert.deepEqual(seen.order, ['map', 'cost-total', 'cost-legend', 'cost-components']);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.screenshot('system map cost view drawn');
    await page.close();
  });

  it('sizes each priced box by its cost on the example at 1,280 px: the dearest twice its base width, the cheapest once, the unpriced base size dashed; labels apart; French', async () => {
    const map = exampleMap('containers');
    const root = map.nodes.find((n) => n.id.startsWith('compose:'))?.id.replace(/:[^:]*$/, '') ?? '';
    const component = (id: string, monthlyCost: number | null, band: CostViewResult['components'][number]['band'], extra: Partial<CostViewResult['components'][number]> = {}) => ({ id, name: map.nodes.find((n) => n.id === id)?.name ?? id, kind: 'service', onMap: true, monthlyCost, monthlyCo2eKg: null, band, ...extra });
    // The example's costs of 2026-11-26 (the protocol test, protocol/cost/cost-view.test.ts, holds today's): the workloads' shares of the node pool, the unpriced with their reasons.
    const view: CostViewResult = {
      ...VIEW,
      components: [
        VIEW.components[0],
        component('k8s:Deployment/fraud-detection/fraud-scoring', 40.36, 'medium'),
        component('k8s:StatefulSet/fraud-detection/fraud-transactions', 27.44, 'medium'),
        component('k8s:Deployment/stock-prediction/stock-predictor', 14.53, 'medium'),
        component('k8s:CronJob/stock-prediction/photo-anonymiser', null, 'none', { reason: 'a CronJob runs for hours the files do not say (usage: monthly_hrs)' }),
        component(`${root}:api`, null, 'none', { reason: 'a Compose project runs on a host the files do not name' }),
      ],
    };
    const { page, summary } = await show(harness, view, 'fr', map);
    assert.deepEqual(summary, { view: 'cost', components: 6, onMap: 5, bands: 'high medium medium medium none none', unpriced: 1, rows: 6, boxes: 5, serverMs: 4 });
    const seen = await page.page.evaluate(() => {
      const boxes = [...document.querySelectorAll<SVGGElement>('#stage .node')].map((g) => {
        const rect = g.querySelector('rect')!;
        // The box's base width: its text's (the widest line, padded 12 px each side), at least 100 px, as the layout sizes it.
        const text = Math.max(...[...g.querySelectorAll<SVGTextElement>('text')].map((t) => t.getComputedTextLength()));
        return { id: g.dataset.node ?? '', width: Number(rect.getAttribute('width')), base: Math.max(100, Math.ceil(text) + 24), dashed: getComputedStyle(rect).strokeDasharray };
      });
      const texts = [...document.querySelectorAll<SVGTextElement>('#stage text')].map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent ?? '', x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
      });
      const overlaps: string[] = [];
      texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => {
        if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) overlaps.push(`${a.text} / ${b.text}`);
      }));
      return { boxes, overlaps, texts: texts.length, total: document.querySelector('#cost-total')!.textContent, width: window.innerWidth };
    });
    assert.equal(seen.width, 1280);
    const box = (id: string) => {
      const found = seen.boxes.find((b) => b.id === id);
      assert.ok(found, id);
      return found;
    };
    // The measured base differs from the layout's by a few pixels (the page's measure of the same fonts): 6 px of slack.
    const near = (value: number, expected: number, what: string) => assert.ok(Math.abs(value - expected) <= 6, `${what}: ${value} for ${expected}`);
    const dearest = box('k8s:Deployment/fraud-detection/fraud-scoring');
    const cheapest = box('k8s:Deployment/stock-prediction/stock-predictor');
    const between = box('k8s:StatefulSet/fraud-detection/fraud-transactions');
    // The dearest ($40.36) twice its base width, the cheapest ($14.53) once, $27.44 between on the log scale: 1 + ln(27.44/14.53) / ln(40.36/14.53) = 1.62.
    near(dearest.width, 2 * dearest.base, 'dearest');
    near(cheapest.width, cheapest.base, 'cheapest');
    near(between.width, 1.62 * between.base, 'between');
    assert.ok(dearest.width > cheapest.width + 50, JSON.stringify(seen.boxes));
    for (const b of [dearest, cheapest, between]) assert.ok(b.width >= b.base - 6 && b.width <= 2 * b.base + 6, JSON.stringify(b));
    // No cost known: the base width, dashed; the boxes of no component: their base width.
    for (const id of ['k8s:CronJob/stock-prediction/photo-anonymiser', `${root}:api`]) {
      near(box(id).width, box(id).base, id);
      assert.equal(box(id).dashed, '4px, 3px');
    }
    for (const b of seen.boxes.filter((x) => x.id === 'person:users' || x.id.startsWith('external:') || x.id === `${root}:grafana`)) near(b.width, b.base, b.id);
    // No two texts of the drawing (names, technologies, arrows' labels) meet.
    assert.ok(seen.texts > 20, String(seen.texts));
    assert.deepEqual(seen.overlaps, []);
    assert.equal(seen.total, '742.75 USD par mois, 23.78 kgCO2e, aux prix du 2026-07-30 (disk, gce, gke)');
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.screenshot('system map cost view sized');
    await page.close();
  });
  it("draws a Compose service in its host's bill as priced (solid, not dashed), and says the carbon unknown rather than 0 (#98)", async () => {
    const map = exampleMap('containers');
    const api = map.nodes.find((n) => n.id.startsWith('compose:') && n.name === 'api')?.id ?? '';
    const view: CostViewResult = {
      ...VIEW,
      totalMonthlyCost: 107.62,
      totalMonthlyCo2eKg: 0,
      // No source named (an answer of before #98): the bundle's date, each row's '—'.
      prices: [],
      components: [
        { id: 'compose:host', name: 'compose host (e2-standard-4)', kind: 'host', onMap: false, monthlyCost: 107.62, monthlyCo2eKg: null, band: 'high' },
        { id: api, name: 'api', kind: 'service', onMap: true, monthlyCost: null, monthlyCo2eKg: null, includedIn: 'compose host (e2-standard-4)', band: 'none' },
      ],
      unpriced: [],
    };
    const { page } = await show(harness, view, 'en', map);
    const seen = await page.page.evaluate((id) => {
      const box = document.querySelector<SVGGElement>(`#stage .node[data-node="${CSS.escape(id)}"]`)!;
      return {
        classes: [...box.classList].filter((c) => c === 'cost-box' || c.startsWith('band-')).join(' '),
        dash: getComputedStyle(box.querySelector('rect')!).strokeDasharray,
        total: document.querySelector('#cost-total')!.textContent,
        row: [...document.querySelectorAll('#cost-components tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join(' | ')),
        legend: [...document.querySelectorAll('#cost-legend li')].map((li) => li.textContent),
      };
    }, api);
    assert.deepEqual([seen.classes, seen.dash], ['cost-box band-included', 'none']);
    assert.equal(seen.total, '107.62 USD a month, carbon unknown, at the prices of 2026-11-26');
    assert.deepEqual(seen.row, ['compose host (e2-standard-4) | Compose host | 107.62 USD | — | —', 'api | service | in the bill of compose host (e2-standard-4) | — | —']);
    assert.ok(seen.legend.includes("in its host's bill"), JSON.stringify(seen.legend));
    assert.deepEqual(page.errors, []);
    await page.close();
    const french = await show(harness, view, 'fr', map);
    assert.equal(await french.page.page.textContent('#cost-total'), '107.62 USD par mois, carbone inconnu, aux prix du 2026-11-26');
    await french.page.close();
  });

  it('says each price with its own source\'s date, in the total, each row and the box\'s hover, not the bundle\'s (#98)', async () => {
    const map = exampleMap('containers');
    const predictor = 'k8s:Deployment/stock-prediction/stock-predictor';
    // The example's RDS instance is priced from rds-regions of 2024-09-28, its cluster from gce/disk/gke of 2026-07-30, in a bundle of 2026-11-26.
    const rds = { id: 'terraform:aws_db_instance:mlflow', name: 'mlflow', kind: 'resource', onMap: false, monthlyCost: 35.04, monthlyCo2eKg: null, band: 'medium' as const, prices: [{ source: 'rds-regions', date: '2024-09-28' }] };
    const view: CostViewResult = {
      ...VIEW,
      prices: [...VIEW.prices, { source: 'rds-regions', date: '2024-09-28' }],
      components: [VIEW.components[0], rds, { ...VIEW.components[2], id: predictor }],
      unpriced: [],
    };
    const { page } = await show(harness, view, 'en', map);
    await page.page.hover(`#stage .node[data-node="${predictor}"]`);
    const seen = await page.page.evaluate((id) => ({
      total: document.querySelector('#cost-total')!.textContent,
      dates: [...document.querySelectorAll('#cost-components tbody tr')].map((tr) => [tr.querySelector('td')!.textContent, tr.querySelector('td.price-date')!.textContent]),
      hover: document.querySelector(`#stage .node[data-node="${CSS.escape(id)}"] > title`)?.textContent ?? '',
    }), predictor);
    assert.equal(seen.total, '742.75 USD a month, 23.78 kgCO2e, at the prices of 2024-09-28 (rds-regions), 2026-07-30 (disk, gce, gke)');
    assert.deepEqual(seen.dates, [['module.gke.google_container_node_pool.default', '2026-07-30 (disk, gce)'], ['mlflow', '2024-09-28 (rds-regions)'], ['stock-predictor', '2026-07-30 (gce)']]);
    assert.match(seen.hover, /\n14\.53 USD, a share of module\.gke\.google_container_node_pool\.default · 72\.65 USD at the HPA maximum · prices of 2026-07-30 \(gce\)$/);
    assert.ok(!seen.hover.includes('2026-11-26') && !(seen.total ?? '').includes('2026-11-26'), JSON.stringify(seen));
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
