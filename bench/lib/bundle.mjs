// One esbuild call for the benchmarks that run Archipel's server code as a library in a process
// of their own: a CommonJS bundle for Node 20, native packages left in node_modules as the
// extension's own build leaves them (scripts/lib/server-externals.mjs).
import * as esbuild from 'esbuild';
import { SERVER_NATIVE_EXTERNALS } from '../../scripts/lib/server-externals.mjs';

/** @param {import('esbuild').BuildOptions & { outfile: string }} options @returns {Promise<string>} the bundle's path */
export async function bundleServerCode(options) {
  await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', external: SERVER_NATIVE_EXTERNALS, ...options });
  return options.outfile;
}
