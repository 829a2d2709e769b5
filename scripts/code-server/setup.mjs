// Installs code-server (VS Code in the browser) once into a cache folder, so the extension-host
// tests and `npm start` run in a real VS Code where @vscode/test-electron cannot download one.
//
//   node scripts/code-server/setup.mjs     # idempotent; a second run is a no-op
//
// code-server 4.100.3 embeds VS Code 1.100.3 and runs on Node 20 (later lines want Node 22).
// Its npm package ships VS Code without node_modules: the postinstall script would install them,
// but it insists on `--unsafe-perm`, tries to download ripgrep from GitHub and lets npm 11 skip
// the native builds. So we do its steps ourselves: install with scripts off, then rebuild exactly
// the native addons VS Code loads, against the Node that runs code-server, and check they load.
//
// The work happens in a staging folder that is renamed into place only once everything is
// verified, with a stamp recording the Node ABI: the cache is either complete or absent.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureSystemDeps } from '../lib/system-deps.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';

/** Native addons of VS Code's server that must be compiled for the running Node. */
const VSCODE_NATIVE = ['kerberos', '@vscode/spdlog', 'native-watchdog', 'node-pty', '@vscode/deviceid', '@parcel/watcher'];
/** Native addon of code-server itself (password hashing, loaded at start). */
const CODE_SERVER_NATIVE = ['argon2'];
const STAMP = '.archipel-setup.json';

export function cacheRoot() {
  return process.env.ARCHIPEL_CACHE || path.join(os.homedir(), '.cache', 'archipel');
}

/** Where code-server lives once set up; paths are valid whether or not it is installed yet. */
export function codeServerPaths(root = cacheRoot()) {
  return layout(path.join(root, `code-server-${CODE_SERVER_VERSION}`));
}

/** @param {string} dir */
function layout(dir) {
  const pkg = path.join(dir, 'node_modules', 'code-server');
  return { dir, pkg, entry: path.join(pkg, 'out', 'node', 'entry.js'), vscode: path.join(pkg, 'lib', 'vscode') };
}

function expectedStamp() {
  return {
    codeServer: CODE_SERVER_VERSION,
    nodeAbi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
  };
}

function readStamp(dir) {
  try {
    return JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

function stampMatches(dir) {
  const stamp = readStamp(dir);
  const want = expectedStamp();
  return !!stamp && Object.entries(want).every(([k, v]) => stamp[k] === v);
}

/**
 * The environment for the npm we spawn. When this runs under `npm test`, npm exports its own
 * config (`npm_config_prefix=/work/main`, an empty `npm_config_allow_scripts`, ...) which would
 * point the nested npm at the project instead of the cache folder: drop all of it.
 */
function npmEnv() {
  /** @type {Record<string, string>} */
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  }
  env.npm_config_yes = 'true';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_update_notifier = 'false';
  // node-gyp needs the headers of the Node that will load the addons. A Node installed from a
  // distribution package ships them next to its binary; use them rather than downloading
  // (nodejs.org is not reachable on CI).
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (existsSync(path.join(prefix, 'include', 'node', 'node_version.h'))) env.npm_config_nodedir = prefix;
  return env;
}

/** @param {string[]} args @param {string} cwd */
function npm(args, cwd) {
  const started = Date.now();
  console.log(`[code-server setup] npm ${args.join(' ')}  (in ${cwd})`);
  const r = spawnSync('npm', args, { cwd, env: npmEnv(), stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error) throw r.error;
  // npm 10 warns that nodedir, which node-gyp reads and npm passes on, is not a config of its own:
  // said on every npm run here, it is noise; whatever else npm says on stderr is shown.
  const said = (r.stderr ?? '').split('\n').filter((line) => line && !/^npm warn Unknown env config "nodedir"/.test(line));
  if (said.length > 0) process.stderr.write(said.join('\n') + '\n');
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status})`);
  console.log(`[code-server setup]   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * npm 11 reviews dependency install scripts through package.json's `allowScripts`; say
 * explicitly which ones we build and which we deny (older npm ignores the field).
 * @param {string} pkgJsonPath @param {Record<string, boolean>} decisions
 */
function allowScripts(pkgJsonPath, decisions) {
  const json = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
  json.allowScripts = { ...(json.allowScripts ?? {}), ...decisions };
  writeFileSync(pkgJsonPath, JSON.stringify(json, null, 2) + '\n');
}

/** @param {string[]} names */
const allow = (names) => Object.fromEntries(names.map((n) => [n, true]));

/** Loads each addon in a fresh Node, from `cwd`, to prove it was built for this Node. */
function verifyLoads(cwd, modules) {
  const script = `for (const m of ${JSON.stringify(modules)}) require(m);`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`native modules do not load in ${cwd}:\n${r.stderr || r.stdout}`);
  }
}

function symlink(target, at) {
  rmSync(at, { recursive: true, force: true });
  symlinkSync(target, at);
}

function install(stage) {
  mkdirSync(stage, { recursive: true });
  writeFileSync(
    path.join(stage, 'package.json'),
    JSON.stringify({ name: 'archipel-code-server', private: true }, null, 2) + '\n',
  );
  // code-server's own postinstall is replaced by the steps below.
  allowScripts(path.join(stage, 'package.json'), { ...allow(CODE_SERVER_NATIVE), 'code-server': false });
  npm(['install', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], stage);
  npm(['rebuild', ...CODE_SERVER_NATIVE], stage);
  verifyLoads(stage, CODE_SERVER_NATIVE);

  const vscodeDir = layout(stage).vscode;
  // Denied: ripgrep's postinstall downloads from GitHub (we copy Debian's rg below); the other two
  // are Windows-only.
  allowScripts(path.join(vscodeDir, 'package.json'), {
    ...allow(VSCODE_NATIVE),
    '@vscode/ripgrep': false,
    '@vscode/windows-process-tree': false,
    '@vscode/windows-registry': false,
  });
  npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  npm(['rebuild', ...VSCODE_NATIVE], vscodeDir);
  verifyLoads(vscodeDir, VSCODE_NATIVE);

  // VS Code's search runs ripgrep from @vscode/ripgrep; its postinstall would download it from
  // GitHub. The Debian binary does the same job.
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  chmodSync(path.join(rgDir, 'rg'), 0o755);
  const rg = spawnSync(path.join(rgDir, 'rg'), ['--version'], { encoding: 'utf8' });
  if (rg.status !== 0) throw new Error(`ripgrep copy does not run: ${rg.stderr}`);

  // The rest of code-server's postinstall: VS Code and extensions look in node_modules.asar, and
  // the integrated terminal's `code` / `$BROWSER` helpers.
  symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

  writeFileSync(path.join(stage, STAMP), JSON.stringify({ ...expectedStamp(), installedAt: new Date().toISOString() }, null, 2) + '\n');
}

/** Staging folders of set-ups that were killed (their process is gone). */
function removeAbandonedStages(dir) {
  const prefix = `${path.basename(dir)}.partial-`;
  for (const name of readdirSync(path.dirname(dir))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true });
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/**
 * Makes sure code-server is installed in the cache and returns its paths. A no-op (a stat and a
 * small JSON read) once installed.
 * @param {{ quiet?: boolean }} [options]
 */
export function ensureCodeServer({ quiet = false } = {}) {
  const paths = codeServerPaths();
  if (stampMatches(paths.dir) && existsSync(paths.entry)) {
    if (!quiet) console.log(`[code-server setup] ok: ${paths.dir}`);
    return paths;
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    console.warn(
      `[code-server setup] warning: code-server ${CODE_SERVER_VERSION} supports Node 20, this is Node ${process.versions.node}; ` +
        `its native modules will be built for this Node and may not load.`,
    );
  }
  ensureSystemDeps({ packages: ['libkrb5-dev', 'ripgrep'], quiet: true });

  const started = Date.now();
  console.log(`[code-server setup] installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${paths.dir}`);
  mkdirSync(path.dirname(paths.dir), { recursive: true });
  removeAbandonedStages(paths.dir);
  const stage = `${paths.dir}.partial-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  try {
    install(stage);
    // An old, unstamped or other-ABI install is replaced; a concurrent run that finished first wins.
    if (existsSync(paths.dir)) {
      if (stampMatches(paths.dir)) {
        rmSync(stage, { recursive: true, force: true });
        return paths;
      }
      rmSync(paths.dir, { recursive: true, force: true });
    }
    renameSync(stage, paths.dir);
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    throw err;
  }
  console.log(`[code-server setup] ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${paths.dir}`);
  return paths;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureCodeServer();
  } catch (err) {
    console.error(`[code-server setup] failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}

/**
 * Installs a VSIX as a user would (code-server's --install-extension, no gallery) into `extensionsDir`,
 * and returns the folder it was installed in (test-extension.mjs's installed-VSIX layer, walkthrough-pictures.mjs).
 * @param {string} vsix @param {string} extensionsDir @returns {string}
 */
export function installVsix(vsix, extensionsDir) {
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
  const { entry } = ensureCodeServer({ quiet: true });
  const result = spawnSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    encoding: 'utf8',
    env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
  });
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${result.stdout}${result.stderr}`);
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8'));
  const prefix = `${manifest.publisher}.${manifest.name}-`.toLowerCase();
  const installed = readdirSync(extensionsDir).find((name) => name.toLowerCase().startsWith(prefix));
  if (!installed) throw new Error(`no ${prefix}* folder in ${extensionsDir} after installing ${vsix}:\n${result.stdout}`);
  return path.join(extensionsDir, installed);
}
