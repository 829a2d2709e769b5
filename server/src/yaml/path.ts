import { isMap, isPair, isSeq, type Document, type Node, type Pair } from 'yaml';
import { deepestInTree, keyText, sourceTreeOfDoc, type PathSegment } from './tree';

export type { PathSegment };

export interface NodeAtPath {
  /** The node at the path (a map, a sequence or a scalar), if the path exists. */
  node: Node | null;
  /** The key node of the pair holding `node`, when `node` is the value of a mapping entry. */
  key: Node | null;
}

/** Decodes an ajv/JSON-pointer instance path (`/spec/containers/0`) into segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function findPair(map: Node, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && keyText(item) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

/** The node at a path of a `yaml` document, if the whole path exists (walked on its source tree). */
export function nodeAtPath(doc: Document.Parsed, path: readonly PathSegment[]): NodeAtPath | undefined {
  const { node, key, depth } = deepestInTree(sourceTreeOfDoc(doc), path);
  return depth === path.length ? { node: node?.ast ?? null, key: key?.ast ?? null } : undefined;
}

/** The path from the document root to the deepest node containing `offset` (chunk-relative). */
export function pathAtOffset(doc: Document.Parsed, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: Node | null = doc.contents;
  for (;;) {
    if (isMap(node)) {
      // Ranges of neighbours touch (one ends where the next starts): the later one wins.
      let best: { name: string | undefined; value: Node | null; start: number } | undefined;
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const k = item.key as Node | null;
        const v = item.value as Node | null;
        const start = k?.range?.[0] ?? v?.range?.[0];
        const end = v?.range?.[2] ?? k?.range?.[2];
        if (start === undefined || end === undefined || offset < start || offset > end) continue;
        if (!best || start >= best.start) best = { name: keyText(item), value: v, start };
      }
      if (!best || best.name === undefined) return path;
      path.push(best.name);
      if (!best.value) return path;
      node = best.value;
    } else if (isSeq(node)) {
      let best = -1;
      for (let i = 0; i < node.items.length; i++) {
        const range = (node.items[i] as Node | null)?.range;
        if (range && offset >= range[0] && offset <= range[2]) best = i;
      }
      if (best < 0) return path;
      path.push(best);
      node = node.items[best] as Node | null;
    } else {
      return path;
    }
  }
}

/** The value at `path` in a parsed document (undefined where the path leaves the objects). */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return current;
}
