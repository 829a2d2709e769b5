/**
 * Custom LSP methods and their wire types, declared once and imported by the server, the client
 * and the webviews. Plain types only: no runtime dependency on either side's library.
 */

/** Server → client notification: the workspace index state, shown in the status bar. */
export const IndexStatusNotification = 'archipel/indexStatus';

export interface IndexStatus {
  state: 'scanning' | 'ready';
  files: number;
  objects: number;
  /** Milliseconds the last full scan took. */
  scanMs?: number;
}

export * from './raci';
export * from './amdec';
export * from './adr';
export * from './workflows';
