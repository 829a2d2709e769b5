// The System Map's Continuity view (issue #97) on the example: `archipel/continuityView` answered by the continuity
// family's own request handler (families/continuity.ts's `requests`, the analysis `archipel continuity` reports) over
// the example's files, drawn at 1280×800 — every component coloured by its gaps (none, gaps, not judged), SPOFs marked,
// asked vs achievable RPO/RTO, a gap opening its file at its line; hostile names as text under the strict CSP; French.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { continuityFamily } from '../../server/src/families/continuity';
import { familyHost } from '../../server/src/families/index';
import type { RequestContext, RequestRegistry } from '../../server/src/features/requests';
import type { ContinuityViewResult } from '../../server/src/protocol/continuity';
import { indexOptions } from '../../server/src/service';
import { defaultSettings } from '../../server/src/settings';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { PORTFOLIO } from './fixtures';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';

type Page = Awaited<ReturnType<typeof renderPanel>>;

/** `archipel/continuityView` on the files of `root`, as the server answers it (read only: nothing is written). */
export async function continuityViewOf(root: string): Promise<ContinuityViewResult> {
  let handler: ((params: unknown, context: RequestContext) => unknown) | undefined;
  const registry: RequestRegistry = {
    onRequest: (type, run) => {
      if (type.method === 'archipel/continuityView') handler = run as typeof handler;
    },
    summarizeIndex: () => undefined,
  };
  continuityFamily.requests!(registry as Parameters<NonNullable<typeof continuityFamily.requests>>[0], familyHost());
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (name === '.git' || name === 'node_modules') continue;
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|json|tf)$|Dockerfile$/.test(name)) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  const context = { index, workspaceFolders: [root], file: (uri: string) => index.get(uri), settings: () => Promise.resolve(defaultSettings), workspaceReady: () => Promise.resolve(), isCancelled: () => false, signal: new AbortController().signal, assertInWorkspace: () => undefined } as unknown as RequestContext;
  if (!handler) throw new Error('the continuity family registers no archipel/continuityView');
  return (await handler({}, context)) as ContinuityViewResult;
}

async function show(harness: WebviewHarness, view: ContinuityViewResult, lang = 'en'): Promise<{ page: Page; summary: Record<string, unknown> }> {
  const page = await renderPanel(harness, 'system', { viewport: { width: 1280, height: 800 }, pageData: { view: 'continuity', lang } });
  const since = page.messages.length;
  await page.post({ type: 'continuity', continuity: view });
  return { page, summary: await rendered(page, since) };
}

describe('System Map page: the Continuity view (issue #97)', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  let view: ContinuityViewResult;
  before(async () => {
    view = await continuityViewOf(PORTFOLIO);
    await harness.launch();
  });
  after(() => harness.close());

  it("colours the example's components by their gaps, marks the SPOFs, says asked vs achievable RPO/RTO; a gap opens its line", async () => {
    // The example declares its objectives and accepts its gaps, each with its reason: every component is judged and none
    // has a gap left (the answer `archipel continuity examples/portfolio` gives, docs/continuity.md).
    assert.equal(view.asked, true);
    const predictor = view.components.find((c) => c.id === 'k8s:Deployment/stock-prediction/stock-predictor');
    assert.ok(predictor, `no stock-predictor among ${view.components.map((c) => c.id).join(', ')}`);
    assert.deepEqual([predictor.tier, predictor.rto.asked, predictor.accepted.map((a) => a.rule).sort()], ['1', '15m', ['continuity-no-disruption-budget', 'continuity-no-spread']]);
    assert.deepEqual(view.components.filter((c) => c.status !== 'none').map((c) => c.name), []);
    const database = view.components.find((c) => c.name === 'mlflow database');
    assert.deepEqual(database && [database.rpo, database.backups.map((b) => [b.kind, b.interval])], [{ asked: '1h', achievable: '5m', from: 'mlflow database' }, [['rds-pitr', '5m']]]);
    const { page, summary } = await show(harness, view);
    assert.deepEqual(summary, { view: 'continuity', components: view.components.length, gaps: 0, none: view.components.length, notJudged: 0, spofs: 0, rows: view.components.length, loose: 0, serverMs: view.ms });
    const seen = await page.page.evaluate(() => {
      const rows = [...document.querySelectorAll('#continuity-components tbody tr')];
      const cells = (name: string) => [...(rows.find((r) => r.querySelector('td')?.textContent?.trim() === name)?.querySelectorAll('td') ?? [])].map((td) => td.textContent);
      return {
        view: (document.querySelector('#view') as HTMLSelectElement).value,
        database: cells('mlflow database'),
        transactions: cells('fraud-transactions'),
        rtoTitle: rows.find((r) => r.querySelector('td')?.textContent?.trim() === 'fraud-transactions')?.querySelector('td.rto')?.getAttribute('title'),
        head: document.querySelector('#continuity-components thead')!.textContent,
        summary: document.querySelector('#continuity-summary')!.textContent,
        fits: document.documentElement.scrollWidth <= window.innerWidth,
      };
    });
    assert.equal(seen.view, 'continuity');
    assert.equal(seen.head, 'ComponentKindTierRPO asked / achievableRTO askedGapsBackups');
    assert.equal(seen.summary, `0 of ${view.components.length} components with gaps, 0 single point(s) of failure`);
    // Asked vs achievable: the MLflow database asks 1h, its point-in-time recovery gives 5m.
    const cells = seen.database.map((x) => x?.trim());
    assert.deepEqual([...cells.slice(0, 4), ...cells.slice(5)], ['mlflow database', 'datastore', '2', '1h / 5m', '1 accepted', 'rds-pitr (5m)']);
    // No RTO asked; its risks counted, said in the tooltip.
    assert.equal(cells[4], `— (${database!.rto.risks.length})`);
    // The transactions' accepted gaps said, not hidden; the RTO's risks in the tooltip.
    assert.equal(seen.transactions[5], '2 accepted');
    assert.match(seen.rtoTitle ?? '', /^RTO risks: .*one instance/);
    assert.equal(seen.fits, true, 'the table fits 1280px without a horizontal scroll');
    // A backup opens its file at its line.
    await page.page.click('#continuity-components button.backup');
    const reveal = await page.waitForMessage<{ uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal');
    assert.deepEqual([reveal.uri, reveal.range.start.line], [database!.backups[0].uri, database!.backups[0].range.start.line]);
    assert.match(reveal.uri, /\/infra\/.*\.tf$/);
    assert.deepEqual(page.errors, []);
    await page.screenshot('system map continuity view');
    await page.close();
  });

  it('colours gaps / none / not judged apart, marks a SPOF, opens it at its line, shows hostile names as text under the strict CSP; French when the editor is', async () => {
    const hostile = '<img src=x onerror="document.title=\'pwned\'">';
    const uri = 'file:///w/k8s/db.yaml';
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 4 } });
    const planted: ContinuityViewResult = {
      asked: true,
      components: [
        { id: 'k8s:StatefulSet/app/db', name: hostile, kind: 'datastore', status: 'gaps', tier: '1', sources: [{ uri, range: at(2) }], rpo: { asked: '1h', achievable: '24h' }, rto: { asked: '4h', risks: ['one instance: recovery waits for a restart or a rebuild'] }, gaps: [{ rule: 'continuity-single-replica', message: hostile, uri, range: at(7), spof: true }, { rule: 'continuity-objective-unmet', message: 'RPO', uri, range: at(1), spof: false }], backups: [{ kind: 'dump', interval: '24h', uri: 'file:///w/k8s/backup.yaml', range: at(12) }], accepted: [] },
        { id: 'compose:.:web', name: 'web', kind: 'service', status: 'none', sources: [], rpo: {}, rto: { risks: [] }, gaps: [], backups: [], accepted: [] },
        { id: 'helm:chart', name: 'chart', kind: 'service', status: 'not-judged', sources: [], rpo: {}, rto: { risks: [] }, gaps: [], backups: [], accepted: [] },
      ],
      loose: [],
      problems: [],
      ms: 2,
    };
    const { page, summary } = await show(harness, planted, 'fr');
    assert.deepEqual([summary.spofs, summary.gaps, summary.none, summary.notJudged], [1, 1, 1, 1]);
    // Each status its own colour: gaps, none and not judged told apart at a glance.
    const colours = await page.page.evaluate(() => [...document.querySelectorAll('#continuity-components tbody .swatch')].map((e) => getComputedStyle(e).backgroundColor));
    assert.equal(new Set(colours).size, 3, colours.join(' '));
    const seen = await page.page.evaluate(() => ({ images: document.querySelectorAll('img').length, title: document.title, table: document.querySelector('#continuity-components')!.textContent, summary: document.querySelector('#continuity-summary')!.textContent }));
    assert.equal(seen.images, 0);
    assert.notEqual(seen.title, 'pwned');
    assert.ok(seen.table.includes(hostile), seen.table);
    assert.match(seen.table, /^ComposantTypeNiveauRPO demandé \/ atteignableRTO demandéFaillesSauvegardes/);
    assert.match(seen.table, /1h \/ 24h/);
    assert.equal(seen.summary, '1 composant(s) sur 3 avec des failles, 1 point(s) de défaillance unique');
    await page.page.click('#continuity-components li.spof button');
    const reveal = await page.waitForMessage<{ uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal');
    assert.deepEqual([reveal.uri, reveal.range.start.line], [uri, 7]);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(await page.cspViolations(), []);
    await page.close();
  });
});
