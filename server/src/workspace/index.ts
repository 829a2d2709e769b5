import { LineIndex } from '../common/lineIndex';
import type { TextProblem } from '../common/textDecoding';
import { parseYamlFile, type YamlFile } from '../yaml/model';
import { dropPerGeneration } from './perGeneration';
import { inFileWork } from './work';

export interface IndexOptions {
  /** Files larger than this are kept as text only: never parsed, never given to a feature. */
  maxBytes: number;
  /** Files that are not what their extension says (Helm templates ending in .yaml). */
  isTemplate: (uri: string, text: string) => boolean;
  /**
   * How many characters of checked (not context) files are parsed with their spans in the same pass as
   * their value (one parse, the spans kept until the file's checks release them); past it a file's spans
   * are read when its findings are placed. Default: every file (the editor). A whole-folder check sets it,
   * so that its peak memory does not hold every document's tree at once (issue #84: 10,000 services).
   */
  spansWithValueChars?: number;
}

const yamlFile = /\.ya?ml$/i;

/**
 * Why a file was set aside (WorkspaceIndex.setAside): its work passed the per-file budget (`time`,
 * `memory`: the bound in `bound`), or failed while another file's checks read it (`error`). `feature`:
 * the feature (family) that was working.
 */
export interface SetAside {
  readonly reason: 'time' | 'memory' | 'error';
  readonly feature: string;
  /** The bound passed: milliseconds (`time`) or megabytes (`memory`). */
  readonly bound?: number;
  /** What failed (`error`). */
  readonly message?: string;
  /** The file as it was indexed (`error`: its own checks still run on it). */
  readonly original?: IndexedFile;
}

/**
 * One file of the workspace at one version. Everything derived from the text is computed lazily
 * and cached on the entry: the line index, the YAML parse (reusing the unchanged documents of the
 * previous version) and each feature's model of the file.
 */
export class IndexedFile {
  private cachedLines: LineIndex | undefined;
  private cachedYaml: YamlFile | undefined;
  private readonly models = new Map<unknown, unknown>();
  /** The latest earlier version known to be free of YAML errors (see `stable`); set by the index. */
  previousGood: IndexedFile | undefined;

  constructor(
    readonly uri: string,
    readonly text: string,
    /**
     * Too large, or a template: features skip it. `summary`: a stand-in for a file read from disk
     * that holds only what other files' rules read of it (see workspace/summaries.ts); its text is
     * not kept.
     */
    readonly skipped: 'too-large' | 'template' | 'summary' | 'stopped' | undefined,
    private previousYaml: YamlFile | undefined,
    /** See YamlChunk: false for files indexed for their values rather than diagnosed. */
    private readonly spansWithValue = true,
    /** What went wrong reading the file's bytes as text (not UTF-8), reported as a diagnostic. */
    readonly textProblem?: TextProblem,
    /** `stopped`: why the file was set aside (WorkspaceIndex.setAside). */
    readonly setAside?: SetAside,
  ) {}

  get isYaml(): boolean {
    return yamlFile.test(this.uri);
  }

  get lines(): LineIndex {
    // One line index per text: a YAML file's (splitting it into documents is cheap) serves both.
    this.cachedLines ??= this.yaml?.lines ?? new LineIndex(this.text);
    return this.cachedLines;
  }

  /** The parsed YAML file, for a YAML file that is not skipped. */
  get yaml(): YamlFile | undefined {
    if (!this.isYaml || this.skipped) return undefined;
    if (!this.cachedYaml) {
      // The parse is this file's work, whichever file's rule asked for it (workspace/work.ts).
      this.cachedYaml = inFileWork(this, () => parseYamlFile(this.text, this.previousYaml, this.spansWithValue));
      this.previousYaml = undefined;
    }
    return this.cachedYaml;
  }

  /** The YAML parse if it was already made (for reuse by the next version without forcing a parse). */
  get parsedYaml(): YamlFile | undefined {
    return this.cachedYaml ?? this.previousYaml;
  }

  /** Lets go of its YAML documents' spans once its findings are placed (read again if asked). */
  releaseSpans(): void {
    for (const { chunk } of this.cachedYaml?.chunks ?? []) chunk.releaseTree();
  }

  /**
   * Whether this version's YAML is free of errors, as far as the reading done so far tells (never
   * parsing it): undefined when not read yet, or not YAML.
   */
  private get knownGood(): boolean | undefined {
    const yaml = this.cachedYaml;
    if (!yaml || !this.isYaml || this.skipped) return undefined;
    let known = true;
    for (const { chunk } of yaml.chunks) {
      const wellFormed = chunk.beyondLimits ? true : chunk.knownWellFormed;
      if (wellFormed === false) return false;
      if (wellFormed === undefined) known = false;
    }
    return known ? true : undefined;
  }

  /** This version if it is known good, else the good version before it (what the next version keeps). */
  goodOrEarlier(): IndexedFile | undefined {
    if (this.knownGood !== true) return this.previousGood;
    // A good version needs none before it: the chain stays one version long.
    this.previousGood = undefined;
    return this;
  }

  /**
   * While this version has a YAML error (a line half typed) and an earlier version had none: that
   * version, whose analysis is kept — other files' rules read it (WorkspaceIndex.get, files), and so
   * do this file's findings but the syntax errors (service.ts) — instead of everything the file
   * defines vanishing until the line is finished. Undefined otherwise.
   */
  get stable(): IndexedFile | undefined {
    const good = this.previousGood;
    if (!good || !this.yaml) return undefined;
    if (this.yaml.chunks.every(({ chunk }) => chunk.beyondLimits || chunk.wellFormed)) {
      this.previousGood = undefined;
      return undefined;
    }
    return good;
  }

  /** A feature's model of this file version, built once. `key` identifies the feature. */
  model<T>(key: unknown, build: (file: IndexedFile) => T): T {
    if (this.models.has(key)) return this.models.get(key) as T;
    // This file's work, whichever file's rule asked for it: a stop or a failure in it is laid here (workspace/work.ts).
    const value = inFileWork(this, () => build(this));
    this.models.set(key, value);
    return value;
  }

  /** Forgets every model of this version (after a stop: code that wrote to them may have been cut short). */
  forgetModels(): void {
    this.models.clear();
  }

  /** Sets a feature's model of this file version (a summary's stand-in models; see workspace/summaries.ts). */
  setModel<T>(key: unknown, value: T): void {
    this.models.set(key, value);
  }

  /** `model`, for a build that may throw: its error is kept too, and thrown again on each call for this version. */
  modelOrThrow<T>(key: unknown, build: (file: IndexedFile) => T): T {
    const outcome = this.model(key, (file): { value: T } | { error: unknown } => {
      try {
        return { value: build(file) };
      } catch (error) {
        return { error };
      }
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
}

export type IndexListener = (uris: readonly string[]) => void;

/**
 * The one place cross-file knowledge lives: every indexed file of the workspace at its latest
 * version (the editor's text for open files, the disk's otherwise). Rules and features ask it;
 * they never read the disk.
 */
export class WorkspaceIndex {
  private readonly entries = new Map<string, IndexedFile>();
  private readonly listeners = new Set<IndexListener>();
  private generationCounter = 0;
  private filesCounter = 0;
  private sideFilesCounter = 0;

  constructor(private readonly options: IndexOptions) {}

  /** Characters of checked files parsed with their spans so far (IndexOptions.spansWithValueChars). */
  private spansChars = 0;

  /** Whether a checked file of this length is parsed with its spans (IndexOptions.spansWithValueChars). */
  private spansWithValue(length: number): boolean {
    const limit = this.options.spansWithValueChars;
    if (limit === undefined) return true;
    if (this.spansChars + length > limit) return false;
    this.spansChars += length;
    return true;
  }

  /** Increases on every change: caches of cross-file results compare it. */
  get generation(): number {
    return this.generationCounter;
  }

  /** Increases when a file is added or removed (not when one changes): the order of the files may have changed. */
  get fileSetGeneration(): number {
    return this.filesCounter;
  }

  /**
   * Whether every change of a side file reaches `sideFileChanged`: true in a CLI run (nothing is expected to change
   * during it) and in a server whose client watches the workspace's files; false in a server whose client cannot
   * (lsp/server.ts: no file watching registered), where only the next check can tell.
   */
  sideFilesReported = true;

  /**
   * Increases when a file the families read beside theirs is written, created or deleted (`sideFileChanged`, which
   * the watcher calls): what a check learned of side files (whether a `.dockerignore` exists) holds while it is equal.
   * Undefined when side-file changes are not reported (`sideFilesReported`): nothing learned of side files is kept.
   */
  get sideFileGeneration(): number | undefined {
    return this.sideFilesReported ? this.sideFilesCounter : undefined;
  }

  /**
   * Sets a file's text. `parsed`: a parse of this text made elsewhere, which saves parsing it again;
   * `context`: the file is indexed for what it tells other files (read from disk, not open), so
   * positions in it are read only when asked for.
   */
  update(uri: string, text: string, options: { parsed?: YamlFile; context?: boolean; textProblem?: TextProblem } = {}): IndexedFile {
    const previous = this.entries.get(uri);
    if (previous && previous.skipped !== 'summary' && previous.text === text && previous.textProblem === options.textProblem) return previous;
    const skipped = text.length > this.options.maxBytes ? 'too-large' : this.options.isTemplate(uri, text) ? 'template' : undefined;
    const entry = new IndexedFile(uri, text, skipped, options.parsed ?? previous?.parsedYaml, !options.context && this.spansWithValue(text.length), options.textProblem);
    // An edited file keeps its last good version while the new text does not parse (IndexedFile.stable).
    if (previous && previous.skipped !== 'summary' && !skipped) entry.previousGood = previous.goodOrEarlier();
    if (!previous) this.filesCounter++;
    this.entries.set(uri, entry);
    this.changed([uri]);
    return entry;
  }

  /** Puts an entry built elsewhere (a summary, see workspace/summaries.ts) in place of the file's. */
  put(entry: IndexedFile): void {
    if (!this.entries.has(entry.uri)) this.filesCounter++;
    this.entries.set(entry.uri, entry);
    this.changed([entry.uri]);
  }

  /**
   * Sets a file aside (issue #67): its work passed the per-file budget, or failed while another file's
   * checks read it. Its entry becomes a `stopped` one holding its text: no feature reads it, no other
   * file's rule sees it (they skip `skipped` files), and its diagnostics say why, until its text
   * changes (`update` with another text makes a fresh entry). Only the file's latest version (or the
   * last good version other files read while it has a YAML error) is set aside: a version the editor
   * has left behind is not. Every cross-file result is dropped (PerGeneration), as are the models of
   * `underWay`: the stopped code may have left them half written. Returns the entry set aside, if any.
   */
  setAside(file: IndexedFile, why: Omit<SetAside, 'original'>, underWay: readonly IndexedFile[] = []): IndexedFile | undefined {
    for (const entry of underWay) entry.forgetModels();
    dropPerGeneration();
    const current = this.entries.get(file.uri);
    if (!current) return undefined;
    if (current.skipped === 'stopped') {
      // A file set aside for a failure is still checked as it was: its work may pass the budget then.
      const passed = why.reason !== 'error' && current.setAside?.reason === 'error' && (file === current || file === current.setAside.original);
      if (!passed) return current;
    } else if (current !== file && current.skipped !== 'summary' && current.previousGood !== file) return undefined;
    const original = current.skipped === 'summary' || current.skipped === 'stopped' ? undefined : current;
    const entry = new IndexedFile(current.uri, current.text, 'stopped', undefined, false, current.textProblem, { ...why, ...(why.reason === 'error' && original ? { original } : {}) });
    this.entries.set(current.uri, entry);
    this.changed([current.uri]);
    return entry;
  }

  /**
   * A file the families read beside theirs changed on disk (Family.sideFiles: a Compose project's `.env`, a
   * `.dockerignore`): no file's text changed, but what the files reading it say may have. Every file's models and every
   * cross-file result are built again as the next diagnostics ask for them (a rare event: a saved `.env`).
   */
  sideFileChanged(): void {
    this.sideFilesCounter++;
    for (const entry of this.entries.values()) entry.forgetModels();
    this.changed([]);
  }

  remove(uri: string): void {
    if (!this.entries.delete(uri)) return;
    this.filesCounter++;
    this.changed([uri]);
  }

  /**
   * A file as other files see it: its latest version, or while that one has a YAML error, its last
   * good one (IndexedFile.stable).
   */
  get(uri: string): IndexedFile | undefined {
    const entry = this.entries.get(uri);
    return entry?.stable ?? entry;
  }

  /** A file's latest version, even with a YAML error: what its own diagnostics are of. */
  current(uri: string): IndexedFile | undefined {
    return this.entries.get(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every file as other files see it (see `get`). */
  *files(): IterableIterator<IndexedFile> {
    for (const entry of this.entries.values()) yield entry.previousGood ? (entry.stable ?? entry) : entry;
  }

  onDidChange(listener: IndexListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Runs `work` (the first scan of a folder) with its changes announced once, at the end: caches
   * of cross-file results (the Kubernetes graph) made for a request during the scan stay valid
   * until then, instead of being rebuilt over a growing index for every request (a completion
   * 8 s into the scan of 100,000 files took 1.5 s). Requests during the scan see the index as it
   * was when their cache was made.
   */
  async holdChanges<T>(work: () => Promise<T>): Promise<T> {
    this.holding++;
    try {
      return await work();
    } finally {
      if (--this.holding === 0 && this.held.length > 0) {
        const uris = this.held;
        this.held = [];
        this.changed(uris);
      }
    }
  }

  private holding = 0;
  private held: string[] = [];

  private changed(uris: readonly string[]): void {
    if (this.holding > 0) {
      this.held.push(...uris);
      return;
    }
    this.generationCounter++;
    for (const listener of this.listeners) listener(uris);
  }
}
