/**
 * The cost of EFS file systems at the prices of schemas/cost/aws-prices.json (`efs`): storage, Infrequent Access
 * storage and requests (usages) and provisioned throughput, as Infracost's breakdown names them. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** The throughput a GB of storage includes, in MB/s (EFS's 50 KiB/s per GiB, as Infracost counts it). */
const INCLUDED_MBPS_PER_GB = 0.05;

/** A usage-counted item: its quantity is the usage value, or missing. */
function used(name: string, unit: string, price: number, usage: ResourceUsage, key: string, source: string): CostItem {
  const quantity = num(usage[key]);
  return item(name, unit, price, quantity, source, quantity === undefined ? { usageKey: key } : {});
}

/**
 * An EFS file system: its storage (`storage_gb`), Standard or One Zone (`availability_zone_name`); with a lifecycle
 * policy that moves files to Infrequent Access, that class's storage, reads and writes (usages); in provisioned
 * throughput mode, the MB/s provisioned beyond what its storage includes. Elastic throughput's reads and writes are listed.
 */
function efsFileSystem(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['throughput_mode', 'provisioned_throughput_in_mibps']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const mode = a.throughput_mode ?? 'bursting';
  if (mode === 'elastic') throw new Unpriceable("elastic throughput: its reads and writes are not priced yet");
  const p = prices.efs;
  if (!p) throw new Unpriceable(`no EFS prices for ${r.region ?? 'its region'}`);
  const oneZone = r.written.includes('availability_zone_name');
  const zone = oneZone ? 'one zone' : 'standard';
  const items = [used(`Storage (${zone})`, 'GB', oneZone ? p.oneZoneGbMonth : p.standardGbMonth, usage, 'storage_gb', p.source)];
  if (mode === 'provisioned') {
    const storage = num(usage.storage_gb) ?? 0;
    const mbps = Math.max(0, (num(a.provisioned_throughput_in_mibps) ?? 0) - storage * INCLUDED_MBPS_PER_GB);
    items.push(item('Provisioned throughput', 'MBps', p.provisionedMbpsMonth, mbps, p.source));
  }
  if ((r.blocks.lifecycle_policy ?? []).some((b) => b.attributes.transition_to_ia !== undefined)) {
    items.push(
      used(`Storage (${zone}, infrequent access)`, 'GB', oneZone ? p.oneZoneIaGbMonth : p.iaGbMonth, usage, 'infrequent_access_storage_gb', p.source),
      used('Read requests (infrequent access)', 'GB', p.iaReadGb, usage, 'monthly_infrequent_access_read_gb', p.source),
      used('Write requests (infrequent access)', 'GB', p.iaWriteGb, usage, 'monthly_infrequent_access_write_gb', p.source),
    );
  }
  return items;
}

export const AWS_EFS_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  aws_efs_file_system: efsFileSystem,
};
