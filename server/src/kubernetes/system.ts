/**
 * The Kubernetes family's part of the system map: workloads (components, grouped by namespace), the
 * Services selecting them and the Ingresses routing to those, the images their containers run, the
 * addresses their environment and the ConfigMaps it reads name, what scrapes them (the
 * `prometheus.io/scrape` annotation, a ServiceMonitor or PodMonitor) and the Argo CD Applications
 * deploying their folder.
 */
import { deploymentUnit, type DeploymentInstance, type SystemBuilder, type SystemContributor, type SystemNode, type SystemSource } from '../features/system/contributor';
import { httpsPorts } from '../features/system/addresses';
import { isBrowserDestination } from '../features/system/browserUrls';
import { imageRepository } from '../features/system/images';
import { deploymentProject, sourceAt } from '../features/system/source';
import { projectOf, separateProjects } from './systemProjects';
import { patchLine } from './systemPatches';
import { spansOnce } from './systemSpans';
import { itemsOf, listItems } from './systemLists';
import { skaffoldArtifacts } from './systemSkaffold';
import { deployedFiles, deploys } from './systemDeployed';
import { recordDrawn } from './systemDrawn';
import { addresses, hostVariables } from './systemHosts';
import { configMapReaders, configValues, keyRefValue, type ConfigRead } from './systemConfigMaps';
import { technologyOfImage } from '../features/system/technology';
import { KubernetesGraph, sameNamespace, type KubernetesObject } from './model/objects';
import { locate, nameLine } from './checks/context';
import { ingressRoutes } from './systemIngress';
import { selectedWorkloads } from './checks/selectors';
import { serviceWaysIn } from './serviceTarget';
import { kustomizeBuild, topKustomizations, type BuiltObject } from './model/kustomizeBuild';
import { commandNamespaces } from './model/kustomize';
import { clusterScoped, containersOf, declaredReplicas, get, isObject, podLabelsPath, podSpecPath, selects, stringMap, type JsonObject, type Path } from './model/workloads';

const jobs = new Set(['Job', 'CronJob']);

/** Images that run beside a program, never as it. */
const sidecar = /(^|\/)(cloud-sql-proxy|cloudsql-proxy|proxyv2|linkerd-proxy|vault-agent|oauth2-proxy|esp|esp-v2|gce-proxy)(:|@|$)/i;

/**
 * An object's node id: kind, namespace and name; an object a kustomization builds from another
 * folder's file (an overlay of a base) is an instance of its own, its kustomization's folder after `@`.
 */
export function workloadId(object: KubernetesObject): string {
  const id = `k8s:${object.kind}/${object.namespace ?? ''}/${object.name ?? ''}`;
  const folder = builtIn.get(object);
  if (folder !== undefined && folder !== object.uri.slice(0, object.uri.lastIndexOf('/'))) return `${id}@${folder}`;
  // The same kind, namespace and name in two projects of the workspace (two repositories side by side): two objects, each with its project.
  const project = projectOf.get(object);
  return project !== undefined ? `${id}@${project}` : id;
}

/** The kustomization folder a rendered object was built by. */
const builtIn = new WeakMap<KubernetesObject, string>();

/**
 * The name a rendered object has in the manifest it comes from when a kustomization prefixed or suffixed it (`api` for
 * overlays/prod's `prod-api`): the component's name, the same in every overlay; the rendered name stays its id and its DNS name.
 */
const logicalNames = new WeakMap<KubernetesObject, string>();

/** The name to show for an object: its manifest's when a kustomization's prefix or suffix made the rendered one. */
function shownName(object: KubernetesObject): string {
  return logicalNames.get(object) ?? object.name ?? '(unnamed)';
}

/** What a kustomize build made of an object: the manifest it comes from and the kustomizations that patched it. */
const renderedFrom = new WeakMap<KubernetesObject, BuiltObject>();

/** Where a path of an object is said; the object's name line for a summary's stand-in (no parse). */
function objectSource(builder: SystemBuilder, object: KubernetesObject, path: Path, part: 'key' | 'value' = 'value'): SystemSource {
  const built = renderedFrom.get(object);
  // A value a kustomize patch wrote (or changed) is said by the patch: the last kustomization or component that patched the object.
  const patcher = built?.patchedBy?.[built.patchedBy.length - 1];
  if (built && patcher && JSON.stringify(get(built.origin?.value, path) ?? null) !== JSON.stringify(get(object.value, path) ?? null)) {
    // The line of the patch file that writes the value (a strategic merge patch of the object, beside its kustomization); else the kustomization's `patches:`.
    const written = patchLine(builder, patcher, built.origin, object, path, part);
    if (written) return written;
    const field = ['patches', 'patchesStrategicMerge', 'patchesJson6902'].find((f) => patcher.value[f] !== undefined) ?? 'patches';
    return objectSource(builder, patcher, [field], 'key');
  }
  const file = builder.index.get(object.uri);
  const item = listItems.get(object);
  const [start, end] = locate(object, item ? [...item, ...path] : path, part, spansOnce(builder, object));
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
  const scopes = object.namespace ? [`k8s:${object.namespace}`, 'k8s'] : ['k8s:', 'k8s:*', 'k8s'];
  return projectScopes ? [`${scopes[0]}@${deploymentProject(object.uri)}`, ...scopes] : scopes;
}

/** Whether two objects may select or route to each other: always, but between two projects of a workspace that has several (separateProjects). */
function sameProject(a: KubernetesObject, b: KubernetesObject): boolean {
  return !projectScopes || deploymentProject(a.uri) === deploymentProject(b.uri);
}

/** Whether names are looked up in the writer's project first: the workspace holds several projects' objects of one name (separateProjects). */
let projectScopes = false;

/** The pod template's `app.kubernetes.io/name` label, else its `app` label. */
function appLabel(object: KubernetesObject): string | undefined {
  const path = podLabelsPath(object.kind);
  const labels = path ? stringMap(get(object.value, path)) : undefined;
  return labels?.['app.kubernetes.io/name'] ?? labels?.app;
}

/** The ConfigMap keys a container names itself: `$(KEY)` in its env values, command and args. */
function namedKeys(container: JsonObject): Set<string> {
  const keys = new Set<string>();
  const texts: string[] = [];
  for (const field of ['command', 'args'] as const) if (Array.isArray(container[field])) for (const item of container[field] as unknown[]) if (typeof item === 'string') texts.push(item);
  if (Array.isArray(container.env)) for (const variable of container.env) if (typeof get(variable, ['value']) === 'string') texts.push(get(variable, ['value']) as string);
  for (const text of texts) for (const match of text.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g)) keys.add(match[1]);
  return keys;
}

interface Context {
  graph: KubernetesGraph;
  namespaces: ReadonlySet<string>;
  /** The images skaffold builds in the workspace (artifact names, without tag). */
  artifacts: ReadonlySet<string>;
}

/** `deployment`: the instance the workload is part of (a kustomize build, a chart's release, a folder of manifests). */
function contributeWorkload(builder: SystemBuilder, object: KubernetesObject, context: Context, deployment: DeploymentInstance | undefined): void {
  const { graph, namespaces } = context;
  const id = workloadId(object);
  const containers = containersOf(object.value, object.kind).filter((c) => c.kind !== 'ephemeralContainers');
  // The main container: the first that is not a sidecar (a Cloud SQL proxy, a mesh proxy) — a patch may have put one first.
  const main = containers.find((c) => c.kind === 'containers' && !(typeof c.container.image === 'string' && sidecar.test(c.container.image))) ?? containers.find((c) => c.kind === 'containers') ?? containers[0];
  const mainImage = typeof main?.container.image === 'string' ? main.container.image : undefined;
  const technology = mainImage ? technologyOfImage(mainImage) : undefined;
  const kind = jobs.has(object.kind) ? 'job' : technology?.kind === 'datastore' || technology?.kind === 'broker' ? technology.kind : 'service';
  const ports = containers.flatMap((c) => (Array.isArray(c.container.ports) ? c.container.ports.flatMap((p) => (typeof get(p, ['containerPort']) === 'number' ? [get(p, ['containerPort']) as number] : [])) : []));
  const parent = namespaceNode(builder, object);
  const label = appLabel(object);
  const repository = mainImage ? imageRepository(mainImage) : undefined;
  const artifact = repository && context.artifacts.has(repository) ? repository : undefined;
  const identity = label || artifact ? { ...(label ? { label } : {}), ...(artifact ? { artifact } : {}) } : undefined;
  const node = builder.node({
    id, kind, name: shownName(object), ...(parent ? { parent } : {}), ...(object.namespace ? { namespace: object.namespace } : {}),
    ...(technology ? { technology: technology.name } : {}), resource: object.kind, ...(repository ? { image: repository } : {}), ports, sources: [objectSource(builder, object, ['metadata', 'name'])],
    ...(identity ? { identity } : {}), replicas: declaredReplicas(object.kind, object.value), ...(deployment ? { deployment: { ...deployment, ...(object.namespace ? { namespace: object.namespace } : {}) } } : {}),
  });
  recordDrawn(node, object, graph);
  const reading: ConfigRead = { from: id, namespace: object.namespace, scopes: () => scopesOf(object), place: (map, entry) => objectSource(builder, map, ['data', entry]) };
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
        const name = get(variable, ['name']); // with its addresses: a setting the program may never read (KeyRead.never)
        if (typeof value === 'string' && !isBrowserDestination(String(name))) addresses(builder, id, () => scopesOf(object), value, () => objectSource(builder, object, [...ref.path, 'env', i, 'value']), namespaces, false, undefined, typeof name === 'string' ? name : undefined);
        const key = get(variable, ['valueFrom', 'configMapKeyRef']);
        if (isObject(key) && typeof key.name === 'string' && typeof key.key === 'string') configValues(builder, reading, graph, key.name, new Set([key.key]), namespaces, 'keys');
      });
      // A value taken from a ConfigMap or a Secret is said where it is kept: for the host and port its key names only.
      const variables = env.flatMap((variable, i) => {
        const [name, value] = [get(variable, ['name']), get(variable, ['value'])];
        const held = typeof value === 'string' ? { value, object, path: [...ref.path, 'env', i, 'value'] } : keyRefValue(graph, object.namespace, get(variable, ['valueFrom']));
        return typeof name === 'string' && held ? [{ key: name, value: held.value, at: () => objectSource(builder, held.object, held.path) }] : [];
      });
      hostVariables(builder, id, variables, (host) => graph.find('Service', host, object.namespace).length > 0, scopesOf(object), namespaces);
    }
    const envFrom = ref.container.envFrom;
    if (Array.isArray(envFrom)) {
      // A ConfigMap read whole: its addresses are possible calls, certain only for the keys the container names — or all of
      // them when this workload alone reads it (a chart's own ConfigMap of its settings: its env moved aside, issue #95).
      // A Job reading one long-running workloads read too runs once: its calls there are its own to a database only (issue #95).
      const named = namedKeys(ref.container);
      for (const source of envFrom) {
        const name = get(source, ['configMapRef', 'name']);
        if (typeof name !== 'string') continue;
        const readers = configMapReaders(graph).get(`${object.namespace ?? ''}\0${name}`);
        const own = readers?.size === 1 && readers.has(object);
        const once = object.kind === 'Job' && [...(readers ?? [])].some((r) => !jobs.has(r.kind)) ? objectSource(builder, object, ['kind']) : undefined;
        configValues(builder, { ...reading, ...(once ? { oneShot: once } : {}) }, graph, name, named, namespaces, own ? 'all' : 'possible');
      }
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

function contributeService(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph, unit: string | undefined): void {
  const id = workloadId(object);
  const ports = get(object.value, ['spec', 'ports']);
  const numbers = Array.isArray(ports) ? ports.flatMap((p) => (typeof get(p, ['port']) === 'number' ? [get(p, ['port']) as number] : [])) : [];
  const parent = namespaceNode(builder, object);
  builder.node({ id, kind: 'endpoint', name: shownName(object), technology: `Service ${String(get(object.value, ['spec', 'type']) ?? 'ClusterIP')}`, ...(parent ? { parent } : {}), ...(object.namespace ? { namespace: object.namespace } : {}), ports: numbers, sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const name = object.name ?? '';
  builder.answers(id, `k8s:${object.namespace ?? ''}`, [name], unit);
  if (projectScopes) builder.answers(id, `k8s:${object.namespace ?? ''}@${deploymentProject(object.uri)}`, [name], unit);
  if (object.namespace) builder.answers(id, 'k8s', [`${name}.${object.namespace}`, `${name}.${object.namespace}.svc`, `${name}.${object.namespace}.svc.cluster.local`], unit);
  const targetPort = Array.isArray(ports) && ports.length === 1 ? get(ports[0], ['targetPort']) : undefined;
  for (const workload of selectedWorkloads(object, graph)) {
    if (!sameProject(object, workload)) continue;
    builder.edge({ from: id, to: workloadId(workload), kind: 'routes', label: typeof targetPort === 'number' || typeof targetPort === 'string' ? `selects → ${String(targetPort)}` : 'selects', sources: [objectSource(builder, object, ['spec', 'selector'], 'key')] });
  }
  const type = get(object.value, ['spec', 'type']);
  if (type === 'LoadBalancer' || type === 'NodePort') {
    const ways = serviceWaysIn(ports, type === 'NodePort', selectedWorkloads(object, graph).filter((w) => sameProject(object, w)));
    for (const { port, target } of ways) {
      const tls = target !== undefined && servesHttps(object, graph, target) ? { protocol: 'HTTPS' } : {};
      builder.entry({ to: id, via: type === 'LoadBalancer' ? 'load-balancer' : 'node-port', ...(port !== undefined ? { port } : {}), ...(target !== undefined ? { target } : {}), label: ways.length > 1 && port !== undefined ? `${type} :${port}` : type, ...tls, source: objectSource(builder, object, ['spec', 'type']) });
    }
  }
}

/** Whether every workload a Service selects serves HTTPS on the target port, as its containers' `env` values tell Kestrel (#95). */
function servesHttps(service: KubernetesObject, graph: KubernetesGraph, target: number): boolean {
  const workloads = selectedWorkloads(service, graph).filter((w) => sameProject(service, w));
  return workloads.length > 0 && workloads.every((workload) => containersOf(workload.value, workload.kind).some(({ container, kind }) => {
    const env = kind === 'containers' && Array.isArray(container.env) ? container.env : [];
    return httpsPorts(env.flatMap((v) => (isObject(v) && typeof v.name === 'string' && typeof v.value === 'string' ? [{ key: v.name, value: v.value }] : []))).has(target);
  }));
}

function contributeIngress(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph): void {
  const id = workloadId(object);
  const parent = namespaceNode(builder, object);
  const rules = get(object.value, ['spec', 'rules']);
  const hosts = Array.isArray(rules) ? rules.flatMap((r) => (typeof get(r, ['host']) === 'string' ? [get(r, ['host']) as string] : [])) : [];
  builder.node({ id, kind: 'endpoint', name: object.name ?? '(unnamed)', technology: 'Ingress', ...(parent ? { parent } : {}), ...(object.namespace ? { namespace: object.namespace } : {}), sources: [objectSource(builder, object, ['metadata', 'name'])] });
  builder.entry({ to: id, via: 'ingress', label: hosts.length > 0 ? hosts.join(', ') : 'HTTP', protocol: 'HTTP', source: objectSource(builder, object, ['spec', hosts.length > 0 ? 'rules' : 'defaultBackend'], 'key') });
  for (const route of ingressRoutes(object.value)) {
    for (const service of graph.find('Service', route.service, object.namespace)) {
      if (!sameProject(object, service)) continue;
      builder.edge({ from: id, to: workloadId(service), kind: 'routes', label: ['routes', route.rule, route.port !== undefined ? `→ ${String(route.port)}` : undefined].filter((p) => p !== undefined).join(' '), ...(typeof route.port === 'number' ? { port: route.port } : {}), sources: [objectSource(builder, object, route.at)] });
    }
  }
}

/**
 * A ServiceMonitor or PodMonitor (prometheus-operator), a PodMonitoring or ClusterPodMonitoring (Google
 * Managed Prometheus): scrapes what its selector selects; the probe targets its endpoints pass
 * (`params.target`, a blackbox exporter's) are probed.
 */
function contributeMonitor(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph, namespaces: ReadonlySet<string>): void {
  const id = workloadId(object);
  builder.node({ id, kind: 'monitor', name: object.name ?? '(unnamed)', technology: object.apiVersion.startsWith('monitoring.googleapis.com/') ? `Managed Prometheus ${object.kind}` : object.kind, ...(object.namespace ? { namespace: object.namespace } : {}), sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const selector = get(object.value, ['spec', 'selector']);
  const source = objectSource(builder, object, ['spec', 'selector'], 'key');
  const pods = object.kind !== 'ServiceMonitor';
  const candidates = pods ? graph.all() : graph.ofKind('Service');
  for (const target of candidates) {
    if (object.kind === 'PodMonitoring' && !sameNamespace(target.namespace, object.namespace)) continue;
    const labels = pods ? (podSpecPath(target.kind) ? stringMap(get(target.value, podLabelsPath(target.kind) ?? [])) : undefined) : stringMap(get(target.value, ['metadata', 'labels']));
    if (!labels || !selects(selector, labels)) continue;
    builder.edge({ from: id, to: workloadId(target), kind: 'scrapes', label: 'scrapes', sources: [source] });
  }
  const endpoints = get(object.value, ['spec', 'endpoints']);
  if (Array.isArray(endpoints)) endpoints.forEach((endpoint, i) => {
    const targets = get(endpoint, ['params', 'target']);
    if (Array.isArray(targets)) targets.forEach((target, j) => {
      if (typeof target === 'string') addresses(builder, id, () => scopesOf(object), target, () => objectSource(builder, object, ['spec', 'endpoints', i, 'params', 'target', j]), namespaces, false, { kind: 'scrapes', label: 'probes' });
    });
  });
}

/** A Probe (prometheus-operator): its prober probes the static targets (`frontend:80`) and the Ingresses it names. */
function contributeProbe(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph, namespaces: ReadonlySet<string>): void {
  const id = workloadId(object);
  builder.node({ id, kind: 'monitor', name: object.name ?? '(unnamed)', technology: 'Prometheus Probe', ...(object.namespace ? { namespace: object.namespace } : {}), sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const statics = get(object.value, ['spec', 'targets', 'staticConfig', 'static']);
  if (Array.isArray(statics)) statics.forEach((target, i) => {
    // `userservice:8080/ready`: an address with a path.
    if (typeof target === 'string') addresses(builder, id, () => scopesOf(object), target.replace(/^([^/:]+:\d+)\/.*$/, '$1'), () => objectSource(builder, object, ['spec', 'targets', 'staticConfig', 'static', i]), namespaces, false, { kind: 'scrapes', label: 'probes' });
  });
  const selector = get(object.value, ['spec', 'targets', 'ingress', 'selector']);
  if (selector !== undefined) {
    for (const ingress of graph.ofKind('Ingress')) if (selects(selector, stringMap(get(ingress.value, ['metadata', 'labels'])))) builder.edge({ from: id, to: workloadId(ingress), kind: 'scrapes', label: 'probes', sources: [objectSource(builder, object, ['spec', 'targets', 'ingress'], 'key')] });
  }
  const prober = get(object.value, ['spec', 'prober', 'url']);
  if (typeof prober === 'string') addresses(builder, id, () => scopesOf(object), prober, () => objectSource(builder, object, ['spec', 'prober', 'url']), namespaces, false, { kind: 'calls', label: 'probes through' });
}

const gatewayApi = (object: KubernetesObject) => object.apiVersion.startsWith('gateway.networking.k8s.io/');
const istio = (object: KubernetesObject) => object.apiVersion.startsWith('networking.istio.io/');

/** A Gateway (Gateway API or Istio): a way in from outside, at its first listener's port. */
function contributeGateway(builder: SystemBuilder, object: KubernetesObject): void {
  const id = workloadId(object);
  const parent = namespaceNode(builder, object);
  builder.node({ id, kind: 'endpoint', name: object.name ?? '(unnamed)', technology: istio(object) ? 'Istio Gateway' : 'Gateway', resource: object.kind, ...(parent ? { parent } : {}), ...(object.namespace ? { namespace: object.namespace } : {}), sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const port = istio(object) ? get(object.value, ['spec', 'servers', 0, 'port', 'number']) : get(object.value, ['spec', 'listeners', 0, 'port']);
  const hosts = istio(object) ? get(object.value, ['spec', 'servers', 0, 'hosts']) : get(object.value, ['spec', 'listeners', 0, 'hostname']);
  const named = (Array.isArray(hosts) ? hosts : [hosts]).filter((h): h is string => typeof h === 'string' && h !== '*');
  builder.entry({ to: id, via: 'gateway', ...(typeof port === 'number' ? { port } : {}), label: named.length > 0 ? named.join(', ') : typeof port === 'number' ? `:${port}` : 'gateway', protocol: 'HTTP', source: objectSource(builder, object, ['spec', istio(object) ? 'servers' : 'listeners'], 'key') });
}

/**
 * A route from a Gateway to Services: an HTTPRoute or GRPCRoute (its parentRefs → its backendRefs),
 * an Istio VirtualService bound to gateways (its `gateways` → its destinations' hosts).
 */
function contributeRoute(builder: SystemBuilder, object: KubernetesObject, graph: KubernetesGraph): void {
  const pairs: { gateways: string[]; services: { name: string; path: Path }[] } = { gateways: [], services: [] };
  if (istio(object)) {
    const gateways = get(object.value, ['spec', 'gateways']);
    if (Array.isArray(gateways)) for (const g of gateways) if (typeof g === 'string' && g !== 'mesh') pairs.gateways.push(g.slice(g.lastIndexOf('/') + 1));
    for (const protocol of ['http', 'tcp', 'tls'] as const) {
      const rules = get(object.value, ['spec', protocol]);
      if (Array.isArray(rules)) rules.forEach((rule, i) => {
        const routes = get(rule, ['route']);
        if (Array.isArray(routes)) routes.forEach((route, j) => {
          const host = get(route, ['destination', 'host']);
          if (typeof host === 'string') pairs.services.push({ name: host.split('.')[0], path: ['spec', protocol, i, 'route', j, 'destination', 'host'] });
        });
      });
    }
  } else {
    const parents = get(object.value, ['spec', 'parentRefs']);
    if (Array.isArray(parents)) for (const ref of parents) if (typeof get(ref, ['name']) === 'string' && (get(ref, ['kind']) ?? 'Gateway') === 'Gateway') pairs.gateways.push(get(ref, ['name']) as string);
    const rules = get(object.value, ['spec', 'rules']);
    if (Array.isArray(rules)) rules.forEach((rule, i) => {
      const backends = get(rule, ['backendRefs']);
      if (Array.isArray(backends)) backends.forEach((backend, j) => {
        if (typeof get(backend, ['name']) === 'string' && (get(backend, ['kind']) ?? 'Service') === 'Service') pairs.services.push({ name: get(backend, ['name']) as string, path: ['spec', 'rules', i, 'backendRefs', j, 'name'] });
      });
    });
  }
  for (const gatewayName of pairs.gateways) {
    for (const gateway of graph.find('Gateway', gatewayName, object.namespace)) {
      for (const { name, path } of pairs.services) {
        for (const service of graph.find('Service', name, object.namespace)) builder.edge({ from: workloadId(gateway), to: workloadId(service), kind: 'routes', label: `routes (${object.kind})`, sources: [objectSource(builder, object, path)] });
      }
    }
  }
}

/** The folder paths (`guestbook`, `apps/sock-shop/base`) an Argo CD Application's sources sync, with where each is said. */
function applicationPaths(builder: SystemBuilder, object: KubernetesObject): { path: string; source: SystemSource; recurse?: boolean; namespace?: string }[] {
  const destination = get(object.value, ['spec', 'destination', 'namespace']);
  const namespace = typeof destination === 'string' && destination !== '' ? destination : undefined;
  const sources: Path[] = [['spec', 'source']];
  const many = get(object.value, ['spec', 'sources']);
  if (Array.isArray(many)) many.forEach((_, i) => sources.push(['spec', 'sources', i]));
  const out: { path: string; source: SystemSource; recurse?: boolean; namespace?: string }[] = [];
  for (const path of sources) {
    const folder = get(object.value, [...path, 'path']);
    if (typeof folder !== 'string' || get(object.value, [...path, 'chart']) !== undefined) continue;
    const clean = folder.replace(/^\.\/?/, '').replace(/\/$/, '');
    if (clean === '' || clean.includes('*')) continue;
    // Argo CD reads a plain folder's subfolders only with directory.recurse.
    out.push({ path: clean, source: objectSource(builder, object, [...path, 'path']), ...(get(object.value, [...path, 'directory', 'recurse']) === true ? { recurse: true } : {}), ...(namespace ? { namespace } : {}) });
  }
  return out;
}

/**
 * Applications whose targets are looked for once every family has spoken (refine): an Application a
 * Helm chart writes (Argo CD's app of apps) is read from the chart's render, where the folders it
 * syncs are not; its node is the key.
 */
const pendingApplications = new WeakMap<SystemNode, { path: string; source: SystemSource; recurse?: boolean; namespace?: string }[]>();

/** An Argo CD Application deploys the workloads of the folder its source names. */
function contributeApplication(builder: SystemBuilder, object: KubernetesObject): void {
  const id = workloadId(object);
  const node = builder.node({ id, kind: 'pipeline', name: object.name ?? '(unnamed)', technology: 'Argo CD Application', sources: [objectSource(builder, object, ['metadata', 'name'])] });
  const paths = applicationPaths(builder, object);
  if (paths.length > 0) pendingApplications.set(node, [...(pendingApplications.get(node) ?? []), ...paths]);
}

/** Whether Argo CD applies an object into an Application's `destination.namespace`: it names none and is namespaced (an Application stays where it is written). */
function takesDestination(object: KubernetesObject): boolean {
  return object.namespace === undefined && !clusterScoped.has(object.kind) && object.kind !== 'Application';
}

/**
 * A kustomization an Application syncs, built as Argo CD builds it, its objects without a namespace in its `destination.namespace`:
 * one no top-level build rendered as itself (argocd-example-apps' kustomize-guestbook, which pre-post-sync also lists), or a
 * top-level one (its nodes without a namespace then `moved`). Returns whether the folder is a kustomization.
 */
function buildSynced(builder: SystemBuilder, folder: string, namespace: string | undefined, graph: KubernetesGraph, done: Set<string>, moved: Set<string>): boolean {
  const key = `${folder}\0${namespace ?? ''}`;
  if (done.has(key)) return true;
  const output = kustomizeBuild(folder, graph, (uri) => builder.index.get(uri)?.text);
  if (!output) return false;
  done.add(key);
  const objects = renderedObjects(output, folder);
  for (const object of namespace ? objects.filter(takesDestination) : []) {
    if (builder.get(workloadId(object))) moved.add(workloadId(object));
    object.namespace = namespace;
  }
  const namespaces = new Set<string>();
  for (const object of objects) if (object.namespace) namespaces.add(object.namespace);
  const instance = kustomizeInstance(folder);
  contributeObjects(builder, objects, { graph: KubernetesGraph.ofObjects(objects), namespaces, artifacts: skaffoldArtifacts(builder) }, () => instance);
  return true;
}

/** A plain folder's objects an Application syncs into its `destination.namespace` that name none: contributed there, their nodes without one `moved`. */
function placeSynced(builder: SystemBuilder, objects: readonly KubernetesObject[], namespace: string, moved: Set<string>): void {
  const placed = objects.filter(takesDestination).map((object) => {
    if (builder.get(workloadId(object))) moved.add(workloadId(object));
    const copy = { ...object, namespace };
    const project = projectOf.get(object);
    if (project !== undefined) projectOf.set(copy, project);
    return copy;
  });
  contributeObjects(builder, placed, { graph: KubernetesGraph.ofObjects(placed), namespaces: new Set([namespace]), artifacts: skaffoldArtifacts(builder) }, (object) => manifestsInstance(object.uri));
}

/** Each pending Application → the components whose lines are in the folder it syncs (what its kustomization builds, when it has one). */
function linkApplications(builder: SystemBuilder): void {
  const applications = [...builder.nodes()].flatMap((node) => {
    const paths = pendingApplications.get(node);
    return paths ? [{ node, paths }] : [];
  });
  if (applications.length === 0) return;
  const graph = KubernetesGraph.of(builder.index);
  // The kustomizations built as themselves (top-level ones, by contribute).
  const built = new Set<string>();
  for (const node of builder.nodes()) if (node.deployment?.tool === 'kustomize') built.add(node.deployment.folder);
  const done = new Set<string>();
  // Nodes of objects without a namespace an Application put in its destination's (dropped at the end unless one without a destination syncs them: kept).
  const [moved, kept, placed] = [new Set<string>(), new Set<string>(), new Set<string>()];
  const candidates = () => [...builder.nodes()].filter((n) => n.id.startsWith('k8s:') && n.kind !== 'pipeline' && n.kind !== 'namespace' && n.kind !== 'endpoint' && n.kind !== 'monitor' && n.sources.length > 0);
  let components = candidates();
  for (const { node, paths } of applications) {
    for (const { path, source, recurse, namespace } of paths) {
      const suffix = `/${path.split('/').map(encodeURIComponent).join('/')}`;
      const folders = new Set<string>();
      for (const component of components) {
        for (const { uri } of component.sources) {
          for (let folder = uri.slice(0, uri.lastIndexOf('/')); folder.includes('/'); folder = folder.slice(0, folder.lastIndexOf('/'))) if (folder.endsWith(suffix)) folders.add(folder);
        }
      }
      for (const folder of folders) {
        // A kustomization is what its own build renders, not another's render of its files (pre-post-sync's of kustomize-guestbook's); built again into a namespace.
        const kustomized = (built.has(folder) && !namespace) || buildSynced(builder, folder, namespace, graph, done, moved) || built.has(folder);
        if (kustomized && (!built.has(folder) || namespace)) {
          built.add(folder);
          components = candidates();
        }
        const deployed = deployedFiles(folder, builder);
        // A plain folder (no kustomization) without directory.recurse: its own files, not its subfolders'.
        const flat = !recurse && deployed.files.size === 0 && deployed.under.length === 1 && deployed.under[0] === folder;
        const synced = (uri: string) => (flat ? uri.slice(0, uri.lastIndexOf('/')) === folder : deploys(deployed, uri));
        if (!kustomized && namespace && !placed.has(`${folder}\0${namespace}`)) {
          placed.add(`${folder}\0${namespace}`);
          placeSynced(builder, [...graph.all()].filter((object) => synced(object.uri)), namespace, moved);
          components = candidates();
        }
        for (const component of components) {
          const by = component.deployment;
          if (namespace && moved.has(component.id)) continue;
          // A kustomization syncs what its own build renders (its bases' files included); a plain folder its files, not another kustomization's or a chart's render of them.
          const syncs = kustomized ? by?.tool === 'kustomize' && by.folder === folder && (!namespace || component.namespace !== undefined) : !(by && (by.tool === 'kustomize' || by.tool === 'helm')) && component.sources.some((s) => synced(s.uri));
          if (syncs) builder.edge({ from: node.id, to: component.id, kind: 'deploys', label: 'syncs', sources: [source] });
          if (syncs && !namespace) kept.add(component.id);
        }
      }
    }
  }
  builder.drop(new Set([...moved].filter((id) => !kept.has(id))));
}

/** The instance a kustomize build is: its folder, named by its place (`kustomize`, `overlays/staging`, `tests/memorystore-with-all-components`). */
function kustomizeInstance(folder: string): DeploymentInstance {
  const segments = folder.split('/').map(decodeURIComponent);
  const last = segments[segments.length - 1];
  const parent = segments[segments.length - 2];
  const grouped = ['overlays', 'tests', 'environments', 'envs', 'variants', 'clusters'].includes(parent ?? '');
  return { tool: 'kustomize', name: grouped ? `${parent}/${last}` : last, folder };
}

/** The instance plain manifests are: their folder; a Helm render's (its templates' chart) a release of that chart. */
function manifestsInstance(uri: string): DeploymentInstance {
  const templates = uri.lastIndexOf('/templates/');
  if (templates > 0) {
    const root = uri.slice(0, templates);
    return { tool: 'helm', name: decodeURIComponent(root.slice(root.lastIndexOf('/') + 1)), folder: root };
  }
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  return { tool: 'manifests', name: decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1)), folder };
}

/** A kustomize build's objects as the workspace's: the manifest each comes from (its lines), its rendered value, name and namespace. */
function renderedObjects(built: readonly BuiltObject[], folder: string): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  for (const item of built) {
    const base = item.origin ?? item.madeBy;
    if (!base) continue;
    const metadata = isObject(item.value.metadata) ? item.value.metadata : {};
    const kind = typeof item.value.kind === 'string' ? item.value.kind : base.kind;
    const object: KubernetesObject = {
      uri: base.uri, document: base.document, chunk: base.chunk, offset: base.offset, range: base.range,
      apiVersion: typeof item.value.apiVersion === 'string' ? item.value.apiVersion : base.apiVersion,
      kind, name: typeof metadata.name === 'string' ? metadata.name : undefined,
      namespace: clusterScoped.has(kind) || typeof metadata.namespace !== 'string' ? undefined : metadata.namespace,
      value: item.value,
      ...(base.nameLine !== undefined ? { nameLine: base.nameLine } : {}),
    };
    renderedFrom.set(object, item);
    builtIn.set(object, folder);
    const written = item.origin?.name;
    if (written && object.name && object.name !== written && object.name.includes(written) && object.kind === item.origin?.kind) logicalNames.set(object, written);
    out.push(object);
  }
  return out;
}

function contributeObjects(builder: SystemBuilder, objects: Iterable<KubernetesObject>, context: Context, instanceOf: (object: KubernetesObject) => DeploymentInstance | undefined): void {
  const { graph, namespaces } = context;
  for (const object of objects) {
    if (object.name === undefined) continue;
    if (podSpecPath(object.kind) && object.kind !== 'Pod' && object.kind !== 'ReplicaSet') contributeWorkload(builder, object, context, instanceOf(object));
    else if (object.kind === 'Service' && object.apiVersion === 'v1') contributeService(builder, object, graph, deploymentUnit(instanceOf(object))); // its deployment's callers reach it first (#95)
    else if (object.kind === 'Ingress') contributeIngress(builder, object, graph);
    else if ((object.kind === 'ServiceMonitor' || object.kind === 'PodMonitor') && object.apiVersion.startsWith('monitoring.coreos.com/')) contributeMonitor(builder, object, graph, namespaces);
    else if ((object.kind === 'PodMonitoring' || object.kind === 'ClusterPodMonitoring') && object.apiVersion.startsWith('monitoring.googleapis.com/')) contributeMonitor(builder, object, graph, namespaces);
    else if (object.kind === 'Probe' && object.apiVersion.startsWith('monitoring.coreos.com/')) contributeProbe(builder, object, graph, namespaces);
    else if (object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/')) contributeApplication(builder, object);
    else if (object.kind === 'Gateway' && (gatewayApi(object) || istio(object))) contributeGateway(builder, object);
    else if (((object.kind === 'HTTPRoute' || object.kind === 'GRPCRoute') && gatewayApi(object)) || (object.kind === 'VirtualService' && istio(object))) contributeRoute(builder, object, graph);
  }
}

/** The workspace's (or a render's) objects on the map; `namespace`: where those naming none go (a chart's Application's destination, #79). */
export function contributeKubernetes(builder: SystemBuilder, namespace?: string): void {
  const indexed = KubernetesGraph.of(builder.index);
  const graph = namespace ? KubernetesGraph.ofObjects([...indexed.all()].map((object) => (object.namespace === undefined && !clusterScoped.has(object.kind) ? { ...object, namespace } : object))) : indexed;
  const namespaces = new Set<string>();
  for (const object of graph.all()) if (object.namespace) namespaces.add(object.namespace);
  const artifacts = skaffoldArtifacts(builder);
  // kustomize applied: each kustomization no other one lists is built as `kustomize build` builds it;
  // the files it reads are drawn from its output, not as they are written.
  const built = new Set<string>();
  const renders: { folder: string; objects: KubernetesObject[] }[] = [];
  for (const folder of topKustomizations(graph)) {
    // Every file the build read is its (a file whose objects a `$patch: delete` removed, a patch file: not plain manifests).
    const read = new Set<string>();
    const output = kustomizeBuild(folder, graph, (uri) => builder.index.get(uri)?.text, read);
    if (!output) continue;
    for (const uri of read) built.add(uri);
    for (const item of output) if (item.origin) built.add(item.origin.uri);
    renders.push({ folder, objects: renderedObjects(output, folder) });
  }
  let plain = [...graph.all()].filter((object) => !built.has(object.uri));
  // `kind: List`'s items are objects like the others (their Services select them, their addresses are read).
  const items = plain.filter((object) => object.kind === 'List' && object.apiVersion === 'v1').flatMap(itemsOf);
  if (items.length > 0) plain = [...plain.filter((object) => object.kind !== 'List'), ...items];
  // A file a script applies with `kubectl apply -n x` puts its objects naming no namespace in x (their Services answer `svc.x`).
  const applied = namespace ? undefined : commandNamespaces(indexed);
  const placed = applied && applied.size > 0 ? plain.map((object) => (object.namespace === undefined && !clusterScoped.has(object.kind) && applied.has(object.uri) ? { ...object, namespace: applied.get(object.uri) } : object)) : plain;
  const moved = placed.some((object, i) => object !== plain[i]);
  plain = placed;
  for (const object of plain) if (object.namespace) namespaces.add(object.namespace);
  const plainGraph = items.length > 0 || moved ? KubernetesGraph.ofObjects(plain) : graph;
  projectScopes = separateProjects(plain);
  for (const { folder, objects } of renders) {
    for (const object of objects) if (object.namespace) namespaces.add(object.namespace);
    const instance = kustomizeInstance(folder);
    contributeObjects(builder, objects, { graph: KubernetesGraph.ofObjects(objects), namespaces, artifacts }, () => instance);
  }
  // One instance per file (a file's 500 objects share it; each workload's node copies it with its namespace).
  const instances = new Map<string, DeploymentInstance>();
  const instanceOf = (object: KubernetesObject): DeploymentInstance => {
    let instance = instances.get(object.uri);
    if (!instance) instances.set(object.uri, (instance = manifestsInstance(object.uri)));
    return instance;
  };
  contributeObjects(builder, plain, { graph: plainGraph, namespaces, artifacts }, instanceOf);
}

export const kubernetesSystem: SystemContributor = { contribute: (builder) => contributeKubernetes(builder), refine: linkApplications };
