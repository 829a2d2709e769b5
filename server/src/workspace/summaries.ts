import type { TextProblem } from '../common/textDecoding';
import { IndexedFile, type WorkspaceIndex } from './index';

/**
 * Keeps a file read from disk in the workspace index as a summary: what other files' rules read of
 * it (a Kubernetes object's identity, labels, selectors, ports, provided keys), not its text or
 * parse. A workspace of 100,000 manifests then costs the index a few hundred bytes per object
 * instead of the parse of every file; a file's own checks read it again whole, one file at a time.
 */
export interface FileSummarizer {
  /**
   * For a whole file (parsed on demand): a function that gives its summary entry the stand-in
   * models, or undefined when the file must stay whole in the index (another feature may read it).
   */
  summarize(file: IndexedFile): ((summary: IndexedFile) => void) | undefined;
  /**
   * Gives `whole` (the file read again) the summary's stand-in models, filled in from its parse:
   * the same objects, so that what the index derived from them stays valid. False when they do
   * not correspond (the file changed since it was summarised).
   */
  fill(summary: IndexedFile, whole: IndexedFile): boolean;
  /** Takes the parse back out of the stand-ins once the whole file has been checked. */
  empty(summary: IndexedFile): void;
  /** The summary as plain data for the persistent index cache (platform/indexCache.ts); undefined: not kept. */
  save?(summary: IndexedFile): unknown;
  /** A summary entry made again from what `save` gave; undefined when the data is not a summary's. */
  restore?(uri: string, data: unknown): IndexedFile | undefined;
  /**
   * Its name among the index threads' summarizers (platform/summaryModels.ts `named`) when it is not the summaries'
   * models' own: the threads summarise with it. Without it, a load on threads reads every file on its own thread.
   */
  readonly thread?: string;
}

/** Keeps every file whole: the index as it is for a workspace of ordinary size. */
export const wholeFiles: FileSummarizer = { summarize: () => undefined, fill: () => false, empty: () => undefined };

/**
 * Past this many files, files are indexed as summaries where they can be. Below it everything is
 * whole, as before: what reads more of other files than the rules do (the Kubernetes diagram's
 * links, navigation into a closed file) sees all of it.
 */
export const SUMMARY_THRESHOLD = 5000;

/** The summarizer for a workspace of `files` files. */
export function summarizerFor(files: number, summarizer: FileSummarizer): FileSummarizer {
  // ARCHIPEL_SUMMARY_THRESHOLD: another threshold (0: always summaries), for tests and measurements.
  const configured = Number(process.env.ARCHIPEL_SUMMARY_THRESHOLD);
  const threshold = process.env.ARCHIPEL_SUMMARY_THRESHOLD && Number.isInteger(configured) && configured >= 0 ? configured : SUMMARY_THRESHOLD;
  return files > threshold ? summarizer : wholeFiles;
}

/** A summary entry of the index for `uri`, to be given its stand-in models. */
export function summaryEntry(uri: string): IndexedFile {
  return new IndexedFile(uri, '', 'summary', undefined, false);
}

export interface ReadOptions {
  /** Indexed for what it tells other files (not diagnosed through this entry). */
  context?: boolean;
  textProblem?: TextProblem;
}

/** Indexes a file's text read from disk: as a summary when the summarizer takes it, else whole. */
export function indexRead(index: WorkspaceIndex, uri: string, text: string, options: ReadOptions, summarizer: FileSummarizer): IndexedFile {
  // A summary's stand-ins take their positions at once: the file is read with its spans, in the
  // same pass as its values (a context file is otherwise read without, and its spans would cost a
  // second parse: 40% of a scan of 100,000 manifests).
  const whole = index.update(uri, text, summarizer === wholeFiles ? options : { ...options, context: false });
  if (whole.skipped) return whole;
  const give = summarizer.summarize(whole);
  if (!give) return whole;
  const summary = summaryEntry(uri);
  give(summary);
  index.put(summary);
  return summary;
}

/**
 * Runs `use` on the whole file (text as read again from disk) in place of its summary, with the
 * summary's stand-ins filled in for the time of the call. A file that is not a summary is used as
 * the index holds it (updated to the text when that changed).
 */
export async function withWholeFile<T>(index: WorkspaceIndex, uri: string, text: string, options: ReadOptions, summarizer: FileSummarizer, use: (file: IndexedFile) => T | Promise<T>): Promise<T> {
  const entry = index.get(uri);
  if (entry?.skipped !== 'summary') return use(index.update(uri, text, options));
  const whole = new IndexedFile(uri, text, undefined, undefined, !options.context, options.textProblem);
  if (!summarizer.fill(entry, whole)) return use(index.update(uri, text, options));
  try {
    return await use(whole);
  } finally {
    summarizer.empty(entry);
  }
}

const summaries = new WeakMap<WorkspaceIndex, { generation: number; summarised: boolean }>();

/** Whether the index holds summaries in place of whole files (a large workspace: the system map and what builds on it are off). */
export function holdsSummaries(index: WorkspaceIndex): boolean {
  const cached = summaries.get(index);
  if (cached?.generation === index.generation) return cached.summarised;
  let found = false;
  for (const file of index.files()) {
    if (file.skipped === 'summary') {
      found = true;
      break;
    }
  }
  summaries.set(index, { generation: index.generation, summarised: found });
  return found;
}
