/**
 * Releases of charts the repository does not hold, on the system map (issue #95; remoteReleases.ts reads them): each is
 * one component named by its release name in its namespace, typed by the chart's name where the product is known (the
 * one technology table: features/system/technology.ts), answering the Service names the chart family conventionally
 * makes (remoteReleases.ts conventionalNames) — a convention, said on the edge from the HelmRelease or Application that
 * installs it — so that callers' addresses resolve to it. A `service.type: LoadBalancer`/`NodePort` in its values is
 * a way in at that line. The chart is never rendered: no workload, image or port of it is guessed.
 */
import type { SystemBuilder, SystemNodeKind, SystemSource } from '../features/system/contributor';
import { sourceAt } from '../features/system/source';
import { defaultPortOfImage, technologyNamed, technologyOfImage, type Technology } from '../features/system/technology';
import { get, locate, workloadId, type KubernetesObject } from '../kubernetes/api';
import { conventionalNames, exposedServices, remoteReleases, valueAt, type RemoteRelease, type ValueSource } from './remoteReleases';
import { setKeys } from './setValues';

/** The component's kind from its product's (a proxy, a monitoring stack or a product not known: a service). */
const kinds: Partial<Record<Technology['kind'], SystemNodeKind>> = { datastore: 'datastore', cache: 'cache', search: 'search', broker: 'broker' };

/** The product a chart's name says (`redis`, `postgresql`, `ingress-nginx`), from the technology table. */
export function technologyOfChart(chart: string): Technology | undefined {
  return technologyNamed(chart) ?? technologyOfImage(chart);
}

/** The place of a path in an object's document. */
function placeIn(builder: SystemBuilder, object: KubernetesObject, path: (string | number)[]): SystemSource | undefined {
  const file = builder.index.get(object.uri);
  if (!file) return undefined;
  const [start, end] = locate(object, path);
  return sourceAt(file, object.offset + start, object.offset + end);
}

/** The line of a value's key in the values as written: at the path in the document, or, in a YAML string, the first line writing the last key with that value. */
function valuePlace(builder: SystemBuilder, source: ValueSource, path: readonly string[], value: string): SystemSource | undefined {
  if (source.parameters) {
    // The item naming that path (`- name: service.type`), its value.
    const items: unknown = get(source.object.value, source.path);
    const named = (item: unknown): boolean => {
      const name = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).name : undefined;
      const keys = typeof name === 'string' ? setKeys(name) : undefined;
      return keys !== undefined && keys.length === path.length && keys.every((key, k) => key === path[k]);
    };
    const i = Array.isArray(items) ? items.findIndex(named) : -1;
    return placeIn(builder, source.object, i >= 0 ? [...source.path, i, 'value'] : source.path);
  }
  if (!source.embedded) return placeIn(builder, source.object, [...source.path, ...path]);
  const whole = placeIn(builder, source.object, source.path);
  const file = builder.index.get(source.object.uri);
  if (!whole || !file) return whole;
  const key = path[path.length - 1];
  for (let line = whole.range.start.line; line <= whole.range.end.line; line++) {
    const written = file.lines.lineText(line).replace(/\r?\n$/, '');
    const indent = written.length - written.trimStart().length;
    // Compared as text: the key and the value are the values' own words, never made into an expression.
    if (written.trim().replace(/["']/g, '') === `${key}: ${value}`) return { uri: file.uri, range: { start: { line, character: indent }, end: { line, character: written.length } } };
  }
  return whole;
}

/** The node id of a release's component. */
function releaseId(release: RemoteRelease): string {
  return `helm:release/${release.namespace ?? ''}/${release.releaseName}`;
}

/** Each release of a registry's chart the workspace declares, as a component of the map. */
export function contributeRemoteReleases(builder: SystemBuilder): void {
  for (const release of remoteReleases(builder.index)) {
    const { object, namespace } = release;
    const technology = technologyOfChart(release.chart);
    const id = releaseId(release);
    const named = placeIn(builder, object, release.tool === 'flux' && object.value.spec !== undefined && valueAt(object.value, ['spec', 'releaseName']) !== undefined ? ['spec', 'releaseName'] : ['metadata', 'name']);
    const chartAt = placeIn(builder, object, release.chartPath);
    const sources = [named, chartAt].filter((s): s is SystemSource => s !== undefined);
    if (sources.length === 0) continue;
    const parent = namespace !== undefined ? `k8s:namespace/${namespace}` : undefined;
    if (parent && !builder.get(parent)) builder.node({ id: parent, kind: 'namespace', name: namespace!, technology: 'Kubernetes namespace', namespace, sources: sources.slice(0, 1) });
    const folder = object.uri.slice(0, object.uri.lastIndexOf('/'));
    builder.node({
      id,
      kind: (technology && kinds[technology.kind]) ?? 'service',
      name: release.releaseName,
      ...(technology ? { technology: technology.name } : {}),
      resource: `Helm release of ${release.chart} (chart not read)`,
      ...(parent ? { parent } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      deployment: { tool: release.tool === 'flux' ? 'flux' : 'argocd', name: release.releaseName, folder, ...(namespace !== undefined ? { namespace } : {}) },
      sources,
    });
    // The names its Services conventionally have, in its namespace and by the cluster's DNS.
    const { fullname, names } = conventionalNames(release);
    builder.answers(id, `k8s:${namespace ?? ''}`, names);
    if (namespace !== undefined) builder.answers(id, 'k8s', names.flatMap((name) => [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`]));
    // What installs it: the HelmRelease (a delivery node of its own) or the Application (the Kubernetes family's node).
    const installer = workloadId(object);
    if (release.tool === 'flux') builder.node({ id: installer, kind: 'pipeline', name: object.name ?? release.releaseName, technology: 'Flux HelmRelease', ...(namespace !== undefined ? { namespace } : {}), sources: sources.slice(0, 1) });
    const chart = `${release.chart}${release.version !== undefined ? `@${release.version}` : ''}`;
    builder.edge({ from: installer, to: id, kind: 'deploys', label: `installs ${chart} (chart not fetched); its Services by the chart's naming convention, not a render: ${fullname}[-master|-primary|-headless|-controller…] or ${release.releaseName}`, sources: chartAt ? [chartAt] : sources });
    // Ways in its values open (a LoadBalancer or NodePort Service), at the `type` line that says so.
    for (const { path, type, port } of exposedServices(release.values)) {
      const source = [...release.valueSources].reverse().find((s) => valueAt(s.values, path) === type);
      const at = source ? valuePlace(builder, source, path, type) : undefined;
      const reached = port ?? defaultPortOfImage(release.chart);
      builder.entry({ to: id, via: type === 'LoadBalancer' ? 'load-balancer' : 'node-port', ...(reached !== undefined ? { port: reached } : {}), label: type, source: at ?? sources[0] });
    }
  }
}
