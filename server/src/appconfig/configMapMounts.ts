/**
 * A Kubernetes ConfigMap mounted as a volume is its workload's configuration (issue #95): each `data` entry the volume puts
 * in the container (`volumes[].configMap`, its `items` when given, a container's `volumeMounts` naming the volume) is a file
 * there, read as a file a Compose service mounts (mountedValues.ts; an nginx configuration by the family's nginx reader too).
 * opentelemetry-demo's collector reads its `relay` entry as `/conf/relay.yaml`: `exporters.otlp.endpoint:
 * 'opentelemetry-demo-jaeger-collector:4317'` is its call. A ConfigMap several workloads mount is an address book, as a
 * file several Compose services mount: no call. A call's evidence is the value's line inside the ConfigMap's block
 * (`relay: |`), else the entry's key. Bounded: the entries of MAX_MOUNTED_FILES ConfigMaps, each entry at most MAX_ENTRY
 * characters.
 */
import { containersOf, drawnFrom, get, type KubernetesGraph, locate, podSpecPath, type KubernetesObject } from '../kubernetes/api';
import { componentKinds, type SystemBuilder, type SystemNode, type SystemSource } from '../features/system/contributor';
import type { WrittenAddress } from '../features/system/addresses';
import { sourceAt } from '../features/system/source';
import { appConfigKind, codeExtensions, isTestFile } from './files';
import { configAddresses } from './mountedValues';
import { readAppConfig } from './readers';

/** ConfigMaps read at most per map. */
const MAX_CONFIG_MAPS = 500;
/** The longest entry read (a configuration file, not a dashboard's JSON). */
const MAX_ENTRY = 64 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The entries a workload's ConfigMap volumes put in its containers, by ConfigMap (`namespace\0name`): each key with its file's name there. */
function mountedEntries(object: KubernetesObject): Map<string, { key: string; file: string }[]> {
  const found = new Map<string, { key: string; file: string }[]>();
  const spec = podSpecPath(object.kind);
  const volumes = spec ? get(object.value, [...spec, 'volumes']) : undefined;
  if (!Array.isArray(volumes)) return found;
  const mounted = new Set<string>();
  for (const { container } of containersOf(object.value, object.kind)) {
    for (const mount of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) if (isRecord(mount) && typeof mount.name === 'string') mounted.add(mount.name);
  }
  for (const volume of volumes) {
    const configMap = get(volume, ['configMap']);
    const name = get(configMap, ['name']);
    if (!isRecord(volume) || typeof volume.name !== 'string' || !mounted.has(volume.name) || typeof name !== 'string') continue;
    const items = get(configMap, ['items']);
    // `items` chooses the keys and names their files (`path`); without it every key is a file of its name.
    const entries = Array.isArray(items)
      ? items.flatMap((item) => (isRecord(item) && typeof item.key === 'string' ? [{ key: item.key, file: typeof item.path === 'string' ? item.path.slice(item.path.lastIndexOf('/') + 1) : item.key }] : []))
      : [{ key: '', file: '' }];
    const id = `${object.namespace ?? ''}\0${name}`;
    found.set(id, [...(found.get(id) ?? []), ...entries]);
  }
  return found;
}

/** Where each line of an entry's text starts in the manifest: a literal block (`relay: |`) keeps its lines, each indented alike. */
function lineStarts(text: string, valueStart: number, value: string): number[] | undefined {
  if (!/^\|[-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n/.test(text.slice(valueStart, valueStart + 100))) return undefined;
  let at = text.indexOf('\n', valueStart) + 1;
  const starts: number[] = [];
  let indent: number | undefined;
  for (const line of value.split('\n')) {
    const end = text.indexOf('\n', at);
    const fileLine = text.slice(at, end === -1 ? text.length : end);
    if (line !== '' || fileLine.trim() !== '') indent ??= fileLine.length - fileLine.trimStart().length;
    starts.push(at + Math.min(indent ?? 0, fileLine.length));
    at = end === -1 ? text.length : end + 1;
  }
  return starts;
}

/** The addresses a proxy's configuration writes (`found`: those already read, kept first): nginx's `proxy_pass` and `server`s, Apache httpd's `ProxyPass`. */
export function proxyAddresses(text: string, found: WrittenAddress[] = []): WrittenAddress[] {
  for (const call of readAppConfig('nginx', text).calls) {
    if (call.host === undefined || call.loopback || found.some((address) => address.start === call.start)) continue;
    found.push({ host: call.host, ...(call.port !== undefined ? { port: call.port } : {}), ...(call.scheme ? { scheme: call.scheme } : {}), text: call.text, start: call.start, end: call.end });
  }
  return found;
}

/** The addresses a ConfigMap's entry writes as the file `name`: the mounted-file reading, and an nginx configuration's `proxy_pass` and `server`s. */
function entryAddresses(name: string, text: string): WrittenAddress[] {
  const found = configAddresses(name, text);
  return appConfigKind(`/${name}`) === 'nginx' ? proxyAddresses(text, found) : found;
}

/**
 * The calls the ConfigMaps workloads mount write, added through `add` (mounted.ts's, which keeps those naming a peer of
 * the workload's scope): the workload's node, the address, and its evidence.
 */
export function configMapCalls(builder: SystemBuilder, root: string, add: (node: SystemNode, address: WrittenAddress, source: SystemSource) => void): void {
  // The workloads as the map drew them, each among the objects drawn beside it: a kustomize base's collector is its build's
  // (its namespace, its node), the ConfigMap it mounts the build's too.
  const groups = new Map<KubernetesGraph, Mounters>();
  for (const node of builder.nodes()) {
    const from = componentKinds.has(node.kind) ? drawnFrom(node) : undefined;
    if (!from || !podSpecPath(from.object.kind)) continue;
    let mounters = groups.get(from.graph);
    if (!mounters) groups.set(from.graph, (mounters = new Map() as Mounters));
    for (const [id, entries] of mountedEntries(from.object)) mounters.set(id, [...(mounters.get(id) ?? []), { node, object: from.object, entries }]);
  }
  const count = { read: 0 };
  for (const [graph, mounters] of groups) groupCalls(builder, root, graph, mounters, count, add);
}

/** The workloads mounting each ConfigMap (`namespace\0name`), each with the entries its volumes put in its containers. */
type Mounters = Map<string, { node: SystemNode; object: KubernetesObject; entries: { key: string; file: string }[] }[]>;

/** An object's document as written (none for a summary's stand-in, which has no parse). */
const written = (object: KubernetesObject): unknown => (object.chunk as KubernetesObject['chunk'] | undefined)?.value;

/** The calls of the ConfigMaps the workloads of one group of drawn objects mount (`count`: the ConfigMaps read so far, at most MAX_CONFIG_MAPS). */
function groupCalls(builder: SystemBuilder, root: string, graph: KubernetesGraph, mounters: Mounters, count: { read: number }, add: (node: SystemNode, address: WrittenAddress, source: SystemSource) => void): void {
  for (const [id, readers] of mounters) {
    // An address book several workloads share says nothing of who calls whom (mounted.ts).
    if (new Set(readers.map((reader) => reader.node)).size !== 1 || ++count.read > MAX_CONFIG_MAPS) continue;
    const [{ node, object: workload }] = readers;
    for (const map of graph.find('ConfigMap', id.slice(id.indexOf('\0') + 1), workload.namespace)) {
      const file = builder.index.get(map.uri);
      const data = get(map.value, ['data']);
      if (!file || file.skipped || !isRecord(data) || isTestFile(map.uri.slice(root.length))) continue;
      const keys = readers.flatMap((reader) => reader.entries);
      const entries = keys.some((entry) => entry.key === '') ? Object.keys(data).map((key) => ({ key, file: key })) : keys;
      for (const { key, file: fileName } of entries) {
        const value = data[key];
        // A file of configuration: not code, not a script (mounted.ts's rule), not a one-line setting (the environment's, kubernetes/system.ts);
        // as the manifest writes it (not a generator's file nor a patch's value): its lines are the evidence.
        if (typeof value !== 'string' || get(written(map), ['data', key]) !== value || !value.includes('\n') || value.length > MAX_ENTRY || codeExtensions.some((extension) => fileName.endsWith(extension)) || /\.(?:sh|bash|lua|html?)$/i.test(fileName)) continue;
        const [start, end] = locate(map, ['data', key]);
        const valueStart = map.offset + start;
        const starts = start === 0 && end === 0 ? undefined : lineStarts(file.text, valueStart, value);
        const keyAt = locate(map, ['data', key], 'key');
        for (const address of entryAddresses(fileName, value)) {
          let from = map.offset + keyAt[0];
          let to = map.offset + keyAt[1];
          if (starts) {
            // The address's line in the block, at its column.
            const before = value.slice(0, address.start);
            const line = before.split('\n').length - 1;
            from = starts[line] + (address.start - (before.lastIndexOf('\n') + 1));
            to = from + (address.end - address.start);
          }
          add(node, address, sourceAt(file, from, to));
        }
      }
    }
  }
}
