/**
 * The composition root: every family Archipel has, language and compute, in one place. A language
 * family is a feature (features.ts: createFeatures) and, when it answers custom requests, a
 * registration in `requestFamilies`; a compute family is its folder (engines/<family>/ and its
 * pure part) plus one registration here (`computeFamilies`, over the ComputeRegistry the server
 * gives: jobs with trust, progress, cancellation and errors from the host). The transport
 * (lsp/server.ts) imports none of them: the entry (serverMain.ts) hands it `serverRuntime(...)`.
 */
import { adrRequests } from '../adr/register';
import { amdecRequests } from '../amdec/register';
import { diagramRequests } from '../diagrams/register';
import type { ComputeFamily } from '../engines/core/requests';
import type { RequestFamily } from '../features/requests';
import { kubernetesRequests } from '../kubernetes/register';
import type { Checkpoint, ServerRuntime } from '../lsp/server';
import { mermaidRequests } from '../mermaid/register';
import { loadFeatureDependencies } from '../platform/resources';
import { raciRequests } from '../raci/register';
import { serveRequests } from '../serve/targets';
import { registerBlurRequests } from './blur';
import { diagramExportRequests } from './diagramExport';
import { createFeatures, indexedExtensions } from './features';
import { registerPipelineRequests, type PipelineStatusProvider } from './pipeline';
import { registerPipelineOutputsRequest } from './pipelineOutputs';
import { registerPredictRequests } from './predict';
import { registerValidateRequests } from './validate';

/** The language families' custom requests (pure: dashboards, ADR edits, diagrams, …). */
export const requestFamilies: readonly RequestFamily[] = [kubernetesRequests, raciRequests, amdecRequests, adrRequests, diagramRequests, mermaidRequests, serveRequests];

/**
 * The compute families' requests, and the requests that load a native library (the diagram
 * export's sharp). `pipelines` receives the pipeline family's status provider (what the pipeline
 * feature's hovers and code lenses show).
 */
export function computeFamilies(pipelines: (provider: PipelineStatusProvider) => void): ComputeFamily[] {
  const registerPipelines: ComputeFamily = (registry) => pipelines(registerPipelineRequests(registry));
  return [registerBlurRequests, registerPredictRequests, registerPipelines, registerPipelineOutputsRequest, diagramExportRequests, registerValidateRequests];
}

/** Everything the language server is made of besides its connection: the features, every family, their data. */
export function serverRuntime(bundleDir: string, checkpoint?: (moment: Checkpoint) => void): ServerRuntime {
  let pipelines: PipelineStatusProvider | undefined;
  return {
    loadDependencies: () => {
      const dependencies = loadFeatureDependencies();
      // The pipeline feature's hovers and code lenses show the runner's statuses.
      if (dependencies.pipeline) dependencies.pipeline.status ??= (file, stage) => pipelines?.stageStatus(file, stage);
      return dependencies;
    },
    createFeatures,
    indexedExtensions,
    families: [...requestFamilies, ...computeFamilies((provider) => (pipelines = provider))],
    bundleDir,
    ...(checkpoint ? { checkpoint } : {}),
  };
}
