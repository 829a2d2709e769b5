import type { Finding } from './findings';

/** A finding at `offset` + its chunk-relative positions (features/feature.ts's PlacedFinding, by its shape). */
interface Placed {
  offset: number;
  finding: Finding;
}

/**
 * The span where two versions of a text differ: the same `prefix` characters start both, the same
 * `suffix` end both (what one typing session changes is one such span, usually part of a line).
 */
function differingSpan(before: string, after: string): { prefix: number; suffix: number } {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * Findings made on an earlier version of a text (`before`), placed on the current one (`after`):
 * a position before the edited span stays, one after it moves by what the edit added or removed,
 * and a finding touching the edited span is dropped (what it pointed at is being rewritten).
 * Linear in the texts' length.
 */
export function movedOnto(findings: readonly Placed[], before: string, after: string): Placed[] {
  if (before === after) return [...findings];
  const { prefix, suffix } = differingSpan(before, after);
  const editEnd = before.length - suffix;
  const delta = after.length - before.length;
  /** The current offset of an earlier one, or undefined inside the edited span. */
  const moved = (at: number): number | undefined => (at <= prefix ? at : at >= editEnd ? at + delta : undefined);
  const result: Placed[] = [];
  for (const { offset, finding } of findings) {
    const start = moved(offset + finding.start);
    const end = moved(offset + finding.end);
    // A span that covers the edited one (a whole document) keeps both ends; one that starts or ends in it goes.
    if (start === undefined || end === undefined) continue;
    const related = finding.related?.flatMap((r): NonNullable<Finding['related']> => {
      if (!('start' in r)) return [r];
      const [relatedStart, relatedEnd] = [moved(offset + r.start), moved(offset + r.end)];
      return relatedStart === undefined || relatedEnd === undefined ? [] : [{ ...r, start: relatedStart, end: relatedEnd }];
    });
    result.push({ offset: 0, finding: { ...finding, start, end, ...(related ? { related } : {}) } });
  }
  return result;
}
