/**
 * Sprig's list and dictionary functions (list, append, first, has, uniq, until, dict, get, set,
 * hasKey, keys, merge, mergeOverwrite, dig, pick, omit, …) on Go values: maps are Maps, so a key
 * is data and never a property. Lists that could grow past the render's budget (until, seq)
 * reserve their size first.
 */
import type { CallContext, GoFunction } from './exec';
import { itemsOf, strslice, strval } from './convert';
import { readChars, visited } from './tree';
import { GoError, deepCopy, goTypeName, isEmpty, isMap, mapChanged, type GoMap, type GoValue, type ParamType } from './values';

type Fn = (args: GoValue[], context: CallContext) => GoValue;
const fn = (params: ParamType[], call: Fn, variadic?: ParamType): GoFunction => ({ params, call, ...(variadic ? { variadic } : {}) });

function list(v: GoValue, what: string): GoValue[] {
  const items = itemsOf(v);
  if (!items) throw new GoError(`Cannot ${what} on type ${v === null ? 'invalid' : goTypeName(v)}`);
  return items;
}

/** reflect.DeepEqual of two values. Iterative, each pair visited charged to the render (tree.ts). */
function sameValue(left: GoValue, right: GoValue): boolean {
  const work: [GoValue, GoValue][] = [[left, right]];
  while (work.length > 0) {
    const [a, b] = work.pop()!;
    visited();
    if (typeof a === 'string' && typeof b === 'string') readChars(Math.min(a.length, b.length));
    if (a === b) continue;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return false;
      a.forEach((x, i) => work.push([x, b[i]]));
    } else if (isMap(a) && isMap(b)) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) {
        if (!b.has(k)) return false;
        work.push([v, b.get(k) ?? null]);
      }
    } else return false;
  }
  return true;
}

function untilStep(start: bigint, stop: bigint, step: bigint, context: CallContext): bigint[] {
  const out: bigint[] = [];
  if (step === 0n || (stop < start && step > 0n) || (stop >= start && step < 0n)) return out;
  const count = (stop - start) / step + 1n;
  context.reserve(Number(count > 1_000_000_000n ? 1_000_000_000n : count));
  for (let i = start; step > 0n ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function seq(params: bigint[], context: CallContext): string {
  if (params.length === 0) return '';
  const [start, initialStep, end] = params.length === 1 ? [1n, 1n, params[0]] : params.length === 2 ? [params[0], 1n, params[1]] : params;
  let increment = 1n;
  let step = initialStep;
  if (end < start) {
    increment = -1n;
    if (params.length === 1 || params.length === 2) step = -1n;
    else if (step > 0n) return '';
  }
  const numbers = untilStep(start, end + increment, step, context);
  context.reserve(numbers.length * (String(end).length + 2));
  return numbers.join(' ');
}

/** mergo's Merge (`overwrite` false: a key already set and not empty in dst stays) into dst, deep on maps. Iterative. */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  mapChanged();
  const work: [GoMap, GoMap][] = [[dst, src]];
  while (work.length > 0) {
    const [into, from] = work.pop()!;
    for (const [key, value] of from) {
      const current = into.get(key);
      if (isMap(current) && isMap(value)) work.push([current, value]);
      else if (overwrite ? !isEmpty(value) : current === undefined || isEmpty(current)) into.set(key, deepCopy(value));
    }
  }
}

/** A list about to be copied with `more` items: its size checked first (a loop of appends copies it each time). */
function sized(items: GoValue[], more: number, context: CallContext): GoValue[] {
  context.reserve(items.length + more);
  return items;
}

function asMap(v: GoValue, name: string): GoMap {
  if (v === null) return new Map();
  if (!isMap(v)) throw new GoError(`${name}: wrong type for value; expected map[string]interface {}; got ${goTypeName(v)}`);
  return v;
}

function dig(args: GoValue[]): GoValue {
  if (args.length < 3) throw new GoError(`dig needs at least three arguments`);
  const dict = asMap(args[args.length - 1], 'dig');
  const fallback = args[args.length - 2];
  let current: GoValue = dict;
  for (const key of args.slice(0, -2)) {
    if (!isMap(current)) return fallback;
    const next = current.get(strval(key));
    if (next === undefined) return fallback;
    current = next;
  }
  return current;
}

/** Sprig's list and dictionary functions. */
export const collectionFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ...['list', 'tuple'].map((name): [string, GoFunction] => [name, fn([], (args) => [...args], 'any')]),
  ...['append', 'push', 'mustAppend', 'mustPush'].map((name): [string, GoFunction] => [name, fn(['any', 'any'], ([l, v], context) => [...sized(list(l, 'push'), 1, context), v])]),
  ...['prepend', 'mustPrepend'].map((name): [string, GoFunction] => [name, fn(['any', 'any'], ([l, v], context) => [v, ...sized(list(l, 'prepend'), 1, context)])]),
  ...['first', 'mustFirst'].map((name): [string, GoFunction] => [name, fn(['any'], ([l]) => list(l, 'find first')[0] ?? null)]),
  ...['last', 'mustLast'].map((name): [string, GoFunction] => [name, fn(['any'], ([l]) => list(l, 'find last').at(-1) ?? null)]),
  ...['rest', 'mustRest'].map((name): [string, GoFunction] => [name, fn(['any'], ([l]) => (list(l, 'find rest').length === 0 ? null : list(l, 'find rest').slice(1)))]),
  ...['initial', 'mustInitial'].map((name): [string, GoFunction] => [name, fn(['any'], ([l]) => (list(l, 'find initial').length === 0 ? null : list(l, 'find initial').slice(0, -1)))]),
  ...['reverse', 'mustReverse'].map((name): [string, GoFunction] => [name, fn(['any'], ([l]) => [...list(l, 'reverse')].reverse())]),
  ...['uniq', 'mustUniq'].map((name): [string, GoFunction] => [name, fn(['any'], ([l]) => list(l, 'uniq').filter((v, i, all) => all.findIndex((w) => sameValue(v, w)) === i))]),
  ...['compact', 'mustCompact'].map((name): [string, GoFunction] => [name, fn(['any'], ([l]) => list(l, 'compact').filter((v) => !isEmpty(v)))]),
  ...['without', 'mustWithout'].map((name): [string, GoFunction] => [name, fn(['any'], ([l, ...omit]) => list(l, 'find without').filter((v) => !omit.some((o) => sameValue(o, v))), 'any')]),
  ...['has', 'mustHas'].map((name): [string, GoFunction] => [name, fn(['any', 'any'], ([needle, haystack]) => (haystack === null ? false : list(haystack, 'find has').some((v) => sameValue(v, needle))))]),
  [
    'slice',
    fn(
      ['any'],
      ([l, ...indexes]) => {
        const items = list(l, 'slice');
        const [from = 0n, to = BigInt(items.length)] = indexes.map((i) => (typeof i === 'bigint' ? i : BigInt(Math.trunc(Number(i)))));
        if (from < 0n || to > BigInt(items.length) || from > to) throw new GoError(`slice bounds out of range [${from}:${to}]`);
        return items.slice(Number(from), Number(to));
      },
      'any',
    ),
  ],
  ['mustSlice', fn(['any'], ([l, ...indexes]) => list(l, 'slice').slice(...indexes.map(Number)), 'any')],
  [
    'concat',
    fn(
      [],
      (lists, context) => {
        const all = lists.map((l) => list(l, 'concat'));
        context.reserve(all.reduce((sum, items) => sum + items.length, 0));
        return all.flat();
      },
      'any',
    ),
  ],
  ...['chunk', 'mustChunk'].map(
    (name): [string, GoFunction] => [
      name,
      fn(['int', 'any'], ([size, l]) => {
        const items = list(l, 'chunk');
        const n = Number(size);
        if (n <= 0) throw new GoError('chunk size must be positive');
        const out: GoValue[] = [];
        for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
        return out;
      }),
    ],
  ),
  ['sortAlpha', fn(['any'], ([l]) => strslice(l).sort())],
  [
    'join',
    fn(['string', 'any'], ([sep, l], context) => {
      const items = strslice(l);
      context.reserve(items.reduce((sum, item) => sum + item.length, 0) + Math.max(0, items.length - 1) * (sep as string).length);
      return items.join(sep as string);
    }),
  ],
  ['until', fn(['int'], ([n], context) => untilStep(0n, n as bigint, (n as bigint) < 0n ? -1n : 1n, context))],
  ['untilStep', fn(['int', 'int', 'int'], ([a, b, c], context) => untilStep(a as bigint, b as bigint, c as bigint, context))],
  ['seq', fn([], (params, context) => seq(params as bigint[], context), 'int')],
  // Dictionaries.
  [
    'dict',
    fn(
      [],
      (args) => {
        const map: GoMap = new Map();
        for (let i = 0; i < args.length; i += 2) map.set(strval(args[i]), i + 1 < args.length ? args[i + 1] : '');
        return map;
      },
      'any',
    ),
  ],
  ['get', fn(['map', 'string'], ([d, k]) => (d as GoMap | null)?.get(k as string) ?? '')],
  [
    'set',
    fn(['map', 'string', 'any'], ([d, k, v]) => {
      if (d === null) throw new GoError('assignment to entry in nil map');
      mapChanged();
      (d as GoMap).set(k as string, v);
      return d;
    }),
  ],
  [
    'unset',
    fn(['map', 'string'], ([d, k]) => {
      mapChanged();
      (d as GoMap | null)?.delete(k as string);
      return d;
    }),
  ],
  ['hasKey', fn(['map', 'string'], ([d, k]) => (d as GoMap | null)?.has(k as string) ?? false)],
  ['pluck', fn(['string'], ([k, ...dicts]) => dicts.filter((d): d is GoMap => isMap(d) && d.has(k as string)).map((d) => d.get(k as string) ?? null), 'map')],
  ['keys', fn([], (dicts) => dicts.flatMap((d) => [...asMap(d, 'keys').keys()]).sort(), 'map')],
  ['values', fn(['map'], ([d]) => [...asMap(d, 'values').values()])],
  ['pick', fn(['map'], ([d, ...keys]) => new Map([...asMap(d, 'pick')].filter(([k]) => keys.includes(k))), 'string')],
  ['omit', fn(['map'], ([d, ...keys]) => new Map([...asMap(d, 'omit')].filter(([k]) => !keys.includes(k))), 'string')],
  ...['merge', 'mustMerge', 'mergeOverwrite', 'mustMergeOverwrite'].map(
    (name): [string, GoFunction] => [
      name,
      fn(
        ['map'],
        ([dst, ...srcs]) => {
          if (dst === null) throw new GoError('assignment to entry in nil map');
          for (const src of srcs) mergeInto(dst as GoMap, asMap(src, name), name.includes('Overwrite'));
          return dst;
        },
        'map',
      ),
    ],
  ),
  ['dig', fn([], (args) => dig(args), 'any')],
  ...['deepCopy', 'mustDeepCopy'].map((name): [string, GoFunction] => [name, fn(['any'], ([v]) => deepCopy(v))]),
  ['deepEqual', fn(['any', 'any'], ([a, b]) => sameValue(a, b))],
]);
