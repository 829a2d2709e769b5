/**
 * The cost of an Aurora instance (`aws_rds_cluster_instance`, #93): a provisioned class's hour, a burstable class's CPU
 * credits (usage), extended support's vCPU-hours for a major version past standard support, or Serverless v2's
 * ACU-hours (usage, I/O-optimized when its cluster's storage is), as Infracost's breakdown names them. The engine is
 * the instance's or, as Terraform passes it (`engine = aws_rds_cluster.x.engine`), its cluster's. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';

/** `aurora` is Aurora MySQL's first engine name (MySQL 5.6-compatible), billed as Aurora MySQL. */
const engineName = (engine: string): string => (engine === 'aurora' ? 'aurora-mysql' : engine);

function clusterInstance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] {
  const aurora = prices.aurora;
  if (!aurora) throw new Unpriceable(`no Aurora prices for ${r.region ?? 'its region'}`);
  const a = r.attributes;
  const cluster = linked('cluster_identifier');
  // The engine passed from its cluster (`engine = aws_rds_cluster.x.engine`), whose own default is `aurora`.
  const from = linked('engine');
  const engine = a.engine ?? (from ? (from.attributes.engine ?? (from.written.includes('engine') ? undefined : 'aurora')) : undefined);
  if (!engine) throw new Unpriceable('engine is not literal (nor its cluster\'s)');
  if (!engine.startsWith('aurora')) throw new Unpriceable(`engine ${engine} is not priced yet`);
  const cls = a.instance_class;
  if (!cls) throw new Unpriceable('instance_class is not literal');
  if (usage.reserved_instance_term !== undefined) throw new Unpriceable('reserved instance: reserved prices are not in the price list');
  if (a.performance_insights_enabled === 'true' && (num(a.performance_insights_retention_period) ?? 7) > 7) throw new Unpriceable('Performance Insights long-term retention is not in the price list');
  const ioOptimized = cluster?.attributes.storage_type === 'aurora-iopt1';
  if (cls === 'db.serverless') {
    const acus = num(usage.capacity_units_per_hr);
    const label = ioOptimized ? 'Aurora serverless v2 (I/O-optimized)' : 'Aurora serverless v2';
    return [item(label, 'ACU-hours', ioOptimized ? aurora.serverlessV2IoOptimizedAcuHour : aurora.serverlessV2AcuHour, acus === undefined ? undefined : acus * HOURS_PER_MONTH, aurora.source, acus === undefined ? { usageKey: 'capacity_units_per_hr' } : {})];
  }
  if (ioOptimized) throw new Unpriceable('I/O-optimized provisioned instances: their prices are not in the price list');
  const hourly = auroraHourly(prices, engine, cls);
  if (hourly === undefined) throw new Unpriceable(`no price for ${engineName(engine)} on ${cls}`);
  const items = [item(`Database instance (on-demand, ${cls})`, 'hours', hourly, HOURS_PER_MONTH, aurora.source)];
  const vcpus = prices.rdsExtendedSupport?.vcpus[cls];
  // Burstable classes run unlimited: credits beyond the baseline are usage, on the class's vCPUs unless the usage says.
  if (/^db\.t[34]g?\./.test(cls)) {
    const hrs = num(usage.monthly_cpu_credit_hrs);
    const n = num(usage.vcpu_count) ?? vcpus;
    if (hrs !== 0) items.push(item('CPU credits', 'vCPU-hours', aurora.cpuCreditVcpuHour, hrs !== undefined && n !== undefined ? hrs * n : undefined, aurora.source, hrs === undefined || n === undefined ? { usageKey: 'monthly_cpu_credit_hrs' } : {}));
  }
  const version = a.engine_version ?? (linked('engine_version')?.attributes.engine_version);
  const support = extendedSupport(prices, engine, version, cls, r.region);
  return support ? [...items, support] : items;
}

/** The hour of an Aurora class for an engine (`aurora`, `aurora-mysql`, `aurora-postgresql`): an RDS instance's too when its engine is Aurora's. */
export function auroraHourly(prices: RegionPrices, engine: string, cls: string): number | undefined {
  return prices.aurora?.instanceHourly[engineName(engine)]?.[cls];
}

/**
 * Extended support's first year for an RDS or Aurora instance whose major version is past standard support (the price
 * list says which at its date): the class's vCPU-hours. Undefined when the version is in standard support.
 */
export function extendedSupport(prices: RegionPrices, engine: string, version: string | undefined, cls: string, region: string | undefined): CostItem | undefined {
  const major = /^(\d{1,3}(?:\.\d{1,3})?)/.exec(version ?? '')?.[1];
  const versions = engine.startsWith('aurora') ? prices.aurora?.extendedSupport[engineName(engine)] : prices.rds?.extendedSupport[engine];
  if (major === undefined || !(versions ?? []).some((v) => major === v || major.startsWith(`${v}.`))) return undefined;
  const support = prices.rdsExtendedSupport;
  if (!support) throw new Unpriceable(`${engine} ${version ?? ''} is in extended support: its price is not in the price list for ${region ?? 'its region'}`);
  const vcpus = support.vcpus[cls];
  if (vcpus === undefined) throw new Unpriceable(`${engine} ${version ?? ''} is in extended support: the vCPUs of ${cls} are not in the price list`);
  return item('Extended support (year 1)', 'vCPU-hours', support.year1VcpuHour, vcpus * HOURS_PER_MONTH, support.source);
}

/**
 * An Aurora cluster (`aws_rds_cluster`), as Infracost bills it (its instances are `aws_rds_cluster_instance`s): Serverless
 * v1's ACU-hours (`engine_mode = "serverless"`), storage and I/O requests, backup storage beyond one snapshot when
 * `backup_retention_period` > 1, Backtrack's change records (Aurora MySQL, provisioned) and snapshot exports, each from
 * its usage. The I/O-optimized storage type is listed.
 */
function cluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['engine', 'engine_mode', 'storage_type', 'backup_retention_period']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const engine = engineName(a.engine ?? 'aurora');
  if (engine !== 'aurora-mysql' && engine !== 'aurora-postgresql') throw new Unpriceable(`engine ${engine}: a Multi-AZ DB cluster is not priced yet`);
  const p = prices.auroraCluster;
  const backupPrice = prices.aurora?.backupGbMonth;
  if (!p || backupPrice === undefined) throw new Unpriceable(`no Aurora cluster prices for ${r.region ?? 'its region'}`);
  if (a.storage_type === 'aurora-iopt1') throw new Unpriceable('I/O-optimized storage: its price is not in the price list');
  const use = (key: string) => num(usage[key]);
  const usageKey = (value: number | undefined, key: string) => (value === undefined ? { usageKey: key } : {});
  const items: CostItem[] = [];
  if (a.engine_mode === 'serverless') {
    const acus = use('capacity_units_per_hr');
    items.push(item('Aurora serverless', 'ACU-hours', p.serverlessV1AcuHour, acus === undefined ? undefined : acus * HOURS_PER_MONTH, p.source, usageKey(acus, 'capacity_units_per_hr')));
  }
  const gb = use('storage_gb');
  items.push(item('Storage', 'GB', p.storageGbMonth, gb, p.source, usageKey(gb, 'storage_gb')));
  const writes = use('write_requests_per_sec');
  const reads = use('read_requests_per_sec');
  const io = writes === undefined || reads === undefined ? undefined : ((writes + reads) * HOURS_PER_MONTH * 3600) / 1e6;
  items.push(item('I/O requests', '1M requests', p.ioPerMillion, io, p.source, usageKey(io, 'write_requests_per_sec')));
  const retention = num(a.backup_retention_period) ?? 1;
  if (retention > 1) {
    const snapshot = use('backup_snapshot_size_gb');
    items.push(item('Backup storage', 'GB', backupPrice, snapshot === undefined ? undefined : snapshot * retention - snapshot, prices.aurora?.source ?? p.source, usageKey(snapshot, 'backup_snapshot_size_gb')));
  }
  if (a.engine_mode !== 'serverless' && engine === 'aurora-mysql') {
    const statements = use('average_statements_per_hr');
    const records = use('change_records_per_statement');
    const window = use('backtrack_window_hrs');
    const changes = statements === undefined || records === undefined || window === undefined ? undefined : (statements * HOURS_PER_MONTH * records * window) / 1e6;
    items.push(item('Backtrack', '1M change-records', p.backtrackPerMillion, changes, p.source, usageKey(changes, 'average_statements_per_hr')));
  }
  const exported = use('snapshot_export_size_gb');
  items.push(item('Snapshot export', 'GB', p.snapshotExportGb, exported, p.source, usageKey(exported, 'snapshot_export_size_gb')));
  return items;
}

export const AWS_AURORA_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  aws_rds_cluster_instance: clusterInstance,
  aws_rds_cluster: cluster,
};
