/**
 * The monthly cost of a change (issue #80 with #81's prices): each side's Terraform resources priced
 * as `archipel cost` prices them (the CLI runs cost/pricing.ts on each side's index), compared per
 * resource address. Pure: the two sides' priced resources in, before, after, delta and the resources
 * whose cost moved out.
 */

/** A priced resource of one side: its address, its monthly cost, where it is declared. */
export interface CostComponent {
  id: string;
  monthlyCost: number;
  sources: { file: string; line: number }[];
}

/** One side's cost: what `archipel cost --format json` totals. */
export interface CostSide {
  currency: string;
  totalMonthlyCost: number;
  components: CostComponent[];
}

/** A resource whose monthly cost moved (added: before 0; removed: after 0), with the lines of the side that has it. */
export interface CostChange {
  id: string;
  before: number;
  after: number;
  delta: number;
  sources: { file: string; line: number }[];
}

/** `cost` of `archipel diff --format json`. */
export interface DiffCost {
  currency: string;
  before: number;
  after: number;
  delta: number;
  components: CostChange[];
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** The cost of the change; undefined when neither side prices anything. */
export function compareCost(base: CostSide | undefined, head: CostSide | undefined): DiffCost | undefined {
  if ((!base || base.components.length === 0) && (!head || head.components.length === 0)) return undefined;
  const before = new Map((base?.components ?? []).map((c) => [c.id, c]));
  const after = new Map((head?.components ?? []).map((c) => [c.id, c]));
  const components: CostChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(id)?.monthlyCost ?? 0;
    const a = after.get(id)?.monthlyCost ?? 0;
    if (cents(a - b) === 0) continue;
    components.push({ id, before: cents(b), after: cents(a), delta: cents(a - b), sources: (after.get(id) ?? before.get(id))!.sources });
  }
  const b = cents(base?.totalMonthlyCost ?? 0);
  const a = cents(head?.totalMonthlyCost ?? 0);
  return { currency: head?.currency ?? base?.currency ?? 'USD', before: b, after: a, delta: cents(a - b), components };
}

/** An amount as the diff writes it (`$1,234.50`, `+$12.00`, `-$3.10` with `signed`). */
export function money(n: number, signed = false): string {
  const text = `$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return n < 0 ? `-${text}` : signed ? `+${text}` : text;
}
