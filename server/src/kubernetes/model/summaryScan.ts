/**
 * What a file would be summarised as (summary.ts kubernetesSummarizer), read from its lines without a parse: each
 * document's kind and namespace — all a summary's cross-file scopes read (platform/changed.ts scopesOf). A check of one
 * file in a large tree (platform/oneFile.ts) reads every manifest's text but parses only those that may share a scope
 * with it; a YAML parse of every file was 5.8 s of CPU at 20,000 files, this scan is a few microseconds a file.
 *
 * The answer is undefined unless it is certain from the lines: every document a block mapping whose top-level keys are
 * plain words in column 0, each once, with a plain or quoted `apiVersion` and a `kind` the summarizer keeps, and a
 * `metadata:` (if any) whose own keys, at one indentation, are plain words, each once, its `namespace` a plain or
 * quoted name. Anything a parse could read otherwise sends the file to the parse: a backslash or a tab anywhere, a
 * template's `{{`, a line with an odd number of quotes or unbalanced brackets (a scalar or a flow collection over
 * several lines), an anchor, alias, tag, merge key, quoted or complex key, a directive, a marker with content. What
 * the lines cannot show is a document broken deeper down (a duplicate key inside `spec`): such a file is taken for
 * the objects its lines say (it would stay whole in the index, and be read there).
 */
import { resolvePlain } from '../../yaml/scalars';
import { clusterScoped } from './workloads';
import { summarizedKinds, wholeByName } from './summary';

/** An object as its scopes read it: its kind and the namespace written in it (undefined for a cluster-scoped kind). */
export interface ScannedObject {
  kind: string;
  namespace?: string;
}

const yamlFile = /\.ya?ml$/i;
/** A top-level or `metadata` key: a plain word followed by `:` and a space or the line's end. */
const keyLine = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
const childKey = /^([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: (.*)|$)/;
const marker = /^(?:---|\.\.\.) *(?:#.*)?$/;
/** A value's words: an apiVersion (group/version) or a name. */
const word = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/;

/** The value of a scalar written on one line, when it is certainly a non-empty string; undefined otherwise. */
function stringValue(written: string): string | undefined {
  // Most values: one word, nothing after it.
  if (word.test(written)) return typeof resolvePlain(written) === 'string' ? written : undefined;
  // A comment starts at a `#` after a space.
  const hash = written.indexOf(' #');
  const value = (hash >= 0 ? written.slice(0, hash) : written).trim();
  const quoted = /^"([^"]*)"$|^'([^']*)'$/.exec(value);
  const text = quoted ? (quoted[1] ?? quoted[2]) : value;
  if (!word.test(text)) return undefined;
  return quoted || typeof resolvePlain(text) === 'string' ? text : undefined;
}

/** Whether what follows a key is nothing, or a comment. */
function blank(written: string): boolean {
  const value = written.trim();
  return value === '' || value.startsWith('#');
}

/** Whether a line's quotes and brackets close on it (a scalar or flow collection over several lines does not). */
function closes(line: string): boolean {
  let double = 0;
  let single = 0;
  let open = 0;
  for (let at = 0; at < line.length; at++) {
    const c = line.charCodeAt(at);
    if (c === 0x22) double++;
    else if (c === 0x27) single++;
    else if (c === 0x5b || c === 0x7b) open++;
    else if (c === 0x5d || c === 0x7d) open--;
  }
  return double % 2 === 0 && single % 2 === 0 && open === 0;
}

const quoteOrBracket = /["'[\]{}]/g;

/** Whether every line holding a quote or a bracket closes them (each such line read once; the others not at all). */
function linesClose(text: string): boolean {
  quoteOrBracket.lastIndex = 0;
  for (let found = quoteOrBracket.exec(text); found; found = quoteOrBracket.exec(text)) {
    const end = text.indexOf('\n', found.index);
    if (!closes(text.slice(text.lastIndexOf('\n', found.index) + 1, end < 0 ? text.length : end))) return false;
    if (end < 0) break;
    quoteOrBracket.lastIndex = end;
  }
  return true;
}

/** A document being read: its top-level keys, and its `metadata`'s. */
class Document {
  /** Its top-level keys and its `metadata`'s (a few each: a list is quicker than a set). */
  readonly keys: string[] = [];
  readonly children: string[] = [];
  apiVersion: string | undefined;
  kind: string | undefined;
  inMetadata = false;
  childIndent = -1;
  namespace: string | undefined;
  /** Whether it holds anything but blanks and comments (yaml/chunks.ts splitDocuments: a `---` after it starts another). */
  content = false;
  /** The indentation of the key whose value was read last (apiVersion, kind, namespace): a deeper line would continue it. */
  open = -1;

  /** A line of `metadata` (indented): false when it is not certainly read right. */
  child(line: string, indent: number): boolean {
    const content = line.slice(indent);
    if (this.childIndent < 0) this.childIndent = indent;
    if (indent < this.childIndent) return false;
    if (indent > this.childIndent) return true;
    const child = childKey.exec(content);
    if (!child || this.children.includes(child[1])) return false;
    this.children.push(child[1]);
    if (child[1] !== 'namespace') return true;
    this.open = indent;
    this.namespace = stringValue(child[2] ?? '');
    return this.namespace !== undefined;
  }

  /** A top-level line (column 0, not blank, not a comment): false when it is not certainly read right. */
  key(line: string): boolean {
    this.content = true;
    this.open = -1;
    const key = keyLine.exec(line);
    if (!key || this.keys.includes(key[1])) return false;
    this.keys.push(key[1]);
    if (key[1] === 'apiVersion' || key[1] === 'kind') {
      this.open = 0;
      this[key[1]] = key[2] ?? '';
    }
    this.inMetadata = key[1] === 'metadata';
    // `metadata: x`, `metadata: &anchor`, `metadata: {…}`: the parse says what it is.
    return !this.inMetadata || blank(key[2] ?? '');
  }

  /** Its object, or undefined when it is not certainly one the summarizer keeps. */
  object(): ScannedObject | undefined {
    // A `metadata:` with no keys under it is null: the parse says what it is.
    if (this.childIndent < 0 && this.keys.includes('metadata')) return undefined;
    const apiVersion = stringValue(this.apiVersion ?? '');
    const kind = stringValue(this.kind ?? '');
    if (apiVersion === undefined || kind === undefined || !summarizedKinds.has(kind)) return undefined;
    return clusterScoped.has(kind) || this.namespace === undefined ? { kind } : { kind, namespace: this.namespace };
  }
}

/** Whether a line holds more than blanks and a comment. */
function hasContent(line: string): boolean {
  const content = line.trimStart();
  return content !== '' && !content.startsWith('#');
}

/**
 * The objects of `text` (the file at `uri`) if the Kubernetes summarizer would certainly summarise it, from its lines
 * alone; undefined when that takes a parse to know. `maxBytes` and `isTemplate`: the index's (a larger or templated
 * file is not summarised). Documents are cut where yaml/chunks.ts splitDocuments cuts them; a line is looked at only
 * when it is in column 0 or under `metadata:` (and once more when it holds a quote or a bracket).
 */
export function scanSummarised(uri: string, text: string, maxBytes: number, isTemplate: (uri: string, text: string) => boolean): ScannedObject[] | undefined {
  if (!yamlFile.test(uri) || wholeByName.test(uri) || text.length > maxBytes || text.length === 0) return undefined;
  if (text.includes('\\') || text.includes('\t') || text.includes('{{') || text.charCodeAt(0) === 0xfeff || isTemplate(uri, text) || !linesClose(text)) return undefined;
  // A carriage return alone breaks a line for YAML, not for this reading.
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return undefined;
  const objects: ScannedObject[] = [];
  let document = new Document();
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const first = text.charCodeAt(at);
    const next = end + 1;
    if (first === 0x20) {
      if (document.inMetadata || !document.content || document.open >= 0) {
        const line = text.slice(at, text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
        if (hasContent(line)) {
          // An indented first line: the document is not a mapping of column-0 keys.
          if (!document.content) return undefined;
          const indent = line.length - line.trimStart().length;
          // A value read (apiVersion, kind, namespace) continued on this line (a plain scalar over several lines).
          if (document.open >= 0 && indent > document.open) return undefined;
          document.open = -1;
          if (document.inMetadata && !document.child(line, indent)) return undefined;
        }
      }
      at = next;
      continue;
    }
    const start = at;
    at = next;
    // A blank line (column 0 is not a space here), a comment.
    if (first === 0x23 || first === 0x0a || first === 0x0d || start === end) continue;
    const line = text.slice(start, text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    if (first !== 0x2d && first !== 0x2e) {
      if (!document.key(line)) return undefined;
      continue;
    }
    // `---` or `...` alone; a marker with content, a sequence, goes to the parse.
    if (!marker.test(line)) return undefined;
    if (first === 0x2e || document.content) {
      const object = document.object();
      if (!object) return undefined;
      objects.push(object);
      document = new Document();
      // Text after `...` is one more document (splitDocuments): a parse says what.
      if (first === 0x2e) return at >= text.length ? objects : undefined;
    }
    document.content = true;
  }
  const object = document.object();
  if (!object) return undefined;
  objects.push(object);
  return objects;
}
