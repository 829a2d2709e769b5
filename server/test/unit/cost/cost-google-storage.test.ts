// Google Cloud pricers toward Infracost's golden coverage (#93): extreme disks, images, snapshots, static addresses,
// Memorystore for Redis Cluster and Cloud SQL for SQL Server and replicas, each golden case compared resource by
// resource, and inline Terraform for what the goldens do not show (the prices: schemas/cost/SOURCES.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList, type Usage } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const price = (text: string, usage: Usage = {}) => priceResources(terraformResources(indexOf({ 'main.tf': `provider "google" {\n  region = "us-central1"\n}\n${text}` })), prices, usage);
const goldens = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'google');
const items = (report: ReturnType<typeof price>, address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.subresource, i.name, i.quantity, i.unitPrice, i.monthlyCost, i.usageKey]);

describe('cost: Google Cloud disks, images, snapshots, addresses, Redis clusters, Artifact Registry, Cloud SQL (#93)', () => {
  before(loadParser);

  it('extreme disks bill their provisioned IOPS (Infracost\'s defaults when unsaid); images and snapshots their size, else usage', () => {
    assert.equal(checkGoldenCase(path.join(goldens, 'compute_disk_test'), 'google_compute_disk', prices, {}).within.length, 11);
    assert.equal(checkGoldenCase(path.join(goldens, 'compute_image_test'), 'google_compute_image', prices, {}).within.length, 6);
    assert.equal(checkGoldenCase(path.join(goldens, 'compute_snapshot_test'), 'google_compute_snapshot', prices, {}).within.length, 2);
    const report = price('resource "google_compute_disk" "hyper" {\n  type = "hyperdisk-extreme"\n  size = 100\n}\n'
      + 'resource "google_compute_image" "public" {\n  source_image = "debian-cloud/debian-12"\n}\n'
      + 'resource "google_compute_snapshot" "snap" {\n  source_disk = google_compute_disk.hyper.name\n}\n'
      + 'resource "google_compute_disk" "odd" {\n  type = var.type\n}\n');
    // 100 GB of hyperdisk-extreme: 1,200 IOPS a GB (under the 350,000 cap).
    assert.deepEqual(items(report, 'google_compute_disk.hyper'), [
      [undefined, 'Hyperdisk provisioned storage (hyperdisk-extreme)', 100, 0.125, 12.5, undefined],
      [undefined, 'Provisioned IOPS', 120000, 0.032, 3840, undefined],
    ]);
    assert.deepEqual(items(report, 'google_compute_image.public'), [[undefined, 'Storage', undefined, 0.05, undefined, 'storage_gb']]);
    assert.deepEqual(items(report, 'google_compute_snapshot.snap'), [[undefined, 'Storage', 100, 0.026, 2.6, undefined]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_compute_disk.odd', 'type is not literal']]);
  });

  it('a static address at the price of the VM that uses it (standard, preemptible) or unused; internal and peering ones bill nothing', () => {
    assert.equal(checkGoldenCase(path.join(goldens, 'compute_address_test'), 'google_compute_address', prices, {}).within.length, 5);
    const report = price('resource "google_compute_address" "spot" {}\nresource "google_compute_address" "psc" {\n  purpose = "PRIVATE_SERVICE_CONNECT"\n}\n'
      + 'resource "google_compute_address" "far" {\n  region = "europe-west1"\n}\n'
      + 'resource "google_compute_instance" "vm" {\n  machine_type = "e2-small"\n  scheduling {\n    provisioning_model = "SPOT"\n  }\n  network_interface {\n    access_config {\n      nat_ip = google_compute_address.spot.address\n    }\n  }\n}\n');
    assert.deepEqual(items(report, 'google_compute_address.spot'), [[undefined, 'IP address (preemptible VM)', 730, 0.0025, 1.825, undefined]]);
    assert.deepEqual(items(report, 'google_compute_address.psc'), []);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['google_compute_address.far', 'no IP address price for europe-west1'],
      ['google_compute_instance.vm', 'no preemptible price for machine type e2-small'],
    ]);
  });

  it('a Redis cluster: its nodes (shards × (1 + replicas)), AOF persistence, backups (usage)', () => {
    assert.equal(checkGoldenCase(path.join(goldens, 'redis_cluster_test'), 'google_redis_cluster', prices, {}).within.length, 6);
    const report = price('resource "google_redis_cluster" "c" {\n  shard_count = 2\n  replica_count = 1\n  node_type = "REDIS_HIGHMEM_XLARGE"\n  persistence_config {\n    mode = "AOF"\n  }\n}\n'
      + 'resource "google_redis_cluster" "new" {\n  shard_count = 1\n  node_type = "REDIS_STANDARD_LARGE"\n}\n');
    assert.deepEqual(items(report, 'google_redis_cluster.c'), [
      [undefined, 'Cluster node (highmem xlarge)', 2920, 0.8581, 2505.652, undefined],
      [undefined, 'AOF persistence', 42340, 0.000548, 23.20232, undefined],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_redis_cluster.new', 'no price for Redis Cluster node type REDIS_STANDARD_LARGE']]);
  });

  it('an Artifact Registry repository: storage and egress by continent pair (usage); free in its region and from a multi-region to its continent', () => {
    assert.equal(checkGoldenCase(path.join(goldens, 'artifact_registry_repository_test'), 'google_artifact_registry_repository', prices, {}).within.length, 5);
    const repo = (name: string, location: string) => `resource "google_artifact_registry_repository" "${name}" {\n  location = "${location}"\n  repository_id = "r"\n  format = "DOCKER"\n}\n`;
    const report = price(repo('us', 'us-east1') + repo('far', 'me-central1') + repo('odd', 'us-east1'), {
      'google_artifact_registry_repository.us': { 'monthly_egress_data_transfer_gb.us_central1': 10, 'monthly_egress_data_transfer_gb.northamerica_northeast1': 5, 'monthly_egress_data_transfer_gb.us_east1': 50 },
      'google_artifact_registry_repository.odd': { 'monthly_egress_data_transfer_gb.me_west1': 1 },
    });
    assert.deepEqual(items(report, 'google_artifact_registry_repository.us'), [
      [undefined, 'Storage', undefined, 0.1, undefined, 'storage_gb'],
      [undefined, 'Data egress North America to North America', 15, 0.01, 0.15, undefined],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['google_artifact_registry_repository.far', 'no prices for region me-central1'],
      ['google_artifact_registry_repository.odd', 'the continent of me-west1 is not known: its egress price neither'],
    ]);
  });

  it('Cloud SQL: SQL Server at its compute, storage (SSD whatever disk_type) and address; a replica as a zonal sub-resource', () => {
    const report = price('resource "google_sql_database_instance" "ms" {\n  database_version = "SQLSERVER_2019_EXPRESS"\n  settings {\n    tier = "db-custom-2-7680"\n    disk_type = "PD_HDD"\n  }\n}\n'
      + 'resource "google_sql_database_instance" "r" {\n  database_version = "POSTGRES_15"\n  settings {\n    tier = "db-custom-1-3840"\n    availability_type = "REGIONAL"\n    disk_size = 20\n  }\n  replica_configuration {\n    username = "u"\n  }\n}\n');
    assert.deepEqual(items(report, 'google_sql_database_instance.ms'), [
      [undefined, 'vCPUs (2, zonal)', 1460, 0.0413, 60.298, undefined],
      [undefined, 'Memory (7.5 GB, zonal)', 5475, 0.007, 38.325, undefined],
      [undefined, 'Storage (SSD, zonal)', 10, 0.17, 1.7, undefined],
      [undefined, 'Backups', undefined, 0.08, undefined, 'backup_storage_gb'],
      [undefined, 'IP address (if unused)', 730, 0.01, 7.3, undefined],
    ]);
    assert.deepEqual(items(report, 'google_sql_database_instance.r')?.filter(([sub]) => sub === 'Replica'), [
      ['Replica', 'vCPUs (1, zonal)', 730, 0.0413, 30.149, undefined],
      ['Replica', 'Memory (3.75 GB, zonal)', 2737.5, 0.007, 19.1625, undefined],
      ['Replica', 'Storage (SSD, zonal)', 20, 0.17, 3.4, undefined],
    ]);
  });
});
