/**
 * What the security rules read of a resource: an argument's value when the configuration states it,
 * "unknown" when an expression or a `dynamic` block decides it, "absent" when nothing sets it (the
 * provider's default applies). Only what is stated or absent is judged: a value a variable gives is
 * the caller's choice, never a finding.
 */
import { staticValue } from '../model/types';
import { attribute, blocksOf, staticString, type Block, type Body, type Expr, type Span } from '../syntax/syntax';

export type Value = { state: 'absent' } | { state: 'unknown' } | { state: 'known'; value: unknown; at: Span };

const ABSENT: Value = { state: 'absent' };
const UNKNOWN: Value = { state: 'unknown' };

/** The nested blocks of a type: none, or unknown when a `dynamic` block or an attribute (JSON syntax, `x = {…}`) makes them. */
export function nestedBlocks(body: Body, name: string): Block[] | 'unknown' {
  if (body.blocks.some((b) => b.type === 'dynamic' && b.labels[0]?.value === name) || attribute(body, name)) return 'unknown';
  return blocksOf(body, name);
}

/** The value at a path of nested blocks then an argument (`['settings', 'ip_configuration', 'ipv4_enabled']`), in the first block of each type. */
export function valueAt(body: Body, path: readonly string[]): Value {
  let current = body;
  for (const name of path.slice(0, -1)) {
    const blocks = nestedBlocks(current, name);
    if (blocks === 'unknown') return UNKNOWN;
    if (blocks.length === 0) return ABSENT;
    current = blocks[0].body;
  }
  const found = attribute(current, path[path.length - 1]);
  if (!found) return ABSENT;
  const value = staticValue(found.expr);
  return value ? { state: 'known', value: value.value, at: found.expr } : UNKNOWN;
}

/** Whether a value is stated true (`true` or "true"). */
export function isTrue(value: Value): boolean {
  return value.state === 'known' && (value.value === true || value.value === 'true');
}

/** Whether a value is stated false (`false` or "false"). */
export function isFalse(value: Value): boolean {
  return value.state === 'known' && (value.value === false || value.value === 'false');
}

/** A setting that is off: stated false, or absent where the provider's default is off. */
export function offOrAbsent(value: Value): boolean {
  return value.state === 'absent' || isFalse(value);
}

/** A stated number (a number or a numeric string). */
export function numberOf(value: Value): number | undefined {
  if (value.state !== 'known') return undefined;
  const n = typeof value.value === 'number' ? value.value : typeof value.value === 'string' && value.value.trim() !== '' ? Number(value.value) : NaN;
  return Number.isNaN(n) ? undefined : n;
}

/** The literal strings of a list expression (`["0.0.0.0/0", var.x]` → the first), each with its span. */
export function listStrings(expr: Expr | undefined): { value: string; at: Span }[] {
  if (!expr) return [];
  const items = expr.kind === 'tuple' ? expr.items : [expr];
  return items.flatMap((item) => {
    const value = staticString(item);
    return value === undefined ? [] : [{ value, at: item }];
  });
}
