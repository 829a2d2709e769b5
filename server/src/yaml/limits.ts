import { CR, HASH, isSpaceOrTab as isBlank, LF as NEWLINE, SPACE, TAB } from './chars';
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

/** What yamlBeyondLimits stops at on a line (besides its end): a comment's `#`, a flow bracket, a quote. */
const SPECIAL = /[#[\]{}"']/g;
/** The same in a flow collection, with its separators: `a: b: c` nests a mapping per `:` there. */
const SPECIAL_FLOW = /[#[\]{}"':,]/g;

/**
 * The first character of a class at or after an offset, remembered: a search that found `hit`
 * from `from` answers every later question from an offset in [from, hit] without searching again,
 * so the lines between two special characters (most lines of a manifest: `key: value`) cost no
 * regular expression run (#68: the scan was one run per line at least).
 */
class NextOf {
  private from = 0;
  private hit = -1;
  constructor(
    private readonly pattern: RegExp,
    private readonly text: string,
  ) {}

  /** The offset of the first character of the class at or after `from`, or the text's length. */
  at(from: number): number {
    if (from >= this.from && from <= this.hit) return this.hit;
    const pattern = this.pattern;
    pattern.lastIndex = from;
    this.from = from;
    this.hit = pattern.test(this.text) ? pattern.lastIndex - 1 : this.text.length;
    return this.hit;
  }
}

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
  if (withinLimitByCount(text, limit)) return undefined;
  return scanLimits(text, limit, 0, [], false).exceeded;
}

/**
 * Whether the scan below (scanLimits) cannot pass `limit` on `text`, known from counts alone, by
 * native searches instead of its walk of every line (#68: a manifest's documents, ~5 ms of a cold
 * open of 500 of them). The depth it compares with the limit is the stack of block indentations
 * plus the open flow collections plus the extra levels of chained `:` in flow. The stack holds
 * strictly increasing columns of one line (at most its length + 1 entries); each open flow
 * collection is a `[` or `{` of the text, each extra level a `:`, each counted once as the scan
 * moves forward. So when the longest line's length + 1 + the `[`, `{` and `:` of the text are at
 * most `limit`, the scan ends without passing it: the same answer, undefined.
 */
function withinLimitByCount(text: string, limit: number): boolean {
  let longest = 0;
  for (let start = 0; ; ) {
    const end = text.indexOf('\n', start);
    const length = (end === -1 ? text.length : end) - start;
    if (length > longest) longest = length;
    if (longest >= limit || end === -1) break;
    start = end + 1;
  }
  let budget = limit - 1 - longest;
  if (budget < 0) return false;
  for (const char of ['[', '{', ':']) {
    for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) if (--budget < 0) return false;
  }
  return true;
}

/**
 * A line where the scan below may resume: a line start where no flow collection is open and the
 * line is read as structure (not a block scalar's body, not blank): there the scan's whole state
 * is the stack of block indentations after the line's own indentation is read (`indents`, its last
 * entry that indentation), so the scan from it depends on the text from it only.
 */
export interface LimitCheckpoint {
  readonly at: number;
  readonly indents: readonly number[];
}

/**
 * yamlBeyondLimits with what lets the next version of the text be scanned from the edit only
 * (`yamlBeyondLimitsEdited`): where the scan may resume, and whether it read the text to its end.
 */
export interface LimitScan {
  /** The limit crossed, if any (the scan then stopped there). */
  readonly exceeded: YamlLimitExceeded | undefined;
  /** Whether the scan read the whole text (false: it stopped at a limit or an unclosed quote). */
  readonly complete: boolean;
  /** Every resumable line whose indentation stack holds at most MAX_CHECKPOINT_DEPTH levels, in order (only when recorded). */
  readonly checkpoints: readonly LimitCheckpoint[] | undefined;
}

/** The deepest indentation stack a checkpoint is kept for: a Compose service's key and its parent (a few per entry, not per line). */
const MAX_CHECKPOINT_DEPTH = 2;

/** The scan of a whole text, with its checkpoints recorded (for texts whose next version will be scanned from its previous one). */
export function yamlLimitScan(text: string, limit = MAX_YAML_DEPTH): LimitScan {
  return scanLimits(text, limit, 0, [], true);
}

/**
 * The scan of `text`, an edited version of `previous.text`, from the last checkpoint before the
 * edit to the first checkpoint after it where the scan of the previous text was in the same state
 * (from there both read the same text alike): what yamlLimitScan(text) gives, exactly. Speed (#68):
 * a one-line edit of a 2,000-line Compose file scans one service instead of the whole text.
 */
export function yamlBeyondLimitsEdited(previous: { readonly text: string; readonly scan: LimitScan }, text: string, span: { start: number; oldEnd: number; newEnd: number }, limit = MAX_YAML_DEPTH): LimitScan {
  const old = previous.scan;
  // A scan that stopped (a limit crossed, an unclosed quote whose end the rest of the text decides) is done again whole.
  if (!old.complete || !old.checkpoints) return yamlLimitScan(text, limit);
  const points = old.checkpoints;
  const delta = span.newEnd - span.oldEnd;
  // The last checkpoint whose line's indentation and first character are before the edit.
  let first = -1;
  for (let lo = 0, hi = points.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    const point = points[mid];
    if (point.at + point.indents[point.indents.length - 1] < span.start) {
      first = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const kept = first >= 0 ? points.slice(0, first) : [];
  const from = first >= 0 ? points[first].at : 0;
  const resume = first >= 0 ? points[first].indents.slice(0, -1) : [];
  return scanLimits(text, limit, from, resume, true, kept, { old: points, index: Math.max(first, 0), delta, after: span.newEnd });
}

/** Where a resumed scan may join the previous one: its checkpoints from `index` on, `delta` characters further, at or after `after`. */
interface Join {
  readonly old: readonly LimitCheckpoint[];
  index: number;
  readonly delta: number;
  readonly after: number;
}

function sameStack(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function scanLimits(text: string, limit: number, start: number, initial: number[], record: boolean, recorded: LimitCheckpoint[] = [], join?: Join): LimitScan {
  const indents: number[] = initial;
  const checkpoints: LimitCheckpoint[] | undefined = record ? recorded : undefined;
  const stopped = (exceeded: YamlLimitExceeded | undefined): LimitScan => ({ exceeded, complete: false, checkpoints });
  let flow = 0;
  // In a flow collection the `yaml` package nests a mapping for each `:` of `a: b: c …` (an error
  // it recovers from): 9,000 of them in `[…]` overflowed the stack. Each `:` after the first since
  // the collection's last `,` counts a level (`extra`); `chained` is that count for each open collection.
  let chained = 0;
  const chainedOuter: number[] = [];
  let extra = 0;
  /** Lines indented more than this are a block scalar's body (-1: not in a block scalar). */
  let scalarParent = -1;
  let at = start;
  const n = text.length;
  const inBlock = new NextOf(SPECIAL, text);
  const inFlow = new NextOf(SPECIAL_FLOW, text);
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
      if (checkpoints && indents.length <= MAX_CHECKPOINT_DEPTH) {
        if (join && at >= join.after) {
          // The previous scan's checkpoint at the same place of the same remaining text, in the same state: the rest reads alike.
          const old = join.old;
          while (join.index < old.length && old[join.index].at + join.delta < at) join.index++;
          if (join.index < old.length && old[join.index].at + join.delta === at && sameStack(old[join.index].indents, indents)) {
            for (let i = join.index; i < old.length; i++) checkpoints.push(join.delta === 0 ? old[i] : { at: old[i].at + join.delta, indents: old[i].indents });
            return { exceeded: undefined, complete: true, checkpoints };
          }
        }
        checkpoints.push({ at, indents: indents.slice() });
      }
      // Compact nested items on one line: `- - - x`, `? - x`.
      while ((text.charCodeAt(pos) === 0x2d /* - */ || text.charCodeAt(pos) === 0x3f) /* ? */ && isBlank(text.charCodeAt(pos + 1))) {
        pos += 2;
        while (pos < n && isBlank(text.charCodeAt(pos))) pos++;
        indents.push(pos - at);
        if (indents.length > limit) return stopped(beyond(pos));
      }
      if (indents.length > limit) return stopped(beyond(pos));
    }
    // The rest of the line: flow brackets, quotes, comments, a block scalar indicator at the end.
    // The characters that matter are found by a regular expression (native code even while this
    // function still runs in V8's first tiers, as on a cold open), not compared one by one here.
    const contentStart = pos;
    // Where the line ends (its line break, or the text's end): a quoted scalar running over several lines moves it.
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = n;
    let contentEnd = lineEnd; // where the line's tokens end: its line break, a comment, or the text's end
    for (let from = pos; ; ) {
      const hit = (flow > 0 ? inFlow : inBlock).at(from);
      if (hit >= lineEnd) break;
      from = hit + 1;
      const code = text.charCodeAt(hit);
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
        if (flow + indents.length + extra > limit) return stopped(beyond(hit));
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
          if (++chained > 1 && flow + indents.length + ++extra > limit) return stopped(beyond(hit));
        }
      } else if (startsScalar(previous)) {
        // A quote opening a quoted scalar, which may run over several lines.
        const close = closingQuote(text, hit, code);
        if (close < 0) return stopped(undefined); // unclosed: a syntax error the parser reports, nothing nests after it
        from = close + 1;
        if (from > lineEnd) {
          lineEnd = text.indexOf('\n', from);
          if (lineEnd < 0) lineEnd = n;
          contentEnd = lineEnd;
        }
      }
    }
    // The line's last token: a block scalar header ends in `|`, `>`, a chomping or an indentation indicator
    // (tested here first: most lines end in none, and need no call).
    let lastToken = contentEnd - 1;
    let last = lastToken >= contentStart ? text.charCodeAt(lastToken) : NEWLINE;
    while (lastToken >= contentStart && (last === SPACE || last === TAB || last === CR)) last = --lastToken >= contentStart ? text.charCodeAt(lastToken) : NEWLINE;
    if (flow === 0 && lastToken >= contentStart && (last === 0x7c || last === 0x3e || last === 0x2d || last === 0x2b || (last >= 0x30 && last <= 0x39)) && isBlockScalarIndicator(text, lastToken)) {
      scalarParent = indent;
    }
    // The next line starts after this one's line break (a comment ends the tokens, not the line).
    at = lineEnd < n ? lineEnd + 1 : n;
  }
  return { exceeded: undefined, complete: true, checkpoints };
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
  // Every operation below runs for each quote found, escaped or not: an escape (`''`, `\"`) is
  // rare, and an operation first met there threw the optimised scan away (compiled again, #68).
  const step = quote === 0x27 ? 2 : 1; // past `''`, past an escaped `"`
  let from = open + 1;
  for (;;) {
    const close = text.indexOf(char, from);
    if (close < 0) return -1;
    let escaped: boolean;
    if (quote === 0x27) {
      escaped = text.charCodeAt(close + 1) === 0x27; // '' is an escaped quote
    } else {
      // An odd number of backslashes before it.
      let b = close;
      do b -= 1;
      while (b > open && text.charCodeAt(b) === 0x5c);
      escaped = (close - 1 - b) % 2 !== 0;
    }
    const next = close + step;
    if (!escaped) return close;
    from = next;
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
