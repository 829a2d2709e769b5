// Carbon parity with Cloud Carbon Footprint (cloud-carbon-footprint/cloud-carbon-footprint, commit b7a049c7, Apache-2.0):
// each expected figure is recomputed here from CCF's own published coefficients and method, cited by file —
//   packages/aws/src/domain/AwsFootprintEstimationConstants.ts: PUE_AVG 1.135, MIN/MAX_WATTS_BY_COMPUTE_PROCESSOR
//     (Cascade Lake 0.64–3.97 W, Skylake 0.65–4.26 W), MEMORY_BY_COMPUTE_PROCESSOR (Cascade Lake 98.12 GB, Skylake
//     81.32 GB a chip), MEMORY_COEFFICIENT 0.000392 kWh/GB-h, AVG_CPU_UTILIZATION_2020 50, SERVER_EXPECTED_LIFESPAN 35040 h,
//     us-east-1's emission factor 0.000379069 t/kWh;
//   packages/aws/src/lib/AWSInstanceTypes.ts: m5 [vCPUs, GB, embodied t] large [2, 8, 1.6103792], metal [96, 384];
//     r5 large [2, 16, 2.1429488], metal [96, 768]; t3 micro [2, 1, 1.6103792], 2xlarge [8, 32];
//     BURSTABLE_INSTANCE_BASELINE_UTILIZATION t3.micro 10; r5.large on cascadeLakeSkylake, m5.large Skylake, t3 Cascade Lake;
//   packages/aws/src/lib/CostAndUsageReportsRow.ts getBurstableInstanceVCPu (vCPUs × baseline / 50);
//   packages/aws/src/lib/AWSMemoryEstimatesBuilder.ts and packages/core/src/memory/helpers.ts calculateGigabyteHours
//     (no memory for burstable types; chips = ceil(largest vCPUs / 96); the excess of the largest's memory per chip over
//     the processors' baseline, over largest GB / instance GB, × hours);
//   packages/core/src/compute/ComputeEstimator.ts (W = min + 50 % × (max − min), × vCPU-hours × PUE);
//   packages/core/src/embodiedEmissions/EmbodiedEmissionsEstimator.ts (t × hours / 35040 × vCPUs / largest vCPUs);
//   packages/gcp/src/domain/GcpFootprintEstimationConstants.ts (e2: Skylake, Broadwell, Haswell, EPYC 2nd gen, 0.7075–3.595 W;
//     us-central1 PUE 1.11, 0.000456 t/kWh) and packages/gcp/src/lib/MachineTypes.ts (e2-standard-2: 2 vCPUs; e2 family
//     largest 32 vCPUs; embodied 1.2303 t).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { awsFootprint, googleFootprint, type CarbonData } from '../../../src/cost/carbon';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { knownCo2eKg, priceSystem } from '../../../src/cost/system';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const carbon = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'carbon.json'), 'utf8')) as CarbonData;
const HOURS = 730;
const near = (got: number | undefined, want: number, what: string) => assert.ok(got !== undefined && Math.abs(got - want) <= 1e-5 * Math.max(1, want), `${what}: ${got} for CCF's ${want}`);

/** CCF's estimate of an EC2 instance's month in us-east-1, from the coefficients above. */
function ccfAws(o: { vcpus: number; minW: number; maxW: number; baseline?: number; memoryGb: number; largestVcpus: number; largestGb: number; chipGb: number; tonnes: number }) {
  const pue = 1.135;
  const vcpuHours = (o.baseline === undefined ? o.vcpus : (o.vcpus * o.baseline) / 50) * HOURS;
  const computeKwh = ((o.minW + 0.5 * (o.maxW - o.minW)) * vcpuHours * pue) / 1000;
  const chips = Math.ceil(o.largestVcpus / 96);
  const excess = o.largestGb / chips - o.chipGb;
  const memoryGbHours = o.baseline === undefined && excess > 0 ? (excess / (o.largestGb / o.memoryGb)) * HOURS : 0;
  const memoryKwh = memoryGbHours * 0.000392 * pue;
  const embodiedKg = o.tonnes * 1000 * (HOURS / 35040) * (o.vcpus / o.largestVcpus);
  const kwh = computeKwh + memoryKwh;
  return { kwh, co2eKg: kwh * 0.000379069 * 1000 + embodiedKg, memoryKwh };
}

describe("cost: carbon as Cloud Carbon Footprint computes it", () => {
  it('m5.large (us-east-1): compute, memory above Skylake\'s 81.32 GB a chip, embodied', () => {
    const want = ccfAws({ vcpus: 2, minW: 0.65, maxW: 4.26, memoryGb: 8, largestVcpus: 96, largestGb: 384, chipGb: 81.32, tonnes: 1.6103792 });
    assert.ok(want.memoryKwh > 2, 'CCF counts its memory');
    const got = awsFootprint(carbon, 'us-east-1', [{ type: 'm5.large', hours: HOURS }], []);
    near(got?.kwh, want.kwh, 'kWh');
    near(got?.co2eKg, want.co2eKg, 'kgCO2e');
  });

  it('r5.large (us-east-1): memory above the average of Cascade Lake\'s and Skylake\'s baseline', () => {
    const want = ccfAws({ vcpus: 2, minW: (0.64 + 0.65) / 2, maxW: (3.97 + 4.26) / 2, memoryGb: 16, largestVcpus: 96, largestGb: 768, chipGb: (98.12 + 81.32) / 2, tonnes: 2.1429488 });
    const got = awsFootprint(carbon, 'us-east-1', [{ type: 'r5.large', hours: HOURS }], []);
    near(got?.kwh, want.kwh, 'kWh');
    near(got?.co2eKg, want.co2eKg, 'kgCO2e');
  });

  it('t3.micro (us-east-1): burstable, its vCPU-hours × its 10 % baseline / 50 %, no memory; embodied unscaled', () => {
    const want = ccfAws({ vcpus: 2, minW: 0.64, maxW: 3.97, baseline: 10, memoryGb: 1, largestVcpus: 8, largestGb: 32, chipGb: 98.12, tonnes: 1.6103792 });
    const got = awsFootprint(carbon, 'us-east-1', [{ type: 't3.micro', hours: HOURS }], []);
    near(got?.kwh, want.kwh, 'kWh');
    near(got?.co2eKg, want.co2eKg, 'kgCO2e');
    // 2 vCPUs × 0.2 × 730 h × 2.305 W × 1.135 / 1000.
    near(got?.kwh, 0.763923, 'kWh by hand');
  });

  it('e2-standard-2 (us-central1): compute at e2\'s 0.7075–3.595 W and embodied, no memory for a predefined type', () => {
    const kwh = ((0.7075 + 0.5 * (3.595 - 0.7075)) * 2 * HOURS * 1.11) / 1000;
    const co2eKg = kwh * 0.000456 * 1000 + 1.2303 * 1000 * (HOURS / 35040) * (2 / 32);
    const got = googleFootprint(carbon, 'us-central1', [{ type: 'e2-standard-2', vcpus: 2, hours: HOURS }], []);
    near(got?.kwh, kwh, 'kWh');
    near(got?.co2eKg, co2eKg, 'kgCO2e');
  });
});

describe('cost: an unknown footprint is unknown, never 0', () => {
  before(loadParser);

  it('a NAT gateway alone (no footprint CCF estimates): the total is null, not 0; beside an instance, the count of unknowns is said', () => {
    const prices = mergePriceLists(['aws-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
    const system = (text: string) => priceSystem({ resources: terraformResources(indexOf({ 'main.tf': text })), lineOf: () => 1, objects: [], workloadId: () => '', compose: [], prices, carbon });
    const nat = system('provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_nat_gateway" "n" {}\n');
    assert.deepEqual([nat.totalMonthlyCo2eKg, nat.co2eUnknown, knownCo2eKg(nat)], [0, 1, null]);
    const both = system('provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_nat_gateway" "n" {}\nresource "aws_instance" "i" {\n  instance_type = "m5.large"\n}\n');
    assert.equal(both.co2eUnknown, 1);
    assert.ok((knownCo2eKg(both) ?? 0) > 0);
  });
});
