import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { jobConfigFor } from '../blur/jobConfig';
import { collectImages, planJob } from '../engines/blur/files';
import type { FileResult } from '../engines/blur/job';
import { sidecarPath, validateSidecar, writeSidecar } from '../engines/blur/sidecar';
import type { BlurFileReport, BlurParams, BlurResponse, BlurSaveRegionsParams } from '../protocol';
import type { SchemaEngine } from '../schema/engine';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import type { BlurWorker } from './blurWorker';

export interface BlurRequestContext {
  index: WorkspaceIndex;
  engine: SchemaEngine;
  folders: readonly string[];
  settingsFor(uri: string): Promise<ArchipelSettings>;
  worker: BlurWorker;
  /** Reports progress (0–100) with a message. */
  progress(message: string, percentage: number): void;
  cancellation: { isCancellationRequested: boolean; onCancellationRequested(listener: () => void): unknown };
}

export function toReport(result: FileResult): BlurFileReport {
  return {
    file: result.file,
    ...(result.output ? { output: result.output } : {}),
    ...(result.sidecar ? { sidecar: result.sidecar } : {}),
    ...(result.width !== undefined ? { width: result.width, height: result.height } : {}),
    regions: result.detections,
    ms: Math.round(result.ms),
    stages: result.stages,
    notes: result.notes,
    models: result.models,
    ...(result.removed && result.removed.length > 0 ? { removed: result.removed } : {}),
    ...(result.thresholds ? { thresholds: result.thresholds } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(result.preview ? { preview: result.preview } : {}),
  };
}

/** archipel/blur: images from the URIs, each with its configuration, processed in the blur process. */
export async function handleBlur(params: BlurParams, context: BlurRequestContext): Promise<BlurResponse> {
  const paths = params.uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  const { images, missing } = await collectImages(paths);
  const settings = new Map<string, ArchipelSettings>();
  const { items, failed } = await planJob(images, async (file) => {
    const folder = path.dirname(file);
    let resource = settings.get(folder);
    if (!resource) {
      resource = await context.settingsFor(pathToFileURL(file).href);
      settings.set(folder, resource);
    }
    return jobConfigFor(file, {
      index: context.index,
      engine: context.engine,
      settings: resource.blur,
      folders: context.folders,
      defaultFaceModel: params.defaultFaceModel,
      thresholds: params.thresholds,
    });
  });
  const results: BlurFileReport[] = failed.map(toReport);
  for (const file of missing) results.push(toReport({ file, detections: [], ms: 0, stages: { decode: 0, detect: 0, render: 0, encode: 0 }, notes: [], models: [], error: 'file not found' }));
  const total = items.length + results.length;
  let cancelled = false;
  if (items.length > 0 && !context.cancellation.isCancellationRequested) {
    const outcome = await context.worker.run(
      items,
      {
        mode: params.mode,
        source: params.source ?? 'model',
        writeSidecar: params.writeSidecar ?? params.mode === 'detect',
        ...(params.previewSize ? { previewSize: params.previewSize } : {}),
      },
      (result, done) => {
        results.push(toReport(result));
        context.progress(`${path.basename(result.file)}${result.error ? ' failed' : ''} (${done}/${items.length})`, Math.round((done / items.length) * 100));
      },
      context.cancellation,
    );
    cancelled = outcome.cancelled;
  } else if (items.length > 0) {
    cancelled = true;
  }
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { results, cancelled, total };
}

/** archipel/blurSaveRegions: the panel's edits, into the image's sidecar (checked like one read from disk). */
export async function handleSaveRegions(params: BlurSaveRegionsParams): Promise<{ sidecar: string }> {
  const image = fileURLToPath(params.uri);
  await fs.access(image);
  let models: { file: string; layout: string }[] = [];
  try {
    models = validateSidecar(JSON.parse(await fs.readFile(sidecarPath(image), 'utf8'))).models;
  } catch {
    // No previous sidecar (or a broken one, replaced now): no model list to keep.
  }
  const sidecar = validateSidecar({ archipel: 'detections/1', image: path.basename(image), width: params.width, height: params.height, models, regions: params.regions, removed: params.removed });
  return { sidecar: await writeSidecar(image, sidecar) };
}
