/**
 * The cost of Google Cloud's services billed by their use, as Infracost prices them: Cloud Logging's sinks and bucket
 * configs (logging data), Pub/Sub topics and subscriptions, Cloud DNS zones and record sets, Secret Manager secrets and
 * secret versions, BigQuery datasets (queries) and tables (storage, inserts, APIs), Cloud Monitoring's custom metrics, Cloud KMS keys, Cloud Functions, and load balancers' target proxies (proxy instances, data processed). Usage values give the
 * quantities; without them an item says what it depends on. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';

type Pricer = (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[];

/** An item whose quantity is a usage value (times `per`), or that depends on it. */
function used(name: string, unit: string, unitPrice: number, usage: ResourceUsage, key: string, source: string, per = 1): CostItem {
  const value = num(usage[key]);
  return item(name, unit, unitPrice, value === undefined ? undefined : value * per, source, value === undefined ? { usageKey: key } : {});
}

/** The prices of a class of the region's list, or why there are none. */
function pricesOf<K extends keyof RegionPrices>(prices: RegionPrices, key: K, what: string, r: TerraformResource): NonNullable<RegionPrices[K]> {
  const found = prices[key];
  if (found === undefined || found === null) throw new Unpriceable(`no ${what} prices for ${r.region ?? 'its region'}`);
  return found;
}

const logging: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'cloudLogging', 'Cloud Logging', r);
  return [used('Logging data', 'GB', p.gb, usage, 'monthly_logging_data_gb', p.source)];
};

const pubsubTopic: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'pubsub', 'Pub/Sub', r);
  return [used('Message ingestion data', 'TiB', p.tib, usage, 'monthly_message_data_tb', p.source)];
};

const pubsubSubscription: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'pubsub', 'Pub/Sub', r);
  return [
    used('Message delivery data', 'TiB', p.tib, usage, 'monthly_message_data_tb', p.source),
    used('Retained acknowledged message storage', 'GiB', p.storageGibMonth, usage, 'storage_gb', p.source),
    used('Snapshot message backlog storage', 'GiB', p.storageGibMonth, usage, 'snapshot_storage_gb', p.source),
  ];
};

const dnsZone: Pricer = (r, prices) => {
  const p = pricesOf(prices, 'cloudDns', 'Cloud DNS', r);
  return [item('Managed zone', 'months', p.zoneMonth, 1, p.source)];
};

const dnsRecordSet: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'cloudDns', 'Cloud DNS', r);
  return [used('Queries', '1M queries', p.millionQueries, usage, 'monthly_queries', p.source, 1e-6)];
};

/** The locations a secret is replicated to: its user-managed `replicas`, else one (automatic replication bills as one). */
function replicasOf(secret: TerraformResource | undefined): number {
  const replicas = secret?.blocks.replication?.[0]?.blocks.user_managed?.[0]?.blocks.replicas?.length ?? 0;
  return replicas > 0 ? replicas : 1;
}

/** A secret: its active versions (usage) in each replica location, access operations, rotation notifications. */
const secret: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'secretManager', 'Secret Manager', r);
  return [
    used('Active secret versions', 'versions', p.versionMonth, usage, 'active_secret_versions', p.source, replicasOf(r)),
    used('Access operations', '10K requests', p.tenThousandAccesses, usage, 'monthly_access_operations', p.source, 1e-4),
    used('Rotation notifications', 'rotations', p.rotation, usage, 'monthly_rotation_notifications', p.source),
  ];
};

/** A secret version: itself, active, in each location of the secret its `secret` names (one when not in the stack), and its access operations. */
const secretVersion: Pricer = (r, prices, usage, linked) => {
  const p = pricesOf(prices, 'secretManager', 'Secret Manager', r);
  return [
    item('Active secret versions', 'versions', p.versionMonth, replicasOf(linked('secret')), p.source),
    used('Access operations', '10K requests', p.tenThousandAccesses, usage, 'monthly_access_operations', p.source, 1e-4),
  ];
};

/** A target proxy (an Envoy-based load balancer's front end): its proxy instances' hours and the data it processes (usage). */
const targetProxy: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'targetProxy', 'target proxy', r);
  return [
    used('Proxy instance', 'hours', p.instanceHourly, usage, 'monthly_proxy_instances', p.source, HOURS_PER_MONTH),
    used('Data processed', 'GB', p.gb, usage, 'monthly_data_processed_gb', p.source),
  ];
};

const bigqueryDataset: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'bigquery', 'BigQuery', r);
  return [used('Queries (on-demand)', 'TB', p.queryTb, usage, 'monthly_queries_tb', p.source)];
};

const bigqueryTable: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'bigquery', 'BigQuery', r);
  return [
    used('Active storage', 'GB', p.activeGbMonth, usage, 'monthly_active_storage_gb', p.source),
    used('Long-term storage', 'GB', p.longTermGbMonth, usage, 'monthly_long_term_storage_gb', p.source),
    used('Streaming inserts', 'MB', p.streamingInsertMb, usage, 'monthly_streaming_inserts_mb', p.source),
    used('Storage write API', 'GB', p.writeApiGb, usage, 'monthly_storage_write_api_gb', p.source),
    used('Storage read API', 'TB', p.readApiTb, usage, 'monthly_storage_read_api_tb', p.source),
  ];
};

/** The MB tiers of Cloud Monitoring's chargeable data: the first 100,000, the next 150,000, beyond. */
const MONITORING_TIERS: [number, string][] = [[100_000, 'first 100K'], [250_000, 'next 150K'], [Infinity, 'over 250K']];

/** A custom metric: its monitoring data by tier and its API calls (usage). */
const metricDescriptor: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'cloudMonitoring', 'Cloud Monitoring', r);
  const mb = num(usage.monthly_monitoring_data_mb);
  const data: CostItem[] = [];
  if (mb === undefined) data.push(item(`Monitoring data (${MONITORING_TIERS[0][1]})`, 'MB', p.mb[0], undefined, p.source, { usageKey: 'monthly_monitoring_data_mb' }));
  let from = 0;
  for (const [i, [upTo, label]] of MONITORING_TIERS.entries()) {
    if (mb === undefined || mb <= from) break;
    data.push(item(`Monitoring data (${label})`, 'MB', p.mb[i], Math.min(mb, upTo) - from, p.source));
    from = upTo;
  }
  return [...data, used('API calls', '1k calls', p.thousandApiCalls, usage, 'monthly_api_calls', p.source, 1e-3)];
};

/**
 * A Cloud KMS key: its key versions by the month — the usage's `key_versions`, else one every `rotation_period` of a
 * 30-day month, else usage — at the price of its protection level and algorithm (`version_template`; a software
 * symmetric key unless said), tiered at 2,000 versions for HSM asymmetric keys; its operations (usage).
 */
const kmsCryptoKey: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'cloudKms', 'Cloud KMS', r);
  const template = r.blocks.version_template?.[0];
  for (const key of ['algorithm', 'protection_level']) if (template?.written.includes(key) && template.attributes[key] === undefined) throw new Unpriceable(`version_template.${key} is not literal`);
  if (r.written.includes('rotation_period') && r.attributes.rotation_period === undefined) throw new Unpriceable('rotation_period is not literal');
  const kind = `${(template?.attributes.protection_level ?? 'SOFTWARE').toUpperCase()}:${(template?.attributes.algorithm ?? 'GOOGLE_SYMMETRIC_ENCRYPTION').toUpperCase()}`;
  const versionPrices = p.keyVersionMonth[kind];
  const operations = p.tenThousandOperations[kind];
  if (!versionPrices?.length || operations === undefined) throw new Unpriceable(`no Cloud KMS price for ${kind.replace(':', ' ')} keys`);
  const rotation = /^(\d{1,12}(?:\.\d{1,9})?)s$/.exec(r.attributes.rotation_period ?? '');
  const versions = num(usage.key_versions) ?? (rotation ? 2_592_000 / Number(rotation[1]) : undefined);
  const items: CostItem[] = [];
  if (versionPrices.length === 1) items.push(item('Key versions', 'months', versionPrices[0], versions, p.source, versions === undefined ? { usageKey: 'key_versions' } : {}));
  else {
    items.push(item('Key versions (first 2K)', 'months', versionPrices[0], versions === undefined ? undefined : Math.min(versions, 2000), p.source, versions === undefined ? { usageKey: 'key_versions' } : {}));
    if (versions !== undefined && versions > 2000) items.push(item('Key versions (over 2K)', 'months', versionPrices[1], versions - 2000, p.source));
  }
  return [...items, used('Operations', '10k operations', operations, usage, 'monthly_key_operations', p.source, 1e-4)];
};

/** A Cloud Functions (1st gen) function's CPU clock in MHz by its memory in MB, as Google sizes it. */
const FUNCTION_MHZ: Record<number, number> = { 128: 200, 256: 400, 512: 800, 1024: 1400, 2048: 2400, 4096: 4800 };

/**
 * A Cloud Functions (1st gen) function: its invocations (usage), each billed for its duration rounded up to 100 ms
 * (100 ms unless the usage says) at its CPU's GHz and its memory's GB (`available_memory_mb`, 256 unless said); its
 * outbound data.
 */
const cloudFunction: Pricer = (r, prices, usage) => {
  const p = pricesOf(prices, 'cloudFunctions', 'Cloud Functions', r);
  if (r.written.includes('available_memory_mb') && r.attributes.available_memory_mb === undefined) throw new Unpriceable('available_memory_mb is not literal');
  const memoryMb = num(r.attributes.available_memory_mb) ?? 256;
  const mhz = FUNCTION_MHZ[memoryMb];
  if (mhz === undefined) throw new Unpriceable(`the CPU of a ${memoryMb} MB function is not known`);
  const ms = num(usage.request_duration_ms);
  const seconds = (ms === undefined ? 100 : Math.ceil(ms / 100) * 100) / 1000;
  const invocations = num(usage.monthly_function_invocations);
  const missing = invocations === undefined ? { usageKey: 'monthly_function_invocations' } : {};
  return [
    item('CPU', 'GHz-seconds', p.ghzSecond, invocations === undefined ? undefined : invocations * (mhz / 1000) * seconds, p.source, missing),
    item('Memory', 'GB-seconds', p.gbSecond, invocations === undefined ? undefined : invocations * (memoryMb / 1024) * seconds, p.source, missing),
    used('Invocations', 'invocations', p.invocation, usage, 'monthly_function_invocations', p.source),
    used('Outbound data transfer', 'GB', p.outboundGb, usage, 'monthly_outbound_data_gb', p.source),
  ];
};

export const GOOGLE_SERVICE_PRICERS: Record<string, Pricer> = {
  ...Object.fromEntries(['billing_account', 'folder', 'organization', 'project'].flatMap((scope) => [[`google_logging_${scope}_sink`, logging], [`google_logging_${scope}_bucket_config`, logging]])),
  google_pubsub_topic: pubsubTopic,
  google_pubsub_subscription: pubsubSubscription,
  google_dns_managed_zone: dnsZone,
  google_dns_record_set: dnsRecordSet,
  google_bigquery_dataset: bigqueryDataset,
  google_bigquery_table: bigqueryTable,
  google_monitoring_metric_descriptor: metricDescriptor,
  google_kms_crypto_key: kmsCryptoKey,
  google_cloudfunctions_function: cloudFunction,
  google_secret_manager_secret: secret,
  google_secret_manager_secret_version: secretVersion,
  ...Object.fromEntries(['target_grpc_proxy', 'target_http_proxy', 'target_https_proxy', 'target_ssl_proxy', 'target_tcp_proxy', 'region_target_http_proxy', 'region_target_https_proxy'].map((t) => [`google_compute_${t}`, targetProxy])),
};
