// Kept apart from cli/validate.ts so that `archipel --help` and `archipel check` never load DuckDB.

import { UsageError } from './usage';

export const validateUsage = `  validate DATA --suite SUITE   Validate a CSV or Parquet file against a Great Expectations suite (JSON 0.x/1.x or
                                 *.expectations.yaml; DATA may be left out when the suite names it with data:).
      --result-format F          BOOLEAN_ONLY|BASIC|SUMMARY|COMPLETE (default: COMPLETE; unexpected lists capped, counts exact).
      --format text|json         Output format (default: text; json is GX's validation result).
      --max-unexpected N         Unexpected values and rows kept per expectation (default 10,000).
      --max-unexpected-total N   ... and in all the lists of the run; past it, partial lists only (default 1,000,000).
      --max-expectations N       Expectations in the suite (default 20,000).
      --max-values N             Values in one value set or column list (default 1,000,000).
      --max-patterns N           Patterns in one regex or LIKE list, pairs in value_pairs_set, columns in column_list (default 1,000).
      --max-pattern-length N     Characters in one pattern (default 10,000).
      --memory-limit MB          DuckDB's memory (default 256; past it DuckDB spills into .archipel/).
      --missing-values M         pandas|empty: a CSV's NA, n/a, null, NaN, … cells are missing as in GX's pandas engine
                                 (default: pandas, or the suite's meta.missing_values), or only empty cells are.
      --param NAME=VALUE         A suite parameter ({"$PARAMETER": "NAME"}); VALUE is JSON or text (repeatable).
      --params FILE              Suite parameters from a YAML or JSON file (a stage's params file).
      --run-name NAME            GX's meta.run_id.run_name (default: none).
      --run-time TIME|data       GX's run time and validation_time: an ISO 8601 time, or data (the data file's
                                 modification time: the JSON stays the same when nothing changed). Default: now.`;

export class ValidateUsageError extends UsageError {}
