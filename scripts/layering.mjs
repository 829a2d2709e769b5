#!/usr/bin/env node
// The layering check of `npm test` (and by hand: `node scripts/layering.mjs [folder]`, the repository
// by default): dependency-cruiser twice over client/src, server/src and webviews — every import,
// types included (.dependency-cruiser.cjs), then what is reachable through value imports
// (.dependency-cruiser-values.cjs). Exits 1 when either finds a violation; nothing is whitelisted.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? repository);
const cruiser = path.join(repository, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

let failed = false;
for (const config of ['.dependency-cruiser.cjs', '.dependency-cruiser-values.cjs']) {
  const result = spawnSync(process.execPath, [cruiser, 'client/src', 'server/src', 'webviews', '--config', config], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
