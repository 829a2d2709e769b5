/**
 * Which workloads read each ConfigMap: a ConfigMap one workload alone reads is its environment moved aside (a chart's
 * own ConfigMap of a service's settings), so its addresses are that workload's certain calls (system.ts, issue #95).
 */
import type { SystemBuilder, SystemSource } from '../features/system/contributor';
import { isBrowserDestination } from '../features/system/browserUrls';
import type { KubernetesGraph, KubernetesObject } from './model/objects';
import { containersOf, get, isObject, podSpecPath } from './model/workloads';
import { addresses } from './systemHosts';

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

/**
 * A workload reading ConfigMaps: its node, where its hosts are looked up, the place of a ConfigMap's value, and, for a Job
 * reading a ConfigMap long-running workloads read too, its `kind` (AddressReference.oneShot).
 */
export interface ConfigRead {
  from: string;
  namespace: string | undefined;
  scopes: () => readonly string[];
  place: (map: KubernetesObject, entry: string) => SystemSource;
  oneShot?: SystemSource;
}

/**
 * The values of a ConfigMap the workload reads, at their lines in the ConfigMap: the keys it names
 * (`configMapKeyRef`: `keys`), or, read whole by `envFrom`, every key — possible calls unless the container names the
 * key, certain when the workload alone reads the ConfigMap (`all`).
 */
export function configValues(builder: SystemBuilder, reading: ConfigRead, graph: KubernetesGraph, name: string, keys: ReadonlySet<string>, namespaces: ReadonlySet<string>, read: 'keys' | 'possible' | 'all'): void {
  const whole = read === 'possible';
  for (const map of graph.find('ConfigMap', name, reading.namespace)) {
    const data = get(map.value, ['data']);
    if (!isObject(data)) continue;
    for (const [entry, value] of Object.entries(data)) {
      if (read === 'keys' && !keys.has(entry)) continue;
      // A key the container names itself (`$(KEY)`) is its own choice, not only what it shares.
      const once = read !== 'keys' && !keys.has(entry) ? reading.oneShot : undefined;
      if (typeof value === 'string' && !value.includes('\n') && !isBrowserDestination(entry)) addresses(builder, reading.from, reading.scopes, value, () => reading.place(map, entry), namespaces, whole && !keys.has(entry), undefined, entry, once);
    }
  }
}
