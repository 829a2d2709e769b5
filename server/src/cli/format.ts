import { t } from '../l10n/t';
import type { Diagnostic } from 'vscode-languageserver-types';
import { severityName, SOURCE, type SeverityName } from '../common/diagnostics';
import { allRules } from '../rules/registry';
import { sarifLog, type SarifLevel } from '../common/sarif';
import { terminalText } from '../common/escape';
import { sarifNotRead, type NotReadFile } from '../platform/notRead';

/** One problem as the CLI prints it in JSON: a stable contract other tools consume. */
export interface CliProblem {
  file: string;
  range: Diagnostic['range'];
  severity: SeverityName;
  code: string;
  source: 'archipel';
  message: string;
}

export function toCliProblem(file: string, diagnostic: Diagnostic): CliProblem {
  return {
    file,
    range: {
      start: { line: diagnostic.range.start.line, character: diagnostic.range.start.character },
      end: { line: diagnostic.range.end.line, character: diagnostic.range.end.character },
    },
    severity: severityName(diagnostic.severity),
    code: String(diagnostic.code ?? ''),
    source: SOURCE,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  };
}

export function formatJson(problems: readonly CliProblem[]): string {
  return JSON.stringify(problems, null, 2);
}

/** `file:line:col: severity: message [rule]`, 1-based, matched by the `$archipel` problem matcher; one line each, whatever a file name or a message holds. */
export function formatText(problems: readonly CliProblem[]): string {
  return problems
    .map((p) => terminalText(`${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message.replace(/(?<!\s)\s*\n\s*/g, ' ')} [${p.code}]`))
    .join('\n');
}

const sarifLevel: Record<SeverityName | 'off', SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note', off: 'none' };

/** SARIF 2.1.0, as GitHub code scanning uploads expect it (common/sarif.ts, the one writer). */
export function formatSarif(problems: readonly CliProblem[], version: string, notRead: readonly NotReadFile[] = []): string {
  const used = new Set(problems.map((p) => p.code));
  return sarifLog({
    tool: 'archipel',
    version,
    rules: allRules().filter((r) => used.has(r.id)).map((r) => ({ id: r.id, description: t(r.description), level: sarifLevel[r.defaultSeverity] })),
    results: problems.map((p) => ({
      ruleId: p.code,
      level: sarifLevel[p.severity],
      message: p.message,
      locations: [{ file: p.file, line: p.range.start.line + 1, column: p.range.start.character + 1, endLine: p.range.end.line + 1, endColumn: p.range.end.character + 1 }],
    })),
    notRead: sarifNotRead(notRead),
  });
}
