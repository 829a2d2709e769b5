/**
 * The checks of a Fides manifest (issue #65): every taxonomy key it names (categories, uses,
 * subjects) known to fideslang or added by a manifest of the workspace, references between
 * manifests, retention, transfers outside the EU/EEA or to external systems, and a committed data
 * file it describes.
 */
import path from 'node:path';
import { closestName } from '../common/suggest';
import type { Finding } from '../common/findings';
import type { IndexedFile } from '../workspace/index';
import { t } from '../l10n/t';
import { datasetCategories, type FidesCollection, type FidesField, type FidesManifest, type FidesSystem, type Written } from './fides';
import { pathOf, within, type ManifestEntry, type PrivacyInventory } from './inventory';
import { scannedCategories } from './scan';
import { placeOf } from './regions';
import {
  committedPersonalDataRule, deprecatedKeyRule, transferWithoutSafeguardRule, duplicateKeyRule, noRetentionRule, TEST_FOLDER, undeclaredTransferRule, unknownCategoryRule, unknownReferenceRule, unknownSubjectRule, unknownUseRule,
  type PrivacyHost,
} from './rules';
import { isPersonalCategory, type Taxonomy, type TaxonomyKind } from './taxonomy';

const at = (written: { span: { start: number; end: number } }, code: string, message: string, data?: unknown): Finding => ({ start: written.span.start, end: written.span.end, code, message, ...(data ? { data } : {}) });

const RULE_OF: Record<TaxonomyKind, string> = { data_categories: unknownCategoryRule.id, data_uses: unknownUseRule.id, data_subjects: unknownSubjectRule.id };
const what = (kind: TaxonomyKind): string => (kind === 'data_categories' ? t('data category') : kind === 'data_uses' ? t('data use') : t('data subject'));

/** The known keys of one kind: fideslang's and the workspace's extensions. */
function knownKeys(taxonomy: Taxonomy, inventory: PrivacyInventory, kind: TaxonomyKind): string[] {
  return [...taxonomy[kind].keys(), ...inventory.extensions[kind]];
}

/** The one known key ending with the same last segment (`user.contact.state` moved to `user.contact.address.state`). */
function movedKey(written: string, keys: readonly string[]): string | undefined {
  const last = written.slice(written.lastIndexOf('.') + 1);
  const same = keys.filter((k) => k.endsWith(`.${last}`));
  return same.length === 1 ? same[0] : undefined;
}

function keyFindings(manifest: FidesManifest, taxonomy: Taxonomy, inventory: PrivacyInventory): Finding[] {
  const written: { kind: TaxonomyKind; key: Written }[] = [];
  for (const dataset of manifest.datasets) for (const key of datasetCategories(dataset)) written.push({ kind: 'data_categories', key });
  for (const system of manifest.systems) {
    for (const flow of [...system.egress, ...system.ingress]) for (const key of flow.categories) written.push({ kind: 'data_categories', key });
    for (const declaration of system.declarations) {
      for (const key of declaration.categories) written.push({ kind: 'data_categories', key });
      for (const key of declaration.subjects) written.push({ kind: 'data_subjects', key });
      if (declaration.use) written.push({ kind: 'data_uses', key: declaration.use });
    }
  }
  for (const extension of manifest.extensions) if (extension.parent) written.push({ kind: extension.kind, key: extension.parent });
  written.push(...manifest.policyKeys);
  const findings: Finding[] = [];
  const known = new Map<TaxonomyKind, string[]>();
  for (const { kind, key } of written) {
    const entry = taxonomy[kind].get(key.value);
    if (entry?.replaced_by) {
      findings.push(at(key, deprecatedKeyRule.id, t('The {0} "{1}" is deprecated since fideslang {2}: use "{3}".', what(kind), key.value, entry.version_deprecated ?? '?', entry.replaced_by), { replacement: entry.replaced_by }));
      continue;
    }
    if (entry || inventory.extensions[kind].has(key.value)) continue;
    let keys = known.get(kind);
    if (!keys) known.set(kind, (keys = knownKeys(taxonomy, inventory, kind)));
    const suggestion = movedKey(key.value, keys) ?? closestName(key.value, keys);
    const message = t('Unknown {0} "{1}": not in the fideslang taxonomy nor added by a manifest of the workspace.', what(kind), key.value);
    findings.push(at(key, RULE_OF[kind], suggestion ? message + t(' Did you mean "{0}"?', suggestion) : message, suggestion ? { replacement: suggestion } : undefined));
  }
  return findings;
}

/** A key written for a tool to fill in (`<instance_fides_key>` in Fides' SaaS connector templates): no key of its own. */
export const isPlaceholderKey = (key: string): boolean => /^<[^<>]{1,100}>$/.test(key);

/** A Fides project's configuration, in its folder: Fides' CLI reads the manifests of that project. */
const PROJECT_CONFIGS = ['fides.toml', path.join('.fides', 'fides.toml')];
/** The deepest folder holding every manifest: a project is looked for below it, never outside. */
const boundaries = new WeakMap<PrivacyInventory, string>();
const projects = new WeakMap<PrivacyInventory, Map<string, string>>();

function boundaryOf(inventory: PrivacyInventory): string {
  let boundary = boundaries.get(inventory);
  if (boundary !== undefined) return boundary;
  const folders = inventory.manifests.map((m) => path.dirname(pathOf(m.file.uri)));
  boundary = folders[0] ?? '';
  for (const folder of folders) while (!within(folder, boundary) && path.dirname(boundary) !== boundary) boundary = path.dirname(boundary);
  boundaries.set(inventory, boundary);
  return boundary;
}

/**
 * The Fides project a manifest belongs to: the nearest folder above it holding `fides.toml` (or
 * `.fides/fides.toml`), looked for up to the folder holding every manifest; that folder when none
 * does (the whole workspace one project, as before). Keys are unique within a project: Fides' own
 * repository holds copies of its sample project's datasets in another project.
 */
export function projectOf(inventory: PrivacyInventory, file: IndexedFile, exists: ((absolutePath: string) => boolean) | undefined): string {
  const boundary = boundaryOf(inventory);
  if (!exists) return boundary;
  let memo = projects.get(inventory);
  if (!memo) projects.set(inventory, (memo = new Map<string, string>()));
  const start = path.dirname(pathOf(file.uri));
  const known = memo.get(start);
  if (known !== undefined) return known;
  let project = boundary;
  // Iterative and bounded: from the manifest's folder up to the boundary, never above it.
  for (let folder = start, steps = 0; within(folder, boundary) && steps < 64; steps++) {
    if (PROJECT_CONFIGS.some((config) => exists(path.join(folder, config)))) {
      project = folder;
      break;
    }
    if (folder === boundary || path.dirname(folder) === folder) break;
    folder = path.dirname(folder);
  }
  memo.set(start, project);
  return project;
}

/** Whether another entry of the same key lies in the same Fides project (placeholders never do). */
function duplicated<T>(entries: readonly ManifestEntry<T>[] | undefined, file: IndexedFile, key: string, inventory: PrivacyInventory, host: PrivacyHost): boolean {
  if (!entries || entries.length < 2 || isPlaceholderKey(key)) return false;
  const own = projectOf(inventory, file, host.exists);
  let same = 0;
  for (const entry of entries) if (projectOf(inventory, entry.file, host.exists) === own) same++;
  return same > 1;
}

function referenceFindings(file: IndexedFile, manifest: FidesManifest, inventory: PrivacyInventory, host: PrivacyHost): Finding[] {
  const findings: Finding[] = [];
  const folder = path.dirname(pathOf(file.uri));
  for (const system of manifest.systems) {
    const datasets = [...system.datasets, ...system.declarations.flatMap((d) => d.datasets), ...[...system.ingress, ...system.egress].filter((f) => f.type?.value === 'dataset').flatMap((f) => f.key ?? [])];
    for (const key of datasets) {
      if (!inventory.datasets.has(key.value) && !isPlaceholderKey(key.value)) findings.push(at(key, unknownReferenceRule.id, t('No Fides dataset "{0}" in the workspace: expected the fides_key of a dataset a manifest defines.', key.value)));
    }
    if (system.key && duplicated(inventory.systems.get(system.key.value), file, system.key.value, inventory, host)) findings.push(at(system.key, duplicateKeyRule.id, t('Another Fides system has the fides_key "{0}": keys are unique.', system.key.value)));
  }
  for (const dataset of manifest.datasets) {
    if (dataset.key && duplicated(inventory.datasets.get(dataset.key.value), file, dataset.key.value, inventory, host)) findings.push(at(dataset.key, duplicateKeyRule.id, t('Another Fides dataset has the fides_key "{0}": keys are unique.', dataset.key.value)));
    if (dataset.path && host.exists && !host.exists(path.resolve(folder, dataset.path.value))) {
      findings.push(at(dataset.path, unknownReferenceRule.id, t('{0} does not exist: meta.path names the data file the dataset describes, relative to this manifest.', dataset.path.value)));
    }
  }
  return findings;
}

const personal = (keys: readonly Written[]) => [...new Set(keys.map((k) => k.value).filter(isPersonalCategory))];

function fieldsPersonal(fields: readonly FidesField[]): string[] {
  return fields.flatMap((f) => [...(f.retention ? [] : personal(f.categories)), ...fieldsPersonal(f.fields)]);
}

/** The personal categories of a collection that no retention covers (its own, or each field's). */
function uncovered(collection: FidesCollection): string[] {
  if (collection.retention) return [];
  return [...new Set([...personal(collection.categories), ...fieldsPersonal(collection.fields)])];
}

function retentionFindings(manifest: FidesManifest, inventory: PrivacyInventory): Finding[] {
  const findings: Finding[] = [];
  const list = (keys: readonly string[]) => keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', …' : '');
  for (const dataset of manifest.datasets) {
    if (dataset.retention) continue;
    const own = personal(dataset.categories);
    if (own.length > 0 && dataset.key) {
      findings.push(at(dataset.key, noRetentionRule.id, t('Dataset {0} holds personal data ({1}) and declares no retention: add `retention:` (how long it is kept, or the erasure policy).', dataset.key.value, list(own))));
      continue;
    }
    for (const collection of dataset.collections) {
      const keys = uncovered(collection);
      if (keys.length > 0 && collection.name) findings.push(at(collection.name, noRetentionRule.id, t('Collection {0} holds personal data ({1}) and no retention is declared for it: add `retention:` to the dataset, the collection or its fields.', collection.name.value, list(keys))));
    }
  }
  for (const system of manifest.systems) {
    for (const declaration of system.declarations) {
      const keys = personal(declaration.categories);
      if (keys.length === 0 || declaration.retention) continue;
      const datasets = [...declaration.datasets, ...system.datasets, ...system.ingress.filter((f) => f.type?.value === 'dataset').flatMap((f) => f.key ?? [])];
      const retained = datasets.some((key) => inventory.datasets.get(key.value)?.some((d) => d.item.retention));
      if (!retained) findings.push({ start: declaration.at.start, end: declaration.at.end, code: noRetentionRule.id, message: t('The privacy declaration "{0}" processes personal data ({1}) with no retention_period, and no dataset it reads declares a retention.', declaration.name ?? declaration.use?.value ?? '?', list(keys)) });
    }
  }
  return findings;
}

/** Whether a system declares its transfers outside the EU/EEA: does_international_transfers and a legal basis. */
const declaresTransfers = (system: FidesSystem): boolean => system.internationalTransfers?.value === true && !!system.legalBasisForTransfers;
/** The countries outside the EU/EEA a system's `third_country_transfers` names. */
const thirdCountriesOutside = (system: FidesSystem): Written[] => system.thirdCountries.filter((c) => placeOf(c.value) === 'outside');
/**
 * Whether a system says it transfers outside the EU/EEA (does_international_transfers: true or a third country named),
 * basis or not: a transfer said with no basis is privacy-transfer-without-safeguard's, not an undeclared one.
 */
export const saysTransfers = (system: FidesSystem): boolean => system.internationalTransfers?.value === true || thirdCountriesOutside(system).length > 0;
const declaresSharing = (system: FidesSystem): boolean => system.declarations.some((d) => d.sharedWithThirdParties === true && !!d.thirdParties) || declaresTransfers(system);

/** The systems that read a dataset: its key in their `dataset_references`, their declarations' or their ingress. */
export function readersOf(inventory: PrivacyInventory, key: string): ManifestEntry<FidesSystem>[] {
  return [...inventory.systems.values()].flat().filter(({ item }) => [...item.datasets, ...item.declarations.flatMap((d) => d.datasets), ...item.ingress.flatMap((f) => f.key ?? [])].some((k) => k.value === key));
}

function transferFindings(manifest: FidesManifest, inventory: PrivacyInventory): Finding[] {
  const findings: Finding[] = [];
  for (const system of manifest.systems) {
    const declared = [...new Set(system.declarations.flatMap((d) => personal(d.categories)))];
    const name = system.key?.value ?? system.name ?? '?';
    for (const egress of system.egress) {
      if (!egress.key || egress.type?.value === 'dataset' || egress.type?.value === 'user') continue;
      const keys = egress.categories.length > 0 ? personal(egress.categories) : declared;
      if (keys.length === 0) continue;
      const targets = inventory.systems.get(egress.key.value);
      if (!targets) {
        if (!declaresSharing(system)) findings.push(at(egress.key, undeclaredTransferRule.id, t('System {0} sends personal data ({1}) to {2}, a system the workspace does not describe (an external system), and declares no sharing: set data_shared_with_third_parties and third_parties on its privacy declaration, or describe {2} in a manifest.', name, keys.join(', '), egress.key.value)));
        continue;
      }
      const region = targets.map((s) => s.item.region).find((r) => r && placeOf(r.value) === 'outside');
      if (region && !saysTransfers(system)) findings.push(at(egress.key, undeclaredTransferRule.id, t('System {0} sends personal data ({1}) to {2}, in {3} (outside the EU/EEA), with no transfer declared: set does_international_transfers: true and legal_basis_for_transfers.', name, keys.join(', '), egress.key.value, region.value)));
    }
    if (system.region && placeOf(system.region.value) === 'outside' && declared.length > 0 && !saysTransfers(system)) {
      findings.push(at(system.region, undeclaredTransferRule.id, t('System {0} processes personal data ({1}) in {2}, outside the EU/EEA, with no transfer declared: set does_international_transfers: true and legal_basis_for_transfers.', name, declared.join(', '), system.region.value)));
    }
  }
  for (const system of manifest.systems) {
    if (system.legalBasisForTransfers || !saysTransfers(system)) continue;
    const name = system.key?.value ?? system.name ?? '?';
    const outside = thirdCountriesOutside(system);
    const place = outside[0] ?? system.internationalTransfers!;
    const countries = outside.map((c) => c.value).join(', ');
    findings.push(at(place, transferWithoutSafeguardRule.id, countries
      ? t('System {0} transfers data to {1}, outside the EU/EEA, with no safeguard: set legal_basis_for_transfers (Adequacy Decision, SCCs, BCRs).', name, countries)
      : t('System {0} declares transfers outside the EU/EEA with no safeguard: set legal_basis_for_transfers (Adequacy Decision, SCCs, BCRs).', name)));
  }
  for (const dataset of manifest.datasets) {
    if (!dataset.region || placeOf(dataset.region.value) !== 'outside' || !dataset.key) continue;
    const keys = personal(datasetCategories(dataset));
    if (keys.length === 0) continue;
    const readers = readersOf(inventory, dataset.key.value);
    if (!readers.some(({ item }) => saysTransfers(item))) findings.push(at(dataset.region, undeclaredTransferRule.id, t('Dataset {0} stores personal data ({1}) in {2}, outside the EU/EEA, and no system reading it declares the transfer (does_international_transfers: true and legal_basis_for_transfers).', dataset.key.value, keys.join(', '), dataset.region.value)));
  }
  return findings;
}

/** Whether a file lies in a test or synthetic folder (a segment of its path relative to the workspace). */
export function inTestFolder(file: string): boolean {
  return file.split(/[\\/]/).some((segment) => TEST_FOLDER.test(segment));
}

function committedFindings(file: IndexedFile, manifest: FidesManifest, host: PrivacyHost): Finding[] {
  if (!host.committed || !host.scan) return [];
  const findings: Finding[] = [];
  const folder = path.dirname(pathOf(file.uri));
  for (const dataset of manifest.datasets) {
    if (!dataset.path || dataset.synthetic) continue;
    const data = path.resolve(folder, dataset.path.value);
    if (inTestFolder(dataset.path.value) || host.committed(data) !== true) continue;
    // What the sample holds, not what the manifest declares: the finding is about the file's content.
    const keys = scannedCategories(host.scan(data)).filter(isPersonalCategory);
    if (keys.length > 0) findings.push(at(dataset.path, committedPersonalDataRule.id, t('{0} is committed to the repository and its sample holds personal data ({1}): keep it out of the repository (.gitignore, DVC), or mark it synthetic (`tags: [synthetic]`) if it is made up.', dataset.path.value, keys.join(', '))));
  }
  return findings;
}

/** Every finding of one manifest (offsets in the file). */
export function manifestFindings(file: IndexedFile, manifest: FidesManifest, inventory: PrivacyInventory, host: PrivacyHost): Finding[] {
  return [
    ...keyFindings(manifest, host.taxonomy(), inventory),
    ...referenceFindings(file, manifest, inventory, host),
    ...retentionFindings(manifest, inventory),
    ...transferFindings(manifest, inventory),
    ...committedFindings(file, manifest, host),
  ];
}

