import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
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

/** A diagnostic's `data.fix`: the edits a finding's `fix` names, with their LSP ranges (rules/finalize.ts). */
export interface FixData {
  title: string;
  edits: TextEdit[];
}

function fixOf(data: unknown): FixData | undefined {
  const fix = typeof data === 'object' && data !== null ? (data as { fix?: unknown }).fix : undefined;
  if (typeof fix !== 'object' || fix === null) return undefined;
  const { title, edits } = fix as Partial<FixData>;
  return typeof title === 'string' && Array.isArray(edits) ? { title, edits } : undefined;
}

/** A diagnostic's identity among the ones a request carries: its rule, place and message. */
const key = (d: Diagnostic) => `${String(d.code)}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${typeof d.message === 'string' ? d.message : d.message.value}`;

/**
 * The one place a named fix becomes a quick fix: for every Archipel diagnostic whose data carries a
 * replacement (a "did you mean", common/suggest.ts and each family's checks), a quick fix
 * replacing its range, and for one whose finding names other edits (Finding.fix: declare a
 * missing network, add USER), those edits; unless a feature's own action already fixes that
 * diagnostic. Whatever the family, a finding that names its fix gets one; no per-feature list.
 */
export function suggestionFixes(uri: string, diagnostics: readonly Diagnostic[], actions: readonly CodeAction[]): CodeAction[] {
  const fixed = new Set(actions.filter((a) => a.kind === CodeActionKind.QuickFix).flatMap((a) => (a.diagnostics ?? []).map(key)));
  const archipel = diagnostics.filter((d) => d.source === 'archipel' && !fixed.has(key(d)));
  // The fixes a finding names (Finding.fix): declare what is missing, add a line.
  const named = archipel.flatMap((diagnostic): CodeAction[] => {
    const fix = fixOf(diagnostic.data);
    return fix ? [{ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: fix.edits } } }] : [];
  });
  return [...replacementFixes(uri, archipel, new Set(archipel.map((d) => String(d.code)))), ...named];
}
