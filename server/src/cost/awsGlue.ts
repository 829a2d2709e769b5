/**
 * The cost of Glue jobs at the prices of schemas/cost/aws-prices.json (`glue`): their DPU-hours, as Infracost's
 * breakdown names them. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { Unpriceable, item, num, round, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** The DPUs of a Glue worker type. */
const WORKER_DPUS: Record<string, number> = { Standard: 1, 'G.025X': 0.25, 'G.1X': 1, 'G.2X': 2, 'G.4X': 4, 'G.8X': 8, 'Z.2X': 2 };

/**
 * A Glue job: its DPUs — `max_capacity`, else `number_of_workers` × its `worker_type`'s DPUs, else AWS's default (a
 * Python shell job's 0.0625, a Spark job's 10) — × its hours (a usage, `monthly_hours`), at the Flex price when its
 * `execution_class` is `FLEX`.
 */
function glueJob(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['max_capacity', 'number_of_workers', 'worker_type', 'execution_class']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const p = prices.glue;
  if (!p) throw new Unpriceable(`no Glue prices for ${r.region ?? 'its region'}`);
  const workers = num(a.number_of_workers);
  const perWorker = WORKER_DPUS[a.worker_type ?? 'Standard'];
  if (workers !== undefined && perWorker === undefined) throw new Unpriceable(`worker type ${a.worker_type ?? ''}: its DPUs are not known`);
  const python = r.blocks.command?.[0]?.attributes.name === 'pythonshell';
  const dpus = num(a.max_capacity) ?? (workers !== undefined ? workers * perWorker : python ? 0.0625 : 10);
  const hours = num(usage.monthly_hours);
  const hourly = round((a.execution_class === 'FLEX' ? p.flexDpuHourly : p.dpuHourly) * dpus);
  return [item('Duration', `hours (${dpus} ${dpus === 1 ? 'DPU' : 'DPUs'})`, hourly, hours, p.source, hours === undefined ? { usageKey: 'monthly_hours' } : {})];
}

export const AWS_GLUE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  aws_glue_job: glueJob,
};
