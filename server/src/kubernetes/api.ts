/**
 * What other families ask of the Kubernetes family: its object graph and workloads, its ids on the system map,
 * the commands that apply manifests, its rules and schema check (for the manifests Helm renders and
 * Terraform declares) and the API groups of its schemas. Everything else in kubernetes/ is private to it.
 */
import { allKubernetesObjects, KubernetesGraph } from './model/objects';
import { containersOf, get, podSpecPath } from './model/workloads';
import { workloadId } from './system';
import { deployedFiles, deploys } from './systemDeployed';

export { applyCommands, isApplySource, joinPath, namespaceFlag, toolCommands } from './model/applyCommands';
export { kustomizeBuild, remoteEntry, topKustomizations, type BuiltObject } from './model/kustomizeBuild';
export { groupOf } from './model/manifest';
export { allKubernetesObjects, KubernetesGraph, type KubernetesObject } from './model/objects';
// The policy family (#96) evaluates the workspace's policies on each file's objects, kyverno tests' inputs left out.
export { isPolicyTestInput, kubernetesObjects } from './model/objects';
export { removalOf, removedApiRule } from './checks/apis';
export { locate } from './checks/context';
export { kubernetesRules } from './checks/index';
export { contributeKubernetes, kubernetesSystem, workloadId } from './system';
export { deployedFiles, deploys } from './systemDeployed';
export { drawnFrom } from './systemDrawn';
export { type KubernetesValidator, schemaRule } from './checks/validate';
export { clusterScoped, containersOf, get, podSpecPath } from './model/workloads';
export { exposedAt, keepingSummarizer, type ExposureLines } from './model/summary';

/**
 * Its face as a value (Family.faces, families/kubernetes.ts): what the Dockerfile family reads of the run's manifests
 * — the workloads running its image, what a skaffold config deploys — taken from the run's families, never imported,
 * so that a check with no manifest (`archipel check Dockerfile`) evaluates no Kubernetes code (issue #68).
 */
export const kubernetesFace = { allKubernetesObjects, graphOf: (index: Parameters<typeof KubernetesGraph.of>[0]) => KubernetesGraph.of(index), containersOf, get, podSpecPath, deployedFiles, deploys, workloadId };
export type KubernetesFace = typeof kubernetesFace;
