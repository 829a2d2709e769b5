import { isMap, isScalar, visit, type Document, type Node } from 'yaml';

export interface DuplicateKey {
  /** Span of the repeated key, relative to the chunk. */
  start: number;
  end: number;
  /** The key as written, shortened for a message. */
  key: string;
}

const shown = (value: unknown): string => {
  const text = String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * Keys a mapping holds twice, in one walk of the document: each mapping's scalar keys go into a
 * set, so the work is linear in the number of keys (the yaml package's own check compares every
 * key with every earlier one). Collection keys are compared by no one: YAML parsers disagree on
 * their equality, and stringifying them is what made value conversion superlinear.
 */
export function findDuplicateKeys(doc: Document.Parsed): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        if (!isScalar(key)) continue;
        // A plain `<<` is a merge key, not a key: go-yaml (Helm, kubectl) and PyYAML merge each one in turn.
        if (key.value === '<<' && key.type === 'PLAIN') continue;
        // Keys are equal when their values are (the yaml package's rule): `1` and `"1"` differ.
        const identity = typeof key.value === 'string' ? `s${key.value}` : key.value;
        if (seen.has(identity)) {
          const [start, end] = key.range ?? [0, 0];
          found.push({ start, end, key: shown(key.value) });
        } else {
          seen.add(identity);
        }
      }
    },
  });
  return found;
}
