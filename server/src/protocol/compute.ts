/**
 * The compute side's shared declarations: workspace trust (the server refuses jobs that execute
 * workspace content when the workspace is not trusted), the download of the default face model,
 * and the summary of a job the client shows as it is. Values without method objects (the engines
 * and the CLI import them) are in blurValues.ts.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/**
 * Client → server notification: the workspace's trust changed (VS Code grants trust during a
 * session; revoking it reloads the window). The state at start goes in `initializationOptions`
 * as `{ workspaceTrusted: boolean }`; a client that sends neither is treated as untrusted.
 */
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('archipel/workspaceTrust');

export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** The initialization options the compute side reads. */
export interface ComputeInitializationOptions {
  workspaceTrusted?: boolean;
}

/**
 * Client → server request: download the default face model into `folder` (the extension's global
 * storage), verified by its SHA-256; nothing is kept when the check fails. Progress goes to
 * `workDoneToken`. Answers the model's path and whether it was already there.
 */
export const DownloadFaceModelRequest = new RequestType<DownloadFaceModelParams, DownloadFaceModelResult, void>('archipel/downloadFaceModel');

export interface DownloadFaceModelParams {
  /** Absolute path of the folder the model goes to. */
  folder: string;
  workDoneToken?: string | number;
}

export interface DownloadFaceModelResult {
  /** Absolute path of the model file. */
  file: string;
  outcome: 'downloaded' | 'already';
}

/** What a job did, as the editor shows it: one line for a notification, one per item for the output channel. */
export interface JobSummary {
  message: string;
  /** One line per item; failures read `<file>: failed: <reason>`. */
  details: string[];
  failed: number;
}
