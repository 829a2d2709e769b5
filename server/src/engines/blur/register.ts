/**
 * The blur family's requests: `archipel/blur` (a job on the job layer, run in the blur process),
 * `archipel/blurSaveRegions` (the panel's edits into the sidecar) and `archipel/downloadFaceModel`
 * (the default face model, fetched and verified here so the extension host loads no engine code).
 * One call registers them all: `registerBlurRequests(registry)`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { jobConfigFor } from './jobConfig';
import { summarize } from './summary';
import type { ComputeRegistry } from '../core/requests';
import { startFamilyWorker } from '../core/familyWorker';
import { downloadVerified } from './download';
import { sidecarPath, validateSidecar, writeSidecar } from './sidecar';
import { blurJobSpec } from './spec';
import { RequestFailure } from '../../features/requests';
import {
  BlurRequest,
  BlurSaveRegionsRequest,
  DEFAULT_FACE_MODEL,
  DownloadFaceModelRequest,
  type BlurParams,
  type BlurResponse,
  type BlurSaveRegionsParams,
  type DownloadFaceModelParams,
  type DownloadFaceModelResult,
} from '../../protocol';
import type { SchemaEngine } from '../../schema/engine';
import type { ArchipelSettings } from '../../settings';
import { t } from '../../l10n/t';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';


/** Registers the blur requests; the blur process ends at shutdown. */
/** What blur's requests read from the package: archipel.yaml's schema and the face model shipped (its descriptor loads them). */
export interface BlurData {
  archipel(): SchemaEngine;
  embeddedFaceModel(): string | undefined;
}

export function registerBlurRequests(registry: ComputeRegistry, data: BlurData): void {
  const worker = startFamilyWorker(registry, { bundle: 'blurWorker', name: 'blur process' });
  const spec = blurJobSpec(configSource(registry, data));
  registry.onRequest(BlurRequest, async (params: BlurParams, context): Promise<BlurResponse> => {
    const outcome = await registry.runJob(spec, params, worker, context);
    return { ...outcome, summary: summarize(outcome, params.mode) };
  });
  registry.onRequest(BlurSaveRegionsRequest, (params: BlurSaveRegionsParams) => handleSaveRegions(params));
  registry.onRequest(DownloadFaceModelRequest, async (params: DownloadFaceModelParams): Promise<DownloadFaceModelResult> => {
    const file = path.join(params.folder, DEFAULT_FACE_MODEL.name);
    const progress = registry.progress(params.workDoneToken);
    progress.begin(t('Downloading {0} (YuNet, {1})', DEFAULT_FACE_MODEL.name, DEFAULT_FACE_MODEL.licence));
    try {
      const outcome = await downloadVerified({
        url: DEFAULT_FACE_MODEL.url,
        sha256: DEFAULT_FACE_MODEL.sha256,
        target: file,
        onProgress: (received, total) => total && progress.percentage?.(Math.floor((received / total) * 100)),
      });
      return { file, outcome };
    } catch (error) {
      throw new RequestFailure(error instanceof Error ? error.message : String(error));
    } finally {
      progress.end();
    }
  });
}

/** Settings per folder, per request (a WeakMap on the request's params: gone with the request). */
const cache = new WeakMap<BlurParams, Map<string, Promise<ArchipelSettings>>>();

/** An image's configuration from the index's archipel.yaml, the settings of its folder (read once per folder and request) and the request. */
function configSource(registry: ComputeRegistry, data: BlurData) {
  return (image: string, params: BlurParams) => {
    const folder = path.dirname(image);
    let settings = cache.get(params)?.get(folder);
    if (!settings) {
      settings = registry.settingsFor(pathToFileURL(image).href);
      let perFolder = cache.get(params);
      if (!perFolder) cache.set(params, (perFolder = new Map<string, Promise<ArchipelSettings>>()));
      perFolder.set(folder, settings);
    }
    return settings.then((resource) =>
      jobConfigFor(image, {
        index: registry.index,
        engine: data.archipel(),
        settings: resource.blur,
        folders: registry.workspaceFolders(),
        // A downloaded copy (the client sends it) wins over the one shipped.
        defaultFaceModel: params.defaultFaceModel ?? data.embeddedFaceModel(),
        thresholds: params.thresholds,
      }),
    );
  };
}
/** archipel/blurSaveRegions: the panel's edits, into the image's sidecar (checked like one read from disk). */
async function handleSaveRegions(params: BlurSaveRegionsParams): Promise<{ sidecar: string }> {
  const image = fileURLToPath(params.uri);
  await fs.access(image);
  if (params.sidecarFolder !== undefined && !path.isAbsolute(params.sidecarFolder)) throw new Error(`sidecarFolder must be an absolute path, got ${params.sidecarFolder}`);
  let models: { file: string; layout: string }[] = [];
  try {
    models = validateSidecar(JSON.parse(await readTextBounded(sidecarPath(image, params.sidecarFolder), READ_BOUNDS.config))).models;
  } catch {
    // No previous sidecar (or a broken one, replaced now): no model list to keep.
  }
  const sidecar = validateSidecar({ archipel: 'detections/1', image: path.basename(image), width: params.width, height: params.height, models, regions: params.regions, removed: params.removed });
  return { sidecar: await writeSidecar(image, sidecar, params.sidecarFolder) };
}
