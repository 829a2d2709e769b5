/**
 * The work one object's check may do: steps of pattern walks, conditions and JMESPath calls counted, a nesting depth
 * bounded. Past either, the check stops with a BudgetExceeded (one finding on the policy, never a hung check).
 */
export class BudgetExceeded extends Error {}

export class Budget {
  private steps = 0;
  constructor(
    readonly maxSteps = 200_000,
    readonly maxDepth = 64,
  ) {}
  /** Counts one step (throws past the budget). */
  step(count = 1): void {
    this.steps += count;
    if (this.steps > this.maxSteps) throw new BudgetExceeded(`more than ${this.maxSteps} steps: the evaluation was cut`);
  }
  /** Checks a nesting depth. */
  depth(level: number): void {
    if (level > this.maxDepth) throw new BudgetExceeded(`nested deeper than ${this.maxDepth} levels: the evaluation was cut`);
  }
}
