/**
 * A change across N copies of one component is one change (issue #95): the same workload deployed by N kustomize
 * overlays, N environments or N Helm values files is N nodes of the map (`k8s:Deployment/dev/web@overlays/dev`,
 * `…/prod/web@overlays/prod`…), and one image swapped in their base read as N components changed and N×M connections.
 * The copies of a change are the entries of one list said alike — a component's kind, name and changes; a connection's
 * ends' names, kind and label — written on the same lines (the base file they all render). The rule is applied here
 * once, by compareMaps: each entry's JSON names the others (`copies`: a component's the other ids, a connection's the
 * other `{from, to}`, sorted), and every reader (the text, the pull-request comment, the System Map panel) groups the
 * entries by that field (copyGroups), never by a rule of its own.
 * Pure: the diff's lists in, each entry's copies out.
 */

interface Place {
  file: string;
  line: number;
}

/** The other copies of a connection: their ends (their kind and label are the connection's). */
export interface ConnectionCopy {
  from: string;
  to: string;
}

interface Said {
  kind: string;
  sources: readonly Place[];
}

/** What a component is compared by (not its id): its kind and name. */
const componentSaid = (n: { kind: string; name: string }) => [n.kind, n.name];
/** What a changed component is compared by: its kind, name and changes. */
const changeSaid = (n: { kind: string; name: string; changes: unknown }) => [n.kind, n.name, n.changes];
/** What a connection is compared by (not its ends' ids): its ends' names, its kind and its label. */
const connectionSaid = (e: { kind: string; label: string; fromName: string; toName: string }) => [e.fromName, e.kind, e.toName, e.label];

/** The entries said alike on the same lines, in the list's order. */
function groupsOf<T extends { sources: readonly Place[] }>(list: readonly T[], said: (item: T) => unknown): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const key = JSON.stringify([said(item), item.sources.map((s) => `${s.file}:${s.line}`)]);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** Each entry with `copies` (`copy` of each other entry of its group, sorted), when its group has others. */
function withCopiesBy<T extends { sources: readonly Place[] }, C>(list: readonly T[], said: (item: T) => unknown, copy: (item: T) => C, order: (c: C) => string): (T & { copies?: C[] })[] {
  const others = new Map<T, C[]>();
  for (const group of groupsOf(list, said)) {
    if (group.length < 2) continue;
    for (const item of group) others.set(item, group.filter((other) => other !== item).map(copy).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)));
  }
  return list.map((item) => {
    const copies = others.get(item);
    return copies ? { ...item, copies } : item;
  });
}

/** Components added or removed, each with the ids of its copies. */
export function componentsWithCopies<T extends Said & { id: string; name: string }>(list: readonly T[]): (T & { copies?: string[] })[] {
  return withCopiesBy(list, componentSaid, (n) => n.id, (id) => id);
}

/** Components changed, each with the ids of its copies (changed alike). */
export function changesWithCopies<T extends Said & { id: string; name: string; changes: unknown }>(list: readonly T[]): (T & { copies?: string[] })[] {
  return withCopiesBy(list, changeSaid, (n) => n.id, (id) => id);
}

/** Connections added or removed, each with the ends of its copies. */
export function connectionsWithCopies<T extends Said & ConnectionCopy & { label: string; fromName: string; toName: string }>(list: readonly T[]): (T & { copies?: ConnectionCopy[] })[] {
  return withCopiesBy(list, connectionSaid, (e) => ({ from: e.from, to: e.to }), (c) => `${c.from}\u0000${c.to}`);
}

