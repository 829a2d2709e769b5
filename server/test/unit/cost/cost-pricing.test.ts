// The pricing service on inline Terraform: count and for_each expanded, a region from the provider or
// the resource, a usage file's values, and every resource that cannot be priced listed with its reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources, usageOf } from '../../../src/cost/pricing';
import { mergePriceLists, num, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { fixturesDir, repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList;

const main = `
provider "aws" {
  region = var.region
}
variable "region" {
  default = "us-east-1"
}
variable "azs" {
  type = list(string)
}
resource "aws_nat_gateway" "per_az" {
  count = 3
}
resource "aws_nat_gateway" "dynamic" {
  count = length(var.azs)
}
resource "aws_instance" "web" {
  for_each      = toset(["a", "b"])
  instance_type = "m5.large"
  root_block_device {
    volume_type = "gp3"
    volume_size = 20
  }
}
resource "aws_instance" "paris" {
  provider      = aws.paris
  instance_type = "m5.large"
}
provider "aws" {
  alias  = "paris"
  region = "eu-west-3"
}
resource "aws_instance" "odd" {
  instance_type = "x9.huge"
}
resource "aws_instance" "unknown_type" {
  instance_type = var.type
}
resource "aws_lb" "gwlb" {
  load_balancer_type = "gateway"
}
resource "aws_db_instance" "db" {
  instance_class = "db.t3.micro"
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
`;

describe('cost: pricing Terraform resources', () => {
  before(loadParser);

  it('expands count and for_each, and lists what cannot be priced with its reason', () => {
    const usage = usageOf({ version: 0.1, resource_usage: { 'aws_nat_gateway.per_az[1]': { monthly_data_processed_gb: 1000 }, ignored: 3 } });
    const report = priceResources(terraformResources(indexOf({ 'main.tf': main })), prices, usage);
    assert.deepEqual(report.resources.map((r) => [r.address, r.monthlyCost]), [
      ['aws_nat_gateway.per_az[0]', 32.85],
      ['aws_nat_gateway.per_az[1]', 77.85],
      ['aws_nat_gateway.per_az[2]', 32.85],
      ['aws_instance.web["a"]', 71.68],
      ['aws_instance.web["b"]', 71.68],
      // eu-west-3's prices: AWS's price maps (m5.large $0.112 an hour, gp2 $0.116 a GB-month).
      ['aws_instance.paris', 82.688],
    ]);
    assert.deepEqual(report.resources[3].items.map((i) => [i.subresource ?? '', i.name, i.quantity, i.unit, i.unitPrice, i.monthlyCost]), [
      ['', 'Instance usage (Linux/UNIX, on-demand, m5.large)', 730, 'hours', 0.096, 70.08],
      ['root_block_device', 'Storage (general purpose SSD, gp3)', 20, 'GB', 0.08, 1.6],
    ]);
    assert.deepEqual(report.resources[5].items.map((i) => [i.subresource ?? '', i.name, i.quantity, i.unitPrice, i.monthlyCost, i.source]), [
      ['', 'Instance usage (Linux/UNIX, on-demand, m5.large)', 730, 0.112, 81.76, 'ec2-regions'],
      ['root_block_device', 'Storage (general purpose SSD, gp2)', 8, 0.116, 0.928, 'ebs-regions'],
    ]);
    assert.equal(report.totalMonthlyCost, 369.598);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_nat_gateway.dynamic', 'count is not a literal number: its number of instances is unknown'],
      ['aws_instance.odd', 'no price for instance type x9.huge'],
      ['aws_instance.unknown_type', 'instance_type is not literal'],
      ['aws_lb.gwlb', 'no price for a gateway load balancer in us-east-1'],
      ['aws_db_instance.db', 'engine is not literal'],
    ]);
  });

  it('the regions beyond us-east-1 are what scripts/gen-cost-prices.mjs --maps derives from AWS\'s price maps, which give every us-east-1 figure committed', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'gen-cost-prices.mjs'), '--maps', path.join(fixturesDir, 'oss', 'aws-price-maps')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    // Without --write the script prints the file it would write: the committed one, to the figure.
    assert.deepEqual(JSON.parse(run.stdout), prices);
    assert.deepEqual(run.stderr.trim().split('\n'), [
      'us-east-1: every committed figure equals the maps\'',
      'eu-west-3: no EC2 m3.medium',
      'eu-west-3: no EC2 m3.large',
      'EU (Paris): no EBS io2 storage',
      'us-east-2: no EC2 m3.medium',
      'us-east-2: no EC2 m3.large',
      'eu-west-2: no EC2 m3.medium',
      'eu-west-2: no EC2 m3.large',
      'eu-north-1: no EC2 t2.medium',
      'eu-north-1: no EC2 m3.medium',
      'eu-north-1: no EC2 m3.large',
    ]);
  });

  it('eu-west-1\'s prices give the costs of Infracost\'s elastic_beanstalk_environment_test golden (2026-08-21), which prices there', () => {
    const golden = readFileSync(path.join(fixturesDir, 'oss', 'infracost-regions', 'elastic_beanstalk_environment_test.golden'), 'utf8').split('\n');
    const eu = prices.regions['eu-west-1'];
    const rds = eu.rds?.storage.gp2;
    // [the golden's line (1-based), what it prices, the unit price of aws-prices.json]
    const rows: [number, string, number | undefined][] = [
      [8, 'Storage (provisioned IOPS SSD, io1)', eu.ebs?.io1.gbMonth],
      [9, 'Provisioned IOPS', eu.ebs?.io1.iopsMonth],
      [20, 'Instance usage (Linux/UNIX, on-demand, t3.small)', eu.ec2?.['t3.small'].hourly],
      [22, 'Storage (general purpose SSD, gp2)', eu.ebs?.gp2.gbMonth],
      // A Multi-AZ database's gp2 storage: $0.253, not twice Single-AZ's $0.127.
      [25, 'Storage (general purpose SSD, gp2)', rds?.multiAzGbMonth],
      [26, 'Additional backup storage', eu.rds?.backupGbMonth],
      [33, 'Instance usage (Linux/UNIX, on-demand, t3.large)', eu.ec2?.['t3.large'].hourly],
      [67, 'Instance usage (Linux/UNIX, on-demand, t3.small)', eu.ec2?.['t3.small'].hourly],
      // Its load balancers are where eu-west-1's Network and Classic Load Balancer prices come from (source elb-eu-west-1).
      [15, 'Classic load balancer', eu.classicLoadBalancer?.hourly],
      [16, 'Data processed', eu.classicLoadBalancer?.gb],
      [28, 'Network load balancer', eu.loadBalancer?.network.hourly],
      [29, 'Load balancer capacity units', (eu.loadBalancer?.network.lcuHourly ?? NaN) * 730],
    ];
    const costs = rows.map(([line, , unitPrice]) => {
      const m = /─ (.+?) {2,}([\d,.]+) +\S+ +\$([\d,.]+)/.exec(golden[line - 1]);
      const quantity = Number(m?.[2].replace(/,/g, ''));
      return [m?.[1], Number(m?.[3].replace(/,/g, '')), Math.round(quantity * (unitPrice ?? NaN) * 100) / 100];
    });
    assert.deepEqual(costs, rows.map(([, name], i) => [name, costs[i][1], costs[i][1]]));
    assert.deepEqual(costs.map((c) => c[1]), [4.42, 86.4, 33.29, 1.76, 25.3, 95, 133.15, 16.64, 20.44, 80, 18.4, 150]);
    assert.deepEqual([rds?.gbMonth, rds?.multiAzGbMonth], [0.127, 0.253]);
  });

  it('prices RDS instances: hours Single- or Multi-AZ, storage by type (twice when Multi-AZ), IOPS, backup', () => {
    const rds = `
provider "aws" {
  region = "us-east-1"
}
resource "aws_db_instance" "gp3_multi" {
  engine            = "mysql"
  instance_class    = "db.t4g.small"
  storage_type      = "gp3"
  allocated_storage = 400
  iops              = 14000
  multi_az          = true
}
resource "aws_db_instance" "gp3_low" {
  engine            = "postgres"
  instance_class    = "db.t4g.small"
  storage_type      = "gp3"
  allocated_storage = 20
  iops              = 4000
}
resource "aws_db_instance" "io1" {
  engine                  = "mysql"
  instance_class          = "db.t3.large"
  allocated_storage       = 50
  iops                    = 500
  backup_retention_period = 7
}
resource "aws_db_instance" "old" {
  engine         = "mysql"
  engine_version = "5.7.44"
  instance_class = "db.t3.large"
}
resource "aws_db_instance" "eight" {
  engine         = "mysql"
  engine_version = "8.0.36"
  instance_class = "db.t3.large"
}
resource "aws_db_instance" "sized_by_var" {
  engine            = "postgres"
  instance_class    = "db.t4g.small"
  allocated_storage = var.size
}
resource "aws_db_instance" "big" {
  engine         = "postgres"
  instance_class = "db.r6g.16xlarge"
}
resource "aws_db_instance" "multi_unknown" {
  engine         = "postgres"
  instance_class = "db.t3.large"
  multi_az       = true
}
`;
    const report = priceResources(terraformResources(indexOf({ 'rds.tf': rds })), prices, usageOf({ resource_usage: { 'aws_db_instance.io1': { additional_backup_storage_gb: 100 } } }));
    assert.deepEqual(report.resources.map((r) => [r.address, r.items.map((i) => [i.name, i.quantity, i.unit, i.unitPrice, i.monthlyCost, i.usageKey])]), [
      ['aws_db_instance.gp3_multi', [
        ['Database instance (on-demand, Multi-AZ, db.t4g.small)', 730, 'hours', 0.065, 47.45, undefined],
        ['Storage (general purpose SSD, gp3)', 400, 'GB', 0.23, 92, undefined],
        ['Provisioned GP3 IOPS (above 12,000)', 2000, 'IOPS', 0.04, 80, undefined],
      ]],
      ['aws_db_instance.gp3_low', [
        ['Database instance (on-demand, Single-AZ, db.t4g.small)', 730, 'hours', 0.032, 23.36, undefined],
        ['Storage (general purpose SSD, gp3)', 20, 'GB', 0.115, 2.3, undefined],
        ['Provisioned GP3 IOPS (above 3,000)', 1000, 'IOPS', 0.02, 20, undefined],
      ]],
      ['aws_db_instance.io1', [
        ['Database instance (on-demand, Single-AZ, db.t3.large)', 730, 'hours', 0.136, 99.28, undefined],
        ['Storage (provisioned IOPS SSD, io1)', 100, 'GB', 0.125, 12.5, undefined],
        ['Provisioned IOPS', 1000, 'IOPS', 0.1, 100, undefined],
        ['Additional backup storage', 100, 'GB', 0.095, 9.5, undefined],
      ]],
      // Past standard support at the price date (5.7, and 8.0 since 2026-08): the first year's 2 vCPUs × 730 h at $0.10.
      ...['old', 'eight'].map((name) => [`aws_db_instance.${name}`, [
        ['Database instance (on-demand, Single-AZ, db.t3.large)', 730, 'hours', 0.136, 99.28, undefined],
        ['Storage (general purpose SSD, gp2)', 20, 'GB', 0.115, 2.3, undefined],
        ['Extended support (year 1)', 1460, 'vCPU-hours', 0.1, 146, undefined],
      ]]),
    ]);
    assert.deepEqual(report.resources.map((r) => r.monthlyCost), [219.45, 45.66, 221.28, 247.58, 247.58]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_db_instance.sized_by_var', 'allocated_storage is not literal'],
      ['aws_db_instance.big', 'no price for postgres on db.r6g.16xlarge'],
      ['aws_db_instance.multi_unknown', 'no Multi-AZ price for postgres on db.t3.large'],
    ]);
  });

  it('beyond us-east-1: EC2, EBS and RDS (hours, storage at the source\'s Multi-AZ price, backups), NAT gateways and EKS from AWS\'s price maps; load balancers (but eu-west-1\'s Network and Classic ones, from Infracost\'s golden there) and CPU credits still without a source', () => {
    const regional = (region: string) => `
provider "aws" {
  region = "${region}"
}
resource "aws_db_instance" "mlflow" {
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.t4g.small"
  allocated_storage       = 20
  backup_retention_period = 7
}
resource "aws_db_instance" "multi" {
  engine         = "mysql"
  instance_class = "db.m5.large"
  multi_az       = true
}
resource "aws_db_instance" "odd" {
  engine         = "postgres"
  instance_class = "db.x2g.16xlarge"
}
resource "aws_instance" "burst" {
  instance_type = "t3.micro"
}
resource "aws_instance" "busy" {
  instance_type = "t3.micro"
}
resource "aws_instance" "old" {
  instance_type = "r3.xlarge"
}
resource "aws_instance" "io2" {
  instance_type = "m5.large"
  root_block_device {
    volume_type = "io2"
  }
}
resource "aws_nat_gateway" "nat" {
}
resource "aws_lb" "alb" {
}
resource "aws_lb" "nlb" {
  load_balancer_type = "network"
}
resource "aws_eks_cluster" "current" {
  version = "1.34"
}
resource "aws_eks_cluster" "old" {
  version = "1.29"
}
resource "aws_elb" "classic" {
}
`;
    const usage = usageOf({ resource_usage: { 'aws_instance.busy': { monthly_cpu_credit_hrs: 100, vcpu_count: 2 }, 'aws_nat_gateway.nat': { monthly_data_processed_gb: 100 } } });
    const report = (region: string) => priceResources(terraformResources(indexOf({ 'main.tf': regional(region) })), prices, usage);
    const paris = report('eu-west-3');
    const items = (address: string) => paris.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity ?? null, i.unitPrice, i.monthlyCost ?? null, i.source]);
    // The example's database: 730 h × $0.036 + 20 GB × $0.133; its backups beyond the free share are usage.
    assert.deepEqual(items('aws_db_instance.mlflow'), [
      ['Database instance (on-demand, Single-AZ, db.t4g.small)', 730, 0.036, 26.28, 'rds-regions'],
      ['Storage (general purpose SSD, gp2)', 20, 0.133, 2.66, 'rds-regions'],
      ['Additional backup storage', null, 0.1, null, 'rds-regions'],
    ]);
    assert.deepEqual(items('aws_db_instance.multi'), [
      ['Database instance (on-demand, Multi-AZ, db.m5.large)', 730, 0.396, 289.08, 'rds-regions'],
      ['Storage (general purpose SSD, gp2)', 20, 0.266, 5.32, 'rds-regions'],
    ]);
    // Burstable without a credits usage: its hours and volume; the maps have no price for surplus credits.
    assert.deepEqual(items('aws_instance.burst'), [
      ['Instance usage (Linux/UNIX, on-demand, t3.micro)', 730, 0.0118, 8.614, 'ec2-regions'],
      ['Storage (general purpose SSD, gp2)', 8, 0.116, 0.928, 'ebs-regions'],
    ]);
    assert.deepEqual(paris.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_db_instance.odd', 'no price for postgres on db.x2g.16xlarge'],
      ['aws_instance.busy', 'no price for CPU credits in eu-west-3'],
      ['aws_instance.old', 'no price for instance type r3.xlarge'],
      ['aws_instance.io2', 'no price for EBS volume type io2'],
      ['aws_lb.alb', 'no load balancer prices for region eu-west-3: no public source of them was found'],
      ['aws_lb.nlb', 'no load balancer prices for region eu-west-3: no public source of them was found'],
      ['aws_elb.classic', 'no Classic Load Balancer price for region eu-west-3: no public source of it was found'],
    ]);
    // NAT gateways and EKS: the price maps of 2025-10-28 (natgateway.json, eks.json). Paris: $0.05 an hour and a GB processed.
    assert.deepEqual(items('aws_nat_gateway.nat'), [
      ['NAT gateway', 730, 0.05, 36.5, 'vpc-regions'],
      ['Data processed', 100, 0.05, 5, 'vpc-regions'],
    ]);
    // A version older than the first in standard support (1.34 at the price date) bills extended support: $0.10 + $0.50 an hour.
    assert.deepEqual(items('aws_eks_cluster.current'), [['EKS cluster', 730, 0.1, 73, 'eks-regions']]);
    assert.deepEqual(items('aws_eks_cluster.old'), [['EKS cluster (extended support)', 730, 0.6, 438, 'eks-regions']]);
    // Another region, and the nine: Tokyo's NAT gateway is $0.062 an hour, Stockholm's $0.046; EKS is $0.10 everywhere.
    const tokyo = report('ap-northeast-1');
    assert.deepEqual(['aws_nat_gateway.nat', 'aws_eks_cluster.current', 'aws_eks_cluster.old'].map((a) => tokyo.resources.find((r) => r.address === a)?.monthlyCost), [51.46, 73, 438]);
    assert.deepEqual(tokyo.unpriced.filter((u) => u.address.startsWith('aws_lb.')).map((u) => u.reason), ['no load balancer prices for region ap-northeast-1: no public source of them was found', 'no load balancer prices for region ap-northeast-1: no public source of them was found']);
    const nine = ['eu-west-3', 'eu-west-1', 'eu-central-1', 'us-west-2', 'us-east-2', 'eu-west-2', 'eu-north-1', 'ap-southeast-1', 'ap-northeast-1'];
    assert.deepEqual(nine.map((region) => [region, prices.regions[region].natGateway?.hourly, prices.regions[region].natGateway?.gb, prices.regions[region].eks?.hourly, prices.regions[region].eks?.extendedSupportHourly]), [
      ['eu-west-3', 0.05, 0.05, 0.1, 0.6],
      ['eu-west-1', 0.048, 0.048, 0.1, 0.6],
      ['eu-central-1', 0.052, 0.052, 0.1, 0.6],
      ['us-west-2', 0.045, 0.045, 0.1, 0.6],
      ['us-east-2', 0.045, 0.045, 0.1, 0.6],
      ['eu-west-2', 0.05, 0.05, 0.1, 0.6],
      ['eu-north-1', 0.046, 0.046, 0.1, 0.6],
      ['ap-southeast-1', 0.059, 0.059, 0.1, 0.6],
      ['ap-northeast-1', 0.062, 0.062, 0.1, 0.6],
    ]);
    // eu-west-1: a Network and a Classic Load Balancer at the prices of Infracost's golden there (2026-08-21); an Application Load Balancer has none.
    const ireland1 = report('eu-west-1');
    assert.deepEqual(['aws_lb.nlb', 'aws_elb.classic'].map((a) => ireland1.resources.find((r) => r.address === a)?.items.map((i) => [i.name, i.unitPrice, i.monthlyCost ?? null, i.source])), [
      [['Network load balancer', 0.0252, 18.396, 'elb-eu-west-1'], ['Load balancer capacity units', 4.38, null, 'elb-eu-west-1']],
      [['Classic load balancer', 0.028, 20.44, 'elb-eu-west-1'], ['Data processed', 0.008, null, 'elb-eu-west-1']],
    ]);
    assert.deepEqual(ireland1.unpriced.find((u) => u.address === 'aws_lb.alb')?.reason, 'no price for an application load balancer in eu-west-1');
    // A region the price list does not carry at all stays unpriced, with its reason.
    assert.deepEqual(report('ap-south-1').unpriced.find((u) => u.address === 'aws_nat_gateway.nat')?.reason, 'no prices for region ap-south-1');
    // Multi-AZ storage at the source's own price, not always twice Single-AZ's: eu-west-1's gp2 is $0.253 (Single-AZ $0.127), as Infracost's elastic_beanstalk_environment_test golden shows it.
    const ireland = report('eu-west-1').resources.find((r) => r.address === 'aws_db_instance.multi');
    assert.deepEqual(ireland?.items.map((i) => [i.unitPrice, i.monthlyCost]), [[0.378, 275.94], [0.253, 5.06]]);
    assert.deepEqual(['eu-central-1', 'us-west-2'].map((region) => report(region).resources.find((r) => r.address === 'aws_db_instance.mlflow')?.monthlyCost), [29.75, 25.66]);
    // The maps say what us-east-1's committed figures (the Price List's) say: us-west-2 prices as us-east-1 does.
    const east = prices.regions['us-east-1'];
    const west = prices.regions['us-west-2'];
    assert.deepEqual([west.rds?.instances.postgres['db.t4g.small'].hourly, west.rds?.instances.mysql['db.t3.large'].multiAzHourly, west.rds?.storage.gp2.gbMonth, west.ec2?.['m5.large'].hourly, west.ebs?.gp3.gbMonth], [east.rds?.instances.postgres['db.t4g.small'].hourly, east.rds?.instances.mysql['db.t3.large'].multiAzHourly, east.rds?.storage.gp2.gbMonth, east.ec2?.['m5.large'].hourly, east.ebs?.gp3.gbMonth]);
    assert.deepEqual(['ec2-regions', 'ebs-regions', 'rds-regions', 'vpc-regions', 'eks-regions'].map((key) => prices.sources[key].date), ['2025-04-04', '2024-07-18', '2024-09-28', '2025-10-28', '2025-10-28']);
  });

  it('a resource without a region is listed, not priced at 0', () => {
    const report = priceResources(terraformResources(indexOf({ 'main.tf': 'resource "aws_nat_gateway" "x" {}\n' })), prices);
    assert.deepEqual(report.resources, []);
    assert.equal(report.totalMonthlyCost, 0);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_nat_gateway.x', "its region is not literal (nor its provider's)"]]);
  });

  it('prices Google Compute Engine, Cloud NAT and Cloud Storage in their region, and lists what it cannot', () => {
    const all = mergePriceLists(['aws-prices.json', 'gcp-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
    const text = `
provider "google" {
  region = "europe-west1"
}
resource "google_compute_instance" "vm" {
  zone         = "europe-west1-b"
  machine_type = "e2-standard-2"
  boot_disk {
    initialize_params {
      type = "pd-balanced"
      size = 50
    }
  }
}
resource "google_compute_instance" "spot" {
  machine_type = "e2-standard-2"
  scheduling {
    preemptible = true
  }
}
resource "google_compute_router_nat" "nat" {
  name = "nat"
}
resource "google_storage_bucket" "logs" {
  location      = "europe-west1"
  storage_class = "NEARLINE"
}
resource "google_storage_bucket" "multi" {
  location = "US"
}
resource "google_sql_database_instance" "db" {
  region = "europe-west1"
}
resource "google_compute_network" "vpc" {
  name = "vpc"
}
`;
    const report = priceResources(terraformResources(indexOf({ 'main.tf': text })), all, { 'google_compute_router_nat.nat': { assigned_vms: 40, monthly_data_processed_gb: 10 } });
    assert.deepEqual(report.resources.map((r) => [r.address, r.region, r.items.map((i) => [i.subresource, i.name, i.quantity, i.unitPrice, i.monthlyCost, i.usageKey])]), [
      ['google_compute_instance.vm', 'europe-west1', [
        [undefined, 'Instance usage (Linux/UNIX, on-demand, e2-standard-2)', 730, 0.07371546, 53.812286, undefined],
        ['boot_disk', 'Balanced provisioned storage (pd-balanced)', 50, 0.1, 5, undefined],
      ]],
      ['google_compute_router_nat.nat', 'europe-west1', [
        [undefined, 'Assigned VMs (first 32)', 23360, 0.0014, 32.704, undefined],
        [undefined, 'Data processed', 10, 0.045, 0.45, undefined],
      ]],
      ['google_storage_bucket.logs', 'europe-west1', [[undefined, 'Storage (nearline)', undefined, 0.01, undefined, 'storage_gb']]],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['google_compute_instance.spot', 'no preemptible price for machine type e2-standard-2'],
      ['google_storage_bucket.multi', 'no prices for region US'],
      ['google_sql_database_instance.db', 'no Cloud SQL prices for europe-west1'],
    ]);
  });

  it("Cloud SQL: literal copies of Infracost's permutations (its for_each over flatten is not expanded) at the golden's costs, within 1 %", () => {
    const all = mergePriceLists(['aws-prices.json', 'gcp-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
    const cases: [string, string, string, number][] = [
      ['db-custom-4-15360', 'MYSQL_8_0', 'REGIONAL', 405.19],
      ['db-highmem-16', 'POSTGRES_15', 'ZONAL', 1022.82],
      ['db-f1-micro', 'POSTGRES_15', 'ZONAL', 16.67],
      ['db-n1-standard-1', 'MYSQL_8_0', 'ZONAL', 58.35],
      ['db-lightweight-2', 'POSTGRES_15', 'ZONAL', 88.46],
      ['db-custom-2-7680', 'SQLSERVER_2019_WEB', 'ZONAL', 107.63],
    ];
    const text = `provider "google" {\n  region = "us-central1"\n}\n${cases.map(([tier, version, availability], i) => `resource "google_sql_database_instance" "c${i}" {\n  database_version = "${version}"\n  settings {\n    tier              = "${tier}"\n    availability_type = "${availability}"\n  }\n}\n`).join('')}`;
    const report = priceResources(terraformResources(indexOf({ 'main.tf': text })), all);
    assert.deepEqual(report.resources.map((r) => [r.address, r.monthlyCost]), [
      ['google_sql_database_instance.c0', 405.192],
      ['google_sql_database_instance.c1', 1022.824],
      ['google_sql_database_instance.c2', 16.665],
      ['google_sql_database_instance.c3', 58.3115],
      ['google_sql_database_instance.c4', 88.4605],
      ['google_sql_database_instance.c5', 107.623],
    ]);
    report.resources.forEach((r, i) => assert.ok(Math.abs(r.monthlyCost - cases[i][3]) <= cases[i][3] * 0.01, r.address));
    assert.deepEqual(report.resources[0].items.map((i) => [i.name, i.quantity, i.unit, i.unitPrice, i.monthlyCost, i.usageKey]), [
      ['vCPUs (4, regional)', 2920, 'vCPU-hours', 0.0826, 241.192, undefined],
      ['Memory (15 GB, regional)', 10950, 'GB-hours', 0.014, 153.3, undefined],
      ['Storage (SSD, regional)', 10, 'GB', 0.34, 3.4, undefined],
      ['Backups', undefined, 'GB', 0.08, undefined, 'backup_storage_gb'],
      ['IP address (if unused)', 730, 'hours', 0.01, 7.3, undefined],
    ]);
    // SQL Server: its compute, storage and address as the golden prices them (its licence is not in the price list).
    assert.deepEqual(report.unpriced, []);
  });
  it("Azure storage accounts: literal copies of Infracost's permutations (its for_each over flatten is not expanded) at the golden's costs, within 1 %", () => {
    const all = mergePriceLists(['aws-prices.json', 'azure-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
    // [kind, account tier, replication, access tier, the golden's monthly cost (the sum of its rounded items), Archipel's]
    const cases: [string, string, string, string, number, number][] = [
      ['StorageV2', 'Standard', 'RAGRS', 'Hot', 177171.44, 177171.4288],
      ['StorageV2', 'Standard', 'GRS', 'Hot', 169762.28, 169762.2768],
      ['StorageV2', 'Standard', 'LRS', 'Hot', 77102.68, 77102.6768],
      ['StorageV2', 'Standard', 'RAGRS', 'Cool', 115508.92, 115508.92],
      ['StorageV2', 'Standard', 'GRS', 'Cool', 92302.52, 92302.52],
      ['StorageV2', 'Standard', 'ZRS', 'Cool', 57787.22, 57787.22],
      ['StorageV2', 'Standard', 'LRS', 'Cool', 46166.52, 46166.52],
      ['BlobStorage', 'Standard', 'GRS', 'Hot', 85443.93, 85443.9288],
      ['BlobStorage', 'Standard', 'LRS', 'Hot', 38806.93, 38806.9288],
      ['BlobStorage', 'Standard', 'GRS', 'Cool', 46084.46, 46084.46],
      ['BlobStorage', 'Standard', 'LRS', 'Cool', 23052.86, 23052.86],
      ['StorageV2', 'Premium', 'ZRS', 'Hot', 1036047.59, 1036047.5848],
      ['StorageV2', 'Premium', 'LRS', 'Cool', 780035.92, 780035.9208],
      ['BlobStorage', 'Premium', 'ZRS', 'Cool', 518023.79, 518023.7924],
      ['BlobStorage', 'Premium', 'LRS', 'Hot', 390017.96, 390017.9604],
      ['BlockBlobStorage', 'Premium', 'ZRS', '', 259011.89, 259011.8962],
      ['BlockBlobStorage', 'Premium', 'LRS', '', 195008.98, 195008.9802],
      ['Storage', 'Standard', 'RAGRS', '', 183000.34, 183000.3348],
      ['Storage', 'Standard', 'GRS', '', 144000.34, 144000.3348],
      ['Storage', 'Standard', 'ZRS', '', 90000.34, 90000.3348],
      ['Storage', 'Standard', 'LRS', '', 72000.34, 72000.3348],
    ];
    const resource = (name: string, body: string) => `resource "azurerm_storage_account" "${name}" {\n  location = "westus"\n${body}}\n`;
    const text = [
      ...cases.map(([kind, tier, replication, access], i) => resource(`c${i}`, `  account_kind             = "${kind}"\n  account_tier             = "${tier}"\n  account_replication_type = "${replication}"\n${access ? `  access_tier              = "${access}"\n` : ''}`)),
      resource('zrs_hot', '  account_tier             = "Standard"\n  account_replication_type = "ZRS"\n'),
      resource('premium_grs', '  account_tier             = "Premium"\n  account_replication_type = "GRS"\n'),
      resource('standard_blockblob', '  account_kind             = "BlockBlobStorage"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n'),
      resource('files', '  account_kind             = "FileStorage"\n  account_tier             = "Premium"\n  account_replication_type = "LRS"\n'),
      resource('nfs', '  account_tier             = "Standard"\n  account_replication_type = "LRS"\n  nfsv3_enabled            = true\n  is_hns_enabled           = true\n'),
      resource('gzrs', '  account_tier             = "Standard"\n  account_replication_type = "GZRS"\n'),
      resource('no_usage', '  account_tier             = "Standard"\n  account_replication_type = "LRS"\n'),
    ].join('');
    // The golden's usage file, per kind (its storagev2[*], blob[*], blockblob[*] and storagev1[*]).
    const ops = (n: number) => ({ monthly_write_operations: n, monthly_list_and_create_container_operations: n, monthly_read_operations: n / 10, monthly_other_operations: n });
    const byKind: Record<string, Record<string, number>> = {
      StorageV2: { storage_gb: 4000000, ...ops(4000000), monthly_data_retrieval_gb: 4000, blob_index_tags: 400000, early_deletion_gb: 4000 },
      BlobStorage: { storage_gb: 2000000, ...ops(2000000), monthly_data_retrieval_gb: 2000, blob_index_tags: 200000 },
      BlockBlobStorage: { storage_gb: 1000000, ...ops(1000000), monthly_data_retrieval_gb: 1000, blob_index_tags: 100000 },
      Storage: { storage_gb: 3000000, ...ops(3000000), monthly_data_retrieval_gb: 3000 },
    };
    const perCase = usageOf({ resource_usage: Object.fromEntries(cases.map(([kind], i) => [`azurerm_storage_account.c${i}`, byKind[kind]])) });
    const report = priceResources(terraformResources(indexOf({ 'main.tf': text })), all, perCase);
    assert.deepEqual(report.resources.map((r) => [r.address, r.region, r.monthlyCost]), [
      ...cases.map((c, i) => [`azurerm_storage_account.c${i}`, 'westus', c[5]]),
      ['azurerm_storage_account.no_usage', 'westus', 0],
    ]);
    report.resources.slice(0, cases.length).forEach((r, i) => assert.ok(Math.abs(r.monthlyCost - cases[i][4]) <= cases[i][4] * 0.01, r.address));
    assert.deepEqual(report.resources[0].items.map((i) => [i.name, i.quantity, i.unit, i.unitPrice, i.monthlyCost]), [
      ['Capacity (first 50TB)', 51200, 'GB', 0.0478, 2447.36],
      ['Capacity (next 450TB)', 512000, 'GB', 0.045888, 23494.656],
      ['Capacity (over 500TB)', 3436800, 'GB', 0.043976, 151136.7168],
      ['Write operations', 400, '10k operations', 0.11, 44],
      ['List and create container operations', 400, '10k operations', 0.11, 44],
      ['Read operations', 40, '10k operations', 0.0044, 0.176],
      ['All other operations', 400, '10k operations', 0.0044, 1.76],
      ['Blob index', 40, '10k tags', 0.069, 2.76],
    ]);
    // StorageV2 Cool: retrieval and early deletion; BlobStorage Cool: no early deletion.
    assert.deepEqual(report.resources[6].items.map((i) => i.name).slice(5), ['Data retrieval', 'Blob index', 'Early deletion']);
    assert.deepEqual(report.resources[10].items.map((i) => i.name).slice(5), ['Data retrieval', 'Blob index']);
    // Without a usage file: Hot by default, every item at its price and the usage key that would give its quantity.
    assert.deepEqual(report.resources[cases.length].items.map((i) => [i.name, i.unitPrice, i.usageKey]), [
      ['Capacity', 0.0208, 'storage_gb'],
      ['Write operations', 0.055, 'monthly_write_operations'],
      ['List and create container operations', 0.055, 'monthly_list_and_create_container_operations'],
      ['Read operations', 0.0044, 'monthly_read_operations'],
      ['All other operations', 0.0044, 'monthly_other_operations'],
      ['Blob index', 0.039, 'blob_index_tags'],
    ]);
    // Premium and general-purpose v1: capacity and the four operations only.
    assert.deepEqual(report.resources[15].items.map((i) => [i.name, i.quantity, i.unitPrice, i.monthlyCost]), [
      ['Capacity', 1000000, 0.259, 259000],
      ['Write operations', 100, 0.0303, 3.03],
      ['List and create container operations', 100, 0.086, 8.6],
      ['Read operations', 10, 0.00242, 0.0242],
      ['All other operations', 100, 0.00242, 0.242],
    ]);
    assert.deepEqual(report.resources[20].items.map((i) => i.name), ['Capacity', 'Write operations', 'List and create container operations', 'Read operations', 'All other operations']);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['azurerm_storage_account.zrs_hot', 'no price for Hot ZRS write operations in westus'],
      ['azurerm_storage_account.premium_grs', 'no price for Premium GRS storage in westus'],
      ['azurerm_storage_account.standard_blockblob', 'account kind BlockBlobStorage: Azure offers it in the Premium tier only'],
      ['azurerm_storage_account.files', 'account kind FileStorage (Azure Files) is not priced yet'],
      ['azurerm_storage_account.nfs', 'hierarchical namespace (Data Lake Storage Gen2, NFSv3): its operations are not priced yet'],
      ['azurerm_storage_account.gzrs', 'no price for Hot GZRS storage in westus'],
    ]);
  });

  it("a usage file's `name[*]` gives every instance of a count its usage, unless one has its own", () => {
    const all = mergePriceLists(['aws-prices.json', 'azure-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
    const text = 'resource "azurerm_storage_account" "s" {\n  count                    = 2\n  location                 = "westus"\n  account_tier             = "Standard"\n  account_replication_type = "LRS"\n  access_tier              = "Cool"\n}\n';
    const usage = usageOf({ resource_usage: { 'azurerm_storage_account.s[*]': { storage_gb: 100 }, 'azurerm_storage_account.s[1]': { storage_gb: 10 } } });
    const report = priceResources(terraformResources(indexOf({ 'main.tf': text })), all, usage);
    assert.deepEqual(report.resources.map((r) => [r.address, r.items[0].name, r.items[0].quantity, r.items[0].monthlyCost]), [
      ['azurerm_storage_account.s[0]', 'Capacity', 100, 1.15],
      ['azurerm_storage_account.s[1]', 'Capacity', 10, 0.115],
    ]);
  });
});

describe('cost: a usage number', () => {
  it('reads YAML 1.1 digit separators as Infracost usage files write them, and nothing looser', () => {
    assert.equal(num('40_000_000'), 40_000_000);
    assert.equal(num('1_000.5'), 1000.5);
    assert.equal(num('-2_000'), -2000);
    assert.equal(num('12'), 12);
    assert.equal(num('4_0'), undefined);
    assert.equal(num('_1000'), undefined);
    assert.equal(num('1e400'), undefined);
  });
});
