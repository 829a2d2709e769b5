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
    const out = [...first, ...rest];
    return out;
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
  if (!isObject(value.metadata)) value.metadata = {};
  return value.metadata;
}

function nameOf(value: JsonObject): string | undefined {
  const name = isObject(value.metadata) ? value.metadata.name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/** Whether an object is a patch's target (kind and name as anchored regular expressions, as kustomize reads them). */
function matches(value: JsonObject, target: Target): boolean {
  const exact = (pattern: string | undefined, actual: string | undefined) => {
    if (pattern === undefined) return true;
    try {
      return new RegExp(`^(?:${pattern})$`).test(actual ?? '');
    } catch {
      return pattern === actual;
    }
  };
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
  if (!isObject(value)) return undefined;
  const out: Target = {};
  for (const key of ['kind', 'name', 'namespace', 'group', 'labelSelector', 'annotationSelector'] as const) if (typeof value[key] === 'string') out[key] = value[key];
  return out;
}

/** The patches a kustomization lists, each as documents and the target it names. */
function patchesOf(k: KubernetesObject, folder: string, graph: KubernetesGraph, text: FileText): { documents: Json[]; target?: Target; json: boolean }[] {
  const out: { documents: Json[]; target?: Target; json: boolean }[] = [];
  // A patch file need not be an object (a list of operations, a ConfigMap without apiVersion): read from its text.
  const fileDocuments = (path: string): Json[] => {
    const uri = resolve(folder, path);
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

function applyPatches(objects: BuiltObject[], k: KubernetesObject, folder: string, graph: KubernetesGraph, text: FileText): BuiltObject[] {
  let out = objects;
  for (const { documents, target, json } of patchesOf(k, folder, graph, text)) {
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
 * `kustomize build <folder>`: the objects it outputs, in kustomize's order of gathering. Undefined
 * when the folder has no kustomization. `seen` guards cycles; `depth` bounds the nesting.
 */
export function kustomizeBuild(folder: string, graph: KubernetesGraph, text: FileText, seen = new Set<string>(), depth = 0): BuiltObject[] | undefined {
  const k = kustomizationOf(folder, graph);
  if (!k || seen.has(folder) || depth > 12) return undefined;
  const inner = new Set(seen).add(folder);
  let objects: BuiltObject[] = [];
  const v = k.value;
  for (const entry of [...(Array.isArray(v.resources) ? v.resources : []), ...(Array.isArray(v.bases) ? v.bases : [])]) {
    if (typeof entry !== 'string' || /^[a-z][a-z0-9+.-]*:\/\/|^github\.com\//i.test(entry)) continue;
    const uri = resolve(folder, entry);
    const built = /\.(ya?ml|json)$/i.test(entry) && graph.files.has(uri) ? fileObjects(uri, graph) : kustomizeBuild(uri, graph, text, inner, depth + 1);
    if (built) objects.push(...built);
  }
  // Components: their resources join, then their own transformations run over everything gathered.
  for (const entry of Array.isArray(v.components) ? v.components : []) {
    if (typeof entry !== 'string') continue;
    objects = applyComponent(resolve(folder, entry), objects, graph, text, inner, depth + 1);
  }
  // Then the kustomization's own generators and transformers, over all of it.
  objects.push(...generated(k));
  objects = applyPatches(objects, k, folder, graph, text);
  transform(objects, k);
  return objects;
}

function applyComponent(folder: string, objects: BuiltObject[], graph: KubernetesGraph, text: FileText, seen: Set<string>, depth: number): BuiltObject[] {
  const k = kustomizationOf(folder, graph);
  if (!k || seen.has(folder) || depth > 12) return objects;
  const inner = new Set(seen).add(folder);
  let out = objects;
  for (const entry of Array.isArray(k.value.resources) ? k.value.resources : []) {
    if (typeof entry !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) continue;
    const uri = resolve(folder, entry);
    const built = /\.(ya?ml|json)$/i.test(entry) && graph.files.has(uri) ? fileObjects(uri, graph) : kustomizeBuild(uri, graph, text, inner, depth + 1);
    if (built) out.push(...built);
  }
  for (const entry of Array.isArray(k.value.components) ? k.value.components : []) if (typeof entry === 'string') out = applyComponent(resolve(folder, entry), out, graph, text, inner, depth + 1);
  out.push(...generated(k));
  out = applyPatches(out, k, folder, graph, text);
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
