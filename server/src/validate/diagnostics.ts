/**
 * A validation run's failures placed on the suite (issue #29): one diagnostic per failing
 * expectation, on its type in the suite, saying the count and the first offending rows, with the
 * data file's first offending row as related information (a click opens the file at that line)
 * and, as the code's link, the data file at that line.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { LineIndex } from '../common/lineIndex';
import type { ExpectationValidationResult, ValidationResult } from '../protocol/validate';
import { t } from '../l10n/t';
import type { Suite } from './suite';

export const VALIDATION_SOURCE = 'archipel validate';
export const VALIDATION_CODE = 'expectation-failed';

/** The column(s) an expectation is about. */
export function subjectOf(result: ExpectationValidationResult): string {
  const k = result.expectation_config.kwargs;
  if (typeof k.column === 'string') return k.column;
  if (typeof k.column_A === 'string') return `${k.column_A}, ${String(k.column_B)}`;
  if (Array.isArray(k.column_list)) return k.column_list.map(String).join(', ');
  return '';
}

export const shownValue = (value: unknown): string => (value === null || value === undefined ? 'null' : typeof value === 'string' ? value : JSON.stringify(value));

/** The distinct values of `values` in their first order, each with how many times it occurs. */
function countedValues(values: readonly unknown[]): { value: unknown; count: number }[] {
  const seen = new Map<string, { value: unknown; count: number }>();
  for (const value of values) {
    const key = JSON.stringify(value) ?? 'undefined';
    const entry = seen.get(key);
    if (entry) entry.count++;
    else seen.set(key, { value, count: 1 });
  }
  return [...seen.values()];
}

/** What a failing result says in one line: its count and rows, its observed value, or its exception. */
export function failureText(r: ExpectationValidationResult, csv: boolean): string {
  if (r.exception_info.raised_exception) return r.exception_info.exception_message ?? '';
  const res = r.result;
  if (res.unexpected_count === undefined) return t('observed {0}', shownValue(res.observed_value));
  const rows = res.unexpected_index_list ?? res.partial_unexpected_index_list;
  const parts = [t('{0} unexpected of {1} ({2}%)', res.unexpected_count, res.element_count ?? 0, (res.unexpected_percent ?? 0).toFixed(2))];
  // Rows are 0-based data rows (pandas' index); in a CSV with its header, row r is line r + 2.
  if (rows?.length) parts.push(t('rows {0}', rows.slice(0, 20).map((row) => (csv ? t('{0} (line {1})', row, row + 2) : String(row))).join(', ') + (rows.length > 20 ? ', …' : '')));
  // Each unexpected value once, with its count when it repeats (GX's partial_unexpected_counts, else the partial list counted).
  const counts = res.partial_unexpected_counts?.length ? res.partial_unexpected_counts : countedValues(res.partial_unexpected_list ?? []);
  if (counts.length) parts.push(t('values {0}', counts.slice(0, 10).map((c) => (c.count > 1 ? `${shownValue(c.value)} (×${c.count})` : shownValue(c.value))).join(', ')));
  return parts.join('; ');
}

/** The failures of `result` as diagnostics of the suite file (`lines`: its line index); `dataUri`: the data file's file: URI. */
export function validationDiagnostics(suite: Suite, result: ValidationResult, lines: LineIndex, dataUri: string): Diagnostic[] {
  const csv = /\.csv$/i.test(dataUri);
  const diagnostics: Diagnostic[] = [];
  result.results.forEach((r, i) => {
    const e = suite.expectations[i];
    if (r.success || !e) return;
    const rows = r.result.unexpected_index_list ?? r.result.partial_unexpected_index_list ?? [];
    // The data file at the first offending row (a CSV's line; row 0 is line 2, the header's next).
    const line = csv && rows.length ? rows[0] + 1 : 0;
    const at = { start: { line, character: 0 }, end: { line, character: 0 } };
    const subject = subjectOf(r);
    diagnostics.push({
      range: lines.range(e.typeSpan.start, e.typeSpan.end),
      severity: DiagnosticSeverity.Error,
      source: VALIDATION_SOURCE,
      code: VALIDATION_CODE,
      ...(rows.length && csv ? { codeDescription: { href: `${dataUri}#L${line + 1}` } } : {}),
      message: t('{0}{1} failed on {2}: {3}', r.expectation_config.expectation_type, subject ? ` (${subject})` : '', result.meta.data.split(/[\\/]/).pop() ?? result.meta.data, failureText(r, csv)),
      ...(rows.length ? { relatedInformation: [{ location: { uri: dataUri, range: at }, message: t('first unexpected row: {0}', rows[0]) }] } : {}),
    });
  });
  return diagnostics;
}
