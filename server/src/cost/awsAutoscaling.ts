/**
 * The cost of an EC2 Auto Scaling group (#93): its instances are the ones its launch configuration or launch template
 * describes (read through the plan's links, `linked()`), as many as it runs — the usage's `instances`, else
 * `desired_capacity`, else `min_size` (one when it is 0) — each with its volumes, EBS-optimized surcharge, detailed
 * monitoring (7 CloudWatch metrics an instance) and an unlimited burstable type's CPU credits (usage), as Infracost's
 * breakdown names them. A launch configuration or template not in the stack is listed with that reason. Pure.
 */
import type { ResourceBody, TerraformResource } from '../terraform/api';
import { ebsItems } from './aws';
import { HOURS_PER_MONTH, Unpriceable, item, num, round, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';
import { ec2ReservedHourly } from './awsReserved';

/** The metrics EC2's detailed monitoring sends an instance (Infracost's count, billed as custom metrics). */
const DETAILED_MONITORING_METRICS = 7;
const BURSTABLE = /^t[234][a-z]?\./;
const EMPTY: ResourceBody = { attributes: {}, written: [], blocks: {} };

/** What an instance of the group is, read from its launch configuration or template. */
interface Launch {
  kind: 'launch configuration' | 'launch template';
  type: string | undefined;
  ebsOptimized: boolean;
  monitoring: boolean;
  credits: string | undefined;
  tenancy: string | undefined;
  /** Each volume of an instance: its sub-resource, type, size, IOPS and throughput (the configuration's or template's text). */
  volumes: { subresource: string; body: ResourceBody }[];
}

/** A launch configuration: `root_block_device` (8 GB gp2 when absent) and `ebs_block_device`s; monitoring on unless `enable_monitoring = false`. */
function fromConfiguration(lc: TerraformResource): Launch {
  const a = lc.attributes;
  if (lc.written.includes('instance_type') && a.instance_type === undefined) throw new Unpriceable('the launch configuration\'s instance_type is not literal');
  return {
    kind: 'launch configuration',
    type: a.instance_type,
    ebsOptimized: a.ebs_optimized === 'true',
    monitoring: a.enable_monitoring !== 'false',
    credits: undefined,
    tenancy: a.placement_tenancy,
    volumes: [
      { subresource: 'root_block_device', body: lc.blocks.root_block_device?.[0] ?? EMPTY },
      ...(lc.blocks.ebs_block_device ?? []).map((body, i) => ({ subresource: `ebs_block_device[${i}]`, body })),
    ],
  };
}

/** A launch template: only its `block_device_mappings` (the AMI's root volume is not in the text); monitoring when `monitoring { enabled = true }`. */
function fromTemplate(lt: TerraformResource): Launch {
  const a = lt.attributes;
  if (lt.written.includes('instance_type') && a.instance_type === undefined) throw new Unpriceable('the launch template\'s instance_type is not literal');
  return {
    kind: 'launch template',
    type: a.instance_type,
    ebsOptimized: a.ebs_optimized === 'true',
    monitoring: lt.blocks.monitoring?.[0]?.attributes.enabled === 'true',
    credits: lt.blocks.credit_specification?.[0]?.attributes.cpu_credits,
    tenancy: lt.blocks.placement?.[0]?.attributes.tenancy,
    volumes: (lt.blocks.block_device_mappings ?? []).flatMap((m, i) => {
      const ebs = m.blocks.ebs?.[0];
      return ebs ? [{ subresource: `block_device_mapping[${i}]`, body: ebs }] : [];
    }),
  };
}

/**
 * A `mixed_instances_policy`: its launch template with the first `override`'s instance type (Infracost prices that one),
 * that override's `weighted_capacity` dividing the group's capacity into instances; only on-demand instances are
 * priced (`on_demand_base_capacity` plus `on_demand_percentage_above_base_capacity` of the rest, 100 by default):
 * a group with spot instances is unpriceable.
 */
function mixedPolicy(r: TerraformResource, linked: Linked): { launch: Launch; weight: number } {
  const policy = r.blocks.mixed_instances_policy?.[0] ?? EMPTY;
  const spec = 'mixed_instances_policy.launch_template.launch_template_specification';
  const lt = linked(`${spec}.launch_template_id`) ?? linked(`${spec}.launch_template_name`);
  if (!lt) throw new Unpriceable('mixed_instances_policy: the launch template it names is not in the stack');
  const launch = fromTemplate(lt);
  const override = policy.blocks.launch_template?.[0]?.blocks.override?.[0];
  for (const key of ['instance_type', 'weighted_capacity']) if (override?.written.includes(key) && override.attributes[key] === undefined) throw new Unpriceable(`mixed_instances_policy's override ${key} is not literal`);
  const distribution = policy.blocks.instances_distribution?.[0];
  for (const key of ['on_demand_base_capacity', 'on_demand_percentage_above_base_capacity']) if (distribution?.written.includes(key) && distribution.attributes[key] === undefined) throw new Unpriceable(`mixed_instances_policy's ${key} is not literal`);
  if ((num(distribution?.attributes.on_demand_percentage_above_base_capacity) ?? 100) < 100) throw new Unpriceable('mixed_instances_policy: its spot instances\' prices are not in the price list');
  return { launch: { ...launch, type: override?.attributes.instance_type ?? launch.type }, weight: Math.max(num(override?.attributes.weighted_capacity) ?? 1, 1) };
}

/** The group's launch configuration or template, from the plan's links; what it names but the stack does not hold: unpriceable. */
function launchOf(r: TerraformResource, linked: Linked): Launch {
  const lc = linked('launch_configuration');
  if (lc) return fromConfiguration(lc);
  const lt = linked('launch_template.id') ?? linked('launch_template.name');
  if (lt) return fromTemplate(lt);
  if (r.written.includes('launch_configuration')) throw new Unpriceable('launch_configuration: the launch configuration it names is not in the stack');
  if (r.blocks.launch_template) throw new Unpriceable('launch_template: the launch template it names is not in the stack');
  throw new Unpriceable('no launch configuration nor launch template: its instance type is unknown');
}

/** How many instances the group runs: the usage's `instances`, else `desired_capacity`, else `min_size` (at least one). */
function instancesOf(r: TerraformResource, usage: ResourceUsage): number {
  const given = num(usage.instances);
  if (given !== undefined) return given;
  for (const key of ['desired_capacity', 'min_size']) if (r.written.includes(key) && r.attributes[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const desired = num(r.attributes.desired_capacity);
  if (desired !== undefined) return desired;
  return Math.max(num(r.attributes.min_size) ?? 1, 1);
}

function autoscalingGroup(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] {
  const mixed = r.blocks.mixed_instances_policy ? mixedPolicy(r, linked) : undefined;
  const launch = mixed?.launch ?? launchOf(r, linked);
  if (usage.operating_system !== undefined && usage.operating_system !== 'linux') throw new Unpriceable(`operating system ${usage.operating_system}: its price is not in the price list`);
  if (launch.tenancy && launch.tenancy !== 'default') throw new Unpriceable(`tenancy ${launch.tenancy} (its ${launch.kind}'s): dedicated prices are not in the price list`);
  const type = launch.type;
  if (!type) throw new Unpriceable(`its ${launch.kind} names no instance_type`);
  const price = prices.ec2?.[type];
  if (!price) throw new Unpriceable(`no price for instance type ${type}`);
  // With weighted overrides the capacity counts units, each instance of the first override giving its weight.
  const nodes = Math.ceil(instancesOf(r, usage) / (mixed?.weight ?? 1));
  const hours = nodes * HOURS_PER_MONTH;
  const reserved = usage.reserved_instance_type !== undefined ? ec2ReservedHourly(prices, type, usage) : undefined;
  const items = [reserved ? item(`Instance usage (Linux/UNIX, reserved, ${type})`, 'hours', reserved.hourly, hours, reserved.source) : item(`Instance usage (Linux/UNIX, on-demand, ${type})`, 'hours', price.hourly, hours, price.source)];
  if (launch.ebsOptimized && price.ebsOptimizedHourly !== undefined) items.push(item('EBS-optimized usage', 'hours', price.ebsOptimizedHourly, hours, price.source));
  if (launch.monitoring) {
    const metric = prices.cloudwatchMetric;
    if (!metric) throw new Unpriceable(`no price for CloudWatch metrics (detailed monitoring) in ${r.region ?? 'its region'}`);
    items.push(item('EC2 detailed monitoring', 'metrics', metric.firstTierMonthly, DETAILED_MONITORING_METRICS * nodes, metric.source));
  }
  // Burstable types: unlimited by default from t3 on, standard on t2; credits beyond the baseline are usage, each instance's.
  const credits = launch.credits ?? (type.startsWith('t2.') ? 'standard' : 'unlimited');
  const hrs = num(usage.monthly_cpu_credit_hrs);
  const vcpus = num(usage.vcpu_count);
  if (BURSTABLE.test(type) && credits === 'unlimited' && hrs !== 0) {
    if (!prices.cpuCredits) { if (hrs !== undefined) throw new Unpriceable(`no price for CPU credits in ${r.region ?? 'its region'}`); } else {
      const known = hrs !== undefined && vcpus !== undefined;
      items.push(item('CPU credits', 'vCPU-hours', prices.cpuCredits.vcpuHour, known ? hrs * vcpus * nodes : undefined, prices.cpuCredits.source, known ? {} : { usageKey: 'monthly_cpu_credit_hrs' }));
    }
  }
  for (const { subresource, body } of launch.volumes) {
    const v = body.attributes;
    for (const key of ['volume_type', 'volume_size', 'iops', 'throughput']) if (body.written.includes(key) && v[key] === undefined) throw new Unpriceable(`the ${launch.kind}'s ${subresource}.${key} is not literal`);
    // Each instance has its volumes (gp3's included IOPS and throughput each's): one instance's items, times the instances.
    const one = ebsItems(prices, v.volume_type ?? 'gp2', num(v.volume_size) ?? 8, num(v.iops), num(v.throughput), {}, { subresource });
    items.push(...one.map((i) => (i.quantity === undefined ? i : { ...i, quantity: round(i.quantity * nodes), monthlyCost: round(i.quantity * nodes * i.unitPrice) })));
  }
  return items;
}

export const AWS_AUTOSCALING_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  aws_autoscaling_group: autoscalingGroup,
};
