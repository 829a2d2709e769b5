/**
 * A change across N copies of one component is one change (issue #95): the same workload deployed by N kustomize
 * overlays, N environments or N Helm values files is N nodes of the map (`k8s:Deployment/dev/web@overlays/dev`,
 * `…/prod/web@overlays/prod`…), and one image swapped in their base read as N components changed and N×M connections.
 * The copies of a change are the entries of one list said alike — the same kind and name, the same changes, written on
 * the same lines (the base file they all render): each entry's JSON names the others (`copies`, its own id first in
 * none: the other ids, sorted) and the text says the change once, under the first, with its copies listed.
 * Pure: the diff's lists in, each entry's copies out.
 */

interface Place {
  file: string;
  line: number;
}

/** What two entries are compared by: anything said of them but their ids (a component's kind, name and changes; a connection's names and label), and their lines. */
export function groupsOf<T extends { sources: readonly Place[] }>(list: readonly T[], said: (item: T) => unknown): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const key = JSON.stringify([said(item), item.sources.map((s) => `${s.file}:${s.line}`)]);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** Each entry with `copies`: the ids of the other entries of its group, when it has any (a field added to the contract). */
export function withCopies<T extends { id: string; sources: readonly Place[] }>(list: readonly T[], said: (item: T) => unknown): (T & { copies?: string[] })[] {
  const others = new Map<T, string[]>();
  for (const group of groupsOf(list, said)) {
    if (group.length < 2) continue;
    for (const item of group) others.set(item, group.filter((other) => other !== item).map((other) => other.id).sort());
  }
  return list.map((item) => {
    const copies = others.get(item);
    return copies ? { ...item, copies } : item;
  });
}
