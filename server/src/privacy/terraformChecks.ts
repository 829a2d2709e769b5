/**
 * Where the Terraform data stores holding personal data are (issue #65): a database, cache or bucket
 * the workspace's Terraform creates in a region outside the EU/EEA (its own `region` / `location`, its
 * provider's `region`, a variable's default: terraform/api.ts), whose data a Fides dataset or system of
 * the same name declares personal, with no international transfer declared — on the store's line.
 */
import path from 'node:path';
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { terraformInventory, terraformReady, type DataStore } from '../terraform/api';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { datasetCategories, type FidesDataset, type FidesSystem } from './fides';
import { pathOf, type ManifestEntry, type PrivacyInventory } from './inventory';
import { readersOf, saysTransfers } from './manifestChecks';
import { placeOf } from './regions';
import { undeclaredTransferRule } from './rules';
import { isPersonalCategory } from './taxonomy';

const normalised = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/** The names a store answers to: its own (`identifier`, `name`, `bucket`) and its address's (`aws_db_instance.fraud_transactions`, `module.fraud_db`). */
const namesOf = (store: DataStore): Set<string> => new Set([store.name, store.address.slice(store.address.lastIndexOf('.') + 1)].flatMap((n) => (n ? [normalised(n)] : [])));

/** The Fides datasets and systems a store's names match, by their fides_key. */
function describedBy(store: DataStore, inventory: PrivacyInventory): { datasets: ManifestEntry<FidesDataset>[]; systems: ManifestEntry<FidesSystem>[] } {
  const names = namesOf(store);
  const matching = <T>(map: Map<string, ManifestEntry<T>[]>) => [...map].filter(([key]) => names.has(normalised(key))).flatMap(([, entries]) => entries);
  return { datasets: matching(inventory.datasets), systems: matching(inventory.systems) };
}

const list = (keys: readonly string[]) => keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', …' : '');

/** The stores outside the EU/EEA by file, once per index generation (each Terraform file asks). */
const outsideCache = new WeakMap<WorkspaceIndex, { generation: number; byUri: Map<string, DataStore[]> }>();
function storesOutside(index: WorkspaceIndex): Map<string, DataStore[]> {
  const cached = outsideCache.get(index);
  if (cached?.generation === index.generation) return cached.byUri;
  const byUri = new Map<string, DataStore[]>();
  for (const store of terraformInventory(index).dataStores) {
    if (store.kind === 'network' || !store.region || placeOf(store.region.value) !== 'outside') continue;
    byUri.set(store.uri, [...(byUri.get(store.uri) ?? []), store]);
  }
  outsideCache.set(index, { generation: index.generation, byUri });
  return byUri;
}

/** Every finding of one Terraform file: its stores of personal data outside the EU/EEA with no transfer declared. */
export function terraformFindings(file: IndexedFile, index: WorkspaceIndex, inventory: PrivacyInventory): Finding[] {
  // No Fides dataset or system: nothing says what a store holds (and the Terraform is not read).
  if (!terraformReady() || (inventory.datasets.size === 0 && inventory.systems.size === 0)) return [];
  const findings: Finding[] = [];
  for (const store of storesOutside(index).get(file.uri) ?? []) {
    if (!store.region) continue;
    const { datasets, systems } = describedBy(store, inventory);
    const described = [
      ...datasets.map(({ item }) => ({ key: item.key?.value ?? '?', what: t('dataset'), categories: datasetCategories(item).map((c) => c.value), declared: readersOf(inventory, item.key?.value ?? '').some(({ item: reader }) => saysTransfers(reader)) })),
      ...systems.map(({ item }) => ({ key: item.key?.value ?? '?', what: t('system'), categories: item.declarations.flatMap((d) => d.categories.map((c) => c.value)), declared: saysTransfers(item) })),
    ];
    const personal = described.map((d) => ({ ...d, categories: [...new Set(d.categories.filter(isPersonalCategory))] })).filter((d) => d.categories.length > 0);
    if (personal.length === 0 || personal.some((d) => d.declared)) continue;
    const region = store.region;
    const written = index.get(region.uri);
    const where = written ? `${path.basename(pathOf(region.uri))}:${written.lines.positionAt(region.span.start).line + 1}` : path.basename(pathOf(region.uri));
    const source = region.from === 'resource' ? t('its own {0}', where) : t('provider "{0}", {1}', region.from, where);
    const [first] = personal;
    findings.push({
      start: store.span.start,
      end: store.span.end,
      code: undeclaredTransferRule.id,
      message: t(
        '{0} stores personal data ({1}: Fides {2} {3}) in {4} ({5}), outside the EU/EEA, and no transfer is declared: set does_international_transfers: true and legal_basis_for_transfers on the system that processes it, or keep the store in the EU/EEA.',
        store.address,
        list([...new Set(personal.flatMap((d) => d.categories))]),
        first.what,
        first.key,
        region.value,
        source,
      ),
    });
  }
  return findings;
}
