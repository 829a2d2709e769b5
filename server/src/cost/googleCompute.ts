/**
 * What a Compute Engine machine bills, as Infracost prices it: its machine hours (a predefined type's, or a custom
 * type's vCPUs, memory and extended memory), on demand — with Google's sustained-use discount for the hours it runs — or
 * preemptible (spot); its local SSDs (375 GB each) and its GPUs (`guest_accelerator`). Shared by instances, GKE node
 * pools and clusters. Pure.
 */
import type { ResourceBody, TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, round, type CostItem, type RegionPrices } from './model';

/** A preemptible or spot instance or template (its `scheduling`). */
export const isPreemptible = (r: TerraformResource): boolean => r.blocks.scheduling?.some((s) => s.attributes.preemptible === 'true' || s.attributes.provisioning_model === 'SPOT') ?? false;

/** A local SSD's size, as Compute Engine attaches it. */
const LOCAL_SSD_GB = 375;

/** The sustained-use discount of a whole month by machine family (Infracost's reading): 30 % on N1, F1, G1, M1 and N1 custom types, 20 % on C2, N2, N2D, none on the others. */
const FULL_MONTH_DISCOUNT: Record<string, number> = { n1: 0.3, f1: 0.3, g1: 0.3, m1: 0.3, custom: 0.3, c2: 0.2, n2: 0.2, n2d: 0.2 };
/** The rate of each quarter of the month's hours (Google's sustained-use tiers). */
const QUARTER_RATES: Record<number, number[]> = { 0.3: [1, 0.8, 0.6, 0.4], 0.2: [1, 0.8678, 0.733, 0.6] };

/**
 * The share of an on-demand price a machine running `hours` a month pays: 1 less its average sustained-use discount
 * (rounded to the percent, as Infracost rounds it). The prices are whole months' (the discount in them), so the share is
 * relative to that month: 1 at 730 hours.
 */
function sustainedShare(family: string, hours: number): number {
  const full = FULL_MONTH_DISCOUNT[family] ?? 0;
  const rates = QUARTER_RATES[full];
  if (!rates || hours <= 0) return 1;
  const quarter = HOURS_PER_MONTH / 4;
  let rated = 0;
  let left = hours;
  for (const rate of rates) {
    const step = Math.min(left, quarter);
    rated += step * rate;
    left -= step;
    if (left <= 0) break;
  }
  const discount = Math.round((1 - rated / hours) * 100) / 100;
  return (1 - discount) / (1 - full);
}

/** `custom-6-20480`, `n2-custom-6-20480`, `custom-2-15360-ext`: the family (N1 unless named), vCPUs, memory in GB and whether it is extended. */
function customShape(machine: string): { family: string; vcpus: number; memoryGb: number; extended: boolean } | undefined {
  const m = /^(?:([a-z0-9]{1,4})-)?custom-(\d{1,3})-(\d{3,7})(-ext)?$/.exec(machine);
  if (!m) return undefined;
  return { family: (m[1] ?? 'n1').toUpperCase(), vcpus: Number(m[2]), memoryGb: Number(m[3]) / 1024, extended: m[4] !== undefined };
}

export interface MachineUse {
  machine: string;
  preemptible: boolean;
  /** The machines' hours in the month (instances × hours). */
  hours: number;
  /** One machine's hours in the month (its sustained-use discount's). */
  monthlyHours: number;
  subresource?: string;
}

/** A machine type's hours: a predefined type's price, or a custom type's vCPU, memory and extended memory prices. */
export function machineItems(prices: RegionPrices, use: MachineUse): CostItem[] {
  const { machine, preemptible, hours } = use;
  const label = preemptible ? 'preemptible' : 'on-demand';
  const extra = use.subresource ? { subresource: use.subresource } : {};
  const family = machine.split('-', 1)[0];
  const share = preemptible ? 1 : sustainedShare(family, use.monthlyHours);
  // A whole month's price stays as the list gives it; fewer hours pay more an hour (less discount).
  const at = (hourly: number): number => (share === 1 ? hourly : round(hourly * share));
  const extras = prices.gceExtras;
  const custom = customShape(machine);
  if (custom) {
    const price = extras?.custom[custom.family]?.[preemptible ? 'preemptible' : 'onDemand'];
    if (!price || !extras) throw new Unpriceable(`no ${label} price for ${custom.family} custom machine types`);
    // Memory beyond 6.5 GB a vCPU (N1; 8 GB on the others) is extended memory, priced apart.
    const most = custom.vcpus * (custom.family === 'N1' ? 6.5 : 8);
    const extended = custom.extended ? Math.max(custom.memoryGb - most, 0) : 0;
    const memory = custom.memoryGb - extended;
    const items = [
      item(`Custom instance CPU (Linux/UNIX, ${label}, ${custom.family} ${custom.vcpus} vCPUs)`, 'vCPU-hours', at(price.vcpuHourly), hours * custom.vcpus, extras.source, extra),
      item(`Custom Instance RAM (Linux/UNIX, ${label}, ${custom.family} ${round(memory)} GB)`, 'GB-hours', at(price.gbHourly), hours * memory, extras.source, extra),
    ];
    if (extended > 0) {
      if (price.extendedGbHourly === undefined) throw new Unpriceable(`no ${label} price for ${custom.family} extended memory`);
      items.push(item(`Custom Instance Extended RAM (Linux/UNIX, ${label}, ${custom.family} ${round(extended)} GB)`, 'GB-hours', at(price.extendedGbHourly), hours * extended, extras.source, extra));
    }
    return items;
  }
  const hourly = preemptible ? extras?.preemptibleHourly[machine] : prices.gce?.[machine]?.hourly ?? extras?.onDemandHourly[machine];
  if (hourly === undefined) throw new Unpriceable(`no ${preemptible ? 'preemptible ' : ''}price for machine type ${machine}`);
  const source = !preemptible && prices.gce?.[machine] ? prices.gce[machine].source : extras?.source ?? '';
  return [item(`Instance usage (Linux/UNIX, ${label}, ${machine})`, 'hours', at(hourly), hours, source, extra)];
}

/** Local SSDs: `count` disks of 375 GB on each machine, for the machines' hours. */
export function localSsdItems(prices: RegionPrices, count: number, preemptible: boolean, hours: number, subresource?: string): CostItem[] {
  if (count <= 0) return [];
  const extras = prices.gceExtras;
  const price = preemptible ? extras?.localSsdGbMonth.preemptible : extras?.localSsdGbMonth.onDemand;
  if (price === undefined || !extras) throw new Unpriceable(`no ${preemptible ? 'preemptible ' : ''}local SSD price in its region`);
  return [item('Local SSD provisioned storage', 'GB', price, (hours / HOURS_PER_MONTH) * count * LOCAL_SSD_GB, extras.source, subresource ? { subresource } : {})];
}

/** `nvidia-tesla-k80` → `NVIDIA Tesla K80`, as Infracost names a GPU. */
const gpuName = (type: string): string => {
  const [vendor, ...rest] = type.split('-');
  return [vendor.toUpperCase(), ...rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())].join(' ');
};

/** The GPUs of `guest_accelerator` blocks: each type's count on each machine, for the machines' hours (Infracost's on-demand price has the 30 % sustained-use discount, whatever the hours). */
export function gpuItems(prices: RegionPrices, blocks: readonly ResourceBody[], preemptible: boolean, hours: number, subresource?: string): CostItem[] {
  const extras = prices.gceExtras;
  return blocks.map((b) => {
    for (const key of ['type', 'count']) if (b.written.includes(key) && b.attributes[key] === undefined) throw new Unpriceable(`guest_accelerator.${key} is not literal`);
    const type = b.attributes.type;
    if (!type) throw new Unpriceable('guest_accelerator.type is not literal');
    const price = extras?.gpuHourly[type]?.[preemptible ? 'preemptible' : 'onDemand'];
    if (price === undefined || !extras) throw new Unpriceable(`no ${preemptible ? 'preemptible ' : ''}price for GPU ${type}`);
    const count = num(b.attributes.count) ?? 1;
    return item(`${gpuName(type)} (${preemptible ? 'preemptible' : 'on-demand'})`, 'hours', price, hours * count, extras.source, subresource ? { subresource } : {});
  });
}
