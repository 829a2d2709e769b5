/**
 * The workspace's policies on what its kustomizations build (#96): each object a top kustomization builds (the Kubernetes
 * family's `kustomize build`, kustomizeBuild) that the build changed is evaluated again, and what it violates that its
 * own file's object does not (a patch's `:latest`, a namespace a policy forbids) is said where the build made it: on the
 * patch's line when a patch of the build sets the failing value (a patch file's value, or an inline patch's entry in its
 * kustomization), else on the object's own line in its base file, naming the build. What the object's file already
 * violates is said there once (feature.ts), never again for each build. A patch file is no object deployed as written
 * (a Deployment patch holds no image): only what its builds make of it is evaluated.
 */
import { parseAllDocuments } from 'yaml';
import type { PlacedFinding } from '../../features/feature';
import { t } from '../../l10n/t';
import { kustomizeBuild, locate, topKustomizations, type BuiltObject, type KubernetesGraph, type KubernetesObject } from '../../kubernetes/api';
import { placedOn, policyViolations, type PolicySet, type Violation } from './live';

type Path = readonly (string | number)[];
/** A file's text by URI (the index's): a patch file that is no object (JSON 6902 operations) is read from it. */
export type FileText = (uri: string) => string | undefined;

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * How much of the build's `path` a patch sets, and that part as a path in the patch: a list's item followed by its
 * `name` (the key a strategic merge merges containers, env and volumes by) when the built item has one, else by position.
 */
function heldInPatch(patch: unknown, built: unknown, path: Path): (string | number)[] | undefined {
  const own: (string | number)[] = [];
  let at = patch;
  let made = built;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(at) || !Array.isArray(made)) return undefined;
      const item: unknown = made[step];
      const name = isMap(item) ? item.name : undefined;
      const index = name !== undefined ? at.findIndex((entry) => isMap(entry) && entry.name === name) : step < at.length ? step : -1;
      if (index < 0) return undefined;
      own.push(index);
      at = at[index];
      made = item;
    } else {
      if (!isMap(at) || !Object.hasOwn(at, step)) return undefined;
      own.push(step);
      at = at[step];
      made = isMap(made) ? made[step] : undefined;
    }
  }
  return own;
}

/** Whether a patch document is for the built object (its kind, and its name when it writes one). */
function patchFor(document: unknown, built: BuiltObject): boolean {
  if (!isMap(document)) return false;
  const metadata = isMap(document.metadata) ? document.metadata : {};
  const name = isMap(built.value.metadata) ? built.value.metadata.name : undefined;
  return (document.kind === undefined || document.kind === built.value.kind) && (metadata.name === undefined || metadata.name === built.origin?.name || (typeof name === 'string' && typeof metadata.name === 'string' && name.includes(metadata.name)));
}

/** Whether JSON 6902 operations write the path (an operation at it or at a value holding it). */
function operationsSet(operations: unknown, path: Path): boolean {
  const pointer = `/${path.join('/')}`;
  return Array.isArray(operations) && operations.some((op) => isMap(op) && (op.op === 'add' || op.op === 'replace' || op.op === 'copy' || op.op === 'move') && typeof op.path === 'string' && (pointer === op.path || pointer.startsWith(`${op.path}/`)));
}

function parsed(text: string): unknown[] {
  try {
    return parseAllDocuments(text, { logLevel: 'error' }).flatMap((document) => (document.errors.length === 0 ? [document.toJS({ maxAliasCount: 100 }) as unknown] : []));
  } catch {
    return [];
  }
}

/** A place in the workspace: a file and the span of the finding in it (offsets in the file). */
interface Site {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
}

const siteOn = (object: KubernetesObject, path: Path): Site => {
  const [start, end] = locate(object, [...path]);
  return { uri: object.uri, start: object.offset + start, end: object.offset + end };
};

/** The patch of kustomization `k` that sets `path` of the built object, if one does (the last one listed: it wins). */
function patchSite(k: KubernetesObject, built: BuiltObject, path: Path, objectsOf: (uri: string) => readonly KubernetesObject[], text: FileText): Site | undefined {
  let found: Site | undefined;
  for (const field of ['patchesStrategicMerge', 'patches', 'patchesJson6902'] as const) {
    const entries = k.value[field];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, i) => {
      const inline = typeof entry === 'string' && (entry.includes('\n') || /^(apiVersion|kind):/m.test(entry.trimStart())) ? entry : isMap(entry) && typeof entry.patch === 'string' ? entry.patch : undefined;
      const file = typeof entry === 'string' && inline === undefined ? entry : isMap(entry) && typeof entry.path === 'string' ? entry.path : undefined;
      const entryPath = isMap(entry) && typeof entry.patch === 'string' ? [field, i, 'patch'] : [field, i];
      if (inline !== undefined) {
        if (parsed(inline).some((document) => (Array.isArray(document) ? operationsSet(document, path) : patchFor(document, built) && heldInPatch(document, built.value, path)?.length === path.length))) found = siteOn(k, entryPath);
        return;
      }
      if (file === undefined) return;
      let uri: string;
      try {
        uri = new URL(file, k.uri).href;
      } catch {
        return;
      }
      for (const object of objectsOf(uri)) {
        const own = patchFor(object.value, built) ? heldInPatch(object.value, built.value, path) : undefined;
        if (own?.length === path.length) found = siteOn(object, own);
      }
      const written = found?.uri === uri ? undefined : text(uri);
      if (written !== undefined && parsed(written).some((document) => Array.isArray(document) && operationsSet(document, path))) found = siteOn(k, entryPath);
    });
  }
  return found;
}

/** The folder of `to` relative to the folder of `from` (`../overlays/prod`): what a message names, never a machine path. */
function relativeFolder(from: string, to: string): string {
  const a = from.slice(0, from.lastIndexOf('/')).split('/');
  const b = to.split('/');
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  const parts = [...a.slice(shared).map(() => '..'), ...b.slice(shared).map(decodeURIComponent)];
  return parts.length > 0 ? parts.join('/') : '.';
}

const key = (violation: Violation): string => `${violation.code}\0${violation.path.join('/')}`;

/** What the builds give the policy family: each build's new violations by the URI of the file they are said in (offsets in that file), and the patch files the builds read. */
interface Builds {
  readonly findings: ReadonlyMap<string, readonly PlacedFinding[]>;
  /** Files a build reads as patches (or whose objects a `$patch: delete` removes): not objects deployed as written. */
  readonly patches: ReadonlySet<string>;
}

function builds(graph: KubernetesGraph, set: PolicySet, text: FileText): Builds {
  const byUri = new Map<string, KubernetesObject[]>();
  for (const object of graph.all()) byUri.set(object.uri, [...(byUri.get(object.uri) ?? []), object]);
  const objectsOf = (uri: string) => byUri.get(uri) ?? [];
  const out = new Map<string, PlacedFinding[]>();
  const seen = new Set<string>();
  const add = (site: Site, violation: Violation, message: string) => {
    const id = `${site.uri}\0${site.start}\0${site.end}\0${violation.code}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.set(site.uri, [...(out.get(site.uri) ?? []), { offset: 0, finding: { start: site.start, end: site.end, code: violation.code, ...(violation.severity ? { severity: violation.severity } : {}), message } }]);
  };
  const read = new Set<string>();
  const resources = new Set<string>();
  for (const folder of topKustomizations(graph)) {
    const output = kustomizeBuild(folder, graph, text, read) ?? [];
    for (const built of output) if (built.origin) resources.add(built.origin.uri);
    for (const built of output) {
      const origin = built.origin;
      // A generated object has no file of its own; an object the build left as its file writes it was evaluated there.
      if (!origin || JSON.stringify(origin.value) === JSON.stringify(built.value)) continue;
      const own = new Set(policyViolations(origin, set).map(key));
      const object: KubernetesObject = { ...origin, value: built.value };
      for (const violation of policyViolations(object, set)) {
        if (own.has(key(violation))) continue;
        const patched = [...(built.patchedBy ?? [])].reverse().reduce<Site | undefined>((site, k) => site ?? patchSite(k, built, violation.path, objectsOf, text), undefined);
        if (patched) add(patched, violation, violation.message);
        else {
          const finding = placedOn(origin, violation);
          add({ uri: origin.uri, start: origin.offset + finding.start, end: origin.offset + finding.end }, violation, t('{0} (in the kustomize build of {1})', violation.message, relativeFolder(origin.uri, folder)));
        }
      }
    }
  }
  return { findings: out, patches: new Set([...read].filter((uri) => !resources.has(uri))) };
}

const buildsKey = Symbol('policy-builds');

/** The workspace's builds as the policy family reads them (once per graph). */
export function buildsOf(graph: KubernetesGraph, set: PolicySet, text: FileText): Builds {
  return graph.derived(buildsKey, () => builds(graph, set, text));
}
