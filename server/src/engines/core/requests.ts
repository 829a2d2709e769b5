/**
 * What a compute family's requests get from the server, without knowing the transport: the request
 * registry of every family (features/requests.ts) plus running a job with the trust, progress,
 * cancellation and errors of the host, notifications, file changes and shutdown. The language
 * server (lsp/server.ts) implements it over its connection; the composition root
 * (families/index.ts) lists the families that register on it.
 */
import type { NotificationType } from 'vscode-languageserver-protocol';
import type { RequestContext, RequestRegistry } from '../../features/requests';
import type { ArchipelSettings } from '../../settings';
import type { WorkspaceIndex } from '../../workspace/index';
import type { ItemResult } from './job';
import type { JobOutcome, JobRunner, JobSpec, ProgressSink } from './host';

export interface ComputeRegistry extends RequestRegistry {
  /** The workspace index (a family's plan reads archipel.yaml from it). */
  readonly index: WorkspaceIndex;
  /** Workspace folders, as file system paths (outputs are written inside them). */
  workspaceFolders(): readonly string[];
  /** The settings of `uri` (default: of the first workspace folder). */
  settingsFor(uri?: string): Promise<ArchipelSettings>;
  /** The editor's text of an open document, else undefined (then the file on disk is read). */
  openText(uri: string): string | undefined;
  /** A worker script bundled next to the server (dist/server/<name>). */
  workerScript(name: string): string;
  /**
   * Plans and runs a job for a request: refused when the workspace is not trusted and the job
   * executes workspace content (answered as a failure saying why), progress on the request's
   * work-done token, cancelled with the request; `onEvent` gets the events its items emit.
   */
  runJob<Params extends { workDoneToken?: string | number }, Item, Result extends ItemResult>(
    spec: JobSpec<Params, Item, Result>,
    params: Params,
    runner: JobRunner,
    context: RequestContext,
    onEvent?: (event: unknown) => void,
  ): Promise<JobOutcome<Result>>;
  /** Progress on a request's work-done token (nothing when it has none). */
  progress(workDoneToken: string | number | undefined): ProgressSink;
  notify<P>(type: NotificationType<P>, params: P): void;
  /** Files changed on disk (the editor's file events), as URIs. */
  onFilesChanged(listener: (uris: readonly string[]) => void): void;
  /** Asks the editor for the file events of everything under `folder` (when it lets the server register watchers). */
  watchFolder(folder: string): void;
  /** What the code lenses show changed: the editor asks for them again. */
  refreshCodeLenses(): void;
  /** Called once at shutdown, or when the process exits first (ends a family's worker). */
  onShutdown(dispose: () => void): void;
  log(message: string): void;
}

/** A compute family's registration (engines/blur/register.ts, …); a language family's (RequestFamily) registers on it too. */
export type ComputeFamily = (registry: ComputeRegistry) => void;
