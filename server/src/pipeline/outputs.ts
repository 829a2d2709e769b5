/**
 * The pipeline panel's metrics and plots, from the files' text (pure: the caller reads them).
 * Metrics: a JSON/YAML file's scalar leaves under dotted keys, as `dvc metrics show` lists them,
 * kept across runs in a small history (a new column each time the values change). Plots: a
 * CSV/TSV/JSON/YAML table's numeric columns as series over the row index (`step`), as DVC's
 * default x is.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { MetricsTable, PlotSeries } from '../protocol/pipelineOutputs';
import { t } from '../l10n/t';
import { isRecord } from './interpolate';
import { parseParamsText } from './paramsFile';

/** Beyond these, a file is cut (and says so): the panel shows what fits on a screen. */
export const maxOutputBytes = 5 * 1024 * 1024;
export const maxMetricKeys = 500;
export const maxPlotRows = 100_000;
export const maxSeries = 20;
/** Runs a metrics table keeps. */
export const maxRuns = 10;

type Scalar = number | string;

/** A metrics file's scalar leaves by dotted key (lists by index), booleans as text; at most `maxMetricKeys`. */
export function metricValues(text: string, file: string): { values: Record<string, Scalar> } | { error: string } {
  const read = parseParamsText(text, file);
  if ('error' in read) return read;
  const values: Record<string, Scalar> = {};
  let count = 0;
  // Iterative, so that a deeply nested file cannot overflow the stack.
  const stack: [string, unknown][] = Object.entries(read.values).reverse();
  while (stack.length > 0 && count < maxMetricKeys) {
    const [key, value] = stack.pop()!;
    if (typeof value === 'number' || typeof value === 'string') values[key] = value;
    else if (typeof value === 'boolean') values[key] = String(value);
    else if (isRecord(value)) stack.push(...Object.entries(value).map(([k, v]): [string, unknown] => [`${key}.${k}`, v]).reverse());
    else if (Array.isArray(value)) stack.push(...value.map((v, i): [string, unknown] => [`${key}.${i}`, v]).reverse());
    else continue;
    if (typeof value !== 'object' || value === null) count++;
  }
  return { values };
}

/** Each metrics file's values, oldest run first. */
export type MetricsHistory = Record<string, { at: string; values: Record<string, Scalar> }[]>;

/** The history with `values` as the file's latest run when they differ from the last one kept. */
export function recordMetrics(history: MetricsHistory, file: string, values: Record<string, Scalar>, at: string): { history: MetricsHistory; changed: boolean } {
  const runs = history[file] ?? [];
  const last = runs.at(-1);
  if (last && JSON.stringify(last.values) === JSON.stringify(values)) return { history, changed: false };
  return { history: { ...history, [file]: [...runs, { at, values }].slice(-maxRuns) }, changed: true };
}

/** A history read from disk, checked: anything malformed is dropped. */
export function metricsHistoryOf(data: unknown): MetricsHistory {
  const history: MetricsHistory = {};
  if (!isRecord(data)) return history;
  for (const [file, runs] of Object.entries(data)) {
    if (!Array.isArray(runs)) continue;
    const kept = runs.filter((r): r is { at: string; values: Record<string, Scalar> } => isRecord(r) && typeof r.at === 'string' && isRecord(r.values) && Object.values(r.values).every((v) => typeof v === 'number' || typeof v === 'string'));
    if (kept.length > 0) history[file] = kept.slice(-maxRuns);
  }
  return history;
}

/** The table of a file's runs: keys in order of first appearance. */
export function metricsTable(file: string, runs: MetricsHistory[string]): MetricsTable {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    for (const key of Object.keys(run.values)) {
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
    }
  }
  return { file, runs: runs.map((r) => r.at), rows: keys.map((key) => ({ key, values: runs.map((r) => r.values[key] ?? null) })) };
}

/** The rows of a plots file: CSV/TSV with a header, or JSON/YAML holding a list of records (or a mapping with one). */
function plotRows(text: string, file: string): Record<string, unknown>[] {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) {
    return parseCsv(text, { columns: true, delimiter: lower.endsWith('.tsv') ? '\t' : ',', skip_empty_lines: true, bom: true, relax_column_count: true, to: maxPlotRows }) as Record<string, unknown>[];
  }
  let value: unknown;
  if (lower.endsWith('.json')) value = JSON.parse(text);
  else if (lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    const read = parseParamsText(text, file);
    if ('error' in read) throw new Error(read.error);
    value = read.values;
  } else throw new Error(t('unknown plots format (expected .csv, .tsv, .json, .yaml or .yml)'));
  if (isRecord(value)) value = Object.values(value).find(Array.isArray);
  if (!Array.isArray(value)) throw new Error(t('no list of records in it'));
  return value.slice(0, maxPlotRows).filter(isRecord);
}

const numberOf = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** A plots file's numeric columns over `step` (its own column when it has one, else the row index). */
export function plotSeries(text: string, file: string): PlotSeries {
  const empty = { file, x: 'step', xs: [], series: [] };
  if (text.length > maxOutputBytes) return { ...empty, error: t('larger than {0} MB: not read', maxOutputBytes / 1024 / 1024) };
  let rows: Record<string, unknown>[];
  try {
    rows = plotRows(text, file);
  } catch (error) {
    return { ...empty, error: t('cannot be read: {0}', error instanceof Error ? error.message.split('\n')[0] : String(error)) };
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const hasStep = columns.includes('step') && rows.every((r) => numberOf(r.step) !== null);
  const xs = rows.map((r, i) => (hasStep ? numberOf(r.step)! : i));
  const series = columns
    .filter((c) => !(hasStep && c === 'step'))
    .map((name) => ({ name, values: rows.map((r) => numberOf(r[name])) }))
    .filter((s) => s.values.some((v) => v !== null))
    .slice(0, maxSeries);
  if (series.length === 0) return { ...empty, error: t('no numeric column') };
  return { file, x: 'step', xs, series };
}
