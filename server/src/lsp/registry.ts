/**
 * The families' request registry over an LSP connection (features/requests.ts, and for compute
 * families engines/core/requests.ts): each family's handler guarded (the user's mistakes come back
 * as an error carrying their message, bugs are logged too), jobs with the host's trust, `$/progress`
 * and cancellation (jobs.ts), notifications, file events, watchers and shutdown. The server
 * (server.ts) hands it what it knows; it knows no family.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type RequestHandler,
  type RequestType,
} from 'vscode-languageserver/node';
import { runJobRequest, UntrustedWorkspaceError } from '../engines/core/host';
import type { ComputeRegistry } from '../engines/core/requests';
import { RequestFailure, RequestRejection, type IndexSummary, type RequestContext, type RequestOptions } from '../features/requests';
import { assertWithin } from '../disk/containment';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { abortSignalOf, workDoneProgress, type WorkspaceTrust } from './jobs';

/** What the server gives the registry. */
export interface RegistryHost {
  index: WorkspaceIndex;
  trust: WorkspaceTrust;
  workspaceFolders(): readonly string[];
  openText(uri: string): string | undefined;
  /** The file as indexed, undefined when unknown or not validated. */
  file(uri: string): IndexedFile | undefined;
  /** The settings of `uri` (default: of the first workspace folder). */
  settingsFor(uri?: string): Promise<ArchipelSettings>;
  diagnose(uri: string, token?: CancellationToken): Promise<Diagnostic[]>;
  workspaceReady(): Promise<void>;
  canWatchFiles(): boolean;
  canRefreshCodeLenses(): boolean;
  bundleDir: string;
  summarizeIndex(summary: (index: WorkspaceIndex) => IndexSummary): void;
  log(message: string): void;
  logError(what: string, error: unknown): void;
}

export interface ConnectionRegistry extends ComputeRegistry {
  /** The editor's file events, to the families that listen. */
  filesChanged(uris: readonly string[]): void;
  /** Runs every family's shutdown, once. */
  shutdown(): void;
}

/** A handler's error as the request's answer: a family's failure or rejection as an error with its message, a bug as an InternalError (logged). */
function answerError(method: string, error: unknown, logError: RegistryHost['logError']): ResponseError<unknown> {
  if (error instanceof ResponseError) return error as ResponseError<unknown>;
  if (error instanceof RequestRejection) return new ResponseError(ErrorCodes.InvalidParams, error.message);
  if (error instanceof RequestFailure) return new ResponseError(error.cancelled ? LSPErrorCodes.RequestCancelled : LSPErrorCodes.RequestFailed, error.message, error.data);
  if (error instanceof UntrustedWorkspaceError) return new ResponseError(LSPErrorCodes.RequestFailed, error.message);
  logError(method, error);
  return new ResponseError(ErrorCodes.InternalError, `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
}

export function connectionRegistry(connection: Connection, host: RegistryHost): ConnectionRegistry {
  const fileListeners: ((uris: readonly string[]) => void)[] = [];
  const disposers: (() => void)[] = [];
  const watched = new Set<string>();
  let shutDown = false;
  const shutdown = () => {
    if (shutDown) return;
    shutDown = true;
    process.off('exit', shutdown);
    for (const dispose of disposers) {
      try {
        dispose();
      } catch (error) {
        host.logError('shutdown', error);
      }
    }
  };
  // A family's worker must not outlive the process when it ends without a shutdown request.
  process.on('exit', shutdown);

  function requestContext(token: CancellationToken): RequestContext {
    let signal: AbortSignal | undefined;
    return {
      index: host.index,
      workspaceFolders: host.workspaceFolders(),
      file: (uri) => host.file(uri),
      settings: (uri) => host.settingsFor(uri),
      diagnose: (uri) => host.diagnose(uri, token),
      workspaceReady: () => host.workspaceReady(),
      isCancelled: () => token.isCancellationRequested,
      get signal() {
        return (signal ??= abortSignalOf(token));
      },
      assertInWorkspace: (file, what) => {
        try {
          assertWithin(file, host.workspaceFolders(), what);
        } catch (error) {
          throw new RequestRejection(error instanceof Error ? error.message : String(error));
        }
      },
    };
  }

  return {
    index: host.index,
    workspaceFolders: () => host.workspaceFolders(),
    openText: (uri) => host.openText(uri),
    settingsFor: (uri) => host.settingsFor(uri),
    workerScript: (name) => path.join(host.bundleDir, name),
    onRequest<P, R>(type: RequestType<P, R, void>, handler: (params: P, context: RequestContext) => R | Promise<R>, options?: RequestOptions<R>) {
      const answer = async (params: P, token: CancellationToken): Promise<R | ResponseError<unknown>> => {
        if (options && 'fallback' in options && token.isCancellationRequested) return options.fallback as R;
        try {
          return await handler(params, requestContext(token));
        } catch (error) {
          if (options && 'fallback' in options) {
            host.logError(type.method, error);
            return options.fallback as R;
          }
          return answerError(type.method, error, (what, cause) => host.logError(what, cause));
        }
      };
      // The library's handler type makes a null result optional (a conditional type TypeScript cannot resolve for a generic R).
      connection.onRequest(type, answer as RequestHandler<P, R, void>);
    },
    summarizeIndex: (summary) => host.summarizeIndex(summary),
    runJob: (spec, params, runner, context, onEvent) =>
      runJobRequest(spec, params, { trusted: host.trust.trusted, worker: runner, progress: workDoneProgress(connection, params.workDoneToken), signal: context.signal, onEvent }),
    progress: (token) => workDoneProgress(connection, token),
    notify: (type, params) => void connection.sendNotification(type.method, params),
    onFilesChanged: (listener) => fileListeners.push(listener),
    watchFolder(folder) {
      if (watched.has(folder) || !host.canWatchFiles()) return;
      watched.add(folder);
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: { baseUri: pathToFileURL(folder).href, pattern: '**/*' } }] })
        .catch((error: unknown) => host.log(`watching ${folder}: ${String(error)}`));
    },
    refreshCodeLenses() {
      if (host.canRefreshCodeLenses()) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
    onShutdown: (dispose) => disposers.push(dispose),
    log: (message) => host.log(message),
    filesChanged(uris) {
      for (const listener of fileListeners) listener(uris);
    },
    shutdown,
  };
}
