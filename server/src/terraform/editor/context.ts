/**
 * Where the cursor is in a Terraform file, read from HCL's tokens (lexer.ts) rather than from the
 * parsed tree: completion and signature help are asked on a line being typed, which does not parse
 * yet (`  ami` with no `=`, `resource "aws_` with no `{`). One pass over the file keeps a stack of
 * bodies (a block's header: its type and labels) and of expression brackets, and each body's items'
 * names (those after the cursor included: what the body already sets is not offered again).
 */
import { bracketChange, lexHcl, type Token } from './lexer';
import type { IndexedFile } from '../../workspace/index';
import type { Span } from '../syntax/syntax';

export interface Header {
  type: string;
  labels: string[];
}

interface BodyFrame {
  kind: 'body';
  /** Undefined: the file's top level. */
  header?: Header;
  /** The body's attribute names and block types (the whole body's, once the scan is over). */
  names: Set<string>;
  /** Attributes whose value is a plain string (a module block's `source`). */
  strings: Map<string, string>;
  item: Item;
}

interface ExprFrame {
  kind: 'expr';
  open: Token;
  /** The function an `(` calls, and where its name is. */
  call?: { name: string; span: Span };
  /** The commas met at this level: the argument the cursor is in. */
  commas: number;
}

interface QuoteFrame {
  kind: 'quote';
}

type Frame = BodyFrame | ExprFrame | QuoteFrame;

type Item =
  | { state: 'start' }
  | { state: 'header'; type: Token; labels: string[] }
  | { state: 'value'; name: string }
  | { state: 'block' }
  | { state: 'junk' };

export type CursorContext =
  /** Where a body's attribute or block goes (`prefix`: the name typed so far). */
  | { kind: 'body'; path: Header[]; names: ReadonlySet<string>; strings: ReadonlyMap<string, string>; prefix: Span; scopes: ReadonlySet<string>[] }
  /** A block's label (`resource "aws_…"`): `index` of the label, the text typed so far inside its quotes. */
  | { kind: 'label'; path: Header[]; header: Header; index: number; prefix: Span; quoted: boolean }
  /** An expression: the value of `attribute` in the innermost body; `call`: the call whose arguments it is in. */
  | { kind: 'expression'; path: Header[]; attribute?: string; names: ReadonlySet<string>; prefix: Span; call?: { name: string; span: Span; argument: number }; scopes: ReadonlySet<string>[] }
  | { kind: 'none' };

const WORD = new Set(['Ident', 'NumberLit']);

const tokensKey = Symbol('terraform-editor-tokens');

/** A file's tokens, once per version. */
export function tokensOf(file: IndexedFile): Token[] {
  return file.model(tokensKey, () => lexHcl(file.text));
}

/** The context of the cursor at `offset` in a Terraform file's text. */
export function cursorContext(tokens: readonly Token[], text: string, offset: number): CursorContext {
  const root: BodyFrame = { kind: 'body', names: new Set(), strings: new Map(), item: { state: 'start' } };
  const stack: Frame[] = [root];
  let snapshot: CursorContext | undefined;
  const bodies = () => stack.filter((f): f is BodyFrame => f.kind === 'body');
  const path = () => bodies().flatMap((b) => (b.header ? [b.header] : []));
  /** The names each body of the path sets (a resource's `count`, `for_each`), outermost first. */
  const scopes = () => bodies().flatMap((b) => (b.header ? [b.names] : []));
  const body = () => bodies()[bodies().length - 1];
  const take = (prefixStart: number) => {
    if (snapshot) return;
    const prefix = { start: prefixStart, end: offset };
    const top = stack[stack.length - 1];
    if (top.kind === 'quote') snapshot = { kind: 'none' };
    else if (top.kind === 'body') {
      const item = top.item;
      if (item.state === 'start') snapshot = { kind: 'body', path: path(), names: top.names, strings: top.strings, prefix, scopes: scopes() };
      else if (item.state === 'header') snapshot = { kind: 'label', path: path(), header: { type: text.slice(item.type.start, item.type.end), labels: item.labels }, index: item.labels.length, prefix, quoted: false };
      else if (item.state === 'value') snapshot = { kind: 'expression', path: path(), attribute: item.name, names: top.names, prefix, scopes: scopes() };
      else snapshot = { kind: 'none' };
    } else {
      const b = body();
      const call = [...stack].reverse().find((f): f is ExprFrame => f.kind === 'expr');
      snapshot = {
        kind: 'expression',
        path: path(),
        ...(b.item.state === 'value' ? { attribute: b.item.name } : {}),
        names: b.names,
        prefix,
        scopes: scopes(),
        ...(call?.call && call.open.type === 'OParen' ? { call: { ...call.call, argument: call.commas } } : {}),
      };
    }
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!snapshot) {
      if (token.start >= offset || token.type === 'EOF') take(offset);
      else if (token.end >= offset && WORD.has(token.type)) take(token.start);
      else if (token.type === 'Comment' && offset < token.end) snapshot = { kind: 'none' };
    }
    if (token.type === 'EOF') break;
    const top = stack[stack.length - 1];
    if (top.kind === 'body') {
      i = bodyToken(tokens, i, text, offset, top, stack, (label) => {
        if (!snapshot) snapshot = { kind: 'label', path: path(), header: label.header, index: label.index, prefix: label.prefix, quoted: true };
      });
      continue;
    }
    expressionToken(tokens, i, text, stack);
  }
  return snapshot ?? { kind: 'none' };
}

/** One token of a body: its items' headers, `=`, `{` and `}`; returns the index of the last token read. */
function bodyToken(tokens: readonly Token[], i: number, text: string, offset: number, top: BodyFrame, stack: Frame[], label: (l: { header: Header; index: number; prefix: Span }) => void): number {
  const token = tokens[i];
  const item = top.item;
  const type = token.type;
  if (type === 'Newline' || (type === 'Comment' && text[token.end - 1] === '\n')) {
    if (item.state !== 'block') top.item = { state: 'start' };
    return i;
  }
  if (type === 'Comment') return i;
  if (item.state === 'value') {
    expressionToken(tokens, i, text, stack);
    return i;
  }
  if (type === 'CBrace' && stack.length > 1) {
    stack.pop();
    const parent = stack[stack.length - 1];
    if (parent.kind === 'body') parent.item = { state: 'start' };
    return i;
  }
  if (item.state === 'start' || item.state === 'block') {
    top.item = type === 'Ident' ? { state: 'header', type: token, labels: [] } : { state: 'junk' };
    return i;
  }
  if (item.state !== 'header') return i;
  if (type === 'Equal' && item.labels.length === 0) {
    const name = text.slice(item.type.start, item.type.end);
    top.names.add(name);
    top.item = { state: 'value', name };
    const [open, lit, close] = [tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    if (open?.type === 'OQuote' && lit?.type === 'QuotedLit' && close?.type === 'CQuote') top.strings.set(name, text.slice(lit.start, lit.end));
    return i;
  }
  if (type === 'OBrace') {
    const header = { type: text.slice(item.type.start, item.type.end), labels: item.labels };
    top.names.add(header.type === 'dynamic' && header.labels[0] ? header.labels[0] : header.type);
    top.item = { state: 'block' };
    stack.push({ kind: 'body', header, names: new Set(), strings: new Map(), item: { state: 'start' } });
    return i;
  }
  if (type === 'Ident') {
    item.labels.push(text.slice(token.start, token.end));
    return i;
  }
  if (type === 'OQuote') {
    let j = i + 1;
    while (tokens[j]?.type === 'QuotedLit') j++;
    const end = tokens[j]?.type === 'CQuote' ? tokens[j].start : tokens[j]?.start ?? text.length;
    if (offset > token.start && offset <= end) label({ header: { type: text.slice(item.type.start, item.type.end), labels: [...item.labels] }, index: item.labels.length, prefix: { start: token.end, end: offset } });
    item.labels.push(text.slice(token.end, end));
    return tokens[j]?.type === 'CQuote' ? j : j - 1;
  }
  top.item = { state: 'junk' };
  return i;
}

/** One token of an expression: brackets, quotes, the calls' commas. */
function expressionToken(tokens: readonly Token[], i: number, text: string, stack: Frame[]): void {
  const token = tokens[i];
  const top = stack[stack.length - 1];
  if (token.type === 'OQuote' || token.type === 'OHeredoc') {
    stack.push({ kind: 'quote' });
    return;
  }
  if (token.type === 'CQuote' || token.type === 'CHeredoc') {
    if (top.kind === 'quote') stack.pop();
    return;
  }
  const change = bracketChange(token.type);
  if (change > 0) {
    stack.push({ kind: 'expr', open: token, commas: 0, ...(token.type === 'OParen' ? callBefore(tokens, i, text) : {}) });
    return;
  }
  if (change < 0) {
    if (top.kind === 'expr') stack.pop();
    else if (top.kind === 'body' && token.type === 'CBrace' && stack.length > 1) {
      // A one-line block's `}` after its attribute's value.
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent.kind === 'body') parent.item = { state: 'start' };
    }
    return;
  }
  if (token.type === 'Comma' && top.kind === 'expr') top.commas++;
}

/** The function name before an `(` (`join`, `provider::aws::arn_parse`), if it is a call. */
function callBefore(tokens: readonly Token[], i: number, text: string): { call?: { name: string; span: Span } } {
  let j = i - 1;
  if (tokens[j]?.type !== 'Ident' || tokens[j].end !== tokens[i].start) return {};
  const end = tokens[j].end;
  while (tokens[j - 1]?.type === 'DoubleColon' && tokens[j - 2]?.type === 'Ident') j -= 2;
  return { call: { name: text.slice(tokens[j].start, end), span: { start: tokens[j].start, end } } };
}

/** The traversal written before the cursor (`aws_lb.this.`, `module.vpc.pri`, `var.`): its steps, the last one partial. */
export interface TraversalBefore {
  /** The complete steps before the last `.` (`["aws_lb", "this"]`; an index is `"[]"`). */
  steps: string[];
  /** The text typed after the last `.` (or the whole name when there is no dot). */
  partial: string;
  /** From the traversal's first character to the cursor. */
  span: Span;
}

/** The traversal ending at the cursor, if the cursor ends one. */
export function traversalBefore(tokens: readonly Token[], text: string, offset: number): TraversalBefore | undefined {
  // The last token starting before the cursor.
  let i = tokens.findIndex((t) => t.start >= offset) - 1;
  if (i < -1) i = tokens.length - 2;
  if (i < 0) return undefined;
  let partial = '';
  let end = offset;
  if (tokens[i].type === 'Ident' && tokens[i].end >= offset) {
    partial = text.slice(tokens[i].start, offset);
    end = tokens[i].start;
    i--;
  } else if (tokens[i].end !== offset) return undefined;
  /** The steps, last first (reversed at the end: a long chain stays linear). */
  const steps: string[] = [];
  let start = end;
  if (!partial && tokens[i]?.type !== 'Dot') return undefined;
  while (i >= 0 && tokens[i].type === 'Dot' && tokens[i].end === start) {
    const dot = tokens[i];
    const before = tokens[i - 1];
    if (before?.type === 'Ident' && before.end === dot.start) {
      steps.push(text.slice(before.start, before.end));
      start = before.start;
      i -= 2;
      continue;
    }
    if (before?.type === 'CBrack' && before.end === dot.start) {
      // An index: back to its `[`, then the step it indexes.
      let depth = 0;
      let j = i - 1;
      for (; j >= 0; j--) {
        depth += bracketChange(tokens[j].type);
        if (depth === 0) break;
      }
      if (j < 1 || tokens[j - 1].type !== 'Ident') return undefined;
      steps.push('[]', text.slice(tokens[j - 1].start, tokens[j - 1].end));
      start = tokens[j - 1].start;
      i = j - 2;
      continue;
    }
    if (before?.type === 'NumberLit' && before.end === dot.start) {
      // A legacy index (`aws_instance.web.0.id`).
      steps.push('[]');
      start = before.start;
      i -= 2;
      continue;
    }
    return undefined;
  }
  if (steps.length === 0 && !partial) return undefined;
  steps.reverse();
  return { steps, partial, span: { start: steps.length > 0 ? start : end, end: offset } };
}
