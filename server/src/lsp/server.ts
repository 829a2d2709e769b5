/**
 * The language server: transport only. `startServer` wires a connection to a session (session.ts:
 * the documents, the index, the settings, the features), the diagnostic schedule
 * (diagnosticSchedule.ts), the workspace scan (workspaceScan.ts), the editor's language requests
 * (editorRequests.ts) and each family's custom requests through the registry the families fill
 * (features/requests.ts; compute families: engines/core/requests.ts, implemented over LSP in
 * registry.ts). It imports no family: the entry (serverMain.ts) or a test hands it the features
 * and the families in a `ServerRuntime` (families/index.ts), with a connection of its choosing.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DidChangeConfigurationNotification, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult, type ServerCapabilities } from 'vscode-languageserver/node';
import { languageOf, setLanguage } from '../l10n/t';
import { WorkspaceTrust } from './jobs';
import { DiagnosticSchedule } from './diagnosticSchedule';
import { registerDocumentCapabilities, registerEditorRequests, staticDocumentCapabilities } from './editorRequests';
import { connectionRegistry } from './registry';
import { readText } from '../disk/readText';
import { Session, type ServerRuntime } from './session';
import type { WorkspaceIndex } from '../workspace/index';
import { WorkspaceScan } from './workspaceScan';
import { confineProcessReads } from '../disk/readText';
import type { ClientInitializationOptions } from '../protocol/serverProcess';

export type { Checkpoint, ServerRuntime } from './session';

export interface RunningServer {
  /** The workspace index the server keeps (tests look at it). */
  readonly index: WorkspaceIndex;
  /** Stops the server's child processes and timers (the connection's shutdown does it too). */
  dispose(): void;
}

/** What the server offers the editor (pull diagnostics when the client supports them). */
function initializeResult(pullDiagnostics: boolean, documentCapabilities: ServerCapabilities): InitializeResult {
  return {
    capabilities: {
      ...documentCapabilities,
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '.', '/'], resolveProvider: false },
      hoverProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: true,
      definitionProvider: true,
      declarationProvider: true,
      workspaceSymbolProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      documentLinkProvider: { resolveProvider: false },
      signatureHelpProvider: { triggerCharacters: ['(', ','] },
      diagnosticProvider: pullDiagnostics ? { identifier: 'archipel', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
    },
    serverInfo: { name: 'archipel', version: '0.1.0' },
  };
}

/** The client's capabilities, folders and options, into the session; the answer to `initialize`. */
function initialize(session: Session, trust: WorkspaceTrust, params: InitializeParams): InitializeResult {
  // Messages and rule descriptions in the client's language (English unless it is French).
  setLanguage(languageOf(params.locale));
  // The blur process and its lanes inherit the environment: they say why an image failed in it too.
  process.env.ARCHIPEL_LANG = languageOf(params.locale);
  const capabilities = params.capabilities;
  Object.assign(session.abilities, {
    configuration: !!capabilities.workspace?.configuration,
    watcherRegistration: !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    codeLensRefresh: !!capabilities.workspace?.codeLens?.refreshSupport,
    pullDiagnostics: !!capabilities.textDocument?.diagnostic,
    diagnosticRefresh: !!capabilities.workspace?.diagnostics?.refreshSupport,
    formattingRegistration: !!capabilities.textDocument?.formatting?.dynamicRegistration,
    semanticTokensRegistration: !!capabilities.textDocument?.semanticTokens?.dynamicRegistration,
  });
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  session.workspaceFolders = folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  // Side files are read inside the workspace folders from the first request on (session.contextFor keeps it so, with the settings' bound).
  confineProcessReads(session.workspaceFolders);
  const options = params.initializationOptions as { [K in keyof ClientInitializationOptions]?: unknown } | undefined;
  session.workspaceExcludes = Array.isArray(options?.exclude) ? options.exclude.filter((p): p is string => typeof p === 'string') : [];
  // What a check learns of side files is kept only when the client reports their changes (another editor's may not).
  session.index.sideFilesReported = options?.watchesSideFiles === true;
  trust.initialize(params.initializationOptions);
  return initializeResult(session.abilities.pullDiagnostics, staticDocumentCapabilities(session, { formatting: session.abilities.formattingRegistration, semanticTokens: session.abilities.semanticTokensRegistration }));
}

/** The editor's documents: the index follows their text while open, the disk's once closed. */
function followDocuments(session: Session, schedule: DiagnosticSchedule): void {
  const { documents, index } = session;
  /** Opened and not yet changed: TextDocuments fires onDidOpen, then onDidChangeContent for the same text. */
  const justOpened = new Set<string>();
  documents.onDidChangeContent(({ document }) => {
    const opening = justOpened.delete(document.uri);
    if (!session.isIndexed(document.uri, document.getText())) return;
    index.update(document.uri, document.getText());
    schedule.changed(document.uri, opening);
  });
  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    schedule.closedFiles.opened(document.uri);
  });
  documents.onDidClose(({ document }) => {
    session.forgetSettings(document.uri);
    schedule.closed(document.uri);
    // Back to what is on disk (or gone, if the file was never saved).
    if (document.uri.startsWith('file:') && session.isIndexed(document.uri)) {
      readText(fileURLToPath(document.uri)).then(
        ({ text, problem }) => (session.isIndexed(document.uri, text) ? index.update(document.uri, text, { textProblem: problem }) : index.remove(document.uri)),
        () => index.remove(document.uri),
      );
    }
  });
}

/** Starts serving on `connection` (created by the caller: stdio, a socket, streams in a test) and listens. */
export function startServer(connection: Connection, runtime: ServerRuntime): RunningServer {
  const session = new Session(connection, runtime);
  /** Whether the workspace is trusted: jobs that execute workspace content (models, commands) are refused otherwise. */
  const trust = new WorkspaceTrust();
  trust.listen(connection);
  session.trusted = () => trust.trusted;
  const schedule = new DiagnosticSchedule(session);
  const scan = new WorkspaceScan(session, {
    first: () => {
      schedule.refresh(true);
      session.firstWorkDone();
    },
    changed: () => schedule.refreshSoon(),
  });

  connection.onInitialize((params) => initialize(session, trust, params));
  connection.onInitialized(() => {
    if (session.abilities.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'archipel' });
    registerDocumentCapabilities(session, { formatting: session.abilities.formattingRegistration, semanticTokens: session.abilities.semanticTokensRegistration });
    // A client that does not watch the workspace for the server (any editor but VS Code's client, which says watchesSideFiles:
    // Neovim, Helix, Emacs) and lets it register: each workspace folder watched, so that a file written, created or deleted on
    // disk (a `git checkout`, a generator) reaches the index and the diagnostics without a restart (#92). registry.watchFolder
    // asks only a client that allows dynamic registration.
    if (!session.index.sideFilesReported) for (const folder of session.workspaceFolders) registry.watchFolder(folder);
    scan.start();
  });
  connection.onDidChangeConfiguration(() => {
    session.forgetSettings();
    schedule.refresh();
  });
  followDocuments(session, schedule);
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    registry.filesChanged(changes.map((c) => c.uri));
    await scan.filesChanged(changes);
  });
  registerEditorRequests(session);

  /** The families' custom requests, each over the connection (registry.ts): jobs, notifications, file events, shutdown. */
  const registry = connectionRegistry(connection, {
    index: session.index,
    trust,
    workspaceFolders: () => session.workspaceFolders,
    openText: (uri) => session.documents.get(uri)?.getText(),
    file: (uri) => {
      const file = session.fileFor(uri);
      return file && !file.skipped ? file : undefined;
    },
    settingsFor: (uri) => (uri === undefined ? session.workspaceSettings() : session.settingsFor(uri)),
    diagnose: (uri, token) => session.diagnose(uri, token),
    workspaceReady: () => scan.initial,
    canWatchFiles: () => session.abilities.watcherRegistration,
    canRefreshCodeLenses: () => session.abilities.codeLensRefresh,
    bundleDir: runtime.bundleDir,
    summarizeIndex: (summary) => scan.summarizeWith(summary),
    log: (message) => session.log(message),
    logError: (what, error) => session.logError(what, error),
  });
  connection.onShutdown(() => {
    registry.shutdown();
    schedule.closedFiles.dispose();
    session.checkpoint('shutdown');
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
  session.log(`start-up: ${runtime.families.length} request families registered in ${(performance.now() - registering).toFixed(1)} ms (${registrations.join(', ')})`);

  session.documents.listen(connection);
  connection.listen();

  return {
    index: session.index,
    dispose() {
      registry.shutdown();
      schedule.dispose();
    },
  };
}
