/**
 * The cost of Azure's other compute resources at the prices of schemas/cost/azure-prices.json: the classic
 * `azurerm_virtual_machine` (its OS and data disks), Windows VMs, Azure Machine Learning compute clusters and instances, managed disks and Linux and Windows VM scale sets,
 * as Infracost prices them. Pure.
 */
import type { ResourceBody, TerraformResource } from '../terraform/api';
import { LETTER, disk, tier, vmHours } from './azure';
import { HOURS_PER_MONTH, Unpriceable, item, num, round, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** A size the disk takes when none is written, as Infracost assumes (the smallest tier's). */
const DEFAULT_DISK_GB = 30;

/**
 * A managed disk: its tier's month and, on Standard HDD and SSD, its operations (a usage under
 * `<subresource>.monthly_disk_operations`). An unmanaged disk (no type) bills through its storage account.
 */
function managedDisk(prices: RegionPrices, type: string | undefined, sizeGb: number | undefined, subresource: string, usage: ResourceUsage): CostItem[] {
  if (type === undefined) return [];
  if (type === 'UltraSSD_LRS') throw new Unpriceable(`${subresource}: Ultra disks are not priced yet`);
  const letter = LETTER[type];
  if (!letter) throw new Unpriceable(`${subresource}: no price for managed disk type ${type}`);
  const items = [disk(prices, tier(letter, sizeGb ?? DEFAULT_DISK_GB), 1, subresource)];
  const operations = prices.azureDiskOperations?.[letter];
  if (operations) {
    const key = `${subresource}.monthly_disk_operations`;
    const count = num(usage[key]);
    items.push(item('Disk operations', '10k operations', operations.per10k, count === undefined ? undefined : count / 10000, operations.source, { subresource, ...(count === undefined ? { usageKey: key } : {}) }));
  }
  return items;
}

/** An attribute written but not known (a reference, a function of unknowns) stops the pricing with why. */
function literal(body: ResourceBody, keys: string[], prefix = ''): void {
  for (const key of keys) if (body.written.includes(key) && body.attributes[key] === undefined) throw new Unpriceable(`${prefix}${key} is not literal`);
}

/** Azure Hybrid Benefit: a Windows licence brought, the VM billed at Linux's price (as Infracost prices it). */
const hybridBenefit = (licence: string | undefined): boolean => licence === 'Windows_Server' || licence === 'Windows_Client';

/** The classic VM: Windows when its OS disk or profile says so; its hours, its managed OS disk and data disks. */
function virtualMachine(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  literal(r, ['vm_size', 'license_type']);
  const size = r.attributes.vm_size;
  if (!size) throw new Unpriceable('vm_size is not literal');
  const os = r.blocks.storage_os_disk?.[0];
  if (os) literal(os, ['os_type', 'managed_disk_type', 'disk_size_gb'], 'storage_os_disk.');
  const windows = (os?.attributes.os_type ?? '').toLowerCase() === 'windows' || (r.blocks.os_profile_windows_config?.length ?? 0) > 0;
  const items = [vmHours(prices, size, num(usage.monthly_hrs) ?? HOURS_PER_MONTH, '', windows && !hybridBenefit(r.attributes.license_type))];
  if (os) items.push(...managedDisk(prices, os.attributes.managed_disk_type, num(os.attributes.disk_size_gb), 'storage_os_disk', usage));
  for (const data of r.blocks.storage_data_disk ?? []) {
    literal(data, ['managed_disk_type', 'disk_size_gb'], 'storage_data_disk.');
    items.push(...managedDisk(prices, data.attributes.managed_disk_type, num(data.attributes.disk_size_gb), 'storage_data_disk', usage));
  }
  return items;
}

/** A Windows VM: its hours at Windows's price (Linux's under Hybrid Benefit) and its OS disk. */
function windowsVirtualMachine(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  literal(r, ['size', 'license_type', 'priority']);
  const size = r.attributes.size;
  if (!size) throw new Unpriceable('size is not literal');
  if (r.attributes.priority === 'Spot') throw new Unpriceable('spot VM: its price is not in the price list');
  const items = [vmHours(prices, size, num(usage.monthly_hrs) ?? HOURS_PER_MONTH, '', !hybridBenefit(r.attributes.license_type))];
  const os = r.blocks.os_disk?.[0];
  if (os) {
    literal(os, ['storage_account_type', 'disk_size_gb'], 'os_disk.');
    items.push(...managedDisk(prices, os.attributes.storage_account_type ?? 'Standard_LRS', num(os.attributes.disk_size_gb), 'os_disk', usage));
  }
  return items;
}

/**
 * A Machine Learning compute cluster: its `min_node_count` nodes (a usage's `instances` instead) the month (a usage's
 * `monthly_hrs` instead, one node at least then), at pay-as-you-go Linux prices whatever its `vm_priority`, as
 * Infracost prices it (low-priority prices are not in the price list).
 */
function machineLearningComputeCluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  literal(r, ['vm_size']);
  const size = r.attributes.vm_size;
  if (!size) throw new Unpriceable('vm_size is not literal');
  const scale = r.blocks.scale_settings?.[0];
  if (scale) literal(scale, ['min_node_count'], 'scale_settings.');
  const hours = num(usage.monthly_hrs);
  let nodes = num(usage.instances) ?? num(scale?.attributes.min_node_count) ?? 0;
  if (hours !== undefined) nodes = Math.max(nodes, 1);
  return [vmHours(prices, size, nodes * (hours ?? HOURS_PER_MONTH), '')];
}

/**
 * A Machine Learning compute instance: one VM of its `virtual_machine_size` the month (a usage's `monthly_hrs` instead),
 * at pay-as-you-go Linux prices, as Infracost prices it.
 */
function machineLearningComputeInstance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  literal(r, ['virtual_machine_size']);
  const size = r.attributes.virtual_machine_size;
  if (!size) throw new Unpriceable('virtual_machine_size is not literal');
  return [vmHours(prices, size, num(usage.monthly_hrs) ?? HOURS_PER_MONTH, '')];
}

/**
 * A Linux or Windows VM scale set: its `instances` (the usage's `instances` instead) × 730 h of its `sku` (Windows at its
 * licence-included price unless under Hybrid Benefit), and each instance's OS disk (`os_disk`), operations as usage.
 */
function scaleSet(windows: boolean) {
  return (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] => {
    literal(r, ['sku', 'instances', 'license_type', 'priority']);
    const size = r.attributes.sku;
    if (!size) throw new Unpriceable('sku is not literal');
    if (r.attributes.priority === 'Spot') throw new Unpriceable('spot VMs: their price is not in the price list');
    const instances = num(usage.instances) ?? num(r.attributes.instances) ?? 0;
    const items = [vmHours(prices, size, instances * HOURS_PER_MONTH, '', windows && !hybridBenefit(r.attributes.license_type))];
    const os = r.blocks.os_disk?.[0];
    if (os) {
      literal(os, ['storage_account_type', 'disk_size_gb'], 'os_disk.');
      // One disk an instance: the storage's months × the instances.
      for (const i of managedDisk(prices, os.attributes.storage_account_type ?? 'Standard_LRS', num(os.attributes.disk_size_gb), 'os_disk', usage)) {
        items.push(i.name.startsWith('Storage') && i.quantity !== undefined ? { ...i, quantity: i.quantity * instances, monthlyCost: round(i.quantity * instances * i.unitPrice) } : i);
      }
    }
    return items;
  };
}

/**
 * A managed disk of its own (`azurerm_managed_disk`): its tier's month — `storage_account_type` and `disk_size_gb`
 * (30 GB unless said) — and, on Standard HDD and SSD, its operations (usage `monthly_disk_operations`). Ultra disks,
 * zone-redundant types and a copy or import whose size is its source's: listed.
 */
function managedDiskResource(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  literal(r, ['storage_account_type', 'disk_size_gb']);
  const type = r.attributes.storage_account_type;
  if (!type) throw new Unpriceable('storage_account_type is not literal');
  if (type === 'UltraSSD_LRS') throw new Unpriceable('Ultra disks are not priced yet');
  const letter = LETTER[type];
  if (!letter) throw new Unpriceable(`no price for managed disk type ${type}`);
  const size = num(r.attributes.disk_size_gb);
  if (size === undefined && (r.attributes.create_option ?? 'Empty') !== 'Empty') throw new Unpriceable(`its size is its source's (create_option ${r.attributes.create_option ?? ''}): not read`);
  const name = tier(letter, size ?? DEFAULT_DISK_GB);
  const price = prices.azureDisk?.[name];
  if (!price) throw new Unpriceable(`no price for managed disk ${name}`);
  const items = [item(`Storage (${name}, LRS)`, 'months', price.monthly, 1, price.source)];
  const operations = prices.azureDiskOperations?.[letter];
  if (operations) {
    const count = num(usage.monthly_disk_operations);
    items.push(item('Disk operations', '10k operations', operations.per10k, count === undefined ? undefined : count / 10000, operations.source, count === undefined ? { usageKey: 'monthly_disk_operations' } : {}));
  }
  return items;
}

export const AZURE_COMPUTE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  azurerm_virtual_machine: virtualMachine,
  azurerm_windows_virtual_machine: windowsVirtualMachine,
  azurerm_machine_learning_compute_cluster: machineLearningComputeCluster,
  azurerm_machine_learning_compute_instance: machineLearningComputeInstance,
  azurerm_managed_disk: managedDiskResource,
  azurerm_linux_virtual_machine_scale_set: scaleSet(false),
  azurerm_windows_virtual_machine_scale_set: scaleSet(true),
};
