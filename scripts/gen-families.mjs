#!/usr/bin/env node
// Writes what is derived from the families' list (server/src/families/index.ts) into files that
// are not code: package.json's `archipel` field (the client's document selector and file watchers)
// and docs/rules.md's table. `--check`: exits 1, naming the stale files, instead of writing.
// server/test/unit/families.test.ts fails while they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadFamilies, repository } from './lib/families.mjs';

const check = process.argv.includes('--check');
const { families, clientFiles, rulesPage, allRules } = await loadFamilies();

const stale = [];
function update(file, next) {
  const target = path.join(repository, file);
  const current = readFileSync(target, 'utf8');
  if (current === next) return;
  stale.push(file);
  if (!check) writeFileSync(target, next);
}

const manifestText = readFileSync(path.join(repository, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText);
manifest.archipel = clientFiles(families);
update('package.json', JSON.stringify(manifest, null, 2) + '\n');
update('docs/rules.md', rulesPage(readFileSync(path.join(repository, 'docs', 'rules.md'), 'utf8'), families, allRules()));

if (check && stale.length > 0) {
  console.error(`stale (run node scripts/gen-families.mjs): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(stale.length > 0 ? `written: ${stale.join(', ')}` : 'up to date');
