/**
 * Go values as a template sees them: nil, bool, int (a bigint, int64 arithmetic), float64 (a
 * number), string, a slice (an array), a map[string]interface{} (a Map: keys are data, never
 * properties, and Go ranges over them sorted) and a struct or method set (GoObject: a chart's
 * .Chart, .Capabilities, .Files). Printing follows fmt's %v; truth follows text/template's.
 */

import { copyTree, longestString, readChars, visited, type TreeNode } from './tree';

export type GoValue = null | boolean | number | bigint | string | GoValue[] | GoMap | GoObject;
export type GoMap = Map<string, GoValue>;

/** A Go value whose type has fields and methods (a struct, a named slice with methods). */
export class GoObject {
  constructor(
    /** Go's name of the type (`*chart.Metadata`), for messages. */
    readonly type: string,
    readonly fields: ReadonlyMap<string, GoValue>,
    readonly methods: ReadonlyMap<string, GoMethod> = new Map(),
    /** What %v prints. */
    readonly printed?: string,
    /** The slice it is, when it is one (a VersionSet ranges as its strings). */
    readonly items?: GoValue[],
    /** The map it is, when it is one (Helm's .Files: ranged over by path, with methods). */
    readonly entries?: GoMap,
  ) {}
}

/** A method: its parameter types and what it returns. */
export interface GoMethod {
  params: readonly ParamType[];
  call: (args: GoValue[]) => GoValue;
}

/** A parameter's Go type as the template engine converts arguments to it. */
export type ParamType = 'any' | 'string' | 'int' | 'float' | 'bool' | 'map' | 'list';

export class GoError extends Error {}

let mapChanges = 0;

/** Says that a template changed a map in place (set, unset, merge): what was computed from a value by its identity no longer holds. */
export function mapChanged(): void {
  mapChanges++;
}

/** How many times templates have changed a map in place so far. */
export function mapChangeCount(): number {
  return mapChanges;
}

export const isMap = (v: GoValue | undefined): v is GoMap => v instanceof Map;

/** Go's names of the scalar types a template sees (the same as reflect's kinds). */
const scalarTypes: Record<string, string> = { boolean: 'bool', number: 'float64', bigint: 'int', string: 'string' };

/** Go's name of a value's type, for messages (`float64`, `map[string]interface {}`). */
export function goTypeName(v: GoValue): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Map) return 'map[string]interface {}';
  return v instanceof GoObject ? v.type : scalarTypes[typeof v];
}

/** reflect's Kind name (sprig's kindOf). */
export function goKind(v: GoValue): string {
  if (v === null) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  if (!(v instanceof GoObject)) return scalarTypes[typeof v];
  return v.items ? 'slice' : v.type.startsWith('*') ? 'ptr' : 'struct';
}

/** text/template's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: GoValue): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return v.items ? v.items.length > 0 : v.entries ? v.entries.size > 0 : true;
}

/** sprig's empty: text/template's falsehood, and a struct is empty too. */
export function isEmpty(v: GoValue): boolean {
  if (v instanceof GoObject) return v.items ? v.items.length === 0 : false;
  return !isTrue(v);
}

/** A float64 as Go's %v prints it: strconv's 'g' with the shortest digits, an exponent from 1e+06 and below 1e-04 (Helm's famous `1.23456789e+08`). */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // Between 1e-4 and 1e6 (Go's %v switches to an exponent outside) JavaScript writes the same shortest digits.
  const abs = Math.abs(v);
  if (abs >= 1e-4 && abs < 1e6) return String(v);
  const [mantissa, exp] = v.toExponential().split('e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** A piece of text a printer writes as it is. */
class Literal {
  constructor(readonly text: string) {}
}

/**
 * fmt's %v of a value (nil inside a slice or map prints `<nil>`). Iterative, each value visited
 * charged to the render running (tree.ts), and bounded: past `limit` characters (by default the
 * longest string the render allows) it throws a RangeError before building the string (a
 * template may print a value whose shared parts make it 2^60 values long).
 */
export function formatValue(v: GoValue, limit = longestString()): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return formatFloat(v);
  if (v instanceof GoObject && v.printed !== undefined) return v.printed;
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string) => {
    length += text.length;
    if (length > limit) throw new RangeError(`a value printed longer than ${limit} characters`);
    parts.push(text);
  };
  const work: (GoValue | Literal)[] = [v];
  while (work.length > 0) {
    const item = work.pop()!;
    if (item instanceof Literal) {
      emit(item.text);
      continue;
    }
    visited();
    if (item === null || typeof item !== 'object' || (item instanceof GoObject && item.printed !== undefined)) {
      emit(formatValue(item));
      continue;
    }
    // Pushed in reverse: the stack gives them back in order.
    const open = Array.isArray(item) || (item instanceof GoObject && item.items) ? '[' : item instanceof Map ? 'map[' : '{';
    const close = open === '{' ? '}' : ']';
    const children: (GoValue | Literal)[] = [];
    if (item instanceof Map) {
      for (const key of [...item.keys()].sort()) children.push(new Literal(`${key}:`), item.get(key) ?? null);
    } else {
      const items = Array.isArray(item) ? item : (item.items ?? [...item.fields.values()]);
      children.push(...items);
    }
    work.push(new Literal(close));
    for (let k = children.length - 1; k >= 0; k--) {
      work.push(children[k]);
      const separator = item instanceof Map ? k % 2 === 0 && k > 0 : k > 0;
      if (separator) work.push(new Literal(' '));
    }
    work.push(new Literal(open));
  }
  return parts.join('');
}

/** A value read from YAML or JSON as Go reads it into interface{}: numbers are float64, objects maps. Iterative. */
export function fromPlain(value: unknown): GoValue {
  return copyTree(value, (source): TreeNode<unknown> => {
    if (source === null || source === undefined) return { leaf: null };
    if (typeof source === 'boolean' || typeof source === 'string' || typeof source === 'number') return { leaf: source };
    if (typeof source === 'bigint') return { leaf: Number(source) };
    if (source instanceof Date) return { leaf: source.toISOString() };
    if (Array.isArray(source)) return { list: source };
    if (typeof source === 'object') return { keyed: Object.entries(source), into: 'map' };
    return { leaf: String(source) };
  }) as GoValue;
}

/** A Go value as plain JSON data (for toJson, toYaml, schema validation). Iterative; objects have no prototype surprises (own keys only). */
export function toPlain(value: GoValue, maxDepth = Infinity): unknown {
  return copyTree(value, (source): TreeNode<GoValue> => {
    if (typeof source === 'bigint') return { leaf: Number(source) };
    // What is written of it: a list may hold one long string a million times.
    if (typeof source === 'string') readChars(source.length);
    if (source === null || typeof source !== 'object') return { leaf: source };
    if (Array.isArray(source)) return { list: source };
    if (source instanceof Map) return { keyed: source, into: 'object' };
    return source.items ? { list: source.items } : { keyed: source.fields, into: 'object' };
  }, maxDepth);
}

/** A deep copy of maps and slices (sprig's deepCopy, merge's copies). Iterative. */
export function deepCopy(value: GoValue): GoValue {
  return copyTree(value, (source): TreeNode<GoValue> => (Array.isArray(source) ? { list: source } : source instanceof Map ? { keyed: source, into: 'map' } : { leaf: source })) as GoValue;
}
