// One esbuild call for the benchmarks that run Archipel's server code as a library in a process
// of their own: a CommonJS bundle for Node 20, native packages left in node_modules as the
// extension's own build leaves them (scripts/lib/server-externals.mjs).
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { dataDir, repoRoot } from './fixtures.mjs';
import { SERVER_NATIVE_EXTERNALS } from '../../scripts/lib/server-externals.mjs';

/** @param {import('esbuild').BuildOptions & { outfile: string }} options @returns {Promise<string>} the bundle's path */
export async function bundleServerCode(options) {
  // As esbuild.mjs: jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow.
  const alias = { 'jsonc-parser': path.join(repoRoot, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') };
  await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', external: SERVER_NATIVE_EXTERNALS, ...options, alias: { ...alias, ...options.alias } });
  return options.outfile;
}

/**
 * A benchmark's folder under bench/.data and its bundle of `entry` (TypeScript importing the
 * server's code by paths relative to the repository's root).
 * @returns {Promise<{ base: string, bundle: string }>}
 */
export async function benchBundle(name, entry, root) {
  const base = path.join(dataDir, name);
  const bundle = path.join(base, `${name}-bench.cjs`);
  mkdirSync(base, { recursive: true });
  await bundleServerCode({ stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: `${name}-entry.ts` }, outfile: bundle });
  return { base, bundle };
}

/** Runs a bundle in a fresh Node process with `args` (strings) and gives what it printed, read as JSON. @returns {any} */
export function runBundled(bundle, args) {
  const result = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
