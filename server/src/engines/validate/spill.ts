/**
 * Where DuckDB spills a validation's intermediate data past its memory limit (issue #37): inside
 * the project's `.archipel/`, never through a link. DuckDB creates the folder on the first spill
 * and removes it when the validation ends: `.archipel` itself when it does not exist yet (nothing
 * is left in the repository), else `.archipel/validate-spill`.
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { checkStateFolder, refuseStateLinks } from '../core/safeWrite';

export function spillFolderOf(root: string): string {
  checkStateFolder(root);
  const state = path.join(root, '.archipel');
  try {
    lstatSync(state);
  } catch {
    return state;
  }
  const spill = path.join(state, 'validate-spill');
  refuseStateLinks(spill);
  return spill;
}
