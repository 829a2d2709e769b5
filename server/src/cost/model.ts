/**
 * The cost family's vocabulary: the price lists (schemas/cost/*-prices.json), a usage file's values,
 * a priced component's items and what is not priced, and the helpers every pricer shares. Pure.
 */
import type { TerraformResource } from '../terraform/api';
/** Hours in a month, as the providers and Infracost count them. */
export const HOURS_PER_MONTH = 730;

export interface Sourced {
  source: string;
}
export interface RegionPrices extends GoogleRegionPrices, AzureRegionPrices {
  ec2?: Record<string, Sourced & { hourly: number; ebsOptimizedHourly?: number }>;
  /** By volume type: per GB-month; io1/io2's IOPS-month, gp3's IOPS-month and MB/s-month above the included 3,000 and 125; magnetic's I/O. */
  ebs?: Record<string, Sourced & { gbMonth: number; iopsMonth?: number; throughputMbpsMonth?: number; perMillionRequests?: number }>;
  /** A public IPv4 address's hour (an Elastic IP). */
  publicIpv4?: Sourced & { hourly: number };
  cpuCredits?: Sourced & { vcpuHour: number };
  natGateway?: Sourced & { hourly: number; gb: number };
  loadBalancer?: Record<string, Sourced & { hourly: number; lcuHourly: number }>;
  /** A Classic Load Balancer's hour and GB processed. */
  classicLoadBalancer?: Sourced & { hourly: number; gb: number };
  eks?: Sourced & { hourly: number; extendedSupportHourly: number; standardSupportFrom: string };
  /** Lambda by architecture: requests per million, duration per GB-second by tier (the first 6B, next 9B, over 15B GB-seconds on x86_64; 7.5B, 11.25B, over 18.75B on arm64), ephemeral storage beyond 512 MB per GB-second. */
  lambda?: Sourced & Record<'x86_64' | 'arm64', LambdaPrices>;
  /** Kinesis Data Streams: an on-demand stream's hour and its data (per GB; retention per GB-month); a provisioned stream's shard-hour, PUT payload unit, extended retention per shard-hour, long-term retention and retrieval, enhanced fan-out per GB and per consumer-shard-hour. */
  kinesis?: Sourced & {
    onDemand: { streamHourly: number; ingestedGb: number; retrievedGb: number; efoRetrievedGb: number; extendedRetentionGbMonth: number; longTermRetentionGbMonth: number };
    provisioned: { shardHourly: number; putUnit: number; extendedRetentionShardHourly: number; longTermRetentionGbMonth: number; longTermRetrievalGb: number; efoRetrievedGb: number; efoConsumerShardHourly: number };
  };
  /** KMS: a customer managed key's month; requests by kind (symmetric, RSA 2048, other asymmetric; GenerateDataKeyPair ECC and RSA), per request. */
  kms?: Sourced & { keyMonthly: number; perRequest: number; rsa2048PerRequest: number; asymmetricPerRequest: number; eccKeyPairPerRequest: number; rsaKeyPairPerRequest: number };
  /** CloudWatch Logs (standard class): data ingested per GB, stored per GB-month, scanned by Logs Insights per GB. */
  cloudwatchLogs?: Sourced & { ingestedGb: number; storedGbMonth: number; insightsScannedGb: number };
  /** CloudWatch alarms: a standard-resolution and a high-resolution alarm metric's month. */
  cloudwatchAlarm?: Sourced & { standard: number; highResolution: number };
  /** CloudWatch custom metrics: a metric's month in the first tier (the first 10,000), as EC2's detailed monitoring bills them. */
  cloudwatchMetric?: Sourced & { firstTierMonthly: number };
  /** Route 53 (global): a hosted zone's month (the first 25 zones'), a health check's month and each optional feature's, on an AWS or another endpoint. */
  route53?: Sourced & { hostedZoneMonthly: number; healthCheck: { aws: number; nonAws: number }; optionalFeature: { aws: number; nonAws: number } };
  /** VPC endpoints: an interface endpoint's hour (per subnet) and data processed per GB by tier (the first 1 PB, the next 4 PB, beyond); a Gateway Load Balancer endpoint's hour and GB. */
  vpcEndpoint?: Sourced & { interfaceHourly: number; interfaceGb: number[]; gatewayLoadBalancerHourly: number; gatewayLoadBalancerGb: number };
  /** Amazon MSK (provisioned): a broker's hour by instance type (`kafka.m5.large`), its EBS storage per GB-month. */
  msk?: Sourced & { brokerHourly: Record<string, number>; storageGbMonth: number };
  /** Amazon Redshift: a node's on-demand hour by node type (`ra3.4xlarge`), concurrency scaling per node-second by node type. */
  redshift?: Sourced & { nodeHourly: Record<string, number>; concurrencyScalingNodeSecond: Record<string, number> };
  /** ElastiCache: a node's on-demand hour by engine (`redis`, `memcached`, `valkey`), then node type (`cache.m5.large`). */
  elasticache?: Sourced & { nodeHourly: Record<string, Record<string, number>> };
  /** ElastiCache beyond the node hours: backup storage per GB-month, reserved nodes' hourly fee by node type then `<term> <payment option>`. */
  elasticacheExtras?: Sourced & { backupGbMonth: number; reservedHourly: Record<string, Record<string, number>> };
  /** Amazon MQ: a broker's hour by engine and deployment (`single`; ActiveMQ's `activeStandby` pair, RabbitMQ's three-broker `cluster`, each one price), then instance type; EBS and EFS storage per GB-month. */
  mq?: Sourced & { brokerHourly: { activemq: Record<string, Record<string, number>>; rabbitmq: Record<string, Record<string, number>> }; ebsGbMonth: number; efsGbMonth?: number };
  /** Aurora (us-east-1): a provisioned instance's hour by engine then class, Serverless v2's ACU-hour (standard and I/O-optimized), a burstable class's CPU credit, backup storage, the major versions in extended support by engine. */
  aurora?: Sourced & {
    instanceHourly: Record<string, Record<string, number>>;
    serverlessV2AcuHour: number;
    serverlessV2IoOptimizedAcuHour: number;
    cpuCreditVcpuHour: number;
    /** Backup storage beyond the free share, per GB-month. */
    backupGbMonth: number;
    extendedSupport: Record<string, string[]>;
  };
  /** Fargate: a task's vCPU-hour and GB-hour on x86_64 and on ARM (Linux), its ephemeral storage beyond the free 20 GB per GB-hour. */
  fargate?: Sourced & Record<'x86_64' | 'arm64', { vcpuHourly: number; gbHourly: number }> & { storageGbHourly: number };
  /** DynamoDB (Standard table class): provisioned WCU and RCU per unit-hour; on-demand write and read request units; storage, PITR and on-demand backups per GB-month; restores per GB; streams read request units; each region's replicated writes (a global table's replica bills at its own region's price). */
  dynamodb?: Sourced & { wcuHourly: number; rcuHourly: number; writeRequest: number; readRequest: number; storageGbMonth: number; pitrGbMonth: number; backupGbMonth: number; restoreGb: number; streamsReadRequest: number; replicas: Record<string, { wcuHourly: number; writeRequest: number }> };
  /** API Gateway, per million: REST API requests by tier (the first 333M, the next 667M, the next 19B, beyond), HTTP API requests (the first 300M, beyond), WebSocket messages (the first 1B, beyond) and connection minutes; a REST stage's cache hour by its size in GB (`0.5`, `237`). */
  apiGateway?: Sourced & { restRequests: number[]; httpRequests: number[]; websocketMessages: number[]; websocketConnectionMinutes: number; cacheHourly: Record<string, number> };
  /** EFS: storage per GB-month (Standard and One Zone, and their Infrequent Access class), Infrequent Access reads and writes per GB, provisioned throughput per MB/s-month. */
  efs?: Sourced & { standardGbMonth: number; oneZoneGbMonth: number; iaGbMonth: number; oneZoneIaGbMonth: number; iaReadGb: number; iaWriteGb: number; provisionedMbpsMonth: number };
  /** Glue: an ETL job's DPU-hour, standard and Flex execution classes. */
  glue?: Sourced & { dpuHourly: number; flexDpuHourly: number };
  /** CloudHSM: an HSM's hour. */
  cloudHsm?: Sourced & { hourly: number };
  /** RDS and Aurora extended support (us-east-1): the first year's vCPU-hour and each instance class's vCPUs. */
  rdsExtendedSupport?: Sourced & { year1VcpuHour: number; vcpus: Record<string, number> };
  /** OpenSearch Service: instance hours by type (OpenSearch's names, `c4.2xlarge.search`), EBS storage per GB-month by volume type, gp3's throughput above the included per MiB/s-month, io1's IOPS per IOPS-month. */
  search?: Sourced & { instanceHourly: Record<string, number>; storageGbMonth: Record<string, number>; gp3ThroughputMbpsMonth?: number; io1IopsMonth?: number };
  /** Aurora clusters: Serverless v1's ACU-hour, storage per GB-month, I/O per million requests, Backtrack per million change records, snapshot export per GB. */
  auroraCluster?: Sourced & { serverlessV1AcuHour: number; storageGbMonth: number; ioPerMillion: number; backtrackPerMillion: number; snapshotExportGb: number };
  /** DocumentDB: instance hours by class, storage per GB-month, I/O per million requests, CPU credits per vCPU-hour. */
  docdb?: Sourced & { instanceHourly: Record<string, number>; storageGbMonth: number; ioPerMillion: number; cpuCreditVcpuHour: number };
  /** EC2 Dedicated Hosts by instance family: on-demand hours, and reserved hourly fees by `<term> <payment option>`. */
  ec2Host?: Sourced & { hourly: Record<string, number>; reservedHourly: Record<string, Record<string, number>> };
  /** Reserved EC2 instances: by instance type, then `<offering class> <term> <payment option>` (`standard 1_year no_upfront`), the hourly recurring fee. */
  ec2Reserved?: Sourced & { hourly: Record<string, Record<string, number>> };
  /** Reserved RDS instances: by engine, then class, then `<Single-AZ|Multi-AZ> <term> <payment option>`, the hourly recurring fee. */
  rdsReserved?: Sourced & { hourly: Record<string, Record<string, Record<string, number>>> };
  /** RDS's SQL Server and Oracle engines: by engine, then licence model (`license-included`, `bring-your-own-license`), then instance class, Single-AZ hours. */
  rdsCommercial?: Sourced & { instances: Record<string, Record<string, Record<string, number>>> };
  rds?: Sourced & {
    /** By engine, then instance class: Single-AZ hours, and Multi-AZ (one standby) hours where known. */
    instances: Record<string, Record<string, { hourly: number; multiAzHourly?: number }>>;
    /** By storage type, per GB-month: Single-AZ, and Multi-AZ (the standby's included) where the source gives it, else twice Single-AZ's; gp3's IOPS above its baseline, io1's provisioned IOPS (likewise), magnetic's I/O. */
    storage: Record<string, { gbMonth: number; multiAzGbMonth?: number; iopsMonth?: number; multiAzIopsMonth?: number; perMillionRequests?: number }>;
    backupGbMonth?: number;
    /** By engine, the major versions in extended support at the price date (billed per vCPU-hour, not in the price list). */
    extendedSupport: Record<string, string[]>;
  };
}
export interface LambdaPrices { requestsPerMillion: number; durationGbSecond: number[]; ephemeralGbSecond: number }
/** Google Cloud's entries of a region (schemas/cost/gcp-prices.json). */
export interface GoogleRegionPrices {
  /** Compute Engine machine types: hourly (the monthly price over 730 hours, sustained-use discount included where Google applies it), vCPUs, memory. */
  gce?: Record<string, Sourced & { hourly: number; vcpus: number; memoryGb: number }>;
  /** Persistent disks by type (`pd-standard`, `pd-balanced`, `pd-ssd`), per GB-month. */
  disk?: Record<string, Sourced & { gbMonth: number }>;
  /** Extreme persistent disks by type (`pd-extreme`, `hyperdisk-extreme`): per GB-month and per provisioned IOPS-month. */
  extremeDisk?: Record<string, Sourced & { gbMonth: number; iopsMonth: number }>;
  /**
   * What the machine list (`gce`) lacks: preemptible (spot) hours by machine type; on-demand hours of other types; custom
   * types by family (`N1`, `N2`, `N2D`) and purchase option per vCPU-hour, GB-hour and extended GB-hour (whole-month
   * prices, the sustained-use discount in them, as `gce`'s); local SSDs per GB-month; GPUs' hours by type (`nvidia-tesla-k80`).
   */
  gceExtras?: Sourced & {
    preemptibleHourly: Record<string, number>;
    onDemandHourly: Record<string, number>;
    custom: Record<string, Partial<Record<'onDemand' | 'preemptible', { vcpuHourly: number; gbHourly: number; extendedGbHourly?: number }>>>;
    localSsdGbMonth: { onDemand: number; preemptible: number };
    gpuHourly: Record<string, Partial<Record<'onDemand' | 'preemptible', number>>>;
  };
  /** Artifact Registry: storage per GB-month; egress per GB within the repository's continent (where known), between continents, to Oceania. */
  artifactRegistry?: Sourced & { storageGbMonth: number; sameContinentGb?: number; intercontinentalGb: number; oceaniaGb: number };
  /** Cloud Logging: logging data per GB (beyond the free 50 GB). */
  cloudLogging?: Sourced & { gb: number };
  /** Pub/Sub: message data per TiB (ingested or delivered), retained and snapshot storage per GiB-month. */
  pubsub?: Sourced & { tib: number; storageGibMonth: number };
  /** Cloud DNS: a managed zone's month (the first 25 zones'), a million queries. */
  cloudDns?: Sourced & { zoneMonth: number; millionQueries: number };
  /** Secret Manager: an active secret version's month in one location, 10,000 access operations, a rotation notification. */
  secretManager?: Sourced & { versionMonth: number; tenThousandAccesses: number; rotation: number };
  /** BigQuery: on-demand queries per TB; active and long-term storage per GB-month; streaming inserts per MB; the Storage Write API per GB, the Read API per TB. */
  bigquery?: Sourced & { queryTb: number; activeGbMonth: number; longTermGbMonth: number; streamingInsertMb: number; writeApiGb: number; readApiTb: number };
  /** Cloud Monitoring: chargeable data per MB by tier (the first 100,000 MB, the next 150,000, beyond), 1,000 API calls. */
  cloudMonitoring?: Sourced & { mb: [number, number, number]; thousandApiCalls: number };
  /** Cloud KMS by `PROTECTION_LEVEL:ALGORITHM`: a key version's month (one price, or the first 2,000 versions' and beyond), 10,000 operations. */
  cloudKms?: Sourced & { keyVersionMonth: Record<string, number[]>; tenThousandOperations: Record<string, number> };
  /** Cloud Functions (1st gen): a GHz-second of CPU, a GB-second of memory, an invocation, outbound data per GB. */
  cloudFunctions?: Sourced & { ghzSecond: number; gbSecond: number; invocation: number; outboundGb: number };
  /** Target proxies (Envoy-based load balancers): a proxy instance's hour, data processed per GB. */
  targetProxy?: Sourced & { instanceHourly: number; gb: number };
  /** Cloud VPN: a tunnel's hour; a gateway's IPSec egress per GB by destination (`same_region`, `europe`…); an external gateway's internet egress per GB by destination (`worldwide`, `china`, `australia`) and tier (the first 1 TB, the next 9 TB, over 10 TB: as many as known). */
  cloudVpn?: Sourced & { tunnelHourly: number; egressGb: Record<string, number>; internetEgressGb: Record<string, number[]> };
  /** Cloud Run: the region's pricing tier (1, 2: Infracost names tier 2's items so); a vCPU-second and a GiB-second, request-based (CPU throttled) and instance-based; a request. */
  cloudRun?: Sourced & { tier: number; requestBased: { vcpuSecond: number; gibSecond: number }; instanceBased: { vcpuSecond: number; gibSecond: number }; request: number };
  /** Compute Engine images' and snapshots' storage, per GB-month. */
  computeImage?: Sourced & { gbMonth: number };
  computeSnapshot?: Sourced & { gbMonth: number };
  /** A static external IP address's hour: unused (regional), used by a standard or a preemptible (spot) VM (global prices, where the source gives them). */
  computeAddress?: Sourced & { unusedHourly: number; standardVmHourly?: number; preemptibleVmHourly?: number };
  /** Memorystore for Redis Cluster: a node's hour by node type (`REDIS_STANDARD_SMALL`), AOF persistence per GB-hour, backups per GB-month. */
  redisCluster?: Sourced & { nodeHourly: Record<string, number>; aofGbHourly: number; backupGbMonth: number };
  /** GKE's cluster management fee. */
  gke?: Sourced & { hourly: number };
  /** GKE Autopilot pods' requests by the month: a vCPU, a GB of memory, a GB of ephemeral storage. */
  gkeAutopilot?: Sourced & { vcpuMonth: number; memoryGbMonth: number; ephemeralGbMonth: number };
  cloudNat?: Sourced & { hourly: number; gb: number };
  /** Cloud Storage by storage class, per GB-month. */
  gcs?: Record<string, Sourced & { gbMonth: number }>;
  /** Cloud Storage's operations and network where known (multi-regions): class A and B operations per 10,000 and retrieval per GB by storage class; egress per GB in the same continent, and by destination (`worldwide`, `asia`, `china`, `australia`) and tier (the first 1 TB, the next 9 TB, over 10 TB: as many as known). */
  gcsUsage?: Sourced & { classAPer10k: Record<string, number>; classBPer10k: Record<string, number>; retrievalGb: Record<string, number>; sameContinentGb: number; egressGb: Record<string, number[]> };
  /** Cloud SQL (Enterprise edition), zonal: a dedicated tier's vCPU-hour and memory GB-hour, a shared-core tier's hour, SSD storage and backups per GB-month, a public IPv4 address's hour. A regional instance bills compute and storage twice. */
  cloudSql?: Sourced & { vcpuHourly: number; memoryGbHourly: number; sharedCore: Record<string, number>; ssdGbMonth: number; backupGbMonth: number; ipHourly: number };
  /** Memorystore for Redis per GB-hour, by tier (`basic`, `standard`) and capacity tier (`M1`…`M5`). */
  memorystore?: Sourced & Record<'basic' | 'standard', Record<string, number>>;
  /** A forwarding rule's hour and its ingress data per GB. */
  forwardingRule?: Sourced & { hourly: number; ingressGb: number };
}
/** Azure's entries of a region (schemas/cost/azure-prices.json). */
export interface AzureRegionPrices {
  /** Linux VM sizes, pay as you go. */
  azureVm?: Record<string, Sourced & { hourly: number }>;
  /** Public IP addresses' hour: Basic dynamic and static, Standard regional and global (each where its source gives it). */
  azurePublicIp?: Partial<Record<'basicDynamic' | 'basicStatic' | 'standardRegional' | 'standardGlobal', Sourced & { hourly: number }>>;
  /** A DNS zone's month (public or private; the first 25 zones' price). */
  azureDnsZone?: Sourced & { monthly: number };
  /** Windows VM sizes, pay as you go (the Windows Server licence included). */
  azureVmWindows?: Record<string, Sourced & { hourly: number }>;
  /** Managed disks by tier (`S4`, `E30`, `P10`), per disk-month (LRS). */
  azureDisk?: Record<string, Sourced & { monthly: number }>;
  /** Standard HDD (`S`) and Standard SSD (`E`) disks' operations, per 10,000. */
  azureDiskOperations?: Record<string, Sourced & { per10k: number }>;
  aks?: Sourced & { uptimeSlaHourly: number };
  /** Azure Database flexible servers by engine (`postgresql`, `mysql`): compute by SKU name per hour; storage per GB-month (where known); MySQL's IOPS beyond those included, per IOPS-month; backup storage beyond the free share, per GB-month. */
  azureFlexibleServer?: Record<string, Sourced & { compute: Record<string, number>; storageGbMonth?: number; iopsMonth?: number; backupGbMonth: number }>;
  /** Storage accounts' block blobs by class (Standard StorageV2 and BlobStorage by access tier, `Hot`, `Cool`; `Premium`; `Storage`: general-purpose v1), then replication (`LRS`, `GRS`, `RAGRS`, `ZRS`). */
  azureStorage?: Record<string, Record<string, AzureStoragePrices>>;
  /** App Service plans: an instance's hour by OS (`Windows`, `Linux`), then SKU name (`P1v3`). */
  azureServicePlan?: Sourced & Partial<Record<'Windows' | 'Linux', Record<string, number>>>;
  /** Azure OpenAI (Standard deployments): a code interpreter session; by model (a language model as `model@version`), each meter's unit price (per 1K tokens, hour, 100 images or 1M characters). */
  azureOpenAi?: Sourced & { codeInterpreterSession?: number; models: Record<string, Record<string, number>> };
  /** Azure Functions: an Elastic Premium vCPU-hour and GB-hour; consumption's execution time per GB-second and executions per million. */
  azureFunctions?: Sourced & { vcpuHour: number; memoryGbHour: number; gbSecond: number; perMillionExecutions: number };
}
/** A storage account's meters: capacity per GB-month (Hot: the first 50 TB, the next 450 TB, beyond), operations per 10,000, blob index per 10,000 tags, Cool's retrieval and early deletion per GB. */
export interface AzureStoragePrices extends Sourced {
  capacityGbMonth: number[];
  /** Undefined where the source has no write price. */
  writePer10k?: number;
  listPer10k: number;
  readPer10k: number;
  otherPer10k: number;
  /** Standard StorageV2 and BlobStorage only. */
  blobIndexPer10k?: number;
  retrievalGb?: number;
  earlyDeletionGb?: number;
}
export interface PriceList {
  currency: string;
  priceDate: string;
  sources: Record<string, { url: string; page?: string; date?: string }>;
  regions: Record<string, RegionPrices>;
  /** The resource types that cost nothing by themselves (Infracost's free resources, source `infracost-free`): neither priced nor listed. */
  free?: string[];
}

/** A resource's usage values (`resource_usage.<address>` of the usage file): numbers and words. */
export type ResourceUsage = Record<string, number | string>;
export type Usage = Record<string, ResourceUsage>;

export interface CostItem {
  /** Infracost's component name (`NAT gateway`, `Storage (general purpose SSD, gp2)`), under its sub-resource (`root_block_device`, `ebs_block_device[0]`). */
  name: string;
  subresource?: string;
  unit: string;
  unitPrice: number;
  /** The monthly quantity; undefined when it depends on a usage value the usage file does not give. */
  quantity?: number;
  monthlyCost?: number;
  /** The usage key that would give the quantity (when it is missing). */
  usageKey?: string;
  /** The price's source (a key of the price list's `sources`). */
  source: string;
}

export interface PricedResource {
  address: string;
  type: string;
  uri: string;
  /** The offset of its name in its file (the resource's label). */
  offset: number;
  region: string;
  items: CostItem[];
  /** The sum of the items with a cost. */
  monthlyCost: number;
}

export interface Unpriced {
  address: string;
  uri: string;
  reason: string;
}

export interface CostReport {
  currency: string;
  priceDate: string;
  totalMonthlyCost: number;
  resources: PricedResource[];
  unpriced: Unpriced[];
}

export class Unpriceable extends Error {}

/** A usage or attribute number; YAML 1.1's digit separators (`40_000_000`, as Infracost's usage files write them) allowed. */
export const num = (v: string | number | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(typeof v === 'string' && /^[+-]?\d{1,3}(?:_\d{3})+(?:\.\d+)?$/.test(v) ? v.replace(/_/g, '') : v);
  return Number.isFinite(n) ? n : undefined;
};
export const round = (n: number): number => Math.round(n * 1e6) / 1e6;

export function item(name: string, unit: string, unitPrice: number, quantity: number | undefined, source: string, extra: Partial<CostItem> = {}): CostItem {
  return { name, unit, unitPrice, ...(quantity !== undefined ? { quantity: round(quantity), monthlyCost: round(quantity * unitPrice) } : {}), source, ...extra };
}


/** One price list of several (AWS's, Google Cloud's): their regions side by side, each source with its list's date; the first list's currency and date. */
export function mergePriceLists(lists: readonly PriceList[]): PriceList {
  const [first] = lists;
  const merged: PriceList = { currency: first.currency, priceDate: first.priceDate, sources: {}, regions: {} };
  for (const list of lists) {
    for (const [key, source] of Object.entries(list.sources)) merged.sources[key] = { ...source, date: source.date ?? list.priceDate };
    for (const [code, prices] of Object.entries(list.regions)) merged.regions[code] = { ...merged.regions[code], ...prices };
    if (list.free) merged.free = [...(merged.free ?? []), ...list.free];
  }
  return merged;
}

/** The resource an attribute of the one priced names (`cluster = google_container_cluster.x.id`), when the plan holds it. */
export interface Linked {
  (attribute: string): TerraformResource | undefined;
  /** The resource an attribute of another resource names (an ECS task set's `task_definition`). */
  from: (resource: TerraformResource, attribute: string) => TerraformResource | undefined;
  /** The resources of a type whose attribute names the one given (`aws_ecs_cluster_capacity_providers.cluster_name = aws_ecs_cluster.x.name`), in plan order. */
  referrers: (to: TerraformResource, type: string, attribute: string) => TerraformResource[];
}

/** The resources of a type in the same stack, each with its usage: what names a resource without it naming them (an auto scaling target). */
export type Related = (type: string) => { resource: TerraformResource; usage: ResourceUsage }[];
