import { plainStartOk, readEscape, resolvePlain } from './scalars';
import type { SourceNode, SourcePair } from './sourceNode';

/**
 * A reader for the block-YAML subset that Kubernetes manifests, workflows and most configuration
 * files are written in: block mappings and sequences, plain and single-line quoted scalars (with
 * the one-character and `\x`/`\u` escapes), literal block scalars (`|`, `|-`, `|+`), one-line flow
 * sequences and mappings of scalars (`[a, "b"]`, `{ cpu: 50m }`, `{}`, `[]`, nested ones), comments
 * after a key's colon.
 * It gives exactly what js-yaml (core schema) gives for such a text — the same value, plain
 * scalars resolved by js-yaml's own types — and the same source tree as its parse events
 * (yaml/tree.ts), line by line with native string search instead of js-yaml's character-by-character
 * state machine: several times faster, and most of all before V8's optimiser has warmed up, which
 * is when a cold editor opens a big manifest file.
 *
 * Anything outside the subset — anchors, aliases, tags, directives, explicit keys, multi-line
 * plain or quoted scalars, `\U` and line-folding escapes, folded scalars, multi-line flow
 * collections, colons and `#` inside a flow collection's plain scalars, tabs, CR
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

  /** The block mapping entry whose key is at `keyAt` (keys at `column`), read as `mapping` does, and where the next content line starts (or the text's length): yaml/blockEdit.ts. */
  pair(keyAt: number, column: number): { pair: SourcePair; value: unknown; next: number } {
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= keyAt) low = middle;
      else high = middle - 1;
    }
    if (this.firsts[low] !== keyAt || this.indent(low) !== column || !this.content(low)) throw OUTSIDE;
    const key = this.key(low, keyAt);
    const item = this.value(low, key.after, column, true);
    const next = this.nextContent(this.line);
    return { pair: { key: key.name, keyNode: key.node, value: item.node }, value: item.value, next: next < this.count ? this.firsts[next] : this.text.length };
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
    if (code === Char.OpenBracket || code === Char.OpenBrace) return this.flow(line, start, column);
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
        if (!read) throw OUTSIDE;
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

  /**
   * A one-line flow collection (`[a, "b", 'c']`, `{ cpu: 50m, memory: 64Mi }`, `{}`, `[]`, nested
   * ones) opening at `at` on `line`, the value of an entry of a collection at column `column`.
   */
  private flow(line: number, at: number, column: number): { value: unknown; node: SourceNode } {
    const read = this.flowCollection(at, this.ends[line], 0);
    this.lineRest(read.node.end, line);
    this.line = line + 1;
    this.noContinuation(column);
    return read;
  }

  /** A flow collection opening at `at` and closing before `end` (the line end), `depth` collections deep. */
  private flowCollection(at: number, end: number, depth: number): { value: unknown; node: SourceNode } {
    // Deeper nesting is left to js-yaml (which recurses too): the reader stays shallow.
    if (depth > 8) throw OUTSIDE;
    const text = this.text;
    const mapping = text.charCodeAt(at) === Char.OpenBrace;
    const close = mapping ? Char.CloseBrace : Char.CloseBracket;
    const values: unknown[] = [];
    const items: SourceNode[] = [];
    const value: Record<string, unknown> = {};
    const pairs: SourcePair[] = [];
    let cursor = this.skipSpaces(at + 1, end);
    if (text.charCodeAt(cursor) !== close) {
      for (;;) {
        if (mapping) {
          const key = this.flowKey(cursor, end);
          if (Object.hasOwn(value, key.name) || key.name === '__proto__' || key.name === '<<') throw OUTSIDE;
          const item = this.flowItem(this.skipSpaces(key.after, end), end, close, depth);
          value[key.name] = item.value;
          pairs.push({ key: key.name, keyNode: key.node, value: item.node });
          cursor = this.skipSpaces(item.node.end, end);
        } else {
          const item = this.flowItem(cursor, end, close, depth);
          values.push(item.value);
          items.push(item.node);
          cursor = this.skipSpaces(item.node.end, end);
        }
        const separator = text.charCodeAt(cursor);
        if (separator === close) break;
        if (separator !== Char.Comma) throw OUTSIDE;
        cursor = this.skipSpaces(cursor + 1, end);
        if (text.charCodeAt(cursor) === close) throw OUTSIDE; // a trailing comma: left to js-yaml
      }
    }
    const node: SourceNode = mapping ? { kind: 'map', start: at, end: cursor + 1, pairs } : { kind: 'seq', start: at, end: cursor + 1, items };
    return { value: mapping ? value : values, node };
  }

  /**
   * A flow mapping's key at `at`: a quoted or plain scalar followed by `: ` (a space after the
   * colon: `{a:1}` and `{"a":1}` read otherwise, left to js-yaml). Its name, its node, the offset
   * after its colon.
   */
  private flowKey(at: number, end: number): { name: string; node: SourceNode; after: number } {
    const text = this.text;
    const code = text.charCodeAt(at);
    let keyEnd: number;
    let name: string;
    let colon: number;
    if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      const quoted = this.quoted(at, end);
      keyEnd = quoted.end;
      name = quoted.value;
      colon = this.skipSpaces(keyEnd, end);
    } else {
      colon = this.flowPlainEnd(at, end, Char.Colon);
      keyEnd = colon;
      while (keyEnd > at && text.charCodeAt(keyEnd - 1) === Char.Space) keyEnd--;
      if (keyEnd === at) throw OUTSIDE;
      name = String(resolvePlain(text.slice(at, keyEnd)));
    }
    if (text.charCodeAt(colon) !== Char.Colon || text.charCodeAt(colon + 1) !== Char.Space) throw OUTSIDE;
    return { name, node: { kind: 'scalar', start: at, end: keyEnd }, after: colon + 1 };
  }

  /** A flow collection's entry (a value) at `at`: a quoted or plain scalar, or a nested flow collection. */
  private flowItem(at: number, end: number, close: number, depth: number): { value: unknown; node: SourceNode } {
    const text = this.text;
    const code = text.charCodeAt(at);
    if (code === Char.OpenBracket || code === Char.OpenBrace) return this.flowCollection(at, end, depth + 1);
    if (code === Char.DoubleQuote || code === Char.SingleQuote) {
      const quoted = this.quoted(at, end);
      return { value: quoted.value, node: { kind: 'scalar', start: at, end: quoted.end } };
    }
    let itemEnd = this.flowPlainEnd(at, end, close);
    while (itemEnd > at && text.charCodeAt(itemEnd - 1) === Char.Space) itemEnd--;
    if (itemEnd === at) throw OUTSIDE;
    return { value: resolvePlain(text.slice(at, itemEnd)), node: { kind: 'scalar', start: at, end: itemEnd } };
  }

  /**
   * Where a plain scalar starting at `at` inside a flow collection stops: at a `,` or at `stop`
   * (the collection's closing bracket, or a key's colon). Any other flow indicator, a colon or a
   * `#` inside it is left to js-yaml (whose rules for them in flow context are subtle).
   */
  private flowPlainEnd(at: number, end: number, stop: number): number {
    const text = this.text;
    if (!plainStartOk(text.charCodeAt(at), text.charCodeAt(at + 1))) throw OUTSIDE;
    for (let i = at; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === stop) {
        if (stop === Char.Colon && text.charCodeAt(i + 1) !== Char.Space) throw OUTSIDE;
        return i;
      }
      if (c === Char.Comma) return i;
      if (c === Char.OpenBracket || c === Char.CloseBracket || c === Char.OpenBrace || c === Char.CloseBrace || c === Char.Colon || c === Char.Hash) throw OUTSIDE;
    }
    throw OUTSIDE;
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
    // A trailing line of spaces beyond the indentation is content to js-yaml (its spaces past the
    // indentation are kept): left to js-yaml.
    for (let l = last + 1; l < next; l++) if (this.ends[l] - this.starts[l] > indent) throw OUTSIDE;
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
      // Trailing blank lines up to the next content are kept as line breaks.
      for (let l = last + 1; l < next; l++) {
        if (l === this.count - 1 && this.ends[l] === text.length) break;
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
  return guarded(() => new Reader(text).read());
}

/**
 * The first of `entries` (a block mapping entry's key offset, its mapping's column, where the next
 * content line must start) that reads (Reader.pair) and ends where expected, with its index. Only
 * the characters of [checkFrom, checkTo) are checked (the rest was read; a pair cut there: refused).
 */
export function readBlockPair(
  text: string,
  checkFrom: number,
  checkTo: number,
  entries: readonly { keyAt: number; column: number; next: number }[],
): { index: number; pair: SourcePair; value: unknown } | undefined {
  if (unsupported.test(text.slice(checkFrom, checkTo))) return undefined;
  const reader = new Reader(text);
  for (let index = 0; index < entries.length; index++) {
    const { keyAt, column, next } = entries[index];
    const read = guarded(() => reader.pair(keyAt, column));
    if (read?.next === next) return { index, pair: read.pair, value: read.value };
  }
  return undefined;
}

function guarded<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}
