/**
 * A variable's value converted to its declared type as Terraform converts it (issue #93): primitives from strings
 * (`"true"` for a `bool`), and an `object({...})`'s attributes completed — an `optional(T, default)` attribute not
 * given is its default, or null — through `map(...)`, `list(...)`, `set(...)` and `tuple([...])`. What the
 * modules of terraform-aws-modules v21 read as `each.value.create` of a map of objects exists only so.
 * Bounded in depth; a type it does not know (`any`, a typo) leaves the value as it is.
 */
import { evaluate, type Budget, type Scope } from './evaluate';
import { objectKey } from './model';
import { asBool, asNumber, asString, isList, isMap, isUnknown, mapOf, sortedKeys, UNKNOWN, type Value } from './values';
import type { Expr } from '../syntax/syntax';

const MAX_DEPTH = 16;
const constants: Scope = { variable: () => UNKNOWN, local: () => UNKNOWN, module: () => UNKNOWN };

/** `v` converted to the type `type` says; unknown when it cannot be. */
export function converted(type: Expr | undefined, v: Value, budget: Budget, depth = 0): Value {
  if (!type || v === null || isUnknown(v) || depth > MAX_DEPTH) return v;
  if (type.kind === 'traversal' && type.steps.length === 0) {
    const name = type.root.name;
    if (name === 'bool') return asBool(v) ?? UNKNOWN;
    if (name === 'number') return asNumber(v) ?? UNKNOWN;
    if (name === 'string') return asString(v) ?? UNKNOWN;
    return v;
  }
  if (type.kind !== 'call' || type.args.length === 0) return v;
  const [inner] = type.args;
  switch (type.name.name) {
    case 'map':
      return isMap(v) ? mapOf(sortedKeys(v).map((k) => [k, converted(inner, v[k], budget, depth + 1)])) : v;
    case 'list':
    case 'set':
      return isList(v) ? v.map((e) => converted(inner, e, budget, depth + 1)) : v;
    case 'tuple':
      return isList(v) && inner.kind === 'tuple' ? v.map((e, i) => converted(inner.items[i], e, budget, depth + 1)) : v;
    case 'object':
      return inner.kind === 'object' && isMap(v) ? object(inner, v, budget, depth) : v;
    default:
      return v;
  }
}

function object(type: Expr & { kind: 'object' }, v: { [key: string]: Value }, budget: Budget, depth: number): Value {
  const out = mapOf(Object.keys(v).map((k) => [k, v[k]]));
  for (const item of type.items) {
    const name = objectKey(item.key);
    if (name === undefined) continue;
    const t = item.value;
    const optional = t.kind === 'call' && t.name.name === 'optional' ? t : undefined;
    const attrType = optional ? optional.args[0] : t;
    if (Object.prototype.hasOwnProperty.call(v, name) && v[name] !== null) out[name] = converted(attrType, v[name], budget, depth + 1);
    else if (optional) out[name] = optional.args[1] ? converted(attrType, evaluate(optional.args[1], constants, budget), budget, depth + 1) : null;
  }
  return out;
}
