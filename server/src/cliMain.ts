// First: V8 flags must be set before any code gets hot (see startup/v8Tuning.ts).
import './startup/tuneV8';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { formatJson, formatSarif, formatText, toCliProblem, type CliProblem } from './cli/format';
import { fileUnreadableRule, type FileResult } from './platform/project';
import { familyEntries, ruleIds } from './families/lazy.generated';
import { featuresOf, filesOf, hostOf } from './families/select';
import { packageRoot } from './disk/packageRoot';
import type { CommandContext, Family } from './families/descriptor';
import { commandNames, usageOf } from './families/help';
import { answerFromPage } from './cli/answers';
import { packageVersion } from './cli/version';
import { allRules } from './rules/registry';
import { UsageError } from './cli/usage';
import { optionsOf, parseError, unknownCommand, unknownRule } from './cli/didYouMean';
import type { Feature } from './features/feature';
import { languageFromEnvironment, setLanguage, t } from './l10n/t';
import { chooseLanguage, runAsProcess, usageErrorExit, writeError, writeLine } from './cli/process';
import { isCheckThread } from './platform/checkThreadMark';
import { loadSummaryModels } from './platform/summaryModels';
import { checkSlice } from './platform/project';
import { confineCommand } from './platform/commandReads';
import { notReadText, ReadLedger } from './platform/notRead';
import { loadFamilies, threadFeatures } from './families/familyLoading';
import { runCheck } from './families/checkRunner';

// The language of messages: ARCHIPEL_LANG (set from --lang, for the check threads too), else the locale's.
setLanguage(languageFromEnvironment(process.env));
import { isLimitRule } from './service';

function fail(message: string): never {
  throw new UsageError(message);
}

/** A YYYY-MM-DD day as a local date at noon (so that the local calendar day is that day). */
function parseDay(text: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12) : undefined;
  if (!date || date.getMonth() !== Number(match![2]) - 1 || date.getDate() !== Number(match![3])) fail(t('--today expects a date YYYY-MM-DD, got "{0}"', text));
  return date;
}

/** Every family, loaded (what the commands other than `check` run with). */
let everyFamily: Promise<Family[]> | undefined;
const allFamilies = (): Promise<Family[]> => (everyFamily ??= loadFamilies(familyEntries));

/**
 * `archipel check`; `list`: the run's families (a test's), or undefined: the families chosen among the light
 * entries (families/lazy.generated.ts) by the files to check and their context, only these loaded.
 */
async function check(args: string[], out: (text: string) => void, list: readonly Family[] | undefined): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true },
      today: { type: 'string' },
      'max-file-size-kb': { type: 'string' },
      'file-budget': { type: 'string' },
      'strict-limits': { type: 'boolean', default: false },
      changed: { type: 'boolean', default: false },
      base: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') fail(t('unknown format "{0}" (expected text, json or sarif)', format));
  const rules: Record<string, string> = {};
  for (const pair of values.rule ?? []) {
    const match = /^([a-z0-9-]+)=(off|hint|information|warning|error)$/.exec(pair);
    if (!match) fail(t('--rule expects ID=off|hint|information|warning|error, got "{0}"', pair));
    // A mistyped id would be silently ignored: every rule's id is known without loading a family (lazy.generated.ts).
    const known = list ? allRules().map((rule) => rule.id) : ruleIds;
    if (!known.includes(match[1])) throw unknownRule(match[1], known);
    rules[match[1]] = match[2];
  }
  const maxKb = values['max-file-size-kb'];
  if (maxKb !== undefined && !/^[1-9]\d*$/.test(maxKb)) fail(t('--max-file-size-kb expects a whole number of KB, got "{0}"', maxKb));
  const budget = values['file-budget'];
  if (budget !== undefined && !/^\d+$/.test(budget)) fail(t('--file-budget expects a whole number of milliseconds (0: no bound), got "{0}"', budget));
  const validation = { ...(maxKb ? { maxFileSizeKb: Number(maxKb) } : {}), ...(budget !== undefined ? { fileBudgetMs: Number(budget) } : {}) };
  const paths = positionals.length > 0 ? positionals : ['.'];
  const today = values.today !== undefined ? parseDay(values.today) : undefined;
  if (values.base !== undefined && !values.changed) fail(t('--base goes with --changed'));
  const warn = (line: string) => void process.stderr.write(`${line}\n`);
  const { results, counted, ledger } = await runCheck({ paths, named: positionals.length > 0, rules, validation, ...(today ? { today } : {}), ...(values.changed ? { changed: { ...(values.base !== undefined ? { base: values.base } : {}) } } : {}), ...(list ? { list } : {}) }, warn);
  const { notRead, context: contextNotRead } = checkNotRead(ledger, paths);
  const { problems, errors, refused } = cliProblems(results);
  if (format === 'json') out(formatJson(problems));
  else if (format === 'sarif') out(formatSarif(problems, packageVersion(), notRead));
  else {
    const text = formatText(problems);
    if (text) out(text);
    warn(t('{0} file(s) checked, {1} problem(s), {2} error(s).', counted, problems.length, errors));
  }
  if (refused.size > 0) {
    const list = [...refused].map(([file, codes]) => `${file} (${[...codes].join(', ')})`).join(', ');
    const message = values['strict-limits'] ? t('Not checked, or not wholly, because of a limit: {0} file(s): {1}.', refused.size, list) : t('Not checked, or not wholly, because of a limit: {0} file(s): {1}. --strict-limits makes this exit 1.', refused.size, list);
    process.stderr.write(`${message}\n`);
  }
  // Its JSON is the problems' array (a contract): what was not read is said on stderr in every format but SARIF's, which carries it.
  if (format !== 'sarif') for (const line of notReadText(notRead)) process.stderr.write(`${line}\n`);
  if (format !== 'sarif' && contextNotRead > 0) process.stderr.write(`${t('{0} file(s) of the repository outside the paths checked not read either (templates, kinds no family reads, remote sources).', contextNotRead)}\n`);
  return errors > 0 || (values['strict-limits'] && refused.size > 0) ? 1 : 0;
}

/** A check's results as the CLI prints them, its errors counted, and the files not checked (or not wholly) because of a limit. */
function cliProblems(results: readonly FileResult[]): { problems: CliProblem[]; errors: number; refused: Map<string, Set<string>> } {
  const problems: CliProblem[] = [];
  let errors = 0;
  /** Files not checked, or not wholly, because they pass a limit: said at the end, in every format's summary. */
  const refused = new Map<string, Set<string>>();
  for (const result of results) {
    const file = path.relative(process.cwd(), result.path) || path.basename(result.path);
    if (result.error) {
      errors++;
      problems.push({
        file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'error',
        code: fileUnreadableRule.id,
        source: 'archipel',
        message: t('Cannot read the file: {0}', result.error),
      });
    }
    for (const diagnostic of result.diagnostics) {
      if (diagnostic.severity === DiagnosticSeverity.Error) errors++;
      if (isLimitRule(String(diagnostic.code))) refused.set(file, (refused.get(file) ?? new Set()).add(String(diagnostic.code)));
      problems.push(toCliProblem(file, diagnostic));
    }
  }
  return { problems, errors, refused };
}

/** The index's reasons: a file of the repository's context, outside the paths checked, with one of them is counted, not listed. */
const CONTEXT_REASONS = new Set(['template', 'no-family', 'not-fetched', 'binary', 'undecodable']);

/**
 * What check says it did not read: every file refused while it ran and every file of the paths checked, listed; the files of
 * the repository's context elsewhere that the index passed over, counted (#92: `check .` in a subfolder listed 172 of them).
 */
function checkNotRead(ledger: ReadLedger, paths: readonly string[]): { notRead: ReturnType<ReadLedger['relative']>; context: number } {
  const asked = paths.map((p) => path.resolve(p));
  const within = (file: string) => asked.some((a) => file === a || file.startsWith(a.endsWith(path.sep) ? a : `${a}${path.sep}`));
  const notRead = ledger.relative(process.cwd(), ({ file, reason }) => !path.isAbsolute(file) || !CONTEXT_REASONS.has(reason) || within(file));
  return { notRead, context: ledger.list().length - notRead.length };
}

/**
 * A check thread's side, its module and the summaries' models loaded first (a check of a few files starts no
 * thread and evaluates neither, issue #68). A failure to load them ends the thread: the main thread checks its slices.
 */
async function serveCheckThreadLazily(): Promise<void> {
  const [{ serveCheckThread }, { summarizer }] = await Promise.all([import('./platform/checkThreads.js'), loadSummaryModels()]);
  serveCheckThread(threadFeatures, checkSlice, summarizer);
}

/** The family command named `name`, if any (cliMain.ts dispatches every family's commands). */
function familyCommand(name: string | undefined, list: readonly Family[]) {
  return name === undefined ? undefined : list.flatMap((family) => family.commands ?? []).find((command) => command.names.includes(name));
}

/** Runs the CLI; `list`: the families (a test adds its own), by default the families' list, loaded as needed (`check`: only the families of its files). */
export async function main(argv: string[], out: (text: string) => void = writeLine, given?: readonly Family[]): Promise<number> {
  const args = chooseLanguage(argv);
  if (!args) return 2;
  const [command, ...rest] = args;
  try {
    // `check` loads the families it needs; `check --help` is the kernel's usage.
    const list = given ?? (command === 'check' ? [] : await allFamilies());
    // `COMMAND [SUB] --help`, `help COMMAND [SUB]`, `completion SHELL`: answered from the usage page (as bin.ts answers them).
    const answer = answerFromPage(usageOf(list), commandNames(list), args);
    if (answer && 'out' in answer) {
      out(answer.out.replace(/\n$/, ''));
      return 0;
    }
    if (answer?.usageError === 'unknown-command') throw unknownCommand(answer.given, commandNames(list));
    if (answer) fail(t('completion expects bash, zsh or fish, got "{0}"', answer.given));
    switch (command) {
      case 'check': {
        // Its side files confined from the listing on, as every command's (#92); the check pass confines them again alike.
        const unconfine = confineCommand(rest);
        try {
          return await check(rest, out, given);
        } finally {
          unconfine();
        }
      }
      case 'rules':
        out(allRules().map((r) => `${r.id.padEnd(24)} ${r.defaultSeverity.padEnd(12)} ${t(r.description)}`).join('\n'));
        return 0;
      case '-v':
      case '--version':
        out(packageVersion());
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        out(usageOf(list));
        return command === undefined ? 2 : 0;
      default: {
        const owned = familyCommand(command, list);
        if (!owned) throw unknownCommand(command, commandNames(list));
        const host = hostOf(() => new Date(), packageRoot(), list);
        let features: Feature[] | undefined;
        const context: CommandContext = {
          out,
          err: writeError,
          // `run` prints its stages' output as bytes when it prints to the process's own standard output.
          ...(out === writeLine ? { stdout: process.stdout } : {}),
          host,
          features: () => (features ??= featuresOf(host, list)),
          files: (settings) => filesOf(settings, list),
          ledger: new ReadLedger(),
        };
        // Every side file the command reads, confined as `check`'s are: its project's and the named paths' (#92); each one refused in its ledger.
        const unconfine = confineCommand(rest);
        try {
          return await context.ledger.during(() => owned.run(command, rest, context));
        } finally {
          unconfine();
        }
      }
    }
  } catch (error) {
    // An unknown option: said with the nearest its command's usage names (a family's command's usage needs its families).
    const page = command === undefined ? undefined : usageOf(given ?? (command === 'check' ? [] : await allFamilies().catch(() => [])));
    return usageErrorExit((page !== undefined && command !== undefined && parseError(error, command, optionsOf(page, command))) || error);
  }
}

/** Runs the CLI as the process's command: its exit status becomes the process's. */
export function runAsCommand(argv: string[]): void {
  // Started by `archipel check` as one of its check threads: serves its slices until the check closes it.
  if (isCheckThread()) return void serveCheckThreadLazily();
  runAsProcess(() => main(argv));
}

// bin.ts (the `archipel` command) loads this module and calls runAsCommand; run directly
// (node out/server/src/cliMain.js), it runs as the command.
if (require.main === module) {
  runAsCommand(process.argv.slice(2));
}
