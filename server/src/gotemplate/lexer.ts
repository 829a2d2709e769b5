/**
 * The tokens of a Go text/template, as Go's text/template/parse lexer cuts them: text between
 * actions (trimmed by `{{- ` and ` -}}`), comments, and inside actions identifiers, keywords,
 * fields, variables, literals, parentheses, pipes and declarations. One pass, no backtracking:
 * linear in the text. Lexing errors end the token list with an `error` token at their place.
 */
import { scanNumber } from './numbers';

export type TokenKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'number'
  | 'bool'
  | 'nil'
  | 'leftParen'
  | 'rightParen'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'char'
  | 'error'
  | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The token's text; for a string its value (escapes read), for text the trimmed text, for an error the message. */
  value: string;
}

const keywords = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
/** A letter, digit or underscore (ASCII answered without the Unicode pattern: this runs for every character of every name). */
function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
  return /[\p{L}\p{Nd}]/u.test(c);
}
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Go's escapes in a double-quoted string; undefined when one is malformed. */
export function unquote(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e in simple) out += simple[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const size = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + size);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== size) return undefined;
      const code = parseInt(hex, 16);
      // strconv.UnquoteChar: a code point (not a surrogate half) no greater than U+10FFFF.
      if (code > 0x10ffff || (e !== 'x' && code >= 0xd800 && code <= 0xdfff)) return undefined;
      out += e === 'x' ? String.fromCharCode(code) : String.fromCodePoint(code);
      i += size;
    } else if (e !== undefined && e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else return undefined;
  }
  return out;
}

/** Whitespace trimmed as Go's trim markers do (space, tab, CR, LF). */
const trimRight = (s: string) => s.replace(/(?<![ \t\r\n])[ \t\r\n]+$/, '');
const trimLeft = (s: string) => s.replace(/^[ \t\r\n]+/, '');

/** Cuts a template into tokens (the last is `eof` or `error`). */
export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNext = false;
  const fail = (start: number, end: number, message: string) => {
    tokens.push({ kind: 'error', start, end, value: message });
    return tokens;
  };
  while (pos <= text.length) {
    const open = text.indexOf('{{', pos);
    const textEnd = open < 0 ? text.length : open;
    const leftTrim = open >= 0 && text[open + 2] === '-' && isSpace(text[open + 3]);
    if (textEnd > pos) {
      let value = text.slice(pos, textEnd);
      let start = pos;
      let end = textEnd;
      if (trimNext) {
        const trimmed = trimLeft(value);
        start += value.length - trimmed.length;
        value = trimmed;
      }
      if (leftTrim) {
        const trimmed = trimRight(value);
        end -= value.length - trimmed.length;
        value = trimmed;
      }
      if (value.length > 0) tokens.push({ kind: 'text', start, end, value });
    }
    trimNext = false;
    if (open < 0) break;
    tokens.push({ kind: 'leftDelim', start: open, end: open + (leftTrim ? 4 : 2), value: '{{' });
    pos = open + (leftTrim ? 4 : 2);
    // A comment: /* … */ right after the delimiter (and its trim marker), then the closing delimiter.
    if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2);
      if (close < 0) return fail(open, text.length, 'unclosed comment');
      const after = close + 2;
      const right = rightDelimAt(text, after);
      if (right === 0) return fail(open, after, 'comment ends before closing delimiter');
      tokens.pop();
      pos = after + right;
      trimNext = right === 4;
      continue;
    }
    const inside = lexAction(text, pos, tokens);
    if (inside.error) return tokens;
    pos = inside.pos;
    trimNext = inside.trim;
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length, value: '' });
  return tokens;
}

/** The length of the closing delimiter at `pos`: 2 for `}}`, 4 for ` -}}` (which trims), 0 for none. */
function rightDelimAt(text: string, pos: number): number {
  const c = text[pos];
  if (c === '}') return text[pos + 1] === '}' ? 2 : 0;
  if (isSpace(c) && text[pos + 1] === '-' && text[pos + 2] === '}' && text[pos + 3] === '}') return 4;
  return 0;
}

function atTerminator(text: string, pos: number): boolean {
  const c = text[pos];
  return c === undefined || isSpace(c) || c === '.' || c === ',' || c === '|' || c === ':' || c === ')' || c === '(' || rightDelimAt(text, pos) !== 0;
}

/** The tokens of one action, from after `{{` to after its `}}`. */
function lexAction(text: string, from: number, tokens: Token[]): { pos: number; trim: boolean; error?: true } {
  let pos = from;
  let parens = 0;
  const fail = (start: number, end: number, message: string) => {
    tokens.push({ kind: 'error', start, end, value: message });
    return { pos, trim: false, error: true as const };
  };
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)) => tokens.push({ kind, start, end, value });
  for (;;) {
    const right = rightDelimAt(text, pos);
    if (right !== 0) {
      if (parens > 0) return fail(pos, pos + right, 'unclosed left paren');
      push('rightDelim', pos, pos + right, '}}');
      return { pos: pos + right, trim: right === 4 };
    }
    const c = text[pos];
    if (c === undefined) return fail(from - 2, text.length, 'unclosed action');
    const start = pos;
    if (isSpace(c)) {
      while (isSpace(text[pos]) && rightDelimAt(text, pos) === 0) pos++;
      push('space', start, pos);
    } else if (c === '=') {
      push('assign', start, ++pos);
    } else if (c === ':') {
      if (text[pos + 1] !== '=') return fail(pos, pos + 1, 'expected :=');
      pos += 2;
      push('declare', start, pos);
    } else if (c === '|') {
      push('pipe', start, ++pos);
    } else if (c === '"') {
      pos++;
      while (pos < text.length && text[pos] !== '"' && text[pos] !== '\n') pos += text[pos] === '\\' ? 2 : 1;
      if (text[pos] !== '"') return fail(start, pos, 'unterminated quoted string');
      pos++;
      const value = unquote(text.slice(start + 1, pos - 1));
      if (value === undefined) return fail(start, pos, `invalid syntax in string ${text.slice(start, pos)}`);
      push('string', start, pos, value);
    } else if (c === '`') {
      const close = text.indexOf('`', pos + 1);
      if (close < 0) return fail(start, text.length, 'unterminated raw quoted string');
      pos = close + 1;
      push('string', start, pos, text.slice(start + 1, close).replace(/\r/g, ''));
    } else if (c === "'") {
      // A character constant: its text is kept, parse reads its value (as Go's parse.newNumber does).
      pos++;
      while (pos < text.length && text[pos] !== "'" && text[pos] !== '\n') pos += text[pos] === '\\' ? 2 : 1;
      if (text[pos] !== "'") return fail(start, pos, 'unterminated character constant');
      pos++;
      push('number', start, pos);
    } else if (c === '$' || c === '.') {
      pos++;
      if (c === '.' && isDigit(text[pos])) {
        const number = scanNumber(text, start, isAlnum);
        if (number.bad) return fail(start, number.end, `bad number syntax: ${JSON.stringify(text.slice(start, number.end))}`);
        pos = number.end;
        push('number', start, pos);
        continue;
      }
      if (atTerminator(text, pos)) {
        push(c === '$' ? 'variable' : 'dot', start, pos);
        continue;
      }
      while (isAlnum(text[pos])) pos++;
      if (!atTerminator(text, pos)) return fail(pos, pos + 1, `bad character ${JSON.stringify(text[pos])}`);
      push(c === '$' ? 'variable' : 'field', start, pos);
    } else if (c === '+' || c === '-' || isDigit(c)) {
      const number = scanNumber(text, pos, isAlnum);
      if (number.bad) return fail(start, number.end, `bad number syntax: ${JSON.stringify(text.slice(start, number.end))}`);
      pos = number.end;
      push('number', start, pos);
    } else if (isAlnum(c)) {
      while (isAlnum(text[pos])) pos++;
      if (!atTerminator(text, pos)) return fail(pos, pos + 1, `bad character ${JSON.stringify(text[pos])}`);
      const word = text.slice(start, pos);
      push(keywords.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier', start, pos);
    } else if (c === '(') {
      parens++;
      push('leftParen', start, ++pos);
    } else if (c === ')') {
      if (--parens < 0) return fail(pos, pos + 1, 'unexpected right paren');
      push('rightParen', start, ++pos);
    } else if (c.charCodeAt(0) < 0x7f && c.charCodeAt(0) >= 0x20) {
      push('char', start, ++pos);
    } else {
      return fail(pos, pos + 1, `unrecognized character in action: ${JSON.stringify(c)}`);
    }
  }
}
