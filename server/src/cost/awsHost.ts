/**
 * The cost of EC2 Dedicated Hosts (`aws_ec2_host`, #93) at the prices of schemas/cost/aws-prices.json (`ec2Host`), as
 * Infracost's breakdown names them: the host's hours by instance family (`instance_family`, or the family of
 * `instance_type`), on demand or reserved (the usage's `reserved_instance_term` and `reserved_instance_payment_option`:
 * the reservation's hourly fee, its upfront fee not in the monthly cost). Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, type CostItem, type RegionPrices, type ResourceUsage } from './model';
import { termAndPayment } from './awsReserved';

function ec2Host(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['instance_type', 'instance_family']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const family = a.instance_type ? a.instance_type.split('.')[0] : a.instance_family;
  if (!family) throw new Unpriceable('neither instance_type nor instance_family is written');
  const p = prices.ec2Host;
  if (!p) throw new Unpriceable(`no Dedicated Host prices for ${r.region ?? 'its region'}`);
  if (usage.reserved_instance_term !== undefined) {
    const key = termAndPayment(usage);
    const hourly = p.reservedHourly[family]?.[key];
    if (hourly === undefined) throw new Unpriceable(`reserved host: no reserved price for ${family} (${key.replace(/ /g, ', ')}) in the price list`);
    return [item(`EC2 Dedicated Host (reserved, ${family})`, 'hours', hourly, HOURS_PER_MONTH, p.source)];
  }
  const hourly = p.hourly[family];
  if (hourly === undefined) throw new Unpriceable(`no Dedicated Host price for ${family}`);
  return [item(`EC2 Dedicated Host (on-demand, ${family})`, 'hours', hourly, HOURS_PER_MONTH, p.source)];
}

export const AWS_HOST_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  aws_ec2_host: ec2Host,
};
