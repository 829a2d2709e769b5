/**
 * The results of `archipel policy test` written out: kyverno's table (text), a PolicyReport (`wgpolicyk8s.io/v1alpha2`,
 * json) and the rows not as expected as problems (for SARIF, through the CLI's one SARIF writer).
 */
import type { TestRow, TestRun } from './run';

/** One test file's run, with its path as printed ('/'-separated, from the current folder). */
export interface TestFileRun {
  readonly file: string;
  readonly run: TestRun;
}

function table(rows: readonly TestRow[]): string[] {
  const header = ['ID', 'POLICY', 'RULE', 'RESOURCE', 'RESULT', 'REASON'];
  const cells = rows.map((row, index) => [String(index + 1), row.policy, row.rule, row.resource, row.verdict === 'pass' ? 'Pass' : row.verdict === 'fail' ? 'Fail' : 'Not evaluated', row.reason]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] ?? '').length)));
  const rule = `│${widths.map((width) => '─'.repeat(width + 2)).join('│')}│`;
  const line = (cell: readonly string[]) => `│${cell.map((text, column) => ` ${text.padEnd(widths[column] ?? 0)} `).join('│')}│`;
  return [rule, line(header), rule, ...cells.map(line), rule];
}

/** kyverno test's text: per test file, what it loads, its table, then the summary. */
export function formatTestText(runs: readonly TestFileRun[]): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  let unevaluated = 0;
  for (const { file, run } of runs) {
    lines.push(`Loading test ( ${file} ) ...`);
    lines.push(`  Applying ${run.policies} ${run.policies === 1 ? 'policy' : 'policies'} to ${run.resources} ${run.resources === 1 ? 'resource' : 'resources'} ...`);
    lines.push('  Checking results ...', '');
    if (run.rows.length > 0) lines.push(...table(run.rows), '');
    for (const row of run.rows) {
      if (row.verdict === 'pass') passed++;
      else if (row.verdict === 'fail') failed++;
      else unevaluated++;
    }
  }
  lines.push(`Test Summary: ${passed} ${passed === 1 ? 'test' : 'tests'} passed and ${failed} ${failed === 1 ? 'test' : 'tests'} failed${unevaluated ? `, ${unevaluated} not evaluated offline` : ''}`);
  return lines.join('\n');
}

/** The results as a PolicyReport: each row a result (the policy's outcome), the expectation and the test's verdict as properties. */
export function formatTestJson(runs: readonly TestFileRun[]): string {
  const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  const results = runs.flatMap(({ file, run }) =>
    run.rows.map((row) => {
      const result = row.actual === 'none' || row.actual === 'unsupported' ? 'skip' : row.actual;
      summary[result]++;
      return {
        source: 'kyverno',
        policy: row.policy,
        rule: row.rule,
        result,
        message: row.message,
        resources: [{ apiVersion: row.apiVersion, kind: row.kind, name: row.name, ...(row.namespace ? { namespace: row.namespace } : {}) }],
        properties: { test: file, line: String(row.line + 1), expected: row.expected, verdict: row.verdict, reason: row.reason },
      };
    }),
  );
  return JSON.stringify({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: 'archipel-policy-test' }, summary, results }, null, 2);
}

/** A row not as expected, as the CLI's problems are: the test file, the expected result's line, `policy:<policy>/<rule>`. */
export interface TestProblem {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

export function testProblems(runs: readonly TestFileRun[]): TestProblem[] {
  return runs.flatMap(({ file, run }) => [
    ...run.errors.map((error) => ({ file: error.file, line: error.line, code: 'policy-test-file', message: error.message })),
    ...run.rows
      .filter((row) => row.verdict !== 'pass')
      .map((row) => ({ file, line: row.line, code: `policy:${row.policy}/${row.rule}`, message: `${row.resource}: ${row.reason}${row.message && row.message !== row.reason ? ` (${row.message})` : ''}` })),
  ]);
}
