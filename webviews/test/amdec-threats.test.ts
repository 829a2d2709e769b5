// The risk dashboard's threat matrix (issue #65): the workspace's derived threats (`archipel/securityView`
// as the server answers it, securityFixtures.ts) in Threagile's impact × likelihood grid — counts of
// open threats and their rules per cell, coloured by the gravest, a click opening the line; a threat
// the AMDEC treats (the example's accepted T-03, the card store's missing per-user key) shown with its status, not counted as open.
import * as assert from 'node:assert/strict';
import { amdecModel, portfolioFile } from './fixtures';
import { WebviewHarness } from './harness';
import { rendered, renderPanel } from './panels';
import { INSECURE, securityViewOf } from './securityFixtures';

const files = () => ({
  'governance/risks.amdec.yaml': portfolioFile('governance/risks.amdec.yaml'),
  'governance/governance.raci.yaml': portfolioFile('governance/governance.raci.yaml'),
});

describe('risk dashboard page: the threat matrix', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it("counts the planted stack's open threats per likelihood × impact cell, coloured by severity; a click opens the line", async () => {
    const threats = await securityViewOf(INSECURE);
    const model = amdecModel(files(), 'governance/risks.amdec.yaml', '2027-02-01');
    const view = await renderPanel(harness, 'amdec', { viewport: { width: 1300, height: 900 } });
    await view.post({ type: 'model', model, fileName: 'risks.amdec.yaml', threats, lang: 'en' });
    const summary = await rendered(view);
    assert.equal(summary.threatsOpen, threats.risks.filter((r) => r.open).length);
    const cells = await view.page.$$eval('td.threat-cell', (tds) => tds.map((td) => ({ likelihood: (td as HTMLElement).dataset.likelihood!, impact: (td as HTMLElement).dataset.impact!, open: (td as HTMLElement).dataset.open!, classes: td.className, ids: [...td.querySelectorAll<HTMLElement>('button.threat.open')].map((b) => b.dataset.risk!) })));
    assert.equal(cells.length, 16, 'four likelihoods × four impacts');
    for (const cell of cells) {
      const here = threats.risks.filter((r) => r.open && r.likelihood === cell.likelihood && r.impact === cell.impact);
      assert.equal(Number(cell.open), here.length, `${cell.impact} × ${cell.likelihood}`);
      assert.deepEqual(cell.ids.sort(), here.map((r) => r.id).sort());
      if (here.length > 0) {
        const gravest = ['critical', 'high', 'elevated', 'medium', 'low'].find((s) => here.some((r) => r.severity === s));
        assert.match(cell.classes, new RegExp(`severity-${gravest}`));
      }
    }
    assert.equal(cells.reduce((n, c) => n + Number(c.open), 0), summary.threatsOpen);
    const risk = threats.risks.find((r) => r.rule === 'threat-unguarded-direct-datastore-access')!;
    await view.page.click(`button.threat[data-risk="${risk.id}"]`);
    const reveal = await view.waitForMessage<{ uri: string; range: { start: { line: number } } }>((m) => (m as { type?: string }).type === 'reveal');
    assert.equal(reveal.uri, risk.sources[0].uri);
    assert.equal(reveal.range.start.line, risk.sources[0].range.start.line);
    assert.deepEqual(view.errors, []);
    assert.deepEqual(await view.cspViolations(), []);
    await view.screenshot('risk dashboard threat matrix');
    await view.close();
  });

  it("shows the example's accepted threat as accepted, not open (in French when the editor is)", async () => {
    const threats = await securityViewOf();
    const accepted = threats.risks.filter((r) => r.tracking?.status === 'accepted');
    assert.ok(accepted.length > 0, "the example accepts its card store's missing per-user key (T-03)");
    const model = amdecModel(files(), 'governance/risks.amdec.yaml', '2027-02-01');
    const view = await renderPanel(harness, 'amdec', { viewport: { width: 1300, height: 900 } });
    await view.post({ type: 'model', model, fileName: 'risks.amdec.yaml', threats, lang: 'fr' });
    const summary = await rendered(view);
    assert.equal(summary.threatsTreated, threats.risks.filter((r) => !r.open).length);
    for (const risk of accepted) {
      const shown = await view.page.$eval(`button.threat[data-risk="${risk.id}"]`, (b) => ({ classes: b.className, text: b.textContent, cell: (b.closest('td') as HTMLElement).dataset.open }));
      assert.match(shown.classes, /treated/);
      assert.doesNotMatch(shown.classes, /\bopen\b/);
      assert.match(shown.text, /accepté/);
    }
    assert.match(await view.page.textContent('#threats h2') ?? '', /Menaces/);
    assert.deepEqual(view.errors, []);
    await view.close();
  });
});
