// The Experiments panel page with the rows and histories the server's engine gives for a real sweep
// (three experiments committed under refs/exps/) and the runs of a real MLflow `mlruns/` folder:
// the table (differing params, metrics equal to the engine's, sort, filter, pin, last/min/max), the
// plots of selected rows under the strict CSP, the live rows of the queue, the actions it asks the
// host for, and hostile text kept as text.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { WebviewHarness, type RenderedView } from './harness';
import { paintedCanvases, rendered, renderPanel } from './panels';
import { sweptRepository, type ExperimentsFixture } from './experimentsFixtures';


const rowsShown = (view: RenderedView) => view.page.locator('tr.row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
const accOf = (view: RenderedView, id: string) => view.page.textContent(`tr.row[data-id="${id}"] td[data-column="metrics:metrics.json:acc"]`);

describe('Experiments panel page', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  let fixture: ExperimentsFixture;
  before(async () => {
    fixture = await sweptRepository();
    await harness.launch();
  });
  after(async () => {
    await harness.close();
    fixture?.remove();
  });

  it('shows the sweep and the MLflow runs in one table, sorts, filters, pins, plots the selected rows', async () => {
    const view = await renderPanel(harness, 'experiments', { viewport: { width: 1300, height: 1000 }, pageData: { folder: 'file:///work/repo' } });
    const experiments = fixture.rows.filter((r) => r.kind === 'experiment');
    const mlflow = fixture.rows.filter((r) => r.kind === 'mlflow');
    assert.equal(experiments.length, 3);
    assert.ok(mlflow.length > 0);
    let since = view.messages.length;
    await view.post({ type: 'table', root: fixture.root, rows: fixture.rows, mlflowStore: fixture.mlflowStore });
    let summary = await rendered(view, since);
    assert.equal(summary.rows, fixture.rows.length);
    // The runs of both stores (mlruns/ and mlflow.db) are rows of the one table.
    assert.equal(summary.mlflowRuns, mlflow.length);
    assert.equal(mlflow.filter((r) => r.experiment === 'Iris-Classification').length, 3);
    assert.ok(mlflow.some((r) => r.experiment !== 'Iris-Classification'));
    assert.deepEqual(await rowsShown(view), fixture.rows.map((r) => r.id));
    // The metrics the table shows are the engine's (what `archipel exp show --format json` prints).
    for (const row of experiments) assert.equal(await accOf(view, row.id), String(row.metrics['metrics.json'].acc));
    // The params that differ: n_est is a column; a params cell asks the host to open its key.
    await view.page.click(`tr.row[data-id="${experiments[0].id}"] td[data-column="params:params.yaml:train.n_est"]`);
    await view.waitForMessage((m) => (m as { type?: string }).type === 'locate');
    assert.deepEqual(view.messages.filter((m) => (m as { type?: string }).type === 'locate').pop(), { type: 'locate', file: 'params.yaml', key: 'train.n_est' });

    // Sort by acc, descending: the workspace stays first, then the best experiment (n_est 200).
    since = view.messages.length;
    await view.page.click('th[data-column="metrics:metrics.json:acc"]');
    await rendered(view, since);
    since = view.messages.length;
    await view.page.click('th[data-column="metrics:metrics.json:acc"]');
    await rendered(view, since);
    const best = experiments.reduce((a, b) => (Number(a.metrics['metrics.json'].acc) >= Number(b.metrics['metrics.json'].acc) ? a : b));
    assert.deepEqual((await rowsShown(view)).slice(0, 2), ['workspace', best.id]);

    // Filter: the sweep's three rows only.
    since = view.messages.length;
    await view.page.fill('input.filter', 'sweep-');
    summary = await rendered(view, since);
    assert.equal(summary.rows, 3);
    // Pin one MLflow run: it stays on top whatever the filter.
    await view.page.fill('input.filter', '');
    since = view.messages.length;
    await view.page.click(`tr.row[data-id="${mlflow[0].id}"] button.pin`);
    await rendered(view, since);
    since = view.messages.length;
    await view.page.fill('input.filter', 'sweep-');
    summary = await rendered(view, since);
    assert.equal(summary.rows, 4);
    assert.equal((await rowsShown(view))[0], mlflow[0].id);

    // Select the three experiments: the page asks for their histories, and plots them.
    for (const row of experiments) {
      since = view.messages.length;
      await view.page.click(`tr.row[data-id="${row.id}"] input[type="checkbox"]`);
      await rendered(view, since);
    }
    const asked = view.messages.filter((m) => (m as { type?: string }).type === 'history').flatMap((m) => (m as { rows: string[] }).rows);
    assert.deepEqual(new Set(asked), new Set(experiments.map((r) => r.id)));
    since = view.messages.length;
    await view.post({ type: 'histories', histories: fixture.histories.filter((x) => experiments.some((r) => r.id === x.row)) });
    summary = await rendered(view, since);
    assert.equal(summary.selected, 3);
    assert.equal(summary.stepCharts, 1);
    assert.equal(summary.scatter, true);
    assert.equal(summary.parallel, true);
    await view.page.waitForFunction(() => document.querySelectorAll('#plots canvas').length >= 3);
    assert.equal(await paintedCanvases(view, '.chart.step'), 1);
    assert.equal(await paintedCanvases(view, '#scatter'), 1);
    assert.equal(await paintedCanvases(view, '#parallel'), 1);
    // One series per selected row in the step chart's legend.
    const legend = await view.page.locator('.chart.step .u-legend .u-label').allTextContents();
    assert.deepEqual(legend.slice(1).sort(), experiments.map((r) => r.name).sort());

    // min of the history: the first step's value (acc grows with the steps).
    since = view.messages.length;
    await view.page.selectOption('#aggregate', 'min');
    await rendered(view, since);
    for (const row of experiments) {
      const history = fixture.histories.find((x) => x.row === row.id && x.metric.endsWith(':acc'))!;
      assert.equal(await accOf(view, row.id), String(Math.min(...history.values.filter((v): v is number => v !== null))));
    }

    // Actions: compare needs two rows, remove takes experiments; both are asked of the host.
    assert.equal(await view.page.isDisabled('#compare'), true);
    await view.page.click('#remove');
    const remove = await view.waitForMessage<{ names: string[] }>((m) => (m as { type?: string }).type === 'remove');
    assert.deepEqual(remove.names.sort(), experiments.map((r) => r.name).sort());
    // The sweep box suggests the workspace's own params (#52): its first numeric one swept, the next set.
    assert.equal(await view.page.getAttribute('#overrides', 'placeholder'), 'train.n_est=5,10,20 params.yaml:train.seed=7');
    await view.page.fill('#overrides', 'train.n_est=300,400');
    await view.page.click('#queue');
    const run = await view.waitForMessage<{ queue: boolean; overrides: string[] }>((m) => (m as { type?: string }).type === 'run');
    assert.deepEqual(run, { type: 'run', queue: true, overrides: ['train.n_est=300,400'] });

    // A running experiment's row, from its metrics file as written, joins the table.
    since = view.messages.length;
    await view.post({ type: 'live', rows: [{ kind: 'running', id: 'entry-1', name: 'sweep-live', baseline: experiments[0].baseline, status: 'Running', params: { 'params.yaml': { 'train.n_est': 300 } }, metrics: { 'metrics.json': { acc: 0.61 } } }], histories: [] });
    summary = await rendered(view, since);
    assert.equal(summary.live, 1);
    assert.equal(await view.page.locator('tr.row.running').count(), 1);
    // Under its baseline (#52), not between the workspace and the baseline: the row just above it is no workspace.
    assert.notEqual(await view.page.locator('tr.row.running').evaluate((row) => (row.previousElementSibling as HTMLElement | null)?.dataset.id), 'workspace');

    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.blockedRequests, []);
    assert.deepEqual(view.errors, []);
    assert.ok(existsSync(await view.screenshot('experiments panel')));
    await view.close();
  });

  // The panel at three widths (#52): the name and status stay at the left edge, every param and metric
  // header is in view or reached by scrolling the table (not the page) and then not under the pinned
  // columns, the duration of each experiment is filled, and a narrow panel is compact.
  for (const [width, height] of [[640, 700], [1024, 700], [1500, 900]] as const) {
    it(`at ${width}×${height}: name and status pinned, params and metrics reachable with their headers, Duration filled`, async () => {
      const view = await renderPanel(harness, 'experiments', { viewport: { width, height }, pageData: { folder: 'file:///work/repo' } });
      const since = view.messages.length;
      await view.post({ type: 'table', root: fixture.root, rows: fixture.rows, mlflowStore: fixture.mlflowStore });
      const summary = await rendered(view, since);
      assert.equal(summary.compact, width < 800);
      assert.equal(await view.page.locator('thead th.kind').count(), width < 800 ? 0 : 1);
      const experiments = fixture.rows.filter((r) => r.kind === 'experiment');
      for (const row of experiments) {
        assert.ok(typeof row.duration === 'number' && row.duration > 0, `the engine gave no duration: ${JSON.stringify(row)}`);
        assert.match((await view.page.textContent(`tr.row[data-id="${row.id}"] td.duration`)) ?? '', /^\d+(\.\d)? (ms|s|min)$/);
      }
      // The page itself never scrolls sideways: the table does, in its own box.
      assert.ok(await view.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways');
      const first = `tr.row[data-id="${experiments[0].id}"]`;
      const pinnedAt = async () => view.page.locator(`${first} th.name`).evaluate((cell) => {
        const r = cell.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
        return { left: r.left, shown: hit !== null && cell.contains(hit) };
      });
      const before = await pinnedAt();
      assert.equal(before.shown, true);
      const headers = await view.page.locator('thead th.sortable').evaluateAll((ths) => ths.map((th) => (th as HTMLElement).dataset.column ?? ''));
      assert.ok(headers.some((h) => h.startsWith('params:')) && headers.some((h) => h.startsWith('metrics:')), JSON.stringify(headers));
      for (const column of headers) {
        const seen = await view.page.locator(`thead th[data-column="${column}"]`).evaluate((th) => {
          th.scrollIntoView({ block: 'nearest', inline: 'end' });
          const r = th.getBoundingClientRect();
          const wrap = th.closest('.table-wrap')!.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return { inside: r.left >= wrap.left - 1 && r.right <= wrap.right + 1, hit: hit !== null && th.contains(hit) };
        });
        assert.deepEqual(seen, { inside: true, hit: true }, `${column} at ${width} px`);
        // Its cell in the first row is in view too, under the header it belongs to.
        assert.equal(await view.page.locator(`${first} td[data-column="${column}"]`).evaluate((td) => {
          const r = td.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit !== null && td.contains(hit);
        }), true, `${column}'s cell at ${width} px`);
      }
      // Scrolled to the last metric, the name and status are where they were (within the pixel a sticky cell snaps to).
      const after = await pinnedAt();
      assert.equal(after.shown, true);
      assert.ok(Math.abs(after.left - before.left) <= 1, `the name moved from ${before.left} to ${after.left} px`);
      assert.ok(await view.page.locator('.table-wrap').evaluate((wrap) => wrap.scrollLeft > 0) || width >= 1500, 'the table did not scroll sideways');
      assert.equal(await view.page.locator(`${first} td.status`).evaluate((td) => {
        const r = td.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && td.contains(hit);
      }), true);
      assert.deepEqual(await view.cspViolations(), []);
      assert.deepEqual(view.errors, []);
      assert.ok(existsSync(await view.screenshot(`experiments panel ${width}x${height}`)));
      await view.close();
    });
  }

  it('in a folder that is not a Git repository: says what is missing, offers Initialise Git here, the actions that need Git off with the reason', async () => {
    const view = await renderPanel(harness, 'experiments', { viewport: { width: 1024, height: 700 }, pageData: { folder: 'file:///work/repo' } });
    const message = 'This folder is not a Git repository: experiments are Git commits on a baseline commit. Initialise Git here to make one, with a first commit of its files.';
    let since = view.messages.length;
    await view.post({ type: 'table', root: '/work/repo', rows: [], git: { missing: 'repository', message } });
    const summary = await rendered(view, since);
    assert.equal(summary.gitMissing, 'repository');
    assert.equal(await view.page.textContent('#git-missing p'), message);
    for (const id of ['run', 'queue', 'start', 'apply', 'branch', 'remove']) {
      assert.equal(await view.page.isDisabled(`#${id}`), true, id);
      assert.equal(await view.page.getAttribute(`#${id}`, 'title'), message, id);
    }
    await view.page.click('#init-git');
    await view.waitForMessage((m) => (m as { type?: string }).type === 'init');
    // Git itself missing: said, and no button (installing Git is the user's).
    since = view.messages.length;
    await view.post({ type: 'table', root: '/work/repo', rows: [], git: { missing: 'git', message: 'Git is not installed.' } });
    await rendered(view, since);
    assert.equal(await view.page.locator('#init-git').count(), 0);
    assert.equal(await view.page.isDisabled('#run'), true);
    // Once initialised, the table comes without it: the actions are back.
    since = view.messages.length;
    await view.post({ type: 'table', root: '/work/repo', rows: [] });
    await rendered(view, since);
    assert.equal(await view.page.locator('#git-missing').count(), 0);
    assert.equal(await view.page.isDisabled('#run'), false);
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('draws only the rows in view of a long table, and the others as it scrolls', async () => {
    const view = await renderPanel(harness, 'experiments', { viewport: { width: 1300, height: 1000 }, pageData: { folder: 'file:///work/repo' } });
    // The sweep's rows, then 1,500 MLflow runs: 1,000 are in the table (a button shows more).
    const runs = Array.from({ length: 1_500 }, (_, i) => ({ kind: 'mlflow' as const, id: `run-${i}`, name: `run ${i}`, params: { MLflow: { lr: String(i % 7) } }, metrics: { MLflow: { acc: i / 1_500 } } }));
    const rows = [...fixture.rows, ...runs];
    const since = view.messages.length;
    await view.post({ type: 'table', root: fixture.root, rows, mlflowStore: fixture.mlflowStore });
    const summary = await rendered(view, since);
    assert.equal(summary.rows, 1_000);
    assert.equal(summary.total, rows.length);
    const drawn = await rowsShown(view);
    assert.ok(drawn.length < 200, `${drawn.length} rows in the DOM`);
    assert.deepEqual(drawn, rows.slice(0, drawn.length).map((r) => r.id));
    // The spacers keep the table as tall as its 1,000 rows: scrolled to the end, the last is drawn.
    await view.page.locator('.table-wrap').evaluate((wrap) => (wrap.scrollTop = wrap.scrollHeight));
    const last = rows[999].id;
    await view.page.waitForSelector(`tr.row[data-id="${last}"]`);
    assert.equal(await view.page.locator(`tr.row[data-id="${rows[1_000].id}"]`).count(), 0);
    // Assistive technology is told where the drawn rows are among all (two header rows first).
    assert.equal(await view.page.getAttribute('table.experiments', 'aria-rowcount'), '1002');
    assert.equal(await view.page.getAttribute(`tr.row[data-id="${last}"]`, 'aria-rowindex'), '1002');
    assert.ok((await rowsShown(view)).length < 200);
    // Its box selects it (one listener for the table); the table is drawn again where it was.
    const before = view.messages.length;
    await view.page.click(`tr.row[data-id="${last}"] input[type="checkbox"]`);
    assert.equal((await rendered(view, before)).selected, 1);
    assert.equal(await view.page.locator(`tr.row.selected[data-id="${last}"]`).count(), 1);
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('refuses a table whose values are not scalars, or whose names are too long', async () => {
    const view = await renderPanel(harness, 'experiments', { pageData: { folder: 'file:///work/repo' } });
    const row = (metrics: unknown) => ({ kind: 'mlflow', id: 'run1', name: 'run1', params: {}, metrics });
    for (const metrics of [{ MLflow: { acc: { nested: 1 } } }, { MLflow: { acc: [1] } }, { MLflow: 'acc' }, { MLflow: { ['k'.repeat(1_001)]: 1 } }, []]) {
      const since = view.messages.length;
      await view.post({ type: 'table', root: '/work/repo', rows: [row(metrics)] });
      const error = await view.waitForMessage<{ message: string }>((m) => (m as { type?: string }).type === 'pageError' && view.messages.indexOf(m) >= since);
      assert.match(error.message, /message "table" rejected/);
    }
    assert.equal(await view.page.locator('tr.row').count(), 0);
    await view.close();
  });

  it('keeps hostile names and values as text', async () => {
    const view = await renderPanel(harness, 'experiments', { pageData: { folder: 'file:///work/repo' } });
    const hostile = '<img src=x onerror="document.title=1">';
    const since = view.messages.length;
    await view.post({ type: 'table', root: '/work/<b>repo</b>', rows: [
      { kind: 'workspace', id: 'workspace', name: 'workspace', params: { 'params.yaml': { lr: hostile } }, metrics: {} },
      { kind: 'mlflow', id: 'run1', name: hostile, params: { MLflow: { lr: '0.1' } }, metrics: { MLflow: { [hostile]: 1 } } },
    ] });
    await rendered(view, since);
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.locator('b').count(), 0);
    assert.match((await view.page.textContent('tr.row[data-id="run1"] th')) ?? '', /<img src=x/);
    assert.deepEqual(view.errors, []);
    await view.close();
  });
});
