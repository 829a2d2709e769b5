/**
 * How a family of files offers its custom requests (dashboard models, ADR edits, diagrams, …)
 * without knowing the transport: a family is a function that registers handlers on a
 * `RequestRegistry`; the language server (lsp/server.ts) implements the registry over its
 * connection, and a test can implement it over a map. Compute families get more from it
 * (engines/core/requests.ts); the list of every family is the composition root (families/index.ts). Handlers are pure: they get the workspace
 * through a `RequestContext` and never see the connection, the file system or the process.
 */
import type { RequestType } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';

/** What a request handler may ask the server for. */
export interface RequestContext {
  readonly index: WorkspaceIndex;
  /** Workspace folders, as file system paths. */
  readonly workspaceFolders: readonly string[];
  /** The file as indexed (the editor's text when it is open); undefined when it is unknown or not validated. */
  file(uri: string): IndexedFile | undefined;
  /** The settings of `uri` (default: of the first workspace folder). */
  settings(uri?: string): Promise<ArchipelSettings>;
  /** The diagnostics of `uri`, as the editor shows them. */
  diagnose(uri: string): Promise<Diagnostic[]>;
  /** Resolves once the first scan of the workspace is done: requests about the whole workspace wait for it. */
  workspaceReady(): Promise<void>;
  isCancelled(): boolean;
  /** Aborted when the request is cancelled (a job's signal). */
  readonly signal: AbortSignal;
  /** Throws a RequestRejection naming the path unless `file` resolves (symbolic links followed) inside a workspace folder. */
  assertInWorkspace(file: string, what: string): void;
}

/**
 * The user's mistake (a bad title, an ambiguous folder, a diagram that cannot be made): answered as
 * an InvalidParams error carrying this message; any other error is a bug, logged and answered as
 * an InternalError.
 */
export class RequestRejection extends Error {}

/**
 * A request that could not be done for a reason the user can act on (a job refused in an untrusted
 * workspace, a pipeline that does not load, no model configured): answered as a RequestFailed error
 * carrying this message and `data` (the client reads `data.missingModel`), or as RequestCancelled.
 */
export class RequestFailure extends Error {
  constructor(
    message: string,
    readonly data?: unknown,
    readonly cancelled = false,
  ) {
    super(message);
  }
}

export interface RequestOptions<R> {
  /**
   * Answered instead of an error when the handler fails or the request is cancelled before it ran
   * (the error is logged): dashboards and previews show "nothing" rather than an error box.
   */
  fallback?: R;
}

/** Numbers a family adds to the index status the editor shows once the workspace is scanned. */
export interface IndexSummary {
  objects?: number;
}

export interface RequestRegistry {
  onRequest<P, R>(type: RequestType<P, R, void>, handler: (params: P, context: RequestContext) => R | Promise<R>, options?: RequestOptions<R>): void;
  /** Adds to the status sent when the index is ready (each family's summaries are summed). */
  summarizeIndex(summary: (index: WorkspaceIndex) => IndexSummary): void;
}

/** A family's registration: one per folder that answers custom requests (adr/register.ts, …). */
export type RequestFamily = (registry: RequestRegistry) => void;

/**
 * A request about the whole workspace (a new ADR's number, an index, a diagram): waits for the
 * first scan, then runs with the settings of the URI `scope` names (the first workspace folder's
 * when it names none).
 */
export function onWorkspaceRequest<P, R>(
  registry: RequestRegistry,
  type: RequestType<P, R, void>,
  scope: (params: P) => string | undefined,
  run: (params: P, settings: ArchipelSettings, context: RequestContext) => R | Promise<R>,
): void {
  registry.onRequest(type, async (params, context) => {
    await context.workspaceReady();
    return run(params, await context.settings(scope(params)), context);
  });
}

/**
 * A request for the model of one file (a dashboard's): waits for the first scan (the model may
 * depend on other files: an AMDEC file's owners come from its RACI), answers null for a file that
 * is not indexed or not validated, and null (logged) when the model fails.
 */
export function onFileModelRequest<R>(
  registry: RequestRegistry,
  type: RequestType<{ uri: string }, R | null, void>,
  model: (file: IndexedFile, context: RequestContext) => R | null | Promise<R | null>,
): void {
  registry.onRequest(
    type,
    async ({ uri }, context) => {
      await context.workspaceReady();
      const file = context.file(uri);
      return file ? model(file, context) : null;
    },
    { fallback: null },
  );
}
