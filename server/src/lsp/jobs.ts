/**
 * Compute jobs over LSP, for every family: the editor's work-done token as the job's progress
 * ($/progress: begin with a Cancel button, a report per item, end), the request's cancellation as
 * the job's AbortSignal, and the workspace's trust as the editor tells it (registry.ts runs the
 * jobs with them and answers a refused job as an error whose message says why).
 */
import {
  WorkDoneProgress,
  type CancellationToken,
  type Connection,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver/node';
import type { ProgressSink } from '../engines/core/host';
import { progressMessage, progressPercentage } from '../engines/core/job';
import { WorkspaceTrustNotification, type ComputeInitializationOptions, type WorkspaceTrustParams } from '../protocol';

/**
 * Whether the workspace is trusted, as the client says at start (initializationOptions) and when
 * the user grants trust. A client that says nothing gets the safe answer: not trusted.
 */
export class WorkspaceTrust {
  private state = false;

  get trusted(): boolean {
    return this.state;
  }

  /** Reads `workspaceTrusted` from the initialize request's initializationOptions. */
  initialize(options: unknown): void {
    this.state = (options as ComputeInitializationOptions | undefined)?.workspaceTrusted === true;
  }

  listen(connection: Connection): void {
    connection.onNotification(WorkspaceTrustNotification, (params: WorkspaceTrustParams) => {
      this.state = params?.trusted === true;
    });
  }
}

/** One $/progress value on the client's work-done token (nothing when the request has none). */
export function sendWorkDone(connection: Connection, token: string | number | undefined, value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void {
  if (token !== undefined) void connection.sendProgress(WorkDoneProgress.type, token, value);
}

/** A job's progress as $/progress on the client's work-done token. */
export function workDoneProgress(connection: Connection, token: string | number | undefined): ProgressSink {
  const send = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => sendWorkDone(connection, token, value);
  return {
    begin: (title) => send({ kind: 'begin', title, cancellable: true }),
    report: (progress) => send({ kind: 'report', message: progressMessage(progress), percentage: progressPercentage(progress) }),
    percentage: (percentage) => send({ kind: 'report', percentage }),
    end: (message) => send({ kind: 'end', ...(message ? { message } : {}) }),
  };
}

/** The request's cancellation as an AbortSignal (what the job layer takes). */
export function abortSignalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
