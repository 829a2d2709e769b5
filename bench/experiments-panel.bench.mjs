// The Experiments panel's first paint in Chromium: the page (dist/webviews/experiments.js in the
// real page template, under the webview CSP, driven by the webview test layer's harness,
// webviews/test/harness.ts) gets the `table` message its host sends, with the rows `archipel exp
// show --format json` gives for the generated repository of experiments.bench.mjs (1,000 DVC
// experiments over 20 baselines + 10,000 MLflow runs: 11,021 rows). Timed on the page's clock, from
// the message's dispatch (schema check, columns, order, DOM) to the first frame painted after it
// (requestAnimationFrame, then a task queued from it: that task runs once the frame is presented).
// Each run is a fresh page (new browser context); the median of `--runs`.
//
// The floor, measured in the same browser and run: a fresh page of the same harness setting a
// plain static <table> of the same cells (the panel's 1,000 rows and its columns as text: the params
// that differ, every metric; one string built beforehand) with one innerHTML, to the same first
// painted frame; and the same with only as many rows as the panel puts in the DOM (its table body
// is virtual: the rows in view and a margin).
//
// Memory: the page's JS heap after a full garbage collection (CDP HeapProfiler.collectGarbage, then
// Runtime.getHeapUsage) and its DOM node count (Performance.getMetrics), ours and the floor's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { benchRepository } from './experiments.bench.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Experiments panel: first paint of the table (1,000 experiments + 10,000 MLflow runs) in Chromium, against a static <table> of the same cells';

const require = createRequire(import.meta.url);
const VIEWPORT = { width: 1300, height: 1000 };

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** The panel bundle (esbuild) and the harness (tsc, out/webviews/test/), rebuilt when older than their sources. */
function ensureBuilt(root, progress) {
  const sources = Math.max(newest(path.join(root, 'webviews', 'experiments')), newest(path.join(root, 'webviews', 'shared')));
  const bundle = path.join(root, 'dist', 'webviews', 'experiments.js');
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
    progress('bundling the webviews (node esbuild.mjs)…');
    const r = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('esbuild failed');
  }
  // The harness and what it imports, each against its compiled file (tsc -b re-emits only what changed).
  const modules = ['test/harness', 'test/panels', 'shared/html', 'shared/escape'];
  const compiled = (m) => path.join(root, 'out', 'webviews', `${m}.js`);
  if (modules.some((m) => !existsSync(compiled(m)) || statSync(compiled(m)).mtimeMs < statSync(path.join(root, 'webviews', `${m}.ts`)).mtimeMs)) {
    progress('compiling the webview test harness (tsc -b)…');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tsc -b failed');
  }
  return { WebviewHarness: require(compiled('test/harness')).WebviewHarness, renderPanel: require(compiled('test/panels')).renderPanel };
}

/**
 * In the page: dispatches the `table` message (its JSON text parsed beforehand, untimed: the host's
 * message arrives parsed), or, for the floor, sets its table's innerHTML (`apply`); resolves with
 * the time to the end of the synchronous work and to the first frame painted, and the renderer's
 * main-thread CPU time over the same span (CDP Performance.getMetrics ThreadTime: what load on the
 * machine does not inflate as it does wall time).
 */
async function timeToPaint(page, payload, apply) {
  await page.evaluate(([text, mode]) => {
    window.__benchPayload = mode === 'message' ? JSON.parse(text) : text;
  }, [payload, apply]);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const thread = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
  const cpu0 = await thread();
  const times = await page.evaluate((mode) => new Promise((resolve) => {
    const data = window.__benchPayload;
    delete window.__benchPayload;
    const t0 = performance.now();
    if (mode === 'message') window.dispatchEvent(new MessageEvent('message', { data }));
    else document.getElementById('floor').innerHTML = data;
    const script = performance.now() - t0;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const paint = performance.now() - t0;
        channel.port1.close();
        resolve({ script, paint });
      };
      channel.port2.postMessage(undefined);
    });
  }), apply);
  const cpu = ((await thread()) - cpu0) * 1000;
  await cdp.detach();
  return { ...times, cpu };
}

/** The JS heap after a full collection, and the DOM's node count (CDP). */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return { heap: heap.usedSize, nodes: metrics.find((m) => m.name === 'Nodes')?.value ?? NaN };
}

/** The panel's rows per page (webviews/experiments/main.ts PAGE_ROWS): the rows its table holds at first. */
const PAGE_ROWS = 1_000;

/**
 * The cells of the panel's table as plain text: its header, then per row (the first `count`, in the
 * message's order, as the panel shows them unsorted) name, kind, status, duration, date and the
 * value of every column the panel shows (the params that differ between rows, every metric).
 */
function floorCells(rows, count) {
  const columns = (group) => {
    const seen = new Map();
    for (const row of rows) for (const [file, values] of Object.entries(row[group])) for (const key of Object.keys(values)) seen.set(`${file}\0${key}`, [file, key]);
    return [...seen.values()];
  };
  const value = (row, group, [file, key]) => row[group][file]?.[key];
  const params = columns('params').filter((c) => rows.some((r) => value(r, 'params', c) !== value(rows[0], 'params', c)));
  const metrics = columns('metrics');
  const text = (v) => (v === undefined ? '—' : String(v));
  return [
    ['', '', 'Experiment', 'Kind', 'Status', 'Duration', 'Created', ...params.map(([, k]) => k), ...metrics.map(([, k]) => k)],
    ...rows.slice(0, count).map((r) => ['', '☆', r.name, r.kind, r.status ?? '', r.duration === undefined ? '' : `${r.duration} ms`, r.timestamp?.slice(0, 16) ?? '',
      ...params.map((c) => text(value(r, 'params', c))), ...metrics.map((c) => text(value(r, 'metrics', c)))]),
  ];
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function run(context) {
  const { dir, show, expected } = await benchRepository(context);
  const rows = JSON.parse(show().stdout);
  const exps = rows.filter((r) => r.kind === 'experiment').length;
  const runs = rows.filter((r) => r.kind === 'mlflow').length;
  if (exps !== expected.experiments || runs !== expected.runs) throw new Error(`exp show listed ${exps} experiments and ${runs} runs`);
  const message = JSON.stringify({ type: 'table', root: dir, rows, mlflowStore: 'sqlite:///mlflow.db' });

  const { WebviewHarness, renderPanel } = ensureBuilt(context.root, context.progress);
  const harness = new WebviewHarness();
  await harness.launch();
  try {
    const ours = [];
    const oursScript = [];
    const oursRender = [];
    const oursCpu = [];
    const floorCpu = [];
    const viewFloorCpu = [];
    const floors = [];
    const viewFloors = [];
    let inDom = 0;
    let drawn = 0;
    const cells = floorCells(rows, PAGE_ROWS);
    let oursMemory;
    let emptyHeap = 0;
    let floorMemory;
    for (let i = 0; i < context.runs; i++) {
      context.progress(`run ${i + 1}/${context.runs}`);
      const view = await renderPanel(harness, 'experiments', { viewport: VIEWPORT, pageData: { folder: `file://${dir}` } });
      const since = view.messages.length;
      const t = await timeToPaint(view.page, message, 'message');
      const summary = await view.waitForMessage((m) => m.type === 'rendered' && view.messages.indexOf(m) >= since);
      if (view.errors.length) throw new Error(`the page reported: ${view.errors.join('; ')}`);
      if (summary.summary.total !== rows.length) throw new Error(`the panel ordered ${summary.summary.total} rows of ${rows.length}`);
      drawn = summary.summary.rows;
      ours.push(t.paint);
      oursScript.push(t.script);
      oursCpu.push(t.cpu);
      oursRender.push(summary.summary.ms);
      if (i === 0) inDom = await view.page.evaluate(() => document.querySelectorAll('table.experiments tr.row').length);
      await view.close();
      if (i === 0) {
        // Memory on a page of its own, the message delivered as the webview tests deliver it (the
        // timed page's evaluate arguments could stay referenced by the automation).
        const again = await renderPanel(harness, 'experiments', { viewport: VIEWPORT, pageData: { folder: `file://${dir}` } });
        const before = again.messages.length;
        emptyHeap = (await memory(again.page)).heap;
        await again.post(JSON.parse(message));
        await again.waitForMessage((m) => m.type === 'rendered' && again.messages.indexOf(m) >= before);
        oursMemory = await memory(again.page);
        await again.close();
      }

      const floor = await harness.render({ viewport: VIEWPORT, body: '<table id="floor"></table>' });
      const html = cells.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
      const f = await timeToPaint(floor.page, html, 'innerHTML');
      floors.push(f.paint);
      floorCpu.push(f.cpu);
      if (i === 0) floorMemory = await memory(floor.page);
      await floor.close();

      // The same floor with only as many rows as the panel put in the DOM (those in view and a margin).
      const few = await harness.render({ viewport: VIEWPORT, body: '<table id="floor"></table>' });
      const fewHtml = cells.slice(0, inDom + 1).map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
      const v = await timeToPaint(few.page, fewHtml, 'innerHTML');
      viewFloors.push(v.paint);
      viewFloorCpu.push(v.cpu);
      await few.close();
    }
    const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    return {
      peer: 'a static <table> of the same cells (one innerHTML), same Chromium',
      rows: [
        { name: `first paint of the table (${drawn} rows of ${rows.length}), from the message`, ours: median(ours), peer: median(floors) },
        { name: `  against a static <table> of only the ${inDom} rows the panel put in the DOM`, ours: median(ours), peer: median(viewFloors) },
        { name: 'main-thread CPU time over the same span (ThreadTime)', ours: median(oursCpu), peer: median(floorCpu) },
        { name: `  against the static <table> of ${inDom} rows`, ours: median(oursCpu), peer: median(viewFloorCpu) },
      ],
      notes: [
        `${exps} experiments, ${rows.length - exps - runs} workspace/baseline rows and ${runs} MLflow runs in the message (${(message.length / 2 ** 20).toFixed(1)} MB of JSON); viewport ${VIEWPORT.width}×${VIEWPORT.height}; median of ${context.runs} fresh pages each.`,
        `of the panel's ${median(ours).toFixed(0)} ms, ${median(oursScript).toFixed(0)} ms are the message's synchronous handling (${median(oursRender).toFixed(0)} ms of it drawing: columns, order, DOM; the rest its schema check), the rest style, layout and paint.`,
        `floor: a header and ${cells.length - 1} rows × ${cells[0].length} cells (the panel's rows and columns as text), set with one innerHTML (no checks, sorting, inputs or styles), all in the DOM; the panel holds the same rows but draws only those in view and a margin (a virtual table body).`,
        `memory after a full GC: the panel ${mb(oursMemory.heap)} of JS heap (${mb(emptyHeap)} before the message), ${oursMemory.nodes} DOM nodes (${inDom} table rows); the floor ${mb(floorMemory.heap)}, ${floorMemory.nodes} DOM nodes. Bounds: the DOM holds the rows in view and 20 either side (at least 60), whatever the rows' count; the JS heap holds the message's rows (${rows.length} here; the page's schema takes at most 20,000).`,
      ],
    };
  } finally {
    await harness.close();
  }
}
