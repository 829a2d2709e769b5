/**
 * ansible-lint's `yaml` rule: yamllint with ansible-lint's configuration (yamllint's defaults,
 * line-length 160, comments min-spaces-from-content 1, no document-start, braces with at most one
 * space inside, octal values forbidden, truthy values only true and false), as `yaml[<yamllint rule>]`.
 * Read from the text and the document's source tree: a `#` is a comment only outside scalars, block
 * scalars' lines are content. Duplicate keys are the YAML family's (yaml-duplicate-key).
 */
import { t } from '../../l10n/t';
import type { SourceNode } from '../../yaml/tree';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';
import { ANSIBLE_LINT_YAML, type YamlStyleConfig } from '../model/yamllintConfig';

const TRUTHY = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const TRUTHY_LONGEST = 5;

/** A node of a tree, whether it is a mapping key, and the key it is the value of (a scalar's visit is also what the line checks search). */
interface Visit {
  readonly node: SourceNode;
  readonly key: boolean;
  readonly parentKey: SourceNode | null;
}

/** Every node of a tree in one order, iteratively: walked once, read by each check in turn. */
function walk(tree: SourceNode | null): Visit[] {
  const visits: Visit[] = [];
  const stack: { node: SourceNode | null; key: boolean; parentKey: SourceNode | null }[] = [{ node: tree, key: false, parentKey: null }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const node = entry.node;
    if (!node) continue;
    visits.push(entry as Visit);
    if (node.kind === 'map') for (const pair of node.pairs ?? []) stack.push({ node: pair.keyNode, key: true, parentKey: null }, { node: pair.value, key: false, parentKey: pair.keyNode });
    if (node.kind === 'seq') for (const item of node.items ?? []) stack.push({ node: item, key: false, parentKey: null });
  }
  return visits;
}

/** yaml[…] findings of one document (`text`: the chunk's text, whose offsets the tree's are). `last`: the file's last document (new-line-at-end-of-file, trailing blank lines). */
export function yamlStyleFindings(text: string, tree: SourceNode | null, first: boolean, last: boolean, config: YamlStyleConfig = ANSIBLE_LINT_YAML): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const add = (start: number, end: number, code: string, message: string, data?: unknown) => {
    if (!config.disabled.has(code.replace(/^ansible-yaml-/, ''))) findings.push({ start, end, code, message, ...(data !== undefined ? { data } : {}) });
  };
  const scalars: Visit[] = [];
  const flows: SourceNode[] = [];
  const visits = walk(tree);
  for (const visit of visits) {
    const node = visit.node;
    if (node.kind === 'scalar') scalars.push(visit);
    else if (text[node.start] === '[' || text[node.start] === '{') flows.push(node);
  }
  scalars.sort((a, b) => a.node.start - b.node.start);
  for (const { node: scalar, key } of scalars) {
    // Only short scalars can be truthy words, and octal values start with 0: most scalars are neither.
    if (scalar.end - scalar.start > TRUTHY_LONGEST && text.charCodeAt(scalar.start) !== 0x30) continue;
    const source = text.slice(scalar.start, scalar.end);
    if (TRUTHY.has(source) && !config.truthyAllowed.includes(source) && (config.truthyCheckKeys || !key)) {
      const replacement = /^(y|yes|true|on)$/i.test(source) ? 'true' : 'false';
      add(scalar.start, scalar.end, rules.yamlTruthy.id, t('truthy value should be one of [{0}]', [...config.truthyAllowed].sort().join(', ')), { replacement, title: t('Write {0}', replacement) });
    }
    if (!key && config.octalImplicit && /^0[0-7]+$/.test(source)) add(scalar.start, scalar.end, rules.yamlOctal.id, t('forbidden implicit octal value "{0}"', source), { replacement: `"${source}"`, title: t('Write "{0}"', source) });
    else if (!key && config.octalExplicit && /^0o[0-7]+$/.test(source)) add(scalar.start, scalar.end, rules.yamlOctal.id, t('forbidden explicit octal value "{0}"', source));
  }
  lineFindings(text, scalars, first, last, config, add);
  for (const flow of flows) flowFindings(text, flow, config, add);
  colonFindings(text, visits, add);
  indentationFindings(text, visits, config, add);
  if (first && !config.disabled.has('document-start')) documentStart(text, add);
  return withoutDisabled(text, findings);
}

/**
 * yamllint's own comments: `# yamllint disable-file`, `# yamllint disable [rule:x …]` until
 * `# yamllint enable [rule:x …]`, `# yamllint disable-line [rule:x …]` on the line (or alone on the line above).
 */
function withoutDisabled(text: string, findings: AnsibleFinding[]): AnsibleFinding[] {
  if (!text.includes('yamllint')) return findings;
  if (/^\s*#\s*yamllint disable-file\s*$/.test(text.split('\n', 1)[0])) return [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const lines = text.split('\n');
  // Per line: the rules disabled there ('*': all).
  const disabled: Set<string>[] = [];
  let current = new Set<string>();
  const rulesOf = (rest: string) => {
    const named = [...rest.matchAll(/rule:([\w-]+)/g)].map((match) => match[1]);
    return named.length > 0 ? named : ['*'];
  };
  lines.forEach((line, i) => {
    const directive = /#\s*yamllint\s+(disable-line|disable|enable)\b(.*)$/.exec(line);
    disabled[i] ??= new Set();
    if (directive?.[1] === 'disable') current = new Set([...current, ...rulesOf(directive[2])]);
    else if (directive?.[1] === 'enable') {
      const named = rulesOf(directive[2]);
      current = named.includes('*') ? new Set() : new Set([...current].filter((rule) => !named.includes(rule)));
    }
    for (const rule of current) disabled[i].add(rule);
    if (directive?.[1] === 'disable-line') {
      const target = line.trim().startsWith('#') ? i + 1 : i;
      disabled[target] ??= new Set();
      for (const rule of rulesOf(directive[2])) disabled[target].add(rule);
    }
  });
  return findings.filter((finding) => {
    const set = disabled[lineOf(finding.start)];
    const rule = finding.code.replace(/^ansible-yaml-/, '');
    return !set || !(set.has('*') || set.has(rule));
  });
}



type Add = (start: number, end: number, code: string, message: string, data?: unknown) => void;

/** Whether an offset is inside a scalar spanning several lines, or a quoted one (its `#` and `-` are content). */
function insideScalar(scalars: readonly Visit[], offset: number): boolean {
  let low = 0;
  let high = scalars.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const scalar = scalars[mid].node;
    if (offset < scalar.start) high = mid - 1;
    else if (offset >= scalar.end) low = mid + 1;
    else return true;
  }
  return false;
}

/** yamllint's document-start (`present: true`): the first document opens with `---`. */
function documentStart(text: string, add: Add): void {
  const content = /^(?:[ \t]*(?:#.*)?\r?\n)*/.exec(text)![0].length;
  if (content < text.length && !text.startsWith('---', content)) add(content, content, rules.yamlDocumentStart.id, t('missing document start "---"'), { insert: '---\n', at: content });
}

function lineFindings(text: string, scalars: readonly Visit[], first: boolean, last: boolean, config: YamlStyleConfig, add: Add): void {
  const lines = text.split('\n');
  let offset = 0;
  let blank = 0;
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const lineStart = offset;
    offset += lines[i].length + 1;
    const isLast = i === lines.length - 1;
    if (isLast && line === '') break;
    if (line.length > config.lineLength && !nonBreakable(line)) add(lineStart + config.lineLength, lineStart + line.length, rules.yamlLineLength.id, t('line too long ({0} > {1} characters)', line.length, config.lineLength));
    const lastCode = line.charCodeAt(line.length - 1);
    const trailing = lastCode === 0x20 || lastCode === 0x09 ? /(?<![ \t])[ \t]+$/.exec(line) : null;
    if (trailing && !insideScalar(scalars, lineStart + trailing.index)) add(lineStart + trailing.index, lineStart + line.length, rules.yamlTrailingSpaces.id, t('trailing spaces'), { replacement: '', title: t('Remove trailing spaces') });
    if (line.trim() === '' && !insideScalar(scalars, lineStart)) {
      blank++;
      continue;
    }
    if (blank > 0) blankLines(blank, lineStart, first && !seenContent, add);
    blank = 0;
    seenContent = true;
    comment(line, lineStart, scalars, i === 0 && first, config.commentsMinSpaces, add);
    const hyphen = line.includes('- ') ? /^(\s*)-( +)\S/.exec(line) : null;
    if (hyphen && hyphen[2].length > config.hyphensMax && !insideScalar(scalars, lineStart + hyphen[1].length)) add(lineStart + hyphen[1].length + 1, lineStart + hyphen[1].length + 1 + hyphen[2].length, rules.yamlHyphens.id, t('too many spaces after hyphen'));
  }
  if (blank > 0 && last) add(text.length, text.length, rules.yamlEmptyLines.id, t('too many blank lines ({0} > {1})', blank, 0));
  if (last && text.length > 0 && !text.endsWith('\n')) add(text.length, text.length, rules.yamlNewLine.id, t('no new line character at the end of file'), { insert: '\n' });
}

function blankLines(count: number, before: number, atStart: boolean, add: Add): void {
  const max = atStart ? 0 : 2;
  if (count > max) add(before, before, rules.yamlEmptyLines.id, t('too many blank lines ({0} > {1})', count, max));
}

/** yamllint's allow-non-breakable-words: a line whose content past indentation (and `- ` or `# `) has no space. */
function nonBreakable(line: string): boolean {
  let start = 0;
  while (line[start] === ' ') start++;
  if (line[start] === '#') {
    while (line[start] === '#') start++;
    start++;
  } else if (line.startsWith('- ', start)) {
    start += 2;
  }
  return !line.slice(start).includes(' ');
}

function comment(line: string, lineStart: number, scalars: readonly Visit[], firstLine: boolean, minSpaces: number, add: Add): void {
  for (let i = line.indexOf('#'); i >= 0; i = line.indexOf('#', i + 1)) {
    if (i > 0 && line[i - 1] !== ' ' && line[i - 1] !== '\t') continue;
    if (insideScalar(scalars, lineStart + i)) continue;
    if (i > 0 && line.slice(0, i).trim() !== '' && /(?<![ \t])[ \t]*$/.exec(line.slice(0, i))![0].length < minSpaces) add(lineStart + i, lineStart + i + 1, rules.yamlComments.id, t('too few spaces before comment'));
    let after = i + 1;
    while (line[after] === '#') after++;
    const shebang = firstLine && i === 0 && line[1] === '!';
    if (after < line.length && line[after] !== ' ' && line[after] !== '\t' && !shebang) add(lineStart + i, lineStart + after, rules.yamlComments.id, t('missing starting space in comment'), { insert: ' ', at: lineStart + after });
    return;
  }
}

/** commas, brackets and braces in a flow collection. */
function flowFindings(text: string, node: SourceNode, config: YamlStyleConfig, add: Add): void {
  const open = text[node.start];
  const close = open === '[' ? ']' : '}';
  const inner = text.slice(node.start + 1, node.end - 1);
  const code = open === '[' ? rules.yamlBrackets.id : rules.yamlBraces.id;
  const word = open === '[' ? t('brackets') : t('braces');
  const max = open === '[' ? config.bracketsMax : config.bracesMax;
  if (text[node.end - 1] === close && !inner.includes('\n')) {
    if (inner.trim() === '') {
      if (inner.length > max) add(node.start + 1, node.end - 1, code, t('too many spaces inside empty {0}', word));
    } else {
      const leading = /^ */.exec(inner)![0].length;
      const trailing = /(?<! ) *$/.exec(inner)![0].length;
      if (leading > max) add(node.start + 1, node.start + 1 + leading, code, t('too many spaces inside {0}', word));
      if (trailing > max) add(node.end - 1 - trailing, node.end - 1, code, t('too many spaces inside {0}', word));
    }
  }
  // Commas of this collection (nested collections and quoted strings skipped).
  let depth = 0;
  let quote = '';
  for (let i = node.start + 1; i < node.end - 1; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote && !(quote === "'" && text[i + 1] === "'")) quote = '';
      else if (char === '\\' && quote === '"') i++;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 0) {
      let before = i;
      while (text[before - 1] === ' ') before--;
      if (before < i && text[before - 1] !== '\n') add(before, i, rules.yamlCommas.id, t('too many spaces before comma'));
      let after = i + 1;
      while (text[after] === ' ') after++;
      if (text[after] !== '\n' && text[after] !== '\r' && after < node.end - 1) {
        if (after === i + 1) add(i, i + 1, rules.yamlCommas.id, t('too few spaces after comma'));
        else if (after > i + 2) add(i + 1, after, rules.yamlCommas.id, t('too many spaces after comma'));
      }
    }
  }
}

/** colons: no space before a key's colon, at most one after it before a value on the same line. */
function colonFindings(text: string, visits: readonly Visit[], add: Add): void {
  for (const { node } of visits) {
    if (node.kind !== 'map') continue;
    for (const pair of node.pairs ?? []) {
      const key = pair.keyNode;
      if (!key || key.kind !== 'scalar' || key.end <= key.start) continue;
      let colon = key.end;
      while (text[colon] === ' ') colon++;
      if (text[colon] !== ':') continue;
      if (colon > key.end && text[key.start] !== '?') add(key.end, colon, rules.yamlColons.id, t('too many spaces before colon'));
      const value = pair.value;
      let after = colon + 1;
      while (text[after] === ' ') after++;
      if (value && value.start === after && after > colon + 2 && !text.slice(colon, after).includes('\n')) add(colon + 1, after, rules.yamlColons.id, t('too many spaces after colon'));
    }
  }
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Whether the node begins its own line (only spaces before it). */
function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // Spaces and tabs read here; anything else as trim() does (no string made for the common indentation).
  let at = lineStart;
  while (at < offset && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09)) at++;
  return at === offset || text.slice(at, offset).trim() === '';
}

/**
 * yamllint's indentation with `spaces: consistent` and `indent-sequences: true`: every block
 * collection on its own line is indented from its parent key by one width, the first one seen.
 */
function indentationFindings(text: string, visits: readonly Visit[], config: YamlStyleConfig, add: Add): void {
  let width: number | undefined = typeof config.indentSpaces === 'number' ? config.indentSpaces : undefined;
  // `consistent` sequences: the first sequence under a key says whether they are indented.
  let sequencesIndented: boolean | undefined = typeof config.indentSequences === 'boolean' ? config.indentSequences : undefined;
  for (const { node, key: isKey, parentKey } of visits) {
    if (isKey || !parentKey || node.kind === 'scalar' || text[node.start] === '[' || text[node.start] === '{') continue;
    const first = node.kind === 'map' ? node.pairs?.[0]?.keyNode : node.items?.[0];
    const at = node.kind === 'seq' ? node.start : first?.start;
    if (at === undefined || !startsLine(text, at) || !startsLine(text, parentKey.start)) continue;
    const found = columnOf(text, at);
    const parent = columnOf(text, parentKey.start);
    if (node.kind === 'seq') {
      if (config.indentSequences === 'whatever') continue;
      sequencesIndented ??= found > parent;
      if (!sequencesIndented) {
        if (found !== parent) add(at, at, rules.yamlIndentation.id, t('wrong indentation: expected {0} but found {1}', parent, found));
        continue;
      }
    }
    width ??= found - parent > 0 ? found - parent : undefined;
    if (width === undefined) {
      add(at, at, rules.yamlIndentation.id, t('wrong indentation: expected {0} but found {1}', parent + 2, found));
      continue;
    }
    if (found !== parent + width) add(at, at, rules.yamlIndentation.id, t('wrong indentation: expected {0} but found {1}', parent + width, found));
  }
}
