import ignore from 'ignore';
import type { Finding } from '../../common/findings';
import type { KubernetesGraph } from '../model/objects';
import { get } from '../model/workloads';
import { finding, kubernetesRule, type KubernetesRule } from './context';
import { t } from '../../l10n/t';

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

export const kustomizePathRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-kustomize-path', severity: 'error', scope: 'workspace', kinds: ['Kustomization'], description: 'A kustomization lists a resource, component, base or patch file that does not exist in the workspace.' },
  (object, { graph }) => {
    const base = object.uri.slice(0, object.uri.lastIndexOf('/') + 1);
    const findings: Finding[] = [];
    const check = (entry: unknown, path: (string | number)[], what: Entry) => {
      if (typeof entry !== 'string' || entry.trim() === '' || remote.test(entry)) return;
      const target = new URL(entry, base).href.replace(/\/$/, '');
      if (graph.files.has(target) || graph.folders.has(target) || ignoredByGit(graph, target)) return;
      findings.push(finding(object, kustomizePathRule, path, missingMessage(what, entry, decodeURIComponent(base.replace(/^file:\/\//, '')))));
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
