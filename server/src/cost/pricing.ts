/**
 * The cost of Terraform resources: from each resource instance (terraform/api.ts's
 * `terraformResources`), the price list (schemas/cost/aws-prices.json) and a usage file (Infracost's
 * `infracost-usage.yml` shape), its cost components — name, monthly quantity, unit, unit price,
 * monthly cost — as Infracost's breakdown lists them. What cannot be priced is listed with its reason,
 * never counted as 0. Pure: the price list and the usage are given.
 */
import type { TerraformResource, ResourceBody } from '../terraform/api';
import { AWS_PRICERS, EBS_NAMES, ebsItems } from './aws';
import { AWS_API_GATEWAY_PRICERS } from './awsApiGateway';
import { AWS_AURORA_PRICERS, auroraHourly, extendedSupport } from './awsAurora';
import { AWS_AUTOSCALING_PRICERS } from './awsAutoscaling';
import { AWS_CLUSTER_PRICERS } from './awsClusters';
import { AWS_DOCDB_PRICERS } from './awsDocdb';
import { AWS_DYNAMODB_PRICERS } from './awsDynamodb';
import { commercialClasses, isCommercialEngine } from './awsRds';
import { ec2ReservedHourly, rdsReservedHourly } from './awsReserved';
import { AWS_SEARCH_PRICERS } from './awsSearch';
import { AWS_EFS_PRICERS } from './awsEfs';
import { AWS_GLUE_PRICERS } from './awsGlue';
import { AWS_HOST_PRICERS } from './awsHost';
import { AWS_FARGATE_FREE, AWS_FARGATE_PRICERS } from './awsFargate';
import { AWS_SERVICE_PRICERS } from './awsServices';
import { AZURE_FREE, AZURE_NO_PRICE_DATA, AZURE_PRICERS, azureRegion } from './azure';
import { AZURE_COGNITIVE_PRICERS } from './azureCognitive';
import { AZURE_COMPUTE_PRICERS } from './azureCompute';
import { AZURE_FUNCTION_PRICERS } from './azureFunctions';
import { AZURE_NETWORK_PRICERS } from './azureNetwork';
import { GOOGLE_FREE, GOOGLE_PRICERS, googleRegion } from './google';
import { HOURS_PER_MONTH, Unpriceable, item, num, round, type CostItem, type CostReport, type PriceList, type Linked, type RegionPrices, type Related, type ResourceUsage, type Usage } from './model';

/** Types free by themselves that the price lists' `free` (Infracost's) may not name: neither priced nor listed. */
const FREE = new Set(['aws_vpc', 'aws_subnet', 'aws_security_group', 'aws_security_group_rule', 'aws_route_table', 'aws_route_table_association', 'aws_internet_gateway', 'aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_launch_template', 'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_eip_association', 'aws_key_pair', 'aws_appautoscaling_target', ...AWS_FARGATE_FREE, ...GOOGLE_FREE, ...AZURE_FREE]);

/** An EBS volume of an instance (`root_block_device`, `ebs_block_device`): storage, IOPS, throughput, I/O requests. */
function volume(prices: RegionPrices, body: ResourceBody, subresource: string): CostItem[] {
  const a = body.attributes;
  return ebsItems(prices, a.volume_type ?? 'gp2', num(a.volume_size) ?? 8, num(a.iops), num(a.throughput), {}, { subresource });
}

const BURSTABLE = /^t[234][a-z]?\./;

const EMPTY_BODY: ResourceBody = { attributes: {}, written: [], blocks: {} };

/** A block written over another (a launch template's): the written attributes of `over` win, the rest is `under`'s. */
function overlay(under: ResourceBody, over: ResourceBody): ResourceBody {
  const attributes = { ...under.attributes };
  for (const key of over.written) {
    if (over.attributes[key] === undefined) delete attributes[key];
    else attributes[key] = over.attributes[key];
  }
  return { attributes, written: [...new Set([...under.written, ...over.written])], blocks: { ...under.blocks, ...over.blocks } };
}

/**
 * An instance with a `launch_template`: what the instance does not write is the template's, as EC2 launches it — the
 * instance type, EBS optimization, detailed monitoring, CPU credits, tenancy — and the template's
 * `block_device_mappings` are its EBS volumes, merged by `device_name` with the instance's `ebs_block_device`s (the
 * instance's attributes win), the others after them.
 */
function withLaunchTemplate(r: TerraformResource, linked: Linked): ResourceBody {
  if (!r.blocks.launch_template) return r;
  const lt = linked('launch_template.id') ?? linked('launch_template.name');
  if (!lt) throw new Unpriceable('launch_template: the launch template it names is not in the stack');
  const t = lt.attributes;
  for (const key of ['instance_type', 'ebs_optimized']) if (!r.written.includes(key) && lt.written.includes(key) && t[key] === undefined) throw new Unpriceable(`the launch template's ${key} is not literal`);
  const fromTemplate: ResourceBody = {
    attributes: {
      ...(t.instance_type !== undefined ? { instance_type: t.instance_type } : {}),
      ...(t.ebs_optimized !== undefined ? { ebs_optimized: t.ebs_optimized } : {}),
      ...(lt.blocks.monitoring?.[0]?.attributes.enabled !== undefined ? { monitoring: lt.blocks.monitoring[0].attributes.enabled } : {}),
      ...(lt.blocks.placement?.[0]?.attributes.tenancy !== undefined ? { tenancy: lt.blocks.placement[0].attributes.tenancy } : {}),
    },
    written: [],
    blocks: lt.blocks.credit_specification ? { credit_specification: lt.blocks.credit_specification } : {},
  };
  const merged = overlay(fromTemplate, r);
  const own = r.blocks.ebs_block_device ?? [];
  const mappings = (lt.blocks.block_device_mappings ?? []).flatMap((m) => {
    const ebs = m.blocks.ebs?.[0];
    return ebs ? [{ device: m.attributes.device_name, ebs }] : [];
  });
  const volumes = own.map((b) => {
    const same = mappings.find((m) => m.device !== undefined && m.device === b.attributes.device_name);
    return same ? overlay(same.ebs, b) : b;
  });
  for (const m of mappings) if (m.device === undefined || !own.some((b) => b.attributes.device_name === m.device)) volumes.push(m.ebs);
  return { ...merged, blocks: { ...merged.blocks, ebs_block_device: volumes } };
}

function instance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] {
  const launched = withLaunchTemplate(r, linked);
  const a = launched.attributes;
  if (a.tenancy && a.tenancy !== 'default') throw new Unpriceable(`tenancy ${a.tenancy}${r.written.includes('tenancy') || !r.blocks.launch_template ? '' : ' (its launch template\'s)'}: dedicated prices are not in the price list`);
  if (r.blocks.instance_market_options) throw new Unpriceable('spot instance: spot prices are not in the price list');
  const volumes = (): CostItem[] => {
    if (!prices.ebs) throw new Unpriceable(`no EBS prices for region ${r.region ?? 'its region'}`);
    return [
      ...volume(prices, r.blocks.root_block_device?.[0] ?? EMPTY_BODY, 'root_block_device'),
      ...(launched.blocks.ebs_block_device ?? []).flatMap((b, i) => volume(prices, b, `ebs_block_device[${i}]`)),
    ];
  };
  // On a dedicated host the host is billed (aws_ec2_host), the instance only for its volumes.
  if (r.written.includes('host_id')) return volumes();
  const type = a.instance_type;
  if (!type) throw new Unpriceable('instance_type is not literal');
  if (!prices.ec2) throw new Unpriceable(`no EC2 prices for region ${r.region ?? 'its region'}`);
  const price = prices.ec2[type];
  if (!price) throw new Unpriceable(`no price for instance type ${type}`);
  const hours = num(usage.monthly_hrs) ?? HOURS_PER_MONTH;
  const reserved = usage.reserved_instance_type !== undefined ? ec2ReservedHourly(prices, type, usage) : undefined;
  const items = [reserved ? item(`Instance usage (Linux/UNIX, reserved, ${type})`, 'hours', reserved.hourly, hours, reserved.source) : item(`Instance usage (Linux/UNIX, on-demand, ${type})`, 'hours', price.hourly, hours, price.source)];
  // Detailed monitoring: 7 CloudWatch metrics a month, whatever its hours (Infracost's count).
  if (a.monitoring === 'true') {
    if (!prices.cloudwatchMetric) throw new Unpriceable(`no price for CloudWatch metrics (detailed monitoring) in ${r.region ?? 'its region'}`);
    items.push(item('EC2 detailed monitoring', 'metrics', prices.cloudwatchMetric.firstTierMonthly, 7, prices.cloudwatchMetric.source));
  }
  if (a.ebs_optimized === 'true' && price.ebsOptimizedHourly !== undefined) items.push(item('EBS-optimized usage', 'hours', price.ebsOptimizedHourly, hours, price.source));
  // Burstable types: unlimited by default from t3 on, standard on t2; credits beyond the baseline are usage.
  const credits = launched.blocks.credit_specification?.[0]?.attributes.cpu_credits ?? (type.startsWith('t2.') ? 'standard' : 'unlimited');
  const hrs = num(usage.monthly_cpu_credit_hrs);
  const vcpus = num(usage.vcpu_count);
  // Outside us-east-1 no source gives the surplus credits' price: a usage that bills them leaves the instance unpriced.
  if (BURSTABLE.test(type) && credits === 'unlimited' && !prices.cpuCredits && hrs !== undefined && hrs !== 0) throw new Unpriceable(`no price for CPU credits in ${r.region ?? 'its region'}`);
  if (BURSTABLE.test(type) && credits === 'unlimited' && prices.cpuCredits) {
    if (hrs !== 0) items.push(item('CPU credits', 'vCPU-hours', prices.cpuCredits.vcpuHour, hrs !== undefined && vcpus !== undefined ? hrs * vcpus : undefined, prices.cpuCredits.source, hrs === undefined || vcpus === undefined ? { usageKey: 'monthly_cpu_credit_hrs' } : {}));
  }
  return [...items, ...volumes()];
}

function natGateway(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  if (r.attributes.connectivity_type === 'private') throw new Unpriceable('private NAT gateway: its price is not in the price list');
  const price = prices.natGateway;
  if (!price) throw new Unpriceable(`no NAT gateway price for ${r.region ?? 'its region'}`);
  const gb = num(usage.monthly_data_processed_gb);
  return [item('NAT gateway', 'hours', price.hourly, HOURS_PER_MONTH, price.source), item('Data processed', 'GB', price.gb, gb, price.source, gb === undefined ? { usageKey: 'monthly_data_processed_gb' } : {})];
}

/**
 * A load balancer: its hours and its capacity units. With Infracost's usage keys, the LCU-hours of a
 * month are the largest of new_connections / 100, active_connections / 3000, processed_bytes_gb and
 * (application) rule_evaluations / 1000; shown, as Infracost does, as the month's average LCUs.
 */
function loadBalancer(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const kind = r.type === 'aws_alb' ? 'application' : (r.attributes.load_balancer_type ?? 'application');
  // Outside us-east-1 no public, licensed source of ELB's prices by region was found (docs/cost.md says what was searched).
  if (!prices.loadBalancer) throw new Unpriceable(`no load balancer prices for region ${r.region ?? 'its region'}: no public source of them was found`);
  const price = prices.loadBalancer[kind];
  if (!price) throw new Unpriceable(`no price for ${kind === 'application' ? 'an' : 'a'} ${kind} load balancer in ${r.region ?? 'its region'}`);
  const dims = [num(usage.new_connections), num(usage.active_connections), num(usage.processed_bytes_gb)];
  const divisors = [100, 3000, 1];
  const given = dims.flatMap((d, i) => (d === undefined ? [] : [d / divisors[i]]));
  const rules = num(usage.rule_evaluations);
  if (kind === 'application' && rules !== undefined && given.length) given.push(rules / 1000);
  const lcuHours = given.length ? Math.max(...given) : undefined;
  const label = kind === 'application' ? 'Application load balancer' : 'Network load balancer';
  return [
    item(label, 'hours', price.hourly, HOURS_PER_MONTH, price.source),
    item('Load balancer capacity units', 'LCU', round(price.lcuHourly * HOURS_PER_MONTH), lcuHours === undefined ? undefined : lcuHours / HOURS_PER_MONTH, price.source, lcuHours === undefined ? { usageKey: 'processed_bytes_gb' } : {}),
  ];
}

/** A Classic Load Balancer: its hours and the GB it processes (Infracost's usage key). */
function classicLoadBalancer(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const price = prices.classicLoadBalancer;
  if (!price) throw new Unpriceable(`no Classic Load Balancer price for region ${r.region ?? 'its region'}: no public source of it was found`);
  const gb = num(usage.monthly_data_processed_gb);
  return [item('Classic load balancer', 'hours', price.hourly, HOURS_PER_MONTH, price.source), item('Data processed', 'GB', price.gb, gb, price.source, gb === undefined ? { usageKey: 'monthly_data_processed_gb' } : {})];
}

/** `1.29` → [1, 29]; undefined for anything else. */
const version = (v: string | undefined): [number, number] | undefined => {
  const m = v === undefined ? null : /^(\d{1,3})\.(\d{1,3})$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};

/** An EKS control plane: a version older than the first in standard support (the price list says which, at its date) is billed at the extended-support rate, unless its upgrade policy is STANDARD. */
function eksCluster(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const price = prices.eks;
  if (!price) throw new Unpriceable(`no EKS price for ${r.region ?? 'its region'}`);
  const v = version(r.attributes.version);
  const first = version(price.standardSupportFrom);
  const older = v !== undefined && first !== undefined && (v[0] < first[0] || (v[0] === first[0] && v[1] < first[1]));
  const extended = older && r.blocks.upgrade_policy?.[0]?.attributes.support_type !== 'STANDARD';
  return [extended ? item('EKS cluster (extended support)', 'hours', price.extendedSupportHourly, HOURS_PER_MONTH, price.source) : item('EKS cluster', 'hours', price.hourly, HOURS_PER_MONTH, price.source)];
}

const RDS_STORAGE_NAMES: Record<string, string> = { ...EBS_NAMES, st1: 'Storage (throughput optimised HDD, st1)' };

/**
 * A read replica (`replicate_source_db = aws_db_instance.x.identifier`): RDS gives it its source's engine and version, and
 * its source's storage type and size unless it writes its own. A source the plan does not hold: the replica as written.
 */
function replicaOf(r: TerraformResource, linked: Linked): ResourceBody {
  const source = r.written.includes('replicate_source_db') ? linked('replicate_source_db') : undefined;
  if (!source) return r;
  const inherited = Object.fromEntries(['engine', 'engine_version', 'storage_type', 'allocated_storage', 'iops'].flatMap((key) => (source.attributes[key] === undefined ? [] : [[key, source.attributes[key]]])));
  return overlay({ attributes: inherited, written: source.written.filter((key) => key in inherited), blocks: {} }, r);
}

/**
 * An RDS instance (MySQL, PostgreSQL, MariaDB): its hours (Single- or Multi-AZ), its storage (20 GB gp2
 * by default; io1 at least 100 GB and 1,000 IOPS; gp3's IOPS above 3,000, or 12,000 from 400 GB),
 * billed twice when Multi-AZ, and its backup storage beyond the free share (usage).
 */
function dbInstance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] {
  const rds = prices.rds;
  if (!rds) throw new Unpriceable(`no RDS prices for ${r.region ?? 'its region'}`);
  const a = replicaOf(r, linked).attributes;
  const engine = a.engine;
  if (!engine) throw new Unpriceable(r.written.includes('engine') || !r.written.includes('replicate_source_db') ? 'engine is not literal' : 'read replica: its source (whose engine it runs) is not in the stack');
  // An attribute that changes the price but is not literal (a variable, `each.value.x` of an object): never priced at its default.
  for (const key of ['engine_version', 'instance_class', 'multi_az', 'storage_type', 'allocated_storage', 'iops', 'license_model']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  // An Aurora engine on aws_db_instance: Aurora's class prices, RDS's storage (as Infracost bills it).
  const aurora = engine.startsWith('aurora');
  const commercial = isCommercialEngine(engine) ? commercialClasses(prices, engine, a.license_model) : undefined;
  const classes = aurora ? undefined : (commercial?.classes ?? rds.instances[engine]);
  if (aurora ? !prices.aurora : !classes) throw new Unpriceable(`engine ${engine} is not priced yet`);
  if (usage.reserved_instance_term !== undefined && aurora) throw new Unpriceable('reserved instance: reserved Aurora prices are not in the price list');
  if (a.performance_insights_enabled === 'true' && (num(a.performance_insights_retention_period) ?? 7) > 7) throw new Unpriceable('Performance Insights long-term retention is not in the price list');
  const cls = a.instance_class;
  if (!cls) throw new Unpriceable('instance_class is not literal');
  const support = extendedSupport(prices, engine, a.engine_version, cls, r.region);
  const auroraPrice = aurora ? auroraHourly(prices, engine, cls) : undefined;
  const price: { hourly: number; multiAzHourly?: number } | undefined = aurora ? (auroraPrice === undefined ? undefined : { hourly: auroraPrice }) : classes?.[cls];
  if (!price) throw new Unpriceable(`no price for ${engine} on ${cls}`);
  const multiAz = a.multi_az === 'true';
  if (multiAz && price.multiAzHourly === undefined && usage.reserved_instance_term === undefined) throw new Unpriceable(`no Multi-AZ price for ${engine} on ${cls}`);
  const az = multiAz ? 'Multi-AZ' : 'Single-AZ';
  const reserved = usage.reserved_instance_term !== undefined ? rdsReservedHourly(prices, engine, cls, multiAz, usage) : undefined;
  const items = [reserved ? item(`Database instance (reserved, ${az}, ${cls})`, 'hours', reserved.hourly, HOURS_PER_MONTH, reserved.source) : item(`Database instance (on-demand, ${az}, ${cls})`, 'hours', multiAz ? (price.multiAzHourly ?? 0) : price.hourly, HOURS_PER_MONTH, aurora ? (prices.aurora?.source ?? rds.source) : (commercial?.source ?? rds.source))];
  const type = a.storage_type ?? (a.iops !== undefined ? 'io1' : 'gp2');
  const storage = rds.storage[type];
  if (!storage) throw new Unpriceable(`no price for RDS storage type ${type}`);
  // Multi-AZ bills the standby's storage and IOPS too: the source's Multi-AZ price where it gives one (not always twice Single-AZ's: eu-west-1's gp2 is $0.253 for $0.127), else twice.
  const gbMonth = multiAz ? (storage.multiAzGbMonth ?? round(storage.gbMonth * 2)) : storage.gbMonth;
  const iopsMonth = storage.iopsMonth === undefined ? undefined : multiAz ? (storage.multiAzIopsMonth ?? round(storage.iopsMonth * 2)) : storage.iopsMonth;
  let size = num(a.allocated_storage) ?? 20;
  let iops = num(a.iops);
  if (type === 'io1') { size = Math.max(size, 100); iops = Math.max(iops ?? 0, 1000); }
  items.push(item(RDS_STORAGE_NAMES[type] ?? `Storage (${type})`, 'GB', gbMonth, size, rds.source));
  if (type === 'io1' && iopsMonth !== undefined) items.push(item('Provisioned IOPS', 'IOPS', iopsMonth, iops ?? 0, rds.source));
  if (type === 'gp3' && iopsMonth !== undefined) {
    const baseline = size >= 400 ? 12000 : 3000;
    if ((iops ?? 0) > baseline) items.push(item(`Provisioned GP3 IOPS (above ${baseline.toLocaleString('en-US')})`, 'IOPS', iopsMonth, (iops ?? 0) - baseline, rds.source));
  }
  if (storage.perMillionRequests !== undefined) items.push(item('I/O requests', '1M request', storage.perMillionRequests, undefined, rds.source, { usageKey: 'monthly_standard_io_requests' }));
  const backup = num(usage.additional_backup_storage_gb);
  if (backup !== undefined || (num(a.backup_retention_period) ?? 0) > 0) {
    // Aurora's backup storage has its own price.
    const backupPrice = aurora ? prices.aurora?.backupGbMonth : rds.backupGbMonth;
    if (backupPrice === undefined) throw new Unpriceable(`no price for RDS backup storage in ${r.region ?? 'its region'}`);
    items.push(item('Additional backup storage', 'GB', backupPrice, backup, aurora ? (prices.aurora?.source ?? rds.source) : rds.source, backup === undefined ? { usageKey: 'additional_backup_storage_gb' } : {}));
  }
  return support ? [...items, support] : items;
}

const PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked, related: Related) => CostItem[]> = {
  aws_instance: instance,
  aws_nat_gateway: natGateway,
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_elb: classicLoadBalancer,
  aws_eks_cluster: eksCluster,
  aws_db_instance: dbInstance,
  ...AWS_PRICERS,
  ...AWS_SERVICE_PRICERS,
  ...AWS_CLUSTER_PRICERS,
  ...AWS_AUTOSCALING_PRICERS,
  ...AWS_AURORA_PRICERS,
  ...AWS_FARGATE_PRICERS,
  ...AWS_DYNAMODB_PRICERS,
  ...AWS_API_GATEWAY_PRICERS,
  ...AWS_EFS_PRICERS,
  ...AWS_GLUE_PRICERS,
  ...AWS_SEARCH_PRICERS,
  ...AWS_HOST_PRICERS,
  ...AWS_DOCDB_PRICERS,
  ...GOOGLE_PRICERS,
  ...AZURE_PRICERS,
  ...AZURE_COMPUTE_PRICERS,
  ...AZURE_COGNITIVE_PRICERS,
  ...AZURE_FUNCTION_PRICERS,
  ...AZURE_NETWORK_PRICERS,
};

/** The resource types this service prices. */
export const pricedTypes = (): string[] => Object.keys(PRICERS);

/** The cost of the resources: each priced resource's items, and every other resource of a provider that bills, with why it is not priced. */
export function priceResources(resources: readonly TerraformResource[], prices: PriceList, usage: Usage = {}): CostReport {
  const report: CostReport = { currency: prices.currency, priceDate: prices.priceDate, totalMonthlyCost: 0, resources: [], unpriced: [] };
  const free = new Set(prices.free);
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  // Infracost's wildcard: `name[*]` gives the usage of every instance of a count or for_each that has none of its own.
  // An instance's own usage over its `[*]` usage's, key by key (as Infracost merges them).
  const usageFor = (address: string): ResourceUsage => ({ ...usage[address.replace(/\[[^\]]{0,1000}\]$/, '[*]')], ...usage[address] });
  const byType = new Map<string, { resource: TerraformResource; usage: ResourceUsage }[]>();
  const related: Related = (type) => {
    let found = byType.get(type);
    if (!found) byType.set(type, found = resources.filter((o) => o.type === type).map((o) => ({ resource: o, usage: usageFor(o.address) })));
    return found;
  };
  const from = (source: TerraformResource, attribute: string): TerraformResource | undefined => { const to = source.links?.[attribute]; return to === undefined ? undefined : byAddress.get(to); };
  // Who names whom, built on first use (ECS services ask for their cluster's capacity providers): linear in the links.
  let named: Map<string, { by: TerraformResource; attribute: string }[]> | undefined;
  const referrers = (to: TerraformResource, type: string, attribute: string): TerraformResource[] => {
    if (!named) {
      named = new Map();
      for (const x of resources) for (const [key, address] of Object.entries(x.links ?? {})) {
        const list = named.get(address) ?? [];
        list.push({ by: x, attribute: key });
        named.set(address, list);
      }
    }
    return (named.get(to.address) ?? []).filter((n) => n.by.type === type && n.attribute === attribute).map((n) => n.by);
  };
  for (const r of resources) {
    if (FREE.has(r.type) || free.has(r.type) || !/^(aws|google|azurerm)_/.test(r.type)) continue;
    const unpriced = (reason: string) => report.unpriced.push({ address: r.address, uri: r.uri, reason });
    const pricer = PRICERS[r.type];
    if (!pricer) { unpriced(AZURE_NO_PRICE_DATA.has(r.type) ? 'no Azure price data: no licensed snapshot of Azure\'s retail prices for it is bundled' : `resource type ${r.type} is not priced yet`); continue; }
    if (r.unexpanded) { unpriced(`${r.unexpanded}: its number of instances is unknown`); continue; }
    if (!r.region) { unpriced('its region is not literal (nor its provider\'s)'); continue; }
    const region = r.type.startsWith('google_') ? googleRegion(r.region) : r.type.startsWith('azurerm_') ? azureRegion(r.region) : r.region;
    const regionPrices = prices.regions[region];
    if (!regionPrices) { unpriced(`no prices for region ${region}`); continue; }
    try {
      const linked: Linked = Object.assign((attribute: string) => from(r, attribute), { from, referrers });
      const items = pricer(r, regionPrices, usageFor(r.address), linked, related);
      const monthlyCost = round(items.reduce((sum, i) => sum + (i.monthlyCost ?? 0), 0));
      report.resources.push({ address: r.address, type: r.type, uri: r.uri, offset: r.span.start, region, items, monthlyCost });
      report.totalMonthlyCost = round(report.totalMonthlyCost + monthlyCost);
    } catch (e) {
      if (!(e instanceof Unpriceable)) throw e;
      unpriced(e.message);
    }
  }
  return report;
}

/** A usage file's `resource_usage` (Infracost's `infracost-usage.yml`, already parsed): numbers and words per resource address, a sub-resource's as `sub.key`; the rest ignored. */
export function usageOf(parsed: unknown): Usage {
  const usage: Usage = {};
  const section = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).resource_usage : undefined;
  if (!section || typeof section !== 'object') return usage;
  for (const [address, values] of Object.entries(section as Record<string, unknown>)) {
    if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
    const entry: ResourceUsage = {};
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (typeof value === 'number' || typeof value === 'string') entry[key] = value;
      // A sub-resource's usage (`os_disk: {monthly_disk_operations: …}`) as `os_disk.monthly_disk_operations`.
      else if (value && typeof value === 'object' && !Array.isArray(value)) for (const [sub, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'number' || typeof v === 'string') entry[`${key}.${sub}`] = v;
    }
    usage[address] = entry;
  }
  return usage;
}
