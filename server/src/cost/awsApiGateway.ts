/**
 * The cost of API Gateway and CloudHSM at the prices of schemas/cost/aws-prices.json (`apiGateway`, `cloudHsm`): REST
 * and HTTP APIs' requests and WebSocket APIs' messages by tier (usages), a REST stage's cache, an HSM's hours, as
 * Infracost's breakdown names them. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

type Prices = NonNullable<RegionPrices['apiGateway']>;

function apiGatewayPrices(r: TerraformResource, prices: RegionPrices): Prices {
  if (!prices.apiGateway) throw new Unpriceable(`no API Gateway prices for ${r.region ?? 'its region'}`);
  return prices.apiGateway;
}

/**
 * A count split by tiers, per million: one item per tier it reaches (the first always), or the first tier's price with
 * the usage key when the count is not known.
 */
function tiered(label: string, unit: string, tiers: readonly { size: number; name: string }[], perMillion: readonly number[], count: number | undefined, usageKey: string, source: string): CostItem[] {
  if (count === undefined) return [item(`${label} (${tiers[0].name})`, unit, perMillion[0], undefined, source, { usageKey })];
  const items: CostItem[] = [];
  let left = count;
  tiers.forEach((tier, i) => {
    const here = Math.min(left, tier.size);
    if (i === 0 || here > 0) items.push(item(`${label} (${tier.name})`, unit, perMillion[i], here / 1e6, source));
    left -= here;
  });
  return items;
}

const REST_TIERS = [{ size: 333e6, name: 'first 333M' }, { size: 667e6, name: 'next 667M' }, { size: 19e9, name: 'next 19B' }, { size: Infinity, name: 'over 20B' }];
const HTTP_TIERS = [{ size: 300e6, name: 'first 300M' }, { size: Infinity, name: 'over 300M' }];
const MESSAGE_TIERS = [{ size: 1e9, name: 'first 1B' }, { size: Infinity, name: 'over 1B' }];

/** A REST API: its requests (a usage, `monthly_requests`) by tier. */
function restApi(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const p = apiGatewayPrices(r, prices);
  return tiered('Requests', '1M requests', REST_TIERS, p.restRequests, num(usage.monthly_requests), 'monthly_requests', p.source);
}

/** A units count: HTTP API requests are metered by 512 KB, WebSocket messages by 32 KB (a larger one counts as several). */
const metered = (count: number | undefined, sizeKb: number | undefined, by: number): number | undefined => (count === undefined ? undefined : count * Math.max(1, Math.ceil((sizeKb ?? by) / by)));

/**
 * An HTTP or WebSocket API (`protocol_type`): an HTTP API's requests by tier (`monthly_requests`, `request_size_kb`); a
 * WebSocket API's messages by tier (`monthly_messages`, `message_size_kb`) and connection minutes (`monthly_connection_mins`).
 */
function apiV2(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const protocol = r.attributes.protocol_type;
  if (protocol === undefined) throw new Unpriceable('protocol_type is not literal');
  const p = apiGatewayPrices(r, prices);
  if (protocol === 'HTTP') return tiered('Requests', '1M requests', HTTP_TIERS, p.httpRequests, metered(num(usage.monthly_requests), num(usage.request_size_kb), 512), 'monthly_requests', p.source);
  const minutes = num(usage.monthly_connection_mins);
  return [
    ...tiered('Messages', '1M messages', MESSAGE_TIERS, p.websocketMessages, metered(num(usage.monthly_messages), num(usage.message_size_kb), 32), 'monthly_messages', p.source),
    item('Connection duration', '1M minutes', p.websocketConnectionMinutes, minutes === undefined ? undefined : minutes / 1e6, p.source, minutes === undefined ? { usageKey: 'monthly_connection_mins' } : {}),
  ];
}

/** A REST API stage: its cache's hours by size (`cache_cluster_size`, 0.5 GB unless said) when `cache_cluster_enabled`; else nothing. */
function stage(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const a = r.attributes;
  for (const key of ['cache_cluster_enabled', 'cache_cluster_size']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  if (a.cache_cluster_enabled !== 'true') return [];
  const p = apiGatewayPrices(r, prices);
  const size = String(num(a.cache_cluster_size) ?? 0.5);
  const hourly = p.cacheHourly[size];
  if (hourly === undefined) throw new Unpriceable(`no API Gateway cache of ${size} GB`);
  return [item(`Cache memory (${size} GB)`, 'hours', hourly, HOURS_PER_MONTH, p.source)];
}

/** A CloudHSM v2 HSM: its hours (730 unless the usage's `monthly_hrs` says). */
function hsm(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  if (!prices.cloudHsm) throw new Unpriceable(`no CloudHSM price for ${r.region ?? 'its region'}`);
  return [item('HSM usage', 'hours', prices.cloudHsm.hourly, num(usage.monthly_hrs) ?? HOURS_PER_MONTH, prices.cloudHsm.source)];
}

export const AWS_API_GATEWAY_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  aws_api_gateway_rest_api: restApi,
  aws_api_gateway_stage: stage,
  aws_apigatewayv2_api: apiV2,
  aws_cloudhsm_v2_hsm: hsm,
};
