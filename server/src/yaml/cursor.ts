import { isMap, type Node } from 'yaml';
import type { YamlFile } from './model';
import { nodeAtPath, pathAtOffset, type PathSegment } from './path';

/**
 * Where the cursor is in a YAML line being typed, for completion: the file may not parse yet, so
 * the shape of the line and the lines above say which key or value is being written.
 */
export interface LineShape {
  indent: number;
  /** The text typed so far for a key, or the key whose value is being typed. */
  key: string;
  /** Set when the cursor is after `key:` (value position). */
  value?: string;
}

const keyPosition = /^(\s*)(-\s+)?([\w./-]*)$/;
const valuePosition = /^(\s*)(-\s+)?([\w./-]+):\s+(\S*)$/;

export function lineShape(before: string): LineShape | undefined {
  const value = valuePosition.exec(before);
  if (value) return { indent: value[1].length + (value[2]?.length ?? 0), key: value[3], value: value[4] };
  const key = keyPosition.exec(before);
  if (key) return { indent: key[1].length + (key[2]?.length ?? 0), key: key[3] };
  return undefined;
}

/**
 * The path of the mapping a line at `indent` belongs to, found from the nearest line above with a
 * smaller indentation: `spec:` gives [..., 'spec'], a `- name: x` item gives the item itself.
 */
export function parentPath(file: YamlFile, line: number, indent: number, docOffset: number, doc: YamlFile['documents'][number]['doc']): PathSegment[] | undefined {
  for (let above = line - 1; above >= 0; above--) {
    const text = file.lines.lineText(above);
    if (/^\s*(#.*)?$/.test(text)) continue;
    if (/^(---|\.\.\.)/.test(text)) return [];
    const lead = text.length - text.trimStart().length;
    const item = /^(\s*)-\s+(\S)/.exec(text);
    const contentIndent = item ? item[0].length - 1 : lead;
    if (item && contentIndent === indent) {
      // A sibling key inside the same sequence item: the item's path.
      const path = pathAtOffset(doc, file.lines.lineStart(above) + contentIndent - docOffset);
      const node = nodeAtPath(doc, path)?.node;
      return isMap(node) || node === null ? path : path.slice(0, -1);
    }
    if (lead < indent) {
      const keyOffset = file.lines.lineStart(above) + contentIndent - docOffset;
      const path = pathAtOffset(doc, keyOffset);
      return path;
    }
    if (lead === indent && indent === 0) return [];
  }
  return indent === 0 ? [] : undefined;
}

export function presentKeys(node: Node | null | undefined): Set<string> {
  const keys = new Set<string>();
  if (isMap(node)) for (const pair of node.items) keys.add(String((pair.key as { value?: unknown } | null)?.value ?? ''));
  return keys;
}
