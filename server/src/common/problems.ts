import type { Diagnostic } from 'vscode-languageserver-types';
import type { ModelProblem } from '../protocol/problems';
import { severityName } from './diagnostics';

/** Diagnostics as plain problems for a dashboard model (the message as text, the rule id as code). */
export function modelProblems(diagnostics: readonly Diagnostic[]): ModelProblem[] {
  return diagnostics.map((d) => ({
    range: d.range,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    code: String(d.code ?? ''),
    severity: severityName(d.severity),
  }));
}
