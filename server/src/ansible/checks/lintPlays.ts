/**
 * ansible-lint's rules on plays and on values: name[play], the play's name, fqcn[keyword],
 * partial-become, no-jinja-when on roles, var-naming on every variable a file defines (play and task
 * vars, set_fact, register, vars files), and jinja[invalid] / jinja[spacing] on the strings of tasks
 * and vars files.
 */
import { t } from '../../l10n/t';
import { pairOf, type SourceNode } from '../../yaml/tree';
import { hasJinja, readTemplate } from '../syntax/jinja';
import { jinjaSpacing } from './jinjaSpacing';
import { checkName } from './lintTasks';
import { PYTHON_KEYWORDS, READ_ONLY_VARIABLES } from '../model/magic';
import { isRecord, shortModule, type AnsibleDocument, type PlayNode, type TaskNode } from '../model/model';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';

type Span = { start: number; end: number };

function span(node: SourceNode | null | undefined): Span | undefined {
  return node ? { start: node.start, end: node.end } : undefined;
}

/** Play-level rules of a playbook. */
export function lintPlays(document: AnsibleDocument): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  for (const play of document.plays) {
    const scope = { start: play.map.start, end: play.map.end };
    const add = (where: Span | undefined, code: string, message: string, data?: unknown) => {
      if (where) findings.push({ ...where, code, message, scope, ...(data !== undefined ? { data } : {}) });
    };
    // An imported playbook is an entry of the playbook too: ansible-lint asks for its name.
    const name = play.value.name;
    if (name === undefined) add(span(play.map.pairs?.[0]?.keyNode), rules.namePlay.id, t('All plays should be named.'));
    else if (typeof name === 'string') checkName(name, pairOf(play.map, 'name')?.value ?? null, add);
    if (play.isImport) continue;
    if ('collections' in play.value) add(span(pairOf(play.map, 'collections')?.keyNode), rules.fqcnKeyword.id, t('Avoid `collections` keyword by using FQCN for all plugins, modules, roles and playbooks.'));
    const strategy = pairOf(play.map, 'strategy');
    // Its noqa is on the strategy's line (ansible-lint's example comments a corrected line out above it, noqa and all).
    if (play.value.strategy === 'free' && strategy?.keyNode && strategy.value) findings.push({ start: strategy.value.start, end: strategy.value.end, code: rules.runOncePlay.id, message: t('Play uses strategy: free'), scope: { start: strategy.keyNode.start, end: strategy.value.end } });
    for (const role of play.roles) {
      if (role.name.includes('/') && !role.name.includes('{{')) {
        const named = role.node?.kind === 'map' ? (pairOf(role.node, 'role')?.value ?? pairOf(role.node, 'name')?.value) : role.node;
        add(span(named), rules.roleNamePath.id, t('Avoid using paths when importing roles. ({0})', role.name));
      }
      const when = isRecord(role.value) ? role.value.when : undefined;
      const items = Array.isArray(when) ? when : [when];
      if (items.some((item) => typeof item === 'string' && item.includes('{{') && item.includes('}}'))) add(span(role.node), rules.noJinjaWhen.id, t('No Jinja2 in when: it is already an expression, remove the {{ }}.'));
    }
  }
  findings.push(...partialBecome(document));
  return findings;
}

/** partial-become: become_user on a play, block or task with no become in itself or above it. */
function partialBecome(document: AnsibleDocument): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const flag = (map: SourceNode) => {
    const key = pairOf(map, 'become_user')?.keyNode;
    if (key) findings.push({ start: key.start, end: key.end, code: rules.partialBecome.id, message: t('become_user requires become to work as expected: add become: true.'), scope: { start: map.start, end: map.end }, data: { fix: 'become' } });
  };
  const playsWithBecome = new Set<PlayNode>();
  for (const play of document.plays) {
    if ('become' in play.value) playsWithBecome.add(play);
    else if ('become_user' in play.value) flag(play.map);
  }
  for (const task of document.tasks) {
    if (!('become_user' in task.value) || 'become' in task.value) continue;
    // A task of a task file gets become from whoever includes it: only playbooks are judged.
    if (!task.play || playsWithBecome.has(task.play) || 'become_user' in task.play.value) continue;
    if (task.parents.some((block) => 'become' in block.value || 'become_user' in block.value)) continue;
    flag(task.map);
  }
  return findings;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** The var-naming finding of a variable name, if any (`role`: the role defining it, for no-role-prefix). */
export function varNaming(name: string, role?: string): { code: string; message: string } | undefined {
  if (hasJinja(name) || NON_ASCII.test(name)) return undefined;
  if (PYTHON_KEYWORDS.has(name)) return { code: rules.varNamingReserved.id, message: t('Variables names must not be Python keywords: {0}', name) };
  if (READ_ONLY_VARIABLES.has(name)) return { code: rules.varNamingReadOnly.id, message: t('This special variable is read-only: {0}', name) };
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) return { code: rules.varNamingPattern.id, message: t('Variables names should match ^[a-z_][a-z0-9_]*$ pattern: {0}', name) };
  if (role !== undefined) {
    const prefix = role.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
    if (!name.startsWith(`${prefix}_`) && !name.startsWith(`__${prefix}_`)) return { code: rules.varNamingRolePrefix.id, message: t('Variables names from within roles should use {0}_ as a prefix: {1}', prefix, name) };
  }
  return undefined;
}

/** var-naming on the variables a playbook or task file defines: play vars, task and block vars, set_fact keys, register. */
export function lintVariableNames(document: AnsibleDocument, role?: string): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const check = (name: string, node: SourceNode | null | undefined, scope: SourceNode, prefixed: boolean) => {
    const problem = varNaming(name, prefixed ? role : undefined);
    if (problem && node) findings.push({ start: node.start, end: node.end, ...problem, scope: { start: scope.start, end: scope.end } });
  };
  const mapping = (map: SourceNode, key: string, scope: SourceNode, prefixed: boolean) => {
    for (const pair of pairOf(map, key)?.value?.pairs ?? []) if (pair.key !== undefined) check(pair.key, pair.keyNode, scope, prefixed);
  };
  for (const play of document.plays) if (!play.isImport) mapping(play.map, 'vars', play.map, false);
  for (const task of document.tasks) {
    mapping(task.map, 'vars', task.map, false);
    const register = task.value.register;
    if (typeof register === 'string') check(register, pairOf(task.map, 'register')?.value, task.map, true);
    const action = task.action;
    if (action && shortModule(action.module) === 'set_fact') {
      for (const arg of action.args) if (!arg.name.startsWith('_') && arg.name !== 'cacheable') check(arg.name, arg.keyNode ?? (arg.inline ? null : undefined), task.map, true);
    }
  }
  return findings;
}

/** var-naming on a vars file's top-level keys (`role`: its role, when the file is a role's defaults or vars). */
export function lintVarsFile(tree: SourceNode | null, role?: string): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  for (const pair of tree?.kind === 'map' ? (tree.pairs ?? []) : []) {
    if (pair.key === undefined || !pair.keyNode) continue;
    const problem = varNaming(pair.key, role);
    if (problem) findings.push({ start: pair.keyNode.start, end: pair.keyNode.end, ...problem });
  }
  return findings;
}

const IMPLICIT = new Set(['when', 'changed_when', 'failed_when', 'until']);

/**
 * jinja[invalid] and jinja[spacing] on every string of a task (its nested blocks' tasks are tasks of their own).
 * `when`, `changed_when`, `failed_when` and `until` are expressions: always parsed, spaced as ansible-lint
 * does in playbooks only (its rule reads them so for the `playbook` kind).
 */
const BLOCK_SECTIONS = new Set(['block', 'rescue', 'always']);

export function lintTaskTemplates(task: TaskNode, text: string, inPlaybook: boolean): AnsibleFinding[] {
  const scope = { start: task.map.start, end: task.map.end };
  const findings: AnsibleFinding[] = [];
  for (const pair of task.map.pairs ?? []) {
    if (pair.key === undefined || BLOCK_SECTIONS.has(pair.key)) continue;
    const implicit = IMPLICIT.has(pair.key) && typeof task.value[pair.key] === 'string';
    templateFindings(task.value[pair.key], pair.value, text, implicit, scope, inPlaybook, findings);
  }
  return findings;
}

/** jinja[invalid] and jinja[spacing] on every string of a vars file. */
export function lintVarsTemplates(value: unknown, tree: SourceNode | null, text: string): AnsibleFinding[] {
  return templateFindings(value, tree, text, false, undefined, true, []);
}

/** Every string under a value that holds Jinja (or is the value itself, when `root`), with its node, iteratively, in the walk's order. */
function templateStrings(value: unknown, node: SourceNode | null, root: boolean): { value: string; node: SourceNode }[] {
  const found: { value: string; node: SourceNode }[] = [];
  const stack: { value: unknown; node: SourceNode | null }[] = [{ value, node }];
  while (stack.length > 0) {
    const { value: item, node: itemNode } = stack.pop()!;
    if (!itemNode) continue;
    if (typeof item === 'string') {
      if ((root && itemNode === node) || hasJinja(item)) found.push({ value: item, node: itemNode });
    } else if (Array.isArray(item) && itemNode.kind === 'seq') item.forEach((child, i) => stack.push({ value: child, node: itemNode.items?.[i] ?? null }));
    else if (isRecord(item) && itemNode.kind === 'map') for (const pair of itemNode.pairs ?? []) if (pair.key !== undefined) stack.push({ value: item[pair.key], node: pair.value });
  }
  return found;
}

/** Pushes the findings into `findings` (every key of every task comes here: no list of its own each). */
function templateFindings(value: unknown, node: SourceNode | null, text: string, implicit: boolean, scope: Span | undefined, spaceImplicit: boolean, findings: AnsibleFinding[]): AnsibleFinding[] {
  // A scalar holds no other string: most keys' values are one.
  const strings = typeof value === 'string' ? (node && ((implicit && node) || hasJinja(value)) ? [{ value, node }] : []) : templateStrings(value, node, implicit);
  for (const { value: string, node: stringNode } of strings) {
    const implicitHere = implicit && stringNode === node;
    const reading = readTemplate(string, implicitHere);
    const where = () => ({ start: stringNode.start, end: stringNode.end, ...(scope ? { scope } : {}) });
    if (reading.error) {
      findings.push({ ...where(), code: rules.jinjaInvalid.id, message: t('Syntax error in jinja2 template: {0} ({1})', string, reading.error.message) });
      continue;
    }
    if (implicitHere && !spaceImplicit && !hasJinja(string)) continue;
    const cooked = implicitHere && !(string.startsWith('{{') && string.endsWith('}}')) ? `{{ ${string} }}` : string;
    const spaced = jinjaSpacing(cooked);
    if (spaced === undefined || spaced === cooked) continue;
    const reformatted = cooked === string ? spaced : spaced.slice(3, -3);
    const replacement = requote(text.slice(stringNode.start, stringNode.end), string, reformatted);
    findings.push({ ...where(), code: rules.jinjaSpacing.id, message: t('Jinja2 spacing could be improved: {0} -> {1}', string, reformatted), ...(replacement ? { data: { replacement, title: t('Write {0}', reformatted) } } : {}) });
  }
  return findings;
}

/** The scalar's source rewritten with a new value in the same quoting, when the source is the value as written (no escapes, one line). */
function requote(source: string, value: string, replacement: string): string | undefined {
  if (source.includes('\n')) return undefined;
  if (source === value && !/^[\s"'&*!|>%@`{[]|: | #|:$/.test(replacement)) return replacement;
  if (source === `"${value}"` && !value.includes('\\') && !replacement.includes('"')) return `"${replacement}"`;
  if (source === `'${value}'` && !replacement.includes("'")) return `'${replacement}'`;
  return undefined;
}
