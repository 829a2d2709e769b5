/**
 * `archipel check --changed [--base REF]`: the files changed against a git ref, and every file
 * whose cross-file findings can change because of them.
 *
 * Changed: `git diff --name-only --no-renames REF` (what was committed since REF and what the
 * working tree changes, staged or not; a rename is its old path deleted and its new path added)
 * plus the untracked files `git ls-files --others --exclude-standard` lists.
 *
 * Affected: read from the workspace index. Each file has the cross-file *scopes* its findings are
 * computed over — what the index's cross-file rules relate: a Kubernetes object's namespace (every
 * workspace rule — selectors, names, ports, keys, scale targets — relates objects of one namespace,
 * an unset namespace matching any) or the cluster, the folder of a Kustomization (the files under it),
 * the repository's workflows and local actions, the folder of any other file (ADRs and their
 * supersede links, pipelines and their params). A file is affected when it shares a scope with a
 * changed file, as it is now or as it was at REF (`git show REF:path`): a Service whose Deployment's
 * labels changed (same namespace), an ADR whose superseded ADR was renamed (same folder), a workflow
 * whose local action changed (same repository). `archipel.yaml` affects everything.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { clusterScoped } from '../kubernetes/model/workloads';
import { kubernetesObjects } from '../kubernetes/model/objects';
import { repositoryRoot, workflowKind } from '../workflows/model/files';
import { IndexedFile, type WorkspaceIndex } from '../workspace/index';
import type { IndexCache } from './indexCache';
import { readTextSync } from '../disk/readText';
import { fileUri } from './scan';
import { t } from '../l10n/t';

export interface GitChanges {
  /** The ref compared against, as given or chosen (see defaultBase). */
  base: string;
  /** The repository's top folder. */
  top: string;
  /** Absolute paths of the changed files (present or deleted). */
  changed: string[];
  /** Their text at the base, for those that existed there. */
  old: Map<string, string>;
}

const run = promisify(execFile);

/** A git command's output; throws with git's message. Asynchronous: `check --changed` lists the folder meanwhile. */
async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(typeof stderr === 'string' && stderr.trim() ? stderr.trim() : error instanceof Error ? error.message : String(error));
  }
}

/**
 * The default base: where HEAD left the remote's default branch (`git merge-base HEAD origin/HEAD`),
 * the pull request's starting point; without that remote, HEAD~1 (the last commit and the working
 * tree); in a repository of one commit, HEAD (the working tree only).
 */
export async function defaultBase(top: string): Promise<string> {
  try {
    return (await git(top, ['merge-base', 'HEAD', 'origin/HEAD'])).trim();
  } catch {
    // No origin/HEAD: below.
  }
  try {
    await git(top, ['rev-parse', '--verify', '--quiet', 'HEAD~1^{commit}']);
    return 'HEAD~1';
  } catch {
    return 'HEAD';
  }
}

/** The changed files of the repository holding `cwd`, against `base` (default: defaultBase). Throws outside a repository or for an unknown ref. */
export async function gitChanges(cwd: string, base?: string): Promise<GitChanges> {
  const top = path.resolve((await git(cwd, ['rev-parse', '--show-toplevel'])).trim());
  const ref = base ?? (await defaultBase(top));
  // A ref is never an option (`--base=--output=FILE` would let git write FILE): refused, and every git call ends its options first (#37).
  if (ref.startsWith('-')) throw new Error(t('--base "{0}": a git ref cannot start with "-"', ref));
  const split = (text: string) => text.split('\0').filter(Boolean);
  // Both walk the working tree: at once.
  const [diffed, untracked] = (await Promise.all([git(top, ['diff', '--name-only', '--no-renames', '-z', '--end-of-options', ref, '--']), git(top, ['ls-files', '--others', '--exclude-standard', '-z'])])).map(split);
  const old = new Map<string, string>();
  for (const name of diffed) {
    try {
      old.set(path.join(top, name), await git(top, ['show', '--end-of-options', `${ref}:${name}`]));
    } catch {
      // Added since the base.
    }
  }
  const changed = [...new Set([...diffed, ...untracked])].map((name) => path.join(top, name));
  return { base: ref, top, changed, old };
}

const kustomizationName = /\/(kustomization\.ya?ml|Kustomization)$/;
const configName = /\/archipel\.ya?ml$/;

/** The cross-file scopes of a file version (see the top of this file). `under:` a Kustomization's folder. */
export function scopesOf(file: IndexedFile): string[] {
  if (configName.test(file.uri)) return ['*'];
  return objectScopes(file.uri, file.isYaml ? kubernetesObjects(file) : []);
}

/**
 * The scopes of the file at `uri` holding `objects`: their kind and namespace, those of its model (scopesOf) or
 * those its lines say (kubernetes/model/summaryScan.ts, platform/oneFile.ts).
 */
export function objectScopes(uri: string, objects: readonly { kind: string; namespace?: string }[]): string[] {
  if (configName.test(uri)) return ['*'];
  const dir = uri.slice(0, uri.lastIndexOf('/'));
  const scopes = new Set<string>();
  if (workflowKind(uri)) scopes.add(`gh:${repositoryRoot(uri) ?? dir}`);
  if (kustomizationName.test(uri)) scopes.add(`under:${dir}/`);
  for (const object of objects) {
    if (object.kind === 'Kustomization') continue;
    // A policy (#96: Kyverno's, an admission policy and its binding, their params) applies to objects of any namespace and the cluster.
    if (policyKinds.has(object.kind)) scopes.add('cluster').add('ns:*');
    // RBAC reaches across namespaces (a binding's subjects, a ClusterRole): the cluster as well.
    if (clusterScoped.has(object.kind) || object.kind.endsWith('Binding') || object.kind === 'Role') scopes.add('cluster');
    if (!clusterScoped.has(object.kind)) scopes.add(`ns:${object.namespace ?? '*'}`);
  }
  if (objects.length > 0) scopes.add(`in:${dir}/`);
  else if (!workflowKind(uri)) scopes.add(`dir:${dir}`);
  return [...scopes];
}

/** The kinds whose objects are policies applied to every object (policy/checks/live.ts POLICY_KINDS). */
const policyKinds = new Set(['ClusterPolicy', 'Policy', 'ValidatingPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

/** Scopes prepared for `related`. */
export interface ScopeSet {
  all: boolean;
  scopes: ReadonlySet<string>;
  anyNamespace: boolean;
  /** Kustomization folders (`under:`) and manifest folders (`in:`). */
  under: string[];
  in: string[];
}

export function scopeSet(scopes: Iterable<string>): ScopeSet {
  const set = new Set(scopes);
  const list = [...set];
  return {
    all: set.has('*'),
    scopes: set,
    anyNamespace: list.some((s) => s.startsWith('ns:')),
    under: list.filter((s) => s.startsWith('under:')).map((s) => s.slice(6)),
    in: list.filter((s) => s.startsWith('in:')).map((s) => s.slice(3)),
  };
}

/** Whether a file of scopes `b` may have findings that change with a file of scopes `a` (and the other way). */
export function related(a: ScopeSet, b: readonly string[]): boolean {
  if (a.all) return true;
  for (const scope of b) {
    if (scope === '*' || a.scopes.has(scope)) return true;
    if (scope.startsWith('ns:') && (scope === 'ns:*' ? a.anyNamespace : a.scopes.has('ns:*'))) return true;
    // A Kustomization and the manifests under its folder.
    if (scope.startsWith('in:') && a.under.some((dir) => scope.slice(3).startsWith(dir))) return true;
    if (scope.startsWith('under:') && a.in.some((dir) => dir.startsWith(scope.slice(6)))) return true;
  }
  return false;
}

/** The scopes of the changed files as they are now and as they were at the base. */
function changedScopes(changes: Pick<GitChanges, 'changed' | 'old'>, now: (file: string) => IndexedFile | undefined): Set<string> {
  const scopes = new Set<string>();
  for (const file of changes.changed) {
    const entry = now(file);
    if (entry) for (const scope of scopesOf(entry)) scopes.add(scope);
  }
  for (const [file, text] of changes.old) {
    const uri = pathToFileURL(file).href;
    for (const scope of scopesOf(new IndexedFile(uri, text, undefined, undefined, false))) scopes.add(scope);
  }
  return scopes;
}

/**
 * For `CheckOptions.needed`: which of the summaries the index cache holds `check --changed` must
 * index — those related to a file that is related to a changed file (the affected files' own
 * findings read their scopes). Undefined (index all) without a cache or when everything is affected.
 */
export function neededSummaries(changes: Pick<GitChanges, 'changed' | 'old'>, cache: IndexCache | undefined): ((scopes: readonly string[]) => boolean) | undefined {
  if (!cache) return undefined;
  const changed = changedScopes(changes, (file) => {
    try {
      return new IndexedFile(pathToFileURL(file).href, readTextSync(file).text, undefined, undefined, false);
    } catch {
      return undefined; // deleted
    }
  });
  const direct = scopeSet(changed);
  if (direct.all) return undefined;
  const wanted = new Set(changed);
  for (const [, scopes] of cache.scopes()) if (related(direct, scopes)) for (const scope of scopes) wanted.add(scope);
  const needed = scopeSet(wanted);
  return (scopes) => related(needed, scopes);
}

/**
 * The URIs of `given` (file → URI, the files the check covers) to diagnose: the changed ones and
 * every one sharing a cross-file scope with a changed file's version in the index or at the base.
 */
export function affectedFiles(index: WorkspaceIndex, given: ReadonlyMap<string, string>, changes: GitChanges): Set<string> {
  const changedUris = new Set(changes.changed.map(fileUri));
  const scopes = scopeSet(changedScopes(changes, (file) => index.get(fileUri(file))));
  const selected = new Set<string>();
  for (const uri of given.values()) {
    if (changedUris.has(uri)) {
      selected.add(uri);
      continue;
    }
    const entry = index.get(uri);
    if (entry && scopes.scopes.size > 0 && related(scopes, scopesOf(entry))) selected.add(uri);
  }
  return selected;
}
