import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';

export const SOURCE = 'archipel';

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = SeverityName | 'off';

const byName: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function severityFromName(name: SeverityName): DiagnosticSeverity {
  return byName[name];
}

export function severityName(severity: DiagnosticSeverity | undefined): SeverityName {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'information';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return value === 'off' || (typeof value === 'string' && value in byName);
}

export function makeDiagnostic(range: Range, message: string, code: string, severity: SeverityName): Diagnostic {
  return { range, message, code, source: SOURCE, severity: severityFromName(severity) };
}
