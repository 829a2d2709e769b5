import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { t } from '../l10n/t';

/** Finding data for a fix that replaces the diagnostic's range with a known text. */
export interface ReplacementData {
  replacement: string;
  /** The quick fix's title; "Replace with …" by default. */
  title?: string;
}

function isReplacement(data: unknown): data is ReplacementData {
  return typeof data === 'object' && data !== null && typeof (data as ReplacementData).replacement === 'string';
}

/**
 * Quick fixes for the diagnostics of the given rules that carry a replacement: the edit rewrites
 * exactly the diagnostic's range, so it stays right as long as the diagnostic is current.
 */
export function replacementFixes(uri: string, diagnostics: readonly Diagnostic[], codes: ReadonlySet<string>): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (!codes.has(String(diagnostic.code)) || !isReplacement(diagnostic.data)) continue;
    const { replacement, title } = diagnostic.data;
    actions.push({
      title: title ?? t('Replace with "{0}"', replacement),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: replacement }] } },
    });
  }
  return actions;
}
