/**
 * The container port a Service port leads to (issue #95: a console's port behind a LoadBalancer or NodePort): its
 * `targetPort`; a name resolved through the containers of the workloads it selects, when they agree on one number;
 * else the port itself, as Kubernetes defaults it. Pure.
 */
import type { KubernetesObject } from './model/objects';
import { containersOf, get } from './model/workloads';

export function serviceTarget(port: unknown, workloads: readonly KubernetesObject[]): number | undefined {
  const target = get(port, ['targetPort']) ?? get(port, ['port']);
  if (typeof target !== 'string') return typeof target === 'number' ? target : undefined;
  const found = new Set<number>();
  for (const workload of workloads) {
    for (const { container } of containersOf(workload.value, workload.kind)) {
      for (const declared of Array.isArray(container.ports) ? container.ports : []) {
        const number = get(declared, ['containerPort']);
        if (get(declared, ['name']) === target && typeof number === 'number') found.add(number);
      }
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}
