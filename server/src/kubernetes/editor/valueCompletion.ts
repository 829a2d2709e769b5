import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { sameNamespace, type KubernetesGraph } from '../model/objects';
import { providedKeys, secretProviders } from '../checks/references';
import { podWorkloads } from '../checks/selectors';
import { get, isObject, type Json } from '../model/workloads';

type Path = readonly (string | number)[];

function endsWith(path: Path, tail: readonly string[]): boolean {
  return tail.length <= path.length && tail.every((segment, i) => String(path[path.length - tail.length + i]) === segment);
}

function names(objects: Iterable<{ name?: string; kind: string; namespace?: string; uri: string }>, kind: CompletionItemKind): CompletionItem[] {
  const seen = new Map<string, CompletionItem>();
  for (const o of objects) {
    if (!o.name || seen.has(o.name)) continue;
    seen.set(o.name, { label: o.name, kind, detail: `${o.kind}${o.namespace ? ` · ${o.namespace}` : ''}`, documentation: decodeURIComponent(o.uri.slice(o.uri.lastIndexOf('/') + 1)) });
  }
  return [...seen.values()];
}

/**
 * Values from the workspace at a value position: ConfigMap and Secret names and keys, Services and
 * their ports for Ingress backends, workloads for autoscaler targets.
 */
export function workspaceValues(path: Path, value: Json | undefined, namespace: string | undefined, graph: KubernetesGraph): CompletionItem[] {
  const sibling = (name: string) => get(value, [...path.slice(0, -1), name]);
  const inNamespace = <T extends { namespace?: string }>(list: readonly T[]) => list.filter((o) => sameNamespace(o.namespace, namespace));

  if (endsWith(path, ['configMapKeyRef', 'name']) || endsWith(path, ['configMapRef', 'name']) || endsWith(path, ['configMap', 'name'])) {
    return names(inNamespace(graph.ofKind('ConfigMap')), CompletionItemKind.Reference);
  }
  if (endsWith(path, ['secretKeyRef', 'name']) || endsWith(path, ['secretRef', 'name']) || endsWith(path, ['secret', 'secretName']) || endsWith(path, ['secret', 'name']) || endsWith(path, ['tls', String(path[path.length - 2]), 'secretName'])) {
    return names(inNamespace([...graph.ofKind('Secret'), ...graph.ofKind('SealedSecret')]), CompletionItemKind.Reference);
  }
  for (const [ref, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
    if (!endsWith(path, [ref, 'key'])) continue;
    const name = sibling('name');
    if (typeof name !== 'string') return [];
    const providers = kind === 'ConfigMap' ? graph.find('ConfigMap', name, namespace) : secretProviders(graph, name, namespace);
    const keys = new Set(providers.flatMap((p) => [...(providedKeys(p) ?? [])]));
    return [...keys].map((label) => ({ label, kind: CompletionItemKind.Value, detail: `${kind} ${name}` }));
  }
  if (endsWith(path, ['service', 'name']) && path.includes('spec')) {
    return names(inNamespace(graph.ofKind('Service')), CompletionItemKind.Reference);
  }
  if (endsWith(path, ['service', 'port', 'name']) || endsWith(path, ['service', 'port', 'number'])) {
    const service = get(value, [...path.slice(0, -2), 'name']);
    if (typeof service !== 'string') return [];
    const ports = graph.find('Service', service, namespace).flatMap((s) => {
      const list = get(s.value, ['spec', 'ports']);
      return Array.isArray(list) ? list.filter(isObject) : [];
    });
    const byName = path[path.length - 1] === 'name';
    return ports.flatMap((p) => (byName ? (typeof p.name === 'string' ? [{ label: p.name, kind: CompletionItemKind.Value, detail: `port ${String(p.port)}` }] : []) : typeof p.port === 'number' ? [{ label: String(p.port), kind: CompletionItemKind.Value, detail: typeof p.name === 'string' ? p.name : undefined }] : []));
  }
  if (endsWith(path, ['scaleTargetRef', 'name'])) {
    const kind = sibling('kind');
    const candidates = typeof kind === 'string' ? graph.ofKind(kind) : ['Deployment', 'StatefulSet', 'ReplicaSet'].flatMap((k) => [...graph.ofKind(k)]);
    return names(inNamespace(candidates), CompletionItemKind.Reference);
  }
  if (endsWith(path, ['scaleTargetRef', 'kind'])) {
    return ['Deployment', 'StatefulSet', 'ReplicaSet'].map((label) => ({ label, kind: CompletionItemKind.Class }));
  }
  return [];
}

/** Pod labels of the workspace's workloads as `key: value` entries, for selectors. */
export function labelEntries(namespace: string | undefined, graph: KubernetesGraph, present: Set<string>): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const { object, labels } of podWorkloads(graph)) {
    if (!sameNamespace(object.namespace, namespace)) continue;
    for (const [key, val] of Object.entries(labels)) {
      const label = `${key}: ${val}`;
      if (present.has(key) || items.has(label)) continue;
      items.set(label, { label, kind: CompletionItemKind.Value, detail: `pod label of ${object.kind} ${object.name ?? ''}`, insertText: `${key}: ${/^[\w.-]+$/.test(val) ? val : JSON.stringify(val)}` });
    }
  }
  return [...items.values()];
}
