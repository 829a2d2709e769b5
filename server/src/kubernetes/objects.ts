import type { Range } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import type { YamlChunk } from '../yaml/model';
import { manifestIdentity } from './manifest';
import { clusterScoped, isObject, type JsonObject } from './workloads';

/** One Kubernetes object found in the workspace. */
export interface KubernetesObject {
  uri: string;
  /** Index of the document in its file. */
  document: number;
  apiVersion: string;
  kind: string;
  name?: string;
  /** The namespace written in the manifest; undefined when it is left to deploy time. */
  namespace?: string;
  /** Range of the object's `kind` value, a stable place to point at the object. */
  range: Range;
  /** The parsed document (shared, immutable) and where it starts in the file. */
  chunk: YamlChunk;
  offset: number;
  value: JsonObject;
}

const objectsKey = Symbol('kubernetes-objects');
const kustomizationFile = /\/(kustomization\.ya?ml|Kustomization)$/;

/** The Kubernetes objects a file defines (cached on the file version). */
export function kubernetesObjects(file: IndexedFile): KubernetesObject[] {
  return file.model(objectsKey, (f) => {
    const yaml = f.yaml;
    if (!yaml) return [];
    const objects: KubernetesObject[] = [];
    for (const ref of yaml.documents) {
      if (ref.doc.errors.length > 0) continue;
      const identity = manifestIdentity(ref.doc);
      const value = ref.chunk.value;
      if (!isObject(value)) continue;
      // kustomization.yaml files often omit apiVersion/kind; they are Kustomizations all the same.
      const kustomization = !identity && ref.index === 0 && kustomizationFile.test(f.uri);
      if (!identity && !kustomization) continue;
      const [start, end] = identity?.kindNode.range ?? [0, 0];
      const kind = identity?.kind ?? 'Kustomization';
      objects.push({
        uri: f.uri,
        document: ref.index,
        apiVersion: identity?.apiVersion ?? 'kustomize.config.k8s.io/v1beta1',
        kind,
        name: identity?.name,
        namespace: clusterScoped.has(kind) ? undefined : identity?.namespace,
        range: yaml.lines.range(ref.offset + start, ref.offset + end),
        chunk: ref.chunk,
        offset: ref.offset,
        value,
      });
    }
    return objects;
  });
}

export function* allKubernetesObjects(index: WorkspaceIndex): Generator<KubernetesObject> {
  for (const file of index.files()) yield* kubernetesObjects(file);
}

/** Same namespace, where an unset namespace (set at deploy time) matches any. */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * The workspace's Kubernetes objects, looked up by kind and name. Rebuilt when the index changes
 * (cheap: every file's objects are cached per file version), shared by all rules of one pass.
 */
export class KubernetesGraph {
  private readonly byKind = new Map<string, KubernetesObject[]>();
  /** Folder paths (URI strings, no trailing slash) that hold at least one indexed file. */
  readonly folders = new Set<string>();
  readonly files = new Set<string>();

  constructor(index: WorkspaceIndex) {
    for (const file of index.files()) {
      this.files.add(file.uri);
      for (let dir = file.uri.slice(0, file.uri.lastIndexOf('/')); dir.includes('/') && !this.folders.has(dir); dir = dir.slice(0, dir.lastIndexOf('/'))) {
        this.folders.add(dir);
      }
      for (const object of kubernetesObjects(file)) {
        let list = this.byKind.get(object.kind);
        if (!list) this.byKind.set(object.kind, (list = []));
        list.push(object);
      }
    }
  }

  ofKind(kind: string): readonly KubernetesObject[] {
    return this.byKind.get(kind) ?? [];
  }

  find(kind: string, name: string, namespace: string | undefined): KubernetesObject[] {
    return this.ofKind(kind).filter((o) => o.name === name && sameNamespace(o.namespace, namespace));
  }

  *all(): Generator<KubernetesObject> {
    for (const list of this.byKind.values()) yield* list;
  }

  private static readonly cache = new WeakMap<WorkspaceIndex, { generation: number; graph: KubernetesGraph }>();

  static of(index: WorkspaceIndex): KubernetesGraph {
    const cached = KubernetesGraph.cache.get(index);
    if (cached && cached.generation === index.generation) return cached.graph;
    const graph = new KubernetesGraph(index);
    KubernetesGraph.cache.set(index, { generation: index.generation, graph });
    return graph;
  }
}
