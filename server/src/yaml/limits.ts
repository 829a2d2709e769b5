import { CR, HASH, isSpaceOrTab as isBlank, LF as NEWLINE, SPACE } from './chars';
import { t } from '../l10n/t';

/**
 * What a YAML document may hold before it reaches a third-party parser. Both parsers recurse once
 * per nesting level (a few hundred levels exhaust V8's stack: "Maximum call stack size exceeded"),
 * and the `yaml` package's value conversion grows superlinearly with unclosed flow collections
 * (a 1.3 KB line of `{` took minutes). A document nested deeper than MAX_YAML_DEPTH is not handed
 * to either parser: it gets one finding that says so, in our words. Real files stay far below the
 * limit: Kubernetes CRD schemas, the deepest YAML we know of, nest about 40 levels.
 */
export const MAX_YAML_DEPTH = 200;

/** What yamlBeyondLimits stops at on a line: its end, a comment's `#`, a flow bracket, a quote. */
const SPECIAL = /[\n#[\]{}"']/g;
/** The same in a flow collection, with its separators: `a: b: c` nests a mapping per `:` there. */
const SPECIAL_FLOW = /[\n#[\]{}"':,]/g;

export interface YamlLimitExceeded {
  /** Offset (in the chunk) where the limit was crossed. */
  offset: number;
  message: string;
}


/**
 * An upper estimate of the nesting depth of a YAML text, read in one linear pass without parsing:
 * the stack of block indentations (compact `- - x` items each count), plus open flow collections.
 * Comments, quoted scalars and block scalar bodies (`run: |` scripts full of brackets) are skipped.
 * Returns where the depth first passes `limit`, or undefined when it never does.
 */
/**
 * What a chunk is when the parser itself overflowed V8's stack on a nesting the estimate below did
 * not see (the `yaml` package's parser keeps a frame per compact mapping of `a: b: c …` after a
 * flow collection on one line): the same finding, at the chunk's start.
 */
export function parserOverflow(limit = MAX_YAML_DEPTH): YamlLimitExceeded {
  return { offset: 0, message: t('YAML not read: it nests more than {0} levels deep (Archipel\'s limit, which keeps the parsers within bounded time and stack). Flatten the structure or split the file.', limit) };
}

export function yamlBeyondLimits(text: string, limit = MAX_YAML_DEPTH): YamlLimitExceeded | undefined {
  const indents: number[] = [];
  let flow = 0;
  // In a flow collection the `yaml` package nests a mapping for each `:` of `a: b: c …` (an error
  // it recovers from): 9,000 of them in `[…]` overflowed the stack. Each `:` after the first since
  // the collection's last `,` counts a level (`extra`); `chained` is that count for each open collection.
  let chained = 0;
  const chainedOuter: number[] = [];
  let extra = 0;
  /** Lines indented more than this are a block scalar's body (-1: not in a block scalar). */
  let scalarParent = -1;
  let at = 0;
  const n = text.length;
  const beyond = (offset: number): YamlLimitExceeded => ({
    offset,
    message: t('YAML not read: it nests more than {0} levels deep (Archipel\'s limit, which keeps the parsers within bounded time and stack). Flatten the structure or split the file.', limit),
  });

  while (at < n) {
    // Line start: indentation.
    let pos = at;
    while (pos < n && text.charCodeAt(pos) === SPACE) pos++;
    const indent = pos - at;
    const first = pos < n ? text.charCodeAt(pos) : NEWLINE;
    const blankLine = first === NEWLINE || first === CR || first === HASH;
    if (scalarParent >= 0) {
      if (blankLine || indent > scalarParent) {
        at = nextLine(text, pos);
        continue;
      }
      scalarParent = -1;
    }
    if (blankLine) {
      at = nextLine(text, pos);
      continue;
    }
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1] > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1] < indent) indents.push(indent);
      // Compact nested items on one line: `- - - x`, `? - x`.
      while ((text.charCodeAt(pos) === 0x2d /* - */ || text.charCodeAt(pos) === 0x3f) /* ? */ && isBlank(text.charCodeAt(pos + 1))) {
        pos += 2;
        while (pos < n && isBlank(text.charCodeAt(pos))) pos++;
        indents.push(pos - at);
        if (indents.length > limit) return beyond(pos);
      }
      if (indents.length > limit) return beyond(pos);
    }
    // The rest of the line: flow brackets, quotes, comments, a block scalar indicator at the end.
    // The characters that matter are found by a regular expression (native code even while this
    // function still runs in V8's first tiers, as on a cold open), not compared one by one here.
    const contentStart = pos;
    let contentEnd = n; // where the line's tokens end: its line break, a comment, or the text's end
    for (let from = pos; ; ) {
      const special = flow > 0 ? SPECIAL_FLOW : SPECIAL;
      special.lastIndex = from;
      if (!special.test(text)) break;
      const hit = special.lastIndex - 1;
      from = hit + 1;
      const code = text.charCodeAt(hit);
      if (code === NEWLINE) {
        contentEnd = hit;
        break;
      }
      const previous = hit > contentStart ? text.charCodeAt(hit - 1) : SPACE;
      if (code === HASH) {
        if (isBlank(previous) || previous === NEWLINE) {
          contentEnd = hit;
          break;
        }
      } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
        flow++;
        chainedOuter.push(chained);
        chained = 0;
        if (flow + indents.length + extra > limit) return beyond(hit);
      } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
        if (flow > 0) {
          flow--;
          extra -= Math.max(0, chained - 1);
          chained = chainedOuter.pop() ?? 0;
        }
      } else if (code === 0x2c /* , */) {
        extra -= Math.max(0, chained - 1);
        chained = 0;
      } else if (code === 0x3a /* : */) {
        // A value indicator: followed by a blank, a line break or a flow indicator, or after a quoted
        // key or a collection (`"a":1`, JSON's way); `http://x` is a plain scalar.
        const next = hit + 1 < n ? text.charCodeAt(hit + 1) : NEWLINE;
        if (isBlank(next) || next === NEWLINE || next === CR || next === 0x2c || next === 0x5b || next === 0x5d || next === 0x7b || next === 0x7d || previous === 0x22 || previous === 0x27 || previous === 0x5d || previous === 0x7d) {
          if (++chained > 1 && flow + indents.length + ++extra > limit) return beyond(hit);
        }
      } else if (startsScalar(previous)) {
        // A quote opening a quoted scalar, which may run over several lines.
        const close = closingQuote(text, hit, code);
        if (close < 0) return undefined; // unclosed: a syntax error the parser reports, nothing nests after it
        from = close + 1;
      }
    }
    let lastToken = contentEnd - 1;
    while (lastToken >= contentStart && (isBlank(text.charCodeAt(lastToken)) || text.charCodeAt(lastToken) === CR)) lastToken--;
    if (flow === 0 && lastToken >= contentStart && isBlockScalarIndicator(text, lastToken)) scalarParent = indent;
    pos = contentEnd;
    at = nextLine(text, pos);
  }
  return undefined;
}

function nextLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end + 1;
}

/** Whether a quote after this character opens a quoted scalar (rather than sitting in a plain one like `it's`). */
function startsScalar(previous: number): boolean {
  return isBlank(previous) || previous === 0x5b || previous === 0x7b || previous === 0x2c /* , */ || previous === 0x3a /* : */ || previous === NEWLINE;
}

/** The offset of the quote closing the scalar opened at `open`, or -1. Linear: `indexOf` from the last position. */
function closingQuote(text: string, open: number, quote: number): number {
  const char = String.fromCharCode(quote);
  let from = open + 1;
  for (;;) {
    const close = text.indexOf(char, from);
    if (close < 0) return -1;
    if (quote === 0x27) {
      if (text.charCodeAt(close + 1) === 0x27) {
        from = close + 2; // '' is an escaped quote
        continue;
      }
      return close;
    }
    let backslashes = 0;
    for (let b = close - 1; b > open && text.charCodeAt(b) === 0x5c; b--) backslashes++;
    if (backslashes % 2 === 0) return close;
    from = close + 1;
  }
}

/** Whether the token ending at `last` is a block scalar header (`|`, `>-`, `|2+`) after a key, an item or the line start. */
function isBlockScalarIndicator(text: string, last: number): boolean {
  let start = last;
  for (let code = text.charCodeAt(start); start > 0 && (code === 0x2d /* - */ || code === 0x2b /* + */ || (code >= 0x30 && code <= 0x39)); code = text.charCodeAt(start)) start--;
  const code = text.charCodeAt(start);
  if (code !== 0x7c /* | */ && code !== 0x3e /* > */) return false;
  const before = start > 0 ? text.charCodeAt(start - 1) : NEWLINE;
  return isBlank(before) || before === NEWLINE;
}
