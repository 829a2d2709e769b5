/**
 * Go to definition in Ansible files — a variable to where the workspace defines it, a role's name to
 * its folder's tasks/main.yml, a handler's name in `notify` to the handlers named or listening so, an
 * included task file to the file — and the outline of plays, blocks and tasks.
 */
import { SymbolKind, type DocumentSymbol, type Location } from 'vscode-languageserver-types';
import type { FeatureContext } from '../../features/feature';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { pairOf } from '../../yaml/tree';
import type { AnsibleServices } from '../checks/checks';
import { locate, playAt, scalarAt, taskAt, variableAt } from '../syntax/cursor';
import { documentOf } from '../model/documents';
import type { AnsibleKind } from '../model/kind';
import { roleOf } from '../model/kind';
import { isRecord, shortModule, type TaskNode } from '../model/model';
import { workspaceDefinitions } from '../model/variables';
import { ansibleWorkspace, fileKind } from '../model/workspace';

function location(index: WorkspaceIndex, uri: string, start: number, end: number): Location | undefined {
  const file = index.get(uri);
  if (!file) return undefined;
  return { uri, range: { start: file.lines.positionAt(start), end: file.lines.positionAt(end) } };
}

const fileStart = (uri: string): Location => ({ uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });

/** A role's entry file: tasks/main.yml, else any file of the role. */
export function roleLocations(index: WorkspaceIndex, name: string): Location[] {
  const roots = ansibleWorkspace(index).roles.get(name.slice(name.lastIndexOf('/') + 1)) ?? [];
  return roots.map((root) => {
    const main = [`${root}/tasks/main.yml`, `${root}/tasks/main.yaml`, `${root}/meta/main.yml`, `${root}/defaults/main.yml`].find((uri) => index.get(uri));
    return fileStart(main ?? `${root}/tasks/main.yml`);
  });
}

/** The handlers answering a name (by `name` or `listen`), in the workspace's handler lists. */
function handlerLocations(index: WorkspaceIndex, name: string, services: AnsibleServices): Location[] {
  const workspace = ansibleWorkspace(index);
  const found: Location[] = [];
  for (const file of index.files()) {
    const kind = fileKind(file, workspace);
    if (kind !== 'handlers' && kind !== 'playbook') continue;
    for (const { offset, chunk } of file.yaml?.chunks ?? []) {
      if (!chunk.wellFormed) continue;
      for (const task of documentOf(chunk, kind, services.keywords).tasks) {
        if (task.kind !== 'handler') continue;
        const listen = task.value.listen;
        const listens = Array.isArray(listen) ? listen : [listen];
        const key = task.value.name === name ? 'name' : listens.includes(name) ? 'listen' : undefined;
        const node = key ? pairOf(task.map, key)?.value : undefined;
        const at = node && location(index, file.uri, offset + node.start, offset + node.end);
        if (at) found.push(at);
      }
    }
  }
  return found;
}

/** The file an include_tasks/import_tasks/include_vars names, relative to the role's tasks/ (or vars/) or the file's folder. */
function includedFile(file: IndexedFile, task: TaskNode): string | undefined {
  const action = task.action;
  if (!action) return undefined;
  const module = shortModule(action.module);
  if (!['include_tasks', 'import_tasks', 'include_vars', 'import_playbook'].includes(module)) return undefined;
  const named = action.args.find((arg) => arg.name === 'file')?.value ?? (typeof action.raw === 'string' ? action.raw : undefined);
  if (typeof named !== 'string' || named.includes('{{')) return undefined;
  const role = roleOf(file.uri);
  const folder = role ? `${role.root}/${module === 'include_vars' ? 'vars' : 'tasks'}` : file.uri.slice(0, file.uri.lastIndexOf('/'));
  const parts = `${folder}/${named.trim()}`.split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else if (part !== '.') resolved.push(part);
  }
  return resolved.join('/');
}

/** Go to definition in a playbook or task file. */
export function ansibleDefinition(file: IndexedFile, offset: number, kind: AnsibleKind, services: AnsibleServices, context: FeatureContext): Location[] {
  const located = locate(file, offset, kind, services.keywords);
  if (!located?.document) return [];
  const index = context.index;
  const task = taskAt(located.document, located.at);
  const scalar = scalarAt(located.chunk.tree, located.chunk.value, located.at);
  if (!scalar || typeof scalar.value !== 'string') return [];
  const value = scalar.value;
  if (task?.action && scalar.key === undefined) {
    const module = shortModule(task.action.module);
    if ((module === 'include_role' || module === 'import_role') && scalar.parentKey === 'name') return roleLocations(index, value);
    if ((module === 'include_role' || module === 'import_role') && typeof task.action.raw === 'string' && scalar.parentKey === task.action.key) return roleLocations(index, value.replace(/^name=/, ''));
    const included = includedFile(file, task);
    if (included && (scalar.parentKey === task.action.key || scalar.parentKey === 'file') && !value.includes('{{')) return index.get(included) ? [fileStart(included)] : [];
  }
  if (task && scalar.key === undefined && scalar.parentKey === 'notify') return handlerLocations(index, value, services);
  const play = playAt(located.document, located.at);
  if (play && !task && scalar.key === undefined && (scalar.parentKey === 'roles' || scalar.parentKey === 'role')) return roleLocations(index, value);
  if (play && !task && scalar.key === undefined && isRecord(play.value) && scalar.parentKey === 'name' && Array.isArray(play.value.roles) && play.roles.some((role) => role.node === scalar.node)) return roleLocations(index, value);
  if (scalar.key !== undefined) return [];
  const implicit = ['when', 'changed_when', 'failed_when', 'until'].includes(scalar.parentKey ?? '');
  const name = variableAt(located.chunk.text, scalar.node, value, located.at, implicit);
  if (!name) return [];
  const definitions = workspaceDefinitions(index, services.keywords).names.get(name) ?? [];
  return definitions.flatMap((definition) => location(index, definition.uri, definition.start, definition.end) ?? []);
}

/** The outline: plays with their tasks, blocks with theirs, handlers. */
export function ansibleSymbols(file: IndexedFile, kind: AnsibleKind, services: AnsibleServices): DocumentSymbol[] {
  if (kind !== 'playbook' && kind !== 'tasks' && kind !== 'handlers') return [];
  const symbols: DocumentSymbol[] = [];
  const lines = file.lines;
  for (const { offset, chunk } of file.yaml?.chunks ?? []) {
    if (!chunk.wellFormed) continue;
    const document = documentOf(chunk, kind, services.keywords);
    const range = (start: number, end: number) => ({ start: lines.positionAt(offset + start), end: lines.positionAt(offset + end) });
    const byNode = new Map<TaskNode, DocumentSymbol>();
    const playSymbols = document.plays.map((play) => {
      const symbol: DocumentSymbol = { name: typeof play.value.name === 'string' ? play.value.name : typeof play.value.import_playbook === 'string' ? `import_playbook ${play.value.import_playbook}` : '(play)', kind: SymbolKind.Namespace, range: range(play.map.start, play.map.end), selectionRange: range(play.map.start, play.map.start), children: [] };
      return { play, symbol };
    });
    for (const task of document.tasks) {
      const name = typeof task.value.name === 'string' ? task.value.name : task.action ? task.action.module : task.kind;
      const symbol: DocumentSymbol = { name, detail: task.kind === 'block' ? 'block' : task.action?.module, kind: task.kind === 'block' ? SymbolKind.Struct : task.kind === 'handler' ? SymbolKind.Event : SymbolKind.Function, range: range(task.map.start, task.map.end), selectionRange: range(task.map.start, task.map.start), children: [] };
      byNode.set(task, symbol);
      const parent = task.parents.at(-1);
      const holder = parent ? byNode.get(parent) : playSymbols.find((entry) => entry.play === task.play)?.symbol;
      if (holder) holder.children!.push(symbol);
      else symbols.push(symbol);
    }
    symbols.push(...playSymbols.map((entry) => entry.symbol));
  }
  return symbols;
}
