import { promises as fs } from 'node:fs';
import { confineReads, readTextSync } from '../disk/readText';
import type { DecodedText } from '../common/textDecoding';
import type { IndexCache } from './indexCache';
import { IndexThreads, loadIndex, type LoadItem } from './indexLoad';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Feature, FeatureContext } from '../features/feature';
import type { FileMatcher } from '../common/fileSelector';
import { defineRule } from '../rules/registry';
import { diagnoseFile, indexOptions, prepareFile } from '../service';
import type { ArchipelSettings } from '../settings';
import { WorkspaceIndex, type IndexedFile } from '../workspace/index';
import { summarizerFor, wholeFiles, withWholeFile, type FileSummarizer } from '../workspace/summaries';
import { heapPacer } from '../workspace/heapPacer';
import { kubernetesSummarizer } from '../kubernetes/model/summary';
import { expandPaths } from '../engines/core/inputs';
import { fileUri, scanFolder } from './scan';
import { contextRoot } from '../disk/contextRoot';
import { byCodeUnit } from '../common/order';

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

/** Expands the given paths (files and folders) into the YAML files a check covers. */
export async function collectFiles(
  paths: readonly string[],
  settings: ArchipelSettings,
  files: FileMatcher,
  scan: FolderScanner = folderScanner(settings, files),
): Promise<{ files: string[]; missing: string[] }> {
  const { found, missing } = await expandPaths(paths, scan);
  return { files: found.map((f) => f.file), missing };
}

export type FolderScanner = (folder: string) => Promise<string[]>;

/**
 * Lists the indexed files of folders, each folder once: `collectFiles` and `collectContext` given
 * the same scanner list a repository's root once when it is both the checked path and the context
 * (`archipel check .` at the top of a repository; 190 ms of a 2,000-folder check).
 */
export function folderScanner(settings: ArchipelSettings, files: FileMatcher): FolderScanner {
  // No file limit: the paths were named on the command line (the editor's index has archipel.files.maxFiles).
  const options = { exclude: settings.files.exclude, files, maxFiles: Infinity };
  const scans = new Map<string, Promise<string[]>>();
  return (folder) => {
    let scan = scans.get(folder);
    if (!scan) {
      scan = scanFolder(folder, options);
      scans.set(folder, scan);
    }
    return scan;
  };
}

/** The files of the context roots of the given paths: indexed for cross-file rules, not reported. */
export async function collectContext(
  paths: readonly string[],
  settings: ArchipelSettings,
  files: FileMatcher,
  scan: FolderScanner = folderScanner(settings, files),
): Promise<string[]> {
  const found = new Set<string>();
  for (const root of await contextRoots(paths)) for (const file of await scan(root)) found.add(file);
  return [...found];
}

/** The context roots of the given paths: where their cross-file context comes from, and where their side files may be read. */
export async function contextRoots(paths: readonly string[]): Promise<string[]> {
  const roots = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (stat) roots.add(contextRoot(absolute, stat.isDirectory()));
  }
  return [...roots];
}

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
  /** The index threads, if started already (their start-up overlapping other work); else started here when they pay. Closed here. */
  threads?: IndexThreads;
  /** Reads a file (tests count the reads). */
  read?: (file: string) => DecodedText;
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
}

export async function checkFiles(
  files: readonly string[],
  features: readonly Feature[],
  settings: ArchipelSettings,
  context: readonly string[] = [],
  /** Default: summaries past SUMMARY_THRESHOLD files (workspace/summaries.ts), else every file whole. */
  summarizer: FileSummarizer = summarizerFor(files.length + context.length, kubernetesSummarizer),
  options: CheckOptions = {},
): Promise<FileResult[]> {
  const read = options.read ?? readTextSync;
  const index = new WorkspaceIndex(indexOptions(settings));
  const results: FileResult[] = [];
  const unreadable: FileResult[] = [];
  const uris = new Map<string, string>();
  const given = new Set(files);
  const pace = heapPacer();
  const items: LoadItem[] = [];
  for (const file of context) if (!given.has(file)) items.push({ file, uri: fileUri(file), context: true });
  for (const file of files) items.push({ file, uri: fileUri(file), context: false });
  const failed = new Set<string>();
  const threads = options.read ? undefined : (options.threads ?? IndexThreads.for(summarizer, wholeFiles));
  try {
    await loadIndex(index, items, {
      summarizer,
      maxBytes: indexOptions(settings).maxBytes,
      cache: options.cache,
      threads,
      read: options.read,
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
    const total = selected ? [...uris.values()].filter((uri) => selected.has(uri)).length : uris.size;
    let done = 0;
    for (const [file, uri] of uris) {
      if (selected && !selected.has(uri)) continue;
      pace();
      const entry = index.get(uri);
      if (entry) results.push(await diagnoseChecked(file, entry, featureContext, features, summarizer, read));
      options.progress?.('check', ++done, total);
    }
  } finally {
    unconfine();
  }
  return results.sort(byPath);
}

/** One checked file's diagnostics (a summary in the index is read again whole, then released). */
async function diagnoseChecked(file: string, entry: IndexedFile, context: FeatureContext, features: readonly Feature[], summarizer: FileSummarizer, read: (file: string) => DecodedText): Promise<FileResult> {
  const diagnose = async (indexed: IndexedFile) => {
    await prepareFile(indexed, features, context);
    return diagnoseFile(indexed, features, context);
  };
  if (entry.skipped !== 'summary') return { path: file, diagnostics: await diagnose(entry) };
  try {
    const { text, problem } = read(file);
    return { path: file, diagnostics: await withWholeFile(context.index, entry.uri, text, { textProblem: problem }, summarizer, diagnose) };
  } catch (error) {
    return { path: file, diagnostics: [], error: error instanceof Error ? error.message : String(error) };
  }
}
