/**
 * The groups the diff's `copies` make (issue #95), in one place for the diff's writers (server/src/archdiff/: text,
 * Markdown, SARIF) and the System Map page's "Compare with…" (webviews/system/compare.ts), which may import drawing/ but
 * not archdiff/. Which entries are copies is decided once, by archdiff/copies.ts; this only reads its `copies` fields.
 */

/** A connection's two ends, as a connection's `copies` names its other copies. */
interface CopyEnds {
  from: string;
  to: string;
}

/**
 * The groups a list's `copies` make, in the list's order: each entry first met with the entries its `copies` names
 * (found by `key`; a connection's copies by their ends and its own kind and label), an entry without copies alone.
 */
function copyGroupsBy<T, C>(list: readonly T[], key: (item: T) => string, copies: (item: T) => readonly C[], copyKey: (item: T, copy: C) => string): T[][] {
  const byKey = new Map(list.map((item) => [key(item), item]));
  const seen = new Set<T>();
  const groups: T[][] = [];
  for (const item of list) {
    if (seen.has(item)) continue;
    seen.add(item);
    const group = [item];
    for (const copy of copies(item)) {
      const other = byKey.get(copyKey(item, copy));
      if (other === undefined || seen.has(other)) continue;
      seen.add(other);
      group.push(other);
    }
    groups.push(group);
  }
  return groups;
}

/** Components grouped by their `copies`. */
export function componentGroups<T extends { id: string; copies?: readonly string[] }>(list: readonly T[]): T[][] {
  return copyGroupsBy(
    list,
    (n) => n.id,
    (n) => n.copies ?? [],
    (_, id) => id,
  );
}

/** Connections grouped by their `copies`. */
export function connectionGroups<T extends CopyEnds & { kind: string; label: string; copies?: readonly CopyEnds[] }>(list: readonly T[]): T[][] {
  const key = (from: string, to: string, e: T) => JSON.stringify([from, to, e.kind, e.label]);
  return copyGroupsBy(
    list,
    (e) => key(e.from, e.to, e),
    (e) => e.copies ?? [],
    (e, c) => key(c.from, c.to, e),
  );
}
