import { t } from '../l10n/t';

/**
 * The tokens of a PromQL expression as Prometheus's own lexer (promql/parser/lex.go) cuts them, with
 * the first error it reports and where. The grammar of Prometheus's UI (Lezer, parse.ts) says whether
 * an expression parses; this says what promtool says about one that does not: its lexer errors
 * ("unclosed left parenthesis" at the end, "unexpected character inside braces: ':'") come before
 * the parser's, and the parser names the token it stopped at the way Prometheus describes a token
 * (`<op:*>`, `identifier "b"`, `"}"`). Series descriptions and histograms (promtool's test files)
 * are not lexed here.
 */

export type TokenKind =
  | 'number'
  | 'duration'
  | 'string'
  | 'identifier'
  | 'metric identifier'
  | 'operator'
  | 'aggregator'
  | 'keyword'
  | 'preprocessor'
  | 'punctuation'
  | 'eof';

export interface PromQLToken {
  kind: TokenKind;
  from: number;
  to: number;
  text: string;
}

/** What the lexer stopped at: its message, where Prometheus puts it, and how many tokens came before. */
export interface LexError {
  at: number;
  message: string;
  /** The index the error takes in the token stream (the parser reads it in place of that token). */
  index: number;
}

export interface LexResult {
  tokens: PromQLToken[];
  error?: LexError;
}

const operatorWords = new Set(['and', 'or', 'unless', 'atan2']);
const aggregatorWords = new Set(['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio']);
const keywordWords = new Set(['offset', 'smoothed', 'anchored', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'fill', 'fill_left', 'fill_right', 'bool']);
const preprocessorWords = new Set(['start', 'end', 'step', 'range', 'max_of', 'min_of']);
/** Words the lexer also reads inside a range's brackets, by their first letter. */
const durationWords = new Set(['step', 'range', 'max_of', 'min_of']);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlphaNumeric = (c: string): boolean => isAlpha(c) || isDigit(c);

/** A character as Go's `%q` prints a rune: in single quotes, with Go's escapes. */
export function goRune(c: string): string {
  if (c === "'") return "'\\''";
  const json = JSON.stringify(c);
  return `'${json.slice(1, -1).replace(/\\"/g, '"')}'`;
}

/** A string as Go's `%q` prints it (JSON's escapes are Go's for printable text). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** `%#U`: U+0063 'c'. */
function goUnicode(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} ${goRune(c)}`;
}

type Mode = 'statements' | 'braces' | 'duration';

class Lexer {
  pos = 0;
  start = 0;
  readonly tokens: PromQLToken[] = [];
  /** How many tokens were emitted (kept in `tokens` only when they are asked for). */
  private count = 0;
  error?: LexError;
  private mode: Mode = 'statements';
  private parenDepth = 0;
  private bracketOpen = false;
  private gotColon = false;
  private gotDuration = false;

  constructor(
    private readonly text: string,
    private readonly keepTokens = true,
  ) {}

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private next(): string {
    const c = this.text[this.pos] ?? '';
    if (c !== '') this.pos++;
    return c;
  }

  private accept(chars: string): boolean {
    const c = this.peek();
    if (c !== '' && chars.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private emit(kind: TokenKind): void {
    if (this.keepTokens) this.tokens.push({ kind, from: this.start, to: this.pos, text: this.text.slice(this.start, this.pos) });
    this.count++;
    this.start = this.pos;
  }

  /** An error replaces the token emitted in the same step (Prometheus's lexer overwrites its item). */
  private fail(message: string, replacesLast = false): void {
    this.error = { at: this.start, message, index: this.count - (replacesLast ? 1 : 0) };
  }

  run(): LexResult {
    while (!this.error) {
      if (this.pos >= this.text.length && this.mode !== 'braces' && this.mode !== 'duration') {
        this.start = this.pos;
        if (this.parenDepth !== 0) this.fail(t('unclosed left parenthesis'));
        else if (this.bracketOpen) this.fail(t('unclosed left bracket'));
        else this.emit('eof');
        break;
      }
      if (this.text.startsWith('#', this.pos) && this.mode !== 'duration') {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n' && this.text[this.pos] !== '\r') this.pos++;
        this.start = this.pos;
        continue;
      }
      if (this.mode === 'braces') this.insideBraces();
      else if (this.mode === 'duration') this.durationExpr();
      else this.statement();
    }
    return { tokens: this.tokens, error: this.error };
  }

  private skipSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
    this.start = this.pos;
  }

  private statement(): void {
    const c = this.next();
    if (isSpace(c)) return this.skipSpaces();
    if (',()@'.includes(c) || '*/%+-^'.includes(c)) return this.punctuation(c);
    if (c === '=' || c === '!' || c === '<' || c === '>') return this.comparison(c);
    if (isDigit(c) || (c === '.' && isDigit(this.peek()))) {
      this.pos--;
      return this.numberOrDuration();
    }
    if (c === '"' || c === "'") return this.quoted(c);
    if (c === '`') return this.raw();
    if (isAlpha(c) || c === ':') return this.word(c);
    if (c === '{') {
      this.emit('punctuation');
      this.mode = 'braces';
      return;
    }
    if (c === '[') {
      if (this.bracketOpen) return this.fail(t('unexpected left bracket {0}', goRune(c)));
      this.gotColon = false;
      this.emit('punctuation');
      this.skipSpaces();
      this.bracketOpen = true;
      this.mode = 'duration';
      return;
    }
    if (c === ']') {
      if (!this.bracketOpen) return this.fail(t('unexpected right bracket {0}', goRune(c)));
      this.emit('punctuation');
      this.bracketOpen = false;
      return;
    }
    this.fail(t('unexpected character: {0}', goRune(c)));
  }

  private punctuation(c: string): void {
    this.emit(c === ',' || c === '(' || c === ')' ? 'punctuation' : 'operator');
    if (c === '(') this.parenDepth++;
    if (c === ')' && --this.parenDepth < 0) this.fail(t('unexpected right parenthesis {0}', goRune(c)), true);
  }

  private comparison(c: string): void {
    if (c === '=') {
      if (this.peek() === '~') return this.fail(t('unexpected character after \'=\': {0}', goRune('~')));
      this.accept('=');
      // A lone `=` is not an operator for Prometheus's token descriptions.
      return this.emit(this.pos - this.start === 2 ? 'operator' : 'punctuation');
    }
    if (c === '!') {
      const d = this.next();
      if (d !== '=') return this.fail(t('unexpected character after \'!\': {0}', goRune(d)));
      return this.emit('operator');
    }
    if (!this.accept('=')) this.accept('/');
    this.emit('operator');
  }

  private word(c: string): void {
    if (!this.bracketOpen) {
      while (isAlphaNumeric(this.peek()) || this.peek() === ':') this.pos++;
      // A word outside brackets is never an error: its kind matters to the tokens alone.
      if (!this.keepTokens) return this.emit('identifier');
      const word = this.text.slice(this.start, this.pos);
      const lower = word.toLowerCase();
      if (lower === 'inf' || lower === 'nan') return this.emit('number');
      if (operatorWords.has(lower)) return this.emit('operator');
      if (aggregatorWords.has(lower)) return this.emit('aggregator');
      if (keywordWords.has(lower)) {
        if (lower.startsWith('fill') && !/^\s*\(/.test(this.text.slice(this.pos))) return this.emit('identifier');
        return this.emit('keyword');
      }
      if (preprocessorWords.has(lower)) return this.emit('preprocessor');
      return this.emit(word.includes(':') ? 'metric identifier' : 'identifier');
    }
    if (c === ':') {
      if (this.gotColon) return this.fail(t('unexpected colon {0}', goRune(c)));
      this.emit('punctuation');
      this.gotColon = true;
      return;
    }
    if (this.durationWord()) return;
    this.fail(t('unexpected character: {0}, expected \':\'', goRune(c)));
  }

  /** `step`, `range`, `max_of`, `min_of` inside a range's brackets. */
  private durationWord(): boolean {
    if (!'srm'.includes(this.text[this.start]?.toLowerCase() ?? '_')) return false;
    this.pos = this.start + 1;
    while (isAlpha(this.peek())) this.pos++;
    if (durationWords.has(this.text.slice(this.start, this.pos).toLowerCase())) {
      this.emit('preprocessor');
      return true;
    }
    this.pos = this.start + 1;
    return false;
  }

  private durationExpr(): void {
    const c = this.next();
    if (c === '') return this.fail(t('unexpected end of input in duration expression'));
    if (c === ']') {
      this.emit('punctuation');
      this.bracketOpen = false;
      this.gotColon = false;
      this.mode = 'statements';
      return;
    }
    if (c === ':') {
      this.emit('punctuation');
      if (!this.gotDuration) return this.fail(t('unexpected colon before duration in duration expression'), true);
      if (this.gotColon) return this.fail(t('unexpected repeated colon in duration expression'), true);
      this.gotColon = true;
      return;
    }
    if (c === '(' || c === ')' || c === ',' || '+-*/%^'.includes(c)) return this.punctuation(c);
    if (isSpace(c)) return this.skipSpaces();
    if (this.durationWord()) return;
    if (isDigit(c) || (c === '.' && isDigit(this.peek()))) {
      this.pos--;
      this.gotDuration = true;
      this.mode = 'statements';
      return this.numberOrDuration();
    }
    this.fail(t('unexpected character in duration expression: {0}', goRune(c)));
  }

  private insideBraces(): void {
    const c = this.next();
    if (c === '') return this.fail(t('unexpected end of input inside braces'));
    if (isSpace(c)) return this.skipSpaces();
    if (isAlpha(c)) {
      while (isAlphaNumeric(this.peek())) this.pos++;
      return this.emit('identifier');
    }
    if (c === ',') return this.emit('punctuation');
    if (c === '"' || c === "'") return this.quoted(c);
    if (c === '`') return this.raw();
    if (c === '=') {
      this.accept('~');
      return this.emit(this.pos - this.start === 2 ? 'operator' : 'punctuation');
    }
    if (c === '!') {
      const d = this.next();
      if (d !== '~' && d !== '=') return this.fail(t('unexpected character after \'!\' inside braces: {0}', goRune(d)));
      return this.emit('operator');
    }
    if (c === '{') return this.fail(t('unexpected left brace {0}', goRune(c)));
    if (c === '}') {
      this.emit('punctuation');
      this.mode = 'statements';
      return;
    }
    this.fail(t('unexpected character inside braces: {0}', goRune(c)));
  }

  private quoted(quote: string): void {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const problem = this.escape(quote);
        if (problem) return this.fail(problem);
      } else if (c === '' || c === '\n') return this.fail(t('unterminated quoted string'));
      else if (c === quote) return this.emit('string');
    }
  }

  /** An escape sequence's problem, as Prometheus's lexer words it (the string is reported at its start). */
  private escape(quote: string): string | undefined {
    const c = this.next();
    if ('abfnrtv\\'.includes(c) && c !== '') return undefined;
    if (c === quote) return undefined;
    if (c === '') return t('escape sequence not terminated');
    let digits: number;
    let base: number;
    let max: number;
    let d = c;
    if (c >= '0' && c <= '7') [digits, base, max] = [3, 8, 255];
    else if (c === 'x' || c === 'u' || c === 'U') {
      [digits, base, max] = c === 'x' ? [2, 16, 255] : c === 'u' ? [4, 16, 0x10ffff] : [8, 16, 0x10ffff];
      d = this.next();
    } else return t('unknown escape sequence {0}', goUnicode(c));
    let value = 0;
    for (let n = digits; n > 0; n--) {
      const v = d === '' ? 16 : parseInt(d, 16);
      if (Number.isNaN(v) || v >= base) return d === '' ? t('escape sequence not terminated') : t('illegal character {0} in escape sequence', goUnicode(d));
      value = value * base + v;
      if (n > 1) d = this.next();
    }
    if (value > max || (value >= 0xd800 && value < 0xe000)) return t('escape sequence is an invalid Unicode code point');
    return undefined;
  }

  private raw(): void {
    const end = this.text.indexOf('`', this.pos);
    if (end < 0) {
      this.pos = this.text.length;
      return this.fail(t('unterminated raw string'));
    }
    this.pos = end + 1;
    this.emit('string');
  }

  private numberOrDuration(): void {
    if (this.scanNumber()) return this.emit('number');
    if (this.restOfDuration()) {
      return this.emit('duration');
    }
    this.fail(t('bad number or duration syntax: {0}', goQuote(this.text.slice(this.start, this.pos))));
  }

  /** After a number that stops at a unit: units, each optionally followed by more digits and a unit (`1h30m`, `5ms`). */
  private restOfDuration(): boolean {
    if (!this.accept('smhdwy')) return false;
    this.accept('s');
    while (this.accept('0123456789')) {
      while (this.accept('0123456789'));
      if (!this.accept('smhdw')) return false;
      this.accept('s');
    }
    if (isAlphaNumeric(this.peek())) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** Prometheus's number syntax: decimal, hexadecimal, a dot, an exponent, digit separators. */
  private scanNumber(): boolean {
    const initial = this.pos;
    let digits = '0123456789';
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_');
      digits = '0123456789abcdefABCDEF';
    }
    this.accept('.');
    this.accept(digits);
    let dot = false;
    let exponent = false;
    while (this.peek() !== '' && (digits + '._eE').includes(this.peek())) {
      const c = this.peek();
      if ((c === '.' && dot) || ((c === 'e' || c === 'E') && exponent)) {
        this.pos++;
        return false;
      }
      if (this.accept('.')) {
        dot = true;
        if (this.accept('_.') || digits.length > 10) return false;
      } else if (this.accept('eE')) {
        exponent = true;
        this.accept('+-');
        if (this.accept('._eE') || this.peek() === '') return false;
      } else if (this.accept('_')) {
        if (this.accept('._eE') || this.peek() === '') return false;
      } else while (this.accept(digits));
    }
    if (this.pos === initial) return false;
    return !isAlphaNumeric(this.peek());
  }
}

/**
 * Lexes an expression the way Prometheus's lexer does, up to its first error; with `keepTokens`
 * false, the error alone (`tokens` empty): an expression the grammar read without error is lexed
 * for the errors of Prometheus's lexer only.
 */
export function lexPromQL(text: string, keepTokens = true): LexResult {
  return new Lexer(text, keepTokens).run();
}
