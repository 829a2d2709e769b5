/**
 * The Experiments table's columns and cell texts, from the rows alone (no DOM, no page state): a
 * row's value in a column, the columns a set of rows has, how a value, a duration and the sweep
 * box's example read, the order of two values, a row against the filter.
 */
import type { Row } from './messages';

export type Scalar = string | number | boolean | null;
export interface Column { group: 'params' | 'metrics'; file: string; key: string }

export function cell(row: Row, column: Column): Scalar | undefined {
  return row[column.group][column.file]?.[column.key];
}

/** The columns of a group in the order they first appear (one lookup per file and key, no string built). */
export function columnsOf(rows: readonly Row[], group: 'params' | 'metrics'): Column[] {
  const files = new Map<string, Map<string, Column>>();
  const columns: Column[] = [];
  for (const row of rows) {
    const values = row[group];
    for (const file in values) {
      let keys = files.get(file);
      if (!keys) files.set(file, (keys = new Map<string, Column>()));
      for (const key in values[file]) {
        if (keys.has(key)) continue;
        const column: Column = { group, file, key };
        keys.set(key, column);
        columns.push(column);
      }
    }
  }
  return columns;
}

export const columnId = (c: Column): string => `${c.group}:${c.file}:${c.key}`;

export function text(value: Scalar | undefined): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

export function compare(a: Scalar | undefined, b: Scalar | undefined): number {
  const missing = (a === undefined || a === null ? 1 : 0) - (b === undefined || b === null ? 1 : 0);
  if (missing !== 0 || a === undefined || a === null || b === undefined || b === null) return missing;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

export function matches(row: Row, filter: string): boolean {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  const hay = [row.name, row.id, row.kind, row.status ?? '', row.experiment ?? '', ...Object.values(row.params).flatMap((p) => Object.entries(p).map(([k, v]) => `${k}=${text(v)}`))];
  return hay.some((s) => s.toLowerCase().includes(needle));
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.round(s / 60)} min`;
}

/** The sweep box's example (#52): the row's own first two params (`params`: its columns), as a sweep of three values and a set value. */
export function sweepExample(row: Row | undefined, params: readonly Column[]): string {
  const own = row ? params.filter((c) => c.file !== 'MLflow') : [];
  const value = (c: Column) => (row ? cell(row, c) : undefined);
  const numeric = own.filter((c) => typeof value(c) === 'number');
  const [first, second] = numeric.length > 0 ? numeric : own;
  if (!first) return 'train.lr=0.01,0.05,0.1';
  const sweep = (c: Column) => {
    const v = value(c);
    return typeof v === 'number' ? `${c.key}=${[v / 2, v, v * 2].map((n) => Number(n.toPrecision(4))).join(',')}` : `${c.key}=${text(v)}`;
  };
  return second ? `${sweep(first)} ${second.file}:${second.key}=${text(value(second))}` : sweep(first);
}
