/**
 * The Cost view of the System Map (issue #81): the map's components, each with the cost and carbon of the workload
 * of its id (system.ts's ids are the map's), the priced things the map does not draw (Terraform resources, Compose
 * hosts), each in a band of its monthly cost; the total and the unpriced as priceIndex (whole.ts) gives them.
 * Pure: the map's nodes and the priced system in, the view out (register.ts answers `archipel/costView` with it).
 */
import type { Range } from 'vscode-languageserver-types';
import { componentKinds } from '../features/system/contributor';
import type { CostBand, CostViewComponent, CostViewResult, PriceSourceDate } from '../protocol/cost';
import { keyedByMap, type ComponentCost, type SystemCost } from './system';

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

/** The sources a component's items were priced from, each with its own date (SystemCost's priceDates), by name. */
function pricesOf(cost: ComponentCost, system: SystemCost): PriceSourceDate[] {
  return [...new Set(cost.items.map((i) => i.source))].sort().map((source) => ({ source, date: system.priceDates[source] ?? system.priceDate }));
}

function priced(cost: ComponentCost, system: SystemCost): Pick<CostViewComponent, 'monthlyCost' | 'monthlyCo2eKg' | 'band' | 'source' | 'prices'> & Partial<Pick<CostViewComponent, 'maxMonthlyCost' | 'includedIn'>> {
  return {
    prices: pricesOf(cost, system),
    monthlyCost: cost.monthlyCost,
    monthlyCo2eKg: cost.footprint ? cost.footprint.co2eKg : null,
    band: bandOf(cost.monthlyCost),
    source: { uri: cost.uri, range: lineRange(cost.line) },
    ...(cost.maxMonthlyCost !== undefined ? { maxMonthlyCost: cost.maxMonthlyCost } : {}),
    ...(cost.includedIn !== undefined ? { includedIn: cost.includedIn } : {}),
  };
}

/** A Terraform address's resource type (`module.gke.google_sql_database_instance.main` → `google_sql_database_instance`). */
const typeOf = (address: string): string => address.split('.').at(-2) ?? '';

/**
 * What the map draws of a priced thing whose id is not the cost's: a Terraform node (`terraform:<type>:<name>`) is the
 * resource of its type in its file (at its line when the file has several); a Compose service is on its file's host.
 */
function matchOf(node: MapNode, system: SystemCost): { cost?: ComponentCost; reason?: string; host?: string } {
  const source = node.sources[0];
  if (!source) return {};
  if (node.id.startsWith('terraform:')) {
    const type = node.id.split(':')[1];
    const costs = system.components.filter((c) => c.uri === source.uri && typeOf(c.id) === type);
    const cost = costs.length === 1 ? costs[0] : costs.find((c) => c.line === source.range.start.line + 1);
    if (cost) return { cost };
    const unpriced = system.unpriced.filter((u) => u.uri === source.uri && typeOf(u.address) === type);
    return unpriced.length === 1 ? { reason: unpriced[0].reason } : {};
  }
  if (node.id.startsWith('compose:')) {
    const host = system.components.find((c) => c.uri === source.uri && c.id.startsWith('compose:'));
    if (host) return { host: host.id };
    const unpriced = system.unpriced.find((u) => u.uri === source.uri && u.address.startsWith('compose:'));
    return unpriced ? { reason: unpriced.reason } : {};
  }
  return {};
}

export function costView(nodes: readonly MapNode[], whole: SystemCost): Omit<CostViewResult, 'ms'> {
  // Terraform components under the map's ids where the map draws them (the cluster), as `archipel cost --format json` keys them.
  const system = keyedByMap(whole, nodes);
  const costs = new Map(system.components.map((c) => [c.id, c]));
  const reasons = new Map(system.unpriced.map((u) => [u.address, u.reason]));
  const drawn = new Set<string>();
  const components: CostViewComponent[] = nodes
    .filter((node) => componentKinds.has(node.kind))
    .map((node): CostViewComponent => {
      const match = costs.has(node.id) ? { cost: costs.get(node.id) } : matchOf(node, system);
      if (match.cost) {
        drawn.add(match.cost.id);
        return { id: node.id, name: node.name, kind: node.kind, onMap: true, ...priced(match.cost, system) };
      }
      const reason = reasons.get(node.id) ?? match.reason;
      const hostCost = match.host !== undefined ? costs.get(match.host) : undefined;
      return {
        id: node.id, name: node.name, kind: node.kind, onMap: true, monthlyCost: null, monthlyCo2eKg: null, band: 'none',
        ...(node.sources[0] ? { source: { uri: node.sources[0].uri, range: node.sources[0].range } } : {}),
        ...(match.host !== undefined ? { includedIn: match.host } : {}),
        // A service in its host's bill is priced at its host's prices.
        ...(hostCost ? { prices: pricesOf(hostCost, system) } : {}),
        ...(reason !== undefined ? { reason } : {}),
      };
    });
  components.push(...system.components.filter((c) => !drawn.has(c.id) && !components.some((m) => m.id === c.id)).map((c): CostViewComponent => ({ id: c.id, name: c.name, kind: c.id.startsWith('compose:') ? 'host' : 'resource', onMap: false, ...priced(c, system) })));
  components.sort((a, b) => (b.monthlyCost ?? -1) - (a.monthlyCost ?? -1) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const prices = Object.entries(system.priceDates).map(([source, date]) => ({ source, date }));
  return { currency: system.currency, priceDate: system.priceDate, prices, totalMonthlyCost: system.totalMonthlyCost, totalMonthlyCo2eKg: system.totalMonthlyCo2eKg, bands: BANDS, components, unpriced: system.unpriced };
}
