/**
 * The GitHub Actions expression language (`${{ … }}`), lexed and parsed with the position of
 * every token, following GitHub's own lexer and parser (@actions/expressions): the same tokens,
 * precedence (grouping, index/property, `!`, comparison, equality, `&&`, `||`) and errors. Context
 * names are not checked here: that is the job of the checks, which know where the expression is.
 */
import { t } from '../../l10n/t';

export type TokenKind =
  | '(' | ')' | '[' | ']' | ',' | '.' | '!' | '!=' | '==' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '*'
  | 'number' | 'string' | 'identifier' | 'true' | 'false' | 'null' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  start: number;
  end: number;
  /** The decoded value of string and number tokens. */
  value?: string | number;
}

interface Span {
  start: number;
  end: number;
}

export type Expr =
  | (Span & { kind: 'literal'; value: string | number | boolean | null })
  | (Span & { kind: 'context'; name: string })
  | (Span & { kind: 'property'; object: Expr; name: string; nameStart: number; nameEnd: number })
  | (Span & { kind: 'index'; object: Expr; index: Expr | null })
  | (Span & { kind: 'call'; name: string; nameEnd: number; args: Expr[] })
  | (Span & { kind: 'not'; operand: Expr })
  | (Span & { kind: 'binary'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr })
  | (Span & { kind: 'logical'; op: '&&' | '||'; args: Expr[] })
  | (Span & { kind: 'group'; expr: Expr });

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    /** Past a limit of Archipel's (the tree's depth), not GitHub's syntax. */
    readonly limit = false,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 50;
/**
 * How deep the tree of an expression may be for the checks, which walk it recursively. GitHub's
 * parser counts groups, `!`, `.` and `[]` (MAX_DEPTH), not the operators of a chain: `a == b == c …`
 * is a left-deep tree as deep as it is long, and 6,900 `==` overflowed the stack.
 */
export const MAX_TREE_DEPTH = 200;

/** The first node (depth first) past MAX_TREE_DEPTH, found without recursion; undefined when the tree is within it. */
function pastTreeDepth(root: Expr): Expr | undefined {
  const stack: { expr: Expr; depth: number }[] = [{ expr: root, depth: 1 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { expr, depth } = top;
    if (depth > MAX_TREE_DEPTH) return expr;
    const below =
      expr.kind === 'property' ? [expr.object]
      : expr.kind === 'index' ? (expr.index ? [expr.object, expr.index] : [expr.object])
      : expr.kind === 'call' || expr.kind === 'logical' ? expr.args
      : expr.kind === 'not' ? [expr.operand]
      : expr.kind === 'binary' ? [expr.left, expr.right]
      : expr.kind === 'group' ? [expr.expr]
      : [];
    for (const child of below) stack.push({ expr: child, depth: depth + 1 });
  }
  return undefined;
}
const MAX_LENGTH = 21000;

function isBoundary(c: string): boolean {
  return '([)],.!><=&|'.includes(c) || /\s/.test(c);
}

function isLegalIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(text);
}

/** GitHub's number syntax: decimal, exponent, hexadecimal, octal, NaN/Infinity, with a sign. */
function parseNumber(text: string): number {
  const trimmed = text.trim();
  if (/^[+-]?0x[0-9a-f]+$/i.test(trimmed)) return (trimmed.startsWith('-') ? -1 : 1) * parseInt(trimmed.replace(/^[+-]/, ''), 16);
  if (/^[+-]?0o[0-7]+$/i.test(trimmed)) return (trimmed.startsWith('-') ? -1 : 1) * parseInt(trimmed.replace(/^[+-]?0o/i, ''), 8);
  if (/^[+-]?(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number(trimmed);
  if (/^[+-]?(Infinity|NaN)$/.test(trimmed)) return Number(trimmed);
  return NaN;
}

export function lex(input: string): Token[] {
  if (input.length > MAX_LENGTH) throw new ExpressionSyntaxError(t('The expression is longer than {0} characters.', MAX_LENGTH), 0, input.length);
  const tokens: Token[] = [];
  let offset = 0;
  const previous = () => tokens[tokens.length - 1]?.kind;
  const add = (kind: TokenKind, start: number, value?: string | number) => tokens.push({ kind, text: input.slice(start, offset), start, end: offset, value });
  const symbolError = (start: number, end: number) => {
    throw new ExpressionSyntaxError(t('Unexpected symbol \'{0}\'.', input.slice(start, end)), start, end);
  };
  const consumeWord = (start: number, allowDot: boolean) => {
    while (offset < input.length && (!isBoundary(input[offset]) || (allowDot && input[offset] === '.'))) offset++;
    return input.slice(start, offset);
  };
  const consumeNumber = (start: number) => {
    const text = consumeWord(start, true);
    const value = parseNumber(text);
    if (Number.isNaN(value) && !/NaN$/.test(text)) symbolError(start, offset);
    add('number', start, value);
  };

  while (offset < input.length) {
    const start = offset;
    const c = input[offset++];
    switch (c) {
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case '*':
        add(c, start);
        break;
      case '.': {
        const p = previous();
        if (p !== 'identifier' && p !== ']' && p !== ')' && p !== '*') consumeNumber(start);
        else add('.', start);
        break;
      }
      case '-':
      case '+':
        consumeNumber(start);
        break;
      case '!':
        if (input[offset] === '=') {
          offset++;
          add('!=', start);
        } else add('!', start);
        break;
      case '=':
        if (input[offset] !== '=') {
          consumeWord(start, false);
          symbolError(start, offset);
        }
        offset++;
        add('==', start);
        break;
      case '<':
      case '>':
        if (input[offset] === '=') {
          offset++;
          add(`${c}=` as TokenKind, start);
        } else add(c, start);
        break;
      case '&':
      case '|':
        if (input[offset] !== c) {
          consumeWord(start, false);
          symbolError(start, offset);
        }
        offset++;
        add(`${c}${c}` as TokenKind, start);
        break;
      case "'": {
        let value = '';
        for (;;) {
          if (offset >= input.length) {
            throw new ExpressionSyntaxError(t('Unterminated string: add the closing \' (quote a \' inside a string as \'\').'), start, input.length);
          }
          const ch = input[offset++];
          if (ch === "'") {
            if (input[offset] === "'") {
              value += "'";
              offset++;
              continue;
            }
            break;
          }
          value += ch;
        }
        add('string', start, value);
        break;
      }
      default:
        if (/\s/.test(c)) break;
        if (c >= '0' && c <= '9') {
          consumeNumber(start);
          break;
        }
        {
          const word = consumeWord(start, false);
          let kind: TokenKind = 'identifier';
          let value: number | undefined;
          if (previous() !== '.') {
            if (word === 'true' || word === 'false' || word === 'null') kind = word;
            else if (word === 'NaN' || word === 'Infinity') {
              kind = 'number';
              value = Number(word);
            }
          }
          if (!isLegalIdentifier(word)) symbolError(start, offset);
          add(kind, start, value);
        }
    }
  }
  tokens.push({ kind: 'eof', text: '', start: input.length, end: input.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr | undefined {
    if (this.peek().kind === 'eof') return undefined;
    const expr = this.expression();
    if (this.peek().kind !== 'eof') this.unexpected(this.peek());
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private previous(): Token {
    return this.tokens[this.index - 1];
  }

  private match(...kinds: TokenKind[]): boolean {
    if (kinds.includes(this.peek().kind) && this.peek().kind !== 'eof') {
      this.index++;
      return true;
    }
    return false;
  }

  private unexpected(token: Token): never {
    if (token.kind === 'eof') {
      const last = this.tokens[this.index - 1] ?? token;
      throw new ExpressionSyntaxError(t('Unexpected end of expression after \'{0}\'.', last.text), last.start, last.end);
    }
    throw new ExpressionSyntaxError(t('Unexpected symbol \'{0}\'.', token.text), token.start, token.end);
  }

  private nest<T>(work: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new ExpressionSyntaxError(t('The expression nests deeper than {0} levels.', MAX_DEPTH), this.peek().start, this.peek().end);
    try {
      return work();
    } finally {
      this.depth--;
    }
  }

  private expression(): Expr {
    return this.nest(() => this.logical('||', () => this.logical('&&', () => this.equality())));
  }

  private logical(op: '&&' | '||', operand: () => Expr): Expr {
    const first = operand();
    if (this.peek().kind !== op) return first;
    const args = [first];
    while (this.match(op)) args.push(operand());
    return { kind: 'logical', op, args, start: first.start, end: args[args.length - 1].end };
  }

  private equality(): Expr {
    let left = this.comparison();
    while (this.match('==', '!=')) {
      const op = this.previous().kind as '==' | '!=';
      const right = this.comparison();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private comparison(): Expr {
    let left = this.unary();
    while (this.match('<', '<=', '>', '>=')) {
      const op = this.previous().kind as '<' | '<=' | '>' | '>=';
      const right = this.unary();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Expr {
    if (this.match('!')) {
      const start = this.previous().start;
      const operand = this.nest(() => this.unary());
      return { kind: 'not', operand, start, end: operand.end };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let expr = this.call();
    if (expr.kind !== 'group' && expr.kind !== 'call' && expr.kind !== 'context') return expr;
    let levels = 0;
    try {
      for (;;) {
        if (this.match('[')) {
          let index: Expr | null;
          if (this.match('*')) index = null;
          else index = this.expression();
          if (!this.match(']')) this.unexpected(this.peek());
          this.depth++;
          levels++;
          if (this.depth > MAX_DEPTH) this.unexpected(this.previous());
          expr = { kind: 'index', object: expr, index, start: expr.start, end: this.previous().end };
        } else if (this.match('.')) {
          this.depth++;
          levels++;
          if (this.match('identifier', '*')) {
            const name = this.previous();
            expr = { kind: 'property', object: expr, name: name.text, nameStart: name.start, nameEnd: name.end, start: expr.start, end: name.end };
          } else {
            this.unexpected(this.peek());
          }
        } else {
          return expr;
        }
      }
    } finally {
      this.depth -= levels;
    }
  }

  private call(): Expr {
    if (this.peek().kind !== 'identifier') return this.primary();
    const name = this.tokens[this.index++];
    if (!this.match('(')) return { kind: 'context', name: name.text, start: name.start, end: name.end };
    const args: Expr[] = [];
    while (!this.match(')')) {
      if (this.peek().kind === 'eof') this.unexpected(this.peek());
      args.push(this.expression());
      if (this.peek().kind !== ')' && !this.match(',')) this.unexpected(this.peek());
    }
    return { kind: 'call', name: name.text, nameEnd: name.end, args, start: name.start, end: this.previous().end };
  }

  private primary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'true':
      case 'false':
        this.index++;
        return { kind: 'literal', value: token.kind === 'true', start: token.start, end: token.end };
      case 'null':
        this.index++;
        return { kind: 'literal', value: null, start: token.start, end: token.end };
      case 'number':
      case 'string':
        this.index++;
        return { kind: 'literal', value: token.value ?? null, start: token.start, end: token.end };
      case '(': {
        this.index++;
        const expr = this.expression();
        if (!this.match(')')) this.unexpected(this.peek());
        return { kind: 'group', expr, start: token.start, end: this.previous().end };
      }
      default:
        this.unexpected(token);
    }
  }
}

export interface ParsedExpression {
  expr?: Expr;
  error?: ExpressionSyntaxError;
}

/** Parses an expression (the text between `${{` and `}}`, or an `if:` condition). */
export function parseExpression(text: string): ParsedExpression {
  try {
    if (text.trim() === '') throw new ExpressionSyntaxError(t('An expression was expected.'), 0, text.length);
    const expr = new Parser(lex(text)).parse();
    const deep = expr && pastTreeDepth(expr);
    if (deep) return { error: new ExpressionSyntaxError(t('The expression nests more than {0} levels deep (each operator of a chain such as a == b == c is one level): it is not checked (a limit of Archipel, docs/limits.md).', MAX_TREE_DEPTH), deep.start, deep.end, true) };
    return { expr };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { error };
    throw error;
  }
}
