import { amdecFeature } from '../amdec/feature';
import { adrFeature } from '../adr/feature';
import { blurConfigFeature } from '../blur/feature';
import { kubernetesFeature } from '../kubernetes/feature';
import type { KubernetesValidator } from '../kubernetes/validate';
import { mermaidFeature, type MermaidChecker } from '../mermaid/feature';
import { raciFeature } from '../raci/feature';
import type { SchemaEngine } from '../schema/engine';
import type { Snippet } from '../snippets/catalogue';
import { snippetFeature } from '../snippets/feature';
import type { WorkflowData } from '../workflows/data';
import { workflowFeature } from '../workflows/feature';
import { yamlFeature } from '../yaml/feature';
import type { Feature } from './feature';

/** What features need from the outside world, loaded once by the server or the CLI. */
export interface FeatureDependencies {
  kubernetes: KubernetesValidator;
  /** The RACI and AMDEC schemas (schemas/governance/). */
  governance: SchemaEngine;
  /** The clock (injected: tests and `archipel check --today` fix it). */
  now: () => Date;
  /** schemas/archipel.json: the sections of archipel.yaml. */
  archipel: SchemaEngine;
  /** GitHub's workflow template schemas, context descriptions and the popular actions' data (schemas/workflows/). */
  workflows: WorkflowData;
  /** Mermaid's parser (a worker thread, started on the first diagram). */
  mermaid: MermaidChecker;
  /** The snippets of snippets/, offered by completion where they fit (none when left out). */
  snippets?: readonly Snippet[];
}

/** Every feature Archipel has, in the order their diagnostics are listed: the one place to add one. */
export function createFeatures(deps: FeatureDependencies): Feature[] {
  return [
    yamlFeature,
    kubernetesFeature(deps.kubernetes),
    raciFeature(deps.governance),
    amdecFeature(deps.governance, deps.now),
    adrFeature,
    workflowFeature(deps.workflows),
    blurConfigFeature(deps.archipel),
    mermaidFeature(deps.mermaid),
    snippetFeature(deps.snippets ?? []),
  ];
}

/** The file name endings the workspace index reads. */
export function indexedExtensions(features: readonly Feature[]): string[] {
  return [...new Set(features.flatMap((f) => f.extensions))];
}
