/**
 * What an expression is known to give before anything is applied (a literal, a constructor, an
 * operator's result, a typed variable, an attribute a provider schema types), and whether it
 * converts to the type an argument takes — go-cty's conversion rules as `terraform validate` applies
 * them (a number or a bool converts to a string, "5" to a number, "true"/"false"/"1"/"0" to a bool;
 * a tuple to a list or set element by element; nothing converts a tuple to a string), with go-cty's
 * messages (cty/convert: "a number is required", "string required, but have tuple").
 */
import type { CtyType } from './providerSchemas';
import type { TypeConstraint } from './types';
import { staticString, type Expr } from '../syntax/syntax';
import { objectKey } from './model';

/** What is known of a value: its type, and a string's text when it is a constant. */
export type Known =
  | { kind: 'string'; value?: string }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'null' }
  | { kind: 'tuple'; items: (Known | undefined)[] }
  | { kind: 'object'; attributes: Map<string, Known | undefined> }
  | { kind: 'typed'; type: CtyType };

/** What the expressions a value reads are known to be (variables, locals, resources' attributes): undefined when not known. */
export interface Resolver {
  traversal(expr: Extract<Expr, { kind: 'traversal' }>, depth: number): Known | undefined;
}

/** Functions whose result's type does not depend on their arguments. */
const RESULTS: Record<string, CtyType> = {
  tostring: 'string', tonumber: 'number', tobool: 'bool', format: 'string', join: 'string', lower: 'string', upper: 'string', title: 'string', replace: 'string', trimspace: 'string', trim: 'string',
  trimprefix: 'string', trimsuffix: 'string', substr: 'string', jsonencode: 'string', yamlencode: 'string', base64encode: 'string', base64decode: 'string', md5: 'string', sha1: 'string', sha256: 'string',
  sha512: 'string', uuid: 'string', timestamp: 'string', file: 'string', templatefile: 'string', filebase64: 'string', abspath: 'string', basename: 'string', dirname: 'string', chomp: 'string',
  indent: 'string', formatdate: 'string', cidrhost: 'string', cidrsubnet: 'string', cidrnetmask: 'string', urlencode: 'string', strrev: 'string', split: ['list', 'string'], formatlist: ['list', 'string'],
  length: 'number', parseint: 'number', abs: 'number', ceil: 'number', floor: 'number', log: 'number', pow: 'number', signum: 'number', max: 'number', min: 'number', sum: 'number',
  can: 'bool', contains: 'bool', startswith: 'bool', endswith: 'bool', alltrue: 'bool', anytrue: 'bool', fileexists: 'bool', issensitive: 'bool', keys: ['list', 'string'],
};

const BOOLEAN_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||']);

/** What an expression is known to give (bounded: `depth` counts the locals followed). */
export function knownOf(expr: Expr, resolver: Resolver, depth = 0): Known | undefined {
  if (depth > 8) return undefined;
  switch (expr.kind) {
    case 'literal':
      if (expr.type === 'string') return { kind: 'string', value: expr.value as string };
      return { kind: expr.type };
    case 'template': {
      // A template of one interpolation and nothing else gives the interpolated value itself.
      if (!expr.heredoc && expr.parts.length === 1 && expr.parts[0].kind === 'interp') return knownOf(expr.parts[0].expr, resolver, depth);
      const s = staticString(expr);
      return s === undefined ? { kind: 'string' } : { kind: 'string', value: s };
    }
    case 'tuple':
      return { kind: 'tuple', items: expr.items.map((item) => knownOf(item, resolver, depth)) };
    case 'object': {
      const attributes = new Map<string, Known | undefined>();
      for (const item of expr.items) {
        const key = objectKey(item.key);
        if (key === undefined) return undefined;
        attributes.set(key, knownOf(item.value, resolver, depth));
      }
      return { kind: 'object', attributes };
    }
    case 'binary':
      return BOOLEAN_OPERATORS.has(expr.op) ? { kind: 'bool' } : { kind: 'number' };
    case 'unary':
      return expr.op === '!' ? { kind: 'bool' } : { kind: 'number' };
    case 'paren':
      return knownOf(expr.inner, resolver, depth);
    case 'conditional': {
      const a = knownOf(expr.then, resolver, depth);
      const b = knownOf(expr.else, resolver, depth);
      // Terraform unifies the branches' types; only a primitive both give is known here.
      if (a && b && a.kind === b.kind && (a.kind === 'number' || a.kind === 'bool')) return a;
      if (a && b && a.kind === 'string' && b.kind === 'string') return { kind: 'string' };
      return undefined;
    }
    case 'call': {
      const result = RESULTS[expr.name.name];
      return result ? { kind: 'typed', type: result } : undefined;
    }
    case 'traversal':
      return resolver.traversal(expr, depth);
    default:
      return undefined;
  }
}

/** A variable's type constraint as a cty type. */
export function ctyOfConstraint(type: TypeConstraint): CtyType {
  switch (type.kind) {
    case 'any':
      return 'dynamic';
    case 'list':
    case 'set':
    case 'map':
      return [type.kind, ctyOfConstraint(type.element)];
    case 'object':
      return ['object', Object.fromEntries([...type.attributes].map(([name, a]) => [name, ctyOfConstraint(a.type)]))];
    case 'tuple':
      return ['tuple', type.elements.map(ctyOfConstraint)];
    default:
      return type.kind;
  }
}

/** cty's FriendlyName: `string`, `list of string`, `object`, `tuple`. */
function friendly(type: CtyType): string {
  if (typeof type === 'string') return type === 'dynamic' ? 'dynamic' : type;
  if (type[0] === 'object' || type[0] === 'tuple') return type[0];
  return `${type[0]} of ${friendlyConstraint(type[1] as CtyType)}`;
}

/** cty's FriendlyNameForConstraint: `any type` for dynamic. */
function friendlyConstraint(type: CtyType): string {
  return type === 'dynamic' ? 'any type' : friendly(type);
}

/** The type of what is known (undefined parts are dynamic). */
function typeOf(known: Known | undefined): CtyType {
  if (!known) return 'dynamic';
  switch (known.kind) {
    case 'null':
      return 'dynamic';
    case 'typed':
      return known.type;
    case 'tuple':
      return ['tuple', known.items.map(typeOf)];
    case 'object':
      return ['object', Object.fromEntries([...known.attributes].map(([k, v]) => [k, typeOf(v)]))];
    default:
      return known.kind;
  }
}

const kindOf = (type: CtyType): string => (typeof type === 'string' ? type : type[0]);

/** Whether go-cty has a conversion (safe or unsafe) from one type to another. */
function convertible(from: CtyType, to: CtyType, depth = 0): boolean {
  if (from === 'dynamic' || to === 'dynamic' || depth > 32) return true;
  const f = kindOf(from);
  const t = kindOf(to);
  if (typeof from === 'string' && typeof to === 'string') return f === t || f === 'string' || t === 'string';
  if (typeof to === 'string') return false;
  if (typeof from === 'string') return false;
  const element = to[1] as CtyType;
  if (t === 'list' || t === 'set') {
    if (f === 'tuple') return (from[1] as CtyType[]).every((item) => convertible(item, element, depth + 1));
    if (f === 'list' || f === 'set') return convertible(from[1] as CtyType, element, depth + 1);
    return false;
  }
  if (t === 'map') {
    if (f === 'object') return Object.values(from[1] as Record<string, CtyType>).every((item) => convertible(item, element, depth + 1));
    if (f === 'map') return convertible(from[1] as CtyType, element, depth + 1);
    return false;
  }
  if (t === 'object') {
    // Attributes missing from the value are not judged (a provider's nested attributes may be optional).
    if (f !== 'object' && f !== 'map') return false;
    if (f === 'map') return true;
    const have = from[1] as Record<string, CtyType>;
    return Object.entries(to[1] as Record<string, CtyType>).every(([name, type]) => !(name in have) || convertible(have[name], type, depth + 1));
  }
  if (t === 'tuple') return f === 'tuple' || f === 'list' || f === 'set';
  return false;
}

/** go-cty's MismatchMessage (cty/convert/mismatch_msg.go) for the cases a static value can show. */
function mismatch(got: CtyType, want: CtyType): string {
  const g = kindOf(got);
  const w = kindOf(want);
  if ((g === 'tuple' || g === 'object') && (w === 'list' || w === 'set' || w === 'map')) {
    if ((w === 'map') !== (g === 'object')) return `${friendlyConstraint(want)} required`;
    const element = (want as [string, CtyType])[1];
    const items: [string, CtyType][] = g === 'tuple' ? (got[1] as CtyType[]).map((t, i) => [String(i), t]) : Object.entries(got[1] as Record<string, CtyType>).map(([k, t]) => [JSON.stringify(k), t]);
    for (const [at, type] of items) if (!convertible(type, element)) return `element ${at}: ${mismatch(type, element)}`;
    return `all elements must be ${friendlyConstraint(element)}`;
  }
  return `${friendlyConstraint(want)} required, but have ${friendly(got)}`;
}

/** The problem of a value that has a conversion but whose constant fails it ("a number is required"), depth first. */
function valueProblem(known: Known | undefined, want: CtyType, depth = 0): string | undefined {
  if (!known || want === 'dynamic' || depth > 32) return undefined;
  if (known.kind === 'string' && known.value !== undefined) {
    if (want === 'number' && !/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(known.value)) return 'a number is required';
    if (want === 'bool' && !['true', 'false', '1', '0'].includes(known.value)) {
      const lower = known.value.toLowerCase();
      return lower === 'true' || lower === 'false' ? `a bool is required; to convert from string, use lowercase "${lower}"` : 'a bool is required';
    }
    return undefined;
  }
  if (typeof want === 'string') return undefined;
  const element = want[1] as CtyType;
  if (known.kind === 'tuple' && (want[0] === 'list' || want[0] === 'set')) {
    for (const item of known.items) {
      const problem = valueProblem(item, element, depth + 1);
      if (problem) return problem;
    }
  }
  if (known.kind === 'object' && want[0] === 'map') {
    for (const item of known.attributes.values()) {
      const problem = valueProblem(item, element, depth + 1);
      if (problem) return problem;
    }
  }
  if (known.kind === 'object' && want[0] === 'object') {
    const members = want[1] as Record<string, CtyType>;
    for (const [name, item] of known.attributes) {
      if (!(name in members)) continue;
      const problem = valueProblem(item, members[name], depth + 1);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Why a known value does not convert to a type, in go-cty's words; undefined when it converts or is not known enough. */
export function conversionError(known: Known | undefined, want: CtyType): string | undefined {
  if (!known || known.kind === 'null' || want === 'dynamic') return undefined;
  const got = typeOf(known);
  if (!convertible(got, want)) return mismatch(got, want);
  return valueProblem(known, want);
}
