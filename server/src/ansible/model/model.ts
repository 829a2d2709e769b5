/**
 * A playbook or task file as Ansible reads it: plays (or imported playbooks), their roles and their
 * task lists, blocks with their `block`/`rescue`/`always`, and each task's action — the one key that
 * is neither a keyword nor a `with_` loop, or `action:`/`local_action:` — with its arguments,
 * written as a mapping, as `k=v` words (Ansible's parse_kv) or free-form. Built from a document's
 * plain value and its source tree, with an explicit stack (no recursion on the document's nesting).
 */
import { pairOf, type SourceNode, type SourcePair } from '../../yaml/tree';
import type { AnsibleCoreData } from './modules';

export type Section = 'tasks' | 'pre_tasks' | 'post_tasks' | 'handlers' | 'block' | 'rescue' | 'always' | 'file';

export interface ArgumentNode {
  readonly name: string;
  readonly value: unknown;
  readonly keyNode: SourceNode | null;
  readonly valueNode: SourceNode | null;
  /** Written as `k=v` in a string: offsets of the word in the chunk (the value node is the whole string). */
  readonly inline?: { readonly start: number; readonly end: number };
}

export interface Action {
  /** The key naming the action (`ansible.builtin.apt`, `action`, `local_action`). */
  readonly key: string;
  readonly pair: SourcePair;
  /** The module as written. */
  readonly module: string;
  /** Where the module's name is written (the key, or the start of `action:`'s value). */
  readonly moduleStart: number;
  readonly moduleEnd: number;
  readonly via: 'key' | 'action' | 'local_action';
  readonly args: readonly ArgumentNode[];
  /** The free-form words (`_raw_params`), if any. */
  readonly freeForm?: string;
  /** The value written under the action's key (string, mapping, null). */
  readonly raw: unknown;
}

export interface TaskNode {
  readonly kind: 'task' | 'handler' | 'block';
  readonly map: SourceNode;
  readonly value: Record<string, unknown>;
  readonly section: Section;
  readonly depth: number;
  /** The play holding it (playbooks). */
  readonly play?: PlayNode;
  /** Its action (tasks and handlers); undefined when none or several keys could be one (see `candidates`). */
  readonly action?: Action;
  /** Keys that are neither keywords nor loops (the action's candidates). */
  readonly candidates: readonly SourcePair[];
  /** The blocks holding it, outermost first. */
  readonly parents: readonly TaskNode[];
}

export interface RoleEntry {
  readonly name: string;
  readonly node: SourceNode | null;
  readonly value: unknown;
  /** Its parameters (role vars) besides the role keywords. */
  readonly params: readonly string[];
}

export interface PlayNode {
  readonly map: SourceNode;
  readonly value: Record<string, unknown>;
  readonly isImport: boolean;
  readonly roles: readonly RoleEntry[];
}

export interface AnsibleDocument {
  readonly plays: readonly PlayNode[];
  readonly tasks: readonly TaskNode[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The task keywords (Task's, Handler's `listen`, `action`/`local_action`) and the block keywords. */
export interface Keywords {
  readonly task: ReadonlySet<string>;
  readonly block: ReadonlySet<string>;
  readonly play: ReadonlySet<string>;
  readonly role: ReadonlySet<string>;
}

export function keywordsOf(core: AnsibleCoreData): Keywords {
  return {
    task: new Set([...Object.keys(core.keywords.task), ...Object.keys(core.keywords.handler), 'local_action', 'async']),
    block: new Set(Object.keys(core.keywords.block)),
    play: new Set(Object.keys(core.keywords.play)),
    role: new Set(Object.keys(core.keywords.role)),
  };
}

const IMPORT_PLAYBOOK = /^(ansible\.(builtin|legacy)\.)?import_playbook$/;
export const RAW_ARGUMENTS = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends', 'expand_argument_vars']);
const COMMANDS = /^(ansible\.(builtin|legacy)\.)?(command|shell|script|raw|win_command|win_shell)$|^ansible\.windows\.win_(command|shell)$/;

interface Pending {
  node: SourceNode | null;
  value: unknown;
  section: Section;
  depth: number;
  play: PlayNode | undefined;
  parents: TaskNode[];
  handler: boolean;
}

interface SplitArgument {
  name: string;
  value: string;
  inline?: { start: number; end: number };
}

// The model of every task file is kept while its file is indexed (the workspace's definitions read it):
// its objects are made by these constructors, one shape each with every field present (an absent
// play, action, free form or inline span is undefined), and lists no task adds to are shared.
const NO_PAIRS: readonly SourcePair[] = Object.freeze([]);
const NO_ARGUMENTS: ArgumentNode[] = Object.freeze([]) as unknown as ArgumentNode[];

function taskNode(kind: TaskNode['kind'], map: SourceNode, value: Record<string, unknown>, section: Section, depth: number, play: PlayNode | undefined, action: Action | undefined, candidates: readonly SourcePair[], parents: readonly TaskNode[]): TaskNode {
  return { kind, map, value, section, depth, play, action, candidates, parents };
}

function actionOf(key: string, pair: SourcePair, module: string, moduleStart: number, moduleEnd: number, via: Action['via'], args: readonly ArgumentNode[], freeForm: string | undefined, raw: unknown): Action {
  return { key, pair, module, moduleStart, moduleEnd, via, args, freeForm, raw };
}

function argumentNode(name: string, value: unknown, keyNode: SourceNode | null, valueNode: SourceNode | null, inline: { start: number; end: number } | undefined): ArgumentNode {
  return { name, value, keyNode, valueNode, inline };
}

/** Reads a playbook (sequence of plays) or a task file (sequence of tasks) from a document's value and tree. */
export function readDocument(value: unknown, tree: SourceNode | null, kind: 'playbook' | 'tasks' | 'handlers', keywords: Keywords, text: string): AnsibleDocument {
  const plays: PlayNode[] = [];
  const tasks: TaskNode[] = [];
  if (!Array.isArray(value) || tree?.kind !== 'seq') return { plays, tasks };
  const items = tree.items ?? [];
  const stack: Pending[] = [];
  if (kind === 'playbook') {
    value.forEach((item, i) => {
      const node = items[i] ?? null;
      if (!isRecord(item) || node?.kind !== 'map') return;
      const isImport = Object.keys(item).some((key) => IMPORT_PLAYBOOK.test(key));
      const play: PlayNode = { map: node, value: item, isImport, roles: isImport ? [] : readRoles(item.roles, pairOf(node, 'roles')?.value ?? null, keywords) };
      plays.push(play);
      if (isImport) return;
      for (const section of ['pre_tasks', 'tasks', 'post_tasks', 'handlers'] as const) {
        pushList(stack, item[section], pairOf(node, section)?.value ?? null, section, 0, play, [], section === 'handlers');
      }
    });
  } else {
    pushList(stack, value, tree, 'file', 0, undefined, [], kind === 'handlers');
  }
  // Depth-first, in source order: the stack holds items in reverse.
  stack.reverse();
  while (stack.length > 0) {
    const { node, value: item, section, depth, play, parents, handler } = stack.pop()!;
    if (!isRecord(item) || node?.kind !== 'map') continue;
    if ('block' in item) {
      const block = taskNode('block', node, item, section, depth, play, undefined, NO_PAIRS, parents);
      tasks.push(block);
      const children: typeof stack = [];
      for (const inner of ['block', 'rescue', 'always'] as const) pushList(children, item[inner], pairOf(node, inner)?.value ?? null, inner, depth + 1, play, [...parents, block], handler);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      continue;
    }
    const candidates = candidatesOf(node.pairs ?? [], keywords);
    const actionPair = pairOf(node, 'action') ?? pairOf(node, 'local_action');
    let action: Action | undefined;
    if (actionPair) action = readActionKeyword(actionPair, item, text);
    else if (candidates.length === 1) action = readAction(candidates[0], item, text);
    tasks.push(taskNode(handler ? 'handler' : 'task', node, item, section, depth, play, action, candidates, parents));
  }
  return { plays, tasks };
}

/** Keys that are neither keywords nor loops, in an array of their number (most tasks have one: the action). */
function candidatesOf(pairs: readonly SourcePair[], keywords: Keywords): readonly SourcePair[] {
  const isCandidate = (pair: SourcePair) => pair.key !== undefined && !keywords.task.has(pair.key) && !pair.key.startsWith('with_') && pair.key !== 'action' && pair.key !== MERGE;
  let count = 0;
  for (const pair of pairs) if (isCandidate(pair)) count++;
  if (count === 0) return NO_PAIRS;
  const candidates = new Array<SourcePair>(count);
  let at = 0;
  for (const pair of pairs) if (isCandidate(pair)) candidates[at++] = pair;
  return candidates;
}

function pushList(stack: Pending[], value: unknown, node: SourceNode | null, section: Section, depth: number, play: PlayNode | undefined, parents: TaskNode[], handler: boolean): void {
  if (!Array.isArray(value) || node?.kind !== 'seq') return;
  const items = node.items ?? [];
  for (let i = 0; i < value.length; i++) stack.push({ node: items[i] ?? null, value: value[i] as unknown, section, depth, play, parents, handler });
}

function readRoles(value: unknown, node: SourceNode | null, keywords: Keywords): RoleEntry[] {
  if (!Array.isArray(value)) return [];
  const items = node?.kind === 'seq' ? (node.items ?? []) : [];
  const roles: RoleEntry[] = [];
  value.forEach((item, i) => {
    const itemNode = items[i] ?? null;
    if (typeof item === 'string') roles.push({ name: item, node: itemNode, value: item, params: [] });
    else if (isRecord(item)) {
      const name = typeof item.role === 'string' ? item.role : typeof item.name === 'string' ? item.name : undefined;
      const nameNode = pairOf(itemNode, typeof item.role === 'string' ? 'role' : 'name')?.value ?? itemNode;
      if (name !== undefined) roles.push({ name, node: nameNode, value: item, params: Object.keys(item).filter((key) => !keywords.role.has(key) && key !== 'name') });
    }
  });
  return roles;
}

/** `module: value`: the arguments from a mapping, from `k=v` words, and from the task's `args:`. */
function readAction(pair: SourcePair, task: Record<string, unknown>, text: string): Action {
  const module = pair.key!;
  const raw = task[module];
  const keyNode = pair.keyNode;
  let args: ArgumentNode[] = NO_ARGUMENTS;
  let freeForm: string | undefined;
  if (isRecord(raw)) args = mappingArgs(raw, pair.value);
  else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    const split = splitArgs(String(raw), COMMANDS.test(module), valueStart(pair.value, text));
    args = inlineArgs(split.args, pair.value);
    freeForm = split.freeForm;
  }
  return actionOf(module, pair, module, keyNode?.start ?? 0, keyNode?.end ?? 0, 'key', withArgsKeyword(args, task), freeForm, raw);
}

/** Where a scalar's text starts, past its opening quote (for offsets of `k=v` words in it). */
function valueStart(node: SourceNode | null, text: string): number | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const first = text[node.start];
  // Block scalars and quoted strings with escapes do not map offsets one to one.
  if (first === '|' || first === '>' || (first === '"' && text.slice(node.start, node.end).includes('\\'))) return undefined;
  return first === '"' || first === "'" ? node.start + 1 : node.start;
}

/** The arguments, then the task's `args:` ones (their values are read through the task's map when positions are needed). */
function withArgsKeyword(args: ArgumentNode[], task: Record<string, unknown>): ArgumentNode[] {
  const extra = task.args;
  if (!isRecord(extra)) return args;
  const given = Object.keys(extra).map((name) => argumentNode(name, extra[name], null, null, undefined));
  return args.length === 0 ? given : args.concat(given);
}

function mappingArgs(raw: Record<string, unknown>, node: SourceNode | null): ArgumentNode[] {
  // map, not push: an array grown by push holds room for 17 elements, kept with the model.
  const args = Object.keys(raw).map((name) => {
    const pair = pairOf(node, name);
    return argumentNode(name, raw[name], pair?.keyNode ?? null, pair?.value ?? null, undefined);
  });
  return MERGE in raw ? merged(args) : args;
}

/** YAML's merge key (`<<: *defaults`), which Ansible's YAML reader resolves and ours keeps as a key. */
export const MERGE = '<<';

/**
 * Arguments with a merge key's mappings resolved as PyYAML resolves them: their keys are arguments unless
 * the mapping writes them itself (nodes unknown: they are written at the anchor).
 */
function merged(args: ArgumentNode[]): ArgumentNode[] {
  const own = new Set(args.map((arg) => arg.name));
  const out = args.filter((arg) => arg.name !== MERGE);
  const source = args.find((arg) => arg.name === MERGE)?.value;
  for (const mapping of Array.isArray(source) ? source : [source]) {
    if (!isRecord(mapping)) continue;
    for (const name of Object.keys(mapping)) {
      if (own.has(name)) continue;
      own.add(name);
      out.push(argumentNode(name, mapping[name], null, null, undefined));
    }
  }
  return out;
}

/** `k=v` words' arguments: the value node is the whole string's. */
function inlineArgs(split: readonly SplitArgument[], node: SourceNode | null): ArgumentNode[] {
  return split.map((arg) => argumentNode(arg.name, arg.value, null, node, arg.inline));
}

/** `action: module k=v` / `local_action: {module: x, k: v}`. */
function readActionKeyword(pair: SourcePair, task: Record<string, unknown>, text: string): Action | undefined {
  const key = pair.key!;
  const raw = task[key];
  const via = key === 'local_action' ? 'local_action' : 'action';
  if (typeof raw === 'string') {
    const match = /^\s*(\S+)\s*/.exec(raw);
    if (!match) return undefined;
    const start = valueStart(pair.value, text);
    const moduleStart = start !== undefined ? start + raw.indexOf(match[1]) : (pair.value?.start ?? 0);
    const rest = raw.slice(match[0].length);
    const split = splitArgs(rest, COMMANDS.test(match[1]), start !== undefined ? start + match[0].length : undefined);
    return actionOf(key, pair, match[1], moduleStart, moduleStart + match[1].length, via, withArgsKeyword(inlineArgs(split.args, pair.value), task), split.freeForm, raw);
  }
  if (isRecord(raw) && typeof raw.module === 'string') {
    const modulePair = pairOf(pair.value, 'module');
    const rest = Object.fromEntries(Object.entries(raw).filter(([name]) => name !== 'module'));
    return actionOf(key, pair, raw.module, modulePair?.value?.start ?? 0, modulePair?.value?.end ?? 0, via, withArgsKeyword(mappingArgs(rest, pair.value), task), undefined, raw);
  }
  return undefined;
}

/**
 * Ansible's split_args then parse_kv on a string of arguments: words split on spaces outside quotes
 * and Jinja; `k=v` words are arguments; the rest is the free-form text. For command-like modules
 * (`check_raw`) only their few options are read as `k=v`; everything else stays free-form.
 */
export function splitArgs(text: string, checkRaw: boolean, base: number | undefined): { args: SplitArgument[]; freeForm?: string } {
  const words = splitWords(text);
  const args: SplitArgument[] = [];
  // The free-form text is the string without its k=v words, its own spacing and new lines kept (a shell script's lines).
  let freeForm = '';
  let at = 0;
  for (const word of words) {
    const match = /^([A-Za-z_][\w]*)=(.*)$/s.exec(word.text);
    if (match && (!checkRaw || RAW_ARGUMENTS.has(match[1]))) {
      args.push({ name: match[1], value: unquote(match[2]), ...(base !== undefined ? { inline: { start: base + word.start, end: base + word.start + match[1].length } } : {}) });
      freeForm += text.slice(at, word.start);
      at = word.start + word.text.length;
    }
  }
  freeForm = (freeForm + text.slice(at)).trim();
  return { args, ...(freeForm !== '' ? { freeForm } : {}) };
}

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]) ? value.slice(1, -1) : value;
}

/** Words of an argument string: spaces separate them except inside quotes and `{{ }}`/`{% %}`. */
function splitWords(text: string): { text: string; start: number }[] {
  const words: { text: string; start: number }[] = [];
  let quote = '';
  let jinja = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const char = text[i];
    const atSpace = char === undefined || ((char === ' ' || char === '\t' || char === '\n') && !quote && jinja === 0);
    if (atSpace) {
      if (start >= 0) words.push({ text: text.slice(start, i), start });
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
    } else if ((char === '"' || char === "'") && (i === start || text[i - 1] === '=')) {
      quote = char;
    } else if (char === '{' && (text[i + 1] === '{' || text[i + 1] === '%')) {
      jinja++;
      i++;
    } else if ((char === '}' || char === '%') && text[i + 1] === '}' && jinja > 0) {
      jinja--;
      i++;
    }
  }
  return words;
}

/** The module's short name (`ansible.builtin.shell` → `shell`), for rules keyed by builtin names. */
export function shortModule(module: string): string {
  return module.startsWith('ansible.') ? module.replace(/^ansible\.(builtin|legacy)\./, '') : module;
}

/** The argument of an action by name (the last written wins, as in a mapping). */
export function argument(action: Action | undefined, name: string): ArgumentNode | undefined {
  if (!action) return undefined;
  for (let i = action.args.length - 1; i >= 0; i--) if (action.args[i].name === name) return action.args[i];
  return undefined;
}
