/**
 * What the cursor is on in a playbook or task file: the task (innermost), its action and the
 * argument under it, a template's variable, a role's or handler's name.
 */
import type { IndexedFile } from '../../workspace/index';
import type { YamlChunk } from '../../yaml/model';
import type { PathSegment } from '../../yaml/path';
import type { SourceNode } from '../../yaml/tree';
import { documentOf } from '../model/documents';
import { readTemplate } from './jinja';
import type { AnsibleKind } from '../model/kind';
import { isRecord, type AnsibleDocument, type Keywords, type PlayNode, type TaskNode } from '../model/model';

export interface Located {
  readonly chunk: YamlChunk;
  /** The chunk's offset in the file. */
  readonly base: number;
  /** The cursor in the chunk. */
  readonly at: number;
  readonly document?: AnsibleDocument;
}

/** The chunk under the cursor (and its playbook or task model). */
export function locate(file: IndexedFile, offset: number, kind: AnsibleKind, keywords: Keywords): Located | undefined {
  const chunks = file.yaml?.chunks ?? [];
  let found: { offset: number; chunk: YamlChunk } | undefined;
  for (const entry of chunks) if (entry.offset <= offset) found = entry;
  if (!found || !found.chunk.wellFormed) return found ? { chunk: found.chunk, base: found.offset, at: offset - found.offset } : undefined;
  const document = kind === 'playbook' || kind === 'tasks' || kind === 'handlers' ? documentOf(found.chunk, kind, keywords) : undefined;
  return { chunk: found.chunk, base: found.offset, at: offset - found.offset, ...(document ? { document } : {}) };
}

function contains(node: SourceNode | null | undefined, at: number): boolean {
  return node !== null && node !== undefined && node.start <= at && at <= node.end;
}

/** The innermost task (or block) whose mapping holds the offset. */
export function taskAt(document: AnsibleDocument, at: number): TaskNode | undefined {
  let best: TaskNode | undefined;
  for (const task of document.tasks) if (contains(task.map, at) && (!best || task.map.end - task.map.start < best.map.end - best.map.start)) best = task;
  return best;
}

export function playAt(document: AnsibleDocument, at: number): PlayNode | undefined {
  return document.plays.find((play) => contains(play.map, at));
}

/** The scalar holding the offset, with its plain value, anywhere under a node. */
export function scalarAt(node: SourceNode | null, value: unknown, at: number): { node: SourceNode; value: unknown; key?: string; parentKey?: string } | undefined {
  let current: { node: SourceNode | null; value: unknown; parentKey?: string } = { node, value };
  for (let depth = 0; depth < 256; depth++) {
    const here = current.node;
    if (!here || !contains(here, at)) return undefined;
    if (here.kind === 'scalar') return { node: here, value: current.value, ...(current.parentKey !== undefined ? { parentKey: current.parentKey } : {}) };
    let next: typeof current | undefined;
    if (here.kind === 'map' && isRecord(current.value)) {
      for (const pair of here.pairs ?? []) {
        if (pair.key === undefined) continue;
        if (contains(pair.keyNode, at) && pair.keyNode) return { node: pair.keyNode, value: pair.key, key: pair.key, ...(current.parentKey !== undefined ? { parentKey: current.parentKey } : {}) };
        if (contains(pair.value, at)) next = { node: pair.value, value: current.value[pair.key], parentKey: pair.key };
      }
    } else if (here.kind === 'seq' && Array.isArray(current.value)) {
      const items = here.items ?? [];
      const i = items.findIndex((item) => contains(item, at));
      if (i >= 0) next = { node: items[i], value: current.value[i], ...(current.parentKey !== undefined ? { parentKey: current.parentKey } : {}) };
    }
    if (!next) return undefined;
    current = next;
  }
  return undefined;
}

/** The variable named at a scalar's offset (in a `{{ }}`, or anywhere in an implicit expression). */
export function variableAt(text: string, node: SourceNode, value: string, at: number, implicit: boolean): string | undefined {
  const source = text.slice(node.start, node.end);
  const base = source === value ? node.start : source === `"${value}"` || source === `'${value}'` ? node.start + 1 : undefined;
  if (base === undefined) return undefined;
  const local = at - base;
  for (const use of readTemplate(value, implicit).uses) if (use.start <= local && local <= use.start + use.name.length) return use.name;
  return undefined;
}

/** The path of segments typed under the cursor, read as what it names in an Ansible file. */
export type TaskPlace = { type: 'task'; value: Record<string, unknown> } | { type: 'args'; module: string } | { type: 'argValue'; module: string; option: string } | { type: 'play' } | undefined;

const TASK_LISTS = new Set(['tasks', 'pre_tasks', 'post_tasks', 'handlers']);
const BLOCK_LISTS = new Set(['block', 'rescue', 'always']);

/** What a cursor path (yaml/cursor.ts) is in a playbook or task file: a task's keys, a module's arguments or an argument's value. */
export function placeOf(path: readonly PathSegment[], value: unknown, kind: AnsibleKind, keywords: Keywords, cursorKind: 'key' | 'value'): TaskPlace {
  let state: 'plays' | 'play' | 'list' | 'task' = kind === 'playbook' ? 'plays' : 'list';
  let current: unknown = value;
  let module: string | undefined;
  let option: string | undefined;
  let moduleAt = -1;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const next: unknown = Array.isArray(current) ? (current as unknown[])[Number(segment)] : isRecord(current) ? current[String(segment)] : undefined;
    if (module !== undefined) {
      option ??= String(segment);
      current = next;
      continue;
    }
    if (state === 'plays' && typeof segment === 'number') state = 'play';
    else if (state === 'play' && TASK_LISTS.has(String(segment))) state = 'list';
    else if (state === 'list' && typeof segment === 'number') state = 'task';
    else if (state === 'task' && BLOCK_LISTS.has(String(segment))) state = 'list';
    else if (state === 'task' && !keywords.task.has(String(segment)) && !String(segment).startsWith('with_')) {
      module = String(segment);
      moduleAt = i;
    }
    else return undefined;
    current = next;
  }
  if (module !== undefined) {
    if (option === undefined) return cursorKind === 'key' ? { type: 'args', module } : undefined;
    return path.length === moduleAt + 2 ? (cursorKind === 'value' ? { type: 'argValue', module, option } : undefined) : undefined;
  }
  if (state === 'task' && cursorKind === 'key') return { type: 'task', value: isRecord(current) ? current : {} };
  if (state === 'play' && cursorKind === 'key') return { type: 'play' };
  return undefined;
}
