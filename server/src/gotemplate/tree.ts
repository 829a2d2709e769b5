/**
 * One iterative copy of a tree of values (YAML data into Go values, Go values into JSON data, a
 * deep copy, keys sorted for an encoder): a value read from a chart may nest as deep as its text
 * allows, so no copy recurses. Each copy says only what a value is to it.
 */

/** The render a walk charges: its work budget and the longest string it may build. */
export interface Meter {
  charge(units: number): void;
  readonly maxString: number;
}

let meter: Meter | undefined;

/** What one value visited by a walk of a tree costs a render's budget: its allocations and time are those of a hundred characters or so. */
export const NODE_COST = 128;

/**
 * Runs `body` with every value a walk of a tree visits (copies here, printing, comparing) charged
 * to the render's meter: a template's value may share its parts (`list $x $x`, doubled sixty
 * times, is 2^60 values once written), so a walk is bounded by the render's budget, not by its
 * input's size.
 */
export function metered<T>(render: Meter, body: () => T): T {
  const saved = meter;
  meter = render;
  try {
    return body();
  } finally {
    meter = saved;
  }
}

/** Charges one visited value to the render running, if any. */
export function visited(): void {
  meter?.charge(NODE_COST);
}

/** Charges characters a walk reads or copies (a string in a value written) to the render running, if any. */
export function readChars(count: number): void {
  meter?.charge(count);
}

/** The longest string the render running lets a function build (none outside a render). */
export function longestString(): number {
  return meter?.maxString ?? Infinity;
}

/** What a source value is to a copy: a leaf (its copy given), a list of children, or keyed children written into a Map or a plain object. */
export type TreeNode<S> = { leaf: unknown } | { list: readonly S[] } | { keyed: Iterable<readonly [string, S]>; into: 'map' | 'object' };

/**
 * A copy of `value`, each value's place in it decided by `node`; keys keep the order `node` gives.
 * `maxDepth`: past it, a RangeError (what the copy is handed to next — an encoder, a validator —
 * recurses).
 */
export function copyTree<S>(value: S, node: (source: S) => TreeNode<S>, maxDepth = Infinity): unknown {
  const root: { v: unknown } = { v: null };
  const work: { source: S; depth: number; set: (v: unknown) => void }[] = [{ source: value, depth: 0, set: (v) => (root.v = v) }];
  while (work.length > 0) {
    const { source, depth, set } = work.pop()!;
    visited();
    const found = node(source);
    if ('leaf' in found) {
      set(found.leaf);
      continue;
    }
    if (depth >= maxDepth) throw new RangeError(`a value nested more than ${maxDepth} levels deep`);
    if ('list' in found) {
      const list = new Array<unknown>(found.list.length).fill(null);
      set(list);
      found.list.forEach((item, i) => work.push({ source: item, depth: depth + 1, set: (v) => (list[i] = v) }));
    } else if (found.into === 'map') {
      const map = new Map<string, unknown>();
      set(map);
      for (const [key, item] of found.keyed) {
        map.set(key, null);
        work.push({ source: item, depth: depth + 1, set: (v) => map.set(key, v) });
      }
    } else {
      // Own data properties only: a key such as `__proto__` is data, never the object's prototype.
      const object: Record<string, unknown> = {};
      set(object);
      for (const [key, item] of found.keyed) {
        Object.defineProperty(object, key, { value: null, enumerable: true, writable: true, configurable: true });
        work.push({ source: item, depth: depth + 1, set: (v) => (object[key] = v) });
      }
    }
  }
  return root.v;
}
