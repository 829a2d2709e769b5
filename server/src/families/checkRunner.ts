/**
 * The one runner of `archipel check` (issue #92): argv parsed by cliMain.ts → this runner, its input mode
 * (families/checkInputs.ts: a tree, files named one by one, `--changed`) and its families (a test's list, or only those its
 * files need, loaded lazily) as strategies → the results cliMain.ts formats.
 */
import path from 'node:path';
import type { Family, FamilyEntry } from './descriptor';
import { familiesFor } from './check';
import { familyEntries } from './lazy.generated';
import { featuresOf, filesOf, hostOf } from './select';
import { filePath } from '../common/fileSelector';
import { packageRoot } from '../disk/packageRoot';
import { t } from '../l10n/t';
import { IndexThreads } from '../platform/indexLoad';
import { ReadLedger } from '../platform/notRead';
import { openProject, projectConfig, withProjectExcludes } from '../platform/opening';
import { checkFiles, checkSummarizer, collectContext, contextRoots, type CheckOptions, type FileResult } from '../platform/project';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from '../settings';
import { raiseInterruptBudget } from '../startup/v8Tuning';
import { wholeFiles } from '../workspace/summaries';
import { everySection, familiesChooser, loadFamilies } from './familyLoading';
import { headReader, type Heads } from './checkHeads';
import { inputMode, withKeptFacts } from './checkInputs';
import { checkPasses, progressLine } from '../cli/progress';
import { UsageError } from '../cli/usage';

/** What `archipel check` was asked, its arguments parsed and validated (cliMain.ts). */
export interface CheckRequest {
  /** The paths named, or `.`. */
  readonly paths: readonly string[];
  /** Whether the paths were named on the command line. */
  readonly named: boolean;
  readonly rules: Record<string, string>;
  readonly validation: { maxFileSizeKb?: number; fileBudgetMs?: number };
  readonly today?: Date;
  /** `--changed` and its `--base`. */
  readonly changed?: { readonly base?: string };
  /** A test's families; undefined: those the files need, among the light entries, only these loaded. */
  readonly list?: readonly Family[];
}

/** What a check found, for cliMain.ts to format. */
export interface CheckRun {
  readonly results: readonly FileResult[];
  /** How many files the summary line counts as checked. */
  readonly counted: number;
  readonly ledger: ReadLedger;
}

/** How a check's families are chosen and loaded: a strategy per caller (a test's list, or the lazy entries). */
interface FamilySource {
  /** The families whose selectors list and narrow the files (their light entries, or the test's). */
  readonly selectors: readonly (Family | FamilyEntry)[];
  /** The heads the choice of families reads (kept for the index), if it reads any. */
  readonly heads: Heads | undefined;
  /** The settings a stamp table is keyed by (undefined: none kept). */
  readonly tableSettings: object | undefined;
  settings(own: ArchipelSettings): ArchipelSettings;
  /** The families of `checked` and `indexed` (`kept`: the stamp table's for the same files), and the entries loaded (lazy only). */
  choose(checked: readonly string[], indexed: readonly string[], kept: readonly string[] | undefined, chooser: (files: readonly string[]) => FamilyEntry[], settings: ArchipelSettings): Promise<{ chosen: Family[]; entries?: FamilyEntry[] }>;
}

/** A test's families: all listed by the host, their settings as given. */
function givenFamilies(list: readonly Family[]): FamilySource {
  return {
    selectors: list,
    heads: undefined,
    tableSettings: undefined,
    settings: (own) => own,
    choose: (checked, indexed, _kept, _chooser, settings) => Promise.resolve({ chosen: familiesFor([...new Set([...checked, ...indexed])], settings, list) }),
  };
}

/** Only the families the files need, among the light entries (or those the stamp table kept for the same named files), loaded. */
function lazyFamilies(tableSettings: object): FamilySource {
  return {
    selectors: familyEntries,
    heads: headReader(),
    tableSettings,
    settings: everySection,
    choose: async (_checked, indexed, kept, chooser) => {
      const entries = kept ? familyEntries.filter((entry) => kept.includes(entry.id)) : chooser(indexed);
      return { chosen: await loadFamilies(entries), entries };
    },
  };
}

/** Runs `archipel check` as `request` asks; `warn`: a line on the process's standard error. */
export async function runCheck(request: CheckRequest, warn: (line: string) => void): Promise<CheckRun> {
  const { paths, rules, validation, today, list } = request;
  // The project's archipel.yaml, searched once as every command's opening searches it (platform/opening.ts): its excludes join the settings.
  const config = projectConfig(paths);
  for (const problem of config.problems) warn(problem);
  const ownSettings = () => withProjectExcludes(normalizeSettings({ ...defaultSettings, rules, validation }), config);
  const source = list ? givenFamilies(list) : lazyFamilies({ rules, validation, ...(config.exclude.length > 0 ? { exclude: config.exclude } : {}) });
  let settings = source.settings(ownSettings());
  const files = filesOf(settings, source.selectors);
  const mode = inputMode(paths, request.named, request.changed);
  // On a terminal: the files listed, then indexed, then checked, of their total (a tree of 100,000 files takes minutes).
  const progress = progressLine('check', { unit: 'files' });
  progress.update(0, undefined, t('listing the files'));
  const kept = await mode.keep(paths, source.tableSettings);
  const collected = await openProject(paths, { settings, files, config, listings: kept.listings }).finally(() => progress.clear());
  const { missing, scan } = collected;
  if (missing.length > 0) throw new UsageError(t('no such file or folder: {0}', missing.join(', ')));
  // A file named on the command line that no family reads (a folder's scan lists only files some family reads): said, not counted as checked.
  const unread = collected.files.filter((file) => files.match(filePath(file)) === 'no');
  for (const [kind, named] of unreadKinds(unread)) warn(t('not checked: no family reads {0} ({1})', kind, named.map((file) => path.relative(process.cwd(), file) || file).join(', ')));
  const checked = unread.length > 0 ? collected.files.filter((file) => !unread.includes(file)) : collected.files;
  const context = await mode.context(checked, kept, () => collectContext(paths, settings, files, scan), source.selectors, settings);
  kept.listings?.save();
  const summarizer = await checkSummarizer(checked.length + context.length);
  const summarised = summarizer !== wholeFiles;
  const heads = source.heads;
  // A tree past SUMMARY_THRESHOLD files reads most of its files on the index threads, and in summaries: its heads are let go.
  const options: CheckOptions = { named: await contextRoots(paths), ...(heads && !summarised ? { known: heads.whole } : {}) };
  const { direct } = await mode.scope(checked, summarised);
  // The index threads (platform/indexLoad.ts) start first: they load while the persistent index
  // (platform/indexCache.ts; one per project root, indexing mode and size limit) is read. Not for a one-file context: it reads a few.
  options.threads = direct ? null : IndexThreads.for(summarizer, wholeFiles);
  mode.select(options, checked, kept, settings, summarised);
  // A run that reads most of its context says it builds the index: cold, or after one-file checks (whose cache
  // entries of scopes alone serve another one-file check, not an index of the files' summaries: IndexCache.restorable).
  if (options.cache && mode.saysBuilding) {
    const missed = context.length - (direct ? options.cache.size : options.cache.restorable);
    if (missed > context.length / 2) warn(direct ? t('Building the index: {0} file(s) not in the index cache are read, only those related to the named files parsed.', missed) : t('Building the index: {0} file(s) not in the index cache are read and parsed.', missed));
  }
  // Only the families that can say something about the files checked and indexed (familiesChooser): a test's list, all listed
  // by the host; else only those loaded (or the stamp table's, kept for the same named files), their settings sections declared by their modules once loaded.
  const familiesOf = familiesChooser(checked, settings, heads?.read, kept.started);
  const indexed = mode.indexed(checked, context, kept, options, settings, (chosenFiles) => familiesOf(chosenFiles).map((entry) => entry.id));
  const { chosen, entries } = await source.choose(checked, indexed, mode.keptFamilies(checked, kept), familiesOf, settings);
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
  const results = await ledger.during(() => withKeptFacts(mode.filesNamed && !list, kept.root, () => checkFiles(checked, features, settings, indexed, summarizer, options))).finally(() => progress.end());
  return { results, counted: mode.counted(results.length, checked.length), ledger };
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

