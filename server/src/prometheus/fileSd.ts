/**
 * The target files a configuration's `file_sd_configs` name (issue #95): Prometheus reads their target groups
 * (`- targets: [host:port]`, as a static_configs entry) and scrapes them. Each `files` entry is a path whose last element
 * may hold a `*` (discovery/file: filepath.Glob), relative to the configuration's folder, or absolute: a path in
 * Prometheus's container, which the bind mounts of the Compose services mounting the configuration map onto the
 * workspace (compose/mounts.ts, the one reading of them, through mounts.lazy.ts: a check of a rule file loads no Compose
 * code, issue #68). Only the index's files are read (no disk), at most MAX_TARGET_FILES per configuration.
 */
import { minimatch } from 'minimatch';
import { sideUri } from '../common/sideUri';
import type { WorkspaceIndex, IndexedFile } from '../workspace/index';
import { field, items, type Located } from './yamlValues';

/** The workspace folders (URIs, no end slash) a folder path of the container mounting a configuration is (mounts.lazy.ts). */
export type ContainerFolders = (configUri: string, path: string) => string[];

/** Target files read per configuration. */
export const MAX_TARGET_FILES = 200;

/** The folders (URIs, no end slash) a `files` entry's folder is in the workspace. */
function foldersOf(folder: string, configUri: string, containerFolders: ContainerFolders): string[] {
  if (!folder.startsWith('/')) {
    const uri = sideUri(folder === '' ? '.' : folder, configUri);
    return uri === undefined ? [] : [uri.replace(/\/$/, '')];
  }
  // The folder part ends with the `/` before the file's name (`/` alone: the container's root).
  const path = folder.slice(0, -1) || '/';
  return containerFolders(configUri, path);
}

/** The target groups of each file a configuration's `file_sd_configs` name, with the file they are in (an index's file, read as YAML). */
export function fileSdGroups(index: WorkspaceIndex, configUri: string, holder: Located, containerFolders: ContainerFolders): { file: IndexedFile; offset: number; groups: Located[] }[] {
  const out: { file: IndexedFile; offset: number; groups: Located[] }[] = [];
  const seen = new Set<string>();
  let filesByFolder: Map<string, IndexedFile[]> | undefined;
  const inFolder = (folder: string): IndexedFile[] => {
    if (!filesByFolder) {
      filesByFolder = new Map();
      for (const file of index.files()) {
        if (file.skipped || !file.isYaml) continue;
        const at = file.uri.slice(0, file.uri.lastIndexOf('/'));
        const list = filesByFolder.get(at);
        if (list) list.push(file);
        else filesByFolder.set(at, [file]);
      }
    }
    return filesByFolder.get(folder) ?? [];
  };
  for (const sd of items(field(holder, 'file_sd_configs'))) {
    for (const entry of items(field(sd, 'files'))) {
      if (typeof entry.value !== 'string' || entry.value.length > 4096 || entry.value.includes('$')) continue;
      const slash = entry.value.lastIndexOf('/');
      const folder = entry.value.slice(0, slash + 1).replace(/^\.\//, '');
      const name = entry.value.slice(slash + 1);
      // filepath.Glob's pattern in the folder part is not Prometheus's documented form: only the last element is matched.
      if (/[*?[\]\\]/.test(folder) || name === '') continue;
      for (const at of foldersOf(folder, configUri, containerFolders)) {
        for (const file of inFolder(at)) {
          if (seen.size >= MAX_TARGET_FILES || seen.has(file.uri)) continue;
          if (!minimatch(decodeURIComponent(file.uri.slice(at.length + 1)), name, { dot: true })) continue;
          seen.add(file.uri);
          for (const { chunk, offset } of file.yaml?.chunks ?? []) {
            const value = chunk.wellFormed ? chunk.value : undefined;
            if (Array.isArray(value)) out.push({ file, offset, groups: items({ value, node: chunk.tree }) });
          }
        }
      }
    }
  }
  return out;
}
