/**
 * `--set a.b=1,c[0]=x,d={e,f}` as Helm's strvals reads it into values: dotted keys, list indexes,
 * `{a,b}` lists, `\` escaping a `,`, `.`, `=`, `[` or `{`, and its typed values (true, false,
 * null, a base-10 integer not written with a leading zero; anything else a string). One pass over
 * each argument. Argo CD's `parameters` are `--set` names too (parameterValues).
 */
import type { GoMap, GoValue } from '../gotemplate/values';
import { t } from '../l10n/t';

/** The most items a `[n]` index may make a list hold (Helm's own bound, MaxIndex). */
const MAX_INDEX = 65536;

/** strvals' typedVal. */
function typed(text: string): GoValue {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0n;
  if (text !== '' && text[0] !== '0' && /^[+-]?[0-9]+$/.test(text)) {
    const value = BigInt(text);
    if (value <= 9223372036854775807n && value >= -9223372036854775808n) return value;
  }
  return text;
}

interface Step {
  key: string;
  /** The list index after the key (`a[2]`), if any. */
  index?: number;
}

/** Splits `text` at unescaped `stop` characters outside `{…}`, unescaping what was escaped. */
function split(text: string, stop: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === stop && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

/** The path of a key (`a.b[0].c`), or an error. */
function pathOf(key: string): Step[] | string {
  const steps: Step[] = [];
  for (const part of split(key, '.')) {
    const match = /^((?:\\.|[^\\[])*)((?:\[\d+\])*)$/.exec(part);
    if (!match || match[1] === '') return t('key "{0}" has no name', key);
    const indexes = [...match[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    if (indexes.some((n) => n > MAX_INDEX)) return t('index of "{0}" is larger than {1}', key, MAX_INDEX);
    if (indexes.length > 1) return t('nested lists are not supported: "{0}"', key);
    steps.push({ key: unescape(match[1]), ...(indexes.length === 1 ? { index: indexes[0] } : {}) });
  }
  return steps;
}

/** A value: `{a,b}` a list of typed values, else one typed value. */
function valueOf(text: string): GoValue {
  if (text.startsWith('{') && text.endsWith('}')) return text === '{}' ? [] : split(text.slice(1, -1), ',').map((item) => typed(unescape(item)));
  return typed(unescape(text));
}

/** Puts `value` at `path` in `into` (maps made on the way, lists grown with nulls). */
function put(into: GoMap, path: readonly Step[], value: GoValue): void {
  let map = into;
  for (let k = 0; k < path.length; k++) {
    const { key, index } = path[k];
    const last = k === path.length - 1;
    if (index === undefined) {
      if (last) {
        map.set(key, value);
        return;
      }
      const next = map.get(key);
      const child: GoMap = next instanceof Map ? next : new Map<string, GoValue>();
      map.set(key, child);
      map = child;
      continue;
    }
    const existing = map.get(key);
    const list: GoValue[] = Array.isArray(existing) ? existing : [];
    while (list.length <= index) list.push(null);
    map.set(key, list);
    if (last) {
      list[index] = value;
      return;
    }
    const item = list[index];
    const child: GoMap = item instanceof Map ? item : new Map<string, GoValue>();
    list[index] = child;
    map = child;
  }
}

/** The values of `--set` arguments, in order, into one map; or the first argument's problem. */
export function parseSet(args: readonly string[]): { values: GoMap } | { error: string } {
  const values: GoMap = new Map();
  for (const arg of args) {
    for (const assignment of split(arg, ',')) {
      if (assignment === '') continue;
      const [key, ...rest] = split(assignment, '=');
      if (rest.length === 0) return { error: t('key "{0}" has no value', key) };
      const path = pathOf(key);
      if (typeof path === 'string') return { error: path };
      put(values, path, valueOf(rest.join('=')));
    }
  }
  return { values };
}

/** The keys of a `--set` name (`a.b`; `a\.b` one key), undefined for a name with a list index (`a[0]`: not read) or an empty key. */
export function setKeys(name: string): string[] | undefined {
  const path = pathOf(name);
  return typeof path === 'string' || path.some((step) => step.index !== undefined) ? undefined : path.map((step) => step.key);
}

/**
 * Argo CD's `parameters` (`name: a.b`, `value: x`), which it hands Helm as `--set`, as values: each name's keys as
 * `--set` reads them (setKeys), its value as written (a scalar; none: null), later items over earlier, at most 1000.
 * A Map: a key such as `__proto__` is data.
 */
export function parameterValues(parameters: unknown): GoMap {
  const values: GoMap = new Map();
  if (!Array.isArray(parameters)) return values;
  for (const item of parameters.slice(0, 1000)) {
    if (item === null || typeof item !== 'object') continue;
    const { name, value = null, forceString } = item as { name?: unknown; value?: unknown; forceString?: unknown };
    const keys = typeof name === 'string' ? setKeys(name) : undefined;
    if (keys === undefined || (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) continue;
    // Argo CD hands a parameter to Helm as `--set name=value` (its commas escaped unless the value is a `{a,b}` list),
    // typed as strvals types it, or as `--set-string` when `forceString` is true: kept as written.
    const given = typeof value !== 'string' || forceString === true ? value : value.startsWith('{') && value.endsWith('}') ? valueOf(value) : typed(value);
    put(values, keys.map((key) => ({ key })), given);
  }
  return values;
}
