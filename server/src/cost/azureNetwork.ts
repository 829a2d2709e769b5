/**
 * The cost of Azure's network resources at the prices of schemas/cost/azure-prices.json: public IP addresses (by SKU,
 * tier and allocation) and DNS zones (public and private), as Infracost prices them. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, type CostItem, type RegionPrices } from './model';

/**
 * A public IP address's hours: a dynamic address (Basic: Azure refuses a dynamic Standard one); a static one of its SKU
 * (Standard unless said, as azurerm 4 defaults it), regional, or global with `sku_tier = "Global"`.
 */
function publicIp(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const a = r.attributes;
  for (const key of ['sku', 'sku_tier', 'allocation_method']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const sku = a.sku ?? 'Standard';
  const global = (a.sku_tier ?? 'Regional') === 'Global';
  const dynamic = a.allocation_method === 'Dynamic';
  const kind = dynamic ? 'basicDynamic' : sku === 'Basic' ? 'basicStatic' : sku === 'Standard' ? (global ? 'standardGlobal' : 'standardRegional') : undefined;
  if (!kind) throw new Unpriceable(`SKU ${sku} is not in the price list`);
  const price = prices.azurePublicIp?.[kind];
  const what = `${dynamic ? 'dynamic' : 'static'}, ${global ? 'global' : 'regional'}`;
  if (!price) throw new Unpriceable(`no price for a ${sku} public IP address (${what}) in ${r.region ?? 'its region'}`);
  return [item(`IP address (${what})`, 'hours', price.hourly, HOURS_PER_MONTH, price.source)];
}

/** A DNS zone, public or private: its month (the price of the first 25 zones; the queries depend on usage and are not priced yet). */
function dnsZone(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const zone = prices.azureDnsZone;
  if (!zone) throw new Unpriceable(`no DNS zone price for ${r.region ?? 'its region'}`);
  return [item('Hosted zone', 'months', zone.monthly, 1, zone.source)];
}

export const AZURE_NETWORK_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices) => CostItem[]> = {
  azurerm_public_ip: publicIp,
  azurerm_dns_zone: dnsZone,
  azurerm_private_dns_zone: dnsZone,
};
