/**
 * The cost of AWS's serverless and global services at the prices of schemas/cost/aws-prices.json: Lambda functions
 * (requests and duration with usage), Kinesis data streams, KMS keys, CloudWatch log groups and metric alarms, Route 53 (hosted zones,
 * health checks) and VPC endpoints, as Infracost's breakdown names their components. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** Lambda's duration tiers, in GB-seconds a month: x86_64's and arm64's (arm64's are 1.25 times as wide). */
const LAMBDA_TIERS: Record<'x86_64' | 'arm64', { size: number; label: string }[]> = {
  x86_64: [{ size: 6e9, label: 'first 6B' }, { size: 9e9, label: 'next 9B' }, { size: Infinity, label: 'over 15B' }],
  arm64: [{ size: 7.5e9, label: 'first 7.5B' }, { size: 11.25e9, label: 'next 11.25B' }, { size: Infinity, label: 'over 18.75B' }],
};

/**
 * A Lambda function: its requests and its duration (requests × duration rounded up to the millisecond × memory,
 * `memory_size` MB, 128 by default), by tier, on its architecture; ephemeral storage beyond the free 512 MB likewise.
 * Both are usages (`monthly_requests`, `request_duration_ms`).
 */
function lambdaFunction(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['memory_size', 'architectures']) if (r.written.includes(key) && r.values?.[key] === undefined && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const archs = r.values?.architectures;
  const arch = Array.isArray(archs) && archs[0] === 'arm64' ? 'arm64' : 'x86_64';
  if (!prices.lambda) throw new Unpriceable(`no Lambda prices for ${r.region ?? 'its region'}`);
  const price = prices.lambda[arch];
  const source = prices.lambda.source;
  const storage = r.blocks.ephemeral_storage?.[0];
  if (storage?.written.includes('size') && storage.attributes.size === undefined) throw new Unpriceable('ephemeral_storage.size is not literal');
  const memoryGb = (num(a.memory_size) ?? 128) / 1024;
  const extraStorageGb = Math.max(0, (num(storage?.attributes.size) ?? 512) - 512) / 1024;
  const requests = num(usage.monthly_requests);
  const ms = num(usage.request_duration_ms);
  const seconds = requests === undefined || ms === undefined ? undefined : (requests * Math.ceil(ms)) / 1000;
  const items = [item('Requests', '1M requests', price.requestsPerMillion, requests === undefined ? undefined : requests / 1e6, source, requests === undefined ? { usageKey: 'monthly_requests' } : {})];
  if (seconds === undefined || extraStorageGb > 0) items.push(item('Ephemeral storage', 'GB-seconds', price.ephemeralGbSecond, seconds === undefined ? undefined : seconds * extraStorageGb, source, seconds === undefined ? { usageKey: 'request_duration_ms' } : {}));
  const tiers = LAMBDA_TIERS[arch];
  if (seconds === undefined) return [...items, item(`Duration (${tiers[0].label})`, 'GB-seconds', price.durationGbSecond[0], undefined, source, { usageKey: 'request_duration_ms' })];
  let left = seconds * memoryGb;
  tiers.forEach((tier, i) => {
    const here = Math.min(left, tier.size);
    if (i === 0 || here > 0) items.push(item(`Duration (${tier.label})`, 'GB-seconds', price.durationGbSecond[i], here, source));
    left -= here;
  });
  return items;
}

/** A usage-counted item: its quantity is the usage value, or missing. */
function used(name: string, unit: string, price: number, usage: ResourceUsage, key: string, source: string): CostItem {
  const quantity = num(usage[key]);
  return item(name, unit, price, quantity, source, quantity === undefined ? { usageKey: key } : {});
}

/**
 * A Kinesis data stream. On demand: the stream's hours and its data in, out, to enhanced fan-out consumers and retained
 * (usages). Provisioned: its shards' hours (`shard_count`), PUT payload units, long-term retention and retrieval,
 * enhanced fan-out (usages), and extended retention — billed by AWS per shard-hour when `retention_period` passes 24 hours.
 */
function kinesisStream(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const mode = r.blocks.stream_mode_details?.[0];
  if (mode?.written.includes('stream_mode') && mode.attributes.stream_mode === undefined) throw new Unpriceable('stream_mode_details.stream_mode is not literal');
  for (const key of ['shard_count', 'retention_period']) if (r.written.includes(key) && r.attributes[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  if (!prices.kinesis) throw new Unpriceable(`no Kinesis prices for ${r.region ?? 'its region'}`);
  const { source } = prices.kinesis;
  if ((mode?.attributes.stream_mode ?? 'PROVISIONED') === 'ON_DEMAND') {
    const p = prices.kinesis.onDemand;
    return [
      item('ON_DEMAND', 'hours', p.streamHourly, HOURS_PER_MONTH, source),
      used('Data ingested', 'GB', p.ingestedGb, usage, 'monthly_on_demand_data_in_gb', source),
      used('Data retrieval', 'GB', p.retrievedGb, usage, 'monthly_on_demand_data_out_gb', source),
      used('Enhanced Fan Out (EFO) Data retrieval', 'GB', p.efoRetrievedGb, usage, 'monthly_on_demand_efo_data_out_gb', source),
      used('Extended retention (24H to 7D)', 'GB', p.extendedRetentionGbMonth, usage, 'monthly_on_demand_extended_retention_gb', source),
      used('Long term retention (7D+)', 'GB', p.longTermRetentionGbMonth, usage, 'monthly_on_demand_long_term_retention_gb', source),
    ];
  }
  const p = prices.kinesis.provisioned;
  const shardHours = (num(r.attributes.shard_count) ?? 1) * HOURS_PER_MONTH;
  const items = [item('PROVISIONED', 'hours', p.shardHourly, shardHours, source), used('Put request unit', 'units', p.putUnit, usage, 'monthly_provisioned_put_units', source)];
  if ((num(r.attributes.retention_period) ?? 24) > 24) items.push(item('Extended retention (24H to 7D)', 'shard-hours', p.extendedRetentionShardHourly, shardHours, source));
  items.push(
    used('Long term retention (7D+)', 'GB', p.longTermRetentionGbMonth, usage, 'monthly_provisioned_long_term_retention_gb', source),
    used('Extended retention retrieval (7D+)', 'GB', p.longTermRetrievalGb, usage, 'monthly_provisioned_long_term_retrieval_gb', source),
    used('Enhanced Fan Out (EFO) Data retrieval', 'GB', p.efoRetrievedGb, usage, 'monthly_provisioned_efo_data_out_gb', source),
    used('Enhanced Fan Out (EFO)', 'consumer-shard hour', p.efoConsumerShardHourly, usage, 'monthly_provisioned_efo_consumer_hours', source),
  );
  return items;
}

/** Per 10,000 requests, as KMS's requests are shown. */
const per10k = (perRequest: number): number => Math.round(perRequest * 1e4 * 1e8) / 1e8;

/**
 * A KMS key: its month, and its requests (a usage, `monthly_requests`) by its kind — symmetric (with GenerateDataKeyPair's
 * ECC and RSA requests, usages too), RSA 2048, or another asymmetric spec.
 */
function kmsKey(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const spec = r.attributes.customer_master_key_spec ?? r.attributes.key_spec;
  if ((r.written.includes('customer_master_key_spec') || r.written.includes('key_spec')) && spec === undefined) throw new Unpriceable('customer_master_key_spec is not literal');
  const p = prices.kms;
  if (!p) throw new Unpriceable(`no KMS prices for ${r.region ?? 'its region'}`);
  const requests = (name: string, perRequest: number, key: string): CostItem => {
    const count = num(usage[key]);
    return item(name, '10k requests', per10k(perRequest), count === undefined ? undefined : count / 1e4, p.source, count === undefined ? { usageKey: key } : {});
  };
  const items = [item('Customer master key', 'months', p.keyMonthly, 1, p.source)];
  if (spec === undefined || spec === 'SYMMETRIC_DEFAULT') {
    items.push(requests('Requests', p.perRequest, 'monthly_requests'), requests('ECC GenerateDataKeyPair requests', p.eccKeyPairPerRequest, 'monthly_ecc_generate_data_key_pair_requests'), requests('RSA GenerateDataKeyPair requests', p.rsaKeyPairPerRequest, 'monthly_rsa_generate_data_key_pair_requests'));
  } else if (spec === 'RSA_2048') items.push(requests('Requests (RSA 2048)', p.rsa2048PerRequest, 'monthly_requests'));
  else items.push(requests('Requests (asymmetric)', p.asymmetricPerRequest, 'monthly_requests'));
  return items;
}

/** A CloudWatch log group: data ingested, stored (archival storage) and scanned by Logs Insights, each a usage. */
function logGroup(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const p = prices.cloudwatchLogs;
  if (!p) throw new Unpriceable(`no CloudWatch Logs prices for ${r.region ?? 'its region'}`);
  if (r.attributes.log_group_class === 'INFREQUENT_ACCESS') throw new Unpriceable('the Infrequent Access log class is not in the price list');
  return [
    used('Data ingested', 'GB', p.ingestedGb, usage, 'monthly_data_ingested_gb', p.source),
    used('Archival Storage', 'GB', p.storedGbMonth, usage, 'storage_gb', p.source),
    used('Insights queries data scanned', 'GB', p.insightsScannedGb, usage, 'monthly_data_scanned_gb', p.source),
  ];
}

/** Comparison operators of an anomaly detection alarm: AWS bills it as three metrics (the metric and its band's two bounds). */
const ANOMALY_OPERATORS = new Set(['LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold']);

/**
 * A CloudWatch metric alarm: its metrics' month — one, or each `metric_query` with a `metric` (an expression is not a
 * metric) — at the high-resolution price when the (first) period is under 60 seconds; an anomaly detection alarm bills
 * three per metric.
 */
function metricAlarm(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const p = prices.cloudwatchAlarm;
  if (!p) throw new Unpriceable(`no CloudWatch alarm prices for ${r.region ?? 'its region'}`);
  for (const key of ['comparison_operator', 'period']) if (r.written.includes(key) && r.attributes[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const queries = r.blocks.metric_query ?? [];
  const metrics = queries.length ? queries.flatMap((q) => q.blocks.metric ?? []) : [];
  for (const m of metrics) if (m.written.includes('period') && m.attributes.period === undefined) throw new Unpriceable('metric_query.metric.period is not literal');
  const count = queries.length ? metrics.length : 1;
  const period = queries.length ? num(metrics.find((m) => m.attributes.period !== undefined)?.attributes.period) : num(r.attributes.period);
  const high = period !== undefined && period < 60;
  const anomaly = ANOMALY_OPERATORS.has(r.attributes.comparison_operator ?? '');
  const name = `${high ? 'High' : 'Standard'} resolution${anomaly ? ' anomaly detection' : ''}`;
  return [item(name, anomaly ? 'alarms' : 'alarm metrics', high ? p.highResolution : p.standard, anomaly ? count * 3 : count, p.source)];
}

/** Route 53 prices, global: the price list repeats them in each region. */
function route53(r: TerraformResource, prices: RegionPrices): NonNullable<RegionPrices['route53']> {
  if (!prices.route53) throw new Unpriceable(`no Route 53 prices for ${r.region ?? 'its region'}`);
  return prices.route53;
}

/** A hosted zone: its month, at the first 25 zones' price. */
function hostedZone(r: TerraformResource, prices: RegionPrices): CostItem[] {
  const price = route53(r, prices);
  return [item('Hosted zone', 'months', price.hostedZoneMonthly, 1, price.source)];
}

/**
 * A health check: its month and each optional feature's — HTTPS, string matching, the fast (10 s) interval, latency
 * measurement — at an AWS endpoint's price, or another's when the usage's `endpoint_type` says `non_aws`.
 */
function healthCheck(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  for (const key of ['type', 'request_interval', 'measure_latency']) if (r.written.includes(key) && a[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  const price = route53(r, prices);
  const endpoint = String(usage.endpoint_type ?? 'aws').toLowerCase() === 'non_aws' ? 'nonAws' : 'aws';
  const type = a.type ?? '';
  const features = [type.startsWith('HTTPS'), type.endsWith('STR_MATCH'), num(a.request_interval) === 10, a.measure_latency === 'true'].filter(Boolean).length;
  const items = [item('Health check', 'months', price.healthCheck[endpoint], 1, price.source)];
  if (features > 0) items.push(item('Optional features', 'months', price.optionalFeature[endpoint], features, price.source));
  return items;
}

/** An interface endpoint's data processed tiers, in GB a month: the first 1 PB, the next 4 PB, the rest (the price map's bounds). */
const ENDPOINT_TIERS: { size: number; label: string }[] = [{ size: 1048576, label: 'first 1PB' }, { size: 4194304, label: 'next 4PB' }, { size: Infinity, label: 'over 5PB' }];

/**
 * A VPC endpoint. A Gateway endpoint (the default type) costs nothing. An Interface endpoint: its hours in each of its
 * `subnet_ids` (one when none is written) and its data processed by tier; a Gateway Load Balancer endpoint: its hours
 * and its data processed. The data is a usage, `monthly_data_processed_gb`.
 */
function vpcEndpoint(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const a = r.attributes;
  if (r.written.includes('vpc_endpoint_type') && a.vpc_endpoint_type === undefined) throw new Unpriceable('vpc_endpoint_type is not literal');
  const type = a.vpc_endpoint_type ?? 'Gateway';
  if (type === 'Gateway') return [];
  const p = prices.vpcEndpoint;
  if (!p) throw new Unpriceable(`no VPC endpoint prices for ${r.region ?? 'its region'}`);
  const gb = num(usage.monthly_data_processed_gb);
  if (type === 'GatewayLoadBalancer') return [used('Data processed', 'GB', p.gatewayLoadBalancerGb, usage, 'monthly_data_processed_gb', p.source), item('Endpoint (GatewayLoadBalancer)', 'hours', p.gatewayLoadBalancerHourly, HOURS_PER_MONTH, p.source)];
  if (type !== 'Interface') throw new Unpriceable(`endpoint type ${type} is not in the price list`);
  // One interface a subnet: the list's length is enough (its subnets' ids are known only once created).
  const subnets = r.values?.subnet_ids;
  const count = Array.isArray(subnets) ? subnets.length : r.lengths?.subnet_ids;
  if (r.written.includes('subnet_ids') && count === undefined) throw new Unpriceable('subnet_ids is not literal');
  const interfaces = count !== undefined && count > 0 ? count : 1;
  const items: CostItem[] = [];
  if (gb === undefined) items.push(item(`Data processed (${ENDPOINT_TIERS[0].label})`, 'GB', p.interfaceGb[0], undefined, p.source, { usageKey: 'monthly_data_processed_gb' }));
  else {
    let left = gb;
    ENDPOINT_TIERS.forEach((tier, i) => {
      const here = Math.min(left, tier.size);
      if (i === 0 || here > 0) items.push(item(`Data processed (${tier.label})`, 'GB', p.interfaceGb[i], here, p.source));
      left -= here;
    });
  }
  items.push(item('Endpoint (Interface)', 'hours', p.interfaceHourly, interfaces * HOURS_PER_MONTH, p.source));
  return items;
}

export const AWS_SERVICE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  aws_lambda_function: lambdaFunction,
  aws_kinesis_stream: kinesisStream,
  aws_kms_key: kmsKey,
  aws_cloudwatch_log_group: logGroup,
  aws_cloudwatch_metric_alarm: metricAlarm,
  aws_route53_zone: hostedZone,
  aws_route53_health_check: healthCheck,
  aws_vpc_endpoint: vpcEndpoint,
};
