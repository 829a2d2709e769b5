/**
 * `archipel exp show` for people: the table a terminal shows and its Markdown (`--md`). As `dvc exp
 * show` draws it: the experiment (each baseline with its experiments under it, `├──`/`└──`, MLflow
 * runs under their MLflow experiment), when it was created, its state when one is not a success, then
 * the params and metrics --only-changed, --keep and --drop choose; metrics to 5 significant digits.
 * The terminal's table fits its width: the Experiment and Created columns, then the columns --keep
 * names, the changed params and the metrics in the order dvc.yaml declares their files, as many as
 * fit; what is left out is said under the table, with the options that show it.
 */
import { t } from '../l10n/t';
import { cell, chosenColumns, columnMatcher, columnNames, MLFLOW_SOURCE, NOT_IN_CACHE, rounded, text, varies, type Column, type ExperimentRow, type Scalar, type ShowOptions } from './table';
import { markdownText } from '../common/escape';

export interface TableOptions extends ShowOptions {
  /** The width to fit, in characters (the terminal's, $COLUMNS, --width); undefined or 0: every column. */
  width?: number;
  /** Sentences said under the rows (why the DVC part is empty). */
  notes?: readonly string[];
}

/** Metrics' significant digits when --precision is not given (DVC's default). */
const PRECISION = 5;
/** The widest a value or header cell gets before it is cut with `…`. */
const MAX_CELL = 24;
/** The widest the Experiment column gets. */
const MAX_NAME = 32;
const GAP = '  ';

/** A row of the view: an experiment's row, or a heading line (an MLflow experiment's name). */
interface Line {
  label: string;
  row?: ExperimentRow;
}

/** What a terminal shows of a string from the workspace: no control character (an escape sequence would drive the terminal). */
function visible(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? ' ' : char;
  }
  return out;
}
const width = (value: string): number => [...value].length;

function cut(value: string, max: number): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
}

/** Cut at the start, so that a path keeps its file name: `…/metrics.json`. */
function cutStart(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  return max <= 1 ? '…'.slice(0, max) : `…${chars.slice(chars.length - max + 1).join('')}`;
}

const pad = (value: string, size: number, right = false): string => {
  const fill = ' '.repeat(Math.max(0, size - width(value)));
  return right ? fill + value : value + fill;
};

/** Rows as the tree DVC draws: each baseline's experiments under it, each MLflow experiment's runs under a heading. */
function lines(rows: readonly ExperimentRow[]): Line[] {
  const out: Line[] = [];
  let head: string | undefined;
  const mlflowGroup = (row: ExperimentRow | undefined) => (row?.kind === 'mlflow' ? (row.experiment ?? '') : undefined);
  const under = (row: ExperimentRow | undefined) => row !== undefined && row.kind !== 'workspace' && row.kind !== 'baseline' && row.kind !== 'mlflow' && head !== undefined && row.baseline === head;
  rows.forEach((row, i) => {
    const next = rows[i + 1];
    if (row.kind === 'mlflow') {
      head = undefined;
      const group = mlflowGroup(row);
      if (mlflowGroup(rows[i - 1]) !== group) out.push({ label: group ? `MLflow: ${visible(group)}` : t('MLflow runs') });
      out.push({ label: `${mlflowGroup(next) === group ? '├──' : '└──'} ${visible(row.name)}`, row });
    } else if (row.kind === 'workspace' || row.kind === 'baseline') {
      head = row.kind === 'baseline' ? row.id : undefined;
      out.push({ label: visible(row.name), row });
    } else if (under(row)) {
      out.push({ label: `${under(next) ? '├──' : '└──'} ${visible(row.name)}`, row });
    } else {
      out.push({ label: visible(row.name), row });
    }
  });
  return out;
}

/** Whether a row's status is worth a column: anything but a success. */
const unusual = (status: string | undefined): boolean => status !== undefined && status !== 'FINISHED' && status !== 'Success';

function created(row: ExperimentRow | undefined): string {
  if (!row) return '';
  return row.timestamp ? row.timestamp.slice(0, 16).replace('T', ' ') : '-';
}

/** The fixed columns the options leave: Created unless dropped (and not kept), State when a row has one. */
function fixedColumns(rows: readonly ExperimentRow[], options: ShowOptions): { created: boolean; state: boolean } {
  const keep = columnMatcher(options.keep, '--keep');
  const drop = columnMatcher(options.drop, '--drop');
  const shown = (name: string) => keep([name]) || !drop([name]);
  return { created: shown('Created'), state: rows.some((r) => unusual(r.status)) && shown('State') };
}

/** A value as the table shows it: metrics rounded, control characters out. */
function shownValue(row: ExperimentRow, column: Column, precision: number): string {
  const value: Scalar | undefined = cell(row, column);
  return visible(text(column.group === 'metrics' ? rounded(value, precision) : value));
}

/** The notes said under the rows: each row's missing metrics, then the caller's. */
function rowNotes(rows: readonly ExperimentRow[], notes: readonly string[] = []): string[] {
  // The note of a row without its metrics, in the user's language (the JSON keeps the row's own words).
  const own = rows.filter((r) => r.note).map((r) => visible(`${r.name}: ${r.note === NOT_IN_CACHE ? t('not in the cache: `dvc pull`') : r.note}`));
  return [...new Set(own), ...notes];
}

/** The table of a terminal: the columns that fit `options.width`, a line of file names above their keys. */
export function formatTable(rows: readonly ExperimentRow[], options: TableOptions = {}): string {
  const precision = options.precision ?? PRECISION;
  const { columns, kept } = chosenColumns(rows, options);
  const fixed = fixedColumns(rows, options);
  const view = lines(rows);
  // A heading (an MLflow experiment's name) has no other cell: it runs over them, and does not widen the column.
  const nameWidth = Math.min(MAX_NAME, Math.max(width(t('Experiment')), ...view.filter((l) => l.row).map((l) => width(l.label))));
  const fixedCells = (l: Line | undefined): string[] => [
    ...(fixed.created ? [l ? created(l.row) : t('Created')] : []),
    ...(fixed.state ? [l ? (l.row ? visible(unusual(l.row.status) ? (l.row.status ?? '') : '-') : '') : t('State')] : []),
  ];
  const fixedWidths = fixedCells(undefined).map((header, i) => Math.max(width(header), ...view.map((l) => width(fixedCells(l)[i]))));
  const values = new Map(columns.map((c) => [c, view.map((l) => (l.row ? shownValue(l.row, c, precision) : ''))]));
  const columnWidth = (c: Column) => Math.min(MAX_CELL, Math.max(width(visible(c.key)), ...values.get(c)!.map(width)));

  // Which columns fit: --keep's first, then the params whose values vary, the metrics, the params
  // that only some rows have; each that fits is taken, and they are shown in their own order.
  const limit = options.width !== undefined && options.width > 0 ? options.width : undefined;
  let used = nameWidth + fixedWidths.reduce((sum, w) => sum + GAP.length + w, 0);
  const taken = new Set<Column>();
  const rank = (c: Column) => (kept.has(c) ? 0 : c.group === 'metrics' ? 2 : varies(rows, c) ? 1 : 3);
  const ranks = new Map(columns.map((c) => [c, rank(c)]));
  for (const column of [...columns].sort((a, b) => ranks.get(a)! - ranks.get(b)!)) {
    const needed = GAP.length + columnWidth(column);
    if (limit !== undefined && used + needed > limit) continue;
    taken.add(column);
    used += needed;
  }
  const shown = columns.filter((c) => taken.has(c));
  const widths = shown.map(columnWidth);

  const out: string[] = [];
  // The files above their keys: one label over each run of columns of one file.
  if (shown.length > 0) {
    let line = ' '.repeat(nameWidth) + fixedWidths.map((w) => GAP + ' '.repeat(w)).join('');
    for (let i = 0; i < shown.length; ) {
      let j = i;
      let span = widths[i];
      while (j + 1 < shown.length && shown[j + 1].file === shown[i].file && shown[j + 1].group === shown[i].group) span += GAP.length + widths[++j];
      // The file's path, else its name, else the path cut at its start (`…/metrics.json`).
      const labels = shown[i].file === MLFLOW_SOURCE ? [shown[i].group === 'params' ? t('MLflow params') : t('MLflow metrics'), 'MLflow'] : [visible(shown[i].file), visible(shown[i].file.split('/').pop() ?? '')];
      line += GAP + pad(labels.find((l) => l && width(l) <= span) ?? cutStart(labels[0], span), span);
      i = j + 1;
    }
    out.push(line.trimEnd());
  }
  const row = (name: string, fixedTexts: string[], cells: string[]) =>
    [pad(cut(name, nameWidth), nameWidth), ...fixedTexts.map((v, i) => pad(v, fixedWidths[i])), ...cells.map((v, i) => pad(cut(v, widths[i]), widths[i], shown[i].group === 'metrics'))].join(GAP).trimEnd();
  out.push(row(t('Experiment'), fixedCells(undefined), shown.map((c) => visible(c.key))));
  view.forEach((l, index) => out.push(l.row ? row(l.label, fixedCells(l), shown.map((c) => values.get(c)![index])) : l.label));

  const notes = rowNotes(rows, options.notes);
  const hidden = columns.length - shown.length;
  if (hidden > 0) {
    const names = columnNames(columns);
    const some = columns.filter((c) => !taken.has(c)).slice(0, 3).map((c) => visible(names.get(c)!));
    notes.push(t('{0} more column(s) do not fit in {1} characters ({2}{3}): choose with --only-changed, --keep REGEX, --drop REGEX; all of them: --width 0, --md, --csv.', hidden, limit ?? 0, some.join(', '), hidden > some.length ? ', …' : ''));
  }
  return [...out, ...(notes.length ? ['', ...notes.flatMap((note) => wrap(note, limit))] : [])].join('\n') + '\n';
}

/** A sentence in lines of at most `limit` characters, broken between words (a word longer than a line stays whole). */
function wrap(sentence: string, limit: number | undefined): string[] {
  if (limit === undefined || width(sentence) <= limit) return [sentence];
  const lines: string[] = [];
  let line = '';
  for (const word of sentence.split(' ')) {
    if (line && width(line) + 1 + width(word) > limit) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The table as Markdown (GFM), every chosen column, named as DVC names them (the key, else `file:key`). */
export function formatMarkdown(rows: readonly ExperimentRow[], options: TableOptions = {}): string {
  const precision = options.precision ?? PRECISION;
  const { columns } = chosenColumns(rows, options);
  const fixed = fixedColumns(rows, options);
  const names = columnNames(columns);
  const header = [t('Experiment'), ...(fixed.created ? [t('Created')] : []), ...(fixed.state ? [t('State')] : []), ...columns.map((c) => names.get(c)!)];
  const align = [':--', ...(fixed.created ? [':--'] : []), ...(fixed.state ? [':--'] : []), ...columns.map((c) => (c.group === 'metrics' ? '--:' : ':--'))];
  const out = [header, align].map((cells, i) => `| ${(i === 0 ? cells.map(markdownText) : cells).join(' | ')} |`);
  for (const l of lines(rows)) {
    const r = l.row;
    const cells = [l.label, ...(fixed.created ? [created(r)] : []), ...(fixed.state ? [r ? (unusual(r.status) ? (r.status ?? '') : '-') : ''] : []), ...columns.map((c) => (r ? shownValue(r, c, precision) : ''))];
    out.push(`| ${cells.map(markdownText).join(' | ')} |`);
  }
  const notes = rowNotes(rows, options.notes);
  return [...out, ...(notes.length ? ['', ...notes] : [])].join('\n') + '\n';
}
