import { createHash } from 'node:crypto';
import type { Range } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import type { YamlChunk } from '../../yaml/model';
import { mayHoldKey } from '../../yaml/scalars';
import { pairOf, spanOf } from '../../yaml/tree';
import { applyCommands, isApplySource } from './applyCommands';
import { generatedPaths, isGeneratorSource, type GeneratedPath } from './generatedInputs';
import { certgenArguments, clusterScoped, containersOf, get, isObject, podLabelsPath, type JsonObject } from './workloads';

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
    // An object has an `apiVersion` key: a file that cannot hold one is not parsed for objects (a
    // rule file, a playbook, a values.yaml — the system map asks every YAML file of the index). A
    // kustomization.yaml needs none.
    if (!mayHoldKey(f.text, 'apiVersion') && !kustomizationFile.test(f.uri)) return [];
    const yaml = f.yaml;
    if (!yaml) return [];
    const objects: KubernetesObject[] = [];
    yaml.chunks.forEach(({ offset, chunk }, document) => {
      // A key repeated in a mapping: kubectl applies the document, the last value winning (yaml-duplicate-key still says so).
      const value = chunk.lastKeyWinsValue;
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
            const [start, end] = spanOf(pairOf(chunk.treeOnce, 'kind')?.value) ?? [0, 0];
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
  const tests = policyTestFolders(index);
  for (const file of index.files()) if (!isPolicyTestInput(file.uri, tests)) yield* kubernetesObjects(file);
}

/** The file `kyverno test` reads in a folder: the manifests beside it are that test's inputs. */
const KYVERNO_TEST = '/kyverno-test.yaml';

/** The folders (URIs, no trailing slash) that hold a kyverno test. */
function policyTestFolders(index: WorkspaceIndex): Set<string> {
  const folders = new Set<string>();
  for (const file of index.files()) if (file.uri.endsWith(KYVERNO_TEST)) folders.add(file.uri.slice(0, -KYVERNO_TEST.length));
  return folders;
}

/**
 * Whether a manifest is a policy test's input (#96, #97): beside a kyverno-test.yaml, which `kyverno test` applies its
 * policies to and nothing deploys — not a workload of the system (its map, cost, continuity, cross-file rules). Its own
 * file's checks still run.
 */
export function isPolicyTestInput(uri: string, folders: ReadonlySet<string>): boolean {
  return folders.size > 0 && folders.has(uri.slice(0, uri.lastIndexOf('/')));
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
    containersOf(v, object.kind).map((c) => certgenArguments(c.container) ?? null),
    object.kind === 'Service' ? [spec('selector'), spec('ports'), spec('type')] : null,
    object.kind === 'HorizontalPodAutoscaler' ? [spec('scaleTargetRef'), spec('minReplicas')] : null,
    object.kind === 'Certificate' ? spec('secretName') : object.kind === 'ExternalSecret' ? spec('target') : null,
    object.kind === 'SealedSecret' ? keys(spec('encryptedData')) : null,
    // What OLM makes of it (madeObjects.ts): its Deployments, its webhooks' and API services' certificate Secrets.
    object.kind === 'ClusterServiceVersion' ? [spec('install'), spec('webhookdefinitions'), spec('apiservicedefinitions')] : null,
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

/** Whether two snapshots hold the same files in the same order (a signature hashes each file's URI in order: otherwise they differ). */
function sameFiles(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  const others = b.keys();
  for (const uri of a.keys()) if (others.next().value !== uri) return false;
  return true;
}

/** Each file's facets digest, with its objects (the same array while the file is unchanged). */
const facetsDigests = new WeakMap<readonly KubernetesObject[], string>();

/**
 * A digest of the facets of a file's objects, made once per file version: a graph's signature
 * then costs a hash over the files, not every object's facets again (a summary's stand-in has no
 * parse to cache its facets on, and 500,000 of them took a second to describe, for each graph).
 */
function facetsDigest(objects: readonly KubernetesObject[]): string {
  let digest = facetsDigests.get(objects);
  if (digest === undefined) {
    const hash = createHash('sha1');
    for (const object of objects) hash.update(cachedFacets(object)).update('\n');
    digest = hash.digest('base64');
    facetsDigests.set(objects, digest);
  }
  return digest;
}

/** Per index: the files changed since its graph was made (past PATCH_LIMIT: too many, the graph is made anew). */
const pendingChanges = new WeakMap<WorkspaceIndex, { uris: Set<string>; overflow: boolean }>();

/** A graph is patched for at most this many changed files; more, and it is made anew. */
const PATCH_LIMIT = 64;

export class KubernetesGraph {
  private byKind = new Map<string, KubernetesObject[]>();
  private byName = new Map<string, KubernetesObject[]>();
  /** Workspace-rule findings by document, valid as long as no object's facets change. */
  private workspaceFindings = new WeakMap<YamlChunk, WeakMap<object, unknown>>();
  /** Every file's objects as the graph saw them, in the index's order, for the signature and patches. */
  private snapshot = new Map<string, KubernetesObject[]>();
  private cachedSignature: string | undefined;
  private readonly memo = new Map<unknown, unknown>();
  /** Folder paths (URI strings, no trailing slash) that hold at least one indexed file. */
  folders = new Set<string>();
  files = new Set<string>();
  /** The `.gitignore` files of the workspace: folder URI (no trailing slash) → text. */
  gitignores = new Map<string, string>();
  /** Workflows, Makefiles and shell scripts that run kubectl (applyCommands.ts): URI → text. */
  applySources = new Map<string, string>();
  /** Makefiles and shell scripts that write paths (generatedInputs.ts): URI → the paths, for kustomizations' missing entries. */
  generators = new Map<string, GeneratedPath[]>();

  constructor(index: WorkspaceIndex | undefined) {
    if (!index) return;
    const tests = policyTestFolders(index);
    for (const file of index.files()) {
      this.files.add(file.uri);
      if (file.uri.endsWith('/.gitignore')) this.gitignores.set(file.uri.slice(0, -'/.gitignore'.length), file.text);
      if (isApplySource(file.uri) && file.text.includes('kubectl')) this.applySources.set(file.uri, file.text);
      if (isGeneratorSource(file.uri)) {
        const paths = generatedPaths(file.text);
        if (paths.length > 0) this.generators.set(file.uri, paths);
      }
      for (let dir = file.uri.slice(0, file.uri.lastIndexOf('/')); dir.includes('/') && !this.folders.has(dir); dir = dir.slice(0, dir.lastIndexOf('/'))) {
        this.folders.add(dir);
      }
      const objects = isPolicyTestInput(file.uri, tests) ? [] : kubernetesObjects(file);
      this.snapshot.set(file.uri, objects);
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
   * The graph after an edit of a few files' text (`of` checks that no file was added or removed;
   * here: no `.gitignore`, no kind appearing or leaving): `previous`'s tables, taken over (it is superseded) and patched where
   * the changed files' objects are, so that each edit in a monorepo of 500,000 objects does not list
   * them all again (0.45 s). The same tables, in the same order, as a graph made anew (a unit test
   * compares them). Undefined when the change is not one of those.
   */
  private static patched(previous: KubernetesGraph, index: WorkspaceIndex, changed: ReadonlySet<string>): { graph: KubernetesGraph; sameFacets: boolean } | undefined {
    const updates: [string, KubernetesObject[], KubernetesObject[]][] = [];
    for (const uri of changed) {
      const file = index.get(uri);
      const before = previous.snapshot.get(uri);
      // A script's kubectl commands change what is applied together: the graph is made anew.
      // A kyverno test's folder: what its manifests are (inputs or workloads) is decided anew.
      if (!file || !before || uri.endsWith('/.gitignore') || uri.endsWith(KYVERNO_TEST) || previous.files.has(`${uri.slice(0, uri.lastIndexOf('/'))}${KYVERNO_TEST}`) || (isApplySource(uri) && (previous.applySources.has(uri) || file.text.includes('kubectl')))) return undefined;
      // A script's written paths change which kustomization entries are made rather than missing: made anew too.
      if (isGeneratorSource(uri) && (previous.generators.has(uri) || generatedPaths(file.text).length > 0)) return undefined;
      updates.push([uri, before, kubernetesObjects(file)]);
    }
    const kinds = new Set<string>();
    const names = new Set<string>();
    let sameFacets = true;
    for (const [, before, after] of updates) {
      for (const object of [...before, ...after]) {
        kinds.add(object.kind);
        if (object.name !== undefined) names.add(`${object.kind}/${object.name}`);
      }
      if (sameFacets && facetsDigest(before) !== facetsDigest(after)) sameFacets = false;
    }
    const graph = new KubernetesGraph(undefined);
    graph.snapshot = previous.snapshot;
    for (const [uri, , after] of updates) graph.snapshot.set(uri, after);
    // Each affected kind's list made again from the snapshot, in its order.
    const lists = new Map<string, KubernetesObject[]>([...kinds].map((kind) => [kind, []]));
    for (const objects of graph.snapshot.values()) for (const object of objects) lists.get(object.kind)?.push(object);
    // A kind appearing or leaving changes the order of the kinds: made anew.
    for (const [kind, list] of lists) if (list.length === 0 || !previous.byKind.has(kind)) return undefined;
    graph.byKind = previous.byKind;
    for (const [kind, list] of lists) graph.byKind.set(kind, list);
    // The changed names' lists, made again in one pass over the affected kinds (a file of 20,000
    // objects of one kind is one pass, not one per name).
    const named = new Map<string, KubernetesObject[]>([...names].map((key) => [key, []]));
    for (const [kind, list] of lists) for (const object of list) if (object.name !== undefined) named.get(`${kind}/${object.name}`)?.push(object);
    graph.byName = previous.byName;
    for (const [key, list] of named) {
      if (list.length > 0) graph.byName.set(key, list);
      else graph.byName.delete(key);
    }
    graph.files = previous.files;
    graph.folders = previous.folders;
    graph.gitignores = previous.gitignores;
    graph.applySources = previous.applySources;
    graph.generators = previous.generators;
    return { graph, sameFacets };
  }

  /**
   * Everything rules read across objects, as a digest of each file's facets (facetsDigest): made
   * only when a newer graph compares itself with this one (never in a one-shot CLI check). Chunks
   * and stand-ins are immutable, so the snapshot still describes the graph as it was built.
   */
  private get signature(): string {
    if (this.cachedSignature === undefined) {
      KubernetesGraph.signatures++;
      const hash = createHash('sha1');
      for (const [uri, objects] of this.snapshot) hash.update(uri).update('\0').update(facetsDigest(objects)).update('\n');
      for (const [uri, text] of this.applySources) hash.update(uri).update('\0').update(JSON.stringify(applyCommands(text))).update('\n');
      for (const [uri, paths] of this.generators) hash.update(uri).update('\0').update(JSON.stringify(paths)).update('\n');
      this.cachedSignature = hash.digest('base64');
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

  /** How many graphs were patched rather than made anew (tests read it). */
  static patches = 0;
  /** How many graphs made their signature (tests: none is made for a graph of other files). */
  static signatures = 0;

  private static readonly cache = new WeakMap<WorkspaceIndex, { generation: number; fileSet: number; graph: KubernetesGraph }>();

  /** A graph of given objects (a kustomize build's output): looked up as the workspace's are; no files, no folders. */
  static ofObjects(objects: readonly KubernetesObject[]): KubernetesGraph {
    const graph = new KubernetesGraph(undefined);
    for (const object of objects) {
      graph.byKind.set(object.kind, [...(graph.byKind.get(object.kind) ?? []), object]);
      if (object.name !== undefined) graph.byName.set(`${object.kind}/${object.name}`, [...(graph.byName.get(`${object.kind}/${object.name}`) ?? []), object]);
    }
    return graph;
  }

  static of(index: WorkspaceIndex): KubernetesGraph {
    const cached = KubernetesGraph.cache.get(index);
    if (cached && cached.generation === index.generation) return cached.graph;
    let pending = pendingChanges.get(index);
    if (!pending) {
      const changes = { uris: new Set<string>(), overflow: false };
      pendingChanges.set(index, (pending = changes));
      index.onDidChange((uris) => {
        if (changes.overflow) return;
        for (const uri of uris) changes.uris.add(uri);
        if (changes.uris.size > PATCH_LIMIT) {
          changes.overflow = true;
          changes.uris.clear();
        }
      });
    }
    // Patched when files only changed (none added or removed: the order of the files is the same).
    const patch = cached && !pending.overflow && cached.fileSet === index.fileSetGeneration ? KubernetesGraph.patched(cached.graph, index, pending.uris) : undefined;
    pending.uris.clear();
    pending.overflow = false;
    let graph: KubernetesGraph;
    if (patch) {
      KubernetesGraph.patches++;
      graph = patch.graph;
      // Nothing any rule reads across files changed: the findings stand.
      if (patch.sameFacets && cached) graph.workspaceFindings = cached.graph.workspaceFindings;
    } else {
      graph = new KubernetesGraph(index);
      // Graphs of different files differ: no signature made (at the end of a scan of 100,000 files, a second; and for
      // each slice of a threaded check, whose index is filled again with other files, #84).
      if (cached && sameFiles(cached.graph.snapshot, graph.snapshot) && cached.graph.signature === graph.signature) graph.workspaceFindings = cached.graph.workspaceFindings;
    }
    KubernetesGraph.cache.set(index, { generation: index.generation, fileSet: index.fileSetGeneration, graph });
    return graph;
  }

}
