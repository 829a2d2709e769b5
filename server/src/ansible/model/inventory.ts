/**
 * Inventories, INI and YAML: groups, their hosts, children and variables, with where each is
 * written. Host ranges (`web[01:03]`) are kept as written. Line by line for INI (Ansible's ini
 * inventory plugin's grammar), an explicit stack for YAML groups.
 */
import { t } from '../../l10n/t';
import { pairOf, type SourceNode } from '../../yaml/tree';
import { isRecord } from './model';
import { rules } from '../checks/rules';
import type { AnsibleFinding } from '../checks/structure';

export interface InventoryHost {
  readonly name: string;
  /** Offsets of the name in the file (INI) or the chunk (YAML). */
  readonly start: number;
  readonly end: number;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly groups: readonly string[];
}

export interface InventoryVariable {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface Inventory {
  readonly hosts: InventoryHost[];
  /** Group → its variables and parents. */
  readonly groups: Map<string, { vars: Record<string, unknown>; parents: Set<string>; start: number; end: number }>;
  /** Every variable written (host and group variables), with its place. */
  readonly variables: InventoryVariable[];
  readonly findings: AnsibleFinding[];
}

function emptyInventory(): Inventory {
  return { hosts: [], groups: new Map(), variables: [], findings: [] };
}

function group(inventory: Inventory, name: string, start: number, end: number): { vars: Record<string, unknown>; parents: Set<string>; start: number; end: number } {
  let entry = inventory.groups.get(name);
  if (!entry) inventory.groups.set(name, (entry = { vars: {}, parents: new Set(), start, end }));
  return entry;
}

/** `k=v` words of an INI line (quotes kept together, as shlex splits them). */
function keyValues(text: string, base: number): { name: string; value: string; start: number; end: number }[] | undefined {
  const out: { name: string; value: string; start: number; end: number }[] = [];
  const word = /\s*((?:[^\s"']|"[^"]*"|'[^']*')+)/gy;
  let match: RegExpExecArray | null;
  while ((match = word.exec(text)) !== null) {
    const token = match[1];
    const start = match.index + match[0].length - token.length;
    const eq = token.indexOf('=');
    if (eq <= 0) return undefined;
    const raw = token.slice(eq + 1);
    const value = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
    out.push({ name: token.slice(0, eq), value, start: base + start, end: base + start + eq });
  }
  return out;
}

/** The lines of an INI file (inventory, ansible.cfg) that are neither blank nor comments: offset, line without its \r, trimmed content. */
export function* iniLines(text: string): Generator<{ start: number; line: string; content: string }> {
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const content = line.trim();
    if (content !== '' && !content.startsWith('#') && !content.startsWith(';')) yield { start, line, content };
  }
}

/** An INI inventory. */
export function readIniInventory(text: string): Inventory {
  const inventory = emptyInventory();
  let section: { name: string; kind: 'hosts' | 'vars' | 'children' } = { name: 'ungrouped', kind: 'hosts' };
  for (const { start: lineStart, line, content } of iniLines(text)) {
    const indent = line.length - line.trimStart().length;
    if (content.startsWith('[')) {
      const header = /^\[([^\]:\s]+)(?::(vars|children))?\]\s*([#;].*)?$/.exec(content);
      if (!header) {
        inventory.findings.push({ start: lineStart + indent, end: lineStart + line.length, code: rules.inventorySyntax.id, message: t('Invalid section entry: {0}. Please make sure that there are no spaces or other characters in the section entry, and that it is [group], [group:vars] or [group:children].', content) });
        section = { name: '', kind: 'hosts' };
        continue;
      }
      section = { name: header[1], kind: (header[2] as 'vars' | 'children' | undefined) ?? 'hosts' };
      const nameStart = lineStart + indent + 1;
      group(inventory, section.name, nameStart, nameStart + header[1].length);
      continue;
    }
    if (section.name === '') continue;
    const body = content.replace(/(?<!\s)\s+[#;].*$/, '');
    const bodyStart = lineStart + indent;
    if (section.kind === 'vars') {
      const eq = body.indexOf('=');
      if (eq <= 0) {
        inventory.findings.push({ start: bodyStart, end: bodyStart + body.length, code: rules.inventorySyntax.id, message: t('{0}: Expected key=value, got: {1}', `[${section.name}:vars]`, body) });
        continue;
      }
      const name = body.slice(0, eq).trim();
      group(inventory, section.name, bodyStart, bodyStart).vars[name] = body.slice(eq + 1).trim();
      inventory.variables.push({ name, start: bodyStart, end: bodyStart + name.length });
      continue;
    }
    if (section.kind === 'children') {
      const child = body.split(/\s+/)[0];
      group(inventory, child, bodyStart, bodyStart + child.length).parents.add(section.name);
      continue;
    }
    const name = /^\S+/.exec(body)![0];
    const pairs = keyValues(body.slice(name.length), bodyStart + name.length);
    if (!pairs) {
      inventory.findings.push({ start: bodyStart, end: bodyStart + body.length, code: rules.inventorySyntax.id, message: t('Expected key=value host variable assignment, got: {0}', body.slice(name.length).trim()) });
      continue;
    }
    const vars = Object.fromEntries(pairs.map((pair) => [pair.name, pair.value]));
    for (const pair of pairs) inventory.variables.push({ name: pair.name, start: pair.start, end: pair.end });
    inventory.hosts.push({ name, start: bodyStart, end: bodyStart + name.length, vars, groups: [section.name] });
  }
  return inventory;
}

/** A YAML inventory (`all:` → hosts, children, vars, nested). */
export function readYamlInventory(value: unknown, tree: SourceNode | null): Inventory {
  const inventory = emptyInventory();
  if (!isRecord(value) || tree?.kind !== 'map') return inventory;
  const stack: { name: string; value: unknown; node: SourceNode | null; keyNode: SourceNode | null; parent?: string; depth: number }[] = [];
  for (const pair of tree.pairs ?? []) if (pair.key !== undefined) stack.push({ name: pair.key, value: value[pair.key], node: pair.value, keyNode: pair.keyNode, depth: 0 });
  while (stack.length > 0) {
    const { name, value: body, node, keyNode, parent, depth } = stack.pop()!;
    const entry = group(inventory, name, keyNode?.start ?? 0, keyNode?.end ?? 0);
    if (parent) entry.parents.add(parent);
    if (body === null || body === undefined) continue;
    if (!isRecord(body) || node?.kind !== 'map') {
      if (keyNode) inventory.findings.push({ start: keyNode.start, end: keyNode.end, code: rules.schemaInventory.id, message: t('Invalid "{0}" entry for "{1}" group, requires a dictionary, found "{2}" instead.', 'group', name, Array.isArray(body) ? 'list' : typeof body) });
      continue;
    }
    for (const pair of node.pairs ?? []) {
      if (pair.key === undefined || ['hosts', 'children', 'vars'].includes(pair.key) || !pair.keyNode) continue;
      inventory.findings.push({ start: pair.keyNode.start, end: pair.keyNode.end, code: rules.schemaInventory.id, message: t('Skipping key ({0}) in group ({1}) as it is not one of hosts, children or vars.', pair.key, name) });
    }
    if (isRecord(body.vars)) {
      Object.assign(entry.vars, body.vars);
      for (const pair of pairOf(node, 'vars')?.value?.pairs ?? []) if (pair.key !== undefined && pair.keyNode) inventory.variables.push({ name: pair.key, start: pair.keyNode.start, end: pair.keyNode.end });
    }
    if (isRecord(body.hosts)) {
      for (const pair of pairOf(node, 'hosts')?.value?.pairs ?? []) {
        if (pair.key === undefined || !pair.keyNode) continue;
        const hostVars = body.hosts[pair.key];
        const vars = isRecord(hostVars) ? hostVars : {};
        for (const varPair of pair.value?.pairs ?? []) if (varPair.key !== undefined && varPair.keyNode) inventory.variables.push({ name: varPair.key, start: varPair.keyNode.start, end: varPair.keyNode.end });
        inventory.hosts.push({ name: pair.key, start: pair.keyNode.start, end: pair.keyNode.end, vars, groups: [name] });
      }
    }
    if (isRecord(body.children) && depth < 64) {
      for (const pair of pairOf(node, 'children')?.value?.pairs ?? []) if (pair.key !== undefined) stack.push({ name: pair.key, value: body.children[pair.key], node: pair.value, keyNode: pair.keyNode, parent: name, depth: depth + 1 });
    }
  }
  return inventory;
}

/** A host's variable as the inventory gives it: its own, then its groups' (nearest first), then all's. */
export function hostVariable(inventory: Inventory, host: InventoryHost, name: string): unknown {
  if (name in host.vars) return host.vars[name];
  const seen = new Set<string>();
  const queue = [...host.groups];
  while (queue.length > 0) {
    const groupName = queue.shift()!;
    if (seen.has(groupName)) continue;
    seen.add(groupName);
    const entry = inventory.groups.get(groupName);
    if (!entry) continue;
    if (name in entry.vars) return entry.vars[name];
    queue.push(...entry.parents);
  }
  return inventory.groups.get('all')?.vars[name];
}
