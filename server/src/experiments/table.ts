/**
 * One shape for an experiment from the store to `archipel exp show --format json` and the panel:
 * a row per workspace, baseline commit, DVC experiment and MLflow run, its params and metrics by
 * file with dotted keys. And the table views of it: only the params that differ (DVC's and
 * MLflow's users asked for it), the columns --only-changed, --keep and --drop choose, sorted by a
 * metric, as CSV or JSON (the terminal's table and Markdown: terminal.ts).
 */
import type { ExperimentRowWire, ExperimentScalar, ExperimentsDiffEntry } from '../protocol/experiments';
import { t } from '../l10n/t';
import { csvCell } from '../common/escape';

/** A row's note when its metrics are in no cache (engines/experiments/store.ts). */
export const NOT_IN_CACHE = 'not in the cache: `dvc pull`';

export type Scalar = ExperimentScalar;
export type ExperimentRow = ExperimentRowWire;

export const MLFLOW_SOURCE = 'MLflow';

/** Nested params as dotted keys (`train.n_est`), as `dvc exp show` flattens them; lists stay values. */
export function flatten(data: unknown, prefix = '', into: Record<string, Scalar> = {}, limit = 5000): Record<string, Scalar> {
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && !(data instanceof Date)) {
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (Object.keys(into).length >= limit) break;
      flatten(value, prefix ? `${prefix}.${key}` : key, into, limit);
    }
    return into;
  }
  if (prefix === '') return into;
  into[prefix] = data === undefined ? null : data instanceof Date ? data.toISOString() : Array.isArray(data) ? JSON.stringify(data) : (data as Scalar);
  return into;
}

/** A column: its group (params or metrics), file, and dotted key. */
export interface Column {
  group: 'params' | 'metrics';
  file: string;
  key: string;
}

export interface ShowOptions {
  allParams?: boolean;
  /** A metric or param: `key` or `file:key`. */
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  /** Only the params and metrics whose values vary across the rows that have one (`dvc exp show --only-changed`). */
  onlyChanged?: boolean;
  /** Columns to remove: a regular expression matched from the start of a column's name (`--drop`). */
  drop?: string;
  /** Columns kept whatever --only-changed and --drop say, and shown first when not all fit (`--keep`). */
  keep?: string;
  /** Significant digits of the metrics (the table and Markdown: 5 unless given; CSV: as stored unless given). */
  precision?: number;
}

/** An option of `exp show` that cannot be applied (an unknown --sort-by column, a --keep that is no regular expression). */
export class ShowOptionError extends Error {}

function columnsOf(rows: readonly ExperimentRow[], group: 'params' | 'metrics'): Column[] {
  const seen = new Map<string, Column>();
  for (const row of rows) {
    for (const [file, values] of Object.entries(row[group])) {
      for (const key of Object.keys(values)) {
        const id = `${file}\0${key}`;
        if (!seen.has(id)) seen.set(id, { group, file, key });
      }
    }
  }
  return [...seen.values()];
}

export function cell(row: ExperimentRow, column: Column): Scalar | undefined {
  return row[column.group][column.file]?.[column.key];
}

/** Whether rows disagree on a column (a row without it counts as different). */
function differs(rows: readonly ExperimentRow[], column: Column): boolean {
  if (rows.length < 2) return true;
  const first = cell(rows[0], column);
  return rows.some((row) => cell(row, column) !== first);
}

/**
 * Whether the rows that have a value in a column disagree on it (--only-changed): a row without one
 * (a baseline never run, an MLflow run that logged other keys) does not make a column vary, or
 * every metric of a sweep would, beside a baseline whose metrics were never committed.
 */
export function varies(rows: readonly ExperimentRow[], column: Column): boolean {
  let first: Scalar | undefined;
  for (const row of rows) {
    const value = cell(row, column);
    if (value === undefined) continue;
    if (first === undefined) first = value;
    else if (value !== first) return true;
  }
  return false;
}

/** The columns shown: every metric, and the params that differ between rows unless `allParams`. */
export function visibleColumns(rows: readonly ExperimentRow[], options: ShowOptions = {}): Column[] {
  const params = columnsOf(rows, 'params').filter((c) => options.allParams || differs(rows, c));
  return [...params, ...columnsOf(rows, 'metrics')];
}

/** A column's names a --keep or --drop pattern is tried on: `file:key` and `key`. */
function columnIds(column: Column): string[] {
  return [`${column.file}:${column.key}`, column.key];
}

/** Whether `pattern` matches one of `names` from its start, as DVC's `re.match`; a bad pattern is the user's to fix. */
export function columnMatcher(pattern: string | undefined, option: string): (names: readonly string[]) => boolean {
  if (pattern === undefined) return () => false;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})`);
  } catch (error) {
    throw new ShowOptionError(`${option} ${pattern}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Column names are short (a dotted key, a file): the pattern, the user's own, runs on nothing longer.
  return (names) => names.some((name) => re.test(name.slice(0, 500)));
}

/**
 * The params and metrics columns a table shows, in their order (params, then metrics in the order
 * dvc.yaml declares their files), as DVC decides them: --only-changed drops the columns whose values
 * do not vary (params always, unless --all-params), --drop the columns it matches, and --keep
 * brings back those it matches whatever the two others said.
 */
export function chosenColumns(rows: readonly ExperimentRow[], options: ShowOptions = {}): { columns: Column[]; kept: Set<Column> } {
  const keep = columnMatcher(options.keep, '--keep');
  const drop = columnMatcher(options.drop, '--drop');
  const kept = new Set<Column>();
  const columns = [...columnsOf(rows, 'params'), ...columnsOf(rows, 'metrics')].filter((column) => {
    const ids = columnIds(column);
    if (keep(ids)) {
      kept.add(column);
      return true;
    }
    if (column.group === 'params' && !options.allParams && !differs(rows, column)) return false;
    if (options.onlyChanged && !varies(rows, column)) return false;
    return !drop(ids);
  });
  return { columns, kept };
}

/**
 * Each column's name as DVC writes it: its key when no other column (nor a fixed one: Experiment,
 * Created, State) has that key, else `file:key`.
 */
export function columnNames(columns: readonly Column[]): Map<Column, string> {
  const count = new Map<string, number>([['Experiment', 1], ['Created', 1], ['State', 1]]);
  for (const c of columns) count.set(c.key, (count.get(c.key) ?? 0) + 1);
  return new Map(columns.map((c) => [c, count.get(c.key) === 1 ? c.key : `${c.file}:${c.key}`]));
}

/** A metric rounded to `precision` significant digits, as DVC's `--precision` (an integer stays whole). */
export function rounded(value: Scalar | undefined, precision: number | undefined): Scalar | undefined {
  if (precision === undefined || typeof value !== 'number' || Number.isInteger(value) || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(Math.min(100, Math.max(1, precision))));
}

/** The column `sortBy` names (`file:key` or a key found in one file), metrics first. */
export function findColumn(rows: readonly ExperimentRow[], sortBy: string): Column | undefined {
  const all = [...columnsOf(rows, 'metrics'), ...columnsOf(rows, 'params')];
  const exact = all.find((c) => `${c.file}:${c.key}` === sortBy);
  return exact ?? all.find((c) => c.key === sortBy);
}

function compare(a: Scalar | undefined, b: Scalar | undefined): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * Rows sorted by a column, as `dvc exp show --sort-by` sorts them: the workspace first, each
 * baseline where it was with its own experiments (queued and running ones too) sorted under it,
 * then the other rows (MLflow runs) sorted; rows without a value last in their group; stable.
 */
export function sortRows(rows: readonly ExperimentRow[], options: ShowOptions): ExperimentRow[] {
  if (!options.sortBy) return [...rows];
  const column = findColumn(rows, options.sortBy);
  if (!column) throw new ShowOptionError(`--sort-by ${options.sortBy}: no metric or param of that name (known: ${[...columnsOf(rows, 'metrics'), ...columnsOf(rows, 'params')].map((c) => c.key).slice(0, 20).join(', ')})`);
  const sign = options.sortOrder === 'desc' ? -1 : 1;
  const sorted = (group: readonly ExperimentRow[]) =>
    group
      .map((row, index) => ({ row, index }))
      .sort((x, y) => {
        const a = cell(x.row, column);
        const b = cell(y.row, column);
        const missing = (a === undefined || a === null ? 1 : 0) - (b === undefined || b === null ? 1 : 0);
        return missing !== 0 ? missing : sign * compare(a, b) || x.index - y.index;
      })
      .map((x) => x.row);
  const baselines = new Set(rows.filter((r) => r.kind === 'baseline').map((r) => r.id));
  const under = new Map<string, ExperimentRow[]>();
  const others: ExperimentRow[] = [];
  for (const row of rows) {
    if (row.kind === 'workspace' || row.kind === 'baseline') continue;
    if (row.kind !== 'mlflow' && row.baseline !== undefined && baselines.has(row.baseline)) under.set(row.baseline, [...(under.get(row.baseline) ?? []), row]);
    else others.push(row);
  }
  return [
    ...rows.filter((r) => r.kind === 'workspace'),
    ...rows.filter((r) => r.kind === 'baseline').flatMap((baseline) => [baseline, ...sorted(under.get(baseline.id) ?? [])]),
    ...sorted(others),
  ];
}

export function text(value: Scalar | undefined): string {
  if (value === undefined) return '-';
  if (value === null) return 'null';
  return String(value);
}

function header(column: Column): string {
  return `${column.file}:${column.key}`;
}

/** The rows as CSV: every value as stored (unless --precision), the columns --only-changed, --keep and --drop choose. */
export function formatCsv(rows: readonly ExperimentRow[], options: ShowOptions = {}): string {
  const { columns } = chosenColumns(rows, options);
  const created = !columnMatcher(options.drop, '--drop')(['Created']) || columnMatcher(options.keep, '--keep')(['Created']);
  const metric = (c: Column, v: Scalar | undefined) => (c.group === 'metrics' ? rounded(v, options.precision) : v);
  const lines = [['Experiment', 'kind', 'id', 'baseline', ...(created ? ['created'] : []), ...columns.map(header)]];
  for (const row of rows) lines.push([row.name, row.kind, row.id, row.baseline ?? '', ...(created ? [row.timestamp ?? ''] : []), ...columns.map((c) => { const v = metric(c, cell(row, c)); return v === undefined ? '' : text(v); })]);
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The JSON of `exp show`: the rows with only the visible params (all metrics). */
export function formatJson(rows: readonly ExperimentRow[], options: ShowOptions = {}): string {
  const keep = new Set(visibleColumns(rows, options).filter((c) => c.group === 'params').map((c) => `${c.file}\0${c.key}`));
  const out = rows.map((row) => {
    const params: ExperimentRow['params'] = {};
    for (const [file, values] of Object.entries(row.params)) {
      for (const [key, value] of Object.entries(values)) if (keep.has(`${file}\0${key}`)) (params[file] ??= {})[key] = value;
    }
    return { ...row, params };
  });
  // Compact: 11,000 rows are 4 MB compact, 7 MB indented, and a program reads them.
  return `${JSON.stringify(out)}\n`;
}

export type DiffEntry = ExperimentsDiffEntry;

export function diffRows(a: ExperimentRow, b: ExperimentRow, all = false): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (const column of visibleColumns([a, b], { allParams: true })) {
    const va = cell(a, column);
    const vb = cell(b, column);
    if (!all && va === vb) continue;
    const entry: DiffEntry = { group: column.group, file: column.file, key: column.key, a: va, b: vb };
    if (typeof va === 'number' && typeof vb === 'number') entry.change = vb - va;
    out.push(entry);
  }
  return out;
}

export function formatDiff(a: ExperimentRow, b: ExperimentRow, entries: readonly DiffEntry[]): string {
  if (entries.length === 0) return `${a.name} and ${b.name}: no difference in params or metrics\n`;
  const lines = [[t('Path'), t('Key'), a.name, b.name, t('Change')]];
  for (const e of entries) lines.push([`${e.group}:${e.file}`, e.key, text(e.a), text(e.b), e.change === undefined ? '-' : String(e.change)]);
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}
