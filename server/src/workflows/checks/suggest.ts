import { closestName } from '../../common/suggest';
import { t } from '../../l10n/t';

/** Data of a finding whose fix is unambiguous: replace its range with this text. */
export interface Replacement {
  replacement: string;
}

/** The hint for a message and, when there is a likely candidate, the quick fix's data. */
export function suggest(name: string, candidates: readonly string[]): { hint: string; data?: Replacement } {
  const best = closestName(name, candidates);
  return best ? { hint: t(' Did you mean "{0}"?', best), data: { replacement: best } } : { hint: '' };
}
