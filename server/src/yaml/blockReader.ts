import * as jsYaml from 'js-yaml';
import type { SourceNode, SourcePair } from './sourceNode';

/**
 * A reader for the block-YAML subset that Kubernetes manifests, workflows and most configuration
 * files are written in: block mappings and sequences, plain and single-line quoted scalars (with
 * the one-character and `\x`/`\u` escapes), literal block scalars (`|`, `|-`, `|+`), one-line flow
 * sequences of scalars, `{}` and `[]`, comments after a key's colon.
 * It gives exactly what js-yaml (core schema) gives for such a text — the same value, plain
 * scalars resolved by js-yaml's own types — and the same source tree as its parse events
 * (yaml/tree.ts), line by line with native string search instead of js-yaml's character-by-character
 * state machine: several times faster, and most of all before V8's optimiser has warmed up, which
 * is when a cold editor opens a big manifest file.
 *
 * Anything outside the subset — anchors, aliases, tags, directives, explicit keys, multi-line
 * plain or quoted scalars, `\U` and line-folding escapes, folded scalars, flow mappings, tabs, CR
 * line ends, duplicate keys, anything malformed — returns undefined, and the caller reads the text with js-yaml, which
 * decides (and reports errors) as before. A differential test holds the two to the same output.
 */
export interface BlockRead {
  value: unknown;
  tree: SourceNode | null;
}

/** Thrown inside the reader to give up on a text; never escapes `readBlockYaml`. */
const OUTSIDE = Symbol('outside the block subset');

/** Character codes the reader looks for (a const enum: inlined as numbers). */
// prettier-ignore
const enum Char {
  Space = 0x20, Hash = 0x23, Colon = 0x3a, Dash = 0x2d, Comma = 0x2c, Pipe = 0x7c,
  DoubleQuote = 0x22, SingleQuote = 0x27, OpenBracket = 0x5b, CloseBracket = 0x5d, OpenBrace = 0x7b, CloseBrace = 0x7d,
}

/** Characters js-yaml refuses anywhere in a stream (its PATTERN_NON_PRINTABLE), plus tab, CR and BOM, which this reader leaves to js-yaml. */
const unsupported = /[\x00-\x09\x0B-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Characters a plain scalar may not start with in this subset (YAML indicators, and `-`/`?`/`:` for simplicity when followed by a space). */
function plainStartOk(code: number, next: number): boolean {
  switch (code) {
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x27: // '
    case 0x22: // "
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case 0x3f: // ?
    case 0x3a: // :
      return false;
    case Char.Dash: // "-x" is plain; "- " is a sequence entry, "-" alone too
      return next !== Char.Space && next !== 0x0a && next !== Char.Comma && next !== Char.CloseBracket && next === next;
    default:
      return true;
  }
}

/** js-yaml's core schema implicit types, in its order (exported by js-yaml 4 as `types`, absent from its typings). */
const { types } = jsYaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', jsYaml.Type> };
const implicitTypes = [types.null, types.bool, types.int, types.float];

/**
 * The words that resolve to null or a boolean (core schema), built by js-yaml's own types so that
 * they cannot drift from it: every other plain scalar starting with a letter is a string.
 */
const words = new Map<string, unknown>();
for (const word of ['~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']) {
  for (const type of [types.null, types.bool]) if (type.resolve(word)) words.set(word, type.construct(word));
}

/** Escapes of double-quoted scalars that stand for one character (YAML 1.2's table, as js-yaml reads them). */
const simpleEscapes: Readonly<Record<string, string>> = { '0': '\x00', a: '\x07', b: '\x08', t: '\t', n: '\n', v: '\x0B', f: '\x0C', r: '\r', e: '\x1B', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xA0', L: '\u2028', P: '\u2029' };

/** The escape after a backslash at `at` (before `end`): its character and the offset after it; anything else is left to js-yaml. */
function readEscape(text: string, at: number, end: number): { value: string; end: number } {
  const letter = text[at];
  if (at < end && Object.hasOwn(simpleEscapes, letter)) return { value: simpleEscapes[letter], end: at + 1 };
  const digits = letter === 'x' ? 2 : letter === 'u' ? 4 : 0;
  const hex = text.slice(at + 1, at + 1 + digits);
  if (digits === 0 || at + digits >= end || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) throw OUTSIDE;
  return { value: String.fromCharCode(parseInt(hex, 16)), end: at + 1 + digits };
}

/** A plain decimal integer (no sign but "-", no leading zero, not "-0", which js-yaml reads as 0): most numbers in manifests. */
const plainInteger = /^(?:0|-?[1-9][0-9]{0,14})$/;

/** A plain scalar's value, resolved as js-yaml's core schema resolves it. */
function resolvePlain(text: string): unknown {
  const first = text.charCodeAt(0);
  // Letters: only the null and boolean words resolve (names and keys are most scalars).
  if ((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a)) {
    const word = words.get(text);
    return word === undefined ? text : word;
  }
  // Numbers (digits, sign, dot), .inf/.nan and ~ need the type tests; every other first character
  // makes a string.
  if (first === 0x7e || first === 0x2b || first === Char.Dash || first === 0x2e || (first >= 0x30 && first <= 0x39)) {
    if (plainInteger.test(text)) return Number(text);
    for (const type of implicitTypes) if (type.resolve(text)) return type.construct(text);
  }
  return text;
}

/**
 * Per-line tables, shared by every read and grown as needed: reads are synchronous and never
 * nested, and a manifest file is hundreds of small documents, each of which would otherwise
 * allocate and grow its own arrays (garbage that a cold start pays for in collections).
 */
let capacity = 0;
let startsTable = new Int32Array(0);
let endsTable = new Int32Array(0);
let firstsTable = new Int32Array(0);
let hashesTable = new Int32Array(0);
function reserve(lines: number): void {
  if (lines <= capacity) return;
  capacity = Math.max(lines, capacity * 2, 256);
  startsTable = new Int32Array(capacity);
  endsTable = new Int32Array(capacity);
  firstsTable = new Int32Array(capacity);
  hashesTable = new Int32Array(capacity);
}

class Reader {
  /** Per line: offset of its first character, of its end (before the line feed), and of its first non-space character. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly firsts: Int32Array;
  /** The offset of the first `#` of each line, or the line's end: lines without one (most) skip the character-by-character scans for comments. */
  private readonly hashes: Int32Array;
  /** How many lines the text has. */
  private readonly count: number;
  /** The next line to read. */
  private line = 0;

  constructor(private readonly text: string) {
    let lines = 1;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
    reserve(lines);
    const starts = (this.starts = startsTable);
    const ends = (this.ends = endsTable);
    const firsts = (this.firsts = firstsTable);
    const hashes = (this.hashes = hashesTable);
    this.count = lines;
    let start = 0;
    let hash = text.indexOf('#');
    for (let line = 0; line < lines; line++) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      if (hash !== -1 && hash < start) hash = text.indexOf('#', start);
      hashes[line] = hash !== -1 && hash < end ? hash : end;
      let first = start;
      while (first < end && text.charCodeAt(first) === Char.Space) first++;
      starts[line] = start;
      ends[line] = end;
      firsts[line] = first;
      start = end + 1;
    }
  }

  /** Whether a line holds content (not blank, not only a comment). */
  private content(line: number): boolean {
    const first = this.firsts[line];
    return first < this.ends[line] && this.text.charCodeAt(first) !== Char.Hash;
  }

  /** The next line with content at or after `from`, or the line count. */
  private nextContent(from: number): number {
    let at = from;
    while (at < this.count && !this.content(at)) at++;
    return at;
  }

  private indent(line: number): number {
    return this.firsts[line] - this.starts[line];
  }

  read(): BlockRead {
    // A text ending in spaces after its last line break: js-yaml's events end a block scalar
    // before it at those spaces; left to js-yaml.
    const last = this.count - 1;
    if (this.starts[last] < this.ends[last] && this.firsts[last] === this.ends[last]) throw OUTSIDE;
    let line = this.nextContent(0);
    if (line >= this.count) throw OUTSIDE;
    // A leading `---` alone (a comment may follow it) opens the document.
    const first = this.firsts[line];
    if (this.text.startsWith('---', first) && first === this.starts[line]) {
      const after = this.skipSpaces(first + 3, this.ends[line]);
      if (after < this.ends[line] && this.text.charCodeAt(after) !== Char.Hash) throw OUTSIDE;
      if (after === first + 3 && after < this.ends[line]) throw OUTSIDE;
      line = this.nextContent(line + 1);
      if (line >= this.count) throw OUTSIDE;
    }
    const at = this.firsts[line];
    if (this.text.charCodeAt(at) === 0x25 /* % */ || (this.text.startsWith('...', at) && at === this.starts[line])) throw OUTSIDE;
    const code = this.text.charCodeAt(at);
    let result: { value: unknown; node: SourceNode };
    if (code === Char.Dash && this.entryMarker(at)) result = this.sequence(line, this.indent(line));
    else result = this.mapping(line, at, this.indent(line));
    if (this.nextContent(this.line) < this.count) throw OUTSIDE;
    return { value: result.value, tree: result.node };
  }

  private skipSpaces(from: number, limit: number): number {
    let at = from;
    while (at < limit && this.text.charCodeAt(at) === Char.Space) at++;
    return at;
  }

  /** Whether a `-` at `at` is a sequence entry marker (followed by a space or the line end). */
  private entryMarker(at: number): boolean {
    const next = this.text.charCodeAt(at + 1);
    return next === Char.Space || next === 0x0a || at + 1 >= this.text.length;
  }

  /** After a value ending at `at` on `line`: only spaces and a comment may follow. */
  private lineRest(at: number, line: number): void {
    const end = this.ends[line];
    const after = this.skipSpaces(at, end);
    if (after < end && (this.text.charCodeAt(after) !== Char.Hash || after === at)) throw OUTSIDE;
  }

  /**
   * A block mapping whose first key starts at `at` on `line` (maybe after a `- `), its keys at
   * column `column`.
   */
  private mapping(line: number, at: number, column: number): { value: unknown; node: SourceNode } {
    const value: Record<string, unknown> = {};
    const pairs: SourcePair[] = [];
    let keyLine = line;
    let keyAt = at;
    for (;;) {
      const key = this.key(keyLine, keyAt);
      if (Object.hasOwn(value, key.name) || key.name === '__proto__' || key.name === '<<') throw OUTSIDE;
      const item = this.value(keyLine, key.after, column, true);
      value[key.name] = item.value;
      pairs.push({ key: key.name, keyNode: key.node, value: item.node });
      const next = this.nextAtColumn(column);
      if (next === undefined) break;
      const first = this.firsts[next];
      if (this.text.charCodeAt(first) === Char.Dash && this.entryMarker(first)) break; // an outer sequence's next entry
      keyLine = next;
      keyAt = first;
    }
    const start = pairs[0].keyNode!.start;
    const last = pairs[pairs.length - 1];
    return { value, node: { kind: 'map', start, end: (last.value ?? last.keyNode)!.end, pairs } };
  }

  /** A mapping key at `at` on `line`: its name, its node, and the offset after its colon. */
  private key(line: number, at: number): { name: string; node: SourceNode; after: number } {
    const text = this.text;
    const end = this.ends[line];
    const code = text.charCodeAt(at);
    if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      const quoted = this.quoted(at, end);
      if (text.charCodeAt(quoted.end) !== Char.Colon) throw OUTSIDE;
      const after = quoted.end + 1;
      if (after < end && text.charCodeAt(after) !== Char.Space) throw OUTSIDE;
      return { name: quoted.value, node: { kind: 'scalar', start: at, end: quoted.end }, after };
    }
    if (!plainStartOk(code, text.charCodeAt(at + 1))) throw OUTSIDE;
    // The key ends at the first ": " (or ":" at the line end); a " #" before it means no key.
    const colon = this.pairColon(line, at);
    if (colon === -1) throw OUTSIDE;
    let keyEnd = colon;
    while (keyEnd > at && text.charCodeAt(keyEnd - 1) === Char.Space) keyEnd--;
    const raw = text.slice(at, keyEnd);
    return { name: String(resolvePlain(raw)), node: { kind: 'scalar', start: at, end: keyEnd }, after: colon + 1 };
  }

  /**
   * The value after a key's colon or a sequence entry's dash, at `at` on `line`, in a collection
   * whose entries sit at column `column`. Leaves `this.line` on the line after the value.
   */
  private value(line: number, at: number, column: number, inMapping: boolean): { value: unknown; node: SourceNode | null } {
    const text = this.text;
    const end = this.ends[line];
    const start = this.skipSpaces(at, end);
    if (start >= end || (text.charCodeAt(start) === Char.Hash && start > at)) {
      // Nothing on this line: a nested block below, or an empty value.
      const next = this.nextContent(line + 1);
      if (next < this.count) {
        const indent = this.indent(next);
        const first = this.firsts[next];
        const entry = text.charCodeAt(first) === Char.Dash && this.entryMarker(first);
        if (indent > column || (inMapping && indent === column && entry)) {
          // A comment after the colon (`services: # the stack`): js-yaml's node starts at the block below, as without it.
          return entry ? this.sequence(next, indent) : this.mapping(next, first, indent);
        }
      }
      this.line = line + 1;
      if (!inMapping) throw OUTSIDE; // an empty sequence entry: js-yaml's events do not map onto it
      return { value: null, node: { kind: 'scalar', start: at, end: at } };
    }
    if (start === at && at < end) throw OUTSIDE; // "key:value" is not a pair
    const code = text.charCodeAt(start);
    if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      const quoted = this.quoted(start, end);
      this.lineRest(quoted.end, line);
      this.line = line + 1;
      this.noContinuation(column);
      return { value: quoted.value, node: { kind: 'scalar', start, end: quoted.end } };
    }
    if (code === Char.Pipe) return this.literal(line, start, column);
    if (code === Char.OpenBracket) return this.flowSequence(line, start, column);
    if (code === Char.OpenBrace) {
      if (text.charCodeAt(start + 1) !== Char.CloseBrace) throw OUTSIDE;
      this.lineRest(start + 2, line);
      this.line = line + 1;
      this.noContinuation(column);
      return { value: {}, node: { kind: 'map', start, end: start + 2, pairs: [] } };
    }
    if (code === Char.Dash && this.entryMarker(start)) {
      // "key: - a" is not YAML; "- - a" (nested compact sequences) is left to js-yaml.
      throw OUTSIDE;
    }
    if (!inMapping && this.startsPair(line, start)) return this.mapping(line, start, start - this.starts[line]);
    if (!plainStartOk(code, text.charCodeAt(start + 1))) throw OUTSIDE;
    // A plain scalar: to the line end or a comment, without a ": " inside.
    let stop = end;
    if (this.hashes[line] < end) {
      for (stop = start; stop < end; stop++) {
        const c = text.charCodeAt(stop);
        if (c === Char.Hash && text.charCodeAt(stop - 1) === Char.Space) break;
        if (c === Char.Colon && (stop + 1 === end || text.charCodeAt(stop + 1) === Char.Space)) throw OUTSIDE;
      }
    } else if (this.keyColon(start, end) !== -1) {
      throw OUTSIDE;
    }
    let valueEnd = stop;
    while (valueEnd > start && text.charCodeAt(valueEnd - 1) === Char.Space) valueEnd--;
    this.line = line + 1;
    this.noContinuation(column);
    return { value: resolvePlain(text.slice(start, valueEnd)), node: { kind: 'scalar', start, end: valueEnd } };
  }

  /** Whether a sequence entry's content at `start` on `line` begins a mapping (`key: …`). */
  private startsPair(line: number, start: number): boolean {
    const text = this.text;
    const code = text.charCodeAt(start);
    if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      const close = text.indexOf(String.fromCharCode(code), start + 1);
      return close !== -1 && close < this.ends[line] && text.charCodeAt(close + 1) === Char.Colon;
    }
    return this.pairColon(line, start) !== -1;
  }

  /** The colon ending an implicit key that starts at `at` on `line` (`: ` or `:` at the line end), or -1 (none, or a comment first). */
  private pairColon(line: number, at: number): number {
    const text = this.text;
    const end = this.ends[line];
    const hash = this.hashes[line];
    if (hash < at || hash >= end) return this.keyColon(at, end);
    for (let i = at; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === Char.Colon && (i + 1 === end || text.charCodeAt(i + 1) === Char.Space)) return i;
      if (c === Char.Hash && i > at && text.charCodeAt(i - 1) === Char.Space) return -1;
    }
    return -1;
  }

  /** The first `: ` (or `:` at `end`) in [at, end), by native search, or -1: for spans without `#`. */
  private keyColon(at: number, end: number): number {
    const text = this.text;
    for (let colon = text.indexOf(':', at); colon !== -1 && colon < end; colon = text.indexOf(':', colon + 1)) {
      if (colon + 1 === end || text.charCodeAt(colon + 1) === Char.Space) return colon;
    }
    return -1;
  }

  /**
   * The next content line when it continues a collection at `column`; undefined when the text or
   * the collection ends (a line less indented). A deeper line is outside the subset.
   */
  private nextAtColumn(column: number): number | undefined {
    const next = this.nextContent(this.line);
    if (next >= this.count) return undefined;
    const indent = this.indent(next);
    if (indent < column) return undefined;
    if (indent > column) throw OUTSIDE;
    return next;
  }

  /** After a one-line scalar: a more-indented content line would continue it (multi-line plain scalar, or an error). */
  private noContinuation(column: number): void {
    const next = this.nextContent(this.line);
    if (next < this.count && this.indent(next) > column) throw OUTSIDE;
  }

  /** A quoted scalar on one line, without escapes: its value and the offset after its closing quote. */
  private quoted(at: number, end: number): { value: string; end: number } {
    const text = this.text;
    const quote = text.charCodeAt(at);
    if (quote === Char.DoubleQuote) {
      let from = at + 1;
      let value = '';
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1 || close >= end) throw OUTSIDE;
        const escape = text.indexOf('\\', from);
        if (escape === -1 || escape > close) return { value: value + text.slice(from, close), end: close + 1 };
        // An escape on the line (`\"`, `\\`, `\n`, `\x41`…: alert descriptions' printf \"%.2f\"), as js-yaml reads it.
        value += text.slice(from, escape);
        const read = readEscape(text, escape + 1, end);
        value += read.value;
        from = read.end;
      }
    }
    let from = at + 1;
    let value = '';
    for (;;) {
      const close = text.indexOf("'", from);
      if (close === -1 || close >= end) throw OUTSIDE;
      value += text.slice(from, close);
      if (text.charCodeAt(close + 1) === Char.SingleQuote) {
        value += "'";
        from = close + 2;
      } else {
        return { value, end: close + 1 };
      }
    }
  }

  /** A one-line flow sequence of scalars: `[]`, `[a, "b", 'c']`. */
  private flowSequence(line: number, at: number, column: number): { value: unknown; node: SourceNode } {
    const text = this.text;
    const end = this.ends[line];
    const values: unknown[] = [];
    const items: SourceNode[] = [];
    let cursor = this.skipSpaces(at + 1, end);
    if (text.charCodeAt(cursor) !== Char.CloseBracket) {
      for (;;) {
        const code = text.charCodeAt(cursor);
        let itemEnd: number;
        if (code === Char.DoubleQuote || code === Char.SingleQuote) {
          const quoted = this.quoted(cursor, end);
          values.push(quoted.value);
          itemEnd = quoted.end;
        } else {
          if (!plainStartOk(code, text.charCodeAt(cursor + 1))) throw OUTSIDE;
          let stop = cursor;
          for (; stop < end; stop++) {
            const c = text.charCodeAt(stop);
            if (c === Char.Comma || c === Char.CloseBracket) break;
            if (c === Char.OpenBracket || c === Char.OpenBrace || c === Char.CloseBrace || c === Char.Colon || c === Char.Hash) throw OUTSIDE;
          }
          itemEnd = stop;
          while (itemEnd > cursor && text.charCodeAt(itemEnd - 1) === Char.Space) itemEnd--;
          if (itemEnd === cursor) throw OUTSIDE;
          values.push(resolvePlain(text.slice(cursor, itemEnd)));
        }
        items.push({ kind: 'scalar', start: cursor, end: itemEnd });
        cursor = this.skipSpaces(itemEnd, end);
        const separator = text.charCodeAt(cursor);
        if (separator === Char.CloseBracket) break;
        if (separator !== Char.Comma) throw OUTSIDE;
        cursor = this.skipSpaces(cursor + 1, end);
        if (text.charCodeAt(cursor) === Char.CloseBracket) throw OUTSIDE; // a trailing comma: left to js-yaml
      }
    }
    this.lineRest(cursor + 1, line);
    this.line = line + 1;
    this.noContinuation(column);
    return { value: values, node: { kind: 'seq', start: at, end: cursor + 1, items } };
  }

  /** A literal block scalar (`|`, `|-`, `|+`) whose header is at `at` on `line`, in a collection at column `column`. */
  private literal(line: number, at: number, column: number): { value: unknown; node: SourceNode } {
    const text = this.text;
    const end = this.ends[line];
    let chomp = 0; // 0 clip, -1 strip, 1 keep
    let cursor = at + 1;
    const indicator = text.charCodeAt(cursor);
    if (indicator === Char.Dash) {
      chomp = -1;
      cursor++;
    } else if (indicator === 0x2b /* + */) {
      chomp = 1;
      cursor++;
    }
    if (cursor < end && text.charCodeAt(cursor) !== Char.Space) throw OUTSIDE; // indentation indicators and the like
    this.lineRest(cursor, line);
    // Content lines: from the first non-blank one, indented more than the collection.
    let first = line + 1;
    while (first < this.count && this.firsts[first] === this.ends[first]) first++;
    if (first >= this.count) throw OUTSIDE;
    const indent = this.indent(first);
    if (indent <= column) throw OUTSIDE; // an empty block scalar
    for (let blank = line + 1; blank < first; blank++) if (this.ends[blank] - this.starts[blank] > indent) throw OUTSIDE;
    let last = first; // the last line with content
    let next = first + 1;
    for (; next < this.count; next++) {
      // Blank lines do not end the block (those with spaces beyond the indentation keep them, below).
      if (this.firsts[next] === this.ends[next]) continue;
      if (this.indent(next) < indent) break;
      last = next;
    }
    // The text ends without a line break after the block: left to js-yaml.
    if (last === this.count - 1) throw OUTSIDE;
    // Leading blank lines are line breaks of the value.
    const parts: string[] = [];
    for (let l = line + 1; l <= last; l++) {
      const lineStart = this.starts[l] + indent;
      parts.push(lineStart <= this.ends[l] ? text.slice(lineStart, this.ends[l]) : '');
    }
    let value = parts.join('\n');
    if (chomp === 0) value += '\n';
    else if (chomp === 1) {
      value += '\n';
      // Trailing blank lines up to the next content are kept as line breaks; those of spaces
      // beyond the indentation keep their extra spaces (left to js-yaml).
      for (let l = last + 1; l < next; l++) {
        if (l === this.count - 1 && this.ends[l] === text.length) break;
        if (this.ends[l] - this.starts[l] > indent) throw OUTSIDE;
        value += '\n';
      }
    }
    this.line = last + 1;
    // The node ends at its last character of content (`last` has some: trailing spaces only).
    let nodeEnd = this.ends[last];
    while (text.charCodeAt(nodeEnd - 1) === Char.Space) nodeEnd--;
    return { value, node: { kind: 'scalar', start: at, end: nodeEnd } };
  }

  /** A block sequence whose entries' dashes are at column `column`, the first on `line`. */
  private sequence(line: number, column: number): { value: unknown; node: SourceNode } {
    const values: unknown[] = [];
    const items: (SourceNode | null)[] = [];
    let entryLine = line;
    for (;;) {
      const dash = this.firsts[entryLine];
      const item = this.value(entryLine, dash + 1, column, false);
      values.push(item.value);
      items.push(item.node);
      const next = this.nextAtColumn(column);
      if (next === undefined) break;
      const first = this.firsts[next];
      if (!(this.text.charCodeAt(first) === Char.Dash && this.entryMarker(first))) break; // the parent mapping's next key
      entryLine = next;
    }
    const start = this.firsts[line];
    return { value: values, node: { kind: 'seq', start, end: items[items.length - 1]!.end, items } };
  }
}

/**
 * Reads a single-document chunk in the block subset: its value exactly as `jsYaml.load` with the
 * core schema gives it, and its source tree exactly as `loadWithSourceTree` builds it — or
 * undefined for any text outside the subset (read it with js-yaml then).
 */
export function readBlockYaml(text: string): BlockRead | undefined {
  if (unsupported.test(text)) return undefined;
  try {
    return new Reader(text).read();
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}
