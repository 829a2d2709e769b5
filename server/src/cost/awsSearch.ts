/**
 * The cost of OpenSearch Service domains (`aws_opensearch_domain`, and `aws_elasticsearch_domain`, its former name) at
 * the prices of schemas/cost/aws-prices.json (`search`), as Infracost's breakdown names them (#93): the data nodes'
 * hours, their EBS storage (gp3's throughput above the included, io1's IOPS), the dedicated masters' and UltraWarm
 * nodes' hours. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type RegionPrices } from './model';

/** Infracost's default volume size (GB) when `ebs_options` enables EBS without a size. */
const DEFAULT_VOLUME_GB = 8;

/**
 * gp3's throughput (MiB/s) above what a volume includes, per data node, as Infracost reads AWS's rule: 125 MiB/s up
 * to 170 GB; above, 250 MiB/s for each started 3,000 GB, at most 1,000.
 */
function billableThroughput(throughput: number, gb: number): number {
  const included = gb <= 170 ? 125 : Math.min(1000, Math.ceil(gb / 3000) * 250);
  return Math.max(0, throughput - included);
}

function searchDomain(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const p = prices.search;
  if (!p) throw new Unpriceable(`no OpenSearch prices for ${r.region ?? 'its region'}`);
  const cluster = r.blocks.cluster_config?.[0];
  const ebs = r.blocks.ebs_options?.[0];
  for (const [body, keys, where] of [[cluster, ['instance_type', 'instance_count', 'dedicated_master_enabled', 'dedicated_master_type', 'dedicated_master_count', 'warm_enabled', 'warm_type', 'warm_count'], 'cluster_config'], [ebs, ['ebs_enabled', 'volume_type', 'volume_size', 'iops', 'throughput'], 'ebs_options']] as const) {
    for (const key of keys) if (body?.written.includes(key) && body.attributes[key] === undefined) throw new Unpriceable(`${where}.${key} is not literal`);
  }
  const c = cluster?.attributes ?? {};
  // Infracost names each type as written and looks it up under OpenSearch's name (`.elasticsearch` is `.search`).
  const hourly = (type: string): number => {
    const price = p.instanceHourly[type.replace('.elasticsearch', '.search')];
    if (price === undefined) throw new Unpriceable(`no price for OpenSearch instance type ${type}`);
    return price;
  };
  const extra = (price: number | undefined, what: string): number => {
    if (price === undefined) throw new Unpriceable(`no price for OpenSearch ${what} in ${r.region ?? 'its region'}`);
    return price;
  };
  const type = c.instance_type ?? 'm4.large.elasticsearch';
  const count = num(c.instance_count) ?? 1;
  const items = [item(`Instance (on-demand, ${type})`, 'hours', hourly(type), count * HOURS_PER_MONTH, p.source)];
  const e = ebs?.attributes ?? {};
  if (e.ebs_enabled === 'true') {
    const gb = num(e.volume_size) ?? DEFAULT_VOLUME_GB;
    const volume = e.volume_type ?? 'gp2';
    const storage = p.storageGbMonth[volume];
    if (storage === undefined) throw new Unpriceable(`no price for OpenSearch ${volume} storage in ${r.region ?? 'its region'}`);
    items.push(item(`Storage (${volume})`, 'GB', storage, gb, p.source));
    const throughput = num(e.throughput);
    if (volume === 'gp3' && throughput !== undefined) {
      const paid = billableThroughput(throughput, gb) * count;
      if (paid > 0) items.push(item('Throughput (gp3)', 'Mbps', extra(p.gp3ThroughputMbpsMonth, 'gp3 throughput'), paid, p.source));
    }
    if (volume === 'io1') items.push(item('Storage IOPS (io1)', 'IOPS', extra(p.io1IopsMonth, 'io1 IOPS'), Math.max(1, num(e.iops) ?? 1), p.source));
  }
  if (c.dedicated_master_enabled === 'true') {
    const master = c.dedicated_master_type ?? 'm4.large.elasticsearch';
    items.push(item(`Dedicated master (on-demand, ${master})`, 'hours', hourly(master), (num(c.dedicated_master_count) ?? 3) * HOURS_PER_MONTH, p.source));
  }
  const warm = num(c.warm_count) ?? 0;
  if (c.warm_enabled === 'true' && c.warm_type && warm > 0) items.push(item(`UltraWarm instance (on-demand, ${c.warm_type})`, 'hours', hourly(c.warm_type), warm * HOURS_PER_MONTH, p.source));
  return items;
}

export const AWS_SEARCH_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices) => CostItem[]> = {
  aws_opensearch_domain: searchDomain,
  aws_elasticsearch_domain: searchDomain,
};
