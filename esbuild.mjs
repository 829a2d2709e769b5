// Bundles the extension: client (node, cjs, vscode external), server + CLI (node, cjs, native
// packages external) and the webview pages (browser, esm). `tsc -b` type-checks separately.
//   node esbuild.mjs [--production] [--watch] [--outdir=<folder>]   (npm run build)
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { generateValidators } from './scripts/gen-validators.mjs';
import { loadFamilies } from './scripts/lib/families.mjs';
import { jsdomBundle, RUNTIME_FILES as JSDOM_RUNTIME_FILES } from './scripts/lib/jsdom-bundle.mjs';
import { mermaidConfigPatch } from './scripts/lib/mermaid-patch.mjs';
import { SERVER_NATIVE_EXTERNALS } from './scripts/lib/server-externals.mjs';
import { answerHelp } from './scripts/lib/help.mjs';

answerHelp(import.meta.url);

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// `--outdir=<folder>` (default dist): where the bundles go. The packaging builds its production bundles in a folder of its
// own (scripts/package.mjs), never over dist/, which the tests of another lane may be running at the same time.
const OUT = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The server side: bundles next to each other in dist/server, for Node. jsonc-parser's `main` is a
 * UMD build whose requires esbuild cannot follow: its ES module build is bundled instead.
 */
const serverSide = { ...common, outdir: path.join(OUT, 'server'), platform: 'node', format: 'cjs', target: 'node20', alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' } };

const webviewEntries = existsSync('webviews')
  ? readdirSync('webviews', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join('webviews', d.name, 'main.ts')))
      .map((d) => ({ in: path.join('webviews', d.name, 'main.ts'), out: d.name }))
  : [];

// The families' worker bundles (each family's `workers`: blurWorker, predictWorker, …), from the families' list.
const { families, workerEntries, standaloneCommands, usageOf, commandNames } = await loadFamilies();
// The commands with a bundle of their own (a family command's `standalone`: blurCli for `archipel blur`).
const commands = standaloneCommands(families);

/**
 * The language server never runs a CLI command: the command modules a family loads on demand
 * (`await import('../cli/blur.js')`) are left out of its bundle (an empty module in their place).
 */
const noCliCommands = {
  name: 'no-cli-commands',
  setup(build) {
    build.onResolve({ filter: /\/cli\/[^/]+\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'no-cli-command' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'no-cli-command' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/**
 * The CLI never registers a request (requests are the language server's: families/index.ts requestsOf): in
 * its bundle, the modules a family's descriptor imports its `requests` from (`../<folder>/register`,
 * `../engines/<engine>/register`) are left out, a function that throws in place of each of their exports.
 * They brought the LSP protocol (vscode-jsonrpc, 229 KB) and each family's request handlers into every
 * `archipel check` (issue #68). Only the descriptors' imports are replaced: another module importing a
 * register module gets the real one.
 */
const noServerRequests = {
  name: 'no-server-requests',
  setup(build) {
    const families = `${path.sep}server${path.sep}src${path.sep}families${path.sep}`;
    build.onResolve({ filter: /\/register(\.js)?$/ }, (args) => {
      if (!args.importer.includes(families)) return undefined;
      const file = path.resolve(args.resolveDir, `${args.path.replace(/\.js$/, '')}.ts`);
      if (!existsSync(file)) throw new Error(`${args.importer}: no ${file}`);
      return { path: file, namespace: 'no-server-requests' };
    });
    build.onLoad({ filter: /.*/, namespace: 'no-server-requests' }, (args) => {
      const names = [...readFileSync(args.path, 'utf8').matchAll(/^export (?:async )?(?:function\*? ?|const |let |class )([A-Za-z_$][\w$]*)/gm)].map((match) => match[1]);
      const module = path.relative(process.cwd(), args.path).split(path.sep).join('/');
      const contents = names.map((name) => `export function ${name}() { throw new Error(${JSON.stringify(`${module}: ${name} is the language server's, not in the CLI's bundle`)}); }`).join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * A family's descriptor names its French catalogue (`french: frX`, imported from `../x/fr`); the CLI adds every
 * family's catalogue from the families' light entries when it speaks French, before it loads any descriptor
 * (cliMain.ts loadFamilies: `entry.french()`, each catalogue a chunk of its own). In the CLI's bundle the descriptors'
 * imports of their catalogue are left out (`frX` undefined there), so that a check in English does not evaluate
 * the French of the families it loads (a Dockerfile's: 32 KB of source, issue #68). Only the descriptors' imports are
 * replaced: another module importing a catalogue gets the real one.
 */
const noDescriptorFrench = {
  name: 'no-descriptor-french',
  setup(build) {
    const families = `${path.sep}server${path.sep}src${path.sep}families${path.sep}`;
    build.onResolve({ filter: /^\.\.\/[a-z0-9-]+\/fr(\.js)?$/ }, (args) => {
      if (args.kind !== 'import-statement' || !args.importer.includes(families) || args.importer.endsWith('.generated.ts')) return undefined;
      const file = path.resolve(args.resolveDir, `${args.path.replace(/\.js$/, '')}.ts`);
      if (!existsSync(file)) throw new Error(`${args.importer}: no ${file}`);
      return { path: file, namespace: 'no-descriptor-french' };
    });
    build.onLoad({ filter: /.*/, namespace: 'no-descriptor-french' }, (args) => {
      const names = [...readFileSync(args.path, 'utf8').matchAll(/^export const ([A-Za-z_$][\w$]*)/gm)].map((match) => match[1]);
      if (names.length === 0) throw new Error(`${args.path}: no exported catalogue`);
      return { contents: names.map((name) => `export const ${name} = undefined;`).join('\n'), loader: 'js' };
    });
  },
};

/**
 * Libraries a family needs only once a file of its kind shows up (PromQL's parser and CodeMirror,
 * dockerfile-ast, re2js: 1.5 MB) are not read at every start of the language server or the CLI:
 * each `server/src/<folder>/<name>.lazy.ts` module is a bundle of its own, `dist/server/lazy/<folder>-<name>.js`,
 * and a `require('./<name>.lazy')` in the other bundles becomes a require of that file at run time
 * (tsc's out/ keeps the plain module). `import type` of it costs nothing.
 */
function lazyModules() {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.lazy.ts')) found.push(file);
    }
  };
  walk(path.join('server', 'src'));
  return found;
}
const lazyName = (file) => `lazy/${path.basename(path.dirname(file))}-${path.basename(file, '.lazy.ts')}`;
const lazyEntries = Object.fromEntries(lazyModules().map((file) => [lazyName(file), file]));
const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    build.onResolve({ filter: /\.lazy(\.js)?$/ }, (args) => {
      if (args.kind !== 'require-call') throw new Error(`${args.importer}: ${args.path} is a .lazy module: require() it on first use (an import would bundle it)`);
      const file = path.relative(process.cwd(), path.resolve(args.resolveDir, args.path.replace(/\.js$/, '') + '.ts'));
      if (!lazyEntries[lazyName(file)]) throw new Error(`${args.importer}: no ${file}`);
      return { path: `./${lazyName(file)}.js`, external: true };
    });
  },
};

/**
 * The `yaml` package in the CLI's bundle (issue #68): every `import … from 'yaml'` of the kernel and its chunks
 * resolves to one small CommonJS module whose exports are getters requiring `server/src/yaml/library.lazy.ts`'s
 * bundle (`lazy/yaml-library.js`, minified) on the first read of any of them. esbuild reads a CommonJS module's
 * named imports at each use (`import_yaml.isMap(…)`), so the package is read when a YAML text is first parsed or
 * a node first tested, never by a check that reads no YAML (a Dockerfile's), and every use gets the package's own
 * value (its classes, its `Symbol.for` node types). The names are the package's, read here at build time. The
 * language server's bundle imports the package itself (it parses YAML from its first scan).
 */
const YAML_NAMES = Object.keys(createRequire(import.meta.url)('yaml')).filter((name) => name !== 'default' && name !== '__esModule');
const lazyYaml = {
  name: 'lazy-yaml',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'lazy-yaml' }));
    build.onLoad({ filter: /^yaml$/, namespace: 'lazy-yaml' }, () => ({
      contents: [
        `const names = ${JSON.stringify(YAML_NAMES)};`,
        // On the first read: the package's values put in place of the getters (a use reads a plain property then).
        'function load() {',
        "  const library = require('./library.lazy');",
        '  for (const name of names) Object.defineProperty(exports, name, { enumerable: true, value: library[name] });',
        '  return library;',
        '}',
        'for (const name of names) Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: () => load()[name] });',
      ].join('\n'),
      resolveDir: path.resolve('server', 'src', 'yaml'),
      loader: 'js',
    }));
  },
};

/**
 * Node's built-in modules a check rarely calls, in the CLI's bundles (issue #68): an import of one resolves to a small
 * CommonJS module whose exports are getters, each requiring the built-in on its first read and putting the value in
 * place of the getter (the lazy-yaml plugin's way: esbuild reads a CommonJS module's named imports at each use). The
 * kernel imports node:crypto, node:v8, node:zlib, node:fs/promises, node:perf_hooks and node:worker_threads at the
 * top of modules every check runs (the index cache, the index threads, the heap pacer, the kept outputs), which
 * loaded some 90 internal modules of Node (~7 ms and ~430 page faults) for calls a one-file check never makes. The
 * names are the built-in's own, read here at build time; a name read takes only its own value (some of
 * node:crypto's are deprecated getters, which warn when read).
 */
const LAZY_BUILTINS = ['crypto', 'v8', 'zlib', 'fs/promises', 'perf_hooks', 'worker_threads'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.map((name) => name.replace('/', '\\/')).join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: [
        `const names = ${JSON.stringify(Object.keys(createRequire(import.meta.url)(`node:${args.path}`)).filter((name) => name !== 'default'))};`,
        'let builtin;',
        'for (const name of names)',
        '  Object.defineProperty(exports, name, {',
        '    enumerable: true,',
        '    configurable: true,',
        '    get() {',
        `      const value = (builtin ??= require(${JSON.stringify(`node:${args.path}`)}))[name];`,
        '      Object.defineProperty(exports, name, { enumerable: true, value });',
        '      return value;',
        '    },',
        '  });',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * The CLI's kernel, cliMain.js, is split at its dynamic imports (the commands a family loads on
 * run, `await import('../cli/serve.js')`: Fastify, the engines, Markdown's parser…) and at each family's
 * descriptor (families/lazy.generated.ts `load`, issue #68): `archipel check` reads the kernel and the
 * chunks of the families its files need, not every command's or family's code (6.3 MB before). esbuild
 * splits ES modules only: the split is built as ES modules into CLI_STAGING, then each file is
 * turned into a CommonJS module of dist/server (its imports of chunks become requires of them),
 * which bin.ts loads through the code cache, chunk by chunk. The chunks are packed in one file beside
 * cliMain.js, `cliMain-parts.pack` (startup/codeCache.ts reads it: a JSON index line, then the sources),
 * each run as `dist/server/cliMain-<hash>.js` would be, so that `__dirname` in any of them is dist/server
 * as in the other bundles: dozens of chunks are one file in the package (vsce's bound of 100 JavaScript
 * files) and one file to open at start.
 */
const CLI_STAGING = path.join(OUT, '.cli-esm');
const CLI_COMMONJS = path.join(OUT, '.cli-cjs');
const CLI_PACK = 'cliMain-parts.pack';
const CLI_CHUNK = /^cliMain-([A-Z0-9]+\.js(\.map)?|parts\.pack)$/;

/** Writes `files` (chunk names → their paths) into one pack: the JSON index line, then each source. */
function writePack(target, files) {
  const index = {};
  const bodies = [];
  let offset = 0;
  for (const [name, file] of files) {
    const body = readFileSync(file);
    index[name] = [offset, body.length];
    bodies.push(body);
    offset += body.length;
  }
  writeFileSync(target, Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), ...bodies]));
}
/**
 * esbuild's `__toESM` (the split build's runtime chunk, shared by every chunk) makes a new object of getters over a
 * CommonJS module's exports at each import of it: `import path from 'node:path'` (through lazy-builtins) or of the
 * lazy-yaml getters in each of the ~70 chunks a check loads copies the same names again (~100 KB allocated a check,
 * issue #68). Memoised here: one copy per module (and per interop mode) for the process; the modules so imported are
 * built-ins, the lazy getter modules and bundled CommonJS packages, whose exports are all set when their require
 * returns. A primitive or null is left to the original.
 */
function sharedInteropCopies(text, file) {
  // The split build is minified: `<name>=(e,t,a)=>(a=e!=null?<create>(<protoOf>(e)):{},<copyProps>(t||!e||!e.__esModule?<defProp>(a,"default",{value:e,enumerable:!0}):a,e))`.
  const toESM = /(?<=[,\s;]|^)([\w$]+)=(\(([\w$]+),([\w$]+),([\w$]+)\)=>\(\5=\3!=null\?[\w$]+\([\w$]+\(\3\)\):\{\},[\w$]+\(\4\|\|!\3\|\|!\3\.__esModule\?[\w$]+\(\5,"default",\{value:\3,enumerable:!0\}\):\5,\3\)\))/g;
  const found = [...text.matchAll(toESM)];
  if (found.length === 0) {
    if (text.includes('.__esModule?')) throw new Error(`${file}: esbuild's __toESM is not as expected: update esbuild.mjs's sharedInteropCopies`);
    return text;
  }
  if (found.length > 1) throw new Error(`${file}: ${found.length} definitions of esbuild's __toESM`);
  const [whole, name, original] = found[0];
  const memoised = `${name}=((copy,copies)=>(mod,node)=>{if(mod===null||typeof mod!="object"&&typeof mod!="function")return copy(mod,node);const of=copies[node?1:0];let made=of.get(mod);return made===void 0&&of.set(mod,made=copy(mod,node)),made})(${original},[new WeakMap,new WeakMap])`;
  return text.slice(0, found[0].index) + memoised + text.slice(found[0].index + whole.length);
}

const cliToCommonJs = {
  name: 'cli-to-commonjs',
  setup(build) {
    build.onStart(() => rmSync(CLI_STAGING, { recursive: true, force: true }));
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const server = path.join(OUT, 'server');
      // The previous build's chunks, named by content hash, are not left to pile up.
      if (existsSync(server)) for (const name of readdirSync(server)) if (CLI_CHUNK.test(name)) rmSync(path.join(server, name));
      const files = readdirSync(CLI_STAGING).filter((name) => name.endsWith('.js')).map((name) => path.join(CLI_STAGING, name));
      for (const file of files) writeFileSync(file, sharedInteropCopies(readFileSync(file, 'utf8'), file));
      // Not bundled again: each file converted alone (its source map chained to the sources); an
      // `import()` of a chunk becomes a require of it (a CommonJS module run through the code cache
      // has no loader for import(), and the chunk is CommonJS now).
      rmSync(CLI_COMMONJS, { recursive: true, force: true });
      // Minified as the split build above (its output comes out of esbuild unminified otherwise: the CommonJS wrapping).
      await esbuild.build({ ...common, minify: true, bundle: false, entryPoints: files, outdir: CLI_COMMONJS, platform: 'node', format: 'cjs', target: 'node20', supported: { 'dynamic-import': false } });
      const built = readdirSync(CLI_COMMONJS);
      const chunks = built.filter((name) => /^cliMain-[A-Z0-9]+\.js$/.test(name)).sort();
      writePack(path.join(server, CLI_PACK), chunks.map((name) => [name, path.join(CLI_COMMONJS, name)]));
      // cliMain.js itself, and the source maps (a stack trace of a packed chunk finds its map beside cliMain.js).
      for (const name of built) if (!chunks.includes(name)) renameSync(path.join(CLI_COMMONJS, name), path.join(server, name));
      rmSync(CLI_STAGING, { recursive: true, force: true });
      rmSync(CLI_COMMONJS, { recursive: true, force: true });
    });
  },
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'client/src/extension.ts' },
    outdir: path.join(OUT, 'client'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // No native addon in the extension host: PNG export rasterises in the server (archipel/diagramExport).
    external: ['vscode'],
  },
  {
    ...serverSide,
    // serverMain: the language server, loaded by server.js (serverBin.ts) through a code cache.
    entryPoints: { serverMain: 'server/src/serverMain.ts' },
    external: SERVER_NATIVE_EXTERNALS,
    plugins: [noCliCommands, lazyRequires],
  },
  {
    ...serverSide,
    // The families' workers (families/descriptor.ts: a child process or a thread each, found next
    // to the server in dist/server);
    entryPoints: {
      ...workerEntries(families),
      // indexWorker: a thread that reads, parses and summarises files for the workspace index (platform/indexLoad.ts).
      indexWorker: 'server/src/platform/indexWorker.ts',
    },
    external: SERVER_NATIVE_EXTERNALS,
    plugins: [lazyRequires],
  },
  {
    ...serverSide,
    // The commands that run from a bundle of their own (blurCli, expCli). Minified in every build, as in
    // the production one (names not kept: `keepNames` costs a call per function and class at each start):
    // the whole bundle is read, and its source kept in memory, at each start of the command (`exp show`
    // warm: 850 kB → 440 kB, about 800 fewer page faults; issue #68). Source maps as the other bundles.
    entryPoints: commands.entries,
    minify: true,
    external: SERVER_NATIVE_EXTERNALS,
    plugins: [lazyRequires],
  },
  {
    ...serverSide,
    // cliMain: the CLI, split at its dynamic imports (cliToCommonJs above).
    entryPoints: { cliMain: 'server/src/cliMain.ts' },
    outdir: CLI_STAGING,
    format: 'esm',
    splitting: true,
    chunkNames: 'cliMain-[hash]',
    // Minified in every build, as the production one (the VSIX) ships it, and as the standalone commands are: each
    // chunk a check runs is read and kept as a string, its names and comments included (a Dockerfile's check
    // −350 page faults, a Compose file's −960, issue #68). Names not kept (as in production); source maps as the others.
    minify: true,
    external: SERVER_NATIVE_EXTERNALS,
    plugins: [noServerRequests, noDescriptorFrench, lazyYaml, lazyBuiltins, lazyRequires, cliToCommonJs],
  },
  {
    ...serverSide,
    // The `.lazy.ts` modules, each a bundle required on first use (lazyRequires above). Libraries
    // only, minified (names kept) in every build: PromQL's parser with CodeMirror is 1.2 MB otherwise,
    // read and compiled by the first check of a rule file.
    entryPoints: lazyEntries,
    minify: true,
    keepNames: true,
    external: SERVER_NATIVE_EXTERNALS,
    // PromQL's checker and terms take two names from CodeMirror's editor packages, which brought its
    // view and state (promql-vendor.js 549 kB → 200 kB): server/src/promql/editorShim.ts gives those two.
    alias: {
      '@codemirror/language': './server/src/promql/editorShim.ts',
      '@codemirror/autocomplete': './server/src/promql/editorShim.ts',
      // The CommonJS builds of the language server's two type packages, not their ES modules (esbuild's `module`
      // condition): the libraries bundled here require them (dockerfile-ast, dockerfile-utils: 17 require sites), and
      // each require of an ES module copies its exports into a new object of getters (esbuild's __toCommonJS: ~75
      // closures per require of vscode-languageserver-types) — ~260 kB allocated and ~2 ms of a Dockerfile's check
      // (issue #68). The same code either way; an import of them from these bundles' own sources gets the CommonJS
      // module's exports.
      'vscode-languageserver-types': './node_modules/vscode-languageserver-types/lib/umd/main.js',
      'vscode-languageserver-textdocument': './node_modules/vscode-languageserver-textdocument/lib/umd/main.js',
    },
  },
  {
    ...serverSide,
    // mermaidWorkerMain: the thread that parses Mermaid diagrams, with jsdom bundled in (see the
    // plugin's file for the two paths it patches), loaded by mermaidWorker.js through a code cache.
    // Minified: 9.6 MB instead of 20 to read on each start of the worker.
    entryPoints: { mermaidWorkerMain: 'server/src/engines/mermaid/worker.ts' },
    minify: true,
    // jsdom's optional native helpers (absent here: jsdom does without them), and the two files
    // it reads from its installed package at run time.
    external: ['canvas', 'bufferutil', 'utf-8-validate', ...JSDOM_RUNTIME_FILES],
    plugins: [jsdomBundle()],
  },
  {
    ...serverSide,
    // cli: the `archipel` command (package.json bin), loading cliMain.js through a V8 code cache;
    // server: the language server's entry, loading serverMain.js the same way;
    // mermaidWorker: the Mermaid thread's entry, loading mermaidWorkerMain.js the same way.
    entryPoints: { cli: 'server/src/bin.ts', server: 'server/src/serverBin.ts', mermaidWorker: 'server/src/engines/mermaid/workerBin.ts' },
    banner: { js: '#!/usr/bin/env node' },
    // The bin's start-up modules (the code cache's folder, the V8 flags) import node:crypto and node:v8: read on use only.
    plugins: [lazyBuiltins],
    // bin.ts: which command runs from which bundle of its own (the rest from cliMain.js).
    // ARCHIPEL_HELP: `archipel --help`, answered by bin.ts without loading cliMain.js.
    // ARCHIPEL_COMMAND_NAMES: every command (the kernel's and the families'): a code cache each, and what `help` and `completion` know.
    // ARCHIPEL_CLI_PARTS: what cliMain.js requires of its own chunks and of the lazy bundles (loaded through the code cache too).
    define: {
      ARCHIPEL_CLI_PARTS: JSON.stringify('^\\./(cliMain-[A-Z0-9]+|lazy/[a-z0-9-]+)\\.js$'),
      ARCHIPEL_COMMAND_BUNDLES: JSON.stringify(commands.bundles),
      ARCHIPEL_HELP: JSON.stringify(usageOf(families)),
      ARCHIPEL_COMMAND_NAMES: JSON.stringify(commandNames(families)),
    },
  },
];
if (webviewEntries.length > 0) {
  builds.push({
    ...common,
    entryPoints: webviewEntries,
    outdir: path.join(OUT, 'webviews'),
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    // Always minified: the diagram page carries Mermaid (several MB), and a webview parses its bundle
    // on every load. Source maps stay alongside for debugging.
    minify: true,
    // One file per page (#69): split at its dynamic imports, Mermaid's diagram types and layouts made
    // 117 chunks, which took the VSIX past vsce's 100 JavaScript files ("you should bundle your
    // extension"). The diagram page holds Mermaid whole (3.6 MB minified), parsed lazily by V8.
    splitting: false,
    // Mermaid's getConfig copies its configuration with a faster, equally safe copy: see the file.
    plugins: [mermaidConfigPatch()],
  });
}

// Precompiled schema validators next to the server bundle (regenerated only when schemas change).
generateValidators({ dist: OUT });

// The chunks of earlier builds (the pages were split then) are removed, not left to be packed.
rmSync(path.join(OUT, 'webviews', 'chunks'), { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
