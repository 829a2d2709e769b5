/**
 * Releases of charts the repository does not hold (issue #95): a Flux `HelmRelease` (v1 `helm.fluxcd.io/v1`, v2
 * `helm.toolkit.fluxcd.io/v2*`) whose chart comes from a `HelmRepository` or an OCI repository, an Argo CD
 * `Application` whose source is a registry's chart (`repoURL` + `chart` + `targetRevision`). The chart is never fetched
 * nor rendered (absent.ts lists it as not read); what the release says in the repository is read: its name, its
 * namespace, the chart's name, and its inline values (`values`, `valuesObject`, `parameters`, and `valuesFrom` a
 * ConfigMap or Secret of the repository). The system map (system.ts) draws each as one component typed by the chart's
 * name where the product is known (features/system/technology.ts), answering the names the chart family conventionally
 * gives its Services (see conventionalNames).
 */
import { get, KubernetesGraph, type KubernetesObject } from '../kubernetes/api';
import type { WorkspaceIndex } from '../workspace/index';
import { jsYaml } from '../yaml/jsYaml';
import { fromPlain, isMap, toPlain, type GoMap } from '../gotemplate/values';
import { parameterValues } from './setValues';
import { mergeValues } from './values';

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A release of a chart from a registry, as the repository declares it. */
export interface RemoteRelease {
  tool: 'flux' | 'argocd';
  /** The HelmRelease or the Application. */
  object: KubernetesObject;
  releaseName: string;
  /** Where the chart's objects go (`targetNamespace`, the Application's destination, else the object's own). */
  namespace?: string;
  /** The chart's name (`redis`, `ingress-nginx`). */
  chart: string;
  /** The repository as written (`https://charts.bitnami.com/bitnami`, `oci://…`, a HelmRepository's URL when the repository holds it). */
  repository?: string;
  version?: string;
  /** The path of the chart's name in the object (its place). */
  chartPath: (string | number)[];
  /** The values given inline and by `valuesFrom` (a ConfigMap or Secret of the repository), merged as the tool merges them. */
  values: Json;
  /** Where each written value is: the object and the path of the values' map in it (`spec.values`), or a YAML string (Argo's `helm.values`). */
  valueSources: ValueSource[];
  /** `valuesFrom` entries or value files the repository does not hold (not read). */
  unread: string[];
}

/** A map of values as written in a document of the repository. */
export interface ValueSource {
  object: KubernetesObject;
  /** The path of the map (or of the YAML string holding it) in the object. */
  path: (string | number)[];
  /** The map it gives. */
  values: Json;
  /** Written as a YAML string (Argo's `helm.values`, a ConfigMap's `values.yaml` key). */
  embedded: boolean;
  /** Written as Argo CD's `parameters` (a list of `name`/`value`: a value's place is its item's). */
  parameters?: true;
}

/** The maps of `sources` merged in order as Helm merges the user's values (values.ts), as plain data. In Maps: a `__proto__` key is data. */
function mergedValues(sources: readonly ValueSource[]): Json {
  let values: GoMap = new Map();
  for (const source of sources) {
    const map = fromPlain(source.values);
    if (isMap(map)) values = mergeValues(values, map);
  }
  return toPlain(values) as Json;
}

/** A YAML string read as a map of values (anything else: none). */
function parsedValues(yaml: unknown): Json | undefined {
  if (typeof yaml !== 'string' || yaml.length > 1_000_000) return undefined;
  try {
    return record(jsYaml().load(yaml, { schema: jsYaml().CORE_SCHEMA }));
  } catch {
    return undefined;
  }
}

/** The values a `valuesFrom` entry names in the repository: a ConfigMap's or a Secret's key (`values.yaml` unless said), with its place. */
function valuesFromObject(graph: KubernetesGraph, kind: string, name: string, key: string, namespace: string | undefined): ValueSource | undefined {
  for (const object of graph.find(kind, name, namespace)) {
    for (const field of kind === 'Secret' ? ['stringData', 'data'] : ['data']) {
      const raw = record(get(object.value, [field]))?.[key];
      if (typeof raw !== 'string') continue;
      const yaml = field === 'data' && kind === 'Secret' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      const values = parsedValues(yaml);
      if (values) return { object, path: [field, key], values, embedded: true };
    }
  }
  return undefined;
}

/** A Flux HelmRelease's chart from a registry: its name, repository and version; undefined for a chart from a Git repository or a bucket (a path, maybe in the workspace). */
function fluxChart(graph: KubernetesGraph, object: KubernetesObject, v1: boolean): { chart: string; repository?: string; version?: string; path: (string | number)[] } | undefined {
  const spec = record(object.value.spec);
  if (v1) {
    const chart = record(spec?.chart);
    const name = text(chart?.name);
    if (!chart || name === undefined || chart.git !== undefined || chart.path !== undefined) return undefined;
    return { chart: name, ...(text(chart.repository) ? { repository: text(chart.repository) } : {}), ...(text(chart.version) ? { version: text(chart.version) } : {}), path: ['spec', 'chart', 'name'] };
  }
  const chartSpec = record(record(spec?.chart)?.spec);
  if (chartSpec) {
    const name = text(chartSpec.chart);
    const source = record(chartSpec.sourceRef);
    if (name === undefined || (text(source?.kind) ?? 'HelmRepository') !== 'HelmRepository') return undefined;
    const repository = text(source?.name) !== undefined ? graph.find('HelmRepository', text(source?.name)!, text(source?.namespace) ?? object.namespace)[0] : undefined;
    const url = text(get(repository?.value ?? {}, ['spec', 'url']));
    return { chart: name, ...(url !== undefined ? { repository: url } : {}), ...(text(chartSpec.version) ? { version: text(chartSpec.version) } : {}), path: ['spec', 'chart', 'spec', 'chart'] };
  }
  // `chartRef` to an OCIRepository: the chart is the last segment of its URL, when the repository holds it.
  const ref = record(spec?.chartRef);
  if (text(ref?.kind) !== 'OCIRepository' || text(ref?.name) === undefined) return undefined;
  const oci = graph.find('OCIRepository', text(ref?.name)!, text(ref?.namespace) ?? object.namespace)[0];
  const url = text(get(oci?.value ?? {}, ['spec', 'url']));
  const name = url?.replace(/(?<!\/)\/+$/, '').split('/').pop();
  if (url === undefined || name === undefined || name === '') return undefined;
  const tag = text(get(oci?.value ?? {}, ['spec', 'ref', 'tag'])) ?? text(get(oci?.value ?? {}, ['spec', 'ref', 'semver']));
  return { chart: name, repository: url.slice(0, url.length - name.length).replace(/(?<!\/)\/+$/, ''), ...(tag !== undefined ? { version: tag } : {}), path: ['spec', 'chartRef', 'name'] };
}

/** A Flux HelmRelease of a registry's chart, with its release name (Flux's defaults), namespace and values. */
function fluxRelease(graph: KubernetesGraph, object: KubernetesObject): RemoteRelease | undefined {
  const v1 = object.apiVersion === 'helm.fluxcd.io/v1';
  if (!v1 && !/^helm\.toolkit\.fluxcd\.io\/v2/.test(object.apiVersion)) return undefined;
  const found = fluxChart(graph, object, v1);
  if (!found || object.name === undefined) return undefined;
  const spec = record(object.value.spec) ?? {};
  const target = text(spec.targetNamespace);
  const namespace = target ?? object.namespace;
  // helm-operator (v1): `<namespace>-<name>`; helm-controller (v2): `<targetNamespace>-<name>` with a target namespace, else `<name>`.
  const releaseName = text(spec.releaseName) ?? (v1 ? `${object.namespace ?? 'default'}-${object.name}` : target !== undefined ? `${target}-${object.name}` : object.name);
  const valueSources: ValueSource[] = [];
  const unread: string[] = [];
  // valuesFrom first, in order; `values` over them (both versions).
  const from = Array.isArray(spec.valuesFrom) ? spec.valuesFrom.slice(0, 100) : [];
  for (const item of from) {
    const entry = record(item);
    if (!entry) continue;
    const ref = v1 ? (record(entry.configMapKeyRef) ?? record(entry.secretKeyRef)) : entry;
    const kind = v1 ? (entry.configMapKeyRef !== undefined ? 'ConfigMap' : entry.secretKeyRef !== undefined ? 'Secret' : undefined) : text(entry.kind);
    const name = text(ref?.name);
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || name === undefined) {
      if (entry.externalSourceRef !== undefined || entry.chartFileRef !== undefined) unread.push(JSON.stringify(entry));
      continue;
    }
    const key = text(v1 ? ref?.key : ref?.valuesKey) ?? 'values.yaml';
    const source = valuesFromObject(graph, kind, name, key, text(ref?.namespace) ?? object.namespace);
    if (!source) {
      unread.push(`${kind}/${name}`);
      continue;
    }
    // v2's targetPath puts the value at a path: only a whole values file is read here.
    if (!v1 && text(entry.targetPath) !== undefined) continue;
    valueSources.push(source);
  }
  const inline = record(spec.values);
  if (inline) {
    valueSources.push({ object, path: ['spec', 'values'], values: inline, embedded: false });
  }
  return { tool: 'flux', object, releaseName, ...(namespace !== undefined ? { namespace } : {}), chart: found.chart, ...(found.repository !== undefined ? { repository: found.repository } : {}), ...(found.version !== undefined ? { version: found.version } : {}), chartPath: found.path, values: mergedValues(valueSources), valueSources, unread };
}

/** An Argo CD Application's sources that are a registry's chart (`chart` given: Argo CD then reads `repoURL` as a Helm repository). */
function argoReleases(object: KubernetesObject): RemoteRelease[] {
  const found: RemoteRelease[] = [];
  if (!object.apiVersion.startsWith('argoproj.io/') || object.name === undefined) return found;
  const spec = record(object.value.spec);
  const namespace = text(get(object.value, ['spec', 'destination', 'namespace'])) ?? undefined;
  const sources: { source: Json; path: (string | number)[] }[] = [];
  if (record(spec?.source)) sources.push({ source: record(spec?.source)!, path: ['spec', 'source'] });
  if (Array.isArray(spec?.sources)) spec.sources.forEach((s, i) => record(s) && sources.push({ source: record(s)!, path: ['spec', 'sources', i] }));
  for (const { source, path } of sources) {
    const chart = text(source.chart);
    if (chart === undefined) continue;
    const helm = record(source.helm) ?? {};
    const valueSources: ValueSource[] = [];
    const fromString = parsedValues(helm.values);
    if (fromString) valueSources.push({ object, path: [...path, 'helm', 'values'], values: fromString, embedded: true });
    const fromObject = record(helm.valuesObject) ?? record(helm.values);
    if (fromObject) valueSources.push({ object, path: [...path, 'helm', record(helm.valuesObject) ? 'valuesObject' : 'values'], values: fromObject, embedded: false });
    const fromParameters = parameterValues(helm.parameters);
    if (fromParameters.size > 0) valueSources.push({ object, path: [...path, 'helm', 'parameters'], values: toPlain(fromParameters) as Json, embedded: false, parameters: true });
    // Argo CD's order: values, valuesObject over them, parameters over both.
    const values = mergedValues(valueSources);
    // A values file is the chart's (not fetched) or another source's (`$values/…`): not read here.
    const unread = Array.isArray(helm.valueFiles) ? helm.valueFiles.filter((f): f is string => typeof f === 'string') : [];
    const releaseName = text(helm.releaseName) ?? object.name;
    found.push({ tool: 'argocd', object, releaseName, ...(namespace !== undefined ? { namespace } : {}), chart, ...(text(source.repoURL) ? { repository: text(source.repoURL) } : {}), ...(text(source.targetRevision) ? { version: text(source.targetRevision) } : {}), chartPath: [...path, 'chart'], values, valueSources, unread });
  }
  return found;
}

const kept = new WeakMap<WorkspaceIndex, { generation: number; releases: RemoteRelease[] }>();

/** Every release of a registry's chart the workspace declares (Flux HelmReleases, Argo CD Applications), in file order. */
export function remoteReleases(index: WorkspaceIndex): RemoteRelease[] {
  const known = kept.get(index);
  if (known && known.generation === index.generation) return known.releases;
  const graph = KubernetesGraph.of(index);
  const releases: RemoteRelease[] = [];
  for (const object of graph.ofKind('HelmRelease')) {
    const release = fluxRelease(graph, object);
    if (release) releases.push(release);
  }
  for (const object of graph.ofKind('Application')) releases.push(...argoReleases(object));
  kept.set(index, { generation: index.generation, releases });
  return releases;
}

/**
 * The Service names a chart conventionally gives a release, as a convention, not a render: the chart's full name is
 * `fullnameOverride` when given, else the release name when it holds the chart's name (`nameOverride` when given), else
 * `<release>-<chart>` (Helm's `helm create` helper and Bitnami's `common.names.fullname`); its Services are that name and
 * it followed by the suffixes the well-known charts use (`-master`, `-primary`, `-headless`, `-controller`…), and some
 * charts name one `<release>` alone.
 */
export function conventionalNames(release: Pick<RemoteRelease, 'releaseName' | 'chart' | 'values'>): { fullname: string; names: string[] } {
  const override = text(release.values.fullnameOverride);
  const name = text(release.values.nameOverride) ?? release.chart;
  const fullname = (override ?? (release.releaseName.includes(name) ? release.releaseName : `${release.releaseName}-${name}`)).slice(0, 63).replace(/(?<!-)-+$/, '');
  const names = new Set([fullname, ...SERVICE_SUFFIXES.map((suffix) => `${fullname}${suffix}`.slice(0, 63)), release.releaseName]);
  return { fullname, names: [...names] };
}

/** The suffixes of the Services well-known charts make: Bitnami's Redis (`-master`, `-replicas`, `-headless`), PostgreSQL and MySQL (`-primary`, `-read`, `-hl`), ingress-nginx (`-controller`). */
const SERVICE_SUFFIXES = ['-master', '-primary', '-replicas', '-read', '-headless', '-hl', '-controller'];

/** A value at a path of a release's values. */
export function valueAt(values: Json, path: readonly string[]): unknown {
  let at: unknown = values;
  for (const key of path) at = record(at)?.[key];
  return at;
}

/**
 * The Services a release's values make reachable from outside: a `type: LoadBalancer` or `NodePort` under a `service`
 * map of the values (`service.type`, ingress-nginx's `controller.service.type`, Bitnami's `primary.service.type`), at
 * most three levels down; with the path of the `type`.
 */
export function exposedServices(values: Json): { path: string[]; type: 'LoadBalancer' | 'NodePort'; port?: number }[] {
  const found: { path: string[]; type: 'LoadBalancer' | 'NodePort'; port?: number }[] = [];
  const walk = (map: Json, path: string[]) => {
    for (const [key, value] of Object.entries(map)) {
      const child = record(value);
      if (!child) continue;
      const type = child.type;
      if (key === 'service' && (type === 'LoadBalancer' || type === 'NodePort')) {
        const ports = record(child.ports);
        const port = typeof child.port === 'number' ? child.port : Object.values(ports ?? {}).find((p): p is number => typeof p === 'number');
        found.push({ path: [...path, key, 'type'], type, ...(port !== undefined ? { port } : {}) });
      }
      if (path.length < 3) walk(child, [...path, key]);
    }
  };
  walk(values, []);
  return found;
}
