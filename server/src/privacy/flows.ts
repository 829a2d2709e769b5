/**
 * Where personal data flows (issue #65): datasets → pipeline stages → models → serving endpoints
 * (dvc.yaml's deps and outs, archipel.yaml's `predict.model`), and what Fides systems declare
 * (a dataset a system reads, a system another sends data to). Each flow carries the categories
 * that move and the line that says so. Services → stores and → external systems of the deployed
 * system come from the system map (the security model's), in the same shape.
 */
import path from 'node:path';
import { datasetCategories } from './fides';
import { CategoryResolver, MODEL_FILE, pathOf, stagePath, type PrivacyInventory } from './inventory';
import type { DataScanner } from './scan';

/** One flow: `from` and `to` are node ids (a data or model file's path, `stage:…`, `endpoint:…`, `system:…`, `dataset:…`). */
export interface FlowItem {
  from: string;
  to: string;
  /** The fideslang categories that move (empty: none known). */
  categories: string[];
  via: { file: string; line: number };
}

/** How a path is written in the output (relative to the folder the CLI runs in, '/' separators). */
export type PathLabel = (absolute: string) => string;

export const relativeLabel = (base: string): PathLabel => (absolute) => path.relative(base, absolute).split(path.sep).join('/') || '.';

/** Node ids: a stage, an endpoint, a Fides system or dataset. */
export const stageId = (label: string, stage: string): string => `stage:${label}#${stage}`;
export const endpointId = (label: string): string => `endpoint:${label}`;
export const systemId = (key: string): string => `system:${key}`;
export const datasetId = (key: string): string => `dataset:${key}`;

/** Every flow of the inventory, in file order. */
export function privacyFlows(inventory: PrivacyInventory, scan: DataScanner | undefined, label: PathLabel, resolver = new CategoryResolver(inventory, scan)): FlowItem[] {
  const flows: FlowItem[] = [];
  for (const { file, pipeline } of inventory.pipelines) {
    const fileLabel = label(pathOf(file.uri));
    const line = (offset: number) => file.lines.positionAt(offset).line + 1;
    for (const stage of pipeline.stages) {
      const id = stageId(fileLabel, stage.name);
      for (const dep of CategoryResolver.dataDeps(stage)) {
        const input = stagePath(pipeline, dep.resolved);
        flows.push({ from: label(input), to: id, categories: resolver.of(input).categories, via: { file: fileLabel, line: line(dep.span.start) } });
      }
      for (const out of stage.outs) {
        if (out.url || out.kind !== 'outs') continue;
        const output = stagePath(pipeline, out.resolved);
        flows.push({ from: id, to: label(output), categories: resolver.of(output).categories, via: { file: fileLabel, line: line(out.span.start) } });
      }
    }
  }
  for (const served of inventory.served) {
    const configLabel = label(pathOf(served.file.uri));
    if (!MODEL_FILE.test(served.model)) continue;
    flows.push({ from: label(served.model), to: endpointId(configLabel), categories: resolver.of(served.model).categories, via: { file: configLabel, line: served.file.lines.positionAt(served.span.start).line + 1 } });
  }
  for (const { file, item: manifest } of inventory.manifests) {
    const fileLabel = label(pathOf(file.uri));
    const line = (offset: number) => file.lines.positionAt(offset).line + 1;
    for (const dataset of manifest.datasets) {
      if (!dataset.key || !dataset.path) continue;
      // The file a Fides dataset describes is that dataset.
      const described = path.resolve(path.dirname(pathOf(file.uri)), dataset.path.value);
      flows.push({ from: label(described), to: datasetId(dataset.key.value), categories: [...new Set(datasetCategories(dataset).map((c) => c.value))], via: { file: fileLabel, line: line(dataset.path.span.start) } });
    }
    for (const system of manifest.systems) {
      if (!system.key) continue;
      const id = systemId(system.key.value);
      const declared = [...new Set(system.declarations.flatMap((d) => d.categories.map((c) => c.value)))];
      for (const ingress of system.ingress) {
        if (!ingress.key) continue;
        const from = ingress.type?.value === 'dataset' ? datasetId(ingress.key.value) : ingress.type?.value === 'user' ? `user:${ingress.key.value}` : systemId(ingress.key.value);
        flows.push({ from, to: id, categories: ingress.categories.length > 0 ? ingress.categories.map((c) => c.value) : declared, via: { file: fileLabel, line: line(ingress.key.span.start) } });
      }
      for (const egress of system.egress) {
        if (!egress.key) continue;
        const to = egress.type?.value === 'dataset' ? datasetId(egress.key.value) : egress.type?.value === 'user' ? `user:${egress.key.value}` : systemId(egress.key.value);
        flows.push({ from: id, to, categories: egress.categories.length > 0 ? egress.categories.map((c) => c.value) : declared, via: { file: fileLabel, line: line(egress.key.span.start) } });
      }
      for (const reference of [...system.datasets, ...system.declarations.flatMap((d) => d.datasets)]) {
        flows.push({ from: datasetId(reference.value), to: id, categories: declared, via: { file: fileLabel, line: line(reference.span.start) } });
      }
    }
  }
  return flows;
}
