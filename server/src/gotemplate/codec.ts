/**
 * Helm's and sprig's YAML and JSON functions: toYaml writes what sigs.k8s.io/yaml writes (keys
 * sorted, sequences not indented under their key, no trailing newline), toJson what Go's
 * encoding/json writes (keys sorted, <, > and & escaped); fromYaml and fromJson read into Go
 * values, an unreadable text giving a map with its `Error` as Helm's do. Reading is bounded:
 * a text whose aliases expand past MAX_NODES values is refused.
 */
import * as jsYaml from 'js-yaml';
import { stringify } from 'yaml';
import { GoError, fromPlain, toPlain, type GoMap, type GoValue } from './values';

/** The most values a fromYaml/fromJson result may hold once aliases are expanded. */
export const MAX_NODES = 200_000;

/** Plain data with every object's keys in sorted order (Go's encoders sort map keys). Iterative. */
function sorted(value: unknown): unknown {
  const root: { v: unknown } = { v: null };
  const work: { source: unknown; set: (v: unknown) => void }[] = [{ source: value, set: (v) => (root.v = v) }];
  while (work.length > 0) {
    const { source, set } = work.pop()!;
    if (Array.isArray(source)) {
      const list: unknown[] = new Array<unknown>(source.length).fill(null);
      set(list);
      source.forEach((item, i) => work.push({ source: item, set: (v) => (list[i] = v) }));
    } else if (source !== null && typeof source === 'object') {
      const object: Record<string, unknown> = {};
      set(object);
      for (const key of Object.keys(source).sort()) {
        Object.defineProperty(object, key, { value: null, enumerable: true, writable: true, configurable: true });
        work.push({ source: (source as Record<string, unknown>)[key], set: (v) => (object[key] = v) });
      }
    } else set(source);
  }
  return root.v;
}

/** toYaml: `{}` for an empty map, `null` for nil, no final newline. */
export function toYaml(value: GoValue): string {
  const options = { indentSeq: false, lineWidth: 0, minContentWidth: 0, nullStr: 'null', aliasDuplicateObjects: false } as const;
  const plain = sorted(toPlain(value));
  // A lone string is written as Go writes it, a block scalar's lines indented under its indicator
  // (`|-` then two spaces): written as a key's value, the key taken off.
  if (typeof plain === 'string' && plain.includes('\n')) return stringify({ x: plain }, options).slice(3).replace(/\n$/, '');
  return stringify(plain, options).replace(/\n$/, '');
}

const htmlEscapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** toJson (escapeHtml: Go's default), toRawJson (without), toPrettyJson (indented by two spaces). */
export function toJson(value: GoValue, options: { escapeHtml?: boolean; indent?: boolean } = {}): string {
  const text = JSON.stringify(sorted(toPlain(value)), null, options.indent ? 2 : undefined) ?? 'null';
  return options.escapeHtml === false ? text : text.replace(/[<>&\u2028\u2029]/g, (c) => htmlEscapes[c]);
}

function countNodes(value: unknown): void {
  let count = 0;
  const seen: unknown[] = [value];
  while (seen.length > 0) {
    const item = seen.pop();
    if (++count > MAX_NODES) throw new RangeError(`more than ${MAX_NODES} values once aliases are expanded`);
    if (Array.isArray(item)) for (const inner of item as unknown[]) seen.push(inner);
    else if (item !== null && typeof item === 'object') for (const inner of Object.values(item as Record<string, unknown>)) seen.push(inner);
  }
}

/** A YAML text's value (one document), or a GoError saying why not. */
export function readYaml(text: string): GoValue {
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch (error) {
    throw new GoError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  countNodes(value);
  return fromPlain(value);
}

/** fromYaml: a map; an unreadable or non-map text gives `{Error: …}`. */
export function fromYaml(text: string): GoMap {
  try {
    const value = readYaml(text);
    if (value === null) return new Map();
    if (value instanceof Map) return value;
    return new Map([['Error', `error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`]]);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    return new Map([['Error', error instanceof Error ? error.message : String(error)]]);
  }
}

/** fromYamlArray: a list; an unreadable text gives a list of its error. */
export function fromYamlArray(text: string): GoValue[] {
  try {
    const value = readYaml(text);
    if (value === null) return [];
    if (Array.isArray(value)) return value;
    return ['error unmarshaling JSON: json: cannot unmarshal object into Go value of type []interface {}'];
  } catch (error) {
    if (error instanceof RangeError) throw error;
    return [error instanceof Error ? error.message : String(error)];
  }
}

/** A JSON text's value. */
function readJson(text: string): GoValue {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GoError(error instanceof Error ? error.message : String(error));
  }
  countNodes(value);
  return fromPlain(value);
}

export function fromJson(text: string): GoMap {
  try {
    const value = readJson(text);
    return value instanceof Map ? value : value === null ? new Map<string, GoValue>() : new Map<string, GoValue>([['Error', 'json: cannot unmarshal into Go value of type map[string]interface {}']]);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    return new Map([['Error', error instanceof Error ? error.message : String(error)]]);
  }
}

export function fromJsonArray(text: string): GoValue[] {
  try {
    const value = readJson(text);
    return Array.isArray(value) ? value : value === null ? [] : ['json: cannot unmarshal object into Go value of type []interface {}'];
  } catch (error) {
    if (error instanceof RangeError) throw error;
    return [error instanceof Error ? error.message : String(error)];
  }
}
