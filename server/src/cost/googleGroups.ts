/**
 * The cost of Compute Engine managed instance groups (zonal and regional), as Infracost prices them: `target_size`
 * instances (1 unless said; each per-instance config naming the group adds one) of the instance template its first
 * `version` names — the template's machine (preemptible or spot when its `scheduling` says), local SSDs (`SCRATCH`
 * disks), GPUs, and each persistent disk (`disk[i]`, 100 GB pd-standard unless said). Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { gpuItems, isPreemptible, localSsdItems, machineItems } from './googleCompute';
import { DISK_NAMES } from './googleDisks';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';

/** A group's pricer; `perInstance`: the per-instance config type and the attribute with which it names the group. */
function instanceGroupManager(perInstance: [string, string]) {
  return (r: TerraformResource, prices: RegionPrices, _usage: ResourceUsage, linked: Linked): CostItem[] => {
    if (r.written.includes('target_size') && r.attributes.target_size === undefined) throw new Unpriceable('target_size is not literal');
    // Several versions share the group's size by their own target sizes: not read.
    if ((r.blocks.version?.length ?? 0) > 1) throw new Unpriceable('several versions: their shares of the group are not read yet');
    const template = linked('version.instance_template');
    if (template?.type !== 'google_compute_instance_template' && template?.type !== 'google_compute_region_instance_template') throw new Unpriceable('its instance template is not in the stack');
    const t = template.attributes;
    if (!t.machine_type) throw new Unpriceable('its instance template\'s machine_type is not literal');
    const instances = (num(r.attributes.target_size) ?? 1) + linked.referrers(r, perInstance[0], perInstance[1]).length;
    const preemptible = isPreemptible(template);
    const hours = instances * HOURS_PER_MONTH;
    const disks = template.blocks.disk ?? [];
    const items = [
      ...machineItems(prices, { machine: t.machine_type, preemptible, hours, monthlyHours: HOURS_PER_MONTH }),
      ...localSsdItems(prices, disks.filter((d) => d.attributes.type === 'SCRATCH').length, preemptible, hours),
      ...gpuItems(prices, template.blocks.guest_accelerator ?? [], preemptible, hours),
    ];
    disks.forEach((d, i) => {
      if (d.attributes.type === 'SCRATCH') return;
      for (const key of ['disk_type', 'disk_size_gb', 'type']) if (d.written.includes(key) && d.attributes[key] === undefined) throw new Unpriceable(`disk[${i}].${key} is not literal`);
      const type = d.attributes.disk_type ?? 'pd-standard';
      const price = prices.disk?.[type];
      if (!price) throw new Unpriceable(`no price for disk type ${type}`);
      items.push(item(DISK_NAMES[type] ?? `Storage (${type})`, 'GB', price.gbMonth, (num(d.attributes.disk_size_gb) ?? 100) * instances, price.source, { subresource: `disk[${i}]` }));
    });
    return items;
  };
}

export const GOOGLE_GROUP_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  google_compute_instance_group_manager: instanceGroupManager(['google_compute_per_instance_config', 'instance_group_manager']),
  google_compute_region_instance_group_manager: instanceGroupManager(['google_compute_region_per_instance_config', 'region_instance_group_manager']),
};
