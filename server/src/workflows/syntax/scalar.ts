import { isScalar, Scalar, type Node } from 'yaml';

/**
 * A string scalar's value with, for every character of the value, its offset in the chunk text.
 * GitHub reads expressions from the value (after YAML unquoting, unescaping and folding); Archipel
 * reports them at the exact characters of the source, so it needs the way back.
 */
export interface ScalarText {
  value: string;
  /** offsets[i] is the chunk offset of value[i]; offsets[value.length] is the end of the value. */
  offsets: number[];
  node: Scalar;
}

/** Length of a double-quoted escape sequence starting at `src[j]` (a backslash). */
function escapeLength(src: string, j: number): number {
  const next = src[j + 1];
  if (next === 'x') return 4;
  if (next === 'u') return 6;
  if (next === 'U') return 10;
  return 2;
}

/**
 * Aligns the value of a string scalar with its source text. Exact for plain, quoted and block
 * scalars in practice: characters the value drops (quotes, indentation, escapes, folded line
 * breaks) are skipped in the source; a folded line break matches the space it became.
 */
export function scalarText(node: Node | null | undefined, chunkText: string): ScalarText | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const [start, end] = node.range;
  const src = chunkText.slice(start, end);
  let j = 0;
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE:
      j = 1;
      break;
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL: {
      const newline = src.indexOf('\n');
      j = newline < 0 ? src.length : newline + 1;
      break;
    }
    default:
      j = 0;
  }
  const doubleQuoted = node.type === Scalar.QUOTE_DOUBLE;
  const offsets = new Array<number>(value.length + 1);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    while (j < src.length) {
      const s = src[j];
      if (doubleQuoted && s === '\\') {
        if (src[j + 1] === '\n' || src[j + 1] === '\r') {
          j += 2; // a line continuation produces nothing
          continue;
        }
        if (c !== '\\' || src[j + 1] === '\\') break; // the escape produced this character
      }
      if (s === c || (c === ' ' && (s === '\n' || s === '\r'))) break;
      j++;
    }
    offsets[i] = start + Math.min(j, src.length);
    j += doubleQuoted && src[j] === '\\' ? escapeLength(src, j) : 1;
  }
  offsets[value.length] = value.length > 0 ? Math.min(offsets[value.length - 1] + 1, end) : start + Math.min(j, src.length);
  return { value, offsets, node };
}

/** One `${{ … }}` in a string: positions are indexes into the value. */
export interface EmbeddedExpression {
  /** Index of `${{`. */
  start: number;
  /** Index just after `}}`, or the end of the value when unclosed. */
  end: number;
  /** The text between the braces and its index. */
  inner: string;
  innerStart: number;
  closed: boolean;
}

/**
 * Finds the `${{ … }}` of a string as GitHub's reader does: the first `}}` outside a
 * single-quoted expression string closes it.
 */
export function embeddedExpressions(value: string): EmbeddedExpression[] {
  const found: EmbeddedExpression[] = [];
  let from = value.indexOf('${{');
  while (from >= 0) {
    let inString = false;
    let close = -1;
    for (let i = from + 3; i < value.length; i++) {
      const c = value[i];
      if (c === "'") inString = !inString;
      else if (!inString && c === '}' && value[i - 1] === '}' && i - 1 >= from + 3) {
        close = i - 1;
        break;
      }
    }
    if (close < 0) {
      found.push({ start: from, end: value.length, inner: value.slice(from + 3), innerStart: from + 3, closed: false });
      break;
    }
    found.push({ start: from, end: close + 2, inner: value.slice(from + 3, close), innerStart: from + 3, closed: true });
    from = value.indexOf('${{', close + 2);
  }
  return found;
}

/** Chunk offsets of the value range [from, to). */
export function spanOf(text: ScalarText, from: number, to: number): [number, number] {
  const start = text.offsets[Math.max(0, Math.min(from, text.value.length))];
  const last = Math.max(from, to - 1);
  const end = to > from ? text.offsets[Math.min(last, text.value.length - 1)] + 1 : start;
  return [start, Math.max(start, end)];
}
