/**
 * Helm's and sprig's YAML and JSON functions: toYaml writes what sigs.k8s.io/yaml writes (keys
 * sorted, sequences not indented under their key, no trailing newline), toJson what Go's
 * encoding/json writes (keys sorted, <, > and & escaped); fromYaml and fromJson read into Go
 * values, an unreadable text giving a map with its `Error` as Helm's do. Reading is bounded:
 * a text whose aliases expand past MAX_NODES values is refused.
 */
import { jsYaml } from '../yaml/jsYaml';
import { stringify } from 'yaml';
import { copyTree, longestString, type TreeNode } from './tree';
import { GoError, fromPlain, mapChangeCount, toPlain, type GoMap, type GoValue } from './values';

/** The most values a fromYaml/fromJson result may hold once aliases are expanded. */
export const MAX_NODES = 200_000;

/** How deep a value toYaml and toJson write may nest: the encoders recurse per level. */
const MAX_ENCODED_DEPTH = 500;

/**
 * Before an encoder builds the text: a bound on its length (each string and key with its quotes,
 * each value a few characters more), refused past the longest string the render allows.
 */
function checkEncodedLength(plain: unknown): void {
  const longest = longestString();
  if (longest === Infinity) return;
  let length = 0;
  const work: unknown[] = [plain];
  while (work.length > 0) {
    const item = work.pop();
    if (typeof item === 'string') length += item.length + 2;
    else if (Array.isArray(item)) {
      length += 2 + item.length;
      for (const inner of item as unknown[]) work.push(inner);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item as Record<string, unknown>)) {
        length += key.length + 4;
        work.push(inner);
      }
    } else length += 5;
    if (length > longest) throw new RangeError(`an encoded value longer than ${longest} characters`);
  }
}

/** Plain data with every object's keys in sorted order (Go's encoders sort map keys). Iterative. */
function sorted(value: unknown): unknown {
  return copyTree(value, (source): TreeNode<unknown> => {
    if (Array.isArray(source)) return { list: source };
    if (source !== null && typeof source === 'object') return { keyed: Object.keys(source).sort().map((key) => [key, (source as Record<string, unknown>)[key]] as const), into: 'object' };
    return { leaf: source };
  });
}

/** What toYaml wrote for a map, a list or a struct, while no template has changed a map since: charts write the same values (`.Values.resources`) in every template. */
const written = new WeakMap<object, { changes: number; text: string }>();

/** toYaml: `{}` for an empty map, `null` for nil, no final newline. */
export function toYaml(value: GoValue): string {
  if (value === null || typeof value !== 'object') return writeYaml(value);
  const known = written.get(value);
  if (known && known.changes === mapChangeCount()) return known.text;
  const text = writeYaml(value);
  written.set(value, { changes: mapChangeCount(), text });
  return text;
}

function writeYaml(value: GoValue): string {
  const options = { indentSeq: false, lineWidth: 0, minContentWidth: 0, nullStr: 'null', aliasDuplicateObjects: false } as const;
  const plain = sorted(toPlain(value, MAX_ENCODED_DEPTH));
  checkEncodedLength(plain);
  // A lone string is written as Go writes it, a block scalar's lines indented under its indicator
  // (`|-` then two spaces): written as a key's value, the key taken off.
  if (typeof plain === 'string' && plain.includes('\n')) return stringify({ x: plain }, options).slice(3).replace(/\n$/, '');
  return stringify(plain, options).replace(/\n$/, '');
}

const htmlEscapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** toJson (escapeHtml: Go's default), toRawJson (without), toPrettyJson (indented by two spaces). */
export function toJson(value: GoValue, options: { escapeHtml?: boolean; indent?: boolean } = {}): string {
  const plain = sorted(toPlain(value, MAX_ENCODED_DEPTH));
  checkEncodedLength(plain);
  const text = JSON.stringify(plain, null, options.indent ? 2 : undefined) ?? 'null';
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

/** A text's value as `parse` reads it, into Go values, or a GoError saying why not; bounded in values once aliases are expanded. */
function readData(text: string, parse: (text: string) => unknown, firstLine: boolean): GoValue {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new GoError(firstLine ? message.split('\n')[0] : message);
  }
  countNodes(value);
  return fromPlain(value);
}

/** A YAML text's value (one document), or a GoError saying why not. */
export function readYaml(text: string): GoValue {
  return readData(text, (t) => jsYaml().load(t, { schema: jsYaml().CORE_SCHEMA }), true);
}

/** What `read` gives, or what `failed` makes of its error's message (a bound passed is no reading error: it propagates). */
function orError<T>(read: () => T, failed: (message: string) => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) throw error;
    return failed(error instanceof Error ? error.message : String(error));
  }
}

const errorMap = (message: string): GoMap => new Map([['Error', message]]);

/** fromYaml: a map; an unreadable or non-map text gives `{Error: …}`. */
export function fromYaml(text: string): GoMap {
  return orError((): GoMap => {
    const value = readYaml(text);
    if (value === null) return new Map<string, GoValue>();
    if (value instanceof Map) return value;
    return errorMap(`error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
  }, errorMap);
}

/** fromYamlArray: a list; an unreadable text gives a list of its error. */
export function fromYamlArray(text: string): GoValue[] {
  return orError(() => {
    const value = readYaml(text);
    if (value === null) return [];
    if (Array.isArray(value)) return value;
    return ['error unmarshaling JSON: json: cannot unmarshal object into Go value of type []interface {}'];
  }, (message) => [message]);
}

/** A JSON text's value. */
function readJson(text: string): GoValue {
  return readData(text, (t) => JSON.parse(t), false);
}

export function fromJson(text: string): GoMap {
  return orError(() => {
    const value = readJson(text);
    return value instanceof Map ? value : value === null ? new Map<string, GoValue>() : errorMap('json: cannot unmarshal into Go value of type map[string]interface {}');
  }, errorMap);
}

export function fromJsonArray(text: string): GoValue[] {
  return orError(() => {
    const value = readJson(text);
    return Array.isArray(value) ? value : value === null ? [] : ['json: cannot unmarshal object into Go value of type []interface {}'];
  }, (message) => [message]);
}
