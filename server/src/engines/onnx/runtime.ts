/**
 * onnxruntime for every family that runs ONNX models (blur's detectors, predict's tabular models):
 * loading the addon once per thread, opening a session from a model file with a clear error when
 * the file is not a usable model, and the cache of onnxruntime's optimised graphs. No imaging or
 * family code here: an inference lane loads only this, its family's decoding, and onnxruntime.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { cacheDirectory, derivedCachePath, removeEarlierVersions, sweepCacheFolder } from '../../disk/cacheFolder';
import { dropCopy, keepCopy, readCopy, recordOf } from './optimisedCopy';
import { externalDataOf, ExternalDataError, type ExternalFile } from './externalData';
import { readOnnxHeader, withoutInitializerInputs, type OnnxHeader } from './meta';
import { t } from '../../l10n/t';
import { READ_BOUNDS, readFileBounded } from '../../disk/readText';

let onnxruntime: typeof Ort | undefined;
/**
 * onnxruntime-node, loaded on first use. Every thread that runs models loads it, and the thread
 * that starts worker lanes must hold it too (LanePool.create): Node unloads an addon when the last
 * thread holding it exits, and onnxruntime's binding cannot be loaded again after that ("Module
 * did not self-register").
 */
export function ort(): typeof Ort {
  if (!onnxruntime) {
    onnxruntime = require('onnxruntime-node') as typeof Ort;
    // onnxruntime's own log lines (coloured, on the process's stderr, past any Archipel message)
    // are off: each error it logs is also the exception Archipel reports as a ModelError.
    onnxruntime.env.logLevel = 'fatal';
  }
  return onnxruntime;
}

/** A model that cannot be used, with a message naming the file and the reason. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
}

/** What happened to onnxruntime's optimised copy of a model (see openSession). */
export type OptimisedCache = 'hit' | 'created' | 'rejected' | 'off';

/**
 * Where onnxruntime's optimised copy of a model is kept: keyed by the model file and by what the
 * optimisation depends on — onnxruntime's version and the CPU (the full optimisation level lays
 * tensors out for the CPU's vector width). Undefined when caches are off (ARCHIPEL_CACHE_DIR=off)
 * or the model file cannot be read.
 */
function optimisedPath(file: string, cacheDir: string | null, variant = ''): string | undefined {
  if (!cacheDir) return undefined;
  try {
    return derivedCachePath(file, cacheDir, 'onnx', '.onnx', [ort().env.versions.common, process.arch, os.cpus()[0]?.model ?? ''], variant);
  } catch {
    return undefined;
  }
}

/** An open onnxruntime session, the model's header (metadata) and whether the optimised graph came from the cache. */
export interface OpenSession {
  session: Ort.InferenceSession;
  header: OnnxHeader;
  cache: OptimisedCache;
}

/** "model face.onnx": how messages name a model file. */
export function modelLabel(file: string): string {
  return t('model {0}', path.basename(file));
}

/**
 * A change made to a model's bytes in memory before onnxruntime sees them (predictions remove
 * skl2onnx's ZipMap, whose output onnxruntime-node cannot return). `id` names it in the cache key:
 * the optimised copy of a rewritten graph is kept apart from the original's.
 */
export interface GraphRewrite {
  id: string;
  apply(bytes: Uint8Array): Uint8Array;
}

/** A model file's bytes; a ModelError naming the file when it cannot be read. */
export async function readModelFile(file: string): Promise<Buffer> {
  try {
    return await readFileBounded(file, READ_BOUNDS.model);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError(code === 'ENOENT' ? t('{0}: file not found: {1}', modelLabel(file), file) : t('{0}: cannot read {1}: {2}', modelLabel(file), file, (error as Error).message));
  }
}

/**
 * How a family runs its sessions, beyond the thread count: `enableMemPattern` false for models
 * run one small input at a time (blur's detectors: onnxruntime's memory pattern gave every run a
 * fresh block of pages — about 250 page faults a run for UltraFace — where without it the arena's
 * blocks are reused).
 */
export type SessionTuning = Pick<Ort.InferenceSession.SessionOptions, 'enableMemPattern'>;

/**
 * Opens a model file in onnxruntime with `threads` intra-op threads. `cacheDir` keeps
 * onnxruntime's optimised copy of it (null: none). Throws a ModelError naming the file when it
 * cannot be read, is not an ONNX model, or onnxruntime refuses it.
 */
export async function openSession(file: string, threads = 1, cacheDir: string | null = cacheDirectory() ?? null, rewrite?: GraphRewrite, tuning: SessionTuning = {}): Promise<OpenSession> {
  const label = modelLabel(file);
  const bytes = await readModelFile(file);
  let header: OnnxHeader;
  try {
    header = readOnnxHeader(bytes);
  } catch (error) {
    throw new ModelError(`${label}: ${(error as Error).message}`);
  }
  const options: Ort.InferenceSession.SessionOptions = { logSeverityLevel: 4, intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', ...tuning };
  // onnxruntime optimises a model's graph on every load (~10 ms for UltraFace, more for bigger
  // models): the optimised graph it can save is kept in the cache folder and loaded as it is the
  // next time, checked first against its record (optimisedCopy.ts). Any trouble with the cache —
  // unwritable folder, a copy damaged or it cannot load — falls back to optimising the original:
  // the cache makes loading faster, never different.
  let cache: OptimisedCache = cacheDir ? 'created' : 'off';
  const runtime = ort().env.versions.common;
  const fromCache = async (cacheFile: string, extra: Ort.InferenceSession.SessionOptions): Promise<Ort.InferenceSession | undefined> => {
    const copy = await readCopy(cacheFile, bytes, runtime);
    if (copy === 'missing') return undefined;
    if (copy === 'rejected') {
      cache = 'rejected';
      return undefined;
    }
    try {
      // The bytes checked against the copy's record, not the file again: what onnxruntime loads is what was checked.
      const session = await ort().InferenceSession.create(copy, { ...options, ...extra, graphOptimizationLevel: 'disabled' });
      cache = 'hit';
      return session;
    } catch {
      cache = 'rejected';
      await dropCopy(cacheFile);
      return undefined;
    }
  };
  // A model without external data has its copy under its plain key, one with external data under
  // a variant of it. The plain copy was made from a model checked to have none; onnxruntime loads
  // that copy and never the model's own bytes, so the walk of the model's tensors for external
  // locations (~12 ms for UltraFace on its one cold call) is only needed without it.
  const plainCache = optimisedPath(file, cacheDir, rewrite?.id);
  let session = plainCache ? await fromCache(plainCache, {}) : undefined;
  if (session) return { session, header, cache };
  // External data stays in the model's folder, read here and given in memory (externalData.ts).
  let external: ExternalFile[];
  try {
    external = await externalDataOf(file, bytes);
  } catch (error) {
    if (error instanceof ExternalDataError) throw new ModelError(`${label}: ${error.message}`);
    throw error;
  }
  if (external.length) options.externalData = external;
  const cacheFile = external.length ? optimisedPath(file, cacheDir, `${rewrite?.id ?? ''}\0external`) : plainCache;
  if (!cacheFile) cache = 'off';
  if (cacheFile && external.length) session = await fromCache(cacheFile, {});
  // Rewritten once, if optimising at all (a cached copy is already without them).
  let model: Uint8Array | undefined;
  const optimise = async (save: string | undefined) =>
    ort().InferenceSession.create((model ??= withoutInitializerInputs(rewrite ? rewrite.apply(bytes) : bytes, header.irVersion)), { ...options, graphOptimizationLevel: 'all', ...(save ? { optimizedModelFilePath: save } : {}) });
  if (!session && cacheFile) {
    // Lanes load a model at the same time, each on its own thread: each writes its own file.
    // A temporary name with the writer's pid, that disk/cacheFolder.ts sweepCacheFolder removes once its writer is gone.
    const temporary = `${cacheFile}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.mkdir(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      sweepCacheFolder(path.dirname(cacheFile), []);
      session = await optimise(temporary);
      await keepCopy(temporary, cacheFile, bytes, runtime);
      removeEarlierVersions(cacheFile);
      removeEarlierVersions(recordOf(cacheFile));
    } catch {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      cache = 'off';
    }
  }
  if (!session) {
    try {
      session = await optimise(undefined);
    } catch (error) {
      throw new ModelError(t('{0}: onnxruntime cannot load it: {1}', label, (error as Error).message.split('\n')[0]));
    }
  }
  return { session, header, cache };
}
