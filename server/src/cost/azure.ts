/**
 * The cost of Azure's Terraform resources (AKS clusters and their default pool, Linux virtual machines,
 * Azure Database for PostgreSQL and MySQL flexible servers, Standard storage accounts, App Service plans)
 * at the prices of schemas/cost/azure-prices.json: a VM's hours, its OS disk as the managed-disk tier
 * its size falls in (Standard HDD S, Standard SSD E, Premium SSD P; an AKS node's disk is Premium on the
 * sizes that take premium storage: a `DS`, `GS` or `M` subfamily, or an `s` among its additive features).
 * Pure.
 */
import type { ResourceBody, TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type AzureStoragePrices, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** `East US` → `eastus`. */
export const azureRegion = (location: string): string => location.toLowerCase().replace(/\s+/g, '');

const TIERS = [32, 64, 128, 256, 512, 1024, 2048, 4096];
const TIER_NAMES = [4, 6, 10, 15, 20, 30, 40, 50];
export const LETTER: Record<string, string> = { Standard_LRS: 'S', StandardSSD_LRS: 'E', Premium_LRS: 'P' };

/** The managed-disk tier of a size (`S4` for 32 GB of Standard HDD). */
export function tier(letter: string, sizeGb: number): string {
  const i = TIERS.findIndex((t) => sizeGb <= t);
  if (i < 0) throw new Unpriceable(`a ${sizeGb} GB disk is beyond the tiers priced`);
  return `${letter}${TIER_NAMES[i]}`;
}

export function disk(prices: RegionPrices, name: string, count: number, subresource: string): CostItem {
  const price = prices.azureDisk?.[name];
  if (!price) throw new Unpriceable(`no price for managed disk ${name}`);
  return item(`Storage (${name}, LRS)`, 'months', price.monthly, count, price.source, { subresource });
}

const premiumCapable = (size: string): boolean => {
  const sub = size.split('_')[1] ?? '';
  // Its additive features: the letters after the family and the vCPU count (`D2s` → `s`).
  const features = /^[a-z]{1,5}\d{1,4}([a-z]{0,8})/i.exec(sub)?.[1] ?? '';
  return /^(ds|gs|m)/i.test(sub) || features.toLowerCase().includes('s');
};

/** A VM size's hours at Linux's price, or at Windows's (its licence included) when `windows`. */
export function vmHours(prices: RegionPrices, size: string, hours: number, label: string, windows = false): CostItem {
  const list = windows ? prices.azureVmWindows : prices.azureVm;
  const price = list?.[size] ?? Object.entries(list ?? {}).find(([k]) => k.toLowerCase() === size.toLowerCase())?.[1];
  const os = windows ? 'Windows' : 'Linux';
  if (!price) throw new Unpriceable(`no price for ${os} VM size ${size}`);
  return item(`Instance usage (${os}, pay as you go, ${size})`, 'hours', price.hourly, hours, price.source, label ? { subresource: label } : {});
}

function nodePool(prices: RegionPrices, pool: ResourceBody, usage: ResourceUsage, subresource: string): CostItem[] {
  const a = pool.attributes;
  if ((a.os_type ?? '').toLowerCase() === 'windows' || (a.os_sku ?? '').startsWith('Windows')) throw new Unpriceable('Windows nodes are not in the price list');
  if (a.priority === 'Spot') throw new Unpriceable('spot nodes: their prices are not in the price list');
  const size = a.vm_size;
  if (!size) throw new Unpriceable('vm_size is not literal');
  for (const key of ['node_count', 'min_count', 'os_disk_size_gb']) if (pool.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  // A pool of its own (azurerm_kubernetes_cluster_node_pool) has its usage and its disk at the top: no subresource.
  const at = (key: string) => (subresource ? `${subresource}.${key}` : key);
  const nodes = num(usage[at('nodes')]) ?? num(a.node_count) ?? num(a.min_count) ?? 1;
  const items = [vmHours(prices, size, nodes * (num(usage[at('monthly_hrs')]) ?? HOURS_PER_MONTH), subresource)];
  if ((a.os_disk_type ?? 'Managed').toLowerCase() === 'managed') items.push(disk(prices, tier(premiumCapable(size) ? 'P' : 'S', num(a.os_disk_size_gb) ?? 128), nodes, at('os_disk')));
  return items;
}

/** An AKS node pool of its own: its nodes as a cluster's default pool's, where its cluster is. */
function kubernetesNodePool(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  return nodePool(prices, r, usage, '');
}

/** An AKS cluster: its Uptime SLA (the Standard tier) and its default node pool. */
function kubernetesCluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const items: CostItem[] = [];
  if (r.attributes.http_application_routing_enabled === 'true') throw new Unpriceable('HTTP application routing: its DNS zone and load balancer are not priced yet');
  const tierName = r.attributes.sku_tier ?? 'Free';
  if (tierName === 'Standard' || tierName === 'Paid') {
    if (!prices.aks) throw new Unpriceable('no AKS price for its region');
    items.push(item('Uptime SLA', 'hours', prices.aks.uptimeSlaHourly, HOURS_PER_MONTH, prices.aks.source));
  } else if (tierName !== 'Free') throw new Unpriceable(`sku_tier ${tierName} is not in the price list`);
  const pool = r.blocks.default_node_pool?.[0];
  if (pool) items.push(...nodePool(prices, pool, usage, 'default_node_pool'));
  return items;
}

/** A Linux VM: its hours and its OS disk (its storage type's tier; 30 GB when the size is not said). */
function linuxVirtualMachine(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const size = r.attributes.size;
  if (!size) throw new Unpriceable('size is not literal');
  if (r.attributes.priority === 'Spot') throw new Unpriceable('spot VM: its price is not in the price list');
  const items = [vmHours(prices, size, num(usage.monthly_hrs) ?? HOURS_PER_MONTH, '')];
  const os = r.blocks.os_disk?.[0]?.attributes ?? {};
  const letter = LETTER[os.storage_account_type ?? 'Standard_LRS'];
  if (!letter) throw new Unpriceable(`no price for storage account type ${os.storage_account_type ?? ''}`);
  items.push(disk(prices, tier(letter, num(os.disk_size_gb) ?? 30), 1, 'os_disk'));
  const operations = prices.azureDiskOperations?.[letter];
  if (operations) {
    const count = num(usage['os_disk.monthly_disk_operations']);
    items.push(item('Disk operations', '10k operations', operations.per10k, count === undefined ? undefined : count / 10000, operations.source, { subresource: 'os_disk', ...(count === undefined ? { usageKey: 'os_disk.monthly_disk_operations' } : {}) }));
  }
  return items;
}

const FLEXIBLE_ENGINES: Record<string, { key: string; name: string }> = {
  azurerm_postgresql_flexible_server: { key: 'postgresql', name: 'PostgreSQL' },
  azurerm_mysql_flexible_server: { key: 'mysql', name: 'MySQL' },
};

/** MySQL flexible server's IOPS included with its storage, as Infracost counts them. */
const MYSQL_FREE_IOPS = 360;

/**
 * An Azure Database flexible server (PostgreSQL, MySQL): its compute by SKU name, its storage (PostgreSQL's
 * `storage_mb`, else a usage; MySQL's `storage.size_gb`, 20 GB by default), MySQL's IOPS beyond the 360
 * included, and the backup storage beyond the free share (usage).
 */
function flexibleServer(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const { key, name } = FLEXIBLE_ENGINES[r.type];
  const region = azureRegion(r.region ?? '');
  const list = prices.azureFlexibleServer?.[key];
  if (!list) throw new Unpriceable(`no ${name} flexible server prices for ${region}`);
  const a = r.attributes;
  const storageBlock = r.blocks.storage?.[0] ?? { attributes: {}, written: [], blocks: {} };
  for (const k of ['sku_name', 'storage_mb']) if (r.written.includes(k) && a[k] === undefined) throw new Unpriceable(`${k} is not literal`);
  for (const k of ['size_gb', 'iops']) if (storageBlock.written.includes(k) && storageBlock.attributes[k] === undefined) throw new Unpriceable(`storage.${k} is not literal`);
  const sku = a.sku_name;
  if (!sku) throw new Unpriceable('sku_name is not literal');
  if (r.blocks.high_availability?.some((b) => !b.written.includes('mode') || (b.attributes.mode ?? '') !== '')) throw new Unpriceable('high availability: its standby server is not priced yet');
  const hourly = list.compute[sku];
  if (hourly === undefined) throw new Unpriceable(`no price for ${name} flexible server ${sku} in ${region}`);
  if (list.storageGbMonth === undefined) throw new Unpriceable(`no price for ${name} flexible server storage in ${region}`);
  const items = [item(`Compute (${sku})`, 'hours', hourly, HOURS_PER_MONTH, list.source)];
  const storageGb = key === 'mysql' ? num(storageBlock.attributes.size_gb) ?? 20 : num(a.storage_mb) === undefined ? num(usage.storage_gb) : Math.floor((num(a.storage_mb) ?? 0) / 1024);
  items.push(item('Storage', 'GB', list.storageGbMonth, storageGb, list.source, storageGb === undefined ? { usageKey: 'storage_gb' } : {}));
  const extraIops = (num(storageBlock.attributes.iops) ?? MYSQL_FREE_IOPS) - MYSQL_FREE_IOPS;
  if (key === 'mysql' && extraIops > 0) {
    if (list.iopsMonth === undefined) throw new Unpriceable(`no price for MySQL flexible server IOPS in ${region}`);
    items.push(item('Additional IOPS', 'IOPS', list.iopsMonth, extraIops, list.source));
  }
  const backup = num(usage.additional_backup_storage_gb);
  items.push(item('Additional backup storage', 'GB', list.backupGbMonth, backup, list.source, backup === undefined ? { usageKey: 'additional_backup_storage_gb' } : {}));
  return items;
}

/** Hot capacity's tiers, in GB: the first 50 TB, the next 450 TB, then the rest. */
const CAPACITY_TIERS: [string, number][] = [['first 50TB', 51200], ['next 450TB', 512000], ['over 500TB', Infinity]];

/** A usage-counted item: its quantity is the usage value over `per` (operations per 10,000), or missing. */
function counted(name: string, unit: string, price: number, usage: ResourceUsage, key: string, per: number, source: string): CostItem {
  const count = num(usage[key]);
  return item(name, unit, price, count === undefined ? undefined : count / per, source, count === undefined ? { usageKey: key } : {});
}

/** Capacity: one item at the first tier's price while its size is a usage; Hot's tiers split once it is known. */
function capacity(price: AzureStoragePrices, usage: ResourceUsage): CostItem[] {
  const gb = num(usage.storage_gb);
  if (gb === undefined || price.capacityGbMonth.length === 1) return [counted('Capacity', 'GB', price.capacityGbMonth[0], usage, 'storage_gb', 1, price.source)];
  const items: CostItem[] = [];
  let left = gb;
  CAPACITY_TIERS.forEach(([label, size], i) => {
    const here = Math.min(left, size);
    if (i === 0 || here > 0) items.push(item(`Capacity (${label})`, 'GB', price.capacityGbMonth[i], here, price.source));
    left -= here;
  });
  return items;
}

/** The price class of an account's block blobs: Premium, general-purpose v1 (`Storage`), or a Standard StorageV2 or BlobStorage account's access tier. */
function storageClass(kind: string, tier: string | undefined, accessTier: string | undefined): string {
  if (kind === 'FileStorage') throw new Unpriceable('account kind FileStorage (Azure Files) is not priced yet');
  if (tier === 'Premium') {
    if (!['StorageV2', 'BlobStorage', 'BlockBlobStorage'].includes(kind)) throw new Unpriceable(`account kind ${kind} is not priced yet`);
    return 'Premium';
  }
  if (tier !== 'Standard') throw new Unpriceable(`account tier ${tier ?? '(none)'} is not in the price list`);
  if (kind === 'Storage') return 'Storage';
  if (kind === 'BlockBlobStorage') throw new Unpriceable('account kind BlockBlobStorage: Azure offers it in the Premium tier only');
  if (!['StorageV2', 'BlobStorage'].includes(kind)) throw new Unpriceable(`account kind ${kind} is not priced yet`);
  return accessTier ?? 'Hot';
}

/**
 * A storage account as Infracost prices its block blobs: capacity by class (Premium; general-purpose v1; a Standard
 * StorageV2 or BlobStorage account's `access_tier`, Hot by default) and replication, Hot's in three tiers; write,
 * list-and-create, read and other operations; Cool's data retrieval; Standard StorageV2 and BlobStorage's blob index;
 * StorageV2 Cool's early deletion. Every quantity is a usage.
 */
function storageAccount(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const k of ['account_kind', 'account_tier', 'account_replication_type', 'access_tier', 'nfsv3_enabled', 'is_hns_enabled']) if (r.written.includes(k) && a[k] === undefined) throw new Unpriceable(`${k} is not literal`);
  const kind = a.account_kind ?? 'StorageV2';
  const priceClass = storageClass(kind, a.account_tier, a.access_tier);
  if (a.nfsv3_enabled === 'true' || a.is_hns_enabled === 'true') throw new Unpriceable('hierarchical namespace (Data Lake Storage Gen2, NFSv3): its operations are not priced yet');
  const replication = a.account_replication_type ?? '';
  const region = azureRegion(r.region ?? '');
  const price = prices.azureStorage?.[priceClass]?.[replication];
  const accessTier = priceClass === 'Storage' ? 'general-purpose v1' : priceClass;
  if (!price) throw new Unpriceable(`no price for ${accessTier} ${replication} storage in ${region}`);
  if (price.writePer10k === undefined) throw new Unpriceable(`no price for ${accessTier} ${replication} write operations in ${region}`);
  const ops = (name: string, p: number, key: string) => counted(name, '10k operations', p, usage, key, 10000, price.source);
  const items = [
    ...capacity(price, usage),
    ops('Write operations', price.writePer10k, 'monthly_write_operations'),
    ops('List and create container operations', price.listPer10k, 'monthly_list_and_create_container_operations'),
    ops('Read operations', price.readPer10k, 'monthly_read_operations'),
    ops('All other operations', price.otherPer10k, 'monthly_other_operations'),
  ];
  if (price.retrievalGb !== undefined) items.push(counted('Data retrieval', 'GB', price.retrievalGb, usage, 'monthly_data_retrieval_gb', 1, price.source));
  if (price.blobIndexPer10k !== undefined) items.push(counted('Blob index', '10k tags', price.blobIndexPer10k, usage, 'blob_index_tags', 10000, price.source));
  if (price.earlyDeletionGb !== undefined && kind === 'StorageV2') items.push(counted('Early deletion', 'GB', price.earlyDeletionGb, usage, 'early_deletion_gb', 1, price.source));
  return items;
}

/** An App Service plan: `worker_count` (1 unless said) instances of its `sku_name` × 730 h; a Windows container plan bills as Windows. */
function servicePlan(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['sku_name', 'os_type', 'worker_count']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const sku = a.sku_name;
  if (!sku) throw new Unpriceable('sku_name is not literal');
  const os = a.os_type === 'Linux' ? 'Linux' : 'Windows';
  const list = prices.azureServicePlan;
  const hourly = list?.[os]?.[sku];
  if (!list || hourly === undefined) throw new Unpriceable(`no price for App Service plan ${sku} (${os})`);
  const workers = num(usage.instances) ?? num(a.worker_count) ?? 1;
  return [item(`Instance usage (${sku})`, 'hours', hourly, workers * HOURS_PER_MONTH, list.source)];
}

/**
 * A legacy App Service plan (`azurerm_app_service_plan`): `sku.capacity` (1 unless said) instances of its `sku.size` ×
 * 730 h, at the prices of azurerm_service_plan's list. Its `kind` says the OS as Infracost reads it: Windows for
 * `Windows` or `app` (or none), Linux for any other kind, except that the v1 Premium and Isolated plans have one price
 * whatever the OS (Windows's). Elastic Premium and consumption (EP, Y1, WS) plans bill through their apps: not priced here.
 */
function appServicePlan(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const a = r.attributes;
  if (r.written.includes('kind') && a.kind === undefined) throw new Unpriceable('kind is not literal');
  const sku = r.blocks.sku?.[0];
  if (!sku) throw new Unpriceable('its sku block is not literal');
  for (const key of ['size', 'capacity']) if (sku.written.includes(key) && sku.attributes[key] === undefined) throw new Unpriceable(`sku.${key} is not literal`);
  const size = sku.attributes.size ?? '';
  if (/^(ep|y1|ws)/i.test(size)) throw new Unpriceable(`an ${size} plan bills through its function apps, which are not priced yet`);
  const kind = (a.kind ?? 'windows').toLowerCase();
  const v1 = /^[pi]\d{1,2}(v1)?$/i.test(size);
  const os = kind === 'windows' || kind === 'app' || v1 ? 'Windows' : 'Linux';
  const list = prices.azureServicePlan;
  // The price list names a v1 Premium plan without its version (`P1`, as azurerm_service_plan's `sku_name` does).
  const name = size.replace(/v1$/i, '');
  const hourly = list?.[os]?.[name];
  if (!list || hourly === undefined) throw new Unpriceable(`no price for App Service plan ${size} (${os})`);
  const capacity = num(sku.attributes.capacity) ?? 0;
  return [item(`Instance usage (${size})`, 'hours', hourly, (capacity > 0 ? capacity : 1) * HOURS_PER_MONTH, list.source)];
}

export const AZURE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  azurerm_kubernetes_cluster: kubernetesCluster,
  azurerm_kubernetes_cluster_node_pool: kubernetesNodePool,
  azurerm_linux_virtual_machine: linuxVirtualMachine,
  azurerm_postgresql_flexible_server: flexibleServer,
  azurerm_mysql_flexible_server: flexibleServer,
  azurerm_storage_account: storageAccount,
  azurerm_service_plan: servicePlan,
  azurerm_app_service_plan: appServicePlan,
};

/** Azure types that bill nothing by themselves. */
/**
 * Azure types that bill but whose meters (Azure SQL vCores and DTUs) are in no
 * price source bundled: Azure's Retail Prices API is not reachable offline, and no public snapshot of it with a licence
 * that permits reuse was found (#93). Listed with that reason rather than as a type not looked at.
 */
export const AZURE_NO_PRICE_DATA = new Set(['azurerm_mssql_database']);

export const AZURE_FREE = ['azurerm_resource_group', 'azurerm_virtual_network', 'azurerm_subnet', 'azurerm_network_security_group', 'azurerm_network_interface', 'azurerm_role_assignment', 'azurerm_user_assigned_identity', 'azurerm_express_route_circuit_peering', 'azurerm_storage_account_customer_managed_key', 'azurerm_vpn_site'];
