/**
 * The cost of Azure function apps (`azurerm_linux_function_app`, `azurerm_windows_function_app`, the legacy
 * `azurerm_function_app`) at the prices of schemas/cost/azure-prices.json, as Infracost prices them: on an Elastic
 * Premium plan, its instances' vCPUs and memory by the hour; on any other plan (or none known), as consumption, its
 * execution time and executions. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';

/** An Elastic Premium instance's vCPUs and memory (GB), by plan size. */
const PREMIUM: Record<string, { vcpu: number; memoryGb: number }> = { ep1: { vcpu: 1, memoryGb: 3.5 }, ep2: { vcpu: 2, memoryGb: 7 }, ep3: { vcpu: 4, memoryGb: 14 } };

/** A usage's number; YAML 1.1's digit separators (`3_540_123`, as Infracost's usage files write them) allowed. */

/**
 * The plan's size when it bills as Elastic Premium: an `azurerm_service_plan`'s `sku_name` EP1 to EP3; a legacy
 * `azurerm_app_service_plan`'s `sku.size` EP1 to EP3 with its `sku.tier` ElasticPremium or its `kind` elastic.
 */
function premiumSize(plan: TerraformResource | undefined): string | undefined {
  if (!plan) return undefined;
  if (plan.type === 'azurerm_service_plan') {
    if (plan.written.includes('sku_name') && plan.attributes.sku_name === undefined) throw new Unpriceable('its plan\'s sku_name is not literal');
    const size = (plan.attributes.sku_name ?? '').toLowerCase();
    return size in PREMIUM ? size : undefined;
  }
  const sku = plan.blocks.sku?.[0];
  if (!sku || ['size', 'tier'].some((k) => sku.written.includes(k) && sku.attributes[k] === undefined)) throw new Unpriceable('its plan\'s sku is not literal');
  const size = (sku.attributes.size ?? '').toLowerCase();
  const elastic = (sku.attributes.tier ?? '').toLowerCase() === 'elasticpremium' || (plan.attributes.kind ?? '').toLowerCase() === 'elastic';
  return size in PREMIUM && elastic ? size : undefined;
}

/**
 * A function app: on Elastic Premium, `instances` (usage; 1 unless said) × the size's vCPUs and GB × 730 h; else its
 * execution time (`monthly_executions` × `execution_duration_ms`, 100 ms at least, × `memory_mb` rounded up to 128 MB, in
 * GB-seconds) and its executions (per million), each a usage. Infracost bills the consumption plan's meters from their
 * first paid unit, without the monthly free grant; so does this.
 */
function functionApp(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked): CostItem[] {
  const list = prices.azureFunctions;
  if (!list) throw new Unpriceable(`no Azure Functions prices for ${r.region ?? 'its region'}`);
  const size = premiumSize(linked('service_plan_id') ?? linked('app_service_plan_id'));
  if (size) {
    const instances = num(usage.instances) ?? 1;
    const { vcpu, memoryGb } = PREMIUM[size];
    const name = size.toUpperCase();
    return [
      item(`vCPU (${name})`, 'vCPU-hours', list.vcpuHour, instances * vcpu * HOURS_PER_MONTH, list.source),
      item(`Memory (${name})`, 'GB-hours', list.memoryGbHour, instances * memoryGb * HOURS_PER_MONTH, list.source),
    ];
  }
  const executions = num(usage.monthly_executions);
  const durationMs = num(usage.execution_duration_ms);
  const memoryMb = num(usage.memory_mb);
  const gbSeconds = executions === undefined || durationMs === undefined || memoryMb === undefined ? undefined : (executions * Math.max(durationMs, 100) * 0.001 * Math.ceil(Math.max(memoryMb, 128) / 128) * 128) / 1024;
  const missing = ['monthly_executions', 'execution_duration_ms', 'memory_mb'].find((k) => num(usage[k]) === undefined);
  return [
    item('Execution time', 'GB-seconds', list.gbSecond, gbSeconds, list.source, gbSeconds === undefined ? { usageKey: missing } : {}),
    item('Executions', '1M requests', list.perMillionExecutions, executions === undefined ? undefined : executions / 1e6, list.source, executions === undefined ? { usageKey: 'monthly_executions' } : {}),
  ];
}

export const AZURE_FUNCTION_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  azurerm_linux_function_app: functionApp,
  azurerm_windows_function_app: functionApp,
  azurerm_function_app: functionApp,
};
