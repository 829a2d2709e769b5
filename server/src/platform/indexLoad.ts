/**
 * Loads files from disk into the workspace index: the one way the CLI's check and the language
 * server's scan do it. Each file comes from the persistent index cache when its stat is what the
 * cache recorded (platform/indexCache.ts), else it is read, parsed and summarised
 * (platform/indexRead.ts) — in a large workspace on index threads (indexWorker.ts), batches in
 * flight on every core while the main thread merges the results into the index, in the files'
 * order, so that the index is the same whichever thread read what.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { deserialize } from 'node:v8';
import type { DecodedText, TextProblem } from '../common/textDecoding';
import { WorkerChannel } from '../engines/core/channel';
import { threadWorker } from '../engines/core/workers';
import { IndexedFile, type WorkspaceIndex } from '../workspace/index';
import { clockMs } from '../workspace/work';
import { indexRead, type FileSummarizer } from '../workspace/summaries';
import { scopesOf } from './summaryModels';
import { fileStats, IndexCache, type CacheEntry } from './indexCache';
import { READ_FOR_INDEX, readForIndex, STAT_FOR_INDEX, statForIndex, type FileStats, type ReadRequest, type ReadResult } from './indexRead';
import { readTextSync } from '../disk/readText';

/** A file to index: `context` files are indexed for what they tell other files, not diagnosed. */
export interface LoadItem {
  file: string;
  uri: string;
  context: boolean;
}

export interface LoadOptions {
  summarizer: FileSummarizer;
  /** The index's size limit, for the threads (the main thread's index has its own options). */
  maxBytes: number;
  cache?: IndexCache;
  /** Index threads (`IndexThreads.for`); none: every file is read on this thread. */
  threads?: IndexThreads;
  /** Reads a file on this thread (tests count the reads; given, no thread is used). */
  read?: (file: string) => DecodedText;
  /** A file's text read already (the CLI's heads), else undefined: read by `read`. */
  known?: (file: string) => DecodedText | undefined;
  /**
   * Whether a summary the cache holds must be indexed, from its cross-file scopes (`check
   * --changed`: only those its selection can depend on); default all.
   */
  needed?: (scopes: readonly string[]) => boolean;
  /** Skips a file at the time it would be merged (the server: a file open in the editor). */
  skip?: (item: LoadItem) => boolean;
  /** Called once per file (the heap pacer). */
  pace: () => void;
  /** The per-file budget (ms; archipel.validation.fileBudgetMs) of each file's reading on the index threads; default none. */
  budgetMs?: number;
  /** Yield to the event loop after this long on the main thread (the server: requests wait one slice at most). */
  sliceMs?: number;
  /** A file that could not be read. */
  failed: (item: LoadItem, message: string) => void;
  /** After each file is placed: how many of the items are (a progress line, the editor's work-done progress). */
  progress?: (done: number, total: number) => void;
}

/** Files per batch given to a thread: small enough to keep every thread busy to the end. */
const BATCH = 96;

/**
 * The most memory an index thread's heap may take (MB, worker_threads `resourceLimits`): a file whose
 * parse would take more ends the thread instead of the process, and is set aside (issue #67). The
 * threads hold a batch of files at a time (a scratch index, let go after each file): 100,000 manifests
 * peak far below it.
 */
export const INDEX_THREAD_MEMORY_MB = 512;

/**
 * An index thread's young generation (MB; V8 gives a worker 48). A thread reads a batch of files, each parsed with its
 * spans and summarised, and keeps of it the batch's answers: with V8's own, it was scavenged every few MB and a quarter
 * of its time went to the collector (20,200 files: ~80 scavenges a thread); at 64, a third as many, the index pass
 * 8–10 % less CPU, the peak the same (issue #84, docs/performance-log.md perf84v).
 */
const INDEX_THREAD_YOUNG_MB = 64;

/** The heap bounds an index thread is started with (worker_threads resourceLimits), its old generation `memoryMb`. */
export function indexThreadLimits(memoryMb = INDEX_THREAD_MEMORY_MB): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: INDEX_THREAD_YOUNG_MB };
}

/** Whether a thread ended because its heap reached its resourceLimits (ERR_WORKER_OUT_OF_MEMORY, as WorkerChannel reports it). */
function outOfMemory(error: unknown): boolean {
  return /memory limit|out of memory/i.test(error instanceof Error ? error.message : String(error));
}

/** The default number of index threads: one per core, at most 4 (past that, the main thread's merging is the limit). */
function defaultThreads(): number {
  const configured = process.env.ARCHIPEL_INDEX_THREADS;
  if (configured !== undefined && /^\d+$/.test(configured)) return Math.min(Number(configured), 16);
  return Math.min(availableParallelism(), 4);
}

/** The index thread script: next to the bundle (dist/server/indexWorker.js) or compiled by tsc (out/). */
function indexWorkerPath(): string | undefined {
  const file = path.join(__dirname, 'indexWorker.js');
  return existsSync(file) ? file : undefined;
}

/** A pool of index threads (indexWorker.ts), each a WorkerChannel; closed by its user. */
export class IndexThreads {
  private constructor(
    private readonly channels: WorkerChannel[],
    /** Each thread's heap bound (MB). */
    private readonly memoryMb: number,
  ) {}

  /**
   * Threads for a pass that summarises (a large workspace); undefined when it does not, when
   * ARCHIPEL_INDEX_THREADS=0, or without the thread script. They start now: their start-up
   * overlaps the folder's listing.
   */
  static for(summarizer: FileSummarizer, wholeFiles: FileSummarizer, options: { log?: (message: string) => void; count?: number; script?: string; memoryMb?: number } = {}): IndexThreads | undefined {
    const { count = defaultThreads(), script = indexWorkerPath(), memoryMb = INDEX_THREAD_MEMORY_MB } = options;
    if (summarizer === wholeFiles || count === 0 || !script) return undefined;
    const start = threadWorker(script, { resourceLimits: indexThreadLimits(memoryMb) });
    const channels = Array.from({ length: count }, (_, i) => new WorkerChannel({ name: `index thread ${i + 1}`, start, log: options.log }));
    for (const channel of channels) channel.start();
    return new IndexThreads(channels, memoryMb);
  }

  get size(): number {
    return this.channels.length;
  }

  /**
   * Reads a batch on the least busy thread. A thread that ran out of memory on it has the batch read
   * again a file at a time, each on a thread: a file that ends a thread so again is set aside
   * (`stopped`, memory), never read on this thread, whose heap holds the index. A batch whose thread
   * ended otherwise (a crash of the thread, not of a file) is read on this thread, each file within
   * its budget.
   */
  async read(request: ReadRequest): Promise<ReadResult[]> {
    try {
      return await this.channel().request<ReadResult[]>(READ_FOR_INDEX, request);
    } catch (error) {
      if (!outOfMemory(error)) return readForIndex(request);
      return Promise.all(request.files.map((file) => this.readAlone({ ...request, files: [file] })));
    }
  }

  private async readAlone(request: ReadRequest): Promise<ReadResult> {
    try {
      const [result] = await this.channel().request<ReadResult[]>(READ_FOR_INDEX, request);
      return result;
    } catch (error) {
      return outOfMemory(error) ? { kind: 'stopped', reason: 'memory', bound: this.memoryMb } : readForIndex(request)[0];
    }
  }

  private channel(): WorkerChannel {
    return this.channels.reduce((a, b) => (b.pending < a.pending ? b : a));
  }

  /** A batch's stats, taken on a thread (100,000 stats are half a second of a warm start). */
  stat(files: string[]): Promise<FileStats[]> {
    return this.ask(STAT_FOR_INDEX, files, statForIndex);
  }

  private async ask<P, R>(method: string, params: P, here: (params: P) => R): Promise<R> {
    try {
      return await this.channel().request<R>(method, params);
    } catch {
      return here(params);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.channels.map((channel) => channel.close()));
  }
}

/** A file of a batch: from the cache (`entry` made, or skipped as not needed), or to be read. */
interface Prepared {
  item: LoadItem;
  stats?: { size: number; mtimeMs: number };
  /** From the cache: the entry to put, or null when the cache says it is not needed. */
  cached?: IndexedFile | null;
  /** A whole file's text from the cache. */
  text?: { text: string; problem?: TextProblem };
}

/** Whether the cache gave the file (an entry, or not needed): then it is not read. */
const held = (prepared: Prepared): boolean => prepared.cached !== undefined || prepared.text !== undefined;

/** Looks a file up in the cache (`stats`: its stats, taken here when not given): what to index from it, or what to read. */
function fromCache(item: LoadItem, options: LoadOptions, given?: FileStats): Prepared {
  const { cache } = options;
  const stats = cache ? (given === undefined ? fileStats(item.file) : (given ?? undefined)) : undefined;
  const hit: CacheEntry | undefined = stats && cache?.lookup(item.file, stats);
  if (!hit) return { item, stats };
  const [, , text, extra, scopes] = hit;
  if (text !== null) return { item, stats, text: { text, problem: (extra ?? undefined) as TextProblem | undefined } };
  if (options.needed && Array.isArray(scopes) && !options.needed(scopes)) return { item, stats, cached: null };
  const restored = options.summarizer.restore?.(item.uri, IndexCache.summaryData(hit));
  return restored ? { item, stats, cached: restored } : { item, stats };
}

/** Puts one read file into the index (and the cache). */
function merge(index: WorkspaceIndex, prepared: Prepared, result: ReadResult, options: LoadOptions): void {
  const { item, stats } = prepared;
  const { cache } = options;
  if (result.kind === 'error') return options.failed(item, result.message);
  // Set aside (issue #67): its own diagnostics say why; no other file's rule reads it.
  if (result.kind === 'stopped') return index.put(new IndexedFile(item.uri, '', 'stopped', undefined, false, undefined, { reason: result.reason, feature: 'index', bound: result.bound }));
  if (result.kind === 'summary') {
    const entry = options.summarizer.restore?.(item.uri, deserialize(result.bytes));
    if (entry) {
      index.put(entry);
      if (cache && stats) cache.recordSerialized(item.file, stats, result.bytes, result.scopes);
      return;
    }
    // Not this summarizer's data: read on this thread, as without threads.
    return readHere(index, prepared, options);
  }
  index.update(item.uri, result.text, { context: item.context, textProblem: result.problem });
  if (cache && stats) cache.record(item.file, stats, result.text, result.problem ?? null, result.scopes);
}

/** Reads, indexes and records one file on this thread. */
function readHere(index: WorkspaceIndex, { item, stats }: Prepared, options: LoadOptions): void {
  const { cache, summarizer, read } = options;
  let decoded: DecodedText;
  try {
    decoded = options.known?.(item.file) ?? (read ?? readTextSync)(item.file);
  } catch (error) {
    return options.failed(item, error instanceof Error ? error.message : String(error));
  }
  const { text, problem } = decoded;
  const entry = indexRead(index, item.uri, text, { context: item.context, textProblem: problem }, summarizer);
  if (!cache || !stats) return;
  const saved = entry.skipped === 'summary' ? summarizer.save?.(entry) : undefined;
  if (saved !== undefined) cache.record(item.file, stats, null, saved, scopesOf(entry));
  else if (entry.skipped !== 'summary') cache.record(item.file, stats, text, problem ?? null, scopesOf(entry));
}

/** Puts a file the cache held into the index. */
function mergeCached(index: WorkspaceIndex, prepared: Prepared): void {
  const { item, cached, text } = prepared;
  if (cached) index.put(cached);
  else if (text) index.update(item.uri, text.text, { context: item.context, textProblem: text.problem });
}

/**
 * Indexes `items` in their order. With threads, batches of the files the cache does not hold are
 * read on them, a few batches per thread in flight, and merged here as they come back, in order;
 * without, each file is read here. Nothing is kept of a file beyond what the index holds.
 */
export async function loadIndex(index: WorkspaceIndex, items: readonly LoadItem[], options: LoadOptions): Promise<LoadCounts> {
  const counts: LoadCounts = { cached: 0, read: 0, skipped: 0 };
  let sliceStart = clockMs();
  let placed = 0;
  /** Merges one file, in the files' order: from the cache, from a thread's `result`, else read here. */
  const place = async (prepared: Prepared, result?: ReadResult) => {
    await placeOne(prepared, result);
    options.progress?.(++placed, items.length);
  };
  const placeOne = async (prepared: Prepared, result?: ReadResult) => {
    if (options.sliceMs !== undefined && clockMs() - sliceStart > options.sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = clockMs();
    }
    options.pace();
    if (options.skip?.(prepared.item)) {
      counts.skipped++;
      return;
    }
    if (held(prepared)) {
      counts.cached++;
      return mergeCached(index, prepared);
    }
    counts.read++;
    if (result) merge(index, prepared, result, options);
    else readHere(index, prepared, options);
  };
  const threads = options.read ? undefined : options.threads;
  if (!threads) {
    for (const item of items) await place(fromCache(item, options));
    return counts;
  }
  const inFlight: Promise<{ batch: Prepared[]; results: ReadResult[] }>[] = [];
  let next = 0;
  const dispatch = async (chunk: readonly LoadItem[]) => {
    const stats = options.cache ? await threads.stat(chunk.map((item) => item.file)) : [];
    const batch = chunk.map((item, i) => fromCache(item, options, stats[i]));
    const toRead = batch.filter((p) => !held(p));
    const results = toRead.length > 0 ? await threads.read({ files: toRead.map((p) => p.item.file), maxBytes: options.maxBytes, ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}), ...(options.summarizer.thread !== undefined ? { summarizer: options.summarizer.thread } : {}) }) : [];
    return { batch, results };
  };
  // Two batches per thread: one being read, one waiting, so that no thread idles while this one merges.
  const depth = threads.size * 2;
  while (next < items.length || inFlight.length > 0) {
    while (inFlight.length < depth && next < items.length) inFlight.push(dispatch(items.slice(next, (next += BATCH))));
    const { batch, results } = await (inFlight.shift() as (typeof inFlight)[number]);
    let at = 0;
    for (const prepared of batch) await place(prepared, held(prepared) ? undefined : results[at++]);
  }
  return counts;
}

/** How the files of a load were had: from the cache, read (or failed to be), or skipped (open in the editor). */
export interface LoadCounts {
  cached: number;
  read: number;
  skipped: number;
}
