/**
 * A Kyverno `mutate` rule on a resource, as Kyverno's engine mutates it: `patchStrategicMerge` (with its anchors),
 * `patchesJson6902` (a YAML list of RFC 6902 operations, written with variables first) and `foreach` (nested too, each
 * element's patch applied to the resource as patched so far, `order: Descending` from the last element). The rule
 * passes when it changed the resource and is skipped when it did not (Kyverno's "no patches applied").
 */
import { parse } from 'yaml';
import { isObject, type JsonObject } from '../model/kyverno';
import { evaluateConditions } from './conditions';
import { foreachElements } from './foreach';
import { applyJsonPatch, PatchError } from './jsonPatch';
import { strategicMerge } from './strategicMerge';
import { substituteAll, substituteString, type VariableScope } from './variables';

export interface MutateOutcome {
  readonly status: 'pass' | 'skip' | 'error';
  readonly message: string;
  /** The resource after the rule (the same object when nothing changed). */
  readonly patched: JsonObject;
}

/** Deep equality of two JSON values (key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(a[key], b[key]));
  }
  return false;
}

/** Points `request.object` at the resource as patched so far (what the next patch's variables read). */
function setObject(scope: VariableScope, resource: JsonObject): void {
  const request = scope.data.request;
  if (isObject(request)) request.object = resource;
}

/** One patch (strategic or JSON) of a rule or a foreach entry on the resource; undefined when its conditions do not hold. */
function patchOnce(block: JsonObject, resource: JsonObject, scope: VariableScope): JsonObject | undefined {
  let current: JsonObject | undefined = resource;
  if (block.patchStrategicMerge !== undefined) {
    const patch = substituteAll(block.patchStrategicMerge, scope);
    const merged = strategicMerge(current, patch, scope.budget);
    if (merged === undefined) return undefined;
    current = merged as JsonObject;
  }
  if (block.patchesJson6902 !== undefined) {
    const text = substituteString(String(block.patchesJson6902), scope);
    const operations: unknown = typeof text === 'string' ? parse(text, { maxAliasCount: 100, logLevel: 'error' }) : text;
    const patched = applyJsonPatch(current, operations, scope.budget);
    if (!isObject(patched)) throw new PatchError('a JSON patch must leave an object');
    current = patched;
  }
  return current;
}

function foreachPatch(entries: readonly unknown[], resource: JsonObject, scope: VariableScope, depth: number): JsonObject {
  scope.budget.depth(depth);
  let current = resource;
  for (const entry of entries) {
    const elements = foreachElements(entry, scope);
    if (elements === undefined || !isObject(entry)) continue;
    const order = elements.map((_, index) => index);
    if (entry.order === 'Descending') order.reverse();
    const saved = { element: scope.data.element, elementIndex: scope.data.elementIndex };
    try {
      for (const index of order) {
        scope.budget.step();
        scope.data.element = elements[index];
        scope.data.elementIndex = index;
        if (entry.preconditions !== undefined && !evaluateConditions(entry.preconditions, scope).holds) continue;
        const next = Array.isArray(entry.foreach) ? foreachPatch(entry.foreach, current, scope, depth + 1) : patchOnce(entry, current, scope);
        if (next === undefined) continue;
        current = next;
        setObject(scope, current);
      }
    } finally {
      scope.data.element = saved.element;
      scope.data.elementIndex = saved.elementIndex;
    }
  }
  return current;
}

/** The mutate block on the resource (variables read from the scope, whose `request.object` is the resource). */
export function mutateBlock(mutate: JsonObject, resource: JsonObject, scope: VariableScope): MutateOutcome {
  let patched: JsonObject | undefined;
  try {
    patched = Array.isArray(mutate.foreach) ? foreachPatch(mutate.foreach, resource, scope, 1) : patchOnce(mutate, resource, scope);
  } catch (error) {
    if (error instanceof PatchError) return { status: 'error', message: `failed to patch the resource: ${error.message}`, patched: resource };
    throw error;
  } finally {
    setObject(scope, resource);
  }
  if (patched === undefined) return { status: 'skip', message: 'conditional anchor mismatch', patched: resource };
  if (sameJson(patched, resource)) return { status: 'skip', message: 'no patches applied', patched: resource };
  return { status: 'pass', message: 'mutated resource', patched };
}
