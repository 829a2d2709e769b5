// The system map (issue #49), measured against what the server already does with the same files:
// - the model of the example workspace (examples/portfolio) and of microservices-demo (the manifests,
//   skaffold.yaml and Dockerfiles vendored in server/test/fixtures/oss/system), with the files indexed
//   and parsed as the server holds them, against the generated diagrams of one family each
//   (`archipel diagram k8s` and `compose`) drawn from the same index in the same run;
// - the model of the generated monorepo (bench/lib/monorepo.cjs, `--files N`), against reading and
//   indexing those files with their Kubernetes objects (the server's index: the budget the model must
//   stay within);
// - `archipel diagram system` of that monorepo through the CLI (a process of its own, GNU time: wall
//   time and peak RSS) against `archipel check` of the same tree (issue #64: within check's time and
//   memory), the monorepo made its own repository (an empty .git) so that neither indexes Archipel's;
// - `archipel cost`, `threats` and `diagram system` of that monorepo warm (the cache folder the cold run left) against
//   cold (an empty cache folder), and `archipel check FILE` of one of its manifests warm against the same file alone in a
//   folder of its own, warm too (issue #92: a one-file check within 2× the same file alone), with RSS and page faults;
// - the System Map page painting 500 components in Chromium (the webview test harness), first closed
//   into their namespaces, then all open, against the diagram panel drawing the same 500 nodes and
//   499 edges from its graph, timed from the message (or the click) to the first frame painted after it;
//   and the CPU time of the page's main thread for the same paints, from a Chromium trace (thread
//   time, so that a loaded machine's waits are not counted), with its script / style / layout / paint.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { compiled } from '../scripts/lib/built.mjs';
import { dataDir } from './lib/fixtures.mjs';
import { loadSpan } from './lib/facts.mjs';
import { measured } from './lib/gnuTime.mjs';
import { median } from './lib/stats.mjs';

export const title = 'System map: the model (example, microservices-demo, monorepo) against the generated diagrams and the index; the panel painting 500 components against the diagram panel';

const require = createRequire(import.meta.url);

function load(root) {
  // tsc's output of the engines it calls, compiled when missing or stale (a clone after `npm install` has none).
  compiled(root);
  const out = (m) => require(path.join(root, 'out', 'server', 'src', m));
  return {
    families: out('families/index.js').families,
    systemContributors: out('families/descriptor.js').systemContributors,
    buildSystemModel: out('system/model.js').buildSystemModel,
    WorkspaceIndex: out('workspace/index.js').WorkspaceIndex,
    indexOptions: out('service.js').indexOptions,
    defaultSettings: out('settings.js').defaultSettings,
    kubernetesObjects: out('kubernetes/model/objects.js').kubernetesObjects,
    kubernetesDiagram: out('kubernetes/diagram.js').kubernetesDiagram,
    composeDiagram: out('compose/diagram.js').composeDiagram,
    prepareContributors: out('features/system/contributor.js').prepareContributors,
    systemView: out('system/views.js').systemView,
  };
}

/** The configuration and source files the app-config family reads beside the deploy files (issue #79). */
const CODE = /\.(tf|conf|template|cfg|properties|js|mjs|cjs|ts|py|go|java|kt|rb|php|cs|rs|scala)$/;

/** Every file under a folder that a family reads (text only, no licences); `code`: its configuration and source files too. */
function filesOf(dir, code = false) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) {
        if (name !== '.git' && name !== 'node_modules' && name !== '.archipel') walk(file);
      } else if ((/\.(ya?ml|json|md|mmd|dsl|sh)$|(^|\.)Dockerfile$|^Dockerfile/.test(name) || (code && CODE.test(name))) && statSync(file).size < 4_000_000) found.push(file);
    }
  };
  walk(dir);
  return found;
}

function indexed(m, files) {
  const index = new m.WorkspaceIndex(m.indexOptions(m.defaultSettings));
  for (const file of files) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
  return index;
}

function time(runs, work) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

/** The model of a folder, warm (files parsed once before), against the k8s and compose diagrams of the same index. */
function folderRows(m, name, dir, runs) {
  const index = indexed(m, filesOf(dir));
  const contributors = m.systemContributors(m.families);
  m.buildSystemModel(index, contributors);
  m.kubernetesDiagram(index, m.defaultSettings);
  m.composeDiagram(index);
  const model = time(runs, () => m.buildSystemModel(index, contributors));
  const diagrams = time(runs, () => {
    m.kubernetesDiagram(index, m.defaultSettings);
    m.composeDiagram(index);
  });
  return { row: { name: `${name}: model (${model.result.nodes.length} nodes, ${model.result.edges.length} edges, ${index.size} files)`, ours: model.ms, peer: diagrams.ms }, model: model.result };
}

/**
 * The example's model with its configuration and code read (nginx, Spring, source files: the app-config family) against
 * the same files' model without that family (issue #79: reading them must not double the map's time).
 */
function appConfigRow(m, dir, runs) {
  const index = indexed(m, filesOf(dir, true));
  const all = m.systemContributors(m.families);
  const without = m.systemContributors(m.families.filter((family) => family.id !== 'app-config'));
  m.buildSystemModel(index, all);
  m.buildSystemModel(index, without);
  const ours = time(runs, () => m.buildSystemModel(index, all));
  const peer = time(runs, () => m.buildSystemModel(index, without));
  return { name: `examples/portfolio: model with configuration and code read (${index.size} files, ${ours.result.edges.length} edges) vs without the app-config family (${peer.result.edges.length} edges)`, ours: ours.ms, peer: peer.ms };
}

/** CPU time (user + system) to index each real repository of the map's tests, build its model and its containers view, cold (issue #79: under 1 s each). */
async function repositoryCpu(m, root, tiny) {
  const corpus = path.join(root, 'server', 'test', 'fixtures', 'oss', 'system');
  const folders = readdirSync(corpus).filter((name) => statSync(path.join(corpus, name)).isDirectory() && name !== 'expected').sort();
  const out = [];
  for (const folder of tiny ? folders.slice(0, 1) : folders) {
    const started = process.cpuUsage();
    const index = indexed(m, filesOf(path.join(corpus, folder), true));
    const contributors = m.systemContributors(m.families);
    await m.prepareContributors(contributors, index);
    const model = m.buildSystemModel(index, contributors);
    const view = m.systemView(model, 'containers', folder);
    const used = process.cpuUsage(started);
    out.push(`${folder} ${Math.round((used.user + used.system) / 1000)} ms (${index.size} files, ${view.nodes.length} boxes)`);
  }
  return out;
}

function monorepoRow(m, context) {
  const { generateMonorepo } = require('./lib/monorepo.cjs');
  const dir = path.join(dataDir, `system-monorepo-${context.files}`);
  if (!existsSync(path.join(dir, '.complete'))) {
    mkdirSync(dir, { recursive: true });
    context.progress(`generating a monorepo of ${context.files} files…`);
    generateMonorepo(dir, { files: context.files });
    require('node:fs').writeFileSync(path.join(dir, '.complete'), '');
  }
  // Its own repository: the CLI indexes the repository around a folder (the nearest .git), not Archipel's.
  mkdirSync(path.join(dir, '.git'), { recursive: true });
  const files = filesOf(dir);
  context.progress(`indexing ${files.length} files…`);
  const started = performance.now();
  const index = indexed(m, files);
  for (const file of index.files()) m.kubernetesObjects(file);
  const indexMs = performance.now() - started;
  const model = time(1, () => m.buildSystemModel(index, m.systemContributors(m.families)));
  return { dir, row: { name: `monorepo of ${files.length} files: model (${model.result.nodes.length} nodes, ${model.result.edges.length} edges) vs reading and indexing them`, ours: model.ms, peer: indexMs } };
}

/** `archipel diagram system` of the monorepo against `archipel check` of it, each a process of its own: time, and peak RSS in the note. */
function cliRow(context, dir) {
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  context.progress('archipel check of the monorepo…');
  const span = loadSpan();
  const check = measured(process.execPath, [cli, 'check', '--format', 'json', dir], { allowFailure: true });
  context.progress('archipel diagram system of the monorepo…');
  const diagram = measured(process.execPath, [cli, 'diagram', 'system', dir]);
  const mb = (v) => `${Math.round(v)} MB`;
  return {
    row: { name: 'monorepo: archipel diagram system vs archipel check (CLI, whole process)', ours: diagram.ms, peer: check.ms, cpuMs: { ours: diagram.cpuMs, peer: check.cpuMs }, faults: { ours: diagram.faults, peer: check.faults }, rssMb: { ours: diagram.rssMb, peer: check.rssMb }, load: span.end() },
    note: `monorepo through the CLI: diagram system ${mb(diagram.rssMb)} peak RSS, ${diagram.stdout.split('\n').length} lines out; check ${mb(check.rssMb)} peak RSS, exit ${check.status} (target: the diagram within check's time and memory).`,
  };
}

/** A whole-process row of `ours` against `peer` (measured()'s), with their CPU, page faults and peak RSS. */
function processRow(name, ours, peer, load) {
  return { name, ours: ours.ms, peer: peer.ms, cpuMs: { ours: ours.cpuMs, peer: peer.cpuMs }, faults: { ours: ours.faults, peer: peer.faults }, rssMb: { ours: ours.rssMb, peer: peer.rssMb }, load };
}

/**
 * The commands on the kept layer (issue #92) over the monorepo, each a process of its own with a cache folder of its own:
 * `cost`, `threats` and `diagram system` warm (the second run, from what the first kept) against cold (the first, an
 * empty cache folder); `check FILE` of one manifest warm against the same file alone in a folder of its own, warm too.
 */
function keptRows(context, dir) {
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const caches = mkdtempSync(path.join(os.tmpdir(), 'archipel-bench-kept-'));
  const run = (cache, args) => measured(process.execPath, [cli, ...args], { allowFailure: true, env: { ...process.env, ARCHIPEL_CACHE_DIR: path.join(caches, cache) } });
  const rows = [];
  const statuses = [];
  try {
    for (const [cache, args] of [['cost', ['cost', dir]], ['threats', ['threats', dir]], ['diagram', ['diagram', 'system', dir]]]) {
      context.progress(`archipel ${args.slice(0, -1).join(' ')} of the monorepo, cold then warm…`);
      const span = loadSpan();
      const cold = run(cache, args);
      const warm = run(cache, args);
      statuses.push(`${args.slice(0, -1).join(' ')} exit ${cold.status}/${warm.status}, ${warm.stdout.length === cold.stdout.length ? 'the same output length' : `output ${cold.stdout.length} → ${warm.stdout.length} chars`}`);
      rows.push(processRow(`monorepo: archipel ${args.slice(0, -1).join(' ')} warm (the cache folder the cold run left) vs cold (an empty cache folder)`, warm, cold, span.end()));
    }
    const file = filesOf(dir).find((one) => /\.ya?ml$/.test(one));
    const alone = path.join(caches, 'alone');
    mkdirSync(path.join(alone, '.git'), { recursive: true });
    const aloneFile = path.join(alone, path.basename(file));
    copyFileSync(file, aloneFile);
    context.progress('archipel check FILE of the monorepo, warm, and of the same file alone…');
    const span = loadSpan();
    run('one', ['check', file]);
    run('alone', ['check', aloneFile]);
    const inTree = run('one', ['check', file]);
    const byItself = run('alone', ['check', aloneFile]);
    statuses.push(`check FILE exit ${inTree.status}, alone exit ${byItself.status}`);
    rows.push(processRow(`monorepo: archipel check FILE of one manifest, warm vs the same file alone in a folder of its own, warm (target ≤ 2×, #92)`, inTree, byItself, span.end()));
  } finally {
    rmSync(caches, { recursive: true, force: true });
  }
  const mb = (v) => `${Math.round(v)} MB`;
  const note = `On the kept layer (#92), peak RSS warm / cold: ${rows.map((row) => `${row.name.split(' warm')[0].replace('monorepo: archipel ', '')} ${mb(row.rssMb.ours)} / ${mb(row.rssMb.peer)}, faults ${row.faults.ours} / ${row.faults.peer}`).join('; ')}; ${statuses.join('; ')}.`;
  return { rows, note };
}

/** A map of `count` components in namespaces of ten, each calling the next, and the same graph for the diagram panel. */
function largeMaps(count) {
  const source = { uri: 'file:///ws/k8s/app.yaml', range: { start: { line: 3, character: 2 }, end: { line: 3, character: 10 } } };
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `k8s:Deployment/ns${Math.floor(i / 10)}/service-${i}`, kind: 'service', name: `service-${i}`, technology: 'Deployment', family: 'kubernetes', namespace: `ns${Math.floor(i / 10)}`, sources: [source] }));
  const edges = nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id, kind: 'calls', label: `HTTP :${8000 + i}`, sources: [source] }));
  const system = { type: 'map', map: { view: 'containers', system: 'bench', nodes, edges, groups: [], ms: 0 } };
  const graph = {
    direction: 'LR',
    nodes: nodes.map((n, i) => ({ id: `n${i}`, lines: [n.name, 'Deployment'], shape: 'rect', classes: [], group: `g${Math.floor(i / 10)}` })),
    edges: edges.map((_, i) => ({ from: `n${i}`, to: `n${i + 1}`, label: `HTTP :${8000 + i}`, style: 'solid' })),
    groups: Array.from({ length: Math.ceil(count / 10) }, (_, i) => ({ id: `g${i}`, label: `namespace ns${i}` })),
    classes: {},
  };
  const diagram = { type: 'diagram', origin: { kind: 'generated', diagram: 'system' }, title: 'bench', mermaid: 'flowchart LR\n', graph, sources: [] };
  return { system, diagram };
}

/**
 * From `act` (a message dispatched, a click) to the first frame painted after it, in the page. A
 * message's data is handed over before (`handOver`), by itself: as VS Code delivers a message already
 * deserialised, and so that Playwright's copying of it is not counted in the page's CPU time.
 */
async function handOver(page, data) {
  await page.evaluate((message) => void (window.__benchMessage = message), data);
}

async function toPaint(page, act) {
  return page.evaluate((what) => new Promise((resolve) => {
    const t0 = performance.now();
    if (what.type === 'click') document.querySelector(what.selector).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    else window.dispatchEvent(new MessageEvent('message', { data: window.__benchMessage }));
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - t0);
      channel.port2.postMessage(undefined);
    });
  }), { type: act.type, selector: act.selector });
}

/** The renderer's main thread, from a Chromium trace: CPU time (thread time) of its tasks, and of the rendering steps in them. */
function mainThreadCpu(trace) {
  const events = JSON.parse(trace).traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const cpu = {};
  for (const e of events) if (e.ph === 'X' && main.has(`${e.pid}:${e.tid}`)) cpu[e.name] = (cpu[e.name] ?? 0) + (e.tdur ?? 0) / 1000;
  const of = (...names) => names.reduce((sum, name) => sum + (cpu[name] ?? 0), 0);
  const total = of('RunTask');
  const style = of('UpdateLayoutTree');
  const layout = of('Layout');
  const paint = of('PrePaint', 'Paint', 'Layerize', 'Commit');
  const gc = of('MinorGC', 'MajorGC');
  return { total, script: total - style - layout - paint - gc, style, layout, paint, gc };
}

/** `act` run under a trace of the page's renderer: its main thread's CPU time. */
async function traced(page, act) {
  const browser = page.context().browser();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  let failure;
  await act().catch((error) => (failure = error));
  const trace = (await browser.stopTracing()).toString();
  if (failure) throw failure;
  return mainThreadCpu(trace);
}

const breakdown = (cpu) => ['script', 'style', 'layout', 'paint', 'gc'].map((k) => `${k} ${cpu[k].toFixed(0)}`).join(', ');

async function panelRows(context) {
  compiled(context.root);
  const harnessModule = (m) => path.join(context.root, 'out', 'webviews', `${m}.js`);
  const { WebviewHarness } = require(harnessModule('test/harness'));
  const { renderPanel } = require(harnessModule('test/panels'));
  const { system, diagram } = largeMaps(500);
  const harness = new WebviewHarness();
  await harness.launch();
  const closed = [];
  const open = [];
  const peer = [];
  const cpu = { closed: [], open: [], peer: [] };
  const summary = (view) => view.messages.filter((m) => m.type === 'rendered').at(-1)?.summary;
  try {
    for (let i = 0; i < context.runs; i++) {
      // Wall time, then the same paint again under a trace for its CPU time (a trace slows the page).
      for (const measure of ['wall', 'cpu']) {
        const ours = await renderPanel(harness, 'system', { viewport: { width: 1024, height: 700 } });
        await handOver(ours.page, system);
        if (measure === 'wall') {
          closed.push(await toPaint(ours.page, { type: 'message' }));
          open.push(await toPaint(ours.page, { type: 'click', selector: '#expand' }));
        } else {
          cpu.closed.push(await traced(ours.page, () => toPaint(ours.page, { type: 'message' })));
          cpu.open.push(await traced(ours.page, () => toPaint(ours.page, { type: 'click', selector: '#expand' })));
        }
        const drawn = summary(ours);
        if (drawn?.nodes !== 500) throw new Error(`the System Map laid out ${drawn?.nodes} of 500 components`);
        await ours.close();
        const theirs = await renderPanel(harness, 'diagram', { viewport: { width: 1024, height: 700 } });
        await handOver(theirs.page, diagram);
        if (measure === 'wall') peer.push(await toPaint(theirs.page, { type: 'message' }));
        else cpu.peer.push(await traced(theirs.page, () => toPaint(theirs.page, { type: 'message' })));
        await theirs.page.waitForSelector('#stage g.node', { timeout: 60_000 });
        await theirs.close();
      }
    }
  } finally {
    await harness.close();
  }
  const total = (list) => median(list.map((c) => c.total));
  const typical = (list) => list.find((c) => c.total === total(list)) ?? list[0];
  return {
    rows: [
      { name: 'panel: 500 components, first paint (closed into 50 namespaces) vs the diagram panel drawing them', ours: median(closed), peer: median(peer) },
      { name: 'panel: 500 components, all opened (500 boxes laid out, those in view drawn) vs the diagram panel', ours: median(open), peer: median(peer) },
      { name: 'panel: 500 components, all opened, CPU time of the page\'s main thread vs the diagram panel\'s', ours: total(cpu.open), peer: total(cpu.peer) },
    ],
    notes: [
      `Page main-thread CPU (ms, median run), first paint closed: ${total(cpu.closed).toFixed(0)} (${breakdown(typical(cpu.closed))}); all opened: ${total(cpu.open).toFixed(0)} (${breakdown(typical(cpu.open))}); the diagram panel to its first frame: ${total(cpu.peer).toFixed(0)} (${breakdown(typical(cpu.peer))}).`,
    ],
  };
}

export async function run(context) {
  const m = load(context.root);
  const example = folderRows(m, 'examples/portfolio', path.join(context.root, 'examples', 'portfolio'), context.runs);
  const demo = folderRows(m, 'microservices-demo', path.join(context.root, 'server', 'test', 'fixtures', 'oss', 'system', 'GoogleCloudPlatform+microservices-demo'), context.runs);
  const appConfig = appConfigRow(m, path.join(context.root, 'examples', 'portfolio'), context.runs);
  const repositories = await repositoryCpu(m, context.root, context.tiny);
  const monorepo = monorepoRow(m, context);
  const cli = cliRow(context, monorepo.dir);
  const kept = keptRows(context, monorepo.dir);
  const rows = [example.row, demo.row, appConfig, monorepo.row, cli.row, ...kept.rows];
  const notes = ['Targets (issue #49): the example under 100 ms, microservices-demo under 1 s, the monorepo within the index\'s time, 500 components painted under 200 ms.', `Real repositories of the map's tests (issue #79, target under 1 s of CPU each, cold: read, indexed, modelled, containers view; the first pays the families' first parses): ${repositories.join('; ')}.`, cli.note, kept.note];
  try {
    const panel = await panelRows(context);
    rows.push(...panel.rows);
    notes.push(...panel.notes);
  } catch (error) {
    context.progress(`panel rows skipped: ${error instanceof Error ? error.message : String(error)} (run node esbuild.mjs and tsc -b first)`);
  }
  return {
    peer: 'generated diagrams of one family (k8s + compose) / the index / the diagram panel, in the same run',
    rows,
    notes,
  };
}
