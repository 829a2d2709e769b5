// `npm run package`: builds the installable extension, one VSIX per platform, with @vscode/vsce.
//
//   npm run package                          # every platform whose native packages can be had
//   npm run package -- --target linux-x64    # only the platforms named
//   npm run package -- --no-docs             # docs/install.md left as it is (npm test packages with it: a test never writes a tracked file)
//
// A VSIX holds only what the extension runs: the production bundles (dist/, minified, no source
// maps), the schemas, grammars, snippets, the embedded face model (models/), the `archipel` shims
// (bin/), the walkthrough's media and the example workspace it
// copies (examples/portfolio), the manifest's translations (package.nls*.json, l10n/), README and LICENSE, and that platform's native files of
// sharp, onnxruntime-node and DuckDB. Those go in dist/node_modules/, where the bundles find them (Node
// looks up from dist/client and dist/server); vsce's own dependency detection is off
// (--no-dependencies: it would pack all of node_modules). No package's JavaScript is shipped as
// published (#52: vsce counted 467 JavaScript files): sharp's is in the server bundles; the two
// packages they leave external, onnxruntime-node and DuckDB's Node API, are each bundled here into
// the one file their package.json names, beside their native files; the precompiled validators
// are bundled in place with the ajv helper they require.
//
// sharp's native files are per-platform npm packages (@img/sharp-<platform>, and
// @img/sharp-libvips-<platform> apart from Windows); the one of this machine is installed, the
// others are fetched from the npm registry with `npm pack` into ~/.cache/archipel/npm-packs
// (ARCHIPEL_CACHE moves it). onnxruntime-node ships every platform's binaries in its package.
// A platform whose packages cannot be had is reported and skipped.
//
// The repository's part of it is what git tracks, as git has it (the index, through `git
// checkout-index`), never the working tree's state: after a pipeline run examples/portfolio holds
// dvc.lock, .archipel/, data/, metrics/, blurred images, predictions: none of it is packed. Each
// VSIX's entries are then checked against the allow-list (allowedEntry): the manifest files, dist/
// and the tracked files of CONTENT; anything else fails the packaging.
//
// Each VSIX's size is printed and checked against its budget (BUDGET_MB): over budget fails; the
// sizes, files and JavaScript files of the targets built are written into docs/install.md's table.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { singleValidatorModules } from './gen-validators.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const require = (await import('node:module')).createRequire(import.meta.url);

/** VSIX size budgets (MB, as compressed): the native files dominate (onnxruntime's are largest on Windows). */
// DuckDB's binding (issue #29) adds 24 MB (linux-x64), 37 MB (darwin-arm64: a universal binary) and 14 MB (win32-x64) compressed.
// Terraform's provider schemas for completion and hover (#66: aws, google, azurerm, 6.8 MB, ~1.2 MB compressed) and
// Threagile's and fideslang's data (#65) took darwin-arm64 to 65.2 MB: each budget 2 MB higher (2026-11-25).
// Three days of features since (the policy evaluators, privacy's communes, the dated price lists, the continuity and
// threats readers) took darwin-arm64 to 67.3 MB, win32-x64 to 61.9 MB: each budget 2 MB higher again (2026-11-28).
export const BUDGET_MB = { 'linux-x64': 59, 'darwin-arm64': 69, 'win32-x64': 64 };

/** The platforms built: VS Code's target name, Node's platform and arch. */
export const TARGETS = {
  'linux-x64': { platform: 'linux', arch: 'x64', libvips: true },
  'darwin-arm64': { platform: 'darwin', arch: 'arm64', libvips: true },
  'win32-x64': { platform: 'win32', arch: 'x64', libvips: false },
};

/** What a VSIX holds besides dist/ and the native packages (folders and files of the repository). */
const CONTENT = ['schemas', 'syntaxes', 'snippets', 'models', 'bin', 'l10n', 'README.md', 'LICENSE', 'package.nls.json', 'package.nls.fr.json', 'media', 'docs/images', 'examples/portfolio', 'server/src/engines/blur/pixels.wasm'];
/** What of CONTENT stays in the repository: the grammar test fixtures. */
const NOT_PACKED = ['syntaxes/test/'];

/**
 * The files of CONTENT that git tracks in `repository` (paths with `/`), without NOT_PACKED: the
 * repository's part of a VSIX. Throws when `repository` is not a git work tree (a VSIX is built
 * from a clone, never from whatever a folder holds).
 */
export function trackedContent(repository = root, items = CONTENT) {
  const listed = spawnSync('git', ['-C', repository, 'ls-files', '-z', '--', ...items], { encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files in ${repository} failed (a VSIX is built from a git clone): ${(listed.stderr || '').trim() || `exit ${listed.status}`}`);
  return listed.stdout.split('\0').filter((f) => f !== '' && !NOT_PACKED.some((prefix) => f.startsWith(prefix))).sort();
}

/** VSIX entries vsce writes itself, beside `extension/`. */
const VSCE_ENTRIES = new Set(['extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/LICENSE.txt', 'extension/readme.md', 'extension/README.md']);

/**
 * Whether a VSIX entry may be there: vsce's own files, the build (extension/dist/), or a tracked
 * file of CONTENT (`tracked`: trackedContent()). Everything else is the working tree leaking in.
 */
export function allowedEntry(entry, tracked) {
  if (VSCE_ENTRIES.has(entry) || entry.startsWith('extension/dist/')) return true;
  return entry.startsWith('extension/') && tracked.has(entry.slice('extension/'.length));
}

/** The names of a zip file's entries, from its central directory (no extraction). */
export function zipEntries(file) {
  const zip = readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

const log = (msg) => console.log(`[package] ${msg}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function version(pkg) {
  return JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
}

function cacheRoot() {
  return process.env.ARCHIPEL_CACHE || path.join(os.homedir(), '.cache', 'archipel');
}

/** The folder of an npm package for a platform: installed here, else unpacked from the registry (cached). */
function platformPackage(name, wanted) {
  try {
    const installed = path.dirname(require.resolve(`${name}/package.json`));
    if (JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version === wanted) return installed;
  } catch {
    // Not installed here (another platform's package): fetched below.
  }
  const folder = path.join(cacheRoot(), 'npm-packs', `${name.replace('/', '+')}@${wanted}`);
  if (existsSync(path.join(folder, 'package', 'package.json'))) return path.join(folder, 'package');
  mkdirSync(folder, { recursive: true });
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_(prefix|global|location)$/i.test(key)) delete env[key];
  const packed = spawnSync('npm', ['pack', `${name}@${wanted}`, '--silent', '--pack-destination', folder], { encoding: 'utf8', env });
  if (packed.status !== 0) throw new Error(`npm pack ${name}@${wanted}: ${packed.stderr.trim() || `exit ${packed.status}`}`);
  const tarball = readdirSync(folder).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${name}@${wanted} wrote no tarball`);
  run('tar', ['-xzf', path.join(folder, tarball), '-C', folder]);
  return path.join(folder, 'package');
}

/** Copies a package folder (without its own nested node_modules) into the staging node_modules. */
function copyPackage(from, modules, name) {
  cpSync(from, path.join(modules, name), { recursive: true, filter: (src) => !path.relative(from, src).split(path.sep).includes('node_modules') });
}

/**
 * Bundles a package's JavaScript (with what it requires) into `outfile`, the file its package.json
 * names, leaving `external` (its native files) to be found at run time as the package finds them;
 * the licences of the packages inlined go beside it (licenses/<package>/).
 * @param {string} entry @param {string} outfile @param {string[]} external
 */
function bundleInto(entry, outfile, external) {
  const result = esbuild.buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, legalComments: 'none', external, metafile: true, logLevel: 'warning', allowOverwrite: true });
  const packages = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    packages.add(path.join(input.slice(0, at + 'node_modules/'.length), ...parts.slice(0, parts[0].startsWith('@') ? 2 : 1)));
  }
  for (const folder of packages) {
    const licence = readdirSync(folder).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    if (licence) cpSync(path.join(folder, licence), path.join(path.dirname(outfile), 'licenses', path.basename(path.dirname(folder)).startsWith('@') ? path.join(path.basename(path.dirname(folder)), path.basename(folder)) : path.basename(folder), licence));
  }
}

/** The precompiled validators (scripts/gen-validators.mjs) require an ajv helper at run time: each bundled in place with it. */
function bundleValidators(staging) {
  const server = path.join(staging, 'dist', 'server');
  const files = [...singleValidatorModules.map((name) => path.join(server, name)), ...readdirSync(path.join(server, 'k8s-validators')).filter((f) => f.endsWith('.js')).map((f) => path.join(server, 'k8s-validators', f))];
  for (const file of files) if (existsSync(file) && /require\("[^"./]/.test(readFileSync(file, 'utf8'))) bundleInto(file, file, []);
}

/** The staging folder of a target: the files its VSIX holds, laid out as installed. */
function stage(target, staging, build) {
  const { platform, arch, libvips } = TARGETS[target];
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(build, path.join(staging, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  // The tracked files of CONTENT as git has them (not the working tree's: no run's leftovers).
  const checkout = spawnSync('git', ['-C', root, 'checkout-index', '-z', `--prefix=${staging}${path.sep}`, '--stdin'], { input: `${trackedContent().join('\0')}\0`, encoding: 'utf8' });
  if (checkout.status !== 0) throw new Error(`git checkout-index failed: ${checkout.stderr.trim() || `exit ${checkout.status}`}`);
  const modules = path.join(staging, 'dist', 'node_modules');
  // sharp's JavaScript is in the server bundles, which load only its native package from here.
  const sharpNative = `@img/sharp-${platform}-${arch}`;
  const sharpVersion = version('sharp');
  copyPackage(platformPackage(sharpNative, sharpVersion), modules, sharpNative);
  if (libvips) {
    const libvipsName = `@img/sharp-libvips-${platform}-${arch}`;
    const libvipsVersion = JSON.parse(readFileSync(path.join(modules, sharpNative, 'package.json'), 'utf8')).optionalDependencies[libvipsName];
    copyPackage(platformPackage(libvipsName, libvipsVersion), modules, libvipsName);
  }
  // onnxruntime-node (external to the bundles): its JavaScript and onnxruntime-common's bundled
  // into its dist/index.js, whose require of ../bin/napi-v6/<platform>/<arch>/ finds this
  // platform's binaries beside it. Its other dependencies serve its install script alone. Its
  // licence (MIT) is stated in package.json (the package ships no LICENSE file).
  const ort = path.dirname(require.resolve('onnxruntime-node/package.json'));
  const ortBin = path.join('bin', 'napi-v6', platform, arch);
  if (!existsSync(path.join(ort, ortBin))) throw new Error(`onnxruntime-node ${version('onnxruntime-node')} has no ${ortBin}`);
  mkdirSync(path.join(modules, 'onnxruntime-node', ortBin), { recursive: true });
  cpSync(path.join(ort, 'package.json'), path.join(modules, 'onnxruntime-node', 'package.json'));
  bundleInto(require.resolve('onnxruntime-node'), path.join(modules, 'onnxruntime-node', 'dist', 'index.js'), ['*.node']);
  cpSync(path.join(ort, ortBin), path.join(modules, 'onnxruntime-node', ortBin), { recursive: true });
  // DuckDB (data validation, issue #29): its Node API (external to the bundles) and its bindings'
  // loader bundled into lib/index.js, which requires this platform's binding package by name.
  const duckApi = path.dirname(require.resolve('@duckdb/node-api/package.json'));
  mkdirSync(path.join(modules, '@duckdb', 'node-api'), { recursive: true });
  cpSync(path.join(duckApi, 'package.json'), path.join(modules, '@duckdb', 'node-api', 'package.json'));
  bundleInto(require.resolve('@duckdb/node-api'), path.join(modules, '@duckdb', 'node-api', 'lib', 'index.js'), ['@duckdb/node-bindings-*']);
  const duckNative = `@duckdb/node-bindings-${platform}-${arch}`;
  copyPackage(platformPackage(duckNative, version('@duckdb/node-bindings')), modules, duckNative);
  bundleValidators(staging);
  // jsdom (bundled into the Mermaid worker) reads two files from its installed package.
  const jsdom = path.dirname(require.resolve('jsdom/package.json'));
  for (const file of ['package.json', 'LICENSE.txt', 'lib/jsdom/browser/default-stylesheet.css', 'lib/jsdom/living/xhr/xhr-sync-worker.js']) {
    mkdirSync(path.dirname(path.join(modules, 'jsdom', file)), { recursive: true });
    cpSync(path.join(jsdom, file), path.join(modules, 'jsdom', file));
  }
  // sql.js (MLflow's mlflow.db, issue #40): its JavaScript is bundled; its WebAssembly is found at run time
  // with require.resolve('sql.js/dist/sql-wasm.wasm'), from the package's manifest (which exports ./dist/*).
  // (Its manifest is not exported: the folder is found from the WebAssembly file, which is.)
  const sqljs = path.dirname(path.dirname(require.resolve('sql.js/dist/sql-wasm.wasm')));
  for (const file of ['package.json', 'LICENSE', 'dist/sql-wasm.wasm']) {
    mkdirSync(path.dirname(path.join(modules, 'sql.js', file)), { recursive: true });
    cpSync(path.join(sqljs, file), path.join(modules, 'sql.js', file));
  }
  // The manifest without what only the repository needs (scripts, dependencies: all bundled or staged).
  const { scripts: _scripts, dependencies: _dependencies, devDependencies: _devDependencies, ...published } = manifest;
  published.files = ['dist', ...CONTENT.filter((item) => existsSync(path.join(staging, item)))];
  writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
}

/** Total size of a folder's files (bytes). */
function sizeOf(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

/** The markers of docs/install.md's table of sizes, which each `npm run package` writes. */
export const SIZES_BEGIN = '<!-- sizes: written by `npm run package` (scripts/package.mjs); a target not built keeps its row -->';
export const SIZES_END = '<!-- /sizes -->';

/**
 * `page` (docs/install.md) with its table of sizes rewritten: a row per target, those `built` now
 * with their measures and `date`, the others as the page had them; the table between SIZES_BEGIN
 * and SIZES_END (a page without them is returned unchanged: nothing is written in the wrong place).
 * @param {string} page
 * @param {{ target: string, size: number, unpacked: number, files: number, javascript: number }[]} built
 * @param {string} date YYYY-MM-DD
 */
export function withSizes(page, built, date) {
  const begin = page.indexOf(SIZES_BEGIN);
  const end = page.indexOf(SIZES_END);
  if (begin < 0 || end < begin) return page;
  const old = new Map(page.slice(begin, end).split('\n').filter((line) => /^\| [a-z0-9-]+ \|/.test(line)).map((line) => [line.split('|')[1].trim(), line]));
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  const rows = Object.keys(TARGETS).map((target) => {
    const now = built.find((b) => b.target === target);
    // A row not built now keeps its measures, with today's budget (#98: a kept row showed a budget two changes old).
    if (!now) return old.has(target) ? old.get(target).split('|').map((cell, i) => (i === 4 ? ` ${BUDGET_MB[target]} MB ` : cell)).join('|') : `| ${target} | not built yet | | ${BUDGET_MB[target]} MB | | | |`;
    return `| ${target} | ${mb(now.size)} (${(now.size / 2 ** 20).toFixed(1)} MiB) | ${mb(now.unpacked)} | ${BUDGET_MB[target]} MB | ${now.files} | ${now.javascript} | ${date} |`;
  });
  const table = ['| VSIX | size | unpacked | budget | files | JavaScript files (`.js`, as vsce counts them) | measured |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
  return `${page.slice(0, begin)}${SIZES_BEGIN}\n${table}\n${page.slice(end)}`;
}

export function vsixPath(target) {
  return path.join(root, 'dist-vsix', `${manifest.name}-${target}-${manifest.version}.vsix`);
}

/** vsce's bound (its "you should bundle your extension" warning past it): JavaScript files in a VSIX, `.js` as it counts them. */
export const VSCE_JAVASCRIPT_FILES = 100;

/** vsce package, its output echoed with each warning once per packaging run (the same warning for every target said three times is noise). */
const warned = new Set();
function vscePackage(args, cwd) {
  const result = spawnSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), ...args], { cwd, encoding: 'utf8' });
  const plain = (line) => line.replace(/\u001b\[[0-9;]*m/g, '').trim();
  const shown = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').filter((line) => {
    if (!/\bWARNING\b/.test(plain(line))) return true;
    const seen = warned.has(plain(line));
    warned.add(plain(line));
    return !seen;
  });
  process.stdout.write(`${shown.join('\n').replace(/\n{3,}/g, '\n\n')}\n`);
  if (result.status !== 0) throw new Error(`vsce ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Builds the production bundles, then one VSIX per target; returns their sizes (bytes). */
export function packageTargets(targets) {
  // In a folder of their own, never over dist/: the development build there is what the tests of another lane run
  // while the VSIX is packaged (npm test's vsix layer beside its protocol layer: the built CLI's chunks, renamed by a
  // production build under it, were gone mid-run).
  const build = path.join(root, 'dist-vsix', 'build');
  log('production bundles (node esbuild.mjs --production --outdir=dist-vsix/build)');
  rmSync(build, { recursive: true, force: true });
  run(process.execPath, [path.join(root, 'esbuild.mjs'), '--production', `--outdir=${build}`], { cwd: root });
  const built = [];
  for (const target of targets) {
    const staging = path.join(root, 'dist-vsix', 'staging', target);
    try {
      stage(target, staging, build);
    } catch (error) {
      log(`${target}: skipped: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const out = vsixPath(target);
    mkdirSync(path.dirname(out), { recursive: true });
    vscePackage(['package', '--no-dependencies', '--target', target, '--out', out, '--allow-missing-repository', '--no-rewrite-relative-links'], staging);
    const tracked = new Set(trackedContent());
    // One bundle per entry (#69): past vsce's bound the package fails here, not with a warning scrolled by.
    const javascript = zipEntries(out).filter((entry) => /\.js$/i.test(entry));
    if (javascript.length > VSCE_JAVASCRIPT_FILES) throw new Error(`${path.basename(out)} holds ${javascript.length} JavaScript files, past vsce's ${VSCE_JAVASCRIPT_FILES}: bundle what was split (esbuild.mjs) — ${javascript.slice(0, 10).join(', ')}, …`);
    const stray = zipEntries(out).filter((entry) => !allowedEntry(entry, tracked));
    if (stray.length > 0) throw new Error(`${path.basename(out)} holds ${stray.length} file(s) outside the allow-list (neither the build nor tracked by git): ${stray.slice(0, 20).join(', ')}`);
    const size = statSync(out).size;
    // Its checksum beside it, as `sha256sum -c` reads it: what a CI runner pins before it runs the CLI it holds (docs/ci.md).
    const sha256 = createHash('sha256').update(readFileSync(out)).digest('hex');
    writeFileSync(`${out}.sha256`, `${sha256}  ${path.basename(out)}\n`);
    log(`${path.basename(out)}: sha256 ${sha256}`);
    const files = zipEntries(out).filter((entry) => entry.startsWith('extension/'));
    built.push({ target, size, unpacked: sizeOf(staging), files: files.length, javascript: files.filter((f) => /\.js$/i.test(f)).length });
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(path.join(root, 'dist-vsix', 'staging'), { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
  return built;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const named = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--target' ? [a] : a.startsWith('--target=') ? [a.slice(9)] : []));
  const targets = named.length > 0 ? named : Object.keys(TARGETS);
  for (const t of targets) if (!(t in TARGETS)) throw new Error(`unknown target ${t}; targets: ${Object.keys(TARGETS).join(', ')}`);
  const built = packageTargets(targets);
  let over = false;
  console.log('\ntarget         VSIX (MB)   unpacked (MB)   budget (MB)');
  for (const { target, size, unpacked } of built) {
    const mb = size / 1e6;
    if (mb > BUDGET_MB[target]) over = true;
    console.log(`${target.padEnd(14)} ${mb.toFixed(1).padStart(9)}   ${(unpacked / 1e6).toFixed(1).padStart(13)}   ${String(BUDGET_MB[target]).padStart(11)}${mb > BUDGET_MB[target] ? '  OVER BUDGET' : ''}`);
  }
  if (built.length === 0) {
    console.error('[package] no VSIX built');
    process.exit(1);
  }
  // docs/install.md says what this run measured (#69: its sizes were written by hand, and went stale).
  const install = path.join(root, 'docs', 'install.md');
  const page = readFileSync(install, 'utf8');
  const written = withSizes(page, built, new Date().toISOString().slice(0, 10));
  if (written !== page && !process.argv.includes('--no-docs')) {
    writeFileSync(install, written);
    log(`docs/install.md: sizes of ${built.map((b) => b.target).join(', ')} written`);
  }
  if (over) process.exit(1);
}
