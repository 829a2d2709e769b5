import { amdecFeature } from '../amdec/feature';
import { adrFeature } from '../adr/feature';
import { blurConfigFeature } from '../blur/feature';
import { kubernetesFeature } from '../kubernetes/feature';
import { mermaidFeature } from '../mermaid/feature';
import { pipelineFeature } from '../pipeline/feature';
import { predictConfigFeature } from '../predict/feature';
import { raciFeature } from '../raci/feature';
import { snippetFeature } from '../snippets/feature';
import { suiteFeature } from '../validate/feature';
import { workflowFeature } from '../workflows/feature';
import { yamlFeature } from '../yaml/feature';
import type { FeatureDependencies } from '../dependencies';
import type { Feature } from '../features/feature';

export { indexedExtensions } from '../features/feature';

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
    predictConfigFeature(deps.archipel),
    mermaidFeature(deps.mermaid),
    snippetFeature(deps.snippets ?? []),
    pipelineFeature(deps.pipeline),
    suiteFeature(deps.validate),
  ];
}

