/** Terraform: modules read as Terraform reads them, checked, navigated and renamed offline. */
import { readFileSync } from 'node:fs';
import type { Family } from './descriptor';
import { terraformFeature } from '../terraform/feature';
import { frTerraform } from '../terraform/fr';
import { terraformFiles } from '../terraform/model';
import type { HclBinaries } from '../terraform/parse';

/**
 * The tree-sitter runtime's WebAssembly and the HCL grammar's (Terraform dialect), found as sql.js's
 * is: through the packages' manifests, in node_modules here and in the VSIX's dist/node_modules
 * (scripts/package.mjs copies both files there).
 */
export function hclBinaries(): HclBinaries {
  // A computed name: resolved at run time from the bundle's place, not by the bundler.
  const find = (pkg: string, file: string) => require.resolve(`${pkg}/${file}`);
  return {
    runtime: readFileSync(find('web-tree-sitter', 'web-tree-sitter.wasm')),
    grammar: readFileSync(find('@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm')),
  };
}

export const terraformFamily: Family = {
  id: 'terraform',
  title: 'Terraform modules',
  files: terraformFiles,
  languages: ['terraform', 'terraform-vars'],
  features: () => [terraformFeature({ binaries: hclBinaries })],
  french: frTerraform,
  rules: { prefixes: ['terraform-'] },
};
