// Pricers that read another resource (#93): what a resource's price needs of the one it names (a GKE node pool's
// cluster), each at the figures of Infracost's golden for its type (prices: schemas/cost/SOURCES.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const price = (files: Record<string, string>) => priceResources(terraformResources(indexOf(files)), prices, {});

describe('cost: pricers reading the resource another names (#93)', () => {
  before(loadParser);

  it("GKE node pools in their cluster's location and zones (node_locations, the pool's or its cluster's); a cluster's own node_locations", () => {
    const cluster = (name: string, location: string, zones?: string) => `resource "google_container_cluster" "${name}" {\n  location = "${location}"\n${zones ? `  node_locations = [${zones}]\n` : ''}}\n`;
    const pool = (name: string, to: string, body = '') => `resource "google_container_node_pool" "${name}" {\n  cluster = google_container_cluster.${to}.id\n${body}}\n`;
    // The provider's region is elsewhere: the pools are where their cluster is (us-central1), not in europe-west1.
    const report = price({
      'main.tf': `provider "google" {\n  region = "europe-west1"\n}\n${cluster('zonal', 'us-central1-a')}${cluster('regional', 'us-central1')}${cluster('two', 'us-central1', '"us-central1-a", "us-central1-b"')}`
        + `${pool('in_zone', 'zonal')}${pool('in_region', 'regional')}${pool('own_zones', 'regional', '  node_count = 2\n  node_locations = ["us-central1-a", "us-central1-b"]\n')}${pool('cluster_zones', 'two', '  node_count = 2\n')}${pool('unknown', 'regional', '  node_locations = var.zones\n')}`,
      'variables.tf': 'variable "zones" {\n  type = list(string)\n}\n',
    });
    const cost = (address: string) => report.resources.find((r) => r.address === address);
    // The golden's default_regional ($73.38 + $12.00: a zonal cluster's), default_zonal ($220.14 + $36.00: a regional one's),
    // node_locations_zonal and cluster_node_locations_zonal ($97.84 + $16.00 each), node_locations_zonal cluster ($73.00 + $146.76 + $24.00).
    assert.deepEqual(cost('google_container_node_pool.in_zone')?.items.map((i) => [i.name, i.quantity, round2(i.monthlyCost)]), [['Instance usage (Linux/UNIX, on-demand, e2-medium)', 2190, 73.38], ['Standard provisioned storage (pd-standard)', 300, 12]]);
    assert.equal(cost('google_container_node_pool.in_zone')?.region, 'us-central1');
    // The golden rounds each line: 256.14 there, 256.13 unrounded here.
    assert.equal(round2(cost('google_container_node_pool.in_region')?.monthlyCost), 256.13);
    assert.equal(round2(cost('google_container_node_pool.own_zones')?.monthlyCost), round2(97.84 + 16));
    assert.equal(round2(cost('google_container_node_pool.cluster_zones')?.monthlyCost), round2(97.84 + 16));
    assert.equal(round2(cost('google_container_cluster.two')?.monthlyCost), round2(73 + 146.76 + 24));
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_container_node_pool.unknown', 'node_locations is not literal']]);
  });

  it("EKS node groups with a launch template: the template's instance type and each node's volumes; a template not found listed", () => {
    const template = (name: string, body: string) => `resource "aws_launch_template" "${name}" {\n${body}  block_device_mappings {\n    device_name = "/dev/sda1"\n    ebs {\n      volume_size = 20\n    }\n  }\n}\n`;
    const group = (name: string, body: string) => `resource "aws_eks_node_group" "${name}" {\n  cluster_name = "c"\n  scaling_config {\n    desired_size = 3\n    max_size = 3\n    min_size = 1\n  }\n${body}}\n`;
    const report = price({
      'main.tf': `provider "aws" {\n  region = "us-east-1"\n}\n${template('foo2', '  instance_type = "m5.xlarge"\n')}${template('bar', '')}`
        + `${group('by_id', '  launch_template {\n    id = aws_launch_template.foo2.id\n    version = "1"\n  }\n')}${group('by_name', '  instance_types = ["m5.large"]\n  launch_template {\n    name = aws_launch_template.bar.name\n    version = "1"\n  }\n')}`
        + `${group('elsewhere', '  launch_template {\n    id = var.template\n    version = "1"\n  }\n')}`,
      'variables.tf': 'variable "template" {\n  type = string\n}\n',
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, round2(i.monthlyCost), i.subresource]);
    // The golden's example_with_launch_template_2 ($420.48 + $6.00) and example_with_launch_template_3 ($210.24 + $6.00).
    assert.deepEqual(items('aws_eks_node_group.by_id'), [['Instance usage (Linux/UNIX, on-demand, m5.xlarge)', 2190, 420.48, undefined], ['Storage (general purpose SSD, gp2)', 60, 6, 'block_device_mapping[0]']]);
    assert.deepEqual(items('aws_eks_node_group.by_name'), [['Instance usage (Linux/UNIX, on-demand, m5.large)', 2190, 210.24, undefined], ['Storage (general purpose SSD, gp2)', 60, 6, 'block_device_mapping[0]']]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_eks_node_group.elsewhere', 'launch_template: the instance type it gives is not read yet']]);
  });
});

function round2(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.round(n * 100) / 100;
}
