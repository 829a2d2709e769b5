/**
 * The cost of DocumentDB instances (`aws_docdb_cluster_instance`, #93) at the prices of schemas/cost/aws-prices.json
 * (`docdb`), as Infracost's breakdown names them: the instance class's hours; the storage, I/O requests and (burstable
 * classes) CPU credits its usage gives (`data_storage_gb`, `monthly_io_requests`, `monthly_cpu_credit_hrs`). Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

function docdbInstance(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const p = prices.docdb;
  if (!p) throw new Unpriceable(`no DocumentDB prices for ${r.region ?? 'its region'}`);
  const cls = r.attributes.instance_class;
  if (!cls) throw new Unpriceable('instance_class is not literal');
  const hourly = p.instanceHourly[cls];
  if (hourly === undefined) throw new Unpriceable(`no price for DocumentDB class ${cls}`);
  const gb = num(usage.data_storage_gb);
  const requests = num(usage.monthly_io_requests);
  const credits = num(usage.monthly_cpu_credit_hrs);
  const items = [
    item(`Database instance (on-demand, ${cls})`, 'hours', hourly, HOURS_PER_MONTH, p.source),
    item('Storage', 'GB', p.storageGbMonth, gb, p.source, gb === undefined ? { usageKey: 'data_storage_gb' } : {}),
    item('I/O requests', '1M requests', p.ioPerMillion, requests === undefined ? undefined : requests / 1e6, p.source, requests === undefined ? { usageKey: 'monthly_io_requests' } : {}),
  ];
  // Only burstable classes (db.t3, db.t4g) spend CPU credits.
  if (/^db\.t\d/.test(cls)) items.push(item('CPU credits', 'vCPU-hours', p.cpuCreditVcpuHour, credits, p.source, credits === undefined ? { usageKey: 'monthly_cpu_credit_hrs' } : {}));
  return items;
}

export const AWS_DOCDB_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  aws_docdb_cluster_instance: docdbInstance,
};
