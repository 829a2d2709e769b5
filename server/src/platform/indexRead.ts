/**
 * What indexing a file from disk takes, apart from the index itself: reading it, parsing it and,
 * for a Kubernetes manifest in a large workspace, making its summary (workspace/summaries.ts). Run
 * on the index threads (indexWorker.ts) in batches, and on the calling thread when there are none:
 * what comes back is plain data (a summary as its V8 serialisation, the same bytes the persistent
 * index cache keeps), merged into the index on the main thread by platform/indexLoad.ts.
 */
import { serialize } from 'node:v8';
import type { TextProblem } from '../common/textDecoding';
import { isTemplatedYaml } from '../service';
import { WorkspaceIndex } from '../workspace/index';
import { indexRead } from '../workspace/summaries';
import { summaryModels } from './summaryModels';
import { fileStats } from './indexCache';
import { readTextSync } from '../disk/readText';
import { fileUri } from './scan';
import { inBoundedCalls } from './stopper';
import { stoppedWork } from '../workspace/work';

/**
 * One file as read: a summary (its stand-ins' rows, serialised), a whole file's text, or why it
 * could not be read. `scopes`: its cross-file scopes (platform/changed.ts), for the index cache.
 */
export type ReadResult =
  | { kind: 'summary'; bytes: Uint8Array; scopes: string[] }
  | { kind: 'whole'; text: string; problem?: TextProblem; scopes: string[] }
  | { kind: 'error'; message: string }
  /** Its reading passed the per-file budget (`time`, ms) or the index thread's memory (`memory`, MB): set aside (issue #67). */
  | { kind: 'stopped'; reason: 'time' | 'memory'; bound: number };

export interface ReadRequest {
  files: string[];
  /** The index's size limit (archipel.validation.maxFileSizeKb): a larger file is kept whole, unparsed. */
  maxBytes: number;
  /** The per-file budget (ms; archipel.validation.fileBudgetMs): a file whose reading passes it is stopped. Default: none. */
  budgetMs?: number;
  /** The summarizer by its name (FileSummarizer.thread, SummaryModels.named); default the summaries' models' own. */
  summarizer?: string;
}

/** The index threads' requests: a batch of files read, parsed and summarised, answered in order; a batch's stats. */
export const READ_FOR_INDEX = 'index/read';
export const STAT_FOR_INDEX = 'index/stat';

/** What the index cache compares of a file (platform/indexCache.ts), or null for a file that cannot be stat'ed. */
export type FileStats = { size: number; mtimeMs: number } | null;

/** The stats of a batch of files, in order. */
export function statForIndex(files: readonly string[]): FileStats[] {
  return files.map((file) => fileStats(file) ?? null);
}

/** Reads, parses and summarises each file where it can (the summarizer of a large workspace, platform/summaryModels.ts: loaded first), each within the budget. */
export function readForIndex({ files, maxBytes, budgetMs, summarizer }: ReadRequest): ReadResult[] {
  // A scratch index: only its entries' parse is used, then let go.
  const index = new WorkspaceIndex({ maxBytes, isTemplate: isTemplatedYaml });
  const results: ReadResult[] = [];
  const budget = budgetMs ?? Infinity;
  inBoundedCalls(
    files.length,
    budget,
    (i) => void results.push(readOne(index, files[i], summarizer)),
    (i) => {
      // What the stopped parse was in: nothing of it is kept.
      stoppedWork(0);
      index.remove(fileUri(files[i]));
      results.push({ kind: 'stopped', reason: 'time', bound: budget });
      return 'next';
    },
  );
  return results;
}

function readOne(index: WorkspaceIndex, file: string, name: string | undefined): ReadResult {
  try {
    const { text, problem } = readTextSync(file);
    const uri = fileUri(file);
    const models = summaryModels();
    const { scopesOf } = models;
    // An unknown name: the models' own summary, which the caller's summarizer does not restore (it reads the file itself).
    const summarizer = (name !== undefined ? models.named?.[name] : undefined) ?? models.summarizer;
    const entry = indexRead(index, uri, text, { context: true, textProblem: problem }, summarizer);
    const scopes = scopesOf(entry);
    index.remove(uri);
    if (entry.skipped === 'summary') return { kind: 'summary', bytes: serialize(summarizer.save?.(entry)), scopes };
    return problem ? { kind: 'whole', text, problem, scopes } : { kind: 'whole', text, scopes };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
