import * as assert from 'node:assert/strict';
import { diagnoseFile, indexOptions } from '../src/service';
import { defaultSettings, type ArchipelSettings } from '../src/settings';
import { WorkspaceIndex } from '../src/workspace/index';
import { allFeatures, brief, type TextDiagnostic } from './helpers';

export const workflowUri = 'file:///repo/.github/workflows/ci.yml';
export const giteaUri = 'file:///repo/.gitea/workflows/ci.yml';

export type Settings = Partial<ArchipelSettings>;

/** Diagnostics of one file among others in the index (local actions, reusable workflows). */
export function diagnoseTree(files: Record<string, string>, target: string, settings: Settings = {}): TextDiagnostic[] {
  const merged = { ...defaultSettings, ...settings };
  const index = new WorkspaceIndex(indexOptions(merged));
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  const file = index.get(target);
  assert.ok(file, `${target} is not in the tree`);
  return diagnoseFile(file, allFeatures(), { index, settings: merged, isCancelled: () => false }) as TextDiagnostic[];
}

/** Diagnostics of a workflow file (by default `.github/workflows/ci.yml`). */
export function check(text: string, settings: Settings = {}, uri = workflowUri): TextDiagnostic[] {
  return diagnoseTree({ [uri]: text }, uri, settings);
}

/** `line:col-line:col` of the nth occurrence of `needle` in `text` (0-based, as LSP). */
export function span(text: string, needle: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (#${nth}) not found in the text`);
  }
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length - 1}:${before[before.length - 1].length}`;
  };
  return `${position(at)}-${position(at + needle.length)}`;
}

/** Asserts one diagnostic of `code` exactly on the nth `needle`, and returns it. */
export function expectAt(diagnostics: TextDiagnostic[], code: string, text: string, needle: string, nth = 0): TextDiagnostic {
  const where = `${span(text, needle, nth)} ${code}`;
  const found = diagnostics.filter((d) => brief(d) === where);
  assert.equal(found.length, 1, `expected ${where}; got:\n${diagnostics.map((d) => `${brief(d)}  ${d.message}`).join('\n')}`);
  return found[0];
}

/** Asserts no diagnostic of `code`. */
export function expectNone(diagnostics: TextDiagnostic[], code: string): void {
  const found = diagnostics.filter((d) => d.code === code);
  assert.deepEqual(
    found.map((d) => `${brief(d)}  ${d.message}`),
    [],
    `expected no ${code}`,
  );
}

/** Asserts the file has no diagnostic at all. */
export function expectClean(diagnostics: TextDiagnostic[]): void {
  assert.deepEqual(diagnostics.map((d) => `${brief(d)}  ${d.message}`), []);
}

/** A minimal valid workflow with `jobs` text spliced in. */
export function workflow(jobs: string, head = 'on: push\n'): string {
  return `${head}jobs:\n${jobs}`;
}
