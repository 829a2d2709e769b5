import { PerGeneration } from '../workspace/perGeneration';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StageStatus } from '../protocol/pipeline';
import type { SchemaEngine } from '../schema/engine';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import type { Pipeline } from './model';
import { parsePipeline, type PipelineFileReader } from './parse';

/**
 * What the pipeline feature needs from outside (FeatureDependencies.pipeline). `status` is filled
 * in by the runner's engine where it runs (lsp/): until then hovers and code lenses show the
 * stages' definitions only.
 */
export interface PipelineDependencies {
  /** schemas/pipeline/dvc.schema.json. */
  schema?: SchemaEngine;
  /** A stage's status (pipeline file as an absolute path, expanded stage name), or undefined when unknown. */
  status?: (file: string, stage: string) => StageStatus | undefined;
  /**
   * Whether a path exists on disk: deps are data and scripts the index does not read. Without
   * it, a dep the index does not hold is not reported missing.
   */
  exists?: (absolutePath: string) => boolean;
  /** A file's text from disk, undefined when it does not exist: the `.dvc` files tracking deps. */
  readText?: (absolutePath: string) => string | undefined;
  /** Why a path of the workspace is not read (a link leading outside it), in a sentence naming it; undefined when it may be. */
  refusal?: (absolutePath: string) => string | undefined;
}

/** `dvc.yaml` anywhere, and `*.pipeline.yaml` (same format): common/ownFiles.ts's, the one decision `archipel check` takes too. */
import { isPipelineFile } from '../common/ownFiles';
export { isPipelineFile };

/** The file system path of a document (an untitled document: its URI's path). */
export function filePathOf(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/**
 * Params and vars files read from the workspace index (the editor's text for an open file). A
 * YAML file the index does not hold does not exist, unless the disk says it does (ignored by
 * git, excluded); another file (JSON, TOML) is not indexed: unknown unless the disk says it is
 * missing.
 */
export function indexReader(index: WorkspaceIndex, exists: ((p: string) => boolean) | undefined, refusal?: (p: string) => string | undefined): PipelineFileReader {
  return (absolute) => {
    const entry = index.get(pathToFileURL(absolute).href);
    if (entry) return entry.skipped ? null : entry.text;
    // A link leading outside the workspace (the index holds no link): said so, whether its target exists or not.
    const refused = refusal?.(absolute);
    if (refused !== undefined) return { refused };
    const onDisk = exists?.(absolute);
    if (/\.ya?ml$/i.test(absolute)) return onDisk ? null : undefined;
    return onDisk === false ? undefined : null;
  };
}

const models = new PerGeneration<IndexedFile, Pipeline>();

/** The pipeline of a file, parsed once per version of the workspace (its params files may change). */
export function pipelineOf(file: IndexedFile, index: WorkspaceIndex, deps: PipelineDependencies): Pipeline | undefined {
  if (!isPipelineFile(file.uri) || file.skipped || !file.yaml) return undefined;
  const { yaml } = file;
  return models.get(file, index.generation, [], () => parsePipeline(file.text, filePathOf(file.uri), indexReader(index, deps.exists, deps.refusal), yaml));
}

/** A path relative to a stage's wdir, as a stage would write it. */
export function relativeToWdir(wdir: string, resolved: string): string {
  return wdir === '.' ? resolved : path.posix.relative(wdir, resolved) || '.';
}
