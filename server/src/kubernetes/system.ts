/**
 * The Kubernetes family's part of the system map: workloads (components, grouped by namespace), the
 * Services selecting them and the Ingresses routing to those, the images their containers run, the
 * addresses their environment and the ConfigMaps it reads name, what scrapes them (the
 * `prometheus.io/scrape` annotation, a ServiceMonitor or PodMonitor) and the Argo CD Applications
 * deploying their folder.
 */
import type { SystemBuilder, SystemContributor, SystemSource } from '../features/system/contributor';
import { addressesIn, clusterName, isSingleLabel } from '../features/system/addresses';
import { imageRepository } from '../features/system/images';
import { sourceAt } from '../features/system/source';
import { technologyOfImage } from '../features/system/technology';
import { KubernetesGraph, type KubernetesObject } from './model/objects';
import { locate, nameLine } from './checks/context';
import { ingressBackends } from './checks/references';
import { selectedWorkloads } from './checks/selectors';
import { containersOf, get, isObject, podLabelsPath, podSpecPath, selects, stringMap, type Path } from './model/workloads';

const jobs = new Set(['Job', 'CronJob']);

export function workloadId(object: KubernetesObject): string {
  return `k8s:${object.kind}/${object.namespace ?? ''}/${object.name ?? ''}`;
}

/** Where a path of an object is said; the object's name line for a summary's stand-in (no parse). */
function objectSource(builder: SystemBuilder, object: KubernetesObject, path: Path, part: 'key' | 'value' = 'value'): SystemSource {
  const file = builder.index.get(object.uri);
  const [start, end] = locate(object, path, part);
  if (!file || (start === 0 && end === 0)) {
    const line = nameLine(object) - 1;
    return { uri: object.uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
  }
  return sourceAt(file, object.offset + start, object.offset + end);
}

function namespaceNode(builder: SystemBuilder, object: KubernetesObject): string | undefined {
  if (!object.namespace) return undefined;
  const id = `k8s:namespace/${object.namespace}`;
  // Said where the namespace is first written (a Namespace object adds itself): not at every object of it.
  if (builder.get(id) && object.kind !== 'Namespace') return id;
  builder.node({ id, kind: 'namespace', name: object.namespace, technology: 'Kubernetes namespace', namespace: object.namespace, sources: [objectSource(builder, object, ['metadata', 'namespace'])] });
  return id;
}

/** The scopes an object's addresses are looked up in: its namespace, then the cluster's DNS names. */
function scopesOf(object: KubernetesObject): string[] {
  return object.namespace ? [`k8s:${object.namespace}`, 'k8s'] : ['k8s:', 'k8s:*', 'k8s'];
}

function contributeWorkload(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph, namespaces: ReadonlySet<string>): void {
  const id = workloadId(object);
  const containers = containersOf(object.value, object.kind).filter((c) => c.kind !== 'ephemeralContainers');
  const main = containers.find((c) => c.kind === 'containers') ?? containers[0];
  const mainImage = typeof main?.container.image === 'string' ? main.container.image : undefined;
  const technology = mainImage ? technologyOfImage(mainImage) : undefined;
  const kind = jobs.has(object.kind) ? 'job' : technology?.kind === 'datastore' || technology?.kind === 'broker' ? technology.kind : 'service';
  const ports = containers.flatMap((c) => (Array.isArray(c.container.ports) ? c.container.ports.flatMap((p) => (typeof get(p, ['containerPort']) === 'number' ? [get(p, ['containerPort']) as number] : [])) : []));
  const parent = namespaceNode(builder, object);
  builder.node({
    id, kind, name: object.name ?? '(unnamed)', ...(parent ? { parent } : {}), ...(object.namespace ? { namespace: object.namespace } : {}),
    technology: technology?.name ?? object.kind, ...(mainImage ? { image: imageRepository(mainImage) } : {}), ports, sources: [objectSource(builder, object, ['metadata', 'name'])],
  });
  for (const ref of containers) {
    const image = ref.container.image;
    if (typeof image !== 'string') continue;
    const at = objectSource(builder, object, [...ref.path, 'image']);
    const imageNode = builder.image(image, at);
    if (imageNode) builder.edge({ from: id, to: imageNode, kind: 'runs', label: 'runs', sources: [at] });
    const env = ref.container.env;
    if (Array.isArray(env)) {
      env.forEach((variable, i) => {
        const value = get(variable, ['value']);
        if (typeof value === 'string') addresses(builder, id, object, value, objectSource(builder, object, [...ref.path, 'env', i, 'value']), namespaces);
        const key = get(variable, ['valueFrom', 'configMapKeyRef']);
        if (isObject(key) && typeof key.name === 'string' && typeof key.key === 'string') configValues(builder, id, object, graph, key.name, key.key, namespaces);
      });
    }
    const envFrom = ref.container.envFrom;
    if (Array.isArray(envFrom)) for (const source of envFrom) {
      const name = get(source, ['configMapRef', 'name']);
      if (typeof name === 'string') configValues(builder, id, object, graph, name, undefined, namespaces);
    }
  }
  // The prometheus.io/scrape convention: the cluster's Prometheus scrapes the pods so annotated.
  const labels = podLabelsPath(object.kind);
  const annotationsPath = labels ? [...labels.slice(0, -1), 'annotations'] : undefined;
  const annotations = annotationsPath ? stringMap(get(object.value, annotationsPath)) : undefined;
  if (annotationsPath && annotations?.['prometheus.io/scrape'] === 'true') {
    const monitor = 'monitor:prometheus.io/scrape';
    builder.node({ id: monitor, kind: 'monitor', name: 'Prometheus (pod annotations)', technology: 'Prometheus', sources: [] });
    const port = Number(annotations['prometheus.io/port']);
    const path = annotations['prometheus.io/path'] ?? '/metrics';
    builder.edge({ from: monitor, to: id, kind: 'scrapes', label: `scrapes ${Number.isInteger(port) ? `:${port}` : ''}${path}`, ...(Number.isInteger(port) ? { port } : {}), sources: [objectSource(builder, object, [...annotationsPath, 'prometheus.io/scrape'], 'key')] });
  }
}

function addresses(builder: SystemBuilder, from: string, object: KubernetesObject, value: string, source: SystemSource, namespaces: ReadonlySet<string>): void {
  for (const address of addressesIn(value)) {
    const internal = isSingleLabel(address.host) || clusterName(address.host, namespaces) !== undefined;
    builder.address({ from, host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), ...(address.scheme ? { scheme: address.scheme } : {}), scopes: scopesOf(object), text: address.text, source, internal });
  }
}

/** The values of a ConfigMap the workload reads (one key, or all of them with envFrom), at their lines in the ConfigMap. */
function configValues(builder: SystemBuilder, from: string, object: KubernetesObject, graph: KubernetesGraph, name: string, key: string | undefined, namespaces: ReadonlySet<string>): void {
  for (const map of graph.find('ConfigMap', name, object.namespace)) {
    const data = get(map.value, ['data']);
    if (!isObject(data)) continue;
    for (const [entry, value] of Object.entries(data)) {
      if ((key === undefined || entry === key) && typeof value === 'string' && !value.includes('\n')) addresses(builder, from, object, value, objectSource(builder, map, ['data', entry]), namespaces);
    }
  }
}

function contributeService(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph): void {
  const id = workloadId(object);
  const ports = get(object.value, ['spec', 'ports']);
  const numbers = Array.isArray(ports) ? ports.flatMap((p) => (typeof get(p, ['port']) === 'number' ? [get(p, ['port']) as number] : [])) : [];
  const parent = namespaceNode(builder, object);
  builder.node({ id, kind: 'endpoint', name: object.name ?? '(unnamed)', technology: `Service ${String(get(object.value, ['spec', 'type']) ?? 'ClusterIP')}`, ...(parent ? { parent } : {}), ...(object.namespace ? { namespace: object.namespace } : {}), ports: numbers, sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const name = object.name ?? '';
  builder.answers(id, `k8s:${object.namespace ?? ''}`, [name]);
  if (object.namespace) builder.answers(id, 'k8s', [`${name}.${object.namespace}`, `${name}.${object.namespace}.svc`, `${name}.${object.namespace}.svc.cluster.local`]);
  const targetPort = Array.isArray(ports) && ports.length === 1 ? get(ports[0], ['targetPort']) : undefined;
  for (const workload of selectedWorkloads(object, graph)) {
    builder.edge({ from: id, to: workloadId(workload), kind: 'routes', label: typeof targetPort === 'number' || typeof targetPort === 'string' ? `selects → ${String(targetPort)}` : 'selects', sources: [objectSource(builder, object, ['spec', 'selector'], 'key')] });
  }
  const type = get(object.value, ['spec', 'type']);
  if (type === 'LoadBalancer' || type === 'NodePort') {
    builder.node({ id: 'person:users', kind: 'person', name: 'Users', sources: [] });
    builder.edge({ from: 'person:users', to: id, kind: 'calls', label: type, sources: [objectSource(builder, object, ['spec', 'type'])] });
  }
}

function contributeIngress(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph): void {
  const id = workloadId(object);
  const parent = namespaceNode(builder, object);
  const rules = get(object.value, ['spec', 'rules']);
  const hosts = Array.isArray(rules) ? rules.flatMap((r) => (typeof get(r, ['host']) === 'string' ? [get(r, ['host']) as string] : [])) : [];
  builder.node({ id, kind: 'endpoint', name: object.name ?? '(unnamed)', technology: 'Ingress', ...(parent ? { parent } : {}), ...(object.namespace ? { namespace: object.namespace } : {}), sources: [objectSource(builder, object, ['metadata', 'name'])] });
  builder.node({ id: 'person:users', kind: 'person', name: 'Users', sources: [] });
  builder.edge({ from: 'person:users', to: id, kind: 'calls', label: hosts.length > 0 ? hosts.join(', ') : 'HTTP', protocol: 'HTTP', sources: [objectSource(builder, object, ['spec', hosts.length > 0 ? 'rules' : 'defaultBackend'], 'key')] });
  for (const backend of ingressBackends(object)) {
    for (const service of graph.find('Service', backend.name, object.namespace)) {
      builder.edge({ from: id, to: workloadId(service), kind: 'routes', label: backend.port !== undefined ? `routes → ${String(backend.port)}` : 'routes', ...(typeof backend.port === 'number' ? { port: backend.port } : {}), sources: [objectSource(builder, object, [...backend.path, 'name'])] });
    }
  }
}

/** A ServiceMonitor or PodMonitor (prometheus-operator): scrapes what its selector selects. */
function contributeMonitor(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph): void {
  const id = workloadId(object);
  builder.node({ id, kind: 'monitor', name: object.name ?? '(unnamed)', technology: object.kind, ...(object.namespace ? { namespace: object.namespace } : {}), sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const selector = get(object.value, ['spec', 'selector']);
  const source = objectSource(builder, object, ['spec', 'selector'], 'key');
  const targets = object.kind === 'ServiceMonitor' ? graph.ofKind('Service').filter((s) => selects(selector, stringMap(get(s.value, ['metadata', 'labels'])))) : graph.all();
  for (const target of targets) {
    if (object.kind === 'PodMonitor' && !(podSpecPath(target.kind) && selects(selector, stringMap(get(target.value, podLabelsPath(target.kind) ?? []))))) continue;
    builder.edge({ from: id, to: workloadId(target), kind: 'scrapes', label: 'scrapes', sources: [source] });
  }
}

/**
 * The manifest files a folder deploys: its kustomization's `resources` (files, and folders followed
 * through their own kustomization, a few levels deep), or every file under it when it has none.
 */
export function deployedFiles(folder: string, builder: SystemBuilder, depth = 0): { files: Set<string>; under: string[] } {
  const files = new Set<string>();
  const under: string[] = [];
  const kustomization = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => builder.index.get(`${folder}/${name}`)).find((f) => f !== undefined);
  const value = kustomization?.yaml?.chunks[0]?.chunk.value;
  const resources = isObject(value) && Array.isArray(value.resources) ? value.resources : undefined;
  if (!resources || depth > 4) {
    under.push(folder);
    return { files, under };
  }
  for (const resource of resources) {
    if (typeof resource !== 'string' || /^[a-z]+:\/\//i.test(resource) || resource.includes('..')) continue;
    const uri = `${folder}/${resource.replace(/^\.\//, '').replace(/\/$/, '').split('/').map(encodeURIComponent).join('/')}`;
    if (/\.ya?ml$/i.test(resource)) files.add(uri);
    else {
      const inner = deployedFiles(uri, builder, depth + 1);
      for (const file of inner.files) files.add(file);
      under.push(...inner.under);
    }
  }
  return { files, under };
}

/** Whether a workload's file is among what a folder deploys. */
export function deploys(target: { files: Set<string>; under: string[] }, uri: string): boolean {
  return target.files.has(uri) || target.under.some((folder) => uri.startsWith(`${folder}/`));
}

/** The workloads under each folder (every ancestor of a workload's file, a few levels up), by the folder's last segment. */
function workloadsByFolder(graph: KubernetesGraph): Map<string, { folder: string; objects: KubernetesObject[] }[]> {
  const byFolder = new Map<string, KubernetesObject[]>();
  for (const target of graph.all()) {
    if (!podSpecPath(target.kind) || target.name === undefined) continue;
    let folder = target.uri.slice(0, target.uri.lastIndexOf('/'));
    for (let depth = 0; depth < 6 && folder.includes('/'); depth++, folder = folder.slice(0, folder.lastIndexOf('/'))) {
      const list = byFolder.get(folder);
      if (list) list.push(target);
      else byFolder.set(folder, [target]);
    }
  }
  const bySegment = new Map<string, { folder: string; objects: KubernetesObject[] }[]>();
  for (const [folder, objects] of byFolder) {
    const segment = folder.slice(folder.lastIndexOf('/') + 1);
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), { folder, objects }]);
  }
  return bySegment;
}

/** An Argo CD Application deploys the workloads of the folder its source names. */
function contributeApplication(builder: SystemBuilder, object: KubernetesObject, folders: () => Map<string, { folder: string; objects: KubernetesObject[] }[]>): void {
  const id = workloadId(object);
  builder.node({ id, kind: 'pipeline', name: object.name ?? '(unnamed)', technology: 'Argo CD Application', sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const sources: Path[] = [['spec', 'source']];
  const many = get(object.value, ['spec', 'sources']);
  if (Array.isArray(many)) many.forEach((_, i) => sources.push(['spec', 'sources', i]));
  for (const path of sources) {
    const folder = get(object.value, [...path, 'path']);
    if (typeof folder !== 'string' || get(object.value, [...path, 'chart']) !== undefined) continue;
    const clean = folder.replace(/^\.\/?/, '').replace(/\/$/, '');
    if (clean === '' || clean.includes('*')) continue;
    const at = objectSource(builder, object, [...path, 'path']);
    const segment = encodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1));
    for (const candidate of folders().get(segment) ?? []) {
      if (!candidate.folder.endsWith(`/${clean.split('/').map(encodeURIComponent).join('/')}`)) continue;
      // What the folder's kustomization lists, when it has one.
      const deployed = deployedFiles(candidate.folder, builder);
      for (const target of candidate.objects) if (deploys(deployed, target.uri)) builder.edge({ from: id, to: workloadId(target), kind: 'deploys', label: 'syncs', sources: [at] });
    }
  }
}

export const kubernetesSystem: SystemContributor = {
  contribute(builder) {
    const graph = KubernetesGraph.of(builder.index);
    const namespaces = new Set<string>();
    for (const object of graph.all()) if (object.namespace) namespaces.add(object.namespace);
    let folders: Map<string, { folder: string; objects: KubernetesObject[] }[]> | undefined;
    const byFolder = () => (folders ??= workloadsByFolder(graph));
    for (const object of graph.all()) {
      if (object.name === undefined) continue;
      if (podSpecPath(object.kind) && object.kind !== 'Pod' && object.kind !== 'ReplicaSet') contributeWorkload(builder, object, graph, namespaces);
      else if (object.kind === 'Service' && object.apiVersion === 'v1') contributeService(builder, object, graph);
      else if (object.kind === 'Ingress') contributeIngress(builder, object, graph);
      else if ((object.kind === 'ServiceMonitor' || object.kind === 'PodMonitor') && object.apiVersion.startsWith('monitoring.coreos.com/')) contributeMonitor(builder, object, graph);
      else if (object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/')) contributeApplication(builder, object, byFolder);
    }
  },
};
