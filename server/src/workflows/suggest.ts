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

/** ` Did you mean "x"?` for messages, or an empty string. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const best = closestName(name, candidates);
  return best ? ` Did you mean "${best}"?` : '';
}
