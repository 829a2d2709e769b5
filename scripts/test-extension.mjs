// Runs the extension-host test suites inside a real VS Code, and exits with their result (0 pass,
// 1 fail): client/test/integration (compiled to out/) in a copy of client/test/fixtures/workspace,
// then client/test/walkthrough in a second window whose folder is the copy of the example the
// extension under test ships (examples/portfolio) that Archipel: Open Example makes, in a temporary
// folder outside any clone. In code-server that window is reached as a user reaches it (#52,
// code-server/first-hour.mjs): a fresh profile on an empty folder with a HOME where Git knows
// nobody, Archipel's walkthrough found on the start-up page, its Open the example button, the
// folder typed in the dialog, the window reopening on the copy, a Git repository, with the
// walkthrough on the next step; in the vsix layer the extension is the installed VSIX, loaded as
// installed (not as an extension under development).
//
//   node scripts/test-extension.mjs
//
// Where it runs:
// - a desktop VS Code when one is available (VSCODE_EXECUTABLE_PATH, or a desktop `code` on
//   PATH): @vscode/test-electron's runTests;
// - otherwise (CI, and machines where test-electron cannot download VS Code) code-server driven by
//   headless Chromium: VS Code's web workbench runs the suite in the server's extension host and
//   reports the exit code through `window.codeAutomationExit`.
//
// Environment:
//   ARCHIPEL_EXTENSION_PATH   extension folder to test (default: this repository)
//   ARCHIPEL_VSIX             a packaged extension (npm run package): installed into a fresh
//                             extensions folder with code-server's --install-extension, and the
//                             suite runs against the installed copy (a file missing from the
//                             package fails a test); code-server only
//   ARCHIPEL_TESTS_INDEX      compiled entry of the first suite (default: out/client/test/integration/index.js)
//   ARCHIPEL_TEST_SUITES      which suites, comma-separated (default: integration,walkthrough)
//   ARCHIPEL_TEST_SCREENSHOT_DIR  keep a screenshot of each window at the end of its suite there
//                             (code-server only): integration.png, walkthrough.png
//   ARCHIPEL_TEST_GREP        only run tests whose full title matches (mocha --grep)
//   ARCHIPEL_TEST_HOST        force `code-server` or `desktop`
//   ARCHIPEL_TEST_TIMEOUT_MS  deadline of a suite's run once its window is open (default 900000: a bound
//                             against hangs; the walkthrough suite runs a pipeline and a sweep, ~3 min
//                             at load 10 on two cores)
//   ARCHIPEL_TEST_VERBOSE=1   also stream code-server's log and the whole browser console
//   VSCODE_EXECUTABLE_PATH    desktop VS Code binary to use
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureSystemDeps } from './lib/system-deps.mjs';
import { ensureCodeServer, installVsix as installVsixInto, VSCODE_VERSION } from './code-server/setup.mjs';
import { startCodeServer } from './code-server/launch.mjs';
import { formatResults, noGitIdentity, walkFirstHour } from './code-server/first-hour.mjs';
import { desktopVSCode } from './lib/desktop-vscode.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TESTS_INDEX = path.resolve(process.env.ARCHIPEL_TESTS_INDEX || path.join(ROOT, 'out', 'client', 'test', 'integration', 'index.js'));
const WALKTHROUGH_INDEX = path.join(ROOT, 'out', 'client', 'test', 'walkthrough', 'index.js');
const SCREENSHOT_DIR = process.env.ARCHIPEL_TEST_SCREENSHOT_DIR;
const FIXTURE_WORKSPACE = path.join(ROOT, 'client', 'test', 'fixtures', 'workspace');
const chromiumConfig = JSON.parse(readFileSync(path.join(ROOT, 'scripts', 'lib', 'chromium.json'), 'utf8'));
const CHROMIUM = process.env.ARCHIPEL_CHROMIUM || chromiumConfig.executablePath;
const CHROMIUM_ARGS = chromiumConfig.args;
const TIMEOUT_MS = Number(process.env.ARCHIPEL_TEST_TIMEOUT_MS || 900_000);
const VERBOSE = !!process.env.ARCHIPEL_TEST_VERBOSE;

/** An expected failure: its message says it all, no stack needed. */
class Fail extends Error {}

/** Log lines that say nothing about a failure. */
const NOISE = [/^Ignoring fetching additional builtin extensions from gallery/, /^Error: \d+ test\(s\) failed/];

const log = (/** @type {string} */ msg) => console.log(`[test-extension] ${msg}`);

/**
 * Cleanups run in reverse order on every exit path, signals included; each runs once. `keep`: how
 * many of the first ones to leave for later (a suite's window goes, the run's folder stays).
 */
/** @type {Array<() => unknown>} */
const cleanups = [];
async function cleanup(keep = 0) {
  while (cleanups.length > keep) {
    const fn = /** @type {() => unknown} */ (cleanups.pop());
    try {
      await fn();
    } catch (err) {
      console.error(`[test-extension] cleanup: ${err instanceof Error ? err.message : err}`);
    }
  }
}
let interrupted = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping`);
    // Closing the browser and code-server also unblocks whatever main() is waiting on.
    void cleanup().finally(() => process.exit(130));
  });
}

function extensionPath() {
  const ext = path.resolve(process.env.ARCHIPEL_EXTENSION_PATH || ROOT);
  const manifest = JSON.parse(readFileSync(path.join(ext, 'package.json'), 'utf8'));
  const main = manifest.main && path.resolve(ext, manifest.main);
  if (main && !existsSync(main) && !existsSync(`${main}.js`)) {
    throw new Fail(`the extension's main ${main} does not exist: run \`npm run compile\` first`);
  }
  const wants = manifest.engines?.vscode;
  log(`extension ${manifest.publisher}.${manifest.name} from ${ext} (engines.vscode ${wants})`);
  return ext;
}

function readReport(/** @type {string} */ file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Prints mocha's output from the report and returns the exit code it implies. */
function printReport(report) {
  if (!report) return undefined;
  console.log(`\n${report.output.replace(/^(\s*\n)+/, '').trimEnd()}\n`);
  return report.failed > 0 ? 1 : 0;
}

async function runDesktop(executable, ext, workspace, reportFile, tmp, testsIndex) {
  log(`desktop VS Code: ${executable}`);
  const { runTests } = await import('@vscode/test-electron');
  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ext,
      extensionTestsPath: testsIndex,
      extensionTestsEnv: { ARCHIPEL_TEST_REPORT: reportFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', path.join(tmp, 'user-data'),
        '--extensions-dir', path.join(tmp, 'ext'),
      ],
    });
  } catch (err) {
    log(`runTests: ${err instanceof Error ? err.message : err}`);
    code = 1;
  }
  // The desktop extension host prints mocha's output itself; the report only confirms it.
  const report = readReport(reportFile);
  if (!report) {
    log('the suite wrote no report');
    return 1;
  }
  return report.failed > 0 ? 1 : code;
}

/**
 * @typedef {object} FirstHourRun  the walkthrough suite's window, reached as a user reaches it (#52)
 * @property {string} empty           the empty folder code-server opens first
 * @property {string} parent          the folder typed in Open Example's dialog
 * @property {string} home            a fresh HOME: Git knows nobody
 * @property {string} [extensionsDir] the VSIX installed there (the extension loads as installed, not under development)
 */

/**
 * @param {string} ext @param {string} workspace @param {string} reportFile @param {string} testsIndex @param {string} name
 * @param {FirstHourRun} [firstHour] the suite's window is the copy Open Example makes from a first start (workspace is unused)
 */
async function runCodeServer(ext, workspace, reportFile, testsIndex, name, firstHour) {
  ensureSystemDeps({ quiet: true });
  const started = Date.now();
  ensureCodeServer({ quiet: true });
  const { chromium } = await import('playwright-core');

  const server = await startCodeServer({
    folder: firstHour ? firstHour.empty : workspace,
    // The VSIX layer's first hour loads the extension as installed (from the extensions folder), as a user has it.
    extensionDevelopmentPath: firstHour?.extensionsDir ? undefined : ext,
    extensionsDir: firstHour?.extensionsDir,
    // A first start has no test to run yet: its window is a user's (the start-up page, trust off, offline).
    extensionTestsPath: firstHour ? undefined : testsIndex,
    firstStart: firstHour !== undefined,
    disableWorkspaceTrust: true,
    offline: true,
    env: { ARCHIPEL_TEST_REPORT: reportFile, ...(firstHour ? noGitIdentity(firstHour.home) : {}) },
    onLog: VERBOSE ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  cleanups.push(() => server.stop());
  log(`code-server (VS Code ${VSCODE_VERSION}) on port ${server.port}`);

  // Signals are ours to handle: we close the browser in order with code-server.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.push(() => browser.close());
  // Webviews load their resources through VS Code's service worker: it must be allowed to register.
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  // Nothing leaves the machine: only code-server's origin (and in-page data/blob URLs) loads.
  const origin = `http://127.0.0.1:${server.port}`;
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();

  // VS Code's web workbench, in test mode, sends its log (the extension host's console included)
  // to window.codeAutomationLog and the suite's result to window.codeAutomationExit; both must
  // exist before the page loads. The page console repeats that log with %c styling: from it keep
  // only what the log does not carry (page errors, failed loads).
  /** @type {string[]} */
  const logLines = [];
  const keep = (/** @type {string} */ line) => {
    logLines.push(line);
    if (logLines.length > 1000) logLines.shift();
    if (VERBOSE) console.log(line);
  };
  page.on('console', (msg) => {
    if ((msg.type() === 'error' || msg.type() === 'warning') && !msg.text().startsWith('%c')) {
      keep(`[browser ${msg.type()}] ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => keep(`[browser pageerror] ${err.stack || err.message}`));
  page.on('requestfailed', (req) => {
    if (VERBOSE) keep(`[browser] request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  /** @type {(code: number) => void} */
  let exitWith = () => {};
  const exited = new Promise((resolve) => (exitWith = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const parts = Array.isArray(args) ? args : [args];
    keep(`[vscode ${type}] ${format(...parts)}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => exitWith(Number(code)));

  log(`opening ${server.url}`);
  await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  if (firstHour) {
    const shot = async (/** @type {string} */ shotName) => {
      if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(path.resolve(SCREENSHOT_DIR), `${shotName}.png`) });
    };
    const walked = await walkFirstHour({ page, extension: ext, repository: ROOT, parent: firstHour.parent, timeoutMs: 180_000, shot });
    console.log(`\n${formatResults("the installed user's first hour: code-server, a fresh profile, an empty folder, Git knowing nobody", walked.results)}\n`);
    log(`first hour: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (walked.results.some((r) => r.error)) return 1;
    // The copy's window again, now running the suite of the steps that follow. VS Code runs a test
    // suite only beside an extension under development: with the VSIX installed, an empty one of
    // the run's (Archipel stays the installed one).
    const suiteUrl = server.urlFor(walked.copy, { extensionTestsPath: testsIndex, extensionDevelopmentPath: firstHour.extensionsDir ? testRunnerExtension(path.dirname(firstHour.empty)) : undefined });
    log(`opening ${suiteUrl}`);
    await page.goto(suiteUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  }

  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const outcome = await Promise.race([
    exited.then((code) => ({ code })),
    new Promise((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), TIMEOUT_MS))),
    new Promise((resolve) => browser.once('disconnected', () => resolve({ crashed: 'the browser disconnected' }))),
  ]);
  clearTimeout(timer);
  if (SCREENSHOT_DIR && !('crashed' in outcome)) {
    const shot = path.join(path.resolve(SCREENSHOT_DIR), `${name}.png`);
    await page.screenshot({ path: shot }).then(() => log(`screenshot: ${shot}`), (err) => log(`no screenshot: ${err instanceof Error ? err.message : err}`));
  }

  if (interrupted) return 130;
  const report = readReport(reportFile);
  let code = printReport(report);
  const normalEnd = 'code' in outcome && report !== undefined;
  if ('code' in outcome) {
    log(`VS Code reported exit code ${outcome.code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code === undefined) {
      log(`the suite wrote no report: did the extension host load ${testsIndex}?`);
      code = 1;
    }
    code = Math.max(code, outcome.code === 0 ? 0 : 1);
  } else {
    code = 1;
    const why = 'timeout' in outcome ? `no result within ${TIMEOUT_MS / 1000} s` : outcome.crashed;
    console.error(`[test-extension] FAILED: ${why}`);
  }
  if (code !== 0) {
    // mocha's lines come through the log too: leave out those already printed above.
    const output = report?.output ?? '';
    const rest = logLines.filter((line) => {
      const text = line.replace(/^\[vscode \w+\] /, '').trim();
      return text !== '' && !output.includes(text) && !NOISE.some((re) => re.test(text));
    });
    console.error('\n[test-extension] VS Code log: workbench, extension host, browser errors (last 80 lines):');
    console.error(rest.slice(-80).join('\n'));
    // The extension's own log (its output channel): its warnings and errors say what a panel or the server did.
    for (const file of filesNamed(server.userDataDir, /Archipel\.log$/)) {
      const lines = readFileSync(file, 'utf8').split('\n').filter((line) => /\[(warning|error)\]/.test(line));
      console.error(`\n[test-extension] the Archipel output channel's warnings and errors (${path.relative(server.userDataDir, file)}, last 60 of ${lines.length}):`);
      console.error(lines.slice(-60).join('\n'));
    }
    if (!normalEnd) {
      console.error('\n[test-extension] code-server log (last 40 lines):');
      console.error(server.logTail(40));
    }
  }
  return code;
}

/** The files under `folder` whose name matches `name` (a failed run's logs). */
function filesNamed(folder, name) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => name.test(path.basename(file))).map((file) => path.join(folder, file));
}

/** installVsix (code-server/setup.mjs), its failure a Fail (the run's usage-like errors, printed without a stack). */
function installVsix(vsix, extensionsDir) {
  log(`installing ${vsix}`);
  try {
    return installVsixInto(vsix, extensionsDir);
  } catch (err) {
    throw new Fail(err instanceof Error ? err.message : String(err));
  }
}

/**
 * An extension with nothing in it, under development beside the installed VSIX, so that VS Code
 * runs the suite (it refuses a test path without one) while Archipel loads as installed.
 * @param {string} tmp @returns {string} its folder
 */
function testRunnerExtension(tmp) {
  const folder = path.join(tmp, 'test-runner-extension');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify({ name: 'test-runner', publisher: 'archipel-tests', version: '0.0.0', engines: { vscode: '^1.100.0' } }, null, 2)}\n`);
  return folder;
}

/**
 * What Open Example and the copy's window do (client/src/commands/walkthrough.ts), for the desktop
 * host: the example as git tracks it, a repository with a first commit as a Git that knows nobody.
 * @param {string} ext @param {string} example @param {string} home
 */
function copyAsOpenExample(ext, example, home) {
  const tracked = spawnSync('git', ['-C', ROOT, 'ls-files', '-z', '--', 'examples/portfolio'], { encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of tracked) cpSync(path.join(ext, file), path.join(example, path.relative(path.join('examples', 'portfolio'), file)));
  const env = { ...process.env, ...noGitIdentity(home), GIT_AUTHOR_NAME: 'Archipel experiments', GIT_AUTHOR_EMAIL: 'experiments@archipel.invalid', GIT_COMMITTER_NAME: 'Archipel experiments', GIT_COMMITTER_EMAIL: 'experiments@archipel.invalid' };
  for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'First commit, by Archipel (Initialise Git here)']]) {
    const result = spawnSync('git', ['-C', example, ...args], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Fail(`git ${args[0]} in ${example}: ${result.stderr}`);
  }
}

async function main() {
  if (!existsSync(TESTS_INDEX)) throw new Fail(`${TESTS_INDEX} is missing: run \`npx tsc -b\` first`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'archipel-exthost-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 3 }));
  if (process.env.ARCHIPEL_VSIX) process.env.ARCHIPEL_EXTENSION_PATH = installVsix(path.resolve(process.env.ARCHIPEL_VSIX), path.join(tmp, 'installed'));
  const ext = extensionPath();
  // A fresh copy per run: tests may edit the workspace, and no run sees another's leftovers.
  const workspace = path.join(tmp, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const wanted = (process.env.ARCHIPEL_TEST_SUITES || 'integration,walkthrough').split(',').map((n) => n.trim());
  /** @type {{ name: string; index: string; workspace: string; firstHour?: FirstHourRun }[]} */
  const suites = wanted.includes('integration') ? [{ name: 'integration', index: TESTS_INDEX, workspace }] : [];
  if (wanted.includes('walkthrough')) {
    if (!existsSync(WALKTHROUGH_INDEX)) throw new Fail(`${WALKTHROUGH_INDEX} is missing: run \`npx tsc -b\` first`);
    // The example's copy, in a folder of the user's (here the run's temporary folder, outside any
    // clone of the repository): made by Open Example itself in code-server (the first hour, below);
    // made here as it makes it for the desktop host, whose test run cannot follow a window's reload.
    const user = path.join(tmp, 'user');
    const example = path.join(user, 'archipel-portfolio');
    const home = path.join(tmp, 'home');
    const empty = path.join(tmp, 'empty');
    for (const folder of [user, home, empty]) mkdirSync(folder, { recursive: true });
    suites.push({ name: 'walkthrough', index: WALKTHROUGH_INDEX, workspace: example, firstHour: { empty, parent: user, home, extensionsDir: process.env.ARCHIPEL_VSIX ? path.dirname(ext) : undefined } });
  }

  const desktop = process.env.ARCHIPEL_TEST_HOST === 'desktop'
    ? process.env.VSCODE_EXECUTABLE_PATH || desktopVSCode()
    : process.env.ARCHIPEL_TEST_HOST === 'code-server'
      ? undefined
      : desktopVSCode();
  if (process.env.ARCHIPEL_TEST_HOST === 'desktop' && !desktop) throw new Fail('ARCHIPEL_TEST_HOST=desktop but no desktop VS Code found');
  let code = 0;
  for (const suite of suites) {
    if (interrupted) break;
    log(`suite ${suite.name}: ${path.relative(ROOT, suite.index)} in ${suite.workspace}`);
    const reportFile = path.join(tmp, `report-${suite.name}.json`);
    const mark = cleanups.length;
    const own = path.join(tmp, suite.name);
    const onDesktop = desktop && !process.env.ARCHIPEL_VSIX;
    if (onDesktop && suite.firstHour) copyAsOpenExample(ext, suite.workspace, suite.firstHour.home);
    const result = onDesktop
      ? await runDesktop(desktop, ext, suite.workspace, reportFile, own, suite.index)
      : await runCodeServer(ext, suite.workspace, reportFile, suite.index, suite.name, suite.firstHour);
    code = Math.max(code, result);
    // Each window's code-server and browser go before the next starts.
    await cleanup(mark);
  }
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  if (interrupted) await new Promise(() => {}); // the signal handler exits once cleanup is done
  const text = err instanceof Fail ? err.message : err instanceof Error ? err.stack || err.message : String(err);
  console.error(`[test-extension] ${text}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(interrupted ? 130 : exitCode);
