/**
 * One shape for an experiment from the store to `archipel exp show --format json` and the panel:
 * a row per workspace, baseline commit, DVC experiment and MLflow run, its params and metrics by
 * file with dotted keys. And the table views of it: only the params that differ (DVC's and
 * MLflow's users asked for it), sorted by a metric, as text, CSV or JSON.
 */
import type { ExperimentRowWire, ExperimentScalar, ExperimentsDiffEntry } from '../protocol/experiments';
import { t } from '../l10n/t';

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
}

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

/** The columns shown: every metric, and the params that differ between rows unless `allParams`. */
export function visibleColumns(rows: readonly ExperimentRow[], options: ShowOptions = {}): Column[] {
  const params = columnsOf(rows, 'params').filter((c) => options.allParams || differs(rows, c));
  return [...params, ...columnsOf(rows, 'metrics')];
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
  if (!column) throw new Error(`--sort-by ${options.sortBy}: no metric or param of that name (known: ${[...columnsOf(rows, 'metrics'), ...columnsOf(rows, 'params')].map((c) => c.key).slice(0, 20).join(', ')})`);
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

function text(value: Scalar | undefined): string {
  if (value === undefined) return '-';
  if (value === null) return 'null';
  return String(value);
}

function header(column: Column): string {
  return `${column.file}:${column.key}`;
}

/** The rows as aligned text columns: name, kind, date, then params and metrics. */
export function formatTable(rows: readonly ExperimentRow[], options: ShowOptions = {}): string {
  const columns = visibleColumns(rows, options);
  const lines: string[][] = [[t('Experiment'), t('Kind'), t('Created'), ...columns.map(header)]];
  for (const row of rows) {
    const label = row.kind === 'experiment' ? `├── ${row.name}` : row.name;
    lines.push([label, row.kind, row.timestamp?.slice(0, 19).replace('T', ' ') ?? '-', ...columns.map((c) => text(cell(row, c)))]);
  }
  const widths = lines[0].map((_, i) => Math.min(60, Math.max(...lines.map((l) => l[i].length))));
  const out = lines.map((l) => l.map((v, i) => (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v.padEnd(widths[i]))).join('  ').trimEnd());
  // The note of a row without its metrics, in the user's language (the JSON keeps the row's own words).
  const notes = rows.filter((r) => r.note).map((r) => `${r.name}: ${r.note === NOT_IN_CACHE ? t('not in the cache: `dvc pull`') : r.note}`);
  return [...out, ...(notes.length ? ['', ...new Set(notes)] : [])].join('\n') + '\n';
}

/** A CSV field: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatCsv(rows: readonly ExperimentRow[], options: ShowOptions = {}): string {
  const columns = visibleColumns(rows, options);
  const lines = [['Experiment', 'kind', 'id', 'baseline', 'created', ...columns.map(header)]];
  for (const row of rows) lines.push([row.name, row.kind, row.id, row.baseline ?? '', row.timestamp ?? '', ...columns.map((c) => { const v = cell(row, c); return v === undefined ? '' : text(v); })]);
  return lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
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
