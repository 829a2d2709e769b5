/**
 * The cost of Cloud VPN, as Infracost prices it: a tunnel's hours; a Cloud VPN or HA VPN gateway's IPSec egress (and a
 * private services connection's egress, at the same prices) by destination (usage: `same_region`, `us_or_canada`, `europe`, `asia`, `south_america`, `oceania`, `worldwide`); an
 * external (peer) gateway's egress to the internet by destination and volume tier (usage: `worldwide`, `china`,
 * `australia`). Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

const EGRESS = 'monthly_egress_data_transfer_gb.';
const SUBRESOURCE = { subresource: 'Network egress' };

/** A VPN gateway's destinations as Infracost names them, in its order. */
const GATEWAY_DESTINATIONS: [string, string][] = [
  ['same_region', 'within the same region'],
  ['us_or_canada', 'within the US or Canada'],
  ['europe', 'within Europe'],
  ['asia', 'within Asia'],
  ['south_america', 'within South America'],
  ['oceania', 'to/from Indonesia and Oceania'],
  ['worldwide', 'between continents (excludes Oceania)'],
];

/** An external gateway's internet destinations: Infracost's name of each. */
const INTERNET_DESTINATIONS: [string, string][] = [
  ['worldwide', 'IPSec traffic to worldwide excluding China, Australia but including Hong Kong'],
  ['china', 'IPSec traffic to China excluding Hong Kong'],
  ['australia', 'IPSec traffic to Australia'],
];
/** The volume tiers of internet egress: the first 1 TB, the next 9 TB, over 10 TB (in GB). */
const TIERS: [number, string][] = [[1024, 'first 1TB'], [10240, 'next 9TB'], [Infinity, 'over 10TB']];

function vpnTunnel(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const vpn = prices.cloudVpn;
  if (!vpn) throw new Unpriceable(`no Cloud VPN prices for ${r.region ?? 'its region'}`);
  return [item('VPN Tunnel', 'hours', vpn.tunnelHourly, HOURS_PER_MONTH, vpn.source)];
}

/**
 * A VPN gateway's (`IPSec traffic …`) or a private services connection's (`Traffic …`, at the same prices) egress by
 * destination: usage-dependent items of every destination when the usage gives none; else those it gives.
 */
const egressByDestination = (traffic: string) => (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] => {
  const vpn = prices.cloudVpn;
  if (!vpn) throw new Unpriceable(`no Cloud VPN prices for ${r.region ?? 'its region'}`);
  const given = GATEWAY_DESTINATIONS.some(([key]) => usage[EGRESS + key] !== undefined);
  return GATEWAY_DESTINATIONS.flatMap(([key, name]) => {
    const gb = num(usage[EGRESS + key]);
    const price = vpn.egressGb[key];
    if (price === undefined) throw new Unpriceable(`no Cloud VPN egress price to ${key}`);
    if (given && gb === undefined) return [];
    return [item(`${traffic} ${name}`, 'GB', price, gb, vpn.source, gb === undefined ? { ...SUBRESOURCE, usageKey: EGRESS + key } : SUBRESOURCE)];
  });
};

/** The GB of each tier a volume fills, with the tier's price, under `Network egress`; a tier the price list lacks leaves it unpriced. */
export function tieredEgress(name: string, gb: number, prices: readonly number[], source: string): CostItem[] {
  const items: CostItem[] = [];
  let from = 0;
  for (const [i, [upTo, label]] of TIERS.entries()) {
    if (gb <= from) break;
    const price = prices[i];
    if (price === undefined) throw new Unpriceable(`no price for ${name} (${label})`);
    items.push(item(`${name} (${label})`, 'GB', price, Math.min(gb, upTo) - from, source, SUBRESOURCE));
    from = upTo;
  }
  return items;
}

function externalVpnGateway(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const vpn = prices.cloudVpn;
  if (!vpn) throw new Unpriceable(`no Cloud VPN prices for ${r.region ?? 'its region'}`);
  return INTERNET_DESTINATIONS.flatMap(([key, name]) => {
    const tiers = vpn.internetEgressGb[key];
    if (!tiers?.length) throw new Unpriceable(`no Cloud VPN internet egress price to ${key}`);
    const gb = num(usage[EGRESS + key]);
    if (gb === undefined) return [item(`${name} (first 1TB)`, 'GB', tiers[0], undefined, vpn.source, { ...SUBRESOURCE, usageKey: EGRESS + key })];
    return tieredEgress(name, gb, tiers, vpn.source);
  });
}

export const GOOGLE_NETWORK_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  google_compute_vpn_tunnel: vpnTunnel,
  google_compute_vpn_gateway: egressByDestination('IPSec traffic'),
  google_compute_ha_vpn_gateway: egressByDestination('IPSec traffic'),
  google_service_networking_connection: egressByDestination('Traffic'),
  google_compute_external_vpn_gateway: externalVpnGateway,
};
