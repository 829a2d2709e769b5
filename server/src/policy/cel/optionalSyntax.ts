/**
 * CEL's optional syntax (cel-go's optional types, which Kubernetes and Kyverno enable) spelt so that @bufbuild/cel 0.6,
 * whose grammar has no `?` after `.` or `[`, parses it: `a.?b` becomes the select `a.<SELECT>b` and `a[?k]` the index
 * `a[<INDEX>(k)]`. Only tokens are renamed here, outside string literals and comments; the library builds the tree,
 * and optional.ts turns the marked nodes into the optional library's calls. One pass, linear in the text.
 */

/** The prefix of a field selected with `.?` (CEL reserves identifiers that start with two underscores). */
export const SELECT_MARK = '__optional_select__';
/** The function wrapped around the key of `[?key]`. */
export const INDEX_MARK = '__optional_index__';

type Marked = { readonly text: string; readonly optional: boolean } | { readonly unsupported: string };

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

/** The end of the string literal that starts at `start` (its prefix r/b included), or the text's end when unclosed. */
function stringEnd(text: string, start: number, quoteAt: number, raw: boolean): number {
  const quote = text[quoteAt] ?? '"';
  const triple = text.startsWith(quote.repeat(3), quoteAt);
  const close = triple ? quote.repeat(3) : quote;
  let index = quoteAt + close.length;
  while (index < text.length) {
    if (!raw && text[index] === '\\') index += 2;
    else if (text.startsWith(close, index)) return index + close.length;
    else if (!triple && text[index] === '\n') return index;
    else index++;
  }
  return Math.max(index, start + 1);
}

/** The index of the next character that is not blank. */
function skipBlank(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index] ?? '')) index++;
  return index;
}

/**
 * The expression with its optional selects and indexes marked, `optional` telling whether there was any; an optional
 * entry of a list or map literal (`[?x]`, `{?k: v}`) is said unsupported.
 */
export function markOptionalSyntax(text: string): Marked {
  if (!text.includes('?')) return { text, optional: false };
  let out = '';
  let optional = false;
  // Whether the last token ends an operand (then `[` indexes it, else `[` opens a list literal).
  let afterOperand = false;
  const brackets: boolean[] = [];
  // The last token when it was punctuation (`{` or `,` before `?` open an optional entry), else ''.
  let lastPunctuation = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    const next = text[index + 1] ?? '';
    const prefixed = /[rRbB]/.test(char) && (next === '"' || next === "'" || (/[rRbB]/.test(next) && /["']/.test(text[index + 2] ?? '')));
    if (char === '"' || char === "'" || prefixed) {
      const quoteAt = char === '"' || char === "'" ? index : next === '"' || next === "'" ? index + 1 : index + 2;
      const raw = /[rR]/.test(text.slice(index, quoteAt));
      const end = stringEnd(text, index, quoteAt, raw);
      out += text.slice(index, end);
      index = end;
      afterOperand = true;
    } else if (char === '/' && next === '/') {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end;
    } else if (IDENTIFIER_START.test(char) || /[0-9]/.test(char)) {
      let end = index + 1;
      while (end < text.length && (IDENTIFIER_PART.test(text[end] ?? '') || (/[0-9]/.test(char) && text[end] === '.' && /[0-9]/.test(text[end + 1] ?? '')))) end++;
      out += text.slice(index, end);
      index = end;
      afterOperand = true;
    } else if (char === '.') {
      const question = skipBlank(text, index + 1);
      if (text[question] === '?') {
        const name = skipBlank(text, question + 1);
        if (!IDENTIFIER_START.test(text[name] ?? '')) return { text, optional: false };
        out += `.${SELECT_MARK}`;
        optional = true;
        index = name;
      } else {
        out += char;
        index++;
      }
      afterOperand = false;
    } else if (char === '[') {
      const question = skipBlank(text, index + 1);
      const marked = text[question] === '?';
      if (marked && !afterOperand) return { unsupported: 'an optional entry of a list literal (`[?x]`)' };
      brackets.push(marked);
      out += marked ? `[${INDEX_MARK}(` : '[';
      optional ||= marked;
      index = marked ? question + 1 : index + 1;
      afterOperand = false;
    } else if (char === ']') {
      out += brackets.pop() === true ? ')]' : ']';
      index++;
      afterOperand = true;
    } else if (char === '?' && (lastPunctuation === '{' || lastPunctuation === ',')) {
      return { unsupported: 'an optional entry of a list or map literal (`{?key: value}`)' };
    } else {
      out += char;
      index++;
      if (!/\s/.test(char)) {
        afterOperand = char === ')' || char === '}';
        lastPunctuation = char;
      }
      continue;
    }
    lastPunctuation = '';
  }
  return { text: out, optional };
}
