/**
 * Identity across versions (issue #80): a component whose id changed only because its file moved (a
 * Compose file moved to `deploy/`: `compose:.:api` → `compose:deploy:api`) is the same component,
 * "renamed", not removed and added. Pure: the ids only one side has, in; the pairs, out.
 *
 * The evidence, in two passes over the nodes only one side has:
 * 1. the same family (the id's first segment), kind and name, once on each side: a pair;
 * 2. the scopes those pairs moved (the id's segments before the part they share: `compose:.` →
 *    `compose:deploy`) carry the nodes named by the scope itself or under it (the Compose project
 *    `compose:.`, named after its folder; a service that also changed kind) to the node of that id on
 *    the other side.
 * Anything else stays removed and added: two services swapped by name, a service replaced by another.
 */

/** What the evidence reads of a node (compare.ts MapNode). */
interface MapNode {
  id: string;
  kind: string;
  name: string;
}

/** A base id → head id for each node renamed. */
export function renamedIds(removed: readonly MapNode[], added: readonly MapNode[]): Map<string, string> {
  const key = (n: MapNode) => JSON.stringify([n.id.split(':')[0], n.kind, n.name]);
  const count = (nodes: readonly MapNode[]) => {
    const counts = new Map<string, number>();
    for (const n of nodes) counts.set(key(n), (counts.get(key(n)) ?? 0) + 1);
    return counts;
  };
  const removedCounts = count(removed);
  const addedBy = new Map<string, MapNode>();
  const addedCounts = count(added);
  for (const n of added) if (addedCounts.get(key(n)) === 1) addedBy.set(key(n), n);
  const pairs = new Map<string, string>();
  for (const n of removed) {
    const to = removedCounts.get(key(n)) === 1 ? addedBy.get(key(n)) : undefined;
    if (to) pairs.set(n.id, to.id);
  }
  // 2. The scopes moved: the segments before the longest suffix the two ids share.
  const scopes = new Map<string, string>();
  for (const [from, to] of pairs) {
    const a = from.split(':');
    const b = to.split(':');
    let shared = 0;
    while (shared < a.length - 1 && shared < b.length - 1 && a[a.length - 1 - shared] === b[b.length - 1 - shared]) shared++;
    if (shared === 0) continue;
    scopes.set(a.slice(0, a.length - shared).join(':'), b.slice(0, b.length - shared).join(':'));
  }
  if (scopes.size === 0) return pairs;
  const taken = new Set(pairs.values());
  const addedById = new Map(added.map((n) => [n.id, n]));
  for (const n of removed) {
    if (pairs.has(n.id)) continue;
    for (const [from, to] of scopes) {
      const rest = n.id === from ? '' : n.id.startsWith(`${from}:`) ? n.id.slice(from.length) : undefined;
      if (rest === undefined) continue;
      const target = addedById.get(`${to}${rest}`);
      if (target && !taken.has(target.id)) {
        pairs.set(n.id, target.id);
        taken.add(target.id);
        break;
      }
    }
  }
  return pairs;
}
