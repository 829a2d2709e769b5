/**
 * HCL's native syntax read by hand into syntax.ts's plain tree: one pass over the text, no tokens
 * kept, no tree but the one it returns (the WebAssembly tree-sitter parser it replaces spent most of
 * a large module's cold check parsing and crossing into WebAssembly node by node).
 *
 * Nesting is bounded where it is built: blocks, brackets, calls, template directives and chains of
 * binary operators (`1+1+…+1`, a left-deep tree) all count, so no tree it returns is deeper than
 * MAX_NESTING and no walk over it can overflow the stack; what is deeper is read past (in linear
 * time, nothing kept) and said once as a limit. The first syntax error stops the read: the items
 * complete before it are kept, the error is said once. One error does not: a body item whose name is
 * quoted (`"action" { … }`, `"name" = …`), which Terraform 0.11 and earlier (HCL 1) accepted and
 * HCL 2 refuses ("Invalid argument name"), is read as if it were not quoted and its name's span kept in
 * `quotedNames`: the check says it (and removes the quotes), the rest of an old configuration is read.
 *
 * What it reads as tree-sitter-hcl read it (the spans of syntax.ts), and where it differs it follows
 * HCL: numbers with an exponent and no fraction (`1e5`), `(a).b` keeps its steps, a conditional
 * nests to the right.
 */
import { t } from '../../l10n/t';
import { C, HclError, isDigit, isIdContinue, isIdStart, MAX_NESTING, TooDeep } from './scanner';
import { TemplateReader } from './templates';
import type { Block, Body, Comment, Expr, Ident, Label, Span, Step, SyntaxProblem } from './syntax';

export { MAX_NESTING } from './scanner';

/** Binary operators by precedence (higher binds tighter), as HCL's. */
const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '>': 4, '>=': 4, '<': 4, '<=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };

export interface NativeResult {
  body: Body;
  comments: Comment[];
  error: SyntaxProblem | undefined;
  limits: SyntaxProblem[];
  /** The spans (quotes included) of body items' quoted names, read as their bare names. */
  quotedNames: Span[];
}

/** A name HCL 1 wrote quoted that HCL 2 reads bare (ASCII, as HCL 1's names were). */
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export class NativeParser extends TemplateReader {
  private readonly quotedNames: Span[] = [];
  // ---- the file ----

  /** The file's top-level items, up to the first error. */
  file(): NativeResult {
    const body: Body = { attributes: [], blocks: [] };
    let error: SyntaxProblem | undefined;
    try {
      this.trivia();
      if (this.code() === C.lbrace) {
        // A JSON-like object at the top (a .tfvars.json's shape): not the native syntax.
        throw new HclError({ start: this.pos, end: Math.min(this.length, this.pos + 1) }, t('Argument or block definition required: an argument or block definition is expected here (a name followed by "=" or by a block\'s labels and "{").'));
      }
      this.bodyItems(body, false);
    } catch (e) {
      if (!(e instanceof HclError)) throw e;
      error = { ...e.span, message: e.message };
    }
    this.comments.sort((a, b) => a.start - b.start);
    if (error) {
      const at = error.start;
      const keep = (item: Span) => item.end <= at;
      return { body: { attributes: body.attributes.filter(keep), blocks: body.blocks.filter(keep) }, comments: this.comments, error, limits: this.limits, quotedNames: this.quotedNames.filter(keep) };
    }
    return { body, comments: this.comments, error, limits: this.limits, quotedNames: this.quotedNames };
  }

  /** Attributes and blocks until `}` (nested) or the end of the text (top level). */
  private bodyItems(body: Body, nested: boolean): void {
    for (;;) {
      this.trivia();
      if (this.pos >= this.length) return;
      const c = this.code();
      if (c === C.rbrace && nested) return;
      const name = c === C.quote ? this.quotedName() : isIdStart(c, this.text, this.pos) ? this.ident() : undefined;
      if (!name) throw this.bodyError();
      this.trivia();
      const next = this.code();
      const item = next === C.eq && this.text.charCodeAt(this.pos + 1) !== C.eq ? 'attribute' : next === C.quote || next === C.lbrace || isIdStart(next, this.text, this.pos) ? 'block' : undefined;
      if (c === C.quote && item) this.quotedNames.push({ start: name.start, end: name.end });
      if (item === 'attribute') {
        this.pos++;
        const expr = this.expression();
        body.attributes.push({ kind: 'attribute', start: name.start, end: expr.end, name: name.name, nameSpan: { start: name.start, end: name.end }, expr });
      } else if (item === 'block') {
        body.blocks.push(this.block(name));
      } else throw this.bodyError();
    }
  }

  /** HCL 1's quoted name of a body item, read as its bare name when it is one (else undefined, nothing read). */
  private quotedName(): Ident | undefined {
    const start = this.pos;
    const label = this.label();
    if (label.template || !BARE_NAME.test(label.value)) {
      this.pos = start;
      return undefined;
    }
    return { name: label.value, start: label.start, end: label.end };
  }

  private bodyError(): HclError {
    const start = this.pos;
    const end = Math.min(this.lineEnd(start), start + 80);
    return new HclError({ start, end: Math.max(end, Math.min(this.length, start + 1)) }, t('Argument or block definition required: an argument or block definition is expected here (a name followed by "=" or by a block\'s labels and "{").'));
  }

  private block(type: Ident): Block {
    const labels: Label[] = [];
    for (;;) {
      this.trivia();
      const c = this.code();
      if (c === C.quote) labels.push(this.label());
      else if (c === C.lbrace) break;
      else if (isIdStart(c, this.text, this.pos)) {
        const ident = this.ident();
        labels.push({ value: ident.name, start: ident.start, end: ident.end, quoted: false, template: false });
      } else throw this.bodyError();
    }
    const open = this.pos;
    this.pos++;
    const body: Body = { attributes: [], blocks: [] };
    const typeSpan = { start: type.start, end: type.end };
    if (!this.enter()) {
      this.skipBalanced(open);
      return { kind: 'block', start: type.start, end: this.pos, type: type.name, typeSpan, labels, body, open, close: this.pos - 1 };
    }
    try {
      this.bodyItems(body, true);
    } finally {
      this.depth--;
    }
    if (this.pos >= this.length) throw new HclError({ start: open, end: open + 1 }, t('Unclosed configuration block: there is no closing brace for this block before the end of the file.'));
    const close = this.pos;
    this.pos++;
    return { kind: 'block', start: type.start, end: this.pos, type: type.name, typeSpan, labels, body, open, close };
  }

  /** A quoted block label: its value, or its text when it holds a template sequence (HCL refuses it; a rule says so). */
  private label(): Label {
    const start = this.pos;
    const template = this.quoted();
    const end = this.pos;
    if (template.kind === 'literal') return { value: template.value as string, start, end, quoted: true, template: false };
    return { value: this.text.slice(start + 1, this.text.charCodeAt(end - 1) === C.quote ? end - 1 : end), start, end, quoted: true, template: true };
  }

  /** An expression: a conditional, or a chain of binary operations over unary terms. */
  expression(): Expr {
    const start = this.skipToken();
    if (!this.enter()) {
      this.skipExpression();
      this.limit({ start, end: this.pos });
      this.height = 1;
      return { kind: 'invalid', start, end: this.pos };
    }
    try {
      return this.conditional();
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
      this.skipExpression();
      this.limit({ start, end: this.pos });
      this.height = 1;
      return { kind: 'invalid', start, end: this.pos };
    } finally {
      this.depth--;
    }
  }

  protected conditional(): Expr {
    const cond = this.binary();
    const condHeight = this.height;
    this.trivia();
    if (this.code() !== C.question) return cond;
    this.pos++;
    const then = this.expression();
    const thenHeight = this.height;
    this.trivia();
    if (this.code() !== C.colon) throw this.expressionError('":" expected');
    this.pos++;
    const otherwise = this.expression();
    this.height = 1 + Math.max(condHeight, thenHeight, this.height);
    return { kind: 'conditional', cond, then, else: otherwise, start: cond.start, end: otherwise.end };
  }

  /** Binary operators by precedence climbing, left-associative, with the tree's height counted (a chain is as deep as it is long). */
  protected binary(): Expr {
    const operands: Expr[] = [this.unary()];
    const heights: number[] = [this.height];
    const operators: string[] = [];
    const reduce = () => {
      const right = operands.pop()!;
      const left = operands.pop()!;
      const rh = heights.pop()!;
      const lh = heights.pop()!;
      const height = 1 + Math.max(lh, rh);
      if (height + this.depth > MAX_NESTING) throw new TooDeep();
      operands.push({ kind: 'binary', op: operators.pop()!, left, right, start: left.start, end: right.end });
      heights.push(height);
    };
    for (;;) {
      this.trivia();
      const op = this.operator();
      if (!op) break;
      const precedence = PRECEDENCE[op];
      while (operators.length > 0 && PRECEDENCE[operators[operators.length - 1]] >= precedence) reduce();
      this.pos += op.length;
      operators.push(op);
      operands.push(this.unary());
      heights.push(this.height);
    }
    while (operators.length > 0) reduce();
    this.height = heights[0];
    return operands[0];
  }

  /** The binary operator at the cursor, if any. */
  protected operator(): string | undefined {
    const c = this.code();
    const n = this.text.charCodeAt(this.pos + 1);
    switch (c) {
      case C.plus:
      case C.star:
      case C.slash:
      case C.percent:
        return String.fromCharCode(c);
      case C.minus:
        return '-';
      case C.eq:
        return n === C.eq ? '==' : undefined;
      case C.bang:
        return n === C.eq ? '!=' : undefined;
      case C.lt:
        return n === C.eq ? '<=' : n === C.lt ? undefined : '<';
      case C.gt:
        return n === C.eq ? '>=' : '>';
      case C.amp:
        return n === C.amp ? '&&' : undefined;
      case C.pipe:
        return n === C.pipe ? '||' : undefined;
      default:
        return undefined;
    }
  }

  protected unary(): Expr {
    this.trivia();
    const c = this.code();
    if ((c === C.minus || c === C.bang) && this.text.charCodeAt(this.pos + 1) !== C.eq) {
      const start = this.pos;
      this.pos++;
      // Nested unary operators (`- - - x`) are a chain too.
      if (!this.enter()) throw new TooDeep();
      try {
        const operand = this.unary();
        this.height++;
        return { kind: 'unary', op: String.fromCharCode(c), operand, start, end: operand.end };
      } finally {
        this.depth--;
      }
    }
    return this.postfix(this.term());
  }

  /** The steps after a term (`.name`, `[key]`, `.0`, `.*`, `[*]`). */
  protected postfix(base: Expr): Expr {
    const steps: Step[] = [];
    const baseHeight = this.height;
    let height = 0;
    for (;;) {
      this.trivia();
      const c = this.code();
      if (c === C.dot) {
        const at = this.pos;
        const n = this.text.charCodeAt(at + 1);
        let after = at + 1;
        while (after < this.length && this.isBlank(this.text.charCodeAt(after))) after++;
        const m = this.text.charCodeAt(after);
        if (n === C.star) {
          steps.push({ kind: 'splat', full: false, start: at, end: at + 2 });
          this.pos = at + 2;
        } else if (isDigit(m)) {
          let end = after;
          while (end < this.length && isDigit(this.text.charCodeAt(end))) end++;
          steps.push({ kind: 'index', key: { kind: 'literal', type: 'number', value: Number(this.text.slice(after, end)), start: at + 1, end }, legacy: true, start: at, end });
          this.pos = end;
        } else if (isIdStart(m, this.text, after)) {
          this.pos = after;
          const name = this.ident();
          steps.push({ kind: 'attr', name: name.name, start: name.start, end: name.end });
        } else break;
      } else if (c === C.lbracket) {
        const start = this.pos;
        let after = start + 1;
        while (after < this.length && this.isBlank(this.text.charCodeAt(after))) after++;
        if (this.text.charCodeAt(after) === C.star) {
          let close = after + 1;
          while (close < this.length && this.isBlank(this.text.charCodeAt(close))) close++;
          if (this.text.charCodeAt(close) !== C.rbracket) throw this.expressionError();
          steps.push({ kind: 'splat', full: true, start, end: close + 1 });
          this.pos = close + 1;
          continue;
        }
        this.pos++;
        const key = this.expression();
        height = Math.max(height, this.height);
        this.trivia();
        if (this.code() !== C.rbracket) throw this.missing(']', start);
        this.pos++;
        steps.push({ kind: 'index', key, start, end: this.pos });
      } else break;
    }
    this.height = Math.max(baseHeight, height + 1);
    if (steps.length === 0) {
      this.height = baseHeight;
      return base;
    }
    const end = steps[steps.length - 1].end;
    if (base.kind === 'traversal' && base.steps.length === 0) return { ...base, steps, end };
    return { kind: 'postfix', base, steps, start: base.start, end };
  }

  protected term(): Expr {
    this.trivia();
    const start = this.pos;
    const c = this.code();
    this.height = 1;
    if (c === C.quote) return this.quoted();
    if (isDigit(c)) return this.number();
    if (c === C.lbracket) return this.nested(() => this.tupleOrFor());
    if (c === C.lbrace) return this.nested(() => this.objectOrFor());
    if (c === C.lparen) {
      return this.nested(() => {
        this.pos++;
        const inner = this.expression();
        const h = this.height;
        this.trivia();
        if (this.code() !== C.rparen) throw this.missing(')', start);
        this.pos++;
        this.height = h + 1;
        return { kind: 'paren', inner, start, end: this.pos };
      });
    }
    if (c === C.lt && this.text.charCodeAt(start + 1) === C.lt) return this.heredoc();
    if (isIdStart(c, this.text, start)) {
      const name = this.ident();
      if (name.name === 'true' || name.name === 'false') return { kind: 'literal', type: 'bool', value: name.name === 'true', start, end: name.end };
      if (name.name === 'null') return { kind: 'literal', type: 'null', value: null, start, end: name.end };
      let after = this.pos;
      while (after < this.length && this.isBlank(this.text.charCodeAt(after))) after++;
      if (this.text.charCodeAt(after) === C.lparen) {
        this.pos = after;
        return this.nested(() => this.call(name));
      }
      return { kind: 'traversal', root: name, steps: [], start, end: name.end };
    }
    throw this.expressionError();
  }

  /** A bracketed construct, counted as one level of nesting. */
  protected nested(read: () => Expr): Expr {
    if (!this.enter()) throw new TooDeep();
    try {
      const expr = read();
      this.height = Math.max(this.height, 1);
      return expr;
    } finally {
      this.depth--;
    }
  }

  protected number(): Expr {
    const start = this.pos;
    const text = this.text;
    let p = start;
    while (p < this.length && isDigit(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === C.dot && isDigit(text.charCodeAt(p + 1))) {
      p++;
      while (p < this.length && isDigit(text.charCodeAt(p))) p++;
    }
    const e = text.charCodeAt(p);
    if (e === 101 || e === 69) {
      let q = p + 1;
      if (text.charCodeAt(q) === C.plus || text.charCodeAt(q) === C.minus) q++;
      if (isDigit(text.charCodeAt(q))) {
        while (q < this.length && isDigit(text.charCodeAt(q))) q++;
        p = q;
      }
    }
    this.pos = p;
    return { kind: 'literal', type: 'number', value: Number(text.slice(start, p)), start, end: p };
  }

  protected call(name: Ident): Expr {
    const open = this.pos;
    this.pos++;
    const args: Expr[] = [];
    let expand = false;
    let height = 0;
    for (;;) {
      this.trivia();
      if (this.code() === C.rparen) break;
      if (this.pos >= this.length) throw this.missing(')', open);
      args.push(this.expression());
      height = Math.max(height, this.height);
      this.trivia();
      if (this.startsWith('...')) {
        this.pos += 3;
        expand = true;
        this.trivia();
        if (this.code() === C.comma) {
          this.pos++;
          this.trivia();
        }
        if (this.code() !== C.rparen) throw this.missing(')', open);
        break;
      }
      if (this.code() === C.comma) {
        this.pos++;
        continue;
      }
      if (this.code() !== C.rparen) throw this.missing(')', open);
    }
    this.pos++;
    this.height = height + 1;
    return { kind: 'call', name, args, expand, start: name.start, end: this.pos };
  }

  /** `for` then a name, at the cursor (after `[` or `{`): a for expression. */
  protected forAhead(): boolean {
    this.trivia();
    if (!this.startsWith('for')) return false;
    const after = this.pos + 3;
    const c = this.text.charCodeAt(after);
    if (!this.isBlank(c) && c !== C.lf && c !== C.cr) return false;
    let p = after;
    while (p < this.length && (this.isBlank(this.text.charCodeAt(p)) || this.text.charCodeAt(p) === C.lf || this.text.charCodeAt(p) === C.cr)) p++;
    return isIdStart(this.text.charCodeAt(p), this.text, p);
  }

  protected tupleOrFor(): Expr {
    const start = this.pos;
    this.pos++;
    if (this.forAhead()) return this.forExpr(start, false);
    const items: Expr[] = [];
    let height = 0;
    for (;;) {
      this.trivia();
      if (this.code() === C.rbracket) break;
      if (this.pos >= this.length) throw this.missing(']', start);
      items.push(this.expression());
      height = Math.max(height, this.height);
      this.trivia();
      if (this.code() === C.comma) {
        this.pos++;
        continue;
      }
      if (this.code() !== C.rbracket) throw this.missing(']', start);
    }
    this.pos++;
    this.height = height + 1;
    return { kind: 'tuple', items, start, end: this.pos };
  }

  protected objectOrFor(): Expr {
    const start = this.pos;
    this.pos++;
    if (this.forAhead()) return this.forExpr(start, true);
    const items: { key: Expr; value: Expr }[] = [];
    let height = 0;
    for (;;) {
      this.trivia();
      if (this.code() === C.rbrace) break;
      if (this.pos >= this.length) throw new HclError({ start, end: start + 1 }, t('Invalid syntax: "{0}" expected here.', '}'));
      const key = this.expression();
      height = Math.max(height, this.height);
      this.trivia();
      const c = this.code();
      if ((c !== C.eq || this.text.charCodeAt(this.pos + 1) === C.eq || this.text.charCodeAt(this.pos + 1) === C.gt) && c !== C.colon) throw this.expressionError('"=" expected');
      this.pos++;
      const value = this.expression();
      height = Math.max(height, this.height);
      items.push({ key, value });
      this.trivia();
      if (this.code() === C.comma) this.pos++;
    }
    this.pos++;
    this.height = height + 1;
    return { kind: 'object', items, start, end: this.pos };
  }

  protected forExpr(start: number, object: boolean): Expr {
    this.pos += 3;
    const names = this.forHead();
    const collection = this.expression();
    let height = this.height;
    this.trivia();
    if (this.code() !== C.colon) throw this.expressionError('":" expected');
    this.pos++;
    let key: Expr | undefined;
    let value = this.expression();
    height = Math.max(height, this.height);
    let group = false;
    if (object) {
      this.trivia();
      if (!this.startsWith('=>')) throw this.expressionError('"=>" expected');
      this.pos += 2;
      key = value;
      value = this.expression();
      height = Math.max(height, this.height);
      this.trivia();
      if (this.startsWith('...')) {
        this.pos += 3;
        group = true;
      }
    }
    let cond: Expr | undefined;
    this.trivia();
    if (this.keyword('if')) {
      cond = this.expression();
      height = Math.max(height, this.height);
      this.trivia();
    }
    const close = object ? C.rbrace : C.rbracket;
    if (this.code() !== close) throw object ? new HclError({ start, end: start + 1 }, t('Invalid syntax: "{0}" expected here.', '}')) : this.missing(']', start);
    this.pos++;
    this.height = height + 1;
    return { kind: 'for', object, names, collection, key, value, cond, group, start, end: this.pos };
  }

  /** A keyword (`in`, `if`) followed by something that is not a name's character. */
  protected keyword(word: string): boolean {
    this.trivia();
    if (!this.startsWith(word)) return false;
    const after = this.pos + word.length;
    if (after < this.length && isIdContinue(this.text.charCodeAt(after), this.text, after)) return false;
    this.pos = after;
    return true;
  }

  /** Whether only trivia is left. */
  atEnd(): boolean {
    this.trivia();
    return this.pos >= this.length;
  }

  /** The whole text as a template's content, read as a heredoc's (no backslash escapes: a JSON string's are undone already). */
  bareTemplate(): Expr {
    const parts = this.templateParts(true, 0);
    if (this.pos < this.length) throw this.expressionError();
    return { kind: 'template', parts, heredoc: true, start: 0, end: this.length };
  }
}

/** A native-syntax file's syntax. */
export function parseNative(text: string): NativeResult {
  return new NativeParser(text).file();
}

/** One expression (the JSON syntax's strings Terraform reads as expressions); undefined when it does not parse. */
export function parseNativeExpression(text: string): Expr | undefined {
  const parser = new NativeParser(text);
  try {
    const expr = parser.expression();
    return parser.atEnd() ? expr : undefined;
  } catch (e) {
    if (e instanceof HclError) return undefined;
    throw e;
  }
}

/** A template's content (no quotes: the JSON syntax's strings); undefined when it does not parse. */
export function parseNativeTemplate(text: string): Expr | undefined {
  const parser = new NativeParser(text);
  try {
    return parser.bareTemplate();
  } catch (e) {
    if (e instanceof HclError) return undefined;
    throw e;
  }
}
