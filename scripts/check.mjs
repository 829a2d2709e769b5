// `npm run check`: `archipel check` over the example workspaces (examples/), the files a newcomer
// opens first, which must stay clean; the test fixtures, broken on purpose, are left to the tests.
// On a clean clone the CLI is built first (npm run build). Other folders: `npm run check -- PATH...`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'server', 'cli.js');
if (!existsSync(cli)) {
  console.log('[check] no build yet: npm run build');
  const built = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const args = process.argv.slice(2);
// No existing file or folder among the arguments (only options such as --format json): the examples.
const paths = args.some((a) => !a.startsWith('-') && existsSync(a)) ? args : [...args, path.join(root, 'examples')];
const result = spawnSync(process.execPath, [cli, 'check', ...paths], { stdio: 'inherit' });
process.exit(result.status ?? 1);
