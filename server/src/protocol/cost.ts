/**
 * `archipel/costView`: the Cost view of the System Map (issue #81) — each component of the map and each priced
 * thing the map does not draw (a Terraform resource, a Compose host) with its monthly cost, its kgCO2e and its
 * band, the total, and what could not be priced with the reason. The System Map panel's page draws it.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';

export interface CostViewParams {
  /** The System Map panel's folder: the system priced is the one under it (else the workspace's). */
  scope?: string;
}

/** The colour classes, cheapest first: `none` is a component with no cost known (unpriced, or nothing priced on it). */
export type CostBand = 'none' | 'low' | 'medium' | 'high' | 'top';

export interface CostViewComponent {
  id: string;
  name: string;
  /** The map's kind (service, datastore…), `resource` for a Terraform resource, `host` for a Compose host. */
  kind: string;
  /** Drawn on the System Map (a Kubernetes workload, a Compose service). */
  onMap: boolean;
  /** Where it is declared (the priced line when priced), when known. */
  source?: { uri: string; range: Range };
  /** Null: no cost known. */
  monthlyCost: number | null;
  monthlyCo2eKg: number | null;
  /** At an HPA's maximum replicas. */
  maxMonthlyCost?: number;
  /** A share of another component's bill (a workload on a priced node pool): not added to the total. */
  includedIn?: string;
  band: CostBand;
  /** Why it has no cost, when it is in `unpriced` (a workload's address is its id). */
  reason?: string;
  /**
   * The price sources its cost was reckoned from, each with its own date (a source's date, else its list's; never
   * the bundle's when the source has one): a price of 2024 is said to be of 2024. Its host's for a share of a host's bill.
   */
  prices?: PriceSourceDate[];
}

/** A price source (`gce`, `rds-regions`…) and the date its prices are of. */
export interface PriceSourceDate {
  source: string;
  date: string;
}

export interface CostViewResult {
  currency: string;
  /** The price bundle's date; each price's own is in `prices` (`archipel cost`'s "Prices of:"). */
  priceDate: string;
  /** Each price source the view's costs use with its own date, by source name. */
  prices: PriceSourceDate[];
  totalMonthlyCost: number;
  totalMonthlyCo2eKg: number;
  /** The bands' lower bounds, a month in the currency (`none` has none). */
  bands: { band: Exclude<CostBand, 'none'>; from: number }[];
  /** The most expensive first; those with no cost last, by name. */
  components: CostViewComponent[];
  unpriced: { address: string; uri: string; reason: string }[];
  ms: number;
}

export const CostViewRequest = new RequestType<CostViewParams, CostViewResult, void>('archipel/costView');
