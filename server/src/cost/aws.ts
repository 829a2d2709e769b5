/**
 * The cost of AWS's Terraform resources beyond instances, databases and load balancers (pricing.ts): EBS volumes,
 * Elastic IPs and EKS managed node groups, at the prices of schemas/cost/aws-prices.json, as Infracost's breakdown
 * names their components. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';
import { ec2ReservedHourly } from './awsReserved';

export const EBS_NAMES: Record<string, string> = {
  gp2: 'Storage (general purpose SSD, gp2)',
  gp3: 'Storage (general purpose SSD, gp3)',
  io1: 'Storage (provisioned IOPS SSD, io1)',
  io2: 'Storage (provisioned IOPS SSD, io2)',
  st1: 'Storage (throughput optimized HDD, st1)',
  sc1: 'Storage (cold HDD, sc1)',
  standard: 'Storage (magnetic)',
};

/** gp3's IOPS and throughput included with every volume: only what is provisioned above them is billed. */
const GP3_IOPS = 3000;
const GP3_MBPS = 125;

/**
 * An EBS volume's components, whether a volume of its own or an instance's block device: its storage, io1/io2's
 * provisioned IOPS, gp3's IOPS and throughput above the included ones, magnetic's I/O requests (usage).
 */
export function ebsItems(prices: RegionPrices, type: string, size: number, iops: number | undefined, throughput: number | undefined, usage: ResourceUsage, extra: { subresource?: string } = {}): CostItem[] {
  const price = prices.ebs?.[type];
  if (!price) throw new Unpriceable(`no price for EBS volume type ${type}`);
  const out = [item(EBS_NAMES[type] ?? `Storage (${type})`, 'GB', price.gbMonth, size, price.source, extra)];
  if (type === 'gp3') {
    const above = (given: number | undefined, included: number, unitPrice: number | undefined, what: string): number | undefined => {
      if ((given ?? included) <= included) return undefined;
      if (unitPrice === undefined) throw new Unpriceable(`no price for gp3 ${what} above the included ${included}`);
      return (given ?? included) - included;
    };
    const mbps = above(throughput, GP3_MBPS, price.throughputMbpsMonth, 'throughput');
    if (mbps !== undefined) out.push(item('Provisioned throughput', 'Mbps', price.throughputMbpsMonth ?? 0, mbps, price.source, extra));
    const extraIops = above(iops, GP3_IOPS, price.iopsMonth, 'IOPS');
    if (extraIops !== undefined) out.push(item('Provisioned IOPS', 'IOPS', price.iopsMonth ?? 0, extraIops, price.source, extra));
  } else if (price.iopsMonth !== undefined) out.push(item('Provisioned IOPS', 'IOPS', price.iopsMonth, iops ?? 0, price.source, extra));
  if (price.perMillionRequests !== undefined) {
    const requests = num(usage.monthly_standard_io_requests);
    out.push(item('I/O requests', '1M request', price.perMillionRequests, requests === undefined ? undefined : requests / 1e6, price.source, { ...extra, ...(requests === undefined ? { usageKey: 'monthly_standard_io_requests' } : {}) }));
  }
  return out;
}

/** An EBS volume: 8 GB of gp2 unless said (a volume from a snapshot takes the snapshot's size, not read). */
function ebsVolume(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['type', 'size', 'iops', 'throughput']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  if (a.size === undefined && r.written.includes('snapshot_id')) throw new Unpriceable('its size is its snapshot\'s: not read');
  return ebsItems(prices, a.type ?? 'gp2', num(a.size) ?? 8, num(a.iops), num(a.throughput), usage);
}

/** An Elastic IP: its public IPv4 address's hour, as Infracost bills it (attached or not). */
function eip(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const price = prices.publicIpv4;
  if (!price) throw new Unpriceable(`no public IPv4 address price for ${r.region ?? 'its region'}`);
  if (r.written.includes('public_ipv4_pool') && r.attributes.public_ipv4_pool !== 'amazon') throw new Unpriceable('an address from your own pool (BYOIP) is not billed as Amazon\'s');
  return [item('IP address (if unused)', 'hours', price.hourly, HOURS_PER_MONTH, price.source)];
}

/**
 * An EKS managed node group: its nodes (`scaling_config.desired_size`, or the usage's `instances`) of the first of its
 * `instance_types` (else its launch template's `instance_type`, else t3.medium) with their gp2 disk (`disk_size`, 20 GB;
 * with a launch template, the template's `block_device_mappings`, each node's), and an unlimited burstable type's CPU
 * credits beyond the baseline (usage). A launch template the plan does not hold, with no `instance_types`: listed.
 */
function eksNodeGroup(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] {
  const a = r.attributes;
  // The launch template its `launch_template` block names (by id or name): its instance type and volumes.
  const lt = linked('launch_template.id') ?? linked('launch_template.name');
  // The first of `instance_types` is the one EKS launches (and Infracost prices); t3.medium when none is written.
  const types = r.values?.instance_types;
  const listed = Array.isArray(types) && typeof types[0] === 'string' ? types[0] : undefined;
  if (r.written.includes('instance_types') && !listed) throw new Unpriceable('instance_types is not literal');
  const template = (r.blocks.launch_template?.length ?? 0) > 0;
  if (template && !listed && !lt) throw new Unpriceable('launch_template: the instance type it gives is not read yet');
  if (lt?.written.includes('instance_type') && lt.attributes.instance_type === undefined) throw new Unpriceable('the launch template\'s instance_type is not literal');
  if (a.capacity_type === 'SPOT') throw new Unpriceable('spot nodes: their prices are not in the price list');
  if (usage.operating_system !== undefined && usage.operating_system !== 'linux') throw new Unpriceable(`operating system ${usage.operating_system}: its price is not in the price list`);
  const scaling = r.blocks.scaling_config?.[0];
  if (scaling?.written.includes('desired_size') && scaling.attributes.desired_size === undefined && usage.instances === undefined) throw new Unpriceable('scaling_config.desired_size is not literal');
  if (r.written.includes('disk_size') && a.disk_size === undefined) throw new Unpriceable('disk_size is not literal');
  const nodes = num(usage.instances) ?? num(scaling?.attributes.desired_size) ?? 1;
  const type = listed ?? lt?.attributes.instance_type ?? 't3.medium';
  const price = prices.ec2?.[type];
  if (!price) throw new Unpriceable(`no price for instance type ${type}`);
  const reserved = usage.reserved_instance_type !== undefined ? ec2ReservedHourly(prices, type, usage) : undefined;
  const items = [reserved ? item(`Instance usage (Linux/UNIX, reserved, ${type})`, 'hours', reserved.hourly, nodes * HOURS_PER_MONTH, reserved.source) : item(`Instance usage (Linux/UNIX, on-demand, ${type})`, 'hours', price.hourly, nodes * HOURS_PER_MONTH, price.source)];
  const hrs = num(usage.monthly_cpu_credit_hrs);
  const vcpus = num(usage.vcpu_count);
  // Only burstable types earn CPU credits (an m5 has none).
  if (prices.cpuCredits && hrs !== 0 && /^t[234][a-z]?\./.test(type)) items.push(item('CPU credits', 'vCPU-hours', prices.cpuCredits.vcpuHour, hrs !== undefined && vcpus !== undefined ? hrs * vcpus * nodes : undefined, prices.cpuCredits.source, hrs === undefined || vcpus === undefined ? { usageKey: 'monthly_cpu_credit_hrs' } : {}));
  // With a launch template the volumes are the template's (EKS refuses `disk_size` then), each node's.
  if (!template) return [...items, ...ebsItems(prices, 'gp2', (num(a.disk_size) ?? 20) * nodes, undefined, undefined, usage)];
  if (!lt) return items;
  return [...items, ...(lt.blocks.block_device_mappings ?? []).flatMap((m, i) => {
    const ebs = m.blocks.ebs?.[0];
    if (!ebs) return [];
    for (const key of ['volume_type', 'volume_size', 'iops', 'throughput']) if (ebs.written.includes(key) && ebs.attributes[key] === undefined) throw new Unpriceable(`the launch template's ${key} is not literal`);
    return ebsItems(prices, ebs.attributes.volume_type ?? 'gp2', (num(ebs.attributes.volume_size) ?? 8) * nodes, undefined, undefined, {}, { subresource: `block_device_mapping[${i}]` });
  })];
}

export const AWS_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  aws_ebs_volume: ebsVolume,
  aws_eip: eip,
  aws_eks_node_group: eksNodeGroup,
};
