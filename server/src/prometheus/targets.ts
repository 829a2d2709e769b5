import { PerGeneration } from '../workspace/perGeneration';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { isRecord } from './yamlValues';

/** A Kubernetes Service of the workspace: where scrape and Alertmanager targets may point. */
interface ServiceFacts {
  name: string;
  namespace: string;
  ports: number[];
}

const factsKey = Symbol('prometheus-k8s-services');
const cache = new PerGeneration<WorkspaceIndex, readonly ServiceFacts[]>();

function servicesOf(file: IndexedFile): ServiceFacts[] {
  if (!/kind:\s*Service\b/.test(file.text)) return [];
  const services: ServiceFacts[] = [];
  for (const { chunk } of file.yaml?.chunks ?? []) {
    const value = chunk.wellFormed ? chunk.value : undefined;
    if (!isRecord(value) || value.kind !== 'Service' || value.apiVersion !== 'v1' || !isRecord(value.metadata)) continue;
    const name = value.metadata.name;
    if (typeof name !== 'string') continue;
    const namespace = typeof value.metadata.namespace === 'string' ? value.metadata.namespace : 'default';
    const ports = isRecord(value.spec) && Array.isArray(value.spec.ports) ? value.spec.ports.flatMap((p) => (isRecord(p) && typeof p.port === 'number' ? [p.port] : [])) : [];
    services.push({ name, namespace, ports });
  }
  return services;
}

function workspaceServices(index: WorkspaceIndex): readonly ServiceFacts[] {
  return cache.get(index, index.generation, [], () => {
    const services: ServiceFacts[] = [];
    for (const file of index.files()) if (file.isYaml && !file.skipped) services.push(...file.model(factsKey, servicesOf));
    return services;
  });
}

/**
 * A target written as a Kubernetes Service's cluster DNS name (`svc.ns.svc`,
 * `svc.ns.svc.cluster.local`, or `svc.ns` when ns is a namespace of the workspace's Services) that
 * no Service of the workspace answers, or on a port the Service does not expose. A bare host may be
 * anything (a Compose service, a machine) and is left to the Compose check; a workspace without
 * Services says nothing.
 */
export function kubernetesTargetProblem(address: string, index: WorkspaceIndex): { kind: 'service' | 'port'; service: string; ports?: number[] } | undefined {
  const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.svc(\.cluster\.local)?)?(?::(\d+))?$/.exec(address);
  if (!match) return undefined;
  const services = workspaceServices(index);
  if (services.length === 0) return undefined;
  const [name, namespace, port] = [match[1], match[3], match[7]];
  // `svc.ns` (no .svc suffix) is read only when ns is a namespace the workspace's Services live in: otherwise it is any two-label host name.
  if (match[5] === undefined && !services.some((s) => s.namespace === namespace)) return undefined;
  const service = services.find((s) => s.name === name && s.namespace === namespace);
  if (!service) return { kind: 'service', service: `${name}.${namespace}` };
  if (port !== undefined && service.ports.length > 0 && !service.ports.includes(Number(port))) return { kind: 'port', service: `${name}.${namespace}`, ports: service.ports };
  return undefined;
}
