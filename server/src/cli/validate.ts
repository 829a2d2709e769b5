/**
 * `archipel validate DATA --suite SUITE` (issue #29): the data file against the suite in DuckDB,
 * printed as text or as GX's validation result (JSON). Exit 0 when every expectation holds, 1
 * when one fails or the run could not be made, 2 on a usage error.
 */
import { statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import path from 'node:path';
import { parseOptions } from './didYouMean';
import type { ResultFormatName, ValidationResult } from '../protocol/validate';
import { t } from '../l10n/t';
import { RESULT_FORMATS } from '../validate/catalogue';
import { failureText, subjectOf } from '../validate/diagnostics';
import { parseSuite, SuiteError } from '../validate/suite';
import { DEFAULT_LIMITS, LIMIT_OPTIONS, type ValidateLimits } from '../engines/validate/limits';
import { validateData, ValidateError } from '../engines/validate/run';
import { spillFolderOf } from '../engines/validate/spill';
import { LinkRefusedError } from '../engines/core/safeWrite';
import { drained } from '../engines/core/output';
import { validateUsage, ValidateUsageError } from './validateUsage';
import { progressLine } from './progress';
import { READ_BOUNDS, readTextBounded } from '../disk/readText';

type Print = (text: string) => void;

/**
 * `JSON.stringify(result, null, 2)` as one line per piece (one per expectation's result), so that
 * no single string holds a whole COMPLETE result (a suite of 20,000 expectations: 68 MB).
 */
export function* jsonPieces(result: ValidationResult): Generator<string> {
  const { results } = result;
  const head = JSON.stringify(Object.fromEntries(Object.entries(result).map(([key, value]) => [key, key === 'results' ? [] : value as unknown])), null, 2);
  if (results.length === 0) {
    yield head;
    return;
  }
  // The head with its empty list opened: `"results": [],` → `"results": [`. One piece alive at a
  // time: each is written, then left to the young generation's collector (a 68 MB result whole
  // made the process's peak 300 MB higher).
  const at = head.indexOf('"results": []');
  yield head.slice(0, at) + '"results": [';
  for (const [i, r] of results.entries()) yield JSON.stringify(r, null, 2).replace(/^/gm, '    ') + (i < results.length - 1 ? ',' : '');
  yield '  ]' + head.slice(at + '"results": []'.length);
}

/** A --param value: JSON when it parses as JSON (a number, true, a list), else the text itself. */
function parameterValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A params file (YAML or JSON): its top-level mapping; nested mappings also give dotted names (`train.min_rows`). */
function readParamsFile(text: string, label: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text, { logLevel: 'error' });
  } catch (error) {
    throw new SuiteError(t('{0} could not be read: {1}', label, (error as Error).message));
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SuiteError(t('{0} is not a mapping of parameters', label));
  const out: Record<string, unknown> = {};
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, v] of Object.entries(node)) {
      out[prefix + key] = v;
      if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${key}.`);
    }
  };
  walk(value as Record<string, unknown>, '');
  return out;
}

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

/**
 * Writes the JSON result to `stdout` piece by piece, waiting for each to drain: a pipe takes 64 KB
 * at a time and Node queues the rest in memory (a 68 MB result written without waiting made the
 * process's peak 330 MB higher than written to a file, #37).
 */
async function writePieces(stdout: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    if (!stdout.write(piece + '\n')) await drained(stdout);
  }
}

/** `stdout`: the process's own standard output when `out` writes to it (the JSON is then written with its back-pressure). */
export async function validateCommand(args: string[], out: Print, err: Print, stdout?: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseOptions('validate', {
    args, allowPositionals: true, strict: true,
    options: {
      suite: { type: 'string' }, 'result-format': { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
      'memory-limit': { type: 'string' }, 'missing-values': { type: 'string' },
      param: { type: 'string', multiple: true }, params: { type: 'string' }, 'run-name': { type: 'string' }, 'run-time': { type: 'string' },
      ...Object.fromEntries(Object.values(LIMIT_OPTIONS).map((name) => [name, { type: 'string' as const }])),
    },
  });
  const limits: Partial<ValidateLimits> = {};
  for (const [key, name] of Object.entries(LIMIT_OPTIONS) as [keyof ValidateLimits, string][]) {
    const given = (values as Record<string, unknown>)[name];
    if (typeof given !== 'string') continue;
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1) throw new ValidateUsageError(t('--{0} takes a positive whole number (default {1})', name, DEFAULT_LIMITS[key]));
    limits[key] = n;
  }
  const memoryMb = values['memory-limit'] === undefined ? undefined : Number(values['memory-limit']);
  if (memoryMb !== undefined && !(Number.isInteger(memoryMb) && memoryMb >= 16)) throw new ValidateUsageError(t('--memory-limit takes a number of MB, at least 16'));
  const missing = values['missing-values'];
  if (missing !== undefined && missing !== 'pandas' && missing !== 'empty') throw new ValidateUsageError(t('--missing-values takes pandas or empty'));
  const runTimeText = values['run-time'];
  const runTimeGiven = runTimeText === undefined || runTimeText === 'data' ? undefined : new Date(runTimeText);
  if (runTimeGiven && Number.isNaN(runTimeGiven.getTime())) throw new ValidateUsageError(t('--run-time takes an ISO 8601 time or data'));
  const parameters: Record<string, unknown> = {};
  for (const given of values.param ?? []) {
    const at = given.indexOf('=');
    if (at < 1) throw new ValidateUsageError(t('--param takes NAME=VALUE (got {0})', given));
    parameters[given.slice(0, at)] = parameterValue(given.slice(at + 1));
  }
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
  // On a terminal, the rows each statement has read (DuckDB reads a large file again for each) and the expectations judged.
  const progress = progressLine(`validate ${path.basename(positionals[0] ?? values.suite ?? '')}`, { unit: 'rows' });
  let judged = '';
  let last = 0;
  const rows = progress.active
    ? (done: number, total: number) => {
        // A new statement starts again from the first row: its rate too.
        if (done < last) progress.restart();
        last = done;
        progress.update(done, total, judged);
      }
    : undefined;
  progress.update(0);
  try {
    const suite = parseSuite(await readTextBounded(values.suite, READ_BOUNDS.config), values.suite);
    const named = positionals[0];
    const data = named ?? (suite.data ? path.join(path.dirname(values.suite), suite.data.path) : undefined);
    if (!data) throw new ValidateUsageError(t('validate takes a data file (or a suite that names one with data:)'));
    // A file named on the command line is read wherever it is; the suite's data: only inside the project folder (the current folder).
    const root = process.cwd();
    // A params file's values first, the command line's over them.
    const fromFile = values.params === undefined ? {} : readParamsFile(await readTextBounded(values.params, READ_BOUNDS.config), values.params);
    const runTime = runTimeText === 'data' ? statSync(data).mtime : runTimeGiven;
    result = await validateData(data, suite, {
      parameters: { ...fromFile, ...parameters }, runName: values['run-name'], runTime,
      ...(missing ? { missingValues: missing } : {}),
      resultFormat: resultFormat as ResultFormatName | undefined, dataLabel: data, suiteLabel: values.suite,
      roots: named === undefined ? [root] : undefined, limits, memoryMb, spillFolder: spillFolderOf(root),
      ...(rows ? { onRows: rows, onProgress: (done: number, total: number) => void (judged = t('{0} of {1} expectations judged', done, total)) } : {}),
    });
  } catch (error) {
    progress.end();
    if (error instanceof SuiteError || error instanceof ValidateError || error instanceof LinkRefusedError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      err(`archipel validate: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  } finally {
    progress.end();
  }
  if (format === 'json' && stdout) await writePieces(stdout, jsonPieces(result));
  else if (format === 'json') for (const piece of jsonPieces(result)) out(piece);
  else out(formatValidation(result));
  return result.success ? 0 : 1;
}
