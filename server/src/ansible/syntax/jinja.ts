/**
 * Jinja2 as Ansible writes it in values: the `{{ … }}`, `{% … %}` and `{# … #}` parts of a string,
 * the tokens of an expression, a parser that says where an expression breaks Jinja's grammar and
 * which variables it reads (those a `default` filter or an `is defined` test guards apart), and the
 * spacing ansible-lint's `jinja[spacing]` asks for. Linear in the text; the parser's nesting is bounded.
 */

export interface JinjaPart {
  /** `{{`, `{%` or `{#`. */
  readonly open: '{{' | '{%' | '{#';
  /** Offsets of the part's inside (between the delimiters and their `-`/`+` trim marks) in the string. */
  readonly start: number;
  readonly end: number;
  /** Offset of the opening delimiter, and just past the closing one (the string's end when unclosed). */
  readonly outerStart: number;
  readonly outerEnd: number;
  readonly closed: boolean;
}

const CLOSE = { '{{': '}}', '{%': '%}', '{#': '#}' } as const;

/** Whether a string holds Jinja (ansible-lint's has_jinja). */
export function hasJinja(text: string): boolean {
  // By native search for `{` (asked of every string of every task: most hold none).
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (next === 0x7b /* { */ || next === 0x25 /* % */ || next === 0x23 /* # */) return true;
  }
  return false;
}

/** The Jinja parts of a string, in order; `{% raw %}…{% endraw %}` content is plain text. */
export function jinjaParts(text: string): JinjaPart[] {
  const parts: JinjaPart[] = [];
  let at = 0;
  let raw = false;
  while (at < text.length) {
    const open = text.indexOf('{', at);
    if (open < 0 || open + 1 >= text.length) break;
    const kind = text.slice(open, open + 2);
    if (kind !== '{{' && kind !== '{%' && kind !== '{#') {
      at = open + 1;
      continue;
    }
    const delimiter = kind;
    let start = open + 2;
    if (text[start] === '-' || text[start] === '+') start++;
    const close = closingOf(text, start, delimiter);
    const closed = close >= 0;
    let end = closed ? close : text.length;
    if (closed && end > start && (text[end - 1] === '-' || text[end - 1] === '+') && delimiter !== '{{') end--;
    else if (closed && end > start && text[end - 1] === '-') end--;
    const part: JinjaPart = { open: delimiter, start, end, outerStart: open, outerEnd: closed ? close + 2 : text.length, closed };
    if (delimiter === '{%') {
      const verb = /^\s*(\w+)/.exec(text.slice(start, end))?.[1];
      if (verb === 'raw') raw = true;
      else if (verb === 'endraw') raw = false;
      else if (!raw) parts.push(part);
    } else if (!raw) {
      parts.push(part);
    }
    at = part.outerEnd;
  }
  return parts;
}

/** Where a part's closing delimiter starts, skipping quoted strings of an expression (-1: unclosed). */
function closingOf(text: string, from: number, open: JinjaPart['open']): number {
  const close = CLOSE[open];
  if (open === '{#') return text.indexOf(close, from);
  // As Jinja's lexer: quoted strings skipped, and `}}` closes only outside the expression's own braces.
  let quote = '';
  let depth = 0;
  for (let i = from; i < text.length - 1; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (depth === 0 && char === close[0] && text[i + 1] === close[1]) {
      return i;
    } else if (char === '{' || char === '[' || char === '(') {
      depth++;
    } else if ((char === '}' || char === ']' || char === ')') && depth > 0) {
      depth--;
    }
  }
  return -1;
}

export type TokenKind = 'name' | 'string' | 'number' | 'op' | 'error';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset in the expression text. */
  readonly start: number;
}

const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '~', '<', '>', '=', '|', '.', ',', ':', '(', ')', '[', ']', '{', '}'];

/** `[A-Za-z_]`, `\w` and `\d` of JavaScript's expressions (ASCII only), by character code (NaN past the end: none). */
function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}
function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
function isWord(code: number): boolean {
  return isLetter(code) || isDigit(code);
}

/** The tokens of a Jinja expression (whitespace dropped); an unterminated string or a stray character is an `error` token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const code = text.charCodeAt(i);
    // Character classes by code (a regular expression per character was most of the tokenizer's time); `\s` beyond ASCII by its expression.
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code > 0x7f && /\s/.test(char))) {
      i++;
      continue;
    }
    const start = i;
    if (isLetter(code)) {
      while (i < text.length && isWord(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'name', text: text.slice(start, i), start });
      continue;
    }
    if (isDigit(code)) {
      while (i < text.length && (isWord(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2e) && !(text.charCodeAt(i) === 0x2e && !isDigit(text.charCodeAt(i + 1)))) i++;
      tokens.push({ kind: 'number', text: text.slice(start, i), start });
      continue;
    }
    if (char === '"' || char === "'") {
      i++;
      while (i < text.length && text[i] !== char) i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) {
        tokens.push({ kind: 'error', text: text.slice(start), start });
        break;
      }
      i++;
      tokens.push({ kind: 'string', text: text.slice(start, i), start });
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (!op) {
      tokens.push({ kind: 'error', text: char, start });
      i++;
      continue;
    }
    tokens.push({ kind: 'op', text: op, start });
    i += op.length;
  }
  return tokens;
}

/** A variable an expression reads: its name and offset in the expression, and whether a `default` or a definedness test guards it. */
export interface NameUse {
  readonly name: string;
  readonly start: number;
  readonly guarded: boolean;
}

export interface ParsedExpression {
  readonly uses: NameUse[];
  /** Names the statement defines (`set x`, `for a, b in`, a macro's name and parameters). */
  readonly defines: string[];
  readonly error?: { message: string; start: number };
}

const KEYWORD_OPERANDS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);
const MAX_DEPTH = 64;

class ParseError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/**
 * A recursive-descent parser of Jinja's expression grammar (jinja2/parser.py's precedence: ternary,
 * or, and, not, comparisons, + -, ~, * / // %, **, unary, then postfix: attributes, subscripts,
 * calls, filters, tests), collecting the names read. Nesting deeper than 64 stops the parse.
 */
class ExpressionParser {
  private at = 0;
  private depth = 0;
  readonly uses: NameUse[] = [];
  /** Uses guarded by the filter or test being applied to them (by index in `uses`, from `guardFrom`). */
  constructor(
    private readonly tokens: readonly Token[],
    private readonly length: number,
  ) {}

  get done(): boolean {
    return this.at >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind !== 'string' && token.text === text;
  }

  private position(): number {
    return this.peek()?.start ?? this.length;
  }

  expect(text: string): void {
    if (!this.is(text)) throw new ParseError(this.done ? `unexpected end of template, expected '${text}'` : `expected token '${text}', got '${this.peek()?.text}'`, this.position());
    this.at++;
  }

  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.at++;
    return true;
  }

  expression(): void {
    if (++this.depth > MAX_DEPTH) throw new ParseError(`nested more than ${MAX_DEPTH} levels deep`, this.position());
    try {
      this.or();
      if (this.accept('if')) {
        this.or();
        if (this.accept('else')) this.expression();
      }
    } finally {
      this.depth--;
    }
  }

  private or(): void {
    this.and();
    while (this.accept('or')) this.and();
  }

  private and(): void {
    this.not();
    while (this.accept('and')) this.not();
  }

  private not(): void {
    // `not not … x` read in a loop: recursion overflowed the stack on 20,000 of them.
    while (this.accept('not'));
    this.compare();
  }

  private compare(): void {
    this.math1();
    for (;;) {
      if (['==', '!=', '<', '>', '<=', '>='].some((op) => this.is(op)) || this.is('in')) {
        this.at++;
        this.math1();
      } else if (this.is('not') && this.is('in', 1)) {
        this.at += 2;
        this.math1();
      } else {
        return;
      }
    }
  }

  private math1(): void {
    this.concat();
    while (this.is('+') || this.is('-')) {
      this.at++;
      this.concat();
    }
  }

  private concat(): void {
    this.math2();
    while (this.accept('~')) this.math2();
  }

  private math2(): void {
    this.pow();
    while (['*', '/', '//', '%'].some((op) => this.is(op))) {
      this.at++;
      this.pow();
    }
  }

  private pow(): void {
    this.unary();
    while (this.accept('**')) this.unary();
  }

  private unary(): void {
    while (this.is('-') || this.is('+')) this.at++;
    const first = this.uses.length;
    this.primary();
    this.postfix(first);
  }

  private primary(): void {
    const token = this.peek();
    if (!token) throw new ParseError('unexpected end of template', this.length);
    if (token.kind === 'error') throw new ParseError(token.text.length > 1 ? 'unexpected end of string' : `unexpected char '${token.text}'`, token.start);
    if (token.kind === 'name') {
      this.at++;
      if (!KEYWORD_OPERANDS.has(token.text)) {
        if (['and', 'or', 'not', 'in', 'is', 'if', 'else'].includes(token.text)) throw new ParseError(`unexpected '${token.text}'`, token.start);
        this.uses.push({ name: token.text, start: token.start, guarded: false });
      }
      return;
    }
    if (token.kind === 'string') {
      while (this.peek()?.kind === 'string') this.at++;
      return;
    }
    if (token.kind === 'number') {
      this.at++;
      return;
    }
    if (this.accept('(')) return this.sequence(')');
    if (this.accept('[')) return this.sequence(']');
    if (this.accept('{')) {
      while (!this.accept('}')) {
        this.expression();
        this.expect(':');
        this.expression();
        if (!this.accept(',')) {
          this.expect('}');
          return;
        }
      }
      return;
    }
    throw new ParseError(`unexpected '${token.text}'`, token.start);
  }

  private sequence(close: string): void {
    while (!this.accept(close)) {
      this.expression();
      if (!this.accept(',')) {
        this.expect(close);
        return;
      }
    }
  }

  /** Attributes, subscripts, calls, filters and tests after a primary (whose uses start at `first`). */
  private postfix(first: number): void {
    for (;;) {
      if (this.accept('.')) {
        const name = this.peek();
        if (!name || (name.kind !== 'name' && name.kind !== 'number')) throw new ParseError('expected name or number', this.position());
        this.at++;
      } else if (this.accept('[')) {
        this.subscript();
      } else if (this.accept('(')) {
        this.callArguments();
      } else if (this.accept('|')) {
        const name = this.filterName();
        if (name === 'default' || name === 'd' || name === 'mandatory') this.guard(first);
        if (this.accept('(')) this.callArguments();
      } else if (this.is('is')) {
        this.at++;
        const negated = this.accept('not');
        const name = this.filterName();
        if (['defined', 'undefined', 'none'].includes(name) || (negated && name === 'defined')) this.guard(first);
        if (this.accept('(')) this.callArguments();
        else if (this.peek() && !this.isEndOfTestOperand()) this.unaryOperandOfTest();
      } else {
        return;
      }
    }
  }

  private guard(first: number): void {
    for (let i = first; i < this.uses.length; i++) this.uses[i] = { ...this.uses[i], guarded: true };
  }

  private isEndOfTestOperand(): boolean {
    const token = this.peek();
    if (!token) return true;
    if (token.kind === 'op') return !['(', '[', '{', '-', '+'].includes(token.text);
    return token.kind === 'name' && ['and', 'or', 'if', 'else', 'in', 'is', 'not'].includes(token.text);
  }

  /** A test's argument written without parentheses (`x is divisibleby 3`). */
  private unaryOperandOfTest(): void {
    const first = this.uses.length;
    this.primary();
    this.postfix(first);
  }

  private filterName(): string {
    const token = this.peek();
    if (token?.kind !== 'name') throw new ParseError(this.done ? 'unexpected end of template' : `expected a filter or test name, got '${token?.text}'`, this.position());
    this.at++;
    let name = token.text;
    while (this.is('.') && this.peek(1)?.kind === 'name') {
      name = this.peek(1)!.text;
      this.at += 2;
    }
    return name;
  }

  private subscript(): void {
    if (!this.is(':')) this.expression();
    while (this.accept(':')) if (!this.is(':') && !this.is(']')) this.expression();
    this.expect(']');
  }

  private callArguments(): void {
    while (!this.accept(')')) {
      if (this.peek()?.kind === 'name' && this.is('=', 1)) this.at += 2;
      else if (this.accept('**') || this.accept('*')) {
        /* *args, **kwargs */
      }
      this.expression();
      if (!this.accept(',')) {
        this.expect(')');
        return;
      }
    }
  }

  /** Assignment targets (`a`, `a, b`, `(a, b)`): names, not uses. */
  targets(): string[] {
    const names: string[] = [];
    const paren = this.accept('(');
    do {
      const token = this.peek();
      if (token?.kind !== 'name') throw new ParseError('expected a name to assign to', this.position());
      names.push(token.text);
      this.at++;
      // `ns.attr` in a set statement assigns an attribute of a namespace().
      if (this.accept('.')) this.at++;
    } while (this.accept(','));
    if (paren) this.expect(')');
    return names;
  }
}

/** Parses an expression (`{{ … }}`'s inside, or a `when`). */
export function parseExpression(text: string): ParsedExpression {
  const parser = new ExpressionParser(tokenize(text), text.length);
  try {
    if (parser.done) throw new ParseError('expected an expression, got end of template', text.length);
    parser.expression();
    if (!parser.done) throw new ParseError(`unexpected '${parser.peek()?.text}'`, parser.peek()?.start ?? text.length);
    return { uses: parser.uses, defines: [] };
  } catch (error) {
    if (error instanceof ParseError) return { uses: parser.uses, defines: [], error: { message: error.message, start: error.at } };
    throw error;
  }
}

/** Statement verbs whose rest is not read (their blocks' ends, and those taking template names). */
const PLAIN_STATEMENTS = new Set(['else', 'endif', 'endfor', 'endset', 'endmacro', 'endcall', 'endfilter', 'endwith', 'endblock', 'endautoescape', 'break', 'continue', 'block', 'extends', 'include', 'import', 'from', 'autoescape', 'do', 'filter', 'call', 'trans', 'endtrans', 'pluralize']);

/** Parses a `{% … %}` statement: the names it reads and those it defines. */
export function parseStatement(text: string): ParsedExpression {
  const tokens = tokenize(text);
  const verb = tokens[0];
  if (verb?.kind !== 'name' || PLAIN_STATEMENTS.has(verb.text)) return { uses: [], defines: [] };
  const parser = new ExpressionParser(tokens.slice(1), text.length);
  const defines: string[] = [];
  try {
    switch (verb.text) {
      case 'if':
      case 'elif':
        parser.expression();
        break;
      case 'for':
        defines.push(...parser.targets(), 'loop');
        parser.expect('in');
        parser.expression();
        if (parser.accept('if')) parser.expression();
        parser.accept('recursive');
        break;
      case 'set':
        defines.push(...parser.targets());
        if (parser.accept('=')) parser.expression();
        break;
      case 'with':
        while (!parser.done) {
          defines.push(...parser.targets());
          parser.expect('=');
          parser.expression();
          parser.accept(',');
        }
        break;
      case 'macro': {
        const name = parser.peek();
        if (name?.kind === 'name') defines.push(name.text, 'varargs', 'kwargs', 'caller');
        // Parameters and their defaults: every name in the parentheses is the macro's own.
        for (const token of tokens) if (token.kind === 'name') defines.push(token.text);
        return { uses: [], defines };
      }
      default:
        return { uses: [], defines: [] };
    }
    if (!parser.done) throw new ParseError(`unexpected '${parser.peek()?.text}'`, parser.peek()?.start ?? text.length);
    return { uses: parser.uses, defines };
  } catch (error) {
    if (error instanceof ParseError) return { uses: parser.uses, defines, error: { message: error.message, start: error.at } };
    throw error;
  }
}

/** Every variable a templated string reads (offsets in the string), with the names its statements define, and its first syntax error. */
export interface TemplateReading {
  readonly uses: readonly NameUse[];
  readonly defines: ReadonlySet<string>;
  readonly error?: { message: string; start: number };
}

/**
 * Readings of the strings read lately: the same string is read by the checks of jinja[…], of
 * variables and of the cursor, and many repeat across a project's files. Bounded: short strings only, emptied when full.
 */
const readings = new Map<string, TemplateReading>();
const READINGS_KEPT = 20_000;
/** Longer strings (a templated file's whole text) are read each time rather than kept. */
const READ_KEPT_LENGTH = 2_048;

/** Reads a string that may hold Jinja; `implicit`: the whole string is an expression (`when`, `changed_when`…). The reading is shared: never change it. */
export function readTemplate(text: string, implicit = false): TemplateReading {
  if (text.length > READ_KEPT_LENGTH) return readTemplateOnce(text, implicit);
  const key = implicit ? `1${text}` : `0${text}`;
  let reading = readings.get(key);
  if (!reading) {
    if (readings.size >= READINGS_KEPT) readings.clear();
    readings.set(key, (reading = readTemplateOnce(text, implicit)));
  }
  return reading;
}

function readTemplateOnce(text: string, implicit: boolean): TemplateReading {
  if (implicit && !hasJinja(text)) {
    const parsed = parseExpression(text);
    return { uses: guardedThroughout(parsed.uses), defines: new Set(), ...(parsed.error ? { error: parsed.error } : {}) };
  }
  const uses: NameUse[] = [];
  const defines = new Set<string>();
  let error: TemplateReading['error'];
  for (const part of jinjaParts(text)) {
    if (!part.closed) {
      error ??= { message: part.open === '{{' ? "unexpected end of template, expected 'end of print statement'" : part.open === '{%' ? "unexpected end of template, expected 'end of statement block'" : 'missing end of comment tag', start: part.outerStart };
      continue;
    }
    if (part.open === '{#') continue;
    const inner = text.slice(part.start, part.end);
    const parsed = part.open === '{{' ? parseExpression(inner) : parseStatement(inner);
    for (const use of parsed.uses) uses.push({ ...use, start: use.start + part.start });
    for (const name of parsed.defines) defines.add(name);
    if (parsed.error) error ??= { message: parsed.error.message, start: parsed.error.start + part.start };
  }
  return { uses: guardedThroughout(uses), defines, ...(error ? { error } : {}) };
}

/**
 * A name a template tests for definedness (or gives a default) is guarded in the whole template:
 * `x is not defined or not x`, `{% if x is defined %}{{ x.y }}{% endif %}` read it only when it is there.
 */
function guardedThroughout(uses: NameUse[]): NameUse[] {
  const guarded = new Set(uses.filter((use) => use.guarded).map((use) => use.name));
  return guarded.size === 0 ? uses : uses.map((use) => (use.guarded || !guarded.has(use.name) ? use : { ...use, guarded: true }));
}
