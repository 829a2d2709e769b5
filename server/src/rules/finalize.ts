import type { Diagnostic } from 'vscode-languageserver-types';
import { SOURCE, severityFromName, type SeverityName } from '../common/diagnostics';
import type { FixData } from '../common/fixes';
import type { Finding } from '../common/findings';
import type { LineIndex } from '../common/lineIndex';
import type { ArchipelSettings } from '../settings';
import { ruleInfo } from './registry';

/** How a file writes comments: `# …` (YAML), `<!-- … -->` (Markdown) or `%% …` (Mermaid). */
export type CommentSyntax = 'hash' | 'html' | 'percent';

const ignorePatterns: Record<CommentSyntax, RegExp> = {
  // Case-insensitive, as hadolint's pragmas are (`# archipel-ignore DL3008`): rule ids are lower case.
  hash: /#\s*archipel-ignore\s+([a-z0-9][a-z0-9-]*(?:[\s,]+[a-z0-9][a-z0-9-]*)*)/i,
  html: /<!--\s*archipel-ignore\s+([a-z0-9][a-z0-9-]*(?:[\s,]+[a-z0-9][a-z0-9-]*)*)\s*-->/i,
  percent: /%%\s*archipel-ignore\s+([a-z0-9][a-z0-9-]*(?:[\s,]+[a-z0-9][a-z0-9-]*)*)/i,
};
const commentOnly: Record<CommentSyntax, RegExp> = { hash: /^\s*#/, html: /^\s*<!--.*-->\s*$/, percent: /^\s*%%/ };

export function commentSyntaxOf(uri: string): CommentSyntax {
  if (/\.(mmd|mermaid)$/i.test(uri)) return 'percent';
  return /\.(md|markdown)$/i.test(uri) ? 'html' : 'hash';
}

/** Rule ids named by an `archipel-ignore <id>[, <id>]` comment on the line, if any. */
function ignoredOn(line: string, syntax: CommentSyntax): string[] {
  const match = ignorePatterns[syntax].exec(line);
  return match ? match[1].toLowerCase().split(/[\s,]+/).filter(Boolean) : [];
}

/** Every rule id an `archipel-ignore` comment silences on a line: on the line, or on comment-only lines directly above. */
function suppressedOn(lines: LineIndex, line: number, syntax: CommentSyntax): Set<string> {
  const ids = new Set(ignoredOn(lines.lineText(line), syntax));
  for (let above = line - 1; above >= 0; above--) {
    const text = lines.lineText(above);
    if (!commentOnly[syntax].test(text)) break;
    for (const id of ignoredOn(text, syntax)) ids.add(id);
  }
  return ids;
}

export function effectiveSeverity(code: string, settings: ArchipelSettings, fallback?: SeverityName): SeverityName | 'off' {
  return settings.rules[code] ?? fallback ?? ruleInfo(code)?.defaultSeverity ?? 'error';
}

/**
 * Maps chunk findings to diagnostics: positions in the file, the configured severity per rule
 * (dropping rules set to off) and `archipel-ignore` comments in the file's comment syntax.
 */
export function toDiagnostics(
  findings: Iterable<{ offset: number; finding: Finding }>,
  lines: LineIndex,
  settings: ArchipelSettings,
  syntax: CommentSyntax = 'hash',
  /** The file's URI, for the locations of related information. */
  uri?: string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Read once per line: 20,000 findings on one long line each read it again (quadratic).
  const suppressed = new Map<number, Set<string>>();
  for (const { offset, finding } of findings) {
    const severity = effectiveSeverity(finding.code, settings, finding.severity);
    if (severity === 'off') continue;
    const range = lines.range(offset + finding.start, offset + finding.end);
    let ids = suppressed.get(range.start.line);
    if (!ids) suppressed.set(range.start.line, (ids = suppressedOn(lines, range.start.line, syntax)));
    if (ids.has(finding.code)) continue;
    const diagnostic: Diagnostic = { range, severity: severityFromName(severity), code: finding.code, source: SOURCE, message: finding.message };
    if (finding.data !== undefined) diagnostic.data = finding.data;
    if (finding.fix) {
      const edits = finding.fix.edits.map((e) => ({ range: lines.range(offset + e.start, offset + e.end), newText: e.newText }));
      diagnostic.data = { ...(typeof finding.data === 'object' && finding.data !== null ? finding.data : {}), fix: { title: finding.fix.title, edits } satisfies FixData };
    }
    if (finding.related && uri !== undefined) {
      diagnostic.relatedInformation = finding.related.map((r) =>
        'uri' in r
          ? { location: { uri: r.uri, range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } } }, message: r.message }
          : { location: { uri, range: lines.range(offset + r.start, offset + r.end) }, message: r.message },
      );
    }
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}
