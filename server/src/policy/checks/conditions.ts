/**
 * Kyverno's conditions (`preconditions`, `deny.conditions`, foreach's): `{key, operator, value}` with every operator
 * Kyverno has, in `any`/`all` blocks or a plain list (all). Keys and values are substituted first.
 */
import { isObject } from '../model/kyverno';
import { parseDuration, parseQuantity } from './quantity';
import { substituteAll, VariableError, type VariableScope } from './variables';
import { wildcardMatch } from './wildcard';

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/** Kyverno's Equals: durations and quantities by size, strings by wildcard (the value a pattern), the rest by value. */
function equals(key: unknown, value: unknown): boolean {
  if (typeof key === 'string' && typeof value === 'string') {
    const [kd, vd] = [parseDuration(key), parseDuration(value)];
    if (kd !== undefined && vd !== undefined && /[a-zµ]/.test(key) && /[a-zµ]/.test(value)) return kd === vd;
    const [kq, vq] = [parseQuantity(key), parseQuantity(value)];
    if (kq !== undefined && vq !== undefined) return kq === vq;
    return wildcardMatch(value, key);
  }
  if (typeof key === 'number' && typeof value === 'string') return value.trim() !== '' && Number(value) === key;
  if (typeof key === 'string' && typeof value === 'number') return key.trim() !== '' && Number(key) === value;
  if (typeof key === 'boolean' && typeof value === 'string') return String(key) === value;
  return deepEqual(key, value);
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not a JSON list: the string itself.
    }
  }
  return [value];
}

/** Whether one key is in the value list: wildcards either way, numeric ranges (`1-10`, `1!-10`) on numbers. */
function memberOf(key: unknown, values: readonly unknown[]): boolean {
  const keyText = scalarText(key);
  return values.some((value) => {
    const valueText = scalarText(value);
    if (keyText !== undefined && valueText !== undefined) {
      const range = /^(-?\d+(?:\.\d+)?)(!?)-(-?\d+(?:\.\d+)?)$/.exec(valueText);
      const number = Number(keyText);
      if (range && keyText.trim() !== '' && !Number.isNaN(number)) {
        const inside = number >= Number(range[1]) && number <= Number(range[3]);
        return range[2] === '!' ? !inside : inside;
      }
      return wildcardMatch(valueText, keyText) || wildcardMatch(keyText, valueText);
    }
    return deepEqual(key, value);
  });
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const quantity = parseQuantity(value);
    if (quantity !== undefined) return quantity;
    const duration = parseDuration(value);
    if (duration !== undefined) return duration;
  }
  return undefined;
}

function semverParts(value: unknown): number[] | undefined {
  const found = typeof value === 'string' ? /^v?(\d+)\.(\d+)\.(\d+)/.exec(value) : null;
  return found ? [Number(found[1]), Number(found[2]), Number(found[3])] : undefined;
}

function order(key: unknown, value: unknown): number | undefined {
  const [a, b] = [semverParts(key), semverParts(value)];
  if (a && b) {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i]) - (b[i]);
    return 0;
  }
  const [x, y] = [numberOf(key), numberOf(value)];
  return x === undefined || y === undefined ? undefined : x - y;
}

function durationOrder(key: unknown, value: unknown): number | undefined {
  const toMs = (item: unknown): number | undefined => (typeof item === 'number' ? item * 1000 : typeof item === 'string' ? parseDuration(item) : undefined);
  const [a, b] = [toMs(key), toMs(value)];
  return a === undefined || b === undefined ? undefined : a - b;
}

function setOperator(operator: string, key: unknown, value: unknown): boolean {
  const values = asList(value);
  switch (operator) {
    case 'In':
    case 'AllIn':
      return asList(key).every((item) => memberOf(item, values));
    case 'AnyIn':
      return asList(key).some((item) => memberOf(item, values));
    case 'NotIn':
      return !asList(key).every((item) => memberOf(item, values));
    case 'AnyNotIn':
      return asList(key).some((item) => !memberOf(item, values));
    case 'AllNotIn':
      return asList(key).every((item) => !memberOf(item, values));
    default:
      return false;
  }
}

/** Every operator Kyverno's conditions have (evaluateOperator's cases): another is the policy's error. */
export const CONDITION_OPERATORS: ReadonlySet<string> = new Set(['Equal', 'Equals', 'NotEqual', 'NotEquals', 'In', 'AllIn', 'AnyIn', 'NotIn', 'AnyNotIn', 'AllNotIn', 'GreaterThan', 'GreaterThanOrEquals', 'LessThan', 'LessThanOrEquals', 'DurationGreaterThan', 'DurationGreaterThanOrEquals', 'DurationLessThan', 'DurationLessThanOrEquals']);

/** One condition's truth. */
export function evaluateOperator(operator: string, key: unknown, value: unknown): boolean {
  switch (operator) {
    case 'Equal':
    case 'Equals':
      return equals(key, value);
    case 'NotEqual':
    case 'NotEquals':
      return !equals(key, value);
    case 'In':
    case 'AllIn':
    case 'AnyIn':
    case 'NotIn':
    case 'AnyNotIn':
    case 'AllNotIn':
      // Kyverno's set operators take a list or a string as value; anything else makes them false, negated ones too.
      return (Array.isArray(value) || typeof value === 'string') && setOperator(operator, key, value);
    case 'GreaterThan':
    case 'GreaterThanOrEquals':
    case 'LessThan':
    case 'LessThanOrEquals': {
      const difference = order(key, value);
      if (difference === undefined) return false;
      return operator === 'GreaterThan' ? difference > 0 : operator === 'GreaterThanOrEquals' ? difference >= 0 : operator === 'LessThan' ? difference < 0 : difference <= 0;
    }
    case 'DurationGreaterThan':
    case 'DurationGreaterThanOrEquals':
    case 'DurationLessThan':
    case 'DurationLessThanOrEquals': {
      const difference = durationOrder(key, value);
      if (difference === undefined) return false;
      return operator === 'DurationGreaterThan' ? difference > 0 : operator === 'DurationGreaterThanOrEquals' ? difference >= 0 : operator === 'DurationLessThan' ? difference < 0 : difference <= 0;
    }
    default:
      throw new VariableError(`unknown operator "${operator}"`);
  }
}

/** A condition that failed, with its message (deny's `message` per condition in Kyverno 1.9+). */
export interface ConditionOutcome {
  readonly holds: boolean;
  readonly message?: string;
}

function evaluateCondition(condition: unknown, scope: VariableScope): ConditionOutcome {
  if (!isObject(condition)) throw new VariableError('a condition must be an object with key, operator and value');
  scope.budget.step();
  const key = substituteAll(condition.key ?? null, scope);
  const value = substituteAll(condition.value ?? null, scope);
  const operator = typeof condition.operator === 'string' ? condition.operator : '';
  const holds = evaluateOperator(operator, key, value);
  return { holds, ...(typeof condition.message === 'string' ? { message: condition.message } : {}) };
}

/** A conditions block: `{any, all}` (both must hold when both are given) or a list (all). */
export function evaluateConditions(block: unknown, scope: VariableScope): ConditionOutcome {
  if (block === undefined || block === null) return { holds: true };
  if (Array.isArray(block)) {
    for (const condition of block) {
      const outcome = evaluateCondition(condition, scope);
      if (!outcome.holds) return outcome;
    }
    return { holds: true };
  }
  if (!isObject(block)) throw new VariableError('conditions must be a list or an object with any/all');
  if (Array.isArray(block.all)) {
    for (const condition of block.all) {
      const outcome = evaluateCondition(condition, scope);
      if (!outcome.holds) return outcome;
    }
  }
  if (Array.isArray(block.any) && block.any.length > 0) {
    let last: ConditionOutcome = { holds: false };
    for (const condition of block.any) {
      last = evaluateCondition(condition, scope);
      if (last.holds) return { holds: true };
    }
    return last;
  }
  return { holds: true };
}
