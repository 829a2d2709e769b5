// Entry point VS Code loads in the extension host (`extensionTestsPath`): runs every
// `*.test.js` compiled next to this file with mocha, prints mocha's spec output and, when
// ARCHIPEL_TEST_REPORT names a file, writes a JSON report there. The runner
// (scripts/test-extension.mjs) reads that file: the extension host's stdout is not reliably
// visible from outside a browser-hosted VS Code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

export interface TestReport {
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
  /** Mocha's spec reporter output, as it would print in a terminal. */
  output: string;
}

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

/** Mocha's spec reporter, also recording each test's outcome. */
class RecordingSpec extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const report = (options.reporterOptions as { report: TestReport }).report;
    runner.on(EVENT_TEST_PASS, (test) => report.tests.push({ title: test.fullTitle(), state: 'passed' }));
    runner.on(EVENT_TEST_PENDING, (test) => report.tests.push({ title: test.fullTitle(), state: 'pending' }));
    // Hook failures arrive here too, with the hook as `test`.
    runner.on(EVENT_TEST_FAIL, (test, err: unknown) =>
      report.tests.push({ title: test.fullTitle(), state: 'failed', error: errorText(err) }),
    );
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function writeReport(report: TestReport): void {
  const file = process.env.ARCHIPEL_TEST_REPORT;
  if (file) fs.writeFileSync(file, JSON.stringify(report, null, 2));
}

/** The suite of this folder (the fixture workspace's). */
export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** Runs every `*.test.js` under `dir` with mocha and writes the report (also the walkthrough suite's entry). */
export async function runSuite(dir: string): Promise<void> {
  const report: TestReport = { passed: 0, failed: 0, pending: 0, tests: [], output: '' };
  const lines: string[] = [];
  // Every reporter prints through Base.consoleLog: capture it for the report and keep printing.
  const base = Mocha.reporters.Base;
  const originalLog = base.consoleLog;
  base.consoleLog = (...data: unknown[]) => {
    lines.push(format(...data));
    originalLog(...data);
  };
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      timeout: 60_000,
      color: false,
      reporter: RecordingSpec,
      reporterOptions: { report },
      // ARCHIPEL_TEST_GREP narrows a run to matching full titles while debugging.
      ...(process.env.ARCHIPEL_TEST_GREP ? { grep: process.env.ARCHIPEL_TEST_GREP } : {}),
    });
    const files = findTests(dir);
    // An empty run passing silently would hide a broken build.
    if (files.length === 0) throw new Error(`no *.test.js files in ${dir}`);
    for (const file of files) mocha.addFile(file);
    await mocha.loadFilesAsync();
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } catch (err) {
    // A test file that does not load is a failure, not a silent empty run.
    report.tests.push({ title: 'loading the test files', state: 'failed', error: errorText(err) });
    lines.push(`loading the test files failed: ${errorText(err)}`);
  } finally {
    base.consoleLog = originalLog;
  }
  report.passed = report.tests.filter((t) => t.state === 'passed').length;
  report.failed = report.tests.filter((t) => t.state === 'failed').length;
  report.pending = report.tests.filter((t) => t.state === 'pending').length;
  report.output = lines.join('\n');
  writeReport(report);
  if (report.failed > 0) throw new Error(`${report.failed} test(s) failed`);
}
