/**
 * The object each workload node of the map was drawn from, with the objects drawn beside it (a kustomize build's rendered
 * objects, the plain manifests, an Argo CD Application's sync): what other families read of a workload as the map draws
 * it (appconfig/configMapMounts.ts: the ConfigMap a kustomize base's collector mounts, micro-commerce, issue #95), never
 * the manifests as written, whose objects a build renamed or put in a namespace. Kept by node: each family is given its
 * own view of the builder, and the nodes are what they share.
 */
import type { SystemNode } from '../features/system/contributor';
import type { KubernetesGraph, KubernetesObject } from './model/objects';

const drawn = new WeakMap<SystemNode, { object: KubernetesObject; graph: KubernetesGraph }>();

/** Records that `node` was drawn from `object`, among the objects of `graph`. */
export function recordDrawn(node: SystemNode, object: KubernetesObject, graph: KubernetesGraph): void {
  if (!drawn.has(node)) drawn.set(node, { object, graph });
}

/** The object a node was drawn from, with the objects drawn beside it; undefined for a node no workload made. */
export function drawnFrom(node: SystemNode): { object: KubernetesObject; graph: KubernetesGraph } | undefined {
  return drawn.get(node);
}
