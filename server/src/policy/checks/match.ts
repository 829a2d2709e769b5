/**
 * Kyverno's `match` and `exclude`: resource filters (`kinds` as `Kind`, `Version/Kind`, `Group/Version/Kind` with
 * wildcards, `names`, `namespaces`, `annotations`, `selector`, `namespaceSelector`, `operations`) and the request's
 * subjects and roles, in `any` (one filter) or `all` (every filter) blocks, or the legacy single filter.
 */
import { clusterScoped } from '../../kubernetes/api';
import { isObject, type JsonObject } from '../model/kyverno';
import { wildcardMatch } from './wildcard';

/** What the admission request says beside the object. */
export interface RequestInfo {
  readonly operation: string;
  readonly username?: string;
  readonly groups?: readonly string[];
  readonly roles?: readonly string[];
  readonly clusterRoles?: readonly string[];
  /** A namespace's labels (kyverno test's values `namespaceSelector`), by name. */
  readonly namespaceLabels?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/**
 * Kinds without a namespace (kyverno puts the others in `default` when they name none): the Kubernetes family's list,
 * and kyverno's own cluster-wide policy.
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([...clusterScoped, 'ClusterPolicy']);

/** Said of an object whose namespace-dependent match is not decided offline. */
export const NAMESPACE_AT_APPLY = 'not evaluated: the namespace is given when the object is applied';

/**
 * Whether the object's namespace is known only when it is applied: a namespaced object that names none (applied with
 * `kubectl apply -n`, `helm --namespace`); a kustomization's or a release's namespace is already in its metadata.
 */
export function namespaceAtApply(resource: ResourceIdentity): boolean {
  return resource.namespace === '' && resource.kind !== '' && !CLUSTER_SCOPED.has(resource.kind);
}

/** Whether a label selector selects anything in particular (`{}` takes every namespace: it depends on none). */
export function selectsSome(selector: unknown): boolean {
  if (!isObject(selector)) return false;
  return (isObject(selector.matchLabels) && Object.keys(selector.matchLabels).length > 0) || (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
}

/** A resource's identity as a filter reads it. */
export interface ResourceIdentity {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (isObject(value)) for (const [key, item] of Object.entries(value)) if (typeof item === 'string') result[key] = item;
  return result;
}

export function identityOf(resource: JsonObject): ResourceIdentity {
  const apiVersion = typeof resource.apiVersion === 'string' ? resource.apiVersion : '';
  const slash = apiVersion.lastIndexOf('/');
  const metadata = isObject(resource.metadata) ? resource.metadata : {};
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: typeof resource.kind === 'string' ? resource.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? metadata.generateName : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
  };
}

/** Whether a `kinds` entry names the resource (`Pod`, `v1/Pod`, `apps/v1/Deployment`, `*`, `Pod/status` never: a subresource). */
export function kindMatches(entry: string, resource: ResourceIdentity): boolean {
  if (entry === '*') return true;
  const parts = entry.split('/');
  let group = '*';
  let version = '*';
  let kind: string;
  if (parts.length === 1) kind = parts[0] ?? '';
  else if (parts.length === 2) {
    // `Pod/status` names a subresource; `v1/Pod` a version and kind.
    if (/^[A-Z*]/.test(parts[0] ?? '') && parts[0] !== '*') return false;
    [version, kind] = [parts[0] ?? '', parts[1] ?? ''];
  } else if (parts.length === 3) [group, version, kind] = [parts[0] ?? '', parts[1] ?? '', parts[2] ?? ''];
  else return false;
  if (kind.includes('.')) [kind] = kind.split('.');
  return wildcardMatch(group, resource.group) && wildcardMatch(version, resource.version) && wildcardMatch(kind ?? '', resource.kind);
}

/** A label selector (`matchLabels`, `matchExpressions`) against labels. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return true;
  if (isObject(selector.matchLabels)) for (const [key, value] of Object.entries(selector.matchLabels)) if (typeof value !== 'string' || !wildcardMatch(value, labels[key] ?? '') || labels[key] === undefined) return false;
  for (const expression of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    if (!isObject(expression) || typeof expression.key !== 'string') return false;
    const values = Array.isArray(expression.values) ? expression.values.filter((item): item is string => typeof item === 'string') : [];
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'In': if (value === undefined || !values.includes(value)) return false; break;
      case 'NotIn': if (value !== undefined && values.includes(value)) return false; break;
      case 'Exists': if (value === undefined) return false; break;
      case 'DoesNotExist': if (value !== undefined) return false; break;
      default: return false;
    }
  }
  return true;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Whether one filter (`resources`, `subjects`, `roles`, `clusterRoles`) takes the resource. */
function filterMatches(filter: JsonObject, resource: ResourceIdentity, request: RequestInfo, anyNamespace: boolean): boolean {
  const resources = isObject(filter.resources) ? filter.resources : undefined;
  if (resources) {
    const kinds = strings(resources.kinds);
    if (kinds.length > 0 && !kinds.some((kind) => kindMatches(kind, resource))) return false;
    const names = [...strings(resources.names), ...(typeof resources.name === 'string' ? [resources.name] : [])];
    if (names.length > 0 && !names.some((name) => wildcardMatch(name, resource.name))) return false;
    const namespaces = strings(resources.namespaces);
    if (!anyNamespace && namespaces.length > 0 && !namespaces.some((namespace) => wildcardMatch(namespace, resource.namespace || (resource.kind === 'Namespace' ? resource.name : '')))) return false;
    if (isObject(resources.annotations)) for (const [key, value] of Object.entries(resources.annotations)) {
      const found = Object.entries(resource.annotations).find(([name]) => wildcardMatch(key, name));
      if (!found || typeof value !== 'string' || !wildcardMatch(value, found[1])) return false;
    }
    if (resources.selector !== undefined && !selectorMatches(resources.selector, resource.labels)) return false;
    if (!anyNamespace && resources.namespaceSelector !== undefined) {
      const labels = request.namespaceLabels?.get(resource.namespace) ?? {};
      if (!selectorMatches(resources.namespaceSelector, labels)) return false;
    }
    const operations = strings(resources.operations);
    if (operations.length > 0 && !operations.includes(request.operation)) return false;
  }
  const subjects = Array.isArray(filter.subjects) ? filter.subjects : undefined;
  if (subjects && subjects.length > 0 && !subjects.some((subject) => isObject(subject) && subjectMatches(subject, request))) return false;
  const roles = strings(filter.roles);
  if (roles.length > 0 && !roles.some((role) => (request.roles ?? []).includes(role))) return false;
  const clusterRoles = strings(filter.clusterRoles);
  if (clusterRoles.length > 0 && !clusterRoles.some((role) => (request.clusterRoles ?? []).includes(role))) return false;
  return true;
}

function subjectMatches(subject: JsonObject, request: RequestInfo): boolean {
  const name = typeof subject.name === 'string' ? subject.name : '';
  switch (subject.kind) {
    case 'User': return wildcardMatch(name, request.username ?? '');
    case 'Group': return (request.groups ?? []).some((group) => wildcardMatch(name, group));
    case 'ServiceAccount': return request.username === `system:serviceaccount:${typeof subject.namespace === 'string' ? subject.namespace : ''}:${name}`;
    default: return false;
  }
}

/** The filters of a `match` (or `exclude`) block: its `any` and `all` ones, or the block itself (the legacy single filter). */
function filtersOf(block: JsonObject): JsonObject[] {
  const listed = [...(Array.isArray(block.any) ? block.any : []), ...(Array.isArray(block.all) ? block.all : [])].filter(isObject);
  return listed.length > 0 ? listed : [block];
}

/** Whether a `match` (or `exclude`) block reads the namespace (`namespaces`, a `namespaceSelector` that selects some). */
export function dependsOnNamespace(block: JsonObject | undefined): boolean {
  if (!block) return false;
  return filtersOf(block).some((filter) => {
    const resources = isObject(filter.resources) ? filter.resources : undefined;
    return resources !== undefined && (strings(resources.namespaces).length > 0 || selectsSome(resources.namespaceSelector));
  });
}

/**
 * Whether a `match` (or `exclude`) block takes the resource. An empty block takes nothing. With `anyNamespace`, the
 * namespace filters take every namespace (the object's is not known yet).
 */
export function blockMatches(block: JsonObject | undefined, resource: ResourceIdentity, request: RequestInfo, anyNamespace = false): boolean {
  if (!block) return false;
  const any = Array.isArray(block.any) ? block.any.filter(isObject) : [];
  const all = Array.isArray(block.all) ? block.all.filter(isObject) : [];
  if (any.length > 0 || all.length > 0) {
    if (any.length > 0 && !any.some((filter) => filterMatches(filter, resource, request, anyNamespace))) return false;
    if (all.length > 0 && !all.every((filter) => filterMatches(filter, resource, request, anyNamespace))) return false;
    return true;
  }
  if (block.resources === undefined && block.subjects === undefined && block.roles === undefined && block.clusterRoles === undefined) return false;
  return filterMatches(block, resource, request, anyNamespace);
}
