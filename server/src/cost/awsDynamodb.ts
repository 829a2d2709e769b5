/**
 * The cost of DynamoDB tables at the prices of schemas/cost/aws-prices.json (`dynamodb`): provisioned capacity or
 * on-demand requests, storage, backups, restores, streams and a global table's replicated writes, as Infracost's
 * breakdown names them. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, round, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** A usage-counted item: its quantity is the usage value, or missing. */
function used(name: string, unit: string, price: number, usage: ResourceUsage, key: string, source: string): CostItem {
  const quantity = num(usage[key]);
  return item(name, unit, price, quantity, source, quantity === undefined ? { usageKey: key } : {});
}

/**
 * A DynamoDB table (Standard class). Provisioned (the default `billing_mode`): `write_capacity` WCU and `read_capacity`
 * RCU × 730 hours. On demand (`PAY_PER_REQUEST`): write and read request units (usages). Then storage, PITR and
 * on-demand backups, data restored and streams read request units (usages); each `replica` block bills its replicated
 * writes at its region's price (the table's WCU, or its write request units). Application Auto Scaling targets are not
 * read: the written capacity is priced.
 */
function dynamodbTable(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['billing_mode', 'write_capacity', 'read_capacity', 'table_class']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  if (a.table_class !== undefined && a.table_class !== 'STANDARD') throw new Unpriceable(`table class ${a.table_class}: its prices are not in the price list`);
  const p = prices.dynamodb;
  if (!p) throw new Unpriceable(`no DynamoDB prices for ${r.region ?? 'its region'}`);
  const named = (r.blocks.replica ?? []).map((b) => b.attributes.region_name);
  const replicas = named.filter((region): region is string => region !== undefined);
  if (replicas.length !== named.length) throw new Unpriceable('replica.region_name is not literal');
  const onDemand = a.billing_mode === 'PAY_PER_REQUEST';
  const wcu = num(a.write_capacity) ?? 0;
  const items: CostItem[] = onDemand
    ? [used('Write request unit (WRU)', 'WRUs', p.writeRequest, usage, 'monthly_write_request_units', p.source), used('Read request unit (RRU)', 'RRUs', p.readRequest, usage, 'monthly_read_request_units', p.source)]
    : [item('Write capacity unit (WCU)', 'WCU', round(p.wcuHourly * HOURS_PER_MONTH), wcu, p.source), item('Read capacity unit (RCU)', 'RCU', round(p.rcuHourly * HOURS_PER_MONTH), num(a.read_capacity) ?? 0, p.source)];
  items.push(
    used('Data storage', 'GB', p.storageGbMonth, usage, 'storage_gb', p.source),
    used('Point-In-Time Recovery (PITR) backup storage', 'GB', p.pitrGbMonth, usage, 'pitr_backup_storage_gb', p.source),
    used('On-demand backup storage', 'GB', p.backupGbMonth, usage, 'on_demand_backup_storage_gb', p.source),
    used('Table data restored', 'GB', p.restoreGb, usage, 'monthly_data_restored_gb', p.source),
    used('Streams read request unit (sRRU)', 'sRRUs', p.streamsReadRequest, usage, 'monthly_streams_read_request_units', p.source),
  );
  for (const region of replicas) {
    const replica = p.replicas[region];
    if (!replica) throw new Unpriceable(`no DynamoDB price for its replica in ${region}`);
    const subresource = `Global table (${region})`;
    items.push(onDemand
      ? { ...used('Replicated write request unit (rWRU)', 'rWRU', replica.writeRequest, usage, 'monthly_write_request_units', p.source), subresource }
      : item('Replicated write capacity unit (rWCU)', 'rWCU', round(replica.wcuHourly * HOURS_PER_MONTH), wcu, p.source, { subresource }));
  }
  return items;
}

export const AWS_DYNAMODB_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  aws_dynamodb_table: dynamodbTable,
};
