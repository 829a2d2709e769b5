import ignore from 'ignore';
import { relativeUri, rootUris } from '../../features/system/ids';
import type { Finding } from '../../common/findings';
import type { KubernetesGraph } from '../model/objects';
import { get } from '../model/workloads';
import { costliestEntry, KUSTOMIZE_BOUNDS, kustomizeFanOut, pastKustomizeBounds, topKustomizations } from '../model/kustomizeBuild';
import { fsPathOf, rootHolding } from '../../common/containment';
import { finding, kubernetesRule, type KubernetesRule } from './context';
import { t } from '../../l10n/t';
import { makingLine } from '../model/generatedInputs';

// The last branch, `//` then `?` on the first line, reads the first `//` only (linear: /\/\/.*\?/ scanned
// to the end of the line from each `//` of a text without `?`).
const remote = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|^[^/\n]*(?:\/[^/\n]+)*\/\/.*\?/i;

/** Whether a .gitignore of the workspace ignores the path: a file a build step generates, absent from the index by design. */
function ignoredByGit(graph: KubernetesGraph, target: string): boolean {
  const rules = graph.derived(ignoredByGit, () => [...graph.gitignores].map(([folder, text]) => ({ folder, rules: ignore().add(text) })));
  return rules.some(({ folder, rules: r }) => {
    if (!target.startsWith(`${folder}/`)) return false;
    const relative = decodeURIComponent(target.slice(folder.length + 1));
    return r.ignores(relative) || r.ignores(`${relative}/`);
  });
}

/** The kustomization's folder as a message names it: relative to the workspace root holding it, else its own name — never a machine path (issue #92). */
function folderNamed(base: string, roots: readonly string[] | undefined): string {
  const relative = roots && roots.length > 0 ? relativeUri(base, rootUris(roots)) : undefined;
  if (relative !== undefined && !relative.startsWith('file:') && !relative.startsWith('..')) return relative === '.' ? './' : `${relative}/`;
  const folder = decodeURIComponent(base.replace(/\/$/, ''));
  return `${folder.slice(folder.lastIndexOf('/') + 1)}/`;
}

/**
 * The Makefile or script line that writes the missing `target`, named from the kustomization's folder (`base`): a
 * Makefile's recipes run in its folder; a script's (`hack/gen.sh`) usually from the folder above its own.
 */
function madeBy(graph: KubernetesGraph, target: string, base: string): string | undefined {
  for (const [uri, paths] of graph.generators) {
    const folder = uri.slice(0, uri.lastIndexOf('/'));
    const scope = /\.sh$/.test(uri) ? folder.slice(0, folder.lastIndexOf('/')) : folder;
    if (!target.startsWith(`${scope}/`)) continue;
    const line = makingLine(decodeURIComponent(target.slice(scope.length + 1)), paths);
    if (line) return `${decodeURIComponent(relativeTo(base, uri))}:${line.line + 1}`;
  }
  return undefined;
}

/** `uri` relative to the folder `base` (a URI ending in `/`): the same on any clone. */
function relativeTo(base: string, uri: string): string {
  const from = base.replace(/\/$/, '').split('/');
  const to = uri.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array<string>(from.length - common).fill('..'), ...to.slice(common)].join('/');
}

type Entry = 'Resource' | 'Component' | 'Base' | 'Patch';

/** One whole sentence per kind of entry: French words differ in gender (la ressource, le composant). */
function missingMessage(what: Entry, entry: string, folder: string): string {
  switch (what) {
    case 'Resource':
      return t('Resource "{0}" does not exist (relative to {1}).', entry, folder);
    case 'Component':
      return t('Component "{0}" does not exist (relative to {1}).', entry, folder);
    case 'Base':
      return t('Base "{0}" does not exist (relative to {1}).', entry, folder);
    case 'Patch':
      return t('Patch "{0}" does not exist (relative to {1}).', entry, folder);
  }
}

export const kustomizeNotReadRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-kustomize-not-read', severity: 'information', scope: 'workspace', kinds: ['Kustomization'], description: "a kustomization lists a remote resource (a URL, a Git repository), a path outside the workspace, or a path a Makefile or script of the repository writes: kustomize reads it at build time, Archipel does not (what it gives is neither checked nor drawn)." },
  () => [],
);

export const kustomizePathRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-kustomize-path', severity: 'error', scope: 'workspace', kinds: ['Kustomization'], description: 'A kustomization lists a resource, component, base or patch file that does not exist in the workspace.' },
  (object, { graph, roots }) => {
    const base = object.uri.slice(0, object.uri.lastIndexOf('/') + 1);
    const findings: Finding[] = [];
    const check = (entry: unknown, path: (string | number)[], what: Entry) => {
      if (typeof entry !== 'string' || entry.trim() === '') return;
      if (remote.test(entry)) {
        findings.push(finding(object, kustomizeNotReadRule, path, t('Remote resource not read: "{0}" is fetched by kustomize at build time; Archipel reads only the workspace, so the objects it gives are neither checked nor drawn.', entry)));
        return;
      }
      const target = new URL(entry, base).href.replace(/\/$/, '');
      if (graph.files.has(target) || graph.folders.has(target) || ignoredByGit(graph, target)) return;
      const targetPath = fsPathOf(target);
      if (roots && roots.length > 0 && targetPath !== undefined && rootHolding(targetPath, roots) === undefined) {
        findings.push(finding(object, kustomizeNotReadRule, path, t('"{0}" is outside the workspace ({1}): Archipel reads only the workspace, so what it gives is neither checked nor drawn (kustomize reads it at build time).', entry, relativeUri(target, rootUris(roots)))));
        return;
      }
      const maker = madeBy(graph, target, base);
      if (maker !== undefined) {
        findings.push(finding(object, kustomizeNotReadRule, path, t('"{0}" is not in the repository: made by {1} before kustomize reads it, so it is not read (neither checked nor drawn).', entry, maker)));
        return;
      }
      findings.push(finding(object, kustomizePathRule, path, missingMessage(what, entry, folderNamed(base, roots))));
    };
    for (const [field, what] of [['resources', 'Resource'], ['components', 'Component'], ['bases', 'Base'], ['patchesStrategicMerge', 'Patch']] as const) {
      const list = object.value[field];
      if (Array.isArray(list)) list.forEach((entry, i) => check(entry, [field, i], what));
    }
    const patches = object.value.patches;
    if (Array.isArray(patches)) patches.forEach((patch, i) => check(get(patch, ['path']), ['patches', i, 'path'], 'Patch'));
    return findings;
  },
);

/** The top kustomizations' folders (those no other lists: what the system map builds), once per graph. */
function topFolders(graph: KubernetesGraph): Set<string> {
  return graph.derived(topFolders, () => new Set(topKustomizations(graph)));
}

export const kustomizeLimitRule: KubernetesRule = kubernetesRule(
  {
    id: 'k8s-kustomize-limit',
    severity: 'warning',
    scope: 'workspace',
    kinds: ['Kustomization'],
    description: `a kustomization whose build passes Archipel's bounds (${KUSTOMIZE_BOUNDS.visits.toLocaleString('en-US')} resource visits, ${KUSTOMIZE_BOUNDS.objects.toLocaleString('en-US')} objects: kustomize builds a base again for every path listing it): it is not built, and the system map draws its files as written.`,
  },
  (object, { graph }) => {
    if (object.document !== 0) return [];
    const folder = object.uri.slice(0, object.uri.lastIndexOf('/'));
    if (!topFolders(graph).has(folder)) return [];
    const cost = kustomizeFanOut(folder, graph);
    if (!pastKustomizeBounds(cost)) return [];
    const worst = costliestEntry(object, graph);
    const message = t(
      'kustomize build of this folder visits {0} resources and gathers {1} objects (a base is built again for every path listing it), past Archipel\'s bounds ({2} visits, {3} objects): it is not built, and the system map draws its files as written.',
      cost.visits.toLocaleString('en-US'),
      cost.objects.toLocaleString('en-US'),
      KUSTOMIZE_BOUNDS.visits.toLocaleString('en-US'),
      KUSTOMIZE_BOUNDS.objects.toLocaleString('en-US'),
    );
    return [finding(object, kustomizeLimitRule, worst ? [worst.field, worst.at] : ['kind'], message)];
  },
);
