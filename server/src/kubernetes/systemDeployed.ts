import type { SystemBuilder } from '../features/system/contributor';
import { isObject } from './model/workloads';

/**
 * The manifest files a folder deploys: its kustomization's `resources` (files, and folders followed
 * through their own kustomization, a few levels deep), or every file under it when it has none.
 */
export function deployedFiles(folder: string, builder: SystemBuilder, depth = 0): { files: Set<string>; under: string[] } {
  const files = new Set<string>();
  const under: string[] = [];
  const kustomization = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => builder.index.get(`${folder}/${name}`)).find((f) => f !== undefined);
  const value = kustomization?.yaml?.chunks[0]?.chunk.value;
  const resources = isObject(value) && Array.isArray(value.resources) ? value.resources : undefined;
  if (!resources || depth > 4) {
    under.push(folder);
    return { files, under };
  }
  for (const resource of resources) {
    if (typeof resource !== 'string' || /^[a-z]+:\/\//i.test(resource) || resource.includes('..')) continue;
    const uri = `${folder}/${resource.replace(/^\.\//, '').replace(/\/$/, '').split('/').map(encodeURIComponent).join('/')}`;
    if (/\.ya?ml$/i.test(resource)) files.add(uri);
    else {
      const inner = deployedFiles(uri, builder, depth + 1);
      for (const file of inner.files) files.add(file);
      under.push(...inner.under);
    }
  }
  return { files, under };
}

/** Whether a workload's file is among what a folder deploys. */
export function deploys(target: { files: Set<string>; under: string[] }, uri: string): boolean {
  return target.files.has(uri) || target.under.some((folder) => uri.startsWith(`${folder}/`));
}
