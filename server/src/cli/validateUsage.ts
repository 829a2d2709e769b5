// Kept apart from cli/validate.ts so that `archipel --help` and `archipel check` never load DuckDB.

import { UsageError } from './usage';

export const validateUsage = `  validate DATA --suite SUITE   Validate a CSV or Parquet file against a Great Expectations suite (JSON 0.x/1.x or
                                 *.expectations.yaml; DATA may be left out when the suite names it with data:).
      --result-format F          BOOLEAN_ONLY|BASIC|SUMMARY|COMPLETE (default: COMPLETE, lists capped at 100,000).
      --format text|json         Output format (default: text; json is GX's validation result).`;

export class ValidateUsageError extends UsageError {}
