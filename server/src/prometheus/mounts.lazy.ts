/**
 * Where a folder of Prometheus's container is in the workspace (issue #95): the bind mounts of the Compose services that
 * mount the configuration, or a folder holding it (compose/mounts.ts, the one reading of them). A bundle of its own,
 * required on the first `file_sd_configs` entry with an absolute path (fileSd.ts): a check of a rule file loads no
 * Compose code (issue #68).
 */
import { composeDocumentOf, composeMounts, composeProjectOf, isComposeFile, mountedFile, servicesOf, type ComposeMount } from '../compose/api';
import type { WorkspaceIndex } from '../workspace/index';
import type { ContainerFolders } from './fileSd';

/** The bind mounts of each Compose service of the index that mounts a workspace file, by that file's URI (the mounts of every such service). */
function mountsByFile(index: WorkspaceIndex): Map<string, ComposeMount[][]> {
  const byFile = new Map<string, ComposeMount[][]>();
  for (const file of index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const { base } = composeProjectOf(index, file.uri);
    for (const service of Object.values(servicesOf(composeDocumentOf(file, undefined, index)))) {
      if (service === null || typeof service !== 'object' || Array.isArray(service)) continue;
      const mounts = composeMounts(service, base, () => file.text);
      for (const mount of mounts) {
        const sets = byFile.get(mount.source);
        if (sets) sets.push(mounts);
        else byFile.set(mount.source, [mounts]);
      }
    }
  }
  return byFile;
}

/** The mount sets of the services mounting `uri` itself or a folder holding it. */
function mountSetsOf(uri: string, byFile: ReadonlyMap<string, ComposeMount[][]>): ComposeMount[][] {
  const sets: ComposeMount[][] = [];
  for (let at = uri; at.lastIndexOf('/') >= 'file://'.length; at = at.slice(0, at.lastIndexOf('/'))) sets.push(...(byFile.get(at) ?? []));
  return sets;
}

/** The index's container folders: the Compose files' mounts read once, on the first call. */
export function containerFolders(index: WorkspaceIndex): ContainerFolders {
  let byFile: Map<string, ComposeMount[][]> | undefined;
  return (configUri, path) => {
    const sets = mountSetsOf(configUri, (byFile ??= mountsByFile(index)));
    return [...new Set(sets.map((set) => mountedFile(path, set)).filter((uri): uri is string => uri !== undefined))];
  };
}
