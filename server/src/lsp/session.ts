/**
 * What one language server holds between requests: the editor's documents, the workspace index, the
 * settings the client gives, the features (created on first use), and how to diagnose a file.
 * server.ts wires the connection to it; the diagnostic schedule (diagnosticSchedule.ts), the
 * workspace scan (workspaceScan.ts) and the editor's requests (editorRequests.ts) work on it.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocuments, type CancellationToken, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileMatcher } from '../common/fileSelector';
import { confinedPath } from '../disk/containment';
import { confineProcessReads } from '../disk/readText';
import type { Feature, FeatureContext } from '../features/feature';
import type { ComputeFamily } from '../engines/core/requests';
import { withWholeIndexedFile } from '../platform/diskIndex';
import { capDiagnostics, diagnoseFileInTurns, indexOptions } from '../service';
import { preemptiveStopper } from '../platform/stopper';
import { installStopper } from '../workspace/work';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from '../settings';
import { WorkspaceIndex, type IndexedFile } from '../workspace/index';
import { fsPathOf, rootHolding } from '../common/containment';
import { projectConfig, withProjectExcludes } from '../platform/opening';
import { excludedPath, excludeMatcher } from '../platform/scan';

/**
 * Moments at which a loader (serverBin.ts) may save the V8 code cache of the server bundle, so that
 * the next start skips compiling what this one ran: `warm`, a while after the first diagnostics or
 * the first workspace scan (the functions that work needed are compiled by then), and `shutdown`.
 * Listeners must be quick or idle-tolerant.
 */
export type Checkpoint = 'warm' | 'shutdown';

/** What the server is made of besides its connection: composed by the entry (serverMain.ts) or a test. */
export interface ServerRuntime {
  /** The features, in the order their diagnostics are listed; each family loads its data (schemas, parsers) here or later, not at start-up. */
  createFeatures(): Feature[];
  /** The files the workspace index reads (every family's selector, with the user's globs of `settings`). */
  files(settings?: ArchipelSettings): FileMatcher;
  /** The files the families read beside theirs (Family.sideFiles: a Compose project's `.env`): a change of one is a change of what the files reading it say. */
  sideFiles?: FileMatcher;
  /** Every family's custom requests (language families' and compute families'). */
  families: readonly ComputeFamily[];
  /** The folder holding the built worker bundles (blurWorker.js): dist/server. */
  bundleDir: string;
  /** Called at each checkpoint; errors are the listener's own. */
  checkpoint?(moment: Checkpoint): void;
}

/** What the client said it can do (LSP initialize). */
export interface ClientAbilities {
  configuration: boolean;
  watcherRegistration: boolean;
  codeLensRefresh: boolean;
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  /** Formatting and semantic tokens registered for the documents the features format (Feature.formats). */
  formattingRegistration: boolean;
  semanticTokensRegistration: boolean;
}

/** How many times one diagnosis request starts again on the newer text of a file being edited. */
const MAX_REDIAGNOSES = 3;

/** After the first diagnostics or scan: late enough that an editor's burst of first requests is over. */
const WARM_DELAY_MS = 2000;

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly index = new WorkspaceIndex(indexOptions(defaultSettings));
  readonly abilities: ClientAbilities = { configuration: false, watcherRegistration: false, codeLensRefresh: false, pullDiagnostics: false, diagnosticRefresh: false, formattingRegistration: false, semanticTokensRegistration: false };
  /** Workspace folders, as file system paths. */
  workspaceFolders: string[] = [];
  /** Globs the client excludes (its initialization options). */
  workspaceExcludes: string[] = [];
  /** The files the index takes: the first workspace folder's selection once scanned. */
  files: FileMatcher;
  /** Whether the first scan of the workspace folders is done (FeatureContext.indexComplete). */
  indexComplete = false;
  /**
   * Settles when the first scan of the workspace folders is done (or failed): no file's diagnostics
   * go to the editor before, pushed or pulled, since what a file's findings read of the other files
   * (modules, roles, group_vars, a chart's values, the workspace's objects) is not all there yet.
   */
  readonly firstScan: Promise<void>;
  private endFirstScan: () => void = () => undefined;
  /** Whether the workspace is trusted (server.ts hands the client's word: jobs.ts WorkspaceTrust). */
  trusted: () => boolean = () => false;
  private readonly settingsCache = new Map<string, Promise<ArchipelSettings>>();
  /** Each workspace folder's exclude rule as its last listing applied it (readingSettings): a file it leaves out is not read, open or not. */
  private readonly excluded = new Map<string, (relative: string) => boolean>();
  private loadedFeatures: Feature[] | undefined;
  private warmScheduled = false;

  constructor(
    readonly connection: Connection,
    readonly runtime: ServerRuntime,
  ) {
    this.files = runtime.files();
    this.firstScan = new Promise((resolve) => (this.endFirstScan = resolve));
    // A file's work runs where it can be stopped (issue #67): past its budget, whatever it is doing.
    installStopper(preemptiveStopper);
  }

  /** The first scan is over: the index holds the workspace, and diagnostics may go out. */
  firstScanDone(): void {
    this.indexComplete = true;
    this.endFirstScan();
  }

  log(message: string): void {
    this.connection.console.log(`[${new Date().toISOString()}] ${message}`);
  }

  logError(what: string, error: unknown): void {
    this.connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  /** Runs a handler so that a bug in one rule never takes the server down: log, then fall back. */
  async runSafe<T>(what: string, fallback: T, token: CancellationToken | undefined, work: () => T | Promise<T>): Promise<T> {
    if (token?.isCancellationRequested) return fallback;
    try {
      return await work();
    } catch (error) {
      this.logError(what, error);
      return fallback;
    }
  }

  /** Features load their data (schemas) on first use, not at start-up. */
  features(): Feature[] {
    if (!this.loadedFeatures) {
      const started = performance.now();
      this.loadedFeatures = this.runtime.createFeatures();
      // The start-up budget's second line (bench/k8s-diagnostics.bench.mjs prints it).
      this.log(`start-up: the features' data loaded in ${(performance.now() - started).toFixed(1)} ms`);
    }
    return this.loadedFeatures;
  }

  settingsFor(uri: string): Promise<ArchipelSettings> {
    if (!this.abilities.configuration) return Promise.resolve(defaultSettings);
    let settings = this.settingsCache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'archipel' }).then(normalizeSettings, () => defaultSettings);
      this.settingsCache.set(uri, settings);
    }
    return settings;
  }

  /** The settings of the first workspace folder (or the defaults' scope without one). */
  workspaceSettings(): Promise<ArchipelSettings> {
    return this.settingsFor(this.workspaceFolders[0] ? pathToFileURL(this.workspaceFolders[0]).href : '');
  }

  /** Settings changed (all of them), or a document's scope went away (`uri`). */
  forgetSettings(uri?: string): void {
    if (uri === undefined) this.settingsCache.clear();
    else this.settingsCache.delete(uri);
  }

  /**
   * A workspace folder's settings for its listing, read by the CLI's one rule (platform/opening.ts, #92): the client's
   * settings with the project's archipel.yaml `files.exclude` (the nearest at or above the folder, up to its project), and
   * the client's excludes; the folder's exclude rule is kept for the files met later (opened, changed on disk).
   */
  async readingSettings(folder: string): Promise<ArchipelSettings> {
    const config = projectConfig([folder]);
    for (const problem of config.problems) this.log(`archipel.yaml: ${problem}`);
    const own = withProjectExcludes(await this.settingsFor(pathToFileURL(folder).href), config);
    const settings = { ...own, files: { ...own.files, exclude: [...this.workspaceExcludes, ...own.files.exclude] } };
    this.excluded.set(folder, excludeMatcher(settings.files.exclude));
    return settings;
  }

  /** Whether a file is left out by the exclude rule of the workspace folder holding it (as `archipel check` leaves it out of its listing). */
  isExcluded(uri: string): boolean {
    const file = fsPathOf(uri);
    const folder = file === undefined ? undefined : rootHolding(file, [...this.excluded.keys()]);
    const excluded = folder === undefined ? undefined : this.excluded.get(folder);
    if (!excluded || file === undefined || folder === undefined) return false;
    const relative = path.relative(folder, file).split(path.sep).join('/');
    return relative !== '' && excludedPath(excluded, relative);
  }

  /** Whether the index takes this document (`text`: what a sniffing family looks at; without it, a candidate is taken). */
  isIndexed(uri: string, text?: string): boolean {
    if (this.isExcluded(uri)) return false;
    const selection = this.files.match(uri);
    return selection === 'yes' || (selection === 'sniff' && (text === undefined || this.files.claims(uri, text)));
  }

  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  /** The indexed file for a URI: the editor's text when open, else the disk's as indexed. */
  fileFor(uri: string): IndexedFile | undefined {
    const document = this.documents.get(uri);
    return document ? this.index.update(uri, document.getText()) : this.index.current(uri);
  }

  /** `stale`: whether the work asked for is no longer wanted (a new edit of the file: its stale work stops at the next feature). */
  async contextFor(uri: string, token?: CancellationToken, stale?: () => boolean): Promise<FeatureContext> {
    const settings = await this.settingsFor(uri);
    // Side files are read inside the workspace folders only; a file opened without a folder has its own folder.
    const lone = this.workspaceFolders.length === 0 ? fsPathOf(uri) : undefined;
    confineProcessReads(lone ? [path.dirname(lone)] : this.workspaceFolders, settings.validation.maxSideFileKb);
    const isCancelled = () => (token?.isCancellationRequested ?? false) || (stale?.() ?? false);
    return { index: this.index, settings, isCancelled, roots: this.workspaceFolders, indexComplete: this.indexComplete, mayRewrite: (file) => this.mayRewrite(file) };
  }

  /** Whether a rewrite of a file may be offered: in a trusted workspace, and not through a link leading outside it (disk/containment.ts). */
  mayRewrite(uri: string): boolean {
    if (!this.trusted()) return false;
    const file = fsPathOf(uri);
    return file === undefined || !('refused' in confinedPath(file, this.workspaceFolders));
  }

  async diagnose(uri: string, token?: CancellationToken): Promise<Diagnostic[]> {
    // Opened before the first listing knew the folder's excludes, an excluded file may be in the index: it says nothing, as check says nothing of it.
    if (this.isExcluded(uri)) return [];
    const features = this.features();
    let diagnostics: Diagnostic[] = [];
    // A new edit of the file cancels the work on the version it left behind (it stops at the next
    // feature) and the text the editor has now is diagnosed instead, a few times at most while typing goes on.
    for (let attempt = 0; attempt < MAX_REDIAGNOSES; attempt++) {
      const indexed = this.fileFor(uri);
      if (!indexed) return [];
      // The last attempt runs to its end, whatever the editor does meanwhile.
      const stale = () => attempt < MAX_REDIAGNOSES - 1 && this.isOpen(uri) && this.index.current(uri) !== indexed;
      const context = await this.contextFor(uri, token, stale);
      // A closed manifest is a summary in the index: read again whole for its diagnostics, then released.
      if (indexed.skipped === 'summary') return withWholeIndexedFile(this.index, indexed, async (whole) => capDiagnostics(await diagnoseFileInTurns(whole, features, context)));
      // Prepared, then a few features at a time, the other requests answered in between (a slow file holds none of them).
      diagnostics = capDiagnostics(await diagnoseFileInTurns(indexed, features, context));
      if (stale() && !token?.isCancellationRequested) continue;
      this.firstWorkDone();
      break;
    }
    return diagnostics;
  }

  /**
   * Each feature's idle work on the index the first scan made (Feature.warm), one step a turn: a request that comes
   * meanwhile waits one step at most. Without a workspace folder the index knows nothing, and nothing is loaded.
   */
  async warmFeatures(): Promise<void> {
    if (this.workspaceFolders.length === 0 || this.index.size === 0) return;
    const started = performance.now();
    let steps = 0;
    for (const feature of this.features()) {
      if (!feature.warm) continue;
      try {
        for (const _ of feature.warm(this.index)) {
          steps++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (error) {
        this.logError(`the idle work of ${feature.id}`, error);
      }
    }
    if (steps > 0) this.log(`idle: ${steps} step(s) of the features' first work done in ${(performance.now() - started).toFixed(1)} ms`);
  }

  /** The first diagnostics or scan: the `warm` checkpoint follows a while later. */
  firstWorkDone(): void {
    if (this.warmScheduled) return;
    this.warmScheduled = true;
    setTimeout(() => this.checkpoint('warm'), WARM_DELAY_MS).unref();
  }

  checkpoint(moment: Checkpoint): void {
    try {
      this.runtime.checkpoint?.(moment);
    } catch {
      // speed only: a loader's failure to save its cache is not the editor's problem
    }
  }
}
