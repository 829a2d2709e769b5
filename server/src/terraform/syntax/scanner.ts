/**
 * The characters of HCL's native syntax for its parser (native.ts): trivia and comments, names,
 * errors, the nesting count and the reading past what is nested beyond it.
 */
import { t } from '../../l10n/t';
import type { Comment, Ident, Span, SyntaxProblem } from './syntax';

/** Expressions and blocks nested deeper than this are not read further (a limit finding says so). */
export const MAX_NESTING = 200;


/** A parse error: where, and what to say. */
export class HclError extends Error {
  constructor(
    readonly span: Span,
    message: string,
  ) {
    super(message);
  }
}

/** An expression past the nesting bound: read, not built. */
export class TooDeep extends Error {}

export const C = {
  tab: 9,
  lf: 10,
  cr: 13,
  space: 32,
  bang: 33,
  quote: 34,
  hash: 35,
  dollar: 36,
  percent: 37,
  amp: 38,
  lparen: 40,
  rparen: 41,
  star: 42,
  plus: 43,
  comma: 44,
  minus: 45,
  dot: 46,
  slash: 47,
  zero: 48,
  nine: 57,
  colon: 58,
  lt: 60,
  eq: 61,
  gt: 62,
  question: 63,
  lbracket: 91,
  backslash: 92,
  rbracket: 93,
  underscore: 95,
  lbrace: 123,
  pipe: 124,
  rbrace: 125,
  tilde: 126,
} as const;

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

export function isDigit(c: number): boolean {
  return c >= C.zero && c <= C.nine;
}

export function isIdStart(c: number, text: string, at: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C.underscore) return true;
  if (!(c >= 128)) return false;
  return ID_START.test(String.fromCodePoint(text.codePointAt(at) ?? c));
}

export function isIdContinue(c: number, text: string, at: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= C.zero && c <= C.nine) || c === C.underscore || c === C.minus) return true;
  if (!(c >= 128)) return false;
  return ID_CONTINUE.test(String.fromCodePoint(text.codePointAt(at) ?? c));
}

/** The scanner under the parser: its cursor, the comments met, the limits said. */
export class Scanner {
  protected pos = 0;
  protected depth = 0;
  /** The height of the expression last returned (its deepest chain of nodes). */
  protected height = 0;
  readonly comments: Comment[] = [];
  readonly limits: SyntaxProblem[] = [];
  protected readonly length: number;

  constructor(protected readonly text: string) {
    this.length = text.length;
  }


  /** Counts one level of nesting: false (and a limit said once) past MAX_NESTING. */
  protected enter(): boolean {
    if (++this.depth <= MAX_NESTING) return true;
    this.depth--;
    return false;
  }

  protected limit(span: Span): void {
    if (this.limits.length === 0) this.limits.push({ ...span, message: t('Expressions nested more than {0} levels deep are not read further (a limit of Archipel).', MAX_NESTING) });
  }

  /** An expression: a conditional, or a chain of binary operations over unary terms. */

  // ---- past the nesting bound: read, nothing built ----

  /** Past an expression without building it: to the end of its line outside brackets, brackets and strings balanced. */
  protected skipExpression(): void {
    let depth = 0;
    let pending = 0;
    const text = this.text;
    while (this.pos < this.length) {
      const c = text.charCodeAt(this.pos);
      if (c === C.quote) {
        this.skipQuoted();
        continue;
      }
      if (c === C.hash || (c === C.slash && (text.charCodeAt(this.pos + 1) === C.slash || text.charCodeAt(this.pos + 1) === C.star))) {
        if (depth === 0 && c !== C.slash) return;
        this.trivia();
        continue;
      }
      if (c === C.lparen || c === C.lbracket || c === C.lbrace) depth++;
      else if (c === C.rparen || c === C.rbracket || c === C.rbrace) {
        if (depth === 0) return;
        depth--;
      } else if (depth === 0) {
        // A conditional's `:` is its own; another `:`, a `,`, a line's end or an object's `=` end the expression.
        if (c === C.question) pending++;
        else if (c === C.colon && pending > 0) pending--;
        else if (c === C.lf || c === C.comma || c === C.colon) return;
        else if (c === C.eq && !this.operatorEquals(this.pos)) return;
      }
      this.pos++;
    }
  }

  /** Whether the `=` at `at` is part of an operator (`==`, `!=`, `<=`, `>=`, `=>`). */
  protected operatorEquals(at: number): boolean {
    const before = this.text.charCodeAt(at - 1);
    const after = this.text.charCodeAt(at + 1);
    return after === C.eq || after === C.gt || before === C.eq || before === C.bang || before === C.lt || before === C.gt;
  }

  protected skipQuoted(): void {
    const text = this.text;
    this.pos++;
    let depth = 0;
    while (this.pos < this.length) {
      const c = text.charCodeAt(this.pos);
      if (c === C.backslash) this.pos += 2;
      else if (depth === 0 && (c === C.quote || c === C.lf)) {
        if (c === C.quote) this.pos++;
        return;
      } else {
        if ((c === C.dollar || c === C.percent) && text.charCodeAt(this.pos + 1) === C.lbrace) {
          depth++;
          this.pos++;
        } else if (c === C.rbrace && depth > 0) depth--;
        this.pos++;
      }
    }
  }

  /** Past a block's body too deep to read: to its matching `}`. */
  protected skipBalanced(open: number): void {
    this.pos = open + 1;
    let depth = 1;
    while (this.pos < this.length && depth > 0) {
      const c = this.text.charCodeAt(this.pos);
      if (c === C.quote) {
        this.skipQuoted();
        continue;
      }
      if (c === C.hash || (c === C.slash && (this.text.charCodeAt(this.pos + 1) === C.slash || this.text.charCodeAt(this.pos + 1) === C.star))) {
        this.trivia();
        continue;
      }
      if (c === C.lbrace) depth++;
      else if (c === C.rbrace) depth--;
      this.pos++;
    }
    this.limit({ start: open, end: this.pos });
  }

  // ---- characters ----

  protected code(): number {
    return this.text.charCodeAt(this.pos);
  }

  protected startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  protected isBlank(c: number): boolean {
    return c === C.space || c === C.tab;
  }

  protected isSpace(c: number): boolean {
    return c === C.space || c === C.tab || c === C.lf || c === C.cr;
  }

  protected lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl === -1 ? this.length : nl;
  }

  /** Whitespace, line breaks and comments (collected). */
  protected trivia(): void {
    const text = this.text;
    while (this.pos < this.length) {
      const c = text.charCodeAt(this.pos);
      if (c === C.space || c === C.tab || c === C.lf || c === C.cr || c === 0xfeff || c === 0x0b || c === 0x0c) {
        this.pos++;
        continue;
      }
      if (c === C.hash || (c === C.slash && text.charCodeAt(this.pos + 1) === C.slash)) {
        const start = this.pos;
        const end = this.lineEnd(start);
        this.comments.push({ start, end, text: text.slice(start, end), style: c === C.hash ? '#' : '//' });
        this.pos = end;
        continue;
      }
      if (c === C.slash && text.charCodeAt(this.pos + 1) === C.star) {
        const start = this.pos;
        const close = text.indexOf('*/', start + 2);
        const end = close === -1 ? this.length : close + 2;
        this.comments.push({ start, end, text: text.slice(start, end), style: '/*' });
        this.pos = end;
        continue;
      }
      return;
    }
  }

  /** Trivia skipped; the cursor's offset. */
  protected skipToken(): number {
    this.trivia();
    return this.pos;
  }

  protected ident(): Ident {
    const start = this.pos;
    const text = this.text;
    let p = start + (text.codePointAt(start)! > 0xffff ? 2 : 1);
    for (;;) {
      const c = text.charCodeAt(p);
      if (p >= this.length) break;
      if (c === C.colon && text.charCodeAt(p + 1) === C.colon) {
        p += 2;
        continue;
      }
      if (!isIdContinue(c, text, p)) break;
      p += text.codePointAt(p)! > 0xffff ? 2 : 1;
    }
    this.pos = p;
    return { name: text.slice(start, p), start, end: p };
  }

  protected identOrError(): Ident {
    if (!isIdStart(this.code(), this.text, this.pos)) throw this.expressionError('a name expected');
    return this.ident();
  }

  protected expressionError(_expected?: string): HclError {
    this.trivia();
    const start = this.pos;
    if (start >= this.length) return new HclError({ start: Math.max(0, this.length - 1), end: this.length }, t('Invalid expression: this is not a valid HCL expression.'));
    const end = Math.min(this.lineEnd(start), start + 80);
    return new HclError({ start, end: Math.max(end, start + 1) }, t('Invalid expression: this is not a valid HCL expression.'));
  }

  protected missing(what: ']' | ')', opened: number): HclError {
    this.trivia();
    const at = Math.min(this.pos, this.length);
    const message = what === ']' ? t('Missing "]": a tuple (list) is not closed.') : t('Missing ")": a parenthesis or a function call is not closed.');
    return new HclError(at >= this.length ? { start: opened, end: opened + 1 } : { start: at, end: Math.min(this.length, at + 1) }, message);
  }
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
