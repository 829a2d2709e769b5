import { confineReads, readTextSync } from '../disk/readText';
import type { ReadLedger } from './notRead';
import type { DecodedText } from '../common/textDecoding';
import type { IndexCache } from './indexCache';
import { IndexThreads, loadIndex, type LoadItem } from './indexLoad';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Feature, FeatureContext } from '../features/feature';
import { defineRule } from '../rules/registry';
import { diagnoseFile, fileBudgetOf, indexOptions, setAsideDiagnostics, settleStop, startPreparing, workOn, type FileWork } from '../service';
import { installStopper } from '../workspace/work';
import { inBoundedCalls, preemptiveStopper } from './stopper';
import type { ArchipelSettings } from '../settings';
import { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { summarizerFor, wholeFiles, type FileSummarizer } from '../workspace/summaries';
import { heapPacer } from '../workspace/heapPacer';
import { fileUri } from './scan';
import { loadSummaryModels } from './summaryModels';
import { contextRoot } from '../disk/contextRoot';
import { byCodeUnit } from '../common/order';
import type { CheckSlice, CheckThreadSetup } from './checkThreads';

export const fileUnreadableRule = defineRule({
  id: 'file-unreadable',
  defaultSeverity: 'error',
  description: 'A file given to the CLI could not be read (permissions, not UTF-8 text, vanished).',
});

export interface FileResult {
  /** Absolute path. */
  path: string;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read at all. */
  error?: string;
}

/** Orders results by file path, as the CLI reports them. */
export function byPath(a: FileResult, b: FileResult): number {
  return byCodeUnit(a.path, b.path);
}

// The listing of a command's paths and their projects: the opening's (platform/opening.ts), here for check's callers.
export { collectContext, collectFiles, contextRoots, folderScanner, type FolderScanner } from './opening';

/**
 * Indexes every file first (cross-file rules see the whole set, plus the `context` files, which
 * are indexed but not reported), then diagnoses each one with the same services the language
 * server runs. Files are read synchronously: a batch of thousands of small files reads several
 * times faster than through promises, and nothing else waits on this thread.
 *
 * Memory is bounded by the summaries, not the files: a Kubernetes manifest is read, parsed and
 * kept in the index as a summary of what other files' rules read of it (workspace/summaries.ts);
 * when its turn comes it is read again, checked whole, and released.
 */
export interface CheckOptions {
  /** The persistent index cache (platform/indexCache.ts): files whose stat is unchanged are not read. */
  cache?: IndexCache;
  /** The index threads, if started already (their start-up overlapping other work); else started here when they pay (null: none). Closed here. */
  threads?: IndexThreads | null;
  /** Reads a file (tests count the reads). */
  read?: (file: string) => DecodedText;
  /** A file's text the caller has read already (the CLI's heads that held a whole file: cliMain.ts), else undefined: read as usual. */
  known?: (file: string) => DecodedText | undefined;
  /**
   * Which of the given files to diagnose, once every file is indexed (`check --changed`:
   * platform/changed.ts); default all. The others are indexed and not reported.
   */
  select?: (index: WorkspaceIndex, uris: ReadonlyMap<string, string>) => ReadonlySet<string>;
  /**
   * Whether a summary the cache holds (stat unchanged) must be indexed, from its cross-file scopes
   * (`check --changed`: only those its selection can depend on); default all. Whole files and files
   * read again are always indexed.
   */
  needed?: (scopes: readonly string[]) => boolean;
  /** The context roots of the paths named on the command line (collectContext's): side files are read inside them too. */
  named?: readonly string[];
  /** How far the check is: files indexed of all, then files diagnosed of those reported (`archipel check`'s progress line). */
  progress?: (phase: 'index' | 'check', done: number, total: number) => void;
  /**
   * Check threads (platform/checkThreads.ts): given what they need to check as this thread does (`setup`), a
   * summarised workspace's manifests are checked on every core. `count`: how many threads (default
   * checkThreadShare()); `slicesHere`: whether this thread checks slices too (default checkThreadShare's: when a core
   * is left for it; tests set it); `onThreads`: told how many files the threads checked.
   */
  /** The run's ledger (platform/notRead.ts): told what the index did not read once the check is done. */
  ledger?: ReadLedger;
  checkThreads?: { setup: CheckThreadSetup; count?: number; slicesHere?: boolean; onThreads?: (files: number) => void };
}

/**
 * The summarizer of a check of `files` files (workspace/summaries.ts summarizerFor): the Kubernetes family's summaries
 * past SUMMARY_THRESHOLD files, its modules loaded only then; else every file whole. A check of a few files evaluates
 * no Kubernetes code for its index (issue #68).
 */
export async function checkSummarizer(files: number): Promise<FileSummarizer> {
  const summaries: FileSummarizer = { ...wholeFiles };
  return summarizerFor(files, summaries) === summaries ? (await loadSummaryModels()).summarizer : wholeFiles;
}

export async function checkFiles(
  files: readonly string[],
  features: readonly Feature[],
  settings: ArchipelSettings,
  context: readonly string[] = [],
  /** Default: summaries past SUMMARY_THRESHOLD files (workspace/summaries.ts), else every file whole (checkSummarizer). */
  summarizer?: FileSummarizer,
  options: CheckOptions = {},
): Promise<FileResult[]> {
  summarizer ??= await checkSummarizer(files.length + context.length);
  // What reads summaries, the index cache or the index threads reads with the summaries' models.
  if (summarizer !== wholeFiles || options.cache || options.threads) await loadSummaryModels();
  // Each file's work runs where it can be stopped, within its budget (--file-budget; issue #67).
  const unstop = installStopper(preemptiveStopper);
  try {
    return await indexAndCheck(files, features, settings, context, summarizer, options);
  } finally {
    unstop();
  }
}

/**
 * Characters of checked files parsed with their spans in one pass with their value (WorkspaceIndex): a folder of
 * a few MB keeps the one-pass read; past it, a file's spans are read when its findings are placed and let go
 * once they are, so the check's peak does not hold a tree per document of the whole folder (10,000 services:
 * 412 → 289 MB peak RSS; a file with findings pays a second read of its spans, about 10 % more CPU there).
 */
const SPANS_WITH_VALUE_CHARS = 1024 * 1024;

async function indexAndCheck(files: readonly string[], features: readonly Feature[], settings: ArchipelSettings, context: readonly string[], summarizer: FileSummarizer, options: CheckOptions): Promise<FileResult[]> {
  const read = options.read ?? readTextSync;
  const index = new WorkspaceIndex({ ...indexOptions(settings), spansWithValueChars: SPANS_WITH_VALUE_CHARS });
  const results: FileResult[] = [];
  const unreadable: FileResult[] = [];
  const uris = new Map<string, string>();
  const given = new Set(files);
  // At most 128 MB of garbage between two collections (heapPacer): the summaries of 100,000 files are ~410 MB live.
  const pace = heapPacer(192, 1.5, 128);
  const items: LoadItem[] = [];
  for (const file of context) if (!given.has(file)) items.push({ file, uri: fileUri(file), context: true });
  for (const file of files) items.push({ file, uri: fileUri(file), context: false });
  const failed = new Set<string>();
  const threads = options.read || options.threads === null ? undefined : (options.threads ?? IndexThreads.for(summarizer, wholeFiles));
  const budget = fileBudgetOf(settings);
  try {
    await loadIndex(index, items, {
      summarizer,
      maxBytes: indexOptions(settings).maxBytes,
      ...(budget !== Infinity ? { budgetMs: budget } : {}),
      cache: options.cache,
      threads,
      read: options.read,
      known: options.known,
      needed: options.needed,
      pace,
      ...(options.progress ? { progress: (done: number, total: number) => options.progress?.('index', done, total) } : {}),
      failed: (item, message) => {
        // Context only: an unreadable neighbour is not the checked file's problem.
        if (item.context) return;
        failed.add(item.file);
        unreadable.push({ path: item.file, diagnostics: [], error: message });
      },
    });
  } finally {
    await threads?.close();
  }
  for (const item of items) if (!item.context && !failed.has(item.file)) uris.set(item.file, item.uri);
  // The project folder (its repository, else the current folder): configuration may point inside it only.
  const featureContext = { index, settings, isCancelled: () => false, roots: [contextRoot(process.cwd(), true)] };
  // Side files are read inside it and the projects of the paths named on the command line (options.named).
  const unconfine = confineReads([...new Set([...featureContext.roots, ...(options.named ?? [])])], settings.validation.maxSideFileKb);
  try {
    options.cache?.save();
    const selected = options.select?.(index, uris);
    for (const result of unreadable) if (!selected || selected.has(pathToFileURL(result.path).href)) results.push(result);
    const checked = [...uris].filter(([, uri]) => !selected || selected.has(uri)).map(([file, uri]) => ({ file, uri }));
    const progress = options.progress;
    const run: CheckRun = { context: featureContext, features, summarizer, read, pace, ...(progress ? { progress: (done: number, total: number) => progress('check', done, total) } : {}) };
    // A loop, not push(...): past about 120,000 files spread as arguments V8's stack overflows.
    for (const result of await checkPass(checked, run, options)) results.push(result);
  } finally {
    unconfine();
  }
  // What this reading did not read (over the bound, past the budget, binary, a template no family reads, a family's source): its ledger.
  options.ledger?.addIndex(index);
  return results.sort(byPath);
}

/**
 * The check pass: on this thread alone, or with check threads (platform/checkThreads.ts) in a summarised
 * workspace when the command line gave their setup. The results are the same either way (each file's
 * findings from the same entries; the caller orders them by path).
 */
async function checkPass(checked: readonly { file: string; uri: string }[], run: CheckRun, options: CheckOptions): Promise<FileResult[]> {
  const given = options.checkThreads;
  // Only a summarised workspace's check (a large tree) may use threads: only it loads their module.
  if (!given || options.read || !run.summarizer.save) return diagnoseChecked(checked, run);
  const { CheckThreads, checkOnThreads, checkThreadShare, planThreads } = await import('./checkThreads.js');
  const share = checkThreadShare();
  const count = given.count ?? share.count;
  const plan = count > 0 ? planThreads(run.context.index, checked, run.summarizer, given.setup, run.context.settings) : undefined;
  const threads = plan && plan.slices.length > 0 ? CheckThreads.start(Math.min(count, plan.slices.length), plan.start) : undefined;
  if (!plan || !threads) return diagnoseChecked(checked, run);
  const results: FileResult[] = [];
  const total = checked.length;
  // Each file counted once done, wherever it was checked.
  const here: CheckRun = { ...run, progress: undefined };
  try {
    const onThreads = await checkOnThreads(threads, plan, (files, index) => diagnoseChecked(files, index ? { ...here, context: { ...here.context, index } } : here), (done) => {
      for (const result of done) results.push(result);
      run.progress?.(results.length, total);
    }, given.slicesHere ?? share.slicesHere);
    given.onThreads?.(onThreads);
  } finally {
    threads.close();
  }
  return results;
}

/** A check thread's pass over its slice (checkThreads.ts serveCheckThread): the main thread's, over the slice's index. */
export const checkSlice: CheckSlice = (files, { index, settings, features, summarizer, pace }) => {
  const context: FeatureContext = { index, settings, isCancelled: () => false, roots: [contextRoot(process.cwd(), true)] };
  return diagnoseChecked(files, { context, features, summarizer, read: readTextSync, pace });
};

/** What the checks of the CLI's files share. */
interface CheckRun {
  context: FeatureContext;
  features: readonly Feature[];
  summarizer: FileSummarizer;
  read: (file: string) => DecodedText;
  pace: () => void;
  /** How many of the files are checked (`archipel check`'s progress line): each file's count, told when its batch is done. */
  progress?: (done: number, total: number) => void;
}

/** A checked file on its way: the entry its checks read (a summary's file read again whole), and what its features prepare. */
interface Checking {
  file: string;
  uri: string;
  /** The entry checked: the index's, or the file read again whole in place of its summary (`summary`). */
  entry?: IndexedFile;
  summary?: IndexedFile;
  /** Whether the summary's stand-ins are filled from `entry` now (emptied after its checks, or after a stop). */
  filled?: boolean;
  /** What the features' preparation of the file awaits. */
  preparing?: Promise<unknown>[];
  /** Its preparation's slices after their first `await` (FeatureContext.inSlices): the budget they spent, whether they were stopped. */
  work?: FileWork;
  result?: FileResult;
}

/** Files a batch takes: their texts (a summary's, read again whole) are held from their preparation to their checks. */
const BATCH = 64;

/**
 * The checks of the CLI's files, each file within its budget (--file-budget, archipel.validation.fileBudgetMs).
 * A watchdog per file would cost more than the checks of a small one (a thread each: 100,000 files,
 * 1–37 s), so the files of a batch run in one bounded call: a file is started only while the call is
 * within one budget, and the call is stopped at two, so every file has at least one budget of its own;
 * the file at work when the stop comes is the one over budget (or another file its rules were reading:
 * service.ts settleStop), and the batch goes on after it. A file is prepared and checked in the same
 * call when its features' preparation has nothing to wait for (the usual case); the files whose
 * preparation must be awaited (a parser to load, Mermaid parsed on its thread) are checked in a second
 * call once it is done.
 */
async function diagnoseChecked(files: readonly { file: string; uri: string }[], run: CheckRun): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (let at = 0; at < files.length; at += BATCH) {
    const batch: Checking[] = files.slice(at, at + BATCH).map((f) => ({ ...f }));
    inBatch(batch, run, (item) => {
      prepareChecked(item, run);
      // Nothing to wait for (the usual case): checked in the same call.
      if (!item.result && !item.preparing?.length) item.result = checkPrepared(item, run);
      if (item.result) item.entry?.releaseSpans();
    });
    const waiting = batch.filter((item) => !item.result);
    if (waiting.length > 0) {
      await Promise.all(waiting.flatMap((item) => item.preparing ?? []));
      for (const item of waiting) preparedStop(item, run);
      inBatch(waiting, run, (item) => {
        item.result ??= checkPrepared(item, run);
        item.entry?.releaseSpans();
      });
    }
    for (const item of batch) {
      results.push(item.result ?? { path: item.file, diagnostics: [] });
      run.progress?.(results.length, files.length);
    }
  }
  return results;
}

/**
 * Runs `step` on each file of the batch in bounded calls (platform/stopper.ts): a stopped file's result
 * is its `archipel-limit`, or, when the work was another file's (that one set aside), its step runs again.
 */
function inBatch(batch: Checking[], run: CheckRun, step: (item: Checking) => void): void {
  inBoundedCalls(
    batch.length,
    fileBudgetOf(run.context.settings),
    (i) => step(batch[i]),
    (i) => {
      const item = batch[i];
      // Its `finally` did not run: the summary's stand-ins are emptied here.
      if (item.summary && item.filled) run.summarizer.empty(item.summary);
      item.filled = false;
      const stopped = item.entry ?? run.context.index.current(item.uri);
      if (stopped && settleStop(stopped, run.context) === 'other') return 'again';
      const now = run.context.index.current(item.uri);
      item.result = { path: item.file, diagnostics: now ? setAsideDiagnostics(now, run.context) : [] };
      return 'next';
    },
  );
}

/** Starts the features' preparation of a checked file (its batch's first bounded call). */
function prepareChecked(item: Checking, run: CheckRun): void {
  run.pace();
  workOn('index');
  const entry = run.context.index.current(item.uri);
  // A summary (or a summary set aside for a failure: still checked as read) is read again whole.
  const again = entry?.skipped === 'summary' || (entry?.setAside?.reason === 'error' && !entry.setAside.original);
  if (!entry || !again) {
    item.entry = entry;
  } else {
    try {
      const { text, problem } = run.read(item.file);
      item.entry = new IndexedFile(item.uri, text, undefined, undefined, true, problem);
      if (entry.skipped === 'summary') item.summary = entry;
    } catch (error) {
      item.result = { path: item.file, diagnostics: [], error: error instanceof Error ? error.message : String(error) };
      return;
    }
  }
  if (item.entry) item.preparing = startPreparing(item.entry, run.features, run.context, (item.work = { spent: 0 }));
}

/**
 * A file whose preparation was stopped past its budget in a slice after its first `await` (the slice set the
 * file aside, service.ts): its result is its `archipel-limit`, as a stopped check's. When the work stopped was
 * another file's (that one set aside), the file is checked as the others.
 */
function preparedStop(item: Checking, run: CheckRun): void {
  if (item.work?.stopped !== 'this' || item.result) return;
  const now = run.context.index.current(item.uri);
  item.result = { path: item.file, diagnostics: now ? setAsideDiagnostics(now, run.context) : [] };
  if (item.summary && item.filled) run.summarizer.empty(item.summary);
  item.filled = false;
  item.entry = undefined;
  item.summary = undefined;
  item.preparing = undefined;
}

/** A prepared file's diagnostics (in the same call, or once its preparation is done). */
function checkPrepared(item: Checking, run: CheckRun): FileResult {
  let entry = item.entry;
  if (!entry) return { path: item.file, diagnostics: [] };
  workOn('index');
  try {
    // The whole file stands for its summary while it is checked: the summary's stand-ins are filled from it
    // (what the index derived from them stays valid); a file changed since it was summarised is indexed anew.
    if (item.summary) {
      item.filled = run.summarizer.fill(item.summary, entry);
      if (!item.filled) entry = run.context.index.update(item.uri, entry.text, { textProblem: entry.textProblem });
    }
    return { path: item.file, diagnostics: diagnoseFile(entry, run.features, run.context) };
  } catch (error) {
    return { path: item.file, diagnostics: [], error: error instanceof Error ? error.message : String(error) };
  } finally {
    if (item.summary && item.filled) run.summarizer.empty(item.summary);
    // Nothing of the file is kept past its checks (a summary's whole text and parse, its models): the batch holds its result only.
    item.filled = false;
    item.entry = undefined;
    item.summary = undefined;
    item.preparing = undefined;
  }
}
