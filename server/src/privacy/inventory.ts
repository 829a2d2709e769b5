/**
 * What the workspace says of personal data (issue #65), read once per version of the index: the
 * Fides manifests (datasets by key and by the file they describe, systems by key, taxonomy
 * extensions), the pipelines' stages with the data and models they read and write, and the models
 * archipel.yaml serves. The categories of a data file are what its Fides dataset declares and what
 * the scan of its sample finds; a stage's output not described nor scanned carries its inputs'.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar } from 'yaml';
import { isPipelineFile, pipelineOf, type Pipeline, type Stage, type StageDep } from '../pipeline/api';
import { isArchipelConfig } from '../workspace/archipelConfig';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { PerGeneration } from '../workspace/perGeneration';
import { entry, spanOf, type Span } from '../yaml/mapping';
import { datasetCategories, fidesManifest, type FidesDataset, type FidesManifest, type FidesSystem } from './fides';
import { scannedCategories, type DataScanner } from './scan';

export interface ManifestEntry<T> {
  file: IndexedFile;
  item: T;
}

/** A model an archipel.yaml's `predict` section serves (`archipel serve`, Serve Model). */
export interface ServedModel {
  /** The archipel.yaml. */
  file: IndexedFile;
  /** The model's absolute path. */
  model: string;
  /** The span of `predict.model`'s value. */
  span: Span;
}

export interface PipelineEntry {
  file: IndexedFile;
  pipeline: Pipeline;
}

export interface PrivacyInventory {
  manifests: ManifestEntry<FidesManifest>[];
  datasets: Map<string, ManifestEntry<FidesDataset>[]>;
  /** Datasets by the absolute path of the file their `meta.path` names. */
  datasetsByPath: Map<string, ManifestEntry<FidesDataset>[]>;
  systems: Map<string, ManifestEntry<FidesSystem>[]>;
  /** Taxonomy keys the workspace's manifests add, by kind. */
  extensions: Record<'data_categories' | 'data_uses' | 'data_subjects', Set<string>>;
  pipelines: PipelineEntry[];
  served: ServedModel[];
}

/** A file's path on disk (its URI's path for another scheme). */
export function pathOf(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** archipel.yaml's `predict.model`, with its span. */
function servedModel(file: IndexedFile): ServedModel | undefined {
  for (const { doc, offset } of file.yaml?.documents ?? []) {
    const predict = entry(doc.contents, 'predict')?.value;
    const model = isMap(predict) ? entry(predict, 'model')?.value : undefined;
    if (isScalar(model) && typeof model.value === 'string' && model.value !== '') {
      return { file, model: path.resolve(path.dirname(pathOf(file.uri)), model.value), span: spanOf(model, offset)! };
    }
  }
  return undefined;
}

function build(index: WorkspaceIndex): PrivacyInventory {
  const inventory: PrivacyInventory = {
    manifests: [], datasets: new Map(), datasetsByPath: new Map(), systems: new Map(),
    extensions: { data_categories: new Set(), data_uses: new Set(), data_subjects: new Set() }, pipelines: [], served: [],
  };
  for (const file of index.files()) {
    if (file.skipped || !file.isYaml) continue;
    try {
      addFile(inventory, index, file);
    } catch {
      // A file no reader could take costs its own part of the inventory, never the others'.
    }
  }
  return inventory;
}

function addFile(inventory: PrivacyInventory, index: WorkspaceIndex, file: IndexedFile): void {
  if (isPipelineFile(file.uri)) {
    const pipeline = pipelineOf(file, index, {});
    if (pipeline) inventory.pipelines.push({ file, pipeline });
    return;
  }
  if (isArchipelConfig(file.uri)) {
    const served = servedModel(file);
    if (served) inventory.served.push(served);
    return;
  }
  const manifest = fidesManifest(file);
  if (!manifest) return;
  inventory.manifests.push({ file, item: manifest });
  const folder = path.dirname(pathOf(file.uri));
  for (const dataset of manifest.datasets) {
    if (dataset.key) push(inventory.datasets, dataset.key.value, { file, item: dataset });
    if (dataset.path) push(inventory.datasetsByPath, path.resolve(folder, dataset.path.value), { file, item: dataset });
  }
  for (const system of manifest.systems) if (system.key) push(inventory.systems, system.key.value, { file, item: system });
  for (const extension of manifest.extensions) inventory.extensions[extension.kind].add(extension.key.value);
}

const inventories = new PerGeneration<WorkspaceIndex, PrivacyInventory>();

/** The inventory of the workspace, built once per version of the index. */
export function privacyInventory(index: WorkspaceIndex): PrivacyInventory {
  return inventories.get(index, index.generation, [], () => build(index));
}

/** Files a stage reads that are its code, not its data (as the pipeline's part of the system map tells them). */
export const CODE_FILE = /\.(py|ipynb|mjs|cjs|js|ts|sh|r|jl|scala|java|go|rs|sql|toml|cfg|ini|lock|ya?ml|json)$/i;
/** Trained models, by their extension. */
export const MODEL_FILE = /\.(onnx|pkl|pickle|joblib|pt|pth|h5|keras|safetensors|tflite|pb|gguf|ckpt)$/i;

/** The absolute path of a stage's dep or out. */
export const stagePath = (pipeline: Pipeline, resolved: string): string => path.resolve(pipeline.root, resolved);

/** Whether `inner` is `outer` or inside it (a stage reading a folder reads the files in it). */
export const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);

/** Where a data file's categories come from. */
export interface FileCategories {
  categories: string[];
  /** The Fides datasets describing it. */
  datasets: ManifestEntry<FidesDataset>[];
  /** Whether it was scanned (a file the scanner reads, present on disk). */
  scanned: boolean;
  /** The files upstream whose categories it carries (a stage's output neither described nor scanned). */
  from: string[];
}

/**
 * The categories of data files, resolved through the pipelines: a file's Fides datasets and scan,
 * else (a stage's output) the union of the stage's inputs. Memoised per resolver; cycles end empty.
 */
export class CategoryResolver {
  private readonly memo = new Map<string, FileCategories>();
  private readonly producers = new Map<string, { pipeline: Pipeline; stage: Stage }[]>();

  constructor(readonly inventory: PrivacyInventory, private readonly scan: DataScanner | undefined) {
    for (const { pipeline } of inventory.pipelines) {
      for (const stage of pipeline.stages) {
        for (const out of stage.outs) if (!out.url && out.kind === 'outs') push(this.producers, stagePath(pipeline, out.resolved), { pipeline, stage });
      }
    }
  }

  /** The stages writing `file` (or a folder holding it). */
  producersOf(file: string): { pipeline: Pipeline; stage: Stage }[] {
    const direct = this.producers.get(file);
    if (direct) return direct;
    for (const [out, stages] of this.producers) if (within(file, out)) return stages;
    return [];
  }

  /** The data deps of a stage (code and params files aside). */
  static dataDeps(stage: Stage): StageDep[] {
    return stage.deps.filter((dep) => !dep.url && !CODE_FILE.test(dep.resolved));
  }

  of(file: string): FileCategories {
    const known = this.memo.get(file);
    if (known) return known;
    // A cycle (a pipeline reading its own output) ends here with nothing.
    this.memo.set(file, { categories: [], datasets: [], scanned: false, from: [] });
    const datasets = this.inventory.datasetsByPath.get(file) ?? [];
    const declared = datasets.flatMap((d) => datasetCategories(d.item).map((c) => c.value));
    const scan = MODEL_FILE.test(file) ? undefined : this.scan?.(file);
    const scanned = scan !== undefined && !('error' in scan);
    let categories = [...declared, ...scannedCategories(scan)];
    const from: string[] = [];
    if (datasets.length === 0 && !scanned) {
      for (const { pipeline, stage } of this.producersOf(file)) {
        for (const dep of CategoryResolver.dataDeps(stage)) {
          const input = stagePath(pipeline, dep.resolved);
          const upstream = this.of(input);
          if (upstream.categories.length > 0) {
            from.push(input);
            categories.push(...upstream.categories);
          }
        }
      }
    }
    categories = [...new Set(categories)];
    const result = { categories, datasets, scanned, from };
    this.memo.set(file, result);
    return result;
  }
}
