/**
 * Kyverno's JMESPath functions (kyverno.io/docs/writing-policies/jmespath), added to the maintained JMESPath evaluator's
 * built-ins (@aws-lambda-powertools/jmespath: a method `funcToUpper` is the function `to_upper`). Each checks its
 * arguments itself and throws the evaluator's type error, as Kyverno's do. Regular expressions run on RE2 (re2js):
 * Go's syntax, linear time whatever the policy's pattern.
 */
import type { Functions } from '@aws-lambda-powertools/jmespath/functions';
import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import type * as JmesPath from '../jmespath.lazy';
import { jsYaml } from '../../yaml/jsYaml';
import { re2 } from '../../gotemplate/regex';
import { parseDuration, parseQuantity } from './quantity';
import { wildcardMatch } from './wildcard';

let library: typeof JmesPath | undefined;

/** The JMESPath evaluator, its own bundle (jmespath.lazy.ts), read on the first expression a policy evaluates or has checked. */
export function jmesPathLibrary(): typeof JmesPath {
  return (library ??= require('../jmespath.lazy') as typeof JmesPath);
}

/** A thrown complaint about a function's argument (the evaluator's own type error needs its internals: a plain error says the same). */
class FunctionArgumentError extends Error {}

function str(value: unknown, name: string, at: number): string {
  if (typeof value !== 'string') throw new FunctionArgumentError(`${name}: argument ${at + 1} must be a string, got ${JSON.stringify(value) ?? 'null'}`);
  return value;
}

function num(value: unknown, name: string, at: number): number {
  if (typeof value === 'number') return value;
  throw new FunctionArgumentError(`${name}: argument ${at + 1} must be a number, got ${JSON.stringify(value) ?? 'null'}`);
}

/** RE2 (re2js, the shared lazy bundle of gotemplate/re2.lazy.ts: loaded with the first pattern a policy evaluates). */
type RE2 = ReturnType<ReturnType<typeof re2>['compile']>;

const regexes = new Map<string, RE2>();
function regex(pattern: string): RE2 {
  let compiled = regexes.get(pattern);
  if (!compiled) {
    compiled = re2().compile(pattern);
    if (regexes.size > 500) regexes.clear();
    regexes.set(pattern, compiled);
  }
  return compiled;
}

/** A number, a quantity or a duration, as Kyverno's arithmetic reads its operands. */
type Operand = { kind: 'number'; value: number } | { kind: 'quantity'; value: number; text: string } | { kind: 'duration'; value: number };

function operand(value: unknown, name: string, at: number): Operand {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') {
    const quantity = parseQuantity(value);
    if (quantity !== undefined) return { kind: 'quantity', value: quantity, text: value };
    const duration = parseDuration(value);
    if (duration !== undefined) return { kind: 'duration', value: duration };
  }
  throw new FunctionArgumentError(`${name}: argument ${at + 1} must be a number, a quantity or a duration`);
}

/** A duration in Go's form (`1h30m0s`), as Kyverno prints a duration result. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  return `${sign}${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}

function arithmetic(name: string, args: unknown[], apply: (a: number, b: number) => number): unknown {
  const [a, b] = [operand(args[0], name, 0), operand(args[1], name, 1)];
  const value = apply(a.value, b.value);
  if (a.kind === 'duration' || b.kind === 'duration') return formatDuration(value);
  if (a.kind === 'quantity' || b.kind === 'quantity') return String(value);
  return value;
}

function parseTime(text: string, name: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new FunctionArgumentError(`${name}: "${text}" is not an RFC 3339 time`);
  return date;
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function semver(text: string): [number, number, number, string] | undefined {
  const found = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  return found ? [Number(found[1]), Number(found[2]), Number(found[3]), found[4] ?? ''] : undefined;
}

function compareSemver(a: [number, number, number, string], b: [number, number, number, string]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  if (a[3] === b[3]) return 0;
  if (a[3] === '') return 1;
  if (b[3] === '') return -1;
  return a[3] < b[3] ? -1 : 1;
}

/** `semver_compare(version, range)`: Kyverno's comparisons (`>=1.2.3`, `<2.0.0 >1.0.0`, `1.2.3 || 2.x`). */
function semverSatisfies(version: string, range: string): boolean {
  const have = semver(version);
  if (!have) throw new FunctionArgumentError(`semver_compare: "${version}" is not a version`);
  return range.split('||').some((alternative) =>
    alternative.trim().split(/\s+/).every((clause) => {
      const found = /^(>=|<=|>|<|=|!=)?(.*)$/.exec(clause);
      const want = semver((found?.[2] ?? '').replace(/\.[xX*]/g, '.0'));
      if (!want) return false;
      const order = compareSemver(have, want);
      switch (found?.[1]) {
        case '>=': return order >= 0;
        case '<=': return order <= 0;
        case '>': return order > 0;
        case '<': return order < 0;
        case '!=': return order !== 0;
        default: return order === 0;
      }
    }),
  );
}

let kyvernoClass: (new (now: () => Date) => Functions) | undefined;

/** Kyverno's functions, beside JMESPath's built-ins, reading the clock `now` (`time_now*`; tests fix it). */
export function kyvernoFunctions(now: () => Date): Functions {
  return new (kyvernoClass ??= defineKyvernoFunctions(jmesPathLibrary().Functions))(now);
}

/**
 * The class of Kyverno's functions, made when the library is first read: a subclass of its Functions (whose
 * methods named `func…` are the functions it finds, on each class of the chain) holding KyvernoMethods' methods.
 */
function defineKyvernoFunctions(Base: typeof Functions): new (now: () => Date) => Functions {
  class KyvernoFunctions extends Base {
    constructor(readonly now: () => Date) {
      super();
    }
  }
  for (const name of Object.getOwnPropertyNames(KyvernoMethods.prototype)) {
    const method = Object.getOwnPropertyDescriptor(KyvernoMethods.prototype, name);
    if (name !== 'constructor' && method) Object.defineProperty(KyvernoFunctions.prototype, name, method);
  }
  return KyvernoFunctions;
}

/** Kyverno's functions as methods (`funcToUpper` is `to_upper`), set on the library's subclass (defineKyvernoFunctions). */
class KyvernoMethods {
  constructor(readonly now: () => Date) {}
  // JMESPath's `a.keys(@)` on a missing `a` is null (the spec's subexpression on null), as Kyverno's evaluator gives it;
  // this evaluator calls the function on null, so the functions such an expression names answer null for null.
  funcKeys(args: unknown): string[] {
    const [value] = args as unknown[];
    if (value === null || value === undefined) return null as unknown as string[];
    if (typeof value !== 'object' || Array.isArray(value)) throw new FunctionArgumentError('keys: argument 1 must be an object');
    return Object.keys(value);
  }
  funcValues(args: unknown): JSONValue[] {
    const [value] = args as unknown[];
    if (value === null || value === undefined) return null as unknown as JSONValue[];
    if (typeof value !== 'object' || Array.isArray(value)) throw new FunctionArgumentError('values: argument 1 must be an object');
    return Object.values(value as Record<string, JSONValue>);
  }
  funcCompare(args: unknown[]): number {
    const [a, b] = [str(args[0], 'compare', 0), str(args[1], 'compare', 1)];
    return a < b ? -1 : a > b ? 1 : 0;
  }
  funcEqualFold(args: unknown[]): boolean {
    return str(args[0], 'equal_fold', 0).toLowerCase() === str(args[1], 'equal_fold', 1).toLowerCase();
  }
  funcReplace(args: unknown[]): string {
    const [text, from, to] = [str(args[0], 'replace', 0), str(args[1], 'replace', 1), str(args[2], 'replace', 2)];
    const times = num(args[3], 'replace', 3);
    if (times < 0) return text.split(from).join(to);
    let result = text;
    for (let i = 0, at = 0; i < times; i++) {
      const found = result.indexOf(from, at);
      if (found < 0) break;
      result = result.slice(0, found) + to + result.slice(found + from.length);
      at = found + to.length;
    }
    return result;
  }
  funcReplaceAll(args: unknown[]): string {
    return str(args[0], 'replace_all', 0).split(str(args[1], 'replace_all', 1)).join(str(args[2], 'replace_all', 2));
  }
  funcToUpper(args: unknown[]): string {
    return str(args[0], 'to_upper', 0).toUpperCase();
  }
  funcToLower(args: unknown[]): string {
    return str(args[0], 'to_lower', 0).toLowerCase();
  }
  funcTrim(args: unknown[]): string {
    const [text, cut] = [str(args[0], 'trim', 0), str(args[1], 'trim', 1)];
    let start = 0;
    let end = text.length;
    while (start < end && cut.includes(text[start])) start++;
    while (end > start && cut.includes(text[end - 1])) end--;
    return text.slice(start, end);
  }
  funcTrimPrefix(args: unknown[]): string {
    const [text, prefix] = [str(args[0], 'trim_prefix', 0), str(args[1], 'trim_prefix', 1)];
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  }
  funcSplit(args: unknown[]): string[] {
    return str(args[0], 'split', 0).split(str(args[1], 'split', 1));
  }
  funcRegexReplaceAll(args: unknown[]): string {
    const text = typeof args[1] === 'number' ? String(args[1]) : str(args[1], 'regex_replace_all', 1);
    const replacement = typeof args[2] === 'number' ? String(args[2]) : str(args[2], 'regex_replace_all', 2);
    return regex(str(args[0], 'regex_replace_all', 0)).matcher(text).replaceAll(replacement);
  }
  funcRegexReplaceAllLiteral(args: unknown[]): string {
    const text = typeof args[1] === 'number' ? String(args[1]) : str(args[1], 'regex_replace_all_literal', 1);
    return regex(str(args[0], 'regex_replace_all_literal', 0)).matcher(text).replaceAll(re2().quoteReplacement(str(args[2], 'regex_replace_all_literal', 2)));
  }
  funcRegexMatch(args: unknown[]): boolean {
    const text = typeof args[1] === 'number' ? String(args[1]) : str(args[1], 'regex_match', 1);
    return regex(str(args[0], 'regex_match', 0)).matcher(text).find();
  }
  funcPatternMatch(args: unknown[]): boolean {
    const text = typeof args[1] === 'number' ? String(args[1]) : str(args[1], 'pattern_match', 1);
    return wildcardMatch(str(args[0], 'pattern_match', 0), text);
  }
  funcLabelMatch(args: unknown[]): boolean {
    const [selector, labels] = args as [Record<string, unknown> | null, Record<string, unknown> | null];
    if (selector === null || typeof selector !== 'object' || labels === null || typeof labels !== 'object') throw new FunctionArgumentError('label_match: both arguments must be objects');
    return Object.entries(selector).every(([key, value]) => labels[key] === value);
  }
  funcAdd(args: unknown[]): unknown {
    return arithmetic('add', args, (a, b) => a + b);
  }
  funcSubtract(args: unknown[]): unknown {
    return arithmetic('subtract', args, (a, b) => a - b);
  }
  funcMultiply(args: unknown[]): unknown {
    return arithmetic('multiply', args, (a, b) => a * b);
  }
  funcDivide(args: unknown[]): unknown {
    const [a, b] = [operand(args[0], 'divide', 0), operand(args[1], 'divide', 1)];
    if (b.value === 0) throw new FunctionArgumentError('divide: division by zero');
    // A quantity or duration divided by one of its kind is a plain ratio.
    if (a.kind !== 'number' && b.kind !== 'number') return a.value / b.value;
    return arithmetic('divide', args, (x, y) => x / y);
  }
  funcModulo(args: unknown[]): unknown {
    const [, b] = [operand(args[0], 'modulo', 0), operand(args[1], 'modulo', 1)];
    if (b.value === 0) throw new FunctionArgumentError('modulo: division by zero');
    return arithmetic('modulo', args, (x, y) => x % y);
  }
  funcRound(args: unknown[]): number {
    const [value, digits] = [num(args[0], 'round', 0), num(args[1], 'round', 1)];
    const scale = 10 ** digits;
    return Math.round(value * scale) / scale;
  }
  funcBase64Decode(args: unknown[]): string {
    return Buffer.from(str(args[0], 'base64_decode', 0), 'base64').toString('utf8');
  }
  funcBase64Encode(args: unknown[]): string {
    return Buffer.from(str(args[0], 'base64_encode', 0), 'utf8').toString('base64');
  }
  funcParseJson(args: unknown[]): unknown {
    const text = str(args[0], 'parse_json', 0);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new FunctionArgumentError(`parse_json: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  funcParseYaml(args: unknown[]): unknown {
    try {
      return jsYaml().load(str(args[0], 'parse_yaml', 0), { json: true, schema: jsYaml().CORE_SCHEMA });
    } catch (error) {
      throw new FunctionArgumentError(`parse_yaml: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  funcTruncate(args: unknown[]): string {
    return str(args[0], 'truncate', 0).slice(0, Math.max(0, num(args[1], 'truncate', 1)));
  }
  funcPathCanonicalize(args: unknown[]): string {
    const parts: string[] = [];
    const text = str(args[0], 'path_canonicalize', 0);
    for (const part of text.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return (text.startsWith('/') ? '/' : '') + parts.join('/') || '.';
  }
  funcSemverCompare(args: unknown[]): boolean {
    return semverSatisfies(str(args[0], 'semver_compare', 0), str(args[1], 'semver_compare', 1));
  }
  funcItems(args: unknown[]): unknown[] {
    const [value, keyName, valueName] = [args[0], str(args[1], 'items', 1), args[2] === undefined ? 'value' : str(args[2], 'items', 2)];
    if (Array.isArray(value)) return value.map((item, index) => ({ [keyName]: index, [valueName]: item as unknown }));
    if (value === null || typeof value !== 'object') throw new FunctionArgumentError('items: argument 1 must be an object or an array');
    return Object.keys(value).sort().map((key) => ({ [keyName]: key, [valueName]: (value as Record<string, unknown>)[key] }));
  }
  funcObjectFromLists(args: unknown[]): Record<string, unknown> {
    const [keys, values] = args as [unknown[], unknown[]];
    if (!Array.isArray(keys) || !Array.isArray(values)) throw new FunctionArgumentError('object_from_lists: both arguments must be arrays');
    const result: Record<string, unknown> = {};
    keys.forEach((key, index) => (result[String(key)] = values[index] ?? null));
    return result;
  }
  funcToBoolean(args: unknown[]): boolean {
    const text = str(args[0], 'to_boolean', 0).toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw new FunctionArgumentError(`to_boolean: "${text}" is neither true nor false`);
  }
  funcTimeNow(): string {
    return rfc3339(this.now());
  }
  funcTimeNowUtc(): string {
    return rfc3339(this.now());
  }
  funcTimeUtc(args: unknown[]): string {
    return rfc3339(parseTime(str(args[0], 'time_utc', 0), 'time_utc'));
  }
  funcTimeSince(args: unknown[]): string {
    const start = parseTime(str(args[1], 'time_since', 1), 'time_since');
    const end = str(args[2], 'time_since', 2) === '' ? this.now() : parseTime(str(args[2], 'time_since', 2), 'time_since');
    return formatDuration(end.getTime() - start.getTime());
  }
  funcTimeDiff(args: unknown[]): string {
    return formatDuration(parseTime(str(args[1], 'time_diff', 1), 'time_diff').getTime() - parseTime(str(args[0], 'time_diff', 0), 'time_diff').getTime());
  }
  funcTimeAdd(args: unknown[]): string {
    const duration = parseDuration(str(args[1], 'time_add', 1));
    if (duration === undefined) throw new FunctionArgumentError('time_add: argument 2 must be a duration');
    return rfc3339(new Date(parseTime(str(args[0], 'time_add', 0), 'time_add').getTime() + duration));
  }
  funcTimeBefore(args: unknown[]): boolean {
    return parseTime(str(args[0], 'time_before', 0), 'time_before') < parseTime(str(args[1], 'time_before', 1), 'time_before');
  }
  funcTimeAfter(args: unknown[]): boolean {
    return parseTime(str(args[0], 'time_after', 0), 'time_after') > parseTime(str(args[1], 'time_after', 1), 'time_after');
  }
  funcTimeBetween(args: unknown[]): boolean {
    const at = parseTime(str(args[0], 'time_between', 0), 'time_between');
    return at > parseTime(str(args[1], 'time_between', 1), 'time_between') && at < parseTime(str(args[2], 'time_between', 2), 'time_between');
  }
  funcTimeTruncate(args: unknown[]): string {
    const duration = parseDuration(str(args[1], 'time_truncate', 1));
    if (duration === undefined || duration <= 0) throw new FunctionArgumentError('time_truncate: argument 2 must be a positive duration');
    const at = parseTime(str(args[0], 'time_truncate', 0), 'time_truncate').getTime();
    return rfc3339(new Date(at - (at % duration)));
  }
  funcSha256(args: unknown[]): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- node:crypto only when a policy asks for a digest
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    return createHash('sha256').update(str(args[0], 'sha256', 0)).digest('hex');
  }
  funcIsExternalUrl(args: unknown[]): boolean {
    try {
      const host = new URL(str(args[0], 'is_external_url', 0)).hostname;
      return !/^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\])/.test(host) && host.includes('.');
    } catch {
      return false;
    }
  }
}

/** Whether an error is a function's complaint about its arguments (a rule error, not a bug): the evaluator's own only once it is read. */
export function isFunctionError(error: unknown): boolean {
  return error instanceof FunctionArgumentError || (library !== undefined && error instanceof library.JMESPathTypeError);
}
