/**
 * One iterative copy of a tree of values (YAML data into Go values, Go values into JSON data, a
 * deep copy, keys sorted for an encoder): a value read from a chart may nest as deep as its text
 * allows, so no copy recurses. Each copy says only what a value is to it.
 */

/** What a source value is to a copy: a leaf (its copy given), a list of children, or keyed children written into a Map or a plain object. */
export type TreeNode<S> = { leaf: unknown } | { list: readonly S[] } | { keyed: Iterable<readonly [string, S]>; into: 'map' | 'object' };

/** A copy of `value`, each value's place in it decided by `node`; keys keep the order `node` gives. */
export function copyTree<S>(value: S, node: (source: S) => TreeNode<S>): unknown {
  const root: { v: unknown } = { v: null };
  const work: { source: S; set: (v: unknown) => void }[] = [{ source: value, set: (v) => (root.v = v) }];
  while (work.length > 0) {
    const { source, set } = work.pop()!;
    const found = node(source);
    if ('leaf' in found) set(found.leaf);
    else if ('list' in found) {
      const list = new Array<unknown>(found.list.length).fill(null);
      set(list);
      found.list.forEach((item, i) => work.push({ source: item, set: (v) => (list[i] = v) }));
    } else if (found.into === 'map') {
      const map = new Map<string, unknown>();
      set(map);
      for (const [key, item] of found.keyed) {
        map.set(key, null);
        work.push({ source: item, set: (v) => map.set(key, v) });
      }
    } else {
      // Own data properties only: a key such as `__proto__` is data, never the object's prototype.
      const object: Record<string, unknown> = {};
      set(object);
      for (const [key, item] of found.keyed) {
        Object.defineProperty(object, key, { value: null, enumerable: true, writable: true, configurable: true });
        work.push({ source: item, set: (v) => (object[key] = v) });
      }
    }
  }
  return root.v;
}
