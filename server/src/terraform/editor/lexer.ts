/**
 * HCL's tokens as its own scanner cuts them (hashicorp/hcl hclsyntax: the token types, templates
 * and heredocs, `${` … `}` pairs told from braces): what `terraform fmt` formats, and what the editor
 * reads where the text does not parse yet (a line half typed: which block, which attribute, which
 * call the cursor is in). One pass, no regular expression over the file, no recursion: the modes
 * (expression, quoted template, heredoc) are a stack.
 */

export type TokenType =
  | 'OBrace' | 'CBrace' | 'OBrack' | 'CBrack' | 'OParen' | 'CParen'
  | 'OQuote' | 'CQuote' | 'OHeredoc' | 'CHeredoc'
  | 'TemplateInterp' | 'TemplateControl' | 'TemplateSeqEnd'
  | 'QuotedLit' | 'StringLit' | 'QuotedNewline' | 'NumberLit' | 'Ident' | 'Comment' | 'Newline'
  | 'Star' | 'Slash' | 'Plus' | 'Minus' | 'Percent'
  | 'Equal' | 'EqualOp' | 'NotEqual' | 'LessThan' | 'LessThanEq' | 'GreaterThan' | 'GreaterThanEq'
  | 'And' | 'Or' | 'Bang' | 'Dot' | 'Comma' | 'DoubleColon' | 'Ellipsis' | 'FatArrow' | 'Question' | 'Colon'
  | 'Other' | 'Invalid' | 'EOF';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
}

const SINGLE: Record<string, TokenType> = {
  '[': 'OBrack', ']': 'CBrack', '(': 'OParen', ')': 'CParen', '.': 'Dot', ',': 'Comma', '*': 'Star', '/': 'Slash', '%': 'Percent',
  '+': 'Plus', '-': 'Minus', '=': 'Equal', '<': 'LessThan', '>': 'GreaterThan', '!': 'Bang', '?': 'Question', ':': 'Colon',
  // Characters HCL scans as tokens of their own that no expression takes (`&`, `|`, `~`, `^`, `;`, backquote, quote).
  '&': 'Other', '|': 'Other', '~': 'Other', '^': 'Other', ';': 'Other', '`': 'Other', "'": 'Other',
};

const DOUBLE: Record<string, TokenType> = { '==': 'EqualOp', '!=': 'NotEqual', '>=': 'GreaterThanEq', '<=': 'LessThanEq', '&&': 'And', '||': 'Or', '::': 'DoubleColon', '=>': 'FatArrow' };

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The code point at `i` (one or two UTF-16 units). */
function codePointAt(text: string, i: number): string {
  const code = text.codePointAt(i);
  return code === undefined ? '' : String.fromCodePoint(code);
}

type Mode = { kind: 'main' } | { kind: 'quoted' } | { kind: 'heredoc'; marker: string; lineStart: boolean };

/** The tokens of an HCL file, ending with EOF; spaces and tabs between tokens are not tokens. */
export function lexHcl(text: string): Token[] {
  const tokens: Token[] = [];
  const modes: Mode[] = [{ kind: 'main' }];
  /** Open braces, and the brace depths at which a `}` closes a template sequence rather than an object. */
  let braces = 0;
  const returns: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const push = (type: TokenType, start: number, end: number) => tokens.push({ type, start, end });
  const n = text.length;
  /** A template's text ends (its closing quote or marker). */
  const close = () => {
    modes.pop();
  };
  /** A `${` or `%{` opens an expression, closed by the `}` at this brace depth. */
  const open = () => {
    braces++;
    returns.push(braces);
    modes.push({ kind: 'main' });
  };
  while (i < n) {
    const mode = modes[modes.length - 1];
    if (mode.kind === 'quoted') {
      i = scanQuoted(text, i, push, close, open);
      continue;
    }
    if (mode.kind === 'heredoc') {
      i = scanHeredoc(text, i, mode, push, close, open);
      continue;
    }
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      const end = c === '\r' ? i + 2 : i + 1;
      push('Newline', i, end);
      i = end;
      continue;
    }
    if (isDigit(c)) {
      const end = numberEnd(text, i);
      push('NumberLit', i, end);
      i = end;
      continue;
    }
    const point = codePointAt(text, i);
    if (ID_START.test(point)) {
      let end = i + point.length;
      while (end < n) {
        const next = codePointAt(text, end);
        if (!ID_CONTINUE.test(next)) break;
        end += next.length;
      }
      push('Ident', i, end);
      i = end;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? n : newline + 1;
      push('Comment', i, end);
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close !== -1) {
        push('Comment', i, close + 2);
        i = close + 2;
        continue;
      }
    }
    if (c === '"') {
      push('OQuote', i, i + 1);
      modes.push({ kind: 'quoted' });
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const heredoc = heredocIntroducer(text, i);
      if (heredoc) {
        push('OHeredoc', i, heredoc.end);
        modes.push({ kind: 'heredoc', marker: heredoc.marker, lineStart: true });
        i = heredoc.end;
        continue;
      }
    }
    if (c === '{') {
      push('OBrace', i, i + 1);
      braces++;
      i++;
      continue;
    }
    if (c === '}' || (c === '~' && text[i + 1] === '}')) {
      const end = c === '~' ? i + 2 : i + 1;
      if (returns.length > 0 && returns[returns.length - 1] === braces) {
        push('TemplateSeqEnd', i, end);
        returns.pop();
        braces--;
        modes.pop();
      } else {
        // `~}` that closes no template sequence is still one: HCL's parser reports it.
        push(c === '~' ? 'TemplateSeqEnd' : 'CBrace', i, end);
        braces--;
      }
      i = end;
      continue;
    }
    if (c === '.' && text[i + 1] === '.' && text[i + 2] === '.') {
      push('Ellipsis', i, i + 3);
      i += 3;
      continue;
    }
    const double = DOUBLE[text.slice(i, i + 2)];
    if (double) {
      push(double, i, i + 2);
      i += 2;
      continue;
    }
    const single = SINGLE[c];
    push(single ?? 'Invalid', i, i + (single ? 1 : point.length || 1));
    i += single ? 1 : point.length || 1;
  }
  push('EOF', n, n);
  return tokens;
}

/** The end of a number literal: digits, `.`, exponents, never ending on a `.` (`1.` is `1` then `.`). */
function numberEnd(text: string, start: number): number {
  let i = start + 1;
  let end = i;
  for (;;) {
    const c = text[i];
    if (isDigit(c)) end = ++i;
    else if (c === '.') i++;
    else if ((c === 'e' || c === 'E') && (isDigit(text[i + 1]) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text[i + 2])))) {
      i += isDigit(text[i + 1]) ? 2 : 3;
      end = i;
    } else break;
  }
  return end;
}

/** `<<EOT` or `<<-EOT` and its line break: the heredoc's marker and where its content starts. */
function heredocIntroducer(text: string, start: number): { marker: string; end: number } | undefined {
  let i = start + 2;
  if (text[i] === '-') i++;
  const nameStart = i;
  const first = codePointAt(text, i);
  if (!ID_START.test(first)) return undefined;
  i += first.length;
  while (i < text.length && ID_CONTINUE.test(codePointAt(text, i))) i += codePointAt(text, i).length;
  const marker = text.slice(nameStart, i);
  if (text[i] === '\n') return { marker, end: i + 1 };
  if (text[i] === '\r' && text[i + 1] === '\n') return { marker, end: i + 2 };
  return undefined;
}

type Push = (type: TokenType, start: number, end: number) => void;

/** `${` or `%{` (with its strip marker) at `i`: its end, or 0. */
function sequenceStart(text: string, i: number): number {
  if ((text[i] === '$' || text[i] === '%') && text[i + 1] === '{') return text[i + 2] === '~' ? i + 3 : i + 2;
  return 0;
}

/** One token of a quoted template. */
function scanQuoted(text: string, i: number, push: Push, close: () => void, open: () => void): number {
  const c = text[i];
  const sequence = sequenceStart(text, i);
  if (sequence) {
    push(c === '$' ? 'TemplateInterp' : 'TemplateControl', i, sequence);
    open();
    return sequence;
  }
  if (c === '"') {
    push('CQuote', i, i + 1);
    close();
    return i + 1;
  }
  if (c === '\n' || c === '\r') {
    let end = i;
    while (text[end] === '\n' || text[end] === '\r') end++;
    push('QuotedNewline', i, end);
    return end;
  }
  if (c === '$' || c === '%') {
    // `$${` and `%%{` are escapes; a lone `$` or `%` is text.
    const end = text[i + 1] === c && text[i + 2] === '{' ? i + 3 : i + 1;
    push('QuotedLit', i, end);
    return end;
  }
  let end = i;
  while (end < text.length) {
    const d = text[end];
    if (d === '"' || d === '$' || d === '%' || d === '\n' || d === '\r') break;
    end += d === '\\' && end + 1 < text.length && text[end + 1] !== '\n' && text[end + 1] !== '\r' ? 2 : 1;
  }
  push('QuotedLit', i, end);
  return end;
}

/** One token of a heredoc: its closing marker on a line of its own, a line (or part of one) of its text, a sequence. */
function scanHeredoc(text: string, i: number, mode: { marker: string; lineStart: boolean }, push: Push, close: () => void, open: () => void): number {
  if (mode.lineStart) {
    const newline = text.indexOf('\n', i);
    const lineEnd = newline === -1 ? text.length : newline;
    const contentEnd = lineEnd > i && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    if (newline !== -1 && text.slice(i, contentEnd).trim() === mode.marker) {
      push('CHeredoc', i, contentEnd);
      push('Newline', contentEnd, newline + 1);
      close();
      return newline + 1;
    }
  }
  const sequence = sequenceStart(text, i);
  if (sequence) {
    push(text[i] === '$' ? 'TemplateInterp' : 'TemplateControl', i, sequence);
    mode.lineStart = false;
    open();
    return sequence;
  }
  let end = i;
  while (end < text.length && text[end] !== '\n') {
    if (sequenceStart(text, end) && !(end > i && text[end - 1] === text[end])) break;
    end++;
  }
  if (end < text.length && text[end] === '\n') {
    push('StringLit', i, end + 1);
    mode.lineStart = true;
    return end + 1;
  }
  push('StringLit', i, end);
  mode.lineStart = false;
  return end;
}

/** +1 for a token that opens a bracket (templates' `${` and `%{` included), -1 for one that closes, else 0. */
export function bracketChange(type: TokenType): number {
  switch (type) {
    case 'OBrace':
    case 'OBrack':
    case 'OParen':
    case 'TemplateInterp':
    case 'TemplateControl':
      return 1;
    case 'CBrace':
    case 'CBrack':
    case 'CParen':
    case 'TemplateSeqEnd':
      return -1;
    default:
      return 0;
  }
}
