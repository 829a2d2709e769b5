/**
 * syntax-check[missing-file]: an include_tasks, import_tasks or 2.14's include naming, by a written
 * path, a task file that is nowhere Ansible looks for it. ansible-core (playbook/helpers.py,
 * parsing/dataloader.py's path_dwim_relative) tries the path beside the including file and its
 * parent includes, in the role's `tasks/` (`handlers/` for a handler) and the role's own folder, then
 * from the playbook's folder — which a role's file does not know. So the file is missing only when
 * none of these exists and no file of the workspace ends with that path (a playbook elsewhere may be
 * the base it is read from). Only what can be known is judged: a written `.yml`/`.yaml` path, relative,
 * without a template (the index holds every YAML file of the workspace: `needsIndex`).
 */
import { t } from '../../l10n/t';
import type { WorkspaceIndex } from '../../workspace/index';
import { PerGeneration } from '../../workspace/perGeneration';
import { pairOf } from '../../yaml/tree';
import { roleOf } from '../model/kind';
import { shortModule, type AnsibleDocument } from '../model/model';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';
import { includedPath, resolveIn, type AnsibleWorkspace } from '../model/workspace';

const INCLUDES = new Set(['include_tasks', 'import_tasks', 'include']);


const suffixes = new PerGeneration<WorkspaceIndex, Map<string, boolean>>();

/** Whether some file of the workspace ends with `/<relative>` (asked only for a path none of the usual places has). */
function anywhere(index: WorkspaceIndex, relative: string): boolean {
  const known = suffixes.get(index, index.generation, [], () => new Map<string, boolean>());
  let found = known.get(relative);
  if (found === undefined) {
    found = false;
    const tail = `/${relative}`;
    for (const file of index.files()) {
      if (file.uri.endsWith(tail)) {
        found = true;
        break;
      }
    }
    known.set(relative, found);
  }
  return found;
}

/** The task files a document includes by a written path that the workspace does not hold. */
export function missingIncludeFindings(document: AnsibleDocument, uri: string, index: WorkspaceIndex, workspace: AnsibleWorkspace): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  const role = roleOf(uri);
  const inRole = role !== undefined && workspace.roleRoots.has(role.root);
  for (const task of document.tasks) {
    const action = task.action;
    // Asked of every task: the name's ending first (most are not includes).
    if (!action || !(action.module.endsWith('_tasks') || action.module.endsWith('include')) || !INCLUDES.has(shortModule(action.module))) continue;
    const written = includedPath(action.via === 'key' ? action.raw : (action.freeForm ?? action.raw));
    if (written === undefined || !/\.ya?ml$/i.test(written) || written.startsWith('/') || written.startsWith('~')) continue;
    const bases = [folder];
    if (inRole) bases.push(`${role.root}/${task.kind === 'handler' ? 'handlers' : 'tasks'}`, role.root);
    bases.push(...workspace.playbookFolders);
    if (bases.some((base) => index.get(resolveIn(base, written)) !== undefined)) continue;
    const relative = resolveIn('.', written).replace(/^\.\//, '').replace(/^(\.\.\/)+/, '');
    if (anywhere(index, relative)) continue;
    const node = action.via === 'key' && typeof action.raw !== 'string' ? (pairOf(action.pair.value, 'file')?.value ?? action.pair.keyNode) : action.pair.value;
    if (!node) continue;
    findings.push({
      start: node.start,
      end: node.end,
      code: rules.missingFile.id,
      message: inRole
        ? t('Could not find or access \'{0}\': no such task file beside this file, in its role\'s {1}/ or the role\'s folder, nor in a playbook\'s folder of the workspace', written, task.kind === 'handler' ? 'handlers' : 'tasks')
        : t('Could not find or access \'{0}\': no such task file beside this file nor in a playbook\'s folder of the workspace', written),
      scope: { start: task.map.start, end: task.map.end },
    });
  }
  return findings;
}
