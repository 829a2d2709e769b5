/**
 * What one render may spend, as Helm's own engine does not bound it: steps (every node walked and
 * every call), bytes of output (include's and tpl's buffers counted), the longest string a
 * function may build (checked before it is built), work (characters functions read, build or
 * copy, and values their walks visit at NODE_COST each), how deep template calls nest, and how
 * deep calls, control structures and pipelines nest in all (the executor recurses: a bound on
 * its depth is a bound on its stack). A chart's templates may share one pool of steps and work.
 * Passing a bound calls `fail` with a message naming it.
 */
import { NODE_COST, type Meter } from './tree';

export interface Limits {
  /** Nodes walked and calls made in one render. */
  maxSteps: number;
  /** Bytes written in one render, every buffer counted (include's and tpl's too). */
  maxOutput: number;
  /** Template calls (template, include, tpl) nested. */
  maxDepth: number;
  /** The longest string (or list) a function may build. */
  maxString: number;
  /** Characters functions read and build, and values they visit (NODE_COST each), in one render. */
  maxWork: number;
  /** Template calls, control structures and pipelines nested within one another, in all. */
  maxNesting: number;
}

export const defaultLimits: Limits = { maxSteps: 2_000_000, maxOutput: 4_000_000, maxDepth: 200, maxString: 4_000_000, maxWork: 64_000_000, maxNesting: 400 };

/** Steps and work shared by the renders of one chart's templates: what one file's check may spend on the whole chart. */
export class RenderPool {
  steps = 0;
  work = 0;
  constructor(
    readonly maxSteps: number,
    readonly maxWork: number,
  ) {}
}

/** One render's counters against its limits (and its chart's pool). */
export class Budget {
  private steps = 0;
  private work = 0;
  private nesting = 0;
  written = 0;
  /** What tree walks charge (tree.ts `metered`). */
  readonly meter: Meter;

  constructor(
    readonly limits: Limits,
    private readonly pool: RenderPool | undefined,
    private readonly fail: (message: string) => never,
  ) {
    this.meter = { charge: (units) => this.spend(units), maxString: limits.maxString };
  }

  step(): void {
    if (++this.steps > this.limits.maxSteps) this.fail(`more than ${this.limits.maxSteps} steps`);
    if (this.pool && ++this.pool.steps > this.pool.maxSteps) this.fail(`the chart's templates take more than ${this.pool.maxSteps} steps in all`);
  }

  spend(units: number): void {
    this.work += units;
    if (this.work > this.limits.maxWork) this.fail(`functions read, build or copy more than ${this.limits.maxWork} characters (a value visited counts ${NODE_COST})`);
    if (this.pool && (this.pool.work += units) > this.pool.maxWork) this.fail(`the chart's templates read, build or copy more than ${this.pool.maxWork} characters in all`);
  }

  /** Before a string (or list) of `length` is built. */
  reserve(length: number): void {
    if (length > this.limits.maxString) this.fail(`a string or list longer than ${this.limits.maxString}`);
    this.spend(length);
  }

  /** Before `length` bytes are written. */
  write(length: number): void {
    if (this.written + length > this.limits.maxOutput) this.fail(`more than ${this.limits.maxOutput} bytes of output`);
    this.written += length;
  }

  /** One level deeper (a list of a control structure or a template, a pipeline): the caller calls `leave` in a finally. */
  enter(): void {
    if (++this.nesting > this.limits.maxNesting) {
      this.nesting--;
      this.fail(`template calls, control structures and pipelines nested more than ${this.limits.maxNesting} deep`);
    }
  }

  leave(): void {
    this.nesting--;
  }
}
