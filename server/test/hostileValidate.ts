// The hostile corpus of issue #37, shared by the CLI test (unit) and the server's validate request
// (protocol): suites and file names crafted to make DuckDB run SQL, read outside the workspace or
// hang, with the payloads of the OWASP SQL-injection cheat sheet (and DuckDB's own: `$$` strings,
// COPY … TO, ATTACH, INSTALL, read_csv of /etc/passwd) written into every suite field, column name
// and path; and the legitimate values holding `__source`, `$$`, `'`, `"` or `;` that must validate
// correctly.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** OWASP SQL-injection cheat-sheet payloads, plus DuckDB's dollar quoting, statements that write files, and our own placeholders. */
export const PAYLOADS = [
  "' OR '1'='1",
  "' OR 1=1--",
  "admin'--",
  "' OR 1=1#",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "1; COPY (SELECT 42 AS pwned) TO 'pwn1.csv'; --",
  "') ; COPY (SELECT 42) TO 'pwn2.csv' ; --",
  "$$) ; COPY (SELECT 1) TO $$pwn3.csv$$ ; --",
  "|| $$)$$), FALSE)) AS a1 FROM __source ; COPY (SELECT 42 AS pwned) TO $$pwn4.csv$$ ; SELECT 1 --",
  "' UNION SELECT * FROM read_csv('/etc/passwd') --",
  "1' AND SLEEP(5)--",
  "%' AND 1=0 UNION SELECT NULL--",
  "'; ATTACH 'pwn5.db' AS x; --",
  "'; INSTALL httpfs; LOAD httpfs; --",
  "\\'; COPY (SELECT 1) TO 'pwn6.csv'; --",
  '"; COPY (SELECT 1) TO \'pwn7.csv\'; --',
  '__source',
  '$1',
  '$p0',
  "$&$'$`",
];

/** Values a suite may legitimately hold: each must be matched as itself. */
export const LEGIT = ["a'b", 'c"d', 'e;f', '$$g$$', '__source', 'x__source y', "$&", "$'", '$`', "it's; $$ \"__source\""];

const csvCell = (value: string): string => `"${value.replace(/"/g, '""')}"`;

/** The file name of the issue's case (a `.csv` whose name closes the quoting and runs COPY). */
export const ISSUE_FILE_NAME = '|| $$)$$), FALSE)) AS a1 FROM read_csv($$prices.csv$$) ; COPY (SELECT 42 AS pwned) TO $$pwn.csv$$ ; SELECT 1 --.csv';

export interface HostileCase {
  name: string;
  /** The suite's file name (in the workspace folder). */
  suite: string;
  /** The data file named on the command line or in the request (relative to the workspace folder); none: the suite's data:. */
  data?: string;
  /** What the run gives: every expectation's success (null: either, the expectation's own error), or the message of a refusal. */
  expect: { successes: (boolean | null)[] } | { refused: RegExp };
  /** Text that must not appear in the answer (an outside file's content). */
  secret?: string;
}

const yamlString = (value: string): string => JSON.stringify(value);

function suiteText(name: string, data: string | undefined, expectations: { type: string; kwargs: Record<string, unknown> }[]): string {
  return [
    `name: ${yamlString(name)}`,
    ...(data === undefined ? [] : [`data: ${yamlString(data)}`]),
    'expectations:',
    ...expectations.map((e) => `  - type: ${e.type}\n    kwargs: ${JSON.stringify(e.kwargs)}`),
  ].join('\n') + '\n';
}

/**
 * Writes the corpus: `scratch/` holds `outside.csv` and `secret.txt` (outside the workspace) and
 * `scratch/ws/` the workspace. Returns the cases, their paths relative to `ws`.
 */
export function writeHostileCorpus(scratch: string): { ws: string; cases: HostileCase[] } {
  const ws = path.join(scratch, 'ws');
  mkdirSync(ws, { recursive: true });
  const put = (relative: string, text: string) => writeFileSync(path.join(ws, relative), text);
  writeFileSync(path.join(scratch, 'outside.csv'), 'name\nOUTSIDE-ROW\n');
  writeFileSync(path.join(scratch, 'secret.txt'), 'SECRET-LINE-1\nSECRET-LINE-2\n');
  const cases: HostileCase[] = [];
  const add = (c: HostileCase, suite: string) => {
    put(c.suite, suite);
    cases.push(c);
  };

  // The legitimate values, in a column named __source, another named with quotes and a semicolon.
  const legitCsv = ['__source,"we""ird; col",n', ...LEGIT.map((v, i) => `${csvCell(v)},${csvCell(v)},${i}`)].join('\n') + '\n';
  put('legit.csv', legitCsv);
  add({ name: 'legitimate values with __source, $$, quotes and ;', suite: 'legit.expectations.yaml', expect: { successes: [true, true, true, true, true, true, true, true, true] } }, suiteText('legit', 'legit.csv', [
    { type: 'expect_column_values_to_be_in_set', kwargs: { column: '__source', value_set: LEGIT } },
    { type: 'expect_column_distinct_values_to_equal_set', kwargs: { column: 'we"ird; col', value_set: LEGIT } },
    { type: 'expect_column_values_to_not_be_in_set', kwargs: { column: '__source', value_set: PAYLOADS.filter((p) => !LEGIT.includes(p)) } },
    // Matches exactly the rows holding the text `__source`: 3 of 10 ("__source", "x__source y", and the last).
    { type: 'expect_column_values_to_match_regex', kwargs: { column: '__source', regex: '__source', mostly: 0.3 } },
    { type: 'expect_column_values_to_match_regex', kwargs: { column: '__source', regex: '^\\$\\$g\\$\\$$|^[^$]|^\\$[&\'`]$', mostly: 1 } },
    { type: 'expect_column_values_to_match_like_pattern_list', kwargs: { column: '__source', like_pattern_list: ['%\'%', '%"%', '%;%', '%$%', '%source%'] } },
    { type: 'expect_column_value_lengths_to_be_between', kwargs: { column: '__source', min_value: 2, max_value: 22 } },
    { type: 'expect_column_to_exist', kwargs: { column: 'we"ird; col' } },
    { type: 'expect_table_columns_to_match_ordered_list', kwargs: { column_list: ['__source', 'we"ird; col', 'n'] } },
  ]));

  // The issue's file name, validated with regex "__source" (the first exploit).
  put(ISSUE_FILE_NAME, 'name\n__source\nplain\n');
  add({ name: 'the issue\'s file name with regex "__source"', suite: 'issue.expectations.yaml', data: ISSUE_FILE_NAME, expect: { successes: [false, true] } }, suiteText('issue', undefined, [
    { type: 'expect_column_values_to_match_regex', kwargs: { column: 'name', regex: '__source' } },
    { type: 'expect_table_row_count_to_equal', kwargs: { value: 2 } },
  ]));

  // Every payload as a column name (in the data and the suite), a regex, a value, a pattern, a format, a bound, a type.
  const header = PAYLOADS.map(csvCell).join(',');
  put('payload-columns.csv', `${header}\n${PAYLOADS.map(csvCell).join(',')}\n`);
  add({
    name: 'OWASP payloads in every field and as column names', suite: 'payloads.expectations.yaml',
    expect: { successes: PAYLOADS.flatMap(() => [true, true, true, true, null, null, false, true]) },
  }, suiteText(PAYLOADS[0], 'payload-columns.csv', PAYLOADS.flatMap((p) => [
    { type: 'expect_column_values_to_not_be_null', kwargs: { column: p } },
    { type: 'expect_column_values_to_be_in_set', kwargs: { column: p, value_set: [p] } },
    { type: 'expect_column_values_to_match_like_pattern', kwargs: { column: p, like_pattern: '%' } },
    { type: 'expect_column_values_to_not_match_regex', kwargs: { column: p, regex: p.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&') + 'NEVER' } },
    { type: 'expect_column_values_to_match_strftime_format', kwargs: { column: p, strftime_format: p } },
    { type: 'expect_column_values_to_be_between', kwargs: { column: p, min_value: p, max_value: p + 'z', parse_strings_as_datetimes: true } },
    // A column that is not in the data: an exception naming it, never SQL.
    { type: 'expect_column_values_to_be_unique', kwargs: { column: `${p} (missing)` } },
    { type: 'expect_column_pair_values_to_be_in_set', kwargs: { column_A: p, column_B: p, value_pairs_set: [[p, p]] } },
  ])));

  // A payload as the data file's name (no `/`), and as the data: key.
  for (const [i, p] of PAYLOADS.entries()) {
    const file = `${p.replace(/[/\\]/g, '_')}.csv`;
    put(file, 'v\n1\n');
    add({ name: `payload file name ${i}`, suite: `name-${i}.expectations.yaml`, expect: { successes: [true] } }, suiteText(p, file, [{ type: 'expect_table_row_count_to_equal', kwargs: { value: 1 } }]));
  }

  // Paths: outside the workspace, globs, a link to a file outside, a FIFO.
  add({ name: 'data: ../outside.csv', suite: 'up.expectations.yaml', expect: { refused: /outside the workspace folder/ } }, suiteText('up', '../outside.csv', [{ type: 'expect_table_row_count_to_equal', kwargs: { value: 1 } }]));
  add({ name: 'data: a glob walking up and out', suite: 'glob-up.expectations.yaml', expect: { refused: /does not exist|outside the workspace folder/ } }, suiteText('g', '../../../../../../usr/share/**/*.csv', [{ type: 'expect_table_row_count_to_equal', kwargs: { value: 1 } }]));
  add({ name: 'data: /**/*.csv', suite: 'glob-root.expectations.yaml', expect: { refused: /does not exist/ } }, suiteText('g', '/**/*.csv', [{ type: 'expect_table_row_count_to_equal', kwargs: { value: 1 } }]));
  put('prices.csv', 'v\n1\n2\n3\n');
  put('[p]rices.csv', 'v\n1\n');
  add({ name: 'data: [p]rices.csv is that file, not prices.csv', suite: 'bracket.expectations.yaml', expect: { successes: [true] } }, suiteText('b', '[p]rices.csv', [{ type: 'expect_table_row_count_to_equal', kwargs: { value: 1 } }]));
  add({ name: 'data: p?ices.csv matches nothing', suite: 'question.expectations.yaml', expect: { refused: /does not exist/ } }, suiteText('q', 'p?ices.csv', [{ type: 'expect_table_row_count_to_equal', kwargs: { value: 3 } }]));
  symlinkSync(path.join(scratch, 'secret.txt'), path.join(ws, 'passwd.csv'));
  add({ name: 'a .csv link to a file outside', suite: 'link.expectations.yaml', expect: { refused: /outside the workspace folder/ }, secret: 'SECRET-LINE' }, suiteText('l', 'passwd.csv', [{ type: 'expect_column_to_exist', kwargs: { column: 'x' } }]));
  if (spawnSync('mkfifo', [path.join(ws, 'fifo.csv')]).status === 0) {
    add({ name: 'a FIFO', suite: 'fifo.expectations.yaml', expect: { refused: /is a FIFO, not a data file/ } }, suiteText('f', 'fifo.csv', [{ type: 'expect_table_row_count_to_equal', kwargs: { value: 1 } }]));
  }
  // Bounds: a list over its bound is that expectation's exception, naming the bound and the option.
  add({ name: 'a regex_list over its bound', suite: 'bounds.expectations.yaml', expect: { successes: [false, true] } }, suiteText('b', 'prices.csv', [
    { type: 'expect_column_values_to_match_regex_list', kwargs: { column: 'v', regex_list: Array.from({ length: 1001 }, (_, i) => `^${i}$`) } },
    { type: 'expect_column_values_to_match_regex_list', kwargs: { column: 'v', regex_list: Array.from({ length: 1000 }, (_, i) => `^${i}$`) } },
  ]));
  // Each pattern within its bound and their number too, but 1,000 of 10,000 characters in all (#50: minutes and 850 MB).
  add({ name: 'a regex_list over its total size', suite: 'total.expectations.yaml', expect: { successes: [false] } }, suiteText('t', 'prices.csv', [
    { type: 'expect_column_values_to_match_regex_list', kwargs: { column: 'v', regex_list: Array.from({ length: 1000 }, (_, i) => `^${String(i).padEnd(9_997, 'x')}$`) } },
  ]));
  return { ws, cases };
}

/** An exception that would betray SQL built from the payload (the statement's text broken). */
export const SQL_BROKEN = /Parser Error|syntax error|unterminated/i;

/** Every path under `folder` with its kind and size (links not followed): compared before and after. */
export function listing(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const stats = lstatSync(full);
      out.push(`${path.relative(folder, full)} ${stats.isDirectory() ? 'dir' : stats.isSymbolicLink() ? 'link' : stats.isFIFO() ? 'fifo' : stats.size}`);
      if (stats.isDirectory()) walk(full);
    }
  };
  walk(folder);
  return out;
}
