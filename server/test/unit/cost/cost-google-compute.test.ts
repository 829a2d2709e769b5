// Compute Engine machines as Infracost prices them (#93): preemptible and spot, custom types, the sustained-use discount
// of an instance's hours, local SSDs and GPUs, on instances, GKE pools and Autopilot clusters; Infracost's
// compute_instance_test golden compared resource by resource, and inline Terraform for what it does not show.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import type { CarbonData } from '../../../src/cost/carbon';
import { mergePriceLists, round, type PriceList, type Usage } from '../../../src/cost/model';
import { resourceFootprint } from '../../../src/cost/system';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const prices = mergePriceLists(['gcp-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const price = (text: string, usage: Usage = {}) => priceResources(terraformResources(indexOf({ 'main.tf': `provider "google" {\n  region = "us-central1"\n}\n${text}` })), prices, usage);
const items = (report: ReturnType<typeof price>, address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.unitPrice, i.monthlyCost]);
const vm = (name: string, machine: string, body = '') => `resource "google_compute_instance" "${name}" {\n  machine_type = "${machine}"\n  zone = "us-central1-a"\n  boot_disk {}\n${body}}\n`;

describe('cost: Compute Engine machines, preemptible, custom, GPUs, local SSDs (#93)', () => {
  before(loadParser);

  it("every instance of Infracost's compute_instance_test within 1 % of its golden", () => {
    const { within } = checkGoldenCase(path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'google', 'compute_instance_test'), 'google_compute_instance', prices, {});
    assert.equal(within.length, 18);
  });

  it('an on-demand machine running part of the month pays the sustained-use discount of its hours (none under a quarter)', () => {
    const report = price(vm('n1', 'n1-standard-16') + vm('n2', 'n2-standard-8') + vm('e2', 'e2-standard-2'), {
      'google_compute_instance.n1': { monthly_hrs: 365 },
      'google_compute_instance.n2': { monthly_hrs: 100 },
      'google_compute_instance.e2': { monthly_hrs: 100 },
    });
    // n1: half a month is a 10 % discount (the list price × 0.9); n2: none (its list price); e2: no discount ever.
    assert.deepEqual(items(report, 'google_compute_instance.n1')?.[0], ['Instance usage (Linux/UNIX, on-demand, n1-standard-16)', 365, 0.683996, 249.65854]);
    assert.deepEqual(items(report, 'google_compute_instance.n2')?.[0], ['Instance usage (Linux/UNIX, on-demand, n2-standard-8)', 100, 0.388569, 38.8569]);
    assert.deepEqual(items(report, 'google_compute_instance.e2')?.[0]?.slice(1), [100, prices.regions['us-central1'].gce?.['e2-standard-2']?.hourly, round(100 * (prices.regions['us-central1'].gce?.['e2-standard-2']?.hourly ?? 0))]);
  });

  it('custom types by family with extended memory; GPUs and local SSDs on preemptible nodes; what the list lacks is listed', () => {
    const report = price(vm('ext', 'n1-custom-4-30720-ext') + vm('e2c', 'e2-custom-2-4096') + vm('h100', 'n1-standard-16', '  guest_accelerator {\n    type = "nvidia-h100-80gb"\n    count = 1\n  }\n')
      + 'resource "google_container_node_pool" "spot" {\n  location = "us-central1-a"\n  node_count = 2\n  node_config {\n    machine_type = "n1-standard-16"\n    spot = true\n    local_ssd_count = 2\n    guest_accelerator {\n      type = "nvidia-tesla-k80"\n      count = 2\n    }\n  }\n}\n');
    // 30 GB on 4 vCPUs: 26 GB of memory (6.5 a vCPU on N1), 4 GB extended.
    assert.deepEqual(items(report, 'google_compute_instance.ext')?.slice(0, 3), [
      ['Custom instance CPU (Linux/UNIX, on-demand, N1 4 vCPUs)', 2920, 0.023235, 67.8462],
      ['Custom Instance RAM (Linux/UNIX, on-demand, N1 26 GB)', 18980, 0.0031123, 59.071454],
      ['Custom Instance Extended RAM (Linux/UNIX, on-demand, N1 4 GB)', 2920, 0.006685, 19.5202],
    ]);
    assert.deepEqual(items(report, 'google_container_node_pool.spot'), [
      ['Instance usage (Linux/UNIX, preemptible, n1-standard-16)', 1460, 0.23204, 338.7784],
      ['Standard provisioned storage (pd-standard)', 200, 0.04, 8],
      ['Local SSD provisioned storage', 1500, 0.035413, 53.1195],
      ['NVIDIA Tesla K80 (preemptible)', 2920, 0.171901, 501.95092],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['google_compute_instance.e2c', 'no on-demand price for E2 custom machine types'],
      ['google_compute_instance.h100', 'no price for GPU nvidia-h100-80gb'],
    ]);
  });

  it('a managed instance group: its size (per-instance configs added) × its template\'s machine, local SSDs, GPUs and disks', () => {
    const goldens = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'google');
    for (const [folder, type, count] of [['compute_instance_group_manager_test', 'google_compute_instance_group_manager', 2], ['compute_per_instance_config_test', 'google_compute_instance_group_manager', 1], ['compute_region_instance_group_manager_test', 'google_compute_region_instance_group_manager', 2], ['compute_region_per_instance_config_test', 'google_compute_region_instance_group_manager', 1]] as const) {
      assert.equal(checkGoldenCase(path.join(goldens, folder), type, prices, {}).within.length, count, folder);
    }
    const report = price('resource "google_compute_instance_template" "t" {\n  machine_type = "n1-standard-16"\n  scheduling {\n    preemptible = true\n  }\n  disk {\n    boot = true\n  }\n}\n'
      + 'resource "google_compute_instance_group_manager" "spot" {\n  zone = "us-central1-a"\n  version {\n    instance_template = google_compute_instance_template.t.id\n  }\n}\n'
      + 'resource "google_compute_instance_group_manager" "canary" {\n  zone = "us-central1-a"\n  target_size = 4\n  version {\n    instance_template = google_compute_instance_template.t.id\n  }\n  version {\n    instance_template = google_compute_instance_template.t.id\n    target_size {\n      fixed = 1\n    }\n  }\n}\n'
      + 'resource "google_compute_region_instance_group_manager" "elsewhere" {\n  region = "us-central1"\n  version {\n    instance_template = var.template\n  }\n}\n');
    assert.deepEqual(items(report, 'google_compute_instance_group_manager.spot'), [
      ['Instance usage (Linux/UNIX, preemptible, n1-standard-16)', 730, 0.23204, 169.3892],
      ['Standard provisioned storage (pd-standard)', 100, 0.04, 4],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['google_compute_instance_group_manager.canary', 'several versions: their shares of the group are not read yet'],
      ['google_compute_region_instance_group_manager.elsewhere', 'its instance template is not in the stack'],
    ]);
  });

  it('a preemptible machine has the footprint of its type; a custom type or a GPU leaves it unknown, not partial', () => {
    const carbon = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'carbon.json'), 'utf8')) as CarbonData;
    const report = price(vm('spot', 'n1-standard-16', '  scheduling {\n    preemptible = true\n  }\n') + vm('std', 'n1-standard-16') + vm('custom', 'custom-6-20480'));
    const footprint = (address: string) => {
      const r = report.resources.find((x) => x.address === address);
      return r ? resourceFootprint({ prices, carbon }, r) : 'not priced';
    };
    assert.ok(footprint('google_compute_instance.spot'));
    assert.deepEqual(footprint('google_compute_instance.spot'), footprint('google_compute_instance.std'));
    assert.equal(footprint('google_compute_instance.custom'), undefined);
  });

  it('an Autopilot cluster: its fee, and its pods\' vCPUs, memory and ephemeral storage by the usage', () => {
    const report = price('resource "google_container_cluster" "ap" {\n  location = "us-central1"\n  enable_autopilot = true\n}\n', { 'google_container_cluster.ap': { autopilot_vcpu_count: 2, autopilot_memory_gb: 8 } });
    assert.deepEqual(items(report, 'google_container_cluster.ap'), [
      ['Autopilot', 730, 0.1, 73],
      ['Autopilot vCPU', 2, 32.485, 64.97],
      ['Autopilot memory', 8, 3.5934, 28.7472],
      ['Autopilot ephemeral storage', undefined, 0.040004, undefined],
    ]);
  });
});
