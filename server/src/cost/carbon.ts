/**
 * Energy and emissions with Cloud Carbon Footprint's method (schemas/cost/carbon.json holds its
 * coefficients, Apache-2.0): compute kWh = vCPU-hours × (min + utilisation × (max − min) watts per vCPU)
 * × PUE / 1000 at CCF's 50 % average utilisation; storage kWh = TB-hours × SSD or HDD watt-hours / 1000
 * × PUE; operational kgCO2e = kWh × the region's grid factor; embodied kgCO2e = the machine's
 * manufacturing emissions × hours / its 4-year life × its vCPUs / the largest of its family's.
 * Memory is counted as CCF counts it for predefined machine types: not at all (only custom machines'
 * RAM rows carry it). Pure.
 */
import { HOURS_PER_MONTH, round } from './model';

export interface CarbonData {
  averageCpuUtilization: number;
  serverLifespanHours: number;
  ssdWhPerTbHour: number;
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
    aws: { pue: number; minWattsAverage: number; maxWattsAverage: number; gridTonnesPerKwh: Record<string, number> };
  };
}

export interface Footprint {
  kwh: number;
  co2eKg: number;
  /** The provider's region with the lowest grid factor, and what the same use would emit there. */
  greener?: { region: string; co2eKg: number };
}

/** What Compute Engine machines (their hours) and disks (GB-months of HDD or SSD) use and emit in a region; undefined when the region has no grid factor. */
export function googleFootprint(data: CarbonData, region: string, machines: readonly { type: string; vcpus: number; hours: number }[], disks: readonly { gb: number; ssd: boolean }[]): Footprint | undefined {
  const google = data.providers.google;
  const grid = google.gridTonnesPerKwh[region];
  if (grid === undefined) return undefined;
  const pue = google.pueByRegion[region] ?? google.pue;
  let kwh = 0;
  let embodiedKg = 0;
  for (const machine of machines) {
    const family = google.families[machine.type.split('-', 1)[0]];
    const min = family?.minWatts ?? google.minWattsMedian;
    const max = family?.maxWatts ?? google.maxWattsMedian;
    const watts = min + (data.averageCpuUtilization / 100) * (max - min);
    kwh += (watts * machine.vcpus * machine.hours * pue) / 1000;
    const embodied = google.embodied[machine.type];
    if (embodied) embodiedKg += embodied.tonnes * 1000 * (machine.hours / data.serverLifespanHours) * (embodied.vcpus / embodied.largestVcpus);
  }
  for (const d of disks) kwh += ((d.gb / 1000) * HOURS_PER_MONTH * (d.ssd ? data.ssdWhPerTbHour : data.hddWhPerTbHour) * pue) / 1000;
  const co2 = (factor: number) => round(kwh * factor * 1000 + embodiedKg);
  const [greenest, factor] = Object.entries(google.gridTonnesPerKwh).reduce((best, entry) => (entry[1] < best[1] ? entry : best));
  return { kwh: round(kwh), co2eKg: co2(grid), ...(greenest !== region ? { greener: { region: greenest, co2eKg: co2(factor) } } : {}) };
}
