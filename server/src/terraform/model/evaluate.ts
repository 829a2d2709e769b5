/**
 * HCL expressions evaluated as far as `terraform plan` knows them offline (issue #93): literals, templates,
 * variables, locals, `each`/`count`, conditionals, operators, `for` expressions, splats and built-in functions
 * (functions.ts) on known values. A resource's or data source's attribute is known only after apply: unknown.
 *
 * Bounded: one evaluation counts every level it enters (a local naming a local naming… included) and every step
 * it takes; past either bound the value is unknown, never an overflow nor a wait. Errors Terraform would report
 * (an attribute a known object lacks, an index out of range) are counted, so that `try` and `can` take their
 * next argument as Terraform does, and otherwise read as unknown.
 */
import { callFunction } from './functions';
import { objectKey } from './model';
import { asBool, asNumber, asString, equal, isList, isMap, isUnknown, mapOf, MAX_ELEMENTS, MAX_STRING, sortedKeys, UNKNOWN, whollyKnown, type Value } from './values';
import type { Expr, Step, TemplatePart } from '../syntax/syntax';

/** The names an expression of a module instance reads. Each answer is the evaluator's to give (lazily, cached by the caller). */
export interface Scope {
  variable(name: string): Value;
  local(name: string): Value;
  /** `module.<name>`: the call's outputs (a map; a list or map of them for a repeated call), or unknown. */
  module(name: string): Value;
  each?: { key: Value; value: Value };
  count?: number;
  /** Names bound inside the expression: a `for`'s, a `dynamic` block's iterator. */
  names?: ReadonlyMap<string, Value>;
}

/** What one evaluation (of a whole plan) may spend: levels entered at once, steps in all. */
export class Budget {
  depth = 0;
  steps = 0;
  errors = 0;
  constructor(
    readonly maxDepth = 256,
    readonly maxSteps = 2_000_000,
  ) {}
  get spent(): boolean {
    return this.steps > this.maxSteps;
  }
}

/** An expression's value in a scope. */
export function evaluate(expr: Expr | undefined, scope: Scope, budget: Budget): Value {
  if (!expr) return UNKNOWN;
  if (budget.depth >= budget.maxDepth || ++budget.steps > budget.maxSteps) return UNKNOWN;
  budget.depth++;
  try {
    return evaluateIn(expr, scope, budget);
  } finally {
    budget.depth--;
  }
}

/** Terraform would stop with an error here; `try` takes its next argument. */
function failed(budget: Budget): Value {
  budget.errors++;
  return UNKNOWN;
}

function evaluateIn(e: Expr, scope: Scope, budget: Budget): Value {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'template':
      return template(e.parts, scope, budget);
    case 'paren':
      return evaluate(e.inner, scope, budget);
    case 'traversal': {
      const bound = scope.names?.get(e.root.name);
      if (bound !== undefined) return steps(bound, e.steps, scope, budget);
      // A resource's, data source's or `path`'s attribute: known after apply (or of the machine).
      return SCOPED.has(e.root.name) ? steps(root(e.root.name, e.steps, scope, budget), e.steps.slice(1), scope, budget) : UNKNOWN;
    }
    case 'postfix':
      return steps(evaluate(e.base, scope, budget), e.steps, scope, budget);
    case 'tuple': {
      if (e.items.length > MAX_ELEMENTS) return UNKNOWN;
      return e.items.map((item) => evaluate(item, scope, budget));
    }
    case 'object': {
      const out = mapOf([]);
      for (const item of e.items) {
        const key = objectKey(item.key) ?? asString(evaluate(item.key, scope, budget));
        if (key === undefined) return UNKNOWN;
        out[key] = evaluate(item.value, scope, budget);
      }
      return out;
    }
    case 'conditional': {
      const cond = asBool(evaluate(e.cond, scope, budget));
      if (cond === undefined) return UNKNOWN;
      return evaluate(cond ? e.then : e.else, scope, budget);
    }
    case 'unary': {
      const v = evaluate(e.operand, scope, budget);
      if (e.op === '!') {
        const b = asBool(v);
        return b === undefined ? UNKNOWN : !b;
      }
      const n = asNumber(v);
      return n === undefined ? UNKNOWN : -n;
    }
    case 'binary':
      return binary(e.op, evaluate(e.left, scope, budget), evaluate(e.right, scope, budget));
    case 'call':
      return call(e, scope, budget);
    case 'for':
      return forExpr(e, scope, budget);
    default:
      return UNKNOWN;
  }
}

/** A traversal's root: what the scope says of `var.x`, `local.x`, `each.*`, `count.index`, a bound name; anything else (a resource) is unknown. */
const SCOPED = new Set(['var', 'local', 'module', 'each', 'count', 'terraform']);

function root(name: string, rest: readonly Step[], scope: Scope, budget: Budget): Value {
  const first = rest[0];
  const attr = first?.kind === 'attr' ? first.name : undefined;
  if (name === 'var') return attr === undefined ? UNKNOWN : scope.variable(attr);
  if (name === 'local') return attr === undefined ? UNKNOWN : scope.local(attr);
  if (name === 'module') return attr === undefined ? UNKNOWN : scope.module(attr);
  if (name === 'each') return !scope.each ? failed(budget) : attr === 'key' ? scope.each.key : attr === 'value' ? scope.each.value : failed(budget);
  if (name === 'count') return scope.count === undefined ? failed(budget) : attr === 'index' ? scope.count : failed(budget);
  return attr === 'workspace' ? 'default' : UNKNOWN;
}

/** Steps after a value: attributes, indexes, splats (the rest applied to each element). */
function steps(start: Value, list: readonly Step[], scope: Scope, budget: Budget): Value {
  let v = start;
  for (let i = 0; i < list.length; i++) {
    if (isUnknown(v)) return UNKNOWN;
    const step = list[i];
    if (step.kind === 'splat') {
      const items = v === null ? [] : isList(v) ? v : [v];
      const rest = list.slice(i + 1);
      return items.map((item) => steps(item, rest, scope, budget));
    }
    const key = step.kind === 'attr' ? step.name : evaluate(step.key, scope, budget);
    if (isUnknown(key)) return UNKNOWN;
    if (isList(v)) {
      const n = asNumber(key);
      if (n === undefined || !Number.isInteger(n) || n < 0 || n >= v.length) return failed(budget);
      v = v[n];
    } else if (isMap(v)) {
      const k = asString(key);
      if (k === undefined || !Object.prototype.hasOwnProperty.call(v, k)) return failed(budget);
      v = v[k];
    } else return failed(budget);
  }
  return v;
}

function template(parts: readonly TemplatePart[], scope: Scope, budget: Budget): Value {
  // A template of one interpolation is its value, not a string of it (`"${var.list}"`).
  if (parts.length === 1 && parts[0].kind === 'interp') return evaluate(parts[0].expr, scope, budget);
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.value;
    else if (part.kind === 'interp') {
      const s = asString(evaluate(part.expr, scope, budget));
      if (s === undefined) return UNKNOWN;
      out += s;
    } else if (part.kind === 'if') {
      const cond = asBool(evaluate(part.cond, scope, budget));
      if (cond === undefined) return UNKNOWN;
      const s = template(cond ? part.then : part.else, scope, budget);
      if (typeof s !== 'string') return UNKNOWN;
      out += s;
    } else return UNKNOWN;
    if (out.length > MAX_STRING) return UNKNOWN;
  }
  return out;
}

function binary(op: string, a: Value, b: Value): Value {
  if (op === '&&' || op === '||') {
    const x = asBool(a);
    const y = asBool(b);
    if (op === '&&' && (x === false || y === false)) return false;
    if (op === '||' && (x === true || y === true)) return true;
    return x === undefined || y === undefined ? UNKNOWN : op === '&&' ? x && y : x || y;
  }
  if (op === '==' || op === '!=') {
    if (!whollyKnown(a) || !whollyKnown(b)) return UNKNOWN;
    return equal(a, b) === (op === '==');
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === undefined || y === undefined) return UNKNOWN;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return y === 0 ? UNKNOWN : x / y;
    case '%': return y === 0 ? UNKNOWN : x % y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    case '>=': return x >= y;
    default: return UNKNOWN;
  }
}

function call(e: Expr & { kind: 'call' }, scope: Scope, budget: Budget): Value {
  const name = e.name.name;
  if (name === 'try' || name === 'can') {
    for (const arg of e.args) {
      const before = budget.errors;
      const v = evaluate(arg, scope, budget);
      if (budget.errors === before) return name === 'can' ? (whollyKnown(v) ? true : UNKNOWN) : v;
      // This argument failed: the errors it counted are `try`'s to absorb.
      budget.errors = before;
      if (name === 'can') return false;
    }
    return name === 'can' ? false : failed(budget);
  }
  const args = e.args.map((a) => evaluate(a, scope, budget));
  // `f(list...)`: the last argument's elements are the arguments.
  if (e.expand) {
    const last = args.pop();
    if (last === undefined || !isList(last)) return UNKNOWN;
    args.push(...last);
  }
  return callFunction(name, args);
}

function forExpr(e: Expr & { kind: 'for' }, scope: Scope, budget: Budget): Value {
  const collection = evaluate(e.collection, scope, budget);
  if (isUnknown(collection)) return UNKNOWN;
  const pairs: [Value, Value][] = isList(collection) ? collection.map((v, i) => [i, v]) : isMap(collection) ? sortedKeys(collection).map((k) => [k, collection[k]]) : [];
  if (!isList(collection) && !isMap(collection) || pairs.length > MAX_ELEMENTS) return UNKNOWN;
  const list: Value[] = [];
  const object = mapOf([]);
  for (const [k, v] of pairs) {
    const names = new Map(scope.names ?? []);
    if (e.names.length === 1) names.set(e.names[0].name, v);
    else {
      names.set(e.names[0].name, k);
      names.set(e.names[1]?.name ?? '', v);
    }
    const inner: Scope = { ...scope, names };
    if (e.cond) {
      const keep = asBool(evaluate(e.cond, inner, budget));
      if (keep === undefined) return UNKNOWN;
      if (!keep) continue;
    }
    const value = evaluate(e.value, inner, budget);
    if (!e.object) {
      list.push(value);
      continue;
    }
    const key = asString(evaluate(e.key, inner, budget));
    if (key === undefined) return UNKNOWN;
    if (e.group) {
      const group = object[key];
      if (isList(group)) group.push(value);
      else object[key] = [value];
    } else object[key] = value;
  }
  return e.object ? object : list;
}
