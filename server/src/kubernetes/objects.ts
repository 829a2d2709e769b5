import type { Range } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import type { YamlChunk } from '../yaml/model';
import { pairOf, spanOf } from '../yaml/tree';
import { clusterScoped, containersOf, get, isObject, podLabelsPath, type JsonObject } from './workloads';

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
  /** A summary's stand-in (summary.ts): the 1-based line of its `metadata.name`, kept from the parse it was made of. */
  nameLine?: number;
}

const objectsKey = Symbol('kubernetes-objects');
const kustomizationFile = /\/(kustomization\.ya?ml|Kustomization)$/;

/** The Kubernetes objects a file defines (cached on the file version). */
export function kubernetesObjects(file: IndexedFile): KubernetesObject[] {
  return file.model(objectsKey, readObjects);
}

/** Sets a file's objects: a summary's stand-ins (workspace/summaries.ts), or those stand-ins filled in from the whole file. */
export function setKubernetesObjects(file: IndexedFile, objects: KubernetesObject[]): void {
  file.setModel(objectsKey, objects);
}

/** The Kubernetes objects of a file, read from its parse (not cached: see kubernetesObjects). */
export function readObjects(f: IndexedFile): KubernetesObject[] {
  {
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
        // The position is read on first use only (hover, outline, navigation, diagrams).
        get range(): Range {
          if (!range) {
            // From the source tree (js-yaml's events): far cheaper than the AST, which matters
            // when a diagram asks for the position of every object at once.
            const [start, end] = spanOf(pairOf(chunk.tree, 'kind')?.value) ?? [0, 0];
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
  }
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
/**
 * What other objects' rules read from an object: identity, pod labels and ports, selectors,
 * provided keys, references to scale targets and secrets, kustomize lists. When no object's facets
 * change (an edit to an image tag, a probe path), cross-file findings cannot change either.
 */
function facets(object: KubernetesObject): string {
  const v = object.value;
  const keys = (o: unknown) => (isObject(o) ? Object.keys(o) : []);
  const labelsPath = podLabelsPath(object.kind);
  const ports = containersOf(v, object.kind).map((c) => (Array.isArray(c.container.ports) ? c.container.ports.map((p) => (isObject(p) ? [p.name, p.containerPort] : null)) : null));
  const spec = (...path: string[]) => get(v, ['spec', ...path]);
  return JSON.stringify([
    object.kind,
    object.apiVersion,
    object.name,
    object.namespace,
    labelsPath ? get(v, labelsPath) : null,
    ports,
    object.kind === 'Service' ? [spec('selector'), spec('ports'), spec('type')] : null,
    object.kind === 'HorizontalPodAutoscaler' ? [spec('scaleTargetRef'), spec('minReplicas')] : null,
    object.kind === 'Certificate' ? spec('secretName') : object.kind === 'ExternalSecret' ? spec('target') : null,
    object.kind === 'SealedSecret' ? keys(spec('encryptedData')) : null,
    keys(v.data),
    keys(v.stringData),
    keys(v.binaryData),
    object.kind === 'Kustomization' ? [v.resources, v.patches, v.patchesStrategicMerge, v.components, v.bases] : null,
  ]);
}

const facetsKey = Symbol('k8s-facets');

function cachedFacets(object: KubernetesObject): string {
  // A summary's stand-in (workspace/summaries.ts) has no parse to cache on.
  if (!(object.chunk as YamlChunk | undefined)) return facets(object);
  let value = object.chunk.cache.get(facetsKey) as string | undefined;
  if (value === undefined) object.chunk.cache.set(facetsKey, (value = facets(object)));
  return value;
}

export class KubernetesGraph {
  private readonly byKind = new Map<string, KubernetesObject[]>();
  private readonly byName = new Map<string, KubernetesObject[]>();
  /** Workspace-rule findings by document, valid as long as no object's facets change. */
  private workspaceFindings = new WeakMap<YamlChunk, WeakMap<object, unknown>>();
  /** Every file's objects as the graph saw them, for the signature. */
  private readonly snapshot: [string, KubernetesObject[]][] = [];
  private cachedSignature: string | undefined;
  private readonly memo = new Map<unknown, unknown>();
  /** Folder paths (URI strings, no trailing slash) that hold at least one indexed file. */
  readonly folders = new Set<string>();
  readonly files = new Set<string>();
  /** The `.gitignore` files of the workspace: folder URI (no trailing slash) → text. */
  readonly gitignores = new Map<string, string>();

  constructor(index: WorkspaceIndex) {
    for (const file of index.files()) {
      this.files.add(file.uri);
      if (file.uri.endsWith('/.gitignore')) this.gitignores.set(file.uri.slice(0, -'/.gitignore'.length), file.text);
      for (let dir = file.uri.slice(0, file.uri.lastIndexOf('/')); dir.includes('/') && !this.folders.has(dir); dir = dir.slice(0, dir.lastIndexOf('/'))) {
        this.folders.add(dir);
      }
      const objects = kubernetesObjects(file);
      this.snapshot.push([file.uri, objects]);
      for (const object of objects) {
        let list = this.byKind.get(object.kind);
        if (!list) this.byKind.set(object.kind, (list = []));
        list.push(object);
        if (object.name !== undefined) {
          const key = `${object.kind}/${object.name}`;
          // `[object]`, not `[]` then push: an array of one, not room for seventeen (500,000 objects).
          const named = this.byName.get(key);
          if (named) named.push(object);
          else this.byName.set(key, [object]);
        }
      }
    }
  }

  /**
   * Everything rules read across objects, as one string: made only when a newer graph compares
   * itself with this one (never in a one-shot CLI check). Chunks are immutable, so the snapshot
   * still describes the graph as it was built.
   */
  private get signature(): string {
    if (this.cachedSignature === undefined) {
      const parts: string[] = [];
      for (const [uri, objects] of this.snapshot) {
        parts.push(uri);
        for (const object of objects) parts.push(cachedFacets(object));
      }
      this.cachedSignature = parts.join('\n');
    }
    return this.cachedSignature;
  }

  /** A value derived from the whole graph (such as every workload's pod labels), computed once per graph. */
  derived<T>(key: unknown, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }

  /**
   * Cross-file findings of a document for a settings object, reused from the previous graph when
   * nothing any rule reads has changed: a one-line edit re-checks only the edited document.
   */
  findingsFor<T>(chunk: YamlChunk, settings: object, compute: () => T): T {
    let bySettings = this.workspaceFindings.get(chunk);
    if (!bySettings) this.workspaceFindings.set(chunk, (bySettings = new WeakMap()));
    if (!bySettings.has(settings)) bySettings.set(settings, compute());
    return bySettings.get(settings) as T;
  }

  /** Every kind the workspace holds objects of. */
  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  ofKind(kind: string): readonly KubernetesObject[] {
    return this.byKind.get(kind) ?? [];
  }

  find(kind: string, name: string, namespace: string | undefined): KubernetesObject[] {
    return (this.byName.get(`${kind}/${name}`) ?? []).filter((o) => sameNamespace(o.namespace, namespace));
  }

  /** Every object of that kind and name, whatever its namespace. */
  named(kind: string, name: string): readonly KubernetesObject[] {
    return this.byName.get(`${kind}/${name}`) ?? [];
  }

  *all(): Generator<KubernetesObject> {
    for (const list of this.byKind.values()) yield* list;
  }

  private static readonly cache = new WeakMap<WorkspaceIndex, { generation: number; graph: KubernetesGraph }>();

  static of(index: WorkspaceIndex): KubernetesGraph {
    const cached = KubernetesGraph.cache.get(index);
    if (cached && cached.generation === index.generation) return cached.graph;
    const graph = new KubernetesGraph(index);
    // Graphs of different files differ: no signature made (at the end of a scan of 100,000 files, a second).
    if (cached && cached.graph.snapshot.length === graph.snapshot.length && cached.graph.signature === graph.signature) graph.workspaceFindings = cached.graph.workspaceFindings;
    KubernetesGraph.cache.set(index, { generation: index.generation, graph });
    return graph;
  }
}
