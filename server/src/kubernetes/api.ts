/**
 * What other families ask of the Kubernetes family: its object graph and workloads, its ids on the system map,
 * the commands that apply manifests, its rules and schema check (for the manifests Helm renders and
 * Terraform declares) and the API groups of its schemas. Everything else in kubernetes/ is private to it.
 */
export { applyCommands, isApplySource, joinPath } from './model/applyCommands';
export { groupOf } from './model/manifest';
export { allKubernetesObjects, KubernetesGraph, type KubernetesObject } from './model/objects';
export { removalOf, removedApiRule } from './checks/apis';
export { locate } from './checks/context';
export { kubernetesRules } from './checks/index';
export { deployedFiles, deploys, kubernetesSystem, workloadId } from './system';
export { type KubernetesValidator, schemaRule } from './checks/validate';
export { containersOf, get, podSpecPath } from './model/workloads';
