import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Feature } from '../src/features/feature';
import { createFeatures, familyHost } from '../src/families/index';
import type { KubernetesValidator } from '../src/kubernetes/checks/validate';
import { loadKubernetesValidator } from '../src/platform/resources';
import { loadWorkflowData } from '../src/platform/workflowData';
import { packageRoot } from '../src/disk/packageRoot';
import type { WorkflowData } from '../src/workflows/model/data';
import { WorkerMermaidParser } from '../src/engines/mermaid/parser';
import { diagnoseFile, indexOptions, prepareFile } from '../src/service';
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

let workflowData: WorkflowData | undefined;
/** The real workflow schemas and action data, loaded once for the whole run. */
export function workflows(): WorkflowData {
  workflowData ??= loadWorkflowData(repoRoot);
  return workflowData;
}

/** The date every unit test runs on: rules that depend on today are deterministic. */
export const testToday = new Date(2026, 5, 15, 12, 0, 0);

/** Mermaid's real parser (a worker thread, started by the first test that parses a diagram). */
export const mermaidParser = new WorkerMermaidParser();

let features: Feature[] | undefined;
/** Every feature, with the real schemas and the clock fixed at `testToday`. */
export function allFeatures(): Feature[] {
  features ??= createFeatures(familyHost(() => testToday, repoRoot));
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

/** Diagnoses one text after the features' asynchronous preparation (Mermaid's parser), as the server does. */
export async function diagnoseAsync(text: string, uri: string, settings: Partial<ArchipelSettings> = {}): Promise<TextDiagnostic[]> {
  const merged = { ...defaultSettings, ...settings };
  const index = new WorkspaceIndex(indexOptions(merged));
  const file = index.update(uri, text);
  const context = { index, settings: merged, isCancelled: () => false };
  await prepareFile(file, allFeatures(), context);
  return diagnoseFile(file, allFeatures(), context) as TextDiagnostic[];
}

/** `line:col-line:col code` for compact assertions (0-based, as LSP). */
export function brief(d: Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${String(d.code)}`;
}

/**
 * Diagnoses `target` with every file of `files` (relative path → text) in the index, as the
 * server sees a workspace. Returns only the codes given (or all).
 */
export function diagnoseWorkspace(files: Record<string, string>, target: string, settings: Partial<ArchipelSettings> = {}): TextDiagnostic[] {
  const merged = { ...defaultSettings, ...settings };
  const index = new WorkspaceIndex(indexOptions(merged));
  for (const [path, text] of Object.entries(files)) index.update(`file:///ws/${path}`, text);
  const entry = index.get(`file:///ws/${target}`);
  if (!entry) throw new Error(`${target} is not among the files`);
  return diagnoseFile(entry, allFeatures(), { index, settings: merged, isCancelled: () => false }) as TextDiagnostic[];
}

/** `line:col code` of the diagnostics with one code. */
export function codes(diagnostics: TextDiagnostic[], code: string): string[] {
  return diagnostics.filter((d) => d.code === code).map((d) => `${d.range.start.line}:${d.range.start.character} ${code}`);
}

/** Every YAML file under the repository's own YAML folders (test fixtures, examples, the VS Code test workspace). */
export function repositoryYamlFiles(): string[] {
  const walk = (dir: string, out: string[]): string[] => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full, out);
      else if (/\.ya?ml$/.test(entry)) out.push(full);
    }
    return out;
  };
  return ['server/test/fixtures', 'examples', 'client/test/fixtures'].flatMap((dir) => walk(path.join(repoRoot, dir), []));
}
