/**
 * Quick fixes: a finding that has an unambiguous fix carries it (`data.fix`: a title and edits by
 * offset in the file), and the code action applies exactly those edits.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { IndexedFile } from '../../workspace/index';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FixData {
  fix: { title: string; edits: OffsetEdit[] };
}

/** A finding's `data` carrying a fix. */
export function withFix(title: string, edits: OffsetEdit[]): FixData {
  return { fix: { title, edits } };
}

function isFix(data: unknown): data is FixData {
  const fix = (data as FixData | undefined)?.fix;
  return typeof fix?.title === 'string' && Array.isArray(fix.edits);
}

/** The code actions of the diagnostics that carry a fix. */
export function terraformQuickFixes(file: IndexedFile, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (!isFix(diagnostic.data)) continue;
    const edits: TextEdit[] = diagnostic.data.fix.edits.map((e) => ({ range: file.lines.range(e.start, e.end), newText: e.newText }));
    actions.push({ title: diagnostic.data.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [file.uri]: edits } } });
  }
  return actions;
}
