/**
 * A leaf of a Kyverno pattern against a resource's value (Kyverno's ValidateValueWithPattern): booleans and numbers by
 * value, `null` as "empty", strings with `|` (or), `&` (and), the operators `>`, `>=`, `<`, `<=`, `!`, ranges `a-b` and
 * `a!-b`, quantities and durations compared by size, and the wildcards `*` and `?`.
 */
import { parseQuantity } from './quantity';
import { wildcardMatch } from './wildcard';

function intPattern(value: unknown, pattern: number): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value === pattern;
  if (typeof value === 'string') return /^[+-]?\d+$/.test(value) && Number(value) === pattern;
  return false;
}

function floatPattern(value: unknown, pattern: number): boolean {
  if (typeof value === 'number') return value === pattern;
  if (typeof value === 'string') return value.trim() !== '' && Number(value) === pattern;
  return false;
}

function nilPattern(value: unknown): boolean {
  return value === null || value === undefined || value === 0 || value === '' || value === false;
}

type Operator = '' | '>=' | '<=' | '!' | '>' | '<' | 'range' | 'notRange';

/** A range's side (Kyverno's `^(\d+(\.\d+)?)([^-]*)$`): it starts with a digit and holds no `-`. */
function rangeSide(side: string | undefined): boolean {
  return side !== undefined && /^\d/.test(side) && !side.includes('-');
}

function operatorOf(pattern: string): Operator {
  if (pattern.length < 2) return '';
  for (const op of ['>=', '<=', '>', '<', '!'] as const) if (pattern.startsWith(op)) return op;
  const notRange = pattern.split('!-');
  if (notRange.length === 2 && rangeSide(notRange[0]) && rangeSide(notRange[1])) return 'notRange';
  const range = pattern.split('-');
  if (range.length === 2 && rangeSide(range[0]) && rangeSide(range[1])) return 'range';
  return '';
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function compare(value: number, pattern: number, op: Operator): boolean {
  switch (op) {
    case '': return value === pattern;
    case '!': return value !== pattern;
    case '>': return value > pattern;
    case '<': return value < pattern;
    case '>=': return value >= pattern;
    case '<=': return value <= pattern;
    default: return false;
  }
}

function single(value: unknown, pattern: string): boolean {
  const op = operatorOf(pattern);
  if (op === 'range') {
    const [low, high] = pattern.split('-');
    return single(value, `>=${low ?? ''}`) && single(value, `<=${high ?? ''}`);
  }
  if (op === 'notRange') {
    const [low, high] = pattern.split('!-');
    return single(value, `<${low ?? ''}`) || single(value, `>${high ?? ''}`);
  }
  const rest = pattern.slice(op.length).trim();
  if (!/^\d/.test(rest) && !/^\.\d/.test(rest)) {
    if (op !== '' && op !== '!') return false;
    const text = asText(value);
    if (text === undefined) return false;
    const matched = wildcardMatch(rest, typeof value === 'number' && !Number.isInteger(value) ? value.toExponential().toUpperCase() : text);
    return op === '!' ? !matched : matched;
  }
  const text = asText(value);
  if (text === undefined) return false;
  const patternQuantity = parseQuantity(rest);
  if (patternQuantity !== undefined) {
    const valueQuantity = parseQuantity(text);
    return valueQuantity !== undefined && compare(valueQuantity, patternQuantity, op);
  }
  return wildcardMatch(rest, text);
}

/** Whether a resource's value satisfies a pattern's leaf. */
export function valueMatches(value: unknown, pattern: unknown): boolean {
  if (typeof pattern === 'boolean') return value === pattern;
  if (typeof pattern === 'number') return Number.isInteger(pattern) ? intPattern(value, pattern) : floatPattern(value, pattern);
  if (pattern === null || pattern === undefined) return nilPattern(value);
  if (typeof pattern === 'string') return pattern.split('|').some((alternative) => alternative.trim().split('&').every((part) => single(value, part.trim())));
  if (typeof pattern === 'object' && !Array.isArray(pattern)) return value !== null && typeof value === 'object' && !Array.isArray(value);
  return false;
}
