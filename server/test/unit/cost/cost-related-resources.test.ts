// What a resource takes from another it names (#93): an EC2 instance's launch template (its type, options and volumes,
// merged by device name), named directly or through a local; a read replica's engine and storage, its source's; the
// auto scaling targets naming an ElastiCache group or an MSK cluster; a disk's image or snapshot; a Compute Engine instance's local SSDs said, not dropped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));

describe('cost: what a resource takes from another it names or that names it: launch templates, read replicas, auto scaling targets; local SSDs (#93)', () => {
  before(loadParser);

  it('prices an instance from its launch template, the instance\'s own attributes and volumes winning', () => {
    const report = priceResources(terraformResources(indexOf({
      'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nlocals {\n  template = aws_launch_template.lt.name\n}\n'
        + 'resource "aws_launch_template" "lt" {\n  name = "lt"\n  instance_type = "m5.large"\n  monitoring {\n    enabled = true\n  }\n  block_device_mappings {\n    device_name = "/dev/sdb"\n    ebs {\n      volume_type = "io1"\n      volume_size = 10\n      iops = 100\n    }\n  }\n  block_device_mappings {\n    device_name = "/dev/sdc"\n    ebs {\n      volume_size = 30\n    }\n  }\n}\n'
        + 'resource "aws_instance" "from_template" {\n  launch_template {\n    name = local.template\n  }\n  ebs_block_device {\n    device_name = "/dev/sdb"\n    volume_size = 20\n  }\n}\n'
        + 'resource "aws_instance" "own_type" {\n  instance_type = "t3.medium"\n  monitoring = false\n  credit_specification {\n    cpu_credits = "standard"\n  }\n  launch_template {\n    id = aws_launch_template.lt.id\n  }\n}\n'
        + 'resource "aws_instance" "elsewhere" {\n  launch_template {\n    id = var.template\n  }\n}\n',
      'variables.tf': 'variable "template" {\n  type = string\n}\n',
    })), prices, {});
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.subresource]);
    assert.deepEqual(items('aws_instance.from_template'), [
      ['Instance usage (Linux/UNIX, on-demand, m5.large)', 730, undefined],
      ['EC2 detailed monitoring', 7, undefined],
      ['Storage (general purpose SSD, gp2)', 8, 'root_block_device'],
      // /dev/sdb: the template's io1 and IOPS, the instance's size.
      ['Storage (provisioned IOPS SSD, io1)', 20, 'ebs_block_device[0]'],
      ['Provisioned IOPS', 100, 'ebs_block_device[0]'],
      ['Storage (general purpose SSD, gp2)', 30, 'ebs_block_device[1]'],
    ]);
    assert.deepEqual(items('aws_instance.own_type'), [
      ['Instance usage (Linux/UNIX, on-demand, t3.medium)', 730, undefined],
      ['Storage (general purpose SSD, gp2)', 8, 'root_block_device'],
      ['Storage (provisioned IOPS SSD, io1)', 10, 'ebs_block_device[0]'],
      ['Provisioned IOPS', 100, 'ebs_block_device[0]'],
      ['Storage (general purpose SSD, gp2)', 30, 'ebs_block_device[1]'],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_instance.elsewhere', 'launch_template: the launch template it names is not in the stack']]);
  });

  it('prices a read replica at its source\'s engine and storage, its own class', () => {
    const report = priceResources(terraformResources(indexOf({
      'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_db_instance" "main" {\n  engine = "postgres"\n  instance_class = "db.t3.large"\n  allocated_storage = 100\n}\n'
        + 'resource "aws_db_instance" "replica" {\n  replicate_source_db = aws_db_instance.main.identifier\n  instance_class = "db.t3.large"\n}\n'
        + 'resource "aws_db_instance" "elsewhere" {\n  replicate_source_db = "arn:aws:rds:us-west-2:123456789012:db:main"\n  instance_class = "db.t3.large"\n}\n',
    })), prices, {});
    assert.deepEqual(report.resources.find((r) => r.address === 'aws_db_instance.replica')?.items.map((i) => [i.name, i.quantity]), [
      ['Database instance (on-demand, Single-AZ, db.t3.large)', 730],
      ['Storage (general purpose SSD, gp2)', 100],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_db_instance.elsewhere', 'read replica: its source (whose engine it runs) is not in the stack']]);
  });

  it('reads the Application Auto Scaling targets that name an ElastiCache group or an MSK cluster (Infracost\'s cases)', () => {
    const goldens = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'aws');
    // Shards and replicas at their targets' min_capacity (8 × (5 + 1)), or the usage's capacity (10 × (3 + 1)); the
    // second target names the group by its literal id, the first by a reference inside a string.
    const cache = checkGoldenCase(path.join(goldens, 'elasticache_replication_group_test'), 'aws_elasticache_replication_group', prices, { 'aws_elasticache_replication_group.cluster_reserved': 'reserved nodes: reserved prices are not in the price list' });
    const nodes = (address: string) => cache.report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity]);
    assert.deepEqual(nodes('aws_elasticache_replication_group.cluster-autoscale'), [['ElastiCache (on-demand, cache.m4.large, autoscaling)', 48 * 730]]);
    assert.deepEqual(nodes('aws_elasticache_replication_group.cluster-autoscale-usage'), [['ElastiCache (on-demand, cache.m4.large, autoscaling)', 40 * 730]]);
    // Each broker's volume at the target's min_capacity (123 GB) or the usage's capacity (1,234 GB).
    const msk = checkGoldenCase(path.join(goldens, 'msk_cluster_test'), 'aws_msk_cluster', prices, {});
    const storage = (address: string) => msk.report.resources.find((r) => r.address === address)?.items.find((i) => i.name.startsWith('Storage'))?.quantity;
    assert.equal(storage('aws_msk_cluster.cluster-autoscaling'), 246);
    assert.equal(storage('aws_msk_cluster.cluster-autoscaling-usage'), 2468);
    assert.equal(msk.within.length, 4);
  });

  it('sizes a Compute Engine disk made from an image or a snapshot by what they were made from', () => {
    const report = priceResources(terraformResources(indexOf({
      'main.tf': 'provider "google" {\n  region = "us-central1"\n}\nresource "google_compute_disk" "base" {\n  name = "base"\n  type = "pd-ssd"\n  size = 40\n}\n'
        + 'resource "google_compute_snapshot" "snap" {\n  name = "snap"\n  source_disk = google_compute_disk.base.name\n}\n'
        + 'resource "google_compute_image" "from_snap" {\n  name = "from-snap"\n  source_snapshot = google_compute_snapshot.snap.self_link\n}\n'
        + 'resource "google_compute_disk" "from_image" {\n  name = "a"\n  type = "pd-standard"\n  image = google_compute_image.from_snap.self_link\n}\n'
        + 'resource "google_compute_disk" "from_snapshot" {\n  name = "b"\n  type = "pd-standard"\n  snapshot = google_compute_snapshot.snap.self_link\n}\n'
        + 'resource "google_compute_disk" "public_image" {\n  name = "c"\n  type = "pd-standard"\n  image = "debian-cloud/debian-12"\n}\n',
    })), prices, {});
    const size = (address: string) => report.resources.find((r) => r.address === address)?.items[0]?.quantity;
    assert.equal(size('google_compute_disk.from_image'), 40);
    assert.equal(size('google_compute_disk.from_snapshot'), 40);
    assert.deepEqual(report.unpriced.filter((u) => u.address.startsWith('google_compute_disk')).map((u) => [u.address, u.reason]), [['google_compute_disk.public_image', 'its size is its image\'s or snapshot\'s: not in the stack']]);
  });

  it('prices a Compute Engine instance\'s local SSDs (375 GB each), and lists it where their price is not known rather than pricing it without them', () => {
    const instance = (zone: string) => `resource "google_compute_instance" "ssd_${zone.replace(/-/g, '_')}" {\n  name = "ssd"\n  machine_type = "e2-standard-2"\n  zone = "${zone}"\n  boot_disk {}\n  network_interface {\n    network = "default"\n  }\n  scratch_disk {\n    interface = "NVME"\n  }\n}\n`;
    const report = priceResources(terraformResources(indexOf({
      'main.tf': `provider "google" {\n  region = "us-central1"\n}\n${instance('us-central1-a')}${instance('europe-west1-b')}`,
    })), prices, {});
    assert.deepEqual(report.resources.map((r) => [r.address, r.items.at(-1)?.name, r.items.at(-1)?.quantity]), [['google_compute_instance.ssd_us_central1_a', 'Local SSD provisioned storage', 375]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_compute_instance.ssd_europe_west1_b', 'no local SSD price in its region']]);
  });
});
