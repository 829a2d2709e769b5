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

/** The longest base64 text of a Secret's `data` decoded for its address (a host, a port: a few bytes). */
const MAX_ENCODED = 1024;

/** A Secret's `data` value decoded, when it is bounded, well-formed base64 of one line of text; undefined otherwise. */
function decodedSecret(encoded: string): string | undefined {
  if (encoded.length > MAX_ENCODED || encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  // A host or a port is printable text: a binary value (a key, a certificate) is none.
  return [...text].some((c) => c < ' ' || c === '\u007f' || c === '\ufffd') ? undefined : text;
}

/**
 * The value an env variable takes from a ConfigMap (`configMapKeyRef`) or a Secret (`secretKeyRef`: its `stringData`, or
 * its `data` decoded), with where it is said (issue #95: IBM's spring-boot-microservices-on-kubernetes keeps its
 * database's host and port in a Secret). Only for the host and port a variable's key names (systemHosts.ts
 * `hostVariables`, whose text is `host:port`): a decoded value is never shown as it is, a password may be one.
 */
export function keyRefValue(graph: KubernetesGraph, namespace: string | undefined, valueFrom: unknown): { value: string; object: KubernetesObject; path: string[] } | undefined {
  for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
    const ref = get(valueFrom, [field]);
    if (!isObject(ref) || typeof ref.name !== 'string' || typeof ref.key !== 'string') continue;
    for (const object of graph.find(kind, ref.name, namespace)) {
      const plain = get(object.value, ['stringData', ref.key]);
      if (kind === 'Secret' && typeof plain === 'string') return { value: plain, object, path: ['stringData', ref.key] };
      const data = get(object.value, ['data', ref.key]);
      const value = typeof data !== 'string' ? undefined : kind === 'Secret' ? decodedSecret(data) : data;
      if (value !== undefined) return { value, object, path: ['data', ref.key] };
    }
  }
  return undefined;
}
