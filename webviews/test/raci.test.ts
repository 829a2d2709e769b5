// The RACI dashboard page with the server's model of real files: the grid, coloured letters,
// problems outlined where the rules put them, clicks that reveal the YAML, hostile text shown as text.
import * as assert from 'node:assert/strict';
import { WebviewHarness, type ThemeKind } from './harness';
import { portfolioFile, raciModel } from './fixtures';
import { rendered, renderPanel } from './panels';

const BROKEN = `kind: raci
title: "<script>window.__pwned = true</script> matrix"
roles:
  - {id: cdo, name: Chief Data Officer}
  - {id: steward, name: "<img src=x onerror=window.__pwned=true>"}
activities:
  - id: GOV-01
    activity: Approve the policy
    raci: {cdo: A, steward: R}
  - id: GOV-02
    activity: Nobody accountable
    raci: {steward: R}
  - id: GOV-03
    activity: Two letters wrong
    raci: {cdo: A, steward: X}
`;

describe('RACI dashboard page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
    it(`draws the example matrix (${theme})`, async () => {
      const model = raciModel({ 'governance/governance.raci.yaml': portfolioFile('governance/governance.raci.yaml') }, 'governance/governance.raci.yaml');
      const view = await renderPanel(harness, 'raci', { theme, viewport: { width: 1400, height: 900 } });
      await view.post({ type: 'model', model, fileName: 'governance.raci.yaml' });
      const summary = await rendered(view);
      // 18 activities and OPS-05, the fraud system's operation (issue #65).
      assert.deepEqual(summary, { activities: 19, roles: 10, problems: 0, highlighted: 0 });
      assert.equal(await view.page.textContent('h1'), 'Data governance of the stock-direction prediction service');
      assert.equal(await view.page.locator('tr.activity-row').count(), 19);
      assert.deepEqual((await view.page.locator('tr.group th').allTextContents()).slice(0, 3), ['Policy', 'Data quality', 'Lineage']);
      assert.equal(await view.page.locator('th.role').count(), 10);
      // GOV-01: cdo is Accountable, steward Responsible; the letters carry their class (colour).
      const row = view.page.locator('tr[data-activity="GOV-01"]');
      assert.equal(await row.locator('td[data-role="cdo"] .letter').getAttribute('class'), 'letter letter-A');
      assert.equal(await row.locator('td[data-role="steward"]').textContent(), 'R');
      assert.equal(await row.locator('td[data-role="finance"]').textContent(), '');
      const colours = await view.page.evaluate(() => {
        const a = document.querySelector('tr[data-activity="GOV-01"] td[data-role="cdo"] .letter')!;
        const r = document.querySelector('tr[data-activity="GOV-01"] td[data-role="steward"] .letter')!;
        return [getComputedStyle(a).color, getComputedStyle(r).color];
      });
      assert.notEqual(colours[0], colours[1], 'A and R are told apart by colour');
      assert.equal(await view.page.textContent('#problems'), 'No problems reported.');
      assert.deepEqual(view.blockedRequests, []);
      assert.deepEqual(view.errors, []);
      await view.screenshot(`raci dashboard ${theme}`);
      await view.close();
    });
  }

  // Half of a 1280-px window (a side panel) and a 1024×700 screen: the example's ten roles all in view, named, readable.
  for (const viewport of [{ width: 640, height: 700 }, { width: 1024, height: 700 }]) {
    it(`shows every role of the example at ${viewport.width}×${viewport.height}, its name readable`, async () => {
      const model = raciModel({ 'governance/governance.raci.yaml': portfolioFile('governance/governance.raci.yaml') }, 'governance/governance.raci.yaml');
      const view = await renderPanel(harness, 'raci', { viewport });
      await view.post({ type: 'model', model, fileName: 'governance.raci.yaml' });
      await rendered(view);
      const layout = await view.page.evaluate(() => {
        const scroller = document.querySelector('.grid-scroll')!.getBoundingClientRect();
        const inView = (r: DOMRect) => r.left >= scroller.left - 0.5 && r.right <= scroller.right + 0.5;
        const roles = [...document.querySelectorAll<HTMLElement>('th.role')];
        const names = roles.map((role) => role.querySelector<HTMLElement>('.role-name')).filter((n): n is HTMLElement => n !== null);
        return {
          roles: roles.length,
          visible: roles.filter((role) => inView(role.getBoundingClientRect())).length,
          // A name is readable: a legible size, wholly drawn (not clipped by a max size) and in view.
          smallestFont: Math.min(...names.map((n) => parseFloat(getComputedStyle(n).fontSize))),
          clipped: names.filter((n) => n.scrollHeight > n.clientHeight + 1 || n.scrollWidth > n.clientWidth + 1).map((n) => n.textContent),
          cellsOut: [...document.querySelectorAll<HTMLElement>('td.cell')].filter((c) => !inView(c.getBoundingClientRect())).length,
          // A role's id and name are apart, not run into one line (#52: `Chief Data Officercdo`).
          runInto: roles.filter((role) => {
            const id = role.querySelector('.role-id')!.getBoundingClientRect();
            const name = role.querySelector('.role-name')?.getBoundingClientRect();
            return name !== undefined && id.left < name.right && name.left < id.right && id.top < name.bottom && name.top < id.bottom;
          }).map((role) => role.textContent),
          sideBySide: roles.filter((role) => {
            const id = role.querySelector('.role-id')!.getBoundingClientRect();
            const name = role.querySelector('.role-name')?.getBoundingClientRect();
            return name !== undefined && id.right <= name.left + 0.5;
          }).length,
        };
      });
      assert.equal(layout.roles, 10);
      assert.equal(layout.visible, 10, `${layout.visible} of 10 roles in view`);
      assert.equal(layout.cellsOut, 0, 'every cell in view without scrolling');
      assert.ok(layout.smallestFont >= 10, `role names at ${layout.smallestFont} px`);
      assert.deepEqual(layout.clipped, []);
      assert.deepEqual(layout.runInto, []);
      // Upright (narrow panels), each id is a line of its own left of its name's.
      assert.equal(layout.sideBySide, 10);
      await view.screenshot(`raci dashboard ${viewport.width}x${viewport.height}`);
      await view.close();
    });
  }

  it('scrolls the grid sideways when the roles do not fit (a very narrow panel), the activity names staying at its left', async () => {
    const model = raciModel({ 'governance/governance.raci.yaml': portfolioFile('governance/governance.raci.yaml') }, 'governance/governance.raci.yaml');
    const view = await renderPanel(harness, 'raci', { viewport: { width: 420, height: 900 } });
    await view.post({ type: 'model', model, fileName: 'governance.raci.yaml' });
    await rendered(view);
    const measure = () =>
      view.page.evaluate(() => {
        const scroller = document.querySelector('.grid-scroll')!;
        const names = [...document.querySelectorAll<HTMLElement>('th.activity')];
        return {
          scrolls: scroller.scrollWidth > scroller.clientWidth,
          scrollerLeft: Math.round(scroller.getBoundingClientRect().left),
          nameLeft: Math.round(names[0].getBoundingClientRect().left),
          narrowestRole: Math.min(...[...document.querySelectorAll('th.role')].map((r) => r.getBoundingClientRect().width)),
          groupLefts: [...document.querySelectorAll<HTMLElement>('tr.group .group-label')].map((g) => Math.round(g.getBoundingClientRect().left)),
        };
      });
    const before = await measure();
    assert.equal(before.scrolls, true, 'the grid scrolls sideways');
    assert.ok(before.narrowestRole >= 20, `role columns keep their letters' width (${before.narrowestRole} px)`);
    await view.page.$eval('.grid-scroll', (el) => el.scrollBy(400, 0));
    const after = await measure();
    assert.equal(after.nameLeft, after.scrollerLeft, 'the activity names stay at the left');
    // The group labels too (they scrolled away before): each in view, at the grid's left.
    assert.ok(after.groupLefts.length > 0);
    for (const left of after.groupLefts) assert.ok(left >= after.scrollerLeft && left <= after.scrollerLeft + 20, `a group label at ${left} px, the grid at ${after.scrollerLeft} px`);
    await view.screenshot('raci dashboard narrow scrolled');
    await view.close();
  });

  it('outlines problems on their cell and row, and lists them', async () => {
    const model = raciModel({ 'team.raci.yaml': BROKEN }, 'team.raci.yaml');
    const codes = model.problems.map((p) => p.code).sort();
    assert.ok(codes.includes('raci-one-accountable') && codes.includes('raci-unknown-letter'), codes.join(', '));
    const view = await renderPanel(harness, 'raci');
    await view.post({ type: 'model', model, fileName: 'team.raci.yaml' });
    const summary = await rendered(view);
    assert.equal(summary.problems, model.problems.length);
    // The unknown letter X is outlined on its cell; the missing A on its row.
    const cell = view.page.locator('tr[data-activity="GOV-03"] td[data-role="steward"]');
    assert.match((await cell.getAttribute('class')) ?? '', /\bproblem\b/);
    assert.match((await cell.getAttribute('title')) ?? '', /raci-unknown-letter/);
    assert.match((await view.page.locator('tr[data-activity="GOV-02"]').getAttribute('class')) ?? '', /\bproblem\b/);
    assert.equal(await view.page.locator('#problems li').count(), model.problems.length);
    // Hostile text from the file is shown as text; nothing ran, nothing was fetched.
    assert.equal(await view.page.textContent('h1'), '<script>window.__pwned = true</script> matrix');
    assert.equal(await view.page.locator('th[data-role="steward"] .role-name').textContent(), '<img src=x onerror=window.__pwned=true>');
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
    assert.deepEqual(view.blockedRequests, []);
    await view.screenshot('raci dashboard problems');
    await view.close();
  });

  it('reveals the YAML of a clicked cell, activity, role and problem', async () => {
    const model = raciModel({ 'team.raci.yaml': BROKEN }, 'team.raci.yaml');
    const view = await renderPanel(harness, 'raci');
    await view.post({ type: 'model', model, fileName: 'team.raci.yaml' });
    await rendered(view);
    const reveals = () => view.messages.filter((m) => (m as { type?: string }).type === 'reveal') as { uri: string; range: { start: { line: number; character: number } } }[];
    await view.page.click('tr[data-activity="GOV-01"] td[data-role="steward"]');
    await view.page.click('tr[data-activity="GOV-02"] th.activity');
    await view.page.click('th[data-role="cdo"]');
    await view.page.click('#problems li >> nth=0');
    await view.page.waitForFunction(() => true);
    const deadline = Date.now() + 5000;
    while (reveals().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const [cell, activity, role, problem] = reveals();
    assert.equal(cell.uri, model.uri);
    // `    raci: {cdo: A, steward: R}` on line 9 (0-based 8): the R.
    assert.deepEqual(cell.range.start, { line: 8, character: 28 });
    assert.deepEqual(activity.range.start, { line: 9, character: 8 });
    assert.deepEqual(role.range.start, { line: 3, character: 9 });
    assert.deepEqual(problem.range, model.problems[0].range);
    await view.close();
  });

  it('says so when the file is not a RACI matrix', async () => {
    const view = await renderPanel(harness, 'raci');
    await view.post({ type: 'model', model: null, fileName: 'notes.raci.yaml' });
    assert.deepEqual(await rendered(view), { activities: 0, roles: 0, problems: 0 });
    assert.match((await view.page.textContent('.message')) ?? '', /notes\.raci\.yaml is not a RACI matrix/);
    await view.close();
  });
});
