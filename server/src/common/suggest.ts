import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate a misspelt name most likely meant, when it is close enough to be a typo: at most
 * 2 edits, or a third of the name's length. Compared case-insensitively unless `ignoreCase` is off.
 */
export function closestName(name: string, candidates: readonly string[], ignoreCase = true): string | undefined {
  if (candidates.length === 0) return undefined;
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const folded = candidates.map(fold);
  const best = closest(fold(name), folded);
  const within = distance(fold(name), best) <= Math.max(2, Math.floor(name.length / 3));
  return within ? candidates[folded.indexOf(best)] : undefined;
}
