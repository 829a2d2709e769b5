// A GitOps monorepo at scale (issue 27): `--files N` manifest files (N/5 apps × 5 multi-document
// manifests of 5 coherent objects) plus 200 ADRs, generated once into bench/.data/ (see
// lib/monorepo.cjs). Measured, each as a whole process (wall, CPU, peak RSS):
// - `archipel check .` (dist/server/cli.js) on the clean monorepo (it must report nothing), then on
//   the same tree with the seeded mutation (a Service selecting nothing, a ConfigMap defined twice):
//   it must report exactly those;
// - `archipel check .` again with the index cache the first run left (warm), and
//   `archipel check --changed --base HEAD` after a one-file edit (the tree is made a git repository once);
// - the language server's index, start → ready, cold (empty cache folder) and warm (second start,
//   from the index cache the first left);
// - Debian's `yamllint` over the same YAML files, in the same run: the floor of reading every file
//   with a YAML parser (one core, no cross-file rule);
// - kubeconform's published throughput beside them (its README, not measured here).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadSpan } from './lib/facts.mjs';
import { dataDir } from './lib/fixtures.mjs';
import { LspClient } from './lib/lsp.mjs';

const require = createRequire(import.meta.url);
const { generateMonorepo, seededFindings, manifest, appFolder, COMPONENTS } = require('./lib/monorepo.cjs');

export const title = 'Monorepo — N manifest files (5 objects each) + 200 ADRs: CLI and server in bounded memory';

/**
 * kubeconform's README ("Speed comparison with Kubeval"): 50,714 resources in 35,139 files in
 * 6.71 s wall, 38.7 s user CPU, `-n 8` on a 4-core laptop (https://github.com/yannh/kubeconform).
 * Schema validation only, no cross-file rule.
 */
const KUBECONFORM = { resources: 50_714, files: 35_139, wallS: 6.71, userS: 38.701 };

function monorepo(files) {
  const dir = path.join(dataDir, `monorepo-${files}`);
  const stamp = path.join(dir, '.complete');
  if (existsSync(stamp)) return { dir, ...JSON.parse(readFileSync(stamp, 'utf8')) };
  const info = generateMonorepo(dir, { files });
  writeFileSync(stamp, JSON.stringify(info));
  return info;
}

/** Makes the generated tree a git repository of one commit (once); the time it took, or 0. */
function gitRepository(dir) {
  if (existsSync(path.join(dir, '.git', 'HEAD'))) return 0;
  const started = performance.now();
  rmSync(path.join(dir, '.git'), { recursive: true, force: true });
  const git = (...args) => {
    const result = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`git ${args[0]} failed in ${dir}`);
  };
  git('init', '-q');
  // Not a .gitignore: that would be one more file in the workspace.
  writeFileSync(path.join(dir, '.git', 'info', 'exclude'), '.complete\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'generated monorepo');
  return performance.now() - started;
}

/** Runs a command under GNU time: wall, CPU and peak RSS of the whole process; the load average at its start and end. */
function timed(command, args, options = {}) {
  const report = path.join(os.tmpdir(), `archipel-bench-time-${process.pid}.txt`);
  return new Promise((resolve, reject) => {
    const span = loadSpan();
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-o', report, '-f', '%e %U %S %M %x %R', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    child.on('error', reject);
    child.on('exit', () => {
      const ms = performance.now() - started;
      const load = span.end();
      try {
        const text = readFileSync(report, 'utf8');
        const last = text.trim().split('\n').pop() ?? '';
        const [, user, system, maxKb, status, faults] = last.split(' ').map(Number);
        // Killed (out of memory: SIGABRT), GNU time says so on a line of its own.
        const signal = /terminated by signal (\d+)/.exec(text)?.[1];
        resolve({ ms, cpuMs: (user + system) * 1000, rssMb: maxKb / 1024, faults, code: signal ? `signal ${signal}` : status, stdout, stderr, load });
      } catch (error) {
        reject(new Error(`no report from /usr/bin/time: ${String(error)}; ${stderr}`));
      } finally {
        rmSync(report, { force: true });
      }
    });
  });
}

function procStats(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = 100; // USER_HZ on Linux
  return {
    rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
    peakMb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
    cpuMs: ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000,
  };
}

async function indexOnce(root, dir, cacheDir, probe) {
  let readyYet = false;
  const client = LspClient.start({ name: 'archipel', script: path.join(root, 'dist', 'server', 'server.js'), args: ['--stdio'], env: { ARCHIPEL_CACHE_DIR: cacheDir } });
  let ready;
  const indexed = new Promise((resolve) => (ready = resolve));
  const logs = [];
  client.connection.onNotification('archipel/indexStatus', (s) => {
    if (s.state === 'ready') {
      readyYet = true;
      ready(s);
    }
  });
  client.connection.onNotification('window/logMessage', (m) => logs.push(m.message));
  try {
    const started = performance.now();
    const folder = pathToFileURL(dir).href;
    await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: {} }, 60_000);
    await client.notify('initialized', {});
    // The editor's first requests, on an open file, while the index is being built.
    let during;
    if (probe) {
      const uri = pathToFileURL(probe).href;
      const text = readFileSync(probe, 'utf8');
      await client.open(uri, text);
      const line = text.split('\n').findIndex((l) => l.startsWith('  replicas:'));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const t0 = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character: 2 } });
      const t1 = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 4 } });
      const t2 = performance.now();
      during = { completionMs: t1 - t0, hoverMs: t2 - t1, scanning: !readyYet };
    }
    let timer;
    const status = await Promise.race([indexed, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('index not ready within 600 s')), 600_000)))]);
    clearTimeout(timer);
    const ms = performance.now() - started;
    const atReady = procStats(client.child.pid);
    // Then editing the open file: each edit's cross-file graph (500,000 objects) and diagnostics,
    // then completion and hover 300 ms after the edit; the peak RSS over the edits.
    let edits;
    if (probe) {
      const uri = pathToFileURL(probe).href;
      const text = readFileSync(probe, 'utf8');
      const line = text.split('\n').findIndex((l) => l.startsWith('  replicas:'));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const waits = [];
      for (let i = 0; i < 8; i++) {
        // Odd edits change the pod labels (a cross-file fact: the Service selects nothing then), even ones the replicas.
        const edited = i % 2 === 1 ? text.replace(/(\n {8}app\.kubernetes\.io\/name: )(\S+)/, '$1$2-edited') : text.replace(/replicas: \d+/, `replicas: ${(i % 3) + 1}`);
        await client.change(uri, i + 2, [{ text: edited }]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const t0 = performance.now();
        await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character: 2 } });
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 4 } });
        waits.push(performance.now() - t0);
      }
      edits = { waits, peakMb: procStats(client.child.pid).peakMb };
    }
    return { ms, status, during, edits, ...atReady, limitLog: logs.find((l) => /left out|not indexed/.test(l)), readLog: logs.find((l) => /from the index cache/.test(l))?.replace(/^\[[^\]]*\] /, '') };
  } finally {
    await client.stop();
  }
}

function cliArgs(root) {
  return [path.join(root, 'dist', 'server', 'cli.js'), 'check', '.', '--format', 'json'];
}

function findings(stdout) {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

const mb = (n) => `${Math.round(n)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One file of an app in the middle (issue #84): `archipel check FILE` with an index cache of its own, cold then warm,
 * against the same file alone in a folder of its own, warm (a cache folder of its own, after a first run), and
 * `node -e 0`, in the same run.
 */
async function oneFileRuns(context, info) {
  const { dir } = info;
  context.progress('CLI: archipel check FILE (one file), cold and warm index cache, and the file alone');
  const oneFile = path.join(appFolder(Math.floor(info.apps / 2)), `${COMPONENTS[0]}.yaml`);
  const oneCache = path.join(dataDir, `monorepo-one-cache-${info.manifests}`);
  rmSync(oneCache, { recursive: true, force: true });
  const oneArgs = (file) => [path.join(context.root, 'dist', 'server', 'cli.js'), 'check', file, '--format', 'json'];
  const oneCold = await timed(process.execPath, oneArgs(oneFile), { cwd: dir, env: { ...process.env, ARCHIPEL_CACHE_DIR: oneCache } });
  const oneWarm = await timed(process.execPath, oneArgs(oneFile), { cwd: dir, env: { ...process.env, ARCHIPEL_CACHE_DIR: oneCache } });
  const aloneDir = path.join(os.tmpdir(), `archipel-bench-alone-${process.pid}`);
  rmSync(aloneDir, { recursive: true, force: true });
  mkdirSync(path.join(aloneDir, '.git'), { recursive: true });
  writeFileSync(path.join(aloneDir, path.basename(oneFile)), readFileSync(path.join(dir, oneFile)));
  // The file alone warm too (#92: "warm within 2× the same file alone"): a cache folder of its own, filled by a first run
  // (the bundles' code caches, its index), as the monorepo's runs have theirs.
  const aloneCache = `${aloneDir}-cache`;
  rmSync(aloneCache, { recursive: true, force: true });
  const aloneEnv = { cwd: aloneDir, env: { ...process.env, ARCHIPEL_CACHE_DIR: aloneCache } };
  await timed(process.execPath, oneArgs(path.basename(oneFile)), aloneEnv);
  const alone = await timed(process.execPath, oneArgs(path.basename(oneFile)), aloneEnv);
  rmSync(aloneDir, { recursive: true, force: true });
  rmSync(aloneCache, { recursive: true, force: true });
  const bare = await timed(process.execPath, ['-e', '0']);
  return { oneCold, oneWarm, alone, bare, oneFile };
}

/** The one-file rows (ARCHIPEL_BENCH_MONOREPO=one-file: only them, without the whole tree's check and the server's index). */
function oneFileRows(runs) {
  const { oneCold, oneWarm, alone } = runs;
  return [
    { name: 'CLI: one file of the monorepo, cold index cache (peer: the file alone)', ours: oneCold.ms, peer: alone.ms, cpuMs: { ours: oneCold.cpuMs, peer: alone.cpuMs }, load: oneCold.load },
    { name: 'CLI: one file of the monorepo, warm index cache (peer: the file alone)', ours: oneWarm.ms, peer: alone.ms, cpuMs: { ours: oneWarm.cpuMs, peer: alone.cpuMs }, load: oneWarm.load },
  ];
}

export async function run(context) {
  const files = context.files ?? 10_000;
  context.progress(`generating ${files} manifest files + 200 ADRs (once, cached in bench/.data/)`);
  const info = monorepo(files);
  const { dir, objects } = info;
  const notes = [];
  // A git repository of its own, first: the CLI's project root (where its index cache and its
  // cross-file context start) is the nearest folder holding .git — else it would be the checkout
  // of Archipel that bench/.data/ is in, every file of it indexed as context. --changed needs it too.
  context.progress('making the tree a git repository (once)');
  const gitTime = gitRepository(dir);
  if (process.env.ARCHIPEL_BENCH_MONOREPO === 'one-file') {
    const runs = await oneFileRuns(context, info);
    const note = (name, r) => `${name}: ${s(r.ms)} wall, ${s(r.cpuMs)} CPU, peak RSS ${mb(r.rssMb)}, ${r.faults.toLocaleString('en')} minor faults; exit ${r.code}; load ${r.load.start.toFixed(1)} → ${r.load.end.toFixed(1)}`;
    const found = (r) => findings(r.stdout)?.length ?? 'no output';
    return {
      peer: 'the same file alone in a folder, warm',
      rows: oneFileRows(runs),
      notes: [
        `workspace: ${info.files.toLocaleString('en')} files (${info.manifests.toLocaleString('en')} manifests, ${info.adrs} ADRs); ARCHIPEL_BENCH_MONOREPO=one-file: the one-file rows only`,
        note(`CLI check ${runs.oneFile}, cold (empty index cache); ${found(runs.oneCold)} finding(s)`, runs.oneCold),
        note(`the same, warm index cache; ${found(runs.oneWarm)} finding(s)`, runs.oneWarm),
        note('the same file alone in a folder, warm (a cache folder of its own, second run)', runs.alone),
        note('node -e 0, same run', runs.bare),
      ],
    };
  }

  // The CLI's index cache (platform/indexCache.ts) in a folder of its own, empty for the first run.
  const cliCache = path.join(dataDir, `monorepo-cli-cache-${files}`);
  rmSync(cliCache, { recursive: true, force: true });
  const cliEnv = { env: { ...process.env, ARCHIPEL_CACHE_DIR: cliCache } };
  context.progress('CLI: archipel check . (clean, empty index cache)');
  const cli = await timed(process.execPath, cliArgs(context.root), { cwd: dir, ...cliEnv });
  const clean = findings(cli.stdout);
  const cliOutcome = clean ? `${clean.length} finding(s)` : `no output (exit ${cli.code}): ${cli.stderr.trim().split('\n').slice(-2).join(' ')}`;

  // The seeded mutation, written into the same tree and taken back afterwards.
  context.progress('CLI: archipel check . (seeded mutation)');
  const last = info.apps - 1;
  const app = `app-${String(last).padStart(5, '0')}`;
  const namespace = `ns-${String(last).padStart(5, '0')}`;
  const folder = path.join(dir, appFolder(last));
  const write = (mutate) => {
    writeFileSync(path.join(folder, `${COMPONENTS[0]}.yaml`), manifest(app, COMPONENTS[0], namespace, mutate ? { serviceSelector: 'nobody' } : {}));
    writeFileSync(path.join(folder, `${COMPONENTS[1]}.yaml`), manifest(app, COMPONENTS[1], namespace, mutate ? { extraConfigMap: `${app}-${COMPONENTS[0]}-config` } : {}));
  };
  let mutated;
  let mutatedRun;
  write(true);
  try {
    // A cold run of its own: no index cache (not the user's cache folder either).
    mutatedRun = await timed(process.execPath, cliArgs(context.root), { cwd: dir, env: { ...process.env, ARCHIPEL_CACHE_DIR: 'off' } });
    mutated = findings(mutatedRun.stdout);
  } finally {
    write(false);
  }
  context.progress('CLI: archipel check . again (warm index cache)');
  const warmCli = await timed(process.execPath, cliArgs(context.root), { cwd: dir, ...cliEnv });
  const warmClean = findings(warmCli.stdout);

  const { oneCold, oneWarm, alone, bare, oneFile } = await oneFileRuns(context, info);
  const oneNote = (name, run) => `${name}: ${s(run.ms)} wall, ${s(run.cpuMs)} CPU, peak RSS ${mb(run.rssMb)}, ${run.faults.toLocaleString('en')} minor faults; exit ${run.code}`;

  // --changed on a one-file edit: a Deployment's pod labels in an app in the middle, so that its
  // Service (same file) and the app's other files are affected; the tree is a git repository.
  context.progress('CLI: archipel check --changed after a one-file edit');
  const middle = Math.floor(info.apps / 2);
  const edited = path.join(dir, appFolder(middle), `${COMPONENTS[3]}.yaml`);
  const original = readFileSync(edited, 'utf8');
  writeFileSync(edited, original.replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 6'));
  let changedRun;
  let changedAgain;
  try {
    const changedArgs = [path.join(context.root, 'dist', 'server', 'cli.js'), 'check', '.', '--changed', '--base', 'HEAD', '--format', 'json'];
    changedRun = await timed(process.execPath, changedArgs, { cwd: dir, ...cliEnv });
    // Again, the edit still there (a pull request's job run twice; the cache has the edited file now).
    changedAgain = await timed(process.execPath, changedArgs, { cwd: dir, ...cliEnv });
  } finally {
    writeFileSync(edited, original);
  }
  const changedFindings = findings(changedRun.stdout);

  const expected = seededFindings(info.apps).map((f) => `${f.file}:${f.code}`).sort();
  const got = (mutated ?? []).map((f) => `${f.file}:${f.code}`).sort();
  const seededOk = JSON.stringify(expected) === JSON.stringify(got);

  context.progress('server: cold index (empty cache folder)');
  const cacheDir = path.join(dataDir, `monorepo-cache-${files}`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const cold = await indexOnce(context.root, dir, cacheDir, path.join(dir, appFolder(Math.floor(info.apps / 2)), `${COMPONENTS[2]}.yaml`));
  context.progress('server: warm index (second start)');
  const warm = await indexOnce(context.root, dir, cacheDir);

  context.progress('yamllint (Debian) over the same YAML files');
  let lint;
  // yamllint reads about 140 files/s on one core: past 10,000 manifests it reads whole team folders
  // holding about 10,000 of them and its times are scaled by the share it read (it is linear in
  // files and single-threaded), unless ARCHIPEL_BENCH_YAMLLINT=all.
  let lintScale = 1;
  if (spawnSync('yamllint', ['--version']).status === 0) {
    const all = process.env.ARCHIPEL_BENCH_YAMLLINT === 'all' || info.manifests <= 10_000;
    const teams = all ? ['apps'] : readdirSync(path.join(dir, 'apps')).sort().slice(0, Math.max(1, Math.round((10_000 / info.manifests) * readdirSync(path.join(dir, 'apps')).length))).map((t) => path.join('apps', t));
    const read = all ? info.manifests : teams.reduce((n, t) => n + readdirSync(path.join(dir, t)).length * COMPONENTS.length, 0);
    lintScale = info.manifests / read;
    lint = await timed('yamllint', ['-f', 'parsable', '-d', '{extends: relaxed, rules: {line-length: disable, document-start: disable}}', ...teams], { cwd: dir });
    lint.read = read;
    lint.ms *= lintScale;
    lint.cpuMs *= lintScale;
  } else notes.push('yamllint is not installed (Debian: apt-get install yamllint): no floor measured.');

  const perObject = (mbValue) => `${Math.round((mbValue * 2 ** 20) / objects)} B/object`;
  notes.push(
    `workspace: ${info.files.toLocaleString('en')} files (${info.manifests.toLocaleString('en')} manifests, ${info.adrs} ADRs), ${objects.toLocaleString('en')} objects`,
    `CLI (archipel check . --format json, whole process): ${s(cli.ms)} wall, ${s(cli.cpuMs)} CPU, peak RSS ${mb(cli.rssMb)} (${perObject(cli.rssMb)}); exit ${cli.code}; ${cliOutcome} (expected 0); ${Math.round(objects / (cli.ms / 1000)).toLocaleString('en')} objects/s`,
    `CLI again, warm index cache: ${s(warmCli.ms)} wall, ${s(warmCli.cpuMs)} CPU, peak RSS ${mb(warmCli.rssMb)}; ${warmClean ? `${warmClean.length} finding(s)` : `no output (exit ${warmCli.code})`}`,
    `CLI --changed --base HEAD, one file edited (warm cache${gitTime ? `; git init + commit of the tree took ${s(gitTime)}, once` : ''}): ${s(changedRun.ms)} wall, ${s(changedRun.cpuMs)} CPU, peak RSS ${mb(changedRun.rssMb)}; ${changedFindings ? `${changedFindings.length} finding(s)` : `no output (exit ${changedRun.code}): ${changedRun.stderr.trim().split('\n').slice(-2).join(' ')}`}; ${changedRun.stderr.trim().split('\n').find((l) => /checked/.test(l)) ?? ''} (target 2 s)`,
    `CLI --changed again: ${s(changedAgain.ms)} wall, ${s(changedAgain.cpuMs)} CPU, peak RSS ${mb(changedAgain.rssMb)}; exit ${changedAgain.code}`,
    oneNote(`CLI check ${oneFile}, cold (empty index cache)`, oneCold),
    oneNote('the same, warm index cache', oneWarm),
    oneNote('the same file alone in a folder, warm (a cache folder of its own, second run)', alone),
    oneNote('node -e 0, same run', bare),
    `CLI with the seeded mutation: ${s(mutatedRun.ms)}, peak RSS ${mb(mutatedRun.rssMb)}; ${seededOk ? 'found exactly the 3 seeded findings' : `MISMATCH: expected [${expected.join(', ')}], got [${got.join(', ')}]`}`,
    `server cold index (start → ready): ${s(cold.ms)} wall, ${s(cold.cpuMs)} CPU, RSS at ready ${mb(cold.rssMb)}, peak ${mb(cold.peakMb)}; indexed ${cold.status.files.toLocaleString('en')} of ${info.files.toLocaleString('en')} files, ${cold.status.objects.toLocaleString('en')} objects${cold.limitLog ? `; log: ${cold.limitLog}` : ''}${cold.readLog ? `; ${cold.readLog}` : ''}`,
    cold.during ? `open file while the index is built (1 s after start, ${cold.during.scanning ? 'still scanning' : 'the scan had ended'}): completion ${Math.round(cold.during.completionMs)} ms, hover ${Math.round(cold.during.hoverMs)} ms (target 50 ms)` : '',
    cold.edits ? `editing the open file after the index is ready (8 edits, completion + hover 300 ms after each): ${cold.edits.waits.map((w) => Math.round(w)).join(', ')} ms; peak RSS over the edits ${mb(cold.edits.peakMb)}` : '',
    `server warm index (second start, cache folder kept): ${s(warm.ms)} wall, ${s(warm.cpuMs)} CPU, RSS at ready ${mb(warm.rssMb)}, peak ${mb(warm.peakMb)}; indexed ${warm.status.files.toLocaleString('en')} files${warm.readLog ? `; ${warm.readLog}` : ''}`,
    lint ? `yamllint ${spawnSync('yamllint', ['--version'], { encoding: 'utf8' }).stdout.trim()} over the ${info.manifests.toLocaleString('en')} manifests (same run${lintScale === 1 ? '' : `; it read ${lint.read.toLocaleString('en')} of them and its times are scaled by ${lintScale.toFixed(2)}: ARCHIPEL_BENCH_YAMLLINT=all reads every one`}): ${s(lint.ms)} wall, ${s(lint.cpuMs)} CPU, peak RSS ${mb(lint.rssMb)}; ${lint.stdout.trim() ? lint.stdout.trim().split('\n').length : 0} problem(s)` : '',
    `kubeconform (published, not measured here: README "Speed comparison with Kubeval", 4-core laptop, -n 8): ${KUBECONFORM.resources.toLocaleString('en')} resources in ${KUBECONFORM.files.toLocaleString('en')} files in ${KUBECONFORM.wallS} s wall, ${KUBECONFORM.userS} s user CPU = ${Math.round(KUBECONFORM.resources / KUBECONFORM.wallS).toLocaleString('en')} resources/s wall, ${Math.round(KUBECONFORM.resources / KUBECONFORM.userS).toLocaleString('en')} per CPU-second; at that rate ${objects.toLocaleString('en')} objects take ${s((objects / KUBECONFORM.resources) * KUBECONFORM.wallS * 1000)}`,
    `targets: CLI under 1 GB peak RSS (${cli.rssMb < 1024 && clean ? 'met' : 'NOT met'}); server ready under 30 s (${cold.ms < 30_000 ? 'met' : 'NOT met'}) under 1 GB (${cold.peakMb < 1024 ? 'met' : 'NOT met'}); all ${info.files.toLocaleString('en')} files indexed (${cold.status.files === info.files ? 'yes' : 'NO'})`,
  );
  const kubeconformMs = (objects / KUBECONFORM.resources) * KUBECONFORM.wallS * 1000;
  return {
    peer: 'yamllint (same run) / kubeconform (published)',
    rows: [
      { name: `CLI: check ${objects} objects, wall (peer: yamllint)`, ours: cli.ms, peer: lint?.ms ?? NaN, cpuMs: { ours: cli.cpuMs, peer: lint?.cpuMs ?? NaN }, load: { start: cli.load.start, end: (lint ?? cli).load.end } },
      { name: 'CLI: CPU time (peer: yamllint)', ours: cli.cpuMs, peer: lint?.cpuMs ?? NaN },
      { name: 'CLI: wall (peer: kubeconform at its published rate)', ours: cli.ms, peer: kubeconformMs, cpuMs: { ours: cli.cpuMs, peer: NaN }, load: cli.load },
      { name: 'CLI: second check, warm index cache (peer: the first)', ours: warmCli.ms, peer: cli.ms, cpuMs: { ours: warmCli.cpuMs, peer: cli.cpuMs }, load: { start: cli.load.start, end: warmCli.load.end } },
      { name: 'CLI: --changed, one file edited (peer: 2 s target)', ours: changedRun.ms, peer: 2_000, cpuMs: { ours: changedRun.cpuMs, peer: NaN }, load: changedRun.load },
      { name: 'CLI: --changed again (peer: 2 s target)', ours: changedAgain.ms, peer: 2_000, cpuMs: { ours: changedAgain.cpuMs, peer: NaN }, load: changedAgain.load },
      ...oneFileRows({ oneCold, oneWarm, alone }),
      { name: 'server: cold index, start → ready (peer: 30 s target)', ours: cold.ms, peer: 30_000 },
      { name: 'server: warm index, second start (peer: the cold index)', ours: warm.ms, peer: cold.ms },
    ],
    notes: notes.filter(Boolean),
  };
}
