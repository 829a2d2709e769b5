// A Kyverno foreach's list, read once for validate (engine.ts) and mutate (mutate.ts).
import { isObject } from '../model/kyverno';
import { evaluateJmesPath, JmesPathError } from './jmespath';
import { substituteString, type VariableScope } from './variables';

/**
 * A foreach entry's elements, as Kyverno reads them (validate's and mutate's alike): its `list` expression evaluated
 * (a syntax error thrown: the policy is wrong); an entry without one, a failed evaluation or nothing: no element.
 */
export function foreachElements(entry: unknown, scope: VariableScope): unknown[] | undefined {
  if (!isObject(entry) || typeof entry.list !== 'string') return undefined;
  let list: unknown;
  try {
    list = evaluateJmesPath(String(substituteString(entry.list, scope)), scope.data, scope.now);
  } catch (error) {
    if (error instanceof JmesPathError && error.kind === 'syntax') throw error;
    return undefined;
  }
  if (list === null || list === undefined) return undefined;
  return Array.isArray(list) ? (list as unknown[]) : [list];
}
