/**
 * `archipel policy eval POLICY --input FILE`: a Rego policy on OPA's WebAssembly build of it (see policyEval).
 * `archipel policy test [PATH] [--format text|json|sarif]`: kyverno's tests (policy/kyvernoTest) found in PATH (listed
 * as every command lists a folder: platform/opening.ts, git's rules and archipel.yaml's `files.exclude`), each file
 * read through the one bounded read of a regular file, confined to the current folder and PATH (links resolved): a test
 * naming `../../etc/passwd` gets a line saying it is outside, never its content. Exit 0 when every result is as
 * expected, 1 otherwise, 2 a usage error.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FileMatcher } from '../common/fileSelector';
import { decodeText } from '../common/textDecoding';
import { isReallyWithin } from '../disk/containment';
import { readRegularFileSync } from '../disk/readText';
import { t } from '../l10n/t';
import { openProject } from '../platform/opening';
import { formatTestJson, formatTestText, testProblems, type TestFileRun } from '../policy/kyvernoTest/report';
import { runKyvernoTest } from '../policy/kyvernoTest/run';
import { evaluateRegoWasm, MAX_WASM_BYTES, regoNeedsBuild, regoPackage } from '../policy/checks/rego';
import { readDocuments } from '../policy/syntax/documents';
import { formatSarif } from './format';
import { policyUsage } from './policyUsage';
import { UsageError } from './usage';
import { defaultSettings } from '../settings';
import { packageVersion } from './version';

/** The most a policy, test, values or resource file is read to. */
export const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;
/** kyverno's test files (`kyverno test` reads these names). */
const TEST_FILES = new FileMatcher([{ names: ['kyverno-test.yaml', 'kyverno-test.yml'] }]);

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

function shown(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/') || '.';
}

/** The reader a test's files go through: bounded, regular files, inside the current folder or PATH. */
function reader(roots: readonly string[]) {
  return (file: string): { text: string } | { error: string } => {
    const absolute = path.resolve(file);
    if (!roots.some((root) => isReallyWithin(absolute, root))) return { error: t('{0}: outside the workspace: not read', shown(absolute)) };
    const bytes = readRegularFileSync(absolute, MAX_POLICY_FILE_BYTES);
    if (typeof bytes !== 'string') return { text: decodeText(bytes).text };
    const why: Record<typeof bytes, string> = {
      missing: t('no such file'),
      outside: t('outside the workspace'),
      'not-a-file': t('not a regular file'),
      'too-large': t('larger than {0} bytes: not read', MAX_POLICY_FILE_BYTES),
      unreadable: t('not readable'),
    };
    return { error: `${shown(absolute)}: ${why[bytes]}` };
  };
}

/** The command: every read is bounded and local. */
export function policyCommand(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  return policyTest(args, out, err);
}

/** The bytes of a file the user named, bounded, a regular file (or why not, said on `err`). */
function readNamed(file: string, limit: number, err: (text: string) => void): Uint8Array | undefined {
  const bytes = readRegularFileSync(path.resolve(file), limit);
  if (typeof bytes !== 'string') return bytes;
  err(`archipel: ${file}: ${bytes === 'too-large' ? t('larger than {0} bytes: not read', limit) : bytes === 'missing' ? t('no such file') : t('not readable')}`);
  return undefined;
}

/**
 * `archipel policy eval POLICY --input FILE [--entrypoint E]`: a Rego policy evaluated by OPA's own WebAssembly build of
 * it (POLICY a `.wasm`, or a `.rego` with its `policy.wasm` beside it), in-process; the result set printed as JSON. A
 * `.rego` without its build gets the `opa build` command that makes it: nothing is executed.
 */
function policyEval(rest: readonly string[], input: string | undefined, entrypoint: string | undefined, out: (text: string) => void, err: (text: string) => void): number {
  const [policy] = rest;
  if (policy === undefined || rest.length > 1 || input === undefined) throw new UsageError(t('policy eval takes one policy (.wasm or .rego) and --input FILE'));
  let wasmFile = policy;
  if (policy.endsWith('.rego')) {
    wasmFile = path.join(path.dirname(policy), 'policy.wasm');
    let built = false;
    try {
      built = statSync(path.resolve(wasmFile)).isFile();
    } catch {
      built = false;
    }
    if (!built) {
      const rego = readNamed(policy, MAX_POLICY_FILE_BYTES, err);
      if (!rego) return 1;
      err(regoNeedsBuild(shown(path.resolve(policy)), regoPackage(decodeText(rego).text)));
      return 1;
    }
  }
  const wasm = readNamed(wasmFile, MAX_WASM_BYTES, err);
  const inputBytes = readNamed(input, MAX_POLICY_FILE_BYTES, err);
  if (!wasm || !inputBytes) return 1;
  const documents = readDocuments(decodeText(inputBytes).text);
  if (documents.errors[0]) {
    err(`${shown(path.resolve(input))}:${documents.errors[0].line + 1}: ${documents.errors[0].message}`);
    return 1;
  }
  const outcome = evaluateRegoWasm(wasm, documents.documents[0]?.value ?? null, entrypoint);
  if (outcome.error !== undefined) {
    err(`archipel: ${shown(path.resolve(wasmFile))}: ${outcome.error}`);
    return 1;
  }
  out(JSON.stringify(outcome.results, null, 2));
  return 0;
}

async function policyTest(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values: options, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { format: { type: 'string' }, input: { type: 'string' }, entrypoint: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [sub, ...rest] = positionals;
  if (options.help || sub === undefined) {
    out(`Usage: archipel policy test [PATH] [--format text|json|sarif]\n       archipel policy eval POLICY --input FILE [--entrypoint E]\n\n${policyUsage}`);
    return options.help ? 0 : 2;
  }
  if (sub === 'eval') return policyEval(rest, options.input, options.entrypoint, out, err);
  if (sub !== 'test') throw new UsageError(t('unknown policy command "{0}" (expected {1})', sub, 'test, eval'));
  if (rest.length > 1) throw new UsageError(t('policy test takes one path'));
  const format = (options.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(t('unknown format "{0}" (expected {1})', format, FORMATS.join(', ')));
  const target = path.resolve(rest[0] ?? '.');
  let stats;
  try {
    stats = statSync(target);
  } catch {
    err(t('archipel: {0}: no such file or folder', rest[0] ?? '.'));
    return 1;
  }
  const files = stats.isDirectory() ? (await openProject([target], { settings: defaultSettings, files: TEST_FILES, err })).files : [target];
  if (files.length === 0) {
    err(t('archipel: no kyverno test (kyverno-test.yaml) under {0}', shown(target)));
    return 1;
  }
  // A test file names its policies beside its folder (`.kyverno-test/kyverno-test.yaml` → `../policy.yaml`): a named file's grandparent is read too.
  const read = reader([process.cwd(), stats.isDirectory() ? target : path.dirname(path.dirname(target))]);
  // Paths handed to the runner are the shown ones ('/'-separated, from the current folder): its messages name them so.
  const runs: TestFileRun[] = files.map((file) => ({ file: shown(file), run: runKyvernoTest(shown(file), (relative) => read(path.resolve(relative))) }));
  if (format === 'json') out(formatTestJson(runs));
  else if (format === 'sarif') {
    const problems = testProblems(runs).map((problem) => ({ file: problem.file, range: { start: { line: problem.line, character: 0 }, end: { line: problem.line, character: 0 } }, severity: 'error' as const, code: problem.code, source: 'archipel' as const, message: problem.message }));
    out(formatSarif(problems, packageVersion()));
  } else {
    out(formatTestText(runs));
    for (const run of runs) for (const error of run.run.errors) err(`${error.file}:${error.line + 1}: ${error.message}`);
  }
  const allMet = runs.every(({ run }) => run.errors.length === 0 && run.rows.every((row) => row.verdict === 'pass'));
  return allMet ? 0 : 1;
}
