import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate a misspelt name most likely meant (compared case-insensitively), when it is close
 * enough to be a typo: at most 2 edits, or a third of the name's length.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = closest(name.toLowerCase(), lower);
  const within = distance(name.toLowerCase(), best) <= Math.max(2, Math.floor(name.length / 3));
  return within ? candidates[lower.indexOf(best)] : undefined;
}


/** Data of a finding whose fix is unambiguous: replace its range with this text. */
export interface Replacement {
  replacement: string;
}

/** The hint for a message and, when there is a likely candidate, the quick fix's data. */
export function suggest(name: string, candidates: readonly string[]): { hint: string; data?: Replacement } {
  const best = closestName(name, candidates);
  return best ? { hint: ` Did you mean "${best}"?`, data: { replacement: best } } : { hint: '' };
}
