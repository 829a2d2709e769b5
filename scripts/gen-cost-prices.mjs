#!/usr/bin/env node
// Regenerates the cost family's AWS prices (schemas/cost/aws-prices.json) from AWS's public Price List
// bulk API (no account, no key): the CSV offer file of each service and region, streamed line by line.
//
//   node scripts/gen-cost-prices.mjs [--region us-east-1 ...] [--write]
//   node scripts/gen-cost-prices.mjs --gcp PRICING.yml [--write]
//   node scripts/gen-cost-prices.mjs --rds CLOUD-PRICING.json.gz [--region eu-west-3 ...] [--write]
//
// With --gcp, it updates schemas/cost/gcp-prices.json instead, from a local copy of
// Cyclenerd/google-cloud-pricing-cost-calculator's pricing.yml (Apache-2.0, generated from Google's
// Cloud Billing Catalog API): machine types (an hourly price is the file's monthly price over 730 hours,
// so N1's sustained-use discount is in it, as Google bills), persistent disks, Cloud NAT, Cloud Storage.
// The GKE management fee is Google's published flat rate and stays as committed.
//
// Only the entries the committed file already names are looked up (instance types, volume types, NAT
// gateways, load balancers, EKS): the file says what Archipel prices, this script says at what price
// today. Without --write it prints what would change. The offer files are large (EC2's, for one region,
// is several hundred MB): the script reads them as a stream and keeps only the matching rows.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: node scripts/gen-cost-prices.mjs [--region REGION]... [--write]\n  Updates schemas/cost/aws-prices.json from AWS\'s public Price List bulk offer files (network).\n       node scripts/gen-cost-prices.mjs --gcp PRICING.yml [--write]\n  Updates schemas/cost/gcp-prices.json from a copy of Cyclenerd\'s pricing.yml.\n       node scripts/gen-cost-prices.mjs --rds CLOUD-PRICING.json.gz [--region REGION]... [--write]\n  Updates the RDS instance prices outside us-east-1 from a copy of coroot/cloud-pricing\'s data.\n  Without --write, prints the file it would write.');
  process.exit(0);
}
// With --rds, it updates the RDS instances' hourly prices (Single-AZ, Multi-AZ) of the regions other than
// us-east-1 from a copy of coroot/cloud-pricing's data/cloud-pricing.json.gz (Apache-2.0, gh-pages branch;
// built from the AWS Price List as Infracost's pricing dump carries it): the entries the file names, and
// for a new --region the classes of RDS_CLASSES. Their storage and backup prices are not in that file.
const RDS_CLASSES = ['db.t3.micro', 'db.t3.small', 'db.t3.medium', 'db.t3.large', 'db.t4g.micro', 'db.t4g.small', 'db.t4g.medium', 'db.t4g.large', 'db.m5.large', 'db.m6g.large', 'db.m6i.large', 'db.r5.large', 'db.r6g.large'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
  const text = `${JSON.stringify(gcp, null, 2)}\n`;
  if (process.argv.includes('--write')) { fs.writeFileSync(target, text); console.log(`wrote ${path.relative(root, target)}`); } else console.log(text);
  process.exit();
}
const rdsAt = process.argv.indexOf('--rds');
if (rdsAt > 0) {
  const { gunzipSync } = await import('node:zlib');
  const target = path.join(root, 'schemas', 'cost', 'aws-prices.json');
  const aws = JSON.parse(fs.readFileSync(target, 'utf8'));
  const dump = JSON.parse(gunzipSync(fs.readFileSync(process.argv[rdsAt + 1])).toString('utf8')).aws.managed_db;
  const args = process.argv.slice(2);
  const added = args.flatMap((a, i) => (args[i - 1] === '--region' ? [a] : []));
  for (const code of added) {
    aws.regions[code] ??= {};
    aws.regions[code].rds ??= { instances: { mysql: Object.fromEntries(RDS_CLASSES.map((c) => [c, {}])), postgres: Object.fromEntries(RDS_CLASSES.map((c) => [c, {}])) }, storage: {}, extendedSupport: aws.regions['us-east-1'].rds.extendedSupport, source: 'rds-regions' };
  }
  for (const [code, prices] of Object.entries(aws.regions)) {
    if (code === 'us-east-1' || prices.rds?.source !== 'rds-regions') continue;
    for (const [engine, classes] of Object.entries(prices.rds.instances)) {
      for (const [cls, entry] of Object.entries(classes)) {
        const found = dump[code]?.[engine]?.[cls];
        if (!found?.single_az?.on_demand) { console.error(`${engine} ${cls}: no price in ${code}`); delete classes[cls]; continue; }
        entry.hourly = found.single_az.on_demand;
        if (found.multi_az?.on_demand) entry.multiAzHourly = found.multi_az.on_demand;
      }
    }
  }
  const text = `${JSON.stringify(aws, null, 2)}\n`;
  if (process.argv.includes('--write')) { fs.writeFileSync(target, text); console.log(`wrote ${path.relative(root, target)}`); } else console.log(text);
  process.exit();
}
const file = path.join(root, 'schemas', 'cost', 'aws-prices.json');
const args = process.argv.slice(2);
const write = args.includes('--write');
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const regions = args.flatMap((a, i) => (args[i - 1] === '--region' ? [a] : []));
const wanted = regions.length ? regions : Object.keys(data.regions);
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
    if (r['Product Family'] === 'Compute Instance' && prices.ec2?.[r['Instance Type']] && r['Operating System'] === 'Linux' && r.Tenancy === 'Shared' && r['Pre Installed S/W'] === 'NA' && r.CapacityStatus === 'Used' && r['License Model'] === 'No License required') prices.ec2[r['Instance Type']].hourly = price(r);
    const optimised = /EBSOptimized:(.+)$/.exec(usage);
    if (optimised && prices.ec2?.[optimised[1]]?.ebsOptimizedHourly !== undefined) prices.ec2[optimised[1]].ebsOptimizedHourly = price(r);
    const volume = prices.ebs?.[r['Volume API Name']];
    if (volume && r['Product Family'] === 'Storage') volume.gbMonth = price(r);
    if (volume && r['Product Family'] === 'System Operation' && r.Group === 'EBS IOPS' && volume.iopsMonth !== undefined) volume.iopsMonth = price(r);
    if (volume && r['Product Family'] === 'System Operation' && r.Group === 'EBS I/O Requests' && volume.perMillionRequests !== undefined) volume.perMillionRequests = price(r) * 1e6;
    if (prices.natGateway && /NatGateway-Hours$/.test(usage)) prices.natGateway.hourly = price(r);
    if (prices.natGateway && /NatGateway-Bytes$/.test(usage)) prices.natGateway.gb = price(r);
    if (prices.cpuCredits && r['Product Family'] === 'CPU Credits' && r['Operating System'] === 'Linux' && /CPUCredits:t3$/.test(usage)) prices.cpuCredits.vcpuHour = price(r);
  }
  for await (const r of rows(offer('AWSELB', code))) {
    const kind = { 'Load Balancer-Application': 'application', 'Load Balancer-Network': 'network' }[r['Product Family']];
    const lb = kind ? prices.loadBalancer?.[kind] : undefined;
    if (lb && /LoadBalancerUsage$/.test(r.usageType)) lb.hourly = price(r);
    if (lb && /LCUUsage$/.test(r.usageType)) lb.lcuHourly = price(r);
  }
  for await (const r of rows(offer('AmazonEKS', code))) {
    if (prices.eks && /AmazonEKS-Hours:perCluster$/.test(r.usageType)) prices.eks.hourly = price(r);
    if (prices.eks && /AmazonEKS-Hours:extendedSupport$/.test(r.usageType)) prices.eks.extendedSupportHourly = price(r);
  }
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
