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
    yaml.chunks.forEach(({ offset, chunk }, document) => {
      if (!chunk.wellFormed) return;
      const value = chunk.value;
      if (!isObject(value)) return;
      const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
      const declaredKind = typeof value.kind === 'string' ? value.kind : undefined;
      // kustomization.yaml files often omit apiVersion/kind; they are Kustomizations all the same.
      const kustomization = (!apiVersion || !declaredKind) && document === 0 && kustomizationFile.test(f.uri);
      if ((!apiVersion || !declaredKind) && !kustomization) return;
      const kind = declaredKind ?? 'Kustomization';
      const metadata = isObject(value.metadata) ? value.metadata : {};
      let range: Range | undefined;
      objects.push({
        uri: f.uri,
        document,
        apiVersion: apiVersion ?? 'kustomize.config.k8s.io/v1beta1',
        kind,
        name: typeof metadata.name === 'string' ? metadata.name : undefined,
        namespace: clusterScoped.has(kind) || typeof metadata.namespace !== 'string' ? undefined : metadata.namespace,
        // Positions need the AST: built on first use only (hover, outline, navigation).
        get range(): Range {
          if (!range) {
            const node = chunk.doc && manifestIdentity(chunk.doc)?.kindNode;
            const [start, end] = node?.range ?? [0, 0];
            range = yaml.lines.range(offset + start, offset + end);
          }
          return range;
        },
        chunk,
        offset,
        value,
      });
    });
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
