/**
 * Helm charts: a folder with a Chart.yaml. Its templates are Go templates (the index keeps them
 * as templates: only this family reads them), rendered with the chart's default values and
 * checked by the Kubernetes family's checks, loaded here once a chart is checked.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Family, FamilyHost } from './descriptor';
import { readSideTextQuietly } from '../disk/readText';
import { argoHelmFeature } from '../helm/argocd';
import type { HelmReader } from '../helm/context';
import { helmFeature } from '../helm/feature';
import { frHelm } from '../helm/fr';
import { helmSystem } from '../helm/system';
import { groupOf } from '../kubernetes/manifest';
import { kubernetesFeature } from '../kubernetes/feature';
import type { KubernetesValidator } from '../kubernetes/validate';
import { loadKubernetesValidator } from '../platform/resources';
import { packageRoot } from '../disk/packageRoot';
import type { Feature } from '../features/feature';

/** How many files of a chart's folder .Files and charts/ may list (a chart holds tens). */
const MAX_LISTED = 5000;

/** The files under a chart's folder, relative, `/`-separated: no link followed, at most MAX_LISTED. */
function listFiles(folderUri: string): string[] | undefined {
  let root: string;
  try {
    root = fileURLToPath(folderUri);
  } catch {
    return undefined;
  }
  const found: string[] = [];
  const work: string[] = [''];
  while (work.length > 0 && found.length < MAX_LISTED) {
    const relative = work.pop()!;
    let entries: string[];
    try {
      entries = readdirSync(path.join(root, relative));
    } catch {
      if (relative === '') return undefined;
      continue;
    }
    for (const name of entries) {
      const child = relative ? `${relative}/${name}` : name;
      try {
        const stat = lstatSync(path.join(root, child));
        if (stat.isDirectory()) work.push(child);
        else if (stat.isFile()) found.push(child);
      } catch {
        // Gone meanwhile: not listed.
      }
    }
  }
  return found.sort();
}

/** The chart's other files, read from disk by the one bounded, confined read (disk/readText.ts). */
export const helmReader: HelmReader = {
  listFiles,
  readText: (uri) => {
    try {
      return readSideTextQuietly(fileURLToPath(uri));
    } catch {
      return undefined;
    }
  },
};

/** The group/versions (and group/version/kinds) of the built-in API of the schemas Archipel ships: `.Capabilities.APIVersions`. */
function builtinApiVersions(validator: KubernetesValidator): string[] {
  const versions = new Set<string>(['v1']);
  for (const key of validator.engine.keys()) {
    const apiVersion = key.slice(0, key.lastIndexOf('/'));
    const group = groupOf(apiVersion);
    if (group.includes('.') && !group.endsWith('.k8s.io')) continue;
    versions.add(apiVersion);
    versions.add(key);
  }
  return [...versions].sort();
}

const apiVersions = new WeakMap<KubernetesValidator, string[]>();

/** `.Capabilities.APIVersions` of a package root's schemas (the validator is loaded once per root, and shared with the Kubernetes family). */
function apiVersionsAt(root: string): string[] {
  const validator = loadKubernetesValidator(root);
  let list = apiVersions.get(validator);
  if (!list) apiVersions.set(validator, (list = builtinApiVersions(validator)));
  return list;
}

function features(host: FamilyHost): Feature[] {
  let kubernetes: Feature | undefined;
  const services = {
    kubernetes: () => (kubernetes ??= kubernetesFeature(loadKubernetesValidator(host.root))),
    apiVersions: () => apiVersionsAt(host.root),
    reader: helmReader,
  };
  return [helmFeature(services), argoHelmFeature(services)];
}

export const helmFamily: Family = {
  id: 'helm',
  title: 'Helm charts',
  files: {
    names: ['Chart.yaml', 'Chart.lock', 'values.schema.json'],
    extensions: ['.tpl'],
    globs: ['templates/**/*.{yaml,yml,tpl,txt}', 'crds/**/*.{yaml,yml,json}', '*values*.{yaml,yml}', 'ci/*.{yaml,yml}'],
  },
  languages: ['yaml', 'helm'],
  features,
  french: frHelm,
  rules: { prefixes: ['helm-'] },
  // The map asks the schemas only for a chart no diagnostic has rendered yet (`archipel diagram system`).
  system: helmSystem(() => ({ apiVersions: () => apiVersionsAt(packageRoot()), reader: helmReader })),
};
