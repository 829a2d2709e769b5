/**
 * Risk categories: the TOHE families of French risk analysis (technique, organisationnel, humain,
 * économique) plus legal, each accepted in English and in French.
 */
import { t } from '../l10n/t';

export type Category = 'technical' | 'organisational' | 'human' | 'economic' | 'legal';

export const categories: Record<Category, { french: string }> = {
  technical: { french: 'technique' },
  organisational: { french: 'organisationnel' },
  human: { french: 'humain' },
  economic: { french: 'économique' },
  legal: { french: 'légal' },
};

/** What a category covers, in the user's language (completion details). */
export function categoryDescription(category: Category): string {
  switch (category) {
    case 'technical':
      return t('Technical: systems, data, infrastructure, software');
    case 'organisational':
      return t('Organisational: processes, roles, governance');
    case 'human':
      return t('Human: skills, errors, behaviour, key people');
    case 'economic':
      return t('Economic: costs, budgets, suppliers, market');
    case 'legal':
      return t('Legal: regulation, contracts, licences, compliance');
  }
}

const spellings = new Map<string, Category>();
for (const [name, { french }] of Object.entries(categories) as [Category, { french: string }][]) {
  spellings.set(name, name);
  spellings.set(french, name);
  spellings.set(french.normalize('NFD').replace(/\p{M}/gu, ''), name);
}
spellings.set('organizational', 'organisational');

/** Every accepted spelling, for "did you mean". */
export const categorySpellings: readonly string[] = [...spellings.keys()];

/** The category a spelling stands for (case-insensitive; French with or without accents). */
export function categoryOf(value: string): Category | undefined {
  return spellings.get(value.trim().toLowerCase());
}
