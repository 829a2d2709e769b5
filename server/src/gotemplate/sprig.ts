/**
 * Sprig's string, number, conversion, encoding, path, regex and type functions, with sprig's
 * parameter types (so that Go's argument errors are Helm's) and its lenient conversions.
 * Functions whose result is random (randAlphaNum, uuidv4) give a fixed value of the right
 * shape; those Archipel does not compute (certificates, encryption, dates arithmetic) throw
 * Unsupported: the template is then said not checked, never wrongly reported.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { CallContext, GoFunction } from './exec';
import { Unsupported } from './exec';
import { goQuote } from './fmt';
import { strslice, strval, toFloat64, toInt64 } from './convert';
import { regexFunctions } from './regex';
import { parseVersion, satisfies } from './semver';
import { GoError, GoObject, goKind, goTypeName, isEmpty, type GoValue, type ParamType } from './values';

type Fn = (args: GoValue[], context: CallContext) => GoValue;
const fn = (params: ParamType[], call: Fn, variadic?: ParamType): GoFunction => ({ params, call, ...(variadic ? { variadic } : {}) });
const unsupported = (name: string, params: ParamType[] = [], variadic: ParamType | undefined = 'any'): [string, GoFunction] => [
  name,
  fn(
    params,
    () => {
      throw new Unsupported();
    },
    variadic,
  ),
];

const str = (v: GoValue) => v as string;
const int = (v: GoValue) => Number(v);

/** Go's strings.Title: the first letter of each word upper-cased (a word starts after a non-letter, non-digit, non-underscore). */
function title(s: string): string {
  let out = '';
  let previous = ' ';
  for (const ch of s) {
    out += /[\p{L}\p{N}_']/u.test(previous) ? ch : ch.toUpperCase();
    previous = ch;
  }
  return out;
}

function untitle(s: string): string {
  let out = '';
  let previous = ' ';
  for (const ch of s) {
    out += /\s/u.test(previous) ? ch.toLowerCase() : ch;
    previous = ch;
  }
  return out;
}

/** The words of an identifier (xstrings' case functions): split at case changes, digits and separators. */
function words(s: string): string[] {
  return s
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function indent(spaces: number, text: string, context: CallContext): string {
  if (spaces < 0) throw new GoError('negative Repeat count');
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  context.reserve(text.length + spaces * lines);
  const pad = ' '.repeat(spaces);
  return pad + text.replaceAll('\n', `\n${pad}`);
}

/** Go's strings.Replace(s, old, new, -1), its result's length checked before it is built (a replacement may multiply it). */
function replace(from: string, to: string, text: string, context: CallContext): string {
  let count = 0;
  if (from === '') count = [...text].length + 1;
  else for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length)) count++;
  context.reserve(text.length + count * (to.length - from.length));
  return text.replaceAll(from, to);
}

/** Go's strings.Repeat, bounded by the render's budget before it allocates. */
function repeat(count: number, text: string, context: CallContext): string {
  if (count < 0) throw new GoError('strings: negative Repeat count');
  context.reserve(count * text.length);
  return text.repeat(count);
}

/** Go byte slicing of a UTF-8 string (sprig's trunc and substr index bytes). */
function bytesOf(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function trunc(c: number, s: string): string {
  const bytes = bytesOf(s);
  if (c < 0 && bytes.length + c > 0) return decode(bytes.slice(bytes.length + c));
  if (c >= 0 && bytes.length > c) return decode(bytes.slice(0, c));
  return s;
}

function substr(start: number, end: number, s: string): string {
  const bytes = bytesOf(s);
  if (start < 0) {
    if (end < 0 || end > bytes.length) throw new GoError(`slice bounds out of range [:${end}] with length ${bytes.length}`);
    return decode(bytes.slice(0, end));
  }
  if (end < 0 || end > bytes.length) {
    if (start > bytes.length) throw new GoError(`slice bounds out of range [${start}:${bytes.length}]`);
    return decode(bytes.slice(start));
  }
  if (start > end) throw new GoError(`slice bounds out of range [${start}:${end}]`);
  return decode(bytes.slice(start, end));
}

function splitMap(parts: string[]): Map<string, GoValue> {
  return new Map(parts.map((part, i) => [`_${i}`, part]));
}

/** Go's strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  const all = sep === '' ? [...s] : s.split(sep);
  if (n < 0 || all.length <= n) return all;
  return [...all.slice(0, n - 1), all.slice(n - 1).join(sep)];
}

const hash = (algorithm: string) => (args: GoValue[]) => createHash(algorithm).update(str(args[0]), 'utf8').digest('hex');

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of bytesOf(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

/** A fixed string of `n` characters from `alphabet`: random in Helm, any value of the right shape serves a check. */
function fixedRandom(n: number, alphabet: string, context: CallContext): string {
  context.reserve(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[(i * 7 + 3) % alphabet.length];
  return out;
}

function cleanPath(p: string): string {
  if (p === '') return '.';
  const cleaned = posix.normalize(p);
  return cleaned.length > 1 ? cleaned.replace(/\/$/, '') : cleaned;
}

function semverObject(text: string): GoObject {
  const v = parseVersion(text);
  if (!v) throw new GoError('Invalid Semantic Version');
  const method = (value: GoValue) => ({ params: [] as ParamType[], call: () => value });
  const printed = `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}${v.metadata ? `+${v.metadata}` : ''}`;
  return new GoObject(
    '*semver.Version',
    new Map(),
    new Map([
      ['Major', method(BigInt(v.major))],
      ['Minor', method(BigInt(v.minor))],
      ['Patch', method(BigInt(v.patch))],
      ['Prerelease', method(v.prerelease)],
      ['Metadata', method(v.metadata)],
      ['Original', method(v.original)],
      ['String', method(printed)],
    ]),
    printed,
  );
}

function round(value: number, places: number, on = 0.5): number {
  const pow = 10 ** places;
  const digit = pow * value;
  const fraction = digit - Math.trunc(digit);
  return (fraction >= on ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

function checkedInt(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

function divide(a: bigint, b: bigint, remainder: boolean): bigint {
  if (b === 0n) throw new GoError('runtime error: integer divide by zero');
  return remainder ? a % b : a / b;
}

/** Sprig's functions other than lists and dictionaries. */
export const sprigFunctions: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ['hello', fn([], () => 'Hello!')],
  // Strings.
  ['abbrev', fn(['int', 'string'], ([w, s]) => (str(s).length <= int(w) || int(w) < 4 ? str(s) : `${str(s).slice(0, int(w) - 3)}...`))],
  ['trunc', fn(['int', 'string'], ([c, s]) => trunc(int(c), str(s)))],
  ['trim', fn(['string'], ([s]) => str(s).trim())],
  ['upper', fn(['string'], ([s]) => str(s).toUpperCase())],
  ['lower', fn(['string'], ([s]) => str(s).toLowerCase())],
  ['title', fn(['string'], ([s]) => title(str(s)))],
  ['untitle', fn(['string'], ([s]) => untitle(str(s)))],
  ['substr', fn(['int', 'int', 'string'], ([a, b, s]) => substr(int(a), int(b), str(s)))],
  ['repeat', fn(['int', 'string'], ([c, s], context) => repeat(int(c), str(s), context))],
  ...['trimall', 'trimAll'].map((name): [string, GoFunction] => [name, fn(['string', 'string'], ([a, b]) => trimChars(str(b), str(a)))]),
  ['trimSuffix', fn(['string', 'string'], ([a, b]) => (str(b).endsWith(str(a)) && str(a) !== '' ? str(b).slice(0, -str(a).length) : str(b)))],
  ['trimPrefix', fn(['string', 'string'], ([a, b]) => (str(b).startsWith(str(a)) ? str(b).slice(str(a).length) : str(b)))],
  ['nospace', fn(['string'], ([s]) => str(s).replace(/\s/gu, ''))],
  ['initials', fn(['string'], ([s]) => str(s).split(/\s+/).filter((w) => w).map((w) => [...w][0]).join(''))],
  ['randAlphaNum', fn(['int'], ([n], context) => fixedRandom(int(n), 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', context))],
  ['randAlpha', fn(['int'], ([n], context) => fixedRandom(int(n), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', context))],
  ['randAscii', fn(['int'], ([n], context) => fixedRandom(int(n), 'abcdefghijklmnopqrstuvwxyz0123456789', context))],
  ['randNumeric', fn(['int'], ([n], context) => fixedRandom(int(n), '0123456789', context))],
  ['swapcase', fn(['string'], ([s]) => [...str(s)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''))],
  ['shuffle', fn(['string'], ([s]) => str(s))],
  ['snakecase', fn(['string'], ([s]) => words(str(s)).map((w) => w.toLowerCase()).join('_'))],
  ['camelcase', fn(['string'], ([s]) => words(str(s)).map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(''))],
  ['kebabcase', fn(['string'], ([s]) => words(str(s)).map((w) => w.toLowerCase()).join('-'))],
  unsupported('wrap', ['int', 'string'], undefined),
  unsupported('wrapWith', ['int', 'string', 'string'], undefined),
  ['contains', fn(['string', 'string'], ([a, b]) => str(b).includes(str(a)))],
  ['hasPrefix', fn(['string', 'string'], ([a, b]) => str(b).startsWith(str(a)))],
  ['hasSuffix', fn(['string', 'string'], ([a, b]) => str(b).endsWith(str(a)))],
  ['quote', fn([], (args) => args.filter((a) => a !== null).map((a) => goQuote(strval(a))).join(' '), 'any')],
  ['squote', fn([], (args) => args.filter((a) => a !== null).map((a) => `'${strval(a)}'`).join(' '), 'any')],
  ['cat', fn([], (args) => args.filter((a) => a !== null).map(strval).join(' '), 'any')],
  ['indent', fn(['int', 'string'], ([n, s], context) => indent(int(n), str(s), context))],
  ['nindent', fn(['int', 'string'], ([n, s], context) => `\n${indent(int(n), str(s), context)}`)],
  ['replace', fn(['string', 'string', 'string'], ([a, b, s], context) => replace(str(a), str(b), str(s), context))],
  ['plural', fn(['string', 'string', 'int'], ([one, many, n]) => (n === 1n ? one : many))],
  ['sha1sum', fn(['string'], hash('sha1'))],
  ['sha256sum', fn(['string'], hash('sha256'))],
  ['sha512sum', fn(['string'], hash('sha512'))],
  ['adler32sum', fn(['string'], ([s]) => adler32(str(s)))],
  ['toString', fn(['any'], ([v]) => strval(v))],
  // Conversions and numbers.
  ['atoi', fn(['string'], ([s]) => (/^[+-]?\d+$/.test(str(s)) ? toInt64(str(s).replace(/^([+-]?)0+(?=\d)/, '$1')) : 0n))],
  ['int64', fn(['any'], ([v]) => toInt64(v))],
  ['int', fn(['any'], ([v]) => toInt64(v))],
  ['float64', fn(['any'], ([v]) => toFloat64(v))],
  ['toDecimal', fn(['any'], ([v]) => (/^[0-7]+$/.test(strval(v)) ? BigInt(`0o${strval(v)}`) : 0n))],
  ['split', fn(['string', 'string'], ([sep, s]) => splitMap(splitN(str(s), str(sep), -1)))],
  ['splitList', fn(['string', 'string'], ([sep, s]) => splitN(str(s), str(sep), -1))],
  ['splitn', fn(['string', 'int', 'string'], ([sep, n, s]) => splitMap(splitN(str(s), str(sep), int(n))))],
  ['toStrings', fn(['any'], ([v]) => strslice(v))],
  ['add1', fn(['any'], ([v]) => checkedInt(toInt64(v) + 1n))],
  ['add', fn([], (args) => checkedInt(args.reduce<bigint>((sum, v) => sum + toInt64(v), 0n)), 'any')],
  ['sub', fn(['any', 'any'], ([a, b]) => checkedInt(toInt64(a) - toInt64(b)))],
  ['div', fn(['any', 'any'], ([a, b]) => divide(toInt64(a), toInt64(b), false))],
  ['mod', fn(['any', 'any'], ([a, b]) => divide(toInt64(a), toInt64(b), true))],
  ['mul', fn(['any'], ([a, ...rest]) => checkedInt(rest.reduce<bigint>((p, v) => p * toInt64(v), toInt64(a))), 'any')],
  ['randInt', fn(['int', 'int'], ([min]) => min)],
  ['add1f', fn(['any'], ([v]) => toFloat64(v) + 1)],
  ['addf', fn([], (args) => args.reduce<number>((sum, v) => sum + toFloat64(v), 0), 'any')],
  ['subf', fn(['any'], ([a, ...rest]) => rest.reduce<number>((d, v) => d - toFloat64(v), toFloat64(a)), 'any')],
  ['divf', fn(['any'], ([a, ...rest]) => rest.reduce<number>((d, v) => d / toFloat64(v), toFloat64(a)), 'any')],
  ['mulf', fn(['any'], ([a, ...rest]) => rest.reduce<number>((d, v) => d * toFloat64(v), toFloat64(a)), 'any')],
  ...['biggest', 'max'].map((name): [string, GoFunction] => [name, fn(['any'], ([a, ...rest]) => rest.map(toInt64).reduce((m, v) => (v > m ? v : m), toInt64(a)), 'any')]),
  ['min', fn(['any'], ([a, ...rest]) => rest.map(toInt64).reduce((m, v) => (v < m ? v : m), toInt64(a)), 'any')],
  ['maxf', fn(['any'], ([a, ...rest]) => Math.max(toFloat64(a), ...rest.map(toFloat64)), 'any')],
  ['minf', fn(['any'], ([a, ...rest]) => Math.min(toFloat64(a), ...rest.map(toFloat64)), 'any')],
  ['ceil', fn(['any'], ([v]) => Math.ceil(toFloat64(v)))],
  ['floor', fn(['any'], ([v]) => Math.floor(toFloat64(v)))],
  ['round', fn(['any', 'int'], ([v, p, on]) => round(toFloat64(v), int(p), on === undefined ? 0.5 : toFloat64(on)), 'float')],
  // Defaults and types.
  ['default', fn(['any'], ([d, ...given]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), 'any')],
  ['empty', fn(['any'], ([v]) => isEmpty(v))],
  ['coalesce', fn([], (args) => args.find((v) => !isEmpty(v)) ?? null, 'any')],
  ['all', fn([], (args) => args.every((v) => !isEmpty(v)), 'any')],
  ['any', fn([], (args) => args.some((v) => !isEmpty(v)), 'any')],
  ['ternary', fn(['any', 'any', 'bool'], ([a, b, c]) => (c ? a : b))],
  ['typeOf', fn(['any'], ([v]) => goTypeName(v))],
  ['typeIs', fn(['string', 'any'], ([t, v]) => goTypeName(v) === t)],
  ['typeIsLike', fn(['string', 'any'], ([t, v]) => goTypeName(v) === t || `*${goTypeName(v)}` === t)],
  ['kindOf', fn(['any'], ([v]) => goKind(v))],
  ['kindIs', fn(['string', 'any'], ([t, v]) => goKind(v) === t)],
  ['getHostByName', fn(['string'], () => '')],
  // Paths.
  ['base', fn(['string'], ([p]) => (str(p) === '' ? '.' : str(p).replace(/(?<!\/)\/+$/, '') === '' ? '/' : posix.basename(str(p))))],
  ['dir', fn(['string'], ([p]) => cleanPath(posix.dirname(str(p))))],
  ['clean', fn(['string'], ([p]) => cleanPath(str(p)))],
  ['ext', fn(['string'], ([p]) => posix.extname(str(p)))],
  ['isAbs', fn(['string'], ([p]) => str(p).startsWith('/'))],
  ['osBase', fn(['string'], ([p]) => (str(p) === '' ? '.' : posix.basename(str(p))))],
  ['osClean', fn(['string'], ([p]) => cleanPath(str(p)))],
  ['osDir', fn(['string'], ([p]) => cleanPath(posix.dirname(str(p))))],
  ['osExt', fn(['string'], ([p]) => posix.extname(str(p)))],
  ['osIsAbs', fn(['string'], ([p]) => str(p).startsWith('/'))],
  // Encodings.
  ['b64enc', fn(['string'], ([s]) => Buffer.from(str(s), 'utf8').toString('base64'))],
  ['b64dec', fn(['string'], ([s]) => (/^[A-Za-z0-9+/]*={0,2}$/.test(str(s)) && str(s).length % 4 === 0 ? Buffer.from(str(s), 'base64').toString('utf8') : 'illegal base64 data at input byte 0'))],
  unsupported('b32enc', ['string'], undefined),
  unsupported('b32dec', ['string'], undefined),
  // Versions.
  ['semver', fn(['string'], ([s]) => semverObject(str(s)))],
  [
    'semverCompare',
    fn(['string', 'string'], ([c, v]) => {
      const result = satisfies(str(c), str(v));
      if (typeof result === 'string') throw new GoError(result);
      return result;
    }),
  ],
  // Random and cryptographic values: fixed, or not computed.
  ['uuidv4', fn([], () => '6ba7b810-9dad-41d1-80b4-00c04fd430c8')],
  ['randBytes', fn(['int'], ([n], context) => Buffer.from(fixedRandom(int(n), 'abcdef', context)).toString('base64'))],
  ...['bcrypt', 'htpasswd', 'genPrivateKey', 'derivePassword', 'buildCustomCert', 'genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'encryptAES', 'decryptAES'].map((name) => unsupported(name)),
  ...['ago', 'date', 'date_in_zone', 'date_modify', 'dateInZone', 'dateModify', 'duration', 'durationRound', 'htmlDate', 'htmlDateInZone', 'must_date_modify', 'mustDateModify', 'mustToDate', 'now', 'toDate', 'unixEpoch'].map((name) => unsupported(name)),
  ...['urlParse', 'urlJoin'].map((name) => unsupported(name)),
  ...regexFunctions,
]);

/** Go's strings.Trim: every leading and trailing character of `cutset` removed. */
function trimChars(s: string, cutset: string): string {
  const set = new Set(cutset);
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && set.has(chars[start])) start++;
  while (end > start && set.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}
