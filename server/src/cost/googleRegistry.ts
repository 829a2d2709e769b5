/**
 * The cost of an Artifact Registry repository, as Infracost prices it: its storage (usage) and the data other regions
 * pull from it (usage, per region), grouped by continent pair — free within its region, and from a multi-region
 * (`us`, `europe`, `asia`) to a region of its continent. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** The continent of a region or multi-region by its first word (`europe-west1`, `us`), as Google groups its egress prices. */
const CONTINENTS: Record<string, string> = { us: 'North America', northamerica: 'North America', europe: 'Europe', asia: 'AsiaPacific', southamerica: 'South America', australia: 'Oceania' };
const MULTI_REGIONS = new Set(['us', 'europe', 'asia']);
const EGRESS = 'monthly_egress_data_transfer_gb.';

function continentOf(region: string): string {
  const continent = CONTINENTS[region.split(/[-_]/, 1)[0]];
  if (!continent) throw new Unpriceable(`the continent of ${region} is not known: its egress price neither`);
  return continent;
}

function artifactRegistryRepository(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const price = prices.artifactRegistry;
  const location = r.attributes.location ?? r.region;
  if (!price || !location) throw new Unpriceable(`no Artifact Registry prices for ${location ?? 'its location'}`);
  const storage = num(usage.storage_gb);
  const items = [item('Storage', 'GB', price.storageGbMonth, storage, price.source, storage === undefined ? { usageKey: 'storage_gb' } : {})];
  const from = continentOf(location);
  // Each destination region of the usage (`us_west1: 100`), in the order of their names; the same component's summed.
  const flows = new Map<string, { gb: number; unitPrice: number }>();
  for (const key of Object.keys(usage).filter((k) => k.startsWith(EGRESS)).sort()) {
    const region = key.slice(EGRESS.length).replace(/_/g, '-');
    const gb = num(usage[key]);
    if (gb === undefined) throw new Unpriceable(`${key} is not a number`);
    if (gb === 0 || region === location || (MULTI_REGIONS.has(location) && region.split('-', 1)[0] === location)) continue;
    const to = continentOf(region);
    // Infracost's reading: a flow to or from Oceania is named for Oceania, billed at Oceania's price only when it goes there.
    const name = to === 'Oceania' || from === 'Oceania' ? 'Data egress from/to Oceania' : from === to && from !== 'South America' ? `Data egress ${from} to ${to}` : 'Intercontinental (Excl Oceania)';
    const unitPrice = to === 'Oceania' ? price.oceaniaGb : from === to && from !== 'South America' ? price.sameContinentGb : price.intercontinentalGb;
    if (unitPrice === undefined) throw new Unpriceable(`no price for Artifact Registry egress within ${from} from ${location}`);
    const flow = flows.get(name) ?? { gb: 0, unitPrice };
    flow.gb += gb;
    flows.set(name, flow);
  }
  for (const [name, flow] of flows) items.push(item(name, 'GB', flow.unitPrice, flow.gb, price.source));
  return items;
}

export const GOOGLE_REGISTRY_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  google_artifact_registry_repository: artifactRegistryRepository,
};
