// The families' list (server/src/families/index.ts) as the build and the scripts see it: bundled
// in memory by esbuild (node_modules left outside) and evaluated, with what is derived from it
// (server/src/families/derived.ts) and the rules registry (every rule a family's modules define).
import * as esbuild from 'esbuild';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let loaded;

/** `{ families, coreCommands, allRules }` and what derived.ts derives from them, loaded once per process. */
export async function loadFamilies() {
  if (loaded) return loaded;
  const contents = [
    "export { families } from './server/src/families/index';",
    "export { workerEntries, standaloneCommands, clientFiles, rulesPage, settingsManifest, clientManifest, clientModulesSource, placeClient, walkthroughManifest, lazyFamiliesSource } from './server/src/families/derived';",
    "export { coreCommands, coreWalkthrough } from './server/src/families/core';",
    "export { allRules } from './server/src/rules/registry';",
    // The text of `archipel --help`, which the bin answers without loading the CLI (server/src/bin.ts).
    "export { commandNames, usageOf } from './server/src/families/help';",
    // file-unreadable: the CLI's rule for a file it cannot read.
    "import './server/src/platform/project';",
  ].join('\n');
  const result = await esbuild.build({
    stdin: { contents, resolveDir: repository, loader: 'ts', sourcefile: 'families-manifest.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'warning',
  });
  // Evaluated as a module of server/src/families/ (its package root is found from there).
  const filename = path.join(repository, 'server', 'src', 'families', 'manifest.generated.js');
  const module = new Module(filename);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(path.dirname(filename));
  module.require = createRequire(filename);
  module._compile(result.outputFiles[0].text, filename);
  loaded = module.exports;
  return loaded;
}
