/**
 * Terraform's type constraints (`string`, `list(string)`, `object({ name = string, size = optional(number, 1) })`)
 * read from a variable's or output's `type`, and whether a static value conforms to one, as
 * Terraform converts it (a number fits a string, "true" fits a bool).
 */
import { objectKey } from './model';
import { keyword, staticString, type Expr } from '../syntax/syntax';

export type TypeConstraint =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'object'; attributes: Map<string, { type: TypeConstraint; optional: boolean }> }
  | { kind: 'tuple'; elements: TypeConstraint[] };

/** A type expression read, or the reason it is not one. */
export type TypeReading = { type: TypeConstraint } | { error: 'quoted' | 'invalid'; at: Expr };

const ANY: TypeConstraint = { kind: 'any' };

/** Reads a type constraint expression (iteratively bounded by the expression's own nesting). */
export function readType(expr: Expr, depth = 0): TypeReading {
  if (depth > 50) return { error: 'invalid', at: expr };
  if (expr.kind === 'template' || (expr.kind === 'literal' && expr.type === 'string')) return { error: 'quoted', at: expr };
  const name = keyword(expr);
  if (name) {
    if (name === 'string' || name === 'number' || name === 'bool' || name === 'any') return { type: { kind: name } };
    // Bare collection keywords: the legacy shorthand for a collection of any.
    if (name === 'list' || name === 'set' || name === 'map') return { type: { kind: name, element: ANY } };
    return { error: 'invalid', at: expr };
  }
  if (expr.kind !== 'call') return { error: 'invalid', at: expr };
  const fn = expr.name.name;
  const [arg] = expr.args;
  if ((fn === 'list' || fn === 'set' || fn === 'map') && expr.args.length === 1) {
    const element = readType(arg, depth + 1);
    return 'error' in element ? element : { type: { kind: fn, element: element.type } };
  }
  if (fn === 'tuple' && expr.args.length === 1 && arg.kind === 'tuple') {
    const elements: TypeConstraint[] = [];
    for (const item of arg.items) {
      const element = readType(item, depth + 1);
      if ('error' in element) return element;
      elements.push(element.type);
    }
    return { type: { kind: 'tuple', elements } };
  }
  if (fn === 'object' && expr.args.length === 1 && arg.kind === 'object') {
    const attributes = new Map<string, { type: TypeConstraint; optional: boolean }>();
    for (const item of arg.items) {
      const key = objectKey(item.key);
      if (!key) return { error: 'invalid', at: item.key };
      let value = item.value;
      let optional = false;
      if (value.kind === 'call' && value.name.name === 'optional' && value.args.length >= 1 && value.args.length <= 2) {
        optional = true;
        value = value.args[0];
      }
      const type = readType(value, depth + 1);
      if ('error' in type) return type;
      attributes.set(key, { type: type.type, optional });
    }
    return { type: { kind: 'object', attributes } };
  }
  return { error: 'invalid', at: expr };
}

/** A static value of an expression (literals, templates without interpolation, collections of them); undefined when not static. */
export function staticValue(expr: Expr, depth = 0): { value: unknown } | undefined {
  if (depth > 50) return undefined;
  if (expr.kind === 'literal') return { value: expr.value };
  const s = staticString(expr);
  if (s !== undefined) return { value: s };
  if (expr.kind === 'tuple') {
    const items: unknown[] = [];
    for (const item of expr.items) {
      const v = staticValue(item, depth + 1);
      if (!v) return undefined;
      items.push(v.value);
    }
    return { value: items };
  }
  if (expr.kind === 'object') {
    const object: Record<string, unknown> = {};
    for (const item of expr.items) {
      const key = objectKey(item.key);
      const v = staticValue(item.value, depth + 1);
      if (key === undefined || !v) return undefined;
      object[key] = v.value;
    }
    return { value: object };
  }
  return undefined;
}

/** Why a static value does not convert to a type (Terraform's wording), or undefined when it does. */
export function conversionProblem(value: unknown, type: TypeConstraint, depth = 0): string | undefined {
  if (value === null || type.kind === 'any' || depth > 50) return undefined;
  switch (type.kind) {
    case 'string':
      return typeof value === 'object' ? 'string required' : undefined;
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) ? undefined : 'a number is required';
    case 'bool':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? undefined : 'a bool is required';
    case 'list':
    case 'set':
      if (!Array.isArray(value)) return `${type.kind} of ${describe(type.element)} required`;
      for (const item of value) {
        const problem = conversionProblem(item, type.element, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) return `map of ${describe(type.element)} required`;
      for (const item of Object.values(value as Record<string, unknown>)) {
        const problem = conversionProblem(item, type.element, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return 'object required';
      const record = value as Record<string, unknown>;
      for (const [name, attr] of type.attributes) {
        if (!(name in record)) {
          if (!attr.optional) return `attribute "${name}" is required`;
          continue;
        }
        const problem = conversionProblem(record[name], attr.type, depth + 1);
        if (problem) return `attribute "${name}": ${problem}`;
      }
      return undefined;
    }
    case 'tuple':
      if (!Array.isArray(value)) return 'tuple required';
      if (value.length !== type.elements.length) return `tuple required with ${type.elements.length} elements`;
      return undefined;
  }
}

/** A type as Terraform writes it (`list of string`). */
export function describe(type: TypeConstraint): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind} of ${describe(type.element)}`;
    case 'object':
      return 'object';
    case 'tuple':
      return 'tuple';
    default:
      return type.kind;
  }
}
