/**
 * `archipel validate DATA --suite SUITE` (issue #29): the data file against the suite in DuckDB,
 * printed as text or as GX's validation result (JSON). Exit 0 when every expectation holds, 1
 * when one fails or the run could not be made, 2 on a usage error.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ResultFormatName, ValidationResult } from '../protocol/validate';
import { t } from '../l10n/t';
import { RESULT_FORMATS } from '../validate/catalogue';
import { failureText, subjectOf } from '../validate/diagnostics';
import { parseSuite, SuiteError } from '../validate/suite';
import { DEFAULT_LIMITS, LIMIT_OPTIONS, type ValidateLimits } from '../engines/validate/limits';
import { validateData, ValidateError } from '../engines/validate/run';
import { spillFolderOf } from '../engines/validate/spill';
import { LinkRefusedError } from '../engines/core/safeWrite';
import { validateUsage, ValidateUsageError } from './validateUsage';

type Print = (text: string) => void;

/** One line per expectation (the failing ones with their count, rows and first values). */
export function formatValidation(result: ValidationResult): string {
  const s = result.statistics;
  const csv = /\.csv$/i.test(result.meta.data);
  const lines = [t('{0} against {1}: {2} of {3} expectations met ({4} rows)', result.meta.data, result.meta.expectation_suite_name || result.meta.suite, s.successful_expectations, s.evaluated_expectations, result.meta.row_count)];
  for (const r of result.results) {
    const subject = subjectOf(r);
    const head = `${r.success ? '✓' : '✗'} ${r.expectation_config.expectation_type}${subject ? ` (${subject})` : ''}`;
    lines.push(r.success ? head : `${head}: ${failureText(r, csv)}`);
  }
  return lines.join('\n');
}

export async function validateCommand(args: string[], out: Print, err: Print): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      suite: { type: 'string' }, 'result-format': { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
      'memory-limit': { type: 'string' },
      ...Object.fromEntries(Object.values(LIMIT_OPTIONS).map((name) => [name, { type: 'string' as const }])),
    },
  });
  const limits: Partial<ValidateLimits> = {};
  for (const [key, name] of Object.entries(LIMIT_OPTIONS) as [keyof ValidateLimits, string][]) {
    const given = (values as Record<string, string | boolean | undefined>)[name];
    if (typeof given !== 'string') continue;
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1) throw new ValidateUsageError(t('--{0} takes a positive whole number (default {1})', name, DEFAULT_LIMITS[key]));
    limits[key] = n;
  }
  const memoryMb = values['memory-limit'] === undefined ? undefined : Number(values['memory-limit']);
  if (memoryMb !== undefined && !(Number.isInteger(memoryMb) && memoryMb >= 16)) throw new ValidateUsageError(t('--memory-limit takes a number of MB, at least 16'));
  if (values.help) {
    out(`Usage: archipel validate DATA --suite SUITE [options]\n\n${validateUsage}`);
    return 0;
  }
  if (!values.suite) throw new ValidateUsageError(t('validate needs --suite SUITE'));
  if (positionals.length > 1) throw new ValidateUsageError(t('validate takes one data file (got {0})', positionals.length));
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new ValidateUsageError(t('unknown format "{0}" (expected text or json)', String(format)));
  const resultFormat = values['result-format']?.toUpperCase();
  if (resultFormat !== undefined && !(RESULT_FORMATS as readonly string[]).includes(resultFormat)) {
    throw new ValidateUsageError(t('unknown result format "{0}" (expected {1})', values['result-format'] ?? '', RESULT_FORMATS.join(', ')));
  }
  let result: ValidationResult;
  try {
    const suite = parseSuite(await readFile(values.suite, 'utf8'), values.suite);
    const named = positionals[0];
    const data = named ?? (suite.data ? path.join(path.dirname(values.suite), suite.data.path) : undefined);
    if (!data) throw new ValidateUsageError(t('validate takes a data file (or a suite that names one with data:)'));
    // A file named on the command line is read wherever it is; the suite's data: only inside the project folder (the current folder).
    const root = process.cwd();
    result = await validateData(data, suite, {
      resultFormat: resultFormat as ResultFormatName | undefined, dataLabel: data, suiteLabel: values.suite,
      roots: named === undefined ? [root] : undefined, limits, memoryMb, spillFolder: spillFolderOf(root),
    });
  } catch (error) {
    if (error instanceof SuiteError || error instanceof ValidateError || error instanceof LinkRefusedError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      err(`archipel validate: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  out(format === 'json' ? JSON.stringify(result, null, 2) : formatValidation(result));
  return result.success ? 0 : 1;
}
