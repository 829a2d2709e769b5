import type { Span } from './mapping';
import type { YamlDocumentRef, YamlFile } from './model';
import { pathAtOffset, type PathSegment } from './path';

/** Where the cursor is in a YAML document, for completion: typing a key, or a key's value. */
export interface CursorContext {
  ref: YamlDocumentRef;
  /**
   * `key`: a key of the mapping at `path` is being typed (block or flow style);
   * `value`: the value of the key that ends `path` is being typed.
   */
  kind: 'key' | 'value';
  path: PathSegment[];
  /** What is typed so far of the token under the cursor. */
  prefix: string;
  /** The token under the cursor (absolute offsets), replaced by a completion. */
  token: Span;
}

/** Characters that end a token; read by hand, not by an unanchored regex (quadratic on a long line). */
const tokenEnd = new Set([...' \t\r\n\f\v{}[],:"\'#']);
const keyEnd = new Set([...' \t\r\n\f\v{}[],"\'']);

/** The token ending the text: the characters after the last token end. */
function tokenBefore(text: string): string {
  let start = text.length;
  while (start > 0 && !tokenEnd.has(text[start - 1])) start--;
  return text.slice(start);
}

function tokenAfter(text: string): string {
  let end = 0;
  while (end < text.length && !tokenEnd.has(text[end])) end++;
  return text.slice(0, end);
}

/** `key:` (or `"key" :`) at the end of the text: the whole match and the key, like /([^\s{}[\],"']+)["']?\s*:$/. */
function keyBeforeColon(text: string): [string, string] | undefined {
  if (!text.endsWith(':')) return undefined;
  let end = text.length - 1;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (end > 0 && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
  let start = end;
  while (start > 0 && !keyEnd.has(text[start - 1])) start--;
  return start < end ? [text.slice(start), text.slice(start, end)] : undefined;
}

/** The path of the block mapping a key typed at `column` of `line` belongs to, from the lines above. */
function blockParent(file: YamlFile, ref: YamlDocumentRef, line: number, column: number): PathSegment[] | undefined {
  for (let above = line - 1; above >= 0; above--) {
    const text = file.lines.lineText(above);
    if (/^\s*(#.*)?$/.test(text)) continue;
    if (/^(---|\.\.\.)/.test(text)) return [];
    const lead = text.length - text.trimStart().length;
    if (lead > column) continue; // inside a deeper value
    const item = /^(\s*)-\s+(?=\S)/.exec(text);
    const content = item ? item[0].length : lead;
    const path = pathAtOffset(ref.doc, file.lines.lineStart(above) + content - ref.offset);
    if (content === column) return path.slice(0, -1); // a sibling key: the same mapping
    if (item && lead === column) {
      // Level with a sequence's dashes: a key of the mapping holding the sequence.
      let itemIndex = path.length - 1;
      while (itemIndex >= 0 && typeof path[itemIndex] !== 'number') itemIndex--;
      return itemIndex >= 1 ? path.slice(0, itemIndex - 1) : undefined;
    }
    return path; // the key whose value is the mapping being typed
  }
  return column === 0 ? [] : undefined;
}

export function cursorContext(file: YamlFile, offset: number): CursorContext | undefined {
  const ref = file.documentAt(offset);
  if (!ref) return undefined;
  const position = file.lines.positionAt(offset);
  const lineText = file.lines.lineText(position.line);
  const before = lineText.slice(0, position.character);
  const prefix = tokenBefore(before);
  const suffix = tokenAfter(lineText.slice(position.character));
  const token = { start: offset - prefix.length, end: offset + suffix.length };
  const rest = before.slice(0, before.length - prefix.length).trimEnd();
  const lineStart = file.lines.lineStart(position.line);
  if (rest.endsWith(':')) {
    const key = keyBeforeColon(rest);
    if (!key) return undefined;
    const keyOffset = lineStart + rest.length - key[0].length;
    const path = pathAtOffset(ref.doc, keyOffset - ref.offset);
    if (path[path.length - 1] === key[1]) return { ref, kind: 'value', path, prefix, token };
    // The AST may not hold the key yet (a half-typed line): find its mapping from the indentation.
    const parent = /^\s*(-\s+)?$/.test(lineText.slice(0, keyOffset - lineStart)) ? blockParent(file, ref, position.line, keyOffset - lineStart) : undefined;
    return parent ? { ref, kind: 'value', path: [...parent, key[1]], prefix, token } : undefined;
  }
  if (rest.endsWith('{') || rest.endsWith(',')) {
    const path = pathAtOffset(ref.doc, token.start - ref.offset);
    if (prefix && path[path.length - 1] === prefix + suffix) path.pop();
    return { ref, kind: 'key', path, prefix, token };
  }
  if (/^\s*$/.test(rest)) {
    const parent = blockParent(file, ref, position.line, before.length - prefix.length);
    return parent ? { ref, kind: 'key', path: parent, prefix, token } : undefined;
  }
  return undefined;
}
