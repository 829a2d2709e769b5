/**
 * What Ansible refuses when it loads a file: the structure of plays, blocks and tasks
 * (schemas/ansible/playbook.schema.json), each task's action (one, resolving to a module) and its
 * arguments against the module's documentation (ansible-core.json, collections' DOCUMENTATION).
 */
import type { ErrorObject } from 'ajv';
import type { Finding } from '../../common/findings';
import { closestName } from '../../common/suggest';
import { t } from '../../l10n/t';
import type { SchemaEngine } from '../../schema/engine';
import { schemaFindings } from '../../schema/errors';
import { pairOf, type SourceNode, type SourcePair } from '../../yaml/tree';
import { hasJinja } from '../syntax/jinja';
import { isRecord, MERGE, type Action, type AnsibleDocument, type ArgumentNode, type TaskNode } from '../model/model';
import { argumentHandling, typesChecked } from '../model/actionPlugins';
import { listItems, pythonType, strictType, typeProblem } from '../model/argumentTypes';
import { argumentNames, optionNamed, requiredOptions, type ModuleCatalog, type ModuleDoc, type ModuleOption } from '../model/modules';
import { rules } from './rules';

/** A finding with the task (or play) it belongs to, whose lines a `# noqa` may sit on. */
export interface AnsibleFinding extends Finding {
  /** The span of the task or play (chunk offsets): noqa comments on its lines apply. */
  scope?: { start: number; end: number };
}

const PSEUDO_OPTIONS = new Set(['free_form', 'free-form', 'key_value', '_raw_params']);

/** The become plugins of ansible-core and of the collections that ship one (community.general, ansible.netcommon, containers.podman). */
const BECOME_METHODS = new Set(['sudo', 'su', 'runas', 'pbrun', 'pfexec', 'dzdo', 'ksu', 'doas', 'machinectl', 'pmrun', 'sesu', 'sudosu', 'enable', 'podman_unshare']);

/** Schema findings of a playbook or task file (`schemaKey`: playbook, tasks, handlers), and become_method naming no become plugin. */
export function structureFindings(engine: SchemaEngine, schemaKey: string, value: unknown, tree: SourceNode | null, document: AnsibleDocument): AnsibleFinding[] {
  // An empty file (every line commented out) is an empty list to Ansible.
  const errors = value === null || value === undefined ? [] : (engine.validate(schemaKey, value) ?? []).filter((error: ErrorObject) => error.keyword !== 'if' && !(schemaKey === 'playbook' && includeInPlace(value, error)));
  const code = schemaKey === 'playbook' ? rules.schemaPlaybook.id : rules.schemaTasks.id;
  const findings: AnsibleFinding[] = schemaFindings(errors, tree, value, engine, schemaKey, code);
  for (const holder of [...document.plays, ...document.tasks]) {
    const method = holder.value.become_method;
    if (typeof method !== 'string' || hasJinja(method) || method.includes('.') || BECOME_METHODS.has(method)) continue;
    const node = pairOf(holder.map, 'become_method')?.value;
    const suggestion = closestName(method, [...BECOME_METHODS]);
    if (!node) continue;
    const message = suggestion ? t('Invalid become method specified, could not find matching plugin: \'{0}\'; did you mean {1}?', method, suggestion) : t('Invalid become method specified, could not find matching plugin: \'{0}\'', method);
    // A plain scalar (its span is the method alone) is rewritten by the quick fix; a quoted one keeps its quotes out of reach.
    const plain = node.end - node.start === method.length;
    findings.push({ start: node.start, end: node.end, code, message, scope: { start: holder.map.start, end: holder.map.end }, ...(suggestion && plain ? { data: { replacement: suggestion } } : {}) });
  }
  return findings;
}

/** A play-level include (`- include: x.yml`, `- include_tasks: x.yml`): one defect, the include where a play belongs; its missing `hosts` is no second one. */
const PLAY_INCLUDE = /^(ansible\.(builtin|legacy)\.)?(include|include_tasks|import_tasks)$/;
function includeInPlace(value: unknown, error: ErrorObject): boolean {
  const at = /^\/(\d+)$/.exec(error.instancePath);
  if (!at || error.keyword !== 'required' || (error.params as { missingProperty?: unknown }).missingProperty !== 'hosts' || !Array.isArray(value)) return false;
  const play: unknown = value[Number(at[1])];
  return play !== null && typeof play === 'object' && Object.keys(play).some((key) => PLAY_INCLUDE.test(key));
}

function spanOf(node: SourceNode | null | undefined): { start: number; end: number } | undefined {
  return node ? { start: node.start, end: node.end } : undefined;
}

function taskScope(task: TaskNode): { start: number; end: number } {
  return { start: task.map.start, end: task.map.end };
}

/** The first key of a mapping (where a problem of the whole task is placed). */
export function firstKey(map: SourceNode): { start: number; end: number } {
  return spanOf(map.pairs?.[0]?.keyNode) ?? { start: map.start, end: map.start };
}

/** syntax-check, deprecated-module and args findings of every task of a document (`text`: the chunk's, where a value's tag is read). */
export function taskFindings(document: AnsibleDocument, catalog: ModuleCatalog, text = ''): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  for (const task of document.tasks) {
    if (task.kind === 'block') continue;
    const scope = taskScope(task);
    const add = (span: { start: number; end: number } | undefined, message: string, code: string, data?: unknown) => {
      if (span) findings.push({ ...span, message, code, scope, ...(data !== undefined ? { data } : {}) });
    };
    const actionKey = pairOf(task.map, 'action') ?? pairOf(task.map, 'local_action');
    if (actionKey && task.candidates.length > 0) {
      add(spanOf(task.candidates[0].keyNode), t('conflicting action statements: {0}, {1}', actionKey.key!, task.candidates[0].key!), rules.syntax.id);
      continue;
    }
    if (!actionKey && task.candidates.length > 1) {
      conflicting(task.candidates, catalog, add);
      continue;
    }
    if (!actionKey && task.candidates.length === 0) {
      // A merge key may bring the action from its anchor (not resolved for the task's own keys).
      if (MERGE in task.value) continue;
      add(firstKey(task.map), t('no module/action detected in task.'), rules.syntax.id);
      continue;
    }
    const action = task.action;
    if (!action) continue;
    const resolved = catalog.resolve(action.module);
    if (resolved.source === 'unknown') {
      if (hasJinja(action.module)) continue;
      const short = action.module.replace(/^ansible\.(builtin|legacy)\./, '');
      const suggestion = closestName(short, catalog.builtinNames(), false);
      const message = suggestion
        ? t('couldn\'t resolve module/action \'{0}\'. Did you mean {1}?', action.module, suggestion)
        : t('couldn\'t resolve module/action \'{0}\'. This often indicates a misspelling, missing collection, or incorrect module path.', action.module);
      add({ start: action.moduleStart, end: action.moduleEnd }, message, rules.unknownModule.id, suggestion && action.via === 'key' ? { replacement: suggestion } : undefined);
      continue;
    }
    const deprecated = resolved.source === 'builtin' ? resolved.doc?.deprecated : undefined;
    if (deprecated) add({ start: action.moduleStart, end: action.moduleEnd }, deprecationMessage(action.module, deprecated), rules.deprecatedModule.id);
    if (resolved.doc) findings.push(...argumentFindings(task, action, resolved.doc, resolved.fqcn ?? action.module, scope, text));
  }
  return findings;
}

/**
 * "include is deprecated: removed in ansible-core 2.16, use include_tasks/import_tasks" — the alternatives a task
 * may use (import_playbook replaces a play's include, which 2.14 no longer reads).
 */
function deprecationMessage(module: string, deprecated: NonNullable<ModuleDoc['deprecated']>): string {
  const alternatives = (deprecated.alternative ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '' && name !== 'import_playbook');
  if (!deprecated.removed_in) return t('{0} is deprecated', module);
  return alternatives.length > 0 ? t('{0} is deprecated: removed in ansible-core {1}, use {2}', module, deprecated.removed_in, alternatives.join('/')) : t('{0} is deprecated: removed in ansible-core {1}', module, deprecated.removed_in);
}

/** Several keys that could each be the action: the one a module answers to is it, the others are not task keywords. */
function conflicting(candidates: readonly SourcePair[], catalog: ModuleCatalog, add: (span: { start: number; end: number } | undefined, message: string, code: string) => void): void {
  const known = candidates.filter((pair) => catalog.mayBeModule(pair.key!));
  if (known.length === 1) {
    for (const pair of candidates) if (pair !== known[0]) add(spanOf(pair.keyNode), t('\'{0}\' is not a valid attribute for a Task (its action is {1})', pair.key!, known[0].key!), rules.syntax.id);
    return;
  }
  add(spanOf(candidates[1].keyNode), t('conflicting action statements: {0}, {1}', candidates[0].key!, candidates[1].key!), rules.syntax.id);
}

/** Where an argument is written: its key, its `k=v` word, or its key under `args:`. */
function argumentSpan(task: TaskNode, action: Action, arg: ArgumentNode): { start: number; end: number } | undefined {
  if (arg.keyNode) return spanOf(arg.keyNode);
  if (arg.inline) return arg.inline;
  const args = pairOf(task.map, 'args')?.value;
  const key = pairOf(args, arg.name)?.keyNode;
  return spanOf(key) ?? spanOf(action.pair.keyNode);
}

function valueSpan(task: TaskNode, action: Action, arg: ArgumentNode): { start: number; end: number } | undefined {
  if (arg.valueNode && !arg.inline) return spanOf(arg.valueNode);
  if (arg.inline) return arg.inline;
  return spanOf(pairOf(pairOf(task.map, 'args')?.value, arg.name)?.value) ?? argumentSpan(task, action, arg);
}

/** Whether module_defaults of the task's play or blocks may give it arguments. */
function hasModuleDefaults(task: TaskNode): boolean {
  return (task.play !== undefined && 'module_defaults' in task.play.value) || task.parents.some((block) => 'module_defaults' in block.value) || 'module_defaults' in task.value;
}

function present(value: unknown): boolean {
  return value !== undefined;
}

/** The value node of an argument written as a mapping (under the action's key or `args:`). */
function valueNodeOf(task: TaskNode, arg: ArgumentNode): SourceNode | null | undefined {
  if (arg.inline) return undefined;
  return arg.valueNode ?? pairOf(pairOf(task.map, 'args')?.value, arg.name)?.value;
}

/** Whether the value is written with a tag (`!vault |`, `!unsafe`): Ansible sees it only decrypted or as a string. */
function tagged(text: string, task: TaskNode, arg: ArgumentNode): boolean {
  const node = valueNodeOf(task, arg);
  if (!node || text === '') return false;
  let at = node.start - 1;
  while (at >= 0 && (text[at] === ' ' || text[at] === '\t')) at--;
  // The tag ends right before the value: `!name` (or `!!name`) after the key's colon or a hyphen.
  let word = at;
  while (word >= 0 && !/[\s:\-[{,]/.test(text[word])) word--;
  return text[word + 1] === '!';
}

/** Why Ansible cannot convert the value to the option's type (or an item of a list to its elements' type), as args[module]'s message; undefined when it can. */
function typeMessage(arg: ArgumentNode, option: ModuleOption): string | undefined {
  const problem = typeProblem(arg.value, option.type);
  if (problem) return t('argument \'{0}\' is of type {1} and we were unable to convert to {2}: {3}', arg.name, pythonType(arg.value), option.type, problem);
  if (option.type !== 'list' || !option.elements || !strictType(option.elements)) return undefined;
  for (const item of listItems(arg.value)) {
    const inner = typeof item === 'string' && hasJinja(item) ? undefined : typeProblem(item, option.elements);
    if (inner) return t('Elements value for option \'{0}\' is of type {1} and we were unable to convert to {2}: {3}', arg.name, pythonType(item), option.elements, inner);
  }
  return undefined;
}

/** args[module]: the arguments against the module's options and constraints (after aliases). */
function argumentFindings(task: TaskNode, action: Action, doc: ModuleDoc, fqcn: string, scope: { start: number; end: number }, text: string): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const short = fqcn.slice(fqcn.lastIndexOf('.') + 1);
  const builtin = fqcn.startsWith('ansible.builtin.');
  const module = action.module;
  // A whole-argument template (`args: "{{ x }}"`, `module: "{{ args }}"`) hides the arguments.
  if ((typeof task.value.args === 'string' && hasJinja(task.value.args)) || action.args.some((arg) => hasJinja(arg.name))) return findings;
  if (action.freeForm !== undefined && !doc.rawParams) {
    const span = spanOf(action.pair.value) ?? spanOf(action.pair.keyNode);
    if (span) findings.push({ ...span, message: t('this task \'{0}\' has extra params, which is only allowed in modules that take free-form arguments (command, shell, script, raw, set_fact, include_*, import_*, meta…)', module), code: rules.syntax.id, scope });
  }
  const given = new Map<string, ArgumentNode>();
  // What the action plugin does with an argument its module does not document (actionPlugins.ts).
  const handling = builtin ? argumentHandling(short) : 'checked';
  const open = handling === 'any' || doc.openOptions === true;
  let unsupported = false;
  // An argument only a backend takes (service's daemon_reload, systemd's): the backend's specification decides then.
  let foreign = false;
  for (const arg of action.args) {
    if (PSEUDO_OPTIONS.has(arg.name)) continue;
    const option = optionNamed(doc, arg.name);
    if (!option) {
      if (open) continue;
      if (handling === 'backend') {
        foreign = true;
        continue;
      }
      if (handling === 'ignores') {
        const span = argumentSpan(task, action, arg);
        const read = argumentNames(doc).filter((name) => !PSEUDO_OPTIONS.has(name)).sort();
        if (span) findings.push({ ...span, message: t('{0} ignores \'{1}\': its action plugin reads only {2}', module, arg.name, read.join(', ')), code: rules.ignoredArgument.id, scope });
        continue;
      }
      unsupported = true;
      const names = argumentNames(doc).filter((name) => !PSEUDO_OPTIONS.has(name));
      const suggestion = closestName(arg.name, names, false);
      const span = argumentSpan(task, action, arg);
      const hint = suggestion ? t(' Did you mean {0}?', suggestion) : t(' Supported parameters include: {0}.', names.sort().join(', '));
      if (span) findings.push({ ...span, message: t('Unsupported parameters for ({0}) module: {1}.{2}', module, arg.name, hint), code: rules.args.id, scope, ...(suggestion && arg.keyNode ? { data: { replacement: suggestion } } : {}) });
      continue;
    }
    given.set(option.name, arg);
    // Most options take any value (str, path, raw): only the others are converted and judged.
    const typeCheck = builtin && (strictType(option.option.type) || (option.option.type === 'list' && strictType(option.option.elements))) && typesChecked(short, doc, option.name);
    const wrongType = typeCheck ? typeMessage(arg, option.option) : undefined;
    if (wrongType !== undefined && !tagged(text, task, arg)) findings.push({ ...(valueSpan(task, action, arg) ?? { start: action.moduleStart, end: action.moduleEnd }), message: wrongType, code: rules.args.id, scope });
    const choices = option.option.choices;
    if (wrongType === undefined && choices && choices.length > 0 && !choiceAccepted(arg.value, choices, option.option.type)) {
      const span = valueSpan(task, action, arg);
      const shown = choices.map(String);
      const suggestion = typeof arg.value === 'string' ? closestName(arg.value, shown) : undefined;
      if (span) findings.push({ ...span, message: t('value of {0} must be one of: {1}, got: {2}', arg.name, shown.join(', '), String(arg.value)), code: rules.args.id, scope, ...(suggestion && arg.valueNode && !arg.inline ? { data: { replacement: suggestion } } : {}) });
    }
  }
  // Constraints name the argument spec's canonical names, which the documentation may list as aliases (apt's `package` is `name`).
  const canonical = (name: string) => optionNamed(doc, name)?.name ?? name;
  // Ansible sets the options' defaults before it checks these constraints: an option with a default counts as given.
  const has = (name: string) => given.has(canonical(name)) || doc.options[canonical(name)]?.default !== undefined;
  const anchor = spanOf(action.pair.keyNode) ?? { start: action.moduleStart, end: action.moduleEnd };
  const say = (message: string) => findings.push({ ...anchor, message, code: rules.args.id, scope });
  // command: the action plugin makes `cmd` (or the free-form text) the command, which argv may not join.
  if ((short === 'command' || short === 'shell') && given.has('argv') && (given.has('cmd') || action.freeForm !== undefined)) say(t('parameters are mutually exclusive: {0}', 'cmd|argv'));
  // Ansible stops at unsupported parameters; module_defaults, `args: "{{ }}"` and free-form text may give what is missing: only conflicts are certain then.
  // A backend-handing action (service) is held to its own specification only when it is given nothing else; package has none (no module runs).
  const backendOnly = handling === 'backend' && (foreign || doc.action === 'only');
  const complete = !unsupported && !open && !backendOnly && !hasModuleDefaults(task) && action.freeForm === undefined;
  if (complete) {
    const missing = requiredOptions(doc).filter((name) => !PSEUDO_OPTIONS.has(name) && !given.has(name));
    if (missing.length > 0 && !open) say(t('missing required arguments: {0}', missing.join(', ')));
    for (const group of doc.required_one_of ?? []) if (!group.some((name) => has(name))) say(t('one of the following is required: {0}', group.join(', ')));
    for (const group of doc.required_together ?? []) {
      const have = group.filter((name) => has(name));
      if (have.length > 0 && have.length < group.length) say(t('parameters are required together: {0}', group.join(', ')));
    }
    for (const [name, needs] of Object.entries(doc.required_by ?? {})) {
      if (!has(name)) continue;
      const lacking = [needs].flat().filter((need) => !has(need));
      if (lacking.length > 0) say(t('missing parameter(s) required by \'{0}\': {1}', name, lacking.join(', ')));
    }
    for (const rule of doc.required_if ?? []) requiredIf(rule, given, canonical, say);
  }
  for (const group of doc.mutually_exclusive ?? []) {
    // Checked before defaults are set: only what the task writes.
    const have = group.filter((name) => given.has(canonical(name)) && given.get(canonical(name))!.value !== null && present(given.get(canonical(name))!.value));
    if (have.length > 1) say(t('parameters are mutually exclusive: {0}', have.join('|')));
  }
  return findings;
}

function requiredIf(rule: readonly unknown[], given: ReadonlyMap<string, ArgumentNode>, canonical: (name: string) => string, say: (message: string) => void): void {
  const [key, expected, needs, any] = rule as [string, unknown, string[], boolean | undefined];
  const arg = given.get(canonical(key));
  if (!arg || typeof arg.value === 'string' && hasJinja(arg.value) || String(arg.value) !== String(expected)) return;
  const lacking = needs.filter((need) => !given.has(canonical(need)));
  if (any === true ? lacking.length === needs.length : lacking.length > 0) say(t('{0} is {1} but {2} of the following are missing: {3}', key, String(expected), any === true ? t('any') : t('all'), lacking.join(', ')));
}

/** Whether a value is among the choices, as Ansible compares after converting it to the option's type. */
const choiceSets = new WeakMap<readonly unknown[], { texts: ReadonlySet<string>; any: boolean }>();

/** A choice list as texts, and whether it holds a documented placeholder (`*regex*` of lineinfile's insertafter), which stands for any value; once per list (asked for every argument with choices). */
function choiceSet(choices: readonly unknown[]): { texts: ReadonlySet<string>; any: boolean } {
  let set = choiceSets.get(choices);
  if (!set) choiceSets.set(choices, (set = { texts: new Set(choices.map(String)), any: choices.some((choice) => typeof choice === 'string' && /^\*.*\*$/.test(choice)) }));
  return set;
}

function choiceAccepted(value: unknown, choices: readonly unknown[], type: string): boolean {
  if (value === null || value === undefined) return true;
  const { texts, any } = choiceSet(choices);
  if (any) return true;
  if (typeof value === 'string' && hasJinja(value)) return true;
  if (Array.isArray(value)) return type !== 'list' || value.every((item) => choiceAccepted(item, choices, 'str'));
  if (isRecord(value)) return true;
  const text = String(value);
  if (type === 'list' && typeof value === 'string') return text.split(',').every((item) => texts.has(item.trim()));
  if (texts.has(text)) return true;
  // YAML 1.1 booleans and Ansible's boolean strings against boolean-like choices.
  const truthy = ['yes', 'on', 'true', '1', 'y'];
  const falsy = ['no', 'off', 'false', '0', 'n'];
  const lowered = text.toLowerCase();
  const word = truthy.includes(lowered) ? 'true' : falsy.includes(lowered) ? 'false' : undefined;
  if (word === undefined) return false;
  return choices.some((choice) => String(choice).toLowerCase() === word || (word === 'true' ? truthy : falsy).includes(String(choice).toLowerCase()));
}
