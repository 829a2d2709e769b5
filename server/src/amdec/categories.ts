/**
 * Risk categories: the TOHE families of French risk analysis (technique, organisationnel, humain,
 * économique) plus legal, each accepted in English and in French.
 */
export type Category = 'technical' | 'organisational' | 'human' | 'economic' | 'legal';

export const categories: Record<Category, { french: string; description: string }> = {
  technical: { french: 'technique', description: 'Technical: systems, data, infrastructure, software' },
  organisational: { french: 'organisationnel', description: 'Organisational: processes, roles, governance' },
  human: { french: 'humain', description: 'Human: skills, errors, behaviour, key people' },
  economic: { french: 'économique', description: 'Economic: costs, budgets, suppliers, market' },
  legal: { french: 'légal', description: 'Legal: regulation, contracts, licences, compliance' },
};

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
