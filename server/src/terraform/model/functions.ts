/**
 * Terraform's built-in functions on known values (issue #93), as `terraform plan` computes them before
 * anything exists: collections, strings, numbers, networks. A function of the files' content only; those that
 * read the disk or the clock (`file`, `templatefile`, `timestamp`, `uuid`) or take a pattern the workspace writes
 * (`regex`, `replace` with `/…/`: a hostile pattern is not run) give unknown, as does any other name. Every result
 * keeps the bounds of values.ts. `try` and `can` are the evaluator's (their arguments are evaluated lazily).
 */
import { asBool, asNumber, asString, elements, equal, isList, isMap, isUnknown, mapOf, MAX_ELEMENTS, MAX_STRING, sortedKeys, UNKNOWN, whollyKnown, type Value, type ValueMap } from './values';

type Fn = (args: Value[]) => Value;

const bounded = (s: string): Value => (s.length > MAX_STRING ? UNKNOWN : s);
const boundedList = (l: Value[]): Value => (l.length > MAX_ELEMENTS ? UNKNOWN : l);

/** A list (or set, or tuple) argument; a map's values are not a list here. */
const listArg = (v: Value): Value[] | undefined => (isList(v) ? v : undefined);

/** A string argument's function: unknown unless every argument is a primitive. */
function strings(f: (...s: string[]) => Value): Fn {
  return (args) => {
    const s = args.map(asString);
    return s.every((x): x is string => x !== undefined) ? f(...s) : UNKNOWN;
  };
}

function numbers(f: (...n: number[]) => Value): Fn {
  return (args) => {
    const flat = args.length === 1 && isList(args[0]) ? args[0] : args;
    const n = flat.map(asNumber);
    return n.every((x): x is number => x !== undefined) && n.length > 0 ? f(...n) : UNKNOWN;
  };
}

/** The elements of a value, flattened (nested lists opened, iteratively, bounded). */
function flatten(v: Value): Value {
  const list = listArg(v);
  if (!list) return UNKNOWN;
  const out: Value[] = [];
  const stack: Value[] = [...list].reverse();
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (isUnknown(x)) return UNKNOWN;
    if (isList(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    else out.push(x);
    if (out.length + stack.length > MAX_ELEMENTS) return UNKNOWN;
  }
  return out;
}

/** A set of these elements: duplicates out; strings in Terraform's order (lexicographic). */
function toSet(v: Value): Value {
  const list = listArg(v);
  if (!list) return UNKNOWN;
  if (!list.every((e) => whollyKnown(e))) return UNKNOWN;
  const out: Value[] = [];
  for (const e of list) if (!out.some((o) => equal(o, e))) out.push(e);
  return out.every((e) => typeof e === 'string') ? (out).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : out;
}

/** Go's fmt verbs as Terraform's `format` reads them: %s %d %v %q %f (with a precision), %%. */
function format(args: Value[]): Value {
  const spec = asString(args[0] ?? null);
  if (spec === undefined) return UNKNOWN;
  let i = 1;
  let out = '';
  for (let at = 0; at < spec.length; at++) {
    const c = spec[at];
    if (c !== '%') {
      out += c;
      continue;
    }
    // Flags `-` and `0`, a width and a precision: `%02d`, `%-10s`, `%.2f`.
    const verb = /^([-0]?)(\d{0,2})(?:\.(\d{1,2}))?([sdvqf%])/.exec(spec.slice(at + 1, at + 9));
    if (!verb) return UNKNOWN;
    at += verb[0].length;
    const [, flag, width, precision, letter] = verb;
    if (letter === '%') {
      out += '%';
      continue;
    }
    const arg = args[i++];
    if (arg === undefined || isUnknown(arg)) return UNKNOWN;
    let text: string | undefined;
    if (letter === 'd' || letter === 'f') {
      const n = asNumber(arg);
      if (n === undefined) return UNKNOWN;
      text = letter === 'd' ? String(Math.trunc(n)) : n.toFixed(precision !== undefined ? Number(precision) : 6);
    } else {
      const s = letter === 'v' && (isList(arg) || isMap(arg)) ? JSON.stringify(arg) : asString(arg);
      if (s === undefined) return UNKNOWN;
      text = letter === 'q' ? JSON.stringify(s) : s;
    }
    const pad = Number(width || 0) - text.length;
    out += pad <= 0 ? text : flag === '-' ? text + ' '.repeat(pad) : flag === '0' && letter !== 's' && letter !== 'q' ? (text.startsWith('-') ? `-${'0'.repeat(pad)}${text.slice(1)}` : '0'.repeat(pad) + text) : ' '.repeat(pad) + text;
    if (out.length > MAX_STRING) return UNKNOWN;
  }
  return out;
}

/** An IPv4 prefix as (address, bits); undefined for anything else (IPv6 prefixes give unknown). */
function ipv4(prefix: string): { address: number; bits: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(prefix);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { address: (address & mask) >>> 0, bits };
}

const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

function cidrsubnet(prefix: string, newbits: number, netnum: number): Value {
  const base = ipv4(prefix);
  if (!base || !Number.isInteger(newbits) || !Number.isInteger(netnum) || newbits < 0 || base.bits + newbits > 32 || netnum < 0 || netnum >= 2 ** newbits) return UNKNOWN;
  const bits = base.bits + newbits;
  return `${dotted((base.address + netnum * 2 ** (32 - bits)) >>> 0)}/${bits}`;
}

function cidrhost(prefix: string, hostnum: number): Value {
  const base = ipv4(prefix);
  if (!base || !Number.isInteger(hostnum)) return UNKNOWN;
  const size = 2 ** (32 - base.bits);
  const n = hostnum < 0 ? size + hostnum : hostnum;
  return n >= 0 && n < size ? dotted((base.address + n) >>> 0) : UNKNOWN;
}

function cidrsubnets(args: Value[]): Value {
  const prefix = asString(args[0] ?? null);
  const base = prefix === undefined ? undefined : ipv4(prefix);
  const sizes = args.slice(1).map(asNumber);
  if (!base || !sizes.every((n): n is number => n !== undefined && Number.isInteger(n) && n > 0)) return UNKNOWN;
  const out: Value[] = [];
  let next = base.address;
  for (const newbits of sizes) {
    const bits = base.bits + newbits;
    if (bits > 32) return UNKNOWN;
    const size = 2 ** (32 - bits);
    next = Math.ceil(next / size) * size;
    if (next + size > base.address + 2 ** (32 - base.bits)) return UNKNOWN;
    out.push(`${dotted(next >>> 0)}/${bits}`);
    next += size;
  }
  return out;
}

function range(args: Value[]): Value {
  const n = args.map(asNumber);
  if (!n.every((x): x is number => x !== undefined) || n.length < 1 || n.length > 3) return UNKNOWN;
  const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[1] >= n[0] ? 1 : -1)];
  if (step === 0 || Math.abs((end - start) / step) > MAX_ELEMENTS) return UNKNOWN;
  const out: number[] = [];
  for (let x = start; step > 0 ? x < end : x > end; x += step) out.push(x);
  return out;
}

function lookup([map, key, fallback]: Value[]): Value {
  const k = asString(key ?? null);
  if (!isMap(map ?? null) || k === undefined) return UNKNOWN;
  const m = map as ValueMap;
  return k in m ? m[k] : fallback === undefined ? UNKNOWN : fallback;
}

function merge(args: Value[]): Value {
  const out = mapOf([]);
  for (const a of args) {
    if (a === null) continue;
    if (!isMap(a)) return UNKNOWN;
    for (const k of Object.keys(a)) out[k] = a[k];
  }
  return Object.keys(out).length > MAX_ELEMENTS ? UNKNOWN : out;
}

function coalesce(args: Value[]): Value {
  for (const a of args) {
    if (isUnknown(a)) return UNKNOWN;
    if (a !== null && a !== '') return a;
  }
  return UNKNOWN;
}

function slice([list, from, to]: Value[]): Value {
  const l = listArg(list ?? null);
  const a = asNumber(from ?? null);
  const b = asNumber(to ?? null);
  return l && a !== undefined && b !== undefined && a >= 0 && b <= l.length && a <= b ? l.slice(a, b) : UNKNOWN;
}

function replace([s, find, by]: Value[]): Value {
  const [text, sub, rep] = ([s, find, by] as (Value | undefined)[]).map((v) => asString(v ?? null));
  // A `/…/` pattern is a regular expression the workspace writes: not run.
  if (text === undefined || sub === undefined || rep === undefined || (sub.length > 1 && sub.startsWith('/') && sub.endsWith('/'))) return UNKNOWN;
  return sub === '' ? text : bounded(text.split(sub).join(rep));
}

const FUNCTIONS: Record<string, Fn> = {
  concat: (args) => (args.every(isList) ? boundedList(args.flat(1)) : UNKNOWN),
  merge,
  flatten: ([v]) => flatten(v ?? null),
  toset: ([v]) => toSet(v ?? null),
  tolist: ([v]) => (isList(v ?? null) ? (v) : UNKNOWN),
  tomap: ([v]) => (isMap(v ?? null) ? (v) : UNKNOWN),
  tostring: ([v]) => (v === null ? null : (asString(v ?? null) ?? UNKNOWN)),
  tonumber: ([v]) => (v === null ? null : (asNumber(v ?? null) ?? UNKNOWN)),
  tobool: ([v]) => (v === null ? null : (asBool(v ?? null) ?? UNKNOWN)),
  keys: ([v]) => (isMap(v ?? null) ? sortedKeys(v as ValueMap) : UNKNOWN),
  values: ([v]) => (isMap(v ?? null) ? (elements(v) ?? UNKNOWN) : UNKNOWN),
  length: ([v]) => (typeof v === 'string' ? [...v].length : isList(v ?? null) ? (v as Value[]).length : isMap(v ?? null) ? Object.keys(v as ValueMap).length : UNKNOWN),
  lookup,
  element: ([list, i]) => {
    const l = listArg(list ?? null);
    const n = asNumber(i ?? null);
    return l && l.length > 0 && n !== undefined && Number.isInteger(n) && n >= 0 ? l[n % l.length] : UNKNOWN;
  },
  coalesce,
  coalescelist: (args) => args.find((a) => isList(a) && a.length > 0) ?? UNKNOWN,
  compact: ([v]) => (isList(v ?? null) ? (v as Value[]).filter((e) => e !== null && e !== '') : UNKNOWN),
  distinct: ([v]) => {
    const l = listArg(v ?? null);
    if (!l || !l.every(whollyKnown)) return UNKNOWN;
    const out: Value[] = [];
    for (const e of l) if (!out.some((o) => equal(o, e))) out.push(e);
    return out;
  },
  reverse: ([v]) => (isList(v ?? null) ? [...(v as Value[])].reverse() : UNKNOWN),
  sort: ([v]) => {
    const l = listArg(v ?? null)?.map(asString);
    return l && l.every((s): s is string => s !== undefined) ? l.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : UNKNOWN;
  },
  slice,
  contains: ([list, v]) => {
    const l = listArg(list ?? null);
    if (!l || v === undefined || !whollyKnown(v) || !l.every(whollyKnown)) return UNKNOWN;
    return l.some((e) => equal(e, v));
  },
  one: ([v]) => {
    const l = listArg(v ?? null);
    return !l || l.length > 1 ? UNKNOWN : l.length === 0 ? null : l[0];
  },
  zipmap: ([k, v]) => {
    const ks = listArg(k ?? null)?.map(asString);
    const vs = listArg(v ?? null);
    return ks && vs && ks.length === vs.length && ks.every((x): x is string => x !== undefined) ? mapOf(ks.map((key, i) => [key, vs[i]])) : UNKNOWN;
  },
  range,
  sum: numbers((...n) => n.reduce((a, b) => a + b, 0)),
  min: numbers((...n) => Math.min(...n)),
  max: numbers((...n) => Math.max(...n)),
  abs: numbers((n) => Math.abs(n)),
  ceil: numbers((n) => Math.ceil(n)),
  floor: numbers((n) => Math.floor(n)),
  alltrue: ([v]) => {
    const l = listArg(v ?? null)?.map(asBool);
    return l && l.every((b) => b !== undefined) ? l.every(Boolean) : UNKNOWN;
  },
  anytrue: ([v]) => {
    const l = listArg(v ?? null)?.map(asBool);
    return l && l.every((b) => b !== undefined) ? l.some(Boolean) : UNKNOWN;
  },
  format,
  join: ([sep, list]) => {
    const s = asString(sep ?? null);
    const l = listArg(list ?? null)?.map(asString);
    return s !== undefined && l && l.every((x): x is string => x !== undefined) ? bounded(l.join(s)) : UNKNOWN;
  },
  split: strings((sep, s) => boundedList(s.split(sep))),
  lower: strings((s) => s.toLowerCase()),
  upper: strings((s) => s.toUpperCase()),
  title: strings((s) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase())),
  trimspace: strings((s) => s.trim()),
  trimprefix: strings((s, p) => (s.startsWith(p) ? s.slice(p.length) : s)),
  trimsuffix: strings((s, p) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)),
  startswith: strings((s, p) => s.startsWith(p)),
  endswith: strings((s, p) => s.endsWith(p)),
  strcontains: strings((s, p) => s.includes(p)),
  substr: ([s, o, l]) => {
    const text = asString(s ?? null);
    const offset = asNumber(o ?? null);
    const length = asNumber(l ?? null);
    if (text === undefined || offset === undefined || length === undefined) return UNKNOWN;
    const chars = [...text];
    const from = offset < 0 ? chars.length + offset : offset;
    return chars.slice(from, length < 0 ? undefined : from + length).join('');
  },
  replace,
  cidrsubnet: ([p, b, n]) => {
    const prefix = asString(p ?? null);
    const bits = asNumber(b ?? null);
    const num = asNumber(n ?? null);
    return prefix !== undefined && bits !== undefined && num !== undefined ? cidrsubnet(prefix, bits, num) : UNKNOWN;
  },
  cidrhost: ([p, h]) => {
    const prefix = asString(p ?? null);
    const host = asNumber(h ?? null);
    return prefix !== undefined && host !== undefined ? cidrhost(prefix, host) : UNKNOWN;
  },
  cidrsubnets,
  jsonencode: ([v]) => (v !== undefined && whollyKnown(v) ? bounded(JSON.stringify(v)) : UNKNOWN),
  nonsensitive: ([v]) => v ?? UNKNOWN,
  sensitive: ([v]) => v ?? UNKNOWN,
};

/** A built-in function's value on these arguments (`provider::…::f` and unknown names: unknown). */
export function callFunction(name: string, args: Value[]): Value {
  const f = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!f) return UNKNOWN;
  // `slice(data.aws_availability_zones.x.names, 0, 3)`: as long as asked, its elements known after apply (the
  // plan's own reading of a data source would say them; offline, how many is what the configuration relies on).
  if (name === 'slice' && isUnknown(args[0] ?? null)) {
    const [from, to] = [asNumber(args[1] ?? null), asNumber(args[2] ?? null)];
    return from !== undefined && to !== undefined && Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= from && to - from <= MAX_ELEMENTS ? Array.from({ length: to - from }, (): Value => UNKNOWN) : UNKNOWN;
  }
  // A wholly unknown argument makes the result unknown (an element unknown inside a collection need not).
  if (args.some(isUnknown)) return UNKNOWN;
  try {
    return f(args);
  } catch {
    // A value of a shape the function does not take: Terraform would say so; the value is not known here.
    return UNKNOWN;
  }
}
