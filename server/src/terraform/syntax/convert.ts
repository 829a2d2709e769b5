/**
 * tree-sitter's tree of a native-syntax file turned into syntax.ts's plain tree, in one walk with a
 * cursor (each node read from WebAssembly costs; a cursor reads the fewest). Nesting deeper than
 * MAX_NESTING is not read further (a limit, said once): the walk recurses, and hostile input must
 * not overflow the stack.
 */
import type { TreeCursor } from 'web-tree-sitter';
import { t } from '../../l10n/t';
import type { Attribute, Block, Body, Comment, Expr, HclFile, Ident, Label, Span, Step, SyntaxProblem, TemplatePart } from './syntax';

/** Expressions and blocks nested deeper than this are not read further (a limit finding says so). */
export const MAX_NESTING = 200;

/** What a re-parse may take from the previous version: its top-level items by start offset, and the edit. */
export interface Reuse {
  items: ReadonlyMap<number, TopItem>;
  change: { start: number; oldEnd: number; newEnd: number };
  delta: number;
  /** The previous version's comments, by start: those inside a nested item taken from it. */
  comments: readonly Comment[];
}

/** A top-level item and the comments inside it. */
export interface TopItem {
  item: Attribute | Block;
  comments: Comment[];
}

const POSTFIX = new Set(['get_attr', 'index', 'splat']);

/** The tree-sitter tree, walked once with a cursor (every node crossing from WebAssembly costs). */
export class Converter {
  private readonly comments: Comment[] = [];
  private readonly limits: SyntaxProblem[] = [];
  private depth = 0;
  private structural: SyntaxProblem | undefined;
  private body: Body = { attributes: [], blocks: [] };
  private readonly items = new Map<number, TopItem>();
  private reuse: Reuse | undefined;
  /** The previous version's body of the block being read, when that block holds the edit. */
  private old: Body | undefined;

  constructor(
    private readonly text: string,
    private readonly names: string[],
    private readonly c: TreeCursor,
  ) {}

  private get type(): string {
    return this.names[this.c.nodeTypeId] ?? '';
  }

  private span(): Span {
    return { start: this.c.startIndex, end: this.c.endIndex };
  }

  private slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** Calls `each` on every child (comments collected, not given); the cursor is back on the node after. */
  private children(each: (type: string) => void): void {
    if (!this.c.gotoFirstChild()) return;
    do {
      const type = this.type;
      if (type === 'comment') this.comment();
      else each(type);
    } while (this.c.gotoNextSibling());
    this.c.gotoParent();
  }

  private comment(): void {
    const span = this.span();
    const text = this.slice(span);
    this.comments.push({ ...span, text, style: text.startsWith('#') ? '#' : text.startsWith('//') ? '//' : '/*' });
  }

  /** The file's top level; top-level items the edit did not touch are taken from the previous version. */
  file(reuse?: Reuse): Map<number, TopItem> {
    this.reuse = reuse;
    this.children((type) => {
      if (type === 'object') {
        // A JSON-like object at the top (a .tfvars.json's shape): not the native syntax.
        this.structural ??= { ...this.span(), message: t('Argument or block definition required: an argument or block definition is expected here (a name followed by "=" or by a block\'s labels and "{").') };
        return;
      }
      if (type !== 'body') return;
      this.children((inner) => {
        const span = this.span();
        const old = reuse ? this.reusable(reuse, span, inner) : undefined;
        if (old) {
          this.add(old.item, old.comments);
          this.comments.push(...old.comments);
          return;
        }
        const before = this.comments.length;
        // The block holding the edit: its own items the edit did not touch are taken from the previous version.
        const previous = reuse && inner === 'block' && span.start < reuse.change.start ? reuse.items.get(span.start)?.item : undefined;
        this.old = previous?.kind === 'block' ? previous.body : undefined;
        const item = inner === 'attribute' ? this.attribute() : inner === 'block' ? this.block() : undefined;
        this.old = undefined;
        if (item) this.add(item, this.comments.slice(before));
      });
    });
    return this.items;
  }

  private reusable(reuse: Reuse, span: Span, type: string): TopItem | undefined {
    const { items, change, delta } = reuse;
    if (span.end < change.start) {
      const old = items.get(span.start);
      return old && old.item.end === span.end && old.item.kind === type ? old : undefined;
    }
    if (span.start > change.newEnd) {
      const old = items.get(span.start - delta);
      if (!old || old.item.end !== span.end - delta || old.item.kind !== type) return undefined;
      return { item: shifted(old.item, delta), comments: old.comments.map((c) => ({ ...c, start: c.start + delta, end: c.end + delta })) };
    }
    return undefined;
  }

  private add(item: Attribute | Block, comments: Comment[]): void {
    if (item.kind === 'attribute') this.body.attributes.push(item);
    else this.body.blocks.push(item);
    this.items.set(item.start, { item, comments });
  }

  result(found: SyntaxProblem | undefined): HclFile {
    this.comments.sort((a, b) => a.start - b.start);
    const error = found && this.structural ? (found.start <= this.structural.start ? found : this.structural) : (found ?? this.structural);
    let body = this.body;
    if (error) {
      // What follows the first error may be nested wrongly: only what ends before it is kept.
      body = { attributes: body.attributes.filter((a) => a.end <= error.start), blocks: body.blocks.filter((b) => b.end <= error.start) };
    }
    return { body, comments: this.comments, errors: error ? [error] : [], limits: this.limits, json: false };
  }

  private readBody(): Body {
    const body: Body = { attributes: [], blocks: [] };
    const old = this.old && this.reuse ? { body: this.old, reuse: this.reuse, byStart: new Map<number, Attribute | Block>() } : undefined;
    this.old = undefined;
    if (old) for (const item of [...old.body.attributes, ...old.body.blocks]) old.byStart.set(item.start, item);
    this.children((type) => {
      if (type !== 'attribute' && type !== 'block') return;
      const taken = old ? this.nested(old.reuse, old.byStart, type) : undefined;
      if (taken?.kind === 'attribute') body.attributes.push(taken);
      else if (taken?.kind === 'block') body.blocks.push(taken);
      else {
        const previous = old && type === 'block' && this.c.startIndex < old.reuse.change.start ? old.byStart.get(this.c.startIndex) : undefined;
        this.old = previous?.kind === 'block' ? previous.body : undefined;
        if (type === 'attribute') body.attributes.push(this.attribute());
        else body.blocks.push(this.block());
        this.old = undefined;
      }
    });
    return body;
  }

  /** An item of the block holding the edit that the edit did not touch, from the previous version (with its comments). */
  private nested(reuse: Reuse, byStart: ReadonlyMap<number, Attribute | Block>, type: string): Attribute | Block | undefined {
    const span = this.span();
    const { change, delta } = reuse;
    const before = span.end < change.start;
    if (!before && span.start <= change.newEnd) return undefined;
    const shift = before ? 0 : delta;
    const old = byStart.get(span.start - shift);
    if (!old || old.end !== span.end - shift || old.kind !== type) return undefined;
    for (const comment of commentsWithin(reuse.comments, old)) this.comments.push(shift ? { ...comment, start: comment.start + shift, end: comment.end + shift } : comment);
    return shift ? shifted(old, shift) : old;
  }

  private attribute(): Attribute {
    const span = this.span();
    let name: Ident = { name: '', start: span.start, end: span.start };
    let expr: Expr = { kind: 'invalid', start: span.end, end: span.end };
    this.children((type) => {
      if (type === 'identifier') name = this.ident();
      else if (type === 'expression') expr = this.expression();
    });
    return { kind: 'attribute', ...span, name: name.name, nameSpan: { start: name.start, end: name.end }, expr };
  }

  private block(): Block {
    const span = this.span();
    if (!this.enter(span)) return { kind: 'block', ...span, type: '', typeSpan: span, labels: [], body: { attributes: [], blocks: [] }, open: span.end, close: span.end };
    try {
      return this.blockInside(span);
    } finally {
      this.depth--;
    }
  }

  /** Counts one level of nesting: false (and a limit said once) past MAX_NESTING. */
  private enter(span: Span): boolean {
    if (++this.depth <= MAX_NESTING) return true;
    this.depth--;
    if (this.limits.length === 0) this.limits.push({ ...span, message: t('Expressions nested more than {0} levels deep are not read further (a limit of Archipel).', MAX_NESTING) });
    return false;
  }

  private blockInside(span: Span): Block {
    let typeIdent: Ident | undefined;
    const labels: Label[] = [];
    let body: Body = { attributes: [], blocks: [] };
    let open = span.end;
    let close = span.end;
    this.children((type) => {
      if (type === 'identifier') {
        const ident = this.ident();
        if (!typeIdent) typeIdent = ident;
        else labels.push({ value: ident.name, start: ident.start, end: ident.end, quoted: false, template: false });
      } else if (type === 'string_lit') {
        const s = this.span();
        const raw = this.slice(s);
        const inner = raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined);
        // `${` not escaped as `$${`: a template sequence, which a label may not hold.
        labels.push({ value: unescapeQuoted(inner), ...s, quoted: true, template: /(^|[^$])\$\{/.test(inner) });
      } else if (type === 'template_expr') {
        const s = this.span();
        labels.push({ value: this.slice(s).replace(/^"|"$/g, ''), ...s, quoted: true, template: true });
      } else if (type === 'block_start') open = this.c.startIndex;
      else if (type === 'block_end') close = this.c.nodeIsMissing ? span.end : this.c.startIndex;
      else if (type === 'body') body = this.readBody();
    });
    const typeSpan = typeIdent ? { start: typeIdent.start, end: typeIdent.end } : { start: span.start, end: span.start };
    return { kind: 'block', ...span, type: typeIdent?.name ?? '', typeSpan, labels, body, open, close };
  }

  private ident(): Ident {
    const span = this.span();
    return { name: this.slice(span), ...span };
  }

  /** An `expression` node: a term and its postfix steps, a conditional, or a parenthesised expression. */
  private expression(): Expr {
    const span = this.span();
    if (!this.enter(span)) return { kind: 'invalid', ...span };
    try {
      let paren = false;
      let result: Expr | undefined;
      if (!this.c.gotoFirstChild()) return { kind: 'invalid', ...span };
      do {
        const type = this.type;
        if (type === 'comment') this.comment();
        else if (type === '(') paren = true;
        else if (!result && this.c.nodeIsNamed) result = this.sequenceTerm();
      } while (this.c.gotoNextSibling());
      this.c.gotoParent();
      if (!result) return { kind: 'invalid', ...span };
      return paren ? { kind: 'paren', inner: result, ...span } : result;
    } finally {
      this.depth--;
    }
  }

  /** A term at the cursor and the postfix steps among its following siblings (left on the last one read). */
  private sequenceTerm(): Expr {
    const base = this.term();
    const steps: Step[] = [];
    while (this.c.gotoNextSibling()) {
      const type = this.type;
      if (type === 'comment') {
        this.comment();
        continue;
      }
      if (!POSTFIX.has(type)) {
        this.c.gotoPreviousSibling();
        break;
      }
      this.step(type, steps);
    }
    if (steps.length === 0) return base;
    const end = steps[steps.length - 1].end;
    if (base.kind === 'traversal' && base.steps.length === 0) return { ...base, steps, end };
    return { kind: 'postfix', base, steps, start: base.start, end };
  }

  private step(type: string, steps: Step[]): void {
    const span = this.span();
    if (type === 'get_attr') {
      this.children((inner) => {
        // The name's own span (without the dot): what a rename replaces.
        if (inner === 'identifier') steps.push({ kind: 'attr', name: this.slice(this.span()), ...this.span() });
      });
    } else if (type === 'index') {
      this.children((inner) => {
        if (inner === 'new_index') {
          let key: Expr = { kind: 'invalid', ...span };
          this.children((e) => {
            if (e === 'expression') key = this.expression();
          });
          steps.push({ kind: 'index', key, ...span });
        } else if (inner === 'legacy_index') {
          const digits = this.slice(this.span()).replace(/^\./, '');
          steps.push({ kind: 'index', key: { kind: 'literal', type: 'number', value: Number(digits), start: span.start + 1, end: span.end }, legacy: true, ...span });
        }
      });
    } else if (type === 'splat') {
      this.children((inner) => {
        const splatSpan = this.span();
        const full = inner === 'full_splat';
        const marker = full ? this.text.indexOf(']', splatSpan.start) + 1 : splatSpan.start + 2;
        steps.push({ kind: 'splat', full, start: splatSpan.start, end: Math.min(marker, splatSpan.end) });
        this.children((s) => {
          if (POSTFIX.has(s)) this.step(s, steps);
        });
      });
    }
  }

  /** One term node (not an `expression`, which `expression` reads). */
  private term(): Expr {
    const type = this.type;
    const span = this.span();
    switch (type) {
      case 'expression':
        return this.expression();
      case 'literal_value':
        return this.single(() => this.literal(span));
      case 'variable_expr': {
        let root: Ident = { name: '', ...span };
        this.children((inner) => {
          if (inner === 'identifier') root = this.ident();
        });
        return { kind: 'traversal', root, steps: [], ...span };
      }
      case 'template_expr':
        return this.single(() => this.template());
      case 'collection_value':
        return this.single(() => this.collection());
      case 'function_call':
        return this.call();
      case 'for_expr':
        return this.single(() => this.forExpr());
      case 'operation':
        return this.single(() => this.operation());
      case 'conditional': {
        const parts: Expr[] = [];
        this.children((inner) => {
          if (inner === 'expression') parts.push(this.expression());
        });
        const invalid: Expr = { kind: 'invalid', start: span.end, end: span.end };
        return { kind: 'conditional', cond: parts[0] ?? invalid, then: parts[1] ?? invalid, else: parts[2] ?? invalid, ...span };
      }
      default:
        return { kind: 'invalid', ...span };
    }
  }

  /** The one named child of a wrapper node, read by `read`. */
  private single(read: () => Expr): Expr {
    const span = this.span();
    let result: Expr | undefined;
    this.children(() => {
      if (!result && this.c.nodeIsNamed) result = read();
    });
    return result ?? { kind: 'invalid', ...span };
  }

  private literal(outer: Span): Expr {
    const type = this.type;
    const span = this.span();
    const raw = this.slice(span);
    if (type === 'numeric_lit') return { kind: 'literal', type: 'number', value: Number(raw), ...outer };
    if (type === 'bool_lit') return { kind: 'literal', type: 'bool', value: raw === 'true', ...outer };
    if (type === 'null_lit') return { kind: 'literal', type: 'null', value: null, ...outer };
    if (type === 'string_lit') return { kind: 'literal', type: 'string', value: unescapeQuoted(raw.slice(1, raw.length > 1 && raw.endsWith('"') ? -1 : undefined)), ...outer };
    return { kind: 'invalid', ...outer };
  }

  private template(): Expr {
    const span = this.span();
    const heredoc = this.type === 'heredoc_template';
    const parts = this.templateParts(heredoc);
    return { kind: 'template', parts, heredoc, ...span };
  }

  private templateParts(heredoc: boolean): TemplatePart[] {
    const parts: TemplatePart[] = [];
    this.children((type) => this.templatePart(type, heredoc, parts));
    return parts;
  }

  private templatePart(type: string, heredoc: boolean, parts: TemplatePart[]): void {
    const span = this.span();
    if (type === 'template_literal') {
      const raw = this.slice(span);
      parts.push({ kind: 'text', value: heredoc ? raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeQuoted(raw), ...span });
    } else if (type === 'template_interpolation') {
      let expr: Expr = { kind: 'invalid', ...span };
      this.children((inner) => {
        if (inner === 'expression') expr = this.expression();
      });
      parts.push({ kind: 'interp', expr, ...span });
    } else if (type === 'template_directive') {
      if (!this.enter(span)) return;
      this.children((inner) => {
        if (inner === 'template_if') parts.push(this.templateIf(heredoc));
        else if (inner === 'template_for') parts.push(this.templateFor(heredoc));
      });
      this.depth--;
    }
  }

  private templateIf(heredoc: boolean): TemplatePart {
    const span = this.span();
    let cond: Expr = { kind: 'invalid', ...span };
    const then: TemplatePart[] = [];
    const otherwise: TemplatePart[] = [];
    let inElse = false;
    this.children((type) => {
      if (type === 'template_if_intro')
        this.children((inner) => {
          if (inner === 'expression') cond = this.expression();
        });
      else if (type === 'template_else_intro') inElse = true;
      else if (type !== 'template_if_end') this.templatePart(type, heredoc, inElse ? otherwise : then);
    });
    return { kind: 'if', cond, then, else: otherwise, ...span };
  }

  private templateFor(heredoc: boolean): TemplatePart {
    const span = this.span();
    const names: Ident[] = [];
    let collection: Expr = { kind: 'invalid', ...span };
    const body: TemplatePart[] = [];
    this.children((type) => {
      if (type === 'template_for_start')
        this.children((inner) => {
          if (inner === 'identifier') names.push(this.ident());
          else if (inner === 'expression') collection = this.expression();
        });
      else if (type !== 'template_for_end') this.templatePart(type, heredoc, body);
    });
    return { kind: 'for', names, collection, body, ...span };
  }

  private collection(): Expr {
    const span = this.span();
    if (this.type === 'tuple') {
      const items: Expr[] = [];
      this.children((type) => {
        if (type === 'expression') items.push(this.expression());
      });
      return { kind: 'tuple', items, ...span };
    }
    const items: { key: Expr; value: Expr }[] = [];
    this.children((type) => {
      if (type !== 'object_elem') return;
      const pair: Expr[] = [];
      this.children((inner) => {
        if (inner === 'expression') pair.push(this.expression());
      });
      if (pair.length === 2) items.push({ key: pair[0], value: pair[1] });
    });
    return { kind: 'object', items, ...span };
  }

  private call(): Expr {
    const span = this.span();
    let name: Ident = { name: '', ...span };
    const args: Expr[] = [];
    let expand = false;
    this.children((type) => {
      if (type === 'identifier') name = this.ident();
      else if (type === 'function_arguments')
        this.children((inner) => {
          if (inner === 'expression') args.push(this.expression());
          else if (inner === 'ellipsis') expand = true;
        });
    });
    return { kind: 'call', name, args, expand, ...span };
  }

  private forExpr(): Expr {
    const span = this.span();
    const object = this.type === 'for_object_expr';
    const names: Ident[] = [];
    let collection: Expr = { kind: 'invalid', ...span };
    const results: Expr[] = [];
    let cond: Expr | undefined;
    let group = false;
    this.children((type) => {
      if (type === 'for_intro')
        this.children((inner) => {
          if (inner === 'identifier') names.push(this.ident());
          else if (inner === 'expression') collection = this.expression();
        });
      else if (type === 'expression') results.push(this.expression());
      else if (type === 'ellipsis') group = true;
      else if (type === 'for_cond')
        this.children((inner) => {
          if (inner === 'expression') cond = this.expression();
        });
    });
    const invalid: Expr = { kind: 'invalid', start: span.end, end: span.end };
    const key = object ? results[0] : undefined;
    const value = (object ? results[1] : results[0]) ?? invalid;
    return { kind: 'for', object, names, collection, key, value, cond, group, ...span };
  }

  private operation(): Expr {
    const span = this.span();
    const unary = this.type === 'unary_operation';
    const operands: Expr[] = [];
    let op = '';
    if (!this.c.gotoFirstChild()) return { kind: 'invalid', ...span };
    do {
      const type = this.type;
      if (type === 'comment') this.comment();
      else if (!this.c.nodeIsNamed) op = type;
      else operands.push(this.sequenceTerm());
    } while (this.c.gotoNextSibling());
    this.c.gotoParent();
    const invalid: Expr = { kind: 'invalid', start: span.end, end: span.end };
    if (unary) return { kind: 'unary', op, operand: operands[0] ?? invalid, ...span };
    return { kind: 'binary', op, left: operands[0] ?? invalid, right: operands[1] ?? invalid, ...span };
  }
}

/** A top-level item moved by `delta` characters (a copy: the previous version's stays as it was). */
export function shifted<T extends Attribute | Block>(item: T, delta: number): T {
  // Objects and arrays are copied one level at a time (a stack, not recursion); strings are shared.
  const copy = { ...item };
  const stack = [copy as unknown as Record<string, unknown>];
  while (stack.length > 0) {
    const record = stack.pop()!;
    for (const key in record) {
      const v = record[key];
      if (typeof v === 'number') {
        if (key === 'start' || key === 'end' || key === 'open' || key === 'close') record[key] = v + delta;
      } else if (v && typeof v === 'object') {
        const inner = (Array.isArray(v) ? [...(v as unknown[])] : { ...v }) as Record<string, unknown>;
        record[key] = inner;
        stack.push(inner);
      }
    }
  }
  return copy;
}

/** The comments (sorted by start) inside a span. */
function commentsWithin(comments: readonly Comment[], span: Span): readonly Comment[] {
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (comments[mid].start < span.start) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < comments.length && comments[end].start < span.end) end++;
  return comments.slice(low, end);
}

/** A quoted string's text without its escapes (HCL's: \n \r \t \" \\ \uNNNN \UNNNNNNNN, $${ and %%{). */
export function unescapeQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match: string, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (!escape) return match;
    switch (escape[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U': {
        const code = parseInt(escape.slice(1), 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : match;
      }
      default:
        return escape;
    }
  });
}

