// What it takes to bundle onnxruntime-node's JavaScript (1.23) into the server-side bundles,
// applied by esbuild.mjs. Tested by server/test/unit/patched-bundles.test.ts.
//
// Why: `require('onnxruntime-node')` from node_modules found, read and compiled onnxruntime-node's
// and onnxruntime-common's files (~25) on every start of a process or thread that runs a model:
// ~10 ms of `archipel blur`'s start-up, and again in each inference lane. Bundled, they load with
// the bundle (through its V8 code cache where there is one).
//
// What: onnxruntime-node requires its native binding by a path relative to its own folder, which a
// bundle no longer is; the binding is looked up in the installed package instead (onnxruntime-node
// stays a runtime dependency: the binding and libonnxruntime are native files). Nothing else changes.
import { patchingPlugin } from './patched-bundle.mjs';

export const PATCHES = [
  {
    file: 'onnxruntime-node/dist/binding.js',
    anchor: 'require(`../bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`)',
    replacement:
      'require(require("node:path").join(require("node:path").dirname(require.resolve("onnxruntime-node/package.json")), "bin", "napi-v6", process.platform, process.arch, "onnxruntime_binding.node"))',
  },
];

/** The file the patched code looks up in the installed package at run time: external to the bundle. */
export const RUNTIME_FILES = ['onnxruntime-node/package.json'];

/** The esbuild plugin: patches onnxruntime-node's binding loader while bundling. */
export function onnxruntimeBundle() {
  return patchingPlugin('archipel-onnxruntime-bundle', PATCHES);
}
