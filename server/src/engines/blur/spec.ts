/**
 * The editor's blur request as a job (engines/core/host.ts): its plan (the images under the URIs,
 * each with its configuration), what it executes (the detection models: refused in an untrusted
 * workspace), its progress title, its options and the order of its answer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlurParams } from '../../protocol';
import type { JobSpec } from '../core/host';
import type { BlurConfig } from './config';
import { collectImages, planJob } from './files';
import type { BlurJobOptions, JobItem } from './job';
import { failedResult, type FileResult } from './result';
import { t } from '../../l10n/t';
import { byCodeUnit } from '../../common/order';

/** How an image's configuration is found (the workspace index's archipel.yaml, the settings, the request). */
export type BlurConfigSource = (image: string, params: BlurParams) => Promise<BlurConfig>;

export function byFile(a: { file: string }, b: { file: string }): number {
  return byCodeUnit(a.file, b.file);
}

export function blurJobSpec(configFor: BlurConfigSource): JobSpec<BlurParams, JobItem, FileResult> {
  return {
    family: 'blur',
    title: (params) => (params.mode === 'blur' ? t('Blurring faces and plates') : t('Detecting sensitive regions')),
    // Apply (`sidecar`) blurs the regions saved beside the image: no model runs.
    executes: (params) => ((params.source ?? 'model') === 'model' ? t('runs the detection models (.onnx files) that the workspace configures') : undefined),
    async plan(params) {
      const paths = params.uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
      const { images, missing } = await collectImages(paths);
      const { items, failed } = await planJob(images, (file) => configFor(file, params));
      return { items, results: [...failed, ...missing.map((file) => failedResult(file, t('file not found')))] };
    },
    options: (params): BlurJobOptions => ({
      mode: params.mode,
      source: params.source ?? 'model',
      writeSidecar: params.writeSidecar ?? params.mode === 'detect',
      ...(params.sidecarFolder && path.isAbsolute(params.sidecarFolder) ? { sidecarFolder: params.sidecarFolder } : {}),
      ...(params.previewSize ? { previewSize: params.previewSize } : {}),
    }),
    compare: byFile,
  };
}
