// First: V8 flags must be set before any code gets hot (see startup/v8Tuning.ts).
import './startup/tuneV8';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { formatJson, formatSarif, formatText, toCliProblem, type CliProblem } from './cli/format';
import { checkFiles, checkSummarizer, collectContext, contextRoots, fileUnreadableRule, type CheckOptions, type FileResult } from './platform/project';
import { openProject, projectConfig, withProjectExcludes } from './platform/opening';
import { contextRoot } from './disk/contextRoot';
import { fileUri } from './platform/scan';
import { composeMapContext } from './system/context';
import { readTextSync } from './disk/readText';
import { decodeText, type DecodedText } from './common/textDecoding';
import { closeSync, readSync, statSync } from 'node:fs';
import { openRegularFileSync } from './disk/readText';
import type { GitChanges } from './platform/changed';
import { IndexCache, KeptFactsFile, ListingCache } from './platform/indexCache';
import { useKeptFacts } from './features/system/keptFacts';
import { OneFileTable } from './platform/oneFileTable';
import { IndexThreads } from './platform/indexLoad';
import { wholeFiles } from './workspace/summaries';
import { featuresOf, filesOf, hostOf, installFamilies } from './families/select';
import { familyEntries, ruleIds } from './families/lazy.generated';
import { packageRoot } from './disk/packageRoot';
import type { CommandContext, Family, FamilyEntry } from './families/descriptor';
import { commandNames, usageOf } from './families/help';
import { answerFromPage } from './cli/answers';
import { familiesFor, type HeadReader } from './families/check';
import { keptFamiliesFor } from './families/keptChoice';
import { packageVersion } from './cli/version';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from './settings';
import { allRules } from './rules/registry';
import { filePath } from './common/fileSelector';
import { UsageError } from './cli/usage';
import { optionsOf, parseError, unknownCommand, unknownRule } from './cli/didYouMean';
import type { Feature } from './features/feature';
import { addCatalogue, currentLanguage, languageFromEnvironment, setLanguage, t } from './l10n/t';
import { chooseLanguage, runAsProcess, usageErrorExit, writeError, writeLine } from './cli/process';
import { checkPasses, progressLine } from './cli/progress';
import type { ThreadFeatures } from './platform/checkThreads';
import { isCheckThread } from './platform/checkThreadMark';
import { loadSummaryModels } from './platform/summaryModels';
import { checkSlice } from './platform/project';
import { confineCommand } from './platform/commandReads';
import { notReadText, ReadLedger } from './platform/notRead';

// The language of messages: ARCHIPEL_LANG (set from --lang, for the check threads too), else the locale's.
setLanguage(languageFromEnvironment(process.env));
import { indexOptions, isLimitRule } from './service';
import { raiseInterruptBudget } from './startup/v8Tuning';

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

/**
 * Loads families' descriptors (each module a chunk of the CLI's bundle, evaluated when loaded), with
 * their French; the families' list when `entries` is all of them.
 */
async function loadFamilies(entries: readonly FamilyEntry[]): Promise<Family[]> {
  // In French, every family's catalogue first, in the list's order (a string one family's code says may
  // be translated in another's catalogue): the same French as a run loading them all.
  if (currentLanguage() === 'fr') for (const french of await Promise.all(familyEntries.flatMap((entry) => (entry.french ? [entry.french()] : [])))) addCatalogue('fr', french);
  const loaded = await Promise.all(entries.map((entry) => entry.load()));
  installFamilies(loaded);
  return loaded;
}

/** Every family, loaded (what the commands other than `check` run with). */
let everyFamily: Promise<Family[]> | undefined;
const allFamilies = (): Promise<Family[]> => (everyFamily ??= loadFamilies(familyEntries));

/**
 * `settings` with every family's section, those of the families not loaded (whose modules declare them) from their
 * light entries: the defaults, as the CLI runs with (a family's checks may read another's, Prometheus's Compose globs).
 */
function everySection(settings: ArchipelSettings): ArchipelSettings {
  const record = settings as unknown as Record<string, unknown>;
  for (const entry of familyEntries) if (entry.settings && !Object.hasOwn(record, entry.settings.section)) record[entry.settings.section] = entry.settings.defaults;
  return settings;
}

/** The first bytes of a file a check's choice of families reads (families/check.ts: its content tests' 64 KB, a sniff's 4 × 16 KB). */
const HEAD_BYTES = 65_536;
/** The heads kept for the other families' tests at most, in bytes (each family sniffs 256 files at most: families/check.ts). */
const MAX_KEPT_HEADS = 16 * 2 ** 20;

/** What a check's choice of families read of its files, kept for its index. */
interface Heads {
  /** A file's first bytes for a sniff or a content test (families/check.ts). */
  readonly read: HeadReader;
  /**
   * A file's text when its head held all of it (a rule file of 1 kB: the index takes it from here instead of opening
   * it again, issue #84), else undefined; given once, then let go.
   */
  readonly whole: (file: string) => DecodedText | undefined;
}

/**
 * A file's first bytes for a sniff or a content test (families/check.ts), and whether it holds more: each file
 * read once for every family's sniff and test of one check (a file of the context was read again by each family
 * sniffing it, issue #68), its first HEAD_BYTES + 1 bytes kept until the families are chosen, and the whole of a
 * file shorter than that until the index reads it (`whole`).
 */
function headReader(): Heads {
  const heads = new Map<string, Buffer | undefined>();
  // A kept head's texts by the bytes decoded (a family's sniff asks 4 × 16 KB, a content test 64 KB): each decoded once
  // for every family reading it, not once per family (issue #68).
  const texts = new Map<string, Map<number, { readonly text: string; readonly cut: boolean }>>();
  const scratch = Buffer.alloc(HEAD_BYTES + 1);
  // What is kept is bounded (MAX_KEPT_HEADS bytes, the heads' and their texts' lengths): past it a head is read and decoded again when asked again.
  let kept = 0;
  const read: HeadReader = (file, bytes) => {
    if (bytes > HEAD_BYTES) return readHead(file, bytes, Buffer.alloc(bytes + 1));
    let head = heads.get(file);
    if (!heads.has(file)) {
      head = readBytes(file, scratch);
      if (kept + (head?.length ?? 0) <= MAX_KEPT_HEADS) {
        heads.set(file, head);
        kept += head?.length ?? 0;
      }
    }
    if (head === undefined) return undefined;
    // Any `bytes` at or past the head's length decodes the whole head: one text for all of them.
    const length = Math.min(head.length, bytes);
    const known = texts.get(file)?.get(length);
    if (known !== undefined) return known;
    const decoded = { text: head.subarray(0, length).toString('utf8'), cut: head.length > bytes };
    if (heads.has(file) && kept + decoded.text.length <= MAX_KEPT_HEADS) {
      let ofFile = texts.get(file);
      if (ofFile === undefined) texts.set(file, (ofFile = new Map<number, { readonly text: string; readonly cut: boolean }>()));
      ofFile.set(length, decoded);
      kept += decoded.text.length;
    }
    return decoded;
  };
  const whole = (file: string): DecodedText | undefined => {
    // The families are chosen: their decoded texts are not asked again.
    texts.clear();
    const head = heads.get(file);
    heads.delete(file);
    // A read of a regular file that returns fewer bytes than asked has reached its end: the head is the file, read
    // through the same regular-file open as readTextSync's, decoded as it decodes.
    return head !== undefined && head.length <= HEAD_BYTES ? decodeText(head) : undefined;
  };
  return { read, whole };
}

/** A file's first `buffer.length` bytes, a copy (undefined: unreadable). */
function readBytes(file: string, buffer: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openRegularFileSync(file);
    return Buffer.from(buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file's first `bytes` bytes, read into `buffer` (bytes + 1 long), and whether it holds more. */
function readHead(file: string, bytes: number, buffer: Buffer): ReturnType<HeadReader> {
  const read = readBytes(file, buffer);
  return read === undefined ? undefined : { text: read.subarray(0, Math.min(read.length, bytes)).toString('utf8'), cut: read.length > bytes };
}

/** Files no family reads, by kind: `*.xyz` of their extension, or their name when they have none. */
function unreadKinds(unread: readonly string[]): Map<string, string[]> {
  const kinds = new Map<string, string[]>();
  for (const file of unread) {
    const base = path.basename(file);
    const dot = base.lastIndexOf('.');
    const kind = dot > 0 ? `*${base.slice(dot)}` : base;
    kinds.set(kind, [...(kinds.get(kind) ?? []), file]);
  }
  return kinds;
}

/** Compose files named one by one (`filesNamed`: keptInputs') read, beyond their projects, only what the map's findings on them can (system/context.ts). */
function composeContext(filesNamed: boolean, checked: readonly string[], listed: string[], settings: ArchipelSettings, list: readonly Family[] | undefined): string[] {
  if (!filesNamed) return listed;
  const composeFiles = filesOf(settings, (list ?? familyEntries).filter((family) => family.id === 'compose'));
  return [...composeMapContext(checked, listed, { uri: fileUri, isCompose: (file) => composeFiles.match(filePath(file)) === 'yes' })];
}

/**
 * The light entries of the families a check of `checked` creates (families/check.ts familiesFor) when it indexes `files`
 * beside them, chosen once. Each file once (a sniff counts files); not the families of a summary a one-file context
 * leaves out: it is in no index, and the system map is off in a tree of summaries (issue #84).
 */
function familiesChooser(checked: readonly string[], settings: ArchipelSettings, head: HeadReader | undefined, started: number): (files: readonly string[]) => FamilyEntry[] {
  let chosen: FamilyEntry[] | undefined;
  return (files) => {
    const candidates = [...new Set([...checked, ...files])];
    // The choice kept between runs (families/keptChoice.ts) when the heads are read.
    return (chosen ??= head ? keptFamiliesFor(candidates, settings, familyEntries, head, started) : familiesFor(candidates, settings, familyEntries));
  };
}

/**
 * Runs a check of files named one by one (`named`) with the facts of their context's files kept for the same text
 * (features/system/keptFacts.ts: a Dockerfile's build and base images), read from and written to the cache folder.
 */
async function withKeptFacts<T>(named: boolean, root: string, run: () => Promise<T>): Promise<T> {
  const facts = named ? KeptFactsFile.open(root) : undefined;
  useKeptFacts(facts);
  try {
    return await run();
  } finally {
    useKeptFacts(undefined);
    facts?.save(root);
  }
}

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
  // The project's archipel.yaml, searched once as every command's opening searches it (platform/opening.ts): its excludes join the settings.
  const config = projectConfig(paths);
  for (const problem of config.problems) process.stderr.write(`${problem}\n`);
  const ownSettings = () => withProjectExcludes(normalizeSettings({ ...defaultSettings, rules, validation }), config);
  let settings = list ? ownSettings() : everySection(ownSettings());
  const today = values.today !== undefined ? parseDay(values.today) : undefined;
  const files = filesOf(settings, list ?? familyEntries);
  if (values.base !== undefined && !values.changed) fail(t('--base goes with --changed'));
  // `--changed` (platform/changed.ts, which reads the Kubernetes and workflow models): loaded only then. git walks the working tree while the folder is listed.
  const changed = values.changed ? await import('./platform/changed.js') : undefined;
  const changing = changed?.gitChanges(path.resolve(paths[0]), values.base).then((changes) => ({ changes }), (error: unknown) => ({ error }));
  // On a terminal: the files listed, then indexed, then checked, of their total (a tree of 100,000 files takes minutes).
  const progress = progressLine('check', { unit: 'files' });
  progress.update(0, undefined, t('listing the files'));
  const { filesNamed, started, root, tableKey, kept, listings, stamps } = await keptInputs(paths, !changed && positionals.length > 0, list ? undefined : { rules, validation, ...(config.exclude.length > 0 ? { exclude: config.exclude } : {}) });
  const collected = await openProject(paths, { settings, files, config, listings }).finally(() => progress.clear());
  const { missing, scan } = collected;
  if (missing.length > 0) fail(t('no such file or folder: {0}', missing.join(', ')));
  // A file named on the command line that no family reads (a folder's scan lists only files some family reads): said, not counted as checked.
  const unread = collected.files.filter((file) => files.match(filePath(file)) === 'no');
  for (const [kind, named] of unreadKinds(unread)) process.stderr.write(`${t('not checked: no family reads {0} ({1})', kind, named.map((file) => path.relative(process.cwd(), file) || file).join(', '))}\n`);
  const checked = unread.length > 0 ? collected.files.filter((file) => !unread.includes(file)) : collected.files;
  // The table's inputs serve when the checked files are of its context (a named file the listing leaves out is not).
  const fromTable = kept && checked.every((file) => kept.contains(file)) ? kept : undefined;
  const context = fromTable ? fromTable.context : composeContext(filesNamed, checked, await collectContext(paths, settings, files, scan), settings, list);
  listings?.save();
  const summarizer = await checkSummarizer(checked.length + context.length);
  const heads = list ? undefined : headReader();
  // A tree past SUMMARY_THRESHOLD files reads most of its files on the index threads, and in summaries: its heads are let go.
  const options: CheckOptions = { named: await contextRoots(paths), ...(heads && summarizer === wholeFiles ? { known: heads.whole } : {}) };
  let changes: GitChanges | undefined;
  if (changed && changing) {
    const outcome = await changing;
    if ('error' in outcome) {
      const { error } = outcome;
      fail(t('--changed needs a git repository and a known --base ref: {0}', (error instanceof Error ? error.message : String(error)).trim()));
    }
    changes = outcome.changes;
    const selected = changes;
    options.select = (index, uris) => changed.affectedFiles(index, uris, selected);
  }
  // Files named one by one (no folder) in a summarised tree, each of Kubernetes objects: only what their findings can read
  // is indexed, cold or warm (platform/oneFile.ts: the summaries sharing a cross-file scope with them, as `--changed`
  // does for its changes); their scopes first (undefined: the whole tree is their context).
  const selection = filesNamed && summarizer !== wholeFiles ? await import('./platform/oneFile.js') : undefined;
  const direct = selection?.namedScopes(checked, readTextSync);
  // The index threads (platform/indexLoad.ts) start first: they load while the persistent index
  // (platform/indexCache.ts; one per project root, indexing mode and size limit) is read. Not for a one-file context: it reads a few.
  options.threads = direct ? null : IndexThreads.for(summarizer, wholeFiles);
  // Below SUMMARY_THRESHOLD files every file is kept whole, its text read and parsed when used: no cache would save more than
  // the reads; nor when the stamp table gives a one-file context's scopes (its few files read: what the cache would give).
  options.cache = summarizer === wholeFiles || (fromTable && direct) ? undefined : IndexCache.open(root, 'summaries', indexOptions(settings).maxBytes);
  if (changed && changes) options.needed = changed.neededSummaries(changes, options.cache);
  let indexed = context;
  // A run that reads most of its context says it builds the index: cold, or after one-file checks (whose cache
  // entries of scopes alone serve another one-file check, not an index of the files' summaries: IndexCache.restorable).
  if (options.cache && !changed) {
    const missing = context.length - (direct ? options.cache.size : options.cache.restorable);
    if (missing > context.length / 2) process.stderr.write(`${direct ? t('Building the index: {0} file(s) not in the index cache are read, only those related to the named files parsed.', missing) : t('Building the index: {0} file(s) not in the index cache are read and parsed.', missing)}\n`);
  }
  // Only the families that can say something about the files checked and indexed (familiesChooser): a test's list, all listed
  // by the host; else only those loaded (or the stamp table's, kept for the same named files), their settings sections declared by their modules once loaded.
  const familiesOf = familiesChooser(checked, settings, heads?.read, started);
  if (selection && direct) indexed = selection.oneFileSelection(direct, checked, context, { cache: options.cache, read: readTextSync, index: indexOptions(settings), kept: fromTable, table: tableKey !== undefined ? { root, key: tableKey, ...stamps, started, families: (files) => familiesOf(files).map((entry) => entry.id) } : undefined });
  const keptIds = direct ? fromTable?.chosenFor(checked)?.families : undefined;
  const entries = list ? undefined : keptIds ? familyEntries.filter((entry) => keptIds.includes(entry.id)) : familiesOf(indexed);
  const chosen = list ? familiesFor([...new Set([...checked, ...indexed])], settings, list) : await loadFamilies(entries ?? []);
  if (!list) settings = everySection(ownSettings());
  const features = featuresOf(hostOf(today ? () => today : () => new Date(), packageRoot(), list ?? chosen), chosen);
  // The check threads (platform/checkThreads.ts), same families and settings; none for a one-file context (its one slice waited for a thread's start, #84).
  if (entries && !direct) options.checkThreads = { setup: { families: entries.map((entry) => entry.id), rules, validation, ...(today ? { today: today.getTime() } : {}), named: options.named ?? [] } };
  if (progress.active) {
    // One line, one clock from the listing on (its share and time left of both passes), the files of the pass under way.
    const passes = checkPasses(checked.length);
    options.progress = (now, done, total) => {
      const both = passes(now, done, total);
      progress.update(both.done, both.total, now === 'index' ? t('indexing') : t('checking'), { done, total });
    };
  }
  // A check of many files, run as the command (not a test's, in its process): V8's interrupt budget raised (startup/v8Tuning.ts).
  if (!list) raiseInterruptBudget(checked);
  // What the check did not read (platform/notRead.ts): the side files refused while it runs, the index's once done.
  const ledger = new ReadLedger();
  options.ledger = ledger;
  const results = await ledger.during(() => withKeptFacts(filesNamed && !list, root, () => checkFiles(checked, features, settings, indexed, summarizer, options))).finally(() => progress.end());
  const { notRead, context: contextNotRead } = checkNotRead(ledger, paths);
  const { problems, errors, refused } = cliProblems(results);
  if (format === 'json') out(formatJson(problems));
  else if (format === 'sarif') out(formatSarif(problems, packageVersion(), notRead));
  else {
    const text = formatText(problems);
    if (text) out(text);
    process.stderr.write(`${t('{0} file(s) checked, {1} problem(s), {2} error(s).', values.changed ? results.length : checked.length, problems.length, errors)}\n`);
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

/**
 * What a check lists its context with. Files named one by one (`named` and no folder; `settings`: those it lists with): their context
 * and families may come from the stamp table of the last such check (platform/oneFileTable.ts OneFileTable, keyed by these
 * settings and the context roots), when not one of its stamps changed: no listing, no choice of families (issue #84).
 * Else the repository's folders' listings kept between runs (a folder whose mtime is unchanged is not listed again),
 * keeping the stamps a table is written from.
 */
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

async function keptInputs(paths: readonly string[], named: boolean, settings: object | undefined) {
  const started = Date.now();
  const root = contextRoot(path.resolve(paths[0]), true);
  const filesNamed = named && paths.every((one) => statSync(one, { throwIfNoEntry: false })?.isFile());
  const tableKey = filesNamed && settings ? JSON.stringify([settings, await contextRoots(paths)]) : undefined;
  // The named files' own stamps may have moved (an edit before the check): the families are then chosen again.
  const kept = tableKey === undefined ? undefined : OneFileTable.open(root, tableKey, undefined, new Set(paths.map((one) => path.resolve(one))));
  const listings = kept ? undefined : ListingCache.open(root);
  return { filesNamed, started, root, tableKey, kept, listings, stamps: tableKey === undefined ? undefined : listings?.keepStamps() };
}

/** A check thread's families and settings: those of the `check` that started it (checkThreads.ts CheckThreadSetup). */
const threadFeatures: ThreadFeatures = async (setup) => {
  const chosen = await loadFamilies(familyEntries.filter((entry) => setup.families.includes(entry.id)));
  const settings = everySection(normalizeSettings({ ...defaultSettings, rules: setup.rules, validation: setup.validation }));
  const today = setup.today;
  return { settings, features: featuresOf(hostOf(today !== undefined ? () => new Date(today) : () => new Date(), packageRoot(), chosen), chosen) };
};

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
