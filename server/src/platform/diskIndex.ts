import { fileURLToPath } from 'node:url';
import { kubernetesSummarizer } from '../kubernetes/model/summary';
import type { TextProblem } from '../common/textDecoding';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { indexRead, summarizerFor, wholeFiles, withWholeFile, type FileSummarizer } from '../workspace/summaries';
import { IndexCache } from './indexCache';
import { IndexThreads, loadIndex, type LoadCounts } from './indexLoad';
import { boundHeapGrowth, heapPacer } from '../workspace/heapPacer';
import { readText } from '../disk/readText';
import { fileUri, scanFolderCounted } from './scan';
import { loadSummaryModels } from './summaryModels';
import type { FileMatcher } from '../common/fileSelector';

/** The language server's index of what is on disk: files kept as summaries where they can be (workspace/summaries.ts). */

/** The longest the scan reads files without letting a request through. */
const SLICE_MS = 15;

/** One pacer for the server's passes over the workspace (the scan, the closed files' diagnostics). */
// The server's summaries are smaller than the CLI's peak (no check pass at the same time): more room, fewer collections.
const pace = heapPacer(256, 2);

export interface FolderIndexOptions {
  exclude: readonly string[];
  /** The files the index reads (families/index.ts: familyFiles). */
  files?: FileMatcher;
  /** Or the file name endings it reads. */
  extensions?: readonly string[];
  /** The most files kept (archipel.files.maxFiles); the rest are counted, not read. */
  maxFiles: number;
  /** The index's size limit (archipel.validation.maxFileSizeKb), which the cache is keyed by. */
  maxBytes: number;
  /** The per-file budget of each file's reading on the index threads (ms; archipel.validation.fileBudgetMs); default none. */
  budgetMs?: number;
  /** Open files: the editor's text wins over the disk. */
  isOpen(uri: string): boolean;
  log(message: string): void;
  /** Files indexed of those listed, as they are (the editor's progress of the first scan). */
  progress?: (done: number, total: number) => void;
}

export interface FolderIndexResult extends LoadCounts {
  /** Files listed and kept (at most maxFiles). */
  kept: number;
  /** Files past maxFiles, left out of the index. */
  leftOut: number;
}

/** Per index: summaries or whole files, chosen by the size of the last scan (workspace/summaries.ts). */
const summarizers = new WeakMap<WorkspaceIndex, FileSummarizer>();

/** Indexes a file's text as read from disk (not open in the editor): a summary when it can be, in a large workspace. */
export function indexFromDisk(index: WorkspaceIndex, uri: string, text: string, problem?: TextProblem): IndexedFile {
  return indexRead(index, uri, text, { context: true, textProblem: problem }, summarizers.get(index) ?? wholeFiles);
}

/**
 * Lists a workspace folder and indexes its files, a summary for each Kubernetes manifest: from the
 * persistent index cache where a file's stat is unchanged (a second start reads only what changed),
 * else read on the index threads (platform/indexLoad.ts), merged here in slices of SLICE_MS so that
 * a request (completion, hover on an open file) waits one slice at most.
 */
export async function indexFolder(index: WorkspaceIndex, folder: string, options: FolderIndexOptions): Promise<FolderIndexResult> {
  const { files, total } = await scanFolderCounted(folder, { exclude: options.exclude, files: options.files, extensions: options.extensions, maxFiles: options.maxFiles });
  const summarizer = summarizerFor(Math.max(files.length, index.size), kubernetesSummarizer);
  summarizers.set(index, summarizer);
  if (summarizer !== wholeFiles) boundHeapGrowth();
  // The cache keeps each file's scopes (platform/summaryModels.ts); the threads load them themselves.
  if (summarizer !== wholeFiles) await loadSummaryModels();
  // The threads start first: they load while the cache is read.
  const threads = IndexThreads.for(summarizer, wholeFiles, { log: (message) => options.log(message) });
  // A workspace of ordinary size keeps each file's text (parsed when used): the cache would only save reading it.
  const cache = summarizer === wholeFiles ? undefined : await IndexCache.load(folder, 'summaries', options.maxBytes);
  const items = files.map((file) => ({ file, uri: fileUri(file), context: true }));
  let counts: LoadCounts;
  try {
    counts = await index.holdChanges(() =>
      loadIndex(index, items, {
        summarizer,
        maxBytes: options.maxBytes,
        cache,
        threads,
        pace,
        sliceMs: SLICE_MS,
        ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
        skip: (item) => options.isOpen(item.uri),
        // The reader's messages name the file (disk/readText.ts); another error gets its name here.
        failed: (item, message) => options.log(`cannot index ${message.startsWith(item.file) ? message : `${item.file}: ${message}`}`),
        ...(options.progress ? { progress: options.progress } : {}),
      }),
    );
  } finally {
    await threads?.close();
  }
  cache?.save();
  options.log(`indexed ${folder}: ${counts.read} file(s) read${threads ? ` on ${threads.size} thread(s)` : ''}, ${counts.cached} from the index cache${cache ? ` (${cache.file})` : ' (off)'}`);
  return { kept: files.length, leftOut: total - files.length, ...counts };
}

/**
 * Runs `use` on an indexed file whole: a summary is read again from disk and filled in for the
 * time of the call (its parse is released afterwards); any other entry is used as it is.
 */
export async function withWholeIndexedFile<T>(index: WorkspaceIndex, file: IndexedFile, use: (file: IndexedFile) => T | Promise<T>): Promise<T> {
  if (file.skipped !== 'summary') return use(file);
  pace();
  const { text, problem } = await readText(fileURLToPath(file.uri));
  return withWholeFile(index, file.uri, text, { context: true, textProblem: problem }, kubernetesSummarizer, use);
}
