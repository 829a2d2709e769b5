/**
 * The cost of Google Cloud's Terraform resources (GKE clusters and node pools, Compute Engine
 * instances, static addresses, Cloud NAT, Cloud Storage, Cloud SQL, Memorystore for Redis and Redis Cluster, forwarding
 * rules; disks, images and snapshots in googleDisks.ts, instance groups in googleGroups.ts, Artifact Registry in
 * googleRegistry.ts, services billed by use in googleServices.ts, Cloud VPN in googleNetwork.ts, Cloud Run in googleRun.ts) at the prices of schemas/cost/gcp-prices.json, with Infracost's component names and defaults (a
 * node's boot disk: 100 GB pd-standard; a pool: 3 nodes per zone).
 * Pure.
 */
import type { ResourceBody, TerraformResource } from '../terraform/api';
import { gpuItems, isPreemptible, localSsdItems, machineItems } from './googleCompute';
import { DISK_NAMES, GOOGLE_DISK_PRICERS } from './googleDisks';
import { GOOGLE_GROUP_PRICERS } from './googleGroups';
import { GOOGLE_NETWORK_PRICERS, tieredEgress } from './googleNetwork';
import { GOOGLE_REGISTRY_PRICERS } from './googleRegistry';
import { GOOGLE_RUN_PRICERS } from './googleRun';
import { GOOGLE_SERVICE_PRICERS } from './googleServices';
import { HOURS_PER_MONTH, Unpriceable, item, num, round, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';

/** A zone (`us-central1-a`) → its region; a region stays. */
export const googleRegion = (location: string): string => location.replace(/^([a-z]+-[a-z]+\d+)-[a-z]$/, '$1');

const isZone = (location: string): boolean => /^[a-z]+-[a-z]+\d+-[a-z]$/.test(location);

const EMPTY: ResourceBody = { attributes: {}, written: [], blocks: {} };

/** The nodes' machine (preemptible or spot when said), boot disk, local SSDs and GPUs, of a `node_config` block. */
function nodeItems(prices: RegionPrices, config: ResourceBody, nodeHours: number, subresource?: string): CostItem[] {
  const a = config.attributes;
  for (const key of ['machine_type', 'disk_size_gb', 'disk_type', 'local_ssd_count', 'preemptible', 'spot']) if (config.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const preemptible = a.preemptible === 'true' || a.spot === 'true';
  const machine = a.machine_type ?? 'e2-medium';
  const diskType = a.disk_type ?? 'pd-standard';
  const disk = prices.disk?.[diskType];
  if (!disk) throw new Unpriceable(`no price for disk type ${diskType}`);
  const size = num(a.disk_size_gb) ?? 100;
  const extra = subresource ? { subresource } : {};
  return [
    ...machineItems(prices, { machine, preemptible, hours: nodeHours, monthlyHours: HOURS_PER_MONTH, ...extra }),
    item(DISK_NAMES[diskType] ?? `Storage (${diskType})`, 'GB', disk.gbMonth, (nodeHours / HOURS_PER_MONTH) * size, disk.source, extra),
    ...localSsdItems(prices, num(a.local_ssd_count) ?? 0, preemptible, nodeHours, subresource),
    ...gpuItems(prices, config.blocks.guest_accelerator ?? [], preemptible, nodeHours, subresource),
  ];
}

/** The zones of a node pool or cluster: those of its `node_locations`, else one for a zone, three for a region. */
function zonesOf(r: ResourceBody, where: string): number {
  if (r.written.includes('node_locations')) {
    const zones = r.values?.node_locations;
    if (!Array.isArray(zones) || !zones.every((z) => typeof z === 'string')) throw new Unpriceable('node_locations is not literal');
    return new Set(zones).size;
  }
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

/** A node pool of its own: its nodes per zone in its zones, those of its cluster where it says none (the cluster its `cluster` names). */
function containerNodePool(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] {
  const cluster = linked('cluster');
  const own = r.written.includes('node_locations') || r.written.includes('location');
  const zones = zonesOf(own || !cluster ? r : cluster, 'cluster');
  const hours = nodesPerZone(r, usage) * zones * HOURS_PER_MONTH;
  return nodeItems(prices, r.blocks.node_config?.[0] ?? EMPTY, hours);
}

/** An Autopilot cluster: its fee's hours and its pods' requests — vCPUs, memory, ephemeral storage — by the month (usage). */
function autopilot(r: TerraformResource, prices: RegionPrices, fee: NonNullable<RegionPrices['gke']>, usage: ResourceUsage): CostItem[] {
  const pods = prices.gkeAutopilot;
  if (!pods) throw new Unpriceable(`no GKE Autopilot prices for ${r.region ?? 'its region'}`);
  const requested = (name: string, unit: string, price: number, key: string): CostItem => {
    const quantity = num(usage[key]);
    return item(name, unit, price, quantity, pods.source, quantity === undefined ? { usageKey: key } : {});
  };
  return [
    item('Autopilot', 'hours', fee.hourly, HOURS_PER_MONTH, fee.source),
    requested('Autopilot vCPU', 'vCPU', pods.vcpuMonth, 'autopilot_vcpu_count'),
    requested('Autopilot memory', 'GB', pods.memoryGbMonth, 'autopilot_memory_gb'),
    requested('Autopilot ephemeral storage', 'GB', pods.ephemeralGbMonth, 'autopilot_ephemeral_storage_gb'),
  ];
}

/** A GKE cluster: its management fee, its default pool unless removed, and its inline node pools. */
function containerCluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const fee = prices.gke;
  if (!fee) throw new Unpriceable(`no GKE price for ${r.region ?? 'its region'}`);
  if (r.written.includes('enable_autopilot') && r.attributes.enable_autopilot === undefined) throw new Unpriceable('enable_autopilot is not literal');
  if (r.attributes.enable_autopilot === 'true') return autopilot(r, prices, fee, usage);
  const items = [item('Cluster management fee', 'hours', fee.hourly, HOURS_PER_MONTH, fee.source)];
  const zones = zonesOf(r, 'cluster');
  if (r.attributes.remove_default_node_pool !== 'true') {
    const perZone = num(usage.nodes) ?? num(r.attributes.initial_node_count) ?? 3;
    items.push(...nodeItems(prices, r.blocks.node_config?.[0] ?? EMPTY, perZone * zones * HOURS_PER_MONTH, 'default_pool'));
  }
  // An inline pool: its own node_locations, else the cluster's zones; its nodes per zone, the usage's `node_pool[i].nodes` first.
  (r.blocks.node_pool ?? []).forEach((pool, i) => {
    const poolZones = pool.written.includes('node_locations') ? zonesOf(pool, 'cluster') : zones;
    const nodes = usage[`node_pool[${i}].nodes`];
    items.push(...nodeItems(prices, pool.blocks.node_config?.[0] ?? EMPTY, nodesPerZone(pool, nodes === undefined ? {} : { nodes }) * poolZones * HOURS_PER_MONTH, `node_pool[${i}]`));
  });
  return items;
}

/**
 * A Compute Engine instance: its machine's hours (on demand with the sustained-use discount of its `monthly_hrs`, or
 * preemptible/spot), its boot disk (10 GB pd-standard unless said), its local SSDs (`scratch_disk`) and GPUs.
 */
function computeInstance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  const machine = a.machine_type;
  if (!machine) throw new Unpriceable('machine_type is not literal');
  const preemptible = isPreemptible(r);
  const hours = num(usage.monthly_hrs) ?? HOURS_PER_MONTH;
  const items = machineItems(prices, { machine, preemptible, hours, monthlyHours: hours });
  const params = r.blocks.boot_disk?.[0]?.blocks.initialize_params?.[0]?.attributes ?? {};
  const type = params.type ?? 'pd-standard';
  const disk = prices.disk?.[type];
  if (!disk) throw new Unpriceable(`no price for disk type ${type}`);
  items.push(item(DISK_NAMES[type] ?? `Storage (${type})`, 'GB', disk.gbMonth, num(params.size) ?? 10, disk.source, { subresource: 'boot_disk' }));
  // Local SSDs bill by the month whatever the instance's hours (Infracost's reading).
  items.push(...localSsdItems(prices, r.blocks.scratch_disk?.length ?? 0, preemptible, HOURS_PER_MONTH), ...gpuItems(prices, r.blocks.guest_accelerator ?? [], preemptible, hours));
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

/** A bucket's egress destinations (usage keys) as Infracost names them. */
const BUCKET_EGRESS: [string, string][] = [
  ['worldwide', 'Data transfer to worldwide excluding Asia, Australia'],
  ['asia', 'Data transfer to Asia excluding China, but including Hong Kong'],
  ['china', 'Data transfer to China excluding Hong Kong'],
  ['australia', 'Data transfer to Australia'],
];

/**
 * A Cloud Storage bucket: its storage (usage) at its class's price in its location. Where the price list has its
 * location's operations and network prices (the multi-regions `EU`, `ASIA`), also its class A and B operations, its data
 * retrieval (a class other than STANDARD) and its egress (in its continent; to the world, Asia, China, Australia by
 * volume tier), all usage.
 */
function storageBucket(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  if (r.written.includes('storage_class') && r.attributes.storage_class === undefined) throw new Unpriceable('storage_class is not literal');
  const cls = (r.attributes.storage_class ?? 'STANDARD').toUpperCase();
  const price = prices.gcs?.[cls];
  if (!price) throw new Unpriceable(`no price for storage class ${cls} in its location`);
  const used = (name: string, unit: string, unitPrice: number, key: string, source: string, per = 1, extra = {}): CostItem => {
    const value = num(usage[key]);
    return item(name, unit, unitPrice, value === undefined ? undefined : value * per, source, value === undefined ? { ...extra, usageKey: key } : extra);
  };
  const items = [used(`Storage (${cls.toLowerCase()})`, 'GiB', price.gbMonth, 'storage_gb', price.source)];
  const ops = prices.gcsUsage;
  if (!ops) return items;
  const classA = ops.classAPer10k[cls];
  const classB = ops.classBPer10k[cls];
  if (classA === undefined || classB === undefined) throw new Unpriceable(`no operation prices for storage class ${cls} in its location`);
  if (cls !== 'STANDARD') {
    const retrieval = ops.retrievalGb[cls];
    if (retrieval === undefined) throw new Unpriceable(`no data retrieval price for storage class ${cls} in its location`);
    items.push(used('Data retrieval', 'GB', retrieval, 'monthly_data_retrieval_gb', ops.source));
  }
  items.push(
    used('Object adds, bucket/object list (class A)', '10k operations', classA, 'monthly_class_a_operations', ops.source, 1e-4),
    used('Object gets, retrieve bucket/object metadata (class B)', '10k operations', classB, 'monthly_class_b_operations', ops.source, 1e-4),
    used('Data transfer in same continent', 'GB', ops.sameContinentGb, 'monthly_egress_data_transfer_gb.same_continent', ops.source, 1, { subresource: 'Network egress' }),
  );
  for (const [key, name] of BUCKET_EGRESS) {
    const tiers = ops.egressGb[key];
    if (!tiers?.length) throw new Unpriceable(`no egress price to ${key} from its location`);
    const gb = num(usage[`monthly_egress_data_transfer_gb.${key}`]);
    items.push(...(gb === undefined ? [item(`${name} (first 1TB)`, 'GB', tiers[0], undefined, ops.source, { subresource: 'Network egress', usageKey: `monthly_egress_data_transfer_gb.${key}` })] : tieredEgress(name, gb, tiers, ops.source)));
  }
  return items;
}

/** Container Registry: its images' bucket, a STANDARD bucket in its `location`'s multi-region (`US` unless said, as gcr.io stores them). */
function containerRegistry(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  if (r.attributes.location === undefined) throw new Unpriceable(r.written.includes('location') ? 'location is not literal' : 'its bucket is in the US multi-region: not in the price list');
  return storageBucket({ ...r, attributes: { ...r.attributes, storage_class: 'STANDARD' }, written: r.written.filter((k) => k !== 'storage_class') }, prices, usage);
}

/** A Cloud SQL tier's vCPUs and memory (GB): `db-custom-V-M` (M in MB), `db-(n1-)standard-N` (3.75 GB a vCPU), `db-(n1-)highmem-N` (6.5 GB a vCPU), `db-lightweight-N` (3.75 GB: Infracost's reading). */
function sqlShape(tier: string): { vcpus: number; memoryGb: number } | undefined {
  const custom = /^db-custom-(\d{1,3})-(\d{3,7})$/.exec(tier);
  if (custom) return { vcpus: Number(custom[1]), memoryGb: Number(custom[2]) / 1024 };
  const named = /^db-(?:n1-)?(standard|highmem|lightweight)-(\d{1,3})$/.exec(tier);
  if (!named) return undefined;
  const vcpus = Number(named[2]);
  return { vcpus, memoryGb: named[1] === 'standard' ? vcpus * 3.75 : named[1] === 'highmem' ? vcpus * 6.5 : 3.75 };
}

const trimmed = (n: number): string => String(Math.round(n * 100) / 100);

/** A Cloud SQL instance's compute and storage items at its availability (a replica's: zonal), under `subresource` when given. */
function sqlComputeItems(sql: NonNullable<RegionPrices['cloudSql']>, tier: string, settings: ResourceBody, regional: boolean, sqlServer: boolean, subresource?: string): CostItem[] {
  const a = settings.attributes;
  const copies = regional ? 2 : 1;
  const where = regional ? 'regional' : 'zonal';
  const extra = subresource ? { subresource } : {};
  const items: CostItem[] = [];
  const shared = sql.sharedCore[tier];
  const shape = sqlShape(tier);
  if (shared !== undefined) items.push(item(`SQL instance (${tier}, ${where})`, 'hours', round(shared * copies), HOURS_PER_MONTH, sql.source, extra));
  else if (shape) {
    items.push(item(`vCPUs (${shape.vcpus}, ${where})`, 'vCPU-hours', round(sql.vcpuHourly * copies), shape.vcpus * HOURS_PER_MONTH, sql.source, extra));
    items.push(item(`Memory (${trimmed(shape.memoryGb)} GB, ${where})`, 'GB-hours', round(sql.memoryGbHourly * copies), shape.memoryGb * HOURS_PER_MONTH, sql.source, extra));
  } else throw new Unpriceable(`no price for Cloud SQL tier ${tier}`);
  // SQL Server runs on SSD whatever disk_type says (Cloud SQL offers it no HDD).
  const diskType = sqlServer ? 'PD_SSD' : a.disk_type ?? 'PD_SSD';
  if (diskType !== 'PD_SSD') throw new Unpriceable(`no price for Cloud SQL storage ${diskType}`);
  items.push(item(`Storage (SSD, ${where})`, 'GB', round(sql.ssdGbMonth * copies), num(a.disk_size) ?? 10, sql.source, extra));
  return items;
}

/**
 * A Cloud SQL instance (MySQL, PostgreSQL, SQL Server; Enterprise edition): a shared-core tier's hours, or a dedicated
 * one's vCPU-hours and memory GB-hours; its SSD storage (10 GB unless `disk_size`); backups (usage); its
 * public IPv4 address's hours (unless `ipv4_enabled = false`). A REGIONAL (high-availability) instance bills
 * its compute and storage twice. With a `replica_configuration`, its replica (zonal) bills compute and storage again.
 * SQL Server's licence (per vCPU-hour by edition, Express free) is not in the price list: as in Infracost's
 * breakdown, a SQL Server instance is its compute, storage and address (docs/cost.md).
 */
function sqlDatabaseInstance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const sql = prices.cloudSql;
  if (!sql) throw new Unpriceable(`no Cloud SQL prices for ${r.region ?? 'its region'}`);
  const settings = r.blocks.settings?.[0] ?? EMPTY;
  const a = settings.attributes;
  for (const key of ['tier', 'availability_type', 'disk_size', 'disk_type', 'edition']) if (settings.written.includes(key) && a[key] === undefined) throw new Unpriceable(`settings.${key} is not literal`);
  const version = r.attributes.database_version;
  if (!version) throw new Unpriceable('database_version is not literal');
  if ((a.edition ?? 'ENTERPRISE') !== 'ENTERPRISE') throw new Unpriceable(`edition ${a.edition ?? ''} is not in the price list`);
  const tier = a.tier;
  if (!tier) throw new Unpriceable('settings.tier is not literal');
  const sqlServer = version.startsWith('SQLSERVER');
  const items = sqlComputeItems(sql, tier, settings, a.availability_type === 'REGIONAL', sqlServer);
  const backup = num(usage.backup_storage_gb);
  items.push(item('Backups', 'GB', sql.backupGbMonth, backup, sql.source, backup === undefined ? { usageKey: 'backup_storage_gb' } : {}));
  const ip = settings.blocks.ip_configuration?.[0]?.attributes.ipv4_enabled;
  if (ip !== 'false') items.push(item('IP address (if unused)', 'hours', sql.ipHourly, HOURS_PER_MONTH, sql.source));
  if (r.blocks.replica_configuration?.length) items.push(...sqlComputeItems(sql, tier, settings, false, sqlServer, 'Replica'));
  return items;
}

/** Memorystore for Redis: its capacity (GB) × 730 h at its tier's price for its capacity tier (M1 to 4 GB, M2 to 10, M3 to 35, M4 to 100, M5 above). */
function redisInstance(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const redis = prices.memorystore;
  if (!redis) throw new Unpriceable(`no Memorystore prices for ${r.region ?? 'its region'}`);
  for (const key of ['memory_size_gb', 'tier']) if (r.written.includes(key) && r.attributes[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const gb = num(r.attributes.memory_size_gb);
  if (gb === undefined) throw new Unpriceable('memory_size_gb is not literal');
  const tierName = (r.attributes.tier ?? 'BASIC') === 'STANDARD_HA' ? 'standard' : 'basic';
  const capacity = gb <= 4 ? 'M1' : gb <= 10 ? 'M2' : gb <= 35 ? 'M3' : gb <= 100 ? 'M4' : 'M5';
  const price = redis[tierName]?.[capacity];
  if (price === undefined) throw new Unpriceable(`no price for a ${tierName} Redis instance of ${capacity}`);
  return [item(`Redis instance (${tierName}, ${capacity})`, 'GB-hours', price, gb * HOURS_PER_MONTH, redis.source)];
}

/** A forwarding rule (a load balancer's front end), regional or global: its hours and the data it takes in (usage). */
function forwardingRule(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const rule = prices.forwardingRule;
  if (!rule) throw new Unpriceable(`no forwarding rule price for ${r.region ?? 'its region'}`);
  const gb = num(usage.monthly_ingress_data_gb);
  return [item('Forwarding rules', 'hours', rule.hourly, HOURS_PER_MONTH, rule.source), item('Ingress data', 'GB', rule.ingressGb, gb, rule.source, gb === undefined ? { usageKey: 'monthly_ingress_data_gb' } : {})];
}

/**
 * A static external IP address (regional or global): its hour at the price of its use — by a standard or a preemptible
 * VM of the stack whose `access_config.nat_ip` names it (the first), else unused. Internal addresses and those reserved
 * for another purpose than `GCE_ENDPOINT` (VPC peering, Private Service Connect) bill nothing.
 */
function computeAddress(r: TerraformResource, prices: RegionPrices, _usage: ResourceUsage, linked: Linked): CostItem[] {
  const a = r.attributes;
  for (const key of ['address_type', 'purpose']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  if (a.address_type?.toUpperCase() === 'INTERNAL' || (a.purpose !== undefined && a.purpose.toUpperCase() !== 'GCE_ENDPOINT')) return [];
  const price = prices.computeAddress;
  if (!price) throw new Unpriceable(`no IP address price for ${r.region ?? 'its region'}`);
  const [vm] = linked.referrers(r, 'google_compute_instance', 'network_interface.access_config.nat_ip');
  if (!vm) return [item('IP address (unused)', 'hours', price.unusedHourly, HOURS_PER_MONTH, price.source)];
  const preemptible = isPreemptible(vm);
  const hourly = preemptible ? price.preemptibleVmHourly : price.standardVmHourly;
  if (hourly === undefined) throw new Unpriceable(`no price for an IP address used by a ${preemptible ? 'preemptible' : 'standard'} VM in ${r.region ?? 'its region'}`);
  return [item(`IP address (${preemptible ? 'preemptible' : 'standard'} VM)`, 'hours', hourly, HOURS_PER_MONTH, price.source)];
}

/** Memorystore for Redis Cluster's node types as Infracost names them, with the GB its AOF persistence provisions (a node's capacity, rounded up). */
const REDIS_CLUSTER_NODES: Record<string, { name: string; aofGb: number }> = {
  REDIS_SHARED_CORE_NANO: { name: 'shared core nano', aofGb: 2 },
  REDIS_STANDARD_SMALL: { name: 'standard small', aofGb: 7 },
  REDIS_HIGHMEM_MEDIUM: { name: 'highmem medium', aofGb: 13 },
  REDIS_HIGHMEM_XLARGE: { name: 'highmem xlarge', aofGb: 58 },
};

/** Memorystore for Redis Cluster: its nodes' hours (shards × (1 + replicas)), AOF persistence's GB-hours when on, backups (usage) when automated. */
function redisCluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['node_type', 'shard_count', 'replica_count']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const price = prices.redisCluster;
  if (!price) throw new Unpriceable(`no Memorystore for Redis Cluster prices for ${r.region ?? 'its region'}`);
  const type = (a.node_type ?? 'REDIS_HIGHMEM_MEDIUM').toUpperCase();
  const node = REDIS_CLUSTER_NODES[type];
  const hourly = price.nodeHourly[type];
  if (!node || hourly === undefined) throw new Unpriceable(`no price for Redis Cluster node type ${type}`);
  const shards = num(a.shard_count);
  if (shards === undefined) throw new Unpriceable('shard_count is not literal');
  const nodes = shards * (1 + (num(a.replica_count) ?? 0));
  const items = [item(`Cluster node (${node.name})`, 'hours', hourly, nodes * HOURS_PER_MONTH, price.source)];
  const mode = r.blocks.persistence_config?.[0]?.attributes.mode;
  if (mode?.toUpperCase() === 'AOF') items.push(item('AOF persistence', 'GB', price.aofGbHourly, node.aofGb * HOURS_PER_MONTH, price.source));
  if (r.blocks.automated_backup_config?.length) {
    const gb = num(usage.backup_storage_gb);
    items.push(item('Backups', 'GB', price.backupGbMonth, gb, price.source, gb === undefined ? { usageKey: 'backup_storage_gb' } : {}));
  }
  return items;
}

export const GOOGLE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  google_container_cluster: containerCluster,
  google_container_node_pool: containerNodePool,
  google_compute_instance: computeInstance,
  google_compute_router_nat: routerNat,
  google_storage_bucket: storageBucket,
  google_container_registry: containerRegistry,
  google_sql_database_instance: sqlDatabaseInstance,
  google_redis_instance: redisInstance,
  google_compute_forwarding_rule: forwardingRule,
  google_compute_global_forwarding_rule: forwardingRule,
  google_compute_address: computeAddress,
  google_compute_global_address: computeAddress,
  google_redis_cluster: redisCluster,
  ...GOOGLE_DISK_PRICERS,
  ...GOOGLE_REGISTRY_PRICERS,
  ...GOOGLE_GROUP_PRICERS,
  ...GOOGLE_SERVICE_PRICERS,
  ...GOOGLE_NETWORK_PRICERS,
  ...GOOGLE_RUN_PRICERS,
};

/** Google types that bill nothing by themselves. */
export const GOOGLE_FREE = ['google_compute_network', 'google_compute_subnetwork', 'google_compute_firewall', 'google_compute_router', 'google_service_account', 'google_project_iam_member', 'google_project_iam_binding', 'google_project_service', 'google_service_account_iam_member', 'google_storage_bucket_iam_member'];
