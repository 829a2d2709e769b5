/**
 * Which workloads read each ConfigMap: a ConfigMap one workload alone reads is its environment moved aside (a chart's
 * own ConfigMap of a service's settings), so its addresses are that workload's certain calls (system.ts, issue #95).
 */
import type { KubernetesGraph, KubernetesObject } from './model/objects';
import { containersOf, get, podSpecPath } from './model/workloads';

const readersOf = new WeakMap<KubernetesGraph, Map<string, Set<KubernetesObject>>>();

/** The workloads reading each ConfigMap (`namespace\0name`): by `envFrom`, `configMapKeyRef` or a volume. Counted once per graph. */
export function configMapReaders(graph: KubernetesGraph): Map<string, Set<KubernetesObject>> {
  let found = readersOf.get(graph);
  if (found) return found;
  readersOf.set(graph, (found = new Map<string, Set<KubernetesObject>>()));
  const add = (object: KubernetesObject, name: unknown) => {
    if (typeof name !== 'string') return;
    const key = `${object.namespace ?? ''}\0${name}`;
    found.set(key, (found.get(key) ?? new Set()).add(object));
  };
  for (const object of graph.all()) {
    const spec = podSpecPath(object.kind);
    if (!spec) continue;
    for (const { container } of containersOf(object.value, object.kind)) {
      if (Array.isArray(container.envFrom)) for (const source of container.envFrom) add(object, get(source, ['configMapRef', 'name']));
      if (Array.isArray(container.env)) for (const variable of container.env) add(object, get(variable, ['valueFrom', 'configMapKeyRef', 'name']));
    }
    const volumes = get(object.value, [...spec, 'volumes']);
    if (Array.isArray(volumes)) for (const volume of volumes) add(object, get(volume, ['configMap', 'name']));
  }
  return found;
}
