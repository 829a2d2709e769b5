// `npm test`: builds once, then runs the five test layers and prints how many tests each ran.
//   unit        server/test/unit        pure services, in process
//   protocol    server/test/protocol    the built server over stdio, spoken to in LSP
//   webview     webviews/test           pages rendered in headless Chromium
//   extension   client/test/integration the suite inside a real VS Code (desktop if present, else code-server)
//   vsix        client/test/integration the same suite against this platform's VSIX, installed (code-server)
// `npm test -- unit protocol` runs only the layers named.
// `npm test -- --family terraform` runs one family's unit and protocol tests (server/test/unit/<family>/,
// server/test/protocol/<family>/; `core` is the kernel's), after the build, without the whole-tree lint.
// `npm test -- --fresh` runs as on a fresh machine: a new empty HOME (so no ~/.npmrc, no caches),
// empty XDG folders (fontconfig's cache among them), npm cache and code-server cache
// (ARCHIPEL_CACHE: code-server is installed again from the npm registry), and no earlier build;
// all of it in one temporary folder, removed at the end.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ANSIBLE_PACKAGES, COMPOSE_PACKAGES, ensureSystemDeps, EXAMPLE_PACKAGES, HOSTILE_PACKAGES, NEOVIM_PACKAGES, PLANTUML_PACKAGES, PROMETHEUS_PACKAGES, RELEASE_PACKAGES, SHELL_PACKAGES, SYSTEM_PACKAGES, WABT_PACKAGES } from './lib/system-deps.mjs';
import { vsixPath } from './package.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
// Python imports the example's modules (examples/portfolio/pipeline/train/sk2onnx.py, from the benchmarks' set-up and the
// predict models' script) and would write their bytecode beside them, into the repository: no test writes there (#83).
process.env.PYTHONDONTWRITEBYTECODE = '1';
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
// Each mocha layer says what keeps it alive when it outlives its tests (scripts/lib/open-handles.cjs).
const openHandles = ['--require', path.join(root, 'scripts', 'lib', 'open-handles.cjs')];

// Bounds on a process that stops making progress, so that a hang reads as a named failure in the log, never as
// CI's own timeout with the buffered layers' output lost: mocha ends its run with `N passing (...)` and then must exit
// (an open handle — a server, a timer, a child not killed — keeps it alive for ever: mocha runs without --exit, so a leak
// is found, not hidden); and no process may stay silent for longer than its longest test's bound allows.
const EXIT_AFTER_SUMMARY_MS = 120_000;
const SILENCE_MS = 20 * 60_000;
const running = new Set();

// The layers' process groups are their own (detached): the runner stopped, they stop with it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const { child } of running) killGroup(child.pid);
    process.exit(130);
  });
}

// The buffered lanes print nothing until a layer ends: a line every 5 minutes says what runs, for how long and what it
// did last, so that a log cut short (CI's timeout) still tells which layer was slow and where.
setInterval(() => {
  for (const entry of [...running].filter((e) => !e.echo)) {
    const lines = entry.output.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('\u2714') || /^\d+\) /.test(line));
    const minutes = Math.round((Date.now() - entry.started) / 60_000);
    console.log(`[test] ${minutes} min: ${entry.title} still running, ${lines.length} test(s) done${lines.length > 0 ? `, the last: ${lines.at(-1).slice(0, 120)}` : ''}`);
  }
}, 5 * 60_000).unref();


// Unit tests get a 120 s bound, not mocha's 2 s: the heaviest run the CLI over real corpora or build
// large hostile inputs, 5–12 s on a quiet 2-core machine, and the 20 s bound they had was passed at
// load 12–16 (#52). A bound against hangs, never a timing check; the heaviest set their own, larger.
// `beside`: test files of the layer run by a second mocha at the same time as the rest, their output
// printed when they end: the files whose minutes are spent in child processes (every benchmark in tiny mode,
// ansible-lint's live run) and the heaviest of the others, so that both cores stay busy to the layer's end.
// (mocha's parallel mode was tried, 2026-11-28: no faster on two cores, and a test file that leaves the process
// confined or in another folder broke the files its worker ran next — one process keeps the order the files are written for.)
// `lane`: layers of the same lane run one after the other; the protocol-and-webview lane and the
// extension-host lane run at the same time, after the unit layer (which keeps both cores busy).
const layers = [
  {
    name: 'unit',
    command: [mocha, ...openHandles, '--reporter', 'spec', '--timeout', '120000', 'out/server/test/unit/**/*.test.js'],
    beside: [
      // Their time is spent in child processes: every benchmark in tiny mode (420 s), the documented command lines (43 s),
      // ansible-lint live on one repository (its other answers are recorded).
      'out/server/test/unit/ansible/ansible-reference.test.js',
      'out/server/test/unit/core/bench-runs.test.js',
      'out/server/test/unit/core/documented-archipel-lines.test.js',
      // The heaviest of the rest, so that both processes take about as long (seconds of a run at load 4–7, 2026-11-27;
      // the other files took 1,300 s together): each runs alone as well as after the others (no shared state).
      'out/server/test/unit/core/kept-warm-cold.test.js', // 175
      'out/server/test/unit/core/checkOneFile.test.js', // 102
      'out/server/test/unit/core/layering.test.js', // 91
      'out/server/test/unit/pipeline/pipeline-faults.test.js', // 68
      'out/server/test/unit/system/system-repository-exports.test.js', // 57
      'out/server/test/unit/prometheus/prometheus-corpus.test.js', // 55
      'out/server/test/unit/system/system-compose-context.test.js', // 52
      'out/server/test/unit/compose/containers-docker-compose.test.js', // 52
      'out/server/test/unit/core/fuzz-shapes.test.js', // 41
      'out/server/test/unit/system/system-no-machine-path.test.js', // 40
      // A fresh quiet run of 2026-11-28 (36ab4856) took 20 min 28 s in the first process and 15 min in this one: these
      // five (35, 33, 26, 25, 24 s of that run) move here.
      'out/server/test/unit/yaml/yaml-tree.test.js',
      'out/server/test/unit/core/check-equals-editor.test.js',
      'out/server/test/unit/core/indexThreads.test.js',
      'out/server/test/unit/helm/helm-resolution.test.js',
      'out/server/test/unit/compose/compose-incremental-property.test.js',
    ],
    packages: [...EXAMPLE_PACKAGES, ...COMPOSE_PACKAGES, ...PROMETHEUS_PACKAGES, ...ANSIBLE_PACKAGES, ...SHELL_PACKAGES, ...PLANTUML_PACKAGES, ...HOSTILE_PACKAGES, ...WABT_PACKAGES],
  },
  { name: 'protocol', lane: 'in-process', command: [mocha, ...openHandles, '--reporter', 'spec', '--timeout', '120000', 'out/server/test/protocol/**/*.test.js'], packages: [...HOSTILE_PACKAGES, ...NEOVIM_PACKAGES] },
  { name: 'webview', lane: 'in-process', command: [mocha, ...openHandles, '--reporter', 'spec', '--timeout', '120000', 'out/webviews/test/**/*.test.js'], packages: SYSTEM_PACKAGES },
  { name: 'extension', lane: 'editor', command: [path.join(root, 'scripts', 'test-extension.mjs')], packages: [...SYSTEM_PACKAGES, ...EXAMPLE_PACKAGES, ...PROMETHEUS_PACKAGES] },
  // The extension-host suite once more, against the VSIX of this platform installed as a user
  // installs it (npm run package; code-server --install-extension): a file the package misses fails.
  // `after`: the documentation's CI recipes run as a runner runs them, on that VSIX (docs/ci.md).
  { name: 'vsix', lane: 'editor', command: [path.join(root, 'scripts', 'test-extension.mjs')], after: [mocha, ...openHandles, '--reporter', 'spec', '--timeout', '600000', 'out/server/test/release/**/*.test.js'], packages: [...SYSTEM_PACKAGES, ...EXAMPLE_PACKAGES, ...PROMETHEUS_PACKAGES, ...RELEASE_PACKAGES], vsix: true },
];

if (process.argv.includes('--fresh')) process.exit(runFresh());

/**
 * `tsc -b` never deletes what it compiled from a source file that is gone since: mocha's globs
 * would still load an old `out/server/test/unit/x.test.js` whose source was deleted or renamed (a
 * local run broke on one). Each compiled file in out/<project>/ whose <project>/<same path>.ts is
 * gone is removed, with its map and declaration.
 */
function removeOrphanOutputs() {
  for (const project of ['server', 'client', 'webviews']) {
    const outDir = path.join(root, 'out', project);
    if (!existsSync(outDir)) continue;
    for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      const compiled = path.join(entry.parentPath ?? entry.path, entry.name);
      const source = path.join(root, project, path.relative(outDir, compiled)).replace(/\.js$/, '');
      if (['.ts', '.tsx', '.mts', '.cts'].some((ext) => existsSync(source + ext))) continue;
      for (const suffix of ['.js', '.js.map', '.d.ts', '.d.ts.map']) rmSync(compiled.replace(/\.js$/, suffix), { force: true });
    }
  }
}

/** Runs this script again (without --fresh) in a fresh HOME with empty caches; returns its exit code. */
function runFresh() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'archipel-fresh-home-'));
  const env = { ...process.env };
  // npm exports its configuration to scripts (npm_config_cache, npm_config_userconfig, ...): none
  // of it may leak the real HOME into the fresh run.
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  Object.assign(env, {
    HOME: home,
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    npm_config_cache: path.join(home, '.npm'),
    ARCHIPEL_CACHE: path.join(home, '.cache', 'archipel'),
  });
  delete env.ARCHIPEL_CACHE_DIR;
  for (const built of ['out', 'dist']) rmSync(path.join(root, built), { recursive: true, force: true });
  console.log(`[fresh] HOME=${home}; caches empty; out/ and dist/ removed`);
  const args = process.argv.slice(2).filter((a) => a !== '--fresh');
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: 'inherit', env });
  rmSync(home, { recursive: true, force: true });
  return result.status ?? 1;
}

const argv = process.argv.slice(2);
const familyAt = argv.indexOf('--family');
const family = familyAt >= 0 ? argv[familyAt + 1] : undefined;
const wanted = argv.filter((a, i) => !a.startsWith('-') && !(familyAt >= 0 && i === familyAt + 1));
for (const name of wanted) {
  if (!layers.some((l) => l.name === name)) {
    console.error(`unknown layer "${name}"; layers: ${layers.map((l) => l.name).join(', ')}`);
    process.exit(2);
  }
}
/** The families with tests of their own: the folders of server/test/unit (`core`: the kernel, the CLI and what spans families). */
const testFamilies = readdirSync(path.join(root, 'server', 'test', 'unit'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
if (familyAt >= 0 && !testFamilies.includes(family)) {
  console.error(`unknown family "${family ?? ''}"; families with tests: ${testFamilies.join(', ')}`);
  process.exit(2);
}
let selected = wanted.length > 0 ? layers.filter((l) => wanted.includes(l.name)) : family ? layers.filter((l) => l.name === 'unit' || l.name === 'protocol') : layers;
if (family) selected = selected.flatMap((layer) => familyLayer(layer, family));

/** A layer narrowed to one family's folder (unit, protocol); none when the family has no test there; other layers whole. */
function familyLayer(layer, name) {
  if (layer.name !== 'unit' && layer.name !== 'protocol') return [layer];
  if (!existsSync(path.join(root, 'server', 'test', layer.name, name))) {
    console.log(`(${name} has no ${layer.name} tests: server/test/${layer.name}/${name}/ does not exist)`);
    return [];
  }
  const folder = `out/server/test/${layer.name}/${name}`;
  const beside = (layer.beside ?? []).filter((file) => file.startsWith(`${folder}/`));
  return [{ ...layer, command: layer.command.map((arg) => (arg.includes('*') ? `${folder}/**/*.test.js` : arg)), beside }];
}

/** Runs one node script to its end, its output echoed as it comes (`echo`) or kept; resolves to { title, output, code }. */
async function runStep(title, args, echo) {
  if (echo) console.log(`\n> ${title}`);
  const outcome = await run(args, process.env, echo, title);
  return { title, ...outcome };
}

/** Runs steps one after the other, stopping at the first that fails; the output of those not echoed is kept, each under its title. */
async function runLane(steps, echo) {
  let output = '';
  for (const [title, args] of steps) {
    const outcome = await runStep(title, args, echo);
    if (!echo) output += `\n> ${title}\n${outcome.output}`;
    if (outcome.code !== 0) return { output, failed: `${title} failed (exit ${outcome.code})` };
  }
  return { output, failed: undefined };
}

removeOrphanOutputs();
// The type-check (tsc, one thread) beside the bundles; then the whole tree's checks run beside the layers (they read
// the sources, not what the layers run), their output printed after the last layer: the layering
// (scripts/layering.mjs: .dependency-cruiser.cjs, then .dependency-cruiser-values.cjs: no import cycles, pure
// services reaching no I/O or transport (transitively), domains free of engines, engines free of lsp/ and cli/,
// lsp/ free of families, the client importing only protocol/), ESLint (eslint.config.mjs: typescript-eslint's
// type-checked recommended rules, zero warnings, no disable comments) and knip (knip.jsonc: no unused file or
// export). Run one after the other before the layers, ESLint alone kept one core idle for minutes. One family's
// tests (--family) skip the whole tree's checks: they are the full run's.
const [typed, bundled] = await Promise.all([
  runLane([['type-check and compile tests (tsc -b)', [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']]], true),
  runLane([['bundle (esbuild)', [path.join(root, 'esbuild.mjs')]]], false),
]);
process.stdout.write(bundled.output);
for (const failed of [typed.failed, bundled.failed].filter(Boolean)) console.error(failed);
if (typed.failed || bundled.failed) process.exit(1);
const wholeTree = family
  ? undefined
  : runLane(
      [
        ['layering (dependency-cruiser)', [path.join(root, 'scripts', 'layering.mjs')]],
        ['lint (ESLint)', [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '--no-warn-ignored', '.']],
        ['lint (knip)', [path.join(root, 'node_modules', 'knip', 'bin', 'knip.js'), '--no-progress']],
      ],
      false,
    );
// The Debian packages the selected layers need (each layer names its own), installed once before the first.
const packages = [...new Set(selected.flatMap((l) => l.packages ?? []))];
if (packages.length > 0) ensureSystemDeps({ packages });
// Speed-only caches (the V8 code cache of server/src/startup/codeCache.ts) go to a folder of this
// run, not to the user's ~/.cache: every run starts cold and leaves nothing behind.
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-test-cache-'));
process.env.ARCHIPEL_CACHE_DIR = cacheDir;
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));

/**
 * Why a layer that ran no test or exited with an error did so, in one line for the summary: the
 * first error line of its output (a test file that failed to load prints `Error: ...` or
 * `Exception during run: ...` and no count), else its last line.
 */
function failureReason(output, signal) {
  if (signal) return `killed by ${signal}`;
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const error = lines.find((l) => /^(Exception during run: )?([A-Z]\w*)?Error\b/.test(l) || /^\S+ failed\b/.test(l));
  const line = error ?? lines.at(-1) ?? 'no output';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** Runs a layer, its output echoed as it comes (`echo`) or printed whole at its end, and reads mocha's `N passing/failing/pending` lines. */
async function runLayer(layer, echo) {
  let env = process.env;
  const head = [];
  if (layer.vsix) {
    const target = `${process.platform}-${process.arch}`;
    const packaged = await runStep(`package the extension for ${target} (npm run package)`, [path.join(root, 'scripts', 'package.mjs'), '--target', target, '--no-docs'], echo);
    if (!echo) head.push(`\n> ${packaged.title}\n${packaged.output}`);
    if (packaged.code !== 0) {
      if (!echo) process.stdout.write(head.join(''));
      return { name: layer.name, passed: 0, failed: 0, pending: 0, code: packaged.code, reason: `${packaged.title} failed (exit ${packaged.code})` };
    }
    env = { ...process.env, ARCHIPEL_VSIX: vsixPath(target), ARCHIPEL_TEST_HOST: 'code-server' };
  }
  if (echo) console.log(`\n===== ${layer.name} tests =====`);
  const started = Date.now();
  const beside = layer.beside ?? [];
  const main = run([...layer.command, ...beside.flatMap((file) => ['--ignore', file])], env, echo, `the ${layer.name} layer`);
  const others = beside.length > 0 ? run([layer.command[0], ...layer.command.slice(1).filter((arg) => !arg.includes('*')), ...beside], env, false, `the ${layer.name} layer's second process`) : undefined;
  const outcomes = [await main];
  if (layer.after) outcomes.push(await run(layer.after, env, echo, `the ${layer.name} layer's last part`));
  if (others) {
    const outcome = await others;
    if (echo) console.log(`\n----- ${layer.name} tests run beside the others (${beside.map((file) => path.basename(file)).join(', ')}) -----\n${outcome.output}`);
    outcomes.push(outcome);
  }
  if (!echo) process.stdout.write(`${head.join('')}\n===== ${layer.name} tests (run beside the ${runningBeside(layer)}) =====\n${outcomes.map((o) => o.output).join('')}`);
  const count = (word) =>
    outcomes.reduce((sum, { output }) => sum + [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0), 0);
  const failedRun = outcomes.find((o) => o.code !== 0) ?? outcomes[0];
  const seconds = Math.round((Date.now() - started) / 1000);
  return { name: layer.name, passed: count('passing'), failed: count('failing'), pending: count('pending'), seconds, code: failedRun.code, reason: failureReason(failedRun.output, failedRun.signal), failures: outcomes.flatMap((o) => failedTests(o.output)) };
}

/**
 * The failed tests of mocha's spec output, a line each: the path of titles and the first line of the error, as
 * its failure details print them (`  1) suite` at two spaces, the titles below, then the error). The summary
 * repeats them, so that the end of a long run's log, the part a CI page keeps, says which tests failed.
 */
function failedTests(output) {
  const lines = output.split(/\r?\n/);
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^  (\d+)\) (.*)$/.exec(lines[i]);
    if (!head) continue;
    const titles = [head[2].trim()];
    let j = i + 1;
    while (j < lines.length && !titles.at(-1).endsWith(':') && lines[j].trim() !== '') titles.push(lines[j++].trim());
    while (j < lines.length && lines[j].trim() === '') j++;
    const error = (lines[j] ?? '').trim();
    const line = `${titles.join(' › ').replace(/:$/, '')} — ${error}`;
    found.push(line.length > 300 ? `${line.slice(0, 297)}...` : line);
  }
  return found;
}

/** The layers of the other lanes, named in a buffered layer's heading. */
function runningBeside(layer) {
  return selected.filter((other) => other.lane && other.lane !== layer.lane).map((other) => other.name).join(' and ') || 'others';
}

/**
 * Runs one node process (mocha, a test or build script), named `title` in the runner's own lines; its output echoed as it
 * comes when `echo`, else kept for later.
 * It runs in a process group of its own: when it ends, whatever it left running (a server, a browser, code-server) is
 * killed and named in its output, since a grandchild holding its pipes would otherwise keep the run from ending.
 */
function run(command, env, echo, title) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, command, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
    const entry = { child, title, started: Date.now(), lastOutput: Date.now(), output: '', echo };
    running.add(entry);
    let summaryAt;
    let stopped;
    const collect = (stream) => (chunk) => {
      const text = chunk.toString();
      // The summary line may come split across two chunks: read it in the output's tail, not in the chunk alone.
      const tail = entry.output.length - entry.output.lastIndexOf('\n', Math.max(0, entry.output.length - 1));
      entry.output += text;
      entry.lastOutput = Date.now();
      if (summaryAt === undefined && /^\s+\d+ passing \(/m.test(entry.output.slice(-(text.length + tail)))) summaryAt = Date.now();
      if (echo) stream.write(chunk);
    };
    child.stdout.on('data', collect(process.stdout));
    child.stderr.on('data', collect(process.stderr));
    const watch = setInterval(() => {
      const now = Date.now();
      const mochaEnded = command[0] === mocha && summaryAt !== undefined && now - summaryAt > EXIT_AFTER_SUMMARY_MS;
      if (!mochaEnded && now - entry.lastOutput <= SILENCE_MS) return;
      stopped = mochaEnded
        ? `did not exit ${EXIT_AFTER_SUMMARY_MS / 1000} s after its tests ended (a handle left open): killed by the runner`
        : `printed nothing for ${SILENCE_MS / 60_000} min: killed by the runner`;
      entry.left = leftRunning(child.pid);
      killGroup(child.pid);
    }, 5_000);
    const finish = (code, signal) => {
      if (!running.has(entry)) return;
      running.delete(entry);
      clearInterval(watch);
      const left = entry.left ?? leftRunning(child.pid);
      killGroup(child.pid);
      child.stdout.destroy();
      child.stderr.destroy();
      let output = entry.output;
      if (left.length > 0) output += `\n[test] left running when it ended, killed: ${left.join('; ')}\n`;
      if (stopped) output += `\nError: ${stopped}\n`;
      if (echo && (left.length > 0 || stopped)) process.stdout.write(output.slice(entry.output.length));
      resolve({ output, signal: stopped ? undefined : signal, code: stopped ? 1 : code ?? (signal ? 1 : 0) });
    };
    // 'close' waits for the pipes, which a grandchild may hold: once the process itself has exited, 10 s more at most.
    child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 10_000).unref());
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** The command lines of the processes still in `pid`'s process group (none once it is gone). */
function leftRunning(pid) {
  const listed = spawnSync('ps', ['-e', '-o', 'pid=,pgid=,args='], { encoding: 'utf8' });
  if (listed.status !== 0) return [];
  return listed.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null && Number(m[2]) === pid && Number(m[1]) !== pid && !m[3].endsWith('<defunct>'))
    .map((m) => (m[3].length > 160 ? `${m[3].slice(0, 157)}...` : m[3]));
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

/**
 * The repository's `git status --porcelain` (untracked files included): the suite must leave it as it found it (a test
 * that runs Python, the pipeline or a generator does so in a copy). Undefined outside a Git checkout (a tarball).
 */
function gitStatus() {
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
  return status.status === 0 ? status.stdout : undefined;
}
const statusBefore = gitStatus();

/** A layer's outcome, or why it could not run. */
function runOrRefuse(layer, echo) {
  if (layer.name === 'webview' && !existsSync(path.join(root, 'out', 'webviews', 'test'))) {
    return Promise.resolve({ name: layer.name, passed: 0, failed: 0, pending: 0, code: 1, reason: 'out/webviews/test is missing: the webview tests were not compiled' });
  }
  return runLayer(layer, echo);
}

// The layers without a lane first, one at a time (the unit layer keeps both cores busy); then the lanes at
// once, each lane's layers in order, the editor's lane echoed as it comes (its suites print as they go), the
// others printed whole as each layer ends. The summary lists the layers in the table's order.
const outcomes = new Map();
for (const layer of selected.filter((l) => !l.lane)) outcomes.set(layer.name, await runOrRefuse(layer, true));
const lanes = [...new Set(selected.filter((l) => l.lane).map((l) => l.lane))];
const echoed = lanes.includes('editor') ? 'editor' : lanes[0];
await Promise.all(
  lanes.map(async (lane) => {
    for (const layer of selected.filter((l) => l.lane === lane)) outcomes.set(layer.name, await runOrRefuse(layer, lane === echoed));
  }),
);
const results = selected.map((layer) => outcomes.get(layer.name));
if (wholeTree) {
  const checked = await wholeTree;
  console.log(`\n===== the whole tree's checks (run beside the layers) =====${checked.output}`);
  if (checked.failed) results.push({ name: 'checks', passed: 0, failed: 1, pending: 0, code: 1, reason: checked.failed });
}

// What the suite wrote into the repository: a layer of its own, failed, naming each path that changed.
const statusAfter = gitStatus();
if (statusBefore !== undefined && statusAfter !== undefined && statusAfter !== statusBefore) {
  const before = new Set(statusBefore.split('\n'));
  const after = new Set(statusAfter.split('\n'));
  const changed = [...[...after].filter((line) => line && !before.has(line)), ...[...before].filter((line) => line && !after.has(line)).map((line) => `${line} (no longer)`)];
  console.log(`\n===== git status =====\nthe suite changed the repository's git status:\n${changed.map((line) => `  ${line}`).join('\n')}`);
  results.push({ name: 'git status', passed: 0, failed: 1, pending: 0, code: 1, reason: `${changed.length} path(s) changed` });
}

console.log('\n===== summary =====');
let passed = 0;
let failed = 0;
const broken = [];
for (const r of results) {
  // A layer that ran no test, or exited with an error no failing test explains, fails the run and
  // says why: a missing fixture or a file that does not load must never read as a green layer.
  const problem =
    r.passed + r.failed === 0 ? ` (ran no test: ${r.reason})` : r.code !== 0 && r.failed === 0 ? ` (exited with an error: ${r.reason})` : '';
  const time = r.seconds === undefined ? '' : ` ${String(Math.floor(r.seconds / 60)).padStart(3)} min ${String(r.seconds % 60).padStart(2, '0')} s`;
  console.log(`${r.name.padEnd(10)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed ${String(r.pending).padStart(4)} pending${time}${problem}`);
  passed += r.passed;
  failed += r.failed;
  if ((r.code !== 0 && r.failed === 0) || r.passed + r.failed === 0) broken.push(r.name);
}
for (const r of results.filter((result) => (result.failures ?? []).length > 0)) {
  console.log(`\n${r.name}: failed`);
  for (const failure of r.failures.slice(0, 30)) console.log(`  ${failure}`);
  if (r.failures.length > 30) console.log(`  ... and ${r.failures.length - 30} more`);
}
console.log(`${passed} passed, ${failed} failed${broken.length > 0 ? `; broken layer(s): ${broken.join(', ')}` : ''}`);
process.exit(failed > 0 || broken.length > 0 || results.some((r) => r.code !== 0) ? 1 : 0);
