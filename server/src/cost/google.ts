/**
 * The cost of Google Cloud's Terraform resources (GKE clusters and node pools, Compute Engine
 * instances, Cloud NAT, Cloud Storage) at the prices of schemas/cost/gcp-prices.json, with Infracost's
 * component names and defaults (a node's boot disk: 100 GB pd-standard; a pool: 3 nodes per zone).
 * Pure.
 */
import type { ResourceBody, TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** A zone (`us-central1-a`) → its region; a region stays. */
export const googleRegion = (location: string): string => location.replace(/^([a-z]+-[a-z]+\d+)-[a-z]$/, '$1');

const isZone = (location: string): boolean => /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location);

const DISK_NAMES: Record<string, string> = {
  'pd-standard': 'Standard provisioned storage (pd-standard)',
  'pd-balanced': 'Balanced provisioned storage (pd-balanced)',
  'pd-ssd': 'SSD provisioned storage (pd-ssd)',
};

const EMPTY: ResourceBody = { attributes: {}, written: [], blocks: {} };

/** The nodes' machine, boot disk and what the price list cannot price, of a `node_config` block. */
function nodeItems(prices: RegionPrices, config: ResourceBody, nodeHours: number, subresource?: string): CostItem[] {
  const a = config.attributes;
  if (a.preemptible === 'true' || a.spot === 'true') throw new Unpriceable('preemptible or spot nodes: their prices are not in the price list');
  if (config.blocks.guest_accelerator?.length) throw new Unpriceable('GPUs (guest_accelerator) are not in the price list');
  if ((num(a.local_ssd_count) ?? 0) > 0) throw new Unpriceable('local SSDs are not in the price list');
  for (const key of ['machine_type', 'disk_size_gb', 'disk_type']) if (config.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const machine = a.machine_type ?? 'e2-medium';
  const price = prices.gce?.[machine];
  if (!price) throw new Unpriceable(`no price for machine type ${machine}`);
  const diskType = a.disk_type ?? 'pd-standard';
  const disk = prices.disk?.[diskType];
  if (!disk) throw new Unpriceable(`no price for disk type ${diskType}`);
  const size = num(a.disk_size_gb) ?? 100;
  const extra = subresource ? { subresource } : {};
  return [
    item(`Instance usage (Linux/UNIX, on-demand, ${machine})`, 'hours', price.hourly, nodeHours, price.source, extra),
    item(DISK_NAMES[diskType] ?? `Storage (${diskType})`, 'GB', disk.gbMonth, (nodeHours / HOURS_PER_MONTH) * size, disk.source, extra),
  ];
}

/** The zones of a node pool or cluster: one for a zone, three for a region; `node_locations` is not read yet. */
function zonesOf(r: { attributes: Record<string, string>; written: string[] }, where: string): number {
  if (r.written.includes('node_locations')) throw new Unpriceable('node_locations: its zones are not read yet');
  const location = r.attributes.location;
  if (location === undefined) throw new Unpriceable(r.written.includes('location') ? 'location is not literal' : `its location is its cluster's (${where}), not read yet`);
  return isZone(location) ? 1 : 3;
}

/** A pool's nodes per zone: the usage's `nodes`, else node_count, initial_node_count, autoscaling's minimum, else 3. */
function nodesPerZone(pool: ResourceBody, usage: ResourceUsage): number {
  const a = pool.attributes;
  for (const key of ['node_count', 'initial_node_count']) if (pool.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  return num(usage.nodes) ?? num(a.node_count) ?? num(a.initial_node_count) ?? num(pool.blocks.autoscaling?.[0]?.attributes.min_node_count) ?? 3;
}

function containerNodePool(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const hours = nodesPerZone(r, usage) * zonesOf(r, 'cluster') * HOURS_PER_MONTH;
  return nodeItems(prices, r.blocks.node_config?.[0] ?? EMPTY, hours);
}

/** A GKE cluster: its management fee, its default pool unless removed, and its inline node pools. */
function containerCluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const fee = prices.gke;
  if (!fee) throw new Unpriceable(`no GKE price for ${r.region ?? 'its region'}`);
  const items = [item('Cluster management fee', 'hours', fee.hourly, HOURS_PER_MONTH, fee.source)];
  if (r.attributes.enable_autopilot === 'true') throw new Unpriceable('Autopilot: pods are billed by their requests, not priced yet');
  const zones = zonesOf(r, 'cluster');
  if (r.attributes.remove_default_node_pool !== 'true') {
    const perZone = num(usage.nodes) ?? num(r.attributes.initial_node_count) ?? 3;
    items.push(...nodeItems(prices, r.blocks.node_config?.[0] ?? EMPTY, perZone * zones * HOURS_PER_MONTH, 'default_pool'));
  }
  (r.blocks.node_pool ?? []).forEach((pool, i) => {
    items.push(...nodeItems(prices, pool.blocks.node_config?.[0] ?? EMPTY, nodesPerZone(pool, {}) * zones * HOURS_PER_MONTH, `node_pool[${i}]`));
  });
  return items;
}

/** A Compute Engine instance: its machine's hours and its boot disk (10 GB pd-standard unless said). */
function computeInstance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  if (r.blocks.scheduling?.some((s) => s.attributes.preemptible === 'true' || s.attributes.provisioning_model === 'SPOT')) throw new Unpriceable('preemptible or spot instance: its price is not in the price list');
  if (r.blocks.guest_accelerator?.length) throw new Unpriceable('GPUs (guest_accelerator) are not in the price list');
  const machine = a.machine_type;
  if (!machine) throw new Unpriceable('machine_type is not literal');
  const price = prices.gce?.[machine];
  if (!price) throw new Unpriceable(`no price for machine type ${machine}`);
  const hours = num(usage.monthly_hrs) ?? HOURS_PER_MONTH;
  const items = [item(`Instance usage (Linux/UNIX, on-demand, ${machine})`, 'hours', price.hourly, hours, price.source)];
  const params = r.blocks.boot_disk?.[0]?.blocks.initialize_params?.[0]?.attributes ?? {};
  const type = params.type ?? 'pd-standard';
  const disk = prices.disk?.[type];
  if (!disk) throw new Unpriceable(`no price for disk type ${type}`);
  items.push(item(DISK_NAMES[type] ?? `Storage (${type})`, 'GB', disk.gbMonth, num(params.size) ?? 10, disk.source, { subresource: 'boot_disk' }));
  return items;
}

/** Cloud NAT: per assigned VM-hour up to 32 VMs (the gateway's hourly price is 32 VMs'), and data processed; both usage. */
function routerNat(_r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const nat = prices.cloudNat;
  if (!nat) throw new Unpriceable('no Cloud NAT price for its region');
  const vms = num(usage.assigned_vms);
  const gb = num(usage.monthly_data_processed_gb);
  return [
    item('Assigned VMs (first 32)', 'VM-hours', Math.round((nat.hourly / 32) * 1e8) / 1e8, vms === undefined ? undefined : Math.min(vms, 32) * HOURS_PER_MONTH, nat.source, vms === undefined ? { usageKey: 'assigned_vms' } : {}),
    item('Data processed', 'GB', nat.gb, gb, nat.source, gb === undefined ? { usageKey: 'monthly_data_processed_gb' } : {}),
  ];
}

/** A Cloud Storage bucket in a region: its storage (usage); multi- and dual-region locations are not in the price list. */
function storageBucket(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const cls = (r.attributes.storage_class ?? 'STANDARD').toUpperCase();
  const price = prices.gcs?.[cls];
  if (!price) throw new Unpriceable(`no price for storage class ${cls} in its location`);
  const gb = num(usage.storage_gb);
  return [item(`Storage (${cls.toLowerCase()})`, 'GiB', price.gbMonth, gb, price.source, gb === undefined ? { usageKey: 'storage_gb' } : {})];
}

export const GOOGLE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  google_container_cluster: containerCluster,
  google_container_node_pool: containerNodePool,
  google_compute_instance: computeInstance,
  google_compute_router_nat: routerNat,
  google_storage_bucket: storageBucket,
};

/** Google types that bill nothing by themselves. */
export const GOOGLE_FREE = ['google_compute_network', 'google_compute_subnetwork', 'google_compute_firewall', 'google_compute_router', 'google_service_account', 'google_project_iam_member', 'google_project_iam_binding', 'google_project_service', 'google_service_account_iam_member', 'google_storage_bucket_iam_member'];
