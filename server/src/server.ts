/**
 * The language server: transport only. It maps LSP requests to the pure services, debounces and
 * drops stale work, and keeps the workspace index fresh from open documents and file events.
 */
import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CompletionItem,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { kubernetesCompletion } from './kubernetes/completion';
import type { KubernetesValidator } from './kubernetes/validate';
import { loadKubernetesValidator } from './node/resources';
import { scanFolder } from './node/scan';
import { IndexStatusNotification, type IndexStatus } from './protocol';
import { diagnoseIndexedFile, indexOptions } from './service';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from './settings';
import { WorkspaceIndex } from './workspace/index';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex(indexOptions(defaultSettings));
const settingsCache = new Map<string, Promise<ArchipelSettings>>();
const pushTimers = new Map<string, NodeJS.Timeout>();
const PUSH_DELAY_MS = 120;

let kubernetes: KubernetesValidator | undefined;
let supportsConfiguration = false;
let supportsPullDiagnostics = false;
let supportsDiagnosticRefresh = false;
let workspaceFolders: string[] = [];
let workspaceExcludes: string[] = [];

function log(message: string): void {
  connection.console.log(`[${new Date().toISOString()}] ${message}`);
}

/** Runs a handler so that a bug in one rule never takes the server down: log, then fall back. */
async function runSafe<T>(what: string, fallback: T, token: CancellationToken | undefined, work: () => T | Promise<T>): Promise<T> {
  if (token?.isCancellationRequested) return fallback;
  try {
    return await work();
  } catch (error) {
    connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

function validator(): KubernetesValidator {
  kubernetes ??= loadKubernetesValidator();
  return kubernetes;
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

async function diagnose(uri: string, token?: CancellationToken): Promise<Diagnostic[]> {
  const document = documents.get(uri);
  const entry = document ? index.update(uri, document.getText()) : index.get(uri);
  if (!entry) return [];
  const settings = await settingsFor(uri);
  return diagnoseIndexedFile(entry, { kubernetes: validator(), settings, isCancelled: () => token?.isCancellationRequested ?? false });
}

function isYaml(uri: string, languageId?: string): boolean {
  return languageId === 'yaml' || /\.ya?ml$/i.test(uri);
}

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  supportsConfiguration = !!capabilities.workspace?.configuration;
  supportsPullDiagnostics = !!capabilities.textDocument?.diagnostic;
  supportsDiagnosticRefresh = !!capabilities.workspace?.diagnostics?.refreshSupport;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  const options = params.initializationOptions as { exclude?: unknown } | undefined;
  workspaceExcludes = Array.isArray(options?.exclude) ? options.exclude.filter((p): p is string => typeof p === 'string') : [];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false },
      diagnosticProvider: supportsPullDiagnostics ? { identifier: 'archipel', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
    },
    serverInfo: { name: 'archipel', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (supportsConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'archipel' });
  void scanWorkspace();
});

async function scanWorkspace(): Promise<void> {
  const started = Date.now();
  sendStatus('scanning', 0);
  for (const folder of workspaceFolders) {
    const settings = await settingsFor(pathToFileURL(folder).href);
    const files = await scanFolder(folder, { exclude: [...workspaceExcludes, ...settings.files.exclude] });
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      if (documents.get(uri)) continue; // the editor's text wins over the disk
      try {
        index.update(uri, await fs.readFile(file, 'utf8'));
      } catch (error) {
        log(`cannot index ${file}: ${String(error)}`);
      }
    }
  }
  const scanMs = Date.now() - started;
  log(`indexed ${index.size} files in ${scanMs} ms`);
  sendStatus('ready', scanMs);
}

function sendStatus(state: IndexStatus['state'], scanMs: number): void {
  let objects = 0;
  for (const entry of index.files()) objects += entry.objects.length;
  const status: IndexStatus = { state, files: index.size, objects, scanMs: state === 'ready' ? scanMs : undefined };
  void connection.sendNotification(IndexStatusNotification, status);
}

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  refreshDiagnostics();
});

/** Asks for fresh diagnostics of every open document after something they depend on changed. */
function refreshDiagnostics(): void {
  if (supportsPullDiagnostics) {
    if (supportsDiagnosticRefresh) void connection.sendRequest(DiagnosticRefreshRequest.type);
  } else {
    for (const document of documents.all()) schedulePush(document.uri);
  }
}

function schedulePush(uri: string): void {
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
    }, PUSH_DELAY_MS),
  );
}

connection.languages.diagnostics.on(async (params, token) => {
  const items = await runSafe('diagnostics', [] as Diagnostic[], token, () => diagnose(params.textDocument.uri, token));
  return { kind: DocumentDiagnosticReportKind.Full, items };
});

documents.onDidChangeContent(({ document }) => {
  if (!isYaml(document.uri, document.languageId)) return;
  index.update(document.uri, document.getText());
  schedulePush(document.uri);
});

documents.onDidClose(({ document }) => {
  clearTimeout(pushTimers.get(document.uri));
  pushTimers.delete(document.uri);
  settingsCache.delete(document.uri);
  if (!supportsPullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  // Back to what is on disk (or gone, if the file was never saved).
  if (document.uri.startsWith('file:')) {
    fs.readFile(fileURLToPath(document.uri), 'utf8').then(
      (text) => index.update(document.uri, text),
      () => index.remove(document.uri),
    );
  }
});

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  for (const change of changes) {
    if (!isYaml(change.uri) || documents.get(change.uri) || !change.uri.startsWith('file:')) continue;
    if (change.type === FileChangeType.Deleted) {
      index.remove(change.uri);
      continue;
    }
    try {
      index.update(change.uri, await fs.readFile(fileURLToPath(change.uri), 'utf8'));
    } catch {
      index.remove(change.uri);
    }
  }
  refreshDiagnostics();
});

connection.onCompletion((params, token) =>
  runSafe('completion', [] as CompletionItem[], token, () => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const entry = index.update(document.uri, document.getText());
    if (!entry.yaml) return [];
    return kubernetesCompletion(entry.yaml, document.offsetAt(params.position), validator().engine);
  }),
);

// A stray exception must not end the process: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
