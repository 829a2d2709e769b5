import type { Range } from 'vscode-languageserver-types';

/** A diagnostic as dashboards show it: where, what, which rule, how bad. */
export interface ModelProblem {
  range: Range;
  message: string;
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
}
