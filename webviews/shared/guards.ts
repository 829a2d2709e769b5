/**
 * Small checks for validating messages on receipt: a webview host treats every message from its
 * page as untrusted input, and a page treats the host's as data of a known shape.
 */
export type Guard<T> = (value: unknown) => value is T;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isNumberIn(min: number, max: number): Guard<number> {
  return (value): value is number => isFiniteNumber(value) && value >= min && value <= max;
}

export function isString(maxLength = 10_000): Guard<string> {
  return (value): value is string => typeof value === 'string' && value.length <= maxLength;
}

export function isArrayOf<T>(item: Guard<T>, maxLength = 10_000): Guard<T[]> {
  return (value): value is T[] => Array.isArray(value) && value.length <= maxLength && value.every(item);
}

export function isRecordOf<T>(item: Guard<T>, maxKeys = 100): Guard<Record<string, T>> {
  return (value): value is Record<string, T> => isRecord(value) && Object.keys(value).length <= maxKeys && Object.values(value).every(item);
}

/** The message's `type`, if it is an object with a string `type`. */
export function messageType(value: unknown): string | undefined {
  return isRecord(value) && typeof value.type === 'string' ? value.type : undefined;
}
