/**
 * The container port a Service port leads to (issue #95: a console's port behind a LoadBalancer or NodePort): its
 * `targetPort`; a name resolved through the containers of the workloads it selects, when they agree on one number;
 * else the port itself, as Kubernetes defaults it. Pure.
 */
import type { KubernetesObject } from './model/objects';
import { containersOf, get } from './model/workloads';

function serviceTarget(port: unknown, workloads: readonly KubernetesObject[]): number | undefined {
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

/**
 * The ways in a LoadBalancer or NodePort Service opens (`nodePort`: a NodePort's): one per port — an app's port and an
 * admin port behind one LoadBalancer are two — each with the port reached from outside and the container port it leads
 * to; one with neither when the Service lists no port.
 */
export function serviceWaysIn(ports: unknown, nodePort: boolean, workloads: readonly KubernetesObject[]): { port?: number; target?: number }[] {
  const opened: unknown[] = Array.isArray(ports) && ports.length > 0 ? ports : [undefined];
  return opened.map((item) => {
    const port = get(item, [nodePort ? 'nodePort' : 'port']);
    const target = item === undefined ? undefined : serviceTarget(item, workloads);
    return { ...(typeof port === 'number' ? { port } : {}), ...(target !== undefined ? { target } : {}) };
  });
}
