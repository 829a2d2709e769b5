// Starts the cached code-server on a free 127.0.0.1 port with a throwaway profile, and returns
// the URL a browser opens: a folder, plus for tests the extension under development and the
// test entry point (VS Code's web workbench reads them from the `payload` query parameter).
//
// Used by scripts/test-extension.mjs (tests) and scripts/start.mjs (`npm start`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureCodeServer } from './setup.mjs';

const HOST = '127.0.0.1';

/** Settings for a quiet, offline, deterministic profile. */
const BASE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.autoRepositoryDetection': false,
  'chat.commandCenter.enabled': false,
};

/** What a first start keeps as VS Code has it (StartOptions.firstStart). */
const FIRST_START_OMITS = ['workbench.startupEditor', 'workbench.tips.enabled'];

/** @returns {Promise<number>} a port free on 127.0.0.1 right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** @param {string} url @returns {Promise<number>} HTTP status, or 0 when nothing answers */
function probe(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** @param {number} ms */
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * VS Code's URI for a path on the server side of a remote window.
 * @param {number} port @param {string} absPath
 */
function remoteUri(port, absPath) {
  return `vscode-remote://${HOST}:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/**
 * @typedef {object} StartOptions
 * @property {string} folder                     workspace folder to open (absolute path)
 * @property {string} [extensionDevelopmentPath] extension folder to load unpacked (tests, `npm start`)
 * @property {string} [extensionTestsPath]       compiled test entry (with or without `.js`): turns on test mode
 * @property {Record<string, string>} [env]      extra environment for code-server and its extension host
 * @property {boolean} [disableWorkspaceTrust]   default: true in test mode, false otherwise
 * @property {boolean} [offline]                 no extension gallery (default: true in test mode)
 * @property {string} [enableProposedApi]        extension id allowed to use proposed API
 * @property {string} [userDataDir]              keep a profile across runs (default: a temp folder, deleted on stop)
 * @property {string} [extensionsDir]            keep installed extensions across runs (default: a temp folder)
 * @property {Record<string, unknown>} [settings] user settings merged over the defaults
 * @property {(line: string) => void} [onLog]   receives each line code-server prints
 * @property {number} [startTimeoutMs]           default 60 s
 * @property {boolean} [firstStart]              a user's first start: the Welcome page as code-server opens it
 *                                               (no startupEditor or getting-started override, no skipWelcome)
 */

/**
 * @param {StartOptions} options
 * @returns {Promise<{ url: string, urlFor: (folder: string, extra?: { extensionTestsPath?: string, extensionDevelopmentPath?: string }) => string, port: number, userDataDir: string, logTail: (n?: number) => string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options) {
  const { folder, extensionDevelopmentPath, env = {}, settings = {}, onLog, startTimeoutMs = 60_000, firstStart = false } = options;
  const testMode = options.extensionTestsPath !== undefined;
  const disableTrust = options.disableWorkspaceTrust ?? testMode;
  const offline = options.offline ?? testMode;
  const { entry } = ensureCodeServer({ quiet: true });

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'archipel-code-server-'));
  const userDataDir = options.userDataDir ?? path.join(tmp, 'user-data');
  // A first start keeps VS Code's start-up page and code-server's own walkthrough: what a user sees.
  const base = firstStart ? Object.fromEntries(Object.entries(BASE_SETTINGS).filter(([key]) => !FIRST_START_OMITS.includes(key))) : BASE_SETTINGS;
  writeSettings(userDataDir, {
    ...base,
    ...(disableTrust ? { 'security.workspace.trust.enabled': false } : {}),
    ...settings,
  });
  const configFile = path.join(tmp, 'config.yaml');
  // Without --config code-server writes ~/.config/code-server/config.yaml; XDG_DATA_HOME keeps
  // its per-run log folders out of ~/.local/share.
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  // VS Code's server, extension host and built-in extensions leave IPC sockets and folders in the
  // temp dir (vscode-ipc-*.sock, vscode-git-*.sock, ...): give them one that goes away with us.
  const tmpdir = path.join(tmp, 'tmp');
  mkdirSync(tmpdir);

  /** @type {string[]} */
  const log = [];
  let partial = '';
  const collect = (/** @type {Buffer} */ chunk) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      log.push(line);
      if (log.length > 2000) log.shift();
      onLog?.(line);
    }
  };

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  let exitHook = () => {};
  let port = 0;
  let lastError = '';
  // A port picked free can be taken before code-server binds it: retry with another.
  for (let attempt = 1; attempt <= 3 && !child; attempt++) {
    port = await freePort();
    const args = [
      entry,
      '--auth', 'none',
      '--bind-addr', `${HOST}:${port}`,
      '--config', configFile,
      '--user-data-dir', userDataDir,
      '--extensions-dir', options.extensionsDir ?? path.join(tmp, 'ext'),
      '--disable-telemetry',
      '--disable-update-check',
      ...(firstStart ? [] : ['--disable-getting-started-override']),
      ...(disableTrust ? ['--disable-workspace-trust'] : []),
      ...(options.enableProposedApi ? ['--enable-proposed-api', options.enableProposedApi] : []),
    ];
    const proc = spawn(process.execPath, args, {
      cwd: folder,
      // Own process group, so stop() ends code-server with its extension host and watchers.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
        TMPDIR: tmpdir,
        // An empty gallery (no serviceUrl) turns the marketplace off: without it VS Code queries
        // open-vsx.org at start-up.
        ...(offline ? { EXTENSIONS_GALLERY: '{}' } : {}),
        ...env,
      },
    });
    // If this process exits without stop() (a signal, an uncaught error), take code-server along.
    const onExit = () => {
      killGroup(proc, 'SIGKILL');
      rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    };
    process.on('exit', onExit);
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve(`exited (${code ?? signal})`)));
    const ready = await waitReady(`http://${HOST}:${port}/healthz`, exited, startTimeoutMs);
    if (ready === true) {
      child = proc;
      exitHook = onExit;
    } else {
      lastError = ready;
      killGroup(proc, 'SIGKILL');
      process.off('exit', onExit);
    }
  }
  if (!child) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`code-server did not start: ${lastError}\n${log.slice(-40).join('\n')}`);
  }

  /**
   * The URL of a window on `forFolder`: with the extension under development, and the tests to run
   * (then no Welcome page, unless a first start).
   * @param {string} forFolder @param {{ extensionTestsPath?: string, extensionDevelopmentPath?: string }} [extra]
   */
  const urlFor = (forFolder, extra = {}) => {
    const payload = [];
    const development = extra.extensionDevelopmentPath ?? extensionDevelopmentPath;
    if (development) payload.push(['extensionDevelopmentPath', remoteUri(port, path.resolve(development))]);
    const tests = extra.extensionTestsPath ?? options.extensionTestsPath;
    if (tests !== undefined) payload.push(['extensionTestsPath', remoteUri(port, path.resolve(tests).replace(/\.js$/, ''))]);
    if (payload.length > 0 && (!firstStart || tests !== undefined)) payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
    const url = `http://${HOST}:${port}/?folder=${encodeURIComponent(path.resolve(forFolder))}`;
    return payload.length > 0 ? `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}` : url;
  };
  const url = urlFor(folder);

  const running = child;
  let stopped = false;
  return {
    url,
    urlFor,
    port,
    userDataDir,
    logTail: (n = 60) => [...log, partial].filter(Boolean).slice(-n).join('\n'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopGroup(running);
      process.off('exit', exitHook);
      rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * @param {string} url @param {Promise<string>} exited @param {number} timeoutMs
 * @returns {Promise<true | string>} true when code-server answers, else why not
 */
async function waitReady(url, exited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let gone = '';
  exited.then((why) => (gone = why));
  while (Date.now() < deadline) {
    if (gone) return gone;
    const status = await probe(url);
    if (status >= 200 && status < 500) return true;
    await delay(100);
  }
  return `no HTTP answer from ${url} within ${timeoutMs / 1000} s`;
}

/** @param {string} userDataDir @param {Record<string, unknown>} settings */
function writeSettings(userDataDir, settings) {
  const dir = path.join(userDataDir, 'User');
  const file = path.join(dir, 'settings.json');
  mkdirSync(dir, { recursive: true });
  /** @type {Record<string, unknown>} */
  let existing = {};
  if (existsSync(file)) {
    try {
      existing = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // settings.json allows comments; leave a hand-edited file alone.
      return;
    }
  }
  // A kept profile's own choices win over our defaults.
  writeFileSync(file, JSON.stringify({ ...settings, ...existing }, null, 2) + '\n');
}

/** @param {import('node:child_process').ChildProcess} proc @param {NodeJS.Signals} signal */
function killGroup(proc, signal) {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM the group, then SIGKILL what is left after a grace period. */
async function stopGroup(/** @type {import('node:child_process').ChildProcess} */ proc) {
  if (proc.pid === undefined) return;
  const exited = proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => proc.once('exit', r));
  killGroup(proc, 'SIGTERM');
  await Promise.race([exited, delay(5000)]);
  // Children of the group (extension host, watchers) may outlive the main process.
  killGroup(proc, 'SIGKILL');
}
