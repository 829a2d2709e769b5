/**
 * What the Helm family reads from the host (its descriptor, families/helm.ts, hands it to the
 * features): a chart's other files, listed and read by the one bounded, confined read, and
 * `.Capabilities.APIVersions` from the Kubernetes schemas Archipel ships.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSideTextQuietly, readWorkspaceBytes } from '../disk/readText';
import { groupOf, type KubernetesValidator } from '../kubernetes/api';
import { loadKubernetesValidator } from '../platform/resources';
import type { HelmReader } from './context';

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
  readBytes: (uri, limit) => {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    // Not wrapped further: a stop of the file's work (workspace/work.ts) must reach its runner, never read as "no file".
    const bytes = readWorkspaceBytes(file, limit);
    return typeof bytes === 'string' ? undefined : bytes;
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
export function apiVersionsAt(root: string): string[] {
  const validator = loadKubernetesValidator(root);
  let list = apiVersions.get(validator);
  if (!list) apiVersions.set(validator, (list = builtinApiVersions(validator)));
  return list;
}
