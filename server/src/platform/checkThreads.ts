/**
 * The check threads of `archipel check` in a summarised workspace (past SUMMARY_THRESHOLD files): the
 * per-file checks of its Kubernetes manifests run on every core instead of the main thread alone.
 *
 * A file's findings read its own text (read again from disk, as on the main thread) and the index's
 * entries that share a cross-file scope with it (platform/changed.ts: a namespace, a manifest folder;
 * what `check --changed` relies on too). So a thread is given, for a slice of the checked files whose
 * scopes are namespaces and folders only, the summaries related to them and every whole entry of the
 * index, in the index's order, and checks those files with the same features and settings as the main
 * thread (the same families loaded): the same findings. Meanwhile the main thread checks the other
 * files, and slices too, each with its slice's index as a thread does (SliceIndex). A thread holds one slice's summaries at a time (at most MAX_SUMMARIES) and the
 * workspace's whole files (at most MAX_WHOLE_BYTES of text, else no thread is used): its memory does not
 * grow with the tree.
 *
 * The thread is the CLI's own script started as a worker (`archipel check` in a thread, cliMain.ts
 * runAsCommand): its bundle and code cache, its families loaded as the main thread loaded them.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextProblem } from '../common/textDecoding';
import { Peer, WorkerChannel } from '../engines/core/channel';
import { hostEndpoint, threadWorker } from '../engines/core/workers';
import type { Feature } from '../features/feature';
import type { ArchipelSettings } from '../settings';
import { indexOptions } from '../service';
import { confineReads } from '../disk/readText';
import { contextRoot } from '../disk/contextRoot';
import { installStopper } from '../workspace/work';
import { heapPacer } from '../workspace/heapPacer';
import { IndexedFile, WorkspaceIndex, type IndexOptions } from '../workspace/index';
import type { FileSummarizer } from '../workspace/summaries';
import { scopesOf, scopeSet, related } from './changed';
import { preemptiveStopper } from './stopper';
import { CHECK_THREAD_ARGV, CHECK_THREAD_DATA } from './checkThreadMark';

/** What a check thread needs to check as the main thread does: the families and the command line's settings. */
export interface CheckThreadSetup {
  /** The ids of the families the check loaded (families/lazy.generated.ts), in the list's order. */
  families: string[];
  /** `--rule` and the validation settings (`--max-file-size-kb`, `--file-budget`) as given. */
  rules: Record<string, string>;
  validation: Record<string, number>;
  /** `--today`, as a time. */
  today?: number;
  /** The context roots of the paths named on the command line (CheckOptions.named). */
  named: readonly string[];
}

/** What a thread is given once: the setup and every whole entry of the index. */
interface ThreadStart {
  setup: CheckThreadSetup;
  whole: WholeEntry[];
}

/** A whole entry of the index: made again in the thread as the main thread's index made it (WorkspaceIndex.update). */
interface WholeEntry {
  at: number;
  uri: string;
  text: string;
  textProblem?: TextProblem;
}

/** A slice of files to check, with the summaries related to them (their saved form) and their places in the index. */
interface Slice {
  files: { file: string; uri: string }[];
  summaries: { at: number; uri: string; data: unknown }[];
}

/** A checked file's outcome, as project.ts FileResult. */
interface ThreadResult {
  path: string;
  diagnostics: Diagnostic[];
  error?: string;
}

const START = 'check/start';
const CHECK = 'check/slice';

/** Files a slice gathers (whole namespaces: a namespace is never split). */
const SLICE_FILES = 256;
/** The most summaries a slice may need; a slice that needs more is checked on the main thread (which holds them all). */
const MAX_SUMMARIES = 20_000;
/** The most whole text the threads are given (each holds it all); past it no thread is used. */
const MAX_WHOLE_BYTES = 32 * 2 ** 20;
/** Slices sent to a thread before its answers (it checks them in turn). */
const IN_FLIGHT = 2;
/** A check thread's heap bound (MB): a thread that passes it ends, and its slice is checked on the main thread. */
const THREAD_MEMORY_MB = 768;
/**
 * A check thread's young generation (MB; V8's own is 48: three semi-spaces of 16). A thread parses one file at a
 * time and keeps little of it: a small young generation is scavenged more often for the same work, and the
 * thread's pages stay few (its heap lives beside the main thread's, which holds the whole index).
 */
const THREAD_YOUNG_MB = 16;
/** The old generation a thread lets grow before it collects (heapPacer's floor, MB): its live heap is the whole files and one slice (32 cost 19 % more CPU at 20,000 files with 12 MB young). */
const THREAD_PACER_FLOOR_MB = 64;

/** The heap bounds a check thread is started with (worker_threads resourceLimits). */
export function threadLimits(): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: THREAD_MEMORY_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_MB };
}

/**
 * How many check threads, and whether the main thread checks slices too: one thread per core, at most 4 (none on one
 * core), the main thread taking slices only when a core is left for it; ARCHIPEL_CHECK_THREADS=N sets another number
 * (0: none). The main thread holds the whole index (~410 MB live at 100,000 files): each slice it checked left its
 * garbage in that heap, the pacer's full collections marking the index again and again (20,200 files: 150 scavenges
 * and 8–9 mark-compacts in its check pass; with the slices on threads 46 and 3, the pass 8 % less CPU; issue #84).
 */
export function checkThreadShare(cores = availableParallelism(), configured = process.env.ARCHIPEL_CHECK_THREADS): { count: number; slicesHere: boolean } {
  const count = configured !== undefined && /^\d+$/.test(configured) ? Math.min(Number(configured), 8) : cores < 2 ? 0 : Math.min(cores, 4);
  return { count, slicesHere: count < cores };
}

/** The CLI's script, started as a thread: dist/server/cli.js beside the bundle, or cliMain.js compiled by tsc (out/). */
function threadScript(): string | undefined {
  for (const file of [path.join(__dirname, 'cli.js'), path.join(__dirname, '..', 'cliMain.js')]) if (existsSync(file)) return file;
  return undefined;
}

/**
 * The work of a threaded check pass: the files the main thread checks alone, the slices any thread may check, the
 * threads' start, and the index the main thread checks its own slices with (made on its first slice).
 */
interface ThreadPlan {
  main: { file: string; uri: string }[];
  slices: (() => Slice)[];
  start: ThreadStart;
  sliceIndex: () => SliceIndex;
}

/**
 * The index a slice is checked with, on a check thread or on the main thread: the workspace's whole entries made
 * again once (as the main thread's index made them: WorkspaceIndex.update), and each slice's summaries restored
 * from their saved form, merged by place: the index in the main thread's order, holding what the slice's files'
 * findings read. The main thread's own slices are checked with one too, not with its index of the whole tree: a
 * cross-file check there builds its model of every summary (the Kubernetes graph of 100,000 objects: ~130 MB
 * live at 100,000 files, and the spike of building it where the pass starts), where a slice's is of its summaries.
 */
class SliceIndex {
  private readonly index: WorkspaceIndex;
  private readonly whole: IndexedFile[];
  private readonly at: number[];

  constructor(options: IndexOptions, whole: readonly WholeEntry[], private readonly summarizer: FileSummarizer) {
    this.index = new WorkspaceIndex(options);
    this.whole = whole.map((entry) => this.index.update(entry.uri, entry.text, entry.textProblem ? { textProblem: entry.textProblem } : {}));
    this.at = whole.map((entry) => entry.at);
  }

  /**
   * The index of `slice`: the same index emptied and filled again. Its generation only grows, so no cross-file
   * result of another slice is taken for this one's (PerGeneration and the caches keyed by a file and the
   * index's generation).
   */
  of(slice: Slice): WorkspaceIndex {
    const { index, whole, at } = this;
    for (const entry of [...index.files()]) index.remove(entry.uri);
    let w = 0;
    for (const summary of slice.summaries) {
      for (; w < whole.length && at[w] < summary.at; w++) index.put(whole[w]);
      const entry = this.summarizer.restore?.(summary.uri, summary.data);
      if (!entry) throw new Error(`check thread: ${summary.uri} is not a summary`);
      index.put(entry);
    }
    for (; w < whole.length; w++) index.put(whole[w]);
    return index;
  }
}

/**
 * Splits the checked files: the summaries whose scopes are namespaces and folders only go in slices
 * (whole namespaces), the others to the main thread. Undefined when threads would not give the same
 * findings cheaply: a file set aside in the index, or more whole text than MAX_WHOLE_BYTES.
 */
export function planThreads(index: WorkspaceIndex, checked: readonly { file: string; uri: string }[], summarizer: FileSummarizer, setup: CheckThreadSetup, settings: ArchipelSettings): ThreadPlan | undefined {
  const save = summarizer.save?.bind(summarizer);
  if (!save) return undefined;
  const at = new Map<string, number>();
  const whole: WholeEntry[] = [];
  /** Summaries by scope (namespace, folder); `wide`: those with another scope, related to more than their namespace. */
  const byScope = new Map<string, number[]>();
  const wide: number[] = [];
  const entries: IndexedFile[] = [];
  const scopes: (readonly string[] | undefined)[] = [];
  const interned = new Map<string, string>();
  let wholeBytes = 0;
  for (const entry of index.files()) {
    const n = entries.length;
    entries.push(entry);
    at.set(entry.uri, n);
    if (entry.skipped === 'stopped' || entry.setAside) return undefined;
    if (entry.skipped !== 'summary') {
      wholeBytes += entry.text.length;
      if (wholeBytes > MAX_WHOLE_BYTES) return undefined;
      whole.push({ at: n, uri: entry.uri, text: entry.text, ...(entry.textProblem ? { textProblem: entry.textProblem } : {}) });
      scopes.push(undefined);
      continue;
    }
    // Each scope's string once (a namespace or a folder is shared by many entries): the plan lives as long as the pass.
    const own = scopesOf(entry).map((scope) => interned.get(scope) ?? (interned.set(scope, scope), scope));
    scopes.push(own);
    for (const scope of own) {
      if (narrow(scope)) {
        let list = byScope.get(scope);
        if (!list) byScope.set(scope, (list = []));
        list.push(n);
      } else if (wide[wide.length - 1] !== n) wide.push(n);
    }
  }
  const main: { file: string; uri: string }[] = [];
  /** The checked summaries of namespaced scopes only, by their namespaces. */
  const groups = new Map<string, { file: string; uri: string }[]>();
  for (const item of checked) {
    const n = at.get(item.uri);
    const own = n === undefined ? undefined : scopes[n];
    if (!own || !own.every(narrow)) {
      main.push(item);
      continue;
    }
    const key = own.filter((s) => s.startsWith('ns:')).sort().join('\0');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(item);
  }
  const slices: (() => Slice)[] = [];
  let files: { file: string; uri: string }[] = [];
  const close = () => {
    if (files.length === 0) return;
    const sliceFiles = files;
    files = [];
    const own = new Set<string>();
    for (const item of sliceFiles) for (const scope of scopes[at.get(item.uri)!] ?? []) own.add(scope);
    if (wantedBy(own).size > MAX_SUMMARIES) {
      for (const item of sliceFiles) main.push(item);
      return;
    }
    // The places are found again when the slice is taken: every slice's list held from the plan on was up to
    // 20,000 numbers a slice, for the whole pass.
    slices.push(() => ({ files: sliceFiles, summaries: [...wantedBy(own)].sort((a, b) => a - b).map((n) => ({ at: n, uri: entries[n].uri, data: save(entries[n]) })) }));
  };
  /** The places of the summaries related to a slice of scopes `own`. */
  const wantedBy = (own: ReadonlySet<string>): Set<number> => {
    const wanted = new Set<number>();
    const set = scopeSet(own);
    for (const scope of own) for (const n of byScope.get(scope) ?? []) wanted.add(n);
    // The others through related(), as `check --changed` decides (those of no namespace relate to every one).
    for (const n of wide) if (related(set, scopes[n] ?? [])) wanted.add(n);
    return wanted;
  };
  for (const group of groups.values()) {
    for (const item of group) files.push(item);
    if (files.length >= SLICE_FILES) close();
  }
  close();
  let here: SliceIndex | undefined;
  return { main, slices, start: { setup, whole }, sliceIndex: () => (here ??= new SliceIndex(indexOptions(settings), whole, summarizer)) };
}

/** A scope a slice can follow by its name: a namespace (not "any namespace") or a manifest folder. */
function narrow(scope: string): boolean {
  return (scope.startsWith('ns:') && scope !== 'ns:*') || scope.startsWith('in:');
}

/** The running check threads; each checks one slice at a time. */
export class CheckThreads {
  private constructor(private readonly channels: WorkerChannel[]) {}

  /** `count` threads started now (they load their families while the main thread checks), or undefined without the script. */
  static start(count: number, start: ThreadStart): CheckThreads | undefined {
    const script = threadScript();
    if (count <= 0 || !script) return undefined;
    const open = threadWorker(script, { argv: [...CHECK_THREAD_ARGV], workerData: CHECK_THREAD_DATA, resourceLimits: threadLimits() });
    const channels = Array.from({ length: count }, (_, i) => new WorkerChannel({ name: `check thread ${i + 1}`, start: open, single: true }));
    const started = channels.map((channel) => channel.request(START, start));
    // A thread that fails to start takes no slice (its requests fail; the slice goes back to the main thread).
    for (const ready of started) ready.catch(() => undefined);
    return new CheckThreads(channels);
  }

  get size(): number {
    return this.channels.length;
  }

  /** Checks `slice` on thread `i`; rejects when the thread ended (the caller checks the slice itself). */
  check(i: number, slice: Slice): Promise<ThreadResult[]> {
    return this.channels[i].request<ThreadResult[]>(CHECK, slice);
  }

  close(): void {
    for (const channel of this.channels) channel.dispose();
  }
}

/**
 * Runs the threaded check pass: each thread takes the next slice while one is left; the main thread
 * checks its own files (`checkHere` with its index), then slices too, each with its slice's index
 * (SliceIndex) as a thread does. A slice whose thread failed is checked here.
 * Returns how many files the threads checked.
 */
export async function checkOnThreads(
  threads: Pick<CheckThreads, 'size' | 'check'>,
  plan: ThreadPlan,
  /** Checks files on this thread: with its own index, or with `index` (a slice's). */
  checkHere: (files: readonly { file: string; uri: string }[], index?: WorkspaceIndex) => Promise<ThreadResult[]>,
  done: (results: ThreadResult[]) => void,
  /** Whether this thread takes slices too (tests: false, every slice on a thread). */
  sliceHere = true,
): Promise<number> {
  const queue = plan.slices.slice().reverse();
  const next = () => queue.pop();
  const failed: Slice[] = [];
  const gone = new Set<number>();
  let onThreads = 0;
  const onThread = async (i: number) => {
    for (let take = gone.has(i) ? undefined : next(); take; take = gone.has(i) ? undefined : next()) {
      const slice = take();
      try {
        done(await threads.check(i, slice));
        onThreads += slice.files.length;
      } catch {
        gone.add(i);
        failed.push(slice);
      }
    }
  };
  // Two slices in flight a thread (it checks them one after the other): the next is there when one is done.
  const working = Array.from({ length: threads.size * IN_FLIGHT }, (_, k) => onThread(k % threads.size));
  // This thread's checks run without a pause of their own: the threads' answers are taken between two of its slices.
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  for (let at = 0; at < plan.main.length; at += SLICE_FILES) {
    done(await checkHere(plan.main.slice(at, at + SLICE_FILES)));
    await pause();
  }
  const checkSlice = (slice: Slice) => checkHere(slice.files, plan.sliceIndex().of(slice));
  if (sliceHere) {
    for (let take = next(); take; take = next()) {
      done(await checkSlice(take()));
      await pause();
    }
  }
  await Promise.all(working);
  for (const slice of failed) done(await checkSlice(slice));
  return onThreads;
}

/** What the CLI makes of a setup in a thread: the settings and features the main thread checks with. */
export type ThreadFeatures = (setup: CheckThreadSetup) => Promise<{ settings: ArchipelSettings; features: readonly Feature[] }>;

/** What a thread checks a slice with (project.ts's check pass). */
export type CheckSlice = (files: readonly { file: string; uri: string }[], run: { index: WorkspaceIndex; settings: ArchipelSettings; features: readonly Feature[]; summarizer: FileSummarizer; pace: () => void }) => Promise<ThreadResult[]>;

/** A check thread's side: answers START, then each slice's CHECK with its files' results. */
export function serveCheckThread(prepare: ThreadFeatures, checkSlice: CheckSlice, summarizer: FileSummarizer): void {
  // Its language is cliMain's (ARCHIPEL_LANG); an error of its own ends it, and the main thread checks its slice.
  installStopper(preemptiveStopper);
  const peer = new Peer(hostEndpoint());
  let ready: Promise<{ settings: ArchipelSettings; features: readonly Feature[]; slices: SliceIndex }> | undefined;
  const pace = heapPacer(THREAD_PACER_FLOOR_MB);
  peer.onRequest<ThreadStart, boolean>(START, async (start) => {
    ready = (async () => {
      const { settings, features } = await prepare(start.setup);
      const slices = new SliceIndex(indexOptions(settings), start.whole, summarizer);
      confineReads([...new Set([contextRoot(process.cwd(), true), ...start.setup.named])], settings.validation.maxSideFileKb);
      return { settings, features, slices };
    })();
    await ready;
    return true;
  });
  // One slice at a time (the index is the slice's): a slice that comes in while another is checked waits for it.
  let previous: Promise<unknown> = Promise.resolve();
  peer.onRequest<Slice, Promise<ThreadResult[]>>(CHECK, (slice) => {
    const checked = previous.then(() => checkOne(slice));
    previous = checked.catch(() => undefined);
    return checked;
  });
  const checkOne = async (slice: Slice): Promise<ThreadResult[]> => {
    if (!ready) throw new Error('check thread not started');
    const { settings, features, slices } = await ready;
    return checkSlice(slice.files, { index: slices.of(slice), settings, features, summarizer, pace });
  };
}
