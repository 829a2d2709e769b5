// Google Cloud services billed by their use (#93): Cloud Logging, Pub/Sub, Cloud DNS, Secret Manager, target proxies,
// Cloud VPN, Cloud Run, BigQuery, Cloud Monitoring, private services connections;
// each of Infracost's golden cases compared resource by resource, and inline Terraform for the rules.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList, type Usage } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const prices = mergePriceLists(['gcp-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const price = (text: string, usage: Usage = {}) => priceResources(terraformResources(indexOf({ 'main.tf': `provider "google" {\n  region = "us-central1"\n}\n${text}` })), prices, usage);
const goldens = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'google');
const items = (report: ReturnType<typeof price>, address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.unitPrice, i.monthlyCost, i.usageKey]);

describe('cost: Google Cloud services billed by use (#93)', () => {
  before(loadParser);

  it("every logging, Pub/Sub, DNS, Secret Manager and target proxy golden within 1 %", () => {
    const cases = readdirSync(goldens).filter((f) => /^(logging_|pubsub_|dns_|secret_manager_|compute_target_grpc_proxy)/.test(f));
    const proxies = ['target_grpc_proxy', 'target_http_proxy', 'target_https_proxy', 'target_ssl_proxy', 'target_tcp_proxy', 'region_target_http_proxy', 'region_target_https_proxy'].map((t) => `google_compute_${t}`);
    const within = cases.flatMap((folder) => (folder === 'compute_target_grpc_proxy_test' ? proxies : [`google_${folder.replace(/_test$/, '')}`]).flatMap((type) => checkGoldenCase(path.join(goldens, folder), type, prices, {}).within));
    // 8 logging, 2 Pub/Sub, 2 DNS, 5 Secret Manager (with the secrets of the version case), 7 proxies.
    assert.equal(within.length, 24);
  });

  it('a secret bills its versions in each replica location; a version, itself in the locations of the secret it names', () => {
    const report = price('resource "google_secret_manager_secret" "s" {\n  secret_id = "s"\n  replication {\n    user_managed {\n      replicas {\n        location = "us-east1"\n      }\n      replicas {\n        location = "europe-west1"\n      }\n    }\n  }\n}\n'
      + 'resource "google_secret_manager_secret_version" "v" {\n  secret = google_secret_manager_secret.s.id\n  secret_data = "x"\n}\n'
      + 'resource "google_secret_manager_secret_version" "outside" {\n  secret = var.secret\n  secret_data = "x"\n}\n', { 'google_secret_manager_secret.s': { active_secret_versions: 3, monthly_access_operations: 50000 } });
    assert.deepEqual(items(report, 'google_secret_manager_secret.s'), [
      ['Active secret versions', 6, 0.06, 0.36, undefined],
      ['Access operations', 5, 0.03, 0.15, undefined],
      ['Rotation notifications', undefined, 0.05, undefined, 'monthly_rotation_notifications'],
    ]);
    assert.deepEqual(items(report, 'google_secret_manager_secret_version.v')?.[0], ['Active secret versions', 2, 0.06, 0.12, undefined]);
    assert.deepEqual(items(report, 'google_secret_manager_secret_version.outside')?.[0], ['Active secret versions', 1, 0.06, 0.06, undefined]);
  });

  it('Cloud VPN: tunnels, gateways\' egress by destination, an external gateway\'s internet egress by tier; a machine image by its usage', () => {
    const within = [['compute_vpn_tunnel_test', 'google_compute_vpn_tunnel'], ['compute_vpn_gateway_test', 'google_compute_vpn_gateway'], ['compute_ha_vpn_gateway_test', 'google_compute_ha_vpn_gateway'], ['compute_external_vpn_gateway_test', 'google_compute_external_vpn_gateway'], ['compute_machine_image_test', 'google_compute_machine_image']]
      .flatMap(([folder, type]) => checkGoldenCase(path.join(goldens, folder), type, prices, {}).within);
    assert.equal(within.length, 5);
    const report = price('resource "google_compute_external_vpn_gateway" "peer" {\n  redundancy_type = "SINGLE_IP_INTERNALLY_REDUNDANT"\n}\nresource "google_compute_external_vpn_gateway" "far" {\n  redundancy_type = "SINGLE_IP_INTERNALLY_REDUNDANT"\n}\n', {
      'google_compute_external_vpn_gateway.peer': { 'monthly_egress_data_transfer_gb.worldwide': 2048 },
      'google_compute_external_vpn_gateway.far': { 'monthly_egress_data_transfer_gb.australia': 2048 },
    });
    assert.deepEqual(items(report, 'google_compute_external_vpn_gateway.peer'), [
      ['IPSec traffic to worldwide excluding China, Australia but including Hong Kong (first 1TB)', 1024, 0.12, 122.88, undefined],
      ['IPSec traffic to worldwide excluding China, Australia but including Hong Kong (next 9TB)', 1024, 0.11, 112.64, undefined],
      ['IPSec traffic to China excluding Hong Kong (first 1TB)', undefined, 0.23, undefined, 'monthly_egress_data_transfer_gb.china'],
      ['IPSec traffic to Australia (first 1TB)', undefined, 0.19, undefined, 'monthly_egress_data_transfer_gb.australia'],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_compute_external_vpn_gateway.far', 'no price for IPSec traffic to Australia (next 9TB)']]);
  });

  it('Cloud Run: throttled CPU by its requests (usage), unthrottled by its minimum instances all month, a job by its tasks\' time; limits read as Kubernetes quantities', () => {
    const within = [['cloud_run_service_test', 'google_cloud_run_service'], ['cloud_run_v2_service_test', 'google_cloud_run_v2_service'], ['cloud_run_v2_job_test', 'google_cloud_run_v2_job']].flatMap(([folder, type]) => checkGoldenCase(path.join(goldens, folder), type, prices, {}).within);
    assert.equal(within.length, 5);
    const text = 'provider "google" {\n  region = "europe-west3"\n}\n'
      + 'resource "google_cloud_run_v2_service" "big" {\n  location = "europe-west3"\n  template {\n    containers {\n      image = "x"\n      resources {\n        limits = {\n          cpu = "2"\n          memory = "2Gi"\n        }\n        cpu_idle = false\n      }\n    }\n    scaling {\n      min_instance_count = 1\n    }\n  }\n}\n'
      + 'resource "google_cloud_run_v2_service" "odd" {\n  location = "europe-west3"\n  template {\n    containers {\n      image = "x"\n      resources {\n        limits = {\n          memory = "lots"\n        }\n      }\n    }\n  }\n}\n';
    const report = priceResources(terraformResources(indexOf({ 'main.tf': text })), prices, {});
    assert.deepEqual(items(report, 'google_cloud_run_v2_service.big'), [
      ['CPU allocation time (tier 2)', 5256000, 0.0000216, 113.5296, undefined],
      ['Memory allocation time (tier 2)', 5256000, 0.0000024, 12.6144, undefined],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_cloud_run_v2_service.odd', 'memory limit lots is not read']]);
  });

  it('BigQuery datasets and tables, Cloud Monitoring metrics by tier, private services connections\' egress by destination', () => {
    const within = [['bigquery_dataset_test', 'google_bigquery_dataset'], ['bigquery_table_test', 'google_bigquery_table'], ['monitoring_metric_descriptor_test', 'google_monitoring_metric_descriptor'], ['service_networking_connection_test', 'google_service_networking_connection']]
      .flatMap(([folder, type]) => checkGoldenCase(path.join(goldens, folder), type, prices, {}).within);
    assert.equal(within.length, 4);
    const report = price('resource "google_monitoring_metric_descriptor" "m" {\n  type = "custom.googleapis.com/x"\n  metric_kind = "GAUGE"\n  value_type = "INT64"\n}\n', { 'google_monitoring_metric_descriptor.m': { monthly_monitoring_data_mb: 120000 } });
    assert.deepEqual(items(report, 'google_monitoring_metric_descriptor.m'), [
      ['Monitoring data (first 100K)', 100000, 0.258, 25800, undefined],
      ['Monitoring data (next 150K)', 20000, 0.151, 3020, undefined],
      ['API calls', undefined, 0.01, undefined, 'monthly_api_calls'],
    ]);
  });

  it('Cloud KMS keys: versions by usage or rotation, tiered for HSM asymmetric keys; other kinds listed', () => {
    assert.equal(checkGoldenCase(path.join(goldens, 'kms_crypto_key_test'), 'google_kms_crypto_key', prices, {}).within.length, 2);
    const report = price('resource "google_kms_crypto_key" "weekly" {\n  name = "k"\n  key_ring = "r"\n  rotation_period = "604800s"\n}\n'
      + 'resource "google_kms_crypto_key" "rsa" {\n  name = "k"\n  key_ring = "r"\n  version_template {\n    algorithm = "RSA_SIGN_PSS_2048_SHA256"\n    protection_level = "HSM"\n  }\n}\n');
    // A week's rotation: 30 days / 7 days of versions in a month.
    assert.deepEqual(items(report, 'google_kms_crypto_key.weekly')?.[0], ['Key versions', 4.285714, 0.06, 0.257143, undefined]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_kms_crypto_key.rsa', 'no Cloud KMS price for HSM RSA_SIGN_PSS_2048_SHA256 keys']]);
  });

  it('a multi-region bucket (and Container Registry\'s): storage, operations, retrieval and egress by tier (usage); a class or location the list lacks is listed', () => {
    assert.equal(checkGoldenCase(path.join(goldens, 'storage_bucket_test'), 'google_storage_bucket', prices, {}).within.length, 2);
    const report = price('resource "google_storage_bucket" "eu" {\n  name = "b"\n  location = "EU"\n}\nresource "google_storage_bucket" "cold" {\n  name = "c"\n  location = "EU"\n  storage_class = "COLDLINE"\n}\n', {
      'google_storage_bucket.eu': { storage_gb: 10, 'monthly_egress_data_transfer_gb.worldwide': 2000, 'monthly_egress_data_transfer_gb.china': 500 },
      'google_storage_bucket.cold': { storage_gb: 10 },
    });
    assert.deepEqual(items(report, 'google_storage_bucket.eu')?.filter((i) => i[1] !== undefined), [
      ['Storage (standard)', 10, 0.026, 0.26, undefined],
      ['Data transfer to worldwide excluding Asia, Australia (first 1TB)', 1024, 0.12, 122.88, undefined],
      ['Data transfer to worldwide excluding Asia, Australia (next 9TB)', 976, 0.11, 107.36, undefined],
      ['Data transfer to China excluding Hong Kong (first 1TB)', 500, 0.23, 115, undefined],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_storage_bucket.cold', 'no price for storage class COLDLINE in its location']]);
    // Container Registry: a STANDARD bucket in its location's multi-region (US unless said).
    const registry = checkGoldenCase(path.join(goldens, 'container_registry_test'), 'google_container_registry', prices, {});
    assert.equal(registry.within.length, 1);
    assert.deepEqual(registry.report.unpriced.filter((u) => u.address.endsWith('.my_registry')).map((u) => u.reason), ['its bucket is in the US multi-region: not in the price list']);
  });

  it('a Cloud Functions function: each invocation billed for its duration rounded up to 100 ms at its CPU and memory', () => {
    assert.equal(checkGoldenCase(path.join(goldens, 'cloudfunctions_function_test'), 'google_cloudfunctions_function', prices, {}).within.length, 1);
    const report = price('resource "google_cloudfunctions_function" "f" {\n  name = "f"\n  runtime = "nodejs20"\n  available_memory_mb = 1024\n}\nresource "google_cloudfunctions_function" "odd" {\n  name = "g"\n  runtime = "nodejs20"\n  available_memory_mb = 8192\n}\n', {
      'google_cloudfunctions_function.f': { monthly_function_invocations: 1000, request_duration_ms: 101 },
    });
    // 1,000 × 0.2 s at 1.4 GHz and 1 GB.
    assert.deepEqual(items(report, 'google_cloudfunctions_function.f')?.slice(0, 2), [['CPU', 280, 0.00001, 0.0028, undefined], ['Memory', 200, 0.0000025, 0.0005, undefined]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_cloudfunctions_function.odd', 'the CPU of a 8192 MB function is not known']]);
  });

  it('a global logging bucket is priced at the global price; a proxy outside us-central1 is listed', () => {
    const report = price('resource "google_logging_project_bucket_config" "b" {\n  project = "p"\n  location = "global"\n  bucket_id = "_Default"\n}\n'
      + 'resource "google_compute_region_target_http_proxy" "eu" {\n  region = "europe-west1"\n  url_map = "x"\n}\n', { 'google_logging_project_bucket_config.b': { monthly_logging_data_gb: 20 } });
    assert.deepEqual(items(report, 'google_logging_project_bucket_config.b'), [['Logging data', 20, 0.5, 10, undefined]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['google_compute_region_target_http_proxy.eu', 'no target proxy prices for europe-west1']]);
  });
});
