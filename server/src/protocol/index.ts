/**
 * Custom LSP methods and their wire types, declared once as typed `RequestType`/`NotificationType`
 * (vscode-eslint's shared-protocol style) and imported by the server, the client and the tests:
 * a call site names the method object and gets its parameter and result types from it.
 * Webview pages import types only from here (`import type`): the method objects come from
 * vscode-languageserver-protocol, which a page bundle must not carry. Values a page needs
 * live in files without method objects (diagramStyle.ts).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Server → client notification: the workspace index state, shown in the status bar. */
export const IndexStatusNotification = new NotificationType<IndexStatus>('archipel/indexStatus');

export interface IndexStatus {
  state: 'scanning' | 'ready';
  files: number;
  objects: number;
  /** Milliseconds the last full scan took. */
  scanMs?: number;
  /** Files past archipel.files.maxFiles, left out of the index (absent when none). */
  leftOut?: number;
}

/**
 * Client → server request: detect or blur faces and licence plates in images. The work runs in a
 * separate process; the server stays responsive. Progress goes to `workDoneToken` ($/progress);
 * cancelling the request stops after the images in flight and answers with what was done.
 */
export const BlurRequest = new RequestType<BlurParams, BlurResponse, void>('archipel/blur');

export interface BlurParams {
  /** file: URIs of images and folders (searched recursively). */
  uris: string[];
  mode: 'detect' | 'blur';
  /** `model` (default): run the detectors; `sidecar`: blur exactly the regions of `<name>.detections.json` (Apply). */
  source?: 'model' | 'sidecar';
  /** Write `<name>.detections.json` (default: for detect). */
  writeSidecar?: boolean;
  /**
   * Absolute folder for the sidecar instead of beside the image: the preview panel's cache in the
   * editor's storage, so that opening a preview writes nothing into the workspace.
   */
  sidecarFolder?: string;
  /** Minimum score per class for this run only (the panel's sliders), over the configuration's. */
  thresholds?: Record<string, number>;
  /** The face model the extension downloaded, used when no face model is configured. */
  defaultFaceModel?: string;
  /** A preview of the original and of the result, at most this many pixels on the longer side (the panel). */
  previewSize?: number;
  workDoneToken?: string | number;
}

export interface BlurRegion {
  class: string;
  score: number;
  /** [x1, y1, x2, y2] in pixels of the image as displayed (EXIF orientation applied). */
  box: [number, number, number, number];
  source: 'model' | 'user';
}

export interface BlurFileReport {
  /** Absolute path. */
  file: string;
  output?: string;
  sidecar?: string;
  width?: number;
  height?: number;
  regions: BlurRegion[];
  ms: number;
  stages: { decode: number; detect: number; render: number; encode: number };
  notes: string[];
  models: { file: string; layout: string }[];
  error?: string;
  /** Model regions the user removed (from the sidecar): they stay removed. */
  removed?: Omit<BlurRegion, 'source'>[];
  /** The minimum score per class the detection used (`default` for the others). */
  thresholds?: Record<string, number>;
  /** Base64 images for the panel, when `previewSize` was given. */
  preview?: { mime: 'image/jpeg' | 'image/png'; width: number; height: number; original: string; result: string };
}

export interface BlurResponse {
  results: BlurFileReport[];
  cancelled: boolean;
  /** Images found under the given URIs. */
  total: number;
  /** What the run did, in words (the notification and the output channel show it as it is). */
  summary: JobSummary;
}

/** Client → server request: save the regions the user edited in the panel to the image's sidecar. */
export const BlurSaveRegionsRequest = new RequestType<BlurSaveRegionsParams, BlurSaveRegionsResult, void>('archipel/blurSaveRegions');

export interface BlurSaveRegionsResult {
  /** Absolute path of the sidecar written. */
  sidecar: string;
}

export interface BlurSaveRegionsParams {
  /** file: URI of the image. */
  uri: string;
  /** As BlurParams.sidecarFolder: where the panel keeps the image's sidecar. */
  sidecarFolder?: string;
  width: number;
  height: number;
  regions: BlurRegion[];
  /** Model regions the user deleted: they stay deleted when detection runs again. */
  removed: Omit<BlurRegion, 'source'>[];
}

import type { JobSummary } from './compute';

export * from './compute';
export * from './blurValues';
export * from './problems';
export * from './raci';
export * from './amdec';
export * from './adr';
export * from './workflows';
export * from './diagrams';
export * from './diff';
export * from './serve';
export * from './system';
export * from './threats';
