/**
 * GX's partial_unexpected_counts of a validation (engines/validate/run.ts): the unexpected values
 * counted, the most frequent first, ties by value.
 */

/** The sort key of a counted value (its JSON text, but a number itself). */
const countKey = (v: unknown): number | string => (typeof v === 'number' ? v : String(JSON.stringify(v)));

/**
 * GX's partial_unexpected_counts from values already counted (merged by their JSON text): the most
 * frequent first, ties by value, at most `limit`; entries in the order the values first appeared.
 */
export function sortedCounts(entries: Iterable<{ value: unknown; count: number }>, limit: number): { value: unknown; count: number }[] {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const { value, count } of entries) {
    const key = JSON.stringify(value) ?? 'null';
    const entry = counts.get(key);
    if (entry) entry.count += count;
    else counts.set(key, { value, count });
  }
  return [...counts.values()].sort((a, b) => {
    const [ka, kb] = [countKey(a.value), countKey(b.value)];
    return b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0);
  }).slice(0, limit);
}

/** GX's partial_unexpected_counts: the most frequent values first (ties by value), at most `limit`. */
export function valueCounts(values: readonly unknown[], limit: number): { value: unknown; count: number }[] {
  return sortedCounts(values.map((value) => ({ value, count: 1 })), limit);
}

/**
 * Whether ties between these values are broken by their keys alone (all numbers, none NaN, or all
 * text): then counting them in any order gives the counts counting them in file order gives.
 */
export function totallyOrdered(values: readonly unknown[]): boolean {
  const keys = values.map(countKey);
  return keys.every((k) => typeof k === 'string') || keys.every((k) => typeof k === 'number' && !Number.isNaN(k));
}
