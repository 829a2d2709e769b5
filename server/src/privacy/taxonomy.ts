/**
 * The fideslang taxonomy (schemas/fideslang/taxonomy.json, CC BY 4.0): data categories, data
 * subjects and data uses, each by its dotted key, with its name, description and parent; what a
 * Fides manifest's keys are checked against, completed from and hovered with. Pure: the runtime
 * reads the file (engines/privacy/resources.ts) and hands the parsed JSON here.
 */
export interface TaxonomyEntry {
  key: string;
  name: string;
  description: string;
  parent: string | null;
  /** Set on a deprecated key, with the key that replaces it. */
  version_deprecated?: string;
  replaced_by?: string;
}

export type TaxonomyKind = 'data_categories' | 'data_subjects' | 'data_uses';

export interface Taxonomy {
  readonly data_categories: ReadonlyMap<string, TaxonomyEntry>;
  readonly data_subjects: ReadonlyMap<string, TaxonomyEntry>;
  readonly data_uses: ReadonlyMap<string, TaxonomyEntry>;
}

/** The taxonomy of the vendored file's JSON. */
export function taxonomyOf(json: unknown): Taxonomy {
  const record = (json ?? {}) as Record<string, unknown>;
  const map = (kind: TaxonomyKind) => {
    const list = Array.isArray(record[kind]) ? (record[kind] as TaxonomyEntry[]) : [];
    return new Map(list.filter((e) => typeof e?.key === 'string').map((e) => [e.key, { ...e, parent: e.parent ?? null }]));
  };
  return { data_categories: map('data_categories'), data_subjects: map('data_subjects'), data_uses: map('data_uses') };
}

/** Whether a data category is about people (`user.*`), not about the system (`system.*`). */
export const isPersonalCategory = (key: string): boolean => key === 'user' || key.startsWith('user.');

/** Payment data: bank accounts, cards, payment details (PCI DSS for cards). */
export const isPaymentCategory = (key: string): boolean => key === 'user.payment' || key.startsWith('user.payment.') || key === 'user.financial' || key.startsWith('user.financial.');

/**
 * Data whose disclosure harms most (GDPR Art. 9 special categories, government identifiers,
 * payment data, credentials): the top of the sensitivity scale.
 */
export function isHighlySensitive(key: string): boolean {
  const prefixes = ['user.financial', 'user.payment', 'user.government_id', 'user.biometric', 'user.health_and_medical', 'user.authorization', 'user.criminal_history', 'user.childrens',
    'user.demographic.political_opinion', 'user.demographic.race_ethnicity', 'user.demographic.religious_belief', 'user.demographic.sexual_orientation'];
  return prefixes.some((p) => key === p || key.startsWith(`${p}.`));
}

/**
 * How sensitive data of these categories is, on Threagile's confidentiality scale (what the
 * security model rates a data asset with): strictly-confidential for payment data, government ids,
 * health, biometrics and the other special categories; confidential for other personal data;
 * internal otherwise.
 */
export type Sensitivity = 'internal' | 'confidential' | 'strictly-confidential';

export function sensitivityOf(categories: Iterable<string>): Sensitivity {
  let level: Sensitivity = 'internal';
  for (const key of categories) {
    if (isHighlySensitive(key)) return 'strictly-confidential';
    if (isPersonalCategory(key)) level = 'confidential';
  }
  return level;
}
