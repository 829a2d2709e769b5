/**
 * archipel.yaml's `cost` section: the node type of Kubernetes workloads and the host of Compose
 * projects (what the files do not say), a currency with its dated rate, a discount, your own rates.
 * Pure: the parsed section in, the settings and what is wrong with them out.
 *
 *     cost:
 *       kubernetes: { machineType: e2-standard-4, region: europe-west1 }
 *       compose: { machineType: e2-standard-2, region: europe-west1 }
 *       currency: { code: EUR, rate: 0.86, date: 2026-11-26 }   # 1 USD = 0.86 EUR on that date
 *       discount: 0.1                                             # 10 % off every list price
 *       rates: { "e2-standard-4": 0.12 }                          # your own hourly price of a machine type (USD)
 */
import { round, type PriceList } from './model';
import type { MachineSetting, SystemCost } from './system';

export interface CostSettings {
  kubernetes?: MachineSetting;
  compose?: MachineSetting;
  currency?: { code: string; rate: number; date: string };
  discount?: number;
  rates: Record<string, number>;
}

const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function machine(value: unknown, key: string, problems: string[]): MachineSetting | undefined {
  if (value === undefined) return undefined;
  const m = record(value);
  if (m && typeof m.machineType === 'string' && typeof m.region === 'string') return { machineType: m.machineType, region: m.region };
  problems.push(`cost.${key} needs machineType and region (strings)`);
  return undefined;
}

/** The `cost` section of an archipel.yaml (parsed); problems say what is ignored and why. */
export function costSettings(section: unknown): { settings: CostSettings; problems: string[] } {
  const problems: string[] = [];
  const s = record(section) ?? {};
  const settings: CostSettings = { rates: {} };
  const kubernetes = machine(s.kubernetes, 'kubernetes', problems);
  if (kubernetes) settings.kubernetes = kubernetes;
  const compose = machine(s.compose, 'compose', problems);
  if (compose) settings.compose = compose;
  if (s.currency !== undefined) {
    const c = record(s.currency);
    const date = c?.date instanceof Date ? c.date.toISOString().slice(0, 10) : c?.date;
    if (c && typeof c.code === 'string' && /^[A-Z]{3}$/.test(c.code) && typeof c.rate === 'number' && c.rate > 0 && typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) settings.currency = { code: c.code, rate: c.rate, date };
    else problems.push('cost.currency needs code (ISO 4217, e.g. EUR), rate (> 0: one USD in that currency) and date (YYYY-MM-DD)');
  }
  if (s.discount !== undefined) {
    if (typeof s.discount === 'number' && s.discount >= 0 && s.discount < 1) settings.discount = s.discount;
    else problems.push('cost.discount is a share between 0 and 1 (0.1: 10 % off)');
  }
  if (s.rates !== undefined) {
    const rates = record(s.rates);
    if (!rates) problems.push('cost.rates maps a machine type to its hourly price (USD)');
    for (const [type, price] of Object.entries(rates ?? {})) {
      if (typeof price === 'number' && price >= 0) settings.rates[type] = price;
      else problems.push(`cost.rates.${type} is not a price (a number >= 0)`);
    }
  }
  return { settings, problems };
}

/** The price list with your own machine rates in every region that prices the type (their source: `settings`). */
export function withOwnRates(prices: PriceList, settings: CostSettings): PriceList {
  if (!Object.keys(settings.rates).length) return prices;
  const regions: PriceList['regions'] = {};
  for (const [code, region] of Object.entries(prices.regions)) {
    const gce = region.gce ? Object.fromEntries(Object.entries(region.gce).map(([type, p]) => [type, settings.rates[type] !== undefined ? { ...p, hourly: settings.rates[type], source: 'settings' } : p])) : undefined;
    regions[code] = gce ? { ...region, gce } : region;
  }
  return { ...prices, sources: { ...prices.sources, settings: { url: 'archipel.yaml', page: 'cost.rates' } }, regions };
}

/** Every price and cost after the discount, in the settings' currency at its dated rate. */
export function converted(system: SystemCost, settings: CostSettings): SystemCost {
  const factor = (1 - (settings.discount ?? 0)) * (settings.currency?.rate ?? 1);
  if (factor === 1 && !settings.currency) return system;
  const money = (n: number) => round(n * factor);
  return {
    ...system,
    currency: settings.currency?.code ?? system.currency,
    totalMonthlyCost: money(system.totalMonthlyCost),
    components: system.components.map((c) => ({
      ...c,
      monthlyCost: money(c.monthlyCost),
      ...(c.maxMonthlyCost !== undefined ? { maxMonthlyCost: money(c.maxMonthlyCost) } : {}),
      items: c.items.map((i) => ({ ...i, unitPrice: money(i.unitPrice), ...(i.monthlyCost !== undefined ? { monthlyCost: money(i.monthlyCost) } : {}) })),
    })),
  };
}
