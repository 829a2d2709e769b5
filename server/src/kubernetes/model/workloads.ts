/** Where the pod template lives in each workload kind, and helpers over plain manifest values. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Path = (string | number)[];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function get(value: unknown, path: readonly (string | number)[]): Json | undefined {
  let current: unknown = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isObject(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current as Json | undefined;
}

export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const map: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') map[k] = String(v);
  return map;
}

/** Path of the pod spec for kinds that run pods. */
const podSpecPaths: Record<string, Path> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  // OpenShift's (apps.openshift.io/v1): a Deployment whose selector is a plain label map.
  DeploymentConfig: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The workloads whose `spec.replicas` says how many pods run. */
const replicated = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** How many pods a workload runs as declared (`spec.replicas`, 1 when unset, as the API defaults it); undefined for other kinds. */
export function declaredReplicas(kind: string, value: unknown): number | undefined {
  if (!replicated.has(kind)) return undefined;
  const declared = get(value, ['spec', 'replicas']);
  return typeof declared === 'number' ? declared : 1;
}

export function podSpecPath(kind: string): Path | undefined {
  return podSpecPaths[kind];
}

/** Kinds whose `spec.selector` must select their own template's pods. */
export const selectingWorkloads = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'DeploymentConfig']);

/** The label selector of a workload: `spec.selector`, a plain label map for DeploymentConfig and ReplicationController. */
export function workloadSelector(kind: string, value: unknown): JsonObject | undefined {
  const selector = get(value, ['spec', 'selector']);
  if (!isObject(selector)) return undefined;
  return kind === 'DeploymentConfig' || kind === 'ReplicationController' ? { matchLabels: selector } : selector;
}

/** The labels of the pods a workload creates (or of the Pod itself). */
export function podLabelsPath(kind: string): Path | undefined {
  const spec = podSpecPath(kind);
  if (!spec) return undefined;
  return kind === 'Pod' ? ['metadata', 'labels'] : [...spec.slice(0, -1), 'metadata', 'labels'];
}

export interface ContainerRef {
  /** Path of the container object. */
  path: Path;
  container: JsonObject;
  kind: 'containers' | 'initContainers' | 'ephemeralContainers';
}

/** Asked by every container rule of every object: one answer per parsed value (never mutated). */
const containersCache = new WeakMap<object, { kind: string; refs: ContainerRef[] }>();

export function containersOf(value: unknown, kind: string): readonly ContainerRef[] {
  const spec = podSpecPath(kind);
  if (!spec) return [];
  const cached = isObject(value) ? containersCache.get(value) : undefined;
  if (cached?.kind === kind) return cached.refs;
  const refs: ContainerRef[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const items = get(value, [...spec, list]);
    if (!Array.isArray(items)) continue;
    items.forEach((container, i) => {
      if (isObject(container)) refs.push({ path: [...spec, list, i], container, kind: list });
    });
  }
  if (isObject(value)) containersCache.set(value, { kind, refs });
  return refs;
}

/** Whether a label selector (matchLabels + matchExpressions) selects a label set. */
export function selects(selector: unknown, labels: Record<string, string> | undefined, plain = false): boolean {
  if (!isObject(selector)) return false;
  const have = labels ?? {};
  const matchLabels = plain ? stringMap(selector) : stringMap(selector.matchLabels);
  const expressions = plain ? [] : Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  if ((!matchLabels || Object.keys(matchLabels).length === 0) && expressions.length === 0) return !plain;
  for (const [k, v] of Object.entries(matchLabels ?? {})) if (have[k] !== v) return false;
  for (const expression of expressions) {
    if (!isObject(expression) || typeof expression.key !== 'string') continue;
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    const present = expression.key in have;
    switch (expression.operator) {
      case 'In':
        if (!present || !values.includes(have[expression.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[expression.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** Kinds that are not namespaced: their namespace never matters. */
export const clusterScoped = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'PodSecurityPolicy', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ClusterIssuer',
]);

/** One port a probe targets: its container, which probe, the port as written and its path. */
export interface ProbeTarget {
  ref: ContainerRef;
  probe: 'livenessProbe' | 'readinessProbe' | 'startupProbe';
  port: Json;
  path: Path;
}

/** The ports the httpGet, tcpSocket and grpc probes of an object's containers target. */
export function probeTargets(value: unknown, kind: string): ProbeTarget[] {
  const targets: ProbeTarget[] = [];
  for (const ref of containersOf(value, kind)) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
        const port = get(ref.container, [probe, handler, 'port']);
        if (port !== undefined) targets.push({ ref, probe, port, path: [...ref.path, probe, handler, 'port'] });
      }
    }
  }
  return targets;
}

/**
 * The arguments of a kube-webhook-certgen container (its command and args, in order), undefined for any other
 * container: what says which Secret it creates (madeObjects.ts), and so one of an object's facets (objects.ts).
 */
export function certgenArguments(container: JsonObject): string[] | undefined {
  if (typeof container.image !== 'string' || !container.image.includes('kube-webhook-certgen')) return undefined;
  const strings = (value: Json | undefined): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return [...strings(container.command), ...strings(container.args)];
}
