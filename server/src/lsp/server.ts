/**
 * The language server: transport only. `startServer` maps LSP requests to the features, debounces
 * and drops stale work, keeps the workspace index fresh from open documents and file events, and
 * answers each family's custom requests through the registry the families fill
 * (features/requests.ts; compute families: engines/core/requests.ts, implemented over LSP in
 * registry.ts). It imports no family: the entry (serverMain.ts) or a test hands it the features
 * and the families in a `ServerRuntime` (families/index.ts), with a connection of its choosing.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type InlayHintParams,
  type Position,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileMatcher } from '../common/fileSelector';
import type { Feature, FeatureContext } from '../features/feature';
import type { ComputeFamily } from '../engines/core/requests';
import type { IndexSummary } from '../features/requests';
import { languageOf, setLanguage } from '../l10n/t';
import { WorkspaceTrust } from './jobs';
import { ClosedFileDiagnostics } from './closedFiles';
import { filePath, filesUnder, isIndexableFolder, isInside } from './folderEvents';
import { connectionRegistry } from './registry';
import { indexFolder, indexFromDisk, withWholeIndexedFile } from '../platform/diskIndex';
import { IndexStatusNotification, type IndexStatus } from '../protocol';
import { capDiagnostics, diagnoseFile, indexOptions, prepareFile } from '../service';
import { readText } from '../disk/readText';
import { fileUri, scanFolderCounted } from '../platform/scan';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from '../settings';
import { WorkspaceIndex, type IndexedFile } from '../workspace/index';

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
  /** Every family's custom requests (language families' and compute families'). */
  families: readonly ComputeFamily[];
  /** The folder holding the built worker bundles (blurWorker.js): dist/server. */
  bundleDir: string;
  /** Called at each checkpoint; errors are the listener's own. */
  checkpoint?(moment: Checkpoint): void;
}

export interface RunningServer {
  /** The workspace index the server keeps (tests look at it). */
  readonly index: WorkspaceIndex;
  /** Stops the server's child processes and timers (the connection's shutdown does it too). */
  dispose(): void;
}

const PUSH_DELAY_MS = 120;
const REFRESH_DELAY_MS = 250;
/** After the first diagnostics or scan: late enough that an editor's burst of first requests is over. */
const WARM_DELAY_MS = 2000;

/** What the server offers the editor (pull diagnostics when the client supports them). */
function initializeResult(pullDiagnostics: boolean): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '.', '/'], resolveProvider: false },
      hoverProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      documentLinkProvider: { resolveProvider: false },
      diagnosticProvider: pullDiagnostics ? { identifier: 'archipel', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
    },
    serverInfo: { name: 'archipel', version: '0.1.0' },
  };
}

/** Starts serving on `connection` (created by the caller: stdio, a socket, streams in a test) and listens. */
export function startServer(connection: Connection, runtime: ServerRuntime): RunningServer {
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const settingsCache = new Map<string, Promise<ArchipelSettings>>();
  const pushTimers = new Map<string, NodeJS.Timeout>();
  const summaries: ((index: WorkspaceIndex) => IndexSummary)[] = [];

  let loadedFeatures: Feature[] | undefined;
  /** Whether the workspace is trusted: jobs that execute workspace content (models, commands) are refused otherwise. */
  const trust = new WorkspaceTrust();
  trust.listen(connection);
  let files: FileMatcher = runtime.files();
  let supportsConfiguration = false;
  let supportsWatcherRegistration = false;
  let supportsCodeLensRefresh = false;
  let supportsPullDiagnostics = false;
  let supportsDiagnosticRefresh = false;
  let workspaceFolders: string[] = [];
  let workspaceExcludes: string[] = [];
  let refreshTimer: NodeJS.Timeout | undefined;
  let warmScheduled = false;
  /** The first scan of the workspace folders; requests about the whole workspace wait for it. */
  let initialScan: Promise<void> = Promise.resolve();

  function log(message: string): void {
    connection.console.log(`[${new Date().toISOString()}] ${message}`);
  }

  function logError(what: string, error: unknown): void {
    connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  /** Runs a handler so that a bug in one rule never takes the server down: log, then fall back. */
  async function runSafe<T>(what: string, fallback: T, token: CancellationToken | undefined, work: () => T | Promise<T>): Promise<T> {
    if (token?.isCancellationRequested) return fallback;
    try {
      return await work();
    } catch (error) {
      logError(what, error);
      return fallback;
    }
  }

  /** Features load their data (schemas) on first use, not at start-up. */
  function features(): Feature[] {
    if (!loadedFeatures) {
      const started = performance.now();
      loadedFeatures = runtime.createFeatures();
      // The start-up budget's second line (bench/k8s-diagnostics.bench.mjs prints it).
      log(`start-up: the features' data loaded in ${(performance.now() - started).toFixed(1)} ms`);
    }
    return loadedFeatures;
  }

  function settingsFor(uri: string): Promise<ArchipelSettings> {
    if (!supportsConfiguration) return Promise.resolve(defaultSettings);
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = connection.workspace.getConfiguration({ scopeUri: uri, section: 'archipel' }).then(normalizeSettings, () => defaultSettings);
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  /** Whether the index takes this document (`text`: what a sniffing family looks at; without it, a candidate is taken). */
  function isIndexed(uri: string, text?: string): boolean {
    const selection = files.match(uri);
    return selection === 'yes' || (selection === 'sniff' && (text === undefined || files.claims(uri, text)));
  }

  /** The indexed file for a URI: the editor's text when open, else the disk's as indexed. */
  function fileFor(uri: string): IndexedFile | undefined {
    const document = documents.get(uri);
    return document ? index.update(uri, document.getText()) : index.get(uri);
  }

  async function contextFor(uri: string, token?: CancellationToken): Promise<FeatureContext> {
    return { index, settings: await settingsFor(uri), isCancelled: () => token?.isCancellationRequested ?? false, roots: workspaceFolders };
  }

  async function diagnose(uri: string, token?: CancellationToken): Promise<Diagnostic[]> {
    const indexed = fileFor(uri);
    if (!indexed) return [];
    const context = await contextFor(uri, token);
    // A closed manifest is a summary in the index: read again whole for its diagnostics, then released.
    if (indexed.skipped === 'summary') return withWholeIndexedFile(index, indexed, async (whole) => {
      await prepareFile(whole, features(), context);
      return capDiagnostics(diagnoseFile(whole, features(), context));
    });
    const file = indexed;
    await prepareFile(file, features(), context);
    // The text may have changed while a parser worked: diagnose what the editor has now.
    const current = fileFor(uri) ?? file;
    if (current !== file) await prepareFile(current, features(), context);
    const diagnostics = capDiagnostics(diagnoseFile(current, features(), context));
    firstWorkDone();
    return diagnostics;
  }

  function firstWorkDone(): void {
    if (warmScheduled) return;
    warmScheduled = true;
    setTimeout(() => checkpoint('warm'), WARM_DELAY_MS).unref();
  }

  function checkpoint(moment: Checkpoint): void {
    try {
      runtime.checkpoint?.(moment);
    } catch {
      // speed only: a loader's failure to save its cache is not the editor's problem
    }
  }

  /** Collects one kind of answer from every feature that offers it, each feature guarded on its own. */
  function handle<P extends { textDocument: { uri: string } }, T>(
    what: string,
    run: (feature: Feature, file: IndexedFile, context: FeatureContext, params: P) => T[] | T | undefined,
  ) {
    return (params: P, token: CancellationToken): Promise<T[]> =>
      runSafe(what, [] as T[], token, async () => {
        const file = fileFor(params.textDocument.uri);
        if (!file || file.skipped) return [];
        const context = await contextFor(params.textDocument.uri, token);
        const results: T[] = [];
        for (const feature of features()) {
          if (token.isCancellationRequested) break;
          try {
            const answer = run(feature, file, context, params);
            if (Array.isArray(answer)) results.push(...answer);
            else if (answer !== undefined) results.push(answer);
          } catch (error) {
            logError(`${what} (${feature.id})`, error);
          }
        }
        return results;
      });
  }

  connection.onInitialize((params): InitializeResult => {
    // Messages and rule descriptions in the client's language (English unless it is French).
    setLanguage(languageOf(params.locale));
    // The blur process and its lanes inherit the environment: they say why an image failed in it too.
    process.env.ARCHIPEL_LANG = languageOf(params.locale);
    const capabilities = params.capabilities;
    supportsConfiguration = !!capabilities.workspace?.configuration;
    supportsWatcherRegistration = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    supportsCodeLensRefresh = !!capabilities.workspace?.codeLens?.refreshSupport;
    supportsPullDiagnostics = !!capabilities.textDocument?.diagnostic;
    supportsDiagnosticRefresh = !!capabilities.workspace?.diagnostics?.refreshSupport;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    const options = params.initializationOptions as { exclude?: unknown } | undefined;
    workspaceExcludes = Array.isArray(options?.exclude) ? options.exclude.filter((p): p is string => typeof p === 'string') : [];
    trust.initialize(params.initializationOptions);
    return initializeResult(supportsPullDiagnostics);
  });

  connection.onInitialized(() => {
    if (supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'archipel' });
    initialScan = scanWorkspace();
  });

  /** Files past archipel.files.maxFiles at the last scan, said in the status bar and the log. */
  let leftOut = 0;

  async function scanWorkspace(): Promise<void> {
    const started = Date.now();
    leftOut = 0;
    sendStatus('scanning', 0);
    // The features' data loads while the folders are listed (the first diagnostics follow the scan).
    features();
    for (const [i, folder] of workspaceFolders.entries()) {
      const settings = await settingsFor(pathToFileURL(folder).href);
      const folderFiles = runtime.files(settings);
      if (i === 0) files = folderFiles;
      const { leftOut: past } = await indexFolder(index, folder, { exclude: [...workspaceExcludes, ...settings.files.exclude], files: folderFiles, maxFiles: settings.files.maxFiles, maxBytes: indexOptions(defaultSettings).maxBytes, isOpen: (uri) => documents.get(uri) !== undefined, log });
      if (past > 0) log(`index limit reached in ${folder}: ${past} file(s) left out (archipel.files.maxFiles is ${settings.files.maxFiles})`);
      leftOut += past;
    }
    const scanMs = Date.now() - started;
    log(`indexed ${index.size} files in ${scanMs} ms${leftOut > 0 ? `; ${leftOut} file(s) left out by archipel.files.maxFiles` : ''}`);
    lastScanMs = scanMs;
    sendStatus('ready', scanMs);
    refreshDiagnostics();
    firstWorkDone();
  }

  /** How long the first scan took; undefined while it runs (file events then wait for its own status). */
  let lastScanMs: number | undefined;

  function sendStatus(state: IndexStatus['state'], scanMs: number): void {
    let objects = 0;
    if (state === 'ready') {
      for (const summarize of summaries) {
        try {
          objects += summarize(index).objects ?? 0;
        } catch (error) {
          logError('index summary', error);
        }
      }
    }
    const status: IndexStatus = { state, files: index.size, objects, scanMs: state === 'ready' ? scanMs : undefined, leftOut: leftOut > 0 ? leftOut : undefined };
    void connection.sendNotification(IndexStatusNotification, status);
  }

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    refreshDiagnostics();
  });

  /** Problems for the whole workspace: files no editor shows get their diagnostics pushed (closedFiles.ts). */
  const closedFiles = new ClosedFileDiagnostics({
    files: () => [...index.files()].map((f) => f.uri),
    isOpen: (uri) => documents.get(uri) !== undefined,
    diagnose: (uri) => runSafe('diagnostics', [] as Diagnostic[], undefined, () => diagnose(uri)),
    send: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    enabled: async () => (await settingsFor(workspaceFolders[0] ? pathToFileURL(workspaceFolders[0]).href : '')).validation.scope === 'workspace',
  });

  /** Fresh diagnostics for every open document (and the closed ones) after something they may depend on changed. */
  function refreshDiagnostics(): void {
    closedFiles.schedule();
    if (supportsPullDiagnostics) {
      if (supportsDiagnosticRefresh) void connection.sendRequest(DiagnosticRefreshRequest.type);
    } else {
      for (const document of documents.all()) schedulePush(document.uri);
    }
  }

  /** Cross-file rules: a change in one file can change another's diagnostics; batch those refreshes. */
  function scheduleRefresh(): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refreshDiagnostics, REFRESH_DELAY_MS);
  }

  /** `delayMs` 0 for a just-opened document: its first diagnostics go out as soon as computed; edits are debounced. */
  function schedulePush(uri: string, delayMs = PUSH_DELAY_MS): void {
    if (supportsPullDiagnostics) return;
    clearTimeout(pushTimers.get(uri));
    pushTimers.set(
      uri,
      setTimeout(() => {
        pushTimers.delete(uri);
        const version = documents.get(uri)?.version;
        void runSafe('diagnostics', [] as Diagnostic[], undefined, () => diagnose(uri)).then((diagnostics) => {
          // Drop results computed for a version the editor has already left behind.
          if (documents.get(uri)?.version !== version) return;
          void connection.sendDiagnostics({ uri, version, diagnostics });
        });
      }, delayMs),
    );
  }

  connection.languages.diagnostics.on(async (params, token) => {
    const items = await runSafe('diagnostics', [] as Diagnostic[], token, () => diagnose(params.textDocument.uri, token));
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  /** Opened and not yet changed: TextDocuments fires onDidOpen, then onDidChangeContent for the same text. */
  const justOpened = new Set<string>();
  documents.onDidChangeContent(({ document }) => {
    const opening = justOpened.delete(document.uri);
    if (!isIndexed(document.uri, document.getText())) return;
    index.update(document.uri, document.getText());
    schedulePush(document.uri, opening ? 0 : PUSH_DELAY_MS);
    if (documents.all().length > 1) scheduleRefresh();
    else closedFiles.schedule();
  });

  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    closedFiles.opened(document.uri);
  });

  documents.onDidClose(({ document }) => {
    clearTimeout(pushTimers.get(document.uri));
    pushTimers.delete(document.uri);
    settingsCache.delete(document.uri);
    if (!supportsPullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    // Closed, it is listed again with the rest of the workspace.
    closedFiles.schedule();
    // Back to what is on disk (or gone, if the file was never saved).
    if (document.uri.startsWith('file:') && isIndexed(document.uri)) {
      readText(fileURLToPath(document.uri)).then(
        ({ text, problem }) => (isIndexed(document.uri, text) ? index.update(document.uri, text, { textProblem: problem }) : index.remove(document.uri)),
        () => index.remove(document.uri),
      );
    }
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    registry.filesChanged(changes.map((c) => c.uri));
    /** Paths deleted that were no indexed file: folders, perhaps (folderEvents.ts). */
    const goneFolders: string[] = [];
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      if (change.type === FileChangeType.Deleted && !index.get(change.uri)) {
        const gone = filePath(change.uri);
        if (gone) goneFolders.push(gone);
        continue;
      }
      if (!isIndexed(change.uri)) {
        // A path no selector takes, created: a folder whose files are to be read (a rename's new name, a checkout).
        const created = change.type === FileChangeType.Created ? filePath(change.uri) : undefined;
        if (created && (await isIndexableFolder(created, workspaceFolders))) newFolders.add(created);
        continue;
      }
      if (documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        index.remove(change.uri);
        continue;
      }
      try {
        const { text, problem } = await readText(fileURLToPath(change.uri));
        if (isIndexed(change.uri, text)) indexFromDisk(index, change.uri, text, problem);
        else index.remove(change.uri);
      } catch {
        index.remove(change.uri);
      }
    }
    // A folder deleted, moved away or renamed: every file indexed under it goes (open ones stay: the editor has their text).
    for (const uri of filesUnder(goneFolders, [...index.files()].map((f) => f.uri))) if (!documents.get(uri)) index.remove(uri);
    if (newFolders.size > 0) await indexNewFolders();
    // The file count changed (the status bar shows it).
    if (lastScanMs !== undefined) sendStatus('ready', lastScanMs);
    scheduleRefresh();
  });

  /** Folders created (or renamed to) since the last look; their files are read by indexNewFolders. */
  const newFolders = new Set<string>();
  let folderScan: Promise<void> = Promise.resolve();

  /**
   * Reads the files of the folders created: the workspace folder holding them is listed as the
   * first scan lists it (its excludes, .gitignore files and selectors apply to paths relative to it),
   * and the files under a new folder are indexed. One listing at a time, for every folder created meanwhile.
   */
  function indexNewFolders(): Promise<void> {
    folderScan = folderScan.then(async () => {
      const folders = [...newFolders];
      newFolders.clear();
      if (folders.length === 0) return;
      for (const root of workspaceFolders) {
        const inRoot = folders.filter((folder) => isInside(folder, root));
        if (inRoot.length === 0) continue;
        const settings = await settingsFor(pathToFileURL(root).href);
        const { files: listed } = await scanFolderCounted(root, { exclude: [...workspaceExcludes, ...settings.files.exclude], files: runtime.files(settings), maxFiles: settings.files.maxFiles });
        for (const file of listed) {
          if (!inRoot.some((folder) => isInside(file, folder))) continue;
          const uri = fileUri(file);
          if (documents.get(uri)) continue;
          try {
            const { text, problem } = await readText(file);
            indexFromDisk(index, uri, text, problem);
          } catch (error) {
            log(`cannot index ${file}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
    }).catch((error: unknown) => logError('indexing a new folder', error));
    return folderScan;
  }

  type PositionParams = { textDocument: { uri: string }; position: Position };
  const at = (file: IndexedFile, params: PositionParams) => file.lines.offsetAt(params.position);

  connection.onCompletion(handle('completion', (f, file, context, params: PositionParams) => f.completion?.(file, at(file, params), context)));
  connection.onHover(async (params, token) => {
    const hovers = await handle('hover', (f, file, context, p: PositionParams) => f.hover?.(file, at(file, p), context))(params, token);
    return hovers[0] ?? null;
  });
  connection.onDocumentSymbol(handle('documentSymbol', (f, file, context) => f.documentSymbols?.(file, context)));
  connection.onCodeAction(handle('codeAction', (f, file, context, params: CodeActionParams) => f.codeActions?.(file, params.range, params.context.diagnostics, context)));
  connection.onDefinition(handle('definition', (f, file, context, params: PositionParams) => f.definition?.(file, at(file, params), context)));
  connection.onReferences(handle('references', (f, file, context, params: PositionParams) => f.references?.(file, at(file, params), context)));
  connection.onPrepareRename(async (params, token) => {
    const found = await handle('prepareRename', (f, file, context, p: PositionParams) => f.prepareRename?.(file, at(file, p), context))(params, token);
    return found[0] ?? null;
  });
  connection.onRenameRequest(async (params, token) => {
    const edits = await handle('rename', (f, file, context, p: PositionParams & { newName: string }) => f.rename?.(file, at(file, p), p.newName, context))(params, token);
    if (edits.length === 0) return null;
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of edits) for (const [uri, list] of Object.entries(edit.changes ?? {})) (changes[uri] ??= []).push(...list);
    return { changes };
  });
  connection.onCodeLens(handle('codeLens', (f, file, context) => f.codeLenses?.(file, context)));
  connection.languages.inlayHint.on(handle('inlayHint', (f, file, context, params: InlayHintParams) => f.inlayHints?.(file, params.range, context)));
  connection.onDocumentLinks(handle('documentLink', (f, file, context) => f.documentLinks?.(file, context)));

  /** The families' custom requests, each over the connection (registry.ts): jobs, notifications, file events, shutdown. */
  const registry = connectionRegistry(connection, {
    index,
    trust,
    workspaceFolders: () => workspaceFolders,
    openText: (uri) => documents.get(uri)?.getText(),
    file: (uri) => {
      const file = fileFor(uri);
      return file && !file.skipped ? file : undefined;
    },
    settingsFor: (uri) => settingsFor(uri ?? (workspaceFolders[0] ? pathToFileURL(workspaceFolders[0]).href : '')),
    diagnose,
    workspaceReady: () => initialScan,
    canWatchFiles: () => supportsWatcherRegistration,
    canRefreshCodeLenses: () => supportsCodeLensRefresh,
    bundleDir: runtime.bundleDir,
    summarizeIndex: (summary) => summaries.push(summary),
    log,
    logError,
  });
  connection.onShutdown(() => {
    registry.shutdown();
    closedFiles.dispose();
    checkpoint('shutdown');
  });

  // Each family's registration is timed: what start-up costs per family is printed by the bench
  // (bench/k8s-diagnostics.bench.mjs), so that a family that starts doing work here shows.
  const registrations: string[] = [];
  const registering = performance.now();
  for (const register of runtime.families) {
    const started = performance.now();
    register(registry);
    registrations.push(`${register.name || 'family'} ${(performance.now() - started).toFixed(2)}`);
  }
  log(`start-up: ${runtime.families.length} request families registered in ${(performance.now() - registering).toFixed(1)} ms (${registrations.join(', ')})`);

  documents.listen(connection);
  connection.listen();

  return {
    index,
    dispose() {
      registry.shutdown();
      clearTimeout(refreshTimer);
      for (const timer of pushTimers.values()) clearTimeout(timer);
      pushTimers.clear();
    },
  };
}
