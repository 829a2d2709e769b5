/**
 * Values as `terraform plan` knows them offline (issue #93): strings, numbers, booleans, null, lists
 * (tuples and sets alike: arrays) and maps (objects without a prototype, so a workspace's key such as
 * `__proto__` is only a key), and `unknown` — what only the apply or the cloud knows (an id, a data
 * source, a variable nobody sets). A collection may hold unknown elements and still have a known length.
 */

/** What the files do not say: a value known after apply. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type Value = null | string | number | boolean | Value[] | ValueMap | Unknown;
export interface ValueMap {
  [key: string]: Value;
}

/** The bounds every value keeps: a collection's elements and a string's length (a `range(1e9)` is unknown, not a gigabyte). */
export const MAX_ELEMENTS = 10_000;
export const MAX_STRING = 1_000_000;

export const isUnknown = (v: Value): v is Unknown => v === UNKNOWN;
export const isList = (v: Value): v is Value[] => Array.isArray(v);
export const isMap = (v: Value): v is ValueMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A map of these entries (later keys win), without a prototype. */
export function mapOf(entries: Iterable<readonly [string, Value]>): ValueMap {
  const out = Object.create(null) as ValueMap;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** A map's keys in the order Terraform iterates them: lexicographic. */
export const sortedKeys = (m: ValueMap): string[] => Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Whether a value is known all through (no unknown inside). Iterative: a deep value never overflows the stack. */
export function whollyKnown(v: Value): boolean {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x === UNKNOWN) return false;
    if (isList(x)) stack.push(...x);
    else if (isMap(x)) for (const k of Object.keys(x)) stack.push(x[k]);
  }
  return true;
}

/** A primitive as Terraform converts it to a string; undefined for a collection, null or unknown. */
export function asString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** A value converted to a number as Terraform does (`"3"` → 3); undefined when it cannot be. */
export function asNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** A value converted to a boolean as Terraform does (`"true"` → true). */
export function asBool(v: Value): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** The elements of a list or a map's values (in key order); undefined for anything else. */
export function elements(v: Value): Value[] | undefined {
  if (isList(v)) return v;
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  return undefined;
}

/** Equality as HCL's `==`: structural, unknown never equal (the caller checks unknowns first). */
export function equal(a: Value, b: Value): boolean {
  const stack: [Value, Value][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (isList(x) && isList(y)) {
      if (x.length !== y.length) return false;
      x.forEach((e, i) => stack.push([e, y[i]]));
    } else if (isMap(x) && isMap(y)) {
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return false;
      for (const k of kx) {
        if (!(k in y)) return false;
        stack.push([x[k], y[k]]);
      }
    } else if (typeof x === 'number' || typeof y === 'number') {
      if (asNumber(x) === undefined || asNumber(x) !== asNumber(y)) return false;
    } else if (x !== y) return false;
  }
  return true;
}

/** A value as plain JSON (unknown → undefined for a whole unknown, null inside a collection): what leaves the evaluation. */
export function toJson(v: Value, depth = 0): unknown {
  if (v === UNKNOWN || depth > 32) return undefined;
  if (isList(v)) return v.map((e) => toJson(e, depth + 1) ?? null);
  if (isMap(v)) return Object.fromEntries(sortedKeys(v).map((k) => [k, toJson(v[k], depth + 1) ?? null]));
  return v;
}
