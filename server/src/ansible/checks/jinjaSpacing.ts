/**
 * ansible-lint's `jinja[spacing]`: each `{{ … }}` and `{% … %}` of a string rewritten as black formats
 * the expression as Python (one space inside the delimiters, around binary operators and filters'
 * pipes, after commas and dict colons; none inside brackets, around `.`, around a keyword argument's
 * `=`, around a slice's `:`; `**` hugged between simple operands). Where black would refuse the
 * text as Python (Jinja's `~`, a test with a bare argument, `x if y` without else, a trailing comma,
 * a comment, several lines), ansible-lint says nothing, and so does this.
 */
import { jinjaParts, tokenize, type Token } from '../syntax/jinja';

const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

class Unformattable extends Error {}

function isOperand(token: Token | undefined): boolean {
  if (!token) return false;
  if (token.kind === 'name') return !WORD_OPERATORS.has(token.text);
  return token.kind === 'string' || token.kind === 'number' || (token.kind === 'op' && CLOSERS.has(token.text));
}

/** Whether `**`'s operand ending (or starting) at `index` is simple for black: a name, number or attribute chain, maybe negated. */
function simplePowerOperand(tokens: readonly Token[], index: number, direction: -1 | 1): boolean {
  let i = index;
  if (direction === 1 && tokens[i]?.text === '-') i++;
  const first = tokens[i];
  if (!first || (first.kind !== 'name' && first.kind !== 'number')) return false;
  if (first.kind === 'name' && WORD_OPERATORS.has(first.text)) return false;
  for (;;) {
    const dot = tokens[i + direction];
    const next = tokens[i + 2 * direction];
    if (dot?.text === '.' && next?.kind === 'name') i += 2 * direction;
    else return !(direction === -1 && (dot?.text === ')' || dot?.text === ']'));
  }
}

/** Formats one expression's tokens as black would, or throws Unformattable. */
function formatTokens(tokens: readonly Token[], statement: boolean): string {
  let out = '';
  const brackets: string[] = [];
  let previous: Token | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const text = token.text;
    // A slice of simple bounds is written without spaces (black); another `:` outside a dict is not Python.
    if (token.kind === 'error' || text === '~' || (text === ':' && brackets.at(-1) !== '{' && brackets.at(-1) !== '[')) throw new Unformattable();
    let space = previous !== undefined;
    if (token.kind === 'op') {
      if (text === '.' || text === ',' || CLOSERS.has(text)) space = false;
      else if (OPENERS.has(text)) space = !(text !== '{' && isOperand(previous)) && previous !== undefined && !(previous.kind === 'op' && (OPENERS.has(previous.text) || previous.text === '.'));
      else if (text === ':') space = false;
      else if (text === '=') space = brackets.length === 0 && statement;
      else if (text === '**') space = !(simplePowerOperand(tokens, i - 1, -1) && simplePowerOperand(tokens, i + 1, 1));
      else if ((text === '-' || text === '+') && !isOperand(previous)) space = previous !== undefined && !(previous.kind === 'op' && (OPENERS.has(previous.text) || previous.text === '-' || previous.text === '+'));
      else if ((text === '*' || text === '**') && (previous?.text === '(' || previous?.text === ',')) {
        // *args, **kwargs: unary, hugging their operand.
        space = previous.text === ',';
        out += (space ? ' ' : '') + text;
        previous = { ...token, kind: 'op', text: '(' };
        continue;
      }
    }
    if (previous?.kind === 'op') {
      const before = previous.text;
      if (before === '.' || OPENERS.has(before) || (before === ':' && brackets.at(-1) === '[')) space = false;
      else if (before === '=' ) space = brackets.length === 0 && statement;
      else if (before === '**') space = out.endsWith(' ** ');
      else if ((before === '-' || before === '+') && !isOperand(tokens[i - 2])) space = false;
    }
    if (text === 'is' && tokens[i + 1] && tokens[i + 2] && tokens[i + 1].text !== 'not' && isOperand(tokens[i + 2]) && !['(', ')', ']', '}', ','].includes(tokens[i + 2].text) && !WORD_OPERATORS.has(tokens[i + 2].text)) throw new Unformattable();
    if (OPENERS.has(text)) brackets.push(text);
    if (CLOSERS.has(text)) {
      // A trailing comma makes black explode the collection over several lines (a 1-tuple's excepted).
      if (previous?.text === ',' && !(text === ')' && tokens.filter((t) => t.text === ',').length === 1)) throw new Unformattable();
      brackets.pop();
    }
    out += (space ? ' ' : '') + text;
    previous = token;
  }
  if (hasTernaryWithoutElse(tokens)) throw new Unformattable();
  return out;
}

function hasTernaryWithoutElse(tokens: readonly Token[]): boolean {
  const ifs = tokens.filter((t) => t.kind === 'name' && t.text === 'if').length;
  const elses = tokens.filter((t) => t.kind === 'name' && t.text === 'else').length;
  return ifs !== elses;
}

/**
 * Strings spaced lately (null: black would refuse them): the same templates repeat across a
 * project's files. Bounded as jinja.ts bounds its readings: short strings only, emptied when full.
 */
const spaced = new Map<string, string | null>();
const SPACED_KEPT = 20_000;
const SPACED_KEPT_LENGTH = 2_048;

/** A string with every `{{ }}`/`{% %}` spaced as ansible-lint asks, or undefined when it cannot say (as black refusing the text). */
export function jinjaSpacing(text: string): string | undefined {
  if (text.length > SPACED_KEPT_LENGTH) return spacedOnce(text);
  let result = spaced.get(text);
  if (result === undefined) {
    if (spaced.size >= SPACED_KEPT) spaced.clear();
    spaced.set(text, (result = spacedOnce(text) ?? null));
  }
  return result ?? undefined;
}

function spacedOnce(text: string): string | undefined {
  const parts = jinjaParts(text);
  if (parts.length === 0) return text;
  let out = '';
  let at = 0;
  try {
    for (const part of parts) {
      if (!part.closed) return undefined;
      const inner = text.slice(part.start, part.end);
      if (part.open === '{#') {
        // A comment's text is formatted as Python too: a single word is, anything else is refused.
        const comment = inner.trim();
        if (comment !== '' && !/^\w+$/.test(comment)) return undefined;
        out += text.slice(at, part.start) + (comment === '' ? inner : ` ${comment} `);
        at = part.end;
        continue;
      }
      if (inner.includes('\n')) return undefined;
      out += text.slice(at, part.start);
      let body = inner;
      let verb = '';
      if (part.open === '{%') {
        const match = /^(\s*[A-Za-z_]\w*)/.exec(inner);
        verb = match ? match[1] : '';
        body = inner.slice(verb.length);
        // `{% for x in y if z %}`, `recursive`: not Python, black refuses it.
        if (/^\s*for$/.test(verb) && /\b(if|recursive)\b/.test(body)) return undefined;
      }
      const leading = /^\s*/.exec(body)![0];
      const formatted = formatTokens(tokenize(body), part.open === '{%' && /^\s*set$/.test(verb));
      let expression = leading + formatted;
      if (!expression.startsWith(' ') && !(verb === '' && leading !== '') && formatted !== '') expression = ' ' + expression;
      if (verb !== '' && formatted === '' && leading === '') expression = '';
      if (!expression.endsWith(' ')) expression += ' ';
      out += verb + expression;
      at = part.end;
    }
  } catch (error) {
    if (error instanceof Unformattable) return undefined;
    throw error;
  }
  return out + text.slice(at);
}
