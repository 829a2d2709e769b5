/**
 * Quick fixes of the Ansible rules: ansible-lint's autofixes where it has one (FQCN, command instead
 * of shell, name casing, Jinja in when, Jinja spacing, key order, partial become, local_action, free
 * form, truthy and octal values, trailing spaces, comments) and a did-you-mean for names. Each edit
 * is computed from the diagnostic's range and the data its finding carries (offsets in the file).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { LineIndex } from '../../common/lineIndex';
import { t } from '../../l10n/t';
import { keyOrderOf } from '../checks/lintTasks';
import { splitArgs } from '../model/model';

/** What a finding's data says of its fix; `task`: the task's span in the file (added when the finding is placed). */
export interface FixData {
  readonly replacement?: string;
  readonly title?: string;
  readonly insert?: string;
  readonly at?: number;
  readonly fix?: 'capitalize' | 'unjinja-when' | 'key-order' | 'become' | 'local-action' | 'free-form';
  readonly task?: { readonly start: number; readonly end: number };
}

function isFixData(data: unknown): data is FixData {
  return typeof data === 'object' && data !== null;
}

/** A plain YAML scalar for a value, quoted when YAML would read it otherwise. */
export function yamlScalar(value: string): string {
  if (value === '' || /^[\s"'&*!|>%@`{[\]},#?:-]|: | #|:$|\s$|^(true|false|yes|no|on|off|null|~|[-+]?\d[\d._]*(e[-+]?\d+)?)$/i.test(value)) return JSON.stringify(value);
  return value;
}

function action(title: string, uri: string, diagnostic: Diagnostic, edits: TextEdit[]): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: edits } } };
}

/** The quick fixes of the Ansible diagnostics of a file. */
export function ansibleQuickFixes(uri: string, text: string, lines: LineIndex, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data: unknown = diagnostic.data;
    if (!isFixData(data) || !String(diagnostic.code).startsWith('ansible-')) continue;
    const range = diagnostic.range;
    if (typeof data.replacement === 'string') {
      actions.push(action(data.title ?? t('Replace with "{0}"', data.replacement), uri, diagnostic, [{ range, newText: data.replacement }]));
      continue;
    }
    if (typeof data.insert === 'string') {
      const at = data.at !== undefined ? lines.positionAt(data.at) : range.start;
      actions.push(action(data.insert === '\n' ? t('Add a new line at the end of the file') : t('Insert "{0}"', data.insert), uri, diagnostic, [{ range: { start: at, end: at }, newText: data.insert }]));
      continue;
    }
    const edits = structuralFix(data, text, lines, lines.offsetAt(range.start), lines.offsetAt(range.end));
    if (edits) actions.push(action(edits.title, uri, diagnostic, edits.edits));
  }
  return actions;
}

function structuralFix(data: FixData, text: string, lines: LineIndex, start: number, end: number): { title: string; edits: TextEdit[] } | undefined {
  const source = text.slice(start, end);
  const replace = (from: number, to: number, newText: string): TextEdit => ({ range: { start: lines.positionAt(from), end: lines.positionAt(to) }, newText });
  switch (data.fix) {
    case 'capitalize': {
      const at = source.search(/\p{L}/u);
      if (at < 0) return undefined;
      return { title: t('Capitalise the name'), edits: [replace(start + at, start + at + 1, source[at].toUpperCase())] };
    }
    case 'unjinja-when': {
      const unquoted = /^(["']?)\{\{([\s\S]*)\}\}\1$/.exec(source);
      const expression = unquoted?.[2].trim();
      if (expression === undefined || expression.includes('{{')) return undefined;
      return { title: t('Remove the {{ }} from when'), edits: [replace(start, end, yamlScalar(expression))] };
    }
    case 'become': {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const indent = text.slice(lineStart, start);
      const prefix = /^\s*$/.test(indent) ? indent : ' '.repeat(indent.length);
      return { title: t('Add become: true'), edits: [replace(start, start, `become: true\n${prefix}`)] };
    }
    case 'key-order':
      return data.task ? keyOrderFix(text, lines, data.task) : undefined;
    case 'local-action':
      return localActionFix(text, lines, start, end);
    case 'free-form':
      return freeFormFix(text, lines, start, end);
    default:
      return undefined;
  }
}

/** The lines of each key of a block mapping, in order (the mapping's first key starts `start`). */
function keyBlocks(text: string, start: number, end: number): { key: string; from: number; to: number }[] | undefined {
  const firstLineStart = text.lastIndexOf('\n', start - 1) + 1;
  const column = start - firstLineStart;
  const blocks: { key: string; from: number; to: number }[] = [];
  let at = start;
  while (at < end) {
    const lineEnd = text.indexOf('\n', at);
    const stop = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineText = text.slice(lineStart, stop);
    const key = new RegExp(`^(?:[ -]{${column}})([^\\s#:](?:[^:\\s]|\\s+[^:\\s])*)\\s*:(\\s|$)`).exec(lineText);
    if (key && (blocks.length === 0 || lineText.slice(0, column).trim() === '')) blocks.push({ key: key[1].replace(/^["']|["']$/g, ''), from: at, to: stop });
    else if (blocks.length > 0) blocks[blocks.length - 1].to = stop;
    at = stop;
  }
  return blocks.length > 0 ? blocks : undefined;
}

function keyOrderFix(text: string, lines: LineIndex, task: { start: number; end: number }): { title: string; edits: TextEdit[] } | undefined {
  const blocks = keyBlocks(text, task.start, task.end);
  if (!blocks) return undefined;
  const sorted = keyOrderOf(blocks.map((block) => block.key));
  const last = blocks[blocks.length - 1];
  const endsWithNewline = text.slice(last.from, last.to).endsWith('\n');
  const columnPad = ' '.repeat(task.start - (text.lastIndexOf('\n', task.start - 1) + 1));
  // Each key's lines, its first line without its indentation; all end with a new line, then the last one's ending is restored.
  const pieces = sorted.map((key) => {
    const block = blocks.find((b) => b.key === key)!;
    const piece = text.slice(block.from, block.to).replace(/^[ ]*/, '');
    return piece.endsWith('\n') ? piece : `${piece}\n`;
  });
  let newText = pieces.map((piece, i) => (i === 0 ? piece : columnPad + piece)).join('');
  if (!endsWithNewline) newText = newText.replace(/\n$/, '');
  return { title: t('Reorder the task keys: {0}', sorted.join(', ')), edits: [{ range: { start: lines.positionAt(blocks[0].from), end: lines.positionAt(last.to) }, newText }] };
}

/** `local_action: module args` → `module: args` and `delegate_to: localhost`. */
function localActionFix(text: string, lines: LineIndex, start: number, end: number): { title: string; edits: TextEdit[] } | undefined {
  const lineEnd = text.indexOf('\n', end);
  const line = text.slice(start, lineEnd < 0 ? text.length : lineEnd);
  const match = /^local_action:\s+["']?([\w.]+)(?![\w.])(.*)$/.exec(line);
  if (!match) return undefined;
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  const pad = ' '.repeat(column);
  const rest = match[2].trim();
  const written = /["']$/.test(rest) ? rest.slice(0, -1).trimEnd() : rest;
  const args = written === '' ? '' : ` ${written}`;
  return { title: t('Use delegate_to: localhost'), edits: [{ range: { start: lines.positionAt(start), end: lines.positionAt(start + line.length) }, newText: `${match[1]}:${args}\n${pad}delegate_to: localhost` }] };
}

/** `module: k=v k2=v2` → a mapping (command and shell keep their command as `cmd`). */
function freeFormFix(text: string, lines: LineIndex, start: number, end: number): { title: string; edits: TextEdit[] } | undefined {
  const module = text.slice(start, end);
  const colon = text.indexOf(':', end);
  const lineEnd = text.indexOf('\n', colon);
  const raw = text.slice(colon + 1, lineEnd < 0 ? text.length : lineEnd).trim();
  if (raw === '' || /^[|>]/.test(raw) || /^["']/.test(raw)) return undefined;
  const command = /(^|\.)(command|shell|win_command|win_shell)$/.test(module);
  const split = splitArgs(raw, command, undefined);
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  const pad = ' '.repeat(column + 2);
  const entries = split.args.map((arg) => `${pad}${arg.name}: ${yamlScalar(arg.value)}`);
  if (split.freeForm !== undefined) {
    if (!command) return undefined;
    entries.unshift(`${pad}cmd: ${yamlScalar(split.freeForm)}`);
  }
  return { title: t('Write the arguments as a mapping'), edits: [{ range: { start: lines.positionAt(colon + 1), end: lines.positionAt(lineEnd < 0 ? text.length : lineEnd) }, newText: `\n${entries.join('\n')}` }] };
}
