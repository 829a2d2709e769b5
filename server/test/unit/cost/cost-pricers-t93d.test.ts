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
});

function round2(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.round(n * 100) / 100;
}
