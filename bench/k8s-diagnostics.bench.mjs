// Diagnostics and completion on a generated 500-document Kubernetes file: Archipel against
// yaml-language-server, measured in the same run, each with the same strict schema, offline.
//
// Per run (a fresh process per server and mode, the order rotated each run: no mode always follows the same one —
// a session right after a heavy process, the first start or the peer, was slower, and push always came there):
//   cold        didOpen of the file → its first complete diagnostics
//   re-diagnose a one-line edit in the middle of the file → the diagnostics of the new text
// and once per server, in the last run: completion latency at a key position, ~100 requests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadFamilies } from '../scripts/lib/families.mjs';
import { dispatchSchema, generateK8sFile, writeData } from './lib/fixtures.mjs';
import { clientCapabilities, LspClient } from './lib/lsp.mjs';
import { median, percentile } from './lib/stats.mjs';

export const title = 'Kubernetes diagnostics — one 500-document file';

/** yaml-language-server's validation debounce (SettingsState.validationDelayMs, not configurable). */
const PEER_DEBOUNCE_MS = 200;
/** Archipel's push debounce for edits (server/src/lsp/server.ts PUSH_DELAY_MS), used only without pull support; a just-opened document is published as soon as computed. */
const OURS_PUSH_DEBOUNCE_MS = 120;
/** How long to watch for a second publication after the first one (peer: > its debounce). */
const SETTLE_MS = 400;

/**
 * @typedef {import('./lib/lsp.mjs').Diagnostic} Diagnostic
 * @typedef {{ id: 'ours-pull' | 'ours-push' | 'peer', label: string, pull: boolean, completion: boolean, spec: () => import('./lib/lsp.mjs').ServerSpec }} Mode
 * @typedef {{ startupMs: number, coldMs: number, coldCount: number, coldPublications: number, found: string[], elsewhere: number,
 *   editMs: number[], editCounts: number[], completionMs: number[], completionItems?: string[], blocked: string[], log: string[] }} Session
 */

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs, completions, edits } = context;
  const fixture = generateK8sFile({ documents: context.tiny ? 60 : 500, seed: 42 });
  const file = writeData('k8s-500.yaml', fixture.text);
  const bundle = path.join(root, 'schemas', 'kubernetes', 'kubernetes-1.36.json');
  const schemaFile = writeData('k8s-dispatch.schema.json', dispatchSchema(bundle));
  const uri = pathToFileURL(file).href;
  // The 'in a workspace' mode's folder: another manifest file of the same generator (60 documents, another seed), as in a
  // repository of manifests; the benchmark file is not in it (opened from elsewhere, so the scan does not read it).
  const workspaceManifests = generateK8sFile({ documents: 60, seed: 7 });
  const workspace = path.join(path.dirname(file), 'k8s-workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, 'app.yaml'), workspaceManifests.text);
  const peerPackage = JSON.parse(readFileSync(path.join(root, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8'));

  // yaml-language-server 1.25 matches `yaml.schemas` globs with picomatch, whose `**` does not
  // cross dot-folders: "**/k8s-500.yaml" never matches bench/.data/k8s-500.yaml (no schema, no
  // diagnostics, no error). The dot-folder has to be spelled out.
  const peerSettings = {
    schemas: { [pathToFileURL(schemaFile).href]: '.data/k8s-500.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    validate: true,
    completion: true,
    hover: false,
    format: { enable: false },
  };
  // Our server keeps V8 code caches of its bundle and its generated validators (startup/codeCache.ts):
  // the measured runs use a cache made by one unmeasured start before them, as every start after
  // the first one does; the 'first start' mode gets an empty cache folder each time.
  const warmCache = mkdtempSync(path.join(os.tmpdir(), 'archipel-bench-cache-'));
  const firstCaches = mkdtempSync(path.join(os.tmpdir(), 'archipel-bench-first-'));
  const oursSpec = (name, env) => ({
    name,
    script: path.join(root, 'dist', 'server', 'server.js'),
    env,
    configuration: (section) => (section === 'archipel' ? {} : null),
  });
  /** @type {Mode[]} */
  const modes = [
    {
      id: 'ours-pull',
      label: 'Archipel (pull)',
      pull: true,
      completion: true,
      spec: () => ({
        ...oursSpec('archipel', { ARCHIPEL_CACHE_DIR: warmCache }),
        nodeArgs: context.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, 'bench', '.data', 'profiles')] : [],
      }),
    },
    {
      id: 'ours-first',
      label: 'Archipel (pull, first start: no code cache)',
      pull: true,
      completion: false,
      spec: () => oursSpec('archipel-first', { ARCHIPEL_CACHE_DIR: mkdtempSync(path.join(firstCaches, 'run-')) }),
    },
    {
      id: 'ours-ws',
      label: 'Archipel (pull, in a workspace of manifests, opened once the index is ready)',
      pull: true,
      completion: false,
      workspace: true,
      spec: () => oursSpec('archipel-ws', { ARCHIPEL_CACHE_DIR: warmCache }),
    },
    {
      id: 'ours-push',
      label: 'Archipel (push)',
      pull: false,
      completion: false,
      spec: () => oursSpec('archipel-push', { ARCHIPEL_CACHE_DIR: warmCache }),
    },
    {
      id: 'peer',
      label: `yaml-language-server ${peerPackage.version}`,
      pull: false,
      completion: true,
      spec: () => ({
        name: 'yaml-language-server',
        script: path.join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'),
        configuration: (section) => (section === 'yaml' ? peerSettings : section === 'http' ? { proxy: '', proxyStrictSSL: false } : {}),
      }),
    },
  ];

  /** @type {Record<string, Session[]>} */
  const sessions = { 'ours-pull': [], 'ours-first': [], 'ours-ws': [], 'ours-push': [], peer: [] };
  context.progress('warming the code cache (one unmeasured start)');
  await session({ ...modes[0], spec: () => oursSpec('archipel-warm-up', { ARCHIPEL_CACHE_DIR: warmCache }) }, { uri, fixture, edits: 0, completions: 0 });
  for (let i = 0; i < runs; i++) {
    const order = modes.map((_, k) => modes[(k + i) % modes.length]);
    for (const mode of order) {
      const last = i === runs - 1;
      context.progress(`run ${i + 1}/${runs}: ${mode.label}${last && mode.completion ? ' + completion' : ''}`);
      sessions[mode.id].push(await session(mode, { uri, fixture, edits, completions: last && mode.completion ? completions : 0, workspace: mode.workspace ? workspace : undefined }));
    }
  }
  for (const dir of [warmCache, firstCaches]) rmSync(dir, { recursive: true, force: true });
  return report(fixture, sessions, { runs, edits, completions, peerVersion: peerPackage.version, file: path.relative(root, file), schemaFile: path.relative(root, schemaFile), workspace: { folder: path.relative(root, workspace), kinds: Object.keys(workspaceManifests.kinds) } });
}

/**
 * One fresh server process: cold diagnostics, `edits` one-line edits, then (optionally)
 * completion requests. @param {Mode} mode @returns {Promise<Session>}
 */
async function session(mode, { uri, fixture, edits, completions, workspace }) {
  const started = performance.now();
  const client = LspClient.start(mode.spec());
  try {
    await client.initialize(clientCapabilities({ pull: mode.pull }), undefined, workspace);
    const startupMs = performance.now() - started;
    // In a workspace the file is opened once the server says its index is ready, as a user opens one after the
    // window's first seconds: the first scan and its idle work (Feature.warm) are done by then.
    if (workspace) await client.waitFor('index ready', () => (client.indexStates.includes('ready') ? true : undefined), 60_000);
    // yaml-language-server reads its settings with workspace/configuration after `initialized`;
    // the document must not be opened before they are applied, or it is validated twice (the
    // first time without a schema). The barrier makes sure the answer has been handled.
    if (mode.id === 'peer') await client.waitFor('yaml settings request', () => (client.configurationRequests.includes('yaml') ? true : undefined), 30_000);
    await client.barrier();

    /** The diagnostics for the text as it is now: pulled, or the next publication. */
    const diagnose = async (version) => {
      if (mode.pull) return { items: await client.pullDiagnostics(uri), publications: 0 };
      const after = client.lastSeq(uri);
      // Our server stamps publications with the document version; the peer does not (and its
      // publication after the edit is for the edited text: it validates the live document).
      const publication = await client.nextPublication(uri, after, (p) => p.version === undefined || p.version === version, 120_000);
      return { items: publication.diagnostics, publications: 1, at: publication.at };
    };

    let version = 1;
    let t0 = performance.now();
    await client.open(uri, fixture.text, version);
    const cold = await diagnose(version);
    const coldMs = (cold.at ?? performance.now()) - t0;
    let coldPublications = cold.publications;
    if (!mode.pull) {
      // Was that the complete result, or does another publication follow (say, after an empty one)?
      const seq = client.lastSeq(uri);
      await client.nextPublication(uri, seq, () => true, SETTLE_MS).then(
        () => coldPublications++,
        () => undefined,
      );
    }
    const { found, elsewhere } = checkDeliberateErrors(fixture, cold.items);
    // Memory touched by start + the cold open (#68 part 2: within 3× `node -e 0`'s page faults).
    const coldMemory = client.memory();

    const editMs = [];
    const editCounts = [];
    const line = fixture.editLine;
    let lineText = fixture.editVariants[1];
    for (let k = 0; k < edits; k++) {
      const next = fixture.editVariants[k % 2];
      version++;
      t0 = performance.now();
      await client.change(uri, version, [{ range: { start: { line, character: 0 }, end: { line, character: lineText.length } }, text: next }]);
      const result = await diagnose(version);
      editMs.push((result.at ?? performance.now()) - t0);
      editCounts.push(result.items.length);
      lineText = next;
    }
    if (lineText !== fixture.editVariants[1]) throw new Error('edits must leave the file as generated (use an even count)');

    const completionMs = [];
    let completionItems;
    if (completions > 0) {
      // A new empty key line inside the edited container, cursor at its end.
      const at = { line: fixture.completion.insertLine, character: 0 };
      version++;
      await client.change(uri, version, [{ range: { start: at, end: at }, text: fixture.completion.insertText }]);
      await diagnose(version); // let the server finish with the edit before timing completions
      const position = { line: fixture.completion.line, character: fixture.completion.character };
      for (let w = 0; w < 5; w++) await client.completion(uri, position);
      for (let k = 0; k < completions; k++) {
        const c0 = performance.now();
        const result = await client.completion(uri, position);
        completionMs.push(performance.now() - c0);
        completionItems ??= result.items.map((item) => item.label);
      }
    }
    return {
      startupMs,
      coldMs,
      coldCount: cold.items.length,
      coldPublications,
      coldMemory,
      found,
      elsewhere,
      editMs,
      editCounts,
      completionMs,
      completionItems,
      blocked: client.blockedNetwork,
      log: client.log,
    };
  } finally {
    await client.stop();
  }
}

/** Which deliberate errors got at least one diagnostic in their document, and how many diagnostics fell elsewhere. */
function checkDeliberateErrors(fixture, diagnostics) {
  const docOf = (line) => {
    let d = 0;
    while (d + 1 < fixture.docStartLines.length && fixture.docStartLines[d + 1] <= line) d++;
    return d;
  };
  const errorDocs = new Map(fixture.errors.map((e) => [e.docIndex, e.id]));
  const found = new Set();
  let elsewhere = 0;
  for (const d of diagnostics) {
    const id = errorDocs.get(docOf(d.range.start.line));
    if (id) found.add(id);
    else elsewhere++;
  }
  return { found: fixture.errors.filter((e) => found.has(e.id)).map((e) => e.id), elsewhere };
}

async function report(fixture, sessions, { runs, edits, completions, peerVersion, file, schemaFile, workspace }) {
  const ours = sessions['ours-pull'];
  const push = sessions['ours-push'];
  const peer = sessions.peer;
  const all = (list, key) => list.flatMap((s) => s[key]);
  const med = (list, key) => median(list.map((s) => s[key]));
  const oursCompletion = all(ours, 'completionMs');
  const peerCompletion = all(peer, 'completionMs');
  const oursEdits = all(ours, 'editMs');
  const pushEdits = all(push, 'editMs');
  const peerEdits = all(peer, 'editMs');
  const editSamples = `${runs}×${edits}`;

  const memory = (list, key) => median(list.map((s) => s.coldMemory?.[key] ?? NaN));
  const coldFaults = (list) => ({ ours: memory(list, 'minorFaults'), peer: memory(peer, 'minorFaults') });
  const coldRss = (list) => ({ ours: memory(list, 'peakRssMb'), peer: memory(peer, 'peakRssMb') });
  const rows = [
    { name: `cold: didOpen → diagnostics (median of ${runs})`, ours: med(ours, 'coldMs'), peer: med(peer, 'coldMs'), faults: coldFaults(ours), rssMb: coldRss(ours) },
    { name: `  same, peer's ${PEER_DEBOUNCE_MS} ms debounce subtracted`, ours: med(ours, 'coldMs'), peer: med(peer, 'coldMs') - PEER_DEBOUNCE_MS },
    { name: `  same, our first start ever (no code cache yet)`, ours: med(sessions['ours-first'], 'coldMs'), peer: med(peer, 'coldMs') },
    { name: `  same, in a workspace of manifests, opened once our index is ready`, ours: med(sessions['ours-ws'], 'coldMs'), peer: med(peer, 'coldMs'), faults: coldFaults(sessions['ours-ws']), rssMb: coldRss(sessions['ours-ws']) },
    { name: `  same, push-only client (ours: no debounce on open; peer: ${PEER_DEBOUNCE_MS} ms)`, ours: med(push, 'coldMs'), peer: med(peer, 'coldMs'), faults: coldFaults(push), rssMb: coldRss(push) },
    { name: `re-diagnose after a 1-line edit (median of ${editSamples})`, ours: median(oursEdits), peer: median(peerEdits) },
    { name: `  same, peer's ${PEER_DEBOUNCE_MS} ms debounce subtracted`, ours: median(oursEdits), peer: median(peerEdits) - PEER_DEBOUNCE_MS },
    { name: `  same, both pushing (debounce ${OURS_PUSH_DEBOUNCE_MS} vs ${PEER_DEBOUNCE_MS} ms)`, ours: median(pushEdits), peer: median(peerEdits) },
    { name: `completion p50 (${completions} requests)`, ours: percentile(oursCompletion, 50), peer: percentile(peerCompletion, 50) },
    { name: `completion p95 (${completions} requests)`, ours: percentile(oursCompletion, 95), peer: percentile(peerCompletion, 95) },
    { name: `server start: spawn → initialize result (median)`, ours: med(ours, 'startupMs'), peer: med(peer, 'startupMs') },
  ];

  const describe = (list) => {
    const counts = [...new Set(list.map((s) => s.coldCount))].join('/');
    const found = Math.min(...list.map((s) => s.found.length));
    const elsewhere = Math.max(...list.map((s) => s.elsewhere));
    return `${counts} diagnostics, deliberate errors found ${found}/${fixture.errors.length}, diagnostics elsewhere ${elsewhere}`;
  };
  const editCounts = (list) => [...new Set(list.map((s) => s.editCounts.join('→')))].join(' | ');
  const pubs = (list) => [...new Set(list.map((s) => s.coldPublications))].join('/');
  const blocked = (list) => list.reduce((n, s) => n + s.blocked.length, 0);
  const itemsOf = (list) => list.find((s) => s.completionItems)?.completionItems ?? [];
  const completionSummary = (items) =>
    `${items.length} items${items.length ? ` (${['command', 'args', 'workingDir'].map((k) => `${k} ${items.includes(k) ? 'offered' : 'missing'}`).join(', ')})` : ''}`;
  const samples = (values) => `[${values.map((v) => (v < 100 ? v.toFixed(1) : Math.round(v))).join(', ')}]`;
  const problems = [...ours, ...push, ...peer].flatMap((s) => s.log.filter((l) => /error|fail|cannot|unable/i.test(l))).slice(0, 5);

  const notes = [
    `file: ${file} — ${fixture.documents} documents, ${fixture.lines} lines, ${Math.round(fixture.text.length / 1024)} KB; kinds: ${Object.entries(fixture.kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `deliberate errors (${fixture.errors.length}): ${fixture.errors.map((e) => `${e.id} @${e.line + 1}`).join(', ')}`,
    `Archipel: dist/server/server.js --stdio, client declares pull diagnostics; cold = didOpen, then textDocument/diagnostic at once, until its answer. The schema bundles load lazily on that first request, so it is included.`,
    `Archipel keeps V8 code caches of its server bundle (saved after its first work and at shutdown) and of its precompiled validators, one module per API group (ARCHIPEL_CACHE_DIR, else ~/.cache/archipel): the measured runs use those made by an unmeasured start before them, as every start after the first does; 'first start ever' gets an empty cache folder each run (it compiles and writes the caches).`,
    `Archipel in a workspace: the same server with a workspace folder, ${workspace.folder}/ (one file of 60 generated manifests of ${workspace.kinds.length} kinds: ${workspace.kinds.join(', ')}); the benchmark file is outside it. The file is opened once the server's archipel/indexStatus says ready: by then its first scan indexed the folder and its idle work (Feature.warm) loaded what the first open of a manifest reads for those kinds — the workspace's Kubernetes graph, the validator modules of those kinds, the schema definitions' offsets — which the other modes pay inside the cold open. Results: ${describe(sessions['ours-ws'])}.`,
    `Archipel (push): same server, a push-only client (no pull support, like Neovim's default set-up, Helix or eglot): a just-opened document is published as soon as computed; after an edit it publishes after its ${OURS_PUSH_DEBOUNCE_MS} ms debounce.`,
    `yaml-language-server ${peerVersion}: bin/yaml-language-server --stdio; settings answered via workspace/configuration (pulled after initialized; the document is opened once they are applied): yaml.schemas {${schemaFile}: ".data/k8s-500.yaml"}, schemaStore and kubernetesCRDStore disabled, validate, completion, hover off. Cold = didOpen until its first publishDiagnostics (it validates on open, after a fixed ${PEER_DEBOUNCE_MS} ms debounce; the schema loads lazily inside that first validation). Publications per open: ${pubs(peer)} (no empty array first).`,
    `schema for yaml-language-server: ${schemaFile} = all definitions of schemas/kubernetes/kubernetes-1.36.json + top-level allOf of ${'if {apiVersion, kind} then $ref'} per x-archipel-kinds entry (Archipel additionally loads argo.json).`,
    `results — Archipel: ${describe(ours)}; Archipel (push): ${describe(push)}; yaml-language-server: ${describe(peer)}.`,
    `re-diagnose: line ${fixture.editLine + 1} toggled "imagePullPolicy" ↔ "imagePulPolicy" (one edit adds an error, the next removes it); ours: didChange then pull; peer: didChange then its next publication. Diagnostic counts per run — Archipel: ${editCounts(ours)}; push: ${editCounts(push)}; yaml-language-server: ${editCounts(peer)}.`,
    `completion: a new empty line at the key indent inside a Deployment container (line ${fixture.completion.line + 1}, col ${fixture.completion.character + 1}), ${completions} sequential requests after 5 warm-ups — Archipel: ${completionSummary(itemsOf(ours))}; yaml-language-server: ${completionSummary(itemsOf(peer))}.`,
    `samples (ms) — cold: Archipel ${samples(ours.map((s) => s.coldMs))}; push ${samples(push.map((s) => s.coldMs))}; yaml-language-server ${samples(peer.map((s) => s.coldMs))}. re-diagnose: Archipel ${samples(oursEdits)}; push ${samples(pushEdits)}; yaml-language-server ${samples(peerEdits)}.`,
    `network: every server runs with bench/lib/offline.cjs preloaded and no proxy variables; connections it refused — Archipel: ${blocked([...ours, ...push])}, yaml-language-server: ${blocked(peer)}.`,
  ];
  if (problems.length) notes.push(`server log lines mentioning errors: ${problems.map((p) => p.slice(0, 200)).join(' | ')}`);
  notes.push(startupBudget(ours, (await loadFamilies()).families.length));
  return { peer: `yaml-language-server ${peerVersion}`, rows, notes };
}

/**
 * What start-up costs per family, from the lines the server logs (lsp/server.ts): the request
 * families' registrations (each family's share; nothing there should do work: a family that loads a
 * model or a schema at registration shows here) and the features' data, against a budget. Medians
 * over the measured runs; "OVER" marks a line over its budget.
 */
const REGISTRATION_BUDGET_MS = 5;
const FEATURE_DATA_BUDGET_MS = 60;
function startupBudget(sessions, familyCount) {
  const registrations = sessions.map((s) => s.log.map((l) => /start-up: (\d+) request families registered in ([\d.]+) ms \((.*)\)/.exec(l)).find(Boolean)).filter(Boolean);
  const data = sessions.map((s) => s.log.map((l) => /start-up: the features' data loaded in ([\d.]+) ms/.exec(l)).find(Boolean)).filter(Boolean);
  if (registrations.length === 0) return 'start-up budget: the server logged no start-up costs (an older build?)';
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const perFamily = new Map();
  for (const match of registrations) for (const entry of match[3].split(', ')) {
    const [name, ms] = entry.split(' ');
    perFamily.set(name, [...(perFamily.get(name) ?? []), Number(ms)]);
  }
  const registered = median(registrations.map((m) => Number(m[2])));
  const loaded = data.length ? median(data.map((m) => Number(m[1]))) : undefined;
  const verdict = (ms, budget) => `${ms.toFixed(1)} ms (budget ${budget} ms${ms > budget ? ': OVER' : ''})`;
  const families = [...perFamily].map(([name, values]) => `${name} ${median(values).toFixed(2)}`).join(', ');
  return `start-up budget (medians of ${registrations.length} runs) — ${familyCount} families (families/index.ts), of which ${registrations[0][1]} with requests, registered in ${verdict(registered, REGISTRATION_BUDGET_MS)}: ${families}; the features' data (schemas, validators, workflow data) loaded in ${loaded === undefined ? '?' : verdict(loaded, FEATURE_DATA_BUDGET_MS)}.`;
}

