/**
 * What other families may ask of the privacy family (issue #65) — the security model's data assets
 * and flows: each data file, model and Fides dataset of the workspace with its fideslang categories
 * and its sensitivity (Threagile's confidentiality scale), and the flows of personal data between
 * them, pipeline stages, serving endpoints and Fides systems. The public-endpoint hook is where the
 * security model's entry points say which serving endpoint the Internet reaches.
 */
import path from 'node:path';
import type { WorkspaceIndex } from '../workspace/index';
import { datasetCategories } from './fides';
import { privacyFlows, relativeLabel, type FlowItem, type PathLabel } from './flows';
import { CategoryResolver, MODEL_FILE, pathOf, privacyInventory, stagePath } from './inventory';
import type { DataScanner } from './scan';
import { isPaymentCategory, isPersonalCategory, sensitivityOf, type Sensitivity } from './taxonomy';

export type { FlowItem, PathLabel } from './flows';
export type { PublicEndpointHook } from './rules';
export type { Sensitivity } from './taxonomy';
export type { ServedModel } from './inventory';
export { relativeLabel, sensitivityOf };

export interface ClassifiedAsset {
  /** A data or model file's path (as `label` writes it), or `<manifest>#<fides_key>` for a Fides dataset describing no file. */
  id: string;
  kind: 'data' | 'model' | 'dataset';
  /** Its fideslang categories: declared by its Fides dataset, found by the scan, or carried from a stage's inputs. */
  categories: string[];
  sensitivity: Sensitivity;
  personal: boolean;
  payment: boolean;
  /** Where it is written (the dvc.yaml line, the manifest's line), 1-based. */
  source: { file: string; line: number };
}

export interface PrivacyFacts {
  assets: ClassifiedAsset[];
  flows: FlowItem[];
}

/** The workspace's classified assets and flows; `scan` reads data files (none: declared categories only). */
export function privacyFacts(index: WorkspaceIndex, scan: DataScanner | undefined, label: PathLabel): PrivacyFacts {
  const inventory = privacyInventory(index);
  const resolver = new CategoryResolver(inventory, scan);
  const assets = new Map<string, ClassifiedAsset>();
  const add = (id: string, kind: ClassifiedAsset['kind'], categories: string[], source: ClassifiedAsset['source']) => {
    if (assets.has(id)) return;
    assets.set(id, { id, kind, categories, sensitivity: sensitivityOf(categories), personal: categories.some(isPersonalCategory), payment: categories.some(isPaymentCategory), source });
  };
  for (const { file, pipeline } of inventory.pipelines) {
    const fileLabel = label(pathOf(file.uri));
    for (const stage of pipeline.stages) {
      const places = [...CategoryResolver.dataDeps(stage), ...stage.outs.filter((o) => !o.url && o.kind === 'outs')];
      for (const place of places) {
        const absolute = stagePath(pipeline, place.resolved);
        add(label(absolute), MODEL_FILE.test(absolute) ? 'model' : 'data', resolver.of(absolute).categories, { file: fileLabel, line: file.lines.positionAt(place.span.start).line + 1 });
      }
    }
  }
  for (const { file, item: manifest } of inventory.manifests) {
    const manifestPath = pathOf(file.uri);
    for (const dataset of manifest.datasets) {
      const line = file.lines.positionAt((dataset.key ?? dataset).span.start).line + 1;
      const categories = [...new Set(datasetCategories(dataset).map((c) => c.value))];
      if (dataset.path) {
        const absolute = path.resolve(path.dirname(manifestPath), dataset.path.value);
        add(label(absolute), 'data', resolver.of(absolute).categories, { file: label(manifestPath), line });
      } else add(`${label(manifestPath)}#${dataset.key?.value ?? '?'}`, 'dataset', categories, { file: label(manifestPath), line });
    }
  }
  return { assets: [...assets.values()], flows: privacyFlows(inventory, scan, label, resolver) };
}

/**
 * Whether the workspace classifies its data: a Fides manifest describes a dataset or a system. The
 * security model's risks become diagnostics there (the threats family); elsewhere `archipel threats`
 * reports them, and a repository that says nothing of its data gets no security finding unasked.
 */
export function classifiesData(index: WorkspaceIndex): boolean {
  return privacyInventory(index).manifests.length > 0;
}
