/**
 * What other families ask of the Kubernetes family: its object graph and workloads, its ids on the system map,
 * the commands that apply manifests, its rules and schema check (for the manifests Helm renders and
 * Terraform declares) and the API groups of its schemas. Everything else in kubernetes/ is private to it.
 */
export { applyCommands, isApplySource, joinPath } from './applyCommands';
export { groupOf } from './manifest';
export { allKubernetesObjects, KubernetesGraph, type KubernetesObject } from './objects';
export { removalOf, removedApiRule } from './rules/apis';
export { locate } from './rules/context';
export { kubernetesRules } from './rules/index';
export { deployedFiles, deploys, kubernetesSystem, workloadId } from './system';
export { type KubernetesValidator, schemaRule } from './validate';
export { containersOf, get, podSpecPath } from './workloads';
