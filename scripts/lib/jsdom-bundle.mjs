// What it takes to bundle jsdom (29.1.1) into the Mermaid worker (dist/server/mermaidWorkerMain.js),
// applied by esbuild.mjs. Tested by server/test/unit/jsdom-bundle.test.ts.
//
// Why: `require('jsdom')` from node_modules took ~470 ms on this project's machine (hundreds of
// files found, read and compiled on every start of the worker), most of the ~1 s before the first
// Mermaid diagram of a session was checked. Bundled, the worker is one file that loads through
// the V8 code cache like the server and the CLI (server/src/mermaid/workerBin.ts).
//
// What: jsdom finds two of its own files relative to its own folder, which a bundle no longer is;
// they are looked up in the installed package instead (jsdom stays a runtime dependency):
// - its default stylesheet, read when getComputedStyle is first loaded;
// - the script of the worker behind synchronous XMLHttpRequest (Mermaid never uses it).
// And css-tree, which one of jsdom's dependencies imports as ESM, is taken from its CommonJS build:
// the ESM one reads its data with `createRequire(import.meta.url)`, which a CommonJS bundle lacks.
// Nothing else of jsdom changes.
//
// If a jsdom upgrade changes the patched code, the build fails (the exact text is not found) and
// so does the unit test: review the new code, then these anchors.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const PATCHES = [
  {
    file: 'jsdom/lib/jsdom/living/css/helpers/computed-style.js',
    anchor: 'path.resolve(__dirname, "../../../browser/default-stylesheet.css")',
    replacement: 'require.resolve("jsdom/lib/jsdom/browser/default-stylesheet.css")',
  },
  {
    file: 'jsdom/lib/jsdom/living/xhr/XMLHttpRequest-impl.js',
    anchor: 'require.resolve("./xhr-sync-worker.js")',
    replacement: 'require.resolve("jsdom/lib/jsdom/living/xhr/xhr-sync-worker.js")',
  },
];

/** The files the patched code looks up in the installed jsdom at run time: external to the bundle. */
export const RUNTIME_FILES = ['jsdom/lib/jsdom/browser/default-stylesheet.css', 'jsdom/lib/jsdom/living/xhr/xhr-sync-worker.js'];

const require = createRequire(import.meta.url);

/** Where a patched file is installed. */
export function installedPath(file) {
  return require.resolve(file, { paths: [process.cwd()] });
}

/** Applies one patch to a file's text; throws unless its anchor occurs exactly once. */
export function patchSource(patch, source) {
  const at = source.indexOf(patch.anchor);
  if (at < 0 || source.indexOf(patch.anchor, at + 1) >= 0) {
    throw new Error(`${patch.file}: jsdom's code is not what scripts/lib/jsdom-bundle.mjs patches (${patch.anchor}); review the patch for this jsdom version`);
  }
  return source.slice(0, at) + patch.replacement + source.slice(at + patch.anchor.length);
}

/** The esbuild plugin: patches jsdom's two files while bundling and fails the build unless both were. */
export function jsdomBundle() {
  return {
    name: 'archipel-jsdom-bundle',
    setup(build) {
      const targets = new Map(PATCHES.map((patch) => [installedPath(patch.file), patch]));
      const applied = new Set();
      build.onResolve({ filter: /^css-tree(\/.*)?$/ }, (args) => ({ path: require.resolve(args.path, { paths: [args.resolveDir] }) }));
      build.onLoad({ filter: /[\\/]jsdom[\\/]lib[\\/]jsdom[\\/].*\.js$/ }, (args) => {
        const patch = targets.get(args.path);
        if (!patch) return undefined;
        applied.add(args.path);
        return { contents: patchSource(patch, readFileSync(args.path, 'utf8')), loader: 'js' };
      });
      build.onEnd((result) => {
        const missing = [...targets.keys()].filter((file) => !applied.has(file));
        if (result.errors.length === 0 && missing.length > 0) {
          return { errors: [{ text: `scripts/lib/jsdom-bundle.mjs: the bundle did not load ${missing.join(', ')} to patch` }] };
        }
        return undefined;
      });
    },
  };
}
