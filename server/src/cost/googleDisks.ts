/**
 * The cost of Compute Engine's stored bytes: persistent disks (pd-*, pd-extreme and hyperdisk-extreme with their
 * provisioned IOPS), images, machine images and snapshots, at the prices of schemas/cost/gcp-prices.json, with Infracost's component
 * names, default sizes and IOPS. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { Unpriceable, item, num, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';

/** Infracost's names of a persistent disk's storage, by type. */
export const DISK_NAMES: Record<string, string> = {
  'pd-standard': 'Standard provisioned storage (pd-standard)',
  'pd-balanced': 'Balanced provisioned storage (pd-balanced)',
  'pd-ssd': 'SSD provisioned storage (pd-ssd)',
  'pd-extreme': 'Extreme provisioned storage (pd-extreme)',
  'hyperdisk-extreme': 'Hyperdisk provisioned storage (hyperdisk-extreme)',
};
/** A disk's size when none is said, as the provider (and Infracost) gives it: 500 GB of pd-standard, 1,000 of the extreme types, 100 otherwise. */
const DEFAULT_DISK_GB: Record<string, number> = { 'pd-standard': 500, 'pd-balanced': 100, 'pd-ssd': 100, 'pd-extreme': 1000, 'hyperdisk-extreme': 1000 };

/** The IOPS an extreme disk provisions when `provisioned_iops` says none: pd-extreme 100,000; hyperdisk-extreme 1,200 a GB up to 350,000 (Infracost's defaults). */
const defaultIops = (type: string, size: number): number => (type === 'pd-extreme' ? 100_000 : Math.min(size * 1200, 350_000));

/** Where a disk, image or snapshot without a size of its own takes it from: the resource each attribute names. */
const SIZE_SOURCES: Record<string, [string, string][]> = {
  google_compute_disk: [['image', 'google_compute_image'], ['snapshot', 'google_compute_snapshot']],
  google_compute_image: [['source_disk', 'google_compute_disk'], ['source_image', 'google_compute_image'], ['source_snapshot', 'google_compute_snapshot']],
  google_compute_snapshot: [['source_disk', 'google_compute_disk']],
};
const SIZE_KEYS: Record<string, string> = { google_compute_disk: 'size', google_compute_image: 'disk_size_gb' };

/**
 * The size in GB of a disk, image or snapshot of the stack: its own (`size`, an image's `disk_size_gb`), else the one of
 * the image, snapshot or disk it is made from, a few levels deep; a disk made from nothing: its type's default.
 * Undefined when the chain leaves the stack or a size is not literal.
 */
function sizeOf(res: TerraformResource, linked: Linked, depth = 0): number | undefined {
  const key = SIZE_KEYS[res.type];
  if (key && res.written.includes(key)) return num(res.attributes[key]);
  const sources = SIZE_SOURCES[res.type] ?? [];
  const from = sources.find(([attribute]) => res.written.includes(attribute));
  if (!from) return res.type === 'google_compute_disk' ? DEFAULT_DISK_GB[res.attributes.type ?? 'pd-standard'] ?? 100 : undefined;
  const next = depth < 8 ? linked.from(res, from[0]) : undefined;
  return next?.type === from[1] ? sizeOf(next, linked, depth + 1) : undefined;
}

/** A persistent disk: its type's GB-month (pd-standard unless said), an extreme type's provisioned IOPS; a disk from an image or a snapshot takes their size. */
function computeDisk(r: TerraformResource, prices: RegionPrices, _usage: ResourceUsage, linked: Linked): CostItem[] {
  const a = r.attributes;
  for (const key of ['type', 'size', 'provisioned_iops']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const type = a.type ?? 'pd-standard';
  const extreme = prices.extremeDisk?.[type];
  const price = prices.disk?.[type] ?? extreme;
  if (!price) throw new Unpriceable(`no price for disk type ${type}`);
  // Made from an image or a snapshot: their size (the image's, or the disk it was taken from), when the stack holds them.
  const size = sizeOf(r, linked);
  if (size === undefined) throw new Unpriceable('its size is its image\'s or snapshot\'s: not in the stack');
  const items = [item(DISK_NAMES[type] ?? `Storage (${type})`, 'GB', price.gbMonth, size, price.source)];
  if (extreme) items.push(item('Provisioned IOPS', 'IOPS', extreme.iopsMonth, num(a.provisioned_iops) ?? defaultIops(type, size), extreme.source));
  return items;
}

/** An image or a snapshot: its storage per GB-month, the usage's `storage_gb` else its size (its own or its source's in the stack), else usage. */
function storedCopy(kind: 'computeImage' | 'computeSnapshot') {
  return (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] => {
    const price = prices[kind];
    if (!price) throw new Unpriceable(`no ${kind === 'computeImage' ? 'image' : 'snapshot'} storage price for ${r.region ?? 'its region'}`);
    if (r.written.includes('disk_size_gb') && r.attributes.disk_size_gb === undefined) throw new Unpriceable('disk_size_gb is not literal');
    const gb = num(usage.storage_gb) ?? sizeOf(r, linked);
    return [item('Storage', 'GB', price.gbMonth, gb, price.source, gb === undefined ? { usageKey: 'storage_gb' } : {})];
  };
}

export const GOOGLE_DISK_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  google_compute_disk: computeDisk,
  google_compute_image: storedCopy('computeImage'),
  google_compute_snapshot: storedCopy('computeSnapshot'),
  // A machine image: its storage by the usage (its size is not read from its instance's disks, as in Infracost's breakdown).
  google_compute_machine_image: storedCopy('computeImage'),
};
