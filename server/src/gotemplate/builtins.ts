/**
 * text/template's own functions (and, or, not, len, index, slice, print, printf, println, html,
 * js, urlquery, eq, ne, lt, le, gt, ge, call) with Go's errors: comparing a float64 with an int
 * is "incompatible types for comparison", as in Helm where every number of values.yaml is a float64.
 */
import type { GoFunction } from './exec';
import { Unsupported } from './exec';
import { sprint, sprintf, sprintln } from './fmt';
import { GoError, GoObject, goTypeName, isTrue, type GoValue } from './values';

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid' | 'other';

function basicKind(v: GoValue): Kind {
  if (v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'other';
}

const badComparison = 'incompatible types for comparison';

function equal(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) {
    if (ka !== 'invalid' && kb !== 'invalid') throw new GoError(badComparison);
    return false;
  }
  if (ka === 'other') {
    if (Array.isArray(a) || a instanceof Map || Array.isArray(b) || b instanceof Map) throw new GoError(`non-comparable type ${goTypeName(a)}`);
    return a === b;
  }
  return a === b;
}

function less(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'invalid' || ka === 'other' || ka === 'bool' || kb === 'invalid' || kb === 'other' || kb === 'bool') throw new GoError('invalid type for comparison');
  if (ka !== kb) throw new GoError(badComparison);
  return (a as string | number | bigint) < (b as string | number | bigint);
}

function length(v: GoValue): bigint {
  if (v === null) throw new GoError('len of nil pointer');
  if (typeof v === 'string') return BigInt(new TextEncoder().encode(v).length);
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  if (v instanceof GoObject && v.items) return BigInt(v.items.length);
  throw new GoError(`len of type ${goTypeName(v)}`);
}

function indexOne(item: GoValue, key: GoValue): GoValue {
  if (item === null) throw new GoError('index of untyped nil');
  if (item instanceof Map) {
    if (key === null) return null;
    if (typeof key !== 'string') throw new GoError(`value has type ${goTypeName(key)}; should be string`);
    return item.get(key) ?? null;
  }
  const list = Array.isArray(item) ? item : item instanceof GoObject && item.items ? item.items : typeof item === 'string' ? [...new TextEncoder().encode(item)].map(BigInt) : undefined;
  if (!list) throw new GoError(`can't index item of type ${goTypeName(item)}`);
  if (typeof key !== 'bigint') throw new GoError(`cannot index slice/array with type ${key === null ? 'nil' : goTypeName(key)}`);
  if (key < 0n || key >= BigInt(list.length)) throw new GoError(`index out of range: ${key}`);
  return list[Number(key)];
}

function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c] ?? c);
}

function jsEscape(s: string): string {
  // eslint-disable-next-line no-control-regex -- Go's JSEscape escapes every control character.
  return s.replace(/[\\'"<>&=\n\r\t\u2028\u2029]|[\x00-\x1f]/g, (c) => {
    const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

const evalArgs = (args: GoValue[]) => sprint(args);

/** text/template's builtin functions. */
export const builtinFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  // and/or are evaluated by the executor (they stop at the first argument that decides).
  ['and', { params: ['any'], variadic: 'any', call: (args) => args.find((a) => !isTrue(a)) ?? args[args.length - 1] }],
  ['or', { params: ['any'], variadic: 'any', call: (args) => args.find((a) => isTrue(a)) ?? args[args.length - 1] }],
  ['not', { params: ['any'], call: ([a]) => !isTrue(a) }],
  ['len', { params: ['any'], call: ([a]) => length(a) }],
  ['index', { params: ['any'], variadic: 'any', call: ([item, ...keys]) => keys.reduce<GoValue>((value, key) => indexOne(value, key), item) }],
  [
    'slice',
    {
      params: ['any'],
      variadic: 'int',
      call: ([item, ...bounds]) => {
        const list = Array.isArray(item) ? item : typeof item === 'string' ? item : undefined;
        if (list === undefined) throw new GoError(`can't slice item of type ${goTypeName(item)}`);
        const [from = 0n, to = BigInt(list.length)] = bounds as bigint[];
        if (from < 0n || to > BigInt(list.length) || from > to) throw new GoError(`index out of range: ${from}:${to}`);
        return list.slice(Number(from), Number(to));
      },
    },
  ],
  ['print', { params: [], variadic: 'any', call: (args) => sprint(args) }],
  ['printf', { params: ['string'], variadic: 'any', call: ([format, ...args], context) => sprintf(format as string, args, context.maxString) }],
  ['println', { params: [], variadic: 'any', call: (args) => sprintln(args) }],
  ['html', { params: [], variadic: 'any', call: (args) => htmlEscape(evalArgs(args)) }],
  ['js', { params: [], variadic: 'any', call: (args) => jsEscape(evalArgs(args)) }],
  ['urlquery', { params: [], variadic: 'any', call: (args) => encodeURIComponent(evalArgs(args)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) }],
  ['eq', { params: ['any', 'any'], variadic: 'any', call: ([a, ...rest]) => rest.some((b) => equal(a, b)) }],
  ['ne', { params: ['any', 'any'], call: ([a, b]) => !equal(a, b) }],
  ['lt', { params: ['any', 'any'], call: ([a, b]) => less(a, b) }],
  ['le', { params: ['any', 'any'], call: ([a, b]) => less(a, b) || equal(a, b) }],
  ['gt', { params: ['any', 'any'], call: ([a, b]) => !less(a, b) && !equal(a, b) }],
  ['ge', { params: ['any', 'any'], call: ([a, b]) => !less(a, b) }],
  [
    'call',
    {
      params: ['any'],
      variadic: 'any',
      call: () => {
        throw new Unsupported('call');
      },
    },
  ],
]);
