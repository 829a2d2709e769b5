// What a maintainer command (a benchmark, a screenshot script, the fuzzer) needs built, built when it
// is missing or older than its sources: a clone set up as the README says (`npm install` alone) has
// neither out/ (tsc -b, which only `npm test` ran) nor dist/ (esbuild) — #69: `npm run bench
// system-map` and `node scripts/docs-panel-screenshot.mjs system` stopped on MODULE_NOT_FOUND.
//
//   compiled(root)  out/ — tsc's output of server/, client/, webviews/ (the tests' harnesses, the engines' modules)
//   bundled(root)   dist/ — esbuild's bundles (the CLI, the server, the pages)
// Each says on stderr what it builds and why; a build that fails throws.
//
// Run as a script (`node scripts/lib/built.mjs`, package.json's `prepare`: `npm install` runs it),
// it bundles dist/ when missing or stale, so that `npx archipel` works in a clone after `npm install`
// alone; a build that fails is said and does not fail the install (`npm run build` says it again).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders whose TypeScript tsc -b compiles (tsconfig.json's references) and esbuild bundles. */
const SOURCES = ['server', 'client', 'webviews'];
const SKIP = new Set(['node_modules', 'fixtures', '.data', 'test-results']);

/** The newest modification time of the files under `folder` with one of `endings` (0: none). */
export function newest(folder, endings, skip = []) {
  if (!existsSync(folder)) return 0;
  let time = 0;
  const stack = [folder];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (skip.includes(full)) continue;
      if (entry.isDirectory()) stack.push(full);
      else if (endings.some((e) => entry.name.endsWith(e))) time = Math.max(time, statSync(full).mtimeMs);
    }
  }
  return time;
}

/** The newest source of `what`: tsc's (every TypeScript file, tests included) or the bundles' (the code they are made of, and esbuild.mjs). */
function newestSource(root, what) {
  const folders = what === 'compiled' ? SOURCES : ['server/src', 'client/src', 'webviews'];
  const skip = what === 'compiled' ? [] : [path.join(root, 'webviews', 'test')];
  const times = folders.map((f) => newest(path.join(root, f), ['.ts', 'tsconfig.json', '.css'], skip));
  return Math.max(...times, statSync(path.join(root, what === 'compiled' ? 'tsconfig.base.json' : 'esbuild.mjs')).mtimeMs);
}

/** Why out/ must be compiled again, or undefined when it is up to date. */
export function compileReason(root) {
  const infos = SOURCES.map((f) => path.join(root, 'out', f, 'tsconfig.tsbuildinfo'));
  if (infos.some((f) => !existsSync(f))) return 'out/ is missing (tsc -b has not run in this clone)';
  return Math.min(...infos.map((f) => statSync(f).mtimeMs)) < newestSource(root, 'compiled') ? 'out/ is older than the sources' : undefined;
}

/** Why dist/ must be bundled again, or undefined when it is up to date. */
export function bundleReason(root) {
  const built = ['server/cli.js', 'server/server.js', 'client/extension.js'].map((f) => path.join(root, 'dist', f));
  if (built.some((f) => !existsSync(f))) return 'dist/ is missing (node esbuild.mjs has not run in this clone)';
  return Math.min(...built.map((f) => statSync(f).mtimeMs)) < newestSource(root, 'bundled') ? 'dist/ is older than the sources' : undefined;
}

function run(root, args, why) {
  process.stderr.write(`${why}: node ${args.map((a) => path.relative(root, a) || a).join(' ')}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${args.map((a) => path.basename(a)).join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** out/ up to date (tsc -b, incremental); returns what was done. */
export function compiled(root) {
  const why = compileReason(root);
  if (!why) return 'out/ up to date';
  run(root, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], why);
  return `compiled: ${why}`;
}

/** dist/ up to date (node esbuild.mjs); returns what was done. */
export function bundled(root) {
  const why = bundleReason(root);
  if (!why) return 'dist/ up to date';
  run(root, [path.join(root, 'esbuild.mjs')], why);
  return `bundled: ${why}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  try {
    console.error(`archipel: ${bundled(root)}`);
  } catch (error) {
    console.error(`archipel: dist/ not built (${error instanceof Error ? error.message : String(error)}): \`npm run build\` builds it; until then \`npx archipel\` cannot run.`);
  }
}
