/**
 * Variables: where the workspace defines each (vars files of roles, group_vars, host_vars and `vars/`
 * folders, inventories, plays' vars and vars_prompt, registers, set_fact and add_host keys, task and
 * block vars, loop variables, role parameters, include_vars names, argument specs), and where its
 * templates read them (with the guards that say a variable may be absent: a `default` filter, an
 * `is defined` test); undefinedVariables.ts reports the ones nothing defines. Definitions are taken
 * workspace-wide: roles' defaults and vars are visible to the plays and roles after them, and a
 * role's callers may give it any variable.
 */
import { PerGeneration } from '../../workspace/perGeneration';
import type { WorkspaceIndex, IndexedFile } from '../../workspace/index';
import type { YamlChunk } from '../../yaml/model';
import { pairOf, type SourceNode } from '../../yaml/tree';
import { hasJinja, readTemplate, type NameUse } from '../syntax/jinja';
import type { AnsibleKind } from './kind';
import { isRecord, shortModule, type AnsibleDocument, type Keywords, type TaskNode } from './model';
import { documentOf } from './documents';
import { candidatesOf, isCandidate, loadedUris, templatedPaths, type VarsCandidates } from './varsFiles';
import { ansibleWorkspace, fileKind, inventoryOf, plainYaml } from './workspace';

/** A definition of a variable: its file and where its name is written (file offsets). */
export interface Definition {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
}

/** A variable read by a template: the scalar holding it and the offset of the name (chunk offsets). */
export interface Use extends NameUse {
  /** Where the name is (chunk offsets); the scalar's span when the text does not map one to one. */
  readonly at: { start: number; end: number };
  readonly scope: { start: number; end: number } | undefined;
  /** Names the template string itself defines. */
  readonly local: ReadonlySet<string>;
}

const definitionsKey = Symbol('ansible-definitions');
/**
 * What the workspace defines: the names, and the projects (folders) where something defines names Archipel
 * cannot read — a vault-encrypted file, a templated set_fact key, a vars file named by a template whose folder
 * is a template too. The undefined-variable warning is off in those projects only (`openIn`).
 */
export interface WorkspaceDefinitions {
  readonly names: Map<string, Definition[]>;
  readonly open: ReadonlySet<string>;
}

const cache = new PerGeneration<WorkspaceIndex, WorkspaceDefinitions>();

type Add = (name: string, node: SourceNode | null | undefined, offset: number) => void;

/** Top-level keys of a mapping node. */
function keysOf(node: SourceNode | null | undefined, add: Add, offset: number): void {
  for (const pair of node?.kind === 'map' ? (node.pairs ?? []) : []) if (pair.key !== undefined) add(pair.key, pair.keyNode, offset);
}

const LOOP_VARIABLES = ['loop_var', 'index_var'];

/**
 * The names a playbook or task file defines, and the vars files it loads (vars_files, include_vars): `loads`
 * the written paths, `templated` the paths written with a template (varsFiles.ts finds their candidates).
 */
function documentDefinitions(document: AnsibleDocument, add: Add, offset: number, loads: string[], templated: string[]): { open: boolean } {
  let open = false;
  for (const play of document.plays) {
    keysOf(pairOf(play.map, 'vars')?.value, add, offset);
    const prompts = play.value.vars_prompt;
    const promptNodes = pairOf(play.map, 'vars_prompt')?.value?.items ?? [];
    if (Array.isArray(prompts)) prompts.forEach((prompt, i) => isRecord(prompt) && typeof prompt.name === 'string' && add(prompt.name, pairOf(promptNodes[i] ?? null, 'name')?.value, offset));
    for (const role of play.roles) if (isRecord(role.value)) for (const param of role.params) add(param, pairOf(role.node, param)?.keyNode ?? role.node, offset);
    for (const role of play.roles) if (isRecord(role.value)) keysOf(pairOf(role.node, 'vars')?.value, add, offset);
    // vars_files: paths, or lists of alternatives (the first found).
    for (const entry of [play.value.vars_files].flat(2)) if (typeof entry === 'string') (hasJinja(entry) ? templated : loads).push(entry);
  }
  for (const task of document.tasks) {
    keysOf(pairOf(task.map, 'vars')?.value, add, offset);
    const register = task.value.register;
    if (typeof register === 'string') add(register, pairOf(task.map, 'register')?.value, offset);
    const control = pairOf(task.map, 'loop_control')?.value;
    for (const name of LOOP_VARIABLES) {
      const node = pairOf(control, name)?.value;
      const value = isRecord(task.value.loop_control) ? task.value.loop_control[name] : undefined;
      if (typeof value === 'string') add(value, node, offset);
    }
    const action = task.action;
    if (!action) continue;
    const module = shortModule(action.module);
    // 2.14's include: its k=v arguments are variables of the included tasks.
    if (module === 'set_fact' || module === 'add_host' || module === 'include') {
      for (const arg of action.args) {
        if (hasJinja(arg.name)) open = true;
        else add(arg.name, arg.keyNode ?? action.pair.keyNode, offset);
      }
    } else if (module === 'include_vars') {
      const name = action.args.find((arg) => arg.name === 'name');
      // With `name`, the file's variables are the keys of that one variable.
      if (typeof name?.value === 'string') {
        add(name.value, name.valueNode, offset);
        continue;
      }
      const file = action.args.find((arg) => arg.name === 'file')?.value ?? action.freeForm ?? action.raw;
      const dir = action.args.find((arg) => arg.name === 'dir')?.value;
      if (typeof file === 'string' && hasJinja(file)) templated.push(...templatedPaths(file, task));
      else if (typeof file === 'string') loads.push(file.trim());
      // dir: every vars file under the folder (its depth and filters not read: more names, never fewer).
      else if (typeof dir === 'string') templated.push(`${dir.replace(/(?<!\/)\/+$/, '')}/{{ file }}`);
    }
  }
  return { open };
}

/** The definitions a file holds (file offsets), once per version; `loads`: the vars files it loads (URIs). */
function fileDefinitions(file: IndexedFile, kind: AnsibleKind | undefined, keywords: Keywords): { names: Map<string, Definition[]>; open: boolean; loads: string[]; candidates: VarsCandidates[] } {
  return file.model(definitionsKey, () => {
    const names = new Map<string, Definition[]>();
    const written: string[] = [];
    const templated: string[] = [];
    // A vault-encrypted vars file defines names no one can read without its password.
    let open = file.text.startsWith('$ANSIBLE_VAULT;');
    const add: Add = (name, node, offset) => {
      if (!name) return;
      const list = names.get(name) ?? [];
      list.push({ uri: file.uri, start: offset + (node?.start ?? 0), end: offset + (node?.end ?? 0) });
      names.set(name, list);
    };
    const varsFolder = /\/vars\/[^/]+\.ya?ml$/.test(file.uri);
    if (kind === 'inventory' || kind === 'ini-inventory') {
      for (const variable of inventoryOf(file, kind)?.variables ?? []) add(variable.name, { kind: 'scalar', start: variable.start, end: variable.end }, 0);
    } else if (kind === 'vars' || (kind === undefined && varsFolder)) {
      const chunk = file.yaml?.chunks[0];
      if (chunk) keysOf(chunk.chunk.tree, add, chunk.offset);
      else keysOf(plainYaml(file)?.tree ?? null, add, 0);
    } else if (kind === 'playbook' || kind === 'tasks' || kind === 'handlers') {
      for (const { offset, chunk } of file.yaml?.chunks ?? []) {
        if (!chunk.wellFormed) continue;
        if (documentDefinitions(documentOf(chunk, kind, keywords), add, offset, written, templated).open) open = true;
      }
    } else if (kind === 'meta') {
      const chunk = file.yaml?.chunks[0];
      const tree = chunk?.chunk.tree ?? null;
      for (const dependency of pairOf(tree, 'dependencies')?.value?.items ?? []) for (const pair of dependency?.pairs ?? []) if (pair.key !== undefined && !['role', 'name', 'src', 'when', 'tags', 'vars'].includes(pair.key)) add(pair.key, pair.keyNode, chunk!.offset);
      for (const entry of pairOf(pairOf(tree, 'argument_specs')?.value, 'main')?.value ? [pairOf(pairOf(tree, 'argument_specs')?.value, 'main')!.value] : []) keysOf(pairOf(entry, 'options')?.value, add, chunk!.offset);
    } else if (/\/meta\/argument_specs\.ya?ml$/.test(file.uri)) {
      const chunk = file.yaml?.chunks[0];
      for (const spec of chunk?.chunk.tree?.pairs?.[0]?.value?.pairs ?? []) keysOf(pairOf(spec.value, 'options')?.value, add, chunk!.offset);
    }
    // A templated path whose folder is a template too (or absolute) may name anything: what it defines is unknown.
    const candidates: VarsCandidates[] = [];
    for (const path of templated) {
      const named = candidatesOf(file.uri, path);
      if (named) candidates.push(named);
      else open = true;
    }
    return { names, open, loads: written.flatMap((path) => loadedUris(file.uri, path)), candidates };
  });
}

/** Every variable the workspace defines, by name, and the projects where something defines names Archipel cannot read (WorkspaceDefinitions). */
export function workspaceDefinitions(index: WorkspaceIndex, keywords: Keywords): WorkspaceDefinitions {
  return cache.get(index, index.generation, [], () => definitionsOf(index, keywords));
}

/**
 * The project a file belongs to, where the names it defines are read: the nearest folder above it holding an
 * ansible.cfg, else the folder holding its `roles/`, `group_vars/`, `host_vars/` or inventory folder, else its own.
 */
function projectOf(uri: string, index: WorkspaceIndex): string {
  const parts = uri.split('/');
  for (let i = parts.length - 1; i > 3; i--) {
    const folder = parts.slice(0, i).join('/');
    if (index.get(`${folder}/ansible.cfg`)) return folder;
  }
  const layout = /^(.*?)\/(?:roles|group_vars|host_vars|inventory|inventories)\//.exec(uri);
  return layout ? layout[1] : uri.slice(0, uri.lastIndexOf('/'));
}

/** Whether `uri` is in a project where something defines names Archipel cannot read. */
export function openIn(open: ReadonlySet<string>, uri: string): boolean {
  for (const folder of open) if (uri.startsWith(`${folder}/`)) return true;
  return false;
}

function definitionsOf(index: WorkspaceIndex, keywords: Keywords): WorkspaceDefinitions {
  const workspace = ansibleWorkspace(index);
  const names = new Map<string, Definition[]>();
  const open = new Set<string>();
  const loaded = new Set<string>();
  const candidates: VarsCandidates[] = [];
  const merge = (own: Map<string, Definition[]>) => {
    for (const [name, list] of own) {
      const all = names.get(name);
      if (all) all.push(...list);
      else names.set(name, [...list]);
    }
  };
  for (const file of index.files()) {
    if (file.skipped) continue;
    if (file.text.startsWith('$ANSIBLE_VAULT;')) open.add(projectOf(file.uri, index));
    const kind = fileKind(file, workspace);
    if (!kind && !/\/vars\/[^/]+\.ya?ml$|\/meta\/argument_specs\.ya?ml$/.test(file.uri)) continue;
    const own = fileDefinitions(file, kind, keywords);
    if (own.open) open.add(projectOf(file.uri, index));
    for (const uri of own.loads) loaded.add(uri);
    candidates.push(...own.candidates);
    merge(own.names);
  }
  // The files a templated include_vars or vars_files may load (varsFiles.ts): each candidate's top-level keys.
  if (candidates.length > 0) {
    for (const file of index.files()) if (!file.skipped && /\.(ya?ml|json)$/.test(file.uri) && candidates.some((named) => isCandidate(named, file.uri))) loaded.add(file.uri);
  }
  // Files vars_files and include_vars load, wherever they are: their top-level keys.
  for (const uri of loaded) {
    const file = index.get(uri);
    if (!file || file.skipped || fileKind(file, workspace) === 'vars' || /\/vars\/[^/]+\.ya?ml$/.test(uri)) continue;
    merge(fileDefinitions(file, 'vars', keywords).names);
  }
  return { names, open };
}

const IMPLICIT = new Set(['when', 'changed_when', 'failed_when', 'until']);

/** Where a name at `offset` of a scalar's value is in the chunk, when the scalar's source maps one to one. */
function nameSpan(text: string, node: SourceNode, value: string, use: NameUse): { start: number; end: number } {
  const source = text.slice(node.start, node.end);
  const base = source === value ? node.start : (source === `"${value}"` && !value.includes('\\')) || source === `'${value}'` ? node.start + 1 : undefined;
  if (base === undefined || value.includes("'") && source.startsWith("'")) return { start: node.start, end: node.end };
  return { start: base + use.start, end: base + use.start + use.name.length };
}

/** Keys whose values are tasks (read as tasks of their own), not templates of the task or play holding them. */
const TASK_LISTS = new Set(['block', 'rescue', 'always', 'tasks', 'pre_tasks', 'post_tasks', 'handlers']);
/** A play's keys whose values are not the play's templates (its task lists, and its name). */
const PLAY_SKIPPED = new Set(['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'name']);

/** Every template string under a node, with whether it is an implicit expression, in the walk's order. */
function templates(value: unknown, node: SourceNode | null, implicitRoot: boolean): { value: string; node: SourceNode; implicit: boolean }[] {
  const found: { value: string; node: SourceNode; implicit: boolean }[] = [];
  const stack: { value: unknown; node: SourceNode | null; implicit: boolean }[] = [{ value, node, implicit: implicitRoot }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value: item, node: itemNode, implicit } = entry;
    if (!itemNode) continue;
    if (typeof item === 'string') {
      if (implicit || hasJinja(item)) found.push(entry as { value: string; node: SourceNode; implicit: boolean });
    } else if (Array.isArray(item) && itemNode.kind === 'seq') item.forEach((child, i) => stack.push({ value: child, node: itemNode.items?.[i] ?? null, implicit }));
    else if (isRecord(item) && itemNode.kind === 'map') {
      for (const pair of itemNode.pairs ?? []) {
        if (pair.key === undefined || TASK_LISTS.has(pair.key)) continue;
        stack.push({ value: item[pair.key], node: pair.value, implicit: IMPLICIT.has(pair.key) });
      }
    }
  }
  return found;
}

/**
 * The variables the templates of a document read (chunk offsets); `wanted`: only the names it
 * accepts (most names a document reads are defined: their uses are not built).
 */
export function usesOf(chunk: YamlChunk, kind: AnsibleKind, keywords: Keywords, wanted: (name: string) => boolean = () => true): Use[] {
  const uses: Use[] = [];
  const text = chunk.text;
  let guards: ReadonlySet<string> = new Set();
  const collect = (value: unknown, node: SourceNode | null, scope: { start: number; end: number } | undefined, implicit = false) => {
    const found = templates(value, node, implicit);
    for (let i = 0; i < found.length; i++) {
      const template = found[i];
      const reading = readTemplate(template.value, template.implicit);
      if (reading.error) continue;
      const read = reading.uses;
      for (let j = 0; j < read.length; j++) {
        const use = read[j];
        if (!wanted(use.name)) continue;
        uses.push({ ...use, guarded: use.guarded || guards.has(use.name), at: nameSpan(text, template.node, template.value, use), scope, local: reading.defines });
      }
    }
  };
  if (kind === 'playbook' || kind === 'tasks' || kind === 'handlers') {
    const document = documentOf(chunk, kind, keywords);
    for (const play of document.plays) {
      for (const pair of play.map.pairs ?? []) {
        if (pair.key === undefined || PLAY_SKIPPED.has(pair.key)) continue;
        collect(play.value[pair.key], pair.value, { start: play.map.start, end: play.map.start });
      }
    }
    for (const task of document.tasks) {
      const scope = { start: task.map.start, end: task.map.end };
      guards = testedDefined(task.parents, task);
      collect(task.value, task.map, scope);
      // assert's `that` and debug's `var` are expressions without braces.
      const action = task.action;
      if (!action) continue;
      const module = shortModule(action.module);
      if (module === 'assert') {
        const that = action.args.find((arg) => arg.name === 'that');
        if (that?.valueNode && !that.inline) collectImplicit(that.value, that.valueNode, scope, collect);
      } else if (module === 'debug') {
        const variable = action.args.find((arg) => arg.name === 'var');
        if (typeof variable?.value === 'string' && variable.valueNode && !variable.inline) collect(variable.value, variable.valueNode, scope, true);
      }
    }
  } else if (kind === 'vars') {
    collect(chunk.value, chunk.tree, undefined);
  }
  return uses;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * The variables a task's conditions (its own `when` and its blocks') test with `is defined`: the task
 * runs only when they are, so its templates may read them. A condition is a list of conjuncts; one
 * holding an `or` guards nothing.
 */
function testedDefined(parents: readonly TaskNode[], own: TaskNode): ReadonlySet<string> {
  let names: Set<string> | undefined;
  for (let i = 0; i <= parents.length; i++) {
    const when = (i < parents.length ? parents[i] : own).value.when;
    if (when === undefined) continue;
    for (const condition of Array.isArray(when) ? when : [when]) {
      // Asked for every task: most conditions test nothing for definedness.
      if (typeof condition !== 'string' || !condition.includes('defined') || /\bor\b/.test(condition)) continue;
      names ??= new Set<string>();
      // `not x is defined` is read whole (group 1), so that its `x` is not read again as defined.
      for (const match of condition.matchAll(/(?<![\w.'"])(not\s+)?([A-Za-z_]\w*)\s+is\s+defined\b/g)) if (match[1] === undefined) names.add(match[2]);
    }
  }
  return names ?? NO_NAMES;
}

function collectImplicit(value: unknown, node: SourceNode, scope: { start: number; end: number }, collect: (value: unknown, node: SourceNode | null, scope: { start: number; end: number } | undefined, implicit?: boolean) => void): void {
  if (typeof value === 'string') collect(value, node, scope, true);
  else if (Array.isArray(value)) value.forEach((item, i) => typeof item === 'string' && collect(item, node.items?.[i] ?? null, scope, true));
}
