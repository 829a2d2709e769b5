// Helpers of the Terraform family's tests: the parser loaded once, an index of inline files, diagnostics.
import type { Diagnostic } from 'vscode-languageserver-types';
import { schemasFor } from '../src/terraform/host';
import { repoRoot } from './helpers';
import type { FeatureContext } from '../src/features/feature';
import { diagnoseFile, indexOptions } from '../src/service';
import { defaultSettings, type ArchipelSettings } from '../src/settings';
import { terraformFeature, type TerraformServices } from '../src/terraform/feature';
import { loadHcl } from '../src/terraform/syntax/parse';
import { WorkspaceIndex } from '../src/workspace/index';

/** Loads the HCL parser (once per run): call in a `before` hook. */
export function loadParser(): Promise<void> {
  return loadHcl();
}

/** An index holding `files` (path under file:///w/ → text). */
export function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///w/${name}`, text);
  return index;
}

export function contextOf(index: WorkspaceIndex, settings: ArchipelSettings = defaultSettings): FeatureContext {
  return { index, settings, isCancelled: () => false };
}

/** The diagnostics of one file of `files`, with the family's feature. */
export function diagnose(files: Record<string, string>, name: string, services: Partial<TerraformServices> = {}, settings: ArchipelSettings = defaultSettings): Diagnostic[] {
  const index = indexOf(files);
  const file = index.get(`file:///w/${name}`);
  if (!file) throw new Error(`no file ${name}`);
  return diagnoseFile(file, [terraformFeature({ schemas: schemasFor(repoRoot), ...services })], contextOf(index, settings));
}

/** The text a diagnostic covers. */
export function covered(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  if (d.range.start.line === d.range.end.line) return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
  return [lines[d.range.start.line].slice(d.range.start.character), ...lines.slice(d.range.start.line + 1, d.range.end.line), lines[d.range.end.line].slice(0, d.range.end.character)].join('\n');
}
