/**
 * The record of processing activities (GDPR Art. 30(1); issue #65), from the Fides system
 * manifests and the scan: one row per privacy declaration — purposes, categories of data subjects
 * and of personal data, recipients, transfers outside the EU/EEA, retention, security measures —
 * with the controller and DPO of the organisation above. What the manifests do not say is written
 * as not declared, never guessed; personal data the scan found that no declaration covers is
 * listed after the table.
 */
import { currentLanguage, t } from '../l10n/t';
import type { FidesOrganization, FidesSystem } from './fides';
import type { PrivacyInventory } from './inventory';
import { countryOf, placeOf } from './regions';
import type { Taxonomy } from './taxonomy';
import { FRENCH_LEGAL_BASES, FRENCH_TAXONOMY_NAMES, FRENCH_USE_NAMES } from './taxonomyFr';
import { csvCell, markdownText } from '../common/escape';

export interface RopaRow {
  system: string;
  department: string;
  /** The system's joint controller (Art. 26; CNIL's « responsable conjoint »): fideslang's `joint_controller_info`. */
  jointController: string;
  processing: string;
  purpose: string;
  legalBasis: string;
  subjects: string;
  categories: string;
  specialCategories: string;
  recipients: string;
  /** The systems it sends to whose Fides `responsibility` says Processor or Sub-Processor (CNIL's sous-traitants, Art. 28). */
  processors: string;
  transfers: string;
  /** The safeguards of those transfers (GDPR Art. 45–47): fideslang's `legal_basis_for_transfers`, named. */
  safeguards: string;
  retention: string;
  security: string;
  datasets: string;
}

/** The record's dates (CNIL's model: « Date de création », « Mise à jour »), YYYY-MM-DD; absent when unknown. */
export interface RecordDates { created?: string; updated?: string }

export interface Ropa {
  organization: { controller: string; dpo: string; representative: string };
  /** From the Fides manifests' git history (fideslang's manifests carry no dates of their own). */
  dates: RecordDates;
  rows: RopaRow[];
  /** Data files whose scan found personal data that no declaration's datasets cover: file → categories. */
  undeclared: { file: string; categories: string[] }[];
  /** Per row (same index), the destination countries outside the EU/EEA its transfers column names (ISO 3166-1 alpha-2 or as written). */
  countries: string[][];
}

/** The table's columns and their titles (in the user's language). */
const columns = (): [keyof RopaRow, string][] => [
  ['system', t('System')], ['department', t('Department')], ['jointController', t('Joint controller (Art. 26)')], ['processing', t('Processing')], ['purpose', t('Purpose (data use)')], ['legalBasis', t('Legal basis (Art. 6)')],
  ['subjects', t('Categories of data subjects')], ['categories', t('Categories of personal data')], ['specialCategories', t('Special categories (Art. 9)')], ['recipients', t('Recipients')], ['processors', t('Processors (Art. 28)')],
  ['transfers', t('Transfers outside the EU/EEA')], ['safeguards', t('Safeguards (Art. 45–47)')], ['retention', t('Retention')], ['security', t('Security measures')], ['datasets', t('Datasets')],
];

const unknown = () => t('not declared');
/** A taxonomy key's name and key; in French, its French name (taxonomyFr.ts: `french`, the table of its kind). */
function named(taxonomy: ReadonlyMap<string, { name: string }>, key: string, french: Readonly<Record<string, string>>): string {
  const entry = taxonomy.get(key);
  if (!entry) return key;
  const name = currentLanguage() === 'fr' && Object.hasOwn(french, key) ? french[key] : entry.name;
  return `${name} (${key})`;
}
/** A declaration's legal basis: in French, CNIL's words for the six of Art. 6(1) (taxonomyFr.ts); otherwise as written. */
function legalBasis(written: string | undefined): string {
  if (!written) return unknown();
  const key = written.trim().toLowerCase().replace(/s$/, '');
  return currentLanguage() === 'fr' && Object.hasOwn(FRENCH_LEGAL_BASES, key) ? FRENCH_LEGAL_BASES[key] : written;
}
const joined = (values: readonly string[]) => (values.length > 0 ? [...new Set(values)].join('; ') : unknown());

function recipients(system: FidesSystem, inventory: PrivacyInventory, declarationThirdParties: string | undefined): string[] {
  const out = system.egress.flatMap((e) => (e.key && e.type?.value !== 'dataset' ? [inventory.systems.get(e.key.value)?.[0]?.item.name ?? e.key.value] : []));
  if (declarationThirdParties) out.push(declarationThirdParties);
  return out;
}

/** The systems `system` sends to that declare themselves processors or sub-processors. */
function processors(system: FidesSystem, inventory: PrivacyInventory): string[] {
  return system.egress.flatMap((e) => {
    const target = e.key && e.type?.value !== 'dataset' ? inventory.systems.get(e.key.value)?.[0]?.item : undefined;
    return target?.responsibility.some((r) => /^(sub-)?processor$/i.test(r)) ? [target.name ?? e.key!.value] : [];
  });
}

/** fideslang's legal bases for transfers, by the GDPR's names (an unknown value as written). */
const SAFEGUARDS = (): Readonly<Record<string, string>> => ({
  'adequacy decision': t('Adequacy decision (Art. 45)'),
  sccs: t('Standard contractual clauses (Art. 46)'),
  bcrs: t('Binding corporate rules (Art. 47)'),
  'supplementary measures': t('Supplementary measures'),
  other: t('Other'),
});
function safeguards(system: FidesSystem): string[] {
  const names = SAFEGUARDS();
  return (system.legalBasisForTransfers ?? '').split(', ').filter(Boolean).map((basis) => (Object.hasOwn(names, basis.toLowerCase()) ? names[basis.toLowerCase()] : basis));
}

/** A place as written, with its country when the tables know it (`us-east-1, United States`). */
function where(written: string): string {
  const country = countryOf(written);
  if (!country) return written;
  const name = currentLanguage() === 'fr' ? country.fr : country.en;
  return name.toLowerCase() === written.trim().toLowerCase() || country.code === written.trim().toUpperCase() || written.trim().length === 3 ? name : `${written}, ${name}`;
}

/** The places outside the EU/EEA a system's data goes to: its own and its recipients' regions, and fideslang's `third_country_transfers`. */
function transfers(system: FidesSystem, inventory: PrivacyInventory): string {
  const outside = system.egress.flatMap((e) => {
    const region = e.key ? inventory.systems.get(e.key.value)?.map((s) => s.item.region).find((r) => r && placeOf(r.value) === 'outside') : undefined;
    return region ? [`${e.key!.value} (${where(region.value)})`] : [];
  });
  if (system.region && placeOf(system.region.value) === 'outside') outside.unshift(`${system.key?.value ?? system.name ?? '?'} (${where(system.region.value)})`);
  outside.push(...system.thirdCountries.filter((c) => placeOf(c.value) === 'outside').map((c) => where(c.value)));
  if (system.internationalTransfers?.value === true) return `${t('yes')}${outside.length > 0 ? `: ${outside.join(', ')}` : ''} — ${system.legalBasisForTransfers ?? t('legal basis not declared')}`;
  if (outside.length > 0) return t('{0}, with no transfer declared', outside.join(', '));
  if (system.internationalTransfers?.value === false) return t('none');
  return unknown();
}

/** The destination countries outside the EU/EEA of a system's transfers: an alpha-2 code when known, else the place as written. */
function countries(system: FidesSystem, inventory: PrivacyInventory): string[] {
  const places = [
    ...(system.region ? [system.region.value] : []),
    ...system.egress.flatMap((e) => (e.key ? inventory.systems.get(e.key.value)?.flatMap((s) => (s.item.region ? [s.item.region.value] : [])) ?? [] : [])),
    ...system.thirdCountries.map((c) => c.value),
  ].filter((p) => placeOf(p) === 'outside');
  return [...new Set(places.map((p) => countryOf(p)?.code ?? p))];
}

/** The record, for the systems in `scope` (the files the command was given). */
export function recordOfProcessing(inventory: PrivacyInventory, taxonomy: Taxonomy, inScope: (uri: string) => boolean, undeclared: Ropa['undeclared'], dates: RecordDates = {}): Ropa {
  const organizations: FidesOrganization[] = inventory.manifests.filter((m) => inScope(m.file.uri)).flatMap((m) => m.item.organizations);
  const organization = organizations[0];
  const rows: RopaRow[] = [];
  const destinations: string[][] = [];
  for (const { file, item: manifest } of inventory.manifests) {
    if (!inScope(file.uri)) continue;
    for (const system of manifest.systems) {
      const datasetKeys = [...system.datasets, ...system.ingress.filter((f) => f.type?.value === 'dataset').flatMap((f) => f.key ?? [])].map((k) => k.value);
      for (const declaration of system.declarations) {
        const keys = [...new Set([...datasetKeys, ...declaration.datasets.map((d) => d.value)])];
        const retained = keys.flatMap((k) => inventory.datasets.get(k)?.map((d) => d.item.retention?.value).filter((r): r is string => !!r) ?? []);
        destinations.push(countries(system, inventory));
        rows.push({
          system: system.name ?? system.key?.value ?? '?',
          department: system.department ?? unknown(),
          jointController: system.jointController ?? unknown(),
          processing: declaration.name ?? unknown(),
          purpose: declaration.use ? named(taxonomy.data_uses, declaration.use.value, FRENCH_USE_NAMES) : unknown(),
          legalBasis: legalBasis(declaration.legalBasis),
          subjects: joined(declaration.subjects.map((s) => named(taxonomy.data_subjects, s.value, FRENCH_TAXONOMY_NAMES))),
          categories: joined(declaration.categories.map((c) => named(taxonomy.data_categories, c.value, FRENCH_TAXONOMY_NAMES))),
          specialCategories: declaration.specialCategory ?? t('none declared'),
          recipients: joined(recipients(system, inventory, declaration.sharedWithThirdParties ? declaration.thirdParties : undefined)),
          processors: joined(processors(system, inventory)),
          transfers: transfers(system, inventory),
          safeguards: system.internationalTransfers?.value === false ? t('none') : joined(safeguards(system)),
          retention: declaration.retention?.value ?? (retained.length > 0 ? joined(retained) : unknown()),
          security: system.securityPractices ?? organization?.securityPolicy ?? unknown(),
          datasets: joined(keys),
        });
      }
    }
  }
  return {
    organization: { controller: organization?.controller ?? unknown(), dpo: organization?.dpo ?? unknown(), representative: organization?.representative ?? unknown() },
    dates,
    rows,
    undeclared,
    countries: destinations,
  };
}

export function ropaMarkdown(ropa: Ropa): string {
  const lines = [
    `# ${t('Record of processing activities (GDPR Art. 30)')}`,
    '',
    `- ${t('Controller: {0}', markdownText(ropa.organization.controller))}`,
    `- ${t('Data protection officer: {0}', markdownText(ropa.organization.dpo))}`,
    `- ${t('Representative: {0}', markdownText(ropa.organization.representative))}`,
    `- ${t('Created: {0}', ropa.dates.created ?? '')}`.trimEnd(),
    `- ${t('Last updated: {0}', ropa.dates.updated ?? '')}`.trimEnd(),
    ...(ropa.dates.updated ? [] : ['', t('The dates come from the git history of the Fides manifests: they are not committed to a git repository here.')]),
    '',
  ];
  if (ropa.rows.length === 0) lines.push(t('No Fides system declares a processing: the record is empty.'));
  else {
    const table = columns();
    lines.push(`| ${table.map(([, title]) => title).join(' | ')} |`, `|${table.map(() => '---').join('|')}|`);
    for (const row of ropa.rows) lines.push(`| ${table.map(([key]) => markdownText(row[key])).join(' | ')} |`);
  }
  if (ropa.undeclared.length > 0) {
    lines.push('', `## ${t('Personal data found with no declared processing')}`, '');
    for (const { file, categories } of ropa.undeclared) lines.push(`- \`${file}\`: ${categories.join(', ')}`);
  }
  return lines.join('\n');
}

export function ropaCsv(ropa: Ropa): string {
  const table = columns();
  const header = [t('Controller'), t('Data protection officer'), ...table.map(([, title]) => title)];
  const lines = [header.map(csvCell).join(',')];
  for (const row of ropa.rows) lines.push([ropa.organization.controller, ropa.organization.dpo, ...table.map(([key]) => row[key])].map(csvCell).join(','));
  return lines.join('\r\n');
}

/**
 * The record as JSON (`--format ropa-json`, docs/privacy.md): `organization`, `dates` (null when
 * unknown), `rows` with the table's keys in its order and `countries` (the transfers' destination
 * countries outside the EU/EEA, ISO 3166-1 alpha-2), `undeclared`; the texts as the Markdown gives
 * them, in the user's language.
 */
export function ropaJson(ropa: Ropa): string {
  const keys = columns().map(([key]) => key);
  return JSON.stringify({
    organization: ropa.organization,
    dates: { created: ropa.dates.created ?? null, updated: ropa.dates.updated ?? null },
    rows: ropa.rows.map((row, i) => ({ ...Object.fromEntries(keys.map((key) => [key, row[key]])), countries: ropa.countries[i] ?? [] })),
    undeclared: ropa.undeclared,
  }, null, 2);
}
