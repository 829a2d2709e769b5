/**
 * HCL's templates for its parser (native.ts): quoted strings, heredocs, interpolations and the
 * `%{if}`/`%{for}` directives (strip markers read), into syntax.ts's template parts.
 */
import { t } from '../../l10n/t';
import { C, HclError, isIdContinue, Scanner, TooDeep, unescapeQuoted } from './scanner';
import type { Expr, Ident, TemplatePart } from './syntax';

/** The templates of HCL, over the expressions the parser reads. */
export abstract class TemplateReader extends Scanner {
  /** An expression (native.ts). */
  abstract expression(): Expr;

  /** A keyword (`in`, `if`) followed by something that is not a name's character. */
  protected abstract keyword(word: string): boolean;


  /** A quoted string: a literal when it holds no template sequence, else a template. */
  protected quoted(): Expr {
    const start = this.pos;
    this.pos++;
    const parts = this.templateParts(false, start);
    if (this.code() !== C.quote) throw new HclError({ start, end: Math.max(start + 1, Math.min(this.lineEnd(start), this.length)) }, t('Unterminated template string: a quoted string is not closed on its line.'));
    this.pos++;
    const end = this.pos;
    if (parts.length === 0) return { kind: 'literal', type: 'string', value: '', start, end };
    if (parts.length === 1 && parts[0].kind === 'text') return { kind: 'literal', type: 'string', value: parts[0].value, start, end };
    return { kind: 'template', parts, heredoc: false, start, end };
  }

  protected heredoc(): Expr {
    const start = this.pos;
    let p = start + 2;
    const indented = this.text.charCodeAt(p) === C.minus;
    if (indented) p++;
    const idStart = p;
    while (p < this.length && isIdContinue(this.text.charCodeAt(p), this.text, p)) p++;
    const marker = this.text.slice(idStart, p);
    if (!marker || this.text.charCodeAt(p) !== C.lf && !(this.text.charCodeAt(p) === C.cr && this.text.charCodeAt(p + 1) === C.lf)) throw this.expressionError();
    this.pos = p;
    const parts = this.templateParts(true, start, marker);
    // At the closing marker's line (its indentation skipped).
    while (this.isBlank(this.code())) this.pos++;
    if (!this.startsWith(marker)) throw new HclError({ start, end: this.lineEnd(start) }, t('Unterminated template string: a quoted string is not closed on its line.'));
    this.pos += marker.length;
    this.height = 1;
    return { kind: 'template', parts, heredoc: true, start, end: this.pos };
  }

  /** Whether the line starting at `at` is the heredoc's closing marker (indentation allowed). */
  protected closesHeredoc(at: number, marker: string): boolean {
    let p = at;
    while (p < this.length && this.isBlank(this.text.charCodeAt(p))) p++;
    if (!this.text.startsWith(marker, p)) return false;
    const after = p + marker.length;
    return after >= this.length || this.text.charCodeAt(after) === C.lf || this.text.charCodeAt(after) === C.cr;
  }

  /**
   * The parts of a template up to its end (`"`, the heredoc's marker, or a directive's `%{`
   * keyword, for which it stops at the `%{`). Text parts hold their value unescaped (quoted) or as
   * written with `$${`/`%%{` unescaped (heredoc).
   */
  protected templateParts(heredoc: boolean, opened: number, marker?: string, inDirective = false): TemplatePart[] {
    const parts: TemplatePart[] = [];
    const text = this.text;
    let textStart = this.pos;
    const flush = (end: number) => {
      if (end > textStart) {
        const raw = text.slice(textStart, end);
        parts.push({ kind: 'text', value: heredoc ? raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeQuoted(raw), start: textStart, end });
      }
    };
    // A heredoc's text starts after the line break that follows its opening marker.
    if (heredoc && marker !== undefined && !inDirective) {
      if (text.charCodeAt(this.pos) === C.cr) this.pos++;
      this.pos++;
      textStart = this.pos;
      if (this.closesHeredoc(this.pos, marker)) return parts;
    }
    while (this.pos < this.length) {
      const c = text.charCodeAt(this.pos);
      if (!heredoc && c === C.quote) break;
      if (!heredoc && (c === C.lf || c === C.cr)) break;
      if (!heredoc && c === C.backslash) {
        this.pos += 2;
        continue;
      }
      if (heredoc && c === C.lf) {
        this.pos++;
        if (marker !== undefined && this.closesHeredoc(this.pos, marker)) {
          flush(this.pos);
          return parts;
        }
        continue;
      }
      if ((c === C.dollar || c === C.percent) && text.charCodeAt(this.pos + 1) === C.lbrace) {
        flush(this.pos);
        if (c === C.dollar) parts.push(this.interpolation());
        else {
          const keyword = this.directiveKeyword();
          if (keyword === 'if') parts.push(this.templateIf(heredoc, opened, marker));
          else if (keyword === 'for') parts.push(this.templateFor(heredoc, opened, marker));
          else if (inDirective) return parts;
          else throw new HclError({ start: this.pos, end: Math.min(this.length, this.pos + 2) }, t('Invalid syntax: "{0}" expected here.', 'if/for'));
        }
        textStart = this.pos;
        continue;
      }
      if ((c === C.dollar || c === C.percent) && text.charCodeAt(this.pos + 1) === c && text.charCodeAt(this.pos + 2) === C.lbrace) {
        this.pos += 3;
        continue;
      }
      this.pos++;
    }
    flush(this.pos);
    return parts;
  }

  /** The keyword of the directive at the cursor (`%{ if`, `%{~ endfor ~}`), without moving. */
  protected directiveKeyword(): string {
    let p = this.pos + 2;
    if (this.text.charCodeAt(p) === C.tilde) p++;
    while (p < this.length && this.isSpace(this.text.charCodeAt(p))) p++;
    const start = p;
    while (p < this.length && isIdContinue(this.text.charCodeAt(p), this.text, p)) p++;
    return this.text.slice(start, p);
  }

  /** `${ expr }` (strip markers allowed). */
  protected interpolation(): TemplatePart {
    const start = this.pos;
    this.pos += 2;
    if (this.code() === C.tilde) this.pos++;
    this.trivia();
    let expr: Expr;
    if (this.code() === C.rbrace || (this.code() === C.tilde && this.text.charCodeAt(this.pos + 1) === C.rbrace)) expr = { kind: 'invalid', start, end: start };
    else expr = this.expression();
    this.trivia();
    if (this.code() === C.tilde) this.pos++;
    if (this.code() !== C.rbrace) throw new HclError({ start, end: Math.min(this.length, start + 2) }, t('Invalid syntax: "{0}" expected here.', '}'));
    this.pos++;
    if (expr.kind === 'invalid' && expr.end === start) expr = { kind: 'invalid', start, end: this.pos };
    return { kind: 'interp', expr, start, end: this.pos };
  }

  /** `%{ keyword … }`: the cursor after it; the expression read by `inside` between the keyword and `}`. */
  protected directive(keyword: string, inside?: () => void): void {
    this.pos += 2;
    if (this.code() === C.tilde) this.pos++;
    this.trivia();
    this.pos += keyword.length;
    inside?.();
    this.trivia();
    if (this.code() === C.tilde) this.pos++;
    if (this.code() !== C.rbrace) throw new HclError({ start: this.pos, end: Math.min(this.length, this.pos + 1) }, t('Invalid syntax: "{0}" expected here.', '}'));
    this.pos++;
  }

  protected templateIf(heredoc: boolean, opened: number, marker: string | undefined): TemplatePart {
    const start = this.pos;
    if (!this.enter()) throw new TooDeep();
    try {
      let cond: Expr = { kind: 'invalid', start, end: start };
      this.directive('if', () => {
        cond = this.expression();
      });
      const then = this.templateParts(heredoc, opened, marker, true);
      let otherwise: TemplatePart[] = [];
      let keyword = this.atDirective();
      if (keyword === 'else') {
        this.directive('else');
        otherwise = this.templateParts(heredoc, opened, marker, true);
        keyword = this.atDirective();
      }
      if (keyword !== 'endif') throw new HclError({ start, end: Math.min(this.length, start + 2) }, t('Invalid syntax: "{0}" expected here.', '%{endif}'));
      this.directive('endif');
      return { kind: 'if', cond, then, else: otherwise, start, end: this.pos };
    } finally {
      this.depth--;
    }
  }

  /** A `for` head's names (`k, v`) and its `in`: a for expression's and a template's for directive's. */
  protected forHead(): Ident[] {
    const names: Ident[] = [];
    this.trivia();
    names.push(this.identOrError());
    this.trivia();
    if (this.code() === C.comma) {
      this.pos++;
      this.trivia();
      names.push(this.identOrError());
      this.trivia();
    }
    if (!this.keyword('in')) throw this.expressionError('"in" expected');
    return names;
  }

  protected templateFor(heredoc: boolean, opened: number, marker: string | undefined): TemplatePart {
    const start = this.pos;
    if (!this.enter()) throw new TooDeep();
    try {
      const names: Ident[] = [];
      let collection: Expr = { kind: 'invalid', start, end: start };
      this.directive('for', () => {
        names.push(...this.forHead());
        collection = this.expression();
      });
      const body = this.templateParts(heredoc, opened, marker, true);
      if (this.atDirective() !== 'endfor') throw new HclError({ start, end: Math.min(this.length, start + 2) }, t('Invalid syntax: "{0}" expected here.', '%{endfor}'));
      this.directive('endfor');
      return { kind: 'for', names, collection, body, start, end: this.pos };
    } finally {
      this.depth--;
    }
  }

  /** The keyword of the directive at the cursor, or '' when the cursor is not at one. */
  protected atDirective(): string {
    return this.code() === C.percent && this.text.charCodeAt(this.pos + 1) === C.lbrace ? this.directiveKeyword() : '';
  }

}
