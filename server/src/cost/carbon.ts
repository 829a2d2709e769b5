/**
 * Energy and emissions with Cloud Carbon Footprint's method (schemas/cost/carbon.json holds its
 * coefficients, Apache-2.0): compute kWh = vCPU-hours × (min + utilisation × (max − min) watts per vCPU)
 * × PUE / 1000 at CCF's 50 % average utilisation; storage kWh = TB-hours × SSD or HDD watt-hours / 1000
 * × PUE; operational kgCO2e = kWh × the region's grid factor; embodied kgCO2e = the machine's
 * manufacturing emissions × hours / its 4-year life × its vCPUs / the largest of its family's.
 * Memory is counted as CCF counts it: on Google, for custom machines' RAM rows only (not for predefined
 * types); on AWS, a non-burstable instance's memory above its processors' baseline; a burstable AWS type's
 * vCPU-hours are scaled by its baseline. Pure.
 */
import { HOURS_PER_MONTH, round } from './model';

export interface CarbonData {
  averageCpuUtilization: number;
  serverLifespanHours: number;
  ssdWhPerTbHour: number;
  memoryKwhPerGbHour: number;
  hddWhPerTbHour: number;
  providers: {
    google: {
      pue: number;
      pueByRegion: Record<string, number>;
      minWattsMedian: number;
      maxWattsMedian: number;
      families: Record<string, { minWatts: number; maxWatts: number }>;
      embodied: Record<string, { vcpus: number; tonnes: number; largestVcpus: number }>;
      gridTonnesPerKwh: Record<string, number>;
    };
    aws: {
      pue: number;
      minWattsAverage: number;
      maxWattsAverage: number;
      /**
       * EC2 instance types: vCPUs, their processors' watts, embodied tonnes, the family's largest vCPUs; its memory and
       * its family's largest's (GB), its processors' memory per physical chip (GB, CCF's SPECpower figures, their
       * average), and a burstable type's baseline utilisation (%).
       */
      instances: Record<string, AwsInstance>;
      /** CCF's replication factor of an EBS volume. */
      ebsReplication: number;
      /** CCF's replication factor of a Multi-AZ RDS instance's usage (its compute and its storage). */
      rdsMultiAzReplication: number;
      gridTonnesPerKwh: Record<string, number>;
    };
    azure: {
      pue: number;
      /** CCF's Azure averages, for a machine whose processors are not named (a database's vCores). */
      minWattsAverage: number;
      maxWattsAverage: number;
      /** CCF's replication factors by database engine (Azure Database for MySQL: 3; PostgreSQL: none). */
      replication: Record<string, number>;
      gridTonnesPerKwh: Record<string, number>;
    };
  };
}

export interface AwsInstance {
  vcpus: number;
  minWatts: number;
  maxWatts: number;
  tonnes: number;
  largestVcpus: number;
  memoryGb: number;
  largestMemoryGb: number;
  processorMemoryGb: number;
  burstableBaseline?: number;
}

/** CCF's count of physical chips in a family's largest machine: one per 96 vCPUs. */
const VCPUS_PER_CHIP = 96;

/**
 * The memory CCF counts for an EC2 instance's hours (AWSMemoryEstimatesBuilder, core's calculateGigabyteHours): none
 * for a burstable type; else, when a chip of the family's largest machine holds more memory than its processors'
 * baseline, the excess shared by the instance's part of that machine.
 */
export function awsMemoryGbHours(instance: AwsInstance, hours: number): number {
  if (instance.burstableBaseline !== undefined) return 0;
  const chips = Math.ceil(instance.largestVcpus / VCPUS_PER_CHIP);
  const excess = instance.largestMemoryGb / chips - instance.processorMemoryGb;
  return excess > 0 ? (excess / (instance.largestMemoryGb / instance.memoryGb)) * hours : 0;
}

/** The vCPUs whose hours CCF counts for an instance: a burstable type's scaled by its baseline over CCF's average utilisation. */
export const awsVcpus = (data: CarbonData, instance: AwsInstance): number => (instance.burstableBaseline === undefined ? instance.vcpus : (instance.vcpus * instance.burstableBaseline) / data.averageCpuUtilization);

export interface Footprint {
  kwh: number;
  co2eKg: number;
  /** The provider's region with the lowest grid factor, and what the same use would emit there. */
  greener?: { region: string; co2eKg: number };
}

interface Machine {
  hours: number;
  vcpus: number;
  minWatts: number;
  maxWatts: number;
  /** Copies whose energy counts (CCF's replication factor of the usage: a Multi-AZ RDS instance's 2); its embodied emissions are counted once, as CCF counts them. */
  copies?: number;
  /** Embodied emissions: the machine's tonnes and its share of the largest of its family. */
  embodied?: { tonnes: number; vcpus: number; largestVcpus: number };
}

/** CCF's formulas on machines and disks in a region of a grid factor table. */
function footprint(data: CarbonData, grid: Record<string, number>, region: string, pue: number, machines: readonly Machine[], disks: readonly { gb: number; ssd: boolean }[], replication: number, memoryGbHours = 0): Footprint | undefined {
  const factor = grid[region];
  if (factor === undefined) return undefined;
  let kwh = memoryGbHours * data.memoryKwhPerGbHour * pue;
  let embodiedKg = 0;
  for (const m of machines) {
    const watts = m.minWatts + (data.averageCpuUtilization / 100) * (m.maxWatts - m.minWatts);
    kwh += (watts * m.vcpus * m.hours * (m.copies ?? 1) * pue) / 1000;
    if (m.embodied) embodiedKg += m.embodied.tonnes * 1000 * (m.hours / data.serverLifespanHours) * (m.embodied.vcpus / m.embodied.largestVcpus);
  }
  for (const d of disks) kwh += ((d.gb / 1000) * HOURS_PER_MONTH * (d.ssd ? data.ssdWhPerTbHour : data.hddWhPerTbHour) * pue * replication) / 1000;
  const co2 = (f: number) => round(kwh * f * 1000 + embodiedKg);
  const [greenest, lowest] = Object.entries(grid).reduce((best, entry) => (entry[1] < best[1] ? entry : best));
  return { kwh: round(kwh), co2eKg: co2(factor), ...(greenest !== region ? { greener: { region: greenest, co2eKg: co2(lowest) } } : {}) };
}

/** What Compute Engine machines (their hours), disks (GB-months of HDD or SSD) and billed memory (GB-hours: a Cloud SQL instance's, as CCF counts a custom machine's RAM) use and emit in a region; undefined when the region has no grid factor. A machine of no known family (Cloud SQL's vCPUs) takes CCF's median watts. */
export function googleFootprint(data: CarbonData, region: string, machines: readonly { type: string; vcpus: number; hours: number }[], disks: readonly { gb: number; ssd: boolean }[], memoryGbHours = 0): Footprint | undefined {
  const google = data.providers.google;
  return footprint(data, google.gridTonnesPerKwh, region, google.pueByRegion[region] ?? google.pue, machines.map((m) => {
    const family = google.families[m.type.split('-', 1)[0]];
    const embodied = google.embodied[m.type];
    return { hours: m.hours, vcpus: m.vcpus, minWatts: family?.minWatts ?? google.minWattsMedian, maxWatts: family?.maxWatts ?? google.maxWattsMedian, ...(embodied ? { embodied } : {}) };
  }), disks, 1, memoryGbHours);
}

/**
 * What EC2 instances of CCF's table (their hours) and EBS volumes (GB-months, replicated twice) use and emit in a
 * region, as CCF's cost-and-usage estimate counts them: a burstable type's vCPU-hours scaled by its baseline, a
 * non-burstable type's memory above its processors' baseline, embodied emissions; undefined when an instance type or
 * the region is unknown.
 */
export function awsFootprint(data: CarbonData, region: string, machines: readonly { type: string; hours: number }[], disks: readonly { gb: number; ssd: boolean }[]): Footprint | undefined {
  const aws = data.providers.aws;
  const known = machines.map((m) => ({ m, instance: aws.instances[m.type] }));
  if (known.some((k) => !k.instance)) return undefined;
  const memory = known.reduce((sum, { m, instance }) => sum + awsMemoryGbHours(instance, m.hours), 0);
  return footprint(data, aws.gridTonnesPerKwh, region, aws.pue, known.map(({ m, instance }) => ({ hours: m.hours, vcpus: awsVcpus(data, instance), minWatts: instance.minWatts, maxWatts: instance.maxWatts, embodied: instance })), disks, aws.ebsReplication, memory);
}

const RDS_INSTANCE = /^Database instance \(on-demand, (Single-AZ|Multi-AZ), db\.([a-z0-9-]{1,20}\.[a-z0-9]{1,12})\)$/;

/**
 * An RDS instance's footprint from its items (pricing.ts's names), as CCF's cost-and-usage rows give it: the class
 * without `db.` read in CCF's EC2 table (vCPUs, processors' watts, embodied tonnes; memory not counted, as CCF
 * counts none for a `db.` row; a burstable class's vCPU-hours scaled by its baseline, as CCF's usage-type match does), its hours, its storage's GB (SSD but magnetic), compute and storage replicated
 * twice when Multi-AZ; undefined when the class or the region is unknown.
 */
export function rdsFootprint(data: CarbonData, region: string, items: readonly { name: string; unit: string; quantity?: number }[]): Footprint | undefined {
  const aws = data.providers.aws;
  const compute = items.map((i) => ({ i, m: RDS_INSTANCE.exec(i.name) })).find((x) => x.m && x.i.quantity !== undefined);
  const instance = compute?.m ? aws.instances[compute.m[2]] : undefined;
  if (!compute?.m || !instance || compute.i.quantity === undefined) return undefined;
  const copies = compute.m[1] === 'Multi-AZ' ? aws.rdsMultiAzReplication : 1;
  const disks = items.filter((i) => i.name.startsWith('Storage (') && i.unit === 'GB' && i.quantity !== undefined).map((i) => ({ gb: i.quantity ?? 0, ssd: i.name !== 'Storage (magnetic)' }));
  return footprint(data, aws.gridTonnesPerKwh, region, aws.pue, [{ hours: compute.i.quantity, copies, vcpus: awsVcpus(data, instance), minWatts: instance.minWatts, maxWatts: instance.maxWatts, embodied: instance }], disks, copies);
}

/** What an Azure Database server's vCores (their hours, at CCF's average watts) and SSD storage (GB-months) use and emit in a region, times CCF's replication factor of its engine; undefined when the region has no grid factor. */
export function azureDatabaseFootprint(data: CarbonData, region: string, engine: string, vcoreHours: number, storageGb: number): Footprint | undefined {
  const azure = data.providers.azure;
  const copies = azure.replication[engine] ?? 1;
  return footprint(data, azure.gridTonnesPerKwh, region, azure.pue, [{ hours: vcoreHours * copies, vcpus: 1, minWatts: azure.minWattsAverage, maxWatts: azure.maxWattsAverage }], storageGb ? [{ gb: storageGb, ssd: true }] : [], copies);
}
