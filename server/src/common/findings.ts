import type { SeverityName } from './diagnostics';

/**
 * A problem found in one YAML document, with offsets relative to the document's chunk. Findings of
 * an unchanged chunk are cached and mapped to file positions only when diagnostics are published.
 */
export interface Finding {
  start: number;
  end: number;
  message: string;
  /** The rule id. */
  code: string;
  /** Overrides the rule's default severity for this finding. */
  severity?: SeverityName;
  /** Extra information for quick fixes. */
  data?: unknown;
  /**
   * The fix the message names, when it is more than replacing the finding's own text (declare a
   * missing name, add a line): edits of the same document, offsets as the finding's. It becomes
   * the diagnostic's `data.fix` with LSP ranges (rules/finalize.ts) and a quick fix of every family
   * (common/fixes.ts, suggestionFixes).
   */
  fix?: { title: string; edits: { start: number; end: number; newText: string }[] };
  /**
   * Other places the problem involves (LSP relatedInformation): of the same document (same offsets),
   * or a line of another file.
   */
  related?: ({ start: number; end: number; message: string } | { uri: string; line: number; message: string })[];
}
