/**
 * kustomize applied as `kustomize build` applies it (kustomize v5, read November 2026), for what the
 * system map reads of the objects a kustomization deploys: its `resources` (files, and folders built
 * in turn), `components` (their resources added, then their transformations run over everything
 * gathered so far), `configMapGenerator` literals, then `patches` (strategic merge and JSON 6902,
 * inline or from a file, by the patch's own kind and name or a `target`), `patchesStrategicMerge`,
 * `patchesJson6902`, `namespace`, `namePrefix`/`nameSuffix` (with the ConfigMap and Secret references
 * that follow a rename), `commonLabels` and `images`. Remote resources, Helm charts, replacements
 * and generators reading files are not applied (their objects are missing, not invented).
 *
 * Strategic merge: maps merge; a list of maps with `name` merges by it (containerPort, port,
 * mountPath, devicePath as the list's key where kustomize's schema says so), other lists are
 * replaced; `$patch: delete` removes an object, a list item or a key, `$patch: replace` replaces.
 * Generated names carry no content hash: references stay by the written name, as kustomize's renames do.
 */
import { parseAllDocuments } from 'yaml';
import type * as Re2js from '../../gotemplate/re2.lazy';
import type { KubernetesGraph, KubernetesObject } from './objects';
import { clusterScoped, containersOf, isObject, podLabelsPath, type Json, type JsonObject } from './workloads';

/** An object as the build gives it, with the object of the workspace it comes from (for its lines). */
export interface BuiltObject {
  value: JsonObject;
  /** The manifest it comes from: undefined for a generated ConfigMap. */
  origin?: KubernetesObject;
  /** The kustomization that made it (a generator). */
  madeBy?: KubernetesObject;
  /** The kustomizations and components whose patches changed it, in order. */
  patchedBy?: KubernetesObject[];
}

/** A file's text by URI (the index's), for patch files that are not objects. */
export type FileText = (uri: string) => string | undefined;

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The kustomization (or Component) file of a folder (URI without trailing slash). */
export function kustomizationOf(folder: string, graph: KubernetesGraph): KubernetesObject | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const uri = `${folder}/${name}`;
    if (!graph.files.has(uri)) continue;
    const found = objectsByFile(graph).get(uri)?.find((k) => (k.kind === 'Kustomization' || k.kind === 'Component') && k.document === 0);
    if (found) return found;
  }
  return undefined;
}

function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

function resolve(folder: string, entry: string): string {
  return new URL(entry.replace(/\/$/, ''), `${folder}/`).href.replace(/\/$/, '');
}

function parseYaml(text: string): Json[] {
  try {
    return parseAllDocuments(text, { logLevel: 'error' }).flatMap((d) => (d.errors.length === 0 ? [d.toJS({ maxAliasCount: 100 }) as Json] : []));
  } catch {
    return [];
  }
}

const listKeys: Record<string, string> = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath', ports: 'containerPort', imagePullSecrets: 'name', volumeDevices: 'devicePath' };

/** A strategic merge of `patch` into `target` (both plain values), in place; returns the result. */
export function strategicMerge(target: Json, patch: Json, key?: string): Json {
  if (isObject(patch) && patch.$patch === 'replace') {
    const { $patch: _replace, ...rest } = patch;
    return clone(rest);
  }
  if (isObject(target) && isObject(patch)) {
    for (const [k, v] of Object.entries(patch)) {
      if (k === '$patch' || k.startsWith('$setElementOrder/') || k.startsWith('$retainKeys') || k.startsWith('$deleteFromPrimitiveList/')) continue;
      if (v === null || (isObject(v) && v.$patch === 'delete')) {
        delete target[k];
        continue;
      }
      target[k] = k in target ? strategicMerge(target[k], v, k) : strip(clone(v));
    }
    return target;
  }
  if (Array.isArray(target) && Array.isArray(patch)) {
    const mergeKey = key === 'ports' && target.some((t) => isObject(t) && t.port !== undefined && t.containerPort === undefined) ? 'port' : key ? listKeys[key] : undefined;
    if (!mergeKey || !patch.every((p) => isObject(p) && p[mergeKey] !== undefined)) return patch.filter((p) => !(isObject(p) && p.$patch === 'delete')).map((p) => strip(clone(p)));
    // kustomize's merge: the patch's items first, in its order (merged into the item of the same key), then the others.
    const rest = [...target];
    const first: Json[] = [];
    for (const item of patch as JsonObject[]) {
      const at = rest.findIndex((t) => isObject(t) && t[mergeKey] === item[mergeKey]);
      const existing = at >= 0 ? rest.splice(at, 1)[0] : undefined;
      if (item.$patch === 'delete') continue;
      first.push(existing !== undefined ? strategicMerge(existing, item, mergeKey) : strip(clone(item)));
    }
    return [...first, ...rest];
  }
  return strip(clone(patch));
}

/** A value without merge directives (a new item of a patch). */
function strip(value: Json): Json {
  if (Array.isArray(value)) return value.filter((v) => !(isObject(v) && v.$patch === 'delete')).map(strip);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = strip(v);
    return out;
  }
  return value;
}

/** JSON 6902 operations (add, remove, replace, copy, move) on a value, in place. */
export function jsonPatch(target: JsonObject, operations: Json): void {
  if (!Array.isArray(operations)) return;
  const segments = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parentOf = (pointer: string): { parent: Json | undefined; key: string } => {
    const path = segments(pointer);
    let at: Json | undefined = target;
    for (const s of path.slice(0, -1)) at = Array.isArray(at) ? at[Number(s)] : isObject(at) ? at[s] : undefined;
    return { parent: at, key: path[path.length - 1] ?? '' };
  };
  const read = (pointer: string): Json | undefined => {
    const { parent, key } = parentOf(pointer);
    return Array.isArray(parent) ? parent[Number(key)] : isObject(parent) ? parent[key] : undefined;
  };
  const remove = (pointer: string) => {
    const { parent, key } = parentOf(pointer);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else if (isObject(parent)) delete parent[key];
  };
  const put = (pointer: string, value: Json, insert: boolean) => {
    const { parent, key } = parentOf(pointer);
    if (Array.isArray(parent)) {
      const i = key === '-' ? parent.length : Number(key);
      if (insert) parent.splice(i, 0, value);
      else parent[i] = value;
    } else if (isObject(parent)) parent[key] = value;
  };
  for (const op of operations) {
    if (!isObject(op) || typeof op.path !== 'string') continue;
    if (op.op === 'add' && op.value !== undefined) put(op.path, clone(op.value), true);
    else if (op.op === 'replace' && op.value !== undefined) put(op.path, clone(op.value), false);
    else if (op.op === 'remove') remove(op.path);
    else if ((op.op === 'copy' || op.op === 'move') && typeof op.from === 'string') {
      const value = read(op.from);
      if (value === undefined) continue;
      if (op.op === 'move') remove(op.from);
      put(op.path, clone(value), true);
    }
  }
}

interface Target {
  kind?: string;
  name?: string;
  namespace?: string;
  group?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

function metadataOf(value: JsonObject): JsonObject {
  return isObject(value.metadata) ? value.metadata : (value.metadata = {});
}

function nameOf(value: JsonObject): string | undefined {
  const name = isObject(value.metadata) ? value.metadata.name : undefined;
  return typeof name === 'string' ? name : undefined;
}

type Anchored = ReturnType<typeof Re2js.RE2JS.compile>;
let re2js: typeof Re2js.RE2JS | undefined;
/**
 * RE2's JavaScript port, the bundle gotemplate/regex.ts loads for Sprig's functions, required here on the
 * first target pattern: an import of gotemplate/regex.ts would run the Go template modules in every check of
 * a manifest (cli-one-file-loads.test.ts: a Deployment's check runs no other family's or language's code).
 */
function re2(): typeof Re2js.RE2JS {
  return (re2js ??= (require('../../gotemplate/re2.lazy') as typeof Re2js).RE2JS);
}
/** The target patterns compiled (a kustomization repeats its targets over every object); `null`: RE2 refuses it. */
const anchored = new Map<string, Anchored | null>();

/**
 * Whether `actual` is `pattern` whole: kustomize compiles a target's `kind` and `name` as Go regular
 * expressions anchored `^(?:…)$` (api/types/selector.go), so on RE2 (re2js, loaded with the first
 * target, gotemplate/regex.ts): linear in the name whatever the pattern a file writes. A pattern RE2
 * refuses (kustomize's build error) matches only itself, as written.
 */
function matchesPattern(pattern: string | undefined, actual: string | undefined): boolean {
  if (pattern === undefined) return true;
  let compiled = anchored.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = re2().compile(`^(?:${pattern})$`);
    } catch {
      compiled = null;
    }
    if (anchored.size > 1000) anchored.clear();
    anchored.set(pattern, compiled);
  }
  return compiled === null ? pattern === actual : compiled.test(actual ?? '');
}

/** Whether an object is a patch's target (kind and name as anchored regular expressions, as kustomize reads them). */
function matches(value: JsonObject, target: Target): boolean {
  const exact = matchesPattern;
  const metadata = isObject(value.metadata) ? value.metadata : {};
  if (!exact(target.kind, typeof value.kind === 'string' ? value.kind : undefined) || !exact(target.name, nameOf(value))) return false;
  if (target.namespace !== undefined && metadata.namespace !== target.namespace) return false;
  if (target.group !== undefined && !(typeof value.apiVersion === 'string' && (target.group === '' ? !value.apiVersion.includes('/') : value.apiVersion.startsWith(`${target.group}/`)))) return false;
  for (const [selector, field] of [[target.labelSelector, 'labels'], [target.annotationSelector, 'annotations']] as const) {
    if (selector === undefined) continue;
    const map = isObject(metadata[field]) ? (metadata[field]) : {};
    for (const term of selector.split(',')) {
      const [k, v] = term.split('=').map((s) => s.trim());
      if (v === undefined ? !(k in map) : map[k] !== v) return false;
    }
  }
  return true;
}

function targetOf(value: Json): Target | undefined {
  const out: Target = {};
  for (const key of ['kind', 'name', 'namespace', 'group', 'labelSelector', 'annotationSelector'] as const) if (isObject(value) && typeof value[key] === 'string') out[key] = value[key];
  return isObject(value) ? out : undefined;
}

/** The patches a kustomization lists, each as documents and the target it names. */
function patchesOf(k: KubernetesObject, folder: string, graph: KubernetesGraph, text: FileText, read?: Set<string>): { documents: Json[]; target?: Target; json: boolean }[] {
  const out: { documents: Json[]; target?: Target; json: boolean }[] = [];
  // A patch file need not be an object (a list of operations, a ConfigMap without apiVersion): read from its text.
  const fileDocuments = (path: string): Json[] => {
    const uri = resolve(folder, path);
    read?.add(uri);
    const written = text(uri);
    return written !== undefined ? parseYaml(written) : (objectsByFile(graph).get(uri) ?? []).map((o) => o.value as Json);
  };
  const add = (entry: Json, json: boolean, targetEntry?: Json) => {
    if (typeof entry === 'string') {
      // patchesStrategicMerge: a file's path, or a patch inline.
      const documents = entry.includes('\n') || /^(apiVersion|kind):/m.test(entry.trimStart()) ? parseYaml(entry) : fileDocuments(entry);
      out.push({ documents, json });
      return;
    }
    if (!isObject(entry)) return;
    const target = targetOf(targetEntry ?? entry.target);
    const documents = typeof entry.patch === 'string' ? parseYaml(entry.patch) : typeof entry.path === 'string' ? fileDocuments(entry.path) : [];
    // A list of operations is JSON 6902, whatever key listed it.
    const isJson = json || (documents.length === 1 && Array.isArray(documents[0]));
    out.push({ documents, ...(target ? { target } : {}), json: isJson });
  };
  const v = k.value;
  if (Array.isArray(v.patchesStrategicMerge)) for (const entry of v.patchesStrategicMerge) add(entry, false);
  if (Array.isArray(v.patches)) for (const entry of v.patches) add(entry, false);
  if (Array.isArray(v.patchesJson6902)) for (const entry of v.patchesJson6902) add(entry, true, isObject(entry) ? entry.target : undefined);
  return out;
}

function applyPatches(objects: BuiltObject[], k: KubernetesObject, folder: string, graph: KubernetesGraph, text: FileText, read?: Set<string>): BuiltObject[] {
  let out = objects;
  for (const { documents, target, json } of patchesOf(k, folder, graph, text, read)) {
    if (json) {
      for (const object of out) {
        if (!target || !matches(object.value, target)) continue;
        jsonPatch(object.value, documents[0]);
        (object.patchedBy ??= []).push(k);
      }
      continue;
    }
    for (const document of documents) {
      if (!isObject(document)) continue;
      const own: Target = { ...(typeof document.kind === 'string' ? { kind: escape(document.kind) } : {}), ...(nameOf(document) ? { name: escape(nameOf(document)!) } : {}) };
      const chosen = target ?? own;
      if (document.$patch === 'delete') {
        // What the build deletes is its file's no more: its own patch's or a listed Component's (one nothing lists is never built).
        for (const o of out) if (o.origin && matches(o.value, chosen)) read?.add(o.origin.uri);
        out = out.filter((o) => !matches(o.value, chosen));
        continue;
      }
      for (const object of out) {
        if (!matches(object.value, chosen)) continue;
        const { kind, apiVersion } = object.value;
        const name = nameOf(object.value);
        const namespace = metadataOf(object.value).namespace;
        strategicMerge(object.value, document);
        (object.patchedBy ??= []).push(k);
        // A patch found by its target keeps the object's identity (a Deployment patch applied to every Job stays a Job).
        if (target) {
          Object.assign(object.value, { kind, apiVersion });
          const metadata = metadataOf(object.value);
          if (name !== undefined) metadata.name = name;
          if (namespace !== undefined) metadata.namespace = namespace;
          else delete metadata.namespace;
        }
      }
    }
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ConfigMaps (literals) and Secrets (literals, as data) of the generators. */
function generated(k: KubernetesObject): BuiltObject[] {
  const out: BuiltObject[] = [];
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    const entries = k.value[field];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.name !== 'string') continue;
      const data: JsonObject = {};
      for (const literal of Array.isArray(entry.literals) ? entry.literals : []) if (typeof literal === 'string' && literal.includes('=')) data[literal.slice(0, literal.indexOf('='))] = literal.slice(literal.indexOf('=') + 1).replace(/^"(.*)"$/, '$1');
      const metadata: JsonObject = { name: entry.name };
      if (typeof entry.namespace === 'string') metadata.namespace = entry.namespace;
      out.push({ value: { apiVersion: 'v1', kind, metadata, data }, madeBy: k });
    }
  }
  return out;
}

/** Where a pod template names ConfigMaps and Secrets: renamed with them. */
function renameReferences(value: JsonObject, renamed: Map<string, string>): void {
  const rename = (o: Json, key: string) => {
    if (isObject(o) && typeof o[key] === 'string' && renamed.has(`${String(o[key])}`)) o[key] = renamed.get(String(o[key]))!;
  };
  for (const { container } of containersOf(value, String(value.kind))) {
    for (const env of Array.isArray(container.env) ? container.env : []) if (isObject(env) && isObject(env.valueFrom)) for (const ref of ['configMapKeyRef', 'secretKeyRef']) rename(env.valueFrom[ref], 'name');
    for (const from of Array.isArray(container.envFrom) ? container.envFrom : []) if (isObject(from)) for (const ref of ['configMapRef', 'secretRef']) rename(from[ref], 'name');
  }
}

function transform(objects: BuiltObject[], k: KubernetesObject): void {
  const v = k.value;
  const namespace = typeof v.namespace === 'string' ? v.namespace : undefined;
  const prefix = typeof v.namePrefix === 'string' ? v.namePrefix : '';
  const suffix = typeof v.nameSuffix === 'string' ? v.nameSuffix : '';
  const renamed = new Map<string, string>();
  for (const object of objects) {
    const kind = String(object.value.kind);
    const metadata = metadataOf(object.value);
    if (namespace && !clusterScoped.has(kind)) metadata.namespace = namespace;
    if ((prefix || suffix) && kind !== 'Namespace' && kind !== 'CustomResourceDefinition' && typeof metadata.name === 'string') {
      if (kind === 'ConfigMap' || kind === 'Secret') renamed.set(metadata.name, `${prefix}${metadata.name}${suffix}`);
      metadata.name = `${prefix}${metadata.name}${suffix}`;
    }
    if (isObject(v.commonLabels)) {
      const labels = v.commonLabels;
      metadata.labels = { ...(isObject(metadata.labels) ? metadata.labels : {}), ...labels };
      const spec = isObject(object.value.spec) ? object.value.spec : undefined;
      if (kind === 'Service' && spec) spec.selector = { ...(isObject(spec.selector) ? spec.selector : {}), ...labels };
      const podLabels = podLabelsPath(kind);
      if (podLabels && spec && kind !== 'CronJob' && kind !== 'Pod') {
        spec.selector = isObject(spec.selector) ? spec.selector : {};
        (spec.selector).matchLabels = { ...(isObject((spec.selector).matchLabels) ? ((spec.selector).matchLabels) : {}), ...labels };
        const template = isObject(spec.template) ? spec.template : (spec.template = {});
        const tm = isObject((template).metadata) ? ((template).metadata) : ((template).metadata = {});
        tm.labels = { ...(isObject(tm.labels) ? tm.labels : {}), ...labels };
      }
    }
  }
  if (renamed.size > 0) for (const object of objects) renameReferences(object.value, renamed);
  if (Array.isArray(v.images)) {
    for (const object of objects) {
      for (const { container } of containersOf(object.value, String(object.value.kind))) {
        if (typeof container.image !== 'string') continue;
        for (const image of v.images) {
          if (!isObject(image) || typeof image.name !== 'string') continue;
          const [repository, tag] = splitImage(container.image);
          if (repository !== image.name) continue;
          const newName = typeof image.newName === 'string' ? image.newName : repository;
          container.image = typeof image.digest === 'string' ? `${newName}@${image.digest}` : typeof image.newTag === 'string' || typeof image.newTag === 'number' ? `${newName}:${String(image.newTag)}` : `${newName}${tag}`;
          break;
        }
      }
    }
  }
}

/** An image reference's repository and the rest (`:tag`, `@digest`, or nothing). */
function splitImage(image: string): [string, string] {
  const at = image.indexOf('@');
  if (at >= 0) return [image.slice(0, at), image.slice(at)];
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? [image.slice(0, colon), image.slice(colon)] : [image, ''];
}

/** The objects of each file (kustomize's own files left out), once per graph. */
function objectsByFile(graph: KubernetesGraph): Map<string, KubernetesObject[]> {
  return graph.derived(objectsByFile, () => {
    const byFile = new Map<string, KubernetesObject[]>();
    for (const object of graph.all()) byFile.set(object.uri, [...(byFile.get(object.uri) ?? []), object]);
    return byFile;
  });
}

/** The objects a file of the workspace defines, as plain copies. */
function fileObjects(uri: string, graph: KubernetesGraph): BuiltObject[] {
  return (objectsByFile(graph).get(uri) ?? []).filter((o) => o.kind !== 'Kustomization' && o.kind !== 'Component').map((object) => ({ value: clone(object.value), origin: object }));
}

/**
 * What a build may cost: kustomize builds a kustomization again for every path that lists it (kubectl
 * kustomize 1.34 does not share a base listed twice: a diamond of 4 overlays per level, each with a
 * prefix of its own, took 2 s at 4 levels, 15 s at 5, 303 s at 6), so a diamond of 14 levels of 4
 * overlays (57 files) is 4^14 builds of its base. Past either bound a folder is not built (kustomizeFanOut
 * says so first, in linear time; the `k8s-kustomize-limit` finding names it).
 */
export const KUSTOMIZE_BOUNDS = { visits: 10_000, objects: 20_000 } as const;

/** What building a folder costs: the kustomizations and files its build visits (each path counted) and the objects it gathers. */
export interface FanOut {
  visits: number;
  objects: number;
}

/** Whether an entry of `resources` or `bases` names something remote (a URL, a Git repository): never read. */
export function remoteEntry(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/|^github\.com\//i.test(entry);
}

/** The entries a kustomization's build follows, each with the folder or file it resolves to and whether it is a component. */
function entriesOf(k: KubernetesObject, folder: string, graph: KubernetesGraph): { field: 'resources' | 'bases' | 'components'; at: number; uri: string; file: boolean }[] {
  const out: { field: 'resources' | 'bases' | 'components'; at: number; uri: string; file: boolean }[] = [];
  for (const field of ['resources', 'bases', 'components'] as const) {
    const list = k.value[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, at) => {
      if (typeof entry !== 'string' || remoteEntry(entry)) return;
      const uri = resolve(folder, entry);
      out.push({ field, at, uri, file: field !== 'components' && /\.(ya?ml|json)$/i.test(entry) && graph.files.has(uri) });
    });
  }
  return out;
}

/**
 * What `kustomize build <folder>` costs, every path through the kustomizations counted as kustomize
 * builds it, computed once per folder and graph (linear in the kustomizations, iterative: a chain of
 * thousands does not overflow the stack); a folder met again on its own way down counts nothing there.
 */
export function kustomizeFanOut(folder: string, graph: KubernetesGraph): FanOut {
  const known = graph.derived(kustomizeFanOut, () => new Map<string, FanOut>());
  const cap = (n: number) => Math.min(n, Number.MAX_SAFE_INTEGER);
  type Frame = { folder: string; entries: ReturnType<typeof entriesOf>; next: number; cost: FanOut };
  const open = new Set<string>();
  const enter = (at: string): Frame | FanOut => {
    const done = known.get(at);
    if (done) return done;
    const k = kustomizationOf(at, graph);
    if (!k || open.has(at)) return { visits: 0, objects: 0 };
    open.add(at);
    return { folder: at, entries: entriesOf(k, at, graph), next: 0, cost: { visits: 1, objects: generated(k).length } };
  };
  const first = enter(folder);
  if (!('entries' in first)) return first;
  const stack: Frame[] = [first];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.entries.length) {
      stack.pop();
      open.delete(frame.folder);
      known.set(frame.folder, frame.cost);
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.cost.visits = cap(parent.cost.visits + frame.cost.visits);
        parent.cost.objects = cap(parent.cost.objects + frame.cost.objects);
      }
      continue;
    }
    const entry = frame.entries[frame.next++];
    if (entry.file) {
      frame.cost.visits = cap(frame.cost.visits + 1);
      frame.cost.objects = cap(frame.cost.objects + fileObjectCount(entry.uri, graph));
      continue;
    }
    const child = enter(entry.uri);
    if ('entries' in child) stack.push(child);
    else {
      frame.cost.visits = cap(frame.cost.visits + child.visits);
      frame.cost.objects = cap(frame.cost.objects + child.objects);
    }
  }
  return known.get(folder) ?? { visits: 0, objects: 0 };
}

/** The entry of a kustomization whose build costs the most, and that cost (for the limit's message). */
export function costliestEntry(k: KubernetesObject, graph: KubernetesGraph): { field: 'resources' | 'bases' | 'components'; at: number; cost: FanOut } | undefined {
  const folder = k.uri.slice(0, k.uri.lastIndexOf('/'));
  let worst: { field: 'resources' | 'bases' | 'components'; at: number; cost: FanOut } | undefined;
  for (const entry of entriesOf(k, folder, graph)) {
    const cost = entry.file ? { visits: 1, objects: fileObjectCount(entry.uri, graph) } : kustomizeFanOut(entry.uri, graph);
    if (!worst || cost.objects > worst.cost.objects || (cost.objects === worst.cost.objects && cost.visits > worst.cost.visits)) worst = { field: entry.field, at: entry.at, cost };
  }
  return worst;
}

/** Whether building a folder passes a bound of KUSTOMIZE_BOUNDS. */
export function pastKustomizeBounds(cost: FanOut): boolean {
  return cost.visits > KUSTOMIZE_BOUNDS.visits || cost.objects > KUSTOMIZE_BOUNDS.objects;
}

/** The count of objects a file of the workspace gives a build. */
function fileObjectCount(uri: string, graph: KubernetesGraph): number {
  return (objectsByFile(graph).get(uri) ?? []).filter((o) => o.kind !== 'Kustomization' && o.kind !== 'Component').length;
}

/** Thrown inside a build past twice its bounds (a cycle the count above read otherwise): the build is dropped. */
class TooLarge extends Error {}

/** What a build has done so far (the net under kustomizeFanOut's count). */
/** `read`: the files it read, when asked (kustomizeBuild). */
interface Tally { visits: number; read?: Set<string> }

function visit(tally: Tally): void {
  if (++tally.visits > 2 * KUSTOMIZE_BOUNDS.visits) throw new TooLarge();
}

/**
 * `kustomize build <folder>`: the objects it outputs, in kustomize's order of gathering. Undefined
 * when the folder has no kustomization, or when its build passes KUSTOMIZE_BOUNDS (not built: the
 * `k8s-kustomize-limit` finding says so on the kustomization). `read` collects its patch files and the
 * files of the objects a `$patch: delete` of the build removed (the kustomization's or a Component's it lists).
 */
export function kustomizeBuild(folder: string, graph: KubernetesGraph, text: FileText, read?: Set<string>): BuiltObject[] | undefined {
  if (pastKustomizeBounds(kustomizeFanOut(folder, graph))) return undefined;
  try {
    return build(folder, graph, text, new Set<string>(), 0, { visits: 0, ...(read ? { read } : {}) });
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}

/** A folder's build: `seen` guards cycles; `depth` bounds the nesting. */
function build(folder: string, graph: KubernetesGraph, text: FileText, seen: Set<string>, depth: number, tally: Tally): BuiltObject[] | undefined {
  const k = kustomizationOf(folder, graph);
  if (!k || seen.has(folder) || depth > 12) return undefined;
  const inner = new Set(seen).add(folder);
  let objects: BuiltObject[] = [];
  const v = k.value;
  for (const entry of [...(Array.isArray(v.resources) ? v.resources : []), ...(Array.isArray(v.bases) ? v.bases : [])]) {
    if (typeof entry !== 'string' || remoteEntry(entry)) continue;
    visit(tally);
    const uri = resolve(folder, entry);
    const built = /\.(ya?ml|json)$/i.test(entry) && graph.files.has(uri) ? fileObjects(uri, graph) : build(uri, graph, text, inner, depth + 1, tally);
    if (built) for (const object of built) objects.push(object);
  }
  // Components: their resources join, then their own transformations run over everything gathered.
  for (const entry of Array.isArray(v.components) ? v.components : []) {
    if (typeof entry !== 'string') continue;
    visit(tally);
    objects = applyComponent(resolve(folder, entry), objects, graph, text, inner, depth + 1, tally);
  }
  // Then the kustomization's own generators and transformers, over all of it.
  objects.push(...generated(k));
  objects = applyPatches(objects, k, folder, graph, text, tally.read);
  transform(objects, k);
  return objects;
}

function applyComponent(folder: string, objects: BuiltObject[], graph: KubernetesGraph, text: FileText, seen: Set<string>, depth: number, tally: Tally): BuiltObject[] {
  const k = kustomizationOf(folder, graph);
  if (!k || seen.has(folder) || depth > 12) return objects;
  const inner = new Set(seen).add(folder);
  let out = objects;
  for (const entry of Array.isArray(k.value.resources) ? k.value.resources : []) {
    if (typeof entry !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) continue;
    visit(tally);
    const uri = resolve(folder, entry);
    const built = /\.(ya?ml|json)$/i.test(entry) && graph.files.has(uri) ? fileObjects(uri, graph) : build(uri, graph, text, inner, depth + 1, tally);
    if (built) for (const object of built) out.push(object);
  }
  for (const entry of Array.isArray(k.value.components) ? k.value.components : []) {
    if (typeof entry !== 'string') continue;
    visit(tally);
    out = applyComponent(resolve(folder, entry), out, graph, text, inner, depth + 1, tally);
  }
  out.push(...generated(k));
  out = applyPatches(out, k, folder, graph, text, tally.read);
  transform(out, k);
  return out;
}

/** The folders of the workspace's kustomizations that no other kustomization lists: what is built and applied. */
export function topKustomizations(graph: KubernetesGraph): string[] {
  const folders = new Set<string>();
  const listed = new Set<string>();
  for (const k of graph.ofKind('Kustomization')) {
    if (k.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') || k.document !== 0) continue;
    const folder = k.uri.slice(0, k.uri.lastIndexOf('/'));
    folders.add(folder);
    for (const field of ['resources', 'bases', 'components'] as const) {
      const list = k.value[field];
      if (Array.isArray(list)) for (const entry of list) if (typeof entry === 'string' && !/\.(ya?ml|json)$/i.test(entry)) listed.add(resolve(folder, entry));
    }
  }
  return [...folders].filter((f) => !listed.has(f)).sort();
}
