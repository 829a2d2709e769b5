/**
 * Reserved EC2 instances and RDS instances (#93), as Infracost bills them: the reservation's hourly recurring fee, by
 * offering class (EC2: `standard`, `convertible`), term (`1_year`, `3_year`) and payment option (`no_upfront`,
 * `partial_upfront`, `all_upfront`) read from the usage file; the upfront fee is not in the monthly cost (an all-upfront
 * reservation's hours cost nothing a month). Pure.
 */
import { Unpriceable, type RegionPrices, type ResourceUsage } from './model';

const TERMS = ['1_year', '3_year'];
const PAYMENTS = ['no_upfront', 'partial_upfront', 'all_upfront'];

/** The usage's term and payment option, checked against the values Infracost accepts. */
export function termAndPayment(usage: ResourceUsage): string {
  const term = String(usage.reserved_instance_term ?? '');
  const payment = String(usage.reserved_instance_payment_option ?? '');
  if (!TERMS.includes(term)) throw new Unpriceable(`reserved instance: term ${term || '(none)'} is not one of ${TERMS.join(', ')}`);
  if (!PAYMENTS.includes(payment)) throw new Unpriceable(`reserved instance: payment option ${payment || '(none)'} is not one of ${PAYMENTS.join(', ')}`);
  return `${term} ${payment}`;
}

/** A reserved EC2 instance's hourly fee (`reserved_instance_type`, `_term`, `_payment_option` in its usage), with its source. */
export function ec2ReservedHourly(prices: RegionPrices, type: string, usage: ResourceUsage): { hourly: number; source: string } {
  const offering = String(usage.reserved_instance_type);
  if (offering !== 'standard' && offering !== 'convertible') throw new Unpriceable(`reserved instance: type ${offering} is not standard or convertible`);
  const key = `${offering} ${termAndPayment(usage)}`;
  const hourly = prices.ec2Reserved?.hourly[type]?.[key];
  if (hourly === undefined) throw new Unpriceable(`reserved instance: no reserved price for ${type} (${key.replace(/ /g, ', ')}) in the price list`);
  return { hourly, source: prices.ec2Reserved?.source ?? '' };
}

/** A reserved RDS instance's hourly fee (`reserved_instance_term`, `_payment_option` in its usage), with its source. */
export function rdsReservedHourly(prices: RegionPrices, engine: string, cls: string, multiAz: boolean, usage: ResourceUsage): { hourly: number; source: string } {
  const key = `${multiAz ? 'Multi-AZ' : 'Single-AZ'} ${termAndPayment(usage)}`;
  const hourly = prices.rdsReserved?.hourly[engine]?.[cls]?.[key];
  if (hourly === undefined) throw new Unpriceable(`reserved instance: no reserved price for ${engine} on ${cls} (${key.replace(/ /g, ', ')}) in the price list`);
  return { hourly, source: prices.rdsReserved?.source ?? '' };
}
