/**
 * The Cost view of the System Map (issue #81): the map's components, each with the cost and carbon of the workload
 * of its id (system.ts's ids are the map's), the priced things the map does not draw (Terraform resources, Compose
 * hosts), each in a band of its monthly cost; the total and the unpriced as priceIndex (whole.ts) gives them.
 * Pure: the map's nodes and the priced system in, the view out (register.ts answers `archipel/costView` with it).
 */
import type { Range } from 'vscode-languageserver-types';
import { componentKinds } from '../features/system/contributor';
import type { CostBand, CostViewComponent, CostViewResult } from '../protocol/cost';
import type { ComponentCost, SystemCost } from './system';

/** What the view reads of a map node (features/system's SystemNode has this shape). */
interface MapNode {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly sources: readonly { uri: string; range: Range }[];
}

/** The bands' lower bounds, a month in the currency: a decade each, legible at a glance. */
const BANDS: CostViewResult['bands'] = [
  { band: 'low', from: 0 },
  { band: 'medium', from: 10 },
  { band: 'high', from: 100 },
  { band: 'top', from: 1000 },
];

function bandOf(monthlyCost: number | null): CostBand {
  if (monthlyCost === null) return 'none';
  let band: CostBand = 'low';
  for (const b of BANDS) if (monthlyCost >= b.from) band = b.band;
  return band;
}

const lineRange = (line: number): Range => ({ start: { line: Math.max(0, line - 1), character: 0 }, end: { line: Math.max(0, line - 1), character: 0 } });

function priced(cost: ComponentCost): Pick<CostViewComponent, 'monthlyCost' | 'monthlyCo2eKg' | 'band' | 'source'> & Partial<Pick<CostViewComponent, 'maxMonthlyCost' | 'includedIn'>> {
  return {
    monthlyCost: cost.monthlyCost,
    monthlyCo2eKg: cost.footprint ? cost.footprint.co2eKg : null,
    band: bandOf(cost.monthlyCost),
    source: { uri: cost.uri, range: lineRange(cost.line) },
    ...(cost.maxMonthlyCost !== undefined ? { maxMonthlyCost: cost.maxMonthlyCost } : {}),
    ...(cost.includedIn !== undefined ? { includedIn: cost.includedIn } : {}),
  };
}

export function costView(nodes: readonly MapNode[], system: SystemCost): Omit<CostViewResult, 'ms'> {
  const costs = new Map(system.components.map((c) => [c.id, c]));
  const reasons = new Map(system.unpriced.map((u) => [u.address, u.reason]));
  const onMap = nodes.filter((node) => componentKinds.has(node.kind));
  const drawn = new Set(onMap.map((node) => node.id));
  const components: CostViewComponent[] = [
    ...onMap.map((node): CostViewComponent => {
      const cost = costs.get(node.id);
      if (cost) return { id: node.id, name: node.name, kind: node.kind, onMap: true, ...priced(cost) };
      const reason = reasons.get(node.id);
      return {
        id: node.id, name: node.name, kind: node.kind, onMap: true, monthlyCost: null, monthlyCo2eKg: null, band: 'none',
        ...(node.sources[0] ? { source: { uri: node.sources[0].uri, range: node.sources[0].range } } : {}),
        ...(reason !== undefined ? { reason } : {}),
      };
    }),
    ...system.components.filter((c) => !drawn.has(c.id)).map((c): CostViewComponent => ({ id: c.id, name: c.name, kind: c.id.startsWith('compose:') ? 'host' : 'resource', onMap: false, ...priced(c) })),
  ];
  components.sort((a, b) => (b.monthlyCost ?? -1) - (a.monthlyCost ?? -1) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { currency: system.currency, priceDate: system.priceDate, totalMonthlyCost: system.totalMonthlyCost, totalMonthlyCo2eKg: system.totalMonthlyCo2eKg, bands: BANDS, components, unpriced: system.unpriced };
}
