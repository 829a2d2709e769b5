// The benchmark's monorepo for the tests (bench/lib/monorepo.cjs, CommonJS, shared with bench/monorepo.bench.mjs),
// and the files of a generated tree the tests check.
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './helpers';

export const monorepo = createRequire(__filename)(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as {
  generateMonorepo(dir: string, options: { files: number; adrs?: number; mutate?: boolean }): { apps: number; files: number; objects: number };
  seededFindings(apps: number): { file: string; code: string }[];
};

/** The YAML and Markdown files under `dir`, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...yamlFilesUnder(full));
    else if (/\.(ya?ml|md)$/.test(entry)) found.push(full);
  }
  return found.sort();
}
