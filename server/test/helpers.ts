import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Feature } from '../src/features/feature';
import { createFeatures } from '../src/features/registry';
import type { KubernetesValidator } from '../src/kubernetes/validate';
import { loadArchipelSchema, loadKubernetesValidator, packageRoot } from '../src/node/resources';
import { diagnoseFile, indexOptions } from '../src/service';
import { defaultSettings, type ArchipelSettings } from '../src/settings';
import { WorkspaceIndex } from '../src/workspace/index';

export const repoRoot = packageRoot(__dirname);
export const fixturesDir = path.join(repoRoot, 'server', 'test', 'fixtures');

let validator: KubernetesValidator | undefined;
/** The real schema bundles, loaded once for the whole run (they are immutable). */
export function kubernetes(): KubernetesValidator {
  validator ??= loadKubernetesValidator(repoRoot);
  return validator;
}

/** Splits `text` at the `|` cursor marker: the text without it and the cursor offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker in the text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

let features: Feature[] | undefined;
/** Every feature, with the real schemas. */
export function allFeatures(): Feature[] {
  features ??= createFeatures({ kubernetes: kubernetes(), archipel: loadArchipelSchema(repoRoot) });
  return features;
}

/** Archipel's diagnostics always carry a plain-text message. */
export type TextDiagnostic = Diagnostic & { message: string };

/** Diagnoses one YAML text as the server would. */
export function diagnose(text: string, settings: Partial<ArchipelSettings> = {}, uri = 'file:///work/test.yaml'): TextDiagnostic[] {
  const merged = { ...defaultSettings, ...settings };
  const index = new WorkspaceIndex(indexOptions(merged));
  return diagnoseFile(index.update(uri, text), allFeatures(), { index, settings: merged, isCancelled: () => false }) as TextDiagnostic[];
}

/** `line:col-line:col code` for compact assertions (0-based, as LSP). */
export function brief(d: Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${String(d.code)}`;
}
