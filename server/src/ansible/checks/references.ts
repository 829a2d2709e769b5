/**
 * What names other files: roles (a play's `roles`, include_role/import_role, a role's meta
 * dependencies) that must be a folder of the workspace, a requirement or a collection's; handlers a
 * `notify` names; and the shape of meta/main.yml and requirements.yml as ansible-galaxy reads them.
 */
import { PerGeneration } from '../../workspace/perGeneration';
import { t } from '../../l10n/t';
import type { WorkspaceIndex } from '../../workspace/index';
import type { YamlChunk } from '../../yaml/model';
import { pairOf, type SourceNode } from '../../yaml/tree';
import { documentOf } from '../model/documents';
import { hasJinja } from '../syntax/jinja';
import { isRecord, shortModule, type AnsibleDocument, type Keywords } from '../model/model';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';
import { fileKind, type AnsibleWorkspace } from '../model/workspace';

/** Whether a role name is provided: a roles/ folder of that name, a requirement, or a collection's role (a dotted name). */
export function roleKnown(name: string, workspace: AnsibleWorkspace): boolean {
  if (hasJinja(name) || name.includes('.') && !name.includes('/')) return true;
  const path = name.replace(/(?<!\/)\/+$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (workspace.requiredRoles.has(name) || workspace.requiredRoles.has(base)) return true;
  // A path below roles/ (`kubernetes-apps/utils`) or from the playbook (`../roles/web`): a role folder ending so.
  if (path.includes('/')) return [...workspace.roleRoots].some((root) => root.endsWith(`/${path.replace(/^(\.\.?\/)+/, '')}`));
  return workspace.roles.has(base);
}

/**
 * Whether a play's role is one of the workspace's: by its folder's name, its Galaxy name (a role repository's
 * `namespace.role_name`, a collection's `namespace.collection.role`: workspace.ts), or the folder
 * `{{ playbook_dir }}` names (a role repository's own playbook: `role: "{{ playbook_dir }}"`).
 */
export function roleInWorkspace(name: string, playbook: string, workspace: AnsibleWorkspace): boolean {
  const folder = /^\{\{\s*playbook_dir\s*\}\}(\/.*)?$/.exec(name.trim());
  if (folder) return workspace.roleRoots.has(`${playbook.slice(0, playbook.lastIndexOf('/'))}${(folder[1] ?? '').replace(/(?<!\/)\/+$/, '')}`);
  return workspace.roles.has(name) || workspace.roles.has(name.slice(name.lastIndexOf('/') + 1));
}

function roleFinding(name: string, node: SourceNode | null | undefined, scope?: { start: number; end: number }): AnsibleFinding[] {
  if (!node) return [];
  return [{ start: node.start, end: node.end, code: rules.roleNotFound.id, message: t('the role \'{0}\' was not found: no roles/{0} folder in the workspace, and neither requirements.yml nor a collection provides it', name), ...(scope ? { scope } : {}) }];
}

/** ansible-role-not-found in a playbook or task file. */
export function roleFindings(document: AnsibleDocument, workspace: AnsibleWorkspace): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  for (const play of document.plays) for (const role of play.roles) if (!roleKnown(role.name, workspace)) findings.push(...roleFinding(role.name, role.node, { start: play.map.start, end: play.map.start }));
  for (const task of document.tasks) {
    const action = task.action;
    if (!action || !['include_role', 'import_role'].includes(shortModule(action.module))) continue;
    const name = action.args.find((arg) => arg.name === 'name');
    if (typeof name?.value === 'string' && !roleKnown(name.value, workspace)) findings.push(...roleFinding(name.value, name.valueNode && !name.inline ? name.valueNode : action.pair.keyNode, { start: task.map.start, end: task.map.end }));
  }
  return findings;
}

/**
 * Every handler name and listen topic of the workspace's handler files and playbooks, and whether a role
 * from outside the workspace (a requirement, a Galaxy or collection role a play names) may bring more.
 */
function handlerNames(index: WorkspaceIndex, workspace: AnsibleWorkspace, keywords: Keywords): { names: Set<string>; external: boolean } {
  const names = new Set<string>();
  let external = workspace.requiredRoles.size > 0;
  for (const file of index.files()) {
    if (file.skipped) continue;
    const kind = fileKind(file, workspace);
    if (kind !== 'handlers' && kind !== 'playbook' && kind !== 'tasks') continue;
    for (const { chunk } of file.yaml?.chunks ?? []) {
      if (!chunk.wellFormed) continue;
      const document = documentOf(chunk, kind, keywords);
      for (const play of document.plays) for (const role of play.roles) if (!roleInWorkspace(role.name, file.uri, workspace)) external = true;
      for (const task of document.tasks) {
        // A role included from outside the workspace (include_role, import_role) brings its handlers too.
        if (!external && task.action && /(^|\.)i(nclude|mport)_role$/.test(task.action.module)) {
          const name = task.action.args.find((arg) => arg.name === 'name')?.value;
          if (typeof name !== 'string' || !roleInWorkspace(name, file.uri, workspace)) external = true;
        }
        if (task.kind !== 'handler') continue;
        if (typeof task.value.name === 'string') names.add(task.value.name);
        for (const topic of [task.value.listen].flat()) if (typeof topic === 'string') names.add(topic);
      }
    }
  }
  return { names, external };
}

const handlersCache = new PerGeneration<WorkspaceIndex, { names: Set<string>; external: boolean }>();

/** ansible-handler-not-found: a notify naming no handler of the workspace (nothing when roles from outside it may bring handlers). */
export function handlerFindings(document: AnsibleDocument, index: WorkspaceIndex, workspace: AnsibleWorkspace, keywords: Keywords): AnsibleFinding[] {
  const notifying = document.tasks.filter((task) => task.value.notify !== undefined);
  if (notifying.length === 0) return [];
  const cached = handlersCache.get(index, index.generation, [], () => handlerNames(index, workspace, keywords));
  if (cached.external) return [];
  const findings: AnsibleFinding[] = [];
  for (const task of notifying) {
    const node = pairOf(task.map, 'notify')?.value;
    const items = Array.isArray(task.value.notify) ? task.value.notify : [task.value.notify];
    const nodes = node?.kind === 'seq' ? (node.items ?? []) : [node];
    items.forEach((item, i) => {
      const at = nodes[i];
      if (typeof item !== 'string' || hasJinja(item) || cached.names.has(item) || !at) return;
      // A role's handler may be notified as "role_name : handler".
      if (/ : /.test(item) && cached.names.has(item.slice(item.indexOf(' : ') + 3))) return;
      findings.push({ start: at.start, end: at.end, code: rules.handlerNotFound.id, message: t('no handler named or listening to \'{0}\' in the workspace', item), scope: { start: task.map.start, end: task.map.end } });
    });
  }
  return findings;
}

/** schema[meta]: a role's meta/main.yml. */
export function metaFindings(chunk: YamlChunk, workspace: AnsibleWorkspace): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const value = chunk.value;
  const tree = chunk.tree;
  const say = (node: SourceNode | null | undefined, message: string, code: string = rules.schemaMeta.id) => node && findings.push({ start: node.start, end: node.end, code, message });
  if (!isRecord(value)) return findings;
  const expect = (key: string, ok: (item: unknown) => boolean, what: string) => {
    if (key in value && value[key] !== null && !ok(value[key])) say(pairOf(tree, key)?.value, t('{0} must be {1}', key, what));
  };
  expect('galaxy_info', isRecord, t('a mapping'));
  expect('dependencies', Array.isArray, t('a list'));
  expect('allow_duplicates', (item) => typeof item === 'boolean' || typeof item === 'string', t('a boolean'));
  expect('collections', Array.isArray, t('a list'));
  const dependencies = Array.isArray(value.dependencies) ? value.dependencies : [];
  const nodes = pairOf(tree, 'dependencies')?.value?.items ?? [];
  dependencies.forEach((dependency, i) => {
    const node = nodes[i];
    const name = typeof dependency === 'string' ? dependency : isRecord(dependency) ? (dependency.role ?? dependency.name ?? dependency.src) : undefined;
    if (typeof name !== 'string') {
      say(node, t('a dependency must be a role name or a mapping with role, name or src'));
      return;
    }
    const nameNode = isRecord(dependency) ? (pairOf(node, 'role') ?? pairOf(node, 'name') ?? pairOf(node, 'src'))?.value : node;
    if (!(isRecord(dependency) && 'src' in dependency) && !roleKnown(name, workspace)) findings.push(...roleFinding(name, nameNode));
  });
  return findings;
}

const ROLE_KEYS = new Set(['name', 'src', 'scm', 'version', 'include']);
const COLLECTION_KEYS = new Set(['name', 'version', 'source', 'type', 'signatures']);

/** schema[requirements]: a requirements.yml (a list of roles, or roles and collections). */
export function requirementsFindings(chunk: YamlChunk): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const value = chunk.value;
  const tree = chunk.tree;
  const check = (list: unknown, node: SourceNode | null | undefined, keys: ReadonlySet<string>, what: string) => {
    if (list === null || list === undefined) return;
    if (!Array.isArray(list)) {
      if (node) findings.push({ start: node.start, end: node.end, code: rules.schemaRequirements.id, message: t('{0} must be a list', what) });
      return;
    }
    list.forEach((entry, i) => {
      const item = node?.items?.[i];
      if (!item || typeof entry === 'string') return;
      if (!isRecord(entry) || (typeof entry.name !== 'string' && typeof entry.src !== 'string')) {
        findings.push({ start: item.start, end: item.end, code: rules.schemaRequirements.id, message: t('each of {0} needs a name or a src', what) });
        return;
      }
      for (const pair of item.pairs ?? []) if (pair.key !== undefined && !keys.has(pair.key) && pair.keyNode) findings.push({ start: pair.keyNode.start, end: pair.keyNode.end, code: rules.schemaRequirements.id, message: t('unknown key {0} in {1}: expected one of {2}', pair.key, what, [...keys].join(', ')) });
    });
  };
  if (Array.isArray(value)) check(value, tree, ROLE_KEYS, 'roles');
  else if (isRecord(value)) {
    check(value.roles, pairOf(tree, 'roles')?.value, ROLE_KEYS, 'roles');
    check(value.collections, pairOf(tree, 'collections')?.value, COLLECTION_KEYS, 'collections');
  }
  return findings;
}
