import { t } from '../l10n/t';
import { goQuote, lexPromQL, type LexError, type PromQLToken } from './lex';

/** A syntax error as Prometheus's parser reports it: its message and where (offsets in the expression). */
export interface SyntaxError {
  from: number;
  to: number;
  message: string;
}

/** A token as Prometheus's parser names it in "unexpected …" (lex.go's descriptions of items). */
function describe(token: PromQLToken): string {
  const identifier = token.kind === 'identifier' || token.kind === 'metric identifier';
  const quoted = token.text.length > 10 && !identifier ? `${goQuote(token.text.slice(0, 10))}...` : goQuote(token.text);
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'operator':
      return `<op:${token.text}>`;
    case 'aggregator':
      return `<aggr:${token.text}>`;
    case 'keyword':
      return `<${token.text}>`;
    case 'punctuation':
    case 'preprocessor':
      return goQuote(token.text);
    default:
      return `${token.kind} ${quoted}`;
  }
}

const matchOperators = new Set(['=', '!=', '=~', '!~']);
const groupingKeywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const isWord = (token: PromQLToken | undefined): boolean => !!token && ['identifier', 'metric identifier', 'operator', 'aggregator', 'keyword', 'preprocessor'].includes(token.kind) && /^\w/.test(token.text);

/** The open brackets before token `k`: `{` label matching, `(` after a grouping keyword, `[`, other `(`. */
function openContext(tokens: readonly PromQLToken[], k: number): string | undefined {
  const stack: string[] = [];
  for (let i = 0; i < k; i++) {
    const text = tokens[i].kind === 'punctuation' ? tokens[i].text : '';
    if (text === '{') stack.push('braces');
    else if (text === '[') stack.push('bracket');
    else if (text === '(') stack.push(i > 0 && groupingKeywords.has(tokens[i - 1].text.toLowerCase()) ? 'grouping' : 'paren');
    else if (text === '}' || text === ']' || text === ')') stack.pop();
  }
  return stack[stack.length - 1];
}

/** The "in <context>, expected <what>" Prometheus's grammar adds for the token before the unexpected one. */
function context(tokens: readonly PromQLToken[], k: number): [string, string] | undefined {
  const prev = tokens[k - 1];
  if (!prev) return undefined;
  const before = tokens[k - 2];
  const open = openContext(tokens, k);
  const prevText = prev.text.toLowerCase();
  if (open === 'braces') {
    if (prev.text === '{' || prev.text === ',') return ['label matching', 'identifier or "}"'];
    if (matchOperators.has(prev.text)) return ['label matching', 'string'];
    if (prev.kind === 'identifier' || (prev.kind === 'string' && (before?.text === '{' || before?.text === ','))) return ['label matching', 'label matching operator'];
    if (prev.kind === 'string') return ['label matching', '"," or "}"'];
  }
  if (open === 'grouping') {
    if (prev.text === '(' || prev.text === ',') return ['grouping opts', 'label'];
    if (isWord(prev) || prev.kind === 'string') return ['grouping opts', '"," or ")"'];
  }
  if (prevText === 'by' || prevText === 'without' || prevText === 'on' || prevText === 'ignoring') return ['grouping opts', '"("'];
  if (open === 'bracket') {
    if (prev.text === '[') return ['subquery or range selector', 'number, duration, step(), or range()'];
    if (prev.text === ':') return ['subquery selector', 'number, duration, step(), range(), or "]"'];
    if (prev.kind === 'preprocessor') return ['subquery or range selector', 'number, duration, step(), or range()'];
    if (prev.kind === 'number' || prev.kind === 'duration') return ['subquery or range', '":" or "]"'];
  }
  if (prev.kind === 'keyword' && prevText === 'offset') return ['offset', 'number, duration, step(), or range()'];
  if (prev.text === '@') return ['@', 'timestamp'];
  return undefined;
}

const durationUnits = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Prometheus's objection to a duration its lexer accepted: an unknown unit, units out of order or repeated. */
function durationError(text: string): string | undefined {
  let last = -1;
  for (const [, , unit] of text.matchAll(/(?<!\d)(\d+(?:\.\d+)?)([a-z]+)/gi)) {
    const rank = durationUnits.indexOf(unit);
    if (rank < 0) return t('unknown unit {0} in duration {1}', goQuote(unit), goQuote(text));
    if (rank <= last) return t('not a valid duration string: {0}', goQuote(text));
    last = rank;
  }
  return undefined;
}

/** Errors of Prometheus's grammar rules rather than of its token stream: a trailing comma, an unknown function, a bad duration. */
function grammarError(tokens: readonly PromQLToken[], k: number): SyntaxError | undefined {
  const token = tokens[k];
  const prev = tokens[k - 1];
  if (token?.kind === 'duration') {
    const problem = durationError(token.text);
    if (problem) return { from: token.from, to: token.to, message: problem };
  }
  if (token?.text === ')' && prev?.text === ',' && openContext(tokens, k) === 'paren') return { from: prev.from, to: prev.to, message: t('trailing commas not allowed in function call args') };
  if (token?.text === '(' && prev?.kind === 'identifier') return { from: prev.from, to: prev.to, message: t('unknown function with name {0}', goQuote(prev.text)) };
  return undefined;
}

/**
 * Prometheus's syntax error for an expression its UI's grammar rejected at `errorAt` (or accepted:
 * Prometheus's lexer alone rejects a bad escape in a string): the lexer's error when it comes first,
 * else "unexpected <token>" at the token the grammar stopped at, with the grammar's context.
 */
export function prometheusSyntaxError(text: string, errorAt: number | undefined): SyntaxError | undefined {
  const lexerError = (error: LexError) => ({ from: error.at, to: Math.max(error.at, Math.min(text.length, error.at + 1)), message: error.message });
  if (errorAt === undefined) {
    // No token follows the lexer's error: it comes first whenever there is one.
    const { error } = lexPromQL(text, false);
    return error ? lexerError(error) : undefined;
  }
  const { tokens, error } = lexPromQL(text);
  const k = tokens.findIndex((token) => token.to > errorAt || token.kind === 'eof');
  const index = k < 0 ? tokens.length : k;
  if (error && error.index <= index) return lexerError(error);
  if (tokens.length === 0 || tokens[0].kind === 'eof') return { from: 0, to: 0, message: t('no expression found in input') };
  const token = tokens[index] ?? tokens[tokens.length - 1];
  const special = grammarError(tokens, index);
  if (special) return special;
  const around = context(tokens, index);
  const eof = token.kind === 'eof';
  let message: string;
  if (around) message = eof ? t('unexpected end of input in {0}, expected {1}', ...around) : t('unexpected {0} in {1}, expected {2}', describe(token), ...around);
  else message = eof ? t('unexpected end of input') : t('unexpected {0}', describe(token));
  return { from: token.from, to: token.to, message };
}
