// The Data Docs panel (issue #29): one validation of a data file against an expectation suite —
// the verdict and statistics, then each expectation with its verdict, its observed value, its
// unexpected count, values and rows (a row opens the data file at its line). The host sends each
// run; the page keeps the last one in its state so a reload shows it again.
import '../shared/base.css';
import './dataDocs.css';
import { h, replaceChildren, root } from '../shared/dom';
import { connect } from '../shared/page';
import { DataDocsState, DataDocsToPage, type DataDocsToHost, type DataDocsView } from './messages';

let current: DataDocsView | undefined;

const page = connect<typeof DataDocsToPage, DataDocsToHost, typeof DataDocsState>({ toPage: DataDocsToPage, state: DataDocsState }, (message) => {
  if (message.type === 'empty') {
    if (!current) renderEmpty();
    return;
  }
  current = message.view;
  page.setState({ view: message.view });
  render(message.view);
});

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;
const shown = (value: unknown): string => (value === null || value === undefined ? 'null' : typeof value === 'string' ? value : JSON.stringify(value));

function renderEmpty(): void {
  replaceChildren(root(), h('h1', undefined, 'Data Docs'), h('p', { class: 'message' }, 'No validation yet: run Archipel: Validate Data on a CSV or Parquet file, or on an expectation suite.'));
  page.post({ type: 'rendered', summary: { empty: true } });
}

/** The column(s) an expectation is about. */
function subject(kwargs: Record<string, unknown>): string {
  if (typeof kwargs.column === 'string') return kwargs.column;
  if (typeof kwargs.column_A === 'string') return `${kwargs.column_A}, ${shown(kwargs.column_B)}`;
  if (Array.isArray(kwargs.column_list)) return kwargs.column_list.map(shown).join(', ');
  return '';
}

/** The kwargs other than the column(s), as `name=value`. */
function otherKwargs(kwargs: Record<string, unknown>): string {
  return Object.entries(kwargs).filter(([k]) => !['column', 'column_A', 'column_B', 'result_format'].includes(k)).map(([k, value]) => `${k}=${shown(value)}`).join(', ');
}

function rowsCell(view: DataDocsView, rows: unknown): HTMLElement {
  const list = Array.isArray(rows) ? rows.filter((r): r is number => typeof r === 'number').slice(0, 20) : [];
  const csv = /\.csv$/i.test(view.data);
  // Row r (0-based, header excluded) is line r + 2 of a CSV: its 0-based editor line is r + 1.
  return h('td', { class: 'rows' }, ...list.flatMap((row, i) => [
    i > 0 ? ', ' : '',
    csv ? h('a', { attrs: { href: '#', 'data-row': row }, title: `line ${row + 2}`, on: { click: (event) => { event.preventDefault(); page.post({ type: 'reveal', uri: view.data, range: { start: { line: row + 1, character: 0 }, end: { line: row + 1, character: 0 } } }); } } }, String(row)) : String(row),
  ]));
}

const HEADS = ['', 'Expectation', 'Column', 'Observed', 'Unexpected', 'Unexpected values', 'Rows'];

function render(view: DataDocsView): void {
  const { result } = view;
  const s = result.statistics;
  const rows = result.results.map((r) => {
    const res = r.result;
    const failed = !r.success;
    const observed = r.exception_info.raised_exception ? r.exception_info.exception_message ?? '' : res.observed_value !== undefined ? shown(res.observed_value) : '';
    const unexpected = typeof res.unexpected_count === 'number' ? `${res.unexpected_count} / ${shown(res.element_count)} (${typeof res.unexpected_percent === 'number' ? res.unexpected_percent.toFixed(2) : '—'} %)` : '';
    const values = Array.isArray(res.partial_unexpected_list) ? res.partial_unexpected_list.slice(0, 20).map(shown).join(', ') : '';
    const row = h('tr', { class: ['expectation', failed ? 'failed' : 'passed'] },
      h('td', { class: 'verdict' }, failed ? '✗' : '✓'),
      h('td', { class: 'type' }, h('code', undefined, r.expectation_config.expectation_type), h('div', { class: 'kwargs' }, otherKwargs(r.expectation_config.kwargs))),
      h('td', { class: 'column' }, subject(r.expectation_config.kwargs)),
      h('td', { class: ['observed', r.exception_info.raised_exception && 'exception'] }, observed),
      h('td', { class: 'unexpected' }, unexpected),
      h('td', { class: 'values' }, values),
      rowsCell(view, res.unexpected_index_list ?? res.partial_unexpected_index_list),
    );
    // Narrow, each row is a card whose cells name their column (dataDocs.css).
    [...row.children].forEach((cell, i) => ((cell as HTMLElement).dataset.label = HEADS[i]));
    return row;
  });
  replaceChildren(root(),
    h('h1', undefined, `Data Docs: ${baseName(result.meta.data)}`),
    h('p', { class: ['summary', result.success ? 'success' : 'failure'] },
      result.success ? 'Every expectation is met' : `${s.unsuccessful_expectations} of ${s.evaluated_expectations} expectations failed`,
      ` — suite ${result.meta.expectation_suite_name || baseName(result.meta.suite)}, ${result.meta.row_count.toLocaleString('en')} rows, ${result.meta.columns.length} columns, ${result.meta.validation_time} (${result.meta.engine}).`),
    h('table', { class: 'expectations' },
      h('thead', undefined, h('tr', undefined, ...HEADS.map((t) => h('th', undefined, t)))),
      h('tbody', undefined, ...rows)),
  );
  page.post({ type: 'rendered', summary: { expectations: result.results.length, failed: s.unsuccessful_expectations, success: result.success } });
}

// A reload or a restored panel shows the validation it kept until the host sends one.
const kept = page.state();
if (kept) {
  current = kept.view;
  render(kept.view);
}
page.post({ type: 'ready' });
