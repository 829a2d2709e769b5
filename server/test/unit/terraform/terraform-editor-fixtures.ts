// What the Terraform editor's tests share: the real modules' files, the family's schemas and functions.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { functionsFor, schemasFor } from '../../../src/terraform/host';
import { fixturesDir, repoRoot } from '../../helpers';

export const ossTerraform = path.join(fixturesDir, 'oss', 'terraform');

const schemas = schemasFor(repoRoot);
/** The editor's data as the descriptor hands it: the bundled provider schemas and Terraform's functions. */
export const editorData = { schemas: (folder: string) => schemas(folder, []), functions: functionsFor(repoRoot) };

/** A module's `.tf` files (its folder, not its sub-folders) under `m/`. */
export function moduleFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(folder)) if (name.endsWith('.tf')) files[`m/${name}`] = readFileSync(path.join(folder, name), 'utf8');
  return files;
}
