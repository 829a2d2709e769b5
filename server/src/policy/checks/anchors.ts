/** Kyverno's anchors on a pattern's keys: `(key)` conditional, `=(key)` equality, `^(key)` existence, `<(key)` global, `X(key)` negation, `+(key)` add-if-absent (mutate). */
export type AnchorKind = 'condition' | 'equality' | 'existence' | 'global' | 'negation' | 'addIfAbsent';

export interface Anchor {
  readonly kind: AnchorKind;
  readonly key: string;
}

const PREFIXES: readonly [string, AnchorKind][] = [
  ['=(', 'equality'],
  ['^(', 'existence'],
  ['<(', 'global'],
  ['X(', 'negation'],
  ['+(', 'addIfAbsent'],
  ['(', 'condition'],
];

/** The anchor a pattern key is, or undefined for a plain key. */
export function parseAnchor(key: string): Anchor | undefined {
  if (!key.endsWith(')')) return undefined;
  for (const [prefix, kind] of PREFIXES) if (key.startsWith(prefix) && key.length > prefix.length + 1) return { kind, key: key.slice(prefix.length, -1) };
  return undefined;
}
