/**
 * The monthly cost and carbon of a change (issue #80 with #81's prices): each side's whole system priced as
 * `archipel cost` prices it (cost/whole.ts priceIndex: Terraform resources, Kubernetes workloads by requests ×
 * replicas, Helm renders, Compose hosts, with carbon; platform/archDiff.ts prices each side), compared per
 * component id. Pure: the two sides' priced components in; before, after, delta, the components whose cost moved
 * (`components`, the first contract), and those whose cost, carbon or items moved with both sides' figures
 * (`changed`), each side's totals and what it could not price out.
 */

/** A priced item of a component (the items of `archipel cost --format json`). */
export interface CostItemView {
  name: string;
  quantity: number | null;
  unit: string;
  unitPrice: number;
  monthlyCost: number | null;
}

/** A priced component of one side: its id, its monthly cost and carbon, its items, where it is declared. */
export interface CostComponent {
  id: string;
  name?: string;
  monthlyCost: number;
  /** Null: no carbon known (a region without a grid factor, a resource class without a footprint). */
  monthlyCo2eKg?: number | null;
  /** At an HPA's maximum replicas. */
  maxMonthlyCost?: number;
  /** A share of another component's bill (a workload on a priced node pool): not in the total. */
  includedIn?: string;
  items?: CostItemView[];
  sources: { file: string; line: number }[];
}

/** What a side could not price, and why. */
export interface Unpriced {
  address: string;
  reason: string;
  file: string;
}

/** One side's cost: what `archipel cost --format json` totals. */
export interface CostSide {
  currency: string;
  totalMonthlyCost: number;
  totalMonthlyCo2eKg?: number;
  components: CostComponent[];
  unpriced?: Unpriced[];
}

/** A resource whose monthly cost moved (added: before 0; removed: after 0), with the lines of the side that has it. */
export interface CostChange {
  id: string;
  before: number;
  after: number;
  delta: number;
  sources: { file: string; line: number }[];
}

/** A component's figures on one side. */
export interface ComponentFigures {
  monthlyCost: number;
  monthlyCo2eKg: number | null;
  maxMonthlyCost?: number;
  includedIn?: string;
}

/** An item on both sides that differs. */
export interface ItemChange {
  name: string;
  before: CostItemView;
  after: CostItemView;
}

/** A component whose cost, carbon or items moved: both sides' figures (null: not on that side) and its items added, removed, changed. */
export interface ComponentCostChange {
  id: string;
  name: string;
  status: 'added' | 'removed' | 'changed';
  before: ComponentFigures | null;
  after: ComponentFigures | null;
  sources: { file: string; line: number }[];
  items: { added: CostItemView[]; removed: CostItemView[]; changed: ItemChange[] };
}

/** A side's totals and what it could not price. */
export interface CostTotals {
  totalMonthlyCost: number;
  totalMonthlyCo2eKg: number;
  unpriced: Unpriced[];
}

/** `cost` of `archipel diff --format json`. */
export interface DiffCost {
  currency: string;
  before: number;
  after: number;
  delta: number;
  components: CostChange[];
  /** The monthly kgCO2e before, after and its delta (Cloud Carbon Footprint's method, as `archipel cost`). */
  co2eKg: { before: number; after: number; delta: number };
  base: CostTotals;
  head: CostTotals;
  changed: ComponentCostChange[];
}

const cents = (n: number) => Math.round(n * 100) / 100;
/** kgCO2e to the gram. */
const grams = (n: number) => Math.round(n * 1000) / 1000;

const figures = (c: CostComponent): ComponentFigures => ({
  monthlyCost: cents(c.monthlyCost),
  monthlyCo2eKg: c.monthlyCo2eKg === undefined || c.monthlyCo2eKg === null ? null : grams(c.monthlyCo2eKg),
  ...(c.maxMonthlyCost !== undefined ? { maxMonthlyCost: cents(c.maxMonthlyCost) } : {}),
  ...(c.includedIn !== undefined ? { includedIn: c.includedIn } : {}),
});

const sameItem = (a: CostItemView, b: CostItemView) => a.quantity === b.quantity && a.unit === b.unit && a.unitPrice === b.unitPrice && a.monthlyCost === b.monthlyCost;

/** Items by name (the first of a name kept: a component names each item once). */
function itemsDiff(before: readonly CostItemView[], after: readonly CostItemView[]): ComponentCostChange['items'] {
  const b = new Map<string, CostItemView>();
  for (const i of before) if (!b.has(i.name)) b.set(i.name, i);
  const a = new Map<string, CostItemView>();
  for (const i of after) if (!a.has(i.name)) a.set(i.name, i);
  return {
    added: [...a.values()].filter((i) => !b.has(i.name)),
    removed: [...b.values()].filter((i) => !a.has(i.name)),
    changed: [...a.values()].flatMap((i) => {
      const old = b.get(i.name);
      return old && !sameItem(old, i) ? [{ name: i.name, before: old, after: i }] : [];
    }),
  };
}

function componentChange(id: string, b: CostComponent | undefined, a: CostComponent | undefined): ComponentCostChange | undefined {
  const before = b ? figures(b) : null;
  const after = a ? figures(a) : null;
  const items = itemsDiff(b?.items ?? [], a?.items ?? []);
  if (before && after && JSON.stringify(before) === JSON.stringify(after) && items.added.length + items.removed.length + items.changed.length === 0) return undefined;
  return { id, name: (a ?? b)?.name ?? id, status: !b ? 'added' : !a ? 'removed' : 'changed', before, after, sources: (a ?? b)!.sources, items };
}

const totals = (side: CostSide | undefined): CostTotals => ({ totalMonthlyCost: cents(side?.totalMonthlyCost ?? 0), totalMonthlyCo2eKg: grams(side?.totalMonthlyCo2eKg ?? 0), unpriced: side?.unpriced ?? [] });

/** The cost of the change; undefined when neither side prices anything. */
export function compareCost(base: CostSide | undefined, head: CostSide | undefined): DiffCost | undefined {
  if ((!base || base.components.length === 0) && (!head || head.components.length === 0)) return undefined;
  const before = new Map((base?.components ?? []).map((c) => [c.id, c]));
  const after = new Map((head?.components ?? []).map((c) => [c.id, c]));
  const components: CostChange[] = [];
  const changed: ComponentCostChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const change = componentChange(id, before.get(id), after.get(id));
    if (change) changed.push(change);
    const b = before.get(id)?.monthlyCost ?? 0;
    const a = after.get(id)?.monthlyCost ?? 0;
    if (cents(a - b) === 0) continue;
    components.push({ id, before: cents(b), after: cents(a), delta: cents(a - b), sources: (after.get(id) ?? before.get(id))!.sources });
  }
  const baseTotals = totals(base);
  const headTotals = totals(head);
  const b = baseTotals.totalMonthlyCost;
  const a = headTotals.totalMonthlyCost;
  return {
    currency: head?.currency ?? base?.currency ?? 'USD',
    before: b,
    after: a,
    delta: cents(a - b),
    components,
    co2eKg: { before: baseTotals.totalMonthlyCo2eKg, after: headTotals.totalMonthlyCo2eKg, delta: grams(headTotals.totalMonthlyCo2eKg - baseTotals.totalMonthlyCo2eKg) },
    base: baseTotals,
    head: headTotals,
    changed,
  };
}

/** The components whose monthly kgCO2e moved (a side without the component, or without a footprint: 0), with both sides' figures and the delta. */
export function carbonMoved(cost: DiffCost | undefined): { id: string; before: number; after: number; delta: number; sources: { file: string; line: number }[] }[] {
  return (cost?.changed ?? []).flatMap((c) => {
    const before = c.before?.monthlyCo2eKg ?? 0;
    const after = c.after?.monthlyCo2eKg ?? 0;
    return before === after ? [] : [{ id: c.id, before, after, delta: grams(after - before), sources: c.sources }];
  });
}

const unpricedKey = (u: Unpriced) => `${u.address}\0${u.file}\0${u.reason}`;

/** What the head could not price that the base could (`added`), and the reverse (`removed`). */
export function unpricedChange(cost: DiffCost): { added: Unpriced[]; removed: Unpriced[] } {
  const base = new Set(cost.base.unpriced.map(unpricedKey));
  const head = new Set(cost.head.unpriced.map(unpricedKey));
  return { added: cost.head.unpriced.filter((u) => !base.has(unpricedKey(u))), removed: cost.base.unpriced.filter((u) => !head.has(unpricedKey(u))) };
}

/** An amount as the diff writes it (`$1,234.50`, `+$12.00`, `-$3.10` with `signed`; `1,234.50 EUR` in another currency, as `archipel cost`). */
export function money(n: number, signed = false, currency = 'USD'): string {
  const digits = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const text = currency === 'USD' ? `$${digits}` : `${digits} ${currency}`;
  return n < 0 ? `-${text}` : signed ? `+${text}` : text;
}

/** kgCO2e as the diff writes it (`1.234 kgCO2e`, `+0.5 kgCO2e` with `signed`). */
export function carbon(n: number, signed = false): string {
  const text = `${Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: 3 })} kgCO2e`;
  return n < 0 ? `-${text}` : signed ? `+${text}` : text;
}
