import { isMap, isPair, isScalar, type Node, type Pair } from 'yaml';

/** [start, end) offsets in the file text (absolute, unlike node ranges which are chunk-relative). */
export interface Span {
  start: number;
  end: number;
}

/** One `key: value` entry of a mapping, with its nodes. */
export interface Entry {
  name: string;
  key: Node;
  value: Node | null;
}

/** The entries of a mapping node whose key is a scalar, in source order. */
export function entries(node: Node | null | undefined): Entry[] {
  if (!isMap(node)) return [];
  const list: Entry[] = [];
  for (const item of node.items) {
    if (!isPair(item)) continue;
    const pair = item as Pair<Node | null, Node | null>;
    if (!isScalar(pair.key)) continue;
    list.push({ name: pair.key.value === null ? '' : String(pair.key.value), key: pair.key, value: pair.value });
  }
  return list;
}

/**
 * The entry of a mapping under one of several names (an English field and its French spelling),
 * and every other spelling that is also present (a conflict the caller reports).
 */
export function aliasedEntry(node: Node | null | undefined, names: readonly string[]): { entry?: Entry; duplicates: Entry[] } {
  const found = entries(node).filter((e) => names.includes(e.name));
  return { entry: found[0], duplicates: found.slice(1) };
}

export function entry(node: Node | null | undefined, name: string): Entry | undefined {
  return entries(node).find((e) => e.name === name);
}

/** A scalar's string value; undefined for anything else (numbers, null, collections). */
export function stringOf(node: Node | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** The absolute span of a node's value (without trailing comments), given its chunk's offset. */
export function spanOf(node: Node | null | undefined, base: number): Span | undefined {
  const range = node?.range;
  return range ? { start: base + range[0], end: base + range[1] } : undefined;
}

/** The span of an entry's value, else of its key (a `key:` with nothing after it). */
export function valueOrKeySpan(e: Entry, base: number): Span {
  return spanOf(e.value, base) ?? spanOf(e.key, base) ?? { start: base, end: base };
}
