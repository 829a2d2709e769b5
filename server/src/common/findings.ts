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
   * Other places the problem involves (LSP relatedInformation): of the same document (same offsets),
   * or a line of another file.
   */
  related?: ({ start: number; end: number; message: string } | { uri: string; line: number; message: string })[];
}
