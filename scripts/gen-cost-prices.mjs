#!/usr/bin/env node
// Regenerates the cost family's AWS prices (schemas/cost/aws-prices.json) from AWS's public Price List
// bulk API (no account, no key): the CSV offer file of each service and region, streamed line by line.
//
//   node scripts/gen-cost-prices.mjs [--region us-east-1 ...] [--write]
//   node scripts/gen-cost-prices.mjs --gcp PRICING.yml [--write]
//   node scripts/gen-cost-prices.mjs --maps DIR [--region eu-west-3 ...] [--write]
//   node scripts/gen-cost-prices.mjs --services DIR [--write]
//
// With --gcp, it updates schemas/cost/gcp-prices.json instead, from a local copy of
// Cyclenerd/google-cloud-pricing-cost-calculator's pricing.yml (Apache-2.0, generated from Google's
// Cloud Billing Catalog API): machine types (an hourly price is the file's monthly price over 730 hours,
// so N1's sustained-use discount is in it, as Google bills), persistent disks, Cloud NAT, Cloud Storage.
// The GKE management fee is Google's published flat rate and stays as committed.
//
// Only the entries the committed file already names are looked up (instance types, volume types, NAT
// gateways, load balancers (Classic ones too), EKS): the file says what Archipel prices, this script says at what price
// today. Without --write it prints what would change. The offer files are large (EC2's, for one region,
// is several hundred MB): the script reads them as a stream and keeps only the matching rows.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: node scripts/gen-cost-prices.mjs [--region REGION]... [--write]\n  Updates schemas/cost/aws-prices.json from AWS\'s public Price List bulk offer files (network).\n       node scripts/gen-cost-prices.mjs --gcp PRICING.yml [--write]\n  Updates schemas/cost/gcp-prices.json from a copy of Cyclenerd\'s pricing.yml.\n       node scripts/gen-cost-prices.mjs --maps DIR [--region REGION]... [--write]\n  Updates the regions other than us-east-1 (EC2, EBS, RDS; NAT gateways and EKS when DIR has natgateway.json, eks.json) from copies of AWS\'s price maps.\n       node scripts/gen-cost-prices.mjs --services DIR [--write]\n  Updates every region\'s Lambda, Kinesis Data Streams, KMS, CloudWatch Logs, Route 53, VPC endpoint, MSK, Redshift, Fargate, DynamoDB, API Gateway, CloudHSM, EFS and Glue prices from copies of AWS\'s price maps (lambda.json, kinesis.json, kms.json, cloudwatch.json, route53.json, vpc.json, msk.json, redshift.json, ecs.json, dynamodb.json, apigateway.json, cloudhsm.json, efs.json, glue.json).\n       node scripts/gen-cost-prices.mjs --yeo DIR [--write]\n  Updates every region\'s ElastiCache and Amazon MQ prices from copies of AWS\'s price maps (elasticache.json, mq.json as yeo/ec2.shop keeps them).\n  Without --write, prints the file it would write.');
  process.exit(0);
}
// With --maps DIR, it updates the regions other than us-east-1 from copies of AWS's public price maps (the JSON
// the pricing pages load) as yeo/ec2.shop's data folder keeps them (MIT): <region>-ondemand.json and
// <region>-previousgen-ondemand.json (EC2, Linux, shared tenancy), ebs.json, rds-postgresql-ondemand.json,
// rds-mysql-ondemand.json and rds-mariadb-ondemand.json (instances, storage, IOPS, backups). For each region: the
// instance and volume types us-east-1 lists (not those with an EBS-optimized surcharge: the maps lack it), the RDS
// classes of RDS_CLASSES and us-east-1's, each source's date from the map's publication date. When DIR also holds
// natgateway.json and eks.json (the maps as lamngockhuong/aws-price keeps them, MIT), each region's NAT gateway (hour,
// GB processed) and EKS control plane (hour; extended support: the hour plus the map's surcharge) too. us-east-1 stays the
// Price List's: its committed figures are compared with the maps' and any difference printed.
const RDS_MAPS = { postgres: 'rds-postgresql-ondemand', mysql: 'rds-mysql-ondemand', mariadb: 'rds-mariadb-ondemand' };
/** A region whose entries come from the price maps (--maps), not from the Price List. */
const fromMaps = (prices) => Object.values(prices.ec2 ?? {}).some((e) => e.source === 'ec2-regions') || Object.values(prices.ebs ?? {}).some((e) => e.source === 'ebs-regions') || prices.rds?.source === 'rds-regions';
const RDS_CLASSES = ['db.t3.micro', 'db.t3.small', 'db.t3.medium', 'db.t3.large', 'db.t4g.micro', 'db.t4g.small', 'db.t4g.medium', 'db.t4g.large', 'db.m5.large', 'db.m6g.large', 'db.m6i.large', 'db.r5.large', 'db.r6g.large'];
/** Prints the whole text before the script exits: console.log to a pipe is asynchronous and process.exit() would cut it (a file of 400 KB). */
function printAll(text) {
  const bytes = Buffer.from(`${text}\n`);
  for (let at = 0; at < bytes.length;) {
    try { at += fs.writeSync(1, bytes, at); } catch (e) { if (e.code !== 'EAGAIN') throw e; }
  }
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Ends a mode: each price not found said (exit 1 when any), else the prices written with --write or printed whole; exits. */
function finish(target, prices, missing = []) {
  for (const m of missing) console.error(`no price: ${m}`);
  if (missing.length) process.exit(1);
  const text = `${JSON.stringify(prices, null, 2)}\n`;
  if (process.argv.includes('--write')) { fs.writeFileSync(target, text); console.log(`wrote ${path.relative(root, target)}`); } else printAll(text);
  process.exit();
}
const gcpAt = process.argv.indexOf('--gcp');
if (gcpAt > 0) {
  const target = path.join(root, 'schemas', 'cost', 'gcp-prices.json');
  const gcp = JSON.parse(fs.readFileSync(target, 'utf8'));
  const source = parse(fs.readFileSync(process.argv[gcpAt + 1], 'utf8'), { logLevel: 'error' });
  const round = (n) => Math.round(n * 1e8) / 1e8;
  for (const [code, prices] of Object.entries(gcp.regions)) {
    for (const [type, entry] of Object.entries(prices.gce ?? {})) {
      const machine = source.compute.instance[type];
      const month = machine?.cost?.[code]?.month;
      if (month === undefined) { console.error(`${type}: no price in ${code}`); process.exitCode = 1; continue; }
      Object.assign(entry, { hourly: round(month / 730), vcpus: machine.cpu, memoryGb: machine.ram });
    }
    const disks = { 'pd-standard': 'hdd', 'pd-balanced': 'balanced', 'pd-ssd': 'ssd' };
    for (const [type, entry] of Object.entries(prices.disk ?? {})) entry.gbMonth = source.compute.storage[disks[type]].cost[code].month;
    if (prices.cloudNat) Object.assign(prices.cloudNat, { hourly: source.compute.network.nat.gateway.cost[code].hour, gb: source.compute.network.nat.data.cost[code].month });
    const classes = { STANDARD: 'standard', NEARLINE: 'nearline', COLDLINE: 'coldline', ARCHIVE: 'archiv' };
    for (const [type, entry] of Object.entries(prices.gcs ?? {})) entry.gbMonth = source.storage.bucket[classes[type]].cost[code].month;
  }
  const generated = /generated: (.+)/.exec(fs.readFileSync(process.argv[gcpAt + 1], 'utf8').slice(0, 2000))?.[1];
  gcp.priceDate = generated ? new Date(`${generated} UTC`).toISOString().slice(0, 10) : new Date().toISOString().slice(0, 10);
  finish(target, gcp);
}
// With --services DIR, it updates every region's Lambda, Kinesis Data Streams, KMS, CloudWatch Logs and Route 53 prices from copies of AWS's
// public price maps as lamngockhuong/aws-price keeps them (MIT): lambda.json (requests, duration by tier on x86_64 and
// arm64, ephemeral storage), kinesis.json (on-demand and provisioned streams), kms.json (keys, requests), cloudwatch.json
// (logs ingested, stored, scanned by Insights; alarms; custom metrics' first tier), route53.json (global: hosted zones and
// health checks, the same in each region), vpc.json (VPC endpoints), msk.json (brokers by type, their storage), redshift.json (nodes by type, concurrency scaling). Each source is dated by its map's publication date.
const LOCATIONS = { 'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-2': 'US West (Oregon)', 'eu-west-1': 'EU (Ireland)', 'eu-west-2': 'EU (London)', 'eu-west-3': 'EU (Paris)', 'eu-central-1': 'EU (Frankfurt)', 'eu-north-1': 'EU (Stockholm)', 'ap-southeast-1': 'Asia Pacific (Singapore)', 'ap-northeast-1': 'Asia Pacific (Tokyo)' };
/** Every commercial and GovCloud region of the price maps, by code (DynamoDB's replicas may be in any). */
const MAP_REGIONS = { ...LOCATIONS, 'us-west-1': 'US West (N. California)', 'af-south-1': 'Africa (Cape Town)', 'ap-east-1': 'Asia Pacific (Hong Kong)', 'ap-south-1': 'Asia Pacific (Mumbai)', 'ap-south-2': 'Asia Pacific (Hyderabad)', 'ap-northeast-2': 'Asia Pacific (Seoul)', 'ap-northeast-3': 'Asia Pacific (Osaka)', 'ap-southeast-2': 'Asia Pacific (Sydney)', 'ap-southeast-3': 'Asia Pacific (Jakarta)', 'ap-southeast-4': 'Asia Pacific (Melbourne)', 'ap-southeast-5': 'Asia Pacific (Malaysia)', 'ap-southeast-7': 'Asia Pacific (Thailand)', 'ca-central-1': 'Canada (Central)', 'ca-west-1': 'Canada West (Calgary)', 'eu-central-2': 'EU (Zurich)', 'eu-south-1': 'EU (Milan)', 'eu-south-2': 'EU (Spain)', 'il-central-1': 'Israel (Tel Aviv)', 'me-central-1': 'Middle East (UAE)', 'me-south-1': 'Middle East (Bahrain)', 'mx-central-1': 'Mexico (Central)', 'sa-east-1': 'South America (Sao Paulo)', 'us-gov-east-1': 'AWS GovCloud (US-East)', 'us-gov-west-1': 'AWS GovCloud (US)' };
const servicesAt = process.argv.indexOf('--services');
if (servicesAt > 0) {
  const dir = process.argv[servicesAt + 1];
  const target = path.join(root, 'schemas', 'cost', 'aws-prices.json');
  const aws = JSON.parse(fs.readFileSync(target, 'utf8'));
  const missing = [];
  const mapOf = (name) => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  const pages = { kinesis: 'kinesis/data-streams', kms: 'kms', msk: 'msk', apigateway: 'api-gateway', cloudhsm: 'cloudhsm' };
  const dated = (name, map) => { aws.sources[name] = { url: `https://github.com/lamngockhuong/aws-price/blob/508fb45296c89efe38772babd7ec766644629267/lib/data/pricing/${name}.json`, page: `https://aws.amazon.com/${pages[name] ?? name}/pricing/`, date: map.manifest.hawkFilePublicationDate.slice(0, 10) }; };
  const priceOf = (map, location, key) => { const e = map.regions[location]?.[key]; if (!e) missing.push(`${location}: ${key}`); return e ? Number(e.price) : NaN; };
  const lambda = mapOf('lambda');
  const kinesis = mapOf('kinesis');
  const r53 = mapOf('route53');
  const kms = mapOf('kms');
  const cloudwatch = mapOf('cloudwatch');
  const msk = mapOf('msk');
  const vpc = mapOf('vpc');
  const redshift = mapOf('redshift');
  const ecs = mapOf('ecs');
  const dynamodb = mapOf('dynamodb');
  const apigateway = mapOf('apigateway');
  const cloudhsm = mapOf('cloudhsm');
  const efs = mapOf('efs');
  const glue = mapOf('glue');
  // A DynamoDB global table's replicas bill their replicated writes at their own region's price: every region of the map, by code.
  const replicas = Object.fromEntries(Object.entries(MAP_REGIONS).flatMap(([code, location]) => {
    const r = dynamodb.regions[location];
    const wcu = r?.['Provisioned Replicated Write Units'];
    const wru = r?.['PayPerRequest Replicated Write Request Units'];
    return wcu && wru ? [[code, { wcuHourly: Number(wcu.price), writeRequest: Number(wru.price) }]] : [];
  }));
  const route53 = {
    hostedZoneMonthly: priceOf(r53, 'Any', 'DNS Zone first 25'),
    healthCheck: { aws: priceOf(r53, '', 'Basic Health checks AWS per Mo'), nonAws: priceOf(r53, '', 'Basic Health checks External Non AWS per Mo') },
    optionalFeature: { aws: priceOf(r53, '', 'Optional Health Check Features AWS per Mo'), nonAws: priceOf(r53, '', 'Optional Health Check Features External Non AWS per Mo') },
    source: 'route53',
  };
  for (const [code, location] of Object.entries(LOCATIONS)) {
    const at = (key) => priceOf(lambda, location, key);
    const arch = (suffix) => ({
      requestsPerMillion: Math.round(at(`Lambda Requests${suffix}`) * 1e6 * 1e8) / 1e8,
      durationGbSecond: [at(`Lambda Duration${suffix}`), at(`Lambda Duration${suffix} Tier2`), at(`Lambda Duration${suffix} Tier3`)],
      ephemeralGbSecond: at(`Lambda Storage-Duration${suffix}`),
    });
    const prices = (aws.regions[code] ??= {});
    prices.lambda = { x86_64: arch(''), arm64: arch('-ARM'), source: 'lambda' };
    const k = (key) => priceOf(kinesis, location, key);
    prices.kinesis = {
      onDemand: { streamHourly: k('OnDemandStreamHr per StreamHr'), ingestedGb: k('OnDemandDataIngested per GB'), retrievedGb: k('OnDemandDataRetrieval per GB'), efoRetrievedGb: k('OnDemandEFODataRetrieval per GB'), extendedRetentionGbMonth: k('OnDemandExtendedRetentionByteHrs per GB month'), longTermRetentionGbMonth: k('OnDemandLongTermRetentionByteHrs per GB month') },
      provisioned: { shardHourly: k('Provisioned shard hour per ShardHour'), putUnit: k('Payload Units per PutRequest'), extendedRetentionShardHourly: k('Addon shard hour per ShardHour'), longTermRetentionGbMonth: k('Long term Data Retention GB-month per GB-month'), longTermRetrievalGb: k('Long term Data Retrieval GB per GB'), efoRetrievedGb: k('Enhanced fan out GB of data retrieved per GB'), efoConsumerShardHourly: k('Enhanced fan out per ConsumerShardHour') },
      source: 'kinesis',
    };
    prices.route53 = route53;
    const key = (name) => priceOf(kms, location, name);
    prices.kms = { keyMonthly: key('Encryption Key'), perRequest: key('API request - Non Free Tier'), rsa2048PerRequest: key('Asymmetric Requests RSA_2048'), asymmetricPerRequest: key('Asymmetric Requests except RSA_2048API'), eccKeyPairPerRequest: key('API Requests GenerateDatakeyPair ECC'), rsaKeyPairPerRequest: key('API Requests GenerateDatakeyPair RSA'), source: 'kms' };
    const logs = (name) => priceOf(cloudwatch, location, name);
    prices.cloudwatchLogs = { ingestedGb: logs('Logs Collected Data Ingestion'), storedGbMonth: logs('Stored Data'), insightsScannedGb: logs('Queried Logs Insights'), source: 'cloudwatch' };
    prices.cloudwatchAlarm = { standard: logs('Alarm Standard'), highResolution: logs('Alarm High Resolution'), source: 'cloudwatch' };
    // A custom metric's month in the first tier (the first 10,000 metrics): EC2's detailed monitoring bills 7 metrics an instance at it.
    prices.cloudwatchMetric = { firstTierMonthly: logs('Metric for the first 10000'), source: 'cloudwatch' };
    // VPC endpoints: an interface endpoint's hour (per subnet) and its data processed by tier; a Gateway Load Balancer endpoint's.
    const v = (key) => priceOf(vpc, location, key);
    const tier = (range) => v(`Charge for per GB data processed by VPC Endpoints per GB from ${range}`);
    prices.vpcEndpoint = { interfaceHourly: v('Hourly charge for VPC Endpoints per Hrs'), interfaceGb: [tier('0 to 1048576'), tier('1048576 to 5242880'), tier('5242880 to Inf')], gatewayLoadBalancerHourly: v('Hourly charge for AWS Gateway Load Balancer VPC Endpoint per Hrs'), gatewayLoadBalancerGb: v('Charge for per GB data processed by AWS Gateway Load Balancer VPC Endpoint per GB'), source: 'vpc-endpoints' };
    // MSK: the map names each broker `RunBroker <instance family>` (on-demand) and the brokers' EBS storage `RunVolume GP2`.
    const brokers = Object.entries(msk.regions[location] ?? {}).flatMap(([name, e]) => (/^RunBroker [a-z0-9]+\.[a-z0-9]+$/.test(name) ? [[`kafka.${name.slice('RunBroker '.length)}`, Number(e.price)]] : []));
    if (!brokers.length) missing.push(`${location}: MSK brokers`);
    prices.msk = { brokerHourly: Object.fromEntries(brokers.sort(([a], [b]) => a.localeCompare(b))), storageGbMonth: priceOf(msk, location, 'RunVolume GP2'), source: 'msk' };
    // Redshift: its on-demand node types (an entry with its memory) and their concurrency scaling (an entry with its usage family), per node-second.
    const onDemand = Object.values(redshift.regions[location] ?? {}).filter((e) => e['Instance Type'] && e.rateCode?.includes('.JRTCKXETXF.'));
    const byType = (keep) => Object.fromEntries(onDemand.filter(keep).map((e) => [e['Instance Type'], Number(e.price)]).sort(([a], [b]) => a.localeCompare(b)));
    const nodeHourly = byType((e) => Boolean(e.Memory));
    if (!Object.keys(nodeHourly).length) missing.push(`${location}: Redshift nodes`);
    prices.redshift = { nodeHourly, concurrencyScalingNodeSecond: byType((e) => Boolean(e['Usage Family'])), source: 'redshift' };
    // Fargate (an ECS service's tasks): a vCPU-hour and a GB-hour, Linux on x86_64 and on ARM; ephemeral storage beyond the free 20 GB per GB-hour.
    const f = (key) => priceOf(ecs, location, key);
    prices.fargate = { x86_64: { vcpuHourly: f('perCPU per hour'), gbHourly: f('perGB per hour') }, arm64: { vcpuHourly: f('ARM perCPU per hour'), gbHourly: f('ARM perGB per hour') }, storageGbHourly: f('Storage per GB-Hours'), source: 'fargate' };
    // DynamoDB (Standard table class): provisioned capacity per unit-hour, on-demand requests per unit, storage, backups, restores, streams.
    const d = (key) => priceOf(dynamodb, location, key);
    prices.dynamodb = { wcuHourly: d('Provisioned Write Units'), rcuHourly: d('Provisioned Read Units'), writeRequest: d('PayPerRequest Write Request Units'), readRequest: d('PayPerRequest Read Request Units'), storageGbMonth: d('Data Storage Indexed GB-Mo'), pitrGbMonth: d('PITR Backup Storage GB-Mo'), backupGbMonth: d('On-Demand Backup Storage GB-Month'), restoreGb: d('Restore Data Size'), streamsReadRequest: d('Streams Read Requests'), replicas, source: 'dynamodb' };
    // API Gateway: REST API requests by tier, HTTP API requests and WebSocket messages by tier, WebSocket connection minutes (per million); a REST stage's cache by size (GB) per hour.
    const g = (key) => priceOf(apigateway, location, key);
    const million = (key) => Math.round(g(key) * 1e6 * 1e8) / 1e8;
    const cacheHourly = Object.fromEntries(Object.entries(apigateway.regions[location] ?? {}).flatMap(([name, e]) => { const m = /^Caching Memory Size (\d+)(?: (\d))?$/.exec(name); return m ? [[m[2] ? `${m[1]}.${m[2]}` : m[1], Number(e.price)]] : []; }).sort(([a], [b]) => Number(a) - Number(b)));
    if (!Object.keys(cacheHourly).length) missing.push(`${location}: API Gateway caches`);
    prices.apiGateway = {
      restRequests: [million('API Calls Number of up to 333 million'), million('API Calls Number of Request Next 667 million'), million('API Calls Number of Request Next 19 billion'), million('API Calls Number of Request Over 20 billion')],
      httpRequests: [million('ApiGatewayHttpApi First 300 million'), million('ApiGatewayHttpApi more than 300 million')],
      websocketMessages: [million('WebSocket Messages Messages first 1 billion'), million('WebSocket Messages Messages over 1 billion')],
      websocketConnectionMinutes: million('WebSocket Connection Minutes'),
      cacheHourly,
      source: 'apigateway',
    };
    // CloudHSM (v2): an HSM's hour.
    prices.cloudHsm = { hourly: priceOf(cloudhsm, location, 'CloudHSM Hourly'), source: 'cloudhsm' };
    // EFS: storage per GB-month (Standard, One Zone; their Infrequent Access class), Infrequent Access reads and writes per GB, provisioned throughput per MB/s-month.
    const e = (key) => priceOf(efs, location, key);
    prices.efs = { standardGbMonth: e('General Purpose Storage GB Mo'), oneZoneGbMonth: e('One Zone General Purpose Storage GB Mo'), iaGbMonth: e('Infrequent Access Storage GB Mo'), oneZoneIaGbMonth: e('One Zone Infrequent Access Storage GB Mo'), iaReadGb: e('Infrequent Access Requests Read per GB'), iaWriteGb: e('Infrequent Access Requests Write per GB'), provisionedMbpsMonth: e('Throughput Provisioned'), source: 'efs' };
    // Glue: an ETL job's DPU-hour (standard and Flex execution classes).
    prices.glue = { dpuHourly: priceOf(glue, location, 'ETL Job run'), flexDpuHourly: priceOf(glue, location, 'ETL Job run Flex'), source: 'glue' };
  }
  dated('lambda', lambda);
  dated('kinesis', kinesis);
  dated('route53', r53);
  dated('kms', kms);
  dated('cloudwatch', cloudwatch);
  dated('msk', msk);
  // `vpc` already names the Price List's VPC offer (us-east-1's NAT gateway): the map's endpoints are a source of their own.
  aws.sources['vpc-endpoints'] = { url: 'https://github.com/lamngockhuong/aws-price/blob/508fb45296c89efe38772babd7ec766644629267/lib/data/pricing/vpc.json', page: 'https://aws.amazon.com/privatelink/pricing/', date: vpc.manifest.hawkFilePublicationDate.slice(0, 10) };
  dated('redshift', redshift);
  aws.sources.fargate = { url: 'https://github.com/lamngockhuong/aws-price/blob/508fb45296c89efe38772babd7ec766644629267/lib/data/pricing/ecs.json', page: 'https://aws.amazon.com/fargate/pricing/', date: ecs.manifest.hawkFilePublicationDate.slice(0, 10) };
  dated('dynamodb', dynamodb);
  dated('apigateway', apigateway);
  dated('cloudhsm', cloudhsm);
  dated('efs', efs);
  dated('glue', glue);
  finish(target, aws, missing);
}
// With --yeo DIR, it updates every region's ElastiCache and Amazon MQ prices from copies of AWS's public price maps as
// yeo/ec2.shop keeps them (MIT): elasticache.json (`OnDemand Cache Instance <family> cache <type> <engine> <generation>
// Generation`: a node's hour by engine and node type) and mq.json (`[RabbitMQ ]Single Instance|Active Standby mq <type>`:
// a broker's hour, an active/standby pair's or a RabbitMQ cluster's of three; `Broker Storage Single AZ GB-Mo`, EBS, and
// `Broker Storage GB Mo`, EFS, per GB-month). Each source is dated by its map's publication date.
const yeoAt = process.argv.indexOf('--yeo');
if (yeoAt > 0) {
  const dir = process.argv[yeoAt + 1];
  const target = path.join(root, 'schemas', 'cost', 'aws-prices.json');
  const aws = JSON.parse(fs.readFileSync(target, 'utf8'));
  const mapOf = (name) => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
  const elasticache = mapOf('elasticache');
  const mq = mapOf('mq');
  const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  const missing = [];
  for (const [code, location] of Object.entries(LOCATIONS)) {
    const nodeHourly = {};
    for (const [name, e] of Object.entries(elasticache.regions[location] ?? {})) {
      const m = /^OnDemand Cache Instance [A-Za-z ]+ cache ([a-z0-9]+\.[a-z0-9]+) (Redis|Memcached|Valkey) (Current|Previous) Generation$/.exec(name);
      if (m) (nodeHourly[m[2].toLowerCase()] ??= {})[`cache.${m[1]}`] = Number(e.price);
    }
    if (!nodeHourly.redis || !nodeHourly.memcached) missing.push(`${location}: ElastiCache nodes`);
    for (const engine of Object.keys(nodeHourly)) nodeHourly[engine] = sorted(nodeHourly[engine]);
    const prices = (aws.regions[code] ??= {});
    prices.elasticache = { nodeHourly: sorted(nodeHourly), source: 'elasticache' };
    const brokerHourly = { activemq: { single: {}, activeStandby: {} }, rabbitmq: { single: {}, cluster: {} } };
    for (const [name, e] of Object.entries(mq.regions[location] ?? {})) {
      const m = /^(RabbitMQ )?(Single Instance|Active Standby) mq ([a-z0-9]+\.[a-z0-9]+)$/.exec(name);
      if (!m) continue;
      const engine = m[1] ? 'rabbitmq' : 'activemq';
      const mode = m[2] === 'Single Instance' ? 'single' : engine === 'rabbitmq' ? 'cluster' : 'activeStandby';
      brokerHourly[engine][mode][`mq.${m[3]}`] = Number(e.price);
    }
    for (const engine of Object.values(brokerHourly)) for (const mode of Object.keys(engine)) engine[mode] = sorted(engine[mode]);
    const ebs = mq.regions[location]?.['Broker Storage Single AZ GB-Mo'];
    const efs = mq.regions[location]?.['Broker Storage GB Mo'];
    if (!ebs || !Object.keys(brokerHourly.activemq.single).length) missing.push(`${location}: MQ brokers`);
    prices.mq = { brokerHourly, ebsGbMonth: Number(ebs?.price), ...(efs ? { efsGbMonth: Number(efs.price) } : {}), source: 'mq' };
  }
  const dated = (name, map, file, page) => { aws.sources[name] = { url: `https://github.com/yeo/ec2.shop/blob/74c9fd8ab5acfd9511cd6535f914d47071601ad2/data/${file}`, page, date: map.manifest.hawkFilePublicationDate.slice(0, 10) }; };
  dated('elasticache', elasticache, 'elasticache/elasticache.json', 'https://aws.amazon.com/elasticache/pricing/');
  dated('mq', mq, 'mq/mq.json', 'https://aws.amazon.com/amazon-mq/pricing/');
  finish(target, aws, missing);
}
const mapsAt = process.argv.indexOf('--maps');
if (mapsAt > 0) {
  const dir = process.argv[mapsAt + 1];
  const target = path.join(root, 'schemas', 'cost', 'aws-prices.json');
  const aws = JSON.parse(fs.readFileSync(target, 'utf8'));
  const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  const dated = (map) => map.manifest.hawkFilePublicationDate.slice(0, 10);
  const round8 = (n) => Math.round(n * 1e8) / 1e8;
  const east = aws.regions['us-east-1'];
  const ebsMap = read('ebs.json');
  const rdsMaps = Object.fromEntries(Object.entries(RDS_MAPS).map(([engine, name]) => [engine, read(`${name}.json`)]));
  // NAT gateways and EKS: natgateway.json and eks.json as lamngockhuong/aws-price keeps them, read when DIR has them.
  const optional = (name) => (fs.existsSync(path.join(dir, name)) ? read(name) : undefined);
  const natMap = optional('natgateway.json');
  const eksMap = optional('eks.json');
  const args = process.argv.slice(2);
  const named = args.flatMap((a, i) => (args[i - 1] === '--region' ? [a] : []));
  const wanted = named.length ? named : Object.keys(aws.regions).filter((code) => code !== 'us-east-1' && fromMaps(aws.regions[code]));
  const problems = [];
  /** The map's entries of a region (its location name, `EU (Paris)`, is the EC2 map's one region). */
  const ec2Of = (code) => {
    const maps = [read(`${code}-ondemand.json`), read(`${code}-previousgen-ondemand.json`)];
    const location = Object.keys(maps[0].regions)[0];
    const entries = maps.flatMap((m) => Object.values(m.regions[location] ?? {})).filter((e) => e['Operating System'] === 'Linux' && e['Pre Installed S/W'] === 'NA');
    return { location, date: dated(maps[0]), price: (type) => { const found = entries.filter((e) => e['Instance Type'] === type); return found.length === 1 ? Number(found[0].price) : undefined; } };
  };
  /** A price of a map's region by the map's name for it (`Storage General Purpose gp2 GB Mo`); undefined when absent. */
  const named1 = (map, location, key) => { const e = map.regions[location]?.[key]; return e ? Number(e.price) : undefined; };
  const ebsOf = (location) => {
    const out = {};
    for (const [type, entry] of Object.entries(east.ebs)) {
      const key = Object.keys(ebsMap.regions[location] ?? {}).find((k) => new RegExp(`^Storage [A-Za-z ]+ ${type} GB (Mo|month)$`).test(k));
      if (!key) { problems.push(`${location}: no EBS ${type} storage`); continue; }
      const prices = { gbMonth: named1(ebsMap, location, key) };
      // gp3's IOPS and throughput above the included ones are not in the maps: us-east-1's alone, from the Price List.
      if (entry.iopsMonth !== undefined && type !== 'gp3') prices.iopsMonth = named1(ebsMap, location, `Provisioned EBS IOPS ${type} Volumes per IOPS Mo`);
      if (entry.perMillionRequests !== undefined) prices.perMillionRequests = round8((named1(ebsMap, location, `Provisioned EBS I O Requests ${type} Volumes per IOs`) ?? NaN) * 1e6);
      if (Object.values(prices).some((v) => v === undefined || Number.isNaN(v))) { problems.push(`${location}: EBS ${type} incomplete`); continue; }
      out[type] = { ...prices, source: 'ebs-regions' };
    }
    return out;
  };
  const rdsOf = (location) => {
    const instances = {};
    for (const [engine, map] of Object.entries(rdsMaps)) {
      instances[engine] = {};
      const rows = Object.entries(map.regions[location] ?? {}).filter(([k]) => k.startsWith('Database Instance ') && !k.includes('readable'));
      const hourly = (cls, az) => { const found = rows.filter(([k, e]) => e['Instance Type'] === cls && k.includes(` ${az} `)); return found.length === 1 ? Number(found[0][1].price) : undefined; };
      for (const cls of new Set([...RDS_CLASSES, ...Object.keys(east.rds.instances[engine] ?? {})])) {
        const single = hourly(cls, 'Single-AZ');
        if (single === undefined) { problems.push(`${location}: no ${engine} ${cls}`); continue; }
        const multi = hourly(cls, 'Multi-AZ');
        instances[engine][cls] = multi === undefined ? { hourly: single } : { hourly: single, multiAzHourly: multi };
      }
    }
    // Storage and backups are the same for the three engines: read from PostgreSQL's map, checked against the others.
    const storageOf = (map) => {
      const at = (key) => named1(map, location, key);
      return {
        gp2: { gbMonth: at('Database Storage Single AZ General Purpose'), multiAzGbMonth: at('Database Storage Multi AZ General Purpose') },
        gp3: { gbMonth: at('Database Storage Single AZ General Purpose-GP3'), multiAzGbMonth: at('Database Storage Multi AZ General Purpose-GP3'), iopsMonth: at('Provisioned GP3 IOPS Single AZ'), multiAzIopsMonth: at('Provisioned GP3 IOPS Multi AZ') },
        io1: { gbMonth: at('Database Storage Single AZ Provisioned IOPS'), multiAzGbMonth: at('Database Storage Multi AZ Provisioned IOPS'), iopsMonth: at('Provisioned IOPS Single AZ'), multiAzIopsMonth: at('Provisioned IOPS Multi AZ') },
        standard: { gbMonth: at('Database Storage Single AZ Magnetic'), multiAzGbMonth: at('Database Storage Multi AZ Magnetic'), perMillionRequests: round8((at('System Operation Magnetic') ?? NaN) * 1e6) },
        backup: at('Storage Snapshot'),
      };
    };
    const storage = storageOf(rdsMaps.postgres);
    for (const engine of ['mysql', 'mariadb']) if (JSON.stringify(storageOf(rdsMaps[engine])) !== JSON.stringify(storage)) problems.push(`${location}: ${engine}'s storage prices differ from PostgreSQL's`);
    const { backup, ...types } = storage;
    for (const [type, prices] of Object.entries(types)) if (Object.values(prices).some((v) => v === undefined || Number.isNaN(v))) { problems.push(`${location}: RDS ${type} storage incomplete`); delete types[type]; }
    return { instances, storage: types, ...(backup === undefined ? {} : { backupGbMonth: backup }), extendedSupport: east.rds.extendedSupport, source: 'rds-regions' };
  };
  /** A NAT gateway's hour and GB processed in a map's region; undefined when the map lacks either. */
  const natOf = (location) => {
    const hourly = named1(natMap, location, 'Hourly charge for NAT Gateways');
    const gb = named1(natMap, location, 'Charge for per GB data processed by NatGateways');
    return hourly === undefined || gb === undefined ? undefined : { hourly, gb };
  };
  /** An EKS control plane's hour; in extended support the map's surcharge is added (AWS bills $0.10 + $0.50). */
  const eksOf = (location) => {
    const hourly = named1(eksMap, location, 'Compute per Hours');
    const extended = named1(eksMap, location, 'Compute ExtendedSupport per Hours');
    return hourly === undefined || extended === undefined ? undefined : { hourly, extendedSupportHourly: round8(hourly + extended), standardSupportFrom: east.eks.standardSupportFrom };
  };
  for (const code of wanted) {
    if (code === 'us-east-1') { problems.push('us-east-1 is read from the Price List (no --maps)'); continue; }
    const ec2 = ec2Of(code);
    const prices = (aws.regions[code] ??= {});
    // The instance types us-east-1 lists, but not those billing an EBS-optimized surcharge (the maps do not carry it) nor
    // those read from Infracost's goldens (source `*-golden`: us-east-1 only).
    prices.ec2 = {};
    for (const [type, entry] of Object.entries(east.ec2)) {
      if (entry.ebsOptimizedHourly !== undefined || entry.source.endsWith('-golden')) continue;
      const hourly = ec2.price(type);
      if (hourly === undefined) problems.push(`${code}: no EC2 ${type}`);
      else prices.ec2[type] = { hourly, source: 'ec2-regions' };
    }
    prices.ebs = ebsOf(ec2.location);
    prices.rds = rdsOf(ec2.location);
    aws.sources['ec2-regions'].date = ec2.date;
    if (natMap) {
      const nat = natOf(ec2.location);
      if (nat) prices.natGateway = { ...nat, source: 'vpc-regions' };
      else problems.push(`${ec2.location}: no NAT gateway prices`);
    }
    if (eksMap) {
      const eks = eksOf(ec2.location);
      if (eks) prices.eks = { ...eks, source: 'eks-regions' };
      else problems.push(`${ec2.location}: no EKS prices`);
    }
  }
  if (natMap) aws.sources['vpc-regions'].date = dated(natMap);
  if (eksMap) aws.sources['eks-regions'].date = dated(eksMap);
  aws.sources['ebs-regions'].date = dated(ebsMap);
  aws.sources['rds-regions'].date = dated(rdsMaps.postgres);
  // us-east-1's figures come from the Price List: the maps only check them.
  const check = ec2Of('us-east-1');
  const differ = [];
  for (const [type, entry] of Object.entries(east.ec2)) if (!entry.source.endsWith('-golden') && check.price(type) !== entry.hourly) differ.push(`ec2 ${type}: ${entry.hourly} for ${check.price(type)}`);
  for (const [type, entry] of Object.entries(ebsOf(check.location))) if (entry.gbMonth !== east.ebs[type]?.gbMonth || (type !== 'gp3' && entry.iopsMonth !== east.ebs[type]?.iopsMonth) || entry.perMillionRequests !== east.ebs[type]?.perMillionRequests) differ.push(`ebs ${type}`);
  const rdsEast = rdsOf(check.location);
  for (const [engine, classes] of Object.entries(east.rds.instances)) for (const [cls, entry] of Object.entries(classes)) if (rdsEast.instances[engine]?.[cls]?.hourly !== entry.hourly || (entry.multiAzHourly !== undefined && rdsEast.instances[engine]?.[cls]?.multiAzHourly !== entry.multiAzHourly)) differ.push(`rds ${engine} ${cls}`);
  for (const [type, entry] of Object.entries(east.rds.storage)) for (const [key, value] of Object.entries(entry)) if (rdsEast.storage[type]?.[key] !== value) differ.push(`rds storage ${type} ${key}: ${value} for ${rdsEast.storage[type]?.[key]}`);
  if (rdsEast.backupGbMonth !== east.rds.backupGbMonth) differ.push('rds backup');
  const natEast = natMap && natOf(check.location);
  if (natMap && (natEast?.hourly !== east.natGateway.hourly || natEast?.gb !== east.natGateway.gb)) differ.push(`nat gateway: ${east.natGateway.hourly}, ${east.natGateway.gb} for ${natEast?.hourly}, ${natEast?.gb}`);
  const eksEast = eksMap && eksOf(check.location);
  if (eksMap && (eksEast?.hourly !== east.eks.hourly || eksEast?.extendedSupportHourly !== east.eks.extendedSupportHourly)) differ.push(`eks: ${east.eks.hourly}, ${east.eks.extendedSupportHourly} for ${eksEast?.hourly}, ${eksEast?.extendedSupportHourly}`);
  console.error(differ.length ? `us-east-1 differs from the maps: ${differ.join('; ')}` : 'us-east-1: every committed figure equals the maps\'');
  for (const p of problems) console.error(p);
  finish(target, aws);
}
const file = path.join(root, 'schemas', 'cost', 'aws-prices.json');
const args = process.argv.slice(2);
const write = args.includes('--write');
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const regions = args.flatMap((a, i) => (args[i - 1] === '--region' ? [a] : []));
// By default the regions the Price List gave; a region of the maps named with --region takes the Price List's figures and sources.
const wanted = regions.length ? regions : Object.keys(data.regions).filter((code) => !fromMaps(data.regions[code]));
const offer = (service, region) => `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${service}/current/${region}/index.csv`;

/** A CSV line's fields (quoted, with "" for a quote). */
function fields(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { value += '"'; i += 2; } else if (line[i] === '"') { i++; break; } else value += line[i++];
      }
      out.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

/** The on-demand rows of an offer file, as objects keyed by the header's column names. */
async function* rows(url) {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  const lines = readline.createInterface({ input: Readable.fromWeb(response.body), crlfDelay: Infinity });
  let header;
  for await (const line of lines) {
    if (!header) {
      if (line.startsWith('"SKU"')) header = fields(line);
      continue;
    }
    const values = fields(line);
    const row = Object.fromEntries(header.map((name, i) => [name, values[i]]));
    if (row.TermType === 'OnDemand') yield row;
  }
}

const price = (row) => Number(row.PricePerUnit);

async function region(code, prices) {
  const ec2 = offer('AmazonEC2', code);
  for await (const r of rows(ec2)) {
    const usage = r.usageType ?? '';
    if (r['Product Family'] === 'Compute Instance' && prices.ec2?.[r['Instance Type']] && r['Operating System'] === 'Linux' && r.Tenancy === 'Shared' && r['Pre Installed S/W'] === 'NA' && r.CapacityStatus === 'Used' && r['License Model'] === 'No License required') Object.assign(prices.ec2[r['Instance Type']], { hourly: price(r), source: 'ec2' });
    const optimised = /EBSOptimized:(.+)$/.exec(usage);
    if (optimised && prices.ec2?.[optimised[1]]?.ebsOptimizedHourly !== undefined) prices.ec2[optimised[1]].ebsOptimizedHourly = price(r);
    const volume = prices.ebs?.[r['Volume API Name']];
    if (volume && r['Product Family'] === 'Storage') Object.assign(volume, { gbMonth: price(r), source: 'ebs' });
    if (volume && r['Product Family'] === 'System Operation' && r.Group === 'EBS IOPS' && volume.iopsMonth !== undefined) volume.iopsMonth = price(r);
    if (volume && r['Product Family'] === 'System Operation' && r.Group === 'EBS I/O Requests' && volume.perMillionRequests !== undefined) volume.perMillionRequests = price(r) * 1e6;
    if (prices.natGateway && /NatGateway-Hours$/.test(usage)) Object.assign(prices.natGateway, { hourly: price(r), source: 'vpc' });
    if (prices.natGateway && /NatGateway-Bytes$/.test(usage)) Object.assign(prices.natGateway, { gb: price(r), source: 'vpc' });
    if (prices.cpuCredits && r['Product Family'] === 'CPU Credits' && r['Operating System'] === 'Linux' && /CPUCredits:t3$/.test(usage)) prices.cpuCredits.vcpuHour = price(r);
  }
  for await (const r of rows(offer('AWSELB', code))) {
    const kind = { 'Load Balancer-Application': 'application', 'Load Balancer-Network': 'network' }[r['Product Family']];
    const lb = kind ? prices.loadBalancer?.[kind] : undefined;
    if (lb && /LoadBalancerUsage$/.test(r.usageType)) Object.assign(lb, { hourly: price(r), source: 'elb' });
    if (lb && /LCUUsage$/.test(r.usageType)) Object.assign(lb, { lcuHourly: price(r), source: 'elb' });
    const classic = r['Product Family'] === 'Load Balancer' ? prices.classicLoadBalancer : undefined;
    if (classic && /LoadBalancerUsage$/.test(r.usageType)) Object.assign(classic, { hourly: price(r), source: 'elb' });
    if (classic && /DataProcessing-Bytes$/.test(r.usageType)) Object.assign(classic, { gb: price(r), source: 'elb' });
  }
  // Extended support's usage type is the surcharge ($0.50): a cluster in extended support bills it on top of its hour.
  let [clusterHour, surcharge] = [undefined, undefined];
  for await (const r of rows(offer('AmazonEKS', code))) {
    if (/AmazonEKS-Hours:perCluster$/.test(r.usageType)) clusterHour = price(r);
    if (/AmazonEKS-Hours:extendedSupport$/.test(r.usageType)) surcharge = price(r);
  }
  if (prices.eks && clusterHour !== undefined && surcharge !== undefined) Object.assign(prices.eks, { hourly: clusterHour, extendedSupportHourly: Math.round((clusterHour + surcharge) * 1e8) / 1e8, source: 'eks' });
}

const before = JSON.stringify(data, null, 2);
for (const code of wanted) {
  if (!data.regions[code]) { console.error(`${code}: not in ${path.relative(root, file)} (add the region's entries first)`); process.exitCode = 1; continue; }
  await region(code, data.regions[code]);
}
data.priceDate = new Date().toISOString().slice(0, 10);
const after = `${JSON.stringify(data, null, 2)}\n`;
if (before === after.trimEnd()) console.log('no change');
else if (write) { fs.writeFileSync(file, after); console.log(`wrote ${path.relative(root, file)}`); }
else console.log(after);
