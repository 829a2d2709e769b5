/**
 * archipel.yaml (or .yml): the configuration file of the compute families, each reading its own
 * section (blur/section.ts, predict/config.ts). The one place that names the file and finds the
 * nearest one above a file, as the workspace index holds it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARCHIPEL_CONFIG } from '../common/ownFiles';
import type { IndexedFile, WorkspaceIndex } from './index';

/** archipel.yaml or archipel.yml, anywhere in the workspace (the nearest one above a file applies). */
export function isArchipelConfig(uri: string): boolean {
  return ARCHIPEL_CONFIG.test(uri);
}

/** The nearest archipel.yaml (or .yml) above a file, as the index holds it (the editor's text when open). */
export function nearestConfig(file: string, index: WorkspaceIndex): IndexedFile | undefined {
  let dir = path.dirname(file);
  for (;;) {
    for (const name of ['archipel.yaml', 'archipel.yml']) {
      const entry = index.get(pathToFileURL(path.join(dir, name)).href);
      if (entry && isArchipelConfig(entry.uri)) return entry;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
