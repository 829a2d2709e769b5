// What it takes to bundle jsdom (29.1.1) into the Mermaid worker (dist/server/mermaidWorkerMain.js),
// applied by esbuild.mjs. Tested by server/test/unit/mermaid/mermaid-worker-bundle.test.ts.
//
// Why: `require('jsdom')` from node_modules took ~470 ms on this project's machine (hundreds of
// files found, read and compiled on every start of the worker), most of the ~1 s before the first
// Mermaid diagram of a session was checked. Bundled, the worker is one file that loads through
// the V8 code cache like the server and the CLI (server/src/engines/mermaid/workerBin.ts).
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
// so does the unit test: review the new code, then these anchors (scripts/lib/patched-bundle.mjs).
import { createRequire } from 'node:module';
import { patchingPlugin } from './patched-bundle.mjs';

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

/** The esbuild plugin: patches jsdom's two files while bundling, and takes css-tree's CommonJS build. */
export function jsdomBundle() {
  return patchingPlugin('archipel-jsdom-bundle', PATCHES, (build) => {
    build.onResolve({ filter: /^css-tree(\/.*)?$/ }, (args) => ({ path: require.resolve(args.path, { paths: [args.resolveDir] }) }));
  });
}
