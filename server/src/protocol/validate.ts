/**
 * Typed contract of data validation (issue #29): Great Expectations' validation result, as
 * `archipel validate --format json` prints it, the editor's request answers it and the Data Docs
 * panel draws it. Key names follow GX (snake_case) so that existing tooling reads them.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-types';

export type ResultFormatName = 'BOOLEAN_ONLY' | 'BASIC' | 'SUMMARY' | 'COMPLETE';

export interface ExpectationConfig {
  expectation_type: string;
  kwargs: Record<string, unknown>;
  meta: Record<string, unknown>;
}

/** GX's `result` of one expectation: the keys present depend on its family and the result format. */
// A type, not an interface: the Data Docs page's schema reads it as a record of values.
export type ExpectationResultBody = {
  observed_value?: unknown;
  element_count?: number;
  missing_count?: number;
  missing_percent?: number | null;
  unexpected_count?: number;
  unexpected_percent?: number | null;
  unexpected_percent_total?: number | null;
  unexpected_percent_nonmissing?: number | null;
  partial_unexpected_list?: unknown[];
  /** Row numbers (0-based, header excluded: pandas' index) of the first unexpected values. */
  partial_unexpected_index_list?: number[];
  partial_unexpected_counts?: { value: unknown; count: number }[];
  unexpected_list?: unknown[];
  /** Row numbers (0-based, header excluded) of the unexpected values: SUMMARY gives the first ones, COMPLETE all. */
  unexpected_index_list?: number[];
  /** COMPLETE: true when unexpected_list keeps fewer values than unexpected_count (the bound on kept values); the counts stay exact. */
  unexpected_list_truncated?: boolean;
  details?: Record<string, unknown>;
};

export interface ExpectationValidationResult {
  success: boolean;
  expectation_config: ExpectationConfig;
  result: ExpectationResultBody;
  exception_info: { raised_exception: boolean; exception_message: string | null; exception_traceback: string | null };
  meta: Record<string, unknown>;
}

export interface ValidationStatistics {
  evaluated_expectations: number;
  successful_expectations: number;
  unsuccessful_expectations: number;
  success_percent: number | null;
}

export interface ValidationResult {
  success: boolean;
  statistics: ValidationStatistics;
  results: ExpectationValidationResult[];
  meta: {
    expectation_suite_name: string;
    /** The data file validated (as given) and the suite file. */
    data: string;
    suite: string;
    engine: string;
    row_count: number;
    columns: string[];
    /** GX's run id: the run's name (--run-name) and time (ISO 8601). */
    run_id: { run_name: string | null; run_time: string };
    /** When the validation ran (ISO 8601): the run's time. Durations are not part of the result (a stage's output stays the same when nothing changed). */
    validation_time: string;
  };
}

export interface ValidateParams {
  /** file: URI of the data file (CSV or Parquet); when absent, the suite's binding (`data:`) is used. */
  data?: string;
  /** file: URI of the suite. */
  suite: string;
  resultFormat?: ResultFormatName;
  workDoneToken?: string | number;
}

/** The answer of the editor's request: the validation result, or why it could not run. */
export interface ValidateResponse {
  result?: ValidationResult;
  /** The data file validated (file: URI). */
  data?: string;
  /** The failures as diagnostics of the suite (on each failing expectation's type). */
  diagnostics?: Diagnostic[];
  error?: string;
}

/** Client → server: validate a data file against a suite in the validate worker (job layer); cancellable. */
export const ValidateRequest = new RequestType<ValidateParams, ValidateResponse, void>('archipel/validate');
